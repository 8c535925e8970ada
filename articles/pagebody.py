"""The article page's text, rendered once per revision and audience.

The lead and the rest of the text (templates/articles/_article_lead.html and
_article_body.html) are most of an article page's rendering: for a 41-claim article, some
1,300 template variables, 41 Markdown conversions and 15 AMA references. They are made of
the revision's content, the audience and the code alone, never of dates, host or reader.
So a stored revision's are rendered once per audience and kept, with the little the rest
of the page reads of them (PageOutline), in the page cache's two tiers (articles.pagecache)
under a key that names the revision, its content hash, the audience and the release: every
page of that revision (the next day, after a reaffirmation, under another host, for a
signed-in editor, in the other worker) reuses them, and never needs the content itself.
An unsaved revision (the editors' preview) is rendered each time.
"""

import json
from dataclasses import dataclass, fields

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString

from articles.audiences import audience_or_default
from articles.models import Revision
from articles.pagecache import PAGE_CACHE_SECONDS, immutable_get, immutable_set
from articles.rendering import RenderedArticle, article_render
from articles.structured_data import reference_citation

# Part of every key: a change to what is kept (PageOutline's fields) must not read an
# older entry.
_FORMAT = 2


@dataclass(frozen=True)
class PageOutline:
    """What the page around the text reads of the rendered revision: plain values, kept
    beside the text's HTML."""

    audience: str
    question: str
    title: str
    specialty: str
    origin: str
    lead: bool  # whether the article has a lead section
    lead_plain: str  # its first claim as plain text ("" without one)
    has_graded: bool
    sections: tuple[tuple[str, str], ...]  # (anchor, heading as plain text)
    references: int
    citations: tuple[dict, ...]  # each reference as a schema.org CreativeWork
    language: str  # the text's language (a BCP 47 code), marked with lang on the page

    @classmethod
    def of(cls, rendered: RenderedArticle) -> "PageOutline":
        lead = rendered.lead
        return cls(
            audience=rendered.audience,
            question=rendered.question,
            title=rendered.title,
            specialty=rendered.specialty,
            origin=rendered.origin,
            lead=lead is not None,
            lead_plain=lead.claims[0].plain if lead and lead.claims else "",
            has_graded=rendered.has_graded,
            sections=tuple((s.anchor, s.heading_plain) for s in rendered.sections),
            references=len(rendered.references),
            citations=tuple(reference_citation(ref) for ref in rendered.references),
            language=rendered.language,
        )

    def dumps(self) -> str:
        # Not dataclasses.asdict, which deep-copies every value (the citations' dicts) only
        # for json to read them once: a third of the outline's cost on each first render.
        return json.dumps({f.name: getattr(self, f.name) for f in fields(self)}, ensure_ascii=False)

    @classmethod
    def loads(cls, text: str) -> "PageOutline":
        fields = json.loads(text)
        fields["sections"] = tuple(map(tuple, fields["sections"]))
        fields["citations"] = tuple(fields["citations"])
        return cls(**fields)


@dataclass(frozen=True)
class PageBody:
    revision_id: int | None
    lead_html: SafeString
    body_html: SafeString
    outline: PageOutline


def _key(*, revision_id: int, content_hash: str, audience: str) -> str:
    # The text's headings and labels ("References", "High certainty") are in the interface
    # language: a reviewer reading in Spanish must not leave Spanish labels in the English
    # page of the same revision.
    language = translation.get_language()
    return (
        f"article-body:{_FORMAT}:{settings.RELEASE}:{revision_id}:{content_hash}:{audience}:"
        f"{language}"
    )


def page_body_cached(*, revision_id: int, content_hash: str, audience: str) -> PageBody | None:
    """A stored revision's text in `audience`, when it has been rendered before."""
    kept = immutable_get(
        _key(revision_id=revision_id, content_hash=content_hash, audience=audience)
    )
    if kept is None:
        return None
    lead, body, outline = kept
    return PageBody(revision_id, SafeString(lead), SafeString(body), PageOutline.loads(outline))


def page_body(*, revision: Revision, audience: str) -> PageBody:
    """The revision's text in `audience`, rendered from its content unless kept."""
    audience = audience_or_default(audience)
    if not (revision.pk and revision.content_hash):
        return _render(revision=revision, audience=audience)
    kept = page_body_cached(
        revision_id=revision.pk, content_hash=revision.content_hash, audience=audience
    )
    if kept is not None:
        return kept
    page = _render(revision=revision, audience=audience)
    immutable_set(
        _key(revision_id=revision.pk, content_hash=revision.content_hash, audience=audience),
        (str(page.lead_html), str(page.body_html), page.outline.dumps()),
        timeout=PAGE_CACHE_SECONDS,
    )
    return page


def _render(*, revision: Revision, audience: str) -> PageBody:
    rendered = article_render(content=revision.content, audience=audience)
    return PageBody(
        revision_id=revision.pk,
        lead_html=render_to_string("articles/_article_lead.html", {"rendered": rendered}),
        body_html=render_to_string(
            "articles/_article_body.html", {"rendered": rendered, "lead_apart": True}
        ),
        outline=PageOutline.of(rendered),
    )
