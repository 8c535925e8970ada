"""import_retractions: the Retraction Watch dataset in the column layout Crossref
publishes (tests/references/fixtures/retraction_watch.csv: quoted fields, trailing comma,
"0" and "unavailable" for missing identifiers, month-first dates)."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from references.integrity import reference_problems
from references.models import Reference
from tests.conftest import freeze_revision, make_article, make_reference

CSV = Path(__file__).parent / "fixtures" / "retraction_watch.csv"


@pytest.fixture
def library(db):
    return {
        "mehra": make_reference(
            title="Cardiovascular Disease, Drug Therapy, and Mortality in Covid-19",
            doi="10.1056/nejmoa2007621",
        ),
        # Matched by PubMed ID only: the dataset says "unavailable" for its DOI.
        "gautret": make_reference(title="Hydroxychloroquine and azithromycin", pmid="32205204"),
        "polack": make_reference(title="BNT162b2 trial", doi="10.1056/nejmoa2034577"),
        "untouched": make_reference(title="A source no notice concerns", doi="10.1000/fine"),
    }


@pytest.fixture
def articles(editor, library):
    cites_mehra = make_article(editor, slug="cites-mehra", references=[library["mehra"]])
    freeze_revision(cites_mehra, editor)
    cites_gautret = make_article(editor, slug="cites-gautret", references=[library["gautret"]])
    freeze_revision(cites_gautret, editor)
    cites_polack = make_article(editor, slug="cites-polack", references=[library["polack"]])
    freeze_revision(cites_polack, editor)
    draft_only = make_article(editor, slug="draft-cites-mehra", references=[library["mehra"]])
    return [cites_mehra, cites_gautret, cites_polack, draft_only]


def run(capsys, *args) -> list[str]:
    call_command("import_retractions", str(CSV), *args)
    return capsys.readouterr().out.splitlines()


def test_retractions_and_concerns_mark_references_with_their_notice(library, articles, capsys):
    run(capsys, "--reason", "Retraction Watch 2026-12")
    mehra, gautret, polack, untouched = (
        Reference.objects.get(pk=library[k].pk) for k in ("mehra", "gautret", "polack", "untouched")
    )
    assert (mehra.retracted_on, mehra.retraction_notice_url) == (
        dt.date(2020, 6, 4),
        "https://doi.org/10.1056/nejmc2021225",
    )
    assert mehra.notices == [
        {
            "nature": "retraction",
            "date": "2020-06-04",
            "doi": "10.1056/nejmc2021225",
            "pmid": "32501665",
            "source": "retraction-watch",
            "record": "27932",
            "reason": "Concerns/Issues About Data; Concerns/Issues about Third Party "
            "Involvement; Investigation by Company/Institution",
        }
    ]
    assert (gautret.concern_on, gautret.concern_notice_url, gautret.retracted_on) == (
        dt.date(2020, 4, 11),
        "https://doi.org/10.1016/j.ijantimicag.2020.105949",
        None,
    )
    # A correction is recorded and shown, but the source may still be cited.
    assert (polack.retracted_on, polack.concern_on) == (None, None)
    assert [n["nature"] for n in polack.notices] == ["correction"]
    assert [p.code for p in reference_problems(reference=polack) if p.code == "corrected"] == [
        "corrected"
    ]
    assert [p.code for p in reference_problems(reference=gautret)][:1] == ["concern"]
    assert (untouched.notices, untouched.history.count()) == ([], 1)
    assert mehra.history.first().history_change_reason.startswith(
        "Retraction Watch 2026-12: retraction of 2020-06-04"
    )


def test_every_article_whose_live_revision_cites_a_marked_reference_is_flagged(
    library, articles, capsys
):
    out = run(capsys)
    due = {a.slug: a.next_review_due for a in Article.objects.all()}
    today = dt.date.today()
    assert due["cites-mehra"] == today
    assert due["cites-gautret"] == today
    # A correction does not send an article back to review; a draft is not live.
    assert due["cites-polack"] != today
    assert due["draft-cites-mehra"] != today
    assert out[:2] == [
        "6 rows read; 3 are about references in the library.",
        "3 reference(s) changed: 1 marked retracted, 1 marked under an expression of concern, "
        "1 correction(s) recorded; 2 article(s) flagged for re-review.",
    ]


def test_rows_that_cannot_be_used_are_reported_with_their_line_and_record(library, capsys):
    out = run(capsys)
    assert out[-3:] == [
        "2 row(s) skipped:",
        "  line 6 (record 45002): the original paper has neither a DOI nor a PubMed ID",
        "  line 7 (record 45003): RetractionNature 'Retraction Notice Pending' is not a "
        "retraction, expression of concern, correction or reinstatement",
    ]


def test_running_it_again_changes_nothing_and_says_so(library, articles, capsys):
    run(capsys)
    histories = [r.history.count() for r in Reference.objects.order_by("pk")]
    articles_before = list(Article.objects.order_by("pk").values_list("next_review_due", flat=True))
    out = run(capsys)
    assert out[1:3] == [
        "0 reference(s) changed: 0 marked retracted, 0 marked under an expression of concern, "
        "0 correction(s) recorded; 0 article(s) flagged for re-review.",
        "Nothing changed: every matching notice was already recorded.",
    ]
    assert [r.history.count() for r in Reference.objects.order_by("pk")] == histories
    assert list(Article.objects.order_by("pk").values_list("next_review_due", flat=True)) == (
        articles_before
    )


def test_a_file_without_the_datasets_columns_is_refused_and_changes_nothing(library, tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("DOI,Title\n10.1056/nejmoa2007621,x\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_retractions", str(other))
    assert str(refused.value) == (
        "This is not the Retraction Watch dataset as Crossref publishes it: the header has no "
        "Record ID, RetractionDate, RetractionDOI, RetractionPubMedID, OriginalPaperDOI, "
        "OriginalPaperPubMedID, RetractionNature columns."
    )
    assert not Reference.objects.exclude(notices=[]).exists()


def test_a_row_with_a_control_character_is_skipped_naming_its_column(library, tmp_path, capsys):
    lines = CSV.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("+Concerns/Issues About Data;", "+Concerns\x07 About Data;")
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    call_command("import_retractions", str(bad))
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("  line 2 (record 27932): reason contains ")
    assert Reference.objects.get(pk=library["mehra"].pk).retracted_on is None
