"""A PubMed record by PMID (NCBI E-utilities efetch, in MEDLINE format, read by the same
reader as a pasted or imported .nbib file), and a PubMed Central article by PMCID (the
PMC ID converter gives its PMID, else its DOI, which are then looked up)."""

import json

from django.conf import settings
from django.utils.translation import gettext

from references.errors import ReferenceFormatError
from references.formats import nbib
from references.lookup import crossref
from references.lookup.http import lookup_get, unreadable

TOOL = "medical-editorial-cms"


def _ncbi_params(**params) -> dict:
    # NCBI asks programs to say who they are (tool, email).
    params["tool"] = TOOL
    if settings.REFERENCE_LOOKUP_CONTACT:
        params["email"] = settings.REFERENCE_LOOKUP_CONTACT
    return params


def _not_found(what: str) -> ReferenceFormatError:
    return ReferenceFormatError(
        gettext("PubMed has no record for %(what)s. Check it, or add the source with the form.")
        % {"what": what},
        code="not_found",
    )


def pmid_lookup(pmid: str) -> dict:
    response = lookup_get(
        f"{settings.REFERENCE_LOOKUP_EUTILS_URL}/entrez/eutils/efetch.fcgi",
        service="PubMed",
        params=_ncbi_params(db="pubmed", id=pmid, rettype="medline", retmode="text"),
    )
    if response is None:
        raise _not_found(f"the PMID {pmid}")
    parsed = nbib.parse(response.text)
    for entry in parsed.entries:
        if entry.item.get("PMID") == pmid:
            return entry.item
    raise _not_found(f"the PMID {pmid}")


def pmcid_lookup(pmcid: str) -> dict:
    response = lookup_get(
        f"{settings.REFERENCE_LOOKUP_IDCONV_URL}/tools/idconv/v1.0/",
        service="the PMC ID converter",
        params=_ncbi_params(ids=pmcid, format="json"),
    )
    if response is None:
        raise _not_found(f"the PMCID {pmcid}")
    try:
        records = response.json().get("records")
    except (json.JSONDecodeError, UnicodeDecodeError, AttributeError):
        raise unreadable("The PMC ID converter") from None
    record = next(
        (r for r in records or [] if isinstance(r, dict) and r.get("status") != "error"), None
    )
    if record is None:
        raise _not_found(f"the PMCID {pmcid}")
    if record.get("pmid"):
        item = pmid_lookup(str(record["pmid"]))
    elif record.get("doi"):
        item = crossref.doi_lookup(str(record["doi"]))
    else:
        raise _not_found(f"the PMCID {pmcid}")
    item.setdefault("PMCID", pmcid)
    return item
