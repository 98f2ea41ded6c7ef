"""Title, authors and affiliations from generated first pages."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from paperbrief.pdf import extract_pdf

BODY = ("We study a problem and propose a method that works well on many benchmarks while staying simple "
        "and fast to train on a single machine with modest memory.")


def _put(page: pymupdf.Page, x: float, y: float, parts: list[tuple[str, float, str]]) -> None:
    """Write runs left to right: (text, size, font); a size below 8 is raised as a superscript."""
    for text, size, font in parts:
        dy = -4 if size < 8 else 0
        page.insert_text((x, y + dy), text, fontsize=size, fontname=font)
        x += pymupdf.get_text_length(text, fontname=font, fontsize=size)


def _body(page: pymupdf.Page, y: float, lines: int = 6) -> None:
    page.insert_text((72, y), "Abstract", fontsize=12, fontname="hebo")
    for i in range(lines):
        page.insert_text((72, y + 20 + 12 * i), BODY[: 95], fontsize=10)
    page.insert_text((72, y + 40 + 12 * lines), "1 Introduction", fontsize=12, fontname="hebo")
    for i in range(lines):
        page.insert_text((72, y + 60 + 12 * lines + 12 * i), BODY[:95], fontsize=10)


def _save(doc: pymupdf.Document, path: Path) -> Path:
    doc.save(path)
    return path


def test_numbered_authors_and_affiliations(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((100, 80), "Learning to Rank With", fontsize=18, fontname="hebo")
    page.insert_text((100, 102), "Tiny Models", fontsize=18, fontname="hebo")
    _put(page, 90, 140, [("Alice Martin", 11, "helv"), ("1,2*", 6, "helv"), (", Bo Chen", 11, "helv"),
                         ("2", 6, "helv"), (", and José van der Berg", 11, "helv"), ("1†", 6, "helv")])
    _put(page, 110, 160, [("1", 6, "helv"), ("University of Oslo, Norway  ", 10, "helv"),
                          ("2", 6, "helv"), ("Google Research", 10, "helv")])
    page.insert_text((150, 176), "{alice, bo}@uio.no", fontsize=9, fontname="cour")
    _body(page, 210)
    ex = extract_pdf(_save(doc, tmp_path / "p.pdf"))
    assert ex.title == "Learning to Rank With Tiny Models"
    assert ex.authors == ["Alice Martin", "Bo Chen", "José van der Berg"]
    assert ex.first_author_affiliation == "University of Oslo, Norway"
    assert ex.affiliations == ["University of Oslo, Norway", "Google Research"]
    assert ex.affiliation_source == "pdf-header"


def test_author_grid_with_address_blocks(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((100, 80), "A Grid Of Authors", fontsize=17, fontname="hebo")
    cols = [(90, ["Marie Curie", "Sorbonne University,", "Paris, France"]),
            (330, ["Niels Bohr", "University of Copenhagen,", "Denmark"])]
    for y0, row in ((120, cols), (185, [(90, ["Lise Meitner", "KTH Royal Institute,", "Stockholm"]),
                                        (330, ["Enrico Fermi", "University of Chicago,", "USA"])])):
        for x, block in row:
            for i, t in enumerate(block):
                page.insert_text((x, y0 + 12 * i), t, fontsize=10)
    _body(page, 260)
    ex = extract_pdf(_save(doc, tmp_path / "grid.pdf"))
    assert ex.authors == ["Marie Curie", "Niels Bohr", "Lise Meitner", "Enrico Fermi"]
    assert ex.first_author_affiliation == "Sorbonne University, Paris, France"


def test_anonymous_submission(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((150, 80), "A Blind Submission", fontsize=17, fontname="hebo")
    page.insert_text((260, 110), "Anonymous Authors", fontsize=12)
    page.insert_text((240, 126), "Affiliation withheld", fontsize=10)
    _body(page, 170)
    ex = extract_pdf(_save(doc, tmp_path / "anon.pdf"))
    assert ex.authors == [] and ex.first_author_affiliation is None


def test_affiliation_in_first_page_footnote(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((120, 80), "Footnoted Affiliations", fontsize=17, fontname="hebo")
    page.insert_text((200, 110), "Ada Lovelace, Alan Turing", fontsize=11)
    _body(page, 150, lines=10)
    page.insert_text((72, 720), "The authors are with the Department of Computing, Imperial College London,",
                     fontsize=8)
    page.insert_text((72, 730), "UK. This work was funded by nobody.", fontsize=8)
    ex = extract_pdf(_save(doc, tmp_path / "foot.pdf"))
    assert ex.authors == ["Ada Lovelace", "Alan Turing"]
    assert ex.first_author_affiliation == "Department of Computing, Imperial College London, UK"
    assert ex.affiliation_source == "pdf-footnote"


def test_email_domain_is_the_last_hint(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((120, 80), "Only E-mails Here", fontsize=17, fontname="hebo")
    page.insert_text((220, 110), "Grace Hopper", fontsize=11)
    page.insert_text((210, 124), "grace@navy.example.org", fontsize=9, fontname="cour")
    _body(page, 160)
    ex = extract_pdf(_save(doc, tmp_path / "mail.pdf"))
    assert ex.authors == ["Grace Hopper"]
    assert ex.first_author_affiliation == "navy.example.org"
    assert ex.affiliation_source == "email-domain"


def test_spacing_accents_are_joined() -> None:
    from paperbrief.pdf._doc import fix_accents

    assert fix_accents("Zdenˇek Kasner, Universit´e Paris-Saclay, Andr´e") == "Zdeněk Kasner, Université Paris-Saclay, André"
    assert fix_accents("plain text") == "plain text"


def test_side_by_side_authors_sharing_an_institution(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((120, 80), "Two Columns Of Authors", fontsize=17, fontname="hebo")
    for x, name in ((80, "Camila Reyes"), (330, "Christian Vogel")):
        page.insert_text((x, 120), name, fontsize=10)
        page.insert_text((x - 20, 132), "Artificial Intelligence Research Institute (IIIA)", fontsize=10)
        page.insert_text((x, 144), "Bellaterra, Spain", fontsize=10)
    page.insert_text((200, 170), "https://lab.github.io/project/", fontsize=10, fontname="cour")
    _body(page, 200)
    ex = extract_pdf(_save(doc, tmp_path / "side.pdf"))
    assert ex.authors == ["Camila Reyes", "Christian Vogel"]
    assert ex.first_author_affiliation == "Artificial Intelligence Research Institute (IIIA), Bellaterra, Spain"
    assert ex.own_code_urls == ["https://lab.github.io/project/"]


def test_review_copy_line_numbers_are_ignored(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((150, 80), "Numbered Review Copy", fontsize=17, fontname="hebo")
    page.insert_text((240, 110), "Anonymous Author(s)", fontsize=11)
    _body(page, 150, lines=12)
    for i in range(40):
        page.insert_text((30, 100 + 15 * i), f"{i + 1:03d}", fontsize=7)
    ex = extract_pdf(_save(doc, tmp_path / "review.pdf"))
    assert ex.authors == [] and ex.sections == ["1 Introduction"]


def test_keyed_footnote_with_is_with_clauses(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((120, 80), "Keyed Footnote Affiliations", fontsize=17, fontname="hebo")
    _put(page, 150, 110, [("Luigi Rossi", 11, "helv"), ("1", 6, "helv"), (", Anna Weber", 11, "helv"),
                          ("2", 6, "helv")])
    _body(page, 150, lines=10)
    _put(page, 72, 720, [("1", 5, "helv"), ("Luigi Rossi is with the Institute for Robotics, Genoa, Italy. "
                                            "luigi@example.org", 8, "helv")])
    _put(page, 72, 731, [("2", 5, "helv"), ("Anna Weber is with Inria, Nancy, France.", 8, "helv")])
    ex = extract_pdf(_save(doc, tmp_path / "keyed.pdf"))
    assert ex.authors == ["Luigi Rossi", "Anna Weber"]
    assert ex.first_author_affiliation == "Institute for Robotics, Genoa, Italy"
    assert ex.affiliation_source == "pdf-footnote"


def test_footnote_sentence_naming_several_authors(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((120, 80), "Shared Footnote Sentence", fontsize=17, fontname="hebo")
    page.insert_text((180, 110), "Ana Banerjee, Colin Acton and Xu Chen", fontsize=11)
    _body(page, 150, lines=10)
    page.insert_text((72, 712), "Ana Banerjee is with the Department of Electrical Engineering, and Colin Acton and",
                     fontsize=8)
    page.insert_text((72, 721), "Xu Chen are with the Department of Mechanics, University of Washington, Seattle.",
                     fontsize=8)
    ex = extract_pdf(_save(doc, tmp_path / "shared.pdf"))
    assert ex.authors == ["Ana Banerjee", "Colin Acton", "Xu Chen"]
    assert ex.first_author_affiliation == "Department of Electrical Engineering, University of Washington, Seattle"


def test_symbol_keyed_affiliations(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((120, 80), "Symbols As Affiliation Keys", fontsize=17, fontname="hebo")
    _put(page, 170, 110, [("Alice Martin", 11, "helv"), ("§", 6, "helv"), (", Bo Chen", 11, "helv"),
                          ("¶", 6, "helv")])
    _put(page, 200, 128, [("§", 6, "helv"), ("Stanford University", 10, "helv")])
    _put(page, 200, 142, [("¶", 6, "helv"), ("ETH Zürich", 10, "helv")])
    _body(page, 180)
    ex = extract_pdf(_save(doc, tmp_path / "sym.pdf"))
    assert ex.authors == ["Alice Martin", "Bo Chen"]
    assert ex.first_author_affiliation == "Stanford University"
    assert ex.affiliations == ["Stanford University", "ETH Zürich"]


def test_keyed_affiliation_wrapped_over_two_lines(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((120, 80), "Wrapped Keyed Affiliations", fontsize=17, fontname="hebo")
    _put(page, 170, 110, [("Alice Martin", 11, "helv"), ("1", 6, "helv"), (", Bo Chen", 11, "helv"),
                          ("2", 6, "helv")])
    _put(page, 160, 128, [("1", 6, "helv"), ("Department of Physics,", 10, "helv")])
    page.insert_text((165, 140), "University of Oslo, Norway", fontsize=10)
    _put(page, 160, 154, [("2", 6, "helv"), ("Google Research, Zurich", 10, "helv")])
    _body(page, 190)
    ex = extract_pdf(_save(doc, tmp_path / "wrapkey.pdf"))
    assert ex.first_author_affiliation == "Department of Physics, University of Oslo, Norway"
    assert ex.affiliations == ["Department of Physics, University of Oslo, Norway", "Google Research, Zurich"]


def test_acm_all_caps_names_with_inline_affiliations(tmp_path: Path) -> None:
    """ACM journal formats (acmtog, acmsmall): one author entry per line, the name in capitals and a larger
    size, its affiliation after a comma on the same line in a smaller size; names sharing an affiliation
    are joined by 'and'."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((60, 80), "Sparse Attention for Real-Time Talking Heads", fontsize=17, fontname="hebo")
    _put(page, 60, 104, [("ALICE MARTIN,", 12, "helv"), (" University of Oslo, Norway", 10, "helv")])
    _put(page, 60, 118, [("BO CHEN and JOSÉ GARCÍA-LÓPEZ,", 12, "helv"), (" Acme Labs Inc., USA", 10, "helv")])
    _put(page, 60, 132, [("JUN-HO PARK,", 12, "helv"), (" University of Oslo, Norway", 10, "helv")])
    page.draw_rect(pymupdf.Rect(60, 150, 540, 300), color=(0, 0, 0))
    page.insert_text((100, 200), "(a) Teacher", fontsize=9)
    page.insert_text((300, 200), "(b) Student", fontsize=9)
    page.insert_text((60, 315), "Fig. 1. Frames generated by the teacher and by the student.", fontsize=8)
    _body(page, 340)
    ex = extract_pdf(_save(doc, tmp_path / "acm.pdf"))
    assert ex.title == "Sparse Attention for Real-Time Talking Heads"
    assert ex.authors == ["ALICE MARTIN", "BO CHEN", "JOSÉ GARCÍA-LÓPEZ", "JUN-HO PARK"]
    assert ex.first_author_affiliation == "University of Oslo, Norway"
    assert ex.affiliations == ["University of Oslo, Norway", "Acme Labs Inc., USA"]
    assert ex.affiliation_source == "pdf-header"


