"""Fingerprints of spec-diff findings do not depend on where things sit in the documents."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from checker.diff.spec import diff_specs

S, INT = {"type": "string"}, {"type": "integer"}
NAMES = [f"/r{i}" for i in range(4)]


def doc(order: list[str], changed: bool, prop_order: list[str]) -> dict:
    props = {name: (INT if changed and name == "p1" else S) for name in prop_order}
    schema = {"type": "object", "properties": props}
    paths = {path: {"post": {"summary": f"Op {path}", "tags": ["T"], "requestBody": {"content": {
        "application/json": {"schema": schema}}}, "responses": {"200": {"description": "ok"}}}}
        for path in order}
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths}


def fingerprints(order: list[str], prop_order: list[str]) -> set[tuple[str, str]]:
    old = doc(NAMES, False, ["p0", "p1", "p2"])
    return {(f.location.operation, f.fingerprint) for f in diff_specs(old, doc(order, True, prop_order))}


@settings(max_examples=25, derandomize=True, deadline=None)
@given(st.permutations(NAMES), st.permutations(["p0", "p1", "p2"]))
def test_fingerprints_do_not_depend_on_operation_or_property_order(order: list[str], prop_order: list[str]):
    assert fingerprints(order, prop_order) == fingerprints(NAMES, ["p0", "p1", "p2"])
    assert len(fingerprints(order, prop_order)) == len(NAMES)


# -- list positions (parameters, union members) do not enter the fingerprint ----------------
from tests.unit.spec_builders import api, obj  # noqa: E402

def param(name: str, schema: dict = S, where: str = "query") -> dict:
    return {"name": name, "in": where, "schema": schema}


def by_code(old: dict, new: dict, added: str = "") -> dict[str, str]:
    """code -> fingerprint, leaving out the `added` items; each other code occurs once."""
    found = [f for f in diff_specs(old, new) if f.code != added]
    assert len({f.code for f in found}) == len(found)
    return {f.code: f.fingerprint for f in found}


def params_pair(before: list[str], after: list[str]) -> tuple[dict, dict]:
    """limit changes type, gone is removed; `before`/`after` order the other parameters."""
    old = [param(n) for n in before] + [param("limit"), param("gone")]
    new = [param(n) for n in after] + [param("limit", INT)]
    return api(params=old), api(params=new)


@settings(max_examples=20, derandomize=True, deadline=None)
@given(st.permutations(["a", "b", "c", "limit", "gone"]), st.permutations(["a", "b", "c", "limit"]),
       st.integers(0, 3))
def test_parameter_findings_keep_their_fingerprint_when_parameters_move(old_order, new_order, extra):
    def doc(order: list[str], changed: bool, inserted: int = 0) -> dict:
        params = [param(f"new{i}") for i in range(inserted)]
        params += [param(n, INT if changed and n == "limit" else S) for n in order]
        return api(params=params)
    base = by_code(doc(["a", "b", "c", "limit", "gone"], False), doc(["a", "b", "c", "limit"], True))
    moved = by_code(doc(old_order, False), doc(new_order, True, extra), "new-optional-request-parameter")
    assert moved == base
    assert set(base) == {"request-parameter-type-changed", "request-parameter-removed"}


def test_parameter_pointer_still_names_the_list_index():
    old = api(params=[param("a"), param("limit")])
    new = api(params=[param("limit", INT), param("a")])
    (finding,) = diff_specs(old, new)
    assert finding.location.pointer == "/paths/~1things/post/parameters/0/schema"


def test_same_change_to_two_parameters_gives_two_fingerprints():
    old = api(params=[param("a"), param("b"), param("a", where="header")])
    new = api(params=[param("a", INT), param("b", INT), param("a", INT, where="header")])
    found = diff_specs(old, new)
    assert len(found) == 3
    assert len({f.fingerprint for f in found}) == 3


def member(kind: str, x: dict = S) -> dict:
    return {"type": "object", "properties": {"type": {"const": kind}, "x": x}}


def union(names: list[str], changed: bool, extra: int = 0) -> dict:
    """oneOf members tagged by `type`; member b's property x is an integer when `changed`."""
    members = [member(f"new{i}") for i in range(extra)]
    members += [member(n, INT if changed and n == "b" else S) for n in names]
    return api(body=obj(p={"oneOf": members}))


@settings(max_examples=20, derandomize=True, deadline=None)
@given(st.permutations(["a", "b", "c"]), st.permutations(["a", "b", "c"]), st.integers(0, 2))
def test_change_inside_a_union_member_keeps_its_fingerprint_when_members_move(old, new, inserted):
    base = by_code(union(["a", "b", "c"], False), union(["a", "b", "c"], True))
    moved = by_code(union(old, False), union(new, True, inserted), "request-property-one-of-added")
    assert moved == base
    assert set(base) == {"request-property-type-changed"}


@settings(max_examples=10, derandomize=True, deadline=None)
@given(st.permutations(["a", "b", "c"]))
def test_removed_union_member_keeps_its_fingerprint_when_members_move(order):
    base = by_code(union(["a", "b", "c"], False), union(["a", "b"], False))
    assert by_code(union(order, False), union([n for n in order if n != "c"], False)) == base
    assert set(base) == {"request-property-one-of-removed"}


def test_members_without_identity_keep_distinct_fingerprints():
    """Two untagged object members changed alike: the n-th of equal identities stays apart."""
    def doc(kind: dict) -> dict:
        return api(body=obj(p={"anyOf": [obj(x=kind), obj(y=kind)]}))
    found = diff_specs(doc(S), doc(INT))
    assert [f.code for f in found] == ["request-property-type-changed"] * 2
    assert len({f.fingerprint for f in found}) == 2


def test_fingerprint_of_a_pointer_without_list_positions_is_unchanged():
    from checker.models import fingerprint_of

    (finding,) = diff_specs(api(body=obj(a=S)), api(body=obj(a=INT)))
    assert finding.fingerprint == fingerprint_of(finding)


def test_no_two_findings_of_a_real_history_pair_share_a_fingerprint():
    import pytest

    from tests.acceptance.test_spec_diff_corpus import CORPUS, diff, snapshots

    shorts = snapshots()
    if not shorts:
        pytest.skip(f"corpus absent: {CORPUS} (set CHECKER_SHARED)")
    for old, new in [*zip(shorts, shorts[1:]), (shorts[0], shorts[-1])]:
        prints = [f.fingerprint for f in diff(old, new)]
        assert len(set(prints)) == len(prints), (old, new)


PLACES = st.lists(st.tuples(st.sampled_from(["query", "header", "cookie"]), st.sampled_from("abcd")),
                  min_size=1, max_size=8, unique=True)


@settings(max_examples=30, derandomize=True, deadline=None)
@given(PLACES, st.data())
def test_random_parameter_changes_get_distinct_fingerprints_whatever_the_order(places, data):
    """Each parameter is kept, retyped or removed; the new list is shuffled: the findings'
    fingerprints are those of the unshuffled run, one per change."""
    fate = {p: data.draw(st.sampled_from(["keep", "retype", "remove"])) for p in places}
    old = [param(name, S, where) for where, name in places]
    new = [param(name, INT if fate[(where, name)] == "retype" else S, where)
           for where, name in places if fate[(where, name)] != "remove"]
    shuffled = data.draw(st.permutations(new))
    found = diff_specs(api(params=old), api(params=shuffled))
    prints = [f.fingerprint for f in found]
    assert len(set(prints)) == len(prints) == sum(f != "keep" for f in fate.values())
    assert sorted(prints) == sorted(f.fingerprint for f in diff_specs(api(params=old), api(params=new)))
