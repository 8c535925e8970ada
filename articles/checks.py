"""What must be true of an article's text before the board may review it.

`submission_problems` checks the working copy before it is frozen into a revision; it lists
every problem at once (not the first one), each tied to the claim and section it concerns
so the editor's screen can link straight to it. Errors block submission; warnings are shown
to the editor and to reviewers but do not block.

`revision_reference_problems` applies the same reference rules to a frozen revision, against
the library as it is today: a source retracted after submission shows up for reviewers.
"""

from dataclasses import dataclass

from django.utils.translation import gettext

from articles.audiences import extra_audience_keys
from articles.models import Article, RevisionState, SectionKind
from articles.snapshot import working_copy_sections

# Severity is shared with references.integrity, so problems from both mix in one list.
from references.integrity import ReferenceProblem, Severity, reference_problems
from references.models import Reference


@dataclass(frozen=True)
class SubmissionProblem:
    severity: str
    code: str
    message: str
    claim_uuid: str | None = None
    section_heading: str = ""
    reference_id: int | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR

    def __str__(self) -> str:
        return self.message


def _where(kind: str, heading: str, position: int) -> str:
    if kind == SectionKind.LEAD:
        return gettext("Lead summary, claim %(position)d") % {"position": position}
    return gettext('Section "%(heading)s", claim %(position)d') % {
        "heading": heading,
        "position": position,
    }


def _reference_label(reference: Reference) -> str:
    year = f" ({reference.issued_year})" if reference.issued_year else ""
    return f'"{reference.title_text}"{year}'


def _reference_resolves(reference: Reference) -> bool:
    """A reader must be able to find the source: it needs a title and at least one of an
    identifier, a link, or the journal or publisher it appeared in."""
    if not reference.title.strip():
        return False
    return any(
        value.strip()
        for value in (
            reference.doi,
            reference.pmid,
            reference.url,
            reference.container_title,
            reference.publisher,
        )
    )


def _citation_problems(
    reference: Reference, where: str, *, seen: dict[int, list[ReferenceProblem]]
) -> list[tuple[str, str, str]]:
    """(severity, code, message) for one cited reference. Whether a citation resolves is
    this app's rule; what is wrong with the source itself (retracted, superseded, too old,
    incomplete) is references.integrity's, asked once per reference."""
    found = []
    if not _reference_resolves(reference):
        found.append(
            (
                Severity.ERROR,
                "unresolvable_citation",
                gettext(
                    "%(where)s cites %(reference)s, which has no DOI, PMID, URL, journal or "
                    "publisher, so readers could not find it."
                )
                % {"where": where, "reference": _reference_label(reference)},
            )
        )
    if reference.pk not in seen:
        seen[reference.pk] = reference_problems(reference=reference)
    found += [(p.severity, p.code, f"{where}: {p.message}") for p in seen[reference.pk]]
    return found


def _text_problems(
    claim, where: str, audiences: set[str]
) -> list[tuple[str, str, str, Reference | None]]:
    """(severity, code, message, None) for a claim's own texts: empty, or for an audience
    that is not configured."""
    found = []
    if not claim.text.strip():
        message = gettext("%(where)s is empty.") % {"where": where}
        found.append((Severity.ERROR, "empty_claim", message, None))
    for text in claim.texts.all():
        values = {"where": where, "audience": text.audience}
        if not text.text.strip():
            message = gettext("%(where)s: the %(audience)s text is empty; delete it or write it.")
            found.append((Severity.ERROR, "empty_audience_text", message % values, None))
        elif text.audience not in audiences:
            message = gettext(
                "%(where)s has a text for the audience '%(audience)s', which is not "
                "configured; readers will never see it."
            )
            found.append((Severity.WARNING, "unknown_audience", message % values, None))
    return found


def submission_problems(*, article: Article, sections=None) -> list[SubmissionProblem]:
    """`sections`: the working copy as working_copy_sections read it, when the caller
    already has it (the desk's page), so it is not read twice."""
    problems: list[SubmissionProblem] = []
    seen: dict[int, list[ReferenceProblem]] = {}
    audiences = set(extra_audience_keys())
    claim_total = 0
    sections = working_copy_sections(article) if sections is None else sections
    for section in sections:
        heading = section.heading if section.kind != SectionKind.LEAD else "Lead summary"
        for position, claim in enumerate(section.claims.all(), start=1):
            claim_total += 1
            where = _where(section.kind, section.heading, position)
            found = _text_problems(claim, where, audiences)
            citations = list(claim.citations.all())
            if not citations and not claim.no_citation_needed:
                message = gettext(
                    "%(where)s cites no source; cite one or mark it as needing no citation."
                ) % {"where": where}
                found.append((Severity.ERROR, "uncited_claim", message, None))
            for citation in citations:
                found += [
                    (*problem, citation.reference)
                    for problem in _citation_problems(citation.reference, where, seen=seen)
                ]
            problems += [
                SubmissionProblem(
                    severity=severity,
                    code=code,
                    message=message,
                    claim_uuid=str(claim.uuid),
                    section_heading=heading,
                    reference_id=reference.pk if reference is not None else None,
                )
                for severity, code, message, reference in found
            ]
    if article.translation_of_id:
        problems += translation_problems(article=article, sections=sections)
    if claim_total == 0:
        problems.append(
            SubmissionProblem(
                severity=Severity.ERROR,
                code="no_claims",
                message=gettext("The article has no claims yet; there is nothing to review."),
            )
        )
    return problems


