"""The record stub answers chat completions and the Responses API by request: tool calls, structured output,
streams with the events the spec defines; the `openai` SDK runs a real agent loop through it."""
from __future__ import annotations

import json

import jsonschema
import pytest
from hypothesis import given, settings, strategies as st

from checker.api.document import read_spec
from checker.comply.compile import compile_spec
from checker.record.intent import TEXT, read_intent
from checker.record.shaped import shaped_answer
from tests.comply.conftest import corpus_specs
from tests.comply.test_sdk_clients import CLIENTS, errors, needs, record

WEATHER = {"type": "object", "properties": {"city": {"type": "string", "minLength": 3},
                                            "unit": {"enum": ["celsius", "fahrenheit"]}},
           "required": ["city", "unit"]}
CHAT_TOOLS = [{"type": "function", "function": {"name": "get_weather", "parameters": WEATHER}},
              {"type": "function", "function": {"name": "get_time", "parameters": {"type": "object"}}}]
RESPONSES_TOOLS = [{"type": "function", "name": "get_weather", "parameters": WEATHER}]
USER = [{"role": "user", "content": "hi"}]


# -- what the request asks for --------------------------------------------------------------------
def names(body: dict, api: str = "chat") -> list[str]:
    return [call.name for call in read_intent(body, api).calls]


def test_tools_get_a_call_with_arguments_valid_for_the_tool():
    intent = read_intent({"model": "a/b", "messages": USER, "tools": CHAT_TOOLS[:1]}, "chat")
    assert [c.name for c in intent.calls] == ["get_weather"] and intent.model == "a/b"
    jsonschema.validate(json.loads(intent.calls[0].arguments), WEATHER)


@pytest.mark.parametrize("choice, last, expected", [
    ("none", USER, None),
    ("auto", USER, "any"),
    (None, [*USER, {"role": "tool", "tool_call_id": "c", "content": "{}"}], None),  # the follow-up: a message
    ("required", [*USER, {"role": "tool", "tool_call_id": "c", "content": "{}"}], "any"),
    ({"type": "function", "function": {"name": "get_time"}}, USER, "get_time"),
])
def test_tool_choice_decides_between_a_call_and_a_message(choice, last, expected):
    body = {"model": "a/b", "messages": last, "tools": CHAT_TOOLS, "parallel_tool_calls": False,
            **({"tool_choice": choice} if choice else {})}
    called = names(body)
    assert len(called) == 1 and called[0] in ("get_weather", "get_time") if expected == "any" else \
        called == ([expected] if expected else [])


def test_responses_follow_up_after_a_function_call_output_is_a_message():
    items = [{"role": "user", "content": "hi"}, {"type": "function_call_output", "call_id": "c", "output": "{}"}]
    assert names({"input": "hi", "tools": RESPONSES_TOOLS}, "responses") == ["get_weather"]
    assert names({"input": items, "tools": RESPONSES_TOOLS}, "responses") == []


def test_the_answer_is_seeded_by_the_request():
    bodies = [{"model": "a/b", "messages": [{"role": "user", "content": f"question {n}"}], "tools": CHAT_TOOLS,
               "parallel_tool_calls": False} for n in range(12)]
    first = [read_intent(b, "chat") for b in bodies]
    assert first == [read_intent(b, "chat") for b in bodies]  # same request, same answer
    assert len({i.calls[0].name for i in first}) == 2 and len({i.token for i in first}) == 12


THREE_TOOLS = [*CHAT_TOOLS, {"type": "function", "function": {"name": "get_news", "parameters": WEATHER}}]


