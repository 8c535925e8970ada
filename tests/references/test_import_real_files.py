"""RIS, BibLaTeX and PubMed files as real tools export them (fixtures in
tests/references/fixtures/ in ScienceDirect, Scopus, Web of Science, Ovid, JabRef/biber
and PubMed shapes): every field a reader sees, and nothing the file says lost."""

import json
from pathlib import Path

from references.formats import bibliography_export
from references.formatting import reference_format, reference_format_html
from references.importing import references_import

FIXTURES = Path(__file__).parent / "fixtures"


def imported(name: str, fmt: str, actor):
    return references_import(data=(FIXTURES / name).read_bytes(), fmt=fmt, actor=actor)


def formatted(result) -> list[str]:
    return [reference_format(item=reference.to_csl()) for reference in result.entries]


def test_sciencedirect_ris_with_protocol_relative_urls_and_repeated_tags(editor):
    result = imported("sciencedirect.ris", "ris", editor)
    huang, atlas = result.entries
    assert formatted(result) == [
        "Huang C, Wang Y, Li X, Ren L. Clinical features of patients infected with 2019 novel "
        "coronavirus in Wuhan, China. The Lancet. 2020;395(10223):497-506. "
        "doi:10.1016/s0140-6736(20)30183-5",
        "Atlas SJ. Low back pain. In: Rakel RE, Rakel DP, eds. Textbook of Family Medicine "
        "(Ninth Edition). W.B. Saunders; 2016:695-712. doi:10.1016/b978-0-323-23990-5.00031-9",
    ]
    # "UR  - //www..." became https; the second UR is kept, not dropped.
    assert huang.url == "https://www.sciencedirect.com/science/article/pii/S0140673620301835"
    assert huang.csl_extra["note"] == (
        "Also at https://www.sciencedirect.com/science/article/pii/S0140673620301835/pdfft"
    )
    assert huang.csl_extra["abstract"].startswith("Background A cluster of patients")
    assert (huang.issued_year, huang.issued_month, huang.issued_day) == (2020, 2, 15)
    assert atlas.url == "https://www.sciencedirect.com/science/article/pii/B9780323239905000319"
    assert atlas.csl_extra == {
        "keyword": "Lumbar spine, Sciatica, Spinal stenosis",
        "ISBN": "978-0-323-23990-5",
    }


def test_scopus_ris_with_eighteen_authors_pmid_in_c2_and_an_article_number(editor):
    (gautret,) = imported("scopus.ris", "ris", editor).entries
    assert reference_format(item=gautret.to_csl()) == (
        "Gautret P, Lagier JC, Parola P, et al. Hydroxychloroquine and azithromycin as a "
        "treatment of COVID-19: results of an open-label non-randomized clinical trial. "
        "Int. J. Antimicrob. Agents. 2020;56(1):105949. doi:10.1016/j.ijantimicag.2020.105949"
    )
    assert len(gautret.authors) == 18
    assert gautret.authors[14] == {"family": "La Scola", "given": "B."}
    assert (gautret.pmid, gautret.publisher) == ("32205204", "Elsevier B.V.")
    assert gautret.csl_extra["ISSN"] == "09248579"
    assert gautret.csl_extra["keyword"] == "2019-nCoV, Azithromycin, Hydroxychloroquine"
    assert gautret.csl_extra["language"] == "English"


def test_web_of_science_ris_with_the_month_alone_in_da_and_two_issns(editor):
    (paper,) = imported("webofscience.ris", "ris", editor).entries
    assert (paper.issued_year, paper.issued_month, paper.issued_day) == (2018, 6, 9)
    assert (paper.pmid, paper.container_title) == ("29573870", "LANCET")
    assert paper.csl_extra["ISSN"] == "0140-6736, 1474-547X"


def test_ovid_ris_with_medline_style_author_names_and_windows_line_ends(editor):
    (paper,) = imported("ovid.ris", "ris", editor).entries
    assert paper.authors == [
        {"family": "Hartvigsen", "given": "J"},
        {"family": "Hancock", "given": "MJ"},
    ]
    assert reference_format(item=paper.to_csl()).startswith(
        "Hartvigsen J, Hancock MJ. What low back pain is and why we need to pay attention. "
        "Lancet. 2018;391(10137):2356-2367. PMID:29573870."
    )


