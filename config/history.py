"""Writing an audited row: the one way every service saves or deletes, so its history
record names who did it and why (docs/audit.md). Lives here, below every app, because
every app writes audited rows."""

# django-simple-history keeps a change reason in 100 characters.
REASON_MAX = 100


def change_reason(text: str) -> str:
    """The reason as the history keeps it: cut to the column, with an ellipsis."""
    return text if len(text) <= REASON_MAX else text[: REASON_MAX - 1] + "…"


def _mark(instance, *, actor, reason: str) -> None:
    instance._history_user = actor
    instance._change_reason = change_reason(reason)


def history_save(instance, *, actor, reason: str, fields: list[str] | None = None) -> None:
    """Save `instance` (only `fields`, when given) with `actor` and `reason` in its history."""
    _mark(instance, actor=actor, reason=reason)
    instance.save(update_fields=fields)


def history_delete(instance, *, actor, reason: str) -> None:
    _mark(instance, actor=actor, reason=reason)
    instance.delete()
