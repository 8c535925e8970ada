"""Editing an article's working copy: sections and claims, row by row with history.

Each function locks the article first (see _rows.article_lock_for_edit), re-reads the rows
it changes inside that lock, checks the form's version token (articles.versions) when one
is given, and raises ArticleError with a code a view turns into a status: forbidden (403),
locked, stale and not_found (409), invalid (400). Nothing is written before every check
has passed, and the transaction undoes everything if a later step fails.
"""

from django.db import transaction
from django.utils.translation import gettext

from articles import versions
from articles.audiences import extra_audience_keys
from articles.errors import ArticleError
from articles.models import Article, Citation, Claim, ClaimText, Evidence, Section, SectionKind
from articles.services._rows import (
    article_lock_for_edit,
    next_order,
    required_text,
    rows_reorder,
    text_refuse_controls,
    too_long,
)
from config.history import history_delete, history_save

HEADING_MAX = Section._meta.get_field("heading").max_length


# --- Reading rows inside the lock -----------------------------------------------------


def section_get(article: Article, pk: int, *, actor=None) -> Section:
    section = Section.objects.filter(pk=pk, article=article).first()
    if section is None:
        raise versions.row_deleted_error(Section, pk, noun="this section", actor=actor)
    return section


def claim_get(article: Article, pk: int, *, actor=None) -> Claim:
    claim = Claim.objects.select_related("section").filter(pk=pk, section__article=article).first()
    if claim is None:
        raise versions.row_deleted_error(Claim, pk, noun="this claim", actor=actor)
    return claim


def _sections_in_order(article: Article) -> tuple[list[Section], list[Section]]:
    """(the lead section, if any, as a list; the body sections), in order. The lead always
    stays first; positions given to services count body sections only."""
    sections = list(article.sections.order_by("order"))
    lead = [s for s in sections if s.kind == SectionKind.LEAD]
    return lead, [s for s in sections if s.kind != SectionKind.LEAD]


def _place(rows: list, row, position: int | None) -> list:
    """`rows` without `row`, then `row` inserted at `position` (None or past the end: last)."""
    rest = [r for r in rows if r.pk != row.pk]
    if position is None or position >= len(rest):
        return [*rest, row]
    position = max(position, 0)
    return [*rest[:position], row, *rest[position:]]


def _evidence(value: str) -> str:
    if value not in Evidence.values:
        raise ArticleError(
            gettext("'%(value)s' is not a certainty of evidence.") % {"value": value},
            code="invalid",
        )
    return value


def _claim_text(value: str | None) -> str:
    return required_text(
        value,
        message=gettext("A claim needs a text; write it or delete the claim."),
        label=gettext("Claim text"),
    )


def _texts_write(claim: Claim, texts: dict[str, str], *, actor, reason: str) -> None:
    """Set the claim's audience texts: an empty text removes that audience's text."""
    configured = extra_audience_keys()
    unknown = sorted(set(texts) - set(configured))
    if unknown:
        raise ArticleError(
            f"No audience called {unknown[0]!r} is configured; texts can be written for "
            f"{', '.join(configured) or 'no other audience'}.",
            code="invalid",
        )
    existing = {row.audience: row for row in claim.texts.all()}
    for audience in configured:
        if audience not in texts:
            continue
        value = (texts[audience] or "").strip()
        text_refuse_controls(value, label=f"The {audience} text")
        row = existing.get(audience)
        if not value:
            if row is not None:
                history_delete(row, actor=actor, reason=reason)
        elif row is None:
            history_save(
                ClaimText(claim=claim, audience=audience, text=value), actor=actor, reason=reason
            )
        elif row.text != value:
            row.text = value
            history_save(row, actor=actor, reason=reason)


