"""Admin edits say why (config/admin.py): the reason is required, and it reaches the
history of the object and of every inline row saved with it."""

import pytest
from django.urls import reverse

from articles.models import Claim, ReaderQuestion
from reviews.models import BoardMember
from reviews.workflow import revision_submit
from tests.conftest import make_article, make_board_member


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


def test_a_claim_locked_in_review_cannot_be_changed_in_the_admin(admin_client, editor):
    article = make_article(editor, sections=1)
    revision_submit(article=article, actor=editor, comment="First version")
    claim = Claim.objects.filter(section__article=article, section__kind="body").first()
    form = {
        "section": claim.section_id,
        "order": claim.order,
        "text": "Double the dose.",
        "evidence": claim.evidence,
        "change_reason": "Sneaky",
    }

    response = admin_client.post(reverse("admin:articles_claim_change", args=[claim.pk]), form)

    assert response.status_code == 403
    assert Claim.objects.get(pk=claim.pk).text == claim.text
    assert claim.history.count() == 1


@pytest.mark.parametrize("model", ["section", "claim", "claimtext", "citation", "article"])
def test_working_copy_content_cannot_be_added_in_the_admin(admin_client, model):
    assert admin_client.get(reverse(f"admin:articles_{model}_add")).status_code == 403


def test_the_admin_shows_an_articles_content_without_a_form_to_change_it(admin_client, editor):
    article = make_article(editor, sections=1)
    claim = Claim.objects.filter(section__article=article).first()
    page = admin_client.get(reverse("admin:articles_claim_change", args=[claim.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert claim.text in html
    assert 'name="text"' not in html
    assert "Reason for this change" not in html


def test_an_articles_question_cannot_be_changed_in_the_admin(admin_client, editor, chief):
    article = make_article(editor, sections=1)
    url = reverse("admin:articles_article_change", args=[article.pk])
    form = _admin_form(admin_client, url) | {
        "question": "Does bleach help?",
        "owner": chief.pk,
        "change_reason": "Handed over to the chief editor",
    }

    response = admin_client.post(url, form)

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.question, article.owner) == ("What helps back pain?", chief)


def test_a_reference_edited_in_the_admin_makes_its_editor_an_author(
    admin_client, admin_user, editor
):
    """The admin is still a way to change a cited reference, so its edits count."""
    make_board_member(admin_user, name="Ada Min")
    article = make_article(editor, sections=1)
    reference = article.sections.get(kind="lead").claims.get().citations.get().reference
    url = reverse("admin:references_reference_change", args=[reference.pk])
    form = _admin_form(admin_client, url) | {
        "title": "A title the admin wrote",
        "change_reason": "Fixed the title",
    }
    assert admin_client.post(url, form).status_code == 302

    revision = revision_submit(article=article, actor=editor, comment="First version")

    assert admin_user.pk in revision.author_ids


def _admin_form(client, url) -> dict:
    """The change form's current values, as the browser would send them back."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or (field.disabled):
            continue
        data[name] = value
    for formset in client.get(url).context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data |= {management.add_prefix(k): v for k, v in management.initial.items()}
        data[management.add_prefix("TOTAL_FORMS")] = formset.formset.total_form_count()
        data[management.add_prefix("INITIAL_FORMS")] = formset.formset.initial_form_count()
    return data


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
