"""The site's list of specialties (articles.lists.Specialty, edited by admins): the one
check every way of setting an article's specialty goes through (the desk, the API and
document imports, through articles.services.articles and articles.documents)."""

from django.utils.translation import gettext

from articles.errors import ArticleError
from articles.lists import Specialty


def specialty_names() -> list[str]:
    return list(Specialty.objects.values_list("name", flat=True))


def specialty_clean(value: str, *, current: str = "") -> str:
    """The specialty as the list spells it (matched ignoring case), or empty. The
    article's current value is kept even when it is no longer listed, so nothing an old
    article says is lost; anything else not in the list is refused, naming the list."""
    if not value or value == current:
        return value
    names = specialty_names()
    for name in names:
        if name.casefold() == value.casefold():
            return name
    allowed = "; ".join(names) or gettext("none yet (an administrator adds them)")
    raise ArticleError(
        gettext(
            "'%(value)s' is not one of the site's specialties. The specialties are: %(allowed)s."
        )
        % {"value": value, "allowed": allowed},
        code="invalid",
    )
