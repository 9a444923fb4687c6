"""Run a client command against the loopback stub and collect what it sent."""
from __future__ import annotations

import os
import subprocess
from typing import Any, Sequence

from checker.comply.request import ClientRequest
from checker.record.stub import Stub
from checker.errors import ConfigError, InputError


def record_client(command: Sequence[str], spec: dict[str, Any], *, port: int = 0,
                  timeout: float | None = None,
                  models: list[dict[str, Any]] | None = None) -> tuple[int, list[ClientRequest], str]:
    """(the command's exit code, the requests it sent, the stub's base URL)."""
    if not command:
        raise ConfigError("no command to run", "usage: checker record [options] -- COMMAND [ARGS...]")
    if not 0 <= port <= 65535:
        raise ConfigError(f"--port must be 0-65535, got {port}", "0 picks any free port")
    try:
        stub = Stub(spec, port=port, models=models)
    except OSError as exc:
        raise ConfigError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}",
                          "choose another --port, or 0 for any free port") from None
    with stub:
        env = {**os.environ, **stub.env()}
        try:
            completed = subprocess.run(list(command), env=env, timeout=timeout, check=False)
        except FileNotFoundError:
            raise InputError(f"command not found: {command[0]}", "check the command after --") from None
        except subprocess.TimeoutExpired:
            raise InputError(f"command timed out after {timeout} s: {command[0]}") from None
        return completed.returncode, list(stub.requests), stub.base_url
