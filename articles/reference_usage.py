"""The articles side of the reference library: which articles a reference reaches, and
flagging them for re-review when a reference is retracted or superseded.

`articles_flag_for_rereview` receives references.signals.reference_problem_found
(connected in articles.apps), so that the references app, which articles depends on,
never imports articles.
"""

from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from articles.models import Article
from articles.snapshot import reference_key
from config.history import history_save
from references.integrity import reference_problems
from references.models import Reference

# Reference problems that make an article's live revision due for re-review.
REREVIEW_CODES = ("retracted", "concern", "superseded")


def articles_citing(*, reference: Reference) -> QuerySet[Article]:
    """Articles whose live revision (what readers see) cites the reference. The
    revision's frozen content lists its references by key, so this is one JSON key
    lookup, which SQLite and PostgreSQL both answer."""
    return Article.objects.filter(
        live_revision__content__references__has_key=reference_key(reference)
    ).order_by("pk")


@transaction.atomic
def articles_flag_for_rereview(
    *, reference: Reference, reason: str, actor, **_signal
) -> list[Article]:
    """Make every article whose live revision cites the reference due for re-review
    today (an earlier due date is kept), so it appears in the reviewers' queue, the
    editor dashboard and `manage.py review_due`. Returns those articles."""
    today = timezone.localdate()
    flagged = []
    citing = articles_citing(reference=reference).select_for_update(of=("self",))
    for article in citing:
        if article.next_review_due is None or article.next_review_due > today:
            article.next_review_due = today
            history_save(
                article, actor=actor, reason=reason, fields=["next_review_due", "updated_at"]
            )
        flagged.append(article)
    return flagged


def article_review_reasons(*, article: Article, today: date | None = None) -> list[str]:
    """Why an article is due for re-review, as sentences: each retracted or superseded
    source its live revision cites, else its scheduled date."""
    today = today or timezone.localdate()
    reasons = []
    if article.live_revision_id:
        keys = article.live_revision.content.get("references", {}).keys()
        pks = [int(key) for key in keys if str(key).isdigit()]
        cited = Reference.objects.filter(pk__in=pks).select_related("superseded_by")
        for reference in cited.order_by("pk"):
            reasons += [
                problem.message
                for problem in reference_problems(reference=reference, today=today)
                if problem.code in REREVIEW_CODES
            ]
    if not reasons and article.next_review_due and article.next_review_due <= today:
        reasons.append(f"Scheduled re-review, due {article.next_review_due:%Y-%m-%d}.")
    return reasons
