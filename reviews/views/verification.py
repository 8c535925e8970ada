"""The review page's per-claim verification: each claim of the diff gets its cited sources,
whether it is one the approval must cover (new or changed), and who already checked it.
"""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from articles.access import revision_for
from reviews.forms import CommentResolveForm
from reviews.verification import claim_sources, claims_to_check
from reviews.workflow import claim_comment_resolve


def claim_review_annotate(diff, *, revision, base, signatures) -> dict:
    """Annotate the diff's claims in place; returns the page's summary of checks."""
    sources = claim_sources(content=revision.content)
    to_check = claims_to_check(revision=revision, base=base)
    checked_by: dict[str, list[str]] = {}
    for signature in signatures:
        for uuid in signature.checked_claims or []:
            checked_by.setdefault(uuid, []).append(signature.printed_name)
    for section in diff.sections:
        for claim in section.claims:
            claim.sources = sources.get(claim.uuid, [])
            claim.to_check = claim.uuid in to_check
            claim.checked_by = checked_by.get(claim.uuid, [])
    return {"to_check": len(to_check)}


@require_POST
@login_required
def revision_comment_resolution(request, pk: int):
    # Imported here: workspace.py imports this module.
    from reviews.views.workspace import _decide

    revision = revision_for(request.user, pk=pk)
    return _decide(
        request,
        revision,
        action=lambda data: claim_comment_resolve(
            revision=revision, actor=request.user, comment_id=data["comment"] or 0
        ),
        done=gettext("Comment resolved."),
        form=CommentResolveForm(request.POST),
    )
