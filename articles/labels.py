"""English labels kept as plain strings in code and settings (the choices of the content
models, the reader audiences) that pages show in the interface language.

They stay plain, untranslated strings where they are defined: the workflow's refusals, the
audit log, exports, the API and signed statements quote them, and must read the same
whoever is signed in. Templates translate them only when they show them
(`{% translate revision.get_change_type_display %}`), and `gettext_noop` below marks each
for makemessages so the Spanish catalogue has them (tests/config/test_translations.py
checks that every label here is one the code defines)."""

from django.utils.translation import gettext_noop

LABELS = (
    # settings.ARTICLE_AUDIENCES (the defaults)
    gettext_noop("Healthcare professional"),
    gettext_noop("Patient or caregiver"),
    gettext_noop("Medical student"),
    # articles.models.ChangeType
    gettext_noop("Correction (no clinical change)"),
    gettext_noop("Update (new or changed evidence)"),
    gettext_noop("Conclusions changed"),
    # articles.models.RevisionState
    gettext_noop("Submitted"),
    gettext_noop("Under review"),
    gettext_noop("Changes requested"),
    gettext_noop("Approved"),
    gettext_noop("Approved, scheduled"),
    gettext_noop("Withdrawn"),
    # articles.models.Evidence
    gettext_noop("High"),
    gettext_noop("Moderate"),
    gettext_noop("Low"),
    gettext_noop("Very low"),
    gettext_noop("Not graded"),
    # articles.models.Origin
    gettext_noop("Written by people"),
    gettext_noop("Drafted with AI, reviewed by people"),
    # articles.models.SectionKind
    gettext_noop("Lead summary"),
    gettext_noop("Section"),
    # articles.models.QuestionStatus
    gettext_noop("New"),
    gettext_noop("Answered"),
    gettext_noop("Duplicate"),
    gettext_noop("Spam"),
)
