"""Reading the metadata block's YAML into values that remember their line.

Only the safe YAML types are built (yaml.SafeLoader). Anchors and aliases are refused
outright, which also rules out "billion laughs" expansion, and nesting is capped so a
hostile document cannot exhaust the stack while the tree is composed.
"""

import datetime
from dataclasses import dataclass
from typing import Any

import yaml
from django.utils.translation import gettext
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

from config.characters import REFUSED

MAX_DEPTH = 10
# What a YAML escape ("\0", "\x1b", "\ud800", "\u202e") can spell inside a quoted value
# although the document's own text has none of it: the characters config.characters refuses.
_NOT_TEXT = REFUSED
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


@dataclass
class Node:
    """A YAML value and the document line it starts on. `value` is a Python scalar, a
    list of Nodes (sequence) or a dict of key -> Entry (mapping)."""

    value: Any
    line: int

    @property
    def is_mapping(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_sequence(self) -> bool:
        return isinstance(self.value, list)


@dataclass
class Entry:
    key_line: int
    node: Node


class _Loader(yaml.SafeLoader):
    def __init__(self, stream: str):
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ComposerError(
                None,
                None,
                gettext("YAML anchors and aliases (&name, *name) are not allowed"),
                event.start_mark,
            )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise ComposerError(
                    None,
                    None,
                    gettext("the YAML is nested more than %(limit)s levels deep")
                    % {"limit": MAX_DEPTH},
                    event.start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def yaml_read(text: str, *, first_line: int, problems: list) -> Node | None:
    """The YAML as a Node tree, or None (with a problem noted) when it cannot be read.
    `first_line` is the document line of the YAML's first line."""
    try:
        # The reader checks every character as the loader is made: a C1 control
        # (U+0080-U+009F) or the like fails here already.
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        line = first_line + text.count("\n", 0, exc.position)
        problems.append(
            (
                line,
                gettext("the character %(character)s is not allowed in YAML")
                % {"character": f"U+{exc.character:04X}"},
            )
        )
        return None
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else first_line
        problem = exc.problem or exc.context or gettext("unreadable YAML")
        problems.append(
            (
                line,
                gettext("the metadata block is not valid YAML: %(problem)s") % {"problem": problem},
            )
        )
        return None
    except yaml.YAMLError as exc:
        problems.append(
            (
                first_line,
                gettext("the metadata block is not valid YAML: %(problem)s") % {"problem": exc},
            )
        )
        return None
    finally:
        loader.dispose()
    if root is None:
        return None
    return _convert(loader, root, first_line=first_line, problems=problems)


def _convert(loader: _Loader, node, *, first_line: int, problems: list) -> Node:
    line = first_line + node.start_mark.line
    if isinstance(node, yaml.ScalarNode):
        try:
            value = loader.construct_object(node, deep=True)
        except (ConstructorError, ValueError) as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            problems.append(
                (line, gettext("this value cannot be read: %(problem)s") % {"problem": problem})
            )
            return Node(None, line)
        if isinstance(value, str):
            value = _text_of(value, line=line, problems=problems)
        return Node(value, line)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ_TAG:
            problems.append((line, _tag_refused(node.tag)))
        items = [
            _convert(loader, child, first_line=first_line, problems=problems)
            for child in node.value
        ]
        return Node(items, line)
    if node.tag != _MAP_TAG:
        problems.append((line, _tag_refused(node.tag)))
    entries: dict[str, Entry] = {}
    for key_node, value_node in node.value:
        key_line = first_line + key_node.start_mark.line
        key = (
            _convert(loader, key_node, first_line=first_line, problems=problems).value
            if isinstance(key_node, yaml.ScalarNode)
            else None
        )
        if not isinstance(key, str):
            problems.append((key_line, gettext("a key must be a plain word such as 'title'")))
            continue
        if key in entries:
            problems.append(
                (
                    key_line,
                    gettext("'%(key)s' is given twice (first on line %(line)s)")
                    % {"key": key, "line": entries[key].key_line},
                )
            )
            continue
        entries[key] = Entry(
            key_line, _convert(loader, value_node, first_line=first_line, problems=problems)
        )
    return Node(entries, line)


def _tag_refused(tag: str) -> str:
    return gettext("the YAML tag %(tag)s is not allowed") % {"tag": tag}


def _text_of(value: str, *, line: int, problems: list) -> str | None:
    # JSON-minded tools write an emoji as a surrogate pair ("\ud83e\ude7a"), which YAML
    # decodes as two halves: join them. Whatever is still not text is refused.
    value = value.encode("utf-16", "surrogatepass").decode("utf-16", "surrogatepass")
    if _NOT_TEXT.search(value):
        problems.append(
            (
                line,
                gettext("this value has an escape for a character that is not text, such as \\0"),
            )
        )
        return None
    return value


def plain(node: Node) -> Any:
    """The Python value of a Node tree, without line numbers."""
    if node.is_mapping:
        return {key: plain(entry.node) for key, entry in node.value.items()}
    if node.is_sequence:
        return [plain(child) for child in node.value]
    return node.value


def as_date(value: Any) -> datetime.date | None:
    """An ISO date (YAML reads an unquoted one as a date already), or None."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
