"""Claim-by-claim comparison of two revisions' content, for reviewers.

Claims are matched by their uuid (which survives revisions), not by position, so a moved or
reworded claim shows as that claim changed rather than as one removed and one added. Texts
are compared word by word; the HTML marks removed words with <del> and added ones with <ins>
and escapes everything else.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext_lazy

from articles.audiences import audiences
from articles.models import SectionKind
from articles.rendering import article_render

ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"
# What the page says of a status (the status itself names the CSS class).
STATUS_WORDS = {
    ADDED: pgettext_lazy("a claim or section in a diff", "added"),
    REMOVED: pgettext_lazy("a claim or section in a diff", "removed"),
    CHANGED: pgettext_lazy("a claim or section in a diff", "changed"),
    UNCHANGED: pgettext_lazy("a claim or section in a diff", "unchanged"),
}


def _audience_label(key: str) -> str:
    """An audience's label in the interface language (articles/labels.py), or its key for
    an audience the settings no longer name."""
    labels = {audience.key: audience.label for audience in audiences()}
    return gettext(labels[key]) if key in labels else key


_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def words_diff_html(old: str, new: str) -> SafeString:
    """`new` with the words that differ from `old` marked up."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


@dataclass(frozen=True)
class CitedReference:
    key: str
    label: str


@dataclass(frozen=True)
class TextChange:
    audience: str
    status: str
    html: SafeString

    @property
    def audience_label(self) -> str:
        return _audience_label(self.audience)


@dataclass
class ClaimDiff:
    uuid: str
    status: str
    old_text: str
    new_text: str
    html: SafeString
    audience_changes: list[TextChange] = field(default_factory=list)
    citations_added: list[CitedReference] = field(default_factory=list)
    citations_removed: list[CitedReference] = field(default_factory=list)
    citations_reordered: bool = False
    evidence: tuple[str, str] | None = None  # (old, new) when the grade changed
    no_citation_needed: tuple[bool, bool] | None = None
    moved: bool = False
    # A locator, prefix or suffix of a citation changed ("p. 3" -> "p. 4").
    citation_details_changed: bool = False
    # How the new text reads (its Markdown rendered), when it has markup: the diff itself
    # is of the source, so that a changed emphasis or link shows.
    reads: SafeString | None = None

    @property
    def status_word(self) -> str:
        return STATUS_WORDS[self.status]

    @property
    def citations_changed(self) -> bool:
        return bool(
            self.citations_added
            or self.citations_removed
            or self.citations_reordered
            or self.citation_details_changed
        )


@dataclass
class SectionDiff:
    kind: str
    heading: str
    status: str
    old_heading: str = ""
    claims: list[ClaimDiff] = field(default_factory=list)
    # (audience, old text, new text) for each heading audience text added, changed or removed.
    heading_text_changes: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return gettext("Lead summary") if self.kind == SectionKind.LEAD else self.heading

    @property
    def status_word(self) -> str:
        return STATUS_WORDS[self.status]

    @property
    def heading_text_changes_labelled(self) -> list[tuple[str, str, str]]:
        """heading_text_changes with each audience's label in place of its key."""
        return [(_audience_label(key), old, new) for key, old, new in self.heading_text_changes]


@dataclass(frozen=True)
class ReferenceChange:
    key: str
    label: str
    fields: tuple[str, ...]


@dataclass
class RevisionDiff:
    has_base: bool
    sections: list[SectionDiff]
    article_fields: dict[str, tuple[str, str]]
    reference_changes: list[ReferenceChange]

    def count(self, status: str) -> int:
        return sum(1 for s in self.sections for c in s.claims if c.status == status)

    @property
    def added(self) -> int:
        return self.count(ADDED)

    @property
    def removed(self) -> int:
        return self.count(REMOVED)

    @property
    def changed(self) -> int:
        return self.count(CHANGED)

    @property
    def is_empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.changed
            or self.article_fields
            or self.reference_changes
            or any(s.status != UNCHANGED for s in self.sections)
        )


def reference_label(item: dict) -> str:
    title = item.get("title") or "Untitled source"
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    year = parts[0][0] if parts and parts[0] else None
    return f"{title} ({year})" if year else title


def _claims_by_uuid(content: dict) -> dict[str, tuple[int, dict, dict]]:
    found = {}
    for index, section in enumerate(content.get("sections", [])):
        for claim in section.get("claims", []):
            found[claim["uuid"]] = (index, section, claim)
    return found


def _section_key(section: dict) -> tuple[str, str]:
    return (section.get("kind", ""), section.get("heading", ""))


def _heading_text_changes(old: dict | None, new: dict) -> list[tuple[str, str, str]]:
    if old is None:
        return []
    before, after = old.get("heading_texts", {}), new.get("heading_texts", {})
    return [
        (audience, before.get(audience, ""), after.get(audience, ""))
        for audience in sorted(set(before) | set(after))
        if before.get(audience, "") != after.get(audience, "")
    ]


def _statuses_settle(sections: list[SectionDiff]) -> None:
    """A section whose claims or heading audience texts changed is itself changed."""
    for sdiff in sections:
        if sdiff.status == UNCHANGED and (
            sdiff.heading_text_changes or any(c.status != UNCHANGED for c in sdiff.claims)
        ):
            sdiff.status = CHANGED


