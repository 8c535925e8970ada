"""The reference library in the admin: import, search, status changes through their
services, and where each reference is used."""

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from references.models import Reference
from tests.conftest import freeze_revision, make_article, make_reference

DATA = Path(__file__).parent / "data"


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else (DATA / name).read_bytes())


def test_the_changelist_offers_the_import(admin_client):
    response = admin_client.get(reverse("admin:references_reference_changelist"))
    assert response.status_code == 200
    assert reverse("admin:references_reference_import") in response.content.decode()


def test_importing_a_file_from_the_admin_adds_its_references(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:references_reference_import"),
        {"file": upload("library.bib"), "reason": "Back pain update"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    # The import report: each entry's fate, the same as at the desk and in the API.
    assert "4 entries: 4 created, 0 matched to records already in the library" in page
    assert "<strong>Entry 1 (line 4)</strong> · created:" in page
    assert Reference.objects.count() == 4
    assert Reference.objects.get(citekey="nice2016").history.get().history_change_reason == (
        "Back pain update (imported from a bibtex file)"
    )
    assert Reference.objects.get(citekey="nice2016").history.get().history_user == admin_user


def test_a_broken_file_in_the_admin_imports_nothing_and_lists_the_errors(admin_client):
    response = admin_client.post(
        reverse("admin:references_reference_import"), {"file": upload("broken.nbib")}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "entry 3 (line 11): has no PMID line" in page
    assert Reference.objects.count() == 0


def test_a_file_name_that_does_not_say_its_format_needs_the_format_chosen(admin_client):
    url = reverse("admin:references_reference_import")
    content = (DATA / "pubmed.nbib").read_bytes()
    response = admin_client.post(url, {"file": upload("export.txt", content)})
    assert response.status_code == 200
    assert "choose the format" in response.content.decode()
    response = admin_client.post(url, {"file": upload("export.txt", content), "fmt": "nbib"})
    assert response.status_code == 200
    assert Reference.objects.count() == 3


def test_importing_needs_permission_to_add_references(client, editor):
    editor.is_staff = True
    editor.save()
    client.force_login(editor)
    url = reverse("admin:references_reference_import")
    assert client.get(url).status_code == 403
    editor.user_permissions.add(Permission.objects.get(codename="add_reference"))
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "term", ["https://doi.org/10.1000/ABC", "doi:10.1000/abc", "PMID: 0042", "pmc7"]
)
def test_an_identifier_pasted_in_any_form_finds_its_record(admin_client, term):
    make_reference(title="The one", doi="10.1000/abc", pmid="42", pmcid="PMC7")
    make_reference(title="Another")
    response = admin_client.get(reverse("admin:references_reference_changelist"), {"q": term})
    assert [r.title for r in response.context["cl"].result_list] == ["The one"]


def test_the_change_page_shows_the_entry_its_problems_and_where_it_is_used(admin_client, editor):
    reference = make_reference(title="A source <b>bold</b>", genre="Guideline", issued_year=2010)
    article = make_article(editor, references=[reference, make_reference(title="Other")])
    freeze_revision(article, editor)
    response = admin_client.get(reverse("admin:references_reference_change", args=[reference.pk]))
    page = response.content.decode()
    # CSL rich text in a title shows as markup (references.richtext), not as "<b>".
    assert "A source <b>bold</b>. Praxis Medical Insights; 2010." in page
    assert "more than 5 years ago" in page
    assert reverse("admin:articles_article_change", args=[article.pk]) in page
    assert "(cited by the live revision)" in page
    assert "Keep moving and use heat." in page
    assert reverse("admin:references_reference_retract", args=[reference.pk]) in page


def test_editing_a_record_in_the_admin_cannot_set_its_retraction(admin_client):
    reference = make_reference(title="A source")
    url = reverse("admin:references_reference_change", args=[reference.pk])
    form = admin_client.get(url).context["adminform"].form
    assert "retracted_on" not in form.fields
    assert "superseded_by" not in form.fields


def test_editing_a_record_in_the_admin_normalises_its_doi(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:references_reference_add"),
        {
            "csl_type": "article-journal",
            "title": "Typed in the admin",
            "authors": "[]",
            "editors": "[]",
            "doi": "https://doi.org/10.1000/XYZ",
            "change_reason": "Cited in the new sciatica article",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    reference = Reference.objects.get()
    assert reference.doi == "10.1000/xyz"
    assert reference.history.get().history_change_reason == "Cited in the new sciatica article"


def test_marking_retracted_in_the_admin_flags_the_citing_articles(admin_client, editor):
    reference = make_reference(title="To retract")
    article = make_article(editor, references=[reference, make_reference(title="Other")])
    freeze_revision(article, editor)
    response = admin_client.post(
        reverse("admin:references_reference_retract", args=[reference.pk]),
        {"on": "2025-01-10", "notice_url": "https://example.org/notice"},
        follow=True,
    )
    assert "Marked retracted. 1 article(s) citing it are now due for re-review." in (
        response.content.decode()
    )
    reference.refresh_from_db()
    assert reference.retracted_on == dt.date(2025, 1, 10)
    article.refresh_from_db()
    assert article.next_review_due == timezone.localdate()


def test_a_future_retraction_date_is_refused_in_the_admin(admin_client):
    reference = make_reference(title="To retract")
    response = admin_client.post(
        reverse("admin:references_reference_retract", args=[reference.pk]),
        {"on": "2999-01-01"},
    )
    assert response.status_code == 200
    assert "The date cannot be in the future." in response.content.decode()
    reference.refresh_from_db()
    assert reference.retracted_on is None


def test_marking_superseded_in_the_admin_goes_through_the_service(admin_client):
    old = make_reference(title="Old guideline")
    new = make_reference(title="New guideline")
    url = reverse("admin:references_reference_supersede", args=[old.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"by": new.pk})
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.superseded_by == new
    assert old.history.latest().history_change_reason == f"Superseded by reference {new.pk}"
    response = admin_client.post(url, {"by": new.pk})
    assert "already marked as superseded by that one" in response.content.decode()


def test_the_change_page_shows_notices_concern_and_the_variables_kept_from_a_file(
    admin_client,
):
    reference = make_reference(
        title="Hydroxychloroquine and azithromycin",
        concern_on=dt.date(2020, 4, 11),
        concern_notice_url="https://doi.org/10.1016/j.ijantimicag.2020.105949",
        notices=[
            {
                "nature": "expression-of-concern",
                "date": "2020-04-11",
                "doi": "10.1016/j.ijantimicag.2020.105949",
                "source": "retraction-watch",
                "record": "31044",
                "reason": "Concerns/Issues About Data",
            }
        ],
        csl_extra={"ISSN": "0924-8579", "title-short": "<i>HCQ</i> and azithromycin"},
    )
    page = admin_client.get(
        reverse("admin:references_reference_change", args=[reference.pk])
    ).content.decode()
    assert (
        "<li>expression of concern of 2020-04-11 (doi:10.1016/j.ijantimicag.2020.105949) "
        "(from retraction-watch; Concerns/Issues About Data)</li>"
    ) in page
    assert "<dt>ISSN</dt><dd>0924-8579</dd>" in page
    assert "&lt;i&gt;HCQ&lt;/i&gt; and azithromycin" in page  # shown as the file gave it
    listing = admin_client.get(
        reverse("admin:references_reference_changelist") + "?status=concern"
    ).content.decode()
    assert "Expression of concern" in listing
    assert "Hydroxychloroquine and azithromycin" in listing
