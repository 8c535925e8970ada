"""schema.org JSON-LD for an article page, built only from what the page itself shows."""

import json
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from articles.disclosure import revision_disclosure
from articles.links import public_url
from articles.rendering import RenderedReference

if TYPE_CHECKING:
    from articles.pagebody import PageOutline

# Our audiences as schema.org MedicalAudience types.
AUDIENCE_TYPES = {
    "clinician": {"@type": "MedicalAudience", "audienceType": "Clinician"},
    "patient": {"@type": "Patient"},
    "student": {"@type": "MedicalAudience", "audienceType": "Medical student"},
}
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _date(value) -> str | None:
    return value.date().isoformat() if value else None


def reference_citation(ref: RenderedReference) -> dict:
    """A reference of the page as a schema.org CreativeWork."""
    item = {"@type": "CreativeWork", "name": ref.title_text}
    if ref.source:
        item["publisher"] = ref.source
    if ref.year:
        item["datePublished"] = str(ref.year)
    if ref.doi:
        item["url"] = f"https://doi.org/{ref.doi}"
    elif ref.url:
        item["url"] = ref.url
    return item


def article_jsonld(
    *, article, revision, outline: "PageOutline", dates: dict, languages: dict | None = None
) -> dict:
    """`languages`: the page's languages_context (articles.reader), for the links between
    an article and its translations."""
    page_url = public_url(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": outline.question,
        "headline": outline.title or outline.question,
        "url": page_url,
        "about": {"@type": "Thing", "name": outline.title or outline.question},
        "audience": AUDIENCE_TYPES.get(
            outline.audience, {"@type": "MedicalAudience", "audienceType": outline.audience}
        ),
        "citation": list(outline.citations),
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
        "dateModified": _date(dates["last_updated"]),
        "inLanguage": outline.language,
    }
    if outline.specialty:
        data["specialty"] = outline.specialty
    # The W3C AI Content Disclosure draft's expanded form, as the page's meta tag says.
    disclosure = revision_disclosure(origin=outline.origin, block=revision.ai_disclosure)
    data["aiDisclosure"] = disclosure.jsonld()
    if disclosure.block:
        data["editor"] = {"@type": "Person", "name": disclosure.block["human_editor"]}
    if dates["published"]:
        data["datePublished"] = _date(dates["published"])
    if dates["last_reviewed"]:
        data["lastReviewed"] = _date(dates["last_reviewed"])
    if revision.reviewers_distinct:
        board = public_url(reverse("reviews:board"))
        data["reviewedBy"] = [
            {
                "@type": "Person",
                "name": r["name"],
                "honorificSuffix": r["credentials"],
                "url": f"{board}#{r['slug']}",
            }
            for r in revision.reviewers_distinct
        ]
    data.update(_translation_links(article, languages))
    return {k: v for k, v in data.items() if v is not None}


def _translation_links(article, languages: dict | None) -> dict:
    if not languages or not languages["switch"]:
        return {}
    others = [
        {"@type": "MedicalWebPage", "url": public_url(alt["url"]), "inLanguage": alt["code"]}
        for alt in languages["switch"]
        if not alt["current"]
    ]
    if article.translation_of_id:
        source = [o for o in others if o["url"] == public_url(languages["source_url"] or "")]
        return {"translationOfWork": source[0]} if source else {}
    return {"workTranslation": others} if others else {}


def jsonld_script_body(data: dict) -> SafeString:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' can end it early."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))  # noqa: S308
