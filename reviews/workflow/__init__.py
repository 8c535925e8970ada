"""The review workflow: the one owner of every revision state change.

Each transition locks the rows it changes (article first, then revision, then the event
chain: always in that order, so transitions cannot deadlock each other), checks the state
and who acts, changes the rows, records a hash-chained WorkflowEvent and schedules its
emails for after commit. A refusal raises WorkflowError before anything is written; the
surrounding transaction guarantees that nothing half-done survives either way.

| from                    | action          | to                                 |
|-------------------------|-----------------|------------------------------------|
| (working copy)          | submit          | submitted                          |
| submitted               | start review    | under_review (also implied by the  |
|                         |                 | first approve or request changes)  |
| submitted, under_review | withdraw        | withdrawn                          |
| under_review            | request changes | changes_requested                  |
| under_review            | approve         | under_review, or approved (quorum) |
| under_review            | approve         | scheduled (quorum, publish_at in   |
|                         |                 | the future)                        |
| scheduled               | (the clock)     | approved (live)                    |
| scheduled               | withdraw        | withdrawn (cancels publication)    |
| approved (live)         | reaffirm        | approved                           |
| submitted, under_review | reclassify      | (same; only before any signature)  |
| submitted, under_review | assign, reassign, set due date, cancel an assignment     |
|                         | (same state; reviews/workflow/assignments.py)            |

The article as a whole leaves public view through reviews/workflow/expiry.py (now, or at a
set time carried out by the clock); its revisions keep their states.

The module is a package split by job; everything public is re-exported here, so callers
import from `reviews.workflow` only.
"""

from reviews.workflow.assignments import (
    assignment_cancel,
    assignment_create,
    assignment_due_set,
    assignment_reassign,
    assignments_from_rules,
    due_date_clean,
)
from reviews.workflow.classification import change_type_clean, revision_reclassify
from reviews.workflow.comments import claim_comment_resolve
from reviews.workflow.decisions import (
    revision_approve,
    revision_request_changes,
    revision_start_review,
    revision_withdraw,
)
from reviews.workflow.expiry import (
    article_withdraw_scheduled,
    article_withdrawal_cancel,
    article_withdrawal_schedule,
    articles_withdraw_due,
)
from reviews.workflow.live import article_reaffirm, claim_comment_add
from reviews.workflow.reminders import assignment_reminders_due
from reviews.workflow.rules import (
    DEFAULT_MEANING,
    MEANING_MAX_LENGTH,
    MEANING_TOO_LONG,
    SIGNING_RATE,
    RevisionActions,
    add_months,
    board_member_active,
    revision_actions,
    revision_quorum,
)
from reviews.workflow.schedule import (
    KEEP_SCHEDULE,
    revision_publish_scheduled,
    revision_schedule,
    revisions_publish_due,
    schedule_moment,
    schedule_phrase,
)
from reviews.workflow.submission import revision_submit

__all__ = [
    "DEFAULT_MEANING",
    "KEEP_SCHEDULE",
    "MEANING_MAX_LENGTH",
    "MEANING_TOO_LONG",
    "SIGNING_RATE",
    "RevisionActions",
    "add_months",
    "article_reaffirm",
    "article_withdraw_scheduled",
    "article_withdrawal_cancel",
    "article_withdrawal_schedule",
    "articles_withdraw_due",
    "assignment_cancel",
    "assignment_create",
    "assignment_due_set",
    "assignment_reassign",
    "assignment_reminders_due",
    "assignments_from_rules",
    "board_member_active",
    "change_type_clean",
    "claim_comment_add",
    "claim_comment_resolve",
    "due_date_clean",
    "revision_actions",
    "revision_approve",
    "revision_publish_scheduled",
    "revision_quorum",
    "revision_reclassify",
    "revision_request_changes",
    "revision_schedule",
    "revision_start_review",
    "revision_submit",
    "revision_withdraw",
    "revisions_publish_due",
    "schedule_moment",
    "schedule_phrase",
]
