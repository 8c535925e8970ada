"""The one filter for machine-readable dates (articles/templatetags/machine_dates.py)."""

from datetime import UTC, date, datetime, timedelta, timezone

from django.template import Context, Template
from django.test import override_settings


def _render(value) -> str:
    return Template("{% load machine_dates %}{{ value|machine_datetime }}").render(
        Context({"value": value})
    )


def test_a_time_is_given_to_the_second_without_microseconds():
    value = datetime(2026, 12, 4, 16, 16, 18, 375430, tzinfo=UTC)
    assert _render(value) == "2026-12-04T16:16:18+00:00"


@override_settings(TIME_ZONE="America/New_York")
def test_a_time_is_given_in_the_sites_time_zone_with_its_offset():
    value = datetime(2026, 7, 1, 12, 0, 0, 1, tzinfo=UTC)
    assert _render(value) == "2026-07-01T08:00:00-04:00"


def test_a_time_in_another_zone_keeps_the_instant():
    value = datetime(2026, 1, 1, 9, 30, 5, 999999, tzinfo=timezone(timedelta(hours=2)))
    assert _render(value) == "2026-01-01T07:30:05+00:00"


def test_a_date_is_given_as_a_date_and_nothing_as_nothing():
    assert _render(date(2026, 3, 9)) == "2026-03-09"
    assert _render(None) == ""