@pytest.mark.parametrize("asked, parallel, expected", [
    ("hi", None, ["get_weather", "get_time"]),  # nothing named: the first two, in the order sent
    ("hi", True, ["get_weather", "get_time"]),
    ("please use get_news", None, ["get_news"]),  # a tool the user names is the one called
    ("get_news then get_weather", None, ["get_weather", "get_news"]),
    ("get_news then get_weather", False, ["get_weather"]),  # not parallel: one call
    ("get_newsletter", None, ["get_weather", "get_time"]),  # a longer word is no mention
])
def test_parallel_tool_calls_call_up_to_two_tools(asked, parallel, expected):
    body = {"messages": [{"role": "user", "content": [{"type": "text", "text": asked}]}], "tools": THREE_TOOLS,
            **({} if parallel is None else {"parallel_tool_calls": parallel})}
    assert names(body) == expected
    items = [{"role": "user", "content": [{"type": "input_text", "text": asked}]}]
    tools = [{"type": "function", **t["function"]} for t in THREE_TOOLS]
    assert names({"input": items, "tools": tools, "parallel_tool_calls": parallel}, "responses") == expected


def test_parallel_calls_have_distinct_ids_and_valid_arguments_in_every_shape():
    from checker.record import answers

    intent = read_intent({"model": "a/b", "messages": USER, "tools": THREE_TOOLS[::2]}, "chat")
    message, finish = answers.chat_message(intent)
    assert finish == "tool_calls" and len({c["id"] for c in message["tool_calls"]}) == 2
    for call in message["tool_calls"]:
        jsonschema.validate(json.loads(call["function"]["arguments"]), WEATHER)
    deltas = [tc for c in answers.chat_chunks({}, intent) if c["choices"] for tc in c["choices"][0]["delta"].get(
        "tool_calls", [])]
    by_index = {n: "".join(d["function"]["arguments"] for d in deltas if d["index"] == n) for n in (0, 1)}
    assert sorted({d["index"] for d in deltas}) == [0, 1]
    for arguments in by_index.values():
        jsonschema.validate(json.loads(arguments), WEATHER)
    assert [d["function"]["name"] for d in deltas if "id" in d] == ["get_weather", "get_news"]
    events = answers.response_events({}, intent)
    done = [e for e in events if e["type"] == "response.output_item.done"]
    assert [(e["output_index"], e["item"]["name"]) for e in done] == [(0, "get_weather"), (1, "get_news")]
    assert len({e["item"]["call_id"] for e in done}) == 2


def test_response_formats_are_honoured():
    schema = {"type": "object", "properties": {"n": {"type": "integer", "minimum": 5}, "tags": {
        "type": "array", "items": {"$ref": "#/$defs/Tag"}, "minItems": 2}}, "required": ["n", "tags"],
        "$defs": {"Tag": {"type": "object", "properties": {"name": {"const": "x"}}, "required": ["name"]}}}
    chat = read_intent({"messages": USER, "response_format": {"type": "json_schema", "json_schema": {
        "name": "out", "schema": schema}}}, "chat")
    jsonschema.validate(json.loads(chat.text), schema)
    responses = read_intent({"input": "hi", "text": {"format": {"type": "json_schema", "name": "o",
                                                                 "schema": schema}}}, "responses")
    jsonschema.validate(json.loads(responses.text), schema)
    assert isinstance(json.loads(read_intent({"response_format": {"type": "json_object"}}, "chat").text), dict)
    assert read_intent({"messages": USER}, "chat").text == TEXT


_LEAF = st.one_of(
    st.builds(lambda n: {"type": "string", "minLength": n}, st.integers(0, 20)),
    st.builds(lambda n: {"type": "integer", "minimum": n}, st.integers(-5, 50)),
    st.just({"type": "boolean"}), st.just({"type": ["null", "number"]}),
    st.lists(st.text(max_size=5), min_size=1, max_size=3).map(lambda v: {"enum": v}),
)
_SCHEMAS = st.recursive(_LEAF, lambda inner: st.one_of(
    st.builds(lambda items, n: {"type": "array", "items": items, "minItems": n}, inner, st.integers(0, 3)),
    st.dictionaries(st.text("abcdef", min_size=1, max_size=4), inner, max_size=4).map(
        lambda props: {"type": "object", "properties": props, "required": sorted(props)}),
    st.lists(inner, min_size=1, max_size=3).map(lambda branches: {"anyOf": branches}),
), max_leaves=12)


