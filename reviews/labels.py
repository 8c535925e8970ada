"""The review models' choice labels (reviews.models), which pages show in the interface
language. As articles/labels.py explains, they stay plain English where they are defined
(the audit log, exports and the API quote them); templates translate them on display, and
`gettext_noop` marks each here for makemessages (tests/config/test_translations.py checks
that these are exactly the labels the models define)."""

from django.utils.translation import gettext_noop

LABELS = (
    # reviews.models.Action
    gettext_noop("Submitted"),
    gettext_noop("Started review"),
    gettext_noop("Approved"),
    gettext_noop("Requested changes"),
    gettext_noop("Withdrew"),
    gettext_noop("Published"),
    gettext_noop("Reaffirmed"),
    gettext_noop("Commented"),
    gettext_noop("Assigned a reviewer"),
    gettext_noop("Reclassified the change"),
    gettext_noop("Resolved a comment"),
    gettext_noop("Scheduled the publication"),
    gettext_noop("Reassigned a review"),
    gettext_noop("Cancelled an assignment"),
    gettext_noop("Changed a review's due date"),
    gettext_noop("Scheduled the article's withdrawal"),
    gettext_noop("Cancelled the article's withdrawal"),
    gettext_noop("Withdrew the article from public view"),
    # reviews.models.AssignmentState
    gettext_noop("Active"),
    gettext_noop("Completed"),
    gettext_noop("Reassigned"),
    gettext_noop("Cancelled"),
    # reviews.models.AssignmentOrigin
    gettext_noop("Assigned by an editor-in-chief"),
    gettext_noop("Assigned by the specialty's rule"),
    gettext_noop("Joined the review"),
)
