"""The PDF's author names checked against arXiv's list: matching names take arXiv's spelling, every
disagreement is recorded (``authors_mismatch``), nothing is merged, added or dropped silently."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from paperbrief.pdf import extract_pdf
from paperbrief.pdf.bounded import BoundedReader
from paperbrief.pdf.reference import check_authors
from pdfcorpus.specs import CASES, build_case

EXE = [sys.executable, "-m", "paperbrief"]


@pytest.mark.parametrize("pdf, arxiv", [
    (["Jose Garcia", "Zdenek Dvorak"], ["José García", "Zdeněk Dvořák"]),  # accents lost in the PDF
    (["ALICE CHEN", "BOB DE VRIES"], ["Alice Chen", "Bob de Vries"]),  # an ACM all-caps author line
    (["Zhang Wei", "Li Na"], ["Wei Zhang", "Na Li"]),  # printed family name first
    (["A. Chen", "B. de Vries"], ["Alice Chen", "Bob de Vries"]),  # initials
])
def test_matching_names_take_arxiv_spelling(pdf, arxiv):
    got = check_authors(pdf, arxiv)
    assert (got.authors, got.source, got.mismatch) == (arxiv, "pdf+arxiv", [])


def test_two_people_with_one_family_name_keep_their_places():
    got = check_authors(["J. Wang", "Jie Wang"], ["Jun Wang", "Jie Wang"])
    assert got.authors == ["Jun Wang", "Jie Wang"] and got.mismatch == []


def test_a_name_only_in_the_pdf_is_kept_and_one_only_on_arxiv_is_not_added():
    got = check_authors(["Alice Chen", "Carol Park", "Bob Jones"], ["Alice Chen", "Bob Jones", "Dan Smith"])
    assert got.authors == ["Alice Chen", "Carol Park", "Bob Jones"]
    assert got.source == "pdf+arxiv"
    assert got.mismatch == ["only in the PDF: Carol Park", "only on arXiv: Dan Smith"]


def test_a_different_order_is_reported():
    got = check_authors(["Bob Jones", "Alice Chen"], ["Alice Chen", "Bob Jones"])
    assert got.authors == ["Bob Jones", "Alice Chen"]  # the PDF's order: nothing is re-ordered silently
    assert got.mismatch == ["the PDF and arXiv list the authors in a different order"]


def test_no_reference_no_names_and_no_match():
    assert check_authors(["Alice Chen"], None) == check_authors(["Alice Chen"], [])
    assert check_authors(["Alice Chen"], None).source == "pdf"
    assert check_authors([], None).source is None
    anon = check_authors([], ["Alice Chen"])
    assert anon.authors == ["Alice Chen"] and anon.source == "arxiv" and len(anon.mismatch) == 1
    none = check_authors(["Carol Park"], ["Alice Chen"])
    assert none.authors == ["Carol Park"] and none.source == "pdf"
    assert none.mismatch == ["only in the PDF: Carol Park", "only on arXiv: Alice Chen"]


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    case = next(c for c in CASES if c.name == "onecol-numbered")
    return build_case(case, tmp_path_factory.mktemp("ref"))


def _variants(names: list[str]) -> list[str]:
    """arXiv's spelling made different from the PDF's: upper case with an accent on every first 'e'."""
    return [n.upper().replace("E", "É", 1) for n in names]


def test_extract_pdf_writes_names_in_the_reference_spelling(paper):
    path, truth = paper
    reference = _variants(truth["authors"])
    assert reference != truth["authors"]
    plain = extract_pdf(path)
    assert plain.authors == truth["authors"] and plain.authors_source == "pdf" and plain.authors_mismatch == []
    checked = extract_pdf(path, authors=reference)
    assert checked.authors == reference and checked.authors_source == "pdf+arxiv"
    # the bounded reader a run uses passes the reference through its worker
    with BoundedReader() as reader:
        assert reader.extract(path, None, authors=reference).authors == reference


def test_cli_arxiv_authors_option(paper, tmp_path):
    path, truth = paper
    reference = truth["authors"][:-1] + ["Somebody Else"]
    r = subprocess.run([*EXE, "extract", str(path), "--json", "--arxiv-authors", "; ".join(reference)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["authors"] == truth["authors"]
    assert data["authors_mismatch"] == [f"only in the PDF: {truth['authors'][-1]}", "only on arXiv: Somebody Else"]
    other = tmp_path / "other.pdf"
    other.write_bytes(path.read_bytes())
    r = subprocess.run([*EXE, "extract", str(path), str(other), "--arxiv-authors", "A B"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "one PDF file" in r.stderr
