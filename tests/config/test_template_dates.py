import datetime
import zoneinfo

from django.template import Context, Template
from django.test import override_settings
from django.utils import timezone, translation

from config.template_dates import _formatted


def _render(source: str, language: str = "en", **context) -> str:
    with translation.override(language):
        return Template(source).render(Context(context))


WHEN = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC)


def test_a_date_is_formatted_once_per_language_and_then_remembered():
    _formatted.cache_clear()
    source = '{{ when|date:"F j, Y" }}'
    assert _render(source, when=WHEN) == "March 31, 2026"
    assert _render(source, "es", when=WHEN) == "marzo 31, 2026"
    assert _render(source, when=WHEN) == "March 31, 2026"
    assert _formatted.cache_info().hits == 1


def test_the_same_instant_in_another_time_zone_is_written_as_that_zone_writes_it():
    source = '{{ when|date:"Y-m-d H:i" }}'
    assert _render(source, when=WHEN) == "2026-03-31 23:30"
    with timezone.override(zoneinfo.ZoneInfo("Europe/Madrid")):
        assert _render(source, when=WHEN) == "2026-04-01 01:30"
    with override_settings(TIME_ZONE="Asia/Tokyo"):
        assert _render(source, when=WHEN) == "2026-04-01 08:30"


def test_a_plain_date_and_an_empty_value_are_formatted_as_django_does():
    assert _render('{{ day|date:"Y-m-d" }}', day=datetime.date(2026, 1, 2)) == "2026-01-02"
    assert _render('[{{ day|date:"Y-m-d" }}]', day=None) == "[]"
    assert _render('[{{ day|date:"Y-m-d" }}]', day="not a date") == "[]"


def test_the_format_from_the_translation_catalogue_follows_the_language():
    source = '{{ when|date:_("F j, Y") }}'
    assert _render(source, when=WHEN) == "March 31, 2026"
