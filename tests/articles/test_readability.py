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
    assert 5 < readability_grade(PLAIN) < 8
    assert readability_grade(DENSE) > 15


def test_a_fresh_interpreter_computes_a_grade_without_the_network():
    # The dictionary loads on first use; a new process proves nothing is fetched then.
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('offline')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from articles.readability import readability_grade\n"
        f"print(readability_grade({PLAIN!r}))\n"
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


def test_text_without_words_has_grade_zero():
    assert readability_grade("") == 0.0
    assert readability_grade(" 3000 - 42 ") == 0.0


def test_a_text_is_judged_against_its_audiences_target():
    assert text_readability(text=PLAIN, audience="patient").within_target is True
    assert text_readability(text=DENSE, audience="patient").within_target is False
    assert text_readability(text=DENSE, audience="clinician").within_target is None
