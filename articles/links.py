"""Absolute links to the site, for wherever a link leaves the page it is on: emails, feeds,
the sitemap, canonical links, structured data, the API.

They all start with settings.PUBLIC_BASE_URL, never with the Host of the request nor the
Sites framework's record (whose "localhost" once went out in every email)."""

from django.conf import settings


def public_url(path: str) -> str:
    """The address readers use for a path of this site ("/articles/x/")."""
    return settings.PUBLIC_BASE_URL + path
