"""Title, authors and affiliations from generated first pages."""

from __future__ import annotations

from pathlib import Path

import pymupdf

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
