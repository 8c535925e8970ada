"""The signed-in navigation offers each person the workspaces they may use."""

import re

from django.urls import reverse


def _nav(client, user):
    client.force_login(user)
    html = client.get(
        reverse("editor:dashboard") if user.username != "reviewer1" else reverse("reviews:queue")
    ).content.decode()
    nav = re.search(r'<nav aria-label="Site">(.*?)</nav>', html, re.S).group(1)
    return re.findall(r">([A-Z][a-z ]+)</a>", nav)


def test_an_editor_group_member_sees_the_editor_link(client, editor):
    links = _nav(client, editor)
    assert "Editor" in links
    assert "Review queue" not in links and "Audit trail" not in links


def test_a_board_member_sees_the_review_queue(client, reviewer):
    assert "Review queue" in _nav(client, reviewer)


def test_an_editor_in_chief_sees_reports_and_staff_see_the_audit_trail(client, chief, admin_user):
    assert "Reports" in _nav(client, chief)
    assert "Audit trail" in _nav(client, admin_user)


def test_public_pages_look_the_same_signed_in_so_caches_can_share_them(client, editor):
    anonymous = client.get(reverse("articles:index")).content
    client.force_login(editor)
    signed_in = client.get(reverse("articles:index")).content
    assert b"Log out" not in signed_in
    assert signed_in == anonymous
