"""Writing revision content (or the working copy) as an article document that imports
back to the same sections, claims, audience texts, evidence, citations and references."""

import yaml
from django.utils.text import slugify

from articles.audiences import extra_audience_keys
from articles.citing import KEY_RE, cite_markers_rewrite, locator_write, narrative_refkey
from articles.documents.escaping import text_escape
from articles.documents.inline import UNCITED_CLASS
from articles.documents.metadata import AI_DISCLOSURE_KEYS
from articles.documents.reference_metadata import reference_keys
from articles.markup import cite_keys
from articles.models import Article, Evidence, Origin, SectionKind
from articles.snapshot import working_copy_snapshot

_NESTED_INDENT = "    "


class _Flow(dict):
    """A mapping written on one line, as in `issued: {date-parts: [[2025]]}`."""


class _Dumper(yaml.SafeDumper):
    # Indent list items under their key (`references:` then `  - id: ...`), as people write.
    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


_Dumper.add_representer(
    _Flow,
    lambda dumper, data: dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True),
)


def document_from_article(*, article: Article) -> str:
    """The article's working copy as a document, with what it says for the next submission
    (`change-summary`, `ai-disclosure`), so importing it again loses nothing."""
    submission: dict = {}
    if article.draft_change_summary:
        submission["change-summary"] = article.draft_change_summary
    if article.draft_ai_disclosure:
        names = {field: key for key, field in AI_DISCLOSURE_KEYS.items()}
        submission["ai-disclosure"] = {
            names[field]: value for field, value in article.draft_ai_disclosure.items()
        }
    return document_from_content(content=working_copy_snapshot(article), submission=submission)


def document_from_content(*, content: dict, submission: dict | None = None) -> str:
    """Revision content (see articles.snapshot) as a document."""
    references: dict[str, dict] = content.get("references", {})
    order = _references_in_order(content)
    ids = _ids_assign(references, order)

    metadata: dict = {"question": content.get("question", "")}
    if content.get("title"):
        metadata["title"] = content["title"]
    if content.get("slug"):
        metadata["slug"] = content["slug"]
    if content.get("specialty"):
        metadata["specialty"] = content["specialty"]
    metadata["origin"] = content.get("origin") or Origin.HUMAN
    if content.get("language"):
        metadata["lang"] = content["language"]
    if content.get("source"):
        source = content["source"]
        metadata["translation-of"] = {"slug": source["slug"], "revision": source["revision"]}
    metadata.update(submission or {})
    if order:
        metadata["references"] = [_csl_item(references[key], ids[key]) for key in order]
    front = yaml.dump(
        _plain(metadata),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,  # never fold a long title over several lines
    )

    blocks: list[str] = []
    # The lead is read from the paragraphs before the first heading, so it goes first.
    sections = sorted(content.get("sections", []), key=lambda s: s.get("kind") != SectionKind.LEAD)
    for section in sections:
        if section.get("kind") == SectionKind.LEAD:
            blocks.extend(_lead_blocks(section, ids, references))
        else:
            blocks.append(_section_block(section, ids, references))
    return f"---\n{front}---\n\n" + "\n\n".join(blocks) + "\n"


def _plain(value):
    """Plain str, int, list and dict, which the safe dumper writes: content built from
    unsaved model instances can hold TextChoices members (str subclasses)."""
    if isinstance(value, _Flow):
        return _Flow({str(k): _plain(v) for k, v in value.items()})
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def _references_in_order(content: dict) -> list[str]:
    """Keys in order of first citation, then any the content holds but nothing cites."""
    seen: dict[str, None] = {}
    for section in content.get("sections", []):
        for claim in section.get("claims", []):
            for key in claim.get("citations", []):
                seen.setdefault(str(key), None)
    for key in content.get("references", {}):
        seen.setdefault(str(key), None)
    return list(seen)


def _id_base(item: dict, key: str) -> str:
    """The item's own id when it can be cited as written, else one made from it."""
    candidate = str(item.get("id") or "")
    if KEY_RE.match(candidate) and len(candidate) <= 90:
        return candidate
    made = slugify(candidate)[:90].strip("-_")
    return made if made and KEY_RE.match(made) else f"ref-{key}"


def _ids_assign(references: dict[str, dict], order: list[str]) -> dict[str, str]:
    """A unique document id per reference. Two library records may share a citekey (each
    came from a different document); the second gets a numeric suffix."""
    bases = {key: _id_base(references[key], key) for key in order}
    taken = set(bases.values())
    ids: dict[str, str] = {}
    used: set[str] = set()
    for key in order:
        candidate = bases[key]
        if candidate in used:
            number = 2
            while f"{candidate}-{number}" in taken or f"{candidate}-{number}" in used:
                number += 1
            candidate = f"{candidate}-{number}"
        used.add(candidate)
        ids[key] = candidate
    return ids


