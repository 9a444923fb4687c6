"""Fixtures for the client-compliance tests: a small synthetic spec (always there) and the corpus (optional)."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
MINI_SPEC = HERE / "openapi-mini.json"
CATALOG = HERE / "models-catalog.json"
PAYLOADS = REPO / "tests" / "fixtures" / "payloads"
CAPTURES = REPO / "tests" / "fixtures" / "captures"
SHARED = Path(os.environ.get("CHECKER_SHARED", REPO / ".." / "shared")).resolve()
CORPUS_SPECS = SHARED / "corpus" / "openrouter" / "specs"


def corpus_specs() -> list[Path]:
    return sorted(CORPUS_SPECS.glob("*.json.gz")) if CORPUS_SPECS.is_dir() else []


@pytest.fixture(scope="session")
def mini_spec() -> dict[str, Any]:
    return json.loads(MINI_SPEC.read_text())


@pytest.fixture(scope="session")
def newest_spec_path() -> Path:
    specs = corpus_specs()
    if not specs:
        pytest.skip(f"corpus not available at {CORPUS_SPECS} (set CHECKER_SHARED to the shared directory)")
    return specs[-1]


@pytest.fixture(scope="session")
def newest_spec(newest_spec_path: Path) -> dict[str, Any]:
    from checker.api.document import read_spec

    return read_spec(str(newest_spec_path))


@pytest.fixture(scope="session")
def oldest_spec() -> dict[str, Any]:
    specs = corpus_specs()
    if not specs:
        pytest.skip(f"corpus not available at {CORPUS_SPECS} (set CHECKER_SHARED to the shared directory)")
    from checker.api.document import read_spec

    return read_spec(str(specs[0]))


def by_code(findings: list[Any], code: str) -> list[Any]:
    return [f for f in findings if f.code == code]


def only(findings: list[Any], code: str) -> Any:
    matches = by_code(findings, code)
    assert len(matches) == 1, f"expected one {code}, got {[(f.code, f.location.pointer) for f in findings]}"
    return matches[0]
