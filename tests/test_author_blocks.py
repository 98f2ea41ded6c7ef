"""Author blocks and affiliations (issue 20), case by case and field by field.

The generated-corpus cases added for the issue are checked here strictly (every author exactly, the first
author's affiliation exactly, and where it came from), each on its own: the corpus accuracy test only
counts them into totals. Accents drawn as glyphs of their own or as combining marks are built here rather
than in the corpus, because the corpus' truth check looks the composed names up in the page text, which
holds them decomposed. Every expected value comes from the builder's truth or is written out by hand.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from paperbrief.names import compose_name
from paperbrief.pdf import extract_pdf
from paperbrief.samples.pdfbuild import AuthorSpec, FigureSpec, PaperSpec, build_pdf
from pdfcorpus.specs import PAPERS, build_case
from pdfcorpus.text import prose, sections

# the cases of tests/pdfcorpus/specs.py that cover the author-block and affiliation classes
CLASS_CASES = {
    "grid-letter-keys": "grid of rows, letter keys, equal-contribution and corresponding marks",
    "inline-markers": "keys in the body font, not raised",
    "email-lines": "names followed by e-mail lines",
    "touching-names": "names touching, capitalisation only",
    "gap-names": "names apart by a gap, no space character",
    "font-change-names": "names apart by a font change",
    "acm-caps": "ALL-CAPS ACM author lines",
    "particles": "particles van / de / von / van der / da",
    "cjk-han": "names in Han characters",
    "two-affils-under": "two affiliations for one author",
    "email-domain-lines": "e-mail domain as the last hint",
    "anonymous": "anonymous submission",
    "symbols-affil": "symbol-keyed affiliation list",
    "ieee-roman": "affiliations in page-1 footnotes",
}


@pytest.mark.parametrize("name", sorted(CLASS_CASES))
def test_corpus_case_exactly(name: str, tmp_path: Path) -> None:
    case = next(c for c in PAPERS if c.name == name)
    path, truth = build_case(case, tmp_path)
    got = extract_pdf(path, tmp_path / "figures")
    assert got.authors == truth["authors"]
    assert all(unicodedata.is_normalized("NFC", a) for a in got.authors)
    assert got.first_author_affiliation == truth["first_author_affiliation"]
    assert got.affiliation_source == truth["affiliation_source"]


def test_acm_entries_keep_every_affiliation(tmp_path: Path) -> None:
    """Entries flow over lines: an affiliation cut by the line end is joined again."""
    case = next(c for c in PAPERS if c.name == "acm-caps")
    path, _ = build_case(case, tmp_path)
    got = extract_pdf(path, tmp_path / "figures")
    assert got.affiliations == ["Stanford University, USA", "Delft University of Technology, Netherlands",
                                "University of Toronto, Canada"]


def test_two_affiliations_under_one_name_are_two(tmp_path: Path) -> None:
    case = next(c for c in PAPERS if c.name == "two-affils-under")
    path, _ = build_case(case, tmp_path)
    got = extract_pdf(path, tmp_path / "figures")
    assert got.affiliations[:2] == ["School of Informatics, University of Edinburgh, UK",
                                    "The Alan Turing Institute, London, UK"]


# ------------------------------------------------------------------------------------------------ accents

ACCENTED = ["Tomáš Dvořák", "Jürgen Müller", "Zdeněk Kasner", "Chloé Hébert"]


def _accent_paper(accents: str, names: list[str]) -> PaperSpec:
    return PaperSpec(
        title="Accents in Author Names Drawn the Way TeX Draws Them",
        authors=[AuthorSpec(n, [1 + i % 2]) for i, n in enumerate(names)],
        affiliations=["Charles University, Prague, Czech Republic", "University of Vienna, Austria"],
        abstract=prose(71, 5), sections=sections(71), figures=[FigureSpec("A figure.", "vector", section=1)],
        accents=accents, seed=71)


@pytest.mark.parametrize("accents", ["combining", "glyph-before"])
def test_accents_are_composed(accents: str, tmp_path: Path) -> None:
    truth = build_pdf(_accent_paper(accents, ACCENTED), tmp_path / "p.pdf")
    got = extract_pdf(tmp_path / "p.pdf", tmp_path / "figures")
    assert truth["authors"] == ACCENTED
    assert got.authors == ACCENTED  # NFC, compared code point by code point


def test_accent_glyph_after_its_letter(tmp_path: Path) -> None:
    """The text layer reads "Mu¨ller" and "Chloe´ He´bert": the accent can only belong to the letter before."""
    names = ["Jürgen Müller", "Chloé Hébert"]
    build_pdf(_accent_paper("glyph-after", names), tmp_path / "p.pdf")
    got = extract_pdf(tmp_path / "p.pdf", tmp_path / "figures")
    assert got.authors == names


def test_accent_glyph_after_an_ambiguous_pair(tmp_path: Path) -> None:
    """The text layer reads "Dvorˇa´k": both neighbours could take both accents, so the text alone cannot
    tell; the glyph boxes can (each accent is drawn over its letter)."""
    build_pdf(_accent_paper("glyph-after", ["Tomáš Dvořák"]), tmp_path / "p.pdf")
    got = extract_pdf(tmp_path / "p.pdf", tmp_path / "figures")
    assert got.authors == ["Tomáš Dvořák"]


@pytest.mark.parametrize("text, want", [
    ("Dvo\u02c7r\u00e1k", "Dvořák"),         # pdfTeX's order: the accent, then its letter
    ("Mu\u00a8ller", "Müller"),              # the accent after its letter
    ("Zden\u02c7ek", "Zdeněk"),
    ("Jose\u0301 Garci\u0301a", "José García"),  # combining marks
    ("Universit\u00b4 e", "Université"),
    ("O'Neil", "O'Neil"),
])
def test_compose_name(text: str, want: str) -> None:
    assert compose_name(text) == want


# ------------------------------------------------------------------------------------------------ guards

def test_touching_names_keep_their_own_inner_capitals(tmp_path: Path) -> None:
    """'Yann LeCunMaría McDonald': the capital after 'Le' and 'Mc' starts no new name, the one after
    'LeCun' does."""
    names = ["Yann LeCun", "María McDonald", "Anna DeVries"]
    spec = _accent_paper("precomposed", names)
    spec.author_separator, spec.author_gap = "", 0.0
    spec.authors = [AuthorSpec(n) for n in names[:-1]] + [AuthorSpec(names[-1], [1])]
    truth = build_pdf(spec, tmp_path / "p.pdf")
    got = extract_pdf(tmp_path / "p.pdf", tmp_path / "figures")
    assert truth["authors"] == names
    assert got.authors == names


def test_han_institution_is_not_a_name() -> None:
    from paperbrief.pdf._authors import name_like

    assert name_like("欧阳明") and name_like("张伟")
    assert not name_like("清华大学") and not name_like("复旦大学")
