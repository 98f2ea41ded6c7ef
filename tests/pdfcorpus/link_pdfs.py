"""Small generated PDFs, one per class of link-boundary trouble seen in real papers (issue 20), each with the
code URLs a reader of the page would write down. Drawn with PyMuPDF's built-in fonts (Helvetica, Times, the
"china-s" CJK font); link annotations where a class needs them. The truth is written by hand here, never
computed by the code under test. Repositories and names are made up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

__all__ = ["LinkCase", "LINK_CASES", "build_link_case"]

_SIZE = 10.0
_LEAD = 12.5  # baseline to baseline inside a paragraph


@dataclass(frozen=True)
class Run:
    """A piece of text drawn right after the previous one on the same baseline; ``rise`` lifts it (a
    superscript), ``size`` overrides the line's size."""
    text: str
    font: str = "helv"
    size: float | None = None
    rise: float = 0.0


@dataclass(frozen=True)
class LinkCase:
    name: str
    covers: str
    draw: Callable[[pymupdf.Document], None]
    code_urls: tuple[str, ...]  # every code URL the page shows or links, as a reader writes it down
    own_code_urls: tuple[str, ...] | None = None  # the paper's own ones, where the case says so
    not_urls: tuple[str, ...] = field(default=())  # fragments that must not be reported


def _width(text: str, font: str, size: float) -> float:
    return pymupdf.Font(font).text_length(text, fontsize=size)


def _line(page: pymupdf.Page, x: float, y: float, runs: list[Run | str]) -> float:
    """Draw ``runs`` left to right on the baseline ``y``; returns the x where the line ends."""
    for r in runs:
        run = Run(r) if isinstance(r, str) else r
        size = run.size or _SIZE
        page.insert_text((x, y - run.rise), run.text, fontname=run.font, fontsize=size)
        x += _width(run.text, run.font, size)
    return x


def _para(page: pymupdf.Page, x: float, y: float, lines: list[list[Run | str]]) -> float:
    """A paragraph of lines, one under the other; returns the baseline after the last line."""
    for runs in lines:
        _line(page, x, y, runs)
        y += _LEAD
    return y + _LEAD


def _title(page: pymupdf.Page, text: str) -> float:
    page.insert_text((72, 80), text, fontname="hebo", fontsize=16)
    page.insert_text((72, 104), "Ada Example and Bo Sample", fontname="helv", fontsize=11)
    page.insert_text((72, 118), "Example University", fontname="helv", fontsize=10)
    return 160.0


def _link(page: pymupdf.Page, x: float, y: float, text: str, uri: str, font: str = "helv") -> None:
    """A /URI link annotation over ``text`` drawn at baseline ``y`` from ``x``."""
    w = _width(text, font, _SIZE)
    page.insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(x, y - _SIZE, x + w, y + 2), "uri": uri})


def _glued(doc: pymupdf.Document) -> None:
    page = doc.new_page()
    y = _title(page, "Glued Text After Code Links")
    y = _para(page, 72, y, [
        ["Our code is available at https://github.com/acme/glue-tool(Apache-2.0). The project page is"],
        ["https://acme.github.io/gluepage(MIT), and the weights follow [https://github.com/acme/weights]."],
        ["We build on a baseline (https://github.com/other/baseline). A second one is cited as"],
        ["https://gitlab.com/team/proj]. The setup notes are at"],
        ["https://github.com/acme/glue-tool/blob/main/docs/Setup_(Linux).md for Linux."],
    ])


_GLUED = LinkCase(
    "glued-brackets", "\"(Apache-2.0)\", \"(MIT)\", \"]\" and \").\" glued to a URL; balanced parentheses inside "
    "a deep path stay", _glued,
    ("https://github.com/acme/glue-tool", "https://acme.github.io/gluepage", "https://github.com/acme/weights",
     "https://github.com/other/baseline", "https://gitlab.com/team/proj",
     "https://github.com/acme/glue-tool/blob/main/docs/Setup_(Linux).md"),
    not_urls=("https://github.com/acme/glue-tool(Apache-2.0)", "https://acme.github.io/gluepage(MIT)"))


def _footnote(doc: pymupdf.Document) -> None:
    page = doc.new_page()
    y = _title(page, "Footnote Markers After Code Links")
    y = _para(page, 72, y, [
        ["Our code is available at https://github.com/acme/marker-tool", Run("1", size=6.5, rise=3.5),
         " and the demo at https://acme.github.io/demo", Run("\u2020", size=6.5, rise=3.5), "."],
        ["Data loaders come from https://github.com/other/loader", Run("2", size=6.5, rise=3.5),
         Run("3", size=6.5, rise=3.5), " which we extend."],
        ["The evaluation scripts are in https://github.com/acme/eval", Run("*", size=6.5, rise=3.5), ", see also"],
        ["https://gitlab.com/team/metric", Run("a", size=6.5, rise=3.5), " for the metric."],
    ])
    _para(page, 72, 700, [
        [Run("1", size=5.5, rise=2.5), Run("https://github.com/acme/marker-tool", size=8)],
        [Run("2", size=5.5, rise=2.5), Run("https://github.com/other/loader", size=8)],
    ])


