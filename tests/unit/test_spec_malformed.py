"""Malformed third-party specs: each malformed node is a spec-validity finding, nothing crashes."""
from __future__ import annotations

import gzip

import pytest
from hypothesis import HealthCheck, given, settings

from checker.api.document import MAX_SPEC_BYTES, gunzip, parse_spec
from checker.api.model import Spec
from checker.api.problems import MAX_DEPTH, find_problems
from checker.api.validity import check_validity, structural_findings
from checker.comply.validator import Validator
from checker.diff.spec import diff_specs
from checker.errors import InputError
from tests.spec_fuzz import TARGETS, mutated_specs, nested, seed_spec

CHAT = "/paths/~1chat~1completions/post"
URL = "https://openrouter.ai/api/v1/chat/completions"
BODY = {"model": "openai/gpt-4", "messages": [{"role": "user", "content": "hi"}]}
HEADERS = {"Authorization": "Bearer x", "Content-Type": "application/json"}


def chat_op(doc: dict) -> dict:
    return doc["paths"]["/chat/completions"]["post"]


def with_tags_null(doc):
    chat_op(doc)["tags"] = [None]
    return f"{CHAT}/tags/0"


def with_summary_5(doc):
    chat_op(doc)["summary"] = 5
    return f"{CHAT}/summary"


def with_ref_list(doc):
    doc["components"]["schemas"]["ChatRequest"]["properties"]["model"] = {"$ref": []}
    return "/components/schemas/ChatRequest/properties/model/$ref"


def with_type_false(doc):
    doc["components"]["schemas"]["ChatRequest"]["properties"]["model"]["type"] = False
    return "/components/schemas/ChatRequest/properties/model/type"


def with_components_true(doc):
    doc["components"] = True
    return "/components"


def with_self_ref(doc):
    doc["components"]["schemas"]["ChatRequest"] = {"$ref": "#/components/schemas/ChatRequest", "type": "object"}
    return "/components/schemas/ChatRequest/$ref"


def with_dangling_ref(doc):
    chat_op(doc)["requestBody"]["content"]["application/json"]["schema"] = {"$ref": "#/components/schemas/Gone"}
    return f"{CHAT}/requestBody/content/application~1json/schema/$ref"


def with_security_true(doc):
    chat_op(doc)["security"] = True
    return f"{CHAT}/security"


def with_request_body_5(doc):
    chat_op(doc)["requestBody"] = 5
    return f"{CHAT}/requestBody"


