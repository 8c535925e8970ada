"""Every write says who: a guard that notices history written without a user.

Inside a web request simple-history's middleware records the signed-in user; inside a
management command nobody is signed in, so the command must name one (`--as USERNAME`,
or the inactive `system` account). The guard listens to simple-history's
`pre_create_historical_record` and notes every record created inside a request or a
command without a history user. The test suite runs every test under it (tests/conftest.py)
and fails the test that wrote such a record.

Two writes legitimately have nobody to name: a reader's follow-up question, sent from a
public page by an anonymous visitor, and what anonymous API clients may create (nothing
today). They are allowed only from anonymous requests.
"""

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps

from django.core.management.base import BaseCommand
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

# Audited models an anonymous visitor may create (labels, lower case).
ANONYMOUS_WRITES = frozenset({"articles.readerquestion"})

_guards: list[list] = []
_command: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_command", default=None)


@dataclass(frozen=True)
class Offence:
    model: str
    object_id: object
    where: str  # "request GET /path" or "command name"
    reason: str

    def __str__(self) -> str:
        why = f" ({self.reason})" if self.reason else ""
        return f"{self.model} #{self.object_id} saved without a history user in {self.where}{why}"


def _request():
    return getattr(HistoricalRecords.context, "request", None)


def _where() -> tuple[str, object] | None:
    request = _request()
    if request is not None:
        return f"request {request.method} {request.path}", request
    command = _command.get()
    if command is not None:
        return f"command {command}", None
    return None


@contextmanager
def history_user_guard() -> Iterator[list[Offence]]:
    """Collect an Offence for each history record created inside a request or a command
    without a user, while the block runs."""
    offences: list[Offence] = []

    def receiver(sender, instance, history_instance, history_user=None, **kwargs):
        # Guards nest (a test of the guard runs inside the suite's own): only the
        # innermost one collects, so a deliberate offence stays inside its test.
        if history_user is not None or _guards[-1] is not offences:
            return
        place = _where()
        if place is None:
            return
        where, request = place
        label = instance._meta.label_lower
        user = getattr(request, "user", None)
        anonymous = user is None or not user.is_authenticated
        if request is not None and label in ANONYMOUS_WRITES and anonymous:
            return
        offences.append(
            Offence(label, instance.pk, where, history_instance.history_change_reason or "")
        )

    original = BaseCommand.execute

    @wraps(original)
    def execute(self, *args, **options):
        token = _command.set(self.__class__.__module__.rsplit(".", 1)[-1])
        try:
            return original(self, *args, **options)
        finally:
            _command.reset(token)

    uid = f"audit-guard-{id(offences)}"
    pre_create_historical_record.connect(receiver, weak=False, dispatch_uid=uid)
    BaseCommand.execute = execute
    _guards.append(offences)
    try:
        yield offences
    finally:
        _guards.pop()  # guards nest, so the last one in is the first out
        BaseCommand.execute = original
        pre_create_historical_record.disconnect(dispatch_uid=uid)
