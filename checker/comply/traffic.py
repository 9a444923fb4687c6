"""Captured traffic at scale: requests streamed through one Validator, findings aggregated;
`jobs > 1` splits each JSON Lines capture into parts validated by worker processes."""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Iterable

from checker.comply.aggregate import Aggregate
from checker.comply.captures import Part, read_jsonl_part, split_lines
from checker.comply.catalog import Catalog
from checker.comply.request import ClientRequest
from checker.comply.validator import Validator

MIN_PART = 4 * 2**20  # smaller captures are not worth a process


def validate_stream(validator: Validator, requests: Iterable[ClientRequest],
                    into: Aggregate | None = None) -> tuple[Aggregate, int]:
    """Every request validated, findings aggregated; memory does not grow with the requests."""
    found = into if into is not None else Aggregate()
    count = 0
    for request in requests:
        found.add(validator.validate(request))
        count += 1
    return found, count


def validate_jsonl(validator: Validator, path: str | Path, jobs: int,
                   into: Aggregate) -> int:
    """One JSON Lines capture, in `jobs` processes when it is big enough; the request count."""
    parts = split_lines(path, min(jobs, max(Path(path).stat().st_size // MIN_PART, 1)))
    if len(parts) == 1:
        return validate_stream(validator, read_jsonl_part(path), into)[1]
    total = 0
    init = (validator.spec, validator.catalog, sorted(validator.hosts))
    with ProcessPoolExecutor(len(parts), initializer=_start_worker, initargs=init) as pool:
        for found, count in pool.map(_validate_part, [str(path)] * len(parts), parts):
            into.merge(found)  # in file order: first-seen findings and locations stay first
            total += count
    return total


_WORKER: dict[str, Validator] = {}


def _start_worker(spec: dict[str, Any], catalog: Catalog | None, hosts: list[str]) -> None:
    _WORKER["validator"] = Validator(spec, catalog=catalog, allowed_remote_hosts=hosts)


def _validate_part(path: str, part: Part) -> tuple[Aggregate, int]:
    return validate_stream(_WORKER["validator"], read_jsonl_part(path, part))
