"""Dates and times for machines: the `datetime` attribute of `<time>` and metadata.

Django's `date:'c'` keeps microseconds, which HTML does not allow (at most three digits
of a second), so every page with a recent timestamp was invalid. One filter formats them
all, to the second, in the current time zone, as RFC 3339."""

from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def machine_datetime(value) -> str:
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return ""
