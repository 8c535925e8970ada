"""Readability of plain-language texts against each audience's target grade.

HOOK, NOT YET MEASURED: no readability library is installed in this project yet, so
`readability_grade` returns None and the review page says "not measured". To switch it on,
add a library (for example textstat) to pyproject.toml and return its US grade level for
`text` here; everything that shows grades already reads them through this function.
"""

from dataclasses import dataclass

from articles.audiences import audiences, default_audience


def readability_grade(text: str) -> float | None:
    """US school grade needed to read `text`; None while no library is installed."""
    return None


@dataclass(frozen=True)
class AudienceReadability:
    key: str
    label: str
    target_grade: int | None
    grade: float | None
    texts: int

    @property
    def measured(self) -> bool:
        return self.grade is not None

    @property
    def within_target(self) -> bool | None:
        if self.grade is None or self.target_grade is None:
            return None
        return self.grade <= self.target_grade


def content_readability(*, content: dict) -> list[AudienceReadability]:
    """One row per audience that has a target grade: the grade of all its texts together
    (claims without their own text for that audience fall back to the default text, which
    is what that reader sees)."""
    rows = []
    for audience in audiences():
        if audience.target_grade is None:
            continue
        texts = []
        for section in content.get("sections", []):
            for claim in section.get("claims", []):
                own = None
                if audience.key != default_audience():
                    own = claim.get("texts", {}).get(audience.key)
                texts.append(own or claim["text"])
        rows.append(
            AudienceReadability(
                key=audience.key,
                label=audience.label,
                target_grade=audience.target_grade,
                grade=readability_grade(" ".join(texts)) if texts else None,
                texts=len(texts),
            )
        )
    return rows
