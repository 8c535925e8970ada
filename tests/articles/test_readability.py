"""Readability grades: computed offline, shown against each audience's target, and served
to the editor's script as JSON."""

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from articles.readability import readability_grade, text_readability

PLAIN = "Ibuprofen or naproxen are usually the first medicines to try. They ease pain a little."
DENSE = (
    "Skeletal muscle relaxants should be considered if pain persists after two to four days "
    "of nonsteroidal anti-inflammatory drugs, with moderate-quality evidence demonstrating "
    "improved short-term analgesia compared with placebo."
)


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network access is not allowed in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_grades_are_computed_with_the_network_off(no_network):
    assert 5 < readability_grade(PLAIN, terms=()) < 8
    assert readability_grade(DENSE, terms=()) > 15


def test_a_fresh_interpreter_computes_a_grade_without_the_network():
    # The dictionary loads on first use; a new process proves nothing is fetched then.
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('offline')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from articles.readability import readability_grade\n"
        f"print(readability_grade({PLAIN!r}, terms=()))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr
    assert 5 < float(result.stdout) < 8


def test_text_without_words_has_grade_zero(db):
    assert readability_grade("") == 0.0
    assert readability_grade(" 3000 - 42 ") == 0.0


def test_a_text_is_judged_against_its_audiences_target(db):
    assert text_readability(text=PLAIN, audience="patient").within_target is True
    assert text_readability(text=DENSE, audience="patient").within_target is False
    assert text_readability(text=DENSE, audience="clinician").within_target is None


def test_listed_drug_names_do_not_raise_the_grade(db):
    assert readability_grade("Ibuprofen usually helps.") < 10
    assert readability_grade("Ibuprofen usually helps.") == readability_grade("It usually helps.")


def test_a_term_added_by_an_admin_counts_at_once_and_a_removed_one_no_longer(db):
    from articles.models import ReadabilityTerm

    text = "Zurampicillin usually helps."
    before = readability_grade(text)
    term = ReadabilityTerm.objects.create(term="Zurampicillin")
    assert readability_grade(text) < before
    term.delete()
    assert readability_grade(text) == before


def test_an_unlisted_long_word_still_counts(db):
    assert readability_grade("Unpronounceableness usually helps.") > 10


def test_a_text_above_its_target_names_the_sentence_that_pulls_it_up(db):
    result = text_readability(text=f"Rest a little. {DENSE}", audience="patient")
    assert result.within_target is False
    assert result.hardest == DENSE
    assert result.hardest_grade == readability_grade(DENSE)
    assert result.as_dict()["hardest"] == DENSE


def test_a_text_within_its_target_names_no_sentence(db):
    assert text_readability(text="Rest a little. Walk a bit.", audience="patient").hardest == ""
