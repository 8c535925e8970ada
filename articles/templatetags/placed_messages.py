"""`{% placed_message "claim-…" %}`: the slot where a confirmation for that place appears
(articles/placed_messages.py)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def placed_message(context, *parts) -> str:
    """The parts make the place's name: `{% placed_message "question-" q.pk %}`."""
    placed = context.get("placed_messages")
    if placed is None:
        return ""
    return placed.slot("".join(map(str, parts)))


@register.simple_tag(takes_context=True)
def leftover_messages(context) -> str:
    placed = context.get("placed_messages")
    if placed is None:
        return ""
    found = placed.leftovers
    return placed.slot("page-end", found) if found else ""
