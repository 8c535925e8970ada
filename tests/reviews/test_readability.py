"""The reviewers' readability table names what pulls each audience's grade up."""

from reviews.readability import content_readability
from tests.articles.test_readability import DENSE


def _content(*texts):
    claims = [{"uuid": str(i), "text": text, "citations": []} for i, text in enumerate(texts)]
    return {"sections": [{"kind": "lead", "heading": "", "claims": claims}]}


def test_the_hardest_text_above_target_is_named_with_its_grade(db):
    rows = {row.key: row for row in content_readability(content=_content("Rest.", DENSE))}
    patient = rows["patient"]
    assert patient.above_target == 1
    assert patient.hardest == DENSE and patient.hardest_grade > 15


def test_drug_names_do_not_pull_a_patient_text_above_its_target(db):
    rows = {
        row.key: row
        for row in content_readability(content=_content("Ibuprofen usually helps with the pain."))
    }
    assert rows["patient"].within_target and rows["patient"].hardest == ""
