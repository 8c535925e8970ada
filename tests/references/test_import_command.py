"""`manage.py import_references FILE [--format ...] [--as USERNAME]`."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from references.models import Reference

DATA = Path(__file__).parent / "data"


def test_the_command_imports_a_file_recording_who_imported_it(editor, capsys):
    call_command("import_references", str(DATA / "zotero.ris"), "--as", "editor")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "4 entries: 4 created, 0 matched to records already in the library, 0 matched and enriched."
    )
    assert [line.split(": created")[0] for line in out[1:]] == [
        "entry 1 (line 1)",
        "entry 2 (line 24)",
        "entry 3 (line 37)",
        "entry 4 (line 51)",
    ]
    assert {r.history.get().history_user for r in Reference.objects.all()} == {editor}


def test_without_a_user_the_import_is_recorded_as_the_system_account(db):
    call_command("import_references", str(DATA / "items.json"))
    (user,) = {r.history.get().history_user for r in Reference.objects.all()}
    assert (user.username, user.is_active, user.has_usable_password()) == ("system", False, False)


def test_a_refused_file_does_not_even_create_the_system_account(db):
    with pytest.raises(CommandError):
        call_command("import_references", str(DATA / "broken.json"))
    assert not User.objects.filter(username="system").exists()


def test_running_it_again_matches_instead_of_duplicating(db, capsys):
    call_command("import_references", str(DATA / "pubmed.nbib"))
    capsys.readouterr()
    call_command("import_references", str(DATA / "pubmed.nbib"))
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "3 entries: 0 created, 3 matched to records already in the library, 0 matched and enriched."
    )
    assert all(": matched reference " in line for line in out[1:])
    assert Reference.objects.count() == 3


def test_a_broken_file_fails_the_command_with_every_error_and_imports_nothing(db):
    with pytest.raises(CommandError) as caught:
        call_command("import_references", str(DATA / "missing_er.ris"))
    assert str(caught.value).splitlines() == [
        "Nothing was imported; correct the file and import it again:",
        "  entry 2 (line 8): has no 'ER  - ' line before the next reference starts on line 14",
        "  entry 3 (line 14): the file ends before its 'ER  - ' line",
    ]
    assert Reference.objects.count() == 0


def test_a_file_whose_name_gives_no_format_needs_format(db, tmp_path):
    path = tmp_path / "pubmed-export.txt"
    path.write_bytes((DATA / "pubmed.nbib").read_bytes())
    with pytest.raises(CommandError, match="pass --format"):
        call_command("import_references", str(path))
    call_command("import_references", str(path), "--format", "nbib")
    assert Reference.objects.count() == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.ris"], "Cannot read missing.ris"),
        ([str(DATA / "zotero.ris"), "--as", "nobody"], "There is no user 'nobody'."),
    ],
)
def test_bad_arguments_are_refused_clearly(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_references", *args)