def _claim_token_check(claim: Claim, version: str, *, actor, own=(), texts=False, cites=False):
    own_since, texts_since, cites_since = versions.token_parse(version, 3)
    noun = "this claim"
    if own:
        versions.fields_check(Claim, claim.pk, own_since, fields=own, noun=noun, actor=actor)
    if texts:
        versions.scope_check(
            ClaimText,
            texts_since,
            words=lambda _r: "changed the %(audience)s text of",
            noun=noun,
            actor=actor,
            claim_id=claim.pk,
        )
    if cites:
        versions.scope_check(
            Citation,
            cites_since,
            words=lambda _r: "changed the citations of",
            noun=noun,
            actor=actor,
            claim_id=claim.pk,
        )


def _section_token_check(
    section: Section, version: str, *, actor, fields=versions.SECTION_FIELDS, claims=False
):
    """Refuse a stale save of a section: its own `fields` (and, with `claims`, its claims)
    changed since the section's version token was issued."""
    own_since, claims_since = versions.token_parse(version, 2)
    noun = "this section"
    versions.fields_check(Section, section.pk, own_since, fields=fields, noun=noun, actor=actor)
    if claims:
        versions.scope_check(
            Claim,
            claims_since,
            words=lambda _r: "changed a claim in",
            noun=noun,
            actor=actor,
            section_id=section.pk,
        )


# --- Sections -------------------------------------------------------------------------


@transaction.atomic
def section_create(
    *,
    article: Article,
    actor,
    heading: str = "",
    kind: str = SectionKind.BODY,
    position: int | None = None,
) -> Section:
    """A new section, last unless `position` (among body sections) says otherwise. An
    article has one lead summary, created with it; `kind="lead"` only restores a missing one."""
    article = article_lock_for_edit(article_id=article.pk, actor=actor)
    lead, body = _sections_in_order(article)
    if kind == SectionKind.LEAD:
        if lead:
            raise ArticleError(gettext("This article already has a lead summary."), code="invalid")
        heading = ""
    elif kind == SectionKind.BODY:
        heading = required_text(
            heading,
            message=gettext("Give the section a heading."),
            max_length=HEADING_MAX,
            label=gettext("Heading"),
        )
    else:
        raise ArticleError(
            gettext("'%(value)s' is not a kind of section.") % {"value": kind}, code="invalid"
        )
    reason = "Section added" if kind == SectionKind.BODY else "Lead summary added"
    section = Section(
        article=article, kind=kind, heading=heading, order=next_order(article.sections)
    )
    history_save(section, actor=actor, reason=reason)
    if kind == SectionKind.LEAD:
        rows_reorder([section, *body], actor=actor, reason=reason)
    elif position is not None:
        rows_reorder([*lead, *_place(body, section, position)], actor=actor, reason=reason)
    return section


@transaction.atomic
def section_rename(*, section: Section, actor, heading: str, version: str | None = None) -> Section:
    article = article_lock_for_edit(article_id=section.article_id, actor=actor)
    section = section_get(article, section.pk, actor=actor)
    if version is not None:
        _section_token_check(section, version, actor=actor)
    if section.kind == SectionKind.LEAD:
        raise ArticleError(gettext("The lead summary has no heading."), code="invalid")
    heading = required_text(
        heading,
        message=gettext("Give the section a heading."),
        max_length=HEADING_MAX,
        label=gettext("Heading"),
    )
    if heading != section.heading:
        section.heading = heading
        history_save(section, actor=actor, reason="Section renamed")
    return section


def heading_texts_clean(texts: dict[str, str]) -> dict[str, str]:
    """A section heading's audience texts: only configured non-default audiences, each at
    most a heading long; an empty text removes that audience's wording."""
    extra = extra_audience_keys()
    cleaned = {}
    for key, text in (texts or {}).items():
        if key not in extra:
            known = ", ".join(extra) or gettext("(none configured)")
            raise ArticleError(
                gettext(
                    "'%(key)s' is not an audience a heading can have its own text for; the "
                    "audiences are: %(known)s."
                )
                % {"key": key, "known": known},
                code="invalid",
            )
        text = " ".join(text_refuse_controls(text or "", label=gettext("A heading text")).split())
        if len(text) > HEADING_MAX:
            raise too_long(text, HEADING_MAX)
        if text:
            cleaned[key] = text
    return cleaned


