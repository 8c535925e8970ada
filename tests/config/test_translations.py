"""The Spanish catalogues are complete and the committed compiled catalogues are their own:
django.po (templates and Python) and djangojs.po (the desk's scripts, served by Django's
JavaScript catalog).

`makemessages` runs over a copy of the project (so the repository's catalogue is never
rewritten by a test), merging into a copy of the committed catalogue: a string marked for
translation anywhere in the site's code or templates that has no Spanish, or only a fuzzy
guess, fails here; so does a committed catalogue that is not what `make messages` would
write. Needs GNU gettext (installed by `make test`, `.ci/run`): without it the test fails,
it never skips."""

import gettext
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from articles.labels import LABELS
from reviews.labels import LABELS as REVIEW_LABELS

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = ROOT / "locale" / "es" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")
SOURCES = (
    "articles",
    "reviews",
    "desk",
    "api",
    "audit",
    "webhooks",
    "references",
    "config",
    "monitoring",
    "templates",
    "static",
)


def _gettext_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"GNU gettext's {name} is required (apt-get install gettext).", pytrace=False)
    return path


@pytest.fixture(scope="module", params=DOMAINS)
def domain(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def catalogue(domain) -> Path:
    return MESSAGES / f"{domain}.po"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory, domain, catalogue) -> Path:
    """The catalogue as makemessages leaves it after merging today's strings into the
    committed one, in a copy of the project."""
    _gettext_tool("xgettext")
    copy = tmp_path_factory.mktemp("project")
    for name in SOURCES:
        shutil.copytree(
            ROOT / name,
            copy / name,
            ignore=shutil.ignore_patterns(
                "__pycache__", "*.pyc", "migrations", "node_modules", "vendor", "src"
            ),
        )
    (copy / "locale" / "es" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(catalogue, copy / "locale" / "es" / "LC_MESSAGES" / catalogue.name)
    here = os.getcwd()
    os.chdir(copy)
    try:
        with override_settings(LOCALE_PATHS=[copy / "locale"]):
            call_command("makemessages", locale=["es"], domain=domain, verbosity=0)
    finally:
        os.chdir(here)
    return copy / "locale" / "es" / "LC_MESSAGES" / catalogue.name


def _entries(po: Path, *flags: str) -> str:
    result = subprocess.run(
        [_gettext_tool("msgattrib"), "--no-obsolete", "--no-wrap", *flags, str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def _msgids(po: Path) -> set[tuple[str, str]]:
    """(context, msgid) of every entry (with --no-wrap each is on one line)."""
    entry = r'^(?:msgctxt "((?:[^"\\]|\\.)*)"\n)?msgid "((?:[^"\\]|\\.)*)"$'
    return set(re.findall(entry, _entries(po), re.M))


def test_every_string_marked_for_translation_has_a_spanish_translation(extracted):
    untranslated = _entries(extracted, "--untranslated")
    assert "msgid" not in untranslated, f"Strings without Spanish (make messages):\n{untranslated}"


def test_no_spanish_translation_is_fuzzy(extracted):
    fuzzy = _entries(extracted, "--only-fuzzy", "--clear-fuzzy")
    assert "msgid" not in fuzzy, f"Fuzzy Spanish entries (check and unmark them):\n{fuzzy}"


def test_the_committed_catalogue_holds_exactly_the_strings_the_code_marks(extracted, catalogue):
    assert _msgids(catalogue) == _msgids(extracted)


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_committed_compiled_catalogue_is_the_catalogue_compiled(tmp_path, domain):
    catalogue = MESSAGES / f"{domain}.po"
    compiled = tmp_path / f"{domain}.mo"
    subprocess.run(
        [_gettext_tool("msgfmt"), "--check", "-o", str(compiled), str(catalogue)], check=True
    )
    with compiled.open("rb") as fresh, catalogue.with_suffix(".mo").open("rb") as committed:
        expected = gettext.GNUTranslations(fresh)._catalog
        assert gettext.GNUTranslations(committed)._catalog == expected


def test_the_labels_translated_on_display_are_labels_the_code_defines(settings):
    from articles import models

    defined = {label for _key, label, _grade in settings.ARTICLE_AUDIENCES}
    for choices in (
        models.ChangeType,
        models.RevisionState,
        models.Evidence,
        models.Origin,
        models.SectionKind,
        models.QuestionStatus,
    ):
        defined |= set(choices.labels)
    assert set(LABELS) <= defined
    assert defined <= set(LABELS)


def test_the_review_labels_translated_on_display_are_the_review_models_labels():
    from reviews import models

    defined = set()
    for choices in (models.Action, models.AssignmentState, models.AssignmentOrigin):
        defined |= set(choices.labels)
    assert set(REVIEW_LABELS) == defined
