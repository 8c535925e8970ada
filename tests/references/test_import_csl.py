"""CSL-JSON and CSL YAML as Crossref, Zotero and Pandoc write them (fixtures in
tests/references/fixtures/, in those tools' exact shapes): every variable accepted,
the ones without a column kept, every date form read, rich text shown as markup."""

import datetime as dt
import json
from pathlib import Path

import pytest

from articles.rendering import article_render
from references.errors import ReferenceFormatError
from references.formats import bibliography_export
from references.formatting import reference_format, reference_format_html
from references.importing import references_import
from references.models import Reference
from tests.conftest import freeze_revision, make_article, make_reference

FIXTURES = Path(__file__).parent / "fixtures"


def imported(name: str, fmt: str, actor, **kwargs):
    return references_import(data=(FIXTURES / name).read_bytes(), fmt=fmt, actor=actor, **kwargs)


def test_crossref_csl_json_with_orcid_and_affiliations_is_imported_with_every_field(editor):
    result = imported("crossref.json", "csl-json", editor)
    polack = Reference.objects.get(doi="10.1056/nejmoa2034577")
    assert [e.fate for e in result.reports] == ["created", "created"]
    assert reference_format(item=polack.to_csl()) == (
        "Polack FP, Thomas SJ, Kitchin N, Absalon J, C4591001 Clinical Trial Group. Safety and "
        "Efficacy of the BNT162b2 mRNA Covid-19 Vaccine. N Engl J Med. "
        "2020;383(27):2603-2615. doi:10.1056/nejmoa2034577"
    )
    assert polack.authors[2] == {
        "ORCID": "http://orcid.org/0000-0002-6291-9343",
        "authenticated-orcid": False,
        "given": "Nicholas",
        "family": "Kitchin",
        "sequence": "additional",
        "affiliation": [
            {"name": "Vaccine Research and Development, Pfizer, Hurley, United Kingdom"}
        ],
    }
    # Crossref's organisation author ({"name": ...}) becomes a literal name.
    assert polack.authors[4]["literal"] == "C4591001 Clinical Trial Group"
    assert (polack.container_title, polack.volume, polack.issue, polack.pages) == (
        "New England Journal of Medicine",
        "383",
        "27",
        "2603-2615",
    )
    assert (polack.issued_year, polack.issued_month, polack.issued_day) == (2020, 12, 31)
    assert polack.csl_extra == {
        "ISSN": ["0028-4793", "1533-4406"],
        "container-title-short": "N Engl J Med",
        "language": "en",
        "source": "Crossref",
    }
    # Crossref's own bookkeeping is named in the report, not kept and not refused.
    assert result.reports[0].warnings == [
        "not kept (not CSL variables): alternative-id, content-domain, created, deposited, "
        "indexed, is-referenced-by-count, issn-type, journal-issue, link, member, "
        "prefix, published, published-online, published-print, reference-count, "
        "references-count, resource, score, subject, subtitle"
    ]


def test_a_crossref_retraction_notice_marks_the_paper_it_retracts_and_flags_articles(editor):
    paper = make_reference(
        title="Cardiovascular Disease, Drug Therapy, and Mortality in Covid-19",
        doi="10.1056/nejmoa2007621",
    )
    article = make_article(editor, slug="cites-mehra", references=[paper])
    freeze_revision(article, editor)
    result = imported("crossref.json", "csl-json", editor, reason="Crossref check")
    paper.refresh_from_db()
    assert paper.retracted_on == dt.date(2020, 6, 4)
    assert paper.retraction_notice_url == "https://doi.org/10.1056/nejmc2021225"
    assert paper.notices == [
        {
            "nature": "retraction",
            "date": "2020-06-04",
            "doi": "10.1056/nejmc2021225",
            "source": "crossref",
        }
    ]
    assert [a.slug for a in result.flagged] == ["cites-mehra"]
    article.refresh_from_db()
    assert article.next_review_due <= dt.date.today()
    assert paper.history.first().history_change_reason.startswith("Crossref check: retraction")
    # Importing the file again records nothing new and flags nothing.
    again = imported("crossref.json", "csl-json", editor)
    assert [o.changed for o in again.notices] == [False]
    assert again.flagged == []


