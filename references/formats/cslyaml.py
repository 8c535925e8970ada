"""CSL YAML: a Pandoc bibliography (`references:` followed by CSL items, as
`pandoc -t markdown -s` and `pandoc -f bibtex -t csljson`'s YAML twin write it, with or
without the `---`/`...` fences of a front matter block), or a bare list of items.

Pandoc reads titles in YAML as Markdown, so their emphasis (`*in vitro*`), strong,
superscript (`^2^`), subscript (`~2~`) and `[...]{.nocase}` spans are turned into the
CSL rich text the rest of the library uses. Keys other than `references` (`nocite`,
`title`, `bibliography`...) belong to a document, not to a bibliography: named in a
warning, not kept. YAML aliases are refused (they can expand a small file into a huge
one).
"""

import re

import yaml
from django.utils.translation import gettext

from references.errors import ReferenceFormatError
from references.formats.entries import ParsedEntry, ParsedFile

RICH_KEYS = ("title", "title-short", "container-title", "container-title-short")
_MARKDOWN = (
    (re.compile(r"\[([^\[\]]+)\]\{\.nocase\}"), r'<span class="nocase">\1</span>'),
    (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), r"<b>\1</b>"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"<i>\1</i>"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"<i>\1</i>"),
    (re.compile(r"\^(?=\S)([^\s^]+)\^"), r"<sup>\1</sup>"),
    (re.compile(r"(?<!~)~(?=\S)([^\s~]+)~(?!~)"), r"<sub>\1</sub>"),
)


def markdown_to_rich_text(value: str) -> str:
    """Pandoc's inline Markdown in a title as CSL rich text."""
    for pattern, replacement in _MARKDOWN:
        value = pattern.sub(replacement, value)
    return value


class _Loader(yaml.SafeLoader):
    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise ReferenceFormatError(
                gettext(
                    "line %(line)d: YAML aliases (*name) are not accepted in a reference file; "
                    "write the value out."
                )
                % {"line": event.start_mark.line + 1},
                code="unreadable",
            )
        return super().compose_node(parent, index)


def _documents(text: str):
    loader = _Loader(text)
    try:
        while loader.check_node():
            yield loader.get_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}: " if mark else ""
        raise ReferenceFormatError(
            gettext("The file is not valid YAML (%(problem)s).")
            % {"problem": f"{where}{exc.problem}"},
            code="unreadable",
        ) from None
    except yaml.YAMLError as exc:
        raise ReferenceFormatError(
            gettext("The file is not valid YAML (%(problem)s).") % {"problem": exc},
            code="unreadable",
        ) from None
    finally:
        loader.dispose()


def _item_nodes(text: str) -> tuple[list[yaml.Node], list[str]]:
    """The YAML nodes of the items, and warnings about other document keys."""
    for node in _documents(text):
        if isinstance(node, yaml.SequenceNode):
            return node.value, []
        if isinstance(node, yaml.MappingNode):
            keys = {
                key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)
            }
            if "references" in keys:
                others = sorted(key for key in keys if key != "references")
                warnings = (
                    [f"not kept (document keys, not references): {', '.join(others)}"]
                    if others
                    else []
                )
                found = keys["references"]
                if not isinstance(found, yaml.SequenceNode):
                    raise ReferenceFormatError(
                        gettext("line %(line)d: references must be a list of CSL items.")
                        % {"line": found.start_mark.line + 1},
                        code="unreadable",
                    )
                return found.value, warnings
            if "id" in keys or "title" in keys:
                return [node], []
    raise ReferenceFormatError(
        gettext(
            "The file has no 'references:' list (a CSL YAML bibliography starts with "
            "'references:' followed by '- id: ...' items)."
        ),
        code="no_entries",
    )


def _construct(node: yaml.Node):
    loader = _Loader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def parse(text: str) -> ParsedFile:
    nodes, warnings = _item_nodes(text)
    entries = []
    for number, node in enumerate(nodes, start=1):
        line = node.start_mark.line + 1
        item = _construct(node)
        if not isinstance(item, dict):
            entries.append(
                ParsedEntry(number=number, line=line, item={}, errors=("is not a CSL item",))
            )
            continue
        for key in list(item):
            if str(key).lower() in RICH_KEYS and isinstance(item[key], str):
                item[key] = markdown_to_rich_text(item[key])
        entries.append(ParsedEntry(number=number, line=line, item=item))
    return ParsedFile(entries=entries, warnings=warnings)


def dump(items: list[dict]) -> str:
    return yaml.safe_dump(
        {"references": items}, allow_unicode=True, sort_keys=False, default_flow_style=False
    )
