"""The `date` filter with what it formats remembered per process (a template builtin, so
every template's `|date` is this one; config/settings/base.py).

Django's filter looks the active language's formats up on each call; an article page
formats the same three or four dates sixteen times. What it returns depends only on the
value (in the current time zone, which `expects_localtime` has already applied), its time
zone, the format and the active translation catalogue (month names), which are the key.
Anything but a date or datetime and a string format is formatted each time, as before. A
settings change forgets everything."""

import datetime
from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import date as django_date
from django.utils.translation import trans_real

register = template.Library()

# Distinct (value, format, catalogue) triples kept: a few dates per article page.
DATES_KEPT = 4096


@lru_cache(maxsize=DATES_KEPT)
def _formatted(value, zone, arg: str, catalogue) -> str:
    return django_date(value, arg)


@receiver(setting_changed)
def _forget(**_kwargs) -> None:
    _formatted.cache_clear()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Format a date according to the given format (Django's `date`)."""
    if type(value) not in (datetime.date, datetime.datetime) or arg is None:
        return django_date(value, arg)
    # Two aware datetimes at the same instant are equal whatever their zones, but are
    # written differently: the zone is part of the key.
    zone = value.tzinfo if type(value) is datetime.datetime else None
    return _formatted(value, zone, str(arg), trans_real.catalog())
