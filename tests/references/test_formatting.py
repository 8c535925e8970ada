"""Reference-list entries compared with strings checked by hand against the AMA Manual
of Style (11th ed., chapter 3) and NLM's Citing Medicine (2nd ed.)."""

import pytest

from references.errors import ReferenceFormatError
from references.formatting import reference_format, reference_format_html, reference_formats

NADLER = {
    "type": "article-journal",
    "title": "Continuous low-level heat wrap therapy provides more efficacy than ibuprofen "
    "and acetaminophen for acute low back pain",
    "author": [{"family": "Nadler", "given": "Scott F."}],
    "container-title": "Spine",
    "issued": {"date-parts": [[2002, 5, 15]]},
    "volume": "27",
    "issue": "10",
    "page": "1012-1017",
    "DOI": "10.1097/00007632-200205150-00003",
    "PMID": "12004166",
}

SIX_AUTHORS = {
    "type": "article-journal",
    "title": "Names of every shape in one author list",
    "author": [
        {"family": "García", "given": "Ana María"},
        {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"},
        {"family": "O'Neill", "given": "Patrick J."},
        {"family": "Lee", "given": "Min-Jun"},
        {"family": "Smith", "given": "John", "suffix": "Jr"},
        {"family": "Okafor", "given": "Chidi"},
    ],
    "container-title": "BMJ",
    "issued": {"date-parts": [[2021]]},
    "volume": "372",
    "page": "n71",
    "DOI": "10.1136/bmj.n71",
}

HARTVIGSEN = {
    "type": "article-journal",
    "title": "What low back pain is and why we need to pay attention",
    "author": [
        {"family": "Hartvigsen", "given": "Jan"},
        {"family": "Hancock", "given": "Mark J"},
        {"family": "Kongsted", "given": "Alice"},
        {"family": "Louw", "given": "Quinette"},
        {"family": "Ferreira", "given": "Manuela L"},
        {"family": "Genevay", "given": "Stéphane"},
        {"family": "Hoy", "given": "Damian"},
    ],
    "container-title": "Lancet",
    "issued": {"date-parts": [[2018, 6, 9]]},
    "volume": "391",
    "issue": "10137",
    "page": "2356-2367",
    "DOI": "10.1016/s0140-6736(18)30480-x",
    "PMID": "29573870",
}

NICE = {
    "type": "report",
    "genre": "Guideline",
    "title": "Low back pain and sciatica in over 16s: assessment and management",
    "author": [{"literal": "National Institute for Health and Care Excellence"}],
    "publisher": "National Institute for Health and Care Excellence",
    "publisher-place": "London",
    "number": "NG59",
    "issued": {"date-parts": [[2016, 11, 30]]},
    "URL": "https://www.nice.org.uk/guidance/ng59",
    "accessed": {"date-parts": [[2025, 1, 15]]},
}

ADVIL = {
    "type": "document",
    "genre": "Drug label",
    "title": "Advil (ibuprofen) tablets",
    "publisher": "Pfizer Consumer Healthcare",
    "publisher-place": "Madison, NJ",
    "issued": {"date-parts": [[2023]]},
    "URL": "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=0bb2a2b6",
    "accessed": {"date-parts": [[2025, 2, 1]]},
}

LIPITOR = {
    "type": "document",
    "genre": "drug label",
    "title": "Lipitor",
    "publisher": "Pfizer",
    "publisher-place": "New York",
    "issued": {"date-parts": [[2015]]},
}

BOGDUK = {
    "type": "book",
    "genre": "Textbook",
    "title": "Clinical and Radiological Anatomy of the Lumbar Spine",
    "author": [{"family": "Bogduk", "given": "Nikolai"}],
    "edition": "5",
    "publisher": "Churchill Livingstone",
    "publisher-place": "Edinburgh",
    "issued": {"date-parts": [[2012]]},
}

HARRISON_EDITORS = [
    {"family": "Loscalzo", "given": "Joseph"},
    {"family": "Fauci", "given": "Anthony"},
    {"family": "Kasper", "given": "Dennis"},
    {"family": "Hauser", "given": "Stephen"},
    {"family": "Longo", "given": "Dan"},
    {"family": "Jameson", "given": "J Larry"},
]

HARRISON = {
    "type": "book",
    "title": "Harrison's Principles of Internal Medicine",
    "editor": HARRISON_EDITORS,
    "edition": "21",
    "publisher": "McGraw Hill",
    "publisher-place": "New York",
    "issued": {"date-parts": [[2022]]},
}

ENGSTROM = {
    "type": "chapter",
    "title": "Back and neck pain",
    "author": [{"family": "Engstrom", "given": "John W."}],
    "editor": HARRISON_EDITORS,
    "container-title": "Harrison's Principles of Internal Medicine",
    "edition": "21",
    "publisher": "McGraw Hill",
    "publisher-place": "New York",
    "issued": {"date-parts": [[2022]]},
    "page": "112-125",
}

MAYO = {
    "type": "webpage",
    "title": "Back pain: symptoms and causes",
    "author": [{"literal": "Mayo Clinic"}],
    "container-title": "Mayo Clinic",
    "issued": {"date-parts": [[2023, 8, 4]]},
    "accessed": {"date-parts": [[2025, 1, 15]]},
    "URL": "https://www.mayoclinic.org/back-pain",
}

NINDS = {
    "type": "webpage",
    "title": "Low back pain fact sheet",
    "container-title": "National Institute of Neurological Disorders and Stroke",
    "accessed": {"date-parts": [[2025, 3, 3]]},
    "URL": "https://www.ninds.nih.gov/low-back-pain",
}

CASES = {
    "journal article, one author": (
        NADLER,
        "Nadler SF. Continuous low-level heat wrap therapy provides more efficacy than "
        "ibuprofen and acetaminophen for acute low back pain. Spine. 2002;27(10):1012-1017. "
        "doi:10.1097/00007632-200205150-00003",
        "Nadler SF. Continuous low-level heat wrap therapy provides more efficacy than "
        "ibuprofen and acetaminophen for acute low back pain. Spine. 2002 May 15;"
        "27(10):1012-7. doi: 10.1097/00007632-200205150-00003. PMID: 12004166.",
    ),
    "journal article, six authors": (
        SIX_AUTHORS,
        "García AM, van der Berg J, O'Neill PJ, Lee M-J, Smith J Jr, Okafor C. Names of "
        "every shape in one author list. BMJ. 2021;372:n71. doi:10.1136/bmj.n71",
        "García AM, van der Berg J, O'Neill PJ, Lee MJ, Smith J Jr, Okafor C. Names of "
        "every shape in one author list. BMJ. 2021;372:n71. doi: 10.1136/bmj.n71.",
    ),
    "journal article, seven authors": (
        HARTVIGSEN,
        "Hartvigsen J, Hancock MJ, Kongsted A, et al. What low back pain is and why we "
        "need to pay attention. Lancet. 2018;391(10137):2356-2367. "
        "doi:10.1016/s0140-6736(18)30480-x",
        "Hartvigsen J, Hancock MJ, Kongsted A, Louw Q, Ferreira ML, Genevay S, et al. What "
        "low back pain is and why we need to pay attention. Lancet. 2018 Jun 9;"
        "391(10137):2356-67. doi: 10.1016/s0140-6736(18)30480-x. PMID: 29573870.",
    ),
    "guideline by an organisation": (
        NICE,
        "National Institute for Health and Care Excellence. Low back pain and sciatica in "
        "over 16s: assessment and management. National Institute for Health and Care "
        "Excellence; 2016. Guideline NG59. Accessed January 15, 2025. "
        "https://www.nice.org.uk/guidance/ng59",
        "National Institute for Health and Care Excellence. Low back pain and sciatica in "
        "over 16s: assessment and management [Internet]. London: National Institute for "
        "Health and Care Excellence; 2016 Nov 30 [cited 2025 Jan 15]. Report No.: NG59. "
        "Available from: https://www.nice.org.uk/guidance/ng59",
    ),
    "drug label read online": (
        ADVIL,
        "Advil (ibuprofen) tablets. Package insert. Pfizer Consumer Healthcare; 2023. "
        "Accessed February 1, 2025. "
        "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=0bb2a2b6",
        "Advil (ibuprofen) tablets [package insert]. Madison, NJ: Pfizer Consumer "
        "Healthcare; 2023 [cited 2025 Feb 1]. Available from: "
        "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=0bb2a2b6",
    ),
    "drug label in print": (
        LIPITOR,
        "Lipitor. Package insert. Pfizer; 2015.",
        "Lipitor [package insert]. New York: Pfizer; 2015.",
    ),
    "book by an author": (
        BOGDUK,
        "Bogduk N. Clinical and Radiological Anatomy of the Lumbar Spine. 5th ed. "
        "Churchill Livingstone; 2012.",
        "Bogduk N. Clinical and Radiological Anatomy of the Lumbar Spine. 5th ed. "
        "Edinburgh: Churchill Livingstone; 2012.",
    ),
    "book by editors": (
        HARRISON,
        "Loscalzo J, Fauci A, Kasper D, Hauser S, Longo D, Jameson JL, eds. Harrison's "
        "Principles of Internal Medicine. 21st ed. McGraw Hill; 2022.",
        "Loscalzo J, Fauci A, Kasper D, Hauser S, Longo D, Jameson JL, editors. Harrison's "
        "Principles of Internal Medicine. 21st ed. New York: McGraw Hill; 2022.",
    ),
    "book chapter": (
        ENGSTROM,
        "Engstrom JW. Back and neck pain. In: Loscalzo J, Fauci A, Kasper D, Hauser S, "
        "Longo D, Jameson JL, eds. Harrison's Principles of Internal Medicine. 21st ed. "
        "McGraw Hill; 2022:112-125.",
        "Engstrom JW. Back and neck pain. In: Loscalzo J, Fauci A, Kasper D, Hauser S, "
        "Longo D, Jameson JL, editors. Harrison's Principles of Internal Medicine. 21st ed. "
        "New York: McGraw Hill; 2022. p. 112-25.",
    ),
    "web page with an accessed date": (
        MAYO,
        "Mayo Clinic. Back pain: symptoms and causes. Mayo Clinic. Published August 4, "
        "2023. Accessed January 15, 2025. https://www.mayoclinic.org/back-pain",
        "Mayo Clinic. Back pain: symptoms and causes [Internet]. Mayo Clinic; 2023 Aug 4 "
        "[cited 2025 Jan 15]. Available from: https://www.mayoclinic.org/back-pain",
    ),
    "web page without author or date": (
        NINDS,
        "Low back pain fact sheet. National Institute of Neurological Disorders and "
        "Stroke. Accessed March 3, 2025. https://www.ninds.nih.gov/low-back-pain",
        "Low back pain fact sheet [Internet]. National Institute of Neurological Disorders "
        "and Stroke; [cited 2025 Mar 3]. Available from: https://www.ninds.nih.gov/low-back-pain",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_ama_entry_matches_the_hand_checked_string(case):
    item, ama, _ = CASES[case]
    assert reference_format(item=item, style="ama") == ama


@pytest.mark.parametrize("case", CASES)
def test_vancouver_entry_matches_the_hand_checked_string(case):
    item, _, vancouver = CASES[case]
    assert reference_format(item=item, style="vancouver") == vancouver


def test_the_style_comes_from_the_setting_when_not_given(settings):
    settings.REFERENCE_STYLE = "vancouver"
    assert reference_format(item=LIPITOR) == "Lipitor [package insert]. New York: Pfizer; 2015."
    settings.REFERENCE_STYLE = "ama"
    assert reference_format(item=LIPITOR) == "Lipitor. Package insert. Pfizer; 2015."


def test_an_unknown_style_is_refused_with_a_code():
    with pytest.raises(ReferenceFormatError) as caught:
        reference_format(item=LIPITOR, style="apa")
    assert caught.value.code == "unknown_style"


def test_ama_prints_the_pmid_only_when_there_is_no_doi():
    item = {**NADLER, "DOI": ""}
    assert reference_format(item=item, style="ama").endswith(
        "Spine. 2002;27(10):1012-1017. PMID:12004166."
    )


def test_a_guideline_published_in_a_journal_is_cited_as_a_journal_article():
    item = {
        "type": "article-journal",
        "genre": "Guideline",
        "title": "Noninvasive treatments for low back pain",
        "author": [{"family": "Qaseem", "given": "Amir"}],
        "container-title": "Ann Intern Med",
        "issued": {"date-parts": [[2017, 4, 4]]},
        "volume": "166",
        "issue": "7",
        "page": "514-530",
    }
    assert reference_format(item=item, style="ama") == (
        "Qaseem A. Noninvasive treatments for low back pain. Ann Intern Med. 2017;166(7):514-530."
    )


def test_an_online_first_article_shows_its_publication_date_in_ama():
    item = {**NADLER, "volume": "", "issue": "", "page": ""}
    assert "Spine. Published online May 15, 2002. doi:" in reference_format(item=item, style="ama")


def test_a_title_ending_in_a_question_mark_gets_no_extra_period():
    item = {**NADLER, "title": "Does heat help back pain?"}
    assert "Nadler SF. Does heat help back pain? Spine." in reference_format(item=item)


def test_the_output_is_plain_text_left_for_templates_to_escape():
    item = {**LIPITOR, "title": "<script>alert(1)</script> & co"}
    assert reference_format(item=item, style="ama").startswith(
        "<script>alert(1)</script> & co. Package insert."
    )


def test_a_damaged_frozen_item_still_renders_what_it_can():
    item = {"type": "article-journal", "title": "Odd", "issued": {"date-parts": [["x"]]}}
    assert reference_format(item=item, style="ama") == "Odd."


def test_a_name_with_parts_that_are_not_text_does_not_break_the_entry():
    item = {**BOGDUK, "author": [{"family": "Bogduk", "given": 3}, "Jones"]}
    assert reference_format(item=item, style="ama").startswith("Bogduk. Clinical and")


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("style", ["ama", "vancouver"])
def test_both_forms_at_once_are_the_plain_and_html_entries(case, style):
    item = CASES[case][0]
    plain, html = reference_formats(item=item, style=style)

    assert plain == reference_format(item=item, style=style)
    assert html == reference_format_html(item=item, style=style)
