"""What a revision tells readers about how it was made: the AI-disclosure block a drafting
pipeline (or an imported document) declares, and the public change summary.

The block is stored on the revision as submitted (`Revision.ai_disclosure`) and shown to
reviewers; the public page exposes it in the W3C AI Content Disclosure community draft's
forms: `<meta name="ai-disclosure" content="...">` and an `aiDisclosure` object in the
JSON-LD (articles/structured_data.py), beside the sentence readers already see.
"""

from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy, gettext_noop, ngettext

from articles.errors import ArticleError
from config.characters import refused_message

# field -> (label in sentences, longest value, required)
AI_DISCLOSURE_FIELDS = {
    "model": (gettext_noop("the model"), 200, True),
    "prompt_reference": (gettext_noop("the prompt reference"), 500, False),
    "human_editor": (gettext_noop("the human editor"), 200, True),
}
PUBLIC_SUMMARY_MAX_LENGTH = 1000
PUBLIC_SUMMARY_TOO_LONG = format_lazy(
    gettext_lazy(
        "The summary for readers is at most {limit} characters; keep the details for the "
        "note to reviewers."
    ),
    limit=PUBLIC_SUMMARY_MAX_LENGTH,
)

# The draft's page-level levels (https://github.com/w3c-cg/ai-content-disclosure): an
# AI draft that people edited and the board reviewed is "ai-generated" ("AI-generated with
# human prompting and/or review"); a human article asserts "none".
LEVEL_AI_GENERATED = "ai-generated"
LEVEL_NONE = "none"


def ai_disclosure_clean(value) -> dict | None:
    """The disclosure as stored: the known fields, stripped, in a fixed order; None for no
    block. Raises ArticleError (code invalid_ai_disclosure) naming the field at fault."""
    if value is None or value == {}:
        return None
    if not isinstance(value, dict):
        raise _invalid(
            gettext(
                "The AI disclosure must be an object with model, prompt_reference and human_editor."
            )
        )
    unknown = sorted(set(value) - set(AI_DISCLOSURE_FIELDS))
    if unknown:
        raise _invalid(
            ngettext(
                "The AI disclosure has unknown field %(fields)s; known: %(known)s.",
                "The AI disclosure has unknown fields %(fields)s; known: %(known)s.",
                len(unknown),
            )
            % {"fields": ", ".join(unknown), "known": ", ".join(AI_DISCLOSURE_FIELDS)}
        )
    cleaned = {}
    for name, (english_label, limit, required) in AI_DISCLOSURE_FIELDS.items():
        label = gettext(english_label)
        text = value.get(name, "")
        if text is None:
            text = ""
        if not isinstance(text, str):
            raise _invalid(
                gettext("In the AI disclosure, %(label)s must be text.") % {"label": label}
            )
        text = text.strip()
        if required and not text:
            raise _invalid(gettext("The AI disclosure must name %(label)s.") % {"label": label})
        if len(text) > limit:
            raise _invalid(
                gettext("In the AI disclosure, %(label)s is at most %(limit)d characters.")
                % {"label": label, "limit": limit}
            )
        problem = refused_message(
            text, label=gettext("In the AI disclosure, %(label)s") % {"label": label}
        )
        if problem:
            raise _invalid(problem)
        if text:
            cleaned[name] = text
    return cleaned


def public_summary_clean(value: str | None) -> str:
    text = (value or "").strip()
    if len(text) > PUBLIC_SUMMARY_MAX_LENGTH:
        raise ArticleError(PUBLIC_SUMMARY_TOO_LONG, code="public_summary_too_long")
    problem = refused_message(text, label=gettext("The summary for readers"))
    if problem:
        raise ArticleError(problem, code="public_summary_invalid")
    return text


def _invalid(message: str) -> ArticleError:
    return ArticleError(message, code="invalid_ai_disclosure")


@dataclass(frozen=True)
class Disclosure:
    """What the public page declares: the level, and the block when there is one."""

    level: str
    block: dict | None

    def jsonld(self) -> dict:
        """The draft's expanded `aiDisclosure` form (schema.org proposal)."""
        data = {"level": self.level}
        if self.block:
            data["tool"] = self.block["model"]
            data["description"] = (
                f"Drafted with {self.block['model']}; edited by "
                f"{self.block['human_editor']} and reviewed by the Medical Advisory Board."
            )
            reference = self.block.get("prompt_reference", "")
            if reference.startswith(("https://", "http://")):
                data["methodologyUrl"] = reference
        return data


def revision_disclosure(*, origin: str, block: dict | None) -> Disclosure:
    """The level a page declares for a revision of the given origin and block."""
    if block or origin == "ai-drafted":
        return Disclosure(level=LEVEL_AI_GENERATED, block=block or None)
    return Disclosure(level=LEVEL_NONE, block=None)
