"""`paperbrief like`, `run`, `explain` and `site build` as a user runs them (real subprocesses, the loopback arXiv
server, a loopback OpenAI-compatible endpoint with canned answers): the score's parts are the same in the
report, the post, `explain` and the site page, and a liked paper steers the ranking with its title named."""

from __future__ import annotations

import json
import re

from paperbrief.samples.server import ArxivStub

import arxiv_world as W
from pipeline_doubles import CannedLLMServer
from test_cli_run import NOW, pb, write_config


def test_like_run_explain_and_the_site_agree(tmp_path, sample_pdfs):
    entries = W.week()
    with ArxivStub(entries=entries, pdfs=W.pdfs_for(entries, sample_pdfs)) as stub, CannedLLMServer() as llm:
        stub.loose = True  # so that some papers are left out by the local re-check of the query
        cfg = write_config(tmp_path, stub, llm, topics=({**W.DIFFUSION, "max_papers": 2},))
        liked = pb("like", "2611.10003", "--config", str(cfg))  # unknown to the store: looked up on arXiv
        assert liked.returncode == 0, liked.stderr
        assert "liked: Video Diffusion with Motion Priors 10003 (2611.10003) in Diffusion Models" in liked.stdout
        assert "already liked" in pb("like", "2611.10003", "--config", str(cfg)).stdout
        r = pb("run", "--config", str(cfg), "--since", "2026-11-30", "--now", NOW)
        assert r.returncode == 0, r.stderr[-2000:]
        site = pb("site", "build", "--config", str(cfg))
        assert site.returncode == 0, site.stderr
        never = pb("explain", "2611.99999", "--config", str(cfg))
        assert never.returncode == 1 and "No run of topic 'Diffusion Models' saw 2611.99999" in never.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    win = report["windows"][0]
    assert [p["status"] for p in win["papers"]] == ["analysed", "analysed", "listed"]
    scores = [p["score"] for p in win["papers"]]
    assert scores == sorted(scores, reverse=True)  # the post's order is the score's
    post = (tmp_path / "out" / "posts" / "2026-11-30-diffusion-models.md").read_text(encoding="utf-8")
    for paper in win["papers"]:
        parts = {p["name"]: p for p in paper["score_parts"]}
        # the liked paper steers: the video-diffusion paper is nearest to it
        assert parts["library"]["reason"].startswith("like: Video Diffusion with Motion Priors 10003")
        assert abs(paper["score"] - sum(p["value"] for p in paper["score_parts"])) < 1e-2
        arxiv_id = paper["id"].split("v")[0]
        out = pb("explain", arxiv_id, "--config", str(cfg))
        assert out.returncode == 0, out.stderr
        assert f"2026-11-30 announcement (v1): {'analysed in full' if paper['status'] == 'analysed' else 'listed'}" \
            in out.stdout
        assert f"score {paper['score']:.3f}" in out.stdout
        page = (tmp_path / "out" / "site" / "papers" / f"{paper['id']}.html").read_text(encoding="utf-8")
        for name, part in parts.items():
            assert re.search(rf"{name}\s+{part['value']:.3f}", out.stdout), (name, out.stdout)
            assert f"<td>{part['value']:.3f}</td>" in page  # the site shows the same parts
        assert f"{paper['score']:.2f} = " in post  # and so does the post, for every paper
    excluded = {x["id"]: x for x in win["excluded_papers"]}
    assert excluded["2611.50005v1"]["rule"] == "query"
    out = pb("explain", "2611.50005", "--config", str(cfg))
    assert "left out by the rule 'query'" in out.stdout and "does not match the topic query" in out.stdout
    gone = pb("unlike", "2611.10003", "--config", str(cfg))
    assert gone.returncode == 0 and "removed 2611.10003" in gone.stdout and "library: 0 liked" in gone.stdout
