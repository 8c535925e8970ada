"""What must be true of the working copy before it may be submitted for review.

`submission_problems` lists every problem at once (not the first one), each tied to the
claim and section it concerns so the editor's screen can link straight to it. Errors block
submission; warnings are shown to the editor and to reviewers but do not block.
"""

from dataclasses import dataclass

from articles.audiences import extra_audience_keys
from articles.models import Article, SectionKind
from articles.snapshot import working_copy_sections


class Severity:
    ERROR = "error"
    WARNING = "warning"


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


def _where(section, position: int) -> str:
    name = "Lead summary" if section.kind == SectionKind.LEAD else f'Section "{section.heading}"'
    return f"{name}, claim {position}"


def _reference_label(reference) -> str:
    year = f" ({reference.issued_year})" if reference.issued_year else ""
    return f'"{reference.title}"{year}'


def _reference_resolves(reference) -> bool:
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


def submission_problems(*, article: Article) -> list[SubmissionProblem]:
    problems: list[SubmissionProblem] = []
    audiences = set(extra_audience_keys())
    claim_total = 0
    for section in working_copy_sections(article):
        heading = section.heading if section.kind != SectionKind.LEAD else "Lead summary"
        for position, claim in enumerate(section.claims.all(), start=1):
            claim_total += 1
            where = _where(section, position)

            def add(severity, code, message, *, reference=None, _claim=claim, _heading=heading):
                problems.append(
                    SubmissionProblem(
                        severity=severity,
                        code=code,
                        message=message,
                        claim_uuid=str(_claim.uuid),
                        section_heading=_heading,
                        reference_id=reference.pk if reference is not None else None,
                    )
                )

            if not claim.text.strip():
                add(Severity.ERROR, "empty_claim", f"{where} is empty.")
            for text in claim.texts.all():
                if not text.text.strip():
                    add(
                        Severity.ERROR,
                        "empty_audience_text",
                        f"{where}: the {text.audience} text is empty; delete it or write it.",
                    )
                elif text.audience not in audiences:
                    add(
                        Severity.WARNING,
                        "unknown_audience",
                        f"{where} has a text for the audience {text.audience!r}, which is not "
                        "configured; readers will never see it.",
                    )
            citations = list(claim.citations.all())
            if not citations and not claim.no_citation_needed:
                add(
                    Severity.ERROR,
                    "uncited_claim",
                    f"{where} cites no source; cite one or mark it as needing no citation.",
                )
            for citation in citations:
                reference = citation.reference
                label = _reference_label(reference)
                if not _reference_resolves(reference):
                    add(
                        Severity.ERROR,
                        "unresolvable_citation",
                        f"{where} cites {label}, which has no DOI, PMID, URL, journal or "
                        "publisher, so readers could not find it.",
                        reference=reference,
                    )
                if reference.is_retracted:
                    add(
                        Severity.ERROR,
                        "retracted_reference",
                        f"{where} cites {label}, which was retracted on "
                        f"{reference.retracted_on:%Y-%m-%d}.",
                        reference=reference,
                    )
                if reference.superseded_by_id:
                    add(
                        Severity.WARNING,
                        "superseded_reference",
                        f"{where} cites {label}, which has been superseded by "
                        f"{_reference_label(reference.superseded_by)}.",
                        reference=reference,
                    )
    if claim_total == 0:
        problems.append(
            SubmissionProblem(
                severity=Severity.ERROR,
                code="no_claims",
                message="The article has no claims yet; there is nothing to review.",
            )
        )
    return problems


def submission_errors(*, article: Article) -> list[SubmissionProblem]:
    return [p for p in submission_problems(article=article) if p.is_error]