@settings(max_examples=150, derandomize=True, deadline=None)
@given(_SCHEMAS.map(lambda s: {"type": "object", "properties": {"p": s}, "required": ["p"]}))
def test_generated_arguments_are_valid_for_any_tool_schema(params):
    intent = read_intent({"messages": USER, "tools": [{"type": "function", "function": {
        "name": "f", "parameters": params}}]}, "chat")
    jsonschema.validate(json.loads(intent.calls[0].arguments), params)


# -- valid against every spec in the corpus ----------------------------------------------------------
def _events(raw: bytes) -> list:
    lines = [line[len("data: "):] for line in raw.decode().split("\n\n") if line.startswith("data: ")]
    assert lines[-1] == "[DONE]"
    return [json.loads(line) for line in lines[:-1]]


@pytest.mark.parametrize("spec_path", corpus_specs(), ids=lambda p: p.name[:18])
def test_shaped_answers_are_valid_against_every_corpus_spec(spec_path):
    compiled = compile_spec(read_spec(str(spec_path)))
    chat, responses = compiled.api.operation("post", "/chat/completions"), compiled.api.operation("post", "/responses")
    asks = [(chat, {"model": "a/b", "messages": USER, "tools": CHAT_TOOLS[:1]}),
            (chat, {"model": "a/b", "messages": USER}), (responses, {"model": "a/b", "input": "hi"}),
            (responses, {"model": "a/b", "input": "hi", "tools": RESPONSES_TOOLS}),
            (chat, {"model": "a/b", "messages": USER, "tools": THREE_TOOLS[::2]}),  # two calls at once
            (responses, {"model": "a/b", "input": "hi", "tools": [{"type": "function", **t["function"]}
                                                                  for t in THREE_TOOLS[::2]]})]
    for op, body in asks:
        assert op is not None
        plain = shaped_answer(compiled, op, body, stream=False)
        streamed = shaped_answer(compiled, op, {**body, "stream": True}, stream=True)
        assert plain is not None and streamed is not None, (op.path, body)  # None: it did not validate
        assert json.loads(plain[2])["model"] == "a/b" and streamed[1] == "text/event-stream"
        events = _events(streamed[2])
        assert all(e["model"] == "a/b" for e in events if "model" in e)
        if op is responses:
            kinds = [e["type"] for e in events]
            assert kinds[:3] == ["response.created", "response.in_progress", "response.output_item.added"]
            assert kinds[-1] == "response.completed"
            assert [e["sequence_number"] for e in events] == list(range(len(events)))
        elif "tools" in body:
            calls = [tc for e in events if e["choices"] for tc in e["choices"][0]["delta"].get("tool_calls", [])]
            for index in {c["index"] for c in calls}:
                arguments = "".join(c["function"]["arguments"] for c in calls if c["index"] == index)
                jsonschema.validate(json.loads(arguments), WEATHER)
            assert events[-1]["choices"] == [] and "usage" in events[-1]


def test_an_answer_the_spec_forbids_falls_back_to_the_spec_example(mini_spec):
    import copy
    import httpx
    from checker.record.stub import Stub

    spec = copy.deepcopy(mini_spec)  # this spec's answers may not carry tool calls
    spec["paths"]["/chat/completions"]["post"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "type": "object", "properties": {"choices": {"items": {"properties": {"finish_reason": {"const": "stop"}}}}}}
    compiled = compile_spec(spec)
    op = compiled.api.operation("post", "/chat/completions")
    body = {"model": "a/b", "messages": USER, "tools": CHAT_TOOLS}
    assert shaped_answer(compiled, op, body, stream=False) is None
    assert json.loads(shaped_answer(compile_spec(mini_spec), op, body, stream=False)[2])["model"] == "a/b"
    with Stub(spec) as stub:
        answer = httpx.post(stub.base_url + "/chat/completions", json=body).json()
    assert answer["choices"][0]["message"]["content"] == "Paris."  # the spec's own example


