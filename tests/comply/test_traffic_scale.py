"""Traffic at scale, the fast paths: repeated lines (Repeats), capture scope for JSON Lines,
HAR streaming, the docs review's body walk. Each is checked against the plain way of doing it."""
from __future__ import annotations

import functools
import json
import random
import re
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import pytest
from hypothesis import given, settings, strategies as st

from checker.cli import main
from checker.comply import Validator, read_captures
from checker.comply import traffic
from checker.comply.aggregate import Aggregate
from checker.comply.captures import iter_captures, read_jsonl_part
from checker.comply.request import ClientRequest
from checker.comply.scope import Scope
from checker.docs import deprecations
from checker.errors import InputError
from tests.comply.conftest import CAPTURES, MINI_SPEC

API = "https://openrouter.ai/api/v1"
AUTH = {"Authorization": "Bearer sk-or-v1-0000scale0000", "Content-Type": "application/json"}


def line(method: str, url: str, headers: dict[str, str] | None = None, body: Any = None) -> str:
    record: dict[str, Any] = {"method": method, "url": url, "headers": AUTH if headers is None else headers}
    if body is not None:
        record["body"] = body
    return json.dumps(record)


def chat(content: Any = "hi", role: str = "user", **extra: Any) -> dict[str, Any]:
    return {"model": "openai/gpt-4o-mini", "messages": [{"role": role, "content": content}], **extra}


def mixed_lines(count: int, seed: int = 14) -> list[str]:
    """Clean and bad requests, many repeated, some unique: what the fast path must not change."""
    rng = random.Random(seed)
    kinds = [
        lambda i: line("POST", f"{API}/chat/completions", body=chat()),
        lambda i: line("POST", f"{API}/chat/completions", body=chat(f"question {i}")),  # unique
        lambda i: line("POST", f"{API}/chat/completions", body=chat(role="wizard")),
        lambda i: line("POST", f"{API}/chat/completions", body=chat(max_tokns=5)),
        lambda i: line("POST", f"{API}/chat/completions", body=chat(temperature=rng.choice(["warm", 7, 0.5]))),
        lambda i: line("POST", f"{API}/chat/completions", {"Content-Type": "application/json"}, chat()),
        lambda i: line("POST", f"{API}/chat/completions", {**AUTH, "X-Title": "App"}, chat()),
        lambda i: line("POST", f"{API}/chat/completions", body="{not json"),
        lambda i: line("GET", f"{API}/models"),
        lambda i: line("GET", f"{API}/models?limit=many"),
        lambda i: line("GET", f"{API}/no/such/thing"),
        lambda i: "",  # blank lines are skipped, but still numbered
    ]
    return [rng.choice(kinds)(i) for i in range(count)]


def aggregated(validate: Any, paths: list[Path]) -> list[dict[str, Any]]:
    found = Aggregate()
    for path in paths:
        validate(path, found)
    return [f.to_dict() for f in found.findings()]


def test_repeated_lines_give_the_report_of_validating_every_line(tmp_path, mini_spec, monkeypatch):
    validator = Validator(mini_spec)
    wizard = line("POST", f"{API}/chat/completions", body=chat(role="wizard"))
    paths = []
    for folder, lines in (("a", [wizard]), ("b", mixed_lines(10_000))):  # one name: locations keep their file
        (tmp_path / folder).mkdir()
        paths.append(tmp_path / folder / "traffic.jsonl")
        paths[-1].write_text("\n".join(lines) + "\n")
    every_line = aggregated(lambda p, into: traffic.validate_stream(validator, read_jsonl_part(p), into), paths)
    repeats = aggregated(lambda p, into: traffic.validate_lines(validator, p, into=into), paths)
    monkeypatch.setattr(traffic, "REPEATS", 3)  # constant eviction: lines are validated again, mid-stream
    evicted = aggregated(lambda p, into: traffic.validate_lines(validator, p, into=into), paths)
    assert repeats == every_line and evicted == every_line
    counts: Counter[str] = Counter()
    for finding in every_line:
        counts[finding["code"]] += finding["count"]
    assert counts["request-body-invalid"] > 1000 and counts["operation-unknown"] > 600  # the mix is mixed
    [role] = [f for f in every_line if f["location"]["pointer"] == "/messages/0/role"]
    assert [loc["file"].split("/")[-2] for loc in role["locations"]] == ["a", "b", "b", "b", "b"]


