"""The desk's own menu offers each person only what they may open."""

import re

from django.urls import reverse

EDITOR_ONLY = ["Readers' questions", "New article", "Import a document", "Import references"]


def _desk_menu(client, user) -> list[str]:
    client.force_login(user)
    html = client.get(reverse("editor:dashboard")).content.decode()
    menu = re.search(r'<nav class="editor-nav"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return re.findall(r">([^<]+)</a>", menu)


def test_an_editor_is_offered_every_desk_page(client, editor):
    assert _desk_menu(client, editor) == ["Dashboard", *EDITOR_ONLY]


def test_a_board_member_is_not_offered_the_pages_that_would_refuse_them(client, reviewer):
    links = _desk_menu(client, reviewer)
    assert links == ["Dashboard"]
    for name in ("editor:questions", "editor:article-new", "editor:import"):
        assert client.get(reverse(name)).status_code == 403
