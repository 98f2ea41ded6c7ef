"""Session fixture: the generated corpus, built once into a temporary folder (PDFs are never committed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .specs import Case, build_corpus


@pytest.fixture(scope="session")
def pdf_corpus(tmp_path_factory) -> list[tuple[Case, Path, dict]]:
    """Every corpus case as (case, pdf path, truth); unreadable cases have truth {"kind", "error"}."""
    return build_corpus(tmp_path_factory.mktemp("pdfcorpus"))
