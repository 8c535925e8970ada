"""XLIFF 2.0 export and import of a translation's working copy (articles/xliff)."""

import pytest
from lxml import etree
from translate.storage.xliff2 import Xliff2File

from articles.errors import ArticleError
from articles.models import Citation, Claim, ClaimText
from articles.services import translation_start
from articles.xliff import XLIFF_MAX_BYTES, translation_xliff_export, translation_xliff_import
from tests.editing import nothing_written

NS = "urn:oasis:names:tc:xliff:document:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@pytest.fixture
def translation(source, editor):
    """A fresh Spanish translation: every claim still holds the English words."""
    return translation_start(source=source, language="es", actor=editor)


def agency_fills(data: bytes, *, skip=()) -> bytes:
    """What an agency sends back: every target written (but those in `skip`)."""
    store = Xliff2File.parsestring(data)
    for unit in store.units:
        if unit.getid() not in skip:
            unit.target = f"ES {unit.source}"
            unit.marktranslated()
    return bytes(store)


def units_of(data: bytes) -> dict:
    root = etree.fromstring(data)
    return {u.get("id"): u for u in root.iter(f"{{{NS}}}unit")}


def citations_state(article) -> list:
    return list(
        Citation.objects.filter(claim__section__article=article)
        .order_by("pk")
        .values_list("claim__uuid", "reference_id", "order", "prefix", "locator", "suffix")
    )


def test_the_export_has_the_languages_and_one_unit_per_translatable_piece(translation):
    data = translation_xliff_export(article=translation)
    root = etree.fromstring(data)
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "en", "es")
    ids = list(units_of(data))
    claims = Claim.objects.filter(section__article=translation)
    assert ids[:2] == ["question", "title"]
    assert {f"claim-{c.source_uuid}" for c in claims} <= set(ids)
    sections = translation.sections.filter(kind="body")
    assert {f"section-{s.pk}" for s in sections} <= set(ids)
    lead = claims.get(section__kind="lead")
    assert f"claim-{lead.source_uuid}-patient" in ids
    assert len(ids) == len(set(ids)) == 2 + claims.count() + sections.count() + 1


def test_the_export_takes_sources_from_the_tied_revision_and_no_targets_while_untranslated(
    translation,
):
    units = units_of(translation_xliff_export(article=translation))
    unit = units["question"]
    assert unit.findtext(f"{{{NS}}}segment/{{{NS}}}source") == "What helps back pain?"
    assert unit.find(f"{{{NS}}}segment/{{{NS}}}target") is None


def test_the_export_carries_the_working_copys_translation_as_target(translation, editor):
    claim = Claim.objects.filter(section__article=translation, section__kind="body").first()
    claim.text = "Traducción propia."
    claim.save()
    unit = units_of(translation_xliff_export(article=translation))[f"claim-{claim.source_uuid}"]
    segment = unit.find(f"{{{NS}}}segment")
    assert segment.findtext(f"{{{NS}}}target") == "Traducción propia."
    assert segment.get("state") == "translated"


def test_citations_are_notes_of_the_unit_never_in_the_text(translation):
    claim = Claim.objects.filter(section__article=translation).first()
    unit = units_of(translation_xliff_export(article=translation))[f"claim-{claim.source_uuid}"]
    notes = [n.text for n in unit.iter(f"{{{NS}}}note") if n.get("category") == "citations"]
    key = claim.citations.get().reference
    assert len(notes) == 1 and f"ref-{key.pk} ({key.title})" in notes[0]
    text = unit.findtext(f"{{{NS}}}segment/{{{NS}}}source")
    assert "@" not in text and "[" not in text


def test_the_export_keeps_the_core_schemas_places_for_notes_and_whitespace(translation):
    """XLIFF 2.0 core: <notes> and xml:space belong to <unit>, before its segments; a
    <segment> has only id, canResegment, state and subState."""
    root = etree.fromstring(translation_xliff_export(article=translation))
    for segment in root.iter(f"{{{NS}}}segment"):
        assert set(segment.attrib) <= {"id", "canResegment", "state", "subState"}
        assert [etree.QName(c).localname for c in segment] in (["source"], ["source", "target"])
    for unit in root.iter(f"{{{NS}}}unit"):
        names = [etree.QName(c).localname for c in unit]
        assert names[-1] == "segment" and names.count("notes") <= 1
        assert names.index("segment") > (names.index("notes") if "notes" in names else -1)
        assert unit.get(XML_SPACE) == "preserve"


