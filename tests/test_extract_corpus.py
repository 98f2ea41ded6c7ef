"""``extract_pdf`` against the generated ground-truth corpus (tests/pdfcorpus): accuracy targets, unreadable
files, the image-only warning, and a round-trip property for authors and code URLs.

``pytest -s tests/test_extract_corpus.py`` prints the per-paper table. The truth itself is checked against the
built PDFs first (``test_truth_matches_the_pdf``), so a failure in the accuracy test is the extractor's.
"""

from __future__ import annotations

import re
import string

import pymupdf
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from paperbrief.errors import PDFError
from paperbrief.pdf import extract_pdf
from paperbrief.samples.pdfbuild import AuthorSpec, FigureSpec, PaperSpec, SectionSpec, build_pdf
from pdfcorpus import metrics
from pdfcorpus.fixtures import pdf_corpus  # noqa: F401  (session fixture)
from pdfcorpus.text import prose


def _papers(corpus):
    return [(c, p, t) for c, p, t in corpus if c.spec is not None]


@pytest.fixture(scope="session")
def extracted(pdf_corpus, tmp_path_factory):  # noqa: F811
    """name -> (truth, extraction as a dict or None, error text or None); extraction runs once."""
    out = {}
    for case, path, truth in _papers(pdf_corpus):
        figs = tmp_path_factory.mktemp(f"figs-{case.name}") / "figures"
        try:
            got = extract_pdf(path, figs)
            out[case.name] = (truth, got.model_dump() if hasattr(got, "model_dump") else dict(got), None)
        except Exception as e:  # scored as a miss on every field; the table shows the error
            out[case.name] = (truth, None, f"{type(e).__name__}: {e}")
    return out


# ------------------------------------------------------------------------------------------------ truth

def _flat(text: str) -> str:
    """Page text with line breaks removed, so wrapped URLs and headings can be searched for."""
    return re.sub(r"\s*\n\s*", "", text)


def test_corpus_size_and_coverage(pdf_corpus):  # noqa: F811
    papers = _papers(pdf_corpus)
    assert len(papers) >= 30
    specs = [c.spec for c, _, _ in papers]
    assert {s.layout for s in specs} == {"one-column", "two-column"}
    assert {s.affiliation_style for s in specs} == {"numbered", "symbols", "under-author", "footnote"}
    assert any(s.anonymous for s in specs)
    assert {f.placement for s in specs for f in s.figures} == {"column", "full", "wrapped", "teaser", "side"}
    assert {f.kind for s in specs for f in s.figures} == {"raster", "vector", "both"}
    assert {w for s in specs for _, w in s.extra_links} >= {"footnote", "body", "annotation", "broken", "hyphen"}
    assert {c.broken for c, _, _ in pdf_corpus if c.broken} == {"truncated", "encrypted", "empty", "not-pdf",
                                                                 "image-only"}


def test_truth_matches_the_pdf(pdf_corpus):  # noqa: F811
    """The reference is only as good as its truth: every fact in it must be visible in the PDF built."""
    for case, path, truth in _papers(pdf_corpus):
        doc = pymupdf.open(path)
        assert truth["pages"] == doc.page_count, case.name
        first = doc[0].get_text()
        first_flat = _flat(first)
        for name in truth["authors"]:
            assert name in first, (case.name, name)
        if truth["first_author_affiliation"]:
            assert truth["first_author_affiliation"].replace(" ", "") in first_flat.replace(" ", ""), case.name
        else:
            assert case.spec.anonymous
        alltext = "".join(_flat(p.get_text()) for p in doc)
        # the other reading of a URL broken at a hyphen: "repo-" | "name" as the hyphenated word "reponame"
        dehyphenated = "".join(re.sub(r"-\s*\n\s*", "", p.get_text()) for p in doc)
        links = {link.get("uri") for p in doc for link in p.get_links()}
        for url in truth["code_urls"]:
            bare = re.sub(r"^https://", "", url)
            assert url in alltext or bare in alltext or url in links or bare in _flat(dehyphenated), (case.name, url)
        assert set(truth["own_code_urls"]) <= set(truth["code_urls"])
        pages_text = [_flat(p.get_text()) for p in doc]
        for heading in truth["sections"]:
            assert any(heading.replace(" ", "") in t.replace(" ", "") for t in pages_text), (case.name, heading)
        for f in truth["figures"]:
            page = doc[f["page"] - 1]
            box = pymupdf.Rect(f["bbox"])
            assert box.width > 20 and box.height > 20 and page.rect.contains(box), (case.name, f)
            sep = case.spec.caption_sep or ("." if f["label"].startswith("Fig.") else ":")
            hits = page.search_for(f"{f['label']}{sep}")
            below = [h for h in hits if h.y0 >= box.y1 - 1 and h.y0 - box.y1 < 40]
            assert below, (case.name, f["label"], "caption not right below the figure")
            # something is drawn in the box, and nothing drawn in it sticks out of it
            inside = [pymupdf.Rect(i["bbox"]) for i in page.get_image_info() if pymupdf.Rect(i["bbox"]).intersects(box)]
            inside += [d["rect"] for d in page.get_drawings() if d["rect"].intersects(box)]
            assert inside, (case.name, f["label"], "empty figure box")
            grown = box + (-2, -2, 2, 2)
            assert all(grown.contains(r) for r in inside), (case.name, f["label"], "drawing outside the box")
        doc.close()


