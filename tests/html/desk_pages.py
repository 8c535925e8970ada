"""The desk's pages in every state of a claim's citation box, and document mode, saved for
the Nu checker (tests/html/pages.py calls this for the demo's editor).

The box answers twice: a plain form POST gets a page of its own (or, once something is
cited, the desk again with the confirmation at the claim), and htmx gets the claim's
sources, which the browser swaps into the open claim. Both are checked: the piece is put
into the desk page with that claim open, where the browser would put it (its out-of-band
parts, which htmx takes out and swaps elsewhere, left out), so the page a person sees
after each answer is what the checker reads."""

import re
from pathlib import Path

import httpx
import respx
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from articles.documents import article_import
from articles.models import Article, Claim, SectionKind
from tests.references.lookup.conftest import recorded

DEMO_SEED = Path(settings.BASE_DIR) / "articles" / "demo" / "upper-back-pain.md"
DRAFT = "upper-back-pain-draft"
DOI = "10.1371/journal.pone.0033693"
CROSSREF = f"https://api.crossref.org/works/{DOI}"
EFETCH = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi"
BIBTEX = """@article{nadler2003,
  author = {Nadler, Scott F. and Steiner, Dirk J.},
  title = {Continuous low-level heat wrap therapy for acute low back pain},
  journal = {Spine},
  year = {2003},
  doi = {10.1097/00007632-200302150-00003}
}"""
RIS = """TY  - JOUR
TI  - Heat therapy for acute back pain
AU  - Dehghan, M.
PY  - 2014
DO  - 10.1000/heat.2014
ER  -
"""
BROKEN_BIBTEX = "@article{broken,\n  title = {Unclosed"
BROKEN_DOCUMENT = "---\ntitle: [unclosed\n---\n\n# A heading\n\n- A claim. [@nobody]\n"
HX = {"HX-Request": "true"}
# Where htmx's out-of-band parts of an answer begin: they never land in the claim.
OUT_OF_BAND = re.compile(r"<[a-z]+ [^>]*data-hx-swap-oob")


def draft_article_create(*, owner) -> Article:
    """The demo's seed text as a draft its owner is writing (the seed itself is in review,
    its working copy locked)."""
    text = DEMO_SEED.read_text(encoding="utf-8")
    text = text.replace("slug: upper-back-pain-treatment", f"slug: {DRAFT}", 1)
    return article_import(text=text, owner=owner)


def _in_place(desk_page: str, claim: Claim, piece: str) -> str:
    """The desk page with `piece` swapped into the claim's sources, as htmx does."""
    cut = OUT_OF_BAND.search(piece)
    piece = piece[: cut.start()] if cut else piece
    start_tag = f'<div class="claim-sources" id="claim-{claim.pk}-sources">'
    start = desk_page.index(start_tag) + len(start_tag)
    end = desk_page.index('<div class="tools claim-tools">', start)
    end = desk_page.rindex("</div>", start, end)
    return desk_page[:start] + piece + desk_page[end:]


def _box_states(saver, client, seed, claim: Claim) -> None:
    """Each state, as a page of its own (plain POST) and in place in the open claim."""
    cite = reverse("editor:citation-add", args=[seed.slug, claim.pk])
    desk = client.get(reverse("editor:article", args=[seed.slug]), {"edit": claim.pk})
    saver.save("editor", "desk, a claim open with its citation box", desk)
    desk_page = desk.content.decode()
    states = [
        ("library matches", {"query": "pain"}, 200),
        ("nothing found, the form prefilled with the words", {"query": "zzzz qqqq"}, 200),
        ("DOI looked up, to confirm", {"query": DOI}, 200),
        ("lookup failed, the form prefilled", {"query": "PMID 12230038"}, 200),
        ("pasted entries with a problem", {"query": BROKEN_BIBTEX}, 400),
    ]
    with respx.mock, override_settings(REFERENCE_LOOKUP_ENABLED=True):
        respx.get(CROSSREF).mock(
            return_value=httpx.Response(
                200, text=recorded(f"crossref_works_{DOI.replace('/', '_')}.json")
            )
        )
        respx.get(EFETCH).mock(side_effect=httpx.ConnectError("offline"))
        for name, data, status in states:
            saver.save("editor", f"citation box: {name}", client.post(cite, data), status=status)
            piece = client.post(cite, data, headers=HX)
            # In place, every state is an answer to swap in (a refusal would not be).
            assert piece.status_code == 200, (name, piece.status_code)
            page = _in_place(desk_page, claim, piece.content.decode())
            saver.save_html("editor", f"citation box in place: {name}", page)
    with override_settings(REFERENCE_LOOKUP_ENABLED=False):
        name = "lookups off, the form prefilled"
        data = {"query": "10.1000/not-in-the-library"}
        saver.save("editor", f"citation box: {name}", client.post(cite, data))
        page = _in_place(desk_page, claim, client.post(cite, data, headers=HX).content.decode())
        saver.save_html("editor", f"citation box in place: {name}", page)

    # Pasted entries, cited: in place the box shows what the import did; after a plain
    # POST the desk shows it at the claim.
    piece = client.post(cite, {"query": BIBTEX}, headers=HX).content.decode()
    assert "What the import did" in piece
    saver.save_html(
        "editor", "citation box in place: pasted, cited", _in_place(desk_page, claim, piece)
    )
    cited = client.post(cite, {"query": RIS})
    assert cited.status_code == 302
    saver.save("editor", "desk after pasted entries were cited", client.get(cited["Location"]))


def desk_pages_save(saver, client, seed) -> None:
    claim = seed.sections.filter(kind=SectionKind.BODY).order_by("order")[0].claims.first()
    _box_states(saver, client, seed, claim)
    document = reverse("editor:document", args=[seed.slug])
    saver.save(
        "editor",
        "document mode, checked with problems",
        client.post(document, {"action": "check", "text": BROKEN_DOCUMENT}),
    )
    # A plain save of the document as it is: the page again with its confirmation.
    text = client.get(reverse("editor:export", args=[seed.slug])).content.decode()
    version = re.search(r'name="version" value="([^"]*)"', client.get(document).content.decode())
    saved = client.post(document, {"action": "save", "text": text, "version": version.group(1)})
    assert saved.status_code == 302, saved.content.decode()[:500]
    saver.save("editor", "document mode, saved", client.get(saved["Location"]))
