"""Who authored a revision, read from the working copy's history.

The no-self-review rule depends on this, so it errs on the side of including people. A
revision's authors are the union of:

- everyone who wrote a value the revision contains: a claim's text, grade or "no citation
  needed", an audience text, a citation, a section heading or its audience text, the
  question, title, specialty or origin, or a field of a cited reference. Authorship
  follows the content, however it came back: restoring an old revision, importing a
  document, the API or the admin write the same text again, and whoever first wrote it
  stays its author;
- everyone who changed the working copy or a cited reference in any way (deletions and
  moves included) since the last approved revision was submitted, because removing or
  reordering text changes what readers see too.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from articles.models import Article, Citation, Claim, ClaimText, Evidence, Section
from references.models import Reference

# Article fields that are part of a revision's content (see articles.snapshot).
ARTICLE_CONTENT_FIELDS = ("slug", "question", "title", "specialty", "origin")
CLAIM_CONTENT_FIELDS = ("text", "evidence", "no_citation_needed")
# A claim created with these values has not had them written by anyone.
CLAIM_DEFAULTS = {"evidence": Evidence.NOT_GRADED, "no_citation_needed": False}
# Reference columns that never reach a revision's frozen copy.
REFERENCE_IGNORED = {"id", "created_at", "updated_at"}


def _users(queryset) -> set[int]:
    return set(
        queryset.exclude(history_user__isnull=True).values_list("history_user_id", flat=True)
    )


def _since(queryset, since: datetime | None):
    return queryset.filter(history_date__gte=since) if since else queryset


def _writes(records: Iterable, fields: Iterable[str], defaults: dict | None = None):
    """(record, field) for each field a historical record wrote: every field a creation
    set (other than to its default), and every field that differs from the row's previous
    record. Records must come in history order."""
    previous: dict[int, object] = {}
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        if record.history_type == "-" or record.history_user_id is None:
            continue
        for name in fields:
            value = getattr(record, name)
            if before is None:
                if defaults is None or defaults.get(name, object()) != value:
                    yield record, name
            elif getattr(before, name) != value:
                yield record, name


def _history(model, **filters):
    return model.history.model.objects.filter(**filters).order_by("history_id")


def _content_values(content: dict) -> dict:
    """What a revision contains, as sets of the values a history record can be matched
    against."""
    values = defaultdict(set)
    for name in ARTICLE_CONTENT_FIELDS:
        values["article"].add((name, content.get(name) or ""))
    for section in content.get("sections", []):
        values["heading"].add(section.get("heading", ""))
        for audience, text in section.get("heading_texts", {}).items():
            values["heading_text"].add((audience, text))
        for claim in section.get("claims", []):
            uuid = claim["uuid"]
            values["text"].add(claim["text"])
            values["evidence"].add((uuid, claim.get("evidence", Evidence.NOT_GRADED)))
            values["no_citation_needed"].add((uuid, bool(claim.get("no_citation_needed"))))
            for audience, text in claim.get("texts", {}).items():
                values["audience"].add((audience, text))
            for key in claim.get("citations", []):
                values["citation"].add((uuid, str(key)))
    return values


def _claim_value(record, name: str):
    if name == "text":
        return record.text
    return (str(record.uuid), getattr(record, name))


def content_author_ids(*, article: Article, content: dict) -> set[int]:
    """Ids of everyone who, at any time, wrote a value that `content` contains."""
    values = _content_values(content)
    authors: set[int] = set()
    sections = _history(Section, article_id=article.pk)
    for record, _name in _writes(sections, ["heading"]):
        if record.heading and record.heading in values["heading"]:
            authors.add(record.history_user_id)
    authors |= _heading_text_author_ids(sections, values["heading_text"])
    claims = list(_history(Claim, section_id__in=sections.values("id")))
    for record, name in _writes(claims, CLAIM_CONTENT_FIELDS, CLAIM_DEFAULTS):
        if _claim_value(record, name) in values[name]:
            authors.add(record.history_user_id)
    # A claim restored or re-imported is a new row with the same uuid.
    uuid_of = {record.id: str(record.uuid) for record in claims}
    texts = _history(ClaimText, claim_id__in=uuid_of.keys())
    for record, _name in _writes(texts, ["audience", "text"]):
        if (record.audience, record.text) in values["audience"]:
            authors.add(record.history_user_id)
    citations = _history(Citation, claim_id__in=uuid_of.keys())
    for record, _name in _writes(citations, ["claim_id", "reference_id"]):
        if (uuid_of.get(record.claim_id), str(record.reference_id)) in values["citation"]:
            authors.add(record.history_user_id)
    for record, name in _writes(_history(Article, id=article.pk), ARTICLE_CONTENT_FIELDS):
        if (name, getattr(record, name) or "") in values["article"]:
            authors.add(record.history_user_id)
    return authors | _reference_author_ids(values["citation"])


def _heading_text_author_ids(records, wanted: set[tuple[str, str]]) -> set[int]:
    """Everyone who wrote a heading audience text the revision contains: per audience, a
    record whose text differs from the same section's record before it."""
    authors, previous = set(), {}
    for record in records:
        before = previous.get(record.id) or {}
        texts = record.heading_texts or {}
        previous[record.id] = texts
        if record.history_type == "-" or record.history_user_id is None:
            continue
        for audience, text in texts.items():
            if before.get(audience) != text and (audience, text) in wanted:
                authors.add(record.history_user_id)
    return authors


