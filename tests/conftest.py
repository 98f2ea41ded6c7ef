"""Shared fixtures: a real arXiv-compatible HTTP server on 127.0.0.1 serving generated sample papers, and
config helpers. Model and Hexo fixtures live with the tests that use them."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from paperbrief.records import ArxivEntry, Author
from paperbrief.samples.server import ArxivStub

REPO = Path(__file__).resolve().parent.parent


def make_entry(arxiv_id: str = "2611.00001", version: int = 1, **kw) -> ArxivEntry:
    now = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
    data = dict(arxiv_id=arxiv_id, version=version, title=f"Paper {arxiv_id}",
                authors=[Author(name="Ada Lovelace"), Author(name="Alan Turing")],
                abstract="We study diffusion models and improve FID by 12.5 points.", comment=None,
                categories=["cs.CV"], primary_category="cs.CV", published=now, updated=now)
    data.update(kw)
    return ArxivEntry(**data)


@pytest.fixture(scope="session")
def sample_pdfs(tmp_path_factory) -> dict[str, Path]:
    from paperbrief.samples.papers import build_sample_pdfs

    return build_sample_pdfs(tmp_path_factory.mktemp("sample-pdfs"))


@pytest.fixture
def arxiv_stub(sample_pdfs):
    """The four sample papers behind a real HTTP server on loopback."""
    from paperbrief.samples.papers import sample_entries

    with ArxivStub(entries=sample_entries(), pdfs=dict(sample_pdfs)) as stub:
        yield stub


@pytest.fixture
def test_model_path() -> Path:
    """The tiny test GGUF: missing, it skips a bare developer run and fails under `make test` or CI."""
    from llm_fixtures import require_test_model

    return require_test_model()
