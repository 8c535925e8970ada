"""Admin edits say why (config/admin.py): the reason is required, and it reaches the
history of the object and of every inline row saved with it."""

import pytest
from django.urls import reverse

from articles.models import Claim, ReaderQuestion, Section
from reviews.models import BoardMember
from tests.conftest import make_article


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _question_form(**extra) -> dict:
    return {"article": "", "audience": "", "text": "Is it serious?", "status": "answered", **extra}


def test_an_admin_edit_without_a_reason_is_refused_and_saves_nothing(admin_client):
    question = ReaderQuestion.objects.create(text="Is it serious?")
    url = reverse("admin:articles_readerquestion_change", args=[question.pk])

    response = admin_client.post(url, _question_form())

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "change_reason": ["This field is required."]
    }
    question.refresh_from_db()
    assert question.status != "answered"
    assert question.history.count() == 1


def test_the_change_form_asks_why(admin_client):
    question = ReaderQuestion.objects.create(text="Is it serious?")
    page = admin_client.get(
        reverse("admin:articles_readerquestion_change", args=[question.pk])
    ).content.decode()
    assert "Reason for this change" in page


def test_a_reason_reaches_the_history_of_every_inline_row_saved_with_it(
    admin_client, admin_user, editor
):
    article = make_article(editor, sections=1)
    section = Section.objects.get(article=article, kind="body")
    claims = list(section.claims.order_by("order"))
    form = {
        "kind": section.kind,
        "heading": section.heading,
        "order": section.order,
        "article": article.pk,
        "claims-TOTAL_FORMS": len(claims),
        "claims-INITIAL_FORMS": len(claims),
        "claims-MIN_NUM_FORMS": 0,
        "claims-MAX_NUM_FORMS": 1000,
        "change_reason": "Corrected a dose after a reader's report",
    }
    for i, claim in enumerate(claims):
        form |= {
            f"claims-{i}-id": claim.pk,
            f"claims-{i}-section": section.pk,
            f"claims-{i}-order": claim.order,
            f"claims-{i}-text": claim.text + (" Corrected." if i == 0 else ""),
            f"claims-{i}-evidence": claim.evidence,
        }

    response = admin_client.post(reverse("admin:articles_section_change", args=[section.pk]), form)

    assert response.status_code == 302, response.context["adminform"].form.errors
    edited = Claim.objects.get(pk=claims[0].pk).history.latest()
    assert edited.text.endswith("Corrected.")
    assert (edited.history_user, edited.history_change_reason) == (
        admin_user,
        "Corrected a dose after a reader's report",
    )
    assert section.history.latest().history_change_reason == (
        "Corrected a dose after a reader's report"
    )


def test_an_admin_deletion_is_recorded_as_one(admin_client, admin_user):
    question = ReaderQuestion.objects.create(text="Spam?")

    response = admin_client.post(
        reverse("admin:articles_readerquestion_delete", args=[question.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    record = ReaderQuestion.history.filter(id=question.pk).latest()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "-",
        admin_user,
        "Deleted in the admin",
    )


def test_a_bulk_deletion_records_each_row(admin_client, admin_user):
    questions = [ReaderQuestion.objects.create(text=f"Spam {n}?") for n in range(3)]

    response = admin_client.post(
        reverse("admin:articles_readerquestion_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [q.pk for q in questions],
            "post": "yes",
        },
    )

    assert response.status_code == 302
    records = ReaderQuestion.history.filter(history_type="-")
    assert sorted(r.id for r in records) == sorted(q.pk for q in questions)
    assert {(r.history_user, r.history_change_reason) for r in records} == {
        (admin_user, "Deleted in the admin")
    }


def test_a_view_only_page_does_not_ask_why(client, editor):
    from django.contrib.auth.models import Permission

    member = BoardMember.objects.create(
        user=editor, display_name="Dr Ed", slug="dr-ed", credentials="MD"
    )
    editor.is_staff = True
    editor.save()
    editor.user_permissions.add(Permission.objects.get(codename="view_boardmember"))
    client.force_login(editor)

    response = client.get(reverse("admin:reviews_boardmember_change", args=[member.pk]))

    assert response.status_code == 200
    assert "Reason for this change" not in response.content.decode()


def test_a_reason_longer_than_the_history_keeps_is_refused_with_its_limit(admin_client):
    question = ReaderQuestion.objects.create(text="Is it serious?")
    url = reverse("admin:articles_readerquestion_change", args=[question.pk])

    response = admin_client.post(url, _question_form(change_reason="x" * 101))

    assert response.context["adminform"].form.errors["change_reason"] == [
        "Ensure this value has at most 100 characters (it has 101)."
    ]
    assert question.history.count() == 1
