"""Freezing the working copy into revision content, and hashing that content.

The content is plain JSON so that a revision can be rendered, diffed, exported and
verified years later without any other table: every cited reference is copied in.
"""

import hashlib
import json

from django.db.models import Prefetch

from articles.languages import default_language
from articles.models import Article, Citation, Claim, Section

SCHEMA_VERSION = 1


def content_hash(content: dict) -> str:
    """SHA-256 of the canonical JSON form (sorted keys, no spaces, UTF-8). PostgreSQL's
    jsonb reorders keys, so the hash must never depend on the stored text."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def working_copy_sections(article: Article) -> list[Section]:
    """The working copy with everything the snapshot, the editor and the preview need, in a
    fixed number of queries whatever the article's size."""
    claims = Claim.objects.order_by("order").prefetch_related(
        "texts",
        Prefetch(
            "citations",
            queryset=Citation.objects.select_related("reference").order_by("order"),
        ),
    )
    return list(
        article.sections.order_by("order").prefetch_related(Prefetch("claims", queryset=claims))
    )


def reference_key(reference) -> str:
    return str(reference.pk)


def working_copy_snapshot(article: Article) -> dict:
    sections = []
    references: dict[str, dict] = {}
    for section in working_copy_sections(article):
        claims = []
        for claim in section.claims.all():
            cited = []
            details = {}
            for citation in claim.citations.all():
                key = reference_key(citation.reference)
                cited.append(key)
                if citation.details():
                    details[key] = citation.details()
                if key not in references:
                    item = citation.reference.to_csl()
                    item["id"] = citation.reference.citekey or f"ref-{citation.reference.pk}"
                    references[key] = item
            frozen = {
                "uuid": str(claim.uuid),
                "text": claim.text,
                "evidence": claim.evidence,
                "no_citation_needed": claim.no_citation_needed,
                "texts": {t.audience: t.text for t in claim.texts.all()},
                "citations": cited,
            }
            if details:
                # Only when set, so content without locators hashes as it always did.
                frozen["citation_details"] = details
            if claim.source_uuid:
                # A translation's claim names the source claim it translates.
                frozen["source_uuid"] = str(claim.source_uuid)
            claims.append(frozen)
        frozen_section = {"kind": section.kind, "heading": section.heading, "claims": claims}
        if section.heading_texts:
            # Only when set, so content without them hashes as it always did.
            frozen_section["heading_texts"] = dict(section.heading_texts)
        sections.append(frozen_section)
    content = {
        "schema": SCHEMA_VERSION,
        "slug": article.slug,
        "question": article.question,
        "title": article.title,
        "specialty": article.specialty,
        "origin": article.origin,
        "sections": sections,
        "references": references,
    }
    return content | language_snapshot(article)


def language_snapshot(article: Article) -> dict:
    """The language and, for a translation, the source revision it translates: part of
    what reviewers sign. Empty for an article in the site's own language that is no
    translation, so such content hashes as it always did."""
    frozen = {}
    if article.language != default_language() or article.translation_of_id:
        frozen["language"] = article.language
    if article.translation_of_id:
        source = article.source_revision
        frozen["source"] = {
            "slug": article.translation_of.slug,
            "revision": source.number,
            "content_hash": source.content_hash,
        }
    return frozen
