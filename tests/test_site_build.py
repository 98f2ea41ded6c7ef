"""The static site built from a real store after two real pipeline runs on two days (loopback arXiv, canned
LLM): a page for every paper of every post (listed-only ones too), the archive's day-by-day chain, tag pages,
one "摘要" heading, hostile text escaped, the search index, feeds and citations wired but optional while
their modules are being written, and `site serve` on a busy port. The browser checks: test_site_browser.py."""

from __future__ import annotations

import html.parser
import json
import re
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from paperbrief.records import Author
from paperbrief.run.publish import build_site_from_store
from paperbrief.store import Store

from test_pipeline import NOW, make_config, run, stub  # noqa: F401 (the stub fixture)

HOSTILE_TITLE = '"><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> diffusion'
MATH_TITLE = r"Diffusion sampling in $\mathcal{O}(\sqrt{d})$ steps"
MATH_ABSTRACT = (r"We show that a diffusion sampler needs $T = \mathcal{O}(\sqrt{d}\,\log(1/\varepsilon))$ steps, "
                 r"where $d$ is the dimension, and give a matching lower bound $\Omega(\sqrt{d})$.")


def two_days(tmp_path, stub, **topic):
    """Day 1: the sample papers. Day 2: a v2 of García-Pérez's paper, a paper with math, a hostile title.
    ``max_papers=3`` leaves listed-only papers on day 1."""
    cfg = make_config(tmp_path, stub, max_papers=3, **topic)
    run(cfg)
    base = next(e for e in stub.entries if e.arxiv_id == "2611.02345")
    pdf = stub.pdfs[base.versioned_id]
    v2 = base.model_copy(update={"version": 2, "updated": NOW, "comment": "v2: more experiments"})
    math = base.model_copy(update={"arxiv_id": "2611.09001", "title": MATH_TITLE, "abstract": MATH_ABSTRACT,
                                   "authors": [Author(name="Ada Lovelace")], "published": NOW, "updated": NOW})
    hostile = base.model_copy(update={"arxiv_id": "2611.09002", "title": HOSTILE_TITLE, "published": NOW,
                                      "authors": [Author(name="<b>Mallory</b> O'Hara")], "updated": NOW})
    for e in (v2, math, hostile):
        stub.pdfs[e.versioned_id] = pdf
    stub.entries = [v2, math, hostile] + [e for e in stub.entries if e.arxiv_id != "2611.02345"]
    second = run(cfg, now=NOW + timedelta(days=1))
    assert len(second.posts) == 1
    return cfg


class _Text(html.parser.HTMLParser):
    """Headings' text and every element's tag/attributes of one page."""

    def __init__(self):
        super().__init__()
        self.headings: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("h1", "h2", "h3"):
            self._in = tag
            self.headings.append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in:
            self.headings[-1] += data


def parse(path: Path) -> _Text:
    p = _Text()
    p.feed(path.read_text(encoding="utf-8"))
    return p


@pytest.fixture
def site(tmp_path, stub):
    cfg = two_days(tmp_path, stub)
    with Store(cfg.data_dir / "paperbrief.sqlite") as s:
        rows = s.all_digests()
    return cfg, build_site_from_store(cfg).parent, rows


def test_every_paper_of_every_post_has_its_page_and_appears_in_its_day(site):
    cfg, root, rows = site
    statuses = {d.status.value for _, _, d in rows}
    assert "listed" in statuses and "analysed" in statuses  # listed-only papers are part of the check
    assert {d.entry.versioned_id for _, _, d in rows} >= {"2611.02345v1", "2611.02345v2", "2611.09001v1"}
    for topic, day, d in rows:
        page = root / "papers" / f"{d.entry.versioned_id}.html"
        assert page.is_file(), page
        day_page = (root / "days" / f"{day}-{topic}.html").read_text()
        assert f'href="../papers/{d.entry.versioned_id}.html"' in day_page


def test_the_archive_walks_day_by_day(site):
    cfg, root, rows = site
    days = sorted({day for _, day, _ in rows})
    assert len(days) == 2
    archive = (root / "archive.html").read_text()
    for day in days:
        assert f'href="days/{day}-diffusion-models.html"' in archive
    first = parse(root / "days" / f"{days[0]}-diffusion-models.html")
    second = parse(root / "days" / f"{days[1]}-diffusion-models.html")
    assert [a["href"] for t, a in first.tags if t == "a" and a.get("rel") == "next"] == \
        [f"{days[1]}-diffusion-models.html"]
    assert [a for t, a in first.tags if t == "a" and a.get("rel") == "prev"] == []
    assert [a["href"] for t, a in second.tags if t == "a" and a.get("rel") == "prev"] == \
        [f"{days[0]}-diffusion-models.html"]


