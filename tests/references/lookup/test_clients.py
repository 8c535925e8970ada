"""The lookup clients against recorded real answers of Crossref, doi.org and PubMed
(recorded/README.md says where each was recorded), replayed with respx: no test reaches
the network."""

import httpx
import pytest
import respx

from references.errors import ReferenceFormatError
from references.formatting import reference_format
from references.lookup import Identifier, identifier_parse, reference_lookup
from tests.references.lookup.conftest import recorded

PLOS = "10.1371/journal.pone.0033693"
SCIENCE = "10.1126/science.169.3946.635"


@pytest.fixture(autouse=True)
def lookups_on(settings):
    settings.REFERENCE_LOOKUP_ENABLED = True
    settings.REFERENCE_LOOKUP_TIMEOUT = 2


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("10.1371/journal.pone.0033693", Identifier("doi", PLOS)),
        ("https://doi.org/10.1371/journal.pone.0033693", Identifier("doi", PLOS)),
        ("doi: 10.1371/JOURNAL.PONE.0033693", Identifier("doi", PLOS)),
        ("PMID 12230038", Identifier("pmid", "12230038")),
        ("pmid:123", Identifier("pmid", "123")),
        ("12230038", Identifier("pmid", "12230038")),
        ("https://pubmed.ncbi.nlm.nih.gov/12230038/", Identifier("pmid", "12230038")),
        ("PMC3531190", Identifier("pmcid", "PMC3531190")),
        ("pmcid: pmc3531190", Identifier("pmcid", "PMC3531190")),
        ("https://pmc.ncbi.nlm.nih.gov/articles/PMC3531190/", Identifier("pmcid", "PMC3531190")),
        (
            "https://www.nice.org.uk/guidance/ng59",
            Identifier("url", "https://www.nice.org.uk/guidance/ng59"),
        ),
        ("2019", None),
        ("low back pain", None),
        ("Frank water structure", None),
        ("", None),
    ],
)
def test_what_an_editor_types_is_read_as_an_identifier_or_as_words(typed, expected):
    assert identifier_parse(typed) == expected


@respx.mock
def test_a_doi_is_looked_up_at_crossref_and_formats_as_an_ama_entry():
    route = respx.get(f"https://api.crossref.org/works/{PLOS}").mock(
        return_value=httpx.Response(
            200, text=recorded(f"crossref_works_{PLOS.replace('/', '_')}.json")
        )
    )
    item = reference_lookup(identifier=Identifier("doi", PLOS))
    assert route.called
    assert item["type"] == "article-journal"
    assert item["container-title"] == "PLoS ONE"
    assert reference_format(item=item, style="ama") == (
        "Sadasivan S, Pond BB, Pani AK, Qu C, Jiao Y, Smeyne RJ. Methylphenidate Exposure "
        "Induces Dopamine Neuron Loss and Activation of Microglia in the Basal Ganglia of "
        "Mice. PLoS ONE. 2012;7(3):e33693. doi:10.1371/journal.pone.0033693"
    )


@respx.mock
def test_a_doi_crossref_does_not_hold_is_asked_of_doi_org_by_content_negotiation():
    respx.get(f"https://api.crossref.org/works/{SCIENCE}").mock(
        return_value=httpx.Response(404, text=recorded("crossref_works_404.txt"))
    )
    negotiated = respx.get(f"https://doi.org/{SCIENCE}").mock(
        return_value=httpx.Response(200, text=recorded(f"doi_csl_{SCIENCE.replace('/', '_')}.json"))
    )
    item = reference_lookup(identifier=Identifier("doi", SCIENCE))
    assert (
        negotiated.calls.last.request.headers["Accept"] == "application/vnd.citationstyles.csl+json"
    )
    assert reference_format(item=item, style="ama") == (
        "Frank HS. The Structure of Ordinary Water: New data and interpretations are "
        "yielding new insights into this fascinating substance. Science. "
        "1970;169(3946):635-641. doi:10.1126/science.169.3946.635"
    )


