"""Sections, captions, tables, figures (with crops), code links and role texts on a generated paper."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from paperbrief.pdf import extract_pdf

LINE = "This is ordinary body text that fills the column with words about the method and its results."


class _Writer:
    """A tiny single-column typesetter: headings, paragraphs, figures and tables, new pages as needed."""

    def __init__(self) -> None:
        self.doc = pymupdf.open()
        self.page = self.doc.new_page()
        self.y = 72.0

    def need(self, h: float) -> None:
        if self.y + h > 740:
            self.page = self.doc.new_page()
            self.y = 72.0

    def text(self, s: str, size: float = 10, font: str = "helv", gap: float = 13) -> None:
        self.need(gap)
        self.page.insert_text((72, self.y), s, fontsize=size, fontname=font)
        self.y += gap

    def para(self, n: int = 4, first: str | None = None) -> None:
        if first:
            self.text(first)
            n -= 1
        for _ in range(n):
            self.text(LINE)
        self.y += 6

    def heading(self, s: str) -> None:
        self.y += 8
        self.text(s, size=12, font="hebo", gap=18)

    def runin(self, head: str, rest: str) -> None:
        self.need(13)
        self.page.insert_text((72, self.y), head, fontsize=10, fontname="hebo")
        w = pymupdf.get_text_length(head, fontname="hebo", fontsize=10)
        self.page.insert_text((72 + w + 4, self.y), rest, fontsize=10)
        self.y += 13

    def figure(self, caption: str, kind: str = "vector", height: float = 150) -> pymupdf.Rect:
        self.need(height + 40)
        r = pymupdf.Rect(150, self.y, 450, self.y + height)
        if kind == "vector":
            for i in range(6):
                self.page.draw_rect(pymupdf.Rect(r.x0 + 45 * i, r.y1 - 20 * (i + 1), r.x0 + 45 * i + 30, r.y1),
                                    color=(0, 0, 0), fill=(0.2, 0.4, 0.8))
            self.page.draw_line(pymupdf.Point(r.x0, r.y1), pymupdf.Point(r.x1, r.y1))
            self.page.insert_text((r.x0 + 100, r.y0 + 10), "accuracy (%)", fontsize=7)
        else:
            pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 300, 150), 0)
            pix.clear_with(120)
            self.page.insert_image(r, pixmap=pix)
        self.y = r.y1 + 16
        self.text(caption, size=9)
        self.y += 8
        return r

    def table(self, caption: str) -> None:
        self.need(90)
        self.text(caption, size=9)
        for i in range(4):
            self.text(f"row {i}    0.{i}1    0.{i}2    0.{i}3", size=9)
        self.y += 8


@pytest.fixture(scope="module")
def paper(tmp_path_factory) -> tuple[Path, dict]:
    w = _Writer()
    w.text("Sparse Experts For Everyone", size=18, font="hebo", gap=30)
    w.text("Ada Lovelace, Alan Turing", size=11, gap=14)
    w.text("University of Cambridge", size=10, gap=26)
    w.text("Abstract", size=12, font="hebo", gap=16)
    w.para(3, first="We present a method. Code is available at https://github.com/ada/sparse-experts.")
    w.heading("1 Introduction")
    w.para(4)
    w.para(3, first="Figure 2 shows that our method is fast; Table 1 lists the numbers.")
    teaser = w.figure("Figure 1: Overview of the sparse expert pipeline.")
    w.heading("2 Related Work")
    w.para(4)
    w.heading("3 Method")
    w.runin("Routing.", "Each token picks two experts among many and the rest stay idle in this step.")
    w.para(4)
    raster = w.figure("Figure 2: Throughput of the experts on one GPU.", kind="raster")
    w.heading("4 Experiments")
    w.table("Table 1: Accuracy on the benchmarks.")
    w.para(4)
    w.table("Table 2: Ablations.")
    w.heading("5 Conclusion")
    w.para(3, first="We built on https://github.com/other/baseline for the data loader.")
    w.heading("References")
    w.text("[1] A. Person. A cited paper. https://github.com/cited/repo, 2020.", size=9)
    w.heading("A Proofs")
    w.para(3)
    path = tmp_path_factory.mktemp("gen") / "paper.pdf"
    w.doc.save(path)
    return path, {"teaser": teaser, "raster": raster}


def test_sections_in_order_without_run_in_heads(paper) -> None:
    path, _ = paper
    ex = extract_pdf(path)
    assert ex.sections == ["1 Introduction", "2 Related Work", "3 Method", "4 Experiments", "5 Conclusion",
                           "References", "A Proofs"]
    assert ex.has_appendix
    assert ex.tables_count == 2


def test_captions_not_body_mentions(paper) -> None:
    path, _ = paper
    ex = extract_pdf(path)
    assert [(f.label, f.caption) for f in ex.figures] == [
        ("Figure 1", "Overview of the sparse expert pipeline."), ("Figure 2", "Throughput of the experts on one GPU.")]


def test_figure_boxes_and_crops(paper, tmp_path: Path) -> None:
    path, truth = paper
    out = tmp_path / "figures"
    ex = extract_pdf(path, out)
    for fig, want in zip(ex.figures, (truth["teaser"], truth["raster"])):
        got = pymupdf.Rect(fig.bbox)
        # the bars of the vector chart span x0 .. x0 + 255 and rise 120 pt; the raster fills its rectangle
        assert abs(got.x0 - want.x0) < 6 and want.x0 + 250 < got.x1 < want.x1 + 6
        assert abs(got.y1 - want.y1) < 6 and got.y0 < want.y1 - 115
        assert fig.image is not None and fig.image.startswith("figures/fig-")
        img = out.parent / fig.image
        assert img.exists() and img.stat().st_size <= 600_000
        pix = pymupdf.Pixmap(str(img))
        assert 300 <= pix.width <= 1600


def test_code_links_own_first_and_cited_ones_kept(paper) -> None:
    path, _ = paper
    ex = extract_pdf(path, abstract="See github.com/ada/extra for more.")
    assert ex.own_code_urls == ["https://github.com/ada/extra", "https://github.com/ada/sparse-experts"]
    assert ex.code_urls[:2] == ex.own_code_urls
    assert set(ex.code_urls[2:]) == {"https://github.com/other/baseline", "https://github.com/cited/repo"}


def test_role_texts(paper) -> None:
    path, _ = paper
    ex = extract_pdf(path)
    # each role holds exactly its section's paragraphs: no heading, caption, table row, reference or appendix
    lines = lambda n: " ".join([LINE] * n)  # noqa: E731
    assert ex.text == {
        "abstract": f"We present a method. Code is available at https://github.com/ada/sparse-experts. {lines(2)}",
        "introduction": f"{lines(4)} Figure 2 shows that our method is fast; Table 1 lists the numbers. {lines(2)}",
        "related": lines(4),
        "method": f"Routing. Each token picks two experts among many and the rest stay idle in this step. {lines(4)}",
        "experiments": lines(4),
        "conclusion": f"We built on https://github.com/other/baseline for the data loader. {lines(2)}",
    }


def test_link_annotation_counts(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((100, 80), "Annotated Links Only", fontsize=18, fontname="hebo")
    page.insert_text((100, 110), "Ada Lovelace", fontsize=11)
    page.insert_text((72, 150), "Abstract", fontsize=12, fontname="hebo")
    page.insert_text((72, 170), "Our code is publicly available on GitHub.", fontsize=10)
    w = pymupdf.get_text_length("Our code is publicly available on ", fontname="helv", fontsize=10)
    page.insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(72 + w, 160, 72 + w + 35, 172),
                      "uri": "https://github.com/ada/hidden"})
    page.insert_text((72, 200), "1 Introduction", fontsize=12, fontname="hebo")
    page.insert_text((72, 220), LINE, fontsize=10)
    p = tmp_path / "links.pdf"
    doc.save(p)
    ex = extract_pdf(p)
    assert ex.code_urls == ex.own_code_urls == ["https://github.com/ada/hidden"]


def _front(page: pymupdf.Page) -> None:
    page.insert_text((150, 70), "A Paper With Pictures", fontsize=18, fontname="hebo")
    page.insert_text((240, 95), "Ada Lovelace", fontsize=11)


def test_uncaptioned_page_one_teaser(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    _front(page)
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 200, 80), 0)
    pix.clear_with(90)
    page.insert_image(pymupdf.Rect(72, 120, 540, 330), pixmap=pix)
    page.insert_text((72, 360), "Abstract", fontsize=12, fontname="hebo")
    for i in range(8):
        page.insert_text((72, 380 + 13 * i), LINE, fontsize=10)
    p = tmp_path / "teaser.pdf"
    doc.save(p)
    ex = extract_pdf(p, tmp_path / "figures")
    assert [(f.label, f.page, f.teaser) for f in ex.figures] == [("Teaser", 1, True)]
    assert ex.figures[0].image and (tmp_path / ex.figures[0].image).exists()


def test_framed_abstract_is_not_a_teaser(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    _front(page)
    page.draw_rect(pymupdf.Rect(66, 115, 546, 330), color=(0, 0, 0), fill=(0.95, 0.95, 1.0))
    for i in range(14):
        page.insert_text((72, 130 + 13 * i), LINE, fontsize=10)
    p = tmp_path / "framed.pdf"
    doc.save(p)
    assert extract_pdf(p).figures == []


def test_side_by_side_figures_in_two_columns(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    _front(page)
    half = "Two-column body text that is long enough."
    for col in (0, 1):
        x = 50 + col * 265
        page.draw_rect(pymupdf.Rect(x + 10, 130, x + 235, 260), color=(0, 0, 0), fill=(0.8, 0.3, 0.3))
        page.insert_text((x, 280), f"Figure {col + 1}: Results of part {col + 1}.", fontsize=9)
        for i in range(20):
            page.insert_text((x, 310 + 12 * i), half, fontsize=10)
    p = tmp_path / "two.pdf"
    doc.save(p)
    figs = extract_pdf(p).figures
    assert [f.label for f in figs] == ["Figure 1", "Figure 2"]
    left, right = (pymupdf.Rect(f.bbox) for f in figs)
    assert left.x1 < 300 < right.x0
    assert abs(left.y0 - 130) < 4 and abs(right.y1 - 260) < 4


def test_introduction_fixes_the_heading_style(tmp_path: Path) -> None:
    """Unnumbered bold headings win over a numbered checklist set in another bold style after the references."""
    w = _Writer()
    w.text("Checklists Do Not Count", size=18, font="hebo", gap=30)
    w.text("Anonymous submission", size=11, gap=26)
    for title in ("Introduction", "Method", "Conclusion", "References"):
        w.heading(title)
        w.para(3)
    for item in ("1. General Paper Structure", "2. Theoretical Contributions", "3. Dataset Usage"):
        w.text(item, size=10, font="hebo")
        w.para(2)
    p = tmp_path / "check.pdf"
    w.doc.save(p)
    assert extract_pdf(p).sections == ["Introduction", "Method", "Conclusion", "References"]


def test_caption_above_its_figure(tmp_path: Path) -> None:
    w = _Writer()
    w.text("Captions On Top", size=18, font="hebo", gap=30)
    w.text("Ada Lovelace", size=11, gap=26)
    w.heading("1 Introduction")
    w.para(5)
    w.text("Figure 1: A caption printed above the chart.", size=9)
    w.y += 6
    top = w.y
    for i in range(5):
        w.page.draw_rect(pymupdf.Rect(150 + 50 * i, top + 100 - 18 * (i + 1), 185 + 50 * i, top + 100),
                         color=(0, 0, 0), fill=(0.3, 0.6, 0.3))
    w.y = top + 125
    w.para(5)
    p = tmp_path / "above.pdf"
    w.doc.save(p)
    (fig,) = extract_pdf(p).figures
    box = pymupdf.Rect(fig.bbox)
    assert abs(box.y1 - (top + 100)) < 4 and abs(box.x0 - 150) < 4 and box.y0 > top - 4


def test_a_raised_exponent_is_kept_and_a_footnote_key_is_not(tmp_path: Path) -> None:
    """The continuous-visual-tokens paper sets its learning rate as "5 × 10" with a raised "−5": without the
    exponent the text says 5 × 10 (the bench published "学习率设置为5×10"). A footnote key stays out."""
    w = _Writer()
    w.text("Tokens That See", size=18, font="hebo", gap=30)
    w.text("Ada Lovelace", size=11, gap=14)
    w.text("Abstract", size=12, font="hebo", gap=16)
    w.para(2, first="We present a method.")
    w.heading("1 Experiments")
    head, base = "The learning rate of LoRA is set as 5 × 10", w.y
    w.page.insert_text((72, base), head, fontsize=10)
    x = 72 + pymupdf.get_text_length(head, fontsize=10)
    w.page.insert_text((x + 0.5, base - 3.5), "-5", fontsize=7)  # Helvetica has no "−"
    x += 0.5 + pymupdf.get_text_length("-5", fontsize=7)
    tail = " and the model has 10"
    w.page.insert_text((x + 2, base), tail, fontsize=10)
    x += 2 + pymupdf.get_text_length(tail, fontsize=10)
    w.page.insert_text((x + 0.5, base - 3.5), "1", fontsize=7)
    w.page.insert_text((x + 6, base), "layers.", fontsize=10)
    w.y += 13
    # the cup-game paper's "with probability 1 − 2^(−polylog n)": a negative power after a number
    head, base = "It wins with probability 1 - 2", w.y
    w.page.insert_text((72, base), head, fontsize=10)
    x = 72 + pymupdf.get_text_length(head, fontsize=10)
    w.page.insert_text((x + 0.5, base - 3.5), "-polylog n", fontsize=7)
    x += 0.5 + pymupdf.get_text_length("-polylog n", fontsize=7)
    w.page.insert_text((x + 0.5, base), ", whatever the emptier does.", fontsize=10)
    w.y += 13
    w.para(2)
    path = tmp_path / "exp.pdf"
    w.doc.save(path)
    text = extract_pdf(path).text["experiments"]
    assert text.startswith("The learning rate of LoRA is set as 5 × 10⁻⁵ and the model has 10 layers. It wins with "
                           "probability 1 - 2^(-polylog n), whatever the emptier does.")


def test_two_column_abstract_below_a_wide_teaser_reads_column_by_column(tmp_path: Path) -> None:
    """2512.23646's first page: a full-width teaser, its small-print labels and caption crossing the middle in more
    lines than the right column has, then an abstract set in two columns. The abstract reads the left column,
    then the right one, not the two interleaved line by line ("Unlike preempirical evaluations ...")."""
    doc = pymupdf.open()
    page = doc.new_page()
    _front(page)
    for i in range(14):  # the teaser's own text: tool calls and observations, wider than a column
        page.insert_text((60, 130 + 11 * i), f"(Step {i}) Tool: Video Clip QA  Query: what sign is visible "
                         f"between second {i} and the next?", fontsize=7)
    for i in range(5):
        page.insert_text((55, 300 + 10 * i), "Figure 1. The agent calls audio, video and event tools in a loop "
                         "and answers the query with the evidence it gathered on the way.", fontsize=8)
    page.insert_text((130, 372), "Abstract", fontsize=12, fontname="hebo")
    left = [f"Left line {i} of the abstract says what the agent does." for i in range(10)]
    right = [f"Right line {i} of the abstract gives its result here." for i in range(10)]
    for i, (a, b) in enumerate(zip(left, right)):
        page.insert_text((60, 392 + 12 * i), a, fontsize=10)
        page.insert_text((320, 392 + 12 * i), b, fontsize=10)
    page2 = doc.new_page()
    page2.insert_text((60, 72), "1 Introduction", fontsize=12, fontname="hebo")
    for i in range(40):
        page2.insert_text((60 + 260 * (i // 20), 92 + 12 * (i % 20)), "Two-column body text long enough here.",
                          fontsize=10)
    p = tmp_path / "teaser-two-columns.pdf"
    doc.save(p)
    abstract = extract_pdf(p).text["abstract"]
    places = [abstract.find(s) for s in left + right]
    assert -1 not in places, abstract
    assert places == sorted(places), abstract
