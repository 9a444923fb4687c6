"""The commands apply relevance: `diff --profile` / `--code` classify by what the integration uses,
plain `diff` by breakage alone."""
from __future__ import annotations

import json
from pathlib import Path

from checker.cli import main
from tests.comply.conftest import MINI_SPEC

RULES = Path(__file__).parent / "fixtures" / "rules"


def _specs(tmp_path: Path) -> tuple[Path, Path]:
    spec = json.loads(MINI_SPEC.read_text())
    props = spec["components"]["schemas"]["ChatRequest"]["properties"]
    del props["transforms"], props["tool_choice"]  # the demo rules use tool_choice, not transforms
    new = tmp_path / "new.json"
    new.write_text(json.dumps(spec))
    return MINI_SPEC, new


def _diff(tmp_path: Path, *extra: str) -> tuple[int, dict[str, dict]]:
    old, new = _specs(tmp_path)
    out = tmp_path / "r.json"
    code = main(["diff", str(old), str(new), "--rules", str(RULES), "--target", "demo",
                 "--snapshots", str(tmp_path / "snaps"), "-f", "json", "-o", str(out), *extra])
    findings = json.loads(out.read_text())["findings"]
    return code, {f["message"].split("'")[1]: f for f in findings if f["code"] == "request-property-removed"}


def test_plain_diff_classifies_by_breakage_alone(tmp_path):
    code, removed = _diff(tmp_path)
    assert code == 1
    assert {name: f["severity"] for name, f in removed.items()} == {"transforms": "error", "tool_choice": "error"}
    assert all("relevance" not in f for f in removed.values())


def test_diff_profile_keeps_the_used_break_an_error_and_says_why(tmp_path):
    code, removed = _diff(tmp_path, "--profile")
    assert code == 1
    used, other = removed["tool_choice"], removed["transforms"]
    assert (used["relevance"], used["severity"]) == ("used", "error")
    assert any("rule tool-choice" in why for why in used["relevant_because"])
    # the integration calls the operation, but does not send the field: the break is a warning
    assert (other["relevance"], other["severity"]) == ("called", "warning")


def test_diff_code_implies_the_profile_and_attaches_the_source_line(tmp_path):
    repo = tmp_path / "repo"
    (repo / "src").mkdir(parents=True)
    (repo / "src" / "client.py").write_text('body = {}\nbody["tool_choice"] = "auto"\n')
    code, removed = _diff(tmp_path, "--code", str(repo))
    assert code == 1 and removed["tool_choice"]["relevance"] == "used"
    assert any("src/client.py:2" in why for why in removed["tool_choice"]["relevant_because"])


def test_record_learn_stores_what_the_client_sent(tmp_path, capsys):
    import sys

    from checker.profile import Fact, load_profile, profile_path
    from tests.comply.test_cli import CLIENTS

    snaps = tmp_path / "snaps"
    code = main(["record", "--spec", str(MINI_SPEC), "--snapshots", str(snaps), "--learn", "-f", "json",
                 "--", sys.executable, str(CLIENTS / "raw_http.py"), "good"])
    assert code == 0
    learned = load_profile(profile_path(snaps, "openrouter"))
    assert learned is not None and Fact("operation", "POST /chat/completions") in learned.facts
    assert "test0000secret" not in profile_path(snaps, "openrouter").read_text()
    assert "learned the integration profile" in json.loads(capsys.readouterr().out)["notes"][-1]


def test_record_without_learn_writes_no_profile(tmp_path, capsys):
    import sys

    from tests.comply.test_cli import CLIENTS

    snaps = tmp_path / "snaps"
    assert main(["record", "--spec", str(MINI_SPEC), "--snapshots", str(snaps), "-f", "json",
                 "--", sys.executable, str(CLIENTS / "raw_http.py"), "good"]) == 0
    assert not (snaps / "openrouter" / "profile.json").exists()


def test_sarif_of_a_relevant_finding_points_at_the_code_line(tmp_path):
    from urllib.parse import urlparse
    from urllib.request import url2pathname

    repo = tmp_path / "repo"
    (repo / "src").mkdir(parents=True)
    (repo / "src" / "client.py").write_text('body = {}\nbody["tool_choice"] = "auto"\n')
    old, new = _specs(tmp_path)
    out = tmp_path / "r.sarif"
    main(["diff", str(old), str(new), "--rules", str(RULES), "--target", "demo", "--snapshots", str(tmp_path / "s"),
          "--code", str(repo), "-f", "sarif", "-o", str(out)])
    results = json.loads(out.read_text())["runs"][0]["results"]
    [result] = [r for r in results if r["ruleId"] == "request-property-removed" and "tool_choice" in r["message"]["text"]]
    physical = result["locations"][0]["physicalLocation"]
    uri = physical["artifactLocation"]["uri"]
    path = Path(url2pathname(urlparse(uri).path)) if uri.startswith("file:") else Path(uri)
    assert path.resolve() == (repo / "src" / "client.py").resolve() and physical["region"]["startLine"] == 2
    assert result["properties"]["relevance"] == "used"
