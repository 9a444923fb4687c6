"""Which docs claims touch what the integration sends (checker.docs.used), through apply_relevance."""
from __future__ import annotations

from checker.models import Finding, Kind, Location, Severity
from checker.profile import Fact, Origin, Profile, apply_relevance

CHAT = "POST /chat/completions"
SENT = Origin("capture", "caps.jsonl", 1)


def profile(*facts: Fact) -> Profile:
    return Profile.of(SENT, *facts)


def claim(code: str, after: dict, operation: str | None = CHAT) -> Finding:
    return Finding(kind=Kind.PAGE, code=code, severity=Severity.INFO, message="m",
                   official_url="https://openrouter.ai/docs/x", location=Location(source="x", operation=operation),
                   after=after)


def judged(finding: Finding, p: Profile) -> tuple[str, str]:
    [out] = apply_relevance([finding], p)
    return out.severity.value, out.relevance


def sent_fields(*paths: str) -> Profile:
    return profile(*(Fact("field", path, CHAT) for path in paths))


def test_an_example_field_is_used_when_the_field_or_the_object_holding_it_is_sent():
    wrong = claim("docs-example-invalid", {"example_pointer": "/provider/max_price/prompt"})
    assert judged(wrong, sent_fields("provider", "provider.max_price")) == ("warning", "used")
    assert judged(wrong, sent_fields("provider", "provider.max_price", "provider.max_price.prompt")) == (
        "warning", "used")
    assert judged(wrong, sent_fields("provider", "provider.sort")) == ("info", "context")  # a sibling only
    top = claim("docs-example-invalid", {"example_pointer": "/messages/0/role"})
    assert judged(top, sent_fields("messages", "messages.role")) == ("warning", "used")  # array index skipped


def test_a_field_sent_to_another_operation_does_not_count():
    wrong = claim("docs-example-invalid", {"example_pointer": "/temperature"})
    other = profile(Fact("field", "temperature", "POST /responses"))
    assert judged(wrong, other) == ("info", "context")
    assert judged(wrong, sent_fields("temperature")) == ("warning", "used")


def test_a_header_mismatch_is_used_when_the_header_is_sent_whatever_its_case():
    mismatch = claim("docs-spec-mismatch", {"header": "X-OpenRouter-Title", "only_in": "docs"}, operation=None)
    assert judged(mismatch, profile(Fact("header", "x-openrouter-title"))) == ("warning", "used")
    assert judged(mismatch, profile(Fact("header", "http-referer"))) == ("info", "context")


def test_an_enum_value_mismatch_needs_the_value_sent_not_just_the_field():
    mismatch = claim("docs-spec-mismatch", {"field": "reasoning_effort", "values": ["xhigh"], "only_in": "docs"})
    field = Fact("field", "reasoning_effort", CHAT)
    assert judged(mismatch, profile(field, Fact("value", "low", CHAT, scope="reasoning_effort"))) == (
        "info", "context")
    assert judged(mismatch, profile(field, Fact("value", "xhigh", CHAT, scope="reasoning_effort"))) == (
        "warning", "used")


def test_a_new_deprecation_is_used_when_its_identifier_is_a_sent_field_value_or_header():
    def new(identifier: str) -> Finding:
        return claim("docs-deprecation-new", {"identifier": identifier, "replacement": None, "sentence": "s"})

    assert judged(new("max_price"), sent_fields("provider", "provider.max_price")) == ("warning", "used")
    assert judged(new("pdf-text"), profile(Fact("value", "pdf-text", CHAT, scope="plugins.pdf.engine"))) == (
        "warning", "used")
    assert judged(new("X-Title"), profile(Fact("header", "x-title"))) == ("warning", "used")
    assert judged(new("price"), sent_fields("provider", "provider.max_price")) == ("info", "context")