CASES = {
    "tags: [null]": (with_tags_null, "spec-malformed-node"),
    "summary: 5": (with_summary_5, "spec-malformed-node"),
    '"$ref": []': (with_ref_list, "spec-malformed-node"),
    '"type": false': (with_type_false, "spec-malformed-node"),
    "components: true": (with_components_true, "spec-malformed-node"),
    "sibling $ref to itself": (with_self_ref, "spec-ref-cycle"),
    "dangling $ref": (with_dangling_ref, "spec-ref-unresolved"),
    "security: true": (with_security_true, "spec-malformed-node"),
    "requestBody: 5": (with_request_body_5, "spec-malformed-node"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_malformed_node_is_one_warning_with_its_pointer(case):
    plant, code = CASES[case]
    doc = seed_spec()
    pointer = plant(doc)
    findings = structural_findings(doc)
    assert [(f.kind, f.code, f.severity, f.location.pointer) for f in findings][:1] == [
        ("spec-validity", code, "warning", pointer)]
    rest = {(f.code, f.location.pointer.rsplit("/", 1)[-1]) for f in findings[1:]}
    assert rest <= {("spec-ref-unresolved", "$ref"), ("spec-ref-cycle", "$ref")}  # refs into it, if any
    assert len(findings) == 1 or case in ("components: true", "sibling $ref to itself")


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_diff_and_validate_go_on_past_a_malformed_node(case):
    plant, _ = CASES[case]
    good, bad = seed_spec(), seed_spec()
    plant(bad)
    del bad["paths"]["/providers"]  # a real change elsewhere: still reported
    removed = [f for f in diff_specs(good, bad) if f.code == "api-path-removed"]
    assert [f.location.operation for f in removed] == ["GET /providers"]
    unknown = Validator(bad).check("GET", "https://openrouter.ai/api/v1/providers", HEADERS)
    assert [f.code for f in unknown] == ["operation-unknown"]
    no_auth = Validator(bad).check("POST", URL, {"Content-Type": "application/json"}, BODY)
    assert "auth-header-missing" in {f.code for f in no_auth}  # the other checks still run


def test_the_real_shape_of_the_seed_has_no_problems():
    assert find_problems(seed_spec()) == []


def test_a_dangling_ref_in_a_stored_spec_leaves_the_other_checks_working():
    doc = seed_spec()
    with_dangling_ref(doc)
    findings = Validator(doc).check("POST", URL, HEADERS, {**BODY, "max_tokens": "many"})
    assert findings == []  # the body schema is unknown: nothing to check it against
    wrong_method = Validator(doc).check("DELETE", URL, HEADERS, BODY)
    assert [f.code for f in wrong_method] == ["operation-unknown"]


def test_validity_entry_point_lists_malformed_nodes_before_the_validator(tmp_path):
    doc = seed_spec()
    with_summary_5(doc)
    findings = check_validity(doc, cache_dir=tmp_path)
    assert findings[0].code == "spec-malformed-node"
    assert findings[0].location.pointer == f"{CHAT}/summary"


def test_the_model_reads_malformed_fields_as_absent():
    doc = seed_spec()
    chat_op(doc)["tags"] = [None, "Chat", 5]
    chat_op(doc)["summary"] = 5
    op = Spec(doc).operation("post", "/chat/completions")
    assert op.tags == ("Chat",)
    assert op.summary is None
    assert op.page == "https://openrouter.ai/docs/api_reference/overview"


@pytest.mark.parametrize("how", ["properties", "items", "allOf"])
def test_deep_nesting_is_cut_off_with_a_finding(how):
    old, new = seed_spec(), seed_spec()
    old["components"]["schemas"]["Deep"] = nested(450, how)
    deep = new["components"]["schemas"]["Deep"] = nested(450, how)
    shallow = {"type": "object", "properties": {"x": {"type": "string"}}}
    deep.setdefault("properties", {})["x"] = shallow  # a change near the top is still seen
    for doc in (old, new):
        chat_op(doc)["requestBody"]["content"]["application/json"]["schema"] = {"$ref": "#/components/schemas/Deep"}
    found = diff_specs(old, new)
    assert "new-optional-request-property" in {f.code for f in found}
    problems = structural_findings(new)
    assert [f.code for f in problems] == ["spec-too-deep"]
    assert problems[0].location.pointer.startswith("/components/schemas/Deep/")
    assert problems[0].location.pointer.count("/") == MAX_DEPTH + 1
    for target in TARGETS.values():
        target(old, new)


def test_a_change_above_the_depth_cap_is_reported_in_a_deep_spec():
    old, new = seed_spec(), seed_spec()
    old["components"]["schemas"]["ChatRequest"]["properties"]["deep"] = nested(450, "properties")
    new["components"]["schemas"]["ChatRequest"]["properties"]["deep"] = nested(450, "properties")
    del new["components"]["schemas"]["ChatRequest"]["properties"]["model"]
    codes = {f.code for f in diff_specs(old, new)}
    assert "request-property-removed" in codes


def test_gzip_inflating_past_the_cap_is_refused_naming_the_input():
    bomb = gzip.compress(b" " * (MAX_SPEC_BYTES + 1))
    with pytest.raises(InputError, match=r"^bomb\.json\.gz: gzip data inflates to more than 64 MiB"):
        parse_spec(bomb, "bomb.json.gz")


def test_gzip_under_the_cap_and_multi_member_inflate_completely():
    data = b'{"openapi": "3.1.0", "paths": {}}'
    assert gunzip(gzip.compress(data), "x") == data
    assert gunzip(gzip.compress(data[:10]) + gzip.compress(data[10:]), "x") == data
    with pytest.raises(InputError, match="truncated"):
        gunzip(gzip.compress(data)[:-6], "spec.json.gz")


def test_a_document_nested_past_the_parser_is_an_input_error():
    deep = '{"openapi": "3.1.0", "paths": {}, "x": ' + "[" * 5000 + "]" * 5000 + "}"
    with pytest.raises(InputError, match="deep.json: "):
        parse_spec(deep.encode(), "deep.json")


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(mutated_specs())
def test_mutated_specs_crash_no_stage(doc):
    seed = seed_spec()
    for target in TARGETS.values():
        target(seed, doc)
    for finding in structural_findings(doc):
        assert finding.kind == "spec-validity" and finding.location.pointer is not None


def test_checker_diff_reports_malformed_nodes_of_new_and_goes_on(tmp_path, capsys):
    import json

    from checker.cli import main

    old, new = seed_spec(), seed_spec()
    with_tags_null(new)
    with_ref_list(new)
    del new["paths"]["/providers"]
    (tmp_path / "old.json").write_text(json.dumps(old))
    (tmp_path / "new.json").write_text(json.dumps(new))
    code = main(["diff", str(tmp_path / "old.json"), str(tmp_path / "new.json"), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1  # the removed operation is an error
    validity = sorted((f["code"], f["location"]["pointer"]) for f in report["findings"] if f["kind"] == "spec-validity")
    assert validity == [("spec-malformed-node", "/components/schemas/ChatRequest/properties/model/$ref"),
                        ("spec-malformed-node", f"{CHAT}/tags/0")]
    assert "api-path-removed" in {f["code"] for f in report["findings"]}


def test_loader_turns_hostile_bytes_into_input_errors():
    from hypothesis import strategies as st

    @settings(max_examples=150, deadline=None, derandomize=True, database=None)
    @given(st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode),
                     st.binary(max_size=200).map(gzip.compress)))
    def check(data):
        try:
            doc = parse_spec(data, "hostile.json")
        except InputError as exc:
            assert exc.message.startswith("hostile.json: ") and "\n" not in exc.message
        else:
            assert isinstance(doc, dict) and isinstance(doc["paths"], dict)

    check()


def test_stub_samples_survive_hostile_sizes_and_a_boolean_required():
    from checker.comply.compile import compile_spec
    from checker.record.samples import generate

    doc = seed_spec()
    doc["components"]["schemas"]["Odd"] = {"type": "object", "required": True,
                                           "properties": {"x": {"type": "string"}}}
    doc["components"]["schemas"]["Huge"] = {"type": "object", "required": ["xs", "s"], "properties": {
        "xs": {"type": "array", "minItems": 10 ** 12, "items": {"type": "integer"}},
        "s": {"type": "string", "minLength": 10 ** 12}}}
    compiled = compile_spec(doc)
    assert generate(compiled, compiled.schema_at("/components/schemas/Odd"), 0) == {}
    huge = generate(compiled, compiled.schema_at("/components/schemas/Huge"), 0)
    assert huge["xs"] == [0] * 1024 and len(huge["s"]) == 1024


def test_a_bad_ref_written_in_several_places_is_reported_at_each_with_its_own_pointer():
    doc = {"openapi": "3.1.0", "paths": {}, "components": {"schemas": {
        "A": {"$ref": "#/components/schemas/Gone"}, "B": {"$ref": "#/components/schemas/A~1Loop"},
        "A/Loop": {"$ref": "#/components/schemas/A~1Loop"},
        "C": {"type": "object", "properties": {
            "x/y": {"$ref": "#/components/schemas/Gone"},
            "z": {"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/Gone"}]},
            "ok": {"$ref": "#/components/schemas/A"}}}}}}
    found = {(p.code, p.pointer, p.message) for p in find_problems(doc)}
    gone = "'#/components/schemas/Gone', which does not exist"
    loop = "leads into a loop of $refs that never reaches a schema"
    assert found == {
        ("spec-ref-unresolved", "/components/schemas/A/$ref", f"/components/schemas/A/$ref points at {gone}"),
        ("spec-ref-unresolved", "/components/schemas/C/properties/x~1y/$ref",
         f"/components/schemas/C/properties/x~1y/$ref points at {gone}"),
        ("spec-ref-unresolved", "/components/schemas/C/properties/z/anyOf/1/$ref",
         f"/components/schemas/C/properties/z/anyOf/1/$ref points at {gone}"),
        ("spec-ref-unresolved", "/components/schemas/C/properties/ok/$ref",  # through A: the chain's end
         f"/components/schemas/C/properties/ok/$ref points at {gone}"),
        ("spec-ref-cycle", "/components/schemas/B/$ref", f"/components/schemas/B/$ref {loop}"),
        ("spec-ref-cycle", "/components/schemas/A~1Loop/$ref", f"/components/schemas/A~1Loop/$ref {loop}"),
    }


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(mutated_specs())
def test_each_reported_pointer_leads_to_what_it_reports(doc):
    from checker.api.pointer import resolve

    for problem in find_problems(doc):  # the walk's: a $ref or a type there (a missing `name` has no value)
        parent, _, last = problem.pointer.rpartition("/")
        if last not in ("$ref", "type"):
            continue
        holder = resolve(doc, parent)
        assert isinstance(holder, (dict, list)), problem
        key = int(last) if isinstance(holder, list) else last.replace("~1", "/").replace("~0", "~")
        assert key in (range(len(holder)) if isinstance(holder, list) else holder), problem
        if problem.code in ("spec-ref-unresolved", "spec-ref-cycle"):
            assert last == "$ref" and problem.message.startswith(problem.pointer + " ")
