"""The article editor page: the working copy, each claim compact until it is opened for
editing (docs/editor.md). The same pieces render the page and the fragments the in-place
editing answers with (desk/views/inplace.py)."""

from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.auth.models import User
from django.db.models import Prefetch, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from articles import versions
from articles.access import article_for
from articles.audiences import audiences, default_audience
from articles.checks import submission_problems
from articles.models import Citation, Claim, Evidence, Origin, Section, SectionKind
from articles.permissions import (
    EDITORS,
    EDITORS_IN_CHIEF,
    article_can_edit,
    user_is_editor_in_chief,
)
from articles.readability import Readability, text_readability
from articles.snapshot import working_copy_sections
from desk.selectors import review_notes
from desk.views.access import workspace_view
from desk.views.forms import ArticleForm
from references.lookup import lookups_enabled
from references.models import CslType


@dataclass
class AudienceText:
    key: str
    label: str
    field: str
    text: str
    readability: Readability

    @property
    def grade_whole(self) -> str:
        return f"{self.readability.grade:.0f}"


# A text's grade never changes: the desk's page grades hundreds of unchanged texts per
# opening, so each process keeps the latest few thousand (docs/performance.md).
@lru_cache(maxsize=8192)
def _readability(text: str, audience: str) -> Readability:
    return text_readability(text=text, audience=audience)


@dataclass
class ClaimView:
    claim: Claim
    version: str
    position: int
    count: int
    texts: list[AudienceText]
    citations: list[Citation]
    numbers: list[int] = field(default_factory=list)
    notes: list = field(default_factory=list)
    editing: bool = False
    base: str = ""  # the article's desk address, /editor/articles/<slug>/

    @property
    def anchor(self) -> str:
        return f"claim-{self.claim.uuid}"

    @property
    def url(self) -> str:
        """The claim's own address (editor:claim-save), without a reverse() per claim."""
        return f"{self.base}claims/{self.claim.pk}/"

    @property
    def extra_texts(self) -> list[AudienceText]:
        return self.texts[1:]


@dataclass
class SectionView:
    section: Section
    version: str
    position: int  # among body sections; the lead is not counted
    count: int
    claims: list[ClaimView]

    @property
    def is_lead(self) -> bool:
        return self.section.kind == SectionKind.LEAD

    @property
    def anchor(self) -> str:
        return f"section-{self.section.pk}"


def _audience_texts(claim: Claim) -> list[AudienceText]:
    own = {text.audience: text.text for text in claim.texts.all()}
    rows = []
    for audience in audiences():
        is_default = audience.key == default_audience()
        text = claim.text if is_default else own.get(audience.key, "")
        rows.append(
            AudienceText(
                key=audience.key,
                label=(
                    gettext("%(audience)s (default text)") % {"audience": gettext(audience.label)}
                    if is_default
                    else gettext(audience.label)
                ),
                field="text" if is_default else f"text_{audience.key}",
                text=text,
                readability=_readability(text, audience.key),
            )
        )
    return rows


def citation_numbers(sections) -> dict[int, list[int]]:
    """Per claim, its citations' numbers as readers see them: in order of first appearance
    across the lead and the sections, a reference cited again keeping its number (the
    numbering of articles/rendering.py, on the working copy)."""
    seen: dict[int, int] = {}
    numbers: dict[int, list[int]] = {}
    for section in sections:
        for claim in section.claims.all():
            numbers[claim.pk] = [
                seen.setdefault(citation.reference_id, len(seen) + 1)
                for citation in claim.citations.all()
            ]
    return numbers


def article_citation_numbers(article) -> dict[int, list[int]]:
    """citation_numbers in one query, for a fragment that shows one claim."""
    rows = (
        Citation.objects.filter(claim__section__article=article)
        .order_by("claim__section__order", "claim__order", "order")
        .values_list("claim_id", "reference_id")
    )
    seen: dict[int, int] = {}
    numbers: dict[int, list[int]] = {}
    for claim_id, reference_id in rows:
        numbers.setdefault(claim_id, []).append(seen.setdefault(reference_id, len(seen) + 1))
    return numbers


def _claim_view(claim, *, version, position, count, numbers, base, notes=(), editing=False):
    return ClaimView(
        base=base,
        claim=claim,
        version=version,
        position=position,
        count=count,
        texts=_audience_texts(claim),
        citations=list(claim.citations.all()),
        numbers=numbers.get(claim.pk, []),
        notes=list(notes),
        editing=editing,
    )


