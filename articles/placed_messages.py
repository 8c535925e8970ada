"""Confirmations shown where the action happened.

A view that changes something and then loads a page (a plain form POST, without
JavaScript or before it has loaded) names the place its message belongs to: the claim,
the section or the form that was saved. The page shows the message there, as a status the
browser focuses on load (`autofocus`, so it works without JavaScript and scrolls the place
into view), instead of in the banner at the top. A message with no place, or whose place
the page does not show, still reaches the person: in the banner, or at the end of the page.

The desk's in-place answers (desk/views/inplace.py) name the same places, and
static/js/desk.js writes their confirmation into the same slot.
"""

from django.contrib import messages
from django.contrib.messages import get_messages
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

PLACE_TAG = "place:"


def message_place(request, text: str, *, place: str = "", level: int = messages.SUCCESS) -> None:
    """Queue `text` for the next page, shown at `place` (an element id of that page)."""
    messages.add_message(request, level, text, extra_tags=f"{PLACE_TAG}{place}" if place else "")


def _place_of(message) -> str:
    for tag in (message.extra_tags or "").split():
        if tag.startswith(PLACE_TAG):
            return tag.removeprefix(PLACE_TAG)
    return ""


class PlacedMessages:
    """This request's messages, split once into the banner's and each place's."""

    def __init__(self, request):
        self.page: list = []
        self.by_place: dict[str, list] = {}
        storage = get_messages(request)
        # Iterating marks the storage used, which makes the response clear the messages
        # cookie (a Set-Cookie no shared cache keeps): only when there is something to show.
        for message in storage if len(storage) else ():
            place = _place_of(message)
            if place:
                self.by_place.setdefault(place, []).append(message)
            else:
                self.page.append(message)
        self.focused = False

    @property
    def places(self) -> set[str]:
        return set(self.by_place)

    def take(self, place: str) -> list:
        return self.by_place.pop(place, [])

    @property
    def leftovers(self) -> list:
        """Placed messages whose place this page did not show."""
        rest = [m for found in self.by_place.values() for m in found]
        self.by_place = {}
        return rest

    def slot(self, place: str, found: list | None = None) -> str:
        """The place's slot: empty (desk.js may fill it), or its messages as a status that
        takes the focus when the page loads (the first place shown only: one autofocus)."""
        found = self.take(place) if found is None else found
        if not found:
            return format_html('<div class="placed" data-placed="{}"></div>', place)
        focus = not self.focused
        self.focused = True
        lines = format_html_join(
            "", '<p class="message message-{}">{}</p>', ((m.level_tag, m) for m in found)
        )
        return format_html(
            '<div class="placed" data-placed="{}" role="status"{}>{}</div>',
            place,
            mark_safe(' tabindex="-1" autofocus') if focus else "",
            lines,
        )
