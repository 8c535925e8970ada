"""Editing in place: the same views answer htmx with only the piece that changed (plus the
fresh version tokens and, for a move, the new place), and plain form POSTs with a redirect
(tests/desk/test_views_editing.py). A refusal in place is a short message; a stale claim
save comes back with the editor's text kept and the other person's text offered."""

import json

import pytest
from django.urls import reverse

from articles import versions
from articles.models import Claim, Section, SectionKind
from articles.services import claim_update
from tests.conftest import make_reference
from tests.editing import claims_of, nothing_written

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def signed_in(client, editor):
    client.force_login(editor)
    return client


def _url(name, article, *args):
    return reverse(f"editor:{name}", args=[article.slug, *args])


def _body(article, index=0) -> Section:
    return article.sections.filter(kind=SectionKind.BODY).order_by("order")[index]


def _token(claim) -> str:
    return versions.claim_versions([claim.pk])[claim.pk]


def _save(client, article, claim, text, *, version=None, **extra):
    data = {"text": text, "evidence": "moderate", "version": version or _token(claim)}
    return client.post(_url("claim-save", article, claim.pk), data | extra, **HX)


def test_the_page_shows_claims_compact_and_opens_one_claim_for_editing(signed_in, article):
    claim = _body(article).claims.first()
    url = _url("article", article)

    compact = signed_in.get(url).content.decode()
    opened = signed_in.get(url, {"edit": claim.pk}).content.decode()

    assert "data-claim-form" not in compact
    assert f'href="{url}?edit={claim.pk}#claim-{claim.uuid}"' in compact
    assert opened.count("data-claim-form") == 1
    assert f'id="claim-{claim.pk}-clinician"' in opened


def test_opening_a_claim_in_place_answers_its_form_and_without_htmx_redirects(signed_in, article):
    claim = _body(article).claims.first()
    url = _url("claim-save", article, claim.pk)

    piece = signed_in.get(url, {"edit": "1"}, **HX)
    plain = signed_in.get(url, {"edit": "1"})

    assert piece.status_code == 200
    assert "<html" not in piece.content.decode()
    assert "data-claim-form" in piece.content.decode()
    assert plain["Location"] == _url("article", article) + f"?edit={claim.pk}#claim-{claim.uuid}"


def test_a_claim_saved_in_place_answers_the_compact_claim_and_its_fresh_token(signed_in, article):
    claim = _body(article).claims.first()

    response = _save(signed_in, article, claim, "Saved in place.")

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert f'id="claim-{claim.uuid}"' in page and "Saved in place." in page
    assert "data-claim-form" not in page
    assert 'id="desk-status" data-hx-swap-oob="innerHTML"' in page and "Claim saved." in page
    assert json.loads(response["X-Desk-Versions"]) == {f"claim-{claim.pk}": _token(claim)}
    assert response["HX-Trigger"] == "desk:changed"
    claim.refresh_from_db()
    assert (claim.text, claim.evidence) == ("Saved in place.", "moderate")


def test_saving_while_still_typing_redraws_nothing_but_the_token(signed_in, article):
    claim = _body(article).claims.first()

    response = _save(signed_in, article, claim, "Still typing.", keep="1")

    assert f'id="claim-{claim.uuid}"' not in response.content.decode()
    assert json.loads(response["X-Desk-Versions"]) == {f"claim-{claim.pk}": _token(claim)}
    # The new token saves again without a conflict.
    again = _save(signed_in, article, claim, "Still typing, more.", version=_token(claim))
    assert again.status_code == 200


def test_a_stale_save_in_place_keeps_what_the_editor_typed_and_offers_their_text(
    signed_in, article, editor, editor2
):
    article.co_editors.add(editor2)
    claim = _body(article).claims.first()
    loaded = _token(claim)
    claim_update(
        claim=claim, actor=editor2, text="Their text.", evidence="low", no_citation_needed=False
    )

    with nothing_written():
        response = _save(signed_in, article, claim, "My text.", version=loaded)

    page = response.content.decode()
    assert response.status_code == 409
    assert "editor2 changed the text of this claim on " in page
    assert 'name="text" rows="3"' in page and ">My text.</textarea>" in page
    assert 'data-text="Their text."' in page  # "Use their …" offers it
    assert f'value="{_token(claim)}"' in page  # saving again is a deliberate overwrite
    claim.refresh_from_db()
    assert claim.text == "Their text."


