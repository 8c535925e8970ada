"""A DOI's record: Crossref's REST API (/works/{doi}) first, which holds most DOIs of
the medical literature and says whether a work was retracted or corrected; for a DOI
Crossref does not hold (DataCite, mEDRA, JaLC), doi.org content negotiation, which asks
the DOI's own registration agency for CSL-JSON."""

import json
from urllib.parse import quote

from django.conf import settings
from django.utils.translation import gettext

from references.errors import ReferenceFormatError
from references.lookup.http import lookup_get, unreadable

CSL_JSON = "application/vnd.citationstyles.csl+json"

# Crossref's work types that have a CSL name of their own; the others are CSL already
# or are filed by references.csl's aliases.
TYPES = {
    "journal-article": "article-journal",
    "book-chapter": "chapter",
    "book-section": "chapter",
    "book-part": "chapter",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "posted-content": "article",
    "proceedings-article": "paper-conference",
    "reference-entry": "entry",
    "report-component": "report",
}
_NAME_KEYS = ("family", "given", "suffix", "non-dropping-particle", "dropping-particle")


def doi_lookup(doi: str) -> dict:
    contact = settings.REFERENCE_LOOKUP_CONTACT
    response = lookup_get(
        f"{settings.REFERENCE_LOOKUP_CROSSREF_URL}/works/{quote(doi, safe='/')}",
        service="Crossref",
        params={"mailto": contact} if contact else None,
    )
    if response is not None:
        message = _json(response, "Crossref").get("message")
        if not isinstance(message, dict):
            raise unreadable("Crossref")
        return work_to_csl(message)
    response = lookup_get(
        f"{settings.REFERENCE_LOOKUP_DOI_URL}/{quote(doi, safe='/')}",
        service="doi.org",
        accept=CSL_JSON,
    )
    if response is None:
        raise ReferenceFormatError(
            gettext(
                "No record was found for the DOI %(doi)s: neither Crossref nor doi.org knows "
                "it. Check it, or add the source with the form."
            )
            % {"doi": doi},
            code="not_found",
        )
    # The agency answers CSL-JSON, or (Crossref's transform endpoint, where doi.org sends
    # Crossref DOIs) its own work shape; one mapping reads both.
    item = work_to_csl(_json(response, "doi.org"))
    if not item["title"]:
        raise unreadable("doi.org")
    item["DOI"] = item["DOI"] or doi
    return item


def _json(response, service: str) -> dict:
    try:
        data = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise unreadable(service) from None
    if not isinstance(data, dict):
        raise unreadable(service)
    return data


def _first(value) -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), "")
    return value.strip() if isinstance(value, str) else ""


def _names(people) -> list[dict]:
    names = []
    for person in people if isinstance(people, list) else []:
        if not isinstance(person, dict):
            continue
        literal = person.get("name") or person.get("literal")
        if literal and not person.get("family"):
            names.append({"literal": str(literal)})
            continue
        name = {key: str(person[key]) for key in _NAME_KEYS if person.get(key)}
        if person.get("ORCID"):
            name["ORCID"] = str(person["ORCID"])
        if name:
            names.append(name)
    return names


def _issued(work: dict) -> dict | None:
    for key in ("issued", "published-print", "published-online", "published"):
        parts = (work.get(key) or {}).get("date-parts") if isinstance(work.get(key), dict) else None
        if parts and isinstance(parts[0], list) and parts[0] and parts[0][0]:
            return {"date-parts": [[int(p) for p in parts[0] if p]]}
    return None


def work_to_csl(work: dict) -> dict:
    """A Crossref REST work ("message"), or a CSL-JSON item, as a CSL-JSON item: the
    bibliographic fields and the retraction and correction links (update-to, updated-by,
    relation), which the import records as notices. Crossref's abstracts (JATS markup),
    references, licences and funders are not part of a reference-list entry and are not
    kept."""
    title = _first(work.get("title"))
    subtitle = _first(work.get("subtitle"))
    if subtitle and subtitle.lower() not in title.lower():
        title = f"{title}: {subtitle}"
    item: dict = {
        "type": TYPES.get(str(work.get("type", "")), str(work.get("type") or "article-journal")),
        "title": title,
        "DOI": str(work.get("DOI", "")),
    }
    for key, source in (("author", "author"), ("editor", "editor")):
        names = _names(work.get(source))
        if names:
            item[key] = names
    for key, value in (
        ("container-title", _first(work.get("container-title"))),
        ("container-title-short", _first(work.get("short-container-title"))),
        ("publisher", _first(work.get("publisher"))),
        ("publisher-place", _first(work.get("publisher-location"))),
        ("volume", _first(work.get("volume"))),
        ("issue", _first(work.get("issue"))),
        ("page", _first(work.get("page"))),
        ("ISSN", _first(work.get("ISSN"))),
        ("language", _first(work.get("language"))),
        ("URL", _first(work.get("URL"))),
    ):
        if value:
            item[key] = value
    if item.get("container-title-short") == item.get("container-title"):
        item.pop("container-title-short")
    issued = _issued(work)
    if issued:
        item["issued"] = issued
    for key in ("update-to", "updated-by", "relation"):
        if work.get(key):
            item[key] = work[key]
    return item
