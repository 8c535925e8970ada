"""Vancouver style as the NLM's *Citing Medicine* (2nd edition) writes it, as plain text.

Up to six authors, then "et al."; at most two initials per author, without hyphens;
dates as "2020 Mar 5"; page ranges abbreviated ("845-53"); sources read online are
marked "[Internet]" with "[cited ...]" and "Available from: URL". Identifiers close the
entry as PubMed prints them: "doi: 10.xxxx/yyyy. PMID: 123; PMCID: PMC456."
"""

from references.formatting import parts as p

NAMES = {"keep_hyphens": False, "show": 6, "shown_when_truncated": 6, "initials_limit": 2}


def _names_sentence(item: dict, key: str) -> str:
    written = p.names(item, key, **NAMES)
    if not written:
        return ""
    if key == "editor":
        many = len(item.get("editor") or []) > 1
        return f"{written}, {'editors' if many else 'editor'}."
    return p.sentence(written)


def _authors(item: dict) -> str:
    return _names_sentence(item, "author") or _names_sentence(item, "editor")


def _internet(item: dict) -> bool:
    return bool(p.text(item, "URL")) and not p.text(item, "DOI")


def _internet_label(item: dict) -> str:
    return "[Internet]" if _internet(item) else ""


def _cited(item: dict) -> str:
    accessed = p.date_short(item, "accessed")
    return f"[cited {accessed}]" if accessed and _internet(item) else ""


def _available(item: dict) -> str:
    return f"Available from: {p.text(item, 'URL')}" if _internet(item) else ""


def _identifiers(item: dict) -> str:
    doi, pmid, pmcid = (p.text(item, key) for key in ("DOI", "PMID", "PMCID"))
    pubmed = "; ".join(
        part
        for part in (f"PMID: {pmid}" if pmid else "", f"PMCID: {pmcid}" if pmcid else "")
        if part
    )
    return p.join(f"doi: {doi}." if doi else "", p.sentence(pubmed))


def _imprint(item: dict, *, container_as_publisher: bool = False) -> str:
    """ "New York: McGraw Hill; 2022 Mar 5 [cited 2025 Jan 15]." """
    publisher = p.text(item, "publisher")
    if not publisher and container_as_publisher:
        publisher = p.text(item, "container-title")
    place = p.text(item, "publisher-place")
    who = f"{place}: {publisher}" if place and publisher else publisher or place
    when = p.join(p.date_short(item, "issued"), _cited(item))
    if who and when:
        return f"{who}; {when}."
    return p.sentence(who or when)


def _title(item: dict, *, label: str = "") -> str:
    title = p.join(p.text(item, "title"), label, _internet_label(item))
    return p.sentence(title)


def _journal(item: dict) -> str:
    journal = p.join(p.journal(item), _internet_label(item))
    when = p.join(p.date_short(item, "issued"), _cited(item))
    volume, issue, pages = p.text(item, "volume"), p.text(item, "issue"), p.pages_elided(item)
    location = when
    if volume:
        location += f";{volume}" if location else volume
    if issue:
        location += f"({issue})"
    if pages:
        location += f":{pages}"
    return p.join(
        _authors(item),
        p.sentence(p.text(item, "title")),
        p.sentence(journal),
        p.sentence(location),
        _available(item),
        _identifiers(item),
    )


def _report(item: dict) -> str:
    number = p.text(item, "number")
    return p.join(
        _authors(item),
        _title(item),
        p.edition(item),
        _imprint(item),
        f"Report No.: {number}." if number else "",
        _available(item),
        _identifiers(item),
    )


def _drug_label(item: dict) -> str:
    return p.join(
        p.sentence(p.join(p.text(item, "title"), "[package insert]")),
        _imprint(item),
        _available(item),
        _identifiers(item),
    )


def _book(item: dict) -> str:
    return p.join(
        _authors(item),
        _title(item),
        p.edition(item),
        _imprint(item),
        _available(item),
        _identifiers(item),
    )


def _chapter(item: dict) -> str:
    editors = _names_sentence(item, "editor")
    pages = p.pages_elided(item)
    return p.join(
        _names_sentence(item, "author"),
        p.sentence(p.text(item, "title")),
        f"In: {editors}" if editors else "In:",
        p.sentence(p.join(p.text(item, "container-title"), _internet_label(item))),
        p.edition(item),
        _imprint(item),
        f"p. {pages}." if pages else "",
        _available(item),
        _identifiers(item),
    )


def _webpage(item: dict) -> str:
    return p.join(
        _authors(item),
        _title(item),
        _imprint(item, container_as_publisher=True),
        _available(item),
        _identifiers(item),
    )


LAYOUTS = {
    "journal": _journal,
    "report": _report,
    "drug-label": _drug_label,
    "book": _book,
    "chapter": _chapter,
    "webpage": _webpage,
}


def vancouver_format(item: dict) -> str:
    return LAYOUTS[p.kind(item)](item)