def test_repeats_forget_the_least_recently_seen():
    repeats = traffic.Repeats(size=2)
    a, b, c = (traffic.Repeats.key(x) for x in (b"a", b"b", b"c"))
    repeats.put(a, ())
    repeats.put(b, ("x",))  # type: ignore[arg-type]
    assert repeats.get(a) == ()  # a is now the most recent
    repeats.put(c, "fonts.example")
    assert (repeats.get(a), repeats.get(b), repeats.get(c)) == ((), None, "fonts.example")
    assert traffic.Repeats.key(b"a") == a != traffic.Repeats.key(b"a ")


BROWSER_LINES = [
    line("GET", "https://myapp.example/", {}),
    line("GET", "https://fonts.gstatic.com/s/inter.woff2", {}),
    line("OPTIONS", f"{API}/chat/completions", {"Origin": "https://myapp.example"}),
    line("POST", f"{API}/chat/completions", body=chat()),
    line("GET", "https://fonts.gstatic.com/s/inter.woff2", {}),  # a repeat: counted again
    line("POST", "https://www.google-analytics.com/g/collect", {}, {"role": "wizard"}),
    line("OPTIONS", f"{API}/chat/completions", {"Origin": "https://myapp.example"}),
    line("POST", f"{API}/chat/completions", body=chat(role="wizard")),
    line("GET", "https://fonts.gstatic.com/s/other.woff2", {}),
]
BROWSER_NOTE = ("5 request(s) to other hosts skipped: fonts.gstatic.com (3), myapp.example (1), "
                "www.google-analytics.com (1); 2 CORS preflight(s) (OPTIONS) ignored")


