"""OpenAPI documents: read (file or URL), parse (JSON / YAML / gzip), canonical JSON, hash."""
from __future__ import annotations

import gc
import hashlib
import json
import zlib
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator

from checker.errors import InputError

_GZIP_MAGIC = b"\x1f\x8b"
MAX_SPEC_BYTES = 64 * 1024 * 1024  # decompressed; the fetch cap is 8 MiB raw (the real spec: ~1 MB)
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def parse_spec(data: bytes, name: str = "") -> dict[str, Any]:
    """Parse an OpenAPI document; InputError with a one-line message when it is not one."""
    label = name or "spec"
    if data[:2] == _GZIP_MAGIC:
        data = gunzip(data, label)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{label}: not UTF-8 text (binary or garbage data)") from None
    if not text.strip():
        raise InputError(f"{label}: empty document")
    try:
        with collector_paused():
            doc = _load(data, text, label)
    except RecursionError:
        raise InputError(f"{label}: nested too deeply to be an OpenAPI document") from None
    if not isinstance(doc, dict) or not ("openapi" in doc or "swagger" in doc):
        raise InputError(f"{label}: not an OpenAPI document (no 'openapi' or 'swagger' key)")
    if not isinstance(doc.get("paths"), dict):
        raise InputError(f"{label}: not an OpenAPI document (no 'paths' object)")
    return doc


@contextmanager
def collector_paused() -> Iterator[None]:
    """Parsing a spec and diffing two allocate tens of thousands of acyclic containers that
    refcounting frees; cyclic GC passes over them (and full ones over the parsed specs) find
    nothing to collect but cost 10-30% of the work."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def gunzip(data: bytes, label: str, limit: int = MAX_SPEC_BYTES) -> bytes:
    """Inflate gzip data (concatenated members too), refusing more than `limit` bytes of output."""
    out: list[bytes] = []
    size = 0
    while data:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            while data:
                chunk = inflater.decompress(data, limit - size + 1)
                size += len(chunk)
                out.append(chunk)
                if size > limit:
                    raise InputError(f"{label}: gzip data inflates to more than {limit // (1024 * 1024)} MiB; "
                                     "refused (not a spec, or a decompression bomb)")
                data = inflater.unconsumed_tail
                if inflater.eof:
                    break
        except zlib.error as exc:
            raise InputError(f"{label}: corrupt gzip data ({exc})") from None
        if not inflater.eof:
            raise InputError(f"{label}: corrupt gzip data (truncated)")
        data = inflater.unused_data
        if data[:2] != _GZIP_MAGIC:
            break  # trailing bytes after the last member are ignored, as gzip(1) does
    return b"".join(out)


def canonical_json(spec: dict[str, Any]) -> str:
    """Pretty, key-sorted JSON: the spec's snapshot file (readable, diffs well in git)."""
    return json.dumps(spec, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def spec_sha256(spec: dict[str, Any]) -> str:
    """Hash of the compact canonical form: independent of key order and whitespace."""
    from checker.fastjson import dumps_canonical

    return hashlib.sha256(dumps_canonical(spec)).hexdigest()  # the corpus's form too


def read_spec(location: str, *, base_url: str | None = None, timeout: float = 30) -> dict[str, Any]:
    """Read and parse a spec from a file path or an http(s) URL (origin swapped to base_url)."""
    return parse_spec(*_read(location, base_url, timeout))


class SpecFile:
    """A spec's bytes as read, a key of them (for facts cached by content) and the spec, parsed
    on first use: a run whose results are all cached by the key never parses it."""

    def __init__(self, data: bytes, label: str) -> None:
        from checker.store.parsed import content_key

        self.data, self.label, self.key = data, label, content_key([data])

    @cached_property
    def spec(self) -> dict[str, Any]:
        return parse_spec(self.data, self.label)

    def sha256(self) -> str:
        """spec_sha256, remembered by the bytes' key: the canonical re-serialisation costs
        ~5 ms on the real spec, hashing the read bytes ~1."""
        from checker.store.parsed import cached

        return cached("spec-sha256", self.key, lambda: spec_sha256(self.spec), decode=_hex_digest)


def open_spec(location: str, *, base_url: str | None = None, timeout: float = 30) -> SpecFile:
    """Read a spec's bytes from a file path or an http(s) URL, to be parsed when needed."""
    return SpecFile(*_read(location, base_url, timeout))


def _hex_digest(value: Any) -> str:
    """A cached entry back as a sha256 hex digest; anything else raises (a miss)."""
    if not (isinstance(value, str) and len(value) == 64 and not set(value) - set("0123456789abcdef")):
        raise ValueError("not a sha256 hex digest")
    return value


def _read(location: str, base_url: str | None, timeout: float) -> tuple[bytes, str]:
    if location.startswith(("http://", "https://")):
        return _fetch(location, base_url, timeout), location.split("?")[0]
    path = Path(location[len("file://"):] if location.startswith("file://") else location)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"spec file not found: {path}", "check the path") from None
    except OSError as exc:
        raise InputError(f"cannot read spec file {path}: {exc.strerror or exc}") from None
    return data, str(path)


def _fetch(url: str, base_url: str | None, timeout: float) -> bytes:
    from checker.fetch.client import fetch_bytes

    return fetch_bytes(url, "spec", base_url=base_url, timeout=timeout)


def _load(data: bytes, text: str, label: str) -> Any:
    if text.lstrip()[:1] in ("{", "["):
        from checker import fastjson

        doc = fastjson.loads(data)
        if doc is not fastjson.STDLIB:
            return doc
        try:
            return json.loads(text, parse_constant=_reject_constant)
        except ValueError as exc:
            if not label.endswith((".yaml", ".yml")):
                raise InputError(f"{label}: invalid JSON ({exc})") from None
    from checker.safeyaml import load_yaml

    try:
        return load_yaml(text, label, loader=_loader())
    except InputError as exc:
        if "invalid YAML" in exc.message:
            raise InputError(exc.message.replace("invalid YAML", "neither JSON nor valid YAML", 1)) from None
        raise


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


_LOADER = None


def _loader() -> type:
    """Safe YAML loader (C when available) giving what JSON would: string keys, dates as strings."""
    global _LOADER
    if _LOADER is None:
        import yaml

        from checker.safeyaml import safe_loader

        base = safe_loader()

        def construct_mapping(self, node, deep=False):  # noqa: ANN001, ANN202
            # `200:` or `true:` keys become "200" / "true" while constructing, so that
            # 1 and true cannot collide in a Python dict.
            if isinstance(node, yaml.MappingNode):
                self.flatten_mapping(node)
            return {
                _key(self.construct_object(key, deep=deep)): self.construct_object(value, deep=deep)
                for key, value in node.value
            }

        loader = type("SpecLoader", (base,), {"construct_mapping": construct_mapping})
        loader.yaml_implicit_resolvers = {
            key: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP_TAG]
            for key, resolvers in base.yaml_implicit_resolvers.items()
        }
        _LOADER = loader
    return _LOADER


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    return json.dumps(key) if isinstance(key, (bool, type(None))) else str(key)
