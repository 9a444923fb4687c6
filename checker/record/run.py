"""Run a client command against the loopback stub and collect what it sent."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from typing import Any, Sequence

from msgspec import Struct, field

from checker.comply.request import ClientRequest
from checker.models import Finding
from checker.record.faults import Fault
from checker.record.stub import Stub
from checker.errors import ConfigError, InputError


class Recording(Struct):
    code: int  # the command's exit code
    requests: list[ClientRequest]
    base_url: str  # where the stub listened
    fault_findings: list[Finding] = field(default_factory=list)  # what the client did about each --fault


def record_client(command: Sequence[str], spec: dict[str, Any], *, port: int = 0,
                  timeout: float | None = None, faults: Sequence[Fault] = (),
                  models: list[dict[str, Any]] | None = None) -> Recording:
    if not command:
        raise ConfigError("no command to run", "usage: checker record [options] -- COMMAND [ARGS...]")
    if not 0 <= port <= 65535:
        raise ConfigError(f"--port must be 0-65535, got {port}", "0 picks any free port")
    try:
        stub = Stub(spec, port=port, faults=faults, models=models)
    except OSError as exc:
        raise ConfigError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}",
                          "choose another --port, or 0 for any free port") from None
    with stub:
        env = {**os.environ, **stub.env()}
        try:
            completed = subprocess.run(list(command), env=env, timeout=timeout, check=False, stdout=_report_free())
        except FileNotFoundError:
            raise InputError(f"command not found: {command[0]}", "check the command after --") from None
        except subprocess.TimeoutExpired:
            raise InputError(f"command timed out after {timeout} s: {command[0]}") from None
        requests = list(stub.requests)
        return Recording(completed.returncode, requests, stub.base_url, stub.fault_findings())


def _report_free() -> int | None:
    """Where the command's stdout goes: checker's stderr, so a report on stdout (`--format json`) stays
    parseable; None (inherit) when stderr has no file descriptor (an in-process capture)."""
    try:
        return sys.stderr.fileno()
    except (AttributeError, OSError, io.UnsupportedOperation):
        return None