@respx.mock
def test_a_doi_nobody_knows_is_not_found_with_a_sentence():
    respx.get("https://api.crossref.org/works/10.1371/notarealdoi").mock(
        return_value=httpx.Response(404, text=recorded("crossref_works_404.txt"))
    )
    respx.get("https://doi.org/10.1371/notarealdoi").mock(return_value=httpx.Response(404))
    with pytest.raises(ReferenceFormatError) as caught:
        reference_lookup(identifier=Identifier("doi", "10.1371/notarealdoi"))
    assert caught.value.code == "not_found"
    assert "neither Crossref nor doi.org knows it" in caught.value.message


@respx.mock
def test_a_pmid_is_fetched_from_pubmed_in_medline_format_and_read_by_the_nbib_reader():
    route = respx.get("https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi").mock(
        return_value=httpx.Response(200, text=recorded("efetch_medline_12230038.txt"))
    )
    item = reference_lookup(identifier=Identifier("pmid", "12230038"))
    params = route.calls.last.request.url.params
    assert (params["db"], params["id"], params["rettype"]) == ("pubmed", "12230038", "medline")
    assert reference_format(item=item, style="ama") == (
        "Mangalam H. The Bio* toolkits--a brief overview. Brief Bioinform. 2002;3(3):296-302. "
        "PMID:12230038."
    )


@respx.mock
def test_a_pmid_pubmed_answers_nothing_for_is_not_found():
    respx.get("https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi").mock(
        return_value=httpx.Response(200, text="\n")
    )
    with pytest.raises(ReferenceFormatError) as caught:
        reference_lookup(identifier=Identifier("pmid", "99999999"))
    assert caught.value.code == "not_found"


@respx.mock
def test_a_pmcid_is_converted_to_its_pmid_then_fetched():
    # Built in the shape NCBI documents (no public recording found; recorded/README.md).
    respx.get("https://pmc.ncbi.nlm.nih.gov/tools/idconv/v1.0/").mock(
        return_value=httpx.Response(
            200,
            json={
                "status": "ok",
                "records": [{"requested-id": "PMC99", "pmcid": "PMC99", "pmid": 12230038}],
            },
        )
    )
    respx.get("https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi").mock(
        return_value=httpx.Response(200, text=recorded("efetch_medline_12230038.txt"))
    )
    item = reference_lookup(identifier=Identifier("pmcid", "PMC99"))
    assert (item["PMID"], item["PMCID"]) == ("12230038", "PMC99")


@respx.mock
def test_a_service_that_does_not_answer_in_time_is_named_in_the_message():
    respx.get(f"https://api.crossref.org/works/{PLOS}").mock(
        side_effect=httpx.ConnectTimeout("timed out")
    )
    with pytest.raises(ReferenceFormatError) as caught:
        reference_lookup(identifier=Identifier("doi", PLOS))
    assert caught.value.code == "unavailable"
    assert caught.value.message == "Crossref did not answer within 2 seconds."


@respx.mock
def test_an_offline_server_gets_a_clear_message():
    respx.get(f"https://api.crossref.org/works/{PLOS}").mock(
        side_effect=httpx.ConnectError("Name or service not known")
    )
    with pytest.raises(ReferenceFormatError) as caught:
        reference_lookup(identifier=Identifier("doi", PLOS))
    assert caught.value.message == "Crossref could not be reached (is this server offline?)."


def test_the_setting_turns_lookups_off_without_reaching_the_network(settings):
    settings.REFERENCE_LOOKUP_ENABLED = False
    with respx.mock(assert_all_called=False) as mock:
        with pytest.raises(ReferenceFormatError) as caught:
            reference_lookup(identifier=Identifier("doi", PLOS))
        assert not mock.calls
    assert caught.value.code == "lookup_off"


def test_the_base_urls_are_settings(settings):
    settings.REFERENCE_LOOKUP_CROSSREF_URL = "http://127.0.0.1:8161"
    with respx.mock:
        route = respx.get(f"http://127.0.0.1:8161/works/{PLOS}").mock(
            return_value=httpx.Response(
                200, text=recorded(f"crossref_works_{PLOS.replace('/', '_')}.json")
            )
        )
        reference_lookup(identifier=Identifier("doi", PLOS))
    assert route.called
