"""Looking up a source the library does not have, by its identifier, at the point of
citing: Crossref's REST API and doi.org content negotiation for a DOI, NCBI E-utilities
for a PMID, the PMC ID converter for a PMCID. Each answer becomes a CSL-JSON item, which
the desk shows formatted (references.formatting) and, once the editor confirms it, adds
through references.importing like any imported entry, so duplicates are matched by
DOI, PMID and PMCID as everywhere else.

Short timeouts (REFERENCE_LOOKUP_TIMEOUT); every failure is a ReferenceFormatError with
a code and a sentence: "lookup_off", "not_found", "unavailable".
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext

from references.errors import ReferenceFormatError
from references.identifiers import normalize_doi, normalize_pmcid, normalize_pmid
from references.lookup import crossref, pubmed

__all__ = ["Identifier", "identifier_parse", "lookups_enabled", "reference_lookup"]

_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_PUBMED_URL = re.compile(
    r"^https?://(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/(\d+)/?$", re.I
)
_PMC_URL = re.compile(
    r"^https?://(?:www\.)?(?:pmc\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pmc)/articles/(PMC\d+)/?$",
    re.I,
)
_PREFIX = re.compile(r"^(doi|pmid|pmcid)\s*:?\s*", re.I)
_DOI = re.compile(r"^(?:doi:|(?:https?://)?(?:dx\.|www\.)?doi\.org/)?10\.\d{4,9}/\S+$", re.I)
_PMCID = re.compile(r"^(?:pmcid:)?pmc\d{1,10}$", re.I)
# A bare number is a PMID from five digits on (PubMed's first ids are short, but a
# typed "2019" is a year); "PMID 123" is always one.
_PMID = re.compile(r"^(?:pmid:\d{1,9}|\d{5,9})$", re.I)

LABELS = {"doi": "DOI", "pmid": "PMID", "pmcid": "PMCID", "url": "URL"}


@dataclass(frozen=True)
class Identifier:
    kind: str  # "doi", "pmid", "pmcid" or "url"
    value: str  # normalised

    @property
    def label(self) -> str:
        return f"{LABELS[self.kind]} {self.value}"


def identifier_parse(text: str) -> Identifier | None:
    """The identifier an editor typed (a DOI or doi.org link, "PMID 123" or a number of
    five digits or more, a PMCID, a PubMed or PMC link, any other web address), or None
    for words to search the library with."""
    text = " ".join((text or "").split())
    for pattern, kind, normalize in (
        (_PUBMED_URL, "pmid", normalize_pmid),
        (_PMC_URL, "pmcid", normalize_pmcid),
    ):
        match = pattern.match(text)
        if match:
            return Identifier(kind, normalize(match.group(1)))
    compact = _PREFIX.sub(lambda m: m.group(1) + ":", text)
    if " " in compact or not compact:
        return None
    for pattern, kind, normalize in (
        (_DOI, "doi", normalize_doi),
        (_PMCID, "pmcid", normalize_pmcid),
        (_PMID, "pmid", normalize_pmid),
    ):
        if pattern.match(compact):
            try:
                return Identifier(kind, normalize(compact))
            except ValueError:
                return None
    if _URL.match(text):
        return Identifier("url", text)
    return None


def lookups_enabled() -> bool:
    return bool(settings.REFERENCE_LOOKUP_ENABLED)


def reference_lookup(*, identifier: Identifier) -> dict:
    """The CSL-JSON item the services hold for a DOI, PMID or PMCID. Raises
    ReferenceFormatError: lookup_off (the setting), not_found, unavailable (no answer in
    time, or an answer that cannot be read)."""
    if not lookups_enabled():
        raise ReferenceFormatError(
            gettext("Looking up sources online is turned off on this site."), code="lookup_off"
        )
    if identifier.kind == "doi":
        return crossref.doi_lookup(identifier.value)
    if identifier.kind == "pmid":
        return pubmed.pmid_lookup(identifier.value)
    if identifier.kind == "pmcid":
        return pubmed.pmcid_lookup(identifier.value)
    raise ReferenceFormatError(
        gettext("A %(kind)s cannot be looked up; add the source with the form.")
        % {"kind": LABELS[identifier.kind]},
        code="not_found",
    )