def _csl_item(item: dict, ref_id: str) -> dict:
    out: dict = {"id": ref_id}
    # The CSL keys in the order people read them; anything else the content holds follows,
    # so nothing is dropped (the importer then says what it does not know).
    for key in [*reference_keys(), *sorted(item)]:
        if key == "id" or key in out or key not in item:
            continue
        value = item[key]
        if key in ("issued", "accessed") and isinstance(value, dict):
            value = _Flow(value)
        elif key == "author" and isinstance(value, list):
            value = [_Flow(name) if isinstance(name, dict) else name for name in value]
        out[key] = value
    return out


def _text(claim: dict, text: str, ids: dict[str, str], references: dict) -> str:
    """The text with its narrative citations naming the document's reference ids."""
    markers = {}
    for refkey in reversed(claim.get("citations", [])):
        # Reversed: when two cited items share an id, the first one is the one meant.
        markers[f"ref-{refkey}"] = ids[str(refkey)]
        item_id = (references.get(str(refkey)) or {}).get("id")
        if item_id:
            markers[item_id] = ids[str(refkey)]
    return cite_markers_rewrite(text, markers=markers)


def _doc_ids(claim: dict, ids: dict[str, str]) -> set[str]:
    return {ids[str(key)] for key in claim.get("citations", [])}


def _narrated(claim: dict, references: dict) -> set[str]:
    refkeys = claim.get("citations", [])
    found = set()
    for marker in cite_keys(claim.get("text", "")):
        refkey = narrative_refkey(marker, refkeys=refkeys, references=references)
        if refkey is not None:
            found.add(refkey)
    return found


def _cite_item(key: str, detail: dict) -> str:
    item = f"@{key}"
    if detail.get("prefix"):
        item = f"{detail['prefix']} {item}"
    locator = locator_write(detail.get("label", ""), detail.get("locator", ""))
    if locator:
        item += f", {locator}"
    if detail.get("suffix"):
        item += f", {detail['suffix']}"
    return item


def _cited(claim: dict, ids: dict[str, str], references: dict) -> str:
    narrated = _narrated(claim, references)
    details = claim.get("citation_details", {})
    items = [
        _cite_item(ids[str(key)], details.get(str(key), {}))
        for key in claim.get("citations", [])
        if key not in narrated
    ]
    citations = f" [{'; '.join(items)}]" if items else ""
    attributes = []
    if claim.get("no_citation_needed"):
        attributes.append(f".{UNCITED_CLASS}")
    evidence = claim.get("evidence") or Evidence.NOT_GRADED
    if evidence != Evidence.NOT_GRADED:
        attributes.append(f"evidence={evidence}")
    if claim.get("source_uuid"):
        attributes.append(f"source={claim['source_uuid']}")
    block = f" {{{' '.join(attributes)}}}" if attributes else ""
    return citations + block


def _audience_texts(claim: dict) -> list[tuple[str, str]]:
    texts: dict[str, str] = claim.get("texts", {})
    configured = [key for key in extra_audience_keys() if key in texts]
    others = sorted(key for key in texts if key not in configured)
    return [(key, texts[key]) for key in configured + others if texts[key]]


def _lead_blocks(section: dict, ids: dict[str, str], references: dict) -> list[str]:
    blocks = []
    for claim in section.get("claims", []):
        text = _text(claim, claim["text"], ids, references)
        cites = _doc_ids(claim, ids)
        blocks.append(text_escape(text, lead=True, cites=cites) + _cited(claim, ids, references))
        # The audience texts as a list under their paragraph: Pandoc shows a list, so a
        # reader of its output sees them set apart from the claims.
        audience = [
            f"- {key}: {text_escape(text, indent='  ')}" for key, text in _audience_texts(claim)
        ]
        if audience:
            blocks.append("\n".join(audience))
    return blocks


def _section_block(section: dict, ids: dict[str, str], references: dict) -> str:
    lines = [f"## {text_escape(section.get('heading', ''), heading=True)}"]
    # The heading's audience wordings, as paragraphs between it and its claims.
    texts = section.get("heading_texts", {})
    for key in [k for k in extra_audience_keys() if k in texts] + sorted(
        k for k in texts if k not in extra_audience_keys()
    ):
        lines.extend(["", f"{key}: {text_escape(texts[key], lead=True)}"])
    items = []
    for claim in section.get("claims", []):
        text = _text(claim, claim["text"], ids, references)
        escaped = text_escape(text, indent="  ", cites=_doc_ids(claim, ids))
        items.append(f"- {escaped}{_cited(claim, ids, references)}")
        for key, text in _audience_texts(claim):
            escaped = text_escape(text, indent=_NESTED_INDENT + "  ")
            items.append(f"{_NESTED_INDENT}- {key}: {escaped}")
    if items:
        lines.append("")
        lines.extend(items)
    return "\n".join(lines)
