"""`checker validate` and `checker record` end to end (in-process CLI, loopback stub, real subprocess clients)."""
from __future__ import annotations

import json
import sys

import pytest

from checker.cli import main
from tests.comply.conftest import CAPTURES, HERE, MINI_SPEC, PAYLOADS

CLIENTS = HERE / "clients"


def run_json(capsys, *argv: str) -> tuple[int, dict]:
    argv = list(argv)
    at = argv.index("--") if "--" in argv else len(argv)  # options go before the client command
    code = main([*argv[:at], "--format", "json", *argv[at:]])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_validate_valid_payloads_exits_0(capsys):
    code, report = run_json(capsys, "validate", str(PAYLOADS / "chat-basic.json"),
                            str(PAYLOADS / "chat-tool-followup.json"), "--spec", str(MINI_SPEC))
    assert code == 0
    assert report["mode"] == "validate" and report["findings"] == []
    assert report["sources"][0]["id"] == "openapi" and len(report["sources"][0]["sha256"]) == 64


def test_validate_invalid_payload_exits_1_with_pointer_and_page(capsys):
    code, report = run_json(capsys, "validate", str(PAYLOADS / "bad-role.json"), "--spec", str(MINI_SPEC))
    assert code == 1
    [finding] = report["findings"]
    assert finding["kind"] == "client" and finding["code"] == "request-body-invalid"
    assert finding["location"]["pointer"] == "/messages/0/role"
    assert finding["location"]["source"] == "bad-role.json"
    assert finding["location"]["file"].endswith("tests/fixtures/payloads/bad-role.json")
    assert finding["official_url"] == "https://openrouter.ai/docs/api/api-reference/chat/create-a-chat-completion"


def test_warnings_fail_only_with_strict(capsys):
    args = ["validate", "--captures", str(CAPTURES / "legacy-x-title.jsonl"), "--spec", str(MINI_SPEC)]
    assert run_json(capsys, *args)[0] == 0
    assert run_json(capsys, *args, "--strict")[0] == 1


def test_captures_never_leak_the_key(capsys):
    code, report = run_json(capsys, "validate", "--captures", str(CAPTURES / "invalid-requests.jsonl"),
                            "--spec", str(MINI_SPEC))
    assert code == 1 and "0000fixture0000" not in json.dumps(report)
    assert {f["location"]["line"] for f in report["findings"]} == {1, 2, 3, 4, 5, 6}


@pytest.mark.parametrize("argv, message", [
    (["validate", "--spec", str(MINI_SPEC)], "nothing to validate"),
    (["validate", "missing.json", "--spec", str(MINI_SPEC)], "file not found"),
    (["validate", str(PAYLOADS / "bad-role.json"), "--spec", "nope.json"], "spec file not found"),
    (["validate", str(PAYLOADS / "bad-role.json"), "--spec", str(MINI_SPEC), "--catalog", "nope.json"], "catalog"),
    (["record", "--spec", str(MINI_SPEC)], "no command"),
    (["record", "--spec", str(MINI_SPEC), "--", "definitely-not-a-command-xyz"], "command not found"),
])
def test_unusable_inputs_exit_2_with_one_line(capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_record_a_valid_client_exits_0_and_writes_redacted_captures(capsys, tmp_path):
    out = tmp_path / "traffic.jsonl"
    code, report = run_json(capsys, "record", "--spec", str(MINI_SPEC), "--captures-out", str(out),
                            "--", sys.executable, str(CLIENTS / "raw_http.py"), "good")
    assert code == 0 and report["mode"] == "record" and report["findings"] == []
    [line] = out.read_text().splitlines()
    record = json.loads(line)
    assert record["url"] == "https://openrouter.ai/api/v1/chat/completions"
    assert "test0000secret" not in line


def test_record_reports_what_a_bad_client_sent(capsys):
    code, report = run_json(capsys, "record", "--spec", str(MINI_SPEC), "--",
                            sys.executable, str(CLIENTS / "raw_http.py"), "bad")
    assert code == 1
    found = {(f["code"], f["location"]["pointer"], f["location"]["source"], f["location"]["request"])
             for f in report["findings"]}
    assert ("request-body-invalid", "/messages/0/role", "record", "#1 POST /api/v1/chat/completions") in found
    assert ("model-id-without-prefix", "/model", "record", "#1 POST /api/v1/chat/completions") in found


def test_record_exit_code_is_the_worse_of_command_and_findings(capsys):
    code, _ = run_json(capsys, "record", "--spec", str(MINI_SPEC), "--",
                       sys.executable, str(CLIENTS / "raw_http.py"), "good", "3")
    assert code == 3
    code, _ = run_json(capsys, "record", "--spec", str(MINI_SPEC), "--strict", "--",
                       sys.executable, str(CLIENTS / "raw_http.py"), "legacy")
    assert code == 1


def test_default_spec_is_the_stored_snapshot(capsys, tmp_path):
    from checker.api.document import canonical_json, spec_sha256
    from checker.store.snapshots import Entry, SnapshotStore, Update, now_iso

    spec = json.loads(MINI_SPEC.read_text())
    entry = Entry(url="https://openrouter.ai/openapi.json", final_url="https://openrouter.ai/openapi.json",
                  sha256=spec_sha256(spec), fetched_at=now_iso(), file="openapi.json")
    SnapshotStore(tmp_path, "openrouter").commit(Update(files={"openapi": (entry, canonical_json(spec))}))
    code, report = run_json(capsys, "validate", str(PAYLOADS / "bad-role.json"), "--snapshots", str(tmp_path))
    assert code == 1 and report["sources"][0]["sha256"] == spec_sha256(spec)
    assert report["sources"][0]["url"].endswith("openapi.json")


def test_without_snapshot_the_live_spec_is_fetched_through_base_url(capsys, tmp_path, loopback):
    loopback.route("/openapi.json", body=MINI_SPEC.read_text(), content_type="application/json")
    code, report = run_json(capsys, "validate", str(PAYLOADS / "chat-basic.json"), "--snapshots", str(tmp_path),
                            "--base-url", loopback.url)
    assert code == 0 and loopback.hits("/openapi.json") == 1
    assert report["sources"][0]["url"] == "https://openrouter.ai/openapi.json"  # reported URL stays official


def test_record_on_a_busy_port_exits_2(capsys):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["record", "--spec", str(MINI_SPEC), "--port", str(port), "--", sys.executable, "-c", "0"]) == 2
    assert "cannot listen on 127.0.0.1" in capsys.readouterr().err
