"""LaTeX in BibTeX fields decoded to Unicode with pylatexenc, configured for what
reference managers write:

- accents and symbols as pylatexenc knows them (\\"u, \\ss, \\textendash...);
- the macros biblatex and babel add that pylatexenc drops: \\hyphen ("pre\\hyphen op"
  stays "pre-op", not "preop"), \\slash, \\nobreakdash, \\mkbibquote, \\NoCaseChange;
- any other macro is kept readable as its name followed by a space ("\\foo{bar}" gives
  "\\foo bar"), never dropped and never glued into the next word;
- in titles, emphasis, bold, superscript and subscript (\\emph, \\textit, \\mkbibemph,
  \\textbf, \\textsuperscript, \\textsubscript) become CSL rich text, and braces that
  protect case ("{DNA}") are dropped, as a CSL title needs no protection.
"""

from pylatexenc import macrospec
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import LatexWalker, LatexWalkerError
from pylatexenc.latexwalker import get_default_latex_context_db as walker_context_db

_EXTRA_TEXT = [
    MacroTextSpec("hyphen", simplify_repl="-"),
    MacroTextSpec("slash", simplify_repl="/"),
    MacroTextSpec("nobreakdash", simplify_repl=""),
    MacroTextSpec("mkbibquote", simplify_repl="“%s”"),
    MacroTextSpec("NoCaseChange", simplify_repl="%s"),
    MacroTextSpec("textsuperscript", simplify_repl="%s"),
    MacroTextSpec("textsubscript", simplify_repl="%s"),
    MacroTextSpec("mkbibemph", simplify_repl="%s"),
    # Old-style switches ("{\\em word}"): the word stays, the switch goes.
    MacroTextSpec("em", simplify_repl=""),
    MacroTextSpec("it", simplify_repl=""),
    MacroTextSpec("bf", simplify_repl=""),
    MacroTextSpec("sc", simplify_repl=""),
]
_RICH = [
    MacroTextSpec("emph", simplify_repl="<i>%s</i>"),
    MacroTextSpec("textit", simplify_repl="<i>%s</i>"),
    MacroTextSpec("textsl", simplify_repl="<i>%s</i>"),
    MacroTextSpec("mkbibemph", simplify_repl="<i>%s</i>"),
    MacroTextSpec("textbf", simplify_repl="<b>%s</b>"),
    MacroTextSpec("textsuperscript", simplify_repl="<sup>%s</sup>"),
    MacroTextSpec("textsubscript", simplify_repl="<sub>%s</sub>"),
]
# The walker must know these take an argument, or "\\mkbibemph{x}" would lose it.
_WITH_ARGUMENT = ("textsuperscript", "textsubscript", "mkbibemph", "mkbibquote", "NoCaseChange")


def _unknown(node, l2t=None) -> str:
    return f"\\{node.macroname} "


def _converter(extra: list) -> LatexNodes2Text:
    context = get_default_latex_context_db().filter_context()
    context.add_context_category("references", prepend=True, macros=extra)
    context.set_unknown_macro_spec(MacroTextSpec("", simplify_repl=_unknown))
    return LatexNodes2Text(latex_context=context)


_WALKER = walker_context_db().filter_context()
_WALKER.add_context_category(
    "references", prepend=True, macros=[macrospec.MacroSpec(m, "{") for m in _WITH_ARGUMENT]
)
_PLAIN = _converter(_EXTRA_TEXT)
_RICH_NAMES = {spec.macroname for spec in _RICH}
_RICH_TEXT = _converter(_RICH + [spec for spec in _EXTRA_TEXT if spec.macroname not in _RICH_NAMES])


def latex_decode(value: str, *, rich: bool = False) -> str:
    """The field's text in Unicode, on one line; `rich` for titles (CSL rich text)."""
    try:
        nodes = LatexWalker(value, latex_context=_WALKER, tolerant_parsing=True).get_latex_nodes()[
            0
        ]
        text = (_RICH_TEXT if rich else _PLAIN).nodelist_to_text(nodes)
    except LatexWalkerError:
        text = (_RICH_TEXT if rich else _PLAIN).latex_to_text(value)
    return " ".join(text.split())
