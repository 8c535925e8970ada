"""Edit versions: how a form proves it was filled in against the current text.

Every editing form carries a version token: the latest history id (django-simple-history)
of each row, or group of rows, it changes, taken when the page was rendered. The service
that saves the form compares the rows' history since then, and refuses the save when
someone changed one of the fields that form writes, naming who, what and when (from the
history records). A change to a field the form does not write (another editor moving a
claim while you reword it) does not refuse the save: nothing of theirs is overwritten.

Tokens are dot-separated integers, e.g. "41.7.12" for a claim (its own history, its audience
texts' history, its citations' history).
"""

from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise

from django.db.models import Max
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from articles.errors import ArticleError
from articles.models import Article, Citation, Claim, ClaimText, Section

STALE = "stale"

# What a field change is called in a refusal: "Eda Editor changed the text of this claim".
_FIELD_WORDS = {
    "text": "changed the text of",
    "evidence": "changed the evidence certainty of",
    "no_citation_needed": "changed the no-citation flag of",
    "heading": "renamed",
    "heading_texts": "changed the audience headings of",
    "order": "moved",
    "section_id": "moved",
    "question": "changed the question of",
    "title": "changed the title of",
    "specialty": "changed the specialty of",
    "origin": "changed the origin of",
    "reference_id": "changed",
}

# The whole phrases a refusal can say, marked for translation as wholes: a phrase is
# translated where the refusal is put into words (Change.sentence), and one not listed here
# is shown as it is.
_PHRASES = [
    gettext_noop("deleted this claim"),
    gettext_noop("changed the text of this claim"),
    gettext_noop("changed the evidence certainty of this claim"),
    gettext_noop("changed the no-citation flag of this claim"),
    gettext_noop("moved this claim"),
    gettext_noop("changed the %(audience)s text of this claim"),
    gettext_noop("changed the citations of this claim"),
    gettext_noop("changed this claim"),
    gettext_noop("deleted this section"),
    gettext_noop("renamed this section"),
    gettext_noop("changed the audience headings of this section"),
    gettext_noop("moved this section"),
    gettext_noop("changed a claim in this section"),
    gettext_noop("changed this section"),
    gettext_noop("changed the question of this article"),
    gettext_noop("changed the title of this article"),
    gettext_noop("changed the specialty of this article"),
    gettext_noop("changed the origin of this article"),
    gettext_noop("changed the working copy of this article"),
    gettext_noop("changed this article"),
    gettext_noop("deleted this citation"),
    gettext_noop("moved this citation"),
    gettext_noop("changed this citation"),
]

# "There is no such claim.", by the noun a form names.
_MISSING = {
    "this claim": gettext_lazy("There is no such claim."),
    "this section": gettext_lazy("There is no such section."),
    "this citation": gettext_lazy("There is no such citation."),
    "this article": gettext_lazy("There is no such article."),
}

CLAIM_FIELDS = ("text", "evidence", "no_citation_needed")
CLAIM_PLACE_FIELDS = ("section_id", "order")
SECTION_FIELDS = ("heading",)
ARTICLE_FIELDS = ("question", "title", "specialty", "origin")


@dataclass(frozen=True)
class Change:
    """One change someone made since a form was loaded, as a refusal describes it."""

    user: object | None
    at: datetime
    words: str  # "changed the text of this claim", or "changed the %(audience)s text of ..."
    values: dict = field(default_factory=dict)

    def sentence(self, actor=None) -> str:
        if self.user is None:
            who = gettext("Someone")
        elif actor is not None and self.user.pk == actor.pk:
            who = gettext("You (in another window or tab)")
        else:
            who = self.user.get_full_name() or self.user.get_username()
        when = date_format(timezone.localtime(self.at), gettext("j F Y \\a\\t H:i"))
        words = gettext(self.words) % self.values
        return gettext("%(who)s %(words)s on %(when)s") % {
            "who": who,
            "words": words,
            "when": when,
        }


def stale_error(change: Change | None, *, actor=None) -> ArticleError:
    what = change.sentence(actor) if change else gettext("Someone changed this")
    return ArticleError(
        gettext(
            "%(what)s, after you opened this page. Your change was not saved, so nothing of "
            "theirs was overwritten: reload the page to see the current text and make your "
            "change again."
        )
        % {"what": what},
        code=STALE,
    )


def token_parse(token: str | None, parts: int) -> list[int]:
    """The integers of a version token; a malformed token is refused as stale, never
    ignored (ignoring it would allow exactly the lost update this module prevents)."""
    try:
        numbers = [int(piece) for piece in str(token or "").split(".")]
    except ValueError:
        numbers = []
    if len(numbers) != parts or any(n < 0 for n in numbers):
        raise ArticleError(
            gettext(
                "This form does not say which version of the text it was filled in against, "
                "so it was not saved. Reload the page and make your change again."
            ),
            code=STALE,
        )
    return numbers