def test_a_refusal_in_place_is_a_message_and_changes_nothing(signed_in, article):
    claim = _body(article).claims.first()

    with nothing_written():
        response = _save(signed_in, article, claim, "   ")

    assert response.status_code == 400
    assert response["X-Desk-Refusal"] == "invalid"
    assert response.content.decode().startswith('<p class="message message-error"')


def test_a_claim_added_after_another_lands_right_below_it(signed_in, article):
    section = _body(article)
    first = section.claims.order_by("order").first()

    response = signed_in.post(
        _url("claim-add", article, section.pk),
        {"text": "Inserted.", "evidence": "not-graded", "after": first.pk},
        **HX,
    )

    assert response.status_code == 200
    added = Claim.objects.get(text="Inserted.")
    assert f'id="claim-{added.uuid}"' in response.content.decode()
    assert claims_of(section) == [
        "Claim 1.1 about treatment.",
        "Inserted.",
        "Claim 1.2 about treatment.",
    ]


def test_a_claim_moved_in_place_says_where_it_now_stands(signed_in, article):
    section = _body(article)
    claim = section.claims.order_by("order").first()

    response = signed_in.post(
        _url("claim-move", article, claim.pk),
        {"direction": "down", "version": _token(claim)},
        **HX,
    )

    assert json.loads(response["X-Desk-Place"]) == {
        "claim": f"claim-{claim.uuid}",
        "section": f"section-{section.pk}",
        "index": 1,
    }
    tokens = json.loads(response["X-Desk-Versions"])
    assert set(tokens) == {f"claim-{c.pk}" for c in section.claims.all()} | {
        f"section-{section.pk}"
    }


def test_a_claim_deleted_in_place_answers_nothing_to_swap_in(signed_in, article):
    claim = _body(article).claims.first()

    response = signed_in.post(
        _url("claim-delete", article, claim.pk), {"version": _token(claim)}, **HX
    )

    assert response.status_code == 200
    assert "editor-claim" not in response.content.decode()
    assert not Claim.objects.filter(pk=claim.pk).exists()


def test_a_citation_added_in_place_answers_the_sources_and_every_claims_numbers(signed_in, article):
    claim = _body(article).claims.first()
    new = make_reference(title="A brand new source", doi="10.1000/new.1")

    response = signed_in.post(_url("citation-add", article, claim.pk), {"reference": new.pk}, **HX)

    page = response.content.decode()
    assert "A brand new source" in page
    assert f'id="claim-{claim.pk}-numbers" data-hx-swap-oob="innerHTML"' in page
    lead = article.sections.get(kind=SectionKind.LEAD).claims.get()
    assert f'id="claim-{lead.pk}-numbers" data-hx-swap-oob="innerHTML"' in page
    # The new source is cited before the next claim's: it takes number 2, that one 3.
    following = _body(article).claims.order_by("order")[1]
    numbers = '<span class="visually-hidden">cites </span>'
    assert f'id="claim-{claim.pk}-numbers" data-hx-swap-oob="innerHTML">{numbers}[1, 2]' in page
    assert f'id="claim-{following.pk}-numbers" data-hx-swap-oob="innerHTML">{numbers}[3]' in page


