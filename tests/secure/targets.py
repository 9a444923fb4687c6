"""Fuzz targets: one hostile input in, findings or a CheckerError out, anything else is a crash.

Shared by tests/secure/test_fuzz_client.py (bounded, deterministic) and bench/fuzz_client.py (long).
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any, Callable

from hypothesis import strategies as st

from checker.comply import Validator, read_captures
from checker.comply.catalog import Catalog
from checker.errors import CheckerError
from checker.normalise import NotDocs, normalise_page
from checker.normalise.html import html_to_page
from checker.normalise.markdown import markdown_to_page
from tests.secure import fuzz

MINI_SPEC = Path(__file__).parent.parent / "comply" / "openapi-mini.json"
CHAT = "https://openrouter.ai/api/v1/chat/completions"


def _validate(spec: dict[str, Any]) -> Callable[[Any], None]:
    validator = Validator(spec)

    def run(request: Any) -> None:
        findings = validator.check(*request)
        assert all(f.kind == "client" for f in findings)
    return run


def _html(case: Any) -> None:
    html, selector = case
    page = html_to_page(html) if selector is None else html_to_page(html, selector)
    assert isinstance(page.sections, tuple)


def _markdown(text: str) -> None:
    assert isinstance(markdown_to_page(text).sections, tuple)


def _page(case: Any) -> None:
    try:
        normalise_page(case[0], case[1], None, "https://openrouter.ai/docs/x")
    except NotDocs:  # "this is not a docs page" is an answer, not a crash
        pass


class _Files:
    """Writes each example to the same temporary file (the parsers take paths)."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="checker-fuzz-"))

    def captures(self, lines: list[str]) -> None:
        path = self.dir / "c.jsonl"
        path.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
        _input_errors_only(lambda: read_captures(path))

    def har(self, data: Any) -> None:
        path = self.dir / "c.har"
        path.write_text(json.dumps(data))
        _input_errors_only(lambda: read_captures(path))


def _input_errors_only(call: Callable[[], Any]) -> None:
    try:
        call()
    except CheckerError as exc:
        assert "\n" not in exc.message and ("c.jsonl" in exc.message or "c.har" in exc.message), exc.message


def _catalog(spec: dict[str, Any]) -> Callable[[Any], None]:
    def run(case: Any) -> None:
        data, body = case
        try:
            catalog = Catalog.from_data(data)
        except CheckerError:
            return
        Validator(spec, catalog=catalog).check("POST", CHAT, {"Content-Type": "application/json"}, body)
    return run


def targets(spec: dict[str, Any] | None = None) -> dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], None]]]:
    """name -> (strategy, target) for every client-side parser that takes hostile input."""
    spec = spec if spec is not None else json.loads(MINI_SPEC.read_text())
    files = _Files()
    return {
        "validate_request": (fuzz.requests(), _validate(spec)),
        "html": (st.tuples(fuzz.html_docs, fuzz.selectors), _html),
        "markdown": (fuzz.markdown_docs, _markdown),
        "normalise_page": (st.tuples(fuzz.page_bodies, fuzz.content_types), _page),
        "captures_jsonl": (st.lists(fuzz.capture_lines, max_size=4), files.captures),
        "captures_har": (fuzz.har_files, files.har),
        "catalog": (st.tuples(fuzz.catalogs, fuzz.chat_bodies), _catalog(spec)),
    }