def test_a_source_article_has_no_xliff(source):
    with pytest.raises(ArticleError, match="Only a translation"):
        translation_xliff_export(article=source)


def test_the_round_trip_writes_every_target_with_history_and_keeps_citations(translation, editor):
    before = citations_state(translation)
    history = Claim.history.filter(history_type="~").count()
    report = translation_xliff_import(
        article=translation,
        data=agency_fills(translation_xliff_export(article=translation)),
        actor=editor,
    )
    translation.refresh_from_db()
    assert translation.question == "ES What helps back pain?"
    assert translation.title == "ES Back pain"
    claims = Claim.objects.filter(section__article=translation)
    assert all(c.text.startswith("ES ") for c in claims)
    assert ClaimText.objects.get(claim__section__article=translation).text == "ES Stay active."
    assert all(s.heading.startswith("ES Section") for s in translation.sections.filter(kind="body"))
    assert citations_state(translation) == before
    assert Claim.history.filter(history_type="~").count() == history + claims.count()
    assert Claim.history.filter(history_user=editor, history_change_reason="Claim edited").exists()
    assert (report.changed, report.unchanged, report.untranslated) == (report.changed, 0, [])
    assert report.changed == len(units_of(translation_xliff_export(article=translation)))


def test_a_second_export_after_import_carries_the_targets(translation, editor):
    filled = agency_fills(translation_xliff_export(article=translation))
    translation_xliff_import(article=translation, data=filled, actor=editor)
    again = units_of(translation_xliff_export(article=translation))
    assert again["question"].findtext(f"{{{NS}}}segment/{{{NS}}}target") == (
        "ES What helps back pain?"
    )
    report = translation_xliff_import(article=translation, data=filled, actor=editor)
    assert report.changed == 0 and report.unchanged == len(again)


def test_empty_targets_are_kept_as_they_are_and_reported(translation, editor):
    claim = Claim.objects.filter(section__article=translation).first()
    uid = f"claim-{claim.source_uuid}"
    data = agency_fills(translation_xliff_export(article=translation), skip={uid, "title"})
    report = translation_xliff_import(article=translation, data=data, actor=editor)
    claim.refresh_from_db()
    assert claim.text == "Keep moving and use heat."
    assert sorted(report.untranslated) == sorted([uid, "title"])
    assert "2 unit(s) untranslated" in report.summary()


def refused(translation, actor, data: bytes, match: str) -> None:
    with nothing_written(), pytest.raises(ArticleError, match=match) as caught:
        translation_xliff_import(article=translation, data=data, actor=actor)
    assert caught.value.message.startswith("The XLIFF file was not imported")


def test_malformed_xml_is_refused_and_nothing_is_written(translation, editor):
    data = agency_fills(translation_xliff_export(article=translation))
    refused(translation, editor, data[:-40], "not well-formed XML")


def test_an_xliff_1_file_is_refused(translation, editor):
    data = (
        b'<?xml version="1.0"?><xliff version="1.2" '
        b'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="en" '
        b'target-language="es" datatype="plaintext" original="x"><body/></file></xliff>'
    )
    refused(translation, editor, data, "not an XLIFF 2 file")


def test_a_file_into_another_language_is_refused(translation, editor):
    data = agency_fills(translation_xliff_export(article=translation))
    refused(translation, editor, data.replace(b'trgLang="es"', b'trgLang="fr"'), "trgLang is 'fr'")


def test_a_file_from_another_source_language_is_refused(translation, editor):
    data = agency_fills(translation_xliff_export(article=translation))
    refused(translation, editor, data.replace(b'srcLang="en"', b'srcLang="de"'), "srcLang is 'de'")


def test_a_region_in_the_language_codes_is_accepted(translation, editor):
    data = agency_fills(translation_xliff_export(article=translation))
    data = data.replace(b'trgLang="es"', b'trgLang="es-ES"').replace(b'"en"', b'"en-US"')
    assert translation_xliff_import(article=translation, data=data, actor=editor).changed


def test_a_file_made_from_another_source_revision_is_refused(translation, editor):
    data = agency_fills(translation_xliff_export(article=translation))
    old = b"/revisions/1"
    assert old in data
    refused(translation, editor, data.replace(old, b"/revisions/2"), "now translates")


def test_a_file_made_for_another_article_is_refused(translation, editor):
    data = agency_fills(translation_xliff_export(article=translation))
    slug = translation.slug.encode()
    refused(translation, editor, data.replace(b'id="' + slug, b'id="other'), "made for 'other")