def test_sections_are_added_renamed_moved_and_deleted_in_place(signed_in, article):
    added = signed_in.post(_url("section-add", article), {"heading": "Follow-up"}, **HX)
    section = article.sections.get(heading="Follow-up")
    assert f'id="section-{section.pk}"' in added.content.decode()
    assert 'id="add-section"' in added.content.decode()  # the form, out of band

    token = versions.section_versions([section.pk])[section.pk]
    renamed = signed_in.post(
        _url("section-rename", article, section.pk),
        {"heading": "Follow-up care", "version": token},
        **HX,
    )
    assert f'id="section-{section.pk}-head"' in renamed.content.decode()
    assert "Follow-up care" in renamed.content.decode()

    token = versions.section_versions([section.pk])[section.pk]
    moved = signed_in.post(
        _url("section-move", article, section.pk), {"direction": "up", "version": token}, **HX
    )
    assert json.loads(moved["X-Desk-Place"]) == {"section": f"section-{section.pk}", "index": 1}

    token = versions.section_versions([section.pk])[section.pk]
    deleted = signed_in.post(_url("section-delete", article, section.pk), {"version": token}, **HX)
    assert deleted.status_code == 200
    assert not Section.objects.filter(pk=section.pk).exists()


def test_the_problems_panel_is_served_alone_for_its_refresh(signed_in, article):
    Claim.objects.filter(section=_body(article)).first().citations.all().delete()

    response = signed_in.get(_url("problems", article))

    assert response.status_code == 200
    assert "cites no source" in response.content.decode()
    assert "<html" not in response.content.decode()


def _details(article, **changes) -> dict:
    return {
        "question": article.question,
        "title": article.title,
        "specialty": article.specialty,
        "origin": article.origin,
        "version": versions.article_version(article),
    } | changes


def test_the_article_details_save_in_place_with_the_new_heading_and_a_fresh_token(
    signed_in, article
):
    response = signed_in.post(
        _url("article-details", article),
        _details(article, question="Does heat help upper back pain?"),
        **HX,
    )

    assert response.status_code == 200
    piece = response.content.decode()
    article.refresh_from_db()
    assert article.question == "Does heat help upper back pain?"
    assert piece.startswith('<section id="details"')
    assert '<details class="details-panel" open>' in piece
    assert f'name="version" value="{versions.article_version(article)}"' in piece
    assert '<h1 id="article-question" data-hx-swap-oob="true">Does heat help' in piece
    done = json.loads(response["X-Desk-Done"])
    assert done == {"place": "details", "message": "The article's details were saved."}


def test_a_stale_details_save_in_place_is_refused_beside_the_form(signed_in, article, editor):
    stale = versions.article_version(article)
    signed_in.post(_url("article-details", article), _details(article, title="First"), **HX)

    with nothing_written():
        response = signed_in.post(
            _url("article-details", article), _details(article, title="Second", version=stale), **HX
        )

    assert response.status_code == 409
    assert response["X-Desk-Refusal"] == "stale"
    assert "X-Desk-Done" not in response
    article.refresh_from_db()
    assert article.title == "First"


def test_co_editors_are_saved_in_place(signed_in, article, editor2):
    response = signed_in.post(
        _url("article-co-editors", article), {"co_editors": [editor2.pk]}, **HX
    )

    assert response.status_code == 200
    assert f'value="{editor2.pk}" checked' in response.content.decode()
    assert json.loads(response["X-Desk-Done"])["place"] == "co-editors"
    assert "<h1" not in response.content.decode()
    assert list(article.co_editors.all()) == [editor2]


def _slot(html: str, place: str) -> str:
    start = html.index(f'data-placed="{place}"')
    return html[start : html.index("</div>", start)]


def test_a_plain_save_shows_its_confirmation_in_the_claim_focused_not_in_the_banner(
    signed_in, article
):
    claim = _body(article).claims.first()
    data = {"text": "Heat helps.", "evidence": "moderate", "version": _token(claim)}
    response = signed_in.post(_url("claim-save", article, claim.pk), data)

    page = signed_in.get(response["Location"]).content.decode()
    slot = _slot(page, f"claim-{claim.uuid}")
    assert 'role="status" tabindex="-1" autofocus' in slot
    assert "Claim saved." in slot
    assert page.count("Claim saved.") == 1
    assert 'class="messages"' not in page
    assert page.count("autofocus") == 1


def test_a_plain_details_save_opens_the_panel_with_its_confirmation(signed_in, article):
    response = signed_in.post(_url("article-details", article), _details(article, title="New"))

    page = signed_in.get(response["Location"]).content.decode()
    assert '<details class="details-panel" open>' in page
    assert "The article&#x27;s details were saved." in _slot(page, "details")
