"""Writing a parsed article document to the database: a new article, or a new working copy
for an existing one. All or nothing: every check runs before the first row is written,
and everything happens inside one transaction."""

from collections import defaultdict, deque

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from articles.citing import citation_fields, cite_markers_rewrite
from articles.documents.metadata import slug_problem
from articles.documents.parse import document_parse
from articles.documents.parsed import ParsedDocument, ParsedReference
from articles.documents.reference_metadata import key_for_field
from articles.documents.translation import translation_tie
from articles.errors import ArticleError, ArticleImportError, DocumentError
from articles.models import Article, Citation, Claim, ClaimText, Section
from articles.permissions import (
    article_can_edit,
    article_require_unlocked,
    user_can_create_articles,
)
from articles.snapshot import working_copy_sections
from articles.specialties import specialty_clean
from config.accounts import SYSTEM_USERNAME
from config.history import history_delete, history_save
from references.models import Reference
from references.services import reference_save

IMPORT_REASON = "Imported from an article document"
REPLACE_REASON = "Working copy replaced from an article document"
# Tried in this order; each is unique in the library.
_IDENTIFIERS = ("doi", "pmid", "pmcid")
_EXACT_FIELDS = ("csl_type", "title", "issued_year", "genre", "publisher", "container_title")


@transaction.atomic
def article_import(
    *, text: str, owner: User, slug: str | None = None, warnings: list | None = None
) -> Article:
    """A new article whose working copy is the document, owned by `owner`, who must be an
    editor (or the system account a shell command acts as). `slug` overrides the
    document's. `warnings`, when given, receives a DocumentError for each thing the
    document says that is accepted but has no effect here (Pandoc metadata keys)."""
    if not (user_can_create_articles(owner) or owner.get_username() == SYSTEM_USERNAME):
        raise ArticleError(
            gettext("Only editors and editors-in-chief can create articles."), code="not_editor"
        )
    document = document_parse(text=text)
    _warnings_report(document, warnings)
    errors: list[DocumentError] = []
    slug, line = _slug_check(document, slug, errors)
    plan = references_plan(document, errors)
    _specialty_check(document, text, errors)
    tie = translation_tie(document, errors)
    if errors:
        raise ArticleImportError(errors)

    article = Article(
        **tie,
        slug=slug,
        question=document.question,
        title=document.title,
        specialty=document.specialty,
        origin=document.origin,
        draft_change_summary=document.change_summary,
        draft_ai_disclosure=document.ai_disclosure,
        owner=owner,
    )
    try:
        # A savepoint, so that losing a race for the slug reports a document error
        # instead of breaking the surrounding transaction.
        with transaction.atomic():
            history_save(article, actor=owner, reason=IMPORT_REASON)
    except IntegrityError as exc:
        raise ArticleImportError(
            [
                DocumentError(
                    gettext("an article with the slug '%(slug)s' already exists") % {"slug": slug},
                    line,
                )
            ]
        ) from exc
    references = _references_write(plan, actor=owner)
    _working_copy_write(article, document, references, actor=owner, reason=IMPORT_REASON)
    return article


def _slug_check(document, slug: str | None, errors: list) -> tuple[str, int | None]:
    """The new article's slug (`slug` if given, else the document's) and the line it was
    read from; a slug already taken is a problem at that line."""
    if slug is not None:
        problem = slug_problem(slug)
        if problem:
            raise ArticleImportError([DocumentError(problem)])
        line = None
    else:
        slug, line = document.slug, document.slug_line
    if Article.objects.filter(slug=slug).exists():
        errors.append(
            DocumentError(
                gettext(
                    "an article with the slug '%(slug)s' already exists; give this document "
                    "another slug, or replace that article's working copy instead"
                )
                % {"slug": slug},
                line,
            )
        )
    return slug, line


def _specialty_check(document, text: str, errors: list, *, current: str = "") -> None:
    """The document's specialty must be one of the site's (the same rule as the desk and
    the API); the specialty the article already has is kept."""
    try:
        document.specialty = specialty_clean(document.specialty, current=current)
    except ArticleError as error:
        line = next(
            (n for n, row in enumerate(text.splitlines(), 1) if row.startswith("specialty:")), 1
        )
        errors.append(DocumentError(error.message, line))