def test_zotero_csl_json_rich_text_shows_as_markup_and_never_as_tags(editor):
    imported("zotero.json", "csl-json", editor)
    ahmed = Reference.objects.get(doi="10.1093/jac/dkz135")
    item = ahmed.to_csl()
    assert reference_format_html(item=item) == (
        "Ahmed S, van der Berg J, UTI Surveillance Network. Trimethoprim resistance in "
        "<i>Escherichia coli</i> from UTIs: CO<sub>2</sub> and Mg<sup>2+</sup> "
        "<b>matter</b>. J Antimicrob Chemother. 2019;74(7):1981-1988. doi:10.1093/jac/dkz135"
    )
    assert reference_format(item=item).startswith(
        "Ahmed S, van der Berg J, UTI Surveillance Network. Trimethoprim resistance in "
        "Escherichia coli from UTIs: CO2 and Mg2+ matter. J Antimicrob Chemother."
    )
    # Zotero's note carries the PubMed ids; its journalAbbreviation is CSL's short title.
    assert (ahmed.pmid, ahmed.pmcid) == ("30989179", "PMC6587413")
    assert ahmed.accessed == dt.date(2023, 5, 2)
    assert ahmed.csl_extra["container-title-short"] == "J Antimicrob Chemother"
    assert ahmed.csl_extra["title-short"] == "Trimethoprim resistance in <i>Escherichia coli</i>"
    assert ahmed.csl_extra["abstract"].startswith("Antibiotic resistance in Escherichia coli")
    assert str(ahmed) == (
        "Trimethoprim resistance in Escherichia coli from UTIs: CO2 and Mg2+ matter (2019)"
    )


def test_a_zotero_date_range_keeps_its_end_in_every_export(editor):
    imported("zotero.json", "csl-json", editor)
    erasmus = Reference.objects.get(title__startswith="<i>Prouerbia</i>")
    assert (erasmus.issued_year, erasmus.issued_month) == (1500, None)
    assert erasmus.to_csl()["issued"] == {"date-parts": [[1500], [1506]]}
    exported = json.loads(bibliography_export(items=[erasmus.to_csl()], fmt="csl-json"))
    assert exported[0]["issued"] == {"date-parts": [[1500], [1506]]}
    assert exported[0]["title"] == "<i>Prouerbia</i> seu adagia, cum paraphrasi"
    assert "TI  - Prouerbia seu adagia, cum paraphrasi" in bibliography_export(
        items=[erasmus.to_csl()], fmt="ris"
    )
    assert "\\textit{Prouerbia} seu adagia" in bibliography_export(
        items=[erasmus.to_csl()], fmt="bibtex"
    )


def test_the_public_reference_list_shows_rich_text_as_markup(editor):
    reference = make_reference(
        title="Effect of <i>E. coli</i> on CO<sub>2</sub> <script>x</script>"
    )
    article = make_article(editor, references=[reference])
    revision = freeze_revision(article, editor)
    (listed,) = article_render(content=revision.content).references
    assert (
        listed.title == "Effect of <i>E. coli</i> on CO<sub>2</sub> &lt;script&gt;x&lt;/script&gt;"
    )
    assert listed.title_text == "Effect of E. coli on CO2 <script>x</script>"
    assert listed.formatted == (
        "Effect of <i>E. coli</i> on CO<sub>2</sub> &lt;script&gt;x&lt;/script&gt;. "
        "Praxis Medical Insights; 2025."
    )


def test_pandoc_csl_yaml_is_imported_with_every_date_form(editor):
    result = imported("pandoc.yaml", "csl-yaml", editor)
    assert result.warnings == ["not kept (document keys, not references): nocite"]
    formatted = [reference_format(item=r.to_csl()) for r in result.entries]
    assert formatted == [
        "Watson JD, Crick FHC. Molecular structure of nucleic acids: a structure for "
        "deoxyribose nucleic acid. Nature. 1953;171(4356):737-738. doi:10.1038/171737a0",
        "Doe J. Effect of CO2 on E. coli growth at 105 cells. The Journal of In Vitro Studies. "
        "2009;12(3):101-110. doi:10.5555/jivs.2009.0042",
        "Roe R. A book issued in a year. Example Press; 2009.",
        "Poe E. A chapter dated the pandoc-citeproc way. In: A collected volume. "
        "Example Press; 2011:5-9.",
        "A report with string date parts. Example Institute; 2012.",
    ]
    dates = [(r.issued_year, r.issued_month, r.issued_day) for r in result.entries]
    assert dates == [
        (1953, 4, 25),
        (2009, 10, None),
        (2009, None, None),
        (2011, 3, None),
        (2012, 6, None),
    ]
    watson, doe = result.entries[:2]
    assert watson.csl_extra == {
        "title-short": "Molecular structure of nucleic acids",
        "language": "en-GB",
    }
    assert watson.citekey == "WatsonCrick1953"
    # Pandoc's lowercase doi, and its Markdown in titles as CSL rich text.
    assert doe.doi == "10.5555/jivs.2009.0042"
    assert doe.title == "Effect of CO<sub>2</sub> on <i>E. coli</i> growth at 10<sup>5</sup> cells"
    assert doe.container_title == "The Journal of <i>In Vitro</i> Studies"