_FOOTNOTE = LinkCase(
    "footnote-markers", "a superscript footnote key (digit, symbol, letter) drawn right after a URL", _footnote,
    ("https://github.com/acme/marker-tool", "https://acme.github.io/demo", "https://github.com/other/loader",
     "https://github.com/acme/eval", "https://gitlab.com/team/metric"),
    not_urls=("https://github.com/acme/marker-tool1", "https://github.com/other/loader23",
              "https://github.com/other/loader2", "https://gitlab.com/team/metrica"))


def _quotes(doc: pymupdf.Document) -> None:
    page = doc.new_page()
    y = _title(page, "Closing Quotes After Code Links")
    cjk = "china-s"
    y = _para(page, 72, y, [
        [Run("Our code: \u201chttps://github.com/acme/curly\u201d.", cjk, 9)],
        [Run("Also \u2018https://github.com/acme/single\u2019 as a fork.", cjk, 9)],
        ["The site \"https://acme.github.io/straight\" and 'https://github.com/acme/apos' are mirrors."],
    ])


_QUOTES = LinkCase(
    "closing-quotes", "a closing quote (curly double or single, straight double or single) glued after a URL",
    _quotes,
    ("https://github.com/acme/curly", "https://github.com/acme/single", "https://acme.github.io/straight",
     "https://github.com/acme/apos"))


def _cjk(doc: pymupdf.Document) -> None:
    page = doc.new_page()
    y = _title(page, "CJK Text Around Code Links")
    f = "china-s"
    _para(page, 72, y, [
        [Run("\u4ee3\u7801\u89c1https://github.com/acme/cjk-tool\u7684\u4ee3\u7801\u3002", f, 9)],
        [Run("\u9879\u76ee\u4e3b\u9875\uff1aacme.github.io/cjkpage\uff0c\u6b22\u8fce\u8bbf\u95ee\u3002", f, 9)],
        [Run("\u6570\u636e\u5728https://github.com/acme/data\u3002\u6a21\u578b\u5728", f, 9)],
        [Run("\u6f14\u793a\uff1ahttps://huggingface.co/spaces/acme/demo\u4e2d", f, 9)],
    ])


_CJK = LinkCase(
    "cjk-glued", "a CJK character or CJK punctuation glued before or after a URL", _cjk,
    ("https://github.com/acme/cjk-tool", "https://acme.github.io/cjkpage", "https://github.com/acme/data",
     "https://huggingface.co/spaces/acme/demo"),
    not_urls=("https://github.com/acme/cjk-tool\u7684\u4ee3\u7801",))


def _two_columns(doc: pymupdf.Document, left_end: str, right_start: str) -> None:
    """A page whose left column ends with ``left_end`` and whose right column starts with ``right_start``."""
    page = doc.new_page()
    _title(page, "Code Links Wrapped Across Columns")
    left = [["Left column prose about the method and"], ["its results. Our code is available at"], [left_end]]
    right = [[right_start], ["More prose continues here in the right"], ["column of the page, then a page"],
             ["at https://acme.github.io/col-page."]]
    _para(page, 72, 300, left)
    _para(page, 320, 200, right)


def _columns(doc: pymupdf.Document) -> None:
    _two_columns(doc, "https://github.com/luca-", "foo/bar and the project page")
    _two_columns(doc, "https://github.com/acme/", "col-tool/tree/main which holds")


_COLUMNS = LinkCase(
    "wrap-columns", "a URL wrapped from the bottom of the left column to the top of the right one is re-joined "
    "once (a hyphen at the break, no link annotation: both forms); its first piece is not a URL", _columns,
    ("https://github.com/luca-foo/bar", "https://github.com/lucafoo/bar", "https://acme.github.io/col-page",
     "https://github.com/acme/col-tool/tree/main"),
    own_code_urls=("https://github.com/luca-foo/bar", "https://github.com/lucafoo/bar",
                   "https://acme.github.io/col-page", "https://github.com/acme/col-tool/tree/main"),
    not_urls=("https://github.com/luca-", "https://github.com/luca", "https://github.com/acme"))


def _fragment_links(doc: pymupdf.Document) -> None:
    page = doc.new_page()
    y = _title(page, "Link Annotations Made Line By Line")
    lines = ["Our code is available at https://github.com/luca-", "foo/bar, and we compare with the tool at",
             "https://github.com/other/line-", "tool which is widely used."]
    _para(page, 72, y, [[t] for t in lines])
    # a producer that linked each printed line on its own: the first line's annotation holds a fragment
    x0 = 72 + _width("Our code is available at ", "helv", _SIZE)
    _link(page, x0, y, "https://github.com/luca-", "https://github.com/luca-")
    _link(page, 72, y + _LEAD, "foo/bar", "http://foo/bar")
    _link(page, 72, y + 2 * _LEAD, "https://github.com/other/line-", "https://github.com/other/line-")


