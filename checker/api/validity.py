"""Is the upstream spec a valid OpenAPI document? Problems become `spec-validity` findings.

Two kinds: the model's malformed nodes (problems.py: cheap, always listed) and
openapi-spec-validator's verdict, which takes seconds on the real spec and so is cached
by the spec's sha256. An invalid spec never stops anything: the problems are reported
and the run goes on.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterator

from checker.models import Finding, Kind, Location, Severity
from checker.api.document import spec_sha256
from checker.api.model import Spec
from checker.api.pointer import escape

SPEC_URL = "https://openrouter.ai/openapi.json"
CACHE_VERSION = 1
MAX_PROBLEMS = 50


def check_validity(spec: dict[str, Any], *, cache_dir: Path | None = None,
                   official_url: str = SPEC_URL) -> list[Finding]:
    """Malformed nodes, then openapi-spec-validator's problems (cached by hash)."""
    sha = spec_sha256(spec)
    problems = _read_cache(cache_dir, sha)
    if problems is None:
        problems = validate(spec)
        _write_cache(cache_dir, sha, problems)
    return structural_findings(spec, official_url=official_url) + [_finding(p, official_url) for p in problems]


def structural_findings(spec: dict[str, Any] | Spec, *, official_url: str = SPEC_URL,
                        key: str | None = None) -> list[Finding]:
    """The malformed nodes the model read as absent (spec-malformed-node, spec-ref-unresolved,
    spec-ref-cycle, spec-too-deep), one warning each. `key` (a SpecFile's) remembers
    them by the bytes the spec was parsed from: the walk costs ~20 ms on the real spec."""
    model = spec if isinstance(spec, Spec) else Spec(spec)
    if key is None:
        rows = [(p.code, p.pointer, p.message) for p in model.problems]
    else:
        from checker.store.parsed import cached

        from checker.redact import redact_text

        rows = cached("spec-problems", key, decode=_rows, build=lambda: [  # on disk: redacted as in a report
            [p.code, redact_text(p.pointer), redact_text(p.message)] for p in model.problems])
    return [Finding(kind=Kind.SPEC_VALIDITY, code=code, severity=Severity.WARNING,
                    message=f"The OpenAPI spec has a malformed node: {message}.",
                    official_url=official_url, location=Location("openapi", pointer))
            for code, pointer, message in rows]


def _rows(value: Any) -> list[tuple[str, str, str]]:
    """A cached entry back as (code, pointer, message) rows; anything else raises (a miss)."""
    return [(str(code), str(pointer), str(message)) for code, pointer, message in value]


def validate(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """[{"code", "message", "pointer"}]; a validator crash is itself one problem."""
    try:
        errors = list(_iter_errors(spec))
    except Exception as exc:  # noqa: BLE001 - a broken upstream document must not stop the run
        return [{"code": "spec-validator-failed", "pointer": None,
                 "message": f"openapi-spec-validator could not check the spec ({type(exc).__name__}: {exc})"}]
    problems = []
    for error in errors[:MAX_PROBLEMS]:
        message = getattr(error, "message", None) or str(error)
        rel = [str(p) for p in getattr(error, "path", ()) or ()]
        problems.append({"code": "spec-invalid", "message": message[:300],
                         "pointer": locate(spec, rel, getattr(error, "instance", None))})
    return problems


def _iter_errors(spec: dict[str, Any]) -> Iterator[Any]:
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    version = str(spec.get("openapi", ""))
    validator = OpenAPIV30SpecValidator if version.startswith("3.0") else OpenAPIV31SpecValidator
    return validator(spec).iter_errors()


def locate(spec: dict[str, Any], rel: list[str], instance: Any) -> str | None:
    """The validator reports a path relative to the schema it checked; find where in the
    document that path leads to the offending value (first match in document order)."""
    if not rel:
        return None
    stack: list[tuple[Any, str]] = [(spec, "")]
    while stack:
        node, ptr = stack.pop()
        if isinstance(node, dict):
            if _follow(node, rel) == (True, instance):
                return ptr + "".join("/" + _esc(p) for p in rel)
            children = [(v, f"{ptr}/{_esc(k)}") for k, v in node.items()]
        elif isinstance(node, list):
            children = [(v, f"{ptr}/{i}") for i, v in enumerate(node)]
        else:
            continue
        stack.extend(reversed([c for c in children if isinstance(c[0], (dict, list))]))
    return None


def _follow(node: Any, rel: list[str]) -> tuple[bool, Any]:
    for token in rel:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False, None
    return True, node


def _esc(token: Any) -> str:
    return escape(str(token))


def _finding(problem: dict[str, Any], official_url: str) -> Finding:
    return Finding(
        kind=Kind.SPEC_VALIDITY, code=problem["code"], severity=Severity.WARNING,
        message=f"The OpenAPI spec is not valid: {problem['message']}"
                + (f" (at {problem['pointer']})." if problem.get("pointer") else "."),
        official_url=official_url, location=Location("openapi", problem.get("pointer")))


def _cache_file(cache_dir: Path | None, sha: str) -> Path | None:
    return Path(cache_dir) / f"{sha}.json" if cache_dir else None


def _read_cache(cache_dir: Path | None, sha: str) -> list[dict[str, Any]] | None:
    path = _cache_file(cache_dir, sha)
    if path is None or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # a damaged cache entry is just a miss
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return None
    problems = data.get("problems")
    return problems if isinstance(problems, list) else None


def _write_cache(cache_dir: Path | None, sha: str, problems: list[dict[str, Any]]) -> None:
    import tempfile  # only here: every `checker diff` imports this module, few write the cache

    path = _cache_file(cache_dir, sha)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".validity-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"version": CACHE_VERSION, "sha256": sha, "problems": problems}, fh)
        os.replace(tmp, path)
    except OSError:
        pass  # no cache is slower, not wrong
