"""The findings fixture every reporter is fed: one of each kind a run produces."""
from __future__ import annotations

from datetime import datetime, timezone

from checker.models import Finding, Kind, Location, Report, Severity, SourceResult

PAGE = "https://openrouter.ai/docs/api_reference/streaming"
OP_URL = "https://openrouter.ai/docs/api/api-reference/chat/send-a-chat-completion-request"


def sample_findings() -> list[Finding]:
    return [
        Finding(kind=Kind.SPEC, code="request-property-removed", severity=Severity.ERROR,
                message="POST /chat/completions: request property 'transforms' was removed",
                official_url=OP_URL,
                location=Location(source="openapi", pointer="/properties/transforms",
                                  operation="POST /chat/completions"),
                before={"type": "array", "items": {"type": "string"}}, after=None),
        Finding(kind=Kind.PAGE, code="page-section-changed", severity=Severity.ERROR,
                message="api_reference/streaming: section 'Stream cancellation' changed",
                official_url=PAGE + "#stream-cancellation",
                location=Location(source="api_reference/streaming", section="Stream cancellation"),
                before="Cancel a stream by aborting the request.\nSupported providers: OpenAI, Anthropic.",
                after="Cancel a stream by aborting the request.\nSupported providers: OpenAI only.\n<b>&amp; more</b>"),
        Finding(kind=Kind.RULE, code="page-phrase-missing", severity=Severity.WARNING,
                message="streaming-comments: the page no longer mentions ': OPENROUTER PROCESSING', a comment, line",
                official_url=PAGE + "#comments",
                location=Location(source="api_reference/streaming", section="Comments",
                                  file="rules/openrouter/streaming.yaml", line=12)),
        Finding(kind=Kind.CLIENT, code="header-deprecated", severity=Severity.WARNING,
                message="request 3 sends the legacy header X-Title; use X-OpenRouter-Title",
                official_url="https://openrouter.ai/docs/app-attribution#headers",
                location=Location(source="captures.jsonl#3", pointer="/headers/X-Title",
                                  file="tests/captures.jsonl", line=3)),
        Finding(kind=Kind.FETCH, code="fetch-timeout", severity=Severity.WARNING,
                message="changelog: timed out after 15 s; the stored snapshot was used",
                official_url="https://openrouter.ai/docs/changelog",
                location=Location(source="changelog")),
        Finding(kind=Kind.SPEC, code="response-property-enum-value-added", severity=Severity.INFO,
                message="ProviderName gained 'NewCo'", official_url=OP_URL,
                location=Location(source="openapi", pointer="/components/schemas/ProviderName/enum",
                                  operation="POST /chat/completions"),
                before=None, after="NewCo"),
    ]


def sample_report() -> Report:
    sources = [
        SourceResult(id="openapi", url="https://openrouter.ai/openapi.json", status="changed", http_status=200,
                     final_url="https://openrouter.ai/openapi.json", sha256="a" * 64),
        SourceResult(id="api_reference/streaming", url=PAGE, status="changed", http_status=200,
                     final_url=PAGE, sha256="b" * 64),
        SourceResult(id="app-attribution", url="https://openrouter.ai/docs/app-attribution", status="unchanged",
                     http_status=304, final_url="https://openrouter.ai/docs/app-attribution", sha256="c" * 64),
        SourceResult(id="changelog", url="https://openrouter.ai/docs/changelog", status="error",
                     error="changelog: timed out after 15 s"),
    ]
    return Report(mode="full", started_at=datetime(2026, 8, 22, 3, 0, tzinfo=timezone.utc), target="openrouter",
                  duration_ms=1234, sources=sources, findings=sample_findings(),
                  notes=["snapshot taken 2.0 d ago"])
