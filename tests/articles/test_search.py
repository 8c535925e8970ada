"""Search as readers use it (articles.search): through the question and title as well as
the text, with the site's synonyms, tolerant of typos with a "Did you mean", pending
articles with their caution, and only what readers are shown. Runs on SQLite and, with
DATABASE_URL, on PostgreSQL (full-text and trigram search)."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, Claim, SearchSynonym
from articles.search import article_search_index, articles_search, query_variants
from tests.conftest import freeze_revision, make_article


def _search(client, q: str) -> str:
    response = client.get(reverse("articles:search"), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def _approved(editor, **fields):
    article = make_article(editor, **fields)
    revision = freeze_revision(article, editor)
    article_search_index(article=article, content=revision.content)
    return article


def _pending(editor, **fields):
    article = make_article(editor, **fields)
    freeze_revision(article, editor, state="submitted")
    return article


def _slugs(query: str) -> list[str]:
    return [hit.article.slug for hit in articles_search(query=query).hits]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def test_the_demo_sore_throat_article_is_found_as_listed_with_its_caution(client, demo):
    # It is in review: the index lists it, so search finds it by its question.
    html = _search(client, "sore throat")
    assert "When should a sore throat be checked by a doctor?" in html
    assert "Pending review" in html
    assert "Exercise caution" in html


def test_backache_finds_the_demo_back_pain_article_through_the_seeded_synonym(client, demo):
    html = _search(client, "backache")
    assert "What are the treatment options for upper back pain?" in html


def test_paracetamol_and_acetaminophen_find_each_other(editor):
    article = make_article(editor, slug="fever", question="What helps a fever?")
    claim = Claim.objects.filter(section__article=article).first()
    claim.text = "Acetaminophen lowers a fever."
    claim.save()
    _approved_revision = freeze_revision(article, editor)
    article_search_index(article=article, content=_approved_revision.content)
    other = _approved(editor, slug="cold", question="What helps a cold?")
    claim = Claim.objects.filter(section__article=other).first()
    claim.text = "Paracetamol eases aches."
    claim.save()
    article_search_index(article=other, content=freeze_revision(other, editor, number=2).content)

    assert set(_slugs("paracetamol")) == {"fever", "cold"}
    assert set(_slugs("acetaminophen")) == {"fever", "cold"}


def test_a_one_way_synonym_does_not_work_backwards(editor):
    # Seeded: "advil" means "ibuprofen", not the other way round.
    _approved(editor, slug="brand", question="Is Advil safe with coffee?")
    assert "brand" in _slugs("advil")
    assert "brand" not in _slugs("ibuprofen")


def test_the_question_and_title_are_searched_as_well_as_the_text(editor):
    _approved(editor, slug="tinnitus", question="Why do my ears ring?")
    assert _slugs("ears ring") == ["tinnitus"]


def test_a_synonym_added_by_staff_applies_to_the_next_search(client, editor):
    _approved(editor, slug="heat", question="Does warmth help stiffness?")
    assert _slugs("hot pack") == []
    synonym = SearchSynonym(term="hot pack", means="warmth")
    synonym.full_clean()
    synonym._history_user = editor
    synonym.save()
    assert _slugs("hot pack") == ["heat"]


def test_staff_edit_synonyms_in_the_admin_with_a_reason(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:articles_searchsynonym_add"),
        {"term": " Heart  Attack ", "means": "myocardial infarction", "change_reason": "Readers"},
    )
    assert response.status_code == 302
    synonym = SearchSynonym.objects.get(term="heart attack")
    assert (synonym.term, synonym.means) == ("heart attack", "myocardial infarction")
    assert synonym.history.get().history_change_reason == "Readers"


def test_a_synonym_that_means_itself_is_refused(client, admin_user):
    client.force_login(admin_user)
    count = SearchSynonym.objects.count()  # the seeded ones
    response = client.post(
        reverse("admin:articles_searchsynonym_add"),
        {"term": "Flu", "means": "flu", "change_reason": "Readers"},
    )
    assert "A synonym must differ from the term." in response.content.decode()
    assert SearchSynonym.objects.count() == count


def test_a_misspelt_query_offers_did_you_mean_and_shows_the_matches(client, editor):
    _pending(editor, slug="throat", question="When should a sore throat be checked by a doctor?")
    html = _search(client, "sore thraot")
    link = r'Did you mean <a href="/search/\?q=sore%20throat"><strong>sore throat'
    assert re.search(link, html)
    assert "When should a sore throat be checked by a doctor?" in html


def test_a_misspelt_drug_name_is_corrected_from_the_synonyms_words(editor):
    _approved(editor, slug="nsaid", question="Is ibuprofen safe for back pain?")
    results = articles_search(query="ibuprofin")
    assert results.suggestion == "ibuprofen"
    assert [hit.article.slug for hit in results.hits] == ["nsaid"]


def test_words_that_match_nothing_offer_no_suggestion(editor):
    _approved(editor)
    results = articles_search(query="qwxzvbn")
    assert (results.hits, results.suggestion) == ([], "")


def test_pending_articles_are_not_found_when_the_site_hides_them(client, editor, settings):
    settings.ARTICLES_SHOW_PENDING = False
    _pending(editor, slug="throat", question="When should a sore throat be checked by a doctor?")
    html = _search(client, "sore throat")
    assert "sore throat be checked" not in html
    assert "No article matches" in html


def test_working_copy_text_is_never_searched(editor):
    article = _approved(editor)
    claim = Claim.objects.filter(section__article=article).first()
    claim.text = "Zebras graze the savannah."
    claim.save()
    article.question = "Zebra question?"
    article.save()
    make_article(editor, slug="draft", question="A draft about zebras?")
    assert _slugs("zebra") == []
    assert _slugs("zebras") == []


def test_a_pending_revision_of_a_live_article_is_not_searched(editor):
    article = _approved(editor)
    article.question = "Do zebras get back pain?"
    article.save()
    freeze_revision(article, editor, state="submitted", number=2)
    assert _slugs("zebras") == []


HOSTILE = [
    "'; DROP TABLE articles_article; --",
    '"unterminated',
    "pain & | ! :* <-> (",
    "<script>alert(1)</script>",
    "-",
    "OR OR OR",
    "a" * 5000,
    "% _ \\",
    "😷 throat",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_a_hostile_query_is_answered_harmlessly(client, editor, query):
    _approved(editor)
    before = Article.objects.count()
    html = _search(client, query)
    assert "<script>alert(1)</script>" not in html
    assert Article.objects.count() == before


def test_query_variants_replace_whole_words_only():
    synonyms = [("flu", "influenza", False)]
    assert query_variants("fluid intake", synonyms=synonyms) == ["fluid intake"]
    assert query_variants("Flu shot", synonyms=synonyms) == ["Flu shot", "influenza shot"]


def test_the_snippet_shows_the_first_mention_even_far_into_a_long_text(client, editor):
    # Far beyond the first 1,500 characters, and capitalised at the start of a sentence:
    # the snippet is cut around it, not from the beginning of the text.
    article = make_article(editor, slug="long", question="What helps a cold?", sections=40)
    last = Claim.objects.filter(section__article=article).order_by("-section__order").first()
    last.text = "Ibuprofen eases the aches of a cold."
    last.save()
    _approved_from(article, editor)
    html = _search(client, "ibuprofen")
    assert re.search(r"<mark>Ibuprofen</mark> eases the aches", html)


def _approved_from(article, editor) -> None:
    revision = freeze_revision(article, editor)
    article_search_index(article=article, content=revision.content)
