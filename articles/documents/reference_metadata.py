"""The metadata block's `references:` list: each entry a CSL-JSON item, read by the
library's CSL reader and checked by the Reference model's own rules, key by key so that
every problem can name its line. Its own file because the references are a format of their
own (CSL), apart from the article's keys in metadata.py, which calls _references_read."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from articles.documents.inline import KEY_RE
from articles.documents.metadata_values import _max_length, _text
from articles.documents.parsed import ParsedReference
from articles.documents.yamlnodes import Entry, Node, as_date, plain
from references.csl import csl_item_read, variable_name
from references.csl.items import NAME_COLUMNS, TEXT_COLUMNS
from references.formats.cslyaml import RICH_KEYS, markdown_to_rich_text
from references.models import CslType, Reference

# CSL key -> Reference field: the library's own CSL reader's tables. Only the keys whose
# field the Reference model has are accepted (see reference_keys), so the format follows
# the library as it grows.
_TEXT_FIELDS = TEXT_COLUMNS
_NAME_FIELDS = NAME_COLUMNS
_DATE_FIELDS = {"issued": "issued_year", "accessed": "accessed", "retracted": "retracted_on"}
# CSL allows numbers for these; YAML reads `volume: 12` as one.
_NUMBER_LIKE = {"volume", "issue", "page", "edition", "number", "PMID", "PMCID"}
_CSL_ORDER = (
    "id",
    "type",
    "genre",
    "title",
    "author",
    "editor",
    "container-title",
    "publisher",
    "publisher-place",
    "edition",
    "number",
    "issued",
    "volume",
    "issue",
    "page",
    "DOI",
    "PMID",
    "PMCID",
    "URL",
    "accessed",
    "retracted",
)
_FIELD_BY_KEY = {"type": "csl_type", **_TEXT_FIELDS, **_NAME_FIELDS, **_DATE_FIELDS}
NAME_PARTS = ("family", "given", "literal", "suffix", "non-dropping-particle", "dropping-particle")


def reference_keys() -> tuple[str, ...]:
    """The CSL keys a reference may have, in the order the exporter writes them."""
    names = {f.name for f in Reference._meta.get_fields()}
    return tuple(key for key in _CSL_ORDER if key == "id" or _FIELD_BY_KEY[key] in names)


def key_for_field(field_name: str) -> str:
    """The CSL key a Reference field is read from (for pointing at its line)."""
    if field_name in ("issued_month", "issued_day"):
        return "issued"
    return next((key for key, name in _FIELD_BY_KEY.items() if name == field_name), field_name)


def _of(key: str, name: str) -> str:
    """'title of reference 'smith-2020'': the label of one key of a reference."""
    return gettext("%(key)s of %(reference)s") % {"key": key, "reference": name}


def _references_read(
    nodes: list[Node], problems: list, declared_ids: set[str]
) -> list[ParsedReference]:
    references: list[ParsedReference] = []
    first_line: dict[str, int] = {}
    identifiers: dict[tuple[str, str], str] = {}
    for node in nodes:
        if not node.is_mapping:
            problems.append(
                (node.line, gettext("each reference must be a CSL item ('id: ...' lines)"))
            )
            continue
        declared = node.value.get("id")
        if declared is not None and isinstance(declared.node.value, str | int):
            declared_ids.add(str(declared.node.value).strip())
        reference = _reference_read(node, problems)
        if reference is None:
            continue
        if reference.id in first_line:
            problems.append(
                (
                    reference.line,
                    gettext("duplicate reference id '%(id)s' (first on line %(line)s)")
                    % {"id": reference.id, "line": first_line[reference.id]},
                )
            )
            continue
        first_line[reference.id] = reference.line
        for key, name in (("DOI", "doi"), ("PMID", "pmid")):
            value = reference.fields.get(name)
            if not value:
                continue
            if (key, value) in identifiers:
                problems.append(
                    (
                        reference.key_lines[key],
                        gettext(
                            "reference '%(id)s' has the same %(identifier)s as '%(other)s'; "
                            "cite one id for one source"
                        )
                        % {"id": reference.id, "identifier": key, "other": identifiers[key, value]},
                    )
                )
            identifiers.setdefault((key, value), reference.id)
        references.append(reference)
    return references


def _reference_read(node: Node, problems: list) -> ParsedReference | None:
    entries: dict[str, Entry] = node.value
    key_lines = {key: entry.key_line for key, entry in entries.items()}
    before = len(problems)
    ref_id = None
    if "id" not in entries:
        problems.append((node.line, gettext("a reference has no 'id'")))
    else:
        ref_id = _text(entries["id"], gettext("the reference id"), problems, number_ok=True)
        limit = _max_length(Reference, "citekey")
        if ref_id is not None and not KEY_RE.match(ref_id):
            problems.append(
                (
                    entries["id"].key_line,
                    gettext(
                        "reference id '%(id)s' cannot be cited; use letters, digits and "
                        "inner punctuation such as 'smith-2020'"
                    )
                    % {"id": ref_id},
                )
            )
        elif ref_id is not None and len(ref_id) > limit:
            problems.append(
                (
                    entries["id"].key_line,
                    gettext("reference id is over %(limit)s characters") % {"limit": limit},
                )
            )
    name = gettext("reference '%(id)s'") % {"id": ref_id} if ref_id else gettext("a reference")
    fields: dict = {}
    _csl_read(entries, name=name, fields=fields, problems=problems)
    if "title" not in entries:
        problems.append((node.line, gettext("%(reference)s has no 'title'") % {"reference": name}))
    elif not fields.get("title") and len(problems) == before:
        problems.append(
            (
                entries["title"].key_line,
                gettext("the title of %(reference)s is empty") % {"reference": name},
            )
        )
    if len(problems) == before:
        _reference_check(fields, name=name, line=node.line, key_lines=key_lines, problems=problems)
    if ref_id is None or len(problems) > before:
        return None
    return ParsedReference(id=ref_id, fields=fields, line=node.line, key_lines=key_lines)


def _csl_read(entries: dict[str, Entry], *, name: str, fields: dict, problems: list) -> None:
    """The reference's CSL variables, read by the library's CSL reader
    (references.csl), so that the front matter accepts what a CSL YAML bibliography
    does: every CSL 1.0.2 variable in any spelling Pandoc writes (`doi`, `title-short`,
    `language`), every date form (`issued: 2009-10`, `[{year, month}]`), names with
    ORCID or affiliation. A key that is no CSL variable is refused, naming its line."""
    item, spelt = {}, {}
    for key, entry in entries.items():
        if key in ("id", "retracted"):
            continue
        variable = variable_name(key)
        if variable is None:
            problems.append(
                (
                    entry.key_line,
                    gettext("unknown key '%(key)s' in %(reference)s; not a CSL variable")
                    % {"key": key, "reference": name},
                )
            )
            continue
        spelt[variable] = key
        value = plain(entry.node)
        if variable in RICH_KEYS and isinstance(value, str):
            value = markdown_to_rich_text(value)
        item[key] = value
    read = csl_item_read(item)
    for error in read.errors:
        variable = error.split(":")[0].split(" ")[0]
        key = spelt.get(variable, variable)
        if variable == "title" and "title" not in entries:
            continue  # reported below as "has no 'title'"
        line = entries[key].key_line if key in entries else None
        problems.append(
            (
                line,
                gettext("%(key)s: %(problem)s")
                % {"key": _of(key, name), "problem": error.partition(variable)[2].lstrip(": ")},
            )
        )
    read.fields.pop("citekey", None)
    # Only what the reference says: the document's identity check compares fields.
    fields.update({k: v for k, v in read.fields.items() if v not in ("", None, [], {})})
    if "retracted" in entries:
        value = as_date(entries["retracted"].node.value)
        if value is None:
            problems.append(
                (
                    entries["retracted"].key_line,
                    _not_a_date(_of("retracted", name)),
                )
            )
        else:
            fields["retracted_on"] = value


def _reference_check(fields: dict, *, name: str, line: int, key_lines: dict, problems: list):
    """The Reference model's own rules (identifier formats, lengths, URLs, dates), on an
    unsaved instance: no query is made. Its clean() also normalises DOI, PMID and PMCID,
    so the normalised values are kept."""
    fields.setdefault("csl_type", CslType.DOCUMENT.value)
    reference = Reference(**fields)
    try:
        reference.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            key = key_for_field(field_name)
            for message in messages:
                problems.append(
                    (
                        key_lines.get(key, line),
                        gettext("%(key)s: %(problem)s")
                        % {"key": _of(key, name), "problem": message},
                    )
                )
        return
    for field_name in ("doi", "pmid", "pmcid"):
        if field_name in fields:
            fields[field_name] = getattr(reference, field_name)


def _reference_key_read(key: str, entry: Entry, *, name: str, fields: dict, problems: list):
    line = entry.key_line
    label = _of(key, name)
    if key == "type":
        value = _text(entry, label, problems)
        if value is not None and value not in CslType.values:
            problems.append(
                (
                    line,
                    gettext("type '%(type)s' of %(reference)s is not known; use one of: %(known)s")
                    % {"type": value, "reference": name, "known": ", ".join(CslType.values)},
                )
            )
        elif value is not None:
            fields["csl_type"] = value
    elif key in _TEXT_FIELDS:
        value = _text(entry, label, problems, number_ok=key in _NUMBER_LIKE)
        if value is not None:
            fields[_TEXT_FIELDS[key]] = value
    elif key in _NAME_FIELDS:
        names = _names_read(entry, label=label, problems=problems)
        if names is not None:
            fields[_NAME_FIELDS[key]] = names
    elif key == "issued":
        parts = _date_parts_read(entry, label=label, problems=problems, full=False)
        if parts:
            names = ("issued_year", "issued_month", "issued_day")
            fields.update(zip(names, parts, strict=False))
    elif key == "accessed":
        value = as_date(entry.node.value)
        if value is None:
            parts = _date_parts_read(entry, label=label, problems=problems, full=True)
            value = datetime.date(*parts) if parts else None
        if value:
            fields["accessed"] = value
    elif key == "retracted":
        value = as_date(entry.node.value)
        if value is None:
            problems.append((line, _not_a_date(label)))
        else:
            fields["retracted_on"] = value


def _not_a_date(label: str) -> str:
    return gettext("%(key)s must be a date such as 2024-05-31") % {"key": label}


def _names_read(entry: Entry, *, label: str, problems: list) -> list[dict] | None:
    node = entry.node
    expected = gettext(
        "%(key)s must be a list of names such as {family: Smith, given: Jane} "
        "or {literal: World Health Organization}"
    ) % {"key": label}
    if not node.is_sequence:
        problems.append((entry.key_line, expected))
        return None
    names = []
    for person in node.value:
        value = plain(person)
        if not isinstance(value, dict):
            problems.append((person.line, expected))
            continue
        unknown = [part for part in value if part not in NAME_PARTS]
        if unknown:
            problems.append(
                (
                    person.line,
                    gettext("unknown name part '%(part)s' in %(key)s; use %(known)s")
                    % {"part": unknown[0], "key": label, "known": ", ".join(NAME_PARTS)},
                )
            )
            continue
        if not all(isinstance(part, str) and part.strip() for part in value.values()):
            problems.append(
                (person.line, gettext("each name part in %(key)s must be text") % {"key": label})
            )
            continue
        if not (value.get("family") or value.get("literal")):
            problems.append((person.line, expected))
            continue
        names.append({part: value[part].strip() for part in NAME_PARTS if part in value})
    return names


def _date_parts_read(entry: Entry, *, label: str, problems: list, full: bool) -> list[int] | None:
    expected = (
        gettext("%(key)s must be written as {date-parts: [[2024, 5, 31]]}")
        if full
        else gettext(
            "%(key)s must be written as {date-parts: [[2024]]} (year, month and day optional)"
        )
    ) % {"key": label}
    value = plain(entry.node)
    if not (isinstance(value, dict) and list(value) == ["date-parts"]):
        problems.append((entry.key_line, expected))
        return None
    ranges = value["date-parts"]
    if not (isinstance(ranges, list) and len(ranges) == 1 and isinstance(ranges[0], list)):
        problems.append(
            (
                entry.key_line,
                gettext("%(expected)s; date ranges are not supported") % {"expected": expected},
            )
        )
        return None
    parts = ranges[0]
    if not (
        (3 if full else 1) <= len(parts) <= 3
        and all(isinstance(p, int) and not isinstance(p, bool) for p in parts)
    ):
        problems.append((entry.key_line, expected))
        return None
    try:
        # Checks the year, the month and the day together (no 31 February).
        datetime.date(parts[0], *(parts[1:] + [1] * (3 - len(parts))))
    except ValueError as exc:
        problems.append(
            (
                entry.key_line,
                gettext("%(key)s is not a real date: %(problem)s") % {"key": label, "problem": exc},
            )
        )
        return None
    return parts
