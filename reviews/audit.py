"""Verifying the review record. Read-only; `manage.py verify_audit_log` runs it.

What a clean report proves (docs/security.md):
- the event chain: every event links to the one before it and its HMAC, computed with a
  key from settings.AUDIT_CHAIN_KEYS, matches its fields, so no event was changed,
  inserted, reordered or removed from the middle, by anyone without the key;
- the head: when given one kept outside the database (`--expect-head`, the head file), the
  chain still contains it, so no events were cut from the end;
- the records readers trust (reviews/audit_records.py): every revision's content, state
  and reviewer list, every signature and every article's live revision are what the chain
  says the workflow wrote.

Everything streams in chunks; the cost is linear in the size of the record.
"""

from dataclasses import dataclass, field
from pathlib import Path

from reviews.audit_records import RecordCounts, records_problem
from reviews.events import GENESIS_HASH, UnknownKeyError, event_hash_compute
from reviews.models import WorkflowEvent

CHUNK = 2000


@dataclass(frozen=True)
class AuditReport:
    events: int
    signatures: int
    revisions: int
    articles: int
    head_hash: str
    head_event_id: int | None
    problem: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problem


@dataclass
class _Anchor:
    """A head kept outside the database: the hash, and the event id when known."""

    event_hash: str
    event_id: int | None
    source: str
    seen_at: int | None = None  # position in the chain where it was found


class HeadFileError(ValueError):
    pass


def head_file_read(path: Path) -> tuple[int, str] | None:
    """The newest head written to `path`: the line with the highest event id (after-commit
    hooks of concurrent events may append slightly out of order). None when it is empty."""
    best = None
    try:
        with open(path, encoding="ascii") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                parts = line.split()
                valid = (
                    len(parts) == 2
                    and parts[0].isdigit()
                    and len(parts[1]) == 64
                    and all(c in "0123456789abcdef" for c in parts[1])
                )
                if not valid:
                    raise HeadFileError(
                        f"Line {number} of the head file {path} is not '<event id> <hash>'."
                    )
                event_id = int(parts[0])
                if best is None or event_id > best[0]:
                    best = (event_id, parts[1])
    except FileNotFoundError:
        raise HeadFileError(f"The head file {path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise HeadFileError(f"The head file {path} cannot be read: {exc}") from None
    return best


def _describe(event: WorkflowEvent) -> str:
    return f"event #{event.pk} ({event.action}, {event.created_at:%Y-%m-%d %H:%M:%S})"


def _event_problem(event: WorkflowEvent, expected_previous: str) -> str:
    if event.previous_hash != expected_previous:
        return (
            f"The chain is broken at {_describe(event)}: it does not link to the event "
            "before it, so an event was removed, inserted or reordered there."
        )
    try:
        computed = event_hash_compute(event)
    except UnknownKeyError:
        return (
            f"The chain cannot be checked at {_describe(event)}: it names the key "
            f"'{event.key_id}', which AUDIT_CHAIN_KEYS does not hold. Add that key (old keys "
            "stay listed after a rotation), or the event was not written by this site."
        )
    if computed != event.event_hash:
        return (
            f"The chain is broken at {_describe(event)}: its fields no longer match its "
            "hash, so it was changed after it was written (or its hash was recomputed "
            "without the chain's key)."
        )
    return ""


def _chain_walk(counts: dict, anchors: list[_Anchor]) -> str:
    expected_previous = GENESIS_HASH
    for event in WorkflowEvent.objects.order_by("pk").iterator(chunk_size=CHUNK):
        counts["events"] += 1
        problem = _event_problem(event, expected_previous)
        if problem:
            return problem
        for anchor in anchors:
            if anchor.event_id == event.pk and anchor.event_hash != event.event_hash:
                return (
                    f"The chain's {_describe(event)} has hash {event.event_hash}, but "
                    f"{anchor.source} recorded {anchor.event_hash} for it: the log was "
                    "rewritten from there on."
                )
            if anchor.event_hash == event.event_hash:
                anchor.seen_at = counts["events"]
        expected_previous = event.event_hash
        counts["head"] = event.event_hash
        counts["head_id"] = event.pk
    return ""


def _anchors_problem(counts: dict, anchors: list[_Anchor], notes: list[str]) -> str:
    for anchor in anchors:
        if anchor.seen_at is None:
            where = f"event #{anchor.event_id} " if anchor.event_id is not None else ""
            last = f"event #{counts['head_id']}" if counts["head_id"] else "no event at all"
            return (
                f"{anchor.source[0].upper()}{anchor.source[1:]} recorded {where}with hash "
                f"{anchor.event_hash}, which the chain does not contain (it ends at "
                f"{last}): events were cut from the end of the log, or it was rewritten."
            )
        after = counts["events"] - anchor.seen_at
        if after:
            notes.append(f"{after} events were appended after the head {anchor.source} recorded.")
        else:
            notes.append(f"The head matches {anchor.source}.")
    return ""


def audit_log_verify(
    *, expect_head: str | None = None, head_file: str | Path | None = None
) -> AuditReport:
    """Check the chain, then every record readers trust against it. `expect_head` is a
    head hash kept elsewhere; `head_file` a file of "<event id> <hash>" lines
    (settings.AUDIT_HEAD_FILE). The chain must still contain each. Raises HeadFileError
    when the head file cannot be read."""
    anchors = []
    if expect_head:
        anchors.append(_Anchor(expect_head.strip().lower(), None, "the expected head"))
    if head_file:
        recorded = head_file_read(Path(head_file))
        if recorded is not None:
            anchors.append(_Anchor(recorded[1], recorded[0], f"the head file {head_file}"))
    counts = {"events": 0, "head": GENESIS_HASH, "head_id": None}
    notes: list[str] = []
    records = RecordCounts()
    problem = _chain_walk(counts, anchors) or _anchors_problem(counts, anchors, notes)
    if not problem:
        problem = records_problem(records, last_event_id=counts["head_id"] or 0)
    return AuditReport(
        events=counts["events"],
        signatures=records.signatures,
        revisions=records.revisions,
        articles=records.articles,
        head_hash=counts["head"],
        head_event_id=counts["head_id"],
        problem=problem,
        notes=tuple(notes),
    )