def _claim_diff(old: dict | None, new: dict | None, old_refs: dict, new_refs: dict) -> ClaimDiff:
    # Long: each part of a claim compared in the order the review page shows them.
    if old is None:
        return ClaimDiff(
            uuid=new["uuid"],
            status=ADDED,
            old_text="",
            new_text=new["text"],
            html=words_diff_html("", new["text"]),
            audience_changes=[
                TextChange(aud, ADDED, words_diff_html("", text))
                for aud, text in sorted(new.get("texts", {}).items())
            ],
            citations_added=[
                CitedReference(k, reference_label(new_refs.get(k, {})))
                for k in new.get("citations", [])
            ],
        )
    if new is None:
        return ClaimDiff(
            uuid=old["uuid"],
            status=REMOVED,
            old_text=old["text"],
            new_text="",
            html=words_diff_html(old["text"], ""),
            citations_removed=[
                CitedReference(k, reference_label(old_refs.get(k, {})))
                for k in old.get("citations", [])
            ],
        )
    old_texts, new_texts = old.get("texts", {}), new.get("texts", {})
    audience_changes = []
    for audience in sorted(set(old_texts) | set(new_texts)):
        before, after = old_texts.get(audience), new_texts.get(audience)
        if before == after:
            continue
        status = ADDED if before is None else REMOVED if after is None else CHANGED
        audience_changes.append(
            TextChange(audience, status, words_diff_html(before or "", after or ""))
        )
    old_cited, new_cited = old.get("citations", []), new.get("citations", [])
    added = [k for k in new_cited if k not in old_cited]
    removed = [k for k in old_cited if k not in new_cited]
    common_old = [k for k in old_cited if k in new_cited]
    common_new = [k for k in new_cited if k in old_cited]
    diff = ClaimDiff(
        uuid=new["uuid"],
        status=UNCHANGED,
        old_text=old["text"],
        new_text=new["text"],
        html=words_diff_html(old["text"], new["text"]),
        audience_changes=audience_changes,
        citations_added=[CitedReference(k, reference_label(new_refs.get(k, {}))) for k in added],
        citations_removed=[
            CitedReference(k, reference_label(old_refs.get(k, {}))) for k in removed
        ],
        citations_reordered=common_old != common_new,
        citation_details_changed=(
            old.get("citation_details", {}) != new.get("citation_details", {})
        ),
    )
    if old.get("evidence") != new.get("evidence"):
        diff.evidence = (old.get("evidence", ""), new.get("evidence", ""))
    if bool(old.get("no_citation_needed")) != bool(new.get("no_citation_needed")):
        diff.no_citation_needed = (
            bool(old.get("no_citation_needed")),
            bool(new.get("no_citation_needed")),
        )
    if (
        old["text"] != new["text"]
        or audience_changes
        or diff.citations_changed
        or diff.evidence
        or diff.no_citation_needed
    ):
        diff.status = CHANGED
    return diff


def _reads_set(sections: list[SectionDiff], new: dict) -> None:
    """Each claim whose new text has markup gets its rendering, with the new revision's
    citation numbers (the renderer is pure and fast, so it runs on the whole content)."""
    rendered = {
        claim.uuid: claim
        for section in article_render(content=new).all_sections
        for claim in section.claims
    }
    for sdiff in sections:
        for cdiff in sdiff.claims:
            claim = rendered.get(cdiff.uuid)
            if claim is not None and cdiff.status != REMOVED and claim.plain != claim.text:
                cdiff.reads = claim.html


def revision_diff(*, old: dict | None, new: dict) -> RevisionDiff:
    """Compare `new` with `old` (the live revision's content; None when nothing is live
    yet, in which case every claim is new)."""
    base = old or {"sections": [], "references": {}}
    old_refs, new_refs = base.get("references", {}), new.get("references", {})
    old_claims = _claims_by_uuid(base)
    new_claims = _claims_by_uuid(new)
    old_sections = {_section_key(s): s for s in base.get("sections", [])}

    sections: list[SectionDiff] = []
    by_key: dict[tuple[str, str], SectionDiff] = {}
    for section in new.get("sections", []):
        key = _section_key(section)
        sdiff = SectionDiff(
            kind=section["kind"],
            heading=section.get("heading", ""),
            status=UNCHANGED if key in old_sections else ADDED,
            heading_text_changes=_heading_text_changes(old_sections.get(key), section),
        )
        for claim in section.get("claims", []):
            before = old_claims.get(claim["uuid"])
            cdiff = _claim_diff(before[2] if before else None, claim, old_refs, new_refs)
            if before is not None and _section_key(before[1]) != key:
                cdiff.moved = True
                cdiff.status = CHANGED
            sdiff.claims.append(cdiff)
        sections.append(sdiff)
        by_key[key] = sdiff
    for uuid, (_, section, claim) in old_claims.items():
        if uuid in new_claims:
            continue
        key = _section_key(section)
        if key not in by_key:
            by_key[key] = SectionDiff(
                kind=section["kind"], heading=section.get("heading", ""), status=REMOVED
            )
            sections.append(by_key[key])
        by_key[key].claims.append(_claim_diff(claim, None, old_refs, new_refs))
    _statuses_settle(sections)
    _reads_set(sections, new)

    article_fields = {
        name: (base.get(name, ""), new.get(name, ""))
        for name in ("question", "title", "specialty", "origin")
        if old is not None and base.get(name, "") != new.get(name, "")
    }
    reference_changes = []
    for key in sorted(set(old_refs) & set(new_refs), key=str):
        before, after = old_refs[key], new_refs[key]
        names = set(before) | set(after)
        changed = tuple(sorted(k for k in names if before.get(k) != after.get(k)))
        if changed:
            reference_changes.append(ReferenceChange(key, reference_label(after), changed))
    return RevisionDiff(
        has_base=old is not None,
        sections=sections,
        article_fields=article_fields,
        reference_changes=reference_changes,
    )