@transaction.atomic
def section_heading_texts_set(
    *, section: Section, actor, texts: dict[str, str], version: str | None = None
) -> Section:
    """Replace a body section's heading wordings for other audiences (the patient version
    of "Essential Non-Pharmacologic Measures"). Audiences not in `texts` are kept."""
    article = article_lock_for_edit(article_id=section.article_id, actor=actor)
    section = section_get(article, section.pk, actor=actor)
    if version is not None:
        _section_token_check(section, version, actor=actor, fields=("heading_texts",))
    if section.kind == SectionKind.LEAD:
        raise ArticleError(gettext("The lead summary has no heading."), code="invalid")
    cleaned = heading_texts_clean({**section.heading_texts, **texts})
    if cleaned != section.heading_texts:
        section.heading_texts = cleaned
        history_save(section, actor=actor, reason="Section heading audience texts edited")
    return section


@transaction.atomic
def section_move(*, section: Section, actor, position: int, version: str | None = None) -> Section:
    """Move a body section to `position` among the body sections (0 is first)."""
    article = article_lock_for_edit(article_id=section.article_id, actor=actor)
    section = section_get(article, section.pk, actor=actor)
    if version is not None:
        _section_token_check(section, version, actor=actor, fields=("order",))
    if section.kind == SectionKind.LEAD:
        raise ArticleError(gettext("The lead summary always comes first."), code="invalid")
    lead, body = _sections_in_order(article)
    rows = [*lead, *_place(body, section, position)]
    rows_reorder(rows, actor=actor, reason="Sections reordered")
    return section


@transaction.atomic
def section_delete(*, section: Section, actor, version: str | None = None) -> None:
    """Delete a section and its claims (with their texts and citations), row by row so the
    history records each deletion and who made it."""
    article = article_lock_for_edit(article_id=section.article_id, actor=actor)
    section = section_get(article, section.pk, actor=actor)
    if version is not None:
        _section_token_check(section, version, actor=actor, claims=True)
    if section.kind == SectionKind.LEAD:
        raise ArticleError(
            gettext("The lead summary cannot be deleted; delete its claims instead."),
            code="invalid",
        )
    reason = f'Section "{section.heading}" deleted'
    for claim in section.claims.prefetch_related("texts", "citations"):
        claim_rows_delete(claim, actor=actor, reason=reason)
    history_delete(section, actor=actor, reason=reason)


# --- Claims ---------------------------------------------------------------------------


@transaction.atomic
def claim_create(
    *,
    section: Section,
    actor,
    text: str,
    evidence: str = Evidence.NOT_GRADED,
    no_citation_needed: bool = False,
    texts: dict[str, str] | None = None,
    position: int | None = None,
) -> Claim:
    article = article_lock_for_edit(article_id=section.article_id, actor=actor)
    section = section_get(article, section.pk, actor=actor)
    reason = "Claim added"
    claim = Claim(
        section=section,
        order=next_order(section.claims),
        text=_claim_text(text),
        evidence=_evidence(evidence),
        no_citation_needed=bool(no_citation_needed),
    )
    siblings = list(section.claims.order_by("order"))
    history_save(claim, actor=actor, reason=reason)
    if texts:
        _texts_write(claim, texts, actor=actor, reason=reason)
    if position is not None:
        rows_reorder(_place(siblings, claim, position), actor=actor, reason=reason)
    return claim


