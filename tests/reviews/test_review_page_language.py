"""The review page in Spanish says everything in Spanish: the review record's events and
their states, the reviewers' table, the diff's statuses and audiences, the readability
table. The labels stay English where they are stored (the audit log quotes them)."""

import datetime as dt
import re

from django.urls import reverse

from reviews.models import Action, WorkflowEvent
from reviews.workflow import assignment_create, revision_approve, revision_start_review

ES = {"HTTP_ACCEPT_LANGUAGE": "es"}


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_a_spanish_review_page_names_events_states_and_reviewers_in_spanish(
    client, submitted, reviewer, password
):
    revision_start_review(revision=submitted, actor=reviewer)
    revision_approve(revision=submitted, actor=reviewer, password=password)
    client.force_login(reviewer)

    page = _text(
        client.get(reverse("reviews:revision", args=[submitted.pk]), **ES).content.decode()
    )

    for spanish in (
        "Inició la revisión (Enviado → En revisión)",
        "Enviado (nueva → Enviado)",
        "Completada",
        "Se unió a la revisión",
        "Resumen inicial añadida",
        "Paciente o cuidador",
    ):
        assert spanish in page
    for english in ("Started review", "Joined the review", "under_review", "Lead summary"):
        assert english not in page
    # What is stored stays English: the audit log quotes it.
    assert WorkflowEvent.objects.get(action=Action.START_REVIEW).get_action_display() == (
        "Started review"
    )


def test_the_spanish_queue_names_its_filters_and_due_dates_in_spanish(
    client, submitted, chief, reviewer2
):
    assignment_create(
        revision=submitted, actor=chief, reviewer=reviewer2, due_on=dt.date(2030, 3, 9)
    )
    client.force_login(reviewer2)

    page = _text(client.get(reverse("reviews:queue"), **ES).content.decode())

    assert "Todas Mías (1) Sin asignar (0) Vencidas (0)" in page
    assert "fecha límite 9 Mar 2030" in page
    assert "Mine" not in page and "Unassigned" not in page and "Mar 9, 2030" not in page