def test_biblatex_with_set_crossref_xdata_string_and_month_macros(editor):
    result = imported("biblatex.bib", "bibtex", editor)
    assert result.warnings == [
        "line 8: @set{trials} groups hartvigsen2018,foster2018; not a reference of its own",
        "line 41: @xdata{oupbooks} holds fields for other entries; not a reference of its own",
    ]
    hartvigsen, foster, book, chapter, who = result.entries
    assert [r.citekey for r in result.entries] == [
        "hartvigsen2018",
        "foster2018",
        "bogduk2012",
        "bogduk2012:discs",
        "who2023",
    ]
    # month = jun (a macro), @string lancet, eprinttype pubmed, accents decoded.
    assert (hartvigsen.issued_year, hartvigsen.issued_month, hartvigsen.pmid) == (
        2018,
        6,
        "29573870",
    )
    assert hartvigsen.authors[3] == {"family": "Genevay", "given": "Stéphane"}
    assert foster.container_title == "The Lancet"
    # The chapter inherits the book's editors, publisher (through xdata), date and title.
    assert reference_format(item=chapter.to_csl()) == (
        "Bogduk N. The lumbar disc and low back pain: a pre-operative view of in vivo pressures "
        "and CO2. In: Bogduk N, Krämer J, eds. Clinical and Radiological Anatomy of the Lumbar "
        "Spine. 5th ed. Oxford University Press; 2012:151-168."
    )
    assert "a pre-operative view of <i>in vivo</i> pressures and CO<sub>2</sub>" in (
        reference_format_html(item=chapter.to_csl())
    )
    assert book.csl_type == "book"
    assert book.to_csl()["issued"] == {"date-parts": [[2012, 10], [2012, 12]]}
    assert who.authors == [{"literal": "World Health Organization"}]
    # An unknown macro stays readable instead of vanishing into the text.
    assert who.csl_extra["note"] == "Uses the \\foo macro nobody defines"


def test_pubmed_nbib_keeps_all_twenty_authors_orcids_pmcid_and_doi(editor):
    (polack,) = imported("pubmed.nbib", "nbib", editor).entries
    assert len(polack.authors) == 21
    assert polack.authors[0] == {
        "family": "Polack",
        "given": "Fernando P",
        "ORCID": "https://orcid.org/0000-0001-5452-7146",
    }
    assert polack.authors[17] == {"family": "Frenck", "given": "Robert W", "suffix": "Jr"}
    assert polack.authors[20] == {"literal": "C4591001 Clinical Trial Group"}
    assert (polack.pmid, polack.pmcid, polack.doi) == (
        "33301246",
        "PMC7745181",
        "10.1056/nejmoa2034577",
    )
    assert polack.genre == "Randomized trial"
    assert reference_format(item=polack.to_csl()) == (
        "Polack FP, Thomas SJ, Kitchin N, et al. Safety and Efficacy of the BNT162b2 mRNA "
        "Covid-19 Vaccine. N Engl J Med. 2020;383(27):2603-2615. doi:10.1056/nejmoa2034577"
    )
    assert polack.csl_extra["ISSN"] == "1533-4406, 0028-4793"
    assert polack.csl_extra["abstract"].endswith("in a worldwide pandemic.")


def test_what_an_import_keeps_goes_out_again_in_every_export(editor):
    (gautret,) = imported("scopus.ris", "ris", editor).entries
    item = gautret.to_csl()
    assert json.loads(bibliography_export(items=[item], fmt="csl-json"))[0]["keyword"] == (
        "2019-nCoV, Azithromycin, Hydroxychloroquine"
    )
    ris = bibliography_export(items=[item], fmt="ris")
    assert "KW  - Azithromycin" in ris
    assert "SN  - 09248579" in ris
    assert "references:" in bibliography_export(items=[item], fmt="csl-yaml")


def test_endnote_then_mendeley_exports_of_one_paper_make_one_enriched_record(editor):
    (endnote,) = imported("endnote.ris", "ris", editor).entries
    # EndNote: "DA  - Feb 1" beside PY, "SP  - 363-70", notes over several lines, the PMID
    # only in the PubMed link.
    assert (endnote.issued_year, endnote.issued_month, endnote.issued_day) == (2001, 2, 1)
    assert (endnote.pages, endnote.pmid) == ("363-370", "11172169")
    assert endnote.csl_extra["note"].splitlines()[-1] == "N Engl J Med. 2001 Feb 1;344(5):363-70."
    assert endnote.csl_extra["ISSN"] == "0028-4793"
    mendeley = imported("mendeley.ris", "ris", editor)
    (report,) = mendeley.reports
    assert (report.fate, report.reference, report.matched_by) == ("enriched", endnote, "DOI")
    assert report.fields == ["publisher"]
    assert report.kept == [
        "kept the library's authors (Deyo R. A.; Weinstein J. N.); the file has Deyo Richard "
        "A.; Weinstein James N.",
        "kept the library's journal or container (N Engl J Med); the file has New England "
        "Journal of Medicine",
        "kept the library's URL (https://www.ncbi.nlm.nih.gov/pubmed/11172169); the file has "
        "https://doi.org/10.1056/NEJM200102013440508",
    ]
    endnote.refresh_from_db()
    assert endnote.publisher == "Massachusetts Medical Society"
    assert endnote.title == "Low back pain"  # never overwritten ("Low Back Pain" in the file)
