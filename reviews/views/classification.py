"""The review page's change-type form: the thin view that asks the workflow to reclassify
(who is offered the form is reviews.workflow.revision_actions's `reclassify`)."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from articles.access import revision_for
from reviews.forms import ReclassifyForm
from reviews.views.workspace import _decide
from reviews.workflow import revision_reclassify


@require_POST
@login_required
def revision_reclassification(request, pk: int):
    revision = revision_for(request.user, pk=pk)
    return _decide(
        request,
        revision,
        action=lambda data: revision_reclassify(
            revision=revision,
            actor=request.user,
            change_type=data["change_type"],
            comment=data["comment"],
        ),
        done=lambda r: (
            gettext("This revision is now classified as “%(kind)s”.")
            % {"kind": gettext(r.get_change_type_display())}
        ),
        form_name="reclassify",
        form=ReclassifyForm(request.POST),
    )
