"""PDF understanding (SPEC section 4): facts from the PDF, no LLM."""

from __future__ import annotations

from pathlib import Path

from paperbrief.errors import PDFError
from paperbrief.pdf._doc import open_pdf, read_layout
from paperbrief.pdf._header import parse_header
from paperbrief.records import Extraction

__all__ = ["extract_pdf", "PDFError"]


def extract_pdf(path: Path, figures_dir: Path | None = None, *, abstract: str | None = None,
                comment: str | None = None) -> Extraction:
    """Read the PDF at ``path`` and return what it says (SPEC section 4).

    Raises ``PDFError`` for unreadable input (not a PDF, truncated, encrypted, no pages)."""
    path = Path(path)
    doc = open_pdf(path)
    try:
        layout = read_layout(doc)
        warnings = list(layout.warnings)
        head = parse_header(layout)
        ex = Extraction(title=head.title, authors=head.authors, affiliations=head.affiliations,
                        first_author_affiliation=head.first_author_affiliation,
                        affiliation_source=head.affiliation_source, pages=layout.page_count,
                        warnings=warnings)
    finally:
        doc.close()
    return ex
