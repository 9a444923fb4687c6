"""Shapes: a body that differs from one validated before only in free text gets its findings.

Every test compares the aggregated findings with the memo on and off (SHAPES = 0), on captures
whose free text crosses what the checks look at: placeholders, names a deprecation fact names,
empty strings, non-strings where text goes, and specs where the text IS constrained."""
from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from checker.comply import Validator, traffic
from checker.comply.aggregate import Aggregate
from checker.comply.compile import compile_spec
from checker.comply.shapes import free_paths
from checker.docs.documented import Knowledge
from checker.docs.facts import Fact
from tests.comply.conftest import MINI_SPEC

API = "https://openrouter.ai/api/v1"
CHAT = f"{API}/chat/completions"
HEADERS = {"Authorization": "Bearer sk-or-v1-0000shape0000", "Content-Type": "application/json"}
SORT = Fact(identifier="sort", sentence="The sort parameter is deprecated.", replacement="order",
            still_accepted=True, source="parameters", where="sort", url="https://openrouter.ai/docs/p")
TEXTS = ["", "sort", "__PROMPT__", "sk-or-v1-secret0000000000", "x" * 30, "hello", "__not_one__"]


def text(rng: random.Random, number: int) -> str:
    """Mostly unique free text; now and then one of the strings the checks do look at."""
    return rng.choice(TEXTS) if rng.random() < 0.2 else f"question {number} " * rng.randint(1, 4)


def body(rng: random.Random, number: int, invalid: float) -> dict[str, Any]:
    agent = rng.random() < 0.3
    messages: list[Any] = [{"role": "user", "content": text(rng, number)}]
    if agent:
        call = f"call_{rng.choice(['a', 'b'])}"
        messages += [{"role": "assistant", "content": None, "tool_calls": [
                          {"id": "call_a", "type": "function", "function": {"name": "f", "arguments": text(rng, number)}}]},
                     {"role": "tool", "tool_call_id": call, "content": text(rng, number)},
                     {"role": "user", "content": [{"type": "text", "text": text(rng, number)},
                                                  {"type": "image_url", "image_url": {
                                                      "url": rng.choice(["https://cdn.example/a.png", "data:,x"])}}]}]
    out: dict[str, Any] = {"model": rng.choice(["openai/gpt-4o-mini", "gpt-4o"]), "messages": messages}
    if agent:
        out["tools"] = [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]
    if rng.random() < invalid:
        bad = rng.choice(["role", "temperature", "content", "field"])
        if bad == "role":
            messages[0]["role"] = "wizard"
        elif bad == "temperature":
            out["temperature"] = "warm"
        elif bad == "content":
            messages[0]["content"] = rng.choice([5, None, [{"type": "text"}]])
        else:
            out["max_tokns"] = number
    return out


def capture(path: Path, lines: int, invalid: float, seed: int = 14) -> Path:
    rng = random.Random(seed)
    path.write_text("".join(json.dumps({"method": "POST", "url": CHAT, "headers": HEADERS,
                                        "body": body(rng, n, invalid)}) + "\n" for n in range(lines)))
    return path


def aggregated(validator: Validator, path: Path) -> list[dict[str, Any]]:
    found, _ = traffic.validate_lines(validator, path, into=Aggregate())
    return [f.to_dict() for f in found.findings()]


def on_and_off(spec: dict[str, Any], path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Any], list[Any], int]:
    """The findings with shapes, without, and how many lines the memo'd run validated."""
    validator, calls = Validator(spec, docs=Knowledge(facts=(SORT,))), []
    original = validator.validate
    validator.validate = lambda request: calls.append(1) or original(request)  # type: ignore[method-assign]
    on = aggregated(validator, path)
    monkeypatch.setattr(traffic, "SHAPES", 0)
    off = aggregated(Validator(spec, docs=Knowledge(facts=(SORT,))), path)
    monkeypatch.setattr(traffic, "SHAPES", traffic.MAX_SHAPES)
    return on, off, len(calls)


@pytest.mark.parametrize("invalid", [0.0, 0.1])
def test_a_distinct_mix_gives_the_findings_of_validating_every_line(tmp_path, mini_spec, monkeypatch, invalid):
    path = capture(tmp_path / "distinct.jsonl", 5000, invalid)
    on, off, validated = on_and_off(mini_spec, path, monkeypatch)
    assert on == off
    assert validated < 500  # the memo did the work: most lines were counted, not validated
    codes = {f["code"] for f in on}
    assert {"docs-deprecated-sent", "tool-call-id-unmatched", "remote-asset-url", "model-id-without-prefix"} <= codes
    assert ("request-body-invalid" in codes) == (invalid > 0)
    assert sum(f["count"] for f in on if f["code"] == "docs-deprecated-sent") > 100  # content "sort", kept


def test_a_distinct_mix_on_the_real_spec_gives_the_same_findings(tmp_path, newest_spec, monkeypatch):
    path = capture(tmp_path / "distinct.jsonl", 5000, 0.1)
    on, off, validated = on_and_off(newest_spec, path, monkeypatch)
    assert on == off and validated < 500
    assert free_paths(compile_spec(newest_spec), "/components/schemas/ChatRequest") == {"content", "text", "arguments"}