@transaction.atomic
def working_copy_replace(
    *, article: Article, text: str, actor: User, warnings: list | None = None
) -> Article:
    """Replace the article's working copy and its question, title, specialty and origin
    with the document's; the slug stays. A claim whose default text is unchanged keeps
    its uuid, so review comments and diffs still find it."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not article_can_edit(actor, article):
        raise ArticleError(
            gettext(
                "Only the article's owner, its co-editors or an editor-in-chief can change it."
            ),
            code="not_editor",
        )
    article_require_unlocked(article)
    document = document_parse(text=text)
    _warnings_report(document, warnings)
    errors: list[DocumentError] = []
    plan = references_plan(document, errors)
    _specialty_check(document, text, errors, current=article.specialty)
    tie = translation_tie(document, errors, article=article)
    if errors:
        raise ArticleImportError(errors)

    uuids: dict[str, deque] = defaultdict(deque)
    old_sections = working_copy_sections(article)
    for section in old_sections:
        for claim in section.claims.all():
            uuids[claim.text].append(claim.uuid)
    # Row by row, children first, so history records each deletion and who made it.
    for section in old_sections:
        for claim in section.claims.all():
            for row in [*claim.citations.all(), *claim.texts.all(), claim]:
                history_delete(row, actor=actor, reason=REPLACE_REASON)
        history_delete(section, actor=actor, reason=REPLACE_REASON)

    article.question = document.question
    article.title = document.title
    article.specialty = document.specialty
    article.origin = document.origin
    article.draft_change_summary = document.change_summary
    article.draft_ai_disclosure = document.ai_disclosure
    article.draft_restored_from = None  # the document replaces whatever was restored
    article.source_revision = tie["source_revision"]
    history_save(article, actor=actor, reason=REPLACE_REASON)
    references = _references_write(plan, actor=actor)
    _working_copy_write(
        article, document, references, actor=actor, reason=REPLACE_REASON, uuids=uuids
    )
    return article


def _warnings_report(document: ParsedDocument, warnings: list | None) -> None:
    if warnings is not None:
        warnings.extend(DocumentError(message, line) for line, message in document.warnings)


def _working_copy_write(
    article: Article,
    document: ParsedDocument,
    references: dict[str, Reference],
    *,
    actor: User,
    reason: str,
    uuids: dict[str, deque] | None = None,
) -> None:
    for order, parsed_section in enumerate(document.sections):
        section = Section(
            article=article,
            kind=parsed_section.kind,
            heading=parsed_section.heading,
            heading_texts=parsed_section.heading_texts,
            order=order,
        )
        history_save(section, actor=actor, reason=reason)
        for claim_order, parsed in enumerate(parsed_section.claims):
            text = cite_markers_rewrite(parsed.text, markers=_markers(parsed.citations, references))
            claim = Claim(
                section=section,
                order=claim_order,
                text=text,
                evidence=parsed.evidence,
                no_citation_needed=parsed.no_citation_needed,
                source_uuid=parsed.source_uuid if article.translation_of_id else None,
            )
            if uuids and uuids.get(text):
                claim.uuid = uuids[text].popleft()
            history_save(claim, actor=actor, reason=reason)
            for audience, text in parsed.texts.items():
                history_save(
                    ClaimText(claim=claim, audience=audience, text=text), actor=actor, reason=reason
                )
            for citation_order, key in enumerate(parsed.citations):
                citation = Citation(
                    claim=claim,
                    reference=references[key],
                    order=citation_order,
                    **citation_fields(parsed.citation_details.get(key, {})),
                )
                history_save(citation, actor=actor, reason=reason)


def _markers(keys: list[str], references: dict[str, Reference]) -> dict[str, str]:
    """Document id -> what a narrative citation of it says in the stored text: the library
    record's citekey (what the snapshot's item id is), or `ref-<pk>` when two of the
    claim's references share a citekey or one has none."""
    citekeys = [references[key].citekey for key in keys]
    markers = {}
    for key in keys:
        reference = references[key]
        unique = reference.citekey and citekeys.count(reference.citekey) == 1
        markers[key] = reference.citekey if unique else f"ref-{reference.pk}"
    return markers


def references_plan(document: ParsedDocument, errors: list[DocumentError]) -> dict[str, Reference]:
    """For each cited id, the library reference it is, or a new unsaved one, checked.

    A reference is found by DOI, then PMID, then by the same type, title, year, genre,
    publisher and container; the library never gets a second record for one source."""
    by_id = document.references_by_id()
    plan: dict[str, Reference] = {}
    claimed: dict[object, str] = {}
    for key in document.cited_ids():
        parsed = by_id[key]
        reference = _reference_find(parsed.fields) or _reference_new(parsed, errors)
        if reference is None:
            continue
        identity = reference.pk or _identity(reference)
        if identity in claimed:
            errors.append(
                DocumentError(
                    gettext(
                        "references '%(first)s' and '%(second)s' are the same source; "
                        "cite one id for it"
                    )
                    % {"first": claimed[identity], "second": key},
                    parsed.line,
                )
            )
            continue
        claimed[identity] = key
        plan[key] = reference
    return plan


def _identity(reference: Reference) -> tuple:
    return ("new", *(getattr(reference, name) for name in _EXACT_FIELDS))


def _reference_find(fields: dict) -> Reference | None:
    identifiers = {name: fields[name] for name in _IDENTIFIERS if fields.get(name)}
    for name, value in identifiers.items():
        found = Reference.objects.filter(**{name: value}).first()
        if found:
            return found
    exact = {name: fields.get(name, "") for name in _EXACT_FIELDS}
    exact["issued_year"] = fields.get("issued_year")
    candidates = Reference.objects.filter(**exact).order_by("pk")
    # Never take a record whose identifiers name a different source.
    for name, value in identifiers.items():
        candidates = candidates.filter(**{f"{name}__in": ["", value]})
    return candidates.first()


def _reference_new(parsed: ParsedReference, errors: list[DocumentError]) -> Reference | None:
    reference = Reference(citekey=parsed.id, **parsed.fields)
    try:
        reference.full_clean()
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            line = parsed.key_lines.get(key_for_field(field_name), parsed.line)
            for message in messages:
                errors.append(
                    DocumentError(
                        gettext("reference '%(id)s': %(problem)s")
                        % {"id": parsed.id, "problem": message},
                        line,
                    )
                )
        return None
    return reference


def _references_write(plan: dict[str, Reference], *, actor: User) -> dict[str, Reference]:
    written: dict[str, Reference] = {}
    for key, reference in plan.items():
        if reference.pk is None:
            try:
                with transaction.atomic():
                    reference_save(reference=reference, actor=actor, reason=IMPORT_REASON)
            except (IntegrityError, ValidationError):
                # Another import added the same DOI or PMID a moment ago: use that record.
                reference = _reference_by_identifier(reference)
        written[key] = reference
    return written


def _reference_by_identifier(reference: Reference) -> Reference:
    for name in _IDENTIFIERS:
        value = getattr(reference, name, "")
        found = value and Reference.objects.filter(**{name: value}).first()
        if found:
            return found
    raise ArticleImportError(
        [
            DocumentError(
                gettext("reference '%(id)s' could not be added to the library")
                % {"id": reference.citekey}
            )
        ]
    )
