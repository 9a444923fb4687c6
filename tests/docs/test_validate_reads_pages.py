"""`checker validate` reads what the stored docs pages say: a client still sending a value a page
calls deprecated gets a warning quoting the sentence; without stored pages only the spec counts."""
from __future__ import annotations

import json

from checker.api.document import canonical_json, spec_sha256
from checker.cli import main
from checker.models import Page, Section
from checker.sources.target import bundled_rules_dir, load_target
from checker.store.pagetext import page_to_text
from checker.store.snapshots import Entry, SnapshotStore, Update, now_iso
from tests.docs.conftest import mini_spec

SENTENCE = "The `pdf-text` engine is deprecated and automatically redirected to `cloudflare-ai`."
BODY = {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "hi"}],
        "plugins": [{"id": "file-parser", "pdf": {"engine": "pdf-text"}}]}


def _store(root, with_pages: bool) -> None:
    spec = mini_spec()
    files = {"openapi": (Entry(url="u", final_url="u", sha256=spec_sha256(spec), fetched_at=now_iso(),
                               file="openapi.json"), canonical_json(spec))}
    if with_pages:
        source = load_target("openrouter", bundled_rules_dir()).pages[0]  # any page of the target
        page = Page(title="PDFs", sections=(Section("PDF engines", "pdf-engines", 2, SENTENCE),))
        files[source.id] = (Entry(url=source.url, final_url=source.url, sha256="p" * 64, fetched_at=now_iso(),
                                  file=f"pages/{source.id}.md"), page_to_text(page, source.url))
    SnapshotStore(root, "openrouter").commit(Update(files=files))


def _validate(tmp_path, capsys) -> list[dict]:
    payload = tmp_path / "body.json"
    payload.write_text(json.dumps(BODY))
    main(["validate", str(payload), "--snapshots", str(tmp_path / "snaps"), "--no-catalog", "-f", "json"])
    return [f for f in json.loads(capsys.readouterr().out)["findings"] if f["code"] == "docs-deprecated-sent"]


def test_a_deprecation_on_a_stored_page_warns_the_client_that_sends_it(tmp_path, capsys):
    _store(tmp_path / "snaps", with_pages=True)
    [found] = _validate(tmp_path, capsys)
    assert found["severity"] == "warning" and "cloudflare-ai" in found["message"]
    assert found["official_url"].endswith("#pdf-engines")


def test_without_stored_pages_only_the_spec_is_checked(tmp_path, capsys):
    _store(tmp_path / "snaps", with_pages=False)
    assert _validate(tmp_path, capsys) == []
