"""The export_xliff and import_xliff management commands."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from translate.storage.xliff2 import Xliff2File

from articles.models import Claim
from tests.editing import nothing_written


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_then_import_round_trips_a_translation_through_files(translation, editor, tmp_path):
    path = tmp_path / "back-pain-es.xlf"
    _, err = run("export_xliff", "back-pain-es", "-o", str(path))
    assert err.startswith(f"{path}: ")
    store = Xliff2File.parsestring(path.read_bytes())
    for unit in store.units:
        unit.target = f"Agencia: {unit.source}"
    path.write_bytes(bytes(store))
    out, _ = run("import_xliff", "back-pain-es", str(path), "--as", "editor")
    assert out.startswith("XLIFF imported: ") and "0 unit(s) untranslated" in out
    claims = Claim.objects.filter(section__article=translation)
    assert all(c.text.startswith("Agencia: ") for c in claims)
    assert Claim.history.filter(history_user=editor, history_change_reason="Claim edited").count()


def test_export_prints_the_file_without_output(translation):
    out, _ = run("export_xliff", "back-pain-es")
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>') and 'trgLang="es"' in out


def test_a_refused_import_is_a_command_error_and_writes_nothing(translation, editor, tmp_path):
    path = tmp_path / "bad.xlf"
    path.write_bytes(b"<xliff")
    with nothing_written(), pytest.raises(CommandError, match="not well-formed XML"):
        run("import_xliff", "back-pain-es", str(path), "--as", "editor")


def test_import_as_an_unknown_user_is_refused(translation, tmp_path):
    with pytest.raises(CommandError, match="There is no user named 'nobody'"):
        run("import_xliff", "back-pain-es", str(tmp_path / "x.xlf"), "--as", "nobody")


def test_export_of_an_unknown_slug_is_refused(db):
    with pytest.raises(CommandError, match="There is no article with the slug 'nope'"):
        run("export_xliff", "nope")