@transaction.atomic
def claim_update(
    *,
    claim: Claim,
    actor,
    text: str,
    evidence: str,
    no_citation_needed: bool,
    texts: dict[str, str] | None = None,
    version: str | None = None,
) -> Claim:
    """Save a claim's default text, certainty, no-citation flag and (unless `texts` is
    None) its audience texts, as the editor's claim form does in one step."""
    article = article_lock_for_edit(article_id=section_article_id(claim), actor=actor)
    claim = claim_get(article, claim.pk, actor=actor)
    if version is not None:
        _claim_token_check(
            claim, version, actor=actor, own=versions.CLAIM_FIELDS, texts=texts is not None
        )
    new = (_claim_text(text), _evidence(evidence), bool(no_citation_needed))
    reason = "Claim edited"
    if new != (claim.text, claim.evidence, claim.no_citation_needed):
        claim.text, claim.evidence, claim.no_citation_needed = new
        history_save(claim, actor=actor, reason=reason)
    if texts is not None:
        _texts_write(claim, texts, actor=actor, reason=reason)
    return claim


@transaction.atomic
def claim_text_set(
    *, claim: Claim, actor, audience: str, text: str, version: str | None = None
) -> Claim:
    """Write (or, with an empty text, remove) one audience's text of a claim."""
    article = article_lock_for_edit(article_id=section_article_id(claim), actor=actor)
    claim = claim_get(article, claim.pk, actor=actor)
    if version is not None:
        _own, texts_since, _cites = versions.token_parse(version, 3)
        versions.scope_check(
            ClaimText,
            texts_since,
            words=lambda _r: "changed the %(audience)s text of",
            noun="this claim",
            actor=actor,
            claim_id=claim.pk,
            audience=audience,
        )
    _texts_write(
        claim, {audience: text}, actor=actor, reason=f"{audience.capitalize()} text edited"
    )
    return claim


@transaction.atomic
def claim_move(
    *,
    claim: Claim,
    actor,
    section: Section | None = None,
    position: int | None = None,
    version: str | None = None,
) -> Claim:
    """Move a claim to `position` (None: last) in `section` (None: its own section). The
    claim keeps its uuid, so review comments follow it."""
    article = article_lock_for_edit(article_id=section_article_id(claim), actor=actor)
    claim = claim_get(article, claim.pk, actor=actor)
    if version is not None:
        _claim_token_check(claim, version, actor=actor, own=versions.CLAIM_PLACE_FIELDS)
    source = claim.section
    target = source if section is None else section_get(article, section.pk, actor=actor)
    reason = "Claim moved"
    if target.pk == source.pk:
        rows_reorder(
            _place(list(source.claims.order_by("order")), claim, position),
            actor=actor,
            reason=reason,
        )
        return claim
    siblings = list(target.claims.order_by("order"))
    claim.section = target
    claim.order = next_order(target.claims) + len(siblings) + 1
    history_save(claim, actor=actor, reason=f'{reason} to "{target}"')
    rows_reorder(_place(siblings, claim, position), actor=actor, reason=reason)
    return claim


@transaction.atomic
def claim_delete(*, claim: Claim, actor, version: str | None = None) -> None:
    article = article_lock_for_edit(article_id=section_article_id(claim), actor=actor)
    claim = claim_get(article, claim.pk, actor=actor)
    if version is not None:
        _claim_token_check(
            claim, version, actor=actor, own=versions.CLAIM_FIELDS, texts=True, cites=True
        )
    claim_rows_delete(claim, actor=actor, reason="Claim deleted")


def claim_rows_delete(claim: Claim, *, actor, reason: str) -> None:
    # Children first, one row at a time, so each deletion is in the history with its author.
    for row in [*claim.citations.all(), *claim.texts.all()]:
        history_delete(row, actor=actor, reason=reason)
    history_delete(claim, actor=actor, reason=reason)


def section_article_id(claim: Claim) -> int:
    """The claim's article, read from the database: the caller's instance may be stale."""
    article_id = Section.objects.filter(claims__pk=claim.pk).values_list("article_id", flat=True)
    found = article_id.first()
    if found is None:
        raise versions.row_deleted_error(Claim, claim.pk, noun="this claim")
    return found
