"""Readability of a revision for each audience that has a target grade, for reviewers.

The grading itself belongs to articles.readability (one owner); this module only decides
what to grade: the text each reader of that audience actually sees, i.e. the claim's own
audience text, or the default text where the claim has none.
"""

from dataclasses import dataclass

from articles.audiences import audiences, default_audience
from articles.readability import hardest_sentence, readability_grade


@dataclass(frozen=True)
class AudienceReadability:
    key: str
    label: str
    target_grade: int
    grade: float
    texts: int
    above_target: int  # claims whose text alone is above the target grade
    # What pulls the grade up most: the hardest claim text above the target (and, when it
    # has several sentences, its hardest sentence), with its grade.
    hardest: str = ""
    hardest_grade: float | None = None

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
        graded = [(text, readability_grade(text)) for text in texts]
        worst, worst_grade = max(graded, key=lambda pair: pair[1])
        if worst_grade > audience.target_grade:
            worst, worst_grade = hardest_sentence(worst) or (worst, worst_grade)
        else:
            worst, worst_grade = "", None
        rows.append(
            AudienceReadability(
                key=audience.key,
                label=audience.label,
                target_grade=audience.target_grade,
                grade=readability_grade(" ".join(texts)),
                texts=len(texts),
                above_target=sum(1 for _, grade in graded if grade > audience.target_grade),
                hardest=worst,
                hardest_grade=worst_grade,
            )
        )
    return rows
