"""The records readers trust, held to the verified event chain (reviews/audit.py runs this
after the chain itself checked out, so every event read here is authentic).

- Each revision: its content matches its hash and the hash its events recorded; its state
  is the one its last event left it in; it was created by a submission in the chain.
- Each signature: matches the signed content, and every field (signer, printed name,
  credentials, meaning, content hash, change type, time) equals the copy its approval
  event carries.
- Each revision's change type: the one its submission or last reclassification recorded.
- Each approved revision: published by an event of the chain, with as many signatures as
  that publication needed.
- Each reviewer list readers see (`Revision.reviewers`): exactly the list the last
  publication or reaffirmation recorded, and every approving reviewer named on it signed.
- Each article: its live revision is the one the chain last published for it, its pending
  revision (if any) is an open revision of it, the question, title, specialty and
  origin that lists show are the shown revision's, and the dates readers see (first
  published, last updated, last reviewed) are those its last publication or
  reaffirmation recorded.

Rows are read in chunks by primary key, each chunk with its own signatures and events
(indexed by revision and article), so memory stays bounded and the cost linear.
"""

from dataclasses import dataclass
from datetime import UTC

from articles.listing import LISTING_FIELDS
from articles.models import OPEN_STATES, Article, Revision, RevisionState
from articles.snapshot import content_hash
from reviews.events import READER_DATES, signature_details
from reviews.models import Action, Signature, WorkflowEvent

CHUNK = 200
# Signature fields the approval event copies, with the words the report uses for them.
SIGNATURE_FIELDS = {
    "revision": "revision",
    "signer": "signer (user id)",
    "printed_name": "printed name",
    "credentials": "credentials",
    "meaning": "meaning",
    "content_hash": "signed content hash",
    "change_type": "change type",
    "checked_claims": "list of claims checked against their sources",
    "unchecked_confirmed": "confirmation of unchecked claims",
    "signed_at": "signing time",
}
# Events written before a field existed do not carry it; the row then has this value.
_RECORDED_BEFORE = {"change_type": "", "checked_claims": None, "unchecked_confirmed": False}
# Events that set a revision's change type, in the chain as details["change_type"].
_CHANGE_TYPE_EVENTS = (Action.SUBMIT, Action.RECLASSIFY)
_REVIEWER_EVENTS = (Action.PUBLISH, Action.REAFFIRM)


@dataclass
class RecordCounts:
    signatures: int = 0
    revisions: int = 0
    articles: int = 0


def _chunks(queryset, size: int = CHUNK):
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def _label(revision: Revision) -> str:
    return f"Revision #{revision.pk} (article {revision.article_id}, number {revision.number})"


def _names(reviewers) -> str:
    if not reviewers:
        return "nobody"
    return "; ".join(
        f"{entry.get('name')}, {entry.get('credentials')} ({entry.get('kind', 'approved')})"
        for entry in reviewers
        if isinstance(entry, dict)
    )


def _signature_problem(signature: Signature, event: WorkflowEvent | None, actual: str) -> str:
    who = f"Signature #{signature.pk} by {signature.printed_name}"
    if event is None:
        return (
            f"{who} on revision #{signature.revision_id} has no approval event in the "
            "chain: it was not made by the workflow."
        )
    recorded = event.details.get("signature") or {}
    # Read the way the approval event recorded it, so the two compare field by field.
    values = signature_details(signature)
    for name, words in SIGNATURE_FIELDS.items():
        expected = recorded.get(name, _RECORDED_BEFORE.get(name))
        if values[name] != expected:
            return (
                f"{who} was changed after it was signed: its {words} is {values[name]!r} but "
                f"the chain (event #{event.pk}) recorded {expected!r}."
            )
    if signature.content_hash != actual:
        return (
            f"{who} does not match the content of revision #{signature.revision_id}: the "
            "signed text was changed."
        )
    return ""


def _revision_problem(
    revision: Revision, signatures: list[Signature], events: list[WorkflowEvent]
) -> str:
    actual = content_hash(revision.content)
    if actual != revision.content_hash:
        return f"{_label(revision)}: its content no longer matches its stored hash."
    if not events or events[0].action != Action.SUBMIT:
        return (
            f"{_label(revision)} has no submission in the chain: it was not created by the "
            "workflow."
        )
    approvals = {e.signature_id: e for e in events if e.action == Action.APPROVE}
    mine = {s.pk for s in signatures}
    for signature_id, event in approvals.items():
        if signature_id not in mine:
            return (
                f"{_label(revision)}: its approval (event #{event.pk}) carries signature "
                f"#{signature_id}, which is no longer on this revision."
            )
    for signature in signatures:
        problem = _signature_problem(signature, approvals.get(signature.pk), actual)
        if problem:
            return problem
    for event in events:
        if event.revision_hash != revision.content_hash:
            return (
                f"{_label(revision)}: event #{event.pk} ({event.action}) recorded content "
                f"hash {event.revision_hash}, but the revision's is {revision.content_hash}: "
                "the revision's content was replaced."
            )
    return (
        _state_problem(revision, signatures, events)
        or _change_type_problem(revision, events)
        or _reviewers_problem(revision, signatures, events)
    )


