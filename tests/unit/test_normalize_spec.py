"""Spec parsing (JSON / YAML / gzip), canonical JSON, hashing and reading files or URLs."""
from __future__ import annotations

import gzip
import http.server
import json
import os
import threading
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.api.document import canonical_json, parse_spec, read_spec, spec_sha256

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("CHECKER_SHARED") or REPO / ".." / "shared")

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Demo — API", "version": "1.0"},
    "servers": [{"url": "https://openrouter.ai/api/v1"}],
    "paths": {"/chat/completions": {"post": {"responses": {"200": {"description": "OK"}}}}},
}
YAML = """\
openapi: 3.1.0
info:
  title: Demo — API
  version: '1.0'
servers:
  - url: https://openrouter.ai/api/v1
paths:
  /chat/completions:
    post:
      responses:
        200:
          description: OK
"""


@pytest.mark.parametrize(
    "data, name",
    [
        (json.dumps(SPEC).encode(), "spec.json"),
        (json.dumps(SPEC, indent=4).encode(), ""),
        (("\ufeff" + json.dumps(SPEC)).encode(), "spec.json"),
        (YAML.encode(), "spec.yaml"),
        (YAML.encode(), ""),
        (gzip.compress(json.dumps(SPEC).encode()), "spec.json.gz"),
        (gzip.compress(YAML.encode()), "whatever"),
    ],
)
def test_parse_formats(data, name):
    assert parse_spec(data, name) == SPEC


def test_yaml_timestamps_stay_strings_and_keys_become_strings():
    doc = parse_spec(b"openapi: 3.1.0\ninfo: {version: 2026-08-22}\npaths: {}\nx-map: {1: a, true: b}\n", "s.yaml")
    assert doc["info"]["version"] == "2026-08-22"
    assert doc["x-map"] == {"1": "a", "true": "b"}
    assert json.loads(canonical_json(doc)) == doc


@pytest.mark.parametrize(
    "data, fragment",
    [
        (b"", "empty"),
        (b"\x1f\x8b\x08\x00garbage", "gzip"),
        (bytes(range(256)), "UTF-8"),
        (b"{not json", "invalid JSON"),
        (b"key: [unclosed\n  - x: {", "YAML"),
        (b'{"openapi": "3.1.0", "info": {}}', "paths"),
        (b'{"swagger": "2.0", "paths": []}', "paths"),
        (b'{"hello": "world", "paths": {}}', "not an OpenAPI document"),
        (b"[1, 2, 3]", "not an OpenAPI document"),
        (b"just some text", "not an OpenAPI document"),
        (b'{"openapi": "3.1.0", "paths": {}, "x": NaN}', "invalid JSON"),
    ],
)
def test_garbage_raises_one_line_input_error(data, fragment):
    with pytest.raises(InputError) as caught:
        parse_spec(data, "in.json")
    message = str(caught.value)
    assert fragment in message and "\n" not in message


def test_canonical_json_is_sorted_pretty_and_hash_ignores_order_and_whitespace():
    text = canonical_json(SPEC)
    assert text.endswith("}\n") and "Demo — API" in text
    assert text.index('"info"') < text.index('"openapi"') < text.index('"paths"')
    shuffled = json.loads(json.dumps(dict(reversed(list(SPEC.items())))))
    assert canonical_json(shuffled) == text
    assert spec_sha256(shuffled) == spec_sha256(SPEC) == spec_sha256(parse_spec(YAML.encode()))
    changed = json.loads(json.dumps(SPEC))
    changed["info"]["version"] = "1.1"
    assert spec_sha256(changed) != spec_sha256(SPEC)


def test_read_spec_from_files(tmp_path):
    (tmp_path / "a.json.gz").write_bytes(gzip.compress(json.dumps(SPEC).encode()))
    (tmp_path / "a.yaml").write_text(YAML)
    assert read_spec(str(tmp_path / "a.json.gz")) == SPEC
    assert read_spec(f"file://{tmp_path / 'a.yaml'}") == SPEC
    with pytest.raises(InputError, match="not found"):
        read_spec(str(tmp_path / "missing.json"))
    with pytest.raises(InputError, match="cannot read"):
        read_spec(str(tmp_path))


@pytest.fixture()
def server():
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            if self.path == "/openapi.json":
                body, status = json.dumps(SPEC).encode(), 200
            else:
                body, status = b"nope", 404
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_read_spec_from_url_with_base_url(server):
    assert read_spec(f"{server}/openapi.json") == SPEC
    assert read_spec("https://openrouter.ai/openapi.json", base_url=server) == SPEC
    with pytest.raises(InputError, match="HTTP 404"):
        read_spec("https://openrouter.ai/api/v1/openapi.json", base_url=server)


def test_read_spec_unreachable_url():
    with pytest.raises(InputError, match="cannot fetch spec"):
        read_spec("http://127.0.0.1:9/openapi.json", timeout=2)


def test_corpus_spec_hash_matches_its_compact_form():
    specs = sorted((SHARED / "corpus/openrouter/specs").glob("*.json.gz"))
    if not specs:
        pytest.skip(f"corpus absent: {SHARED / 'corpus/openrouter/specs'} (set CHECKER_SHARED)")
    raw = gzip.decompress(specs[-1].read_bytes())
    spec = parse_spec(specs[-1].read_bytes(), specs[-1].name)
    assert spec["openapi"].startswith("3.1")
    # the corpus stores json.dumps(sort_keys=True, separators=(',', ':')): our compact form
    import hashlib

    assert spec_sha256(spec) == hashlib.sha256(raw).hexdigest()
