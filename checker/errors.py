"""One error root with a user-facing hint; the CLI catches it once and exits 2."""
from __future__ import annotations

from checker.redact import redact_optional, redact_text


class CheckerError(Exception):
    """A run could not do its job. `hint` tells the user what to do next."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None) -> None:
        message = redact_text(str(message))  # the redaction boundary of every exit-2 line
        super().__init__(message)
        self.message = message
        self.hint = redact_optional(hint)

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class ConfigError(CheckerError):
    """Bad arguments, target or rule files."""


class InputError(CheckerError):
    """An input file or URL could not be read or parsed."""


class SourceUnavailable(CheckerError):
    """A required source could not be fetched and no usable snapshot exists."""


class LockBusy(CheckerError):
    """Another run holds the snapshot lock."""
