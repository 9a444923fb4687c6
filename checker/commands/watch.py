"""`checker watch`: `check` on a cron schedule, reports written each run, new drift notified once."""
from __future__ import annotations

import argparse
import logging
import time

from checker.commands import check, options
from checker.errors import CheckerError
from checker.models import Report, Severity

log = logging.getLogger("checker.watch.schedule")
PARENTS = check.PARENTS


def add_arguments(parser: argparse.ArgumentParser) -> None:
    check.add_arguments(parser)
    group = parser.add_argument_group("schedule")
    group.add_argument("--cron", default="0 3 * * *", metavar="EXPR",
                       help="when to run: 5 fields as crontab (default '0 3 * * *'), or 6 with seconds first")
    group.add_argument("--timezone", default=None, metavar="ZONE",
                       help="IANA time zone of --cron, e.g. UTC or Europe/Paris (default: the local zone)")
    group.add_argument("--jitter", type=int, default=0, metavar="S",
                       help="start each run up to S seconds late, at random (spreads load; default 0)")
    group.add_argument("--misfire-grace", type=int, default=3600, metavar="S",
                       help="run a missed run if it is at most S seconds late (default 3600); missed runs coalesce")
    group.add_argument("--run-now", action="store_true", help="run once at start, then on the schedule")
    group.add_argument("--once", action="store_true",
                       help="run once now and exit with that run's exit code, for schedulers such as a CI cron "
                            "(reports, history and notification as for a scheduled run)")
    group.add_argument("--max-runs", type=int, default=None, help=argparse.SUPPRESS)  # tests, one-shot CI use
    notify = parser.add_argument_group("notification")
    options.add_setting(notify, "--notify", "notify", metavar="URL")
    notify.add_argument("--notify-on", choices=[s.value for s in Severity], default="warning",
                        help="lowest severity worth a notification (default: warning)")
    notify.add_argument("--notify-timeout", type=float, default=10.0, metavar="S",
                        help="timeout of one webhook post in seconds (default 10; 3 attempts)")


def _options(args: argparse.Namespace):
    from msgspec.structs import fields

    from checker.pipeline import CheckOptions

    extra = {"keep": args.keep} if "keep" in {f.name for f in fields(CheckOptions)} else {}
    return check.options_from(args, **extra)


def run(args: argparse.Namespace) -> int:
    from checker.watch.schedule import cron_trigger, run_scheduled

    _setup_logging()
    opts = _options(args)
    if args.notify and not args.notify.startswith(("http://", "https://")):
        raise CheckerError("--notify must be an http(s) URL", "e.g. a Slack incoming-webhook URL")
    if args.max_runs is not None and args.max_runs < 1:
        raise CheckerError("--max-runs must be at least 1")
    trigger = cron_trigger(args.cron, args.timezone, args.jitter)
    runner = _Runner(args, opts)
    if args.once:
        return runner()

    def started(next_run) -> None:
        where = f"; notifying {_host(args.notify)}" if args.notify else ""
        now = "a run now, then " if args.run_now else ""
        log.info("watching %s: cron '%s' (%s), %snext run %s%s", opts.target, args.cron, trigger.timezone, now,
                 next_run.isoformat(timespec="seconds") if next_run else "never", where)

    code = run_scheduled(runner, trigger, run_now=args.run_now, max_runs=args.max_runs,
                         misfire_grace=args.misfire_grace, on_start=started)
    log.info("stopped after %d run(s)", runner.runs)
    return code if args.max_runs is not None else 0


def _host(url: str) -> str:
    from checker.watch.notify import host_of

    return host_of(url)


def _setup_logging() -> None:
    if not log.handlers:
        from checker.redact import RedactingFilter

        handler = logging.StreamHandler()
        handler.addFilter(RedactingFilter())
        handler.setFormatter(logging.Formatter("%(asctime)s checker watch: %(message)s", "%Y-%m-%dT%H:%M:%S%z"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


class _Runner:
    """One scheduled run: check, write the reports, notify, log one line. Never raises."""

    def __init__(self, args: argparse.Namespace, opts) -> None:
        self.args, self.opts, self.runs = args, opts, 0

    def __call__(self) -> int:
        self.runs += 1
        t0 = time.perf_counter()
        try:
            report = self._check()
            notified = self._notify(report)
        except CheckerError as exc:
            log.info("run %d failed after %d ms: %s", self.runs, _ms(t0), exc.message)
            return exc.exit_code
        except Exception as exc:  # noqa: BLE001 - a scheduled run must not kill the watcher
            log.info("run %d failed after %d ms: internal error %s: %s", self.runs, _ms(t0), type(exc).__name__, exc)
            return 2
        code = options.exit_code(report, self.args)
        s = report.summary
        changed = sum(1 for src in report.sources if src.status in ("changed", "moved", "gone"))
        failed = sum(1 for src in report.sources if src.status == "error")
        log.info("run %d: %s, %d source(s) (%d changed, %d failed), %d error, %d warning, %d info, "
                 "%s, %d ms, exit %d", self.runs, report.mode, len(report.sources), changed, failed,
                 s["error"], s["warning"], s["info"], notified, _ms(t0), code)
        return code

    def _check(self) -> Report:
        from checker.commands.output import emit
        from checker.pipeline import run_check

        report = run_check(self.opts)
        if self.args.format:
            emit(report, self.args)
        return report

    def _notify(self, report: Report) -> str:
        if not self.args.notify:
            return "no webhook"
        from checker.watch.notify import STATE_FILE, NotifyError, notify
        from checker.store.snapshots import SnapshotStore

        store = SnapshotStore(self.opts.snapshots_dir, self.opts.target)
        try:
            with store.notifying():
                count = notify(report, self.args.notify, store.dir / STATE_FILE,
                               min_severity=Severity(self.args.notify_on), timeout=self.args.notify_timeout)
        except NotifyError as exc:
            return f"notification failed ({exc.message})"
        return f"{count} notified" if count else "nothing new to notify"


def _ms(t0: float) -> int:
    return int((time.perf_counter() - t0) * 1000)

