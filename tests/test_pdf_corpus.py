"""extract_pdf on the 14 real arXiv PDFs of the shared dev corpus (../shared/dev-corpus, kept out of this
repository): every field the hand-checked truth gives, paper by paper."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from paperbrief.links import url_key
from paperbrief.pdf import extract_pdf

_ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("PAPERBRIEF_DEV_CORPUS", _ROOT.parent / "shared" / "dev-corpus"))
TRUTHS = sorted((CORPUS / "truth").glob("*.json")) if (CORPUS / "truth").is_dir() else []

pytestmark = pytest.mark.skipif(not TRUTHS, reason=f"dev corpus not found at {CORPUS} (set PAPERBRIEF_DEV_CORPUS)")


def _norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def _fig_key(label: str, page: int) -> tuple[str, int]:
    return (re.sub(r"^(figure|fig\.?)\s*", "", label.strip(), flags=re.I).rstrip(".:"), int(page))


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict[str, tuple[dict, object]]:
    out = {}
    for tf in TRUTHS:
        truth = json.loads(tf.read_text())
        pdf = CORPUS / "pdfs" / f"{truth['arxiv_id']}.pdf"
        out[truth["arxiv_id"]] = (truth, extract_pdf(pdf, tmp_path_factory.mktemp(truth["arxiv_id"]) / "figures"))
    return out


@pytest.mark.parametrize("tf", TRUTHS, ids=[t.stem for t in TRUTHS])
def test_paper(results, tf: Path) -> None:
    truth, ex = results[tf.stem]
    assert [_norm(a) for a in ex.authors] == [_norm(a) for a in truth["authors"]]
    if truth["first_author_affiliation"] is None:
        assert ex.first_author_affiliation is None
    else:
        got, want = _norm(ex.first_author_affiliation), _norm(truth["first_author_affiliation"])
        assert got and (got in want or want in got), (got, want)
    assert {url_key(u) for u in ex.code_urls} == {url_key(u) for u in truth["code_urls"]}
    assert {url_key(u) for u in ex.own_code_urls} == {url_key(u) for u in truth["own_code_urls"]}
    assert {_fig_key(f.label, f.page) for f in ex.figures} == {_fig_key(f["label"], f["page"])
                                                                for f in truth["figures"]}
    ratio = SequenceMatcher(None, [_norm(s) for s in truth["sections"]], [_norm(s) for s in ex.sections]).ratio()
    assert ratio >= 0.9, (ex.sections, truth["sections"])
    assert ex.has_appendix == truth["has_appendix"]
    assert ex.tables_count == truth["tables_count"]


@pytest.mark.parametrize("tf", TRUTHS, ids=[t.stem for t in TRUTHS])
def test_captions_and_crops(results, tf: Path) -> None:
    truth, ex = results[tf.stem]
    want = {_fig_key(f["label"], f["page"]): f["caption_start"] for f in truth["figures"]}
    for fig in ex.figures:
        start = want.get(_fig_key(fig.label, fig.page))
        if start:
            assert _norm(fig.caption).startswith(_norm(start)[:25]), (fig.label, fig.caption[:60], start)
        assert fig.image is not None, f"{fig.label} on page {fig.page} was not cropped"