def editor_sections(
    article, *, notes=(), editing: int | None = None, sections=None
) -> list[SectionView]:
    """The working copy as the editor page lays it out, in a fixed number of queries; the
    claim `editing` (a pk) open for editing. `sections`: working_copy_sections, if read."""
    sections = working_copy_sections(article) if sections is None else sections
    base = desk_base(article)
    claim_ids = [claim.pk for section in sections for claim in section.claims.all()]
    claim_tokens = versions.claim_versions(claim_ids)
    section_tokens = versions.section_versions([section.pk for section in sections])
    numbers = citation_numbers(sections)
    by_claim: dict[str, list] = {}
    for note in notes:
        if note.claim_uuid:
            by_claim.setdefault(str(note.claim_uuid), []).append(note)
    body_count = sum(1 for s in sections if s.kind != SectionKind.LEAD)
    views, body_position = [], 0
    for section in sections:
        claims = list(section.claims.all())
        claim_views = [
            _claim_view(
                claim,
                version=claim_tokens[claim.pk],
                position=index,
                count=len(claims),
                numbers=numbers,
                notes=by_claim.get(str(claim.uuid), []),
                editing=claim.pk == editing,
                base=base,
            )
            for index, claim in enumerate(claims)
        ]
        is_lead = section.kind == SectionKind.LEAD
        views.append(
            SectionView(
                section=section,
                version=section_tokens[section.pk],
                position=-1 if is_lead else body_position,
                count=body_count,
                claims=claim_views,
            )
        )
        body_position += 0 if is_lead else 1
    return views


def editor_claim(article, pk: int, *, editing: bool) -> ClaimView:
    """One claim as the page shows it, for the fragment that replaces it in place."""
    claim = (
        Claim.objects.filter(pk=pk, section__article=article)
        .select_related("section")
        .prefetch_related(
            "texts",
            Prefetch(
                "citations",
                queryset=Citation.objects.select_related("reference").order_by("order"),
            ),
        )
        .get()
    )
    return _claim_view(
        claim,
        version=versions.claim_versions([pk])[pk],
        position=0,
        count=1,
        numbers=article_citation_numbers(article),
        base=desk_base(article),
        notes=[n for n in board_notes(article) if str(n.claim_uuid) == str(claim.uuid)],
        editing=editing,
    )


def board_notes(article, latest=None) -> list:
    """What the board said when it last asked for changes (none otherwise)."""
    latest = latest or _latest_revision(article)
    if latest is None or latest.state != "changes_requested":
        return []
    return review_notes(revision_ids=[latest.pk]).get(latest.pk, [])


def desk_base(article) -> str:
    return reverse("editor:article", args=[article.slug])


def editor_context(request, article) -> dict:
    """What every piece of the editor page needs besides the piece itself."""
    may_edit = article_can_edit(request.user, article)
    locked = article.pending_revision_id is not None
    return {
        "article": article,
        "may_edit": may_edit,
        "can_edit": may_edit and not locked,
        "locked": locked,
        "audiences": audiences(),
        "evidence_choices": Evidence.choices,
        "csl_types": CslType.choices,
        "lookups": lookups_enabled(),
        # Only an open claim's "Move to" needs these: read when a template first asks.
        "section_choices": SimpleLazyObject(
            lambda: list(article.sections.order_by("order").values_list("pk", "kind", "heading"))
        ),
    }


def _latest_revision(article):
    return article.revisions.defer("content").order_by("-number").first()


def _editing(request) -> int | None:
    value = request.GET.get("edit", "")
    return int(value) if value.isdigit() else None


@require_GET
@workspace_view
def article_editor(request, slug: str):
    article = article_for(request.user, slug)
    context = editor_context(request, article)
    working_copy = working_copy_sections(article)
    problems = (
        submission_problems(article=article, sections=working_copy) if context["can_edit"] else []
    )
    latest = _latest_revision(article)
    notes = board_notes(article, latest)
    sections = editor_sections(
        article, notes=notes, editing=_editing(request), sections=working_copy
    )
    context |= details_context(request, article, may_edit=context["may_edit"]) | {
        "sections": sections,
        "body_sections": [s for s in sections if not s.is_lead],
        "has_lead": any(s.is_lead for s in sections),
        "latest": latest,
        "problems": problems,
        "errors": [p for p in problems if p.is_error],
        "notes": [n for n in notes if not n.claim_uuid],
    }
    return render(request, "editor/article.html", context)


def details_context(request, article, *, may_edit: bool) -> dict:
    """What the article details panel (editor/_details.html) shows besides the article."""
    return {
        "article_version": versions.article_version(article),
        "origin_choices": Origin.choices,
        # Its specialty select: the site's list, and the article's own value if unlisted.
        "details_form": ArticleForm(
            initial={"specialty": article.specialty}, current_specialty=article.specialty
        ),
        "can_choose_co_editors": may_edit
        and (request.user.pk == article.owner_id or user_is_editor_in_chief(request.user)),
        "co_editor_candidates": User.objects.filter(
            Q(groups__name__in=[EDITORS, EDITORS_IN_CHIEF]), is_active=True
        )
        .exclude(pk=article.owner_id)
        .distinct()
        .order_by("username"),
        "co_editor_ids": set(article.co_editors.values_list("pk", flat=True)),
    }


@require_GET
@workspace_view
def article_problems(request, slug: str):
    """The "before you submit" panel alone, refreshed after each in-place change."""
    article = article_for(request.user, slug)
    context = editor_context(request, article)
    problems = submission_problems(article=article) if context["can_edit"] else []
    context |= {"problems": problems, "errors": [p for p in problems if p.is_error]}
    return render(request, "editor/_problems.html", context)
