"""The variables of CSL 1.0.2 (https://docs.citationstyles.org/en/stable/specification.html
#appendix-iv-variables), and the spellings tools write them in.

Every CSL variable is accepted. The ones a Reference has a column for are mapped onto it
(references.csl.items); the rest are kept on the record (`Reference.csl_extra`) and
written back in every export, so that nothing a file says is lost.
"""

STANDARD = [
    "abstract",
    "annote",
    "archive",
    "archive_collection",
    "archive_location",
    "archive-place",
    "authority",
    "call-number",
    "chapter-number",
    "citation-key",
    "citation-label",
    "citation-number",
    "collection-number",
    "collection-title",
    "container-title",
    "container-title-short",
    "dimensions",
    "division",
    "DOI",
    "edition",
    "event",
    "event-title",
    "event-place",
    "first-reference-note-number",
    "genre",
    "ISBN",
    "ISSN",
    "issue",
    "jurisdiction",
    "keyword",
    "language",
    "license",
    "locator",
    "medium",
    "note",
    "number",
    "number-of-pages",
    "number-of-volumes",
    "original-publisher",
    "original-publisher-place",
    "original-title",
    "page",
    "page-first",
    "part-number",
    "part-title",
    "PMCID",
    "PMID",
    "printing-number",
    "publisher",
    "publisher-place",
    "references",
    "reviewed-genre",
    "reviewed-title",
    "scale",
    "section",
    "source",
    "status",
    "supplement-number",
    "title",
    "title-short",
    "URL",
    "version",
    "volume",
    "volume-title",
    "volume-title-short",
    "year-suffix",
]
DATES = ("accessed", "available-date", "event-date", "issued", "original-date", "submitted")
NAMES = [
    "author",
    "chair",
    "collection-editor",
    "compiler",
    "composer",
    "container-author",
    "contributor",
    "curator",
    "director",
    "editor",
    "editorial-director",
    "editor-translator",
    "executive-producer",
    "guest",
    "host",
    "illustrator",
    "interviewer",
    "narrator",
    "organizer",
    "original-author",
    "performer",
    "producer",
    "recipient",
    "reviewed-author",
    "script-writer",
    "series-creator",
    "translator",
]
# Item keys of the CSL-JSON schema (csl-data.json) that are not variables.
SCHEMA_KEYS = ("id", "type", "categories", "custom")

# What other tools call a variable: Zotero's older CSL-JSON keys, and Crossref's.
ALIASES = {
    "journalAbbreviation": "container-title-short",
    "shortTitle": "title-short",
    "short-title": "title-short",
    "short-container-title": "container-title-short",
}

# Crossref's retraction and correction metadata (update-to on a notice, updated-by on
# the paper it concerns) and its typed relations: read by references.notices, kept.
CROSSREF_KEPT = ("update-to", "updated-by", "relation")

# A name object's parts that styles print. Any other key on a name (Crossref's ORCID,
# authenticated-orcid, affiliation and sequence; CSL's comma-suffix, static-ordering
# and parse-names) is kept with the name.
NAME_PARTS = ("family", "given", "literal", "suffix", "non-dropping-particle", "dropping-particle")

_CANONICAL = {name.lower(): name for name in (*STANDARD, *DATES, *NAMES, *SCHEMA_KEYS)}
_CANONICAL |= {alias.lower(): name for alias, name in ALIASES.items()}
_CANONICAL |= {key: key for key in CROSSREF_KEPT}


def variable_name(key: str) -> str | None:
    """The CSL name of an item key however it is spelt ("doi" and "DOI", as Pandoc and
    Crossref write it; "journalAbbreviation" as Zotero does), or None for a key that is
    not CSL."""
    if not isinstance(key, str):
        return None
    return _CANONICAL.get(key.strip().lower().replace("_", "-")) or _CANONICAL.get(
        key.strip().lower()
    )
