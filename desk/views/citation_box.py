"""What the citation box shows (templates/editor/_citation_box.html): in place inside
the claim's sources (desk.views.citations), or on a page of its own for a plain POST."""

from dataclasses import dataclass, field

from django.core import signing
from django.shortcuts import render
from django.utils.functional import cached_property

from articles.models import Article
from desk.views.forms import NewReferenceForm
from references.formatting import reference_format_html
from references.lookup import Identifier, lookups_enabled
from references.models import CslType

LOOKUP_SALT = "desk.citation-box.lookup"
LOOKUP_REASON = "Looked up at a claim"
PASTE_REASON = "Pasted at a claim"
FORMAT_NAMES = {
    "bibtex": "BibTeX",
    "ris": "RIS",
    "csl-json": "CSL-JSON",
    "nbib": "PubMed (MEDLINE)",
}


@dataclass
class FoundSource:
    """A source looked up online, shown formatted for the editor to confirm."""

    item: dict
    identifier: Identifier

    @cached_property
    def entry(self):
        return reference_format_html(item=self.item)

    @cached_property
    def signed(self) -> str:
        # Signed so that what is added is what the editor saw.
        return signing.dumps(self.item, salt=LOOKUP_SALT, compress=True)

    @property
    def source(self) -> str:
        return "PubMed" if self.identifier.kind in ("pmid", "pmcid") else "Crossref or doi.org"


@dataclass
class CitationBox:
    article: Article
    claim_pk: int
    anchor: str = ""
    query: str = ""
    message: str = ""  # what was done
    problem: str = ""  # why nothing was done
    errors: list[str] = field(default_factory=list)
    report: list[str] = field(default_factory=list)
    matches: list = field(default_factory=list)
    found: FoundSource | None = None
    form: NewReferenceForm | None = None

    @property
    def lookups(self) -> bool:
        return lookups_enabled()


def _csl_names(names) -> str:
    lines = []
    for name in names or []:
        if isinstance(name, dict):
            lines.append(
                name.get("literal")
                or ", ".join(filter(None, (name.get("family"), name.get("given"))))
            )
    return "\n".join(lines)


def _item_initial(item: dict) -> dict:
    parts = ((item.get("issued") or {}).get("date-parts") or [[]])[0]
    return {
        "csl_type": item.get("type", ""),
        "title": item.get("title", ""),
        "authors": _csl_names(item.get("author")),
        "container_title": item.get("container-title", ""),
        "publisher": item.get("publisher", ""),
        "issued": "-".join(f"{int(p):02d}" if i else str(p) for i, p in enumerate(parts)),
        "volume": item.get("volume", ""),
        "issue": item.get("issue", ""),
        "pages": item.get("page", ""),
        "doi": item.get("DOI", ""),
        "pmid": item.get("PMID", ""),
        "pmcid": item.get("PMCID", ""),
        "url": item.get("URL", ""),
    }


def prefilled_form(
    box: CitationBox, *, identifier: Identifier | None = None, item=None, words: str = ""
) -> NewReferenceForm:
    """The new-reference form with what is known: a looked-up item's fields, the
    identifier typed, or the words typed as the title."""
    if item:
        initial = _item_initial(item)
    elif identifier is not None:
        initial = {identifier.kind: identifier.value}
    else:
        initial = {"title": words}
    return NewReferenceForm(
        initial={k: v for k, v in initial.items() if v}, auto_id=f"box-{box.claim_pk}-%s"
    )


def box_page(request, box: CitationBox, *, status: int = 200):
    """The box on a page of its own, for a plain form POST (no JavaScript)."""
    context = {
        "article": box.article,
        "box": box,
        "claim_pk": box.claim_pk,
        "csl_types": CslType.choices,
    }
    return render(request, "editor/citation_box.html", context, status=status)