def _latest(model, **filters) -> int:
    return model.history.filter(**filters).aggregate(latest=Max("history_id"))["latest"] or 0


def _latest_by(model, key: str, ids) -> dict[int, int]:
    rows = model.history.filter(**{f"{key}__in": list(ids)}).values(key)
    return {row[key]: row["latest"] for row in rows.annotate(latest=Max("history_id"))}


# --- Tokens, for rendering forms --------------------------------------------------------


def article_version(article: Article) -> str:
    return str(_latest(Article, id=article.pk))


def section_versions(section_ids) -> dict[int, str]:
    """Per section: its own history and that of the claims in it (deleting a section
    deletes its claims, so a claim changed since counts)."""
    ids = list(section_ids)
    own = _latest_by(Section, "id", ids)
    claims = _latest_by(Claim, "section_id", ids)
    return {pk: f"{own.get(pk, 0)}.{claims.get(pk, 0)}" for pk in ids}


def claim_versions(claim_ids) -> dict[int, str]:
    """Per claim: its own history, its audience texts' and its citations'."""
    ids = list(claim_ids)
    own = _latest_by(Claim, "id", ids)
    texts = _latest_by(ClaimText, "claim_id", ids)
    cites = _latest_by(Citation, "claim_id", ids)
    return {pk: f"{own.get(pk, 0)}.{texts.get(pk, 0)}.{cites.get(pk, 0)}" for pk in ids}


def _working_copy_scope(article_id: int) -> dict:
    sections = Section.history.filter(article_id=article_id).values("id")
    claims = Claim.history.filter(section_id__in=sections).values("id")
    return {
        Article: {"id": article_id},
        Section: {"article_id": article_id},
        Claim: {"section_id__in": sections},
        ClaimText: {"claim_id__in": claims},
        Citation: {"claim_id__in": claims},
    }


def working_copy_version(article: Article) -> str:
    """The whole working copy (and the article's fields), for operations that replace it."""
    scope = _working_copy_scope(article.pk)
    return ".".join(str(_latest(model, **filters)) for model, filters in scope.items())


# --- Checks, for services ---------------------------------------------------------------


def _describe(record, words: str, noun: str) -> Change:
    return Change(
        user=record.history_user,
        at=record.history_date,
        words=f"{words} {noun}",
        values={"audience": getattr(record, "audience", "")},
    )


def row_deleted_error(model, pk: int, *, noun: str, actor=None) -> ArticleError:
    """For a form whose row is gone: who deleted it, when history knows."""
    record = model.history.filter(id=pk, history_type="-").order_by("-history_id").first()
    if record is None:
        missing = _MISSING.get(noun) or f"There is no such {noun.removeprefix('this ')}."
        return ArticleError(missing, code="not_found")
    return stale_error(_describe(record, "deleted", noun), actor=actor)


def fields_check(model, pk: int, since: int, *, fields, noun: str, actor=None) -> None:
    """Refuse when a record after `since` changed one of `fields` of the row (or deleted
    it). `since` must be one of the row's own history ids."""
    records = list(
        model.history.filter(id=pk, history_id__gte=since)
        .select_related("history_user")
        .order_by("history_id")
    )
    if not records or records[0].history_id != since:
        raise stale_error(None, actor=actor)
    culprit = None
    for before, after in pairwise(records):
        if after.history_type == "-":
            culprit = _describe(after, "deleted", noun)
            continue
        changed = [name for name in fields if getattr(before, name) != getattr(after, name)]
        if changed:
            culprit = _describe(after, _FIELD_WORDS.get(changed[0], "changed"), noun)
    if culprit is not None:
        raise stale_error(culprit, actor=actor)


def scope_check(model, since: int, *, words, noun: str, actor=None, **filters) -> None:
    """Refuse when any row in the scope (e.g. a claim's audience texts) has a history
    record newer than `since`. `words` turns the record into "changed the patient text of"."""
    record = (
        model.history.filter(history_id__gt=since, **filters)
        .select_related("history_user")
        .order_by("-history_id")
        .first()
    )
    if record is not None:
        raise stale_error(_describe(record, words(record), noun), actor=actor)


def working_copy_check(article: Article, token: str, *, actor=None) -> None:
    numbers = token_parse(token, 5)
    scope = _working_copy_scope(article.pk)
    for since, (model, filters) in zip(numbers, scope.items(), strict=True):
        scope_check(
            model,
            since,
            words=lambda _record: "changed the working copy of",
            noun="this article",
            actor=actor,
            **filters,
        )
