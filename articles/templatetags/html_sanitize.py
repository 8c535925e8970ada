"""The one filter for HTML that the site renders as markup rather than text.

Everything else people type (claims, audience texts, comments, questions, reference fields,
imported documents) is plain text, escaped by the templates. Flat pages (editorial policy,
disclaimer, corrections) are HTML written by administrators in the admin: trusted, but
cleaned with nh3 all the same, so a stolen admin session or a pasted snippet cannot put a
script, an event handler or a javascript: link on every reader's screen."""

import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def sanitized_html(value) -> SafeString:
    # nh3's defaults: a conservative tag and attribute allowlist, http(s)/mailto links
    # only, and rel="noopener noreferrer" on links.
    return mark_safe(nh3.clean(str(value or "")))  # noqa: S308 - nh3 has just cleaned it
