"""PDF understanding (SPEC section 4): facts from the PDF, no LLM."""

from __future__ import annotations

from pathlib import Path

from paperbrief.records import Extraction

__all__ = ["extract_pdf"]


def extract_pdf(path: Path, figures_dir: Path | None = None, *, abstract: str | None = None,
                comment: str | None = None) -> Extraction:
    raise NotImplementedError("PDF extraction is being written")
