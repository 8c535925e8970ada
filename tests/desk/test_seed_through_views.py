"""The seed article (articles/demo/upper-back-pain.md) written from scratch through the
editor's forms alone: article, lead summary, sections, claims, patient texts, five
references added inline, and every citation. The result must equal the same document
imported by the import command's code, section by section and claim by claim."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from articles.documents import article_import, document_parse
from articles.models import Article, Claim, Section, SectionKind
from articles.snapshot import working_copy_snapshot
from references.models import Reference
from tests.desk.conftest import placed

SEED = Path(settings.BASE_DIR) / "articles" / "demo" / "upper-back-pain.md"


class EditorSession:
    """An editor at the keyboard: every step is one form posted through the test client."""

    def __init__(self, client, slug: str):
        self.client = client
        self.slug = slug
        self.created: dict[str, int] = {}  # document reference id -> library record

    def url(self, name: str, *args) -> str:
        return reverse(f"editor:{name}", args=[self.slug, *args])

    def post(self, url: str, data: dict) -> str:
        """Posts the form; returns where the next page shows its confirmation (the id of
        what was added or changed)."""
        response = self.client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        return placed(response)[-1][0]

    def add_section(self, heading: str) -> int:
        place = self.post(self.url("section-add"), {"heading": heading})
        return int(place.removeprefix("section-"))

    def add_claim(self, section_pk: int, claim) -> Claim:
        data = {
            "text": claim.text,
            "evidence": claim.evidence,
            **{f"text_{audience}": text for audience, text in claim.texts.items()},
        }
        if claim.no_citation_needed:
            data["no_citation_needed"] = "1"
        place = self.post(self.url("claim-add", section_pk), data)
        return Claim.objects.get(uuid=place.removeprefix("claim-"))

    def cite(self, claim: Claim, key: str, reference) -> None:
        if key not in self.created:
            fields = reference.fields
            self.post(
                self.url("reference-new", claim.pk),
                {
                    "csl_type": fields["csl_type"],
                    "genre": fields.get("genre", ""),
                    "title": fields["title"],
                    "publisher": fields.get("publisher", ""),
                    "issued": str(fields.get("issued_year") or ""),
                },
            )
            self.created[key] = claim.citations.order_by("order").last().reference_id
            return
        # Later citations pick the record from the library by its title, as an editor would;
        # when the words match several records, the choice page's button sends its id.
        title = Reference.objects.get(pk=self.created[key]).title
        response = self.client.post(self.url("citation-add", claim.pk), {"query": title})
        if response.status_code == 200:
            assert "Which source did you mean?" in response.content.decode()
            self.post(self.url("citation-add", claim.pk), {"reference": self.created[key]})
        else:
            assert response.status_code == 302


def _comparable(content: dict) -> dict:
    """Revision content with citations named by their source's title (the library ids of
    the two articles' references are compared separately)."""
    titles = {key: item["title"] for key, item in content["references"].items()}
    return {
        "question": content["question"],
        "title": content["title"],
        "specialty": content["specialty"],
        "origin": content["origin"],
        "sections": [
            {
                "kind": section["kind"],
                "heading": section["heading"],
                "claims": [
                    {
                        "text": claim["text"],
                        "evidence": claim["evidence"],
                        "no_citation_needed": claim["no_citation_needed"],
                        "texts": claim["texts"],
                        "citations": [titles[key] for key in claim["citations"]],
                    }
                    for claim in section["claims"]
                ],
            }
            for section in content["sections"]
        ],
    }


@pytest.mark.django_db
def test_the_seed_article_is_recreated_entirely_through_the_editor(client, editor):
    text = SEED.read_text(encoding="utf-8")
    document = document_parse(text=text)
    client.force_login(editor)

    response = client.post(
        reverse("editor:article-new"),
        {
            "question": document.question,
            "title": document.title,
            "specialty": document.specialty,
            "origin": document.origin,
            "slug": "upper-back-pain-by-hand",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="upper-back-pain-by-hand")
    session = EditorSession(client, article.slug)
    references = document.references_by_id()
    for parsed_section in document.sections:
        if parsed_section.kind == SectionKind.LEAD:
            section_pk = article.sections.get(kind=SectionKind.LEAD).pk
        else:
            section_pk = session.add_section(parsed_section.heading)
        for parsed_claim in parsed_section.claims:
            claim = session.add_claim(section_pk, parsed_claim)
            for key in parsed_claim.citations:
                session.cite(claim, key, references[key])

    # What was typed, counted independently of the parser: 10 sections after the lead,
    # 30 claims, 10 patient texts, 5 references in the library.
    by_hand = working_copy_snapshot(article)
    assert [s["kind"] for s in by_hand["sections"]].count("body") == 10
    assert sum(len(s["claims"]) for s in by_hand["sections"]) == 30
    # Every claim of the seed has its patient text.
    assert sum(len(c["texts"]) for s in by_hand["sections"] for c in s["claims"]) == 30
    assert Reference.objects.count() == 5
    assert Section.objects.filter(article=article).count() == 11

    imported = article_import(text=text, owner=editor, slug="upper-back-pain-imported")
    from_document = working_copy_snapshot(imported)

    assert _comparable(by_hand) == _comparable(from_document)
    # The import found the five sources the editor typed in, rather than adding them again:
    # the references are the same library records with the same bibliographic data.
    assert Reference.objects.count() == 5
    assert by_hand["references"] == from_document["references"]
    # And the article passes the submission checks, ready for review.
    submit = client.get(reverse("editor:submit", args=[article.slug]))
    assert "The submission checks found no problems." in submit.content.decode()
