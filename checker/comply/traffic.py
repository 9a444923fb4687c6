"""Captured traffic at scale: requests streamed through one Validator, findings aggregated;
`jobs > 1` splits each JSON Lines capture into parts validated by worker processes.

Real traffic repeats itself (the same agent step, the same GET /models): a JSON Lines line
byte-identical to a recent one is not parsed or validated again, its findings are counted at
the new line (`Repeats`, a bounded LRU keyed by a digest of the line's bytes). Most of the rest
differs only in free text (other prompts, same models, keys and tools): a line whose body has the
shape of an earlier one gets that line's findings the same way (`shapes.Shapes`)."""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Iterable, Union

from checker.comply.aggregate import Aggregate, Key
from checker.comply.captures import JsonLines, Part, split_lines
from checker.comply.catalog import Catalog
from checker.comply.request import ClientRequest
from checker.comply.scope import Scope
from checker.comply.shapes import MAX_SHAPES, Shapes
from checker.comply.validator import Validator

MIN_PART = 4 * 2**20  # smaller captures are not worth a process
REPEATS = 16_384  # distinct recent lines remembered (a few MB)
SHAPES = MAX_SHAPES  # 0: every distinct line validated (the equivalence tests)
Seen = Union[tuple[Key, ...], str]  # the findings' keys, or why the line was skipped (Scope.outside)


def validate_stream(validator: Validator, requests: Iterable[ClientRequest],
                    into: Aggregate | None = None) -> tuple[Aggregate, int]:
    """Every request validated, findings aggregated; memory does not grow with the requests."""
    found = into if into is not None else Aggregate()
    count = 0
    for request in requests:
        found.add(validator.validate(request))
        count += 1
    return found, count


class Repeats:
    """What recent lines gave, by a digest of their bytes; the least recently seen go first."""

    def __init__(self, size: int = REPEATS) -> None:
        self.size = size
        self._seen: OrderedDict[bytes, Seen] = OrderedDict()

    @staticmethod
    def key(raw: bytes) -> bytes:
        return hashlib.blake2b(raw, digest_size=16).digest()

    def get(self, key: bytes) -> Seen | None:
        seen = self._seen.get(key)
        if seen is not None:
            self._seen.move_to_end(key)
        return seen

    def put(self, key: bytes, seen: Seen) -> None:
        self._seen[key] = seen
        if len(self._seen) > self.size:
            self._seen.popitem(last=False)


def validate_lines(validator: Validator, path: str | Path, part: Part | None = None,
                   scope: Scope | None = None, into: Aggregate | None = None) -> tuple[Aggregate, int]:
    """A JSON Lines capture (or one part), requests outside `scope` skipped; the validated count."""
    found = into if into is not None else Aggregate()
    capture, repeats, count = JsonLines(path), Repeats(REPEATS), 0
    shapes = Shapes(validator, SHAPES) if validator.memoise and SHAPES else None
    for number, raw in capture.lines(part):
        key = repeats.key(raw)
        seen = repeats.get(key)
        if seen is None:
            seen = _first_sight(validator, capture, number, raw, found, scope, shapes)
            repeats.put(key, seen)
        elif isinstance(seen, tuple):
            found.again(seen, capture.file, number, capture.label(number))
        if isinstance(seen, str):
            assert scope is not None
            scope.skip(seen)
        else:
            count += 1
    return found, count


def _first_sight(validator: Validator, capture: JsonLines, number: int, raw: bytes, found: Aggregate,
                 scope: Scope | None, shapes: Shapes | None) -> Seen:
    """A line not seen recently: skipped (why), counted for a known shape, or validated."""
    record, exact = capture.parse(number, raw)
    outside = scope.outside(record.get("method"), record.get("url")) if scope is not None else None
    if outside is not None:
        return outside
    shape = shapes.key(record) if shapes is not None and exact else None  # NaN is null to orjson
    keys = shapes.get(shape) if shape is not None else None
    if keys is not None:
        if keys:
            found.again(keys, capture.file, number, capture.label(number))
        return keys
    keys = found.add(validator.validate(capture.request(number, raw, record)))
    if shape is not None:
        shapes.put(shape, keys)
    return keys


def validate_jsonl(validator: Validator, path: str | Path, jobs: int, into: Aggregate,
                   scope: Scope | None = None) -> int:
    """One JSON Lines capture, in `jobs` processes when it is big enough; the request count."""
    parts = split_lines(path, min(jobs, max(Path(path).stat().st_size // MIN_PART, 1)))
    if len(parts) == 1:
        return validate_lines(validator, path, scope=scope, into=into)[1]
    total = 0
    init = (validator.spec, validator.catalog, sorted(validator.hosts), validator.docs)
    with ProcessPoolExecutor(len(parts), initializer=_start_worker, initargs=init) as pool:
        work = [(str(path), part, Scope(scope.hosts) if scope is not None else None) for part in parts]
        for found, count, skipped in pool.map(_validate_part, work):
            into.merge(found)  # in file order: first-seen findings and locations stay first
            total += count
            if scope is not None and skipped is not None:
                scope.merge(skipped)
    return total


_WORKER: dict[str, Validator] = {}


def _start_worker(spec: dict[str, Any], catalog: Catalog | None, hosts: list[str], docs: Any) -> None:
    _WORKER["validator"] = Validator(spec, catalog=catalog, allowed_remote_hosts=hosts, docs=docs)


def _validate_part(work: tuple[str, Part, Scope | None]) -> tuple[Aggregate, int, Scope | None]:
    path, part, scope = work
    found, count = validate_lines(_WORKER["validator"], path, part, scope)
    return found, count, scope