def _change_type_problem(revision: Revision, events) -> str:
    setters = [e for e in events if e.action in _CHANGE_TYPE_EVENTS and "change_type" in e.details]
    recorded = setters[-1].details["change_type"] if setters else ""
    if revision.change_type != recorded:
        return (
            f"{_label(revision)} is classified {revision.change_type!r}, but the chain "
            f"records {recorded!r}: its change type was changed outside the workflow."
        )
    return ""


def _state_problem(revision: Revision, signatures, events) -> str:
    last = [e for e in events if e.to_state][-1]
    if revision.state != last.to_state:
        return (
            f"{_label(revision)} is {revision.state!r}, but its last event in the chain "
            f"(event #{last.pk}, {last.action}) left it {last.to_state!r}: its state was "
            "changed outside the workflow."
        )
    if revision.state != RevisionState.APPROVED:
        return ""
    published = [e for e in events if e.action == Action.PUBLISH]
    if not published:
        return (
            f"{_label(revision)} is approved, but the chain has no publication of it: its "
            "state was changed outside the workflow."
        )
    checked = bool(published[-1].details.get("all_claims_checked", False))
    if revision.all_claims_checked != checked:
        return (
            f"{_label(revision)} says every claim was checked against its sources "
            f"({revision.all_claims_checked}), but its publication (event "
            f"#{published[-1].pk}) recorded {checked}: it was changed outside the workflow."
        )
    needed = max(1, int(published[-1].details.get("quorum", 1)))
    if len(signatures) < needed:
        return (
            f"{_label(revision)} is approved with {len(signatures)} signatures, but its "
            f"publication (event #{published[-1].pk}) needed {needed}."
        )
    return ""


def _reviewers_problem(revision: Revision, signatures, events) -> str:
    shown = revision.reviewers or []
    signed = {(s.printed_name, s.credentials) for s in signatures}
    for entry in shown:
        if not isinstance(entry, dict):
            return f"{_label(revision)} lists a reviewer that is not a name: {entry!r}."
        kind = entry.get("kind", "approved")
        if kind == "approved" and (entry.get("name"), entry.get("credentials")) not in signed:
            return (
                f"{_label(revision)} shows {entry.get('name')}, {entry.get('credentials')} "
                "as an approving reviewer, but no signature on it has that name and "
                "credentials."
            )
    recorders = [e for e in events if e.action in _REVIEWER_EVENTS]
    recorded = recorders[-1].details.get("reviewers", []) if recorders else []
    if shown != recorded:
        source = (
            f"its last publication or reaffirmation (event #{recorders[-1].pk}) recorded "
            if recorders
            else "the chain records "
        )
        return (
            f"{_label(revision)} shows readers the reviewers {_names(shown)}, but "
            f"{source}{_names(recorded)}: the list was changed outside the workflow."
        )
    return ""


def _article_problem(article: Article, last_publication: WorkflowEvent | None) -> str:
    label = f"Article '{article.slug}' (#{article.pk})"
    live = article.live_revision_id
    if last_publication is None:
        if live is None:
            return ""
        return (
            f"{label} shows revision #{live} to readers, but the chain never published a "
            "revision of it: its live revision was set outside the workflow."
        )
    if live != last_publication.revision_id:
        shown = f"revision #{live}" if live else "no revision"
        return (
            f"{label} shows {shown} to readers, but the chain's last publication for it "
            f"(event #{last_publication.pk}) made revision #{last_publication.revision_id} "
            "live: its live revision was changed outside the workflow."
        )
    return ""


_EVENT_COLUMNS = (
    "pk",
    "revision_id",
    "action",
    "to_state",
    "revision_hash",
    "signature_id",
    "details",
)


def _revisions_problem(counts: RecordCounts, last_event_id: int) -> str:
    for revisions in _chunks(Revision.objects.all()):
        ids = [r.pk for r in revisions]
        signatures: dict[int, list] = {}
        for signature in Signature.objects.filter(revision_id__in=ids).order_by("pk"):
            signatures.setdefault(signature.revision_id, []).append(signature)
        events: dict[int, list] = {}
        rows = WorkflowEvent.objects.filter(revision_id__in=ids, pk__lte=last_event_id)
        for event in rows.order_by("pk").only(*_EVENT_COLUMNS):
            events.setdefault(event.revision_id, []).append(event)
        for revision in revisions:
            counts.revisions += 1
            mine = signatures.get(revision.pk, [])
            counts.signatures += len(mine)
            problem = _revision_problem(revision, mine, events.get(revision.pk, []))
            if problem:
                return problem
    return ""