# -- the real openai SDK under `checker record` -----------------------------------------------------
@pytest.mark.parametrize("action, requests", [("agent", 3), ("parallel", 2), ("stream-parallel", 1),
                                              ("stream-tools", 1), ("responses-stream", 1), ("responses-stream-tools", 1),
                                              ("responses-tools", 2)])
def test_openai_sdk_agent_loop_and_streams_pass_under_record(capsys, tmp_path, newest_spec_path, action, requests):
    needs("openai")
    code, report, sent = record(capsys, tmp_path, newest_spec_path, str(CLIENTS / "openai_agent.py"), action)
    assert code == 0, report
    assert errors(report) == [] and len(sent) == requests
    if action == "agent":
        assert [m["role"] for m in sent[-1]["body"]["messages"]] == ["user", "assistant", "tool", "assistant", "tool"]
        assert sent[-1]["body"]["response_format"]["type"] == "json_schema"
    if action == "parallel":  # both results went back in one follow-up, and it validated
        assert [m["role"] for m in sent[-1]["body"]["messages"]] == ["user", "assistant", "tool", "tool"]
    if action == "responses-tools":
        assert [i.get("type") for i in sent[-1]["body"]["input"]] == [None, "function_call", "function_call_output"]
        assert sent[-1]["body"]["text"]["format"]["type"] == "json_schema"


_JSON = st.recursive(st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=4),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(
                         ["type", "properties", "required", "items", "minItems", "minLength", "minimum", "enum",
                          "anyOf", "allOf", "$ref", "const", "function", "name", "parameters", "schema"]),
                         inner, max_size=4), max_leaves=15)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(tools=_JSON | st.lists(st.builds(lambda name, params: {"type": "function", "function": {
           "name": name, "parameters": params}}, st.text(max_size=2), _JSON), max_size=2),
       choice=_JSON | st.just("required"),
       fmt=_JSON | st.builds(lambda schema: {"type": "json_schema", "json_schema": {"schema": schema}}, _JSON),
       messages=_JSON, parallel=_JSON)
def test_hostile_requests_never_crash_the_stub_and_answers_stay_valid(mini_spec, tools, choice, fmt, messages,
                                                                      parallel):
    compiled = _MINI.setdefault("c", compile_spec(mini_spec))
    op = compiled.api.operation("post", "/chat/completions")
    body = {"model": "a/b", "messages": messages, "tools": tools, "tool_choice": choice, "response_format": fmt,
            "parallel_tool_calls": parallel}
    for stream in (False, True):
        answer = shaped_answer(compiled, op, body, stream=stream)  # None: fell back to the spec's example
        assert answer is None or answer[0] == 200
    calls = read_intent({"input": messages, "tools": tools, "text": {"format": fmt}, "parallel_tool_calls": parallel},
                        "responses").calls
    assert len(calls) <= (1 if parallel is False else 2) and len({c.name for c in calls}) == len(calls)


_MINI: dict = {}


@pytest.mark.parametrize("path, body", [("/chat/completions", {"model": "a/b", "messages": USER, "stream": True}),
                                        ("/responses", {"model": "a/b", "input": "hi", "stream": True})])
def test_a_broken_stream_ends_with_the_error_event_and_no_done(newest_spec, path, body):
    compiled = compile_spec(newest_spec)
    answer = shaped_answer(compiled, compiled.api.operation("post", path), body, stream=True, broken=True)
    assert answer is not None  # None: the error event did not validate against the spec
    raw = answer[2].decode()
    assert "[DONE]" not in raw
    events = [json.loads(chunk[len("data: "):]) for chunk in raw.split("\n\n") if chunk]
    assert len(events) == 3
    if path == "/responses":
        assert events[-1]["type"] == "error" and events[-1]["sequence_number"] == 2
    else:
        assert events[-1]["choices"][0]["finish_reason"] == "error" and events[-1]["error"]["message"]
