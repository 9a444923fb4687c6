"""Cron expressions for `checker watch`: crontab weekdays, seconds, time zones, errors."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from checker.errors import ConfigError
from checker.watch.schedule import cron_trigger, next_fire

SATURDAY_NOON = datetime(2026, 8, 22, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("expr, expected", [
    ("0 3 * * *", "2026-08-23T03:00:00+00:00"),
    ("0 3 * * 1", "2026-08-24T03:00:00+00:00"),  # crontab 1 = Monday (APScheduler 3 would say Tuesday)
    ("0 3 * * 0", "2026-08-23T03:00:00+00:00"),  # 0 = Sunday
    ("0 3 * * 7", "2026-08-23T03:00:00+00:00"),  # 7 = Sunday too
    ("30 9 * * 1-5", "2026-08-24T09:30:00+00:00"),
    ("15 0 3 * * *", "2026-08-23T03:00:15+00:00"),  # 6 fields: seconds first
])
def test_next_fire_time(expr, expected):
    assert next_fire(cron_trigger(expr, "UTC"), SATURDAY_NOON).isoformat() == expected


def test_time_zone_is_honoured():
    fire = next_fire(cron_trigger("0 3 * * *", "Europe/Paris"), SATURDAY_NOON)
    assert fire.astimezone(timezone.utc).isoformat() == "2026-08-23T01:00:00+00:00"


@pytest.mark.parametrize("expr", ["0 3 * *", "61 * * * *", "0 3 * * 9", "a b c d e"])
def test_bad_cron_is_a_config_error(expr):
    with pytest.raises(ConfigError):
        cron_trigger(expr, "UTC")


def test_bad_time_zone_is_a_config_error():
    with pytest.raises(ConfigError, match="Mars/Olympus"):
        cron_trigger("0 3 * * *", "Mars/Olympus")
