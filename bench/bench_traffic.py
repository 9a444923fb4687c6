"""Benchmark: `checker validate --captures` on big generated captures: lines/s and peak RSS.

    python bench/bench_traffic.py [--lines 100000 1000000] [--invalid 0 0.1] [--mix templates distinct]
                                  [--jobs 1] [--sample 2000] [--har-mb 200] [--before TREE] [--rounds 1]

For each size, a clean capture and one with 10% invalid requests (a typical mix: small chats,
tool-calling agent steps, GET /models), each run as its own `checker validate` process so its
peak RSS is its own (os.wait4). Two mixes: `templates` repeats a few request lines byte for
byte (as agent loops and health checks do; repeated lines are counted, not validated again) and
`distinct` makes every chat line unique (its user message numbered), so every line is parsed
and validated. Baselines in the same run, on a sample of the same lines: plain jsonschema
(`iter_errors` on each body, after json.loads of the line) and openapi-core's request validator
(the `bench` extra). Then a browser-style HAR of about --har-mb MB (big response bodies, foreign
hosts, preflights), read as a stream. Goals (issue 14): >= 50,000 lines/s on one core for the
typical mix, a 1,000,000-line capture under 200 MB RSS, a 200 MB HAR under ~100 MB RSS.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_validate import (CHAT_URL, HEADERS, INVALID, SMALL, TOOL_CALLING, jsonschema_fn,  # noqa: E402
                            load_spec, openapi_core_fn)

MODELS_URL = "https://openrouter.ai/api/v1/models"
BAD_ROLE = {"model": "openai/gpt-4o-mini", "messages": [{"role": "wizard", "content": "hi"}]}


def line(rng: random.Random, invalid: float, number: int | None = None) -> str:
    """One capture line; `number` makes its user message (and so the line) unique."""
    pick = rng.random()
    if pick < invalid:
        body: Any = rng.choice([INVALID, BAD_ROLE])
    elif pick < invalid + (1 - invalid) * 0.1:
        return json.dumps({"method": "GET", "url": MODELS_URL, "headers": HEADERS})
    else:
        body = TOOL_CALLING if rng.random() < 0.3 else SMALL
    if number is not None:
        body = {**body, "messages": [*body["messages"], {"role": "user", "content": f"and question {number}?"}]}
    return json.dumps({"method": "POST", "url": CHAT_URL, "headers": HEADERS, "body": body})


def generate(path: Path, lines: int, invalid: float, distinct: bool = False, seed: int = 14) -> None:
    rng = random.Random(seed)
    with path.open("w") as fh:
        for number in range(lines):
            fh.write(line(rng, invalid, number if distinct else None) + "\n")


def generate_har(path: Path, megabytes: int) -> int:
    """A browser session: API calls among fonts, analytics and preflights, each entry with a
    ~256 KB response body; the entry count."""
    font = {"method": "GET", "url": "https://fonts.gstatic.com/s/inter.woff2", "headers": []}
    preflight = {"method": "OPTIONS", "url": CHAT_URL, "headers": [{"name": "Origin", "value": "https://app.example"}]}
    api = {"method": "POST", "url": CHAT_URL, "headers": [{"name": k, "value": v} for k, v in HEADERS.items()],
           "postData": {"mimeType": "application/json", "text": json.dumps(TOOL_CALLING)}}
    text = json.dumps("x" * 256 * 1024)
    count = 0
    with path.open("w") as fh:
        fh.write('{"log": {"version": "1.2", "creator": {"name": "bench", "version": "1"}, "entries": [')
        while fh.tell() < megabytes * 2**20:
            request = (font, preflight, api)[count % 3]
            fh.write(("," if count else "") + '{"startedDateTime": "2026-01-01T00:00:00Z", "request": '
                     + json.dumps(request) + ', "response": {"status": 200, "content": {"text": ' + text + "}}}")
            count += 1
        fh.write("]}}")
    return count


def run_checker(capture: Path, spec: Path, jobs: int, tree: Path | None = None) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds (user + system: what one core spends, whatever else the machine
    runs), peak RSS in MB (the largest process, workers included), exit code; `tree`: the
    checker of another source tree (a `git worktree` of the starting point) instead of this one."""
    argv = [sys.executable, "-m", "checker", "validate", "--captures", str(capture), "--spec", str(spec),
            "--jobs", str(jobs), "--format", "json", "-q"]
    env = {**os.environ, "PYTHONPATH": str(tree)} if tree is not None else None
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _SPAWN, *argv], capture_output=True, env=env,
                          cwd=tree or Path(__file__).resolve().parents[1])  # -m puts the cwd first
    seconds = time.perf_counter() - start
    code, cpu, rss = proc.stdout.decode().split()
    if int(code) not in (0, 1):
        raise SystemExit(f"checker failed ({code}): {proc.stderr.decode().strip()[:300]}")
    return seconds, float(cpu), int(rss) / 1024, int(code)


