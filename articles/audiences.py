"""The configured reader audiences. Read from settings on each call (never at import time)
so tests and deployments can change them."""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Audience:
    key: str
    label: str
    target_grade: int | None


def audiences() -> list[Audience]:
    return [Audience(*entry) for entry in settings.ARTICLE_AUDIENCES]


def default_audience() -> str:
    return settings.ARTICLE_AUDIENCES[0][0]


def extra_audience_keys() -> list[str]:
    """Audiences that have their own optional text; the first audience is the claim text."""
    return [entry[0] for entry in settings.ARTICLE_AUDIENCES[1:]]


def audience_or_default(key: str | None) -> str:
    keys = {entry[0] for entry in settings.ARTICLE_AUDIENCES}
    return key if key in keys else default_audience()
