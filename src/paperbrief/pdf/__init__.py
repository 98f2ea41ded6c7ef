"""PDF understanding (SPEC section 4): facts from the PDF, no LLM.

``extract_pdf`` opens the file once, reads every page's text layer once (``get_text("dict")``) and derives
the title, authors, affiliations, code links, sections, captions, cropped figures and role-keyed text."""

from __future__ import annotations

import sys

# PyMuPDF 2 imports its optional layout analysis (an ONNX model, a package PyMuPDF depends on) whenever it is
# installed. paperbrief never calls it (no get_layout, no find_tables); the import alone took 0.5 s of a 2.5 s
# `paperbrief extract`, and the 19 dev-corpus extractions are byte-identical without it. Marking it absent
# before the first import of pymupdf skips it; a program that imported it already keeps it. (pymupdf4llm,
# imported the same way, stays: importing it changes text extraction settings, and with it the results.)
sys.modules.setdefault("pymupdf.layout", None)

from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path
from typing import TypeVar

from paperbrief.errors import PDFError
from paperbrief.links import dedupe_urls, find_code_urls, url_key
from paperbrief.pdf._captions import find_captions
from paperbrief.pdf._doc import open_pdf, read_layout
from paperbrief.pdf._figures import extract_figures
from paperbrief.pdf._header import Header, parse_header
from paperbrief.pdf._links import collect_urls, pick_own
from paperbrief.pdf._sections import find_sections
from paperbrief.pdf._structure import Structure
from paperbrief.pdf._text import role_texts
from paperbrief.pdf.reference import check_authors
from paperbrief.records import Extraction

__all__ = ["extract_pdf", "PDFError"]

T = TypeVar("T")


def _guard(warnings: list[str], what: str, fn: Callable[[], T], default: T) -> T:
    """Run one stage; a bug or an odd file in one stage costs that field, not the whole extraction."""
    try:
        return fn()
    except PDFError:
        raise
    except Exception as exc:  # noqa: BLE001 - reported as a warning, the other fields still count
        warnings.append(f"{what} failed ({type(exc).__name__}: {exc})")
        return default


def extract_pdf(path: Path, figures_dir: Path | None = None, *, abstract: str | None = None,
                comment: str | None = None, authors: Sequence[str] | None = None) -> Extraction:
    """Read the PDF at ``path`` and return what it says (SPEC section 4). Cropped figures go to
    ``figures_dir`` when given; ``abstract`` and ``comment`` (from arXiv) add code links counted as the paper's
    own; ``authors`` (arXiv's list) is the reference the PDF's author names are checked against. Raises
    ``PDFError`` for unreadable input (not a PDF, truncated, encrypted, no pages)."""
    path = Path(path)
    doc = open_pdf(path)
    try:
        layout = read_layout(doc)
        warnings = list(layout.warnings)
        if not any(p.lines for p in layout.pages):
            if getattr(doc, "is_repaired", False):
                raise PDFError(f"{path} is truncated or corrupt: none of its pages has readable content.")
            warnings.append("the PDF has no text layer (scanned images?); only figures and page count are known")
        head = _guard(warnings, "title/author parsing", lambda: parse_header(layout), Header())
        heads = _guard(warnings, "section detection", lambda: find_sections(layout, head.end_y), [])
        st = Structure(layout, heads)
        captions = _guard(warnings, "caption detection", lambda: find_captions(layout), [])
        found = _guard(warnings, "link extraction", lambda: collect_urls(doc, layout), [])
        meta_urls = find_code_urls(abstract or "") + find_code_urls(comment or "")
        own = dedupe_urls(meta_urls + pick_own(found, st.in_references, head.title))
        own_keys = {url_key(u) for u in own}
        every = dedupe_urls(own + [f.url for f in found])
        code_urls = [u for u in every if url_key(u) in own_keys] + [u for u in every if url_key(u) not in own_keys]
        figures, fig_warn = _guard(warnings, "figure extraction",
                                   lambda: extract_figures(doc, layout, captions, figures_dir, head), ([], []))
        warnings.extend(fig_warn)
        boxes = [(c.page, c.bbox) for c in captions] + [(f.page - 1, tuple(f.bbox)) for f in figures]
        text_pages: dict[str, list[tuple[int, int]]] = {}
        text = _guard(warnings, "text by role", lambda: role_texts(layout, st, head, boxes, text_pages), {})
        names = check_authors(head.authors, authors)
        ex = Extraction(
            title=head.title, authors=names.authors, authors_source=names.source,
            authors_mismatch=names.mismatch, affiliations=head.affiliations,
            first_author_affiliation=head.first_author_affiliation, affiliation_source=head.affiliation_source,
            code_urls=code_urls, own_code_urls=own, sections=[h.text for h in heads],
            has_appendix=st.has_appendix(), tables_count=len({c.num for c in captions if c.kind == "table"}),
            figures=figures, pages=layout.page_count, text=text, text_pages=text_pages, warnings=warnings)
    finally:
        doc.close()
    return ex
