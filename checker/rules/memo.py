"""Rule findings remembered by what they were computed from, in the user cache (checker.store.parsed).

Evaluating the rules is a pure function of the rule set and of the content the rules read: the
spec and the pages with their URLs. A run whose sources all answered 304 (a fresh clone of a
repository that commits its snapshots, or the same docs checked again) reads the same content as
the run before, so it reads that run's findings instead of walking the spec and normalising every
page again (a third of a quick run's own work). The key covers every field of every rule
(messages, hints, severities, files and lines are in the findings) and each source's content
hash as its kind computes it, with its URL, the checker version and the size and modification
time of the code that evaluates (an edited check function in a development checkout is a miss
too, without a version bump); any change is a miss. A damaged or foreign entry is a miss;
CHECKER_CACHE_DIR="" turns the memo off with the cache.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Callable, Iterable

from checker.models import Finding

if TYPE_CHECKING:
    from checker.rules.model import RuleSet

NAMESPACE = "rule-findings"
CODE = ("rules", "api", "urls.py", "models.py", "redact.py")  # what rule findings are computed by
Identity = tuple[str, str, str, str]  # source id, kind, content sha256, URL the content came from


def remembered(ruleset: RuleSet, identities: Iterable[Identity],
               evaluate: Callable[[], list[Finding]]) -> list[Finding]:
    """evaluate()'s findings, from the cache when the same rules last ran on the same content."""
    from checker.store.parsed import cached

    return cached(NAMESPACE, _key(ruleset, identities), evaluate, encode=lambda found: [f.to_dict() for f in found],
                  decode=_findings)


def recall(ruleset: RuleSet, identities: Iterable[Identity]) -> list[Finding] | None:
    """The remembered findings of the same rules on the same content, else None (nothing evaluated)."""
    from checker.store.parsed import recall as recall_cached

    hit = recall_cached(NAMESPACE, _key(ruleset, identities), _findings)
    return hit[0] if hit is not None else None


def _key(ruleset: RuleSet, identities: Iterable[Identity]) -> str:
    from checker.rules.load import encode_ruleset
    from checker.store.parsed import code_stamp, content_key

    rules = json.dumps(encode_ruleset(ruleset), sort_keys=True, ensure_ascii=False)
    inputs = [part for identity in sorted(identities) for part in identity]
    return content_key([NAMESPACE, rules, *code_stamp(CODE), *inputs])


def _findings(value: object) -> list[Finding]:
    if not isinstance(value, list):
        raise ValueError("not a list of findings")
    return [Finding.from_dict(data) for data in value]
