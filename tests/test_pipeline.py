"""The pipeline end to end against the real loopback arXiv server, real PDFs, a real SQLite file and the
real renderer. The LLM here is a canned double (orchestration only); test_pipeline_e2e.py runs the real
model through the CLI."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
import yaml

from paperbrief.config import config_from_dict
from paperbrief.digest import Pipeline
from paperbrief.samples.papers import DEMO_QUERY, SAMPLE_PAPERS, sample_entries

from pipeline_doubles import CannedBackend


def make_config(tmp_path, stub, **topic):
    return config_from_dict({
        "arxiv": {"base_url": stub.api_url, "delay_seconds": 0, "backoff_seconds": 0.01},
        "llm": {"backend": "scripted", "concurrency": 2},
        "output": {"dir": str(tmp_path / "out")},
        "topics": [{"name": "Diffusion Models", "query": DEMO_QUERY, "max_papers": 10, **topic}],
    }, base_dir=tmp_path)


def run(cfg, backend=None, day="2026-11-25"):
    p = Pipeline(cfg, backend=backend or CannedBackend())
    try:
        return p.run(day=day)
    finally:
        p.close()


def parse_post(path):
    text = path.read_text(encoding="utf-8")
    m = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S)
    assert m
    return yaml.safe_load(m.group(1)), m.group(2)


def paper_blocks(body):
    return {re.search(r"\[PDF\]\(http://arxiv.org/abs/([\d.]+)v\d+\)", b).group(1): b
            for b in body.split("\n## ")[1:]}


def test_full_run_writes_a_post_that_matches_the_feed(tmp_path, arxiv_stub):
    cfg = make_config(tmp_path, arxiv_stub)
    result = run(cfg)
    assert len(result.posts) == 1
    post = result.posts[0]
    assert post == tmp_path / "out" / "posts" / "2026-11-25-diffusion-models.md"
    fm, body = parse_post(post)
    assert fm["title"] == "Diffusion Models" and fm["tags"] == ["Diffusion Models"]
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
    # the one with a cited-only repository keeps it out of its own links but lists it among the links
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["found"] == 4 and report["new"] == 4 and report["failed"] == []
    assert report["llm_calls"] >= 4 and report["model"] == "canned-test-model"
    assert set(report["stages"]) >= {"fetch", "download", "pdf", "llm", "write"}
    # every paper's checks are in the report, the passed ones too
    assert len(report["checks"]) == 4
    for entry in report["checks"]:
        assert {"schema", "bounds", "grounding", "language", "no-facts", "placeholder"} <= set(entry["passed"])
        assert set(entry["failed"]).isdisjoint(entry["passed"])
    assert (tmp_path / "out" / "json" / "2026-11-25-diffusion-models.json").exists()
    assert (tmp_path / "out" / "feeds" / "diffusion-models.xml").exists()


def test_second_run_same_day_adds_nothing_twice(tmp_path, arxiv_stub):
    cfg = make_config(tmp_path, arxiv_stub)
    run(cfg)
    first = (tmp_path / "out" / "posts" / "2026-11-25-diffusion-models.md").read_text()
    backend = CannedBackend()
    result = run(cfg, backend)
    assert backend.calls == 0
    second = result.posts[0].read_text()
    assert sorted(paper_blocks(parse_post(result.posts[0])[1])) == sorted(paper_blocks(first.split("\n---\n", 1)[1]))
    assert len(list((tmp_path / "out" / "posts").glob("*.md"))) == 1
    assert second.count("\n## ") == 4


def test_next_day_skips_published_and_marks_new_versions(tmp_path, arxiv_stub):
    cfg = make_config(tmp_path, arxiv_stub)
    run(cfg, day="2026-11-24")
    v2 = sample_entries()[0]
    v2 = v2.model_copy(update={"version": v2.version + 1, "updated": v2.updated + timedelta(days=1)})
    arxiv_stub.entries = [v2] + arxiv_stub.entries[1:]
    arxiv_stub.pdfs[v2.versioned_id] = arxiv_stub.pdfs[f"{v2.arxiv_id}v1"]
    result = run(cfg, day="2026-11-25")
    fm, body = parse_post(result.posts[0])
    blocks = paper_blocks(body)
    assert list(blocks) == [v2.arxiv_id]  # the other three were published yesterday
    assert "版本更新：v2（此前发布过 v1）" in blocks[v2.arxiv_id]
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["updated"] == 1 and report["new"] == 0
    assert sum("already published" in s["reason"] for s in report["skipped"]) == 3


def test_a_bad_pdf_affects_only_its_paper(tmp_path, arxiv_stub):
    bad = SAMPLE_PAPERS[1]
    arxiv_stub.pdfs[f"{bad.arxiv_id}v{bad.version}"] = b"%PDF-1.7\n truncated garbage"
    cfg = make_config(tmp_path, arxiv_stub)
    result = run(cfg)
    blocks = paper_blocks(parse_post(result.posts[0])[1])
    assert len(blocks) == 4
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert [f["id"] for f in report["failed"]] == [f"{bad.arxiv_id}v{bad.version}"]
    assert report["failed"][0]["stage"] == "pdf"
    # its facts still come from arXiv: authors and the project page in the comment
    assert "https://sample-lab.github.io/one-step-video/" in blocks[bad.arxiv_id].replace("&#95;", "_")


def test_a_crash_mid_run_resumes_with_only_what_is_left(tmp_path, arxiv_stub):
    cfg = make_config(tmp_path, arxiv_stub)
    cfg.llm.concurrency = 1
    with pytest.raises(KeyboardInterrupt):
        run(cfg, CannedBackend(crash_after=2))
    assert not (tmp_path / "out" / "posts" / "2026-11-25-diffusion-models.md").exists()  # no half post
    backend = CannedBackend()
    result = run(cfg, backend)
    assert backend.calls == 2  # two papers were done before the crash
    assert len(paper_blocks(parse_post(result.posts[0])[1])) == 4


def test_negative_keywords_and_max_papers(tmp_path, arxiv_stub):
    cfg = make_config(tmp_path, arxiv_stub, negative_keywords=["restoration"], max_papers=2)
    result = run(cfg)
    blocks = paper_blocks(parse_post(result.posts[0])[1])
    assert len(blocks) == 2 and "2611.04567" not in blocks


def test_unreachable_arxiv_fails_cleanly_and_loses_nothing(tmp_path, arxiv_stub):
    cfg = make_config(tmp_path, arxiv_stub)
    run(cfg, day="2026-11-24")
    arxiv_stub.failures = [(503, None)] * 20
    cfg.arxiv.max_retries = 1
    from paperbrief.errors import ArxivUnavailable

    with pytest.raises(ArxivUnavailable):
        run(cfg, day="2026-11-25")
    assert (tmp_path / "out" / "posts" / "2026-11-24-diffusion-models.md").exists()
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["feed_status"]["Diffusion Models"].startswith("failed")


def test_empty_and_stale_feeds_are_told_apart(tmp_path, arxiv_stub):
    cfg = make_config(tmp_path, arxiv_stub)
    cfg.topics[0].query = "ti:nothing-matches-this"
    result = run(cfg)
    assert result.posts == []
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["feed_status"]["Diffusion Models"].startswith("empty")
    old = [e.model_copy(update={"updated": e.updated - timedelta(days=30)}) for e in arxiv_stub.entries]
    arxiv_stub.entries = old
    cfg.topics[0].query = DEMO_QUERY
    run(cfg, day="2026-11-26")
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["feed_status"]["Diffusion Models"].startswith("stale")
