"""Replacing the whole working copy: restoring an earlier revision ("restore as a new
draft"), or importing an article document over it.

The revision itself never changes and nothing goes live: the working copy is rebuilt from
the revision's content, and it reaches readers only by being submitted and approved like
any other change. Claims keep their uuids, so review comments and diffs follow them.
"""

import uuid

from django.db import transaction
from django.utils.translation import gettext

from articles import versions
from articles.citing import citation_fields
from articles.documents import working_copy_replace
from articles.errors import ArticleError
from articles.models import Citation, Claim, ClaimText, Evidence, Revision, Section
from articles.services._rows import article_lock_for_edit
from articles.services.citations import reference_library_match
from articles.services.editing import claim_rows_delete
from articles.snapshot import working_copy_sections
from config.history import history_delete, history_save
from references.csl import reference_fields_from_csl
from references.models import Reference
from references.services import reference_save


def _cited_keys(content: dict) -> list[str]:
    keys: list[str] = []
    for section in content.get("sections", []):
        for claim in section.get("claims", []):
            keys += [key for key in claim.get("citations", []) if key not in keys]
    return keys


def references_for(content: dict, *, actor, reason: str) -> dict[str, Reference]:
    """The library record for each reference the revision cites: the same record when it
    still exists (as it is today), else one made again from the revision's frozen copy."""
    keys = _cited_keys(content)
    library = Reference.objects.in_bulk([int(k) for k in keys if str(k).isdigit()])
    found: dict[str, Reference] = {}
    for key in keys:
        reference = library.get(int(key)) if str(key).isdigit() else None
        if reference is None:
            item = content.get("references", {}).get(key)
            fields, problems = reference_fields_from_csl(item or {})
            if problems:
                raise ArticleError(
                    f"Reference {key} of this revision is no longer in the library and its "
                    f"saved copy cannot be added back ({'; '.join(problems)}).",
                    code="invalid",
                )
            candidate = Reference(**fields)
            reference = reference_library_match(candidate) or reference_save(
                reference=candidate, actor=actor, reason=reason
            )
        found[key] = reference
    return found


@transaction.atomic
def working_copy_restore(*, article, revision: Revision, actor, version: str | None = None):
    """Replace the working copy (and the question, title, specialty and origin) with a
    revision's content. `version` is the working copy's version token
    (articles.versions.working_copy_version) from when the editor chose to restore."""
    article = article_lock_for_edit(article_id=article.pk, actor=actor)
    revision = Revision.objects.filter(pk=revision.pk, article=article).first()
    if revision is None:
        raise ArticleError(gettext("That revision is not one of this article's."), code="not_found")
    if version is not None:
        versions.working_copy_check(article, version, actor=actor)
    content = revision.content
    reason = f"Restored from revision {revision.number}"
    references = references_for(content, actor=actor, reason=reason)

    for section in working_copy_sections(article):
        for claim in section.claims.all():
            claim_rows_delete(claim, actor=actor, reason=reason)
        history_delete(section, actor=actor, reason=reason)

    for name in versions.ARTICLE_FIELDS:
        value = content.get(name) or ""
        if value or name != "question":
            setattr(article, name, value)
    if article.translation_of_id and content.get("source"):
        # The restored text translates the source revision it was made from.
        source = Revision.objects.filter(
            article_id=article.translation_of_id, number=content["source"].get("revision")
        ).first()
        if source is not None:
            article.source_revision = source
    article.draft_restored_from = revision
    history_save(article, actor=actor, reason=reason)
    sections_build(article, content, references=references, actor=actor, reason=reason)
    return article


@transaction.atomic
def working_copy_import(
    *, article, text: str, actor, version: str | None = None, warnings: list | None = None
):
    """Replace the working copy from an article document (docs/article-format.md), as the
    import_article command does, once the actor may edit and the working copy has not
    changed since `version`. Raises ArticleImportError listing every problem by line;
    `warnings` receives what the document says that has no effect here."""
    article = article_lock_for_edit(article_id=article.pk, actor=actor)
    if version is not None:
        versions.working_copy_check(article, version, actor=actor)
    return working_copy_replace(article=article, text=text, actor=actor, warnings=warnings)


def sections_build(
    article, content: dict, *, references: dict, actor, reason: str, translating: bool = False
) -> None:
    """Write revision `content`'s sections and claims into the (empty) working copy.
    Claims keep their uuids; `translating` gives them new ones and records each source
    claim's uuid as the claim's source_uuid (a translation prefilled from its source)."""
    for order, data in enumerate(content.get("sections", [])):
        section = Section(
            article=article,
            kind=data["kind"],
            heading=data.get("heading", ""),
            heading_texts=data.get("heading_texts", {}),
            order=order,
        )
        history_save(section, actor=actor, reason=reason)
        for claim_order, item in enumerate(data.get("claims", [])):
            claim_build(
                section,
                item,
                order=claim_order,
                references=references,
                actor=actor,
                reason=reason,
                translating=translating,
            )


def claim_build(
    section, item: dict, *, order: int, references: dict, actor, reason: str, translating: bool
) -> Claim:
    """One claim of revision content, with its audience texts and citations."""
    source_uuid = item["uuid"] if translating else item.get("source_uuid")
    claim = Claim(
        section=section,
        uuid=uuid.uuid4() if translating else uuid.UUID(item["uuid"]),
        source_uuid=uuid.UUID(source_uuid) if source_uuid else None,
        order=order,
        text=item["text"],
        evidence=item.get("evidence", Evidence.NOT_GRADED),
        no_citation_needed=bool(item.get("no_citation_needed")),
    )
    history_save(claim, actor=actor, reason=reason)
    for audience, text in item.get("texts", {}).items():
        history_save(
            ClaimText(claim=claim, audience=audience, text=text), actor=actor, reason=reason
        )
    details = item.get("citation_details", {})
    for citation_order, key in enumerate(item.get("citations", [])):
        citation = Citation(
            claim=claim,
            reference=references[key],
            order=citation_order,
            **citation_fields(details.get(key, {})),
        )
        history_save(citation, actor=actor, reason=reason)
    return claim
