"""The claim-by-claim diff reviewers read: matched by uuid, word-level, citations too."""

import copy

from reviews.diff import revision_diff, words_diff_html


def _content():
    return {
        "question": "What helps back pain?",
        "title": "Back pain",
        "sections": [
            {
                "kind": "lead",
                "heading": "",
                "claims": [
                    {
                        "uuid": "a",
                        "text": "Keep moving and use heat.",
                        "evidence": "moderate",
                        "texts": {"patient": "Stay active."},
                        "citations": ["1"],
                    }
                ],
            },
            {
                "kind": "body",
                "heading": "Treatment",
                "claims": [
                    {"uuid": "b", "text": "Exercise helps.", "citations": ["1", "2"]},
                    {"uuid": "c", "text": "Rest briefly.", "citations": ["2"]},
                ],
            },
        ],
        "references": {
            "1": {"title": "Guideline", "issued": {"date-parts": [[2020]]}},
            "2": {"title": "Trial", "issued": {"date-parts": [[2019]]}},
        },
    }


def _claims(diff):
    return {c.uuid: c for s in diff.sections for c in s.claims}


def test_words_that_changed_are_marked_and_the_rest_escaped():
    html = words_diff_html("Take 5 mg daily.", "Take 10 mg <b>daily</b>.")
    assert html == (
        "Take <del>5</del><ins>10</ins> mg <ins>&lt;b&gt;</ins>daily<ins>&lt;/b&gt;</ins>."
    )


def test_identical_content_has_no_changes():
    diff = revision_diff(old=_content(), new=_content())
    assert diff.is_empty
    assert {c.status for c in _claims(diff).values()} == {"unchanged"}


def test_added_removed_and_changed_claims_are_found_by_uuid():
    new = _content()
    new["sections"][1]["claims"][0]["text"] = "Supervised exercise helps."
    del new["sections"][1]["claims"][1]
    new["sections"][1]["claims"].append({"uuid": "d", "text": "See a GP.", "citations": []})

    diff = revision_diff(old=_content(), new=new)

    claims = _claims(diff)
    assert (claims["b"].status, claims["c"].status, claims["d"].status) == (
        "changed",
        "removed",
        "added",
    )
    assert claims["b"].html == "<del>Exercise</del><ins>Supervised exercise</ins> helps."
    assert (diff.added, diff.removed, diff.changed) == (1, 1, 1)


def test_citation_changes_are_listed_with_the_source():
    new = _content()
    new["sections"][1]["claims"][0]["citations"] = ["2", "3"]
    new["references"]["3"] = {"title": "Cohort", "issued": {"date-parts": [[2024]]}}

    claim = _claims(revision_diff(old=_content(), new=new))["b"]

    assert claim.status == "changed"
    assert [c.label for c in claim.citations_added] == ["Cohort (2024)"]
    assert [c.label for c in claim.citations_removed] == ["Guideline (2020)"]


def test_audience_text_and_evidence_changes_count_as_changes():
    new = _content()
    new["sections"][0]["claims"][0]["texts"]["patient"] = "Stay active every day."
    new["sections"][0]["claims"][0]["evidence"] = "high"

    claim = _claims(revision_diff(old=_content(), new=new))["a"]

    assert claim.status == "changed"
    assert claim.evidence == ("moderate", "high")
    [change] = claim.audience_changes
    assert (change.audience, change.status) == ("patient", "changed")
    assert "<ins>" in change.html


def test_a_claim_moved_to_another_section_is_the_same_claim():
    new = _content()
    moved = new["sections"][1]["claims"].pop(1)
    new["sections"].append({"kind": "body", "heading": "Self-care", "claims": [moved]})

    diff = revision_diff(old=_content(), new=new)

    claim = _claims(diff)["c"]
    assert (claim.status, claim.moved) == ("changed", True)
    assert diff.removed == 0


def test_without_a_live_revision_everything_is_new():
    diff = revision_diff(old=None, new=_content())
    assert not diff.has_base
    assert diff.added == 3


def test_a_changed_reference_record_is_reported():
    new = copy.deepcopy(_content())
    new["references"]["2"]["retracted"] = "2025-01-01"

    [change] = revision_diff(old=_content(), new=new).reference_changes

    assert (change.label, change.fields) == ("Trial (2019)", ("retracted",))


def test_the_diff_template_prints_no_comment_of_its_own():
    from django.template.loader import render_to_string

    old = _content()
    new = copy.deepcopy(old)
    new["sections"][0]["claims"][0]["text"] = "Changed text."
    html = render_to_string("reviews/_diff_body.html", {"diff": revision_diff(old=old, new=new)})
    assert "Changed" in html
    assert "{#" not in html and "#}" not in html
    assert "claim-level diff" not in html


def test_a_heading_audience_text_change_shows_and_marks_the_section_changed():
    old = _content()
    new = copy.deepcopy(old)
    new["sections"][1]["heading_texts"] = {"patient": "What helps"}
    diff = revision_diff(old=old, new=new)
    section = diff.sections[1]
    assert section.status == "changed"
    assert section.heading_text_changes == [("patient", "", "What helps")]
    assert not diff.is_empty
    new2 = copy.deepcopy(new)
    new2["sections"][1]["heading_texts"] = {}
    assert revision_diff(old=new, new=new2).sections[1].heading_text_changes == [
        ("patient", "What helps", "")
    ]
