"""What is wrong with a source as a citation: retracted (an error: an article may not
go out citing it), superseded, too old for its genre, or missing what its reference-list
entry needs (warnings). The submission checks (articles/checks.py) and the review screens
call these; the checks that involve an article ("citation resolves to nothing",
"reference never cited") belong to the articles app.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from references.csl import genre_key
from references.formatting import parts
from references.models import Reference
from references.richtext import rich_text_plain


class Severity(models.TextChoices):
    ERROR = "error", "Error"  # submission is refused
    WARNING = "warning", "Warning"  # shown to the editor and the reviewers


@dataclass(frozen=True)
class ReferenceProblem:
    severity: str
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR


# Genre assumed for age rules when a record has none.
DEFAULT_GENRES = {"webpage": "website"}

# What each kind of entry (see formatting.parts.kind) needs, as alternatives: each
# inner tuple is satisfied by any one of its CSL keys.
REQUIRED = {
    "journal": (("author",), ("container-title",), ("issued",), ("volume", "DOI"), ("page", "DOI")),
    "report": (("author", "publisher"), ("issued",)),
    "drug-label": (("publisher",), ("issued",)),
    "book": (("author", "editor"), ("publisher",), ("issued",)),
    "chapter": (("author",), ("container-title",), ("publisher",), ("issued",), ("page",)),
    "webpage": (("author", "container-title", "publisher"), ("URL",), ("accessed",)),
}
KIND_NAMES = {
    "journal": "a journal article",
    "report": "a report or guideline",
    "drug-label": "a drug label",
    "book": "a book",
    "chapter": "a book chapter",
    "webpage": "a web page",
}
FIELD_NAMES = {
    "author": "authors",
    "editor": "editors",
    "container-title": "journal, book or site name",
    "publisher": "publisher",
    "issued": "date of publication",
    "volume": "volume",
    "page": "pages",
    "DOI": "DOI",
    "URL": "URL",
    "accessed": "date accessed",
}


def _short(title: str) -> str:
    title = " ".join(rich_text_plain(title or "").split())
    return f"“{title[:77]}…”" if len(title) > 80 else f"“{title}”"


def _latest_publication(item: dict) -> date | None:
    """The last day the source can have been published: "2019" counts as 31 Dec 2019,
    so that a year-only date never makes a source look older than it is."""
    year, month, day = parts.date_parts(item, "issued")
    if not year:
        return None
    month = month or 12
    day = day or calendar.monthrange(year, month)[1]
    return date(year, month, day)


def _years_after(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


def _age_problem(item: dict, today: date) -> ReferenceProblem | None:
    genre = genre_key(item.get("genre", "")) or DEFAULT_GENRES.get(item.get("type", ""), "")
    limits = {genre_key(name): years for name, years in settings.REFERENCE_MAX_AGE_YEARS.items()}
    if genre not in limits:
        return None
    published = _latest_publication(item)
    if published is None or today <= _years_after(published, limits[genre]):
        return None
    return ReferenceProblem(
        severity=Severity.WARNING,
        code="too_old",
        message=(
            f"{_short(item.get('title', ''))} was published in {published.year}: more than "
            f"{limits[genre]} years ago, the limit for a {genre}. Check for a newer source."
        ),
    )


def _missing_problem(item: dict) -> ReferenceProblem | None:
    kind = parts.kind(item)
    missing = [
        " or ".join(FIELD_NAMES[key] for key in keys)
        for keys in REQUIRED[kind]
        if not any(item.get(key) for key in keys)
    ]
    if not missing:
        return None
    return ReferenceProblem(
        severity=Severity.WARNING,
        code="missing_fields",
        message=(
            f"{_short(item.get('title', ''))} is missing what {KIND_NAMES[kind]} needs in a "
            f"reference list: {', '.join(missing)}."
        ),
    )


def item_problems(*, item: dict, today: date | None = None) -> list[ReferenceProblem]:
    """Problems visible on a CSL item alone (age, missing fields), so that a revision's
    frozen references can be checked too."""
    today = today or timezone.localdate()
    return [problem for problem in (_age_problem(item, today), _missing_problem(item)) if problem]


def reference_problems(
    *, reference: Reference, today: date | None = None
) -> list[ReferenceProblem]:
    """Everything wrong with citing this library record today, errors first."""
    # Long: one check per problem a reference can have, in the order an editor fixes them.
    problems = []
    if reference.retracted_on:
        notice = (
            f" Retraction notice: {reference.retraction_notice_url}"
            if reference.retraction_notice_url
            else ""
        )
        problems.append(
            ReferenceProblem(
                severity=Severity.ERROR,
                code="retracted",
                message=(
                    f"{_short(reference.title)} was retracted on "
                    f"{reference.retracted_on:%Y-%m-%d}; it cannot be cited.{notice}"
                ),
            )
        )
    if reference.concern_on:
        notice = f" Notice: {reference.concern_notice_url}" if reference.concern_notice_url else ""
        problems.append(
            ReferenceProblem(
                severity=Severity.WARNING,
                code="concern",
                message=(
                    f"{_short(reference.title)} has been under an expression of concern since "
                    f"{reference.concern_on:%Y-%m-%d}; check it before citing it.{notice}"
                ),
            )
        )
    corrections = [
        n for n in reference.notices if isinstance(n, dict) and n.get("nature") == "correction"
    ]
    if corrections:
        latest = max(corrections, key=lambda n: n.get("date", ""))
        when = f" on {latest['date']}" if latest.get("date") else ""
        doi = f" (doi:{latest['doi']})" if latest.get("doi") else ""
        problems.append(
            ReferenceProblem(
                severity=Severity.WARNING,
                code="corrected",
                message=(
                    f"A correction to {_short(reference.title)} was published{when}{doi}; "
                    "check that the article cites the corrected findings."
                ),
            )
        )
    if reference.superseded_by_id:
        successor = reference.superseded_by
        problems.append(
            ReferenceProblem(
                severity=Severity.WARNING,
                code="superseded",
                message=(
                    f"{_short(reference.title)} has been superseded by {_short(successor.title)} "
                    f"(reference {successor.pk}); cite the newer source."
                ),
            )
        )
    return problems + item_problems(item=reference.to_csl(), today=today)
