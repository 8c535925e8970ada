from django.conf import settings
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from articles.placed_messages import PlacedMessages
from articles.staff import staff_nav_for


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "PUBLIC_BASE_URL": settings.PUBLIC_BASE_URL,
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        # Links between public pages keep a language other than the default
        # (config/middleware_language.py): `{% url 'articles:index' %}{{ lang_query }}`.
        # Read when the template renders, so an article page's override counts.
        "lang_query": _lang_query(translation.get_language()),
    }


def _lang_query(language: str) -> str:
    return "" if language == settings.LANGUAGE_CODE else f"?lang={language}"


def workspace(request):
    """The staff bar's flags and counts (articles/staff.py), computed only when a staff
    template asks, so public pages never read the user (which would make them vary by
    cookie)."""
    return {"staff_nav": SimpleLazyObject(lambda: staff_nav_for(user=request.user))}


def placed_messages(request):
    """This request's messages, each shown at its place or in the banner
    (articles/placed_messages.py); read only when a template asks."""
    return {"placed_messages": SimpleLazyObject(lambda: PlacedMessages(request))}
