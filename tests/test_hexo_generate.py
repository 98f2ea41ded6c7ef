"""A real `hexo generate` (hexo@8 + hexo-renderer-marked from npm, cached) on a post the pipeline wrote.
Marked `hexo`; it always runs in CI (`make test` runs every test), and fails rather than skips when npm or
the install is missing."""

from __future__ import annotations

import html
import re

import pytest

from paperbrief.samples.papers import SAMPLE_PAPERS

from hexo_site import add_post, generate, scaffold
from test_pipeline import make_config, run, stub  # noqa: F401 (the stub fixture)

pytestmark = [pytest.mark.hexo, pytest.mark.slow]


@pytest.mark.parametrize("theme", ["mini", "butterfly"])
def test_hexo_generates_every_paper_and_figure(tmp_path, stub, theme):
    # max_papers 3 of 4: the post has the "also new" section too
    result = run(make_config(tmp_path, stub, max_papers=3))
    post = result.posts[0]
    site = scaffold(tmp_path / "site", theme)
    add_post(site, post)
    proc = generate(site)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pages = list((site / "public").rglob("index.html"))
    page = next(p for p in pages if post.stem in str(p))
    text = page.read_text(encoding="utf-8")
    # marked's typographer curls the quotes of text in paragraphs and lists
    plain = html.unescape(re.sub(r"<[^>]+>", "", text)).replace("“", '"').replace("”", '"')
    for paper in SAMPLE_PAPERS:
        assert paper.title in plain, paper.title
    assert "其他新论文" in plain and "本期统计" in plain  # the listed paper and the counts survive Hexo
    images = re.findall(r'<img src="([^"]+)" alt="(?:Figure|Fig)', text)
    figures = sorted(p.name for p in post.with_suffix("").glob("*.png"))
    assert figures, "the pipeline cropped no figure"
    assert sorted(images) == figures
    for name in images:  # every <img> resolves to a file Hexo copied next to the page
        assert (page.parent / name).exists(), name
    # hostile text from a paper is shown as text, never executed
    assert "<script>alert(1)" not in text
    assert "<script>alert(1)</script>" in html.unescape(text)
