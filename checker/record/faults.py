"""`checker record --fault KIND@N` (and the pytest plugin's --checker-fault): break the Nth request on purpose,
then report what the client did.

KIND is an HTTP error status (429 and 503 carry `Retry-After`) or `mid-stream-error` (a streamed
answer that stops with the error event OpenRouter sends after tokens went out). A client that
resends the same request counts as retrying; how long it waited is compared with `Retry-After`.
"""
from __future__ import annotations

import json
import re
from typing import Sequence

from msgspec import Struct

from checker.comply.request import ClientRequest, client_finding
from checker.errors import ConfigError
from checker.models import Finding, Severity

MID_STREAM = "mid-stream-error"
RETRY_AFTER = 1  # seconds: long enough to tell waiting from not waiting, short enough for a test suite
_SYNTAX = re.compile(r"^(?P<kind>[45]\d\d|mid-stream-error)@(?P<at>[1-9]\d{0,5})$")
_DOCS = "https://openrouter.ai/docs/api_reference"
ERRORS_PAGE = f"{_DOCS}/errors-and-debugging"
STREAM_ERRORS_PAGE = f"{_DOCS}/streaming#errors-after-tokens-have-been-sent-mid-stream"


class Fault(Struct, frozen=True):
    kind: str  # "429", "503", ... or MID_STREAM
    at: int  # the request number it breaks, from 1

    @property
    def status(self) -> int | None:
        return None if self.kind == MID_STREAM else int(self.kind)

    @property
    def retry_after(self) -> int | None:
        return RETRY_AFTER if self.status in (429, 503) else None


def parse_fault(text: str, flag: str = "--fault") -> Fault:
    """`flag`: how the user wrote it (the pytest plugin's option is --checker-fault), for the error."""
    found = _SYNTAX.match(text.strip()) if isinstance(text, str) else None
    if not found:
        raise ConfigError(f"{flag} must be STATUS@N or {MID_STREAM}@N, got '{str(text)[:40]}'",
                          "e.g. 429@2 or mid-stream-error@3 (N counts requests from 1)")
    return Fault(found["kind"], int(found["at"]))


def fault_for(faults: Sequence[Fault], number: int) -> Fault | None:
    return next((f for f in faults if f.at == number), None)


def error_answer(fault: Fault) -> tuple[int, str, bytes, list[tuple[str, str]]]:
    """The injected HTTP error: OpenRouter's error body, and Retry-After where the status has one."""
    status = fault.status or 500
    body = {"error": {"code": status, "message": f"injected by checker: fault {fault.kind}@{fault.at}"}}
    headers = [("Retry-After", str(fault.retry_after))] if fault.retry_after else []
    return status, "application/json", json.dumps(body).encode(), headers


def judge(faults: Sequence[Fault], requests: Sequence[ClientRequest], times: Sequence[float],
          injected: set[int]) -> list[Finding]:
    """One finding per fault: what the client did after it (retried, how soon, or not at all)."""
    out: list[Finding] = []
    for fault in faults:
        if fault.at not in injected:
            why = (f"the client sent {len(requests)} request(s)" if fault.at > len(requests) else
                   f"request #{fault.at} got no streamed chat or Responses answer" if fault.status is None else
                   f"request #{fault.at} was sent before the fault was added")  # openrouter_stub.fault() too late
            out.append(_finding(requests, fault, "fault-not-reached", Severity.INFO,
                                f"{why}: the fault {fault.kind}@{fault.at} was never injected"))
            continue
        broken, after = requests[fault.at - 1], requests[fault.at] if fault.at < len(requests) else None
        what = f"the injected {fault.kind} on request #{fault.at}"
        if after is None or (after.method, after.url, after.body) != (broken.method, broken.url, broken.body):
            out.append(_finding(requests, fault, "fault-not-retried", Severity.INFO,
                                f"the client did not resend the request after {what}"))
            continue
        waited = times[fault.at] - times[fault.at - 1]
        if fault.retry_after is not None and waited < fault.retry_after:
            out.append(_finding(requests, fault, "fault-retry-too-soon", Severity.WARNING,
                                f"the client resent the request {waited:.2f} s after {what}, before its "
                                f"Retry-After: {fault.retry_after} elapsed"))
            continue
        wait = f"; Retry-After: {fault.retry_after} was honoured" if fault.retry_after is not None else ""
        out.append(_finding(requests, fault, "fault-retried", Severity.INFO,
                            f"the client resent the request {waited:.2f} s after {what}{wait}"))
    return out


def _finding(requests: Sequence[ClientRequest], fault: Fault, code: str, severity: Severity,
             message: str) -> Finding:
    page = STREAM_ERRORS_PAGE if fault.kind == MID_STREAM else ERRORS_PAGE
    request = requests[min(fault.at, len(requests)) - 1] if requests else ClientRequest("GET", "", source="record")
    return client_finding(request, code, severity, message, page, after=f"{fault.kind}@{fault.at}")