# A process forked from this one starts with this one's peak RSS (Linux keeps it across exec),
# so the checker is started by a small Python process, which prints the checker's own usage.
_SPAWN = ("import os, subprocess, sys; p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL); "
          "_, s, u = os.wait4(p.pid, 0); print(os.waitstatus_to_exitcode(s), u.ru_utime + u.ru_stime, u.ru_maxrss)")


def baseline_rate(fn: Callable[[Any], Any], capture: Path, sample: int) -> float:
    """Lines per CPU second of `fn` on each line's body (GET lines count as lines with nothing to check)."""
    with capture.open() as fh:
        lines = [next(fh) for _ in range(sample)]
    start = time.process_time()
    for text in lines:
        record = json.loads(text)
        if "body" in record:
            fn(record["body"])
    return sample / (time.process_time() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--invalid", type=float, nargs="+", default=[0.0, 0.1], help="fractions of invalid lines")
    parser.add_argument("--mix", nargs="+", choices=["templates", "distinct"], default=["templates", "distinct"])
    parser.add_argument("--har-mb", type=int, default=200, help="size of the HAR file (0: no HAR run)")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--sample", type=int, default=2000, help="lines for the baselines")
    parser.add_argument("--before", type=Path, default=None, metavar="TREE",
                        help="also run the checker of TREE (e.g. `git worktree add /tmp/before main`) on "
                             "each capture, right after this one, and print the ratio")
    parser.add_argument("--rounds", type=int, default=1, help="runs of each capture (the median CPU run is shown)")
    parser.add_argument("--no-baselines", action="store_true", help="skip jsonschema and openapi-core")
    args = parser.parse_args()
    spec, name = load_spec()
    baselines = {} if args.no_baselines else {"jsonschema": jsonschema_fn(spec), "openapi-core": openapi_core_fn(spec)}
    print(f"spec {name}, jobs {args.jobs}, cpu count {os.cpu_count()}")
    with tempfile.TemporaryDirectory() as tmp:
        spec_path = Path(tmp) / "spec.json"
        spec_path.write_text(json.dumps(spec))
        trees = {"checker": None, **({"before": args.before} if args.before is not None else {})}
        one = Path(tmp) / "one.jsonl"
        generate(one, 1, 0.0)
        startup = {label: run_checker(one, spec_path, 1, tree)[1] for label, tree in trees.items()}
        print("start-up (a 1-line capture), CPU s: " + ", ".join(f"{k} {v:.2f}" for k, v in startup.items()))
        for lines, mix, invalid in ((n, m, i) for n in args.lines for m in args.mix for i in args.invalid):
            capture = Path(tmp) / f"capture-{lines}-{mix}-{invalid}.jsonl"
            generate(capture, lines, invalid, distinct=mix == "distinct")
            mb = capture.stat().st_size / 2**20
            print(f"{lines:>9} lines {mix:>9} {int(invalid * 100):>2}% invalid ({mb:.0f} MB):")
            cpus = {}
            runs: dict[str, list[tuple[float, float, float, int]]] = {label: [] for label in trees}
            for _ in range(args.rounds):  # after, before, after, ...: the same machine load for both
                for label, tree in trees.items():
                    runs[label].append(run_checker(capture, spec_path, args.jobs, tree))
            for label, results in runs.items():
                seconds, cpus[label], rss, code = sorted(results, key=lambda r: r[1])[len(results) // 2]
                net = lines / max(cpus[label] - startup[label], 1e-9)
                print(f"{'':>10}{label:>8}: {lines / seconds:>9,.0f} lines/s, {lines / cpus[label]:>9,.0f} per CPU "
                      f"second ({net:,.0f} after start-up), peak RSS {rss:6.1f} MB, exit {code}")
            if "before" in cpus:
                print(f"{'':>10}CPU-s before/after: {cpus['before'] / cpus['checker']:.2f}x")
            for label, fn in baselines.items():
                if fn is None:
                    print(f"{'':>20}{label}: not installed (pip install '.[bench]')")
                    continue
                rate = baseline_rate(fn, capture, min(args.sample, lines))
                print(f"{'':>20}{label}: {rate:>9,.0f} lines per CPU second (bodies only, sample of {args.sample})")
            capture.unlink()
        if args.har_mb:
            har = Path(tmp) / "browser.har"
            entries = generate_har(har, args.har_mb)
            seconds, _, rss, code = run_checker(har, spec_path, 1)
            print(f"HAR {har.stat().st_size / 2**20:.0f} MB ({entries} entries, a third to the API): "
                  f"{seconds:.1f} s, peak RSS {rss:6.1f} MB, exit {code}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