def test_all_caps_line_without_an_affiliation_is_not_an_author(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((60, 60), "JOURNAL OF LATEX CLASS FILES", fontsize=8)
    page.insert_text((60, 90), "Learning Small Models Quickly", fontsize=17, fontname="hebo")
    _put(page, 60, 114, [("Alice Martin", 11, "helv"), ("1", 6, "helv"), (", Bo Chen", 11, "helv"), ("2", 6, "helv")])
    _put(page, 60, 130, [("1", 6, "helv"), ("University of Oslo  ", 10, "helv"), ("2", 6, "helv"),
                         ("Google Research", 10, "helv")])
    page.insert_text((60, 146), "MAIN TRACK, SHORT PAPER", fontsize=10)
    _body(page, 180)
    ex = extract_pdf(_save(doc, tmp_path / "caps.pdf"))
    assert ex.authors == ["Alice Martin", "Bo Chen"]
    assert ex.first_author_affiliation == "University of Oslo"


def test_teaser_glyph_in_a_large_size_ends_the_author_block(tmp_path: Path) -> None:
    """A teaser figure right under the author line whose labels are small but which holds one large
    non-letter glyph ('...', an arrow): its row is not an affiliation row; the affiliations are in the
    page-1 footnote."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((90, 80), "Audio-Guided Perception for Video Agents", fontsize=15, fontname="hebo")
    _put(page, 120, 108, [("Alice Martin", 10, "hebo"), ("1 2", 6, "helv"), ("  Bo Chen", 10, "hebo"),
                          ("2", 6, "helv"), ("  Chen Yutong", 10, "hebo"), ("1", 6, "helv")])
    page.insert_text((190, 122), "https://lab.github.io/agent", fontsize=10, fontname="cour")
    page.draw_rect(pymupdf.Rect(60, 135, 540, 290), color=(0, 0, 0))
    page.insert_text((100, 162), "...", fontsize=15)
    page.insert_text((180, 152), "Before picking up the cup, the", fontsize=7)
    page.insert_text((180, 160), "speaker explains a sign. Which", fontsize=7)
    page.insert_text((180, 168), "concepts can it be associated with?", fontsize=7)
    page.insert_text((400, 152), "Model-30B", fontsize=7)
    page.insert_text((400, 168), "Answer: Ancient Imperial Palace", fontsize=7)
    page.insert_text((60, 305), "Figure 1: An agent that listens before it looks.", fontsize=9)
    _body(page, 330, lines=10)
    _put(page, 72, 730, [("1", 5, "helv"), ("University of Oslo ", 8, "helv"), ("2", 5, "helv"),
                         ("Google Research. Correspondence to: Bo Chen <bo@example.org>.", 8, "helv")])
    ex = extract_pdf(_save(doc, tmp_path / "teaser.pdf"))
    assert ex.authors == ["Alice Martin", "Bo Chen", "Chen Yutong"]
    assert ex.first_author_affiliation == "University of Oslo"
    assert ex.affiliation_source == "pdf-footnote"


@pytest.mark.parametrize("name", ["lowercase-family"])
def test_generated_author_block(tmp_path: Path, name: str) -> None:
    """Author-block cases of the generated corpus (tests/pdfcorpus/specs.py), checked one by one."""
    from pdfcorpus.specs import CASES, build_case

    case = next(c for c in CASES if c.name == name)
    path, truth = build_case(case, tmp_path)
    ex = extract_pdf(path, tmp_path / "figures")
    assert ex.authors == truth["authors"]
    assert ex.first_author_affiliation == truth["first_author_affiliation"]


def test_subsection_heading_right_under_its_section_is_not_a_wrapped_title(tmp_path: Path) -> None:
    """ACM styles set sections and subsections in one font and size; '4.1 Setup' directly under
    '4 Experiments' is the next heading, not the second line of '4 Experiments'."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((100, 80), "Headings In One Style", fontsize=17, fontname="hebo")
    page.insert_text((230, 104), "Ada Lovelace", fontsize=11)
    y = 140.0
    for num, title, paras in (("1", "Introduction", 4), ("2", "Experiments", 0), ("2.1", "Setup", 4),
                              ("2.2", "Results", 4), ("3", "Conclusion", 3)):
        page.insert_text((72, y), num, fontsize=11, fontname="hebo")
        page.insert_text((72 + 8 + 6 * len(num), y), title, fontsize=11, fontname="hebo")
        y += 15 if paras else 14.5
        for _ in range(paras):
            page.insert_text((72, y), BODY[:95], fontsize=10)
            y += 12
        y += 8 if paras else 0
    ex = extract_pdf(_save(doc, tmp_path / "heads.pdf"))
    assert ex.sections == ["1 Introduction", "2 Experiments", "3 Conclusion"]