def test_a_paper_page_has_one_abstract_heading_versions_and_digests(site):
    cfg, root, rows = site
    analysed = [d.entry.versioned_id for _, _, d in rows if d.status.value == "analysed"]
    assert analysed
    for slug in analysed:
        page = parse(root / "papers" / f"{slug}.html")
        assert sum("摘要" in h for h in page.headings) == 1, page.headings
    text = (root / "papers" / "2611.02345v2.html").read_text()
    assert 'href="../papers/2611.02345v1.html">v1</a>' in text  # every version seen, linked to its page
    days = sorted({day for _, day, _ in rows})
    v1 = (root / "papers" / "2611.02345v1.html").read_text()
    assert f"../days/{days[0]}-diffusion-models.html" in v1
    assert 'class="score-parts"' in v1  # its score parts


def test_tag_pages_per_topic_category_and_keyword(site):
    cfg, root, rows = site
    assert (root / "topics" / "diffusion-models.html").is_file()
    cats = {c for _, _, d in rows for c in d.entry.categories}
    for c in cats:
        assert (root / "tags" / f"cat-{c}.html").is_file(), c
    keywords = [k for _, _, d in rows if d.status.value == "analysed" and d.outcome
                for k in d.outcome.analysis.keywords]
    assert keywords, "the canned analysis has keywords"
    kw_pages = list((root / "tags").glob("kw-*.html"))
    assert kw_pages
    all_kw = " ".join(p.read_text() for p in kw_pages)
    assert all(k.replace("&", "&amp;") in all_kw for k in keywords)


def test_hostile_titles_are_escaped_everywhere(site):
    cfg, root, rows = site
    for page in root.rglob("*.html"):
        text = page.read_text()
        assert "<script>window.__pwned" not in text, page
        assert "onerror=\"window" not in text, page
    assert "&lt;script&gt;window.__pwned=2&lt;/script&gt;" in (root / "papers" / "2611.09002v1.html").read_text()
    index = "".join(p.read_text() for p in (root / "search").glob("d-*.js"))
    assert "<script>" not in index and "\\u003cscript\\u003e" in index  # JSON with ensure_ascii + escaped


def test_pages_load_nothing_from_outside(site):
    cfg, root, rows = site
    for page in root.rglob("*.html"):
        for tag, attrs in parse(page).tags:
            for key in ("src",) if tag != "link" else ("href",):
                value = attrs.get(key) or ""
                assert not re.match(r"(?i)(https?:)?//", value), (page, tag, value)
    css = (root / "static" / "katex" / "katex.min.css").read_text()
    fonts = re.findall(r"url\(([^)]+)\)", css)
    assert fonts and all(f.startswith("fonts/") for f in fonts)
    for f in fonts:
        if f.endswith(".woff2"):
            assert (root / "static" / "katex" / f).is_file(), f


def test_search_index_finds_an_author_across_two_digests(site):
    from paperbrief.render.site_search import shard_key

    cfg, root, rows = site
    calls = {}
    for f in (root / "search").glob("*.js"):
        m = re.fullmatch(r"PB_SEARCH\.(\w+)\((.*)\);\n", f.read_text(), re.S)
        assert m, f
        calls[f.name] = json.loads(m.group(2))
    shard = calls[f"s-{shard_key('garcia')}.js"]
    i = shard["tokens"].index("garcia")  # "García" folded
    ids, n = [], 0
    for delta in shard["postings"][i]:
        n += delta
        ids.append(n)
    docs = [row for name, c in sorted(calls.items()) if name.startswith("d-") for row in c["rows"]]
    found = {docs[k][0] for k in ids}
    expected = {d.entry.versioned_id for _, _, d in rows if any("García" in a for a in d.entry.author_names)}
    assert found == expected and {"2611.02345v1", "2611.02345v2"} <= found


def test_feeds_and_citations_are_written_and_linked_when_their_modules_answer(tmp_path, stub, monkeypatch):
    from paperbrief.render import citations, feeds

    cfg = two_days(tmp_path, stub)
    seen = {}

    def fake_feeds(papers, topics, *, author, limit=50):
        seen["feeds"] = (len(papers), [t.slug for t in topics])
        return {"diffusion-models.xml": "<feed/>", "diffusion-models.json": "{}", "all.xml": "<feed/>",
                "all.json": "{}"}

    monkeypatch.setattr(feeds, "build_feeds", fake_feeds)
    monkeypatch.setattr(citations, "collection_citations",
                        lambda ds: {"bib": "".join(f"@misc{{{d.entry.arxiv_id}}}\n" for d in ds), "ris": "TY  - GEN",
                                    "csl.json": "[]"})
    monkeypatch.setattr(citations, "paper_citations", lambda d: citations.collection_citations([d]))
    root = build_site_from_store(cfg).parent
    assert sorted(p.name for p in (root / "feeds").iterdir()) == ["all.json", "all.xml", "diffusion-models.json",
                                                                   "diffusion-models.xml"]
    assert seen["feeds"][1] == ["diffusion-models"]
    assert (root / "cite" / "2611.09001v1.bib").read_text() == "@misc{2611.09001}\n"
    page = (root / "papers" / "2611.09001v1.html").read_text()
    assert 'href="../cite/2611.09001v1.bib"' in page and 'href="../cite/2611.09001v1.csl.json"' in page
    assert 'type="application/atom+xml"' in page and 'href="../feeds/all.xml"' in page
    day = next((root / "days").glob("*.html"))
    assert f'href="../cite/{day.stem}.ris"' in day.read_text()