@pytest.mark.parametrize(
    ("issued", "parts", "kept"),
    [
        ("2009-10/2009-12", (2009, 10, None), {"date-parts": [[2009, 10], [2009, 12]]}),
        ("2009~", (2009, None, None), {"date-parts": [[2009]], "circa": True}),
        ("2009-21", (2009, None, None), {"date-parts": [[2009]], "season": 1}),
        ({"literal": "Spring 2009"}, (2009, None, None), {"literal": "Spring 2009"}),
        ({"raw": "2009-10-12"}, (2009, 10, 12), None),
        ({"date-parts": [["2009", "10"]]}, (2009, 10, None), None),
        ([{"year": 2009, "month": 10}], (2009, 10, None), None),
    ],
)
def test_every_csl_date_form_is_read(editor, issued, parts, kept):
    item = {"type": "book", "title": "Dated", "issued": issued}
    (reference,) = references_import(data=json.dumps([item]), fmt="csl-json", actor=editor).entries
    assert (reference.issued_year, reference.issued_month, reference.issued_day) == parts
    assert reference.csl_extra.get("issued") == kept


def test_each_refusal_names_the_entry_and_the_field(editor):
    items = [
        {"type": "article-journal", "title": "Fine", "author": [{"family": "A", "ORCID": "x"}]},
        {"type": "book", "title": "Bad date", "issued": {"date-parts": [[2020, 30]]}},
        {"type": "book", "title": "Bad name", "editor": [{"given": "Only"}]},
        {"type": "book", "title": ["not", {"text": 1}]},
    ]
    with pytest.raises(ReferenceFormatError) as refused:
        references_import(data=json.dumps(items), fmt="csl-json", actor=editor)
    assert refused.value.errors == [
        "entry 2: issued: '2020-30' is not a date: 30 is not a month.",
        "entry 3: editor: Name 1 needs a family name or, for an organisation, a name.",
        "entry 4: title must be text",
    ]
    assert not Reference.objects.exists()


def test_crossref_relation_and_updated_by_mark_the_work_itself(editor):
    items = [
        {
            "type": "article-journal",
            "title": "A retracted trial",
            "DOI": "10.5555/trial.1",
            "relation": {
                "is-retracted-by": [
                    {"id-type": "doi", "id": "10.5555/notice.1", "asserted-by": "object"}
                ]
            },
        },
        {
            "type": "article-journal",
            "title": "A corrected trial",
            "DOI": "10.5555/trial.2",
            "updated-by": [
                {
                    "updated": {"date-parts": [[2024, 3, 1]]},
                    "DOI": "10.5555/erratum.2",
                    "type": "correction",
                    "source": "publisher",
                    "label": "Correction",
                }
            ],
        },
    ]
    result = references_import(data=json.dumps(items), fmt="csl-json", actor=editor)
    retracted, corrected = result.entries
    retracted.refresh_from_db()
    corrected.refresh_from_db()
    # The relation gives no date: the source is marked as of the day it was learnt.
    assert retracted.retracted_on == dt.date.today()
    assert retracted.retraction_notice_url == "https://doi.org/10.5555/notice.1"
    assert [o.notes for o in result.notices] == [
        ["the retraction notice gives no date; marked as of today"],
        [],
    ]
    assert corrected.retracted_on is None
    assert corrected.notices == [
        {
            "nature": "correction",
            "date": "2024-03-01",
            "doi": "10.5555/erratum.2",
            "source": "crossref",
        }
    ]
