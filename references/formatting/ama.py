"""AMA Manual of Style, 11th edition (chapter 3), as plain text.

Titles are printed as entered (AMA sets book and report titles in title case and
italics; the library keeps the title the source uses, and plain text has no italics).
The DOI is the last element, written "doi:10.xxxx/yyyy" without a final period. AMA does
not print PubMed IDs; we print "PMID:" only when there is no DOI, so that a reader can
still find the article.
"""

from references.formatting import parts as p

NAMES = {"keep_hyphens": True, "show": 6, "shown_when_truncated": 3}


def _authors(item: dict) -> str:
    authors = p.names(item, "author", **NAMES)
    if authors:
        return p.sentence(authors)
    editors = p.names(item, "editor", **NAMES)
    if editors:
        many = len(item.get("editor") or []) > 1
        return f"{editors}, {'eds' if many else 'ed'}."
    return ""


def _publisher_year(item: dict) -> str:
    publisher, year = p.text(item, "publisher"), p.year(item)
    if publisher and year:
        return f"{publisher}; {year}"
    return publisher or year


def _online(item: dict) -> str:
    """ "Accessed January 15, 2025. https://..." and/or "doi:...", the closing elements.
    A DOI replaces the URL, as AMA prefers the persistent link."""
    doi, url, pmid = p.text(item, "DOI"), p.text(item, "URL"), p.text(item, "PMID")
    if doi:
        return f"doi:{doi}"
    accessed = p.date_long(item, "accessed")
    return p.join(
        f"PMID:{pmid}." if pmid else "",
        f"Accessed {accessed}." if url and accessed else "",
        url,
    )


def _journal(item: dict) -> str:
    year, volume, issue = p.year(item), p.text(item, "volume"), p.text(item, "issue")
    pages = p.pages_full(item)
    if volume or pages:
        location = year
        if volume:
            location += f";{volume}" if location else volume
        if issue:
            location += f"({issue})"
        if pages:
            location += f":{pages}"
        location = p.sentence(location)
    else:
        published = p.date_long(item, "issued")
        location = f"Published online {published}." if published else ""
    return p.join(
        _authors(item),
        p.sentence(p.text(item, "title")),
        p.sentence(p.journal(item)),
        location,
        _online(item),
    )


def _report(item: dict) -> str:
    number = p.text(item, "number")
    label = p.text(item, "genre") or "Report"
    return p.join(
        _authors(item),
        p.sentence(p.text(item, "title")),
        p.sentence(p.edition(item)),
        p.sentence(_publisher_year(item)),
        p.sentence(f"{label} {number}") if number else "",
        _online(item),
    )


def _drug_label(item: dict) -> str:
    prescribing = p.text(item, "genre").lower() == "prescribing information"
    label = "Prescribing information" if prescribing else "Package insert"
    return p.join(
        p.sentence(p.text(item, "title")),
        f"{label}.",
        p.sentence(_publisher_year(item)),
        _online(item),
    )


def _book(item: dict) -> str:
    return p.join(
        _authors(item),
        p.sentence(p.text(item, "title")),
        p.edition(item),
        p.sentence(_publisher_year(item)),
        _online(item),
    )


def _chapter(item: dict) -> str:
    editors = p.names(item, "editor", **NAMES)
    many = len(item.get("editor") or []) > 1
    in_book = f"In: {editors}, {'eds' if many else 'ed'}." if editors else "In:"
    publisher_year = _publisher_year(item)
    pages = p.pages_full(item)
    if pages:
        publisher_year += f":{pages}"
    authors = p.sentence(p.names(item, "author", **NAMES))
    return p.join(
        authors,
        p.sentence(p.text(item, "title")),
        in_book,
        p.sentence(p.text(item, "container-title")),
        p.edition(item),
        p.sentence(publisher_year),
        _online(item),
    )


def _webpage(item: dict) -> str:
    published = p.date_long(item, "issued")
    return p.join(
        _authors(item),
        p.sentence(p.text(item, "title")),
        p.sentence(p.text(item, "container-title") or p.text(item, "publisher")),
        f"Published {published}." if published else "",
        _online(item),
    )


LAYOUTS = {
    "journal": _journal,
    "report": _report,
    "drug-label": _drug_label,
    "book": _book,
    "chapter": _chapter,
    "webpage": _webpage,
}


def ama_format(item: dict) -> str:
    return LAYOUTS[p.kind(item)](item)
