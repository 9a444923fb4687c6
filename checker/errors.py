"""One error root with a user-facing hint; the CLI catches it once and exits 2."""
from __future__ import annotations

from pathlib import Path

from checker.redact import redact_optional, redact_text


class CheckerError(Exception):
    """A run could not do its job. `hint` tells the user what to do next."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None) -> None:
        message = redact_text(one_line(str(message)))  # the redaction boundary of every exit-2 line
        super().__init__(message)
        self.message = message
        self.hint = redact_optional(one_line(hint) if hint else hint)

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


def one_line(text: str) -> str:
    """An error is one line: parser messages with context lines are folded."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def read_text(path: Path, label: str | None = None, error: type[CheckerError] = InputError,
              limit: int | None = None) -> str:
    """A UTF-8 text input file, or `error` with one line naming it (missing, directory, binary, huge)."""
    label = label or str(path)
    try:
        with Path(path).open("rb") as fh:
            data = fh.read(-1 if limit is None else limit + 1)
    except FileNotFoundError:
        raise error(f"{label}: file not found", "check the path") from None
    except IsADirectoryError:
        raise error(f"{label}: is a directory, not a file") from None
    except OSError as exc:
        raise error(f"{label}: cannot read ({exc.strerror or exc})") from None
    if limit is not None and len(data) > limit:
        raise error(f"{label}: larger than {limit // 2**20} MiB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"{label}: not UTF-8 text (byte {exc.start}); binary or garbage data") from None
