"""The citation box of a claim: identifiers looked up (recorded real answers, respx),
pasted entries imported and cited, the library searched by title or author; every
dead end replaced by a message and the new-reference form."""

import re
from pathlib import Path

import httpx
import pytest
import respx
from django.core import signing
from django.urls import reverse

from articles.models import SectionKind
from references.models import Reference
from tests.conftest import make_reference
from tests.editing import nothing_written
from tests.references.lookup.conftest import recorded

PLOS = "10.1371/journal.pone.0033693"
CROSSREF = f"https://api.crossref.org/works/{PLOS}"
FIXTURES = Path(__file__).parents[1] / "references" / "fixtures"

BIBTEX = """@article{nadler2003,
  author = {Nadler, Scott F. and Steiner, Dirk J.},
  title = {Continuous low-level heat wrap therapy for acute low back pain},
  journal = {Spine},
  year = {2003},
  volume = {28},
  pages = {1-7},
  doi = {10.1097/00007632-200302150-00003}
}
@book{who2020,
  author = {{World Health Organization}},
  title = {Guidelines on physical activity},
  publisher = {WHO},
  year = {2020}
}
"""


@pytest.fixture
def signed_in(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def claim(article):
    section = article.sections.filter(kind=SectionKind.BODY).order_by("order").first()
    return section.claims.first()


def _post(client, article, claim, name="citation-add", htmx=False, **data):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        reverse(f"editor:{name}", args=[article.slug, claim.pk]), data, headers=headers
    )


def _signed_item(page: str) -> str:
    return re.search(r'name="item" value="([^"]+)"', page).group(1)


def test_an_unknown_doi_with_lookups_off_offers_the_prefilled_form_not_a_dead_end(
    signed_in, article, claim
):
    # Regression: this ended on a 400 "Not saved" page (seen failing on the old code).
    with nothing_written():
        response = _post(signed_in, article, claim, query=f"https://doi.org/{PLOS}")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"The library has no source with the DOI {PLOS}" in page
    assert "looking sources up online is turned off on this site" in page
    assert f'name="doi" value="{PLOS}"' in page
    assert "Looking up new DOIs and PubMed IDs online is turned off" in page


@respx.mock
def test_an_unknown_doi_is_looked_up_shown_in_ama_and_cited_with_one_click(
    signed_in, article, claim, editor, settings
):
    settings.REFERENCE_LOOKUP_ENABLED = True
    respx.get(CROSSREF).mock(
        return_value=httpx.Response(
            200, text=recorded(f"crossref_works_{PLOS.replace('/', '_')}.json")
        )
    )
    with nothing_written():
        shown = _post(signed_in, article, claim, query=PLOS)
    page = shown.content.decode()
    assert "Found by Crossref or doi.org for DOI 10.1371/journal.pone.0033693" in page
    assert "Sadasivan S, Pond BB, Pani AK, Qu C, Jiao Y, Smeyne RJ." in page
    assert "PLoS ONE. 2012;7(3):e33693. doi:10.1371/journal.pone.0033693" in page

    response = _post(signed_in, article, claim, "citation-confirm", item=_signed_item(page))

    assert response.status_code == 302
    reference = Reference.objects.get(doi=PLOS)
    assert claim.citations.filter(reference=reference).exists()
    assert reference.history.latest().history_user == editor
    assert reference.history.latest().history_change_reason.startswith("Looked up at a claim")


@respx.mock
def test_a_looked_up_doi_already_in_the_library_is_cited_as_that_record(
    signed_in, article, claim, settings
):
    settings.REFERENCE_LOOKUP_ENABLED = True
    existing = make_reference(title="Methylphenidate exposure", doi=PLOS)
    count = Reference.objects.count()
    route = respx.get(CROSSREF)
    response = _post(signed_in, article, claim, query=f"doi:{PLOS.upper()}")
    assert response.status_code == 302
    assert not route.called
    assert claim.citations.filter(reference=existing).exists()
    assert Reference.objects.count() == count


