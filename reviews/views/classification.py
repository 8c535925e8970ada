"""The review page's change-type form: who is offered it, and the thin view that asks the
workflow to reclassify. Kept apart from workspace.py so its access helpers can move."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_POST

from articles.models import OPEN_STATES, Revision
from reviews.forms import ReclassifyForm
from reviews.workflow import board_member_active, revision_reclassify


def may_reclassify(user, revision: Revision) -> bool:
    """Only a hint for the page: revision_reclassify checks everything again."""
    return (
        revision.state in OPEN_STATES
        and board_member_active(user) is not None
        and user.pk not in revision.author_ids
        and not revision.signatures.exists()
    )


@require_POST
@login_required
def revision_reclassification(request, pk: int):
    # Imported here: workspace.py imports may_reclassify from this module.
    from reviews.views.workspace import _decide, _revision_for

    revision = _revision_for(request, pk)
    form = ReclassifyForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    return _decide(
        request,
        revision,
        action=lambda: revision_reclassify(
            revision=revision,
            actor=request.user,
            change_type=data.get("change_type", ""),
            comment=data.get("comment", ""),
        ),
        done=lambda r: f"This revision is now classified as “{r.get_change_type_display()}”.",
        form_name="reclassify",
        form=form,
    )
