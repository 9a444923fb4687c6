"""Captured traffic at scale: streaming, aggregated findings, request labels, HAR scope, --jobs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from checker.cli import main
from checker.comply import Validator, read_captures
from checker.comply.aggregate import MAX_LOCATIONS, Aggregate
from checker.comply.captures import iter_captures, read_jsonl_part, split_lines
from checker.comply import traffic
from checker.errors import InputError
from tests.comply.conftest import CAPTURES, MINI_SPEC

CHAT = "https://openrouter.ai/api/v1/chat/completions"
AUTH = {"Authorization": "Bearer sk-or-v1-0000traffic0000", "Content-Type": "application/json"}


def record(role: str = "user", **extra: object) -> str:
    body = {"model": "openai/gpt-4o-mini", "messages": [{"role": role, "content": "hi"}], **extra}
    return json.dumps({"method": "POST", "url": CHAT, "headers": AUTH, "body": body})


def write_capture(path: Path, roles: list[str]) -> Path:
    path.write_text("".join(record(role) + "\n" for role in roles))
    return path


def run_json(capsys, *argv: str) -> tuple[int, dict]:
    code = main([*argv, "--spec", str(MINI_SPEC), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_the_same_finding_on_different_lines_has_one_fingerprint(tmp_path, mini_spec):
    requests = read_captures(write_capture(tmp_path / "c.jsonl", ["wizard", "user", "wizard"]))
    validator = Validator(mini_spec)
    first, third = (validator.validate(requests[i]) for i in (0, 2))
    [a] = [f for f in first if f.code == "request-body-invalid"]
    [b] = [f for f in third if f.code == "request-body-invalid"]
    assert (a.location.line, b.location.line) == (1, 3)
    assert (a.location.request, b.location.request) == ("c.jsonl:1", "c.jsonl:3")
    assert a.fingerprint == b.fingerprint


def test_a_finding_on_many_requests_is_one_with_a_count_and_the_first_locations(tmp_path, capsys):
    roles = ["user", "wizard"] * 20  # the wizard on every even line
    code, report = run_json(capsys, "validate", "--captures", str(write_capture(tmp_path / "c.jsonl", roles)))
    assert code == 1
    [finding] = [f for f in report["findings"] if f["code"] == "request-body-invalid"]
    assert finding["count"] == 20
    assert [loc["line"] for loc in finding["locations"]] == [2, 4, 6, 8, 10][:MAX_LOCATIONS]
    assert finding["location"]["request"] == "c.jsonl:2"
    assert report["summary"]["error"] == len([f for f in report["findings"] if f["severity"] == "error"])
    assert report["notes"][0] == "validated 40 request(s)"


def test_different_rules_at_one_pointer_stay_two_findings(mini_spec):
    validator = Validator(mini_spec)
    def check(temperature: object) -> list:
        return validator.check("POST", CHAT, AUTH, {"model": "openai/gpt-4o-mini", "temperature": temperature,
                                                    "messages": [{"role": "user", "content": "hi"}]})

    one, two = check("warm"), check(7)
    [rule_a] = {f.before["rule"] for f in one if f.location.pointer == "/temperature"}
    [rule_b] = {f.before["rule"] for f in two if f.location.pointer == "/temperature"}
    assert rule_a != rule_b  # type vs maximum: the premise of the test
    found = Aggregate()
    found.add(one + two + one)
    at = [f for f in found.findings() if f.location.pointer == "/temperature"]
    assert sorted((f.before["rule"], f.count) for f in at) == sorted([(rule_a, 2), (rule_b, 1)])


def test_console_names_the_request_of_each_finding(tmp_path, capsys):
    capture = write_capture(tmp_path / "c.jsonl", ["user", "wizard", "wizard", "wizard"])
    code = main(["validate", "--captures", str(capture), "--spec", str(MINI_SPEC), "--format", "console"])
    out = capsys.readouterr().out
    assert code == 1
    [line] = [ln for ln in out.splitlines() if "/messages/0/role" in ln and "c.jsonl" in ln]
    assert "c.jsonl:2 (and 2 more)" in line


def test_a_browser_har_validates_only_api_requests(capsys):
    code, report = run_json(capsys, "validate", "--captures", str(CAPTURES / "browser-session.har"))
    assert code == 1
    requests = {f["location"]["request"] for f in report["findings"]}
    assert requests == {"browser-session.har#7"}  # the one bad API request; page, font, analytics, preflights: none
    assert {f["code"] for f in report["findings"]} == {"request-body-invalid"}
    assert report["notes"][:2] == ["validated 2 request(s)",
                                   "4 request(s) to other hosts skipped: api.segment.io (1), fonts.gstatic.com (1), "
                                   "myapp.example (1), www.google-analytics.com (1); "
                                   "2 CORS preflight(s) (OPTIONS) ignored"]


def test_base_url_adds_the_host_of_a_mirror(tmp_path, capsys):
    har = json.loads((CAPTURES / "browser-session.har").read_text())
    for entry in har["log"]["entries"]:
        entry["request"]["url"] = entry["request"]["url"].replace("https://openrouter.ai", "http://127.0.0.1:9")
    (tmp_path / "mirror.har").write_text(json.dumps(har))
    code, report = run_json(capsys, "validate", "--captures", str(tmp_path / "mirror.har"),
                            "--base-url", "http://127.0.0.1:9")
    assert code == 1
    assert report["notes"][0] == "validated 2 request(s)"
    assert {f["location"]["request"] for f in report["findings"]} == {"mirror.har#7"}


def test_captures_are_read_lazily(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(record() + "\n" + record() + "\n{broken\n" + record() + "\n")
    stream = iter_captures(path)
    assert [next(stream).line, next(stream).line] == [1, 2]  # read before the bad line is reached
    with pytest.raises(InputError, match=r"c.jsonl:3: not a JSON object"):
        next(stream)


@settings(max_examples=60, derandomize=True, deadline=None)
@given(lines=st.lists(st.sampled_from(["a", "bb", "", "x" * 300, "{}", "é"]), max_size=40),
       parts=st.integers(1, 9), trailing=st.booleans())
def test_split_parts_cover_every_line_once_with_its_number(tmp_path_factory, lines, parts, trailing):
    path = tmp_path_factory.mktemp("split") / "c.jsonl"
    path.write_bytes(("\n".join(lines) + ("\n" if trailing and lines else "")).encode())
    cut = split_lines(path, parts)
    assert 1 <= len(cut) <= parts
    seen = []
    with path.open("rb") as fh:
        for part in cut:
            fh.seek(part.start)
            data = fh.read() if part.end is None else fh.read(part.end - part.start)
            seen += [(part.first + i, text) for i, text in enumerate(data.decode().splitlines())]
    expected = list(enumerate(path.read_text().splitlines(), start=1))
    assert seen == expected


def test_jobs_give_the_same_report_as_one_process(tmp_path, capsys, monkeypatch):
    roles = ["user", "wizard", "user", "bot", "user"] * 200
    capture = write_capture(tmp_path / "c.jsonl", roles)
    monkeypatch.setattr(traffic, "MIN_PART", 1024)  # small parts, so this small file is split
    assert len(split_lines(capture, 3)) == 3
    reports = [run_json(capsys, "validate", "--captures", str(capture), "--jobs", jobs)[1] for jobs in ("1", "3")]
    for report in reports:
        report.pop("duration_ms", None), report.pop("started_at", None), report.pop("finished_at", None)
    assert reports[0] == reports[1]
    [role] = [f for f in reports[1]["findings"] if f["code"] == "request-body-invalid"]  # wizard and bot
    assert role["count"] == 400 and [loc["line"] for loc in role["locations"]] == [2, 4, 7, 9, 12]


def test_a_bad_line_in_a_part_is_the_same_one_line_error(tmp_path, capsys, monkeypatch):
    lines = [record()] * 300 + ["{broken"] + [record()] * 300
    (tmp_path / "c.jsonl").write_text("\n".join(lines) + "\n")
    monkeypatch.setattr(traffic, "MIN_PART", 1024)
    code = main(["validate", "--captures", str(tmp_path / "c.jsonl"), "--spec", str(MINI_SPEC), "--jobs", "4"])
    err = capsys.readouterr().err
    assert code == 2
    assert "c.jsonl:301: not a JSON object" in err and "Traceback" not in err
    assert "each line of a capture file is one JSON request record" in err  # the worker's hint survives


@pytest.mark.parametrize("jobs", ["0", "x", "65"])
def test_jobs_must_be_a_small_positive_number(jobs, capsys):
    assert main(["validate", "--captures", "c.jsonl", "--jobs", jobs]) == 2
    assert "--jobs" in capsys.readouterr().err


def test_a_part_reads_only_its_lines(tmp_path):
    capture = write_capture(tmp_path / "c.jsonl", ["user"] * 50)
    parts = split_lines(capture, 4)
    lines = [[r.line for r in read_jsonl_part(capture, p)] for p in parts]
    assert sum(lines, []) == list(range(1, 51))
    assert all(chunk for chunk in lines)


def test_a_deep_body_on_a_capture_line_is_still_reported(tmp_path, mini_spec):
    deep: object = "leaf"
    for _ in range(200):
        deep = [deep]
    path = tmp_path / "c.jsonl"
    path.write_text(record() + "\n" + json.dumps({"method": "POST", "url": CHAT, "headers": AUTH,
                                                    "body": {"model": "a/b", "messages": deep}}) + "\n")
    findings = Validator(mini_spec).validate_all(read_captures(path))
    assert [(f.code, f.location.line) for f in findings if f.code == "request-body-too-deep"] == [
        ("request-body-too-deep", 2)]
