"""The stored catalog in compliance (`validate` without --catalog) and in `checker models`."""
from __future__ import annotations

import json

import pytest

from checker.cli import main
from tests.catalog.fixtures import CATALOG_SOURCE, catalog_v1, catalog_v2, serve_catalog
from tests.store.site import SPEC, TARGET, run, workdir


@pytest.fixture
def work(tmp_path):
    return workdir(tmp_path, TARGET + CATALOG_SOURCE)


def _payload(work, model: str, **fields) -> str:
    path = work / f"{model.replace('/', '_')}.json"
    path.write_text(json.dumps({"model": model, "messages": [{"role": "user", "content": "hi"}], **fields}))
    return str(path)


def validate(work, *args: str) -> dict:
    out = work / "validate.json"
    main(["validate", *args, "--target", "site", "--rules", str(work / "rules"),
          "--snapshots", str(work / "snapshots"), "--format", "json", "--output", str(out)])
    return json.loads(out.read_text())


def _codes(report: dict) -> list[tuple[str, str]]:
    return sorted((f["code"], f["severity"]) for f in report["findings"] if f["code"].startswith("model-"))


def test_validate_uses_the_stored_catalog_and_says_how_old_it_is(work, site):
    assert run(work, site.url, "snapshot") == 0
    serve_catalog(site, catalog_v2())
    assert run(work, site.url, "snapshot") == 0  # vendor0/model-0 is gone, openai/gpt-4o-mini lost tools
    report = validate(work, _payload(work, "vendor0/model-0"),
                      _payload(work, "openai/gpt-4o-mini", tools=[{"type": "function", "function": {"name": "f"}}]))
    assert _codes(report) == [("model-parameter-unsupported", "warning"), ("model-unknown", "error")]
    [unknown] = [f for f in report["findings"] if f["code"] == "model-unknown"]
    assert "'vendor0/model-0'" in unknown["message"] and "catalog snapshot of 20" in unknown["message"]
    assert any(n.startswith("models checked against the catalog snapshot of") for n in report["notes"])


def test_without_a_snapshot_validate_says_so_once_and_skips_model_checks(work):
    spec = work / "spec.json"
    spec.write_text(json.dumps(SPEC))
    report = validate(work, _payload(work, "nobody/no-such-model"), _payload(work, "vendor0/model-0"),
                      "--spec", str(spec))
    assert _codes(report) == []
    assert [n for n in report["notes"] if "catalog" in n] == \
        ["no catalog snapshot; model checks skipped (run `checker snapshot`, or pass --catalog FILE|URL)"]


def test_no_catalog_turns_the_checks_off_and_catalog_overrides(work, site, tmp_path):
    assert run(work, site.url, "snapshot") == 0
    payload = _payload(work, "nobody/no-such-model")
    assert _codes(validate(work, payload, "--no-catalog")) == []
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"data": [m for m in catalog_v1() if m["id"] != "acme/vision"]}))
    vision = _payload(work, "acme/vision")
    assert _codes(validate(work, vision)) == []
    assert _codes(validate(work, vision, "--catalog", str(other))) == [("model-unknown", "error")]


def models(work, capsys, *args: str) -> str:
    assert main(["models", *args, "--target", "site", "--rules", str(work / "rules"),
                 "--snapshots", str(work / "snapshots")]) == 0
    return capsys.readouterr().out


def test_models_filters_the_snapshot(work, site, capsys):
    assert run(work, site.url, "snapshot") == 0
    capsys.readouterr()
    listed = json.loads(models(work, capsys, "--free", "--format", "json"))
    assert [m["id"] for m in listed["models"]] == ["acme/cheap", "acme/free:free"]
    listed = json.loads(models(work, capsys, "--input", "image", "--format", "json"))
    assert [m["id"] for m in listed["models"]] == ["acme/vision", "openai/gpt-4o-mini"]
    listed = json.loads(models(work, capsys, "--output", "image", "--param", "tools", "--format", "json"))
    assert [m["id"] for m in listed["models"]] == ["acme/painter"]
    table = models(work, capsys, "--input", "image").splitlines()
    assert table[0].split() == ["MODEL", "CONTEXT", "INPUT", "OUTPUT", "PROMPT", "$/tok", "COMPLETION", "$/tok"]
    assert [line.split()[0] for line in table[1:3]] == ["acme/vision", "openai/gpt-4o-mini"]
    assert table[-1].startswith("2 model(s) from the catalog snapshot of")


def test_models_used_lists_the_models_the_integration_sent(work, site, capsys):
    assert run(work, site.url, "snapshot") == 0
    validate(work, _payload(work, "acme/long"), "--learn")
    capsys.readouterr()
    listed = json.loads(models(work, capsys, "--used", "--format", "json"))
    assert [m["id"] for m in listed["models"]] == ["acme/long"]


def test_models_without_a_snapshot_is_a_one_line_error(work, capsys):
    code = main(["models", "--target", "site", "--rules", str(work / "rules"), "--snapshots", str(work / "snapshots")])
    err = capsys.readouterr().err
    assert code == 2 and "no catalog snapshot" in err and "Traceback" not in err
