"""The article editor page: the working copy with a form for every change."""

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import Q
from django.shortcuts import render
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
from references.models import CslType


@dataclass
class AudienceText:
    key: str
    label: str
    field: str
    text: str
    readability: Readability


@dataclass
class ClaimView:
    claim: Claim
    version: str
    position: int
    count: int
    texts: list[AudienceText]
    citations: list[Citation]
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)


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
                label=audience.label + (" (default text)" if is_default else ""),
                field="text" if is_default else f"text_{audience.key}",
                text=text,
                readability=text_readability(text=text, audience=audience.key),
            )
        )
    return rows


def editor_sections(article, *, problems=(), notes=()) -> list[SectionView]:
    """The working copy as the editor page lays it out, in a fixed number of queries."""
    sections = working_copy_sections(article)
    claim_ids = [claim.pk for section in sections for claim in section.claims.all()]
    claim_tokens = versions.claim_versions(claim_ids)
    section_tokens = versions.section_versions([section.pk for section in sections])
    by_claim: dict[str, list] = {}
    for item in [*problems, *notes]:
        if item.claim_uuid:
            by_claim.setdefault(str(item.claim_uuid), []).append(item)
    body_count = sum(1 for s in sections if s.kind != SectionKind.LEAD)
    views, body_position = [], 0
    for section in sections:
        claims = list(section.claims.all())
        claim_views = [
            ClaimView(
                claim=claim,
                version=claim_tokens[claim.pk],
                position=index,
                count=len(claims),
                texts=_audience_texts(claim),
                citations=list(claim.citations.all()),
                problems=[p for p in by_claim.get(str(claim.uuid), []) if hasattr(p, "severity")],
                notes=[n for n in by_claim.get(str(claim.uuid), []) if not hasattr(n, "severity")],
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


def _latest_revision(article):
    return article.revisions.defer("content").order_by("-number").first()


@require_GET
@workspace_view
def article_editor(request, slug: str):
    article = article_for(request.user, slug)
    may_edit = article_can_edit(request.user, article)
    locked = article.pending_revision_id is not None
    can_edit = may_edit and not locked
    problems = submission_problems(article=article) if can_edit else []
    latest = _latest_revision(article)
    notes = []
    if latest is not None and latest.state == "changes_requested":
        notes = review_notes(revision_ids=[latest.pk]).get(latest.pk, [])
    sections = editor_sections(article, problems=problems, notes=notes)
    context = {
        "article": article,
        "article_version": versions.article_version(article),
        "sections": sections,
        "body_sections": [s for s in sections if not s.is_lead],
        "has_lead": any(s.is_lead for s in sections),
        "may_edit": may_edit,
        "can_edit": can_edit,
        "locked": locked,
        "latest": latest,
        "problems": problems,
        "errors": [p for p in problems if p.is_error],
        "notes": [n for n in notes if not n.claim_uuid],
        "audiences": audiences(),
        "evidence_choices": Evidence.choices,
        "csl_types": CslType.choices,
        "origin_choices": Origin.choices,
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
    return render(request, "editor/article.html", context)
