"""APScheduler wiring for `checker watch`: a cron trigger, one run at a time, clean shutdown.

Cron expressions have 5 fields (minute hour day month day-of-week, as crontab) or 6 with
seconds first (`*/2 * * * * *`, as Quartz/Spring). Day-of-week numbers follow crontab
(0 or 7 = Sunday): APScheduler 3 counts from Monday, so numbers are turned into names.
"""
from __future__ import annotations

import signal
import threading
from datetime import datetime
from typing import Callable

from checker.errors import ConfigError

DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def _weekdays(field: str) -> str:
    """Crontab day-of-week (numbers, ranges, steps; names pass through) as APScheduler names."""
    if field == "*" or any(c.isalpha() for c in field):
        return field
    days: set[int] = set()
    for part in field.split(","):
        base, _, step = part.partition("/")
        if base == "*":
            lo, hi = 0, 6
        else:
            lo_s, _, hi_s = base.partition("-")
            lo = int(lo_s)
            hi = int(hi_s) if hi_s else (7 if step else lo)
        if not (0 <= lo <= 7 and 0 <= hi <= 7 and lo <= hi):
            raise ValueError(f"day of week out of range: {part}")
        days.update(d % 7 for d in range(lo, hi + 1, int(step) if step else 1))
    return ",".join(DAY_NAMES[d] for d in sorted(days))


def cron_trigger(expr: str, timezone: str | None = None, jitter: int | None = None):
    """A CronTrigger from a 5- or 6-field expression; ConfigError when it is not valid."""
    from apscheduler.triggers.cron import CronTrigger

    fields = expr.split()
    if len(fields) not in (5, 6):
        raise ConfigError(f"--cron '{expr}' has {len(fields)} fields",
                          "use 5 fields (minute hour day month weekday), e.g. '0 3 * * *', or 6 with seconds first")
    second = fields.pop(0) if len(fields) == 6 else "0"
    minute, hour, day, month, dow = fields
    try:
        tz = _zone(timezone)
        return CronTrigger(second=second, minute=minute, hour=hour, day=day, month=month,
                           day_of_week=_weekdays(dow), timezone=tz, jitter=jitter or None)
    except ValueError as exc:
        raise ConfigError(f"--cron '{expr}' is not valid: {exc}", "e.g. '0 3 * * *' for 03:00 every day") from exc


def _zone(name: str | None):
    if not name:
        from tzlocal import get_localzone

        return get_localzone()
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"unknown --timezone '{name}'", "use an IANA name such as UTC or Europe/Paris") from exc


def next_fire(trigger, now: datetime | None = None) -> datetime | None:
    now = now or datetime.now(trigger.timezone)
    return trigger.get_next_fire_time(None, now)


def run_scheduled(job: Callable[[], int], trigger, *, run_now: bool = False, max_runs: int | None = None,
                  misfire_grace: int = 3600, on_start: Callable[[datetime | None], None] | None = None) -> int:
    """Run `job` on `trigger` until SIGTERM/SIGINT (or `max_runs` runs); return the last run's code.

    One run at a time (max_instances=1), missed runs coalesced into one, a run late by more than
    `misfire_grace` seconds skipped. A signal lets the current run finish before returning.
    """
    from apscheduler.schedulers.background import BackgroundScheduler

    stop = threading.Event()
    state = {"runs": 0, "code": 0}

    def wrapped() -> None:
        state["code"] = job()
        state["runs"] += 1
        if max_runs is not None and state["runs"] >= max_runs:
            stop.set()

    scheduler = BackgroundScheduler(timezone=trigger.timezone)
    first = datetime.now(trigger.timezone) if run_now else None
    scheduler.add_job(wrapped, trigger, id="checker-watch", name="checker watch", max_instances=1,
                      coalesce=True, misfire_grace_time=misfire_grace, **({"next_run_time": first} if first else {}))
    previous = _install_signals(stop)
    try:
        scheduler.start()
        if on_start is not None:
            on_start(scheduler.get_job("checker-watch").next_run_time)
        while not stop.wait(0.2):
            pass
    finally:
        _restore_signals(previous)  # a second signal while the run finishes acts as usual
        if scheduler.running:
            scheduler.shutdown(wait=True)
    return state["code"]


def _install_signals(stop: threading.Event) -> dict[int, object]:
    if threading.current_thread() is not threading.main_thread():
        return {}
    previous = {}
    for sig in (signal.SIGTERM, signal.SIGINT):
        previous[sig] = signal.signal(sig, lambda *_: stop.set())
    return previous


def _restore_signals(previous: dict[int, object]) -> None:
    for sig, handler in previous.items():
        signal.signal(sig, handler)