_FRAGMENT_LINKS = LinkCase(
    "wrap-fragment-annotations", "link annotations that hold only the first line of a wrapped URL are fragments, "
    "not links", _fragment_links,
    ("https://github.com/luca-foo/bar", "https://github.com/lucafoo/bar", "https://github.com/other/line-tool",
     "https://github.com/other/linetool"),
    not_urls=("https://github.com/luca-", "https://github.com/other/line-"))


def _hyphen(doc: pymupdf.Document) -> None:
    page = doc.new_page()
    y = _title(page, "Hyphens At The Line Break Of Code Links")
    _para(page, 72, y, [
        ["Our code is available at https://github.com/acme/hyphen-"],
        ["ated-repo and our data tools at https://github.com/acme/multi-"],
        ["turn-bench. A third repository, https://github.com/acme/split-"],
        ["name, is not linked in this file."],
    ])
    x0 = 72 + _width("Our code is available at ", "helv", _SIZE)
    _link(page, x0, y, "https://github.com/acme/hyphen-", "https://github.com/acme/hyphenated-repo")
    _link(page, 72, y + _LEAD, "ated-repo", "https://github.com/acme/hyphenated-repo")
    x1 = 72 + _width("ated-repo and our data tools at ", "helv", _SIZE)
    _link(page, x1, y + _LEAD, "https://github.com/acme/multi-", "https://github.com/acme/multi-turn-bench")


_HYPHEN = LinkCase(
    "hyphen-break", "a hyphen at the line break: the link annotation tells which form is meant; without one both "
    "forms are reported", _hyphen,
    ("https://github.com/acme/hyphenated-repo", "https://github.com/acme/multi-turn-bench",
     "https://github.com/acme/split-name", "https://github.com/acme/splitname"),
    not_urls=("https://github.com/acme/hyphen-ated-repo", "https://github.com/acme/multiturn-bench",
              "https://github.com/acme/hyphen-", "https://github.com/acme/multi-"))


def _hyphen_printed_whole(doc: pymupdf.Document) -> None:
    page = doc.new_page()
    y = _title(page, "A Wrapped Code Link Printed Whole In A Footnote")
    _para(page, 72, y, [
        ["Our implementation is released at https://github.com/sample-"],
        ["lab/vp3d-score-distillation. The tool we compare with is at"],
        ["https://github.com/acme/split-"],
        ["name, which this file does not link."],
    ])
    _para(page, 72, 700, [["Code: https://github.com/sample-lab/vp3d-score-distillation"]])


_HYPHEN_WHOLE = LinkCase(
    "hyphen-break-printed-whole", "a hyphen at the line break, no link annotation, the URL printed unbroken "
    "elsewhere (a footnote): that form is meant; a URL printed wrapped only keeps both forms", _hyphen_printed_whole,
    ("https://github.com/sample-lab/vp3d-score-distillation", "https://github.com/acme/split-name",
     "https://github.com/acme/splitname"),
    not_urls=("https://github.com/samplelab/vp3d-score-distillation",))


def _annotations(doc: pymupdf.Document) -> None:
    page = doc.new_page()
    y = _title(page, "Code Links Only In Annotations")
    _para(page, 72, y, [["Our code is available here and the demo is online."],
                        ["We also build on the toolkit of prior work."]])
    x0 = 72 + _width("Our code is available ", "helv", _SIZE)
    _link(page, x0, y, "here", "https://github.com/acme/annotated")
    x1 = 72 + _width("Our code is available here and the ", "helv", _SIZE)
    _link(page, x1, y, "demo", "https://huggingface.co/spaces/acme/annotated-demo")
    x2 = 72 + _width("We also build on the ", "helv", _SIZE)
    _link(page, x2, y + _LEAD, "toolkit", "https://arxiv.org/abs/2401.00001")


_ANNOTATIONS = LinkCase(
    "annotation-only", "code links given only as /URI link annotations over words", _annotations,
    ("https://github.com/acme/annotated", "https://huggingface.co/spaces/acme/annotated-demo"),
    own_code_urls=("https://github.com/acme/annotated", "https://huggingface.co/spaces/acme/annotated-demo"))


LINK_CASES: list[LinkCase] = [_GLUED, _FOOTNOTE, _QUOTES, _CJK, _COLUMNS, _FRAGMENT_LINKS, _HYPHEN, _HYPHEN_WHOLE,
                             _ANNOTATIONS]


def build_link_case(case: LinkCase, folder: Path) -> Path:
    """Write ``case`` as ``<folder>/<name>.pdf`` and return its path."""
    path = Path(folder) / f"{case.name}.pdf"
    doc = pymupdf.open()
    try:
        case.draw(doc)
        doc.save(path)
    finally:
        doc.close()
    return path
