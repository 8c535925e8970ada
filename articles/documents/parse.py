"""Reading an article document (docs/article-format.md) into a ParsedDocument.

Pure: no database access, so it can check a document before anything is written. Every
problem found is collected, each with its line, and raised together as one
ArticleImportError; a document is never half-read with parts silently dropped.
"""

import re

from django.conf import settings
from django.utils.translation import gettext, gettext_lazy
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from articles.audiences import default_audience, extra_audience_keys
from articles.documents.escaping import heading_source
from articles.documents.inline import (
    FOOTNOTE_REFUSED,
    IMAGE_REFUSED,
    ClaimLine,
    audience_split,
    claim_line_parse,
)
from articles.documents.metadata import Metadata, metadata_read
from articles.documents.parsed import ParsedClaim, ParsedDocument, ParsedSection
from articles.documents.yamlnodes import yaml_read
from articles.errors import ArticleImportError, DocumentError
from articles.models import Evidence, Section, SectionKind
from config.characters import refused_character

_FENCE_LINES = ("---", "...")
# What each refused block is called, in the sentence that refuses it.
_UNSUPPORTED = {
    "fence": gettext_lazy("a code block"),
    "code_block": gettext_lazy("a code block (a line indented by four spaces)"),
    "table": gettext_lazy("a table"),
    "blockquote": gettext_lazy("a block quote"),
    "hr": gettext_lazy("a horizontal rule ('---' or '***')"),
    "ordered_list": gettext_lazy("a numbered list"),
    "html_block": gettext_lazy("an HTML block"),
    "heading": gettext_lazy("a heading inside a list item"),
}
HEADING_MAX = Section._meta.get_field("heading").max_length
# Pandoc constructs that CommonMark reads as something else, named for what they are.
_FENCED_DIV_RE = re.compile(r"^:{3,}")
_FOOTNOTE_DEFINITION_RE = re.compile(r"^\[\^[^\]\s]+\]:")
_SETEXT_UNDERLINE_RE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
# Far above any real article (a long one has a few hundred claims), and low enough that a
# hostile document within the byte limit (a megabyte of one-word list items) is refused in
# well under a second instead of occupying a server for minutes (tests/security).
MAX_LINES = 20_000
MAX_CLAIMS = 2_000


def _unsupported(what: str) -> str:
    return gettext(
        "%(what)s is not supported; an article is written as paragraphs, '## ' headings "
        "and '- ' list items"
    ) % {"what": what}


def document_decode(*, data: bytes) -> str:
    """Bytes from a file or an upload as text, refusing what is too big or not UTF-8."""
    limit = settings.ARTICLE_IMPORT_MAX_BYTES
    if len(data) > limit:
        raise ArticleImportError([_too_big(len(data), limit)])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ArticleImportError(
            [
                DocumentError(
                    gettext("the document is not UTF-8 text (byte %(byte)s)")
                    % {"byte": exc.start + 1},
                    line,
                )
            ]
        ) from exc


def _too_big(size: int, limit: int) -> DocumentError:
    return DocumentError(
        gettext("the document is %(size)s bytes; the limit is %(limit)s bytes")
        % {"size": f"{size:,}", "limit": f"{limit:,}"},
        1,
    )


def _text_problems(text: str) -> list[DocumentError]:
    size = len(text.encode("utf-8", errors="surrogatepass"))
    limit = settings.ARTICLE_IMPORT_MAX_BYTES
    if size > limit:
        return [_too_big(size, limit)]
    # The characters no text may hold are defined once, in config.characters.
    found = refused_character(text)
    if found is None:
        return []
    if found.char == "\x00":
        message = gettext("the document contains a NUL byte (U+0000); it is not a text file")
        return [DocumentError(message, found.line)]
    message = gettext("the document contains %(character)s at column %(column)s; remove it") % {
        "character": found.described,
        "column": found.column,
    }
    return [DocumentError(message, found.line)]


