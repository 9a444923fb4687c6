"""An agent with the `openai` SDK: two tools, three steps, a parse() at the end; both tools called in one step
(parallel tool calls, plain and streamed); streamed tools; responses.stream(); a Responses API tool loop.

usage: openai_agent.py agent|parallel|stream-parallel|stream-tools|responses-stream|responses-stream-tools|
       responses-tools
(asserts what it got back; exit 1 on a mismatch)
"""
import json
import os
import sys

from openai import OpenAI
from pydantic import BaseModel

MODEL = "openai/gpt-4o-mini"
client = OpenAI(api_key="sk-or-v1-test0000secret", base_url=os.environ["OPENAI_BASE_URL"], max_retries=0)


class Forecast(BaseModel):
    city: str
    temperature_c: float
    advice: list[str]


def function(name, properties, required):
    return {"type": "function", "function": {"name": name, "description": name.replace("_", " "), "strict": True,
            "parameters": {"type": "object", "properties": properties, "required": required,
                           "additionalProperties": False}}}


TOOLS = [function("get_weather", {"city": {"type": "string"}, "unit": {"enum": ["celsius", "fahrenheit"]}},
                  ["city", "unit"]),
         function("get_time", {"timezone": {"type": "string"}, "hours": {"type": "integer", "minimum": 1}},
                  ["timezone", "hours"])]
NAMES = {tool["function"]["name"] for tool in TOOLS}


def run_tool(call):
    args = json.loads(call.function.arguments)  # the stub's arguments are JSON valid for the tool
    assert call.function.name in NAMES, call.function.name
    return json.dumps({"ok": True, "args": args})


def agent():
    messages = [{"role": "user", "content": "Weather and time in Paris?"}]
    first = client.chat.completions.create(model=MODEL, messages=messages, tools=TOOLS, parallel_tool_calls=False)
    [call] = first.choices[0].message.tool_calls
    assert first.model == MODEL and first.choices[0].finish_reason == "tool_calls"
    other = next(name for name in sorted(NAMES) if name != call.function.name)
    messages += [first.choices[0].message.model_dump(exclude_none=True),
                 {"role": "tool", "tool_call_id": call.id, "content": run_tool(call)}]
    second = client.chat.completions.create(model=MODEL, messages=messages, tools=TOOLS,
                                            tool_choice={"type": "function", "function": {"name": other}})
    [call2] = second.choices[0].message.tool_calls
    assert call2.function.name == other
    messages += [second.choices[0].message.model_dump(exclude_none=True),
                 {"role": "tool", "tool_call_id": call2.id, "content": run_tool(call2)}]
    final = client.chat.completions.parse(model=MODEL, messages=messages, tools=TOOLS, response_format=Forecast)
    forecast = final.choices[0].message.parsed
    assert isinstance(forecast, Forecast) and final.choices[0].message.tool_calls in (None, [])


def parallel():
    """Both tools in one step, both results sent back, then the final (parsed) answer."""
    messages = [{"role": "user", "content": "Weather and time in Paris?"}]
    first = client.chat.completions.create(model=MODEL, messages=messages, tools=TOOLS)
    calls = first.choices[0].message.tool_calls
    assert sorted(c.function.name for c in calls) == sorted(NAMES) and len({c.id for c in calls}) == 2, calls
    messages.append(first.choices[0].message.model_dump(exclude_none=True))
    messages += [{"role": "tool", "tool_call_id": c.id, "content": run_tool(c)} for c in calls]
    final = client.chat.completions.parse(model=MODEL, messages=messages, tools=TOOLS, response_format=Forecast)
    assert isinstance(final.choices[0].message.parsed, Forecast)


def stream_parallel():
    stream = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "Weather and time?"}],
                                            tools=TOOLS, stream=True)
    deltas = [tc for c in stream if c.choices for tc in (c.choices[0].delta.tool_calls or [])]
    names = {d.index: d.function.name for d in deltas if d.function.name}
    assert sorted(names.values()) == sorted(NAMES) and len(names) == 2, deltas
    for index in names:
        json.loads("".join(d.function.arguments or "" for d in deltas if d.index == index))


def responses_tools():
    """A function_call item, its function_call_output sent back, then a parsed structured answer."""
    tools = [{"type": "function", **tool["function"]} for tool in TOOLS]
    items = [{"role": "user", "content": "What is the weather in Paris?"}]
    first = client.responses.create(model=MODEL, input=items, tools=tools, parallel_tool_calls=False)
    [call] = [item for item in first.output if item.type == "function_call"]
    assert call.name in NAMES and first.model == MODEL
    items += [call.model_dump(exclude_none=True),
              {"type": "function_call_output", "call_id": call.call_id, "output": json.dumps({"ok": True})}]
    final = client.responses.parse(model=MODEL, input=items, text_format=Forecast)
    assert isinstance(final.output_parsed, Forecast), final.output


def responses_stream_tools():
    """responses.stream() with two tools: two function_call items, each with its own output_index."""
    tools = [{"type": "function", **tool["function"]} for tool in TOOLS]
    with client.responses.stream(model=MODEL, input="Weather and time in Paris?", tools=tools) as stream:
        added = [e.output_index for e in stream if e.type == "response.output_item.added"]
        final = stream.get_final_response()
    calls = [item for item in final.output if item.type == "function_call"]
    assert added == [0, 1] and sorted(c.name for c in calls) == sorted(NAMES), final.output
    for call in calls:
        json.loads(call.arguments)


def stream_tools():
    messages = [{"role": "user", "content": "Weather in Paris?"}]
    stream = client.chat.completions.create(model=MODEL, messages=messages, tools=TOOLS[:1], stream=True,
                                            stream_options={"include_usage": True})
    chunks = list(stream)
    deltas = [tc for c in chunks if c.choices for tc in (c.choices[0].delta.tool_calls or [])]
    assert deltas and deltas[0].function.name == "get_weather"
    args = json.loads("".join(d.function.arguments or "" for d in deltas))
    assert set(args) == {"city", "unit"}
    assert chunks[-1].usage is not None and chunks[-1].choices == []


def responses_stream():
    with client.responses.stream(model=MODEL, input="Say hello") as stream:
        kinds = [event.type for event in stream]
        final = stream.get_final_response()
    assert kinds[0] == "response.created" and kinds[-1] == "response.completed", kinds
    assert final.output_text and final.model == MODEL


{"agent": agent, "parallel": parallel, "stream-parallel": stream_parallel, "stream-tools": stream_tools,
 "responses-stream": responses_stream, "responses-stream-tools": responses_stream_tools,
 "responses-tools": responses_tools}[sys.argv[1]]()
print("ok")