def run_json(capsys, *argv: str) -> tuple[int, dict[str, Any]]:
    code = main([*argv, "--spec", str(MINI_SPEC), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_a_jsonl_capture_validates_only_api_requests(tmp_path, capsys):
    capture = tmp_path / "browser.jsonl"
    capture.write_text("\n".join(BROWSER_LINES) + "\n")
    code, report = run_json(capsys, "validate", "--captures", str(capture))
    assert code == 1
    assert {f["location"]["request"] for f in report["findings"]} == {"browser.jsonl:8"}
    assert report["notes"][:2] == ["validated 2 request(s)", BROWSER_NOTE]
    assert [r.line for r in iter_captures(capture, Scope(frozenset({"openrouter.ai"})))] == [4, 8]


def test_jobs_count_the_skipped_requests_of_every_part(tmp_path, capsys, monkeypatch):
    capture = tmp_path / "browser.jsonl"
    capture.write_text("\n".join(BROWSER_LINES * 100) + "\n")
    monkeypatch.setattr(traffic, "MIN_PART", 1024)
    reports = [run_json(capsys, "validate", "--captures", str(capture), "--jobs", jobs)[1] for jobs in ("1", "3")]
    assert reports[0]["notes"][:2] == reports[1]["notes"][:2] == [
        "validated 200 request(s)",
        "500 request(s) to other hosts skipped: fonts.gstatic.com (300), myapp.example (100), "
        "www.google-analytics.com (100); 200 CORS preflight(s) (OPTIONS) ignored"]
    assert reports[0]["findings"] == reports[1]["findings"]


def test_the_skipped_hosts_note_names_the_busiest_first_and_stays_short():
    scope = Scope(frozenset({"openrouter.ai"}))
    for n in range(12):
        for _ in range(n + 1):
            assert not scope.keeps("GET", f"https://h{n:02}.example/x")
    assert scope.keeps("POST", f"{API}/chat/completions") and scope.keeps("GET", "/relative/path")
    note = scope.note()
    assert note is not None and note.startswith("78 request(s) to other hosts skipped: h11.example (12), h10.example (11)")
    assert note.endswith("h02.example (3) and 2 more host(s)") and "h01" not in note


def har(entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "entries": entries}}


def har_entry(method: str, url: str, body: Any = None, response_text: str = "") -> dict[str, Any]:
    request: dict[str, Any] = {"method": method, "url": url, "headers": [{"name": k, "value": v} for k, v in AUTH.items()]}
    if body is not None:
        request["postData"] = {"mimeType": "application/json", "text": json.dumps(body)}
    return {"startedDateTime": "2026-01-01T00:00:00Z", "time": 1.5, "request": request,
            "response": {"status": 200, "content": {"size": len(response_text), "text": response_text}}}


def test_a_har_is_read_entry_by_entry(tmp_path):
    entries = [har_entry("POST", f"{API}/chat/completions", chat(f"q{i}"), "x" * 50_000) for i in range(3)]
    text = json.dumps(har(entries))
    path = tmp_path / "cut.har"
    path.write_text(text[: text.index("q2")])  # the file ends inside the third entry
    stream = iter_captures(path)
    assert [next(stream).body["messages"][0]["content"] for _ in range(2)] == ["q0", "q1"]
    with pytest.raises(InputError, match=r"cut.har: not valid JSON"):
        next(stream)


@pytest.mark.parametrize("document, message", [
    ({"log": {"version": "1.2"}}, "not a HAR file (no log.entries)"),
    ([1, 2], "not a HAR file (no log.entries)"),
    ({"log": {"entries": {"0": {}}}}, "not a HAR file (no log.entries)"),
])
def test_a_json_file_that_is_not_a_har_is_an_input_error(tmp_path, document, message, capsys):
    path = tmp_path / "x.har"
    path.write_text(json.dumps(document))
    with pytest.raises(InputError, match=re.escape(message)):
        read_captures(path)
    assert main(["validate", "--captures", str(path), "--spec", str(MINI_SPEC)]) == 2
    err = capsys.readouterr().err
    assert "x.har" in err and message in err and "Traceback" not in err


def test_har_entries_without_a_request_keep_the_others_numbered(tmp_path, mini_spec):
    entries: list[Any] = [har_entry("GET", f"{API}/models"), {"response": {}}, "junk",
                          har_entry("POST", f"{API}/chat/completions", chat(role="wizard"))]
    path = tmp_path / "odd.har"
    path.write_text(json.dumps(har(entries)))
    requests = read_captures(path)
    assert [r.source for r in requests] == ["odd.har#0", "odd.har#3"]
    assert {f.location.request for f in Validator(mini_spec).validate_all(requests)} == {"odd.har#3"}
    (tmp_path / "empty.har").write_text(json.dumps(har([])))
    assert read_captures(tmp_path / "empty.har") == []


def test_har_numbers_and_unicode_survive_streaming(tmp_path):
    body = chat("héllo ✓", temperature=0.25, max_tokens=10)
    path = tmp_path / "u.har"
    path.write_text(json.dumps(har([har_entry("POST", f"{API}/chat/completions", body)]), ensure_ascii=False))
    [request] = read_captures(path)
    assert request.body == body and request.headers.get("authorization") == AUTH["Authorization"]


def _reference_sent(request: ClientRequest) -> Iterator[tuple[str, str, str, str | None]]:
    """What the docs review looked at before it skipped non-matching names: everything."""
    from checker.api.pointer import escape

    def walk(node: Any, pointer: str, parent: str | None, depth: int) -> Iterator[Any]:
        if depth > deprecations._MAX_DEPTH:
            return
        if isinstance(node, dict):
            for key, value in node.items():
                child = f"{pointer}/{escape(str(key))}"
                yield child, "field", str(key), parent
                yield from walk(value, child, str(key), depth + 1)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from walk(value, f"{pointer}/{index}", parent, depth + 1)
        elif isinstance(node, str) and 2 < len(node) <= 200:
            yield pointer, "value", node, parent

    for header in request.headers.names():
        yield f"/headers/{escape(header.lower())}", "header", header, None
    if request.json_body:
        yield from walk(request.body, "", None, 0)


NAMES = ["max_tokens", "sort", "a/b", "~x", "fallback", "ab"]
JSON = st.recursive(st.none() | st.integers() | st.sampled_from(NAMES + ["other", "x" * 201]),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.sampled_from(NAMES + ["k", "messages"]), inner, max_size=4),
                    max_leaves=40)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(body=JSON, deep=st.integers(0, 40))