def revision_reference_problems(*, content: dict) -> list[SubmissionProblem]:
    """Reference problems of a revision's citations, judged by today's library records.
    Revision content names each reference by its library id (see articles.snapshot)."""
    keys = {key for key in content.get("references", {}) if str(key).isdigit()}
    library = Reference.objects.select_related("superseded_by").in_bulk([int(key) for key in keys])
    problems = []
    seen: dict[int, list[ReferenceProblem]] = {}
    for section in content.get("sections", []):
        kind, heading = section.get("kind", ""), section.get("heading", "")
        for position, claim in enumerate(section.get("claims", []), start=1):
            where = _where(kind, heading, position)
            for key in claim.get("citations", []):
                reference = library.get(int(key)) if str(key).isdigit() else None
                if reference is None:
                    continue
                problems += [
                    SubmissionProblem(
                        severity=severity,
                        code=code,
                        message=message,
                        claim_uuid=claim["uuid"],
                        section_heading="Lead summary" if kind == SectionKind.LEAD else heading,
                        reference_id=reference.pk,
                    )
                    for severity, code, message in _citation_problems(reference, where, seen=seen)
                ]
    return problems


def translation_problems(*, article: Article, sections) -> list[SubmissionProblem]:
    """A translation translates an approved source revision claim by claim: every claim of
    that revision once translated, no claim that translates nothing of it. A source that has
    moved on since is a warning: the translation goes public behind its source."""
    source = article.source_revision
    problems = []
    if source.state != RevisionState.APPROVED:
        problems.append(
            SubmissionProblem(
                severity=Severity.ERROR,
                code="source_not_approved",
                message=gettext(
                    "Revision %(number)d of the source is not approved; a translation "
                    "translates an approved revision."
                )
                % {"number": source.number},
            )
        )
    source_claims = {
        claim["uuid"]: (section, position, claim)
        for section in source.content.get("sections", [])
        for position, claim in enumerate(section.get("claims", []), start=1)
    }
    translated, unsourced = _claims_translated(sections, set(source_claims), source.number)
    problems += unsourced
    for key, (section, position, claim) in source_claims.items():
        if key not in translated:
            where = _where(section.get("kind", ""), section.get("heading", ""), position)
            problems.append(
                SubmissionProblem(
                    severity=Severity.ERROR,
                    code="source_claim_untranslated",
                    message=gettext("In the source, %(where)s (“%(text)s”) has no translation.")
                    % {"where": where, "text": claim["text"][:80]},
                )
            )
    live_id = article.translation_of.live_revision_id
    if live_id and live_id != source.pk:
        problems.append(
            SubmissionProblem(
                severity=Severity.WARNING,
                code="source_moved_on",
                message=gettext(
                    "The source has a newer approved revision than revision %(number)d, which "
                    "this translation translates: catch up with it first, or readers will see "
                    "this translation as behind its source."
                )
                % {"number": source.number},
            )
        )
    return problems


def _claims_translated(
    sections, source_uuids: set[str], number: int
) -> tuple[set[str], list[SubmissionProblem]]:
    """The source claims the working copy translates, and a problem for each of its claims
    that translates none of them."""
    translated, problems = set(), []
    for section in sections:
        heading = section.heading if section.kind != SectionKind.LEAD else "Lead summary"
        for position, claim in enumerate(section.claims.all(), start=1):
            key = str(claim.source_uuid) if claim.source_uuid else None
            if key in source_uuids:
                translated.add(key)
                continue
            where = _where(section.kind, section.heading, position)
            problems.append(
                SubmissionProblem(
                    severity=Severity.ERROR,
                    code="claim_without_source",
                    message=gettext(
                        "%(where)s translates no claim of the source's revision %(number)d; a "
                        "translation says what its source says, claim by claim."
                    )
                    % {"where": where, "number": number},
                    claim_uuid=str(claim.uuid),
                    section_heading=heading,
                )
            )
    return translated, problems
