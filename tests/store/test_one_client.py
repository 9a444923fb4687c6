"""Every URL checker reads goes through one client: off-host redirects refused at each entry
point, the port kept in the message, decompression bounded (peak RSS and time measured)."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from checker.cli import main
from tests.comply.conftest import CATALOG, MINI_SPEC, PAYLOADS
from tests.loopback import LoopbackServer

PAYLOAD = str(PAYLOADS / "chat-basic.json")


@pytest.fixture
def elsewhere():
    """A second host (another port) that would serve anything asked of it."""
    with LoopbackServer() as other:
        other.route("/openapi.json", body=MINI_SPEC.read_text(), content_type="application/json")
        other.route("/models", body=CATALOG.read_text(), content_type="application/json")
        yield other


def _refused(capsys, elsewhere, argv):
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2, err
    assert "redirects to another host" in err and elsewhere.url.split("//")[1] in err
    assert elsewhere.requests == []


def test_diff_url_refuses_an_offhost_redirect(capsys, loopback, elsewhere):
    loopback.redirect("/openapi.json", elsewhere.url_for("/openapi.json"))
    _refused(capsys, elsewhere, ["diff", loopback.url_for("/openapi.json"), str(MINI_SPEC)])


def test_validate_spec_url_refuses_an_offhost_redirect(capsys, loopback, elsewhere):
    loopback.redirect("/openapi.json", elsewhere.url_for("/openapi.json"))
    _refused(capsys, elsewhere, ["validate", PAYLOAD, "--spec", loopback.url_for("/openapi.json")])


def test_validate_catalog_url_refuses_an_offhost_redirect(capsys, loopback, elsewhere):
    loopback.redirect("/models", elsewhere.url_for("/models"))
    _refused(capsys, elsewhere, ["validate", PAYLOAD, "--spec", str(MINI_SPEC),
                                 "--catalog", loopback.url_for("/models")])


def test_the_live_spec_fallback_of_validate_refuses_an_offhost_redirect(capsys, loopback, elsewhere, tmp_path):
    loopback.redirect("/openapi.json", elsewhere.url_for("/openapi.json"))
    _refused(capsys, elsewhere, ["validate", PAYLOAD, "--snapshots", str(tmp_path), "--base-url", loopback.url])


def test_a_same_host_redirect_is_followed_and_a_token_is_not_echoed(capsys, loopback):
    loopback.route("/v2/openapi.json", body=MINI_SPEC.read_text(), content_type="application/json")
    loopback.redirect("/openapi.json", "/v2/openapi.json")
    assert main(["diff", loopback.url_for("/openapi.json"), str(MINI_SPEC)]) == 0
    loopback.fault("/gone.json", "503")
    assert main(["diff", loopback.url_for("/gone.json?token=sk-or-v1-secret"), str(MINI_SPEC)]) == 2
    err = capsys.readouterr().err
    assert "HTTP 503" in err and "sk-or-v1-secret" not in err


def gzip_bomb(inflated_mb: int) -> bytes:
    """A gzip stream of `inflated_mb` MiB of zeros, built from one flushed block repeated."""
    z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    head = z.compress(b"\0" * (1 << 20)) + z.flush(zlib.Z_FULL_FLUSH)
    block = z.compress(b"\0" * (1 << 20)) + z.flush(zlib.Z_FULL_FLUSH)
    return head + block * (inflated_mb - 1) + z.flush()


# VmHWM (peak RSS of this process image); ru_maxrss would include the forking pytest process.
MEASURE = """
import json, re, sys, time
from checker.cli import main
t0 = time.perf_counter()
code = main(sys.argv[1:])
peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1))
print(json.dumps({"code": code, "seconds": time.perf_counter() - t0, "rss_mb": peak / 1024}))
"""


def _measured(argv: list[str], cwd: Path) -> tuple[dict, str]:
    proc = subprocess.run([sys.executable, "-c", MEASURE, *argv], capture_output=True, text=True,
                          timeout=60, cwd=cwd)
    return json.loads(proc.stdout.strip().splitlines()[-1]), proc.stderr


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="peak RSS is read from /proc (Linux)")
@pytest.mark.parametrize("served", ["content-encoding", "raw .json.gz"])
def test_a_gzip_bomb_is_refused_in_bounded_memory_and_time(loopback, tmp_path, served):
    bomb = gzip_bomb(3000)  # ~3 MB on the wire, ~3 GB inflated
    assert len(bomb) < 8 * 1024 * 1024
    headers = {"Content-Encoding": "gzip"} if served == "content-encoding" else {}
    loopback.route("/openapi.json", body=bomb, content_type="application/json", headers=headers)
    result, err = _measured(["diff", loopback.url_for("/openapi.json"), str(MINI_SPEC)], tmp_path)
    assert result["code"] == 2 and "limit" in err and "internal error" not in err
    assert result["rss_mb"] < 200 and result["seconds"] < 5, result


def test_a_gzip_bomb_as_the_targets_spec_is_a_fetch_finding(loopback, tmp_path):
    from tests.store.site import run_json, serve_v1, workdir

    serve_v1(loopback)
    work = workdir(tmp_path)
    assert main(["snapshot", "--target", "site", "--rules", str(work / "rules"),
                 "--snapshots", str(work / "snapshots"), "--base-url", loopback.url]) == 0
    loopback.route("/openapi.json", body=gzip_bomb(100), content_type="application/json",
                   headers={"Content-Encoding": "gzip"})
    code, report = run_json(work, loopback.url, "check")
    [finding] = [f for f in report["findings"] if f["location"]["source"] == "openapi"]
    assert (finding["kind"], finding["code"]) == ("fetch", "fetch-too-large")
    assert "inflates past" in finding["message"]
    assert gzip.decompress(gzip_bomb(2)) == b"\0" * (2 << 20)  # the bomb is a real gzip stream
