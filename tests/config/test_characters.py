"""The one definition of the characters no text may hold, and how a refusal reads."""

import pytest

from config.characters import refused_character, refused_in_tree, refused_message

REFUSED = [
    "\x00",
    "\x01",
    "\x07",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x1f",
    "\x7f",
    "\x80",
    "\x85",
    "\x9f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\ud800",
    "\udfff",
]
ACCEPTED = ["\t", "\n", "\r", " ", "é", "\u00a0", "\u200e", "\u200f", "\u2028", "🩺", "ש", "م"]


@pytest.mark.parametrize("char", REFUSED, ids=[f"U+{ord(c):04X}" for c in REFUSED])
def test_each_refused_character_is_found_wherever_it_is(char):
    found = refused_character(f"Take 5 mg{char} daily")
    assert found is not None
    assert (found.char, found.position) == (char, 10)


@pytest.mark.parametrize("char", ACCEPTED, ids=[f"U+{ord(c):04X}" for c in ACCEPTED])
def test_tabs_line_breaks_and_every_script_are_text(char):
    assert refused_character(f"Take 5 mg{char} daily") is None


def test_the_message_names_the_field_the_character_and_the_position():
    text = "Ibuprofen\x00 helps."
    assert refused_message(text, label="Claim text") == (
        "Claim text contains a control character (U+0000) at position 10; remove it."
    )


def test_a_multiline_text_is_pointed_at_by_line_and_column():
    text = "First line.\nSecond \u202eline."
    assert refused_message(text, label="The document") == (
        "The document contains a bidirectional-text control (U+202E) at line 2, column 8; "
        "remove it."
    )


def test_a_lone_surrogate_is_named_as_one():
    assert refused_message("a\udc00", label="Title") == (
        "Title contains a lone surrogate (U+DC00) at position 2; remove it."
    )


def test_clean_text_has_no_message():
    assert refused_message("Paracetamol 1 g, up to 4 times a day.", label="Claim text") is None


def test_the_first_refused_string_in_json_is_found_with_its_path():
    data = {"title": "Fine", "author": [{"family": "Ok"}, {"family": "Bad\x07"}]}
    assert refused_in_tree(data) == (
        "author[1].family",
        "'author[1].family' contains a control character (U+0007) at position 4; remove it.",
    )


def test_a_refused_key_in_json_is_found_too():
    field, message = refused_in_tree({"note": {"x\u202ey": 1}})
    assert field == "note"
    assert "The key 'note.x\u202ey' contains a bidirectional-text control (U+202E)" in message


def test_clean_json_passes():
    assert refused_in_tree({"a": [1, 2.5, None, True, "text\twith tab\n"]}) is None