def test_unknown_unit_ids_are_refused(translation, editor):
    data = agency_fills(translation_xliff_export(article=translation))
    refused(
        translation,
        editor,
        data.replace(b'id="title"', b'id="subtitle"'),
        "not in this translation: subtitle",
    )


def test_a_unit_split_into_segments_is_refused(translation, editor):
    data = agency_fills(translation_xliff_export(article=translation))
    store = Xliff2File.parsestring(data)
    unit = next(u for u in store.units if u.getid() == "title")
    segment = unit.xmlelement
    segment.addnext(etree.fromstring(etree.tostring(segment)))
    refused(translation, editor, bytes(store), "split into several segments: title")


def test_a_target_with_inline_codes_is_refused(translation, editor):
    data = agency_fills(translation_xliff_export(article=translation))
    data = data.replace(b"<target>ES Back pain</target>", b'<target>ES <ph id="1"/></target>')
    refused(translation, editor, data, "inline codes")


def test_an_entity_declaration_is_refused_unexpanded(translation, editor):
    data = agency_fills(translation_xliff_export(article=translation))
    bomb = b'<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    data = data.replace(b"?>\n", b"?>\n" + bomb, 1).replace(b"ES Back pain", b"&b;")
    refused(translation, editor, data, "DOCTYPE")


def test_an_external_entity_is_never_read(translation, editor, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    data = agency_fills(translation_xliff_export(article=translation))
    doctype = f'<!DOCTYPE xliff [<!ENTITY x SYSTEM "file://{secret}">]>'.encode()
    data = data.replace(b"?>\n", b"?>\n" + doctype, 1).replace(b"ES Back pain", b"&x;")
    refused(translation, editor, data, "DOCTYPE")
    assert not Claim.objects.filter(text__contains="SECRET").exists()


def test_an_oversized_file_is_refused(translation, editor):
    refused(translation, editor, b" " * (XLIFF_MAX_BYTES + 1), "over the limit of")


def test_a_target_a_service_refuses_undoes_the_whole_import(translation, editor):
    data = agency_fills(translation_xliff_export(article=translation))
    long = b"x" * 400
    section = translation.sections.filter(kind="body").first()
    data = data.replace(
        f"<target>ES {section.heading}</target>".encode(), b"<target>" + long + b"</target>"
    )
    refused(translation, editor, data, f"unit 'section-{section.pk}'")


def test_only_the_translations_editors_may_import(translation, editor2):
    data = agency_fills(translation_xliff_export(article=translation))
    with nothing_written(), pytest.raises(ArticleError) as caught:
        translation_xliff_import(article=translation, data=data, actor=editor2)
    assert caught.value.status == 403


def test_a_working_copy_in_review_is_not_changed(translation, editor):
    from reviews.workflow import revision_submit

    data = agency_fills(translation_xliff_export(article=translation))
    revision_submit(article=translation, actor=editor, comment="Spanish")
    with nothing_written(), pytest.raises(ArticleError) as caught:
        translation_xliff_import(article=translation, data=data, actor=editor)
    assert caught.value.code == "locked"


def test_a_target_that_repeats_the_source_never_overwrites_a_translation(translation, editor):
    """CAT tools copy the source into segments nobody translated."""
    claim = Claim.objects.filter(section__article=translation).first()
    data = translation_xliff_export(article=translation)
    claim.text = "Muévase y use calor."
    claim.save()
    store = Xliff2File.parsestring(data)
    for unit in store.units:
        unit.target = unit.source
    report = translation_xliff_import(article=translation, data=bytes(store), actor=editor)
    claim.refresh_from_db()
    assert claim.text == "Muévase y use calor."
    assert f"claim-{claim.source_uuid}" in report.untranslated and report.changed == 0


def test_a_refusal_on_a_spanish_desk_is_in_spanish(translation, editor):
    from django.utils import translation as interface

    data = agency_fills(translation_xliff_export(article=translation))
    with interface.override("es"), nothing_written(), pytest.raises(ArticleError) as caught:
        translation_xliff_import(
            article=translation, data=data.replace(b'trgLang="es"', b'trgLang="fr"'), actor=editor
        )
    assert caught.value.message == (
        "No se importó el archivo XLIFF: su trgLang es 'fr', pero esta traducción es de 'en' "
        "a 'es'."
    )