def _reference_author_ids(citations: set[tuple[str, str]]) -> set[int]:
    """Everyone who wrote a field of a cited reference that it still has: those values are
    frozen into the revision and printed in its reference list."""
    ids = {int(key) for _uuid, key in citations if key.isdigit()}
    current = Reference.objects.in_bulk(ids)
    fields = [
        f.attname for f in Reference._meta.concrete_fields if f.attname not in REFERENCE_IGNORED
    ]
    authors = set()
    for record, name in _writes(_history(Reference, id__in=ids), fields):
        reference = current.get(record.id)
        if reference is not None and getattr(record, name) == getattr(reference, name):
            authors.add(record.history_user_id)
    return authors


def changed_since_author_ids(*, article: Article, since: datetime | None) -> set[int]:
    """Ids of everyone who changed the working copy (or a reference it cites) in any way
    since `since`; the whole history when `since` is None."""
    sections = Section.history.model.objects.filter(article_id=article.pk)
    # Through history, so claims (and their texts and citations) of deleted sections count.
    claim_ids = Claim.history.model.objects.filter(section_id__in=sections.values("id")).values(
        "id"
    )
    authors = _users(_since(sections, since))
    authors |= _users(_since(Claim.history.model.objects.filter(id__in=claim_ids), since))
    authors |= _users(_since(ClaimText.history.model.objects.filter(claim_id__in=claim_ids), since))
    authors |= _users(_since(Citation.history.model.objects.filter(claim_id__in=claim_ids), since))
    cited = Citation.objects.filter(claim__section__article=article).values("reference_id")
    authors |= _users(_since(Reference.history.model.objects.filter(id__in=cited), since))
    # The article row is also saved by the workflow (pointers, dates); only changes to the
    # fields a revision contains make someone an author.
    # Compared with the record before, even when that one is older than `since`.
    for record, _name in _writes(_history(Article, id=article.pk), ARTICLE_CONTENT_FIELDS):
        if since is None or record.history_date >= since:
            authors.add(record.history_user_id)
    return authors


def revision_author_ids(*, article: Article, content: dict, since: datetime | None) -> set[int]:
    """Ids of the authors of a revision with `content` (module docstring)."""
    return content_author_ids(article=article, content=content) | changed_since_author_ids(
        article=article, since=since
    )
