"""Unit tests of catalog relevance: which facts make a change breaking, and the grouping of
changes to unused models (hypothesis over mixes of used and unused models)."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from checker.models import Severity
from checker.profile.catalog_relevance import classify_catalog, group_unused
from checker.profile.model import FIELD, MODEL, VALUE, Fact, Origin, Profile
from checker.profile.relevance import apply_relevance
from checker.sources.catalog_diff import diff_catalogs
from checker.sources.catalog import normalise_model
from tests.catalog.fixtures import model

CAPTURE = Origin("capture", "c.jsonl", 1)


def profile(*facts: Fact) -> Profile:
    return Profile.of(CAPTURE, *facts)


def changes(before: dict, after: dict) -> list:
    return diff_catalogs("models", {before["id"]: normalise_model(before)}, {after["id"]: normalise_model(after)})


def test_max_completion_tokens_in_the_body_counts_as_sending_max_tokens():
    lost = changes(model("a/m"), model("a/m", params=["temperature"]))
    sends = profile(Fact(MODEL, "a/m"), Fact(FIELD, "max_completion_tokens", "POST /responses"))
    verdicts = {f.message.split("'")[3]: classify_catalog(f, sends)[2] for f in lost}
    assert verdicts["max_tokens"] is Severity.ERROR
    assert verdicts["tools"] is Severity.INFO and verdicts["top_p"] is Severity.INFO


def test_losing_image_output_matters_only_when_the_integration_asks_for_image_output():
    [lost] = changes(model("a/p", outputs=("image", "text")), model("a/p", outputs=("text",)))
    asks = profile(Fact(MODEL, "a/p"), Fact(VALUE, "image", "POST /chat/completions", scope="modalities"))
    assert classify_catalog(lost, asks)[2] is Severity.ERROR
    assert classify_catalog(lost, profile(Fact(MODEL, "a/p"), Fact(FIELD, "modalities")))[2] is Severity.INFO


def test_another_model_with_a_similar_id_does_not_make_a_change_used():
    [removed] = diff_catalogs("models", {"a/m-2": normalise_model(model("a/m-2"))}, {})
    relevance, facts, severity = classify_catalog(removed, profile(Fact(MODEL, "a/m")))
    assert (relevance, facts, severity) == ("context", [], Severity.INFO)


PRICES = ("0.000001", "0.000003")


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.dictionaries(st.from_regex(r"[a-z]{1,6}/[a-z0-9.:-]{1,8}", fullmatch=True),
                       st.tuples(st.booleans(), st.sampled_from(["price", "removed", "context"])), max_size=25))
def test_unused_changes_fold_into_one_finding_per_code_and_used_ones_stay_single(models):
    old = {m: normalise_model(model(m)) for m in models}
    new = {}
    for m, (_, change) in models.items():
        if change == "price":
            new[m] = normalise_model(model(m, prompt=PRICES[1]))
        elif change == "context":
            new[m] = normalise_model(model(m, context=1000))
    used = profile(*(Fact(MODEL, m) for m, (is_used, _) in models.items() if is_used))
    raw = diff_catalogs("models", old, new)
    out = group_unused(apply_relevance(raw, used))
    unused = [f for f in out if f.relevance == "context"]
    assert len({f.code for f in unused}) == len(unused)  # one per code
    assert sum(f.count for f in out) == len(raw)  # nothing lost, nothing counted twice
    for f in unused:
        assert f.severity is Severity.INFO
        ids = f.after if f.count > 1 else [f.message.split("'")[1]]
        assert all(not models[i][0] for i in ids)
    single = [f.message.split("'")[1] for f in out if f.relevance == "used"]
    assert sorted(single) == sorted(m for m, (is_used, _) in models.items() if is_used)
