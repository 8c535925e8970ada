"""Citing sources from the reference library on a claim: add (an existing record, or a new
one typed into the editor), reorder, remove. Same rules as articles.services.editing: the
article lock first, rows re-read inside it, history on every row."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from articles import versions
from articles.errors import ArticleError
from articles.models import Citation, Claim
from articles.services._rows import (
    article_lock_for_edit,
    next_order,
    rows_reorder,
)
from articles.services.editing import claim_get, section_article_id
from config.history import history_delete, history_save
from references.identifiers import normalize_doi, normalize_pmcid, normalize_pmid
from references.models import Reference
from references.services import reference_save

NEW_REFERENCE_REASON = "Added to the library from the article editor"
_IDENTIFIERS = (("doi", normalize_doi), ("pmid", normalize_pmid), ("pmcid", normalize_pmcid))


def _cites_check(claim: Claim, version: str | None, *, actor) -> None:
    if version is None:
        return
    _own, _texts, cites_since = versions.token_parse(version, 3)
    versions.scope_check(
        Citation,
        cites_since,
        words=lambda _r: "changed the citations of",
        noun="this claim",
        actor=actor,
        claim_id=claim.pk,
    )


def _cite(claim: Claim, reference: Reference, *, actor, position: int | None) -> Citation:
    if claim.citations.filter(reference=reference).exists():
        raise ArticleError(
            gettext("This claim already cites “%(reference)s”.") % {"reference": reference},
            code="duplicate",
        )
    if reference.is_retracted:
        raise ArticleError(
            gettext("“%(reference)s” was retracted on %(date)s; cite another source.")
            % {"reference": reference, "date": f"{reference.retracted_on:%Y-%m-%d}"},
            code="invalid",
        )
    siblings = list(claim.citations.order_by("order"))
    citation = Citation(claim=claim, reference=reference, order=next_order(claim.citations))
    history_save(citation, actor=actor, reason="Citation added")
    if position is not None and position < len(siblings):
        rows = [*siblings[: max(position, 0)], citation, *siblings[max(position, 0) :]]
        rows_reorder(rows, actor=actor, reason="Citation added")
    return citation


@transaction.atomic
def citation_add(
    *, claim: Claim, actor, reference: Reference, position: int | None = None
) -> Citation:
    """Cite a library reference on the claim, last unless `position` says otherwise."""
    article = article_lock_for_edit(article_id=section_article_id(claim), actor=actor)
    claim = claim_get(article, claim.pk, actor=actor)
    reference = Reference.objects.filter(pk=reference.pk).first()
    if reference is None:
        raise ArticleError(gettext("That reference is not in the library."), code="not_found")
    return _cite(claim, reference, actor=actor, position=position)


def reference_library_match(reference: Reference) -> Reference | None:
    """The library record with the same DOI, PMID or PMCID as `reference`, if any.
    Raises ValidationError for an identifier that is not one."""
    errors = {}
    for name, normalize in _IDENTIFIERS:
        try:
            setattr(reference, name, normalize(getattr(reference, name)))
        except ValueError as exc:
            errors[name] = ValidationError(str(exc), code=f"invalid_{name}")
    if errors:
        raise ValidationError(errors)
    for name, _normalize in _IDENTIFIERS:
        value = getattr(reference, name)
        found = value and Reference.objects.filter(**{name: value}).first()
        if found:
            return found
    return None


@transaction.atomic
def citation_add_new(*, claim: Claim, actor, reference: Reference) -> tuple[Citation, bool]:
    """Cite a source typed into the editor. A source the library already has (same DOI,
    PMID or PMCID) is cited as that record rather than added twice; the second value says
    whether a record was created. Raises ValidationError (with codes) for a bad record."""
    if reference.pk is not None:
        raise ArticleError(gettext("This reference is already in the library."), code="invalid")
    article = article_lock_for_edit(article_id=section_article_id(claim), actor=actor)
    claim = claim_get(article, claim.pk, actor=actor)
    existing = reference_library_match(reference)
    if existing is not None:
        return _cite(claim, existing, actor=actor, position=None), False
    reference_save(reference=reference, actor=actor, reason=NEW_REFERENCE_REASON)
    return _cite(claim, reference, actor=actor, position=None), True


def _citation_article_id(citation: Citation, *, actor) -> int:
    found = (
        Citation.objects.filter(pk=citation.pk)
        .values_list("claim__section__article_id", flat=True)
        .first()
    )
    if found is None:
        raise versions.row_deleted_error(Citation, citation.pk, noun="this citation", actor=actor)
    return found


def _citation_get(article, pk: int, *, actor) -> Citation:
    citation = (
        Citation.objects.select_related("claim", "reference")
        .filter(pk=pk, claim__section__article=article)
        .first()
    )
    if citation is None:
        raise versions.row_deleted_error(Citation, pk, noun="this citation", actor=actor)
    return citation


@transaction.atomic
def citation_move(
    *, citation: Citation, actor, position: int, version: str | None = None
) -> Citation:
    """Move a citation to `position` among its claim's citations (0 is first). `version`
    is the claim's version token."""
    article_id = _citation_article_id(citation, actor=actor)
    article = article_lock_for_edit(article_id=article_id, actor=actor)
    citation = _citation_get(article, citation.pk, actor=actor)
    _cites_check(citation.claim, version, actor=actor)
    rows = [c for c in citation.claim.citations.order_by("order") if c.pk != citation.pk]
    position = min(max(position, 0), len(rows))
    rows.insert(position, citation)
    rows_reorder(rows, actor=actor, reason="Citations reordered")
    return citation


@transaction.atomic
def citation_remove(*, citation: Citation, actor, version: str | None = None) -> None:
    """Stop citing the reference on this claim (the library record stays)."""
    article_id = _citation_article_id(citation, actor=actor)
    article = article_lock_for_edit(article_id=article_id, actor=actor)
    citation = _citation_get(article, citation.pk, actor=actor)
    _cites_check(citation.claim, version, actor=actor)
    history_delete(citation, actor=actor, reason=f"Citation of “{citation.reference}” removed")
