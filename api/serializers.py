"""The shapes the API reads and writes. Output serializers describe exactly what the views
return (the OpenAPI schema is generated from them, and the schemathesis test checks every
response against it); input serializers only check types and presence: the rules
themselves (a changes request needs a comment, a signature needs the password) stay in
the services, which answer with their own codes."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import ChangeType
from reviews.models import AssignmentOrigin, AssignmentState
from reviews.workflow import DEFAULT_MEANING

# --- Articles -------------------------------------------------------------------------


class ArticleLinksSerializer(serializers.Serializer):
    api = serializers.URLField(help_text="This article in the API.")
    document = serializers.URLField(help_text="The working copy as an article document.")
    web = serializers.URLField(help_text="The public page.")


class ArticleSummarySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    question = serializers.CharField()
    title = serializers.CharField()
    specialty = serializers.CharField()
    origin = serializers.CharField(help_text="human or ai-drafted")
    revision = serializers.IntegerField(help_text="Number of the live revision.")
    published = serializers.DateTimeField(allow_null=True)
    last_updated = serializers.DateTimeField(allow_null=True)
    last_reviewed = serializers.DateTimeField(allow_null=True)
    next_review_due = serializers.DateField(allow_null=True)
    url = serializers.URLField(help_text="This article in the API.")


class ClaimSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(help_text="Stable across revisions.")
    text = serializers.CharField(
        help_text="The text for the requested audience, as its Pandoc Markdown source "
        "(emphasis, links, ^sup^, ~sub~, narrative citations @key); see `html`."
    )
    html = serializers.CharField(
        help_text="The text rendered as the page shows it: sanitised HTML with only em, "
        "strong, sup, sub, br and http/https/mailto links."
    )
    in_audience = serializers.BooleanField(
        help_text="False when the claim has no text of its own for the requested audience "
        "and the default text stands in."
    )
    evidence = serializers.CharField(help_text="GRADE certainty, or not-graded.")
    citations = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        source="citation_numbers",
        help_text="Numbers in the reference list, in order of first appearance.",
    )


class SectionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["lead", "body"])
    heading = serializers.CharField(allow_blank=True)
    claims = ClaimSerializer(many=True)


class RenderedReferenceSerializer(serializers.Serializer):
    number = serializers.IntegerField(min_value=1)
    csl = serializers.DictField(
        source="item", help_text="The CSL-JSON item as frozen in the revision."
    )


class ReviewerSerializer(serializers.Serializer):
    name = serializers.CharField()
    credentials = serializers.CharField()
    slug = serializers.CharField()
    signed_at = serializers.DateTimeField()
    kind = serializers.CharField(help_text="approved or reaffirmed")


class ReviewStatusSerializer(serializers.Serializer):
    state = serializers.CharField()
    label = serializers.CharField(help_text="The step readers see: Submitted, Under Review, ...")
    revision = serializers.IntegerField()
    content_hash = serializers.CharField(help_text="SHA-256 of the revision that was signed.")
    change_type = serializers.ChoiceField(
        choices=["", *ChangeType.values],
        allow_blank=True,
        help_text="correction, update or conclusions_changed; empty before change types existed.",
    )
    all_claims_checked = serializers.BooleanField(
        help_text="Every claim was checked against its sources by a board member."
    )


class ReaderDatesSerializer(serializers.Serializer):
    published = serializers.DateTimeField(allow_null=True)
    last_updated = serializers.DateTimeField(allow_null=True)
    last_reviewed = serializers.DateTimeField(allow_null=True)
    next_review_due = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()


class TranslationOfSerializer(serializers.Serializer):
    slug = serializers.SlugField(help_text="The source article.")
    revision = serializers.IntegerField(help_text="The approved source revision translated.")


class ArticleDetailSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    language = serializers.CharField(help_text="The article's language (a BCP 47 code).")
    translation_of = TranslationOfSerializer(
        allow_null=True, help_text="For a translation: what its live revision translates."
    )
    question = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    specialty = serializers.CharField(allow_blank=True)
    origin = serializers.CharField()
    audience = serializers.CharField()
    review_status = ReviewStatusSerializer()
    dates = ReaderDatesSerializer()
    reviewers = ReviewerSerializer(many=True)
    sections = SectionSerializer(many=True, help_text="The lead summary first, if any.")
    references = RenderedReferenceSerializer(many=True)
    links = ArticleLinksSerializer()


class ArticleCreatedSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    links = ArticleLinksSerializer()
    warnings = serializers.ListField(
        child=serializers.CharField(),
        help_text="What the document says that was accepted but has no effect here (Pandoc "
        "metadata keys such as author or nocite), each with its line.",
    )


# --- Revisions ------------------------------------------------------------------------


class AiDisclosureSerializer(serializers.Serializer):
    """How AI took part in drafting a revision (articles/disclosure.py holds the rules)."""

    model = serializers.CharField(help_text="The model that drafted it, e.g. 'gpt-4o-2024-08-06'.")
    prompt_reference = serializers.CharField(
        required=False,
        help_text="Where the prompt or method is kept: a URL, a repository path, an id.",
    )
    human_editor = serializers.CharField(
        help_text="The person who edited the draft before submission."
    )


@extend_schema_field(AiDisclosureSerializer(allow_null=True))
class AiDisclosureField(serializers.JSONField):
    """Any JSON in, so that articles.disclosure can name what is wrong with it; documented
    as the object it must be."""


class AssignmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reviewer = serializers.CharField(source="reviewer.username")
    reviewer_name = serializers.CharField(
        source="reviewer.board_member.signature_name", help_text="As the board page prints it."
    )
    assigned_by = serializers.CharField(source="assigned_by.username")
    assigned_at = serializers.DateTimeField()
    origin = serializers.ChoiceField(
        choices=AssignmentOrigin.values,
        help_text="editor: an editor-in-chief assigned; rule: the specialty's rule at "
        "submission; self: the reviewer joined the review.",
    )
    due_on = serializers.DateField(allow_null=True)
    state = serializers.ChoiceField(
        choices=AssignmentState.values,
        help_text="active; completed (the reviewer decided); reassigned; cancelled.",
    )
    ended_at = serializers.DateTimeField(allow_null=True)
    reassigned_from = serializers.IntegerField(
        source="reassigned_from_id",
        allow_null=True,
        help_text="The id of the assignment this one took over.",
    )


class RevisionSummarySerializer(serializers.Serializer):
    number = serializers.IntegerField()
    state = serializers.CharField()
    content_hash = serializers.CharField()
    comment = serializers.CharField(
        allow_blank=True, help_text="The submitter's note to the reviewers; never public."
    )
    public_summary = serializers.CharField(
        allow_blank=True, help_text="What changed, for readers (shown once approved)."
    )
    ai_disclosure = AiDisclosureSerializer(allow_null=True)
    submitted_by = serializers.CharField(source="submitted_by.username")
    submitted_at = serializers.DateTimeField()
    review_started_at = serializers.DateTimeField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    reviewers = ReviewerSerializer(many=True, source="reviewers_distinct")
    change_type = serializers.ChoiceField(
        choices=["", *ChangeType.values],
        allow_blank=True,
        help_text="What kind of change: correction (no clinical change), update (new or "
        "changed evidence), conclusions_changed. Empty on revisions from before change types.",
    )
    assignments = AssignmentSerializer(
        many=True,
        source="assignment_list",
        help_text="Who was assigned to review it and by when, oldest first, ended ones "
        "included (docs/workflow.md, Assignments and due dates).",
    )
    publish_at = serializers.DateTimeField(
        allow_null=True,
        help_text="When it goes live once approved (state 'scheduled' while approved and "
        "waiting); null: as soon as the quorum approves.",
    )


class EventSerializer(serializers.Serializer):
    action = serializers.CharField()
    actor = serializers.CharField(source="actor.username")
    from_state = serializers.CharField(allow_blank=True)
    to_state = serializers.CharField(allow_blank=True)
    comment = serializers.CharField(allow_blank=True)
    claim_uuid = serializers.UUIDField(allow_null=True)
    revision_hash = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    event_hash = serializers.CharField()


class SignatureSerializer(serializers.Serializer):
    signer = serializers.CharField(source="signer.username")
    printed_name = serializers.CharField()
    credentials = serializers.CharField()
    meaning = serializers.CharField()
    content_hash = serializers.CharField()
    change_type = serializers.CharField(
        allow_blank=True, help_text="The revision's change type this signature approved."
    )
    checked_claims = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        help_text="Claims (uuids) the signer checked against their sources; null when the "
        "signer reported no checks.",
    )
    unchecked_confirmed = serializers.BooleanField(
        help_text="The signer confirmed approving with new or changed claims unchecked."
    )
    publish_at = serializers.DateTimeField(
        allow_null=True, help_text="When the signer approved it to go live; null: on approval."
    )
    signed_at = serializers.DateTimeField()


class RevisionDetailSerializer(RevisionSummarySerializer):
    events = EventSerializer(many=True, source="event_list")
    signatures = SignatureSerializer(many=True, source="signature_list")


class RevisionStateSerializer(serializers.Serializer):
    revision = serializers.IntegerField(source="number")
    state = serializers.CharField()


class CommentInputSerializer(serializers.Serializer):
    # Presence and wording are the workflow's rules (it answers comment_required).
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class SubmitInputSerializer(CommentInputSerializer):
    # Any string: the workflow refuses an unknown one with its own code.
    change_type = serializers.CharField(
        required=False,
        default=ChangeType.UPDATE,
        help_text="correction, update or conclusions_changed (default update).",
    )
    # Presence and limits are the workflow's rules (public_summary_required, ...).
    public_summary = serializers.CharField(
        required=False,
        allow_blank=True,
        default=None,
        help_text="What changed, for readers: shown under 'What changed' on the article page "
        "once approved. The comment stays internal. Without it, the imported document's "
        "change-summary, else none.",
    )
    # Checked field by field by articles.disclosure (invalid_ai_disclosure).
    ai_disclosure = AiDisclosureField(
        required=False,
        default=None,
        help_text="How AI took part: {model, prompt_reference, human_editor}; model and "
        "human_editor are required in it. Shown to reviewers and, once approved, declared "
        "on the public page.",
    )


class ReclassifyInputSerializer(CommentInputSerializer):
    change_type = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="correction, update or conclusions_changed.",
    )


class ApproveInputSerializer(serializers.Serializer):
    password = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=False,
        style={"input_type": "password"},
        help_text="The reviewer's own password: re-entering it is what makes this a signature.",
    )
    meaning = serializers.CharField(required=False, default=DEFAULT_MEANING)
    checked_claims = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Uuids of the claims checked against their sources; every new or changed "
        "claim unless confirm_unchecked. Omitted: no checks are reported or recorded.",
    )
    confirm_unchecked = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Approve although new or changed claims are not in checked_claims.",
    )
    carry_forward_comments = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="false: refuse (409 open_comments) while the approver's own comments on the "
        "article are open; true: carry them forward (recorded). Omitted: not checked.",
    )
    # Omitted: the approval keeps the schedule as it stands (workflow KEEP_SCHEDULE).
    publish_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text="When it goes live once the quorum approves: a future time (ISO 8601 with "
        "its offset), or null for as soon as approved. Only the first signer may choose a "
        "time other than the revision's (409 schedule_signed); omitted, the signature "
        "approves the schedule as it stands.",
    )


# --- The version archive --------------------------------------------------------------


class VersionLinksSerializer(serializers.Serializer):
    api = serializers.URLField()
    web = serializers.URLField(help_text="The version's public page (noindex).")


class VersionSummarySerializer(serializers.Serializer):
    number = serializers.IntegerField()
    change_type = serializers.ChoiceField(choices=["", *ChangeType.values], allow_blank=True)
    public_summary = serializers.CharField(
        allow_blank=True,
        help_text="What changed, as the submitter wrote it for readers; empty on versions "
        "from before summaries for readers.",
    )
    content_hash = serializers.CharField(help_text="SHA-256 of the content the board signed.")
    submitted_at = serializers.DateTimeField()
    approved_at = serializers.DateTimeField(allow_null=True)
    reviewers = ReviewerSerializer(many=True)
    is_current = serializers.BooleanField(help_text="The version readers see now.")
    links = VersionLinksSerializer()


class VersionDetailSerializer(VersionSummarySerializer):
    superseded_at = serializers.DateTimeField(
        allow_null=True, help_text="When the next approved version replaced it."
    )
    audience = serializers.CharField()
    question = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    sections = SectionSerializer(many=True, help_text="The lead summary first, if any.")
    references = RenderedReferenceSerializer(many=True)


# --- References -----------------------------------------------------------------------


class ReferenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    csl = serializers.DictField(source="to_csl", help_text="The record as a CSL-JSON item.")
    retracted = serializers.BooleanField(source="is_retracted")
    superseded_by = serializers.IntegerField(source="superseded_by_id", allow_null=True)


class ImportEntrySerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="The entry's position in the file, from 1.")
    line = serializers.IntegerField(allow_null=True, help_text="Where it starts, if known.")
    fate = serializers.ChoiceField(choices=["created", "matched", "enriched"])
    reference = serializers.IntegerField(source="reference.pk", help_text="The record's id.")
    matched_by = serializers.CharField(help_text="DOI, PMID, PMCID, URL or title; '' if created.")
    fields = serializers.ListField(
        child=serializers.CharField(), help_text="What an enriched record gained."
    )
    kept = serializers.ListField(
        child=serializers.CharField(),
        help_text="Values of the record kept over different ones in the file.",
    )
    warnings = serializers.ListField(
        child=serializers.CharField(), help_text="What the entry said that was not kept."
    )
    summary = serializers.CharField(help_text="The entry's fate in one sentence.")


class NoticeOutcomeSerializer(serializers.Serializer):
    reference = serializers.IntegerField(source="reference.pk")
    notices = serializers.SerializerMethodField()
    marked = serializers.ListField(child=serializers.CharField())
    flagged = serializers.SerializerMethodField()

    def get_notices(self, outcome) -> list[str]:
        return [notice.describe() for notice in outcome.added]

    def get_flagged(self, outcome) -> list[str]:
        return [article.slug for article in outcome.flagged]


class ReferenceImportResultSerializer(serializers.Serializer):
    summary = serializers.CharField()
    created = ReferenceSerializer(many=True)
    matched = ReferenceSerializer(many=True, help_text="Already in the library.")
    entries = ImportEntrySerializer(many=True, source="reports", help_text="Each entry's fate.")
    warnings = serializers.ListField(
        child=serializers.CharField(), help_text="What the file said that no entry keeps."
    )
    notices = NoticeOutcomeSerializer(
        many=True,
        help_text="Retraction and correction notices (Crossref update-to/updated-by) recorded.",
    )


# --- Questions ------------------------------------------------------------------------


class QuestionInputSerializer(serializers.Serializer):
    article = serializers.SlugField(help_text="Slug of the published article asked about.")
    audience = serializers.CharField(required=False, allow_blank=True, default="")
    text = serializers.CharField(trim_whitespace=False)


class QuestionReceivedSerializer(serializers.Serializer):
    status = serializers.CharField()


# --- Errors ---------------------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    error = serializers.CharField(help_text="A code for programs, e.g. not_board_member.")
    detail = serializers.CharField(help_text="A sentence for people.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text='Problems by input field, e.g. {"document": ["line 12: ..."]}.',
    )
