"""`checker examples`: on written pages, and on the newest corpus snapshot when it is present."""
from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from checker.cli import main
from tests.docs.conftest import mini_spec
from tests.docs.test_examples import CURL, FETCH, page

CORPUS = Path(os.environ.get("CHECKER_SHARED", "/work/shared")) / "corpus" / "openrouter"


@pytest.fixture()
def docs(tmp_path: Path) -> tuple[Path, Path]:
    pages = tmp_path / "pages"
    (pages / "guides").mkdir(parents=True)
    (pages / "guides" / "routing.mdx").write_text(page(CURL, FETCH))
    (pages / "empty.md").write_text("# Nothing\n\nNo code here at all, only prose.\n")
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(mini_spec()))
    return pages, spec


def test_json_listing_gives_each_example_its_verdict(docs, capsys):
    pages, spec = docs
    assert main(["examples", "--pages", str(pages), "--spec", str(spec), "--format", "json"]) == 0
    listed = {p["page"]: p["examples"] for p in json.loads(capsys.readouterr().out)["pages"]}
    assert listed["empty"] == []
    assert [(e["style"], e["verdict"], e["anchor"]) for e in listed["guides/routing"]] == [
        ("curl", "valid", "example-1"), ("fetch", "invalid", "example-2")]
    [finding] = listed["guides/routing"][1]["findings"]
    assert finding["code"] == "docs-example-invalid"
    assert finding["official_url"] == "https://openrouter.ai/docs/guides/routing#example-2"


def test_page_filter_and_console_listing(docs, capsys):
    pages, spec = docs
    assert main(["examples", "--pages", str(pages), "--spec", str(spec), "--page", "guides/routing"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("guides/routing: 2 example(s), 1 valid\n")
    assert "empty" not in out and "docs-example-invalid: " in out


def test_unknown_page_is_a_one_line_error(docs, capsys):
    pages, spec = docs
    assert main(["examples", "--pages", str(pages), "--spec", str(spec), "--page", "nope"]) == 2
    err = capsys.readouterr().err
    assert "no page 'nope'" in err and "Traceback" not in err


def test_missing_pages_directory_is_a_one_line_error(tmp_path, capsys):
    assert main(["examples", "--pages", str(tmp_path / "absent"), "--spec", str(tmp_path / "s.json")]) == 2
    assert "absent: not a directory" in capsys.readouterr().err


def _newest() -> tuple[Path, Path]:
    if not (CORPUS / "INDEX.json").is_file():
        pytest.skip(f"the shared corpus is absent ({CORPUS}); set CHECKER_SHARED")
    name = sorted(p.name for p in (CORPUS / "pages").iterdir())[-1]
    return CORPUS / "pages" / name, CORPUS / "specs" / f"{name}.json.gz"


def test_newest_corpus_snapshot_examples(tmp_path, capsys):
    pages, spec_gz = _newest()
    spec = tmp_path / "spec.json"
    spec.write_bytes(gzip.decompress(spec_gz.read_bytes()))
    assert main(["examples", "--pages", str(pages), "--spec", str(spec), "--format", "json"]) == 0
    listed = {p["page"]: p["examples"] for p in json.loads(capsys.readouterr().out)["pages"]}
    counts = {pid: (len(ex), sum(e["verdict"] == "valid" for e in ex)) for pid, ex in listed.items() if ex}
    print("examples per page (found, valid):", counts)
    assert counts["guides/features/tool-calling"][0] > 5
