"""On the real history: the oldest -> newest spec diff, classified by the repository's rules profile."""
from __future__ import annotations

import gzip
import json
from collections import Counter

import pytest

from checker.diff.spec import diff_specs
from checker.profile import apply_relevance
from checker.profile.from_rules import profile_from_rules
from checker.rules.load import load_rules
from tests.comply.conftest import corpus_specs


@pytest.fixture(scope="module")
def classified():
    specs = corpus_specs()
    if len(specs) < 2:
        pytest.skip("the real corpus (CHECKER_SHARED/corpus/openrouter/specs) is absent")
    old, new = (json.loads(gzip.decompress(p.read_bytes())) for p in (specs[0], specs[-1]))
    profile = profile_from_rules(load_rules(None, "openrouter"))
    return profile, apply_relevance(diff_specs(old, new), profile)


def test_findings_on_rule_operations_are_used_or_called_and_most_others_context(classified):
    profile, findings = classified
    ops = profile.operations()
    on_rule_ops = [f for f in findings if f.location.operation in ops]
    elsewhere = [f for f in findings if f.location.operation not in ops]
    assert on_rule_ops and all(f.relevance in ("used", "called") for f in on_rule_ops)
    assert any(f.relevance == "used" for f in on_rule_ops)
    assert Counter(f.relevance for f in elsewhere)["context"] >= 0.9 * len(elsewhere)


def test_only_used_breaks_stay_errors_and_say_why(classified):
    _, findings = classified
    errors = [f for f in findings if f.severity.value == "error"]
    assert all(f.relevance == "used" and f.relevant_because for f in errors)
    # a provider removed from the known names the provider-ignore rule relies on (Hyperbolic, in this
    # history): advisory (info), since provider.ignore also takes any string (issue 13), yet still used
    lost = [f for f in findings if "provider.ignore" in f.message and "lost enum value" in f.message
            and f.relevance == "used"]
    assert lost and all(f.severity.value == "info" and "provider-ignore" in f.relevant_because[0] for f in lost)
    assert sum(f.relevance == "context" for f in findings) > len(findings) / 2
