"""Normalisation of persistent identifiers, so that the same source typed two ways is
recognised as one record."""

import re
from urllib.parse import unquote

_DOI_PREFIXES = re.compile(r"^(?:(?:https?://)?(?:dx\.|www\.)?doi\.org/|doi:?\s*)", re.IGNORECASE)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_PMID_PREFIX = re.compile(r"^(?:pmid:?\s*)", re.IGNORECASE)


def normalize_doi(value: str) -> str:
    """Return the DOI in its canonical lower-case form without resolver prefix; "" stays ""."""
    value = (value or "").strip()
    if _DOI_PREFIXES.match(value) and "doi.org/" in value.lower():
        # Resolver links percent-encode characters such as "/" and "<" in the suffix.
        value = unquote(value)
    value = _DOI_PREFIXES.sub("", value)
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


_PMCID_PREFIX = re.compile(r"^(?:pmcid:?\s*)", re.IGNORECASE)
_PMCID = re.compile(r"^(?:PMC)?(\d{1,10})$", re.IGNORECASE)


def normalize_pmcid(value: str) -> str:
    """Return a PubMed Central id as "PMC" + digits ("pmc 123" and "123" both become
    "PMC123"); "" stays ""."""
    value = _PMCID_PREFIX.sub("", (value or "").strip()).replace(" ", "")
    if not value:
        return ""
    match = _PMCID.match(value)
    if not match or int(match.group(1)) == 0:
        raise ValueError(
            f"{value!r} is not a PubMed Central ID (expected something like PMC1234567)."
        )
    return f"PMC{int(match.group(1))}"
