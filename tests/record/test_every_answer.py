"""Every operation the stub serves answers a body valid against that operation's response schema in the spec in
use (plain and, where the spec streams it, every SSE event); a request's `model` comes back where answers carry one."""
from __future__ import annotations

import copy
import json
import re

import httpx
import pytest

from checker.api.document import read_spec
from checker.record.samples import success_media
from checker.record.shaped import sse_framed
from checker.record.stub import Stub
from tests.comply.conftest import MINI_SPEC, corpus_specs
from tests.comply.test_sdk_clients import needs

BODY = {"model": "acme/echo-1", "messages": [{"role": "user", "content": "hi"}], "input": "hi", "prompt": "hi"}
METHODS = ("get", "post", "put", "patch", "delete")


def frames(raw: str) -> list[dict]:
    """The SSE events before `[DONE]`, each as {"data": payload} plus "event" when the stream names it."""
    found = []
    for block in raw.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "data" in fields:
            found.append({**fields, "data": fields["data"] if fields["data"] == "[DONE]" else json.loads(fields["data"])})
    assert found and found[-1] == {"data": "[DONE]"}, raw[:200]
    return found[:-1]


def check_every_operation(spec: dict) -> int:
    """Ask every operation once (and streamed where it streams); return how many answers were validated."""
    checked = 0
    with Stub(spec) as stub, httpx.Client(base_url=stub.base_url, timeout=30) as client:
        for path, item in spec["paths"].items():
            for method in (m for m in METHODS if m in item):
                target = stub.router.match(method.upper(), re.sub(r"\{[^}/]+\}", "x1", path))
                op = target.operation
                assert op is not None, (method, path)
                for stream in (False, True):
                    status, media, pointer = success_media(stub.compiled, op, stream)
                    if stream and media != "text/event-stream":
                        continue
                    body = {**BODY, "stream": stream} if method != "get" else None
                    answer = client.request(method.upper(), target.path, json=body)
                    assert (answer.status_code, answer.headers["content-type"]) == (status, media), (method, path)
                    if pointer is None or not ("json" in media or stream):
                        continue
                    valid = stub.compiled.validator(f"{pointer}/schema").is_valid
                    framed = stream and sse_framed(stub.compiled, pointer)
                    for frame in frames(answer.text) if stream else [{"data": answer.json()}]:
                        part = frame["data"]
                        assert valid(frame if framed else part), (method, path, stream, json.dumps(frame)[:300])
                        if method == "post" and isinstance(part, dict) and "model" in part:
                            assert part["model"] == BODY["model"], (path, stream)  # echoed
                        checked += 1
    return checked


@pytest.mark.parametrize("spec_path", corpus_specs(), ids=lambda p: p.name[:18])
def test_every_operation_of_every_corpus_spec_answers_valid_bodies(spec_path):
    assert check_every_operation(read_spec(str(spec_path))) > 60


LEGACY = {"post": {"tags": ["Completions"], "summary": "Create a completion", "requestBody": {"content": {
    "application/json": {"schema": {"type": "object", "required": ["model", "prompt"], "properties": {
        "model": {"type": "string"}, "prompt": {"type": "string"}, "stream": {"type": "boolean"}}}}}},
    "responses": {"200": {"description": "ok", "content": {"application/json": {
        "example": {"id": "cmpl-1", "object": "text_completion", "created": 1, "model": "openai/gpt-3.5-turbo-instruct",
                    "choices": [{"text": "Paris.", "index": 0, "finish_reason": "stop", "logprobs": None}]},
        "schema": {"type": "object", "required": ["id", "object", "created", "model", "choices"], "properties": {
            "id": {"type": "string"}, "object": {"const": "text_completion"}, "created": {"type": "integer"},
            "model": {"type": "string"}, "choices": {"type": "array", "items": {"type": "object"}}}}}}}}}}


@pytest.fixture(scope="module")
def legacy_spec() -> dict:
    spec = copy.deepcopy(json.loads(MINI_SPEC.read_text()))
    spec["paths"]["/completions"] = LEGACY
    return spec


def test_the_small_spec_with_legacy_completions(legacy_spec):
    assert check_every_operation(legacy_spec) >= 5


def test_the_openai_sdk_gets_its_model_back_from_legacy_completions(legacy_spec):
    needs("openai")
    from openai import OpenAI

    with Stub(legacy_spec) as stub:
        client = OpenAI(api_key="sk-or-v1-test0000secret", base_url=stub.base_url, max_retries=0)
        answer = client.completions.create(model="mistralai/mistral-7b-instruct", prompt="Capital of France?")
        assert stub.requests[0].body["prompt"] == "Capital of France?"
    assert answer.model == "mistralai/mistral-7b-instruct" and answer.choices[0].text == "Paris."


def test_a_model_the_schema_forbids_is_not_echoed(legacy_spec):
    spec = copy.deepcopy(legacy_spec)
    schema = spec["paths"]["/completions"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    schema["properties"]["model"] = {"enum": ["openai/gpt-3.5-turbo-instruct"]}
    with Stub(spec) as stub:
        answer = httpx.post(stub.base_url + "/completions", json={"model": "other/model", "prompt": "hi"}).json()
    assert answer["model"] == "openai/gpt-3.5-turbo-instruct"  # the spec's example: echoing would break the schema
