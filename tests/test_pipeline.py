"""One window's post end to end against the real loopback arXiv server, real PDFs, a real SQLite file and the
real renderer: the seed's structure, facts from arXiv and the PDF, the report. The LLM is a canned double
(orchestration only); test_pipeline_e2e.py runs the real model through the CLI; test_daily.py the service."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from paperbrief.calendar import ArxivCalendar
from paperbrief.config import config_from_dict
from paperbrief.run import RunOptions, run_digest
from paperbrief.samples.papers import DEMO_QUERY, SAMPLE_PAPERS, sample_entries
from paperbrief.samples.server import ArxivStub

from arxiv_world import NOW
from pipeline_doubles import CannedBackend

WINDOW = ArxivCalendar().latest(NOW)
POST = f"{WINDOW.key}-diffusion-models.md"


@pytest.fixture
def stub(sample_pdfs):
    with ArxivStub(entries=sample_entries(within=(WINDOW.start, WINDOW.end)), pdfs=dict(sample_pdfs)) as s:
        yield s


def make_config(tmp_path, stub, **topic):
    return config_from_dict({
        "arxiv": {"base_url": stub.api_url, "delay_seconds": 0, "backoff_seconds": 0.01},
        "llm": {"concurrency": 2},  # the backend is the canned double run() passes
        "output": {"dir": str(tmp_path / "out")},
        "topics": [{"name": "Diffusion Models", "query": DEMO_QUERY, "max_papers": 10, **topic}],
    }, base_dir=tmp_path)


def run(cfg, backend=None, now=NOW):
    return run_digest(cfg, RunOptions(now=now), backend=backend or CannedBackend())


def parse_post(path):
    text = path.read_text(encoding="utf-8")
    m = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S)
    assert m
    return yaml.safe_load(m.group(1)), m.group(2)


def paper_blocks(body):
    return {re.search(r"\[PDF\]\(http://arxiv.org/abs/([\d.]+)v\d+\)", b).group(1): b
            for b in body.split("\n## ")[1:] if "[PDF](" in b}


def test_full_run_writes_a_post_that_matches_the_feed(tmp_path, stub):
    cfg = make_config(tmp_path, stub)
    result = run(cfg)
    assert [p.name for p in result.posts] == [POST]
    fm, body = parse_post(result.posts[0])
    assert fm["title"] == "Diffusion Models" and fm["tags"] == ["Diffusion Models"]
    assert fm["date"].startswith(WINDOW.key)
    blocks = paper_blocks(body)
    assert set(blocks) == {p.arxiv_id for p in SAMPLE_PAPERS}
    feed = {e.arxiv_id: e for e in sample_entries()}
    for arxiv_id, block in blocks.items():
        items = re.findall(r"<li>\s*(?:<p>)?([^：<]+)：", block)
        assert items == ["标题", "作者", "第一作者单位", "关键词", "论文链接", "摘要", "方法", "结论"]
        authors = re.search(r"\*\*Authors:(.*?)\*\*", block).group(1)
        assert authors.replace("\\-", "-") == ", ".join(feed[arxiv_id].author_names)
        paper = next(p for p in SAMPLE_PAPERS if p.arxiv_id == arxiv_id)
        for url in paper.own_urls:  # code links from abstract, comment and the PDF's footnote
            assert f'<a href="{url}">' in block.replace("&#95;", "_"), (arxiv_id, url)
        # ... and only those as its code: the restoration paper's compared baseline ("We compare with DiffBIR
        # (https://github.com/XPixelGroup/DiffBIR)") was its "Github 代码链接" in `make demo`
        code_line = re.search(r"Github 代码链接：(.*?)</li>", block.replace("&#95;", "_"), re.S).group(1)
        assert re.findall(r'<a href="([^"]+)">', code_line) == paper.own_urls, (arxiv_id, code_line)
    assert "arXiv 返回 4 篇，符合主题 4 篇，其中完整分析 4 篇、仅列出 0 篇、版本更新 0 篇、处理失败 0 篇" in body
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    win = report["windows"][0]
    assert (win["returned"], win["matched"], win["shown"], win["analysed"], win["failed"]) == (4, 4, 4, 4, 0)
    assert report["exit_code"] == 0 and report["llm"]["calls"] >= 4 and report["model"] == "canned-test-model"
    assert set(report["stages"]) >= {"fetch", "download", "pdf", "llm", "write"}
    # every paper's checks are in the report, the passed ones too
    assert len(report["checks"]) == 4
    for entry in report["checks"]:
        assert {"schema", "bounds", "grounding", "language", "no-facts", "placeholder"} <= set(entry["passed"])
        assert set(entry["failed"]).isdisjoint(entry["passed"])
    assert (tmp_path / "out" / "json" / f"{WINDOW.key}-diffusion-models.json").exists()
    assert (tmp_path / "out" / "feeds" / "diffusion-models.xml").exists()


def test_a_bad_pdf_affects_only_its_paper(tmp_path, stub):
    bad = SAMPLE_PAPERS[1]
    stub.pdfs[f"{bad.arxiv_id}v{bad.version}"] = b"%PDF-1.7\n truncated garbage"
    cfg = make_config(tmp_path, stub)
    result = run(cfg)
    assert result.exit_code == 1
    blocks = paper_blocks(parse_post(result.posts[0])[1])
    assert len(blocks) == 4
    win = json.loads((tmp_path / "out" / "report.json").read_text())["windows"][0]
    assert [p["id"] for p in win["papers"] if p["status"] == "failed"] == [f"{bad.arxiv_id}v{bad.version}"]
    # its facts still come from arXiv: authors and the project page in the comment
    assert "https://sample-lab.github.io/one-step-video/" in blocks[bad.arxiv_id].replace("&#95;", "_")


def test_negative_keywords_and_max_papers(tmp_path, stub):
    cfg = make_config(tmp_path, stub, negative_keywords=["restoration"], max_papers=2)
    result = run(cfg)
    body = parse_post(result.posts[0])[1]
    main, also = body.split("\n## 其他新论文\n")
    assert len(paper_blocks(main)) == 2 and "2611.04567" not in body
    assert len(re.findall(r"^- \*\*", also, re.M)) == 1  # over max_papers: listed, not dropped
    win = json.loads((tmp_path / "out" / "report.json").read_text())["windows"][0]
    assert [(x["id"].split("v")[0], x["rule"]) for x in win["excluded_papers"]] == [("2611.04567", "negative-keyword")]
    assert "'restoration'" in win["excluded_papers"][0]["reason"]
    assert (win["returned"], win["matched"], win["analysed"], win["listed"], win["excluded"]) == (4, 3, 2, 1, 1)


def test_the_pdf_author_names_are_checked_against_arxiv_in_a_run(tmp_path, stub):
    """A run hands arXiv's author list to the PDF reader: the stored extraction names its source, and the
    sample PDFs print the same people, so every name is arXiv's and nothing is reported as a mismatch."""
    from paperbrief.store import Store

    cfg = make_config(tmp_path, stub)
    run(cfg)
    feed = {e.arxiv_id: e for e in sample_entries()}
    with Store(cfg.data_dir / "paperbrief.sqlite") as store:
        for arxiv_id, entry in feed.items():
            got = store.get_extraction(arxiv_id, entry.version)
            assert got is not None and got[0] is not None, arxiv_id
            ex = got[0]
            assert ex.authors_source == "pdf+arxiv" and ex.authors_mismatch == [], (arxiv_id, ex.authors_mismatch)
            assert ex.authors == entry.author_names
