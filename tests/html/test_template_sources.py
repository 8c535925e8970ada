"""What the Nu checker found, kept out of the templates by a check that needs no Java, so
the ordinary suite catches it too (tests/html/test_nu_checker.py checks the pages)."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = sorted(Path(settings.BASE_DIR, "templates").rglob("*.html"))


def _lines_matching(pattern: str) -> list[str]:
    found = []
    for path in TEMPLATES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(pattern, line):
                found.append(f"{path.relative_to(settings.BASE_DIR)}:{number}")
    return found


def test_the_templates_are_found():
    assert len(TEMPLATES) > 30


def test_no_form_has_an_empty_action():
    # An empty action is invalid HTML; without the attribute a form goes to its own page.
    assert _lines_matching(r"""action=(""|'')""") == []


def test_no_time_element_is_given_microseconds():
    # date:'c' keeps microseconds; HTML allows three digits of a second at most.
    assert _lines_matching(r"""\|date:["']c["']""") == []


def test_no_template_comment_spans_lines():
    # Django's {# #} ends at the line's end: a longer one is printed on the page as text.
    assert _lines_matching(r"\{#(?!.*#\})") == []