def document_parse(*, text: str) -> ParsedDocument:
    """The document as data, or ArticleImportError listing every problem by line."""
    # Long: the document's blocks in the order they may appear, each refused with its line.
    errors = _text_problems(text)
    if errors:
        raise ArticleImportError(errors)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if len(lines) > MAX_LINES:
        raise ArticleImportError(
            [
                DocumentError(
                    gettext(
                        "the document has %(lines)s lines; an article document may have "
                        "at most %(limit)s"
                    )
                    % {"lines": f"{len(lines):,}", "limit": f"{MAX_LINES:,}"},
                    MAX_LINES + 1,
                )
            ]
        )
    problems: list[tuple[int, str]] = []

    if lines[0].rstrip() != "---":
        raise ArticleImportError(
            [
                DocumentError(
                    gettext(
                        "the document must start with a metadata block: a '---' line, "
                        "YAML lines such as 'question: ...', and a closing '---' line"
                    ),
                    1,
                )
            ]
        )
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in _FENCE_LINES), None)
    if closing is None:
        raise ArticleImportError(
            [
                DocumentError(
                    gettext("the metadata block that starts here is not closed by a '---' line"),
                    1,
                )
            ]
        )

    root = yaml_read("\n".join(lines[1:closing]), first_line=2, problems=problems)
    if problems:
        # Unreadable YAML: the body is still checked, but not its citations, and no
        # "missing question" follows from the YAML error.
        meta = Metadata(references_known=False)
    else:
        meta = metadata_read(root, block_line=1, problems=problems)

    sections = _body_read(
        "\n".join(lines[closing + 1 :]), first_line=closing + 2, problems=problems
    )
    claims = sum(len(section.claims) for section in sections)
    if claims > MAX_CLAIMS:
        problems.append(
            (
                1,
                gettext("the document has %(claims)s claims; an article may have at most %(limit)s")
                % {"claims": f"{claims:,}", "limit": f"{MAX_CLAIMS:,}"},
            )
        )
    if meta.references_known:
        _citations_check(sections, meta, problems)
    if meta.references_known and not problems:
        _uncited_check(sections, meta, problems)

    if problems:
        raise ArticleImportError(
            [DocumentError(message, line) for line, message in sorted(problems, key=_by_line)]
        )
    return ParsedDocument(
        question=meta.question,
        slug=meta.slug,
        title=meta.title,
        specialty=meta.specialty,
        origin=meta.origin,
        change_summary=meta.change_summary,
        ai_disclosure=meta.ai_disclosure,
        language=meta.language,
        translation_of=meta.translation_of,
        references=meta.references,
        sections=sections,
        slug_line=meta.slug_line,
        warnings=sorted(meta.warnings, key=_by_line),
    )


def _by_line(problem: tuple[int, str]) -> int:
    return problem[0] or 0


def _citations_check(sections: list[ParsedSection], meta: Metadata, problems: list) -> None:
    known = meta.declared_ids
    for section in sections:
        for claim in section.claims:
            for key in claim.citations:
                if key not in known:
                    problems.append(
                        (
                            claim.citation_line,
                            gettext(
                                "citation [@%(id)s] does not match any reference in the "
                                "metadata block"
                            )
                            % {"id": key},
                        )
                    )


def _uncited_check(sections: list[ParsedSection], meta: Metadata, problems: list) -> None:
    """A reference no claim cites has nowhere to go in the working copy (citations belong
    to claims): importing would drop it without a word. Checked once nothing else is
    wrong, since a citation written wrongly would make its reference look unused."""
    cited = {key for section in sections for claim in section.claims for key in claim.citations}
    for reference in meta.references:
        if reference.id not in cited:
            problems.append(
                (
                    reference.line,
                    gettext(
                        "reference '%(id)s' is listed in the metadata block but no claim "
                        "cites it; cite it with [@%(id)s] or remove it"
                    )
                    % {"id": reference.id},
                )
            )