@respx.mock
def test_a_lookup_that_fails_says_why_and_prefills_the_form(signed_in, article, claim, settings):
    settings.REFERENCE_LOOKUP_ENABLED = True
    respx.get("https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi").mock(
        side_effect=httpx.ConnectError("offline")
    )
    with nothing_written():
        response = _post(signed_in, article, claim, query="PMID 12230038")
    page = response.content.decode()
    assert response.status_code == 200
    assert "PubMed could not be reached (is this server offline?)." in page
    assert 'name="pmid" value="12230038"' in page


def test_a_tampered_lookup_is_refused_and_nothing_is_written(signed_in, article, claim):
    forged = signing.dumps({"title": "Forged"}, salt="another salt")
    with nothing_written():
        response = _post(signed_in, article, claim, "citation-confirm", item=forged)
    assert response.status_code == 400
    assert "look the source up again" in response.content.decode()


def test_pasted_bibtex_entries_are_imported_and_all_cited_with_the_report(
    signed_in, article, claim
):
    response = _post(signed_in, article, claim, query=BIBTEX)
    assert response.status_code == 302
    cited = list(claim.citations.order_by("order").values_list("reference__title", flat=True))
    assert cited[-2:] == [
        "Continuous low-level heat wrap therapy for acute low back pain",
        "Guidelines on physical activity",
    ]
    shown = [str(m) for m in signed_in.get(response["Location"]).context["messages"]]
    assert shown[0] == (
        "Cited “Continuous low-level heat wrap therapy for acute low back pain (2003)”; "
        "“Guidelines on physical activity (2020)” (BibTeX pasted)."
    )
    assert "2 entries: 2 created" in shown[1]


def test_a_pasted_pubmed_record_is_read_by_the_nbib_reader_and_cited(signed_in, article, claim):
    response = _post(signed_in, article, claim, query=recorded("efetch_medline_12230038.txt"))
    assert response.status_code == 302
    assert claim.citations.filter(reference__pmid="12230038").exists()


def test_a_pasted_ris_entry_already_in_the_library_is_matched_not_duplicated(
    signed_in, article, claim
):
    existing = make_reference(title="Heat wrap", doi="10.1097/00007632-200302150-00003")
    count = Reference.objects.count()
    ris = "TY  - JOUR\nTI  - Heat wrap therapy\nDO  - 10.1097/00007632-200302150-00003\nER  - \n"
    _post(signed_in, article, claim, query=ris)
    assert claim.citations.filter(reference=existing).exists()
    assert Reference.objects.count() == count


def test_a_pasted_entry_that_cannot_be_imported_is_refused_with_reasons_and_kept(
    signed_in, article, claim
):
    broken = "@article{x,\n  title = {A trial},\n  year = {twenty}\n}\n"
    with nothing_written():
        response = _post(signed_in, article, claim, query=broken)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "entry 1" in page
    assert "A trial" in page  # the pasted text is still in the box


def test_the_library_is_searched_by_author_as_well_as_title(signed_in, article, claim):
    reference = make_reference(
        title="Heat therapy", authors=[{"family": "Nadler", "given": "Scott"}]
    )
    response = _post(signed_in, article, claim, query="nadler")
    assert response.status_code == 302
    assert claim.citations.filter(reference=reference).exists()


def test_htmx_gets_the_claims_sources_with_the_box_in_place(signed_in, article, claim):
    reference = make_reference(title="Heat therapy for neck pain")
    response = _post(signed_in, article, claim, htmx=True, reference=reference.pk)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert f'id="citation-box-{claim.pk}"' in page
    assert "Heat therapy for neck pain" in page
    assert "Cited “Heat therapy for neck pain (2025)”." in page


def test_htmx_gets_a_looked_up_miss_in_place_with_the_prefilled_form(signed_in, article, claim):
    with nothing_written():
        response = _post(signed_in, article, claim, htmx=True, query=f"doi:{PLOS}")
    page = response.content.decode()
    assert "<html" not in page
    assert f'name="doi" value="{PLOS}"' in page
    assert 'data-hx-target="#claim-' in page


def test_htmx_gets_the_choices_as_a_fragment(signed_in, article, claim):
    make_reference(title="Heat therapy for neck pain")
    make_reference(title="Heat therapy for knee pain")
    response = _post(signed_in, article, claim, htmx=True, query="heat therapy")
    page = response.content.decode()
    assert "<html" not in page
    assert "2 references in the library match “heat therapy”" in page
