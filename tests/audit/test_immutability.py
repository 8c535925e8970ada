"""Nobody rewrites the record: not through the admin, not through the API. New entries may
be appended (an API submit writes events), but no existing one changes or disappears."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Article, Claim
from audit.checks import admin_write_problems, audit_admin_read_only
from audit.immutability import is_history_model
from reviews.models import Signature, WorkflowEvent

pytestmark = pytest.mark.django_db


def record_snapshot() -> dict:
    """Every history row and every event and signature, with all its values."""
    snapshot = {}
    for model in apps.get_models():
        if is_history_model(model) or model in (WorkflowEvent, Signature):
            for row in model.objects.values():
                snapshot[(model._meta.label, row[model._meta.pk.attname])] = row
    return snapshot


def assert_nothing_rewritten(before: dict) -> None:
    after = record_snapshot()
    missing = set(before) - set(after)
    assert not missing, f"deleted: {sorted(missing)[:5]}"
    changed = [key for key in before if before[key] != after[key]]
    assert not changed, f"changed: {changed[:5]}"


def test_the_admin_registers_no_writable_part_of_the_record():
    assert audit_admin_read_only() == []


def test_a_writable_admin_for_history_or_events_fails_the_system_check():
    site = admin.AdminSite(name="careless")
    site.register(Article.history.model)
    site.register(WorkflowEvent)
    errors = admin_write_problems(site)
    assert [e.id for e in errors] == ["audit.E001", "audit.E001"]
    assert "articles.HistoricalArticle is part of the audit record" in errors[0].msg
    assert "allows add, change, delete" in errors[0].msg


def test_posting_to_a_history_form_does_not_revert_the_object(client, admin_user, story):
    client.force_login(admin_user)
    claim = Claim.objects.get(pk=story["claim"].pk)
    first = claim.history.earliest()
    url = reverse("admin:articles_claim_simple_history", args=[claim.pk, first.history_id])
    assert client.get(url).status_code == 200  # looking is allowed
    before = record_snapshot()
    response = client.post(
        url,
        {
            "order": first.order,
            "text": first.text,
            "evidence": first.evidence,
            "section": first.section_id,
        },
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.text == "Heat helps most people within a week."
    assert_nothing_rewritten(before)
    assert len(record_snapshot()) == len(before)


def test_every_history_admin_refuses_a_revert_post():
    # Also admins registered later, by any app: the refusal sits on the class.
    assert getattr(SimpleHistoryAdmin.history_form_view, "audit_read_only", False)


@pytest.mark.parametrize("model", [WorkflowEvent, Signature])
def test_workflow_events_and_signatures_cannot_be_changed_or_deleted_in_the_admin(
    client, admin_user, story, model
):
    client.force_login(admin_user)
    row = model.objects.first()
    info = model._meta.app_label, model._meta.model_name
    before = record_snapshot()
    change = client.post(reverse("admin:{}_{}_change".format(*info), args=[row.pk]), {})
    delete = client.post(
        reverse("admin:{}_{}_delete".format(*info), args=[row.pk]), {"post": "yes"}
    )
    add = client.post(reverse("admin:{}_{}_add".format(*info)), {})
    bulk = client.post(
        reverse("admin:{}_{}_changelist".format(*info)),
        {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"},
    )
    assert (change.status_code, delete.status_code, add.status_code) == (403, 403, 403)
    # The changelist offers no delete action: the POST is not carried out.
    assert bulk.status_code in (200, 302, 403)
    assert model.objects.filter(pk=row.pk).exists()
    assert_nothing_rewritten(before)


def _api_routes(resolver=None, prefix="") -> list[tuple[str, URLPattern]]:
    resolver = resolver or get_resolver()
    routes = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            routes += _api_routes(pattern, prefix + str(pattern.pattern))
        elif prefix.startswith("api/"):
            routes.append((prefix + str(pattern.pattern), pattern))
    return routes


def _fill(route: str, *, slug: str) -> str | None:
    path = route.replace("<slug:slug>", slug).replace("<int:number>", "1")
    if "<" in path or "^" in path:
        return None
    return "/" + path


def test_no_api_route_changes_or_deletes_a_history_record_or_event(client, admin_user, story):
    routes = [_fill(r, slug="back-pain") for r, _ in _api_routes()]
    routes = [r for r in routes if r]
    if not routes:
        pytest.skip("The JSON API is not installed.")
    client.force_login(admin_user)
    before = record_snapshot()
    for path in routes:
        for method in ("delete", "put", "patch", "post"):
            response = getattr(client, method)(path, data="{}", content_type="application/json")
            assert response.status_code != 500, (method, path)
    assert_nothing_rewritten(before)
