"""Readability of a revision for each audience that has a target grade, for reviewers.

The grading itself belongs to articles.readability (one owner); this module only decides
what to grade: the text each reader of that audience actually sees, i.e. the claim's own
audience text, or the default text where the claim has none.
"""

from dataclasses import dataclass

from articles.audiences import audiences, default_audience
from articles.readability import readability_grade


@dataclass(frozen=True)
class AudienceReadability:
    key: str
    label: str
    target_grade: int
    grade: float
    texts: int
    above_target: int  # claims whose text alone is above the target grade

    @property
    def within_target(self) -> bool:
        return self.grade <= self.target_grade


def content_readability(*, content: dict) -> list[AudienceReadability]:
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
        if not texts:
            continue
        rows.append(
            AudienceReadability(
                key=audience.key,
                label=audience.label,
                target_grade=audience.target_grade,
                grade=readability_grade(" ".join(texts)),
                texts=len(texts),
                above_target=sum(
                    1 for text in texts if readability_grade(text) > audience.target_grade
                ),
            )
        )
    return rows