def _markdown() -> MarkdownIt:
    # Link reference definitions would vanish from the text, HTML blocks would be kept
    # as markup and setext headings would turn a claim followed by '---' into a heading:
    # without those rules all three stay visible (as text, or as a rule we refuse).
    # Tables are switched on only so that one can be recognised and refused. Inline
    # parsing is off: claims are plain text read from the source, and link parsing is
    # slow on text full of brackets.
    return (
        MarkdownIt("commonmark")
        .enable("table")
        .disable(["reference", "html_block", "lheading", "inline"])
    )


def _body_read(body: str, *, first_line: int, problems: list) -> list[ParsedSection]:
    extra = extra_audience_keys()
    reader = _BodyReader(first_line=first_line, problems=problems, audiences=extra)
    reader.body_lines = body.split("\n")
    for node in SyntaxTreeNode(_markdown().parse(body)).children:
        reader.block(node)
    return reader.sections


class _BodyReader:
    """Walks the top-level blocks in order; the lead collects paragraphs until the first
    '## ' heading, each heading opens a section whose claims are list items."""

    def __init__(self, *, first_line: int, problems: list, audiences: list[str]):
        self.first_line = first_line
        self.problems = problems
        self.audiences = audiences
        self.sections: list[ParsedSection] = []
        self.current: ParsedSection | None = None
        self.body_lines: list[str] = []
        self.last_lead_claim: ParsedClaim | None = None
        # Set even when that claim was refused, so its audience text is not reported as
        # an orphan on top of the claim's own problem.
        self.lead_claim_seen = False

    def line(self, node: SyntaxTreeNode) -> int:
        return self.first_line + node.map[0]

    def problem(self, line: int, message: str) -> None:
        self.problems.append((line, message))

    def block(self, node: SyntaxTreeNode) -> None:
        line = self.line(node)
        if node.type == "paragraph" and self.pandoc_block(node, line):
            return
        if node.type == "hr" and self.setext_underline(node, line):
            return
        if node.type == "heading":
            self.heading(node, line)
        elif node.type == "paragraph":
            if self.current is None:
                self.lead_paragraph(node, line)
            elif not self.current.claims and audience_split(node.children[0].content):
                self.heading_text(node, line)
            else:
                self.problem(
                    line,
                    gettext(
                        "a paragraph inside a section is not a claim; write each claim as a "
                        "'- ' list item (and an audience text as a nested '- patient: ...' "
                        "item)"
                    ),
                )
        elif node.type == "bullet_list":
            if self.current is None and self.lead_claim_seen:
                # The lead's audience texts as a list under their paragraph (the form the
                # exporter writes, which Pandoc shows as a list).
                for item in node.children:
                    self.audience_item(self.last_lead_claim, item)
            elif self.current is None:
                self.problem(
                    line,
                    gettext(
                        "a list before the first '## ' heading; the lead summary is written "
                        "as paragraphs"
                    ),
                )
            else:
                for item in node.children:
                    self.list_item(item)
        else:
            self.unsupported(node, line)

    def pandoc_block(self, node: SyntaxTreeNode, line: int) -> bool:
        """A fenced div, a footnote definition or a setext heading underlined with '==='
        (which CommonMark without setext headings reads as a paragraph): reported as what
        it is. True when it was one."""
        content = node.children[0].content if node.children else ""
        if _FENCED_DIV_RE.match(content):
            self.problem(line, _unsupported(gettext("a fenced div (':::')")))
            return True
        if _FOOTNOTE_DEFINITION_RE.match(content):
            self.problem(
                line,
                str(FOOTNOTE_REFUSED),
            )
            return True
        lines = content.split("\n")
        for index, text in enumerate(lines[1:], start=1):
            if _SETEXT_UNDERLINE_RE.match(text):
                self.setext_problem(line + index - 1)
                return True
        return False

    def setext_underline(self, node: SyntaxTreeNode, line: int) -> bool:
        """'---' right under a line of text is a setext heading, not a horizontal rule."""
        index = node.map[0]
        previous = self.body_lines[index - 1] if index > 0 else ""
        if previous.strip() and _SETEXT_UNDERLINE_RE.match(self.body_lines[index]):
            # The heading's own line was read as a paragraph (or a claim): take it back,
            # and read what follows as the section it starts, so that the heading is the
            # one problem reported.
            self.setext_problem(line - 1)
            lead = self.sections[0] if self.sections and self.current is None else None
            if lead is not None and lead.claims and lead.claims[-1].line == line - 1:
                lead.claims.pop()
            self.current = ParsedSection(
                kind=SectionKind.BODY.value, heading=previous.strip(), line=line - 1
            )
            self.sections.append(self.current)
            return True
        return False

    def setext_problem(self, line: int) -> None:
        self.problems[:] = [p for p in self.problems if p[0] != line]
        self.problem(
            line,
            gettext(
                "a setext heading (a line underlined with '===' or '---') is not supported; "
                "start a section with '## Heading'"
            ),
        )

    def unsupported(self, node: SyntaxTreeNode, line: int) -> None:
        what = _UNSUPPORTED.get(node.type)
        if what is None:
            what = gettext("'%(type)s' content") % {"type": node.type}
        self.problem(line, _unsupported(str(what)))

    def heading(self, node: SyntaxTreeNode, line: int) -> None:
        if node.tag != "h2":
            level = int(node.tag[1:])
            self.problem(
                line,
                gettext(
                    "a level-%(level)s heading ('%(marks)s ') is not supported; sections "
                    "start with '## '"
                )
                % {"level": level, "marks": "#" * level},
            )
            return
        source = node.children[0].content if node.children else ""
        claim_line = claim_line_parse(source, line=line)
        for problem_line, message in claim_line.problems:
            if message in (str(FOOTNOTE_REFUSED), str(IMAGE_REFUSED)):
                self.problem(problem_line, message)
        heading = heading_source(source)
        if not heading:
            self.problem(line, gettext("a section has no heading text after '## '"))
        self.current = ParsedSection(kind=SectionKind.BODY.value, heading=heading, line=line)
        self.sections.append(self.current)

    def heading_text(self, node: SyntaxTreeNode, line: int) -> None:
        """'patient: What you can do' between a '## ' heading and its first claim: the
        heading's wording for that audience."""
        key, rest = audience_split(node.children[0].content)
        if not self.audience_key_ok(key, line):
            return
        parsed = claim_line_parse(rest, line=line)
        self.problems.extend(parsed.problems)
        if parsed.citations or parsed.has_attributes:
            self.problem(
                line,
                gettext("the %(audience)s heading has citations or attributes; a heading has none")
                % {"audience": key},
            )
        elif not parsed.text:
            self.problem(line, gettext("the %(audience)s heading is empty") % {"audience": key})
        elif "\n" in parsed.text:
            self.problem(
                line, gettext("the %(audience)s heading is more than one line") % {"audience": key}
            )
        elif len(parsed.text) > HEADING_MAX:
            self.problem(
                line,
                gettext("the %(audience)s heading is longer than %(limit)s characters")
                % {"audience": key, "limit": HEADING_MAX},
            )
        elif key in self.current.heading_texts:
            self.problem(
                line, gettext("the section already has a %(audience)s heading") % {"audience": key}
            )
        else:
            self.current.heading_texts[key] = parsed.text

    def lead_paragraph(self, node: SyntaxTreeNode, line: int) -> None:
        content = node.children[0].content
        split = audience_split(content)
        if split is None:
            claim = self.claim(content, line, lead=True)
            if claim is not None:
                if not self.sections or self.sections[0].kind != SectionKind.LEAD:
                    self.sections.insert(
                        0, ParsedSection(kind=SectionKind.LEAD.value, heading="", line=line)
                    )
                self.sections[0].claims.append(claim)
            self.last_lead_claim = claim
            self.lead_claim_seen = True
            return
        key, rest = split
        if not self.audience_key_ok(key, line):
            return
        if not self.lead_claim_seen:
            self.problem(
                line,
                gettext(
                    "the %(audience)s text has no claim before it; an audience text follows "
                    "the lead paragraph it rewords"
                )
                % {"audience": key},
            )
            return
        self.audience_text(self.last_lead_claim, key, rest, line)

    def list_item(self, item: SyntaxTreeNode) -> None:
        line = self.line(item)
        children = list(item.children)
        if not children or children[0].type != "paragraph":
            if not children or children[0].type == "bullet_list":
                self.problem(line, gettext("an empty claim: the list item has no text"))
            else:
                self.unsupported(children[0], self.line(children[0]))
            return
        claim = self.claim(children[0].children[0].content, line)
        if claim is not None:
            self.current.claims.append(claim)
        for child in children[1:]:
            child_line = self.line(child)
            if child.type == "bullet_list":
                for sub in child.children:
                    self.audience_item(claim, sub)
            elif child.type == "paragraph":
                self.problem(
                    child_line,
                    gettext(
                        "a second paragraph in a list item; each claim is one paragraph "
                        "(an audience text is a nested '- patient: ...' item)"
                    ),
                )
            else:
                self.unsupported(child, child_line)

    def audience_item(self, claim: ParsedClaim | None, item: SyntaxTreeNode) -> None:
        line = self.line(item)
        children = list(item.children)
        if len(children) != 1 or children[0].type != "paragraph":
            self.problem(
                line,
                gettext(
                    "a nested list item must be one audience text such as 'patient: ...'; "
                    "claims cannot be nested"
                ),
            )
            return
        content = children[0].children[0].content
        split = audience_split(content)
        if split is None:
            self.problem(
                line,
                gettext(
                    "a nested list item must be an audience text such as 'patient: ...'; "
                    "claims cannot be nested"
                ),
            )
            return
        key, rest = split
        if self.audience_key_ok(key, line):
            self.audience_text(claim, key, rest, line)

    def audience_key_ok(self, key: str, line: int) -> bool:
        if key == default_audience():
            self.problem(
                line,
                gettext(
                    "'%(audience)s' is the default audience: its text is the claim itself, "
                    "so it cannot be given as an audience text"
                )
                % {"audience": key},
            )
            return False
        if key not in self.audiences:
            known = ", ".join(self.audiences) or gettext("(none configured)")
            self.problem(
                line,
                gettext("unknown audience '%(audience)s'; the configured audiences are: %(known)s")
                % {"audience": key, "known": known},
            )
            return False
        return True

    def audience_text(self, claim: ParsedClaim | None, key: str, rest: str, line: int) -> None:
        parsed = claim_line_parse(rest, line=line)
        self.problems.extend(parsed.problems)
        if parsed.citations:
            self.problem(
                parsed.citation_line,
                gettext(
                    "the %(audience)s text has its own citations; an audience text carries "
                    "the citations of its claim, so cite on the claim only"
                )
                % {"audience": key},
            )
        if parsed.has_attributes:
            self.problem(
                line,
                gettext(
                    "the %(audience)s text has an attribute block; evidence and {.uncited} "
                    "belong to the claim"
                )
                % {"audience": key},
            )
        if not parsed.text:
            self.problem(line, gettext("the %(audience)s text is empty") % {"audience": key})
            return
        if claim is None:
            return  # the claim itself was refused; its problem is already reported
        if key in claim.texts:
            self.problem(
                line, gettext("the claim already has a %(audience)s text") % {"audience": key}
            )
            return
        claim.texts[key] = parsed.text

    def claim(self, content: str, line: int, *, lead: bool = False) -> ParsedClaim | None:
        parsed: ClaimLine = claim_line_parse(content, line=line, lead=lead)
        self.problems.extend(parsed.problems)
        if not parsed.text:
            self.problem(
                line, gettext("an empty claim: it has no text besides citations or attributes")
            )
            return None
        return ParsedClaim(
            text=parsed.text,
            citations=parsed.citations,
            citation_details=parsed.details,
            evidence=parsed.evidence or Evidence.NOT_GRADED.value,
            no_citation_needed=parsed.uncited,
            source_uuid=parsed.source,
            line=line,
            citation_line=parsed.citation_line,
        )