def constrained(edit: Any) -> dict[str, Any]:
    spec = json.loads(MINI_SPEC.read_text())
    edit(spec["components"]["schemas"])
    return spec


CONSTRAINED = {
    "content length": (lambda s: s["ChatUserMessage"]["properties"]["content"]["anyOf"][0].update(maxLength=20),
                       {"text", "arguments"}),
    "text enum": (lambda s: s["ContentText"]["properties"]["text"].update(enum=["hello", "x"]), {"content", "arguments"}),
    "unique messages": (lambda s: s["ChatRequest"]["properties"]["messages"].update(uniqueItems=True), set()),
    "content discriminates": (lambda s: s["ChatMessages"].update(discriminator={"propertyName": "content"}),
                              {"arguments"}),  # text is inside content too
    "dangling ref": (lambda s: s["ToolCall"].update({"$ref": "#/components/schemas/Nowhere"}), {"content", "text"}),
    "pattern under not": (lambda s: s["ChatToolMessage"]["properties"]["content"].update({"not": {"pattern": "^q"}}),
                          {"text", "arguments"}),
}


@pytest.mark.parametrize("name", sorted(CONSTRAINED))
def test_text_a_schema_constrains_is_not_free(tmp_path, monkeypatch, name):
    edit, free = CONSTRAINED[name]
    spec = constrained(edit)
    assert free_paths(compile_spec(spec), "/components/schemas/ChatRequest") == free
    on, off, _ = on_and_off(spec, capture(tmp_path / "c.jsonl", 600, 0.1, seed=3), monkeypatch)
    assert on == off


def test_a_length_limit_on_the_text_is_still_reported_line_by_line(tmp_path, monkeypatch):
    spec = constrained(CONSTRAINED["content length"][0])
    on, off, _ = on_and_off(spec, capture(tmp_path / "c.jsonl", 300, 0.0), monkeypatch)
    [too_long] = [f for f in on if isinstance(f["before"], dict) and f["before"].get("rule") == "maxLength"]
    assert on == off and too_long["count"] > 100


_TEXT = st.sampled_from(TEXTS + ["a", "b"]) | st.integers(-1, 1) | st.none()
_PART = st.fixed_dictionaries({"type": st.sampled_from(["text", "image_url", "video"]), "text": _TEXT})
_MESSAGE = st.fixed_dictionaries(
    {"role": st.sampled_from(["user", "system", "assistant", "tool", "wizard"])},
    optional={"content": _TEXT | st.lists(_PART | _TEXT, max_size=3), "tool_call_id": st.sampled_from(["c1", "c2"]),
              "tool_calls": st.lists(st.fixed_dictionaries({"id": st.sampled_from(["c1", "c2"]), "type": st.just("function"),
                                                            "function": st.fixed_dictionaries({"name": st.just("f"),
                                                                                               "arguments": _TEXT})}),
                                     max_size=2)})
_BODY = st.fixed_dictionaries({"model": st.sampled_from(["openai/gpt-4o", "__MODEL__", "gpt"]),
                               "messages": st.lists(_MESSAGE | _TEXT, max_size=4)},
                              optional={"sort": st.just("price"), "tools": st.just([]), "content": _TEXT})


@settings(max_examples=80, derandomize=True, deadline=None)
@given(st.lists(_BODY, min_size=1, max_size=25))
def test_any_bodies_give_the_same_findings_with_and_without_shapes(tmp_path_factory, bodies):
    path = tmp_path_factory.mktemp("h") / "h.jsonl"
    path.write_text("".join(json.dumps({"method": "POST", "url": CHAT, "headers": HEADERS, "body": b}) + "\n"
                            for b in bodies))
    spec = json.loads(MINI_SPEC.read_text())
    on = aggregated(Validator(spec, docs=Knowledge(facts=(SORT,))), path)
    saved, traffic.SHAPES = traffic.SHAPES, 0
    try:
        off = aggregated(Validator(spec, docs=Knowledge(facts=(SORT,))), path)
    finally:
        traffic.SHAPES = saved
    assert on == off


@pytest.mark.parametrize("invalid", [0.0, 0.1])
def test_lines_read_by_orjson_give_the_findings_of_lines_read_by_json(tmp_path, mini_spec, monkeypatch, invalid):
    from checker import fastjson

    path = capture(tmp_path / "distinct.jsonl", 5000, invalid)
    with path.open("a") as fh:  # lines orjson leaves to json: NaN, a 20-digit integer, a lone surrogate
        for value in ("NaN", "12345678901234567890", '"\\ud800"'):
            fh.write(f'{{"method": "POST", "url": "{CHAT}", "headers": {json.dumps(HEADERS)}, '
                     f'"body": {{"model": "openai/gpt-4o", "messages": [], "temperature": {value}}}}}\n')
    monkeypatch.setattr(traffic, "SHAPES", 0)
    fast = aggregated(Validator(mini_spec), path)
    monkeypatch.setattr(fastjson, "loads", lambda raw: fastjson.STDLIB)
    assert aggregated(Validator(mini_spec), path) == fast
    found = {json.dumps(f["after"]) for f in fast if f["location"]["pointer"] == "/temperature"}
    assert "12345678901234567890" in found  # json's exact integer, not orjson's float