def test_the_review_sees_the_names_the_full_walk_sees(body, deep):
    for _ in range(deep):  # around the depth limit too
        body = {"sort": body} if deep % 2 else [body]
    request = ClientRequest("POST", f"{API}/chat/completions", body=body)
    names = frozenset(NAMES)
    expected = [(p, what, name, parent) for p, what, name, parent in _reference_sent(request)
                if what == "header" or name in names]
    assert deprecations._sent(request, names) == expected


@pytest.mark.parametrize("text, message", [
    ('{"log": {"entries": [' + "[" * 100_000 + "]" * 100_000 + "]}}", "JSON nested more than 256 levels deep"),
    ('{"log": {"entries": [{"request": {"method": "GET", "url": "\xff"}}]}}', "not UTF-8 text"),
    ("", "not valid JSON"),
])
def test_a_hostile_har_is_a_one_line_error(tmp_path, text, message, capsys):
    path = tmp_path / "hostile.har"
    path.write_bytes(text.encode("latin-1"))
    assert main(["validate", "--captures", str(path), "--spec", str(MINI_SPEC)]) == 2
    err = capsys.readouterr().err
    assert f"hostile.har: {message}" in err and "Traceback" not in err and len(err.strip().splitlines()) <= 2


def test_jobs_workers_read_the_docs_pages_too(tmp_path, mini_spec):
    from checker.docs.documented import Knowledge
    from checker.docs.facts import Fact

    fact = Fact(identifier="temperature", sentence="The temperature parameter is deprecated.", replacement="top_p",
                still_accepted=True, source="parameters", where="temperature", url="https://openrouter.ai/docs/p")
    capture = tmp_path / "c.jsonl"
    capture.write_text(line("POST", f"{API}/chat/completions", body=chat(temperature=0.5)) + "\n")
    parent = Validator(mini_spec, docs=Knowledge(facts=(fact,)))
    traffic._start_worker(parent.spec, parent.catalog, sorted(parent.hosts), parent.docs)  # as a worker starts
    found, count, _ = traffic._validate_part((str(capture), read_split(capture), None))
    codes = {f.code: f.location.pointer for f in found.findings()}
    assert count == 1 and codes.get("docs-deprecated-sent") == "/temperature"


def read_split(path: Path) -> Any:
    from checker.comply.captures import split_lines

    [part] = split_lines(path, 1)
    return part


def distinct_lines(count: int, seed: int = 15) -> list[str]:
    """Every line distinct, in a few contexts (method, URL, headers) with and without findings."""
    rng = random.Random(seed)
    contexts = [(AUTH, f"{API}/chat/completions"), ({"Content-Type": "application/json"}, f"{API}/chat/completions"),
                ({**AUTH, "X-Title": "App"}, f"{API}/chat/completions"), ({"Authorization": "Basic x"}, f"{API}/chat/completions"),
                (AUTH, f"{API}/chat/completions?x=1"), ({**AUTH, "X-OpenRouter-Categories": "Bad Name"}, f"{API}/chat/completions")]
    bodies = [lambda i: chat(f"question {i}"), lambda i: chat(f"q {i}", role="wizard"),
              lambda i: chat(f"q {i}", max_tokns=i), lambda i: f"{{not json {i}"]
    out = []
    for i in range(count):
        headers, url = rng.choice(contexts)
        out.append(line("POST", url, headers, rng.choice(bodies)(i)) if rng.random() < 0.9
                   else line("GET", f"{API}/models?limit={rng.choice(['many', '5'])}&n={i % 7}", headers))
    return out