def test_site_serve_on_a_busy_port_says_so_in_one_line(tmp_path):
    (tmp_path / "paperbrief.toml").write_text(
        '[arxiv]\ncontact = "reader@lab.edu"\n\n[output]\ndir = "out"\n\n[[topics]]\nname = "Diffusion Models"\nquery = "cat:cs.CV"\n')
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "paperbrief", "site", "serve", "-c", "paperbrief.toml",
                               "--port", str(port)], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and f"Port {port} on 127.0.0.1 is in use" in lines[0], done.stderr


def test_the_feeds_of_a_run_read_only_the_rows_they_show(tmp_path, stub):
    """A run's feeds come from ``Store.recent_digests``: the same files as from every digest ever written,
    from fewer rows."""
    from paperbrief.render.feeds import FeedTopic, build_feeds

    cfg = two_days(tmp_path, stub)
    topics = [FeedTopic(slug=t.slug, name=t.name, language=t.language) for t in cfg.topics]
    with Store(cfg.data_dir / "paperbrief.sqlite") as store:
        every = store.all_digests()
        for limit in (1, 2, 3, 50):
            recent = store.recent_digests([t.slug for t in cfg.topics], limit)
            assert build_feeds(recent, topics, author="a", limit=limit) == \
                build_feeds(every, topics, author="a", limit=limit), limit
            assert len(recent) == min(limit, len({d.entry.arxiv_id for _, _, d in every}))
        assert len(every) > len(store.recent_digests([t.slug for t in cfg.topics], 2))
        assert store.recent_digests([], 5) == []


def test_a_list_shows_arxivs_first_sentence_where_the_summary_was_left_out(tmp_path):
    """The demo's home page showed "（本部分未通过自动检查，已略去：duplicates；详见运行报告）" under three of four
    papers. A list now shows the summary when it passed, else the first sentence of arXiv's abstract marked as
    arXiv's, and the search index never holds the left-out note."""
    from paperbrief.records import Analysis, ArxivEntry, FieldFailure, LLMOutcome, PaperDigest
    from paperbrief.render.site import SiteSource, SiteTopic, build_site

    def entry(arxiv_id: str, title: str) -> ArxivEntry:
        return ArxivEntry(arxiv_id=arxiv_id, version=1, title=title, authors=[Author(name="Ada Lovelace")],
                          abstract=f"{title} is the first sentence. The second sentence is not shown.",
                          published=NOW, updated=NOW, categories=["cs.CV"])

    passed = PaperDigest(entry=entry("2611.00001", "Passed"),
                         outcome=LLMOutcome(analysis=Analysis(summary="模型写的摘要。"), model="m"))
    left_out = PaperDigest(entry=entry("2611.00002", "LeftOut"), outcome=LLMOutcome(model="m", analysis=Analysis(
        summary="", unavailable={"summary": FieldFailure(checks=["duplicates"], detail="repeats")})))
    src = SiteSource(site_dir=tmp_path / "site", posts_dir=tmp_path / "posts", author="t",
                     topics=[SiteTopic(slug="dm", name="Diffusion Models")],
                     papers=[("dm", "2026-12-03", passed), ("dm", "2026-12-03", left_out)])
    home = build_site(src).read_text(encoding="utf-8")
    day = (tmp_path / "site" / "days" / "2026-12-03-dm.html").read_text(encoding="utf-8")
    for page in (home, day):
        assert '<div class="summary">模型写的摘要。</div>' in page
        assert ('<div class="summary from-arxiv"><span class="source">arXiv 原文：</span>LeftOut is the first '
                'sentence.</div>') in page
        assert "未通过自动检查" not in page and "second sentence" not in page
    terms = {t for p in (tmp_path / "site" / "search").iterdir()
             for m in re.finditer(r"PB_SEARCH\.shard\((.*)\);", p.read_text(encoding="utf-8"))
             for t in json.loads(m.group(1)).get("tokens", [])}
    assert "模型" in terms and "leftout" in terms
    assert not {"duplicates", "检查", "略去"} & terms
