"""Normalisation of persistent identifiers, so that the same source typed two ways is
recognised as one record."""

import re

_DOI_PREFIXES = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_PMID_PREFIX = re.compile(r"^(?:pmid:?\s*)", re.IGNORECASE)


def normalize_doi(value: str) -> str:
    """Return the DOI in its canonical lower-case form without resolver prefix; "" stays ""."""
    value = _DOI_PREFIXES.sub("", (value or "").strip())
    if not value:
        return ""
    if not _DOI.match(value):
        raise ValueError(f"{value!r} is not a DOI (expected something like 10.1000/xyz123).")
    # DOIs are case-insensitive by definition (DOI Handbook 2.4).
    return value.lower()


def normalize_pmid(value: str) -> str:
    value = _PMID_PREFIX.sub("", (value or "").strip())
    if not value:
        return ""
    if not value.isdigit() or len(value) > 9 or int(value) == 0:
        raise ValueError(f"{value!r} is not a PubMed ID (expected a number such as 31234567).")
    return str(int(value))