def test_remembered_contexts_give_the_report_of_checking_every_context(tmp_path, mini_spec):
    paths = []
    for name in ("one.jsonl", "two.jsonl"):  # two captures: a context's findings carry the capture name
        paths.append(tmp_path / name)
        paths[-1].write_text("\n".join(distinct_lines(2500, seed=len(paths))) + "\n")
    memoised, checked = Validator(mini_spec), Validator(mini_spec)
    checked.memoise = False
    on = aggregated(lambda p, into: traffic.validate_lines(memoised, p, into=into), paths)
    off = aggregated(lambda p, into: traffic.validate_lines(checked, p, into=into), paths)
    assert on == off
    codes = {f["code"] for f in on}
    assert {"auth-header-missing", "auth-header-invalid", "header-deprecated", "parameter-invalid",
            "request-body-not-json", "request-body-invalid"} <= codes  # contexts with findings were relocated
    assert {f["location"]["source"] for f in on if f["code"] == "auth-header-missing"} == {"one.jsonl", "two.jsonl"}
    assert all(len(f["locations"]) == 5 for f in on if f["code"] == "auth-header-missing")


def test_contexts_stay_bounded_and_rebuild_what_they_forgot():
    from checker.comply.context import Contexts

    contexts, builds = Contexts(size=2), Counter()

    def seen(url: str) -> Any:
        request = ClientRequest.build("GET", url, AUTH, source="t.jsonl:1", capture="t.jsonl")
        return contexts.get(request, lambda: builds.update([url]) or (url, []))

    for url in ("a", "b", "a", "c", "a", "b"):
        seen(url)
    assert builds == Counter({"a": 2, "b": 2, "c": 1})  # full at c: all forgotten, a and b built again
    assert len(contexts._held) <= 2


def test_header_values_equal_only_as_numbers_stay_apart(tmp_path):
    from checker.comply.captures import JsonLines

    referers = [1, True, 1.0, "1", 1]  # equal as dict keys, three different header values
    path = tmp_path / "t.jsonl"
    path.write_text("".join(line("POST", f"{API}/chat/completions", {**AUTH, "HTTP-Referer": r}, chat()) + "\n"
                            for r in referers))
    capture = JsonLines(path)
    requests = [capture.request(n, raw, capture.record(n, raw)) for n, raw in capture.lines()]
    assert [r.headers.get("http-referer") for r in requests] == ["1", "True", "1.0", "1", "1"]
    assert requests[4].headers is requests[0].headers  # one Headers per distinct header object


_HEADER = st.sampled_from(["Authorization", "Content-Type", "X-Title", "HTTP-Referer", "X-OpenRouter-Categories",
                           "X-OpenRouter-Title", "User-Agent"])
_VALUE = st.sampled_from(["Bearer sk-or-v1-0000hyp0000", "Basic x", "", "application/json", "text/plain",
                          "https://app.example", "app", "Bad Name", "coding"])
_REQUEST = st.tuples(
    st.sampled_from(["GET", "POST", "DELETE"]),
    st.sampled_from([f"{API}/chat/completions", f"{API}/models", f"{API}/models?limit=x", f"{API}/nope", "http://[::1"]),
    st.dictionaries(_HEADER, _VALUE, max_size=4),
    st.sampled_from([None, chat(), chat(role="wizard"), "{not json", "[" * 200 + "]" * 200]),
    st.sampled_from([("a.jsonl", 3), ("b.har", None), (None, None)]),
)


@settings(max_examples=150, derandomize=True, deadline=None)
@given(st.lists(_REQUEST, min_size=1, max_size=12))
def test_a_remembered_context_gives_what_checking_it_again_gives(requests):
    memoised, checked = _validators()
    for number, (method, url, headers, body, (capture, line_no)) in enumerate(requests):
        where = {"source": f"{capture}:{number}", "capture": capture, "file": capture, "line": line_no} if capture \
            else {"source": f"payload-{number}.json"}
        request = ClientRequest.build(method, url, headers, "" if body is None else json.dumps(body)
                                      if not isinstance(body, str) else body, **where)
        assert [f.to_dict() for f in memoised.validate(request)] == [f.to_dict() for f in checked.validate(request)]


@functools.lru_cache(maxsize=1)
def _validators() -> tuple[Validator, Validator]:
    """One memoised validator for all examples (its contexts stay warm), one that checks every time."""
    spec = json.loads(MINI_SPEC.read_text())
    memoised, checked = Validator(spec), Validator(spec)
    checked.memoise = False
    return memoised, checked