def test_builder_is_deterministic(tmp_path):
    from pdfcorpus.specs import PAPERS

    spec = next(c.spec for c in PAPERS if c.name == "twocol-cvpr")
    a = build_pdf(spec, tmp_path / "a.pdf")
    b = build_pdf(spec, tmp_path / "b.pdf")
    assert a == b
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


# ------------------------------------------------------------------------------------------------ accuracy

@pytest.mark.slow
def test_extraction_accuracy(extracted):
    scores = [metrics.score_paper(name, truth, got, err) for name, (truth, got, err) in extracted.items()]
    summary = metrics.summarize(scores)
    print("\n" + metrics.table(scores, summary, verbose=True))
    missed = metrics.failures(summary)
    assert not missed, "targets missed: " + "; ".join(missed)


def test_extraction_never_crashes_on_readable_papers(extracted):
    errors = {name: err for name, (_, _, err) in extracted.items() if err}
    assert not errors


@pytest.mark.parametrize("name", ["broken-truncated", "broken-encrypted", "broken-empty", "broken-not-pdf"])
def test_unreadable_pdf_raises_pdferror(pdf_corpus, tmp_path, name):  # noqa: F811
    path = next(p for c, p, _ in pdf_corpus if c.name == name)
    with pytest.raises(PDFError):
        extract_pdf(path, tmp_path / "figures")


def test_missing_file_raises_pdferror(tmp_path):
    with pytest.raises(PDFError):
        extract_pdf(tmp_path / "nope.pdf", tmp_path / "figures")


def test_image_only_pdf_gives_warnings(pdf_corpus, tmp_path):  # noqa: F811
    path = next(p for c, p, _ in pdf_corpus if c.name == "scanned-image-only")
    got = extract_pdf(path, tmp_path / "figures")
    assert got.warnings, "a PDF without a text layer must say so in warnings"
    assert got.pages == 2


# ------------------------------------------------------------------------------------------------ property

_GIVEN = ["Alice", "José", "Zoë", "Jean-Luc", "Xiao-Ming", "Jae-won", "Łukasz", "Søren", "Ana Lúcia", "Mihály",
          "Hyun-Woo", "Björn", "Çağrı", "Yuki", "A. B.", "T.", "Núria", "Olivia", "Kenji", "François"]
_FAMILY = ["Martin", "García-Moreno", "Müller", "Wiśniewski", "Østergaard", "Szőke", "Li", "Park", "Zhang",
           "O'Neil", "Öztürk", "Takahashi", "Nguyen", "Lefèvre", "de la Cruz", "Kim", "Ivanova", "Dvořák"]
_slug = st.text(string.ascii_lowercase + string.digits, min_size=2, max_size=10)
# After a dot the name goes on with a letter: "…/frWbwoFh." wrapped before "48" (CI at f9a4235) reads as a sentence's
# end and a numbered line ("5.1", "48"), which the text alone cannot tell from a name "frWbwoFh.48".
_repo = st.builds(lambda a, sep, b: a + sep + (b if sep != "." or b[0].isalpha() else "v" + b),
                  st.text(string.ascii_letters, min_size=2, max_size=10), st.sampled_from(["", "-", "_", "."]),
                  st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=10))
_url = st.builds(lambda host, org, repo: f"https://{host}/{org}/{repo}",
                 st.sampled_from(["github.com", "github.com", "gitlab.com"]), _slug, _repo)


# No shrink phase: each example builds and parses a PDF, and shrinking a failure would take minutes.
@settings(max_examples=15, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(names=st.lists(st.builds(lambda g, f: f"{g} {f}", st.sampled_from(_GIVEN), st.sampled_from(_FAMILY)),
                      min_size=1, max_size=7, unique=True),
       urls=st.lists(_url, max_size=3, unique_by=metrics.norm_url),
       wheres=st.lists(st.sampled_from(["abstract", "body", "footnote", "broken", "hyphen"]), min_size=3, max_size=3),
       two=st.booleans())
def test_roundtrip_authors_and_code_urls(tmp_path_factory, names, urls, wheres, two):
    tmp = tmp_path_factory.mktemp("roundtrip")
    abstract = prose(7, 4)
    extra = []
    for url, where in zip(urls, wheres):
        if where == "abstract":
            abstract += f" Code: {url}."
        else:
            extra.append((url, where))
    spec = PaperSpec(
        title="A Round-Trip Test Paper for Authors and Links",
        authors=[AuthorSpec(n, [1 + i % 2]) for i, n in enumerate(names)],
        affiliations=["University of Testing", "Institute of Properties"], abstract=abstract,
        sections=[SectionSpec("1 Introduction", [prose(8, 5), prose(9, 5)]), SectionSpec("2 Method", [prose(10, 6)])],
        figures=[FigureSpec("A figure.", "vector", section=1)], extra_links=extra,
        layout="two-column" if two else "one-column")
    truth = build_pdf(spec, tmp / "p.pdf")
    got = extract_pdf(tmp / "p.pdf", tmp / "figures")
    assert [metrics.norm_name(a) for a in got.authors] == [metrics.norm_name(a) for a in truth["authors"]]
    assert {metrics.norm_url(u) for u in got.code_urls} == {metrics.norm_url(u) for u in truth["code_urls"]}