def _listing_problem(article: Article, shown: dict[int, tuple]) -> str:
    """The copies lists read (articles/listing.py) must be the shown revision's values."""
    revision_id = article.live_revision_id or article.pending_revision_id
    values = shown.get(revision_id, ("",) * len(LISTING_FIELDS))
    for name, value in zip(LISTING_FIELDS, values, strict=True):
        listed = getattr(article, name)
        if listed != (value or ""):
            where = f"revision #{revision_id}" if revision_id else "no revision"
            return (
                f"Article '{article.slug}' (#{article.pk}) is listed with the "
                f"{name.removeprefix('public_')} {listed!r} (index, search, feeds, API), but "
                f"the revision readers see ({where}) says {value or ''!r}: the copy was "
                "changed outside the workflow."
            )
    return ""


def _pending_problem(article: Article, pending: dict[int, tuple]) -> str:
    if article.pending_revision_id is None:
        return ""
    article_id, state = pending.get(article.pending_revision_id, (None, None))
    if article_id != article.pk or state not in OPEN_STATES:
        return (
            f"Article '{article.slug}' (#{article.pk}) shows revision "
            f"#{article.pending_revision_id} as pending review, but that is not an open "
            "revision of it: its pending revision was set outside the workflow."
        )
    return ""


def _shown_values(articles: list[Article]) -> tuple[dict[int, tuple], dict[int, tuple]]:
    """The listed values of each article's shown revision, and the article and state of
    each pending revision."""
    ids = {a.live_revision_id or a.pending_revision_id for a in articles} - {None}
    keys = (f"content__{name.removeprefix('public_')}" for name in LISTING_FIELDS)
    rows = Revision.objects.filter(pk__in=ids).values_list("pk", *keys)
    pending_ids = {a.pending_revision_id for a in articles} - {None}
    pending = Revision.objects.filter(pk__in=pending_ids).values_list("pk", "article_id", "state")
    return {row[0]: row[1:] for row in rows}, {row[0]: row[1:] for row in pending}


_DATE_WORDS = {
    "published_at": "was first published",
    "last_updated_at": "was last updated",
    "last_reviewed_at": "was last reviewed",
}


def _dates_problem(article: Article, last_review: WorkflowEvent | None) -> str:
    """The dates readers see are the ones the last publication or reaffirmation left.
    Events re-chained from before dates were recorded (migration 0004) carry none; the
    dates are then checked from the next publication or reaffirmation on."""
    values = {
        name: getattr(article, name).astimezone(UTC).isoformat()
        if getattr(article, name) is not None
        else None
        for name in READER_DATES
    }
    if last_review is None:
        recorded, source = dict.fromkeys(READER_DATES), "the chain never published it"
    elif "dates" in last_review.details:
        recorded = last_review.details["dates"]
        source = f"the chain (event #{last_review.pk}, {last_review.action}) recorded"
    else:
        return ""
    for name, words in _DATE_WORDS.items():
        if values[name] != recorded.get(name):
            told = recorded.get(name) or "nothing"
            return (
                f"Article '{article.slug}' (#{article.pk}) tells readers it {words} "
                f"{values[name] or 'never'}, but {source}"
                f"{' ' + told if last_review is not None else ''}: its dates were changed "
                "outside the workflow."
            )
    return ""


def _articles_problem(counts: RecordCounts, last_event_id: int) -> str:
    columns = (
        "pk",
        "slug",
        "live_revision_id",
        "pending_revision_id",
        *LISTING_FIELDS,
        *READER_DATES,
    )
    for articles in _chunks(Article.objects.only(*columns)):
        reviews = WorkflowEvent.objects.filter(
            article_id__in=[a.pk for a in articles],
            action__in=_REVIEWER_EVENTS,
            pk__lte=last_event_id,
        )
        last: dict[int, WorkflowEvent] = {}
        last_review: dict[int, WorkflowEvent] = {}
        columns = ("pk", "article_id", "revision_id", "action", "details")
        for event in reviews.order_by("pk").only(*columns):
            last_review[event.article_id] = event
            if event.action == Action.PUBLISH:
                last[event.article_id] = event
        shown, pending = _shown_values(articles)
        for article in articles:
            counts.articles += 1
            problem = (
                _article_problem(article, last.get(article.pk))
                or _pending_problem(article, pending)
                or _listing_problem(article, shown)
                or _dates_problem(article, last_review.get(article.pk))
            )
            if problem:
                return problem
    return ""


def records_problem(counts: RecordCounts, *, last_event_id: int) -> str:
    """The first record that disagrees with the chain, as a sentence; "" when none does.
    Only events up to `last_event_id` (the verified head) are believed."""
    return _revisions_problem(counts, last_event_id) or _articles_problem(counts, last_event_id)
