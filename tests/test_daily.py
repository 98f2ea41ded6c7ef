"""The daily service against the loopback arXiv server (which evaluates queries and date ranges like arXiv), real
sample PDFs, a real SQLite file and the real renderer; the LLM is the canned double (orchestration only).
The clock is fixed (arxiv_world.NOW): no test depends on today's date."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from paperbrief.config import config_from_dict
from paperbrief.errors import ExitCode, RunLocked
from paperbrief.lock import RunLock
from paperbrief.run import RunOptions, run_digest
from paperbrief.samples.server import ArxivStub
from paperbrief.store import Store

import arxiv_world as W
from pipeline_doubles import CannedBackend


def make_config(tmp_path, stub, *topics, **schedule):
    return config_from_dict({
        "arxiv": {"base_url": stub.api_url, "delay_seconds": 0, "backoff_seconds": 0.01, "max_retries": 1},
        # the backend is given to run_digest (CannedBackend); this endpoint is never called
        "llm": {"backend": "openai-compatible", "base_url": "http://127.0.0.1:9/v1", "model": "canned",
                "concurrency": 2},
        "output": {"dir": str(tmp_path / "out")},
        "schedule": schedule,
        "topics": list(topics) or [W.DIFFUSION],
    }, base_dir=tmp_path)


def run(cfg, backend=None, now=W.NOW, **options):
    return run_digest(cfg, RunOptions(now=now, **options), backend=backend or CannedBackend())


def posts_of(tmp_path) -> list[str]:
    return sorted(p.name for p in (tmp_path / "out" / "posts").glob("*.md"))


def paper_ids(post_path) -> list[str]:
    """Every arXiv id the post shows, in every section (analysed, updated, also new)."""
    return re.findall(r"arxiv\.org/abs/(\d{4}\.\d{5})v\d+\)", post_path.read_text(encoding="utf-8"))


def report(tmp_path) -> dict:
    return json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))


@pytest.fixture
def world(sample_pdfs):
    entries = W.week()
    with ArxivStub(entries=entries, pdfs=W.pdfs_for(entries, sample_pdfs)) as stub:
        yield stub


def test_backfill_over_a_week_with_a_weekend_and_a_holiday(tmp_path, world):
    cfg = make_config(tmp_path, world, W.DIFFUSION)
    result = run(cfg, since=W.WEEK_START)
    assert result.exit_code == ExitCode.DONE
    # one post per announcement; none for Thanksgiving, Friday or Saturday
    assert posts_of(tmp_path) == [f"{d}-diffusion-models.md" for d in W.ANNOUNCED]
    rep = report(tmp_path)
    assert [w["announced"] for w in rep["windows"]] == W.ANNOUNCED
    notes = " ".join(rep["notes"])
    assert "Thursday 2026-11-26: no announcement (arXiv holiday 2026-11-26)" in notes
    assert "Friday 2026-11-27" in notes and "Saturday 2026-11-28" in notes
    for w, window in zip(rep["windows"], W.windows()):
        # each window's query carried the window; the post holds exactly that window's matching papers
        assert "submittedDate:[" in w["query"] and "lastUpdatedDate:[" in w["query"]
        wi = W.ANNOUNCED.index(w["announced"]) + 1
        expected = sorted(f"2611.{wi}{n:04d}" for n in (1, 2, 3))  # 2 diffusion-only + 1 on both topics
        assert sorted(paper_ids(tmp_path / "out" / "posts" / f"{w['announced']}-diffusion-models.md")) == expected
        assert (w["matched"], w["shown"], w["analysed"]) == (3, 3, 3)
        # the query reaches late_days (2) back for late announcements: the papers it finds again are recognised
        assert {x["rule"] for x in w["excluded_papers"]} <= {"already-shown"}
        assert w["returned"] == w["matched"] + w["excluded"] == 3 + w["already_shown"]
        assert sorted(i.split("v")[0] for i in w["shown_ids"]) == expected
        assert w["status"] == "published"
    # oldest first
    assert [p.rsplit("/", 1)[1] for p in rep["posts"]] == posts_of(tmp_path)


def test_rerunning_a_backfill_adds_nothing(tmp_path, world):
    cfg = make_config(tmp_path, world, W.DIFFUSION)
    run(cfg, since=W.WEEK_START)
    before = {p: (tmp_path / "out" / "posts" / p).read_bytes() for p in posts_of(tmp_path)}
    requests = len(world.requests)
    backend = CannedBackend()
    again = run(cfg, backend, since=W.WEEK_START)
    assert again.exit_code == ExitCode.DONE and again.posts == []
    assert backend.calls == 0 and len(world.requests) == requests  # not even a query: every window is done
    assert {p: (tmp_path / "out" / "posts" / p).read_bytes() for p in posts_of(tmp_path)} == before
    assert sum("already done" in n for n in report(tmp_path)["notes"]) == len(W.ANNOUNCED)
    # and a normal run the same evening finds nothing new either
    normal = run(cfg, backend)
    assert normal.posts == [] and backend.calls == 0
    assert any("nothing new since the announcement of 2026-11-30" in n for n in report(tmp_path)["notes"])


def test_two_topics_sharing_papers_fetch_each_pdf_once(tmp_path, world):
    cfg = make_config(tmp_path, world, W.DIFFUSION, W.VIDEO)
    backend = CannedBackend()
    run(cfg, backend, since=W.WEEK_START)
    assert len(posts_of(tmp_path)) == 2 * len(W.ANNOUNCED)
    for wi, day in enumerate(W.ANNOUNCED, 1):
        diffusion = sorted(paper_ids(tmp_path / "out" / "posts" / f"{day}-diffusion-models.md"))
        video = sorted(paper_ids(tmp_path / "out" / "posts" / f"{day}-video-generation.md"))
        assert diffusion == [f"2611.{wi}{n:04d}" for n in (1, 2, 3)]
        assert video == [f"2611.{wi}{n:04d}" for n in (3, 4)]  # the shared paper is in both posts
    shared = [f"2611.{wi}0003v1" for wi in range(1, 6)]
    assert all(world.pdf_requests[s] == 1 for s in shared)
    assert sum(world.pdf_requests.values()) == 4 * len(W.ANNOUNCED)  # 4 distinct papers a window, once each
    # analysed once per language: the shared paper's prose comes from the cache the second time
    assert backend.calls == 4 * len(W.ANNOUNCED)
    with Store(tmp_path / "out" / "data" / "paperbrief.sqlite") as s:
        assert s.paper_count() == 4 * len(W.ANNOUNCED)


def test_thirty_matches_with_max_papers_five(tmp_path, sample_pdfs):
    w = W.windows()[-1]
    entries = [W.paper(f"2611.9{i:04d}", "diffusion", w.start + timedelta(minutes=10 * i)) for i in range(1, 31)]
    with ArxivStub(entries=entries, pdfs=W.pdfs_for(entries, sample_pdfs)) as stub:
        cfg = make_config(tmp_path, stub, {**W.DIFFUSION, "max_papers": 5})
        cfg.arxiv.page_size = 7  # paged to the end: 30 results in 5 pages
        result = run(cfg)
        assert sum("/api/query" in r for r in stub.requests) == 5
        assert sum(stub.pdf_requests.values()) == 5  # listed papers cost no PDF
    win = report(tmp_path)["windows"][0]
    assert (win["returned"], win["matched"], win["shown"], win["analysed"], win["listed"]) == (30, 30, 30, 5, 25)
    assert len(win["matched_ids"]) == 30 and len(win["shown_ids"]) == 30
    assert sorted(p["status"] for p in win["papers"]).count("listed") == 25
    text = result.posts[0].read_text(encoding="utf-8")
    main, also = text.split("\n## 其他新论文\n")
    assert main.count("\n## ") == 5
    assert len(re.findall(r"^- \*\*", also, re.M)) == 25
    assert sorted(paper_ids(result.posts[0])) == sorted(e.arxiv_id for e in entries)  # every paper exactly once
    assert "arXiv 返回 30 篇，符合主题 30 篇，其中完整分析 5 篇、仅列出 25 篇" in text
    assert "此前的文章中出现" not in text


def test_a_new_version_after_publication_goes_to_updated(tmp_path, sample_pdfs):
    w1, w2 = W.windows()[-2:]
    v1 = W.paper("2611.80001", "diffusion", w1.start + timedelta(hours=2), comment="8 pages")
    other = W.paper("2611.80002", "diffusion", w2.start + timedelta(hours=1))
    with ArxivStub(entries=[v1, other], pdfs=W.pdfs_for([v1, other], sample_pdfs)) as stub:
        cfg = make_config(tmp_path, stub)
        run(cfg, now=w1.announced_at + timedelta(hours=1))
        v2 = v1.model_copy(update={"version": 2, "updated": w2.start + timedelta(hours=3),
                                   "title": v1.title + ": Revised", "comment": "10 pages, code released"})
        stub.entries = [v2, other]
        stub.pdfs[v2.versioned_id] = stub.pdfs[v1.versioned_id]
        backend = CannedBackend()
        result = run(cfg, backend, now=w2.announced_at + timedelta(hours=1))
    text = result.posts[0].read_text(encoding="utf-8")
    main, updated = text.split("\n## 版本更新\n")
    assert "2611.80002" in main and "2611.80001" not in main  # never shown as a new paper
    assert "### Faster Diffusion Sampling 80001: Revised" in updated
    assert "v2（此前发布过 v1）" in updated and "本次更新了：标题、备注" in updated
    assert "原标题：Faster Diffusion Sampling 80001" in updated
    assert backend.calls == 1  # the update costs no LLM call
    win = report(tmp_path)["windows"][0]
    assert (win["updated"], win["analysed"], win["shown"]) == (1, 1, 2)


def test_an_empty_announcement_after_a_busy_history_is_a_warning(tmp_path, world):
    cfg = make_config(tmp_path, world, W.DIFFUSION)
    run(cfg, since=W.WEEK_START, until=W.windows()[3].announced)  # four busy windows
    last = W.windows()[-1]
    world.entries = [e for e in world.entries if not last.contains(e.published)]  # arXiv shows nothing new
    result = run(cfg)
    assert result.exit_code == ExitCode.SOURCE
    win = report(tmp_path)["windows"][-1]
    assert win["announced"] == last.key and win["status"] == "stale"
    assert "usually has papers" in " ".join(win["warnings"])
    assert not (tmp_path / "out" / "posts" / f"{last.key}-diffusion-models.md").exists()
    # the window stays open: when arXiv catches up, the next run publishes it
    world.entries = W.week()
    later = run(cfg, now=W.NOW + timedelta(hours=3))
    assert later.exit_code == ExitCode.DONE
    assert [p.name for p in later.posts] == [f"{last.key}-diffusion-models.md"]


def test_a_first_run_on_a_quiet_topic_is_a_normal_empty_day(tmp_path, world):
    cfg = make_config(tmp_path, world, {"name": "Quantum", "query": "abs:qubit"})
    result = run(cfg)
    assert result.exit_code == ExitCode.DONE and result.posts == []
    win = report(tmp_path)["windows"][0]
    assert win["status"] == "empty" and win["returned"] == 0 and win["announced"] == "2026-11-30"


def test_a_weekend_run_after_thursday_is_quiet_and_exit_0(tmp_path, world):
    cfg = make_config(tmp_path, world, W.DIFFUSION)
    run(cfg, now=W.windows()[2].announced_at + timedelta(hours=1))  # Wednesday evening
    saturday = W.windows()[3].start + timedelta(days=1)  # Saturday 28 November
    result = run(cfg, now=saturday)
    assert result.exit_code == ExitCode.DONE and result.posts == []
    assert any("next one is 2026-11-29 20:00 ET" in n for n in report(tmp_path)["notes"])


def test_a_crash_before_the_post_then_the_next_days_run(tmp_path, world):
    cfg = make_config(tmp_path, world, W.DIFFUSION)
    cfg.llm.concurrency = 1
    sunday = W.windows()[3]
    with pytest.raises(KeyboardInterrupt):
        run(cfg, CannedBackend(crash_after=2), now=sunday.announced_at + timedelta(hours=1))
    assert posts_of(tmp_path) == []  # no half-written post
    with Store(tmp_path / "out" / "data" / "paperbrief.sqlite") as s:
        assert len(s.post_digests("diffusion-models", sunday.key)) == 2  # saved before the crash
        assert s.published_version("2611.40001", "diffusion-models") is None  # not published: no post yet
    backend = CannedBackend()
    result = run(cfg, backend)  # Monday evening: Sunday's window is finished, then Monday's
    assert [p.name for p in result.posts] == [f"{sunday.key}-diffusion-models.md", "2026-11-30-diffusion-models.md"]
    assert backend.calls == 1 + 3  # one paper left of Sunday, three of Monday
    seen = [i for p in result.posts for i in paper_ids(p)]
    assert sorted(seen) == sorted(f"2611.{wi}{n:04d}" for wi in (4, 5) for n in (1, 2, 3))  # each exactly once


def test_a_failed_pdf_lists_the_paper_and_exits_1(tmp_path, world):
    bad = "2611.50001v1"
    world.pdfs[bad] = b"%PDF-1.7\n truncated garbage"
    cfg = make_config(tmp_path, world, W.DIFFUSION)
    result = run(cfg)
    assert result.exit_code == ExitCode.FAILED_PAPERS
    text = result.posts[0].read_text(encoding="utf-8")
    assert "2611.50001" in paper_ids(result.posts[0]) and "本文处理未完成（PDF unreadable" in text
    win = report(tmp_path)["windows"][0]
    assert win["failed"] == 1 and win["shown"] == 3
    failed = [p for p in win["papers"] if p["status"] == "failed"]
    assert [p["id"] for p in failed] == [bad] and "PDF" in failed[0]["reasons"][0]


def test_a_failed_llm_call_lists_the_paper_and_exits_1(tmp_path, world):
    cfg = make_config(tmp_path, world, W.DIFFUSION)
    result = run(cfg, CannedBackend(fail_titles=("Faster Diffusion Sampling 50002",)))
    assert result.exit_code == ExitCode.FAILED_PAPERS
    win = report(tmp_path)["windows"][0]
    assert [p["id"] for p in win["papers"] if p["status"] == "failed"] == ["2611.50002v1"]
    assert "LLM failed" in " ".join(p["reasons"][0] for p in win["papers"] if p["status"] == "failed")
    assert "2611.50002" in paper_ids(result.posts[0])


def test_unreachable_arxiv_is_exit_3_and_loses_nothing(tmp_path, world):
    cfg = make_config(tmp_path, world, W.DIFFUSION, W.VIDEO)
    run(cfg, since=W.WEEK_START, until=W.windows()[3].announced)
    world.failures = [(503, None)] * 50
    result = run(cfg)
    assert result.exit_code == ExitCode.SOURCE and result.posts == []
    rep = report(tmp_path)
    assert [w["status"] for w in rep["windows"]] == ["unreachable", "not-fetched"]
    assert len(posts_of(tmp_path)) == 8  # the earlier posts are intact
    world.failures = []
    again = run(cfg, now=W.NOW + timedelta(hours=1))
    assert again.exit_code == ExitCode.DONE and len(again.posts) == 2


def test_a_loose_mirror_cannot_put_an_unrelated_paper_in_the_post(tmp_path, world):
    world.loose = True  # answers every paper of the window, whatever the query
    cfg = make_config(tmp_path, world, W.DIFFUSION)
    result = run(cfg)
    assert sorted(paper_ids(result.posts[0])) == ["2611.50001", "2611.50002", "2611.50003"]
    win = report(tmp_path)["windows"][0]
    assert win["matched"] == 3 and win["returned"] == win["matched"] + win["excluded"]
    rules = {x["id"]: x["rule"] for x in win["excluded_papers"]}
    assert rules["2611.50004v1"] == rules["2611.50005v1"] == "query"  # unrelated: the local re-check drops them
    # the previous window's papers came back through the late_days overlap: before this topic's first window
    assert rules["2611.40001v1"] == "before-start" and rules["2611.40005v1"] == "query"


def test_a_mirror_that_ignores_the_dates_is_stale(tmp_path, world):
    cfg = make_config(tmp_path, world, W.DIFFUSION)
    world.entries = [e for e in world.entries if e.arxiv_id.startswith("2611.1")]  # only last week's papers
    world.ignore_dates = True
    result = run(cfg)
    assert result.exit_code == ExitCode.SOURCE and result.posts == []
    win = report(tmp_path)["windows"][0]
    assert win["status"] == "stale" and "older than the window" in " ".join(win["warnings"])
    assert {x["rule"] for x in win["excluded_papers"]} == {"outside-window"}


def test_a_feed_that_stops_paging_early_is_not_a_complete_day(tmp_path, sample_pdfs):
    w = W.windows()[-1]
    entries = [W.paper(f"2611.9{i:04d}", "diffusion", w.start + timedelta(minutes=10 * i)) for i in range(1, 13)]
    with ArxivStub(entries=entries, pdfs=W.pdfs_for(entries, sample_pdfs), stop_paging_after=5) as stub:
        cfg = make_config(tmp_path, stub)
        cfg.arxiv.page_size = 5
        result = run(cfg)
        assert result.exit_code == ExitCode.SOURCE and result.posts == []
        assert report(tmp_path)["windows"][0]["status"] == "stale"
        stub.stop_paging_after = None
        again = run(cfg, now=W.NOW + timedelta(hours=1))
    assert again.exit_code == ExitCode.DONE and len(paper_ids(again.posts[0])) == 12


def test_a_paper_announced_late_is_shown_once(tmp_path, world):
    cfg = make_config(tmp_path, world, W.DIFFUSION)
    run(cfg, now=W.windows()[3].announced_at + timedelta(hours=1))  # the first run: Sunday's window only
    first = report(tmp_path)["windows"][0]
    # the query reached two days before the window; what it found there predates the topic: left out, said why
    rules = {x["id"]: x["rule"] for x in first["excluded_papers"]}
    assert rules["2611.30001v1"] == "before-start" and rules["2611.30003v1"] == "before-start"
    sunday = W.windows()[3]
    late = W.paper("2611.49999", "diffusion", sunday.start + timedelta(hours=5))  # held in moderation until now
    world.entries = world.entries + [late]
    world.pdfs[late.versioned_id] = next(iter(world.pdfs.values()))
    result = run(cfg)
    text = result.posts[0].read_text(encoding="utf-8")
    assert sorted(paper_ids(result.posts[0])) == ["2611.49999", "2611.50001", "2611.50002", "2611.50003"]
    assert "submitted 2026-11-25, announced late" in text
    win = report(tmp_path)["windows"][0]
    rules = {x["id"]: x["rule"] for x in win["excluded_papers"]}
    assert rules["2611.40001v1"] == "already-shown" and "2611.49999v1" not in rules
    assert win["already_shown"] == 3 and "（其中 3 篇已在此前的文章中出现）" in text


def test_dry_run_touches_nothing_on_disk(tmp_path, world):
    cfg = make_config(tmp_path, world, W.DIFFUSION)
    run(cfg, since=W.WEEK_START, until=W.windows()[2].announced)

    def snapshot():
        return {p: (p.stat().st_size, p.stat().st_mtime_ns) for p in tmp_path.rglob("*")}

    before = snapshot()
    backend = CannedBackend()
    result = run(cfg, backend, dry_run=True)
    assert snapshot() == before
    assert backend.calls == 0 and result.posts == []
    assert [w.announced for w in result.report.windows] == ["2026-11-29", "2026-11-30"]
    assert [w.matched for w in result.report.windows] == [3, 3]
    # on a folder that has never run, nothing is created at all
    fresh = make_config(tmp_path / "fresh", world, W.DIFFUSION)
    run(fresh, dry_run=True)
    assert not (tmp_path / "fresh").exists()


def test_two_runs_at_once_the_second_is_refused(tmp_path, world):
    cfg = make_config(tmp_path, world, W.DIFFUSION)
    cfg.data_dir.mkdir(parents=True)
    with RunLock(cfg.data_dir):
        with pytest.raises(RunLocked, match=r"in use by paperbrief run pid \d+"):
            run(cfg)
    assert not (tmp_path / "out" / "posts").exists() and world.requests == []
    assert run(cfg).exit_code == ExitCode.DONE  # the lock went with its holder


def test_each_topic_is_published_once_per_paper_over_many_days(tmp_path, world):
    """Day by day, every evening of the week: each matched paper ends in exactly one post per topic."""
    cfg = make_config(tmp_path, world, W.DIFFUSION, W.VIDEO)
    for w in W.windows():
        run(cfg, now=w.announced_at + timedelta(hours=2))
    for slug, per_window in (("diffusion-models", 3), ("video-generation", 2)):
        seen = [i for p in sorted((tmp_path / "out" / "posts").glob(f"*-{slug}.md")) for i in paper_ids(p)]
        assert len(seen) == len(set(seen)) == per_window * len(W.ANNOUNCED)


def test_holidays_from_the_config_extend_the_shipped_list(tmp_path, world):
    cfg = make_config(tmp_path, world, W.DIFFUSION, holidays=["2026-11-30"])
    result = run(cfg, since=W.windows()[3].announced)
    # Monday's cut-off is cancelled: its papers roll into Tuesday's announcement, which has not happened yet
    assert [p.name for p in result.posts] == ["2026-11-29-diffusion-models.md"]
    assert "2611.50001" not in paper_ids(result.posts[0])
    dry = run(cfg, since=W.windows()[3].announced, until=W.windows()[3].announced + timedelta(days=1),
              now=W.NOW + timedelta(days=1), dry_run=True)
    assert "Diffusion Models: Monday 2026-11-30: no announcement (arXiv holiday 2026-11-30)" in dry.report.notes


def test_a_topic_with_embeddings_ranks_with_the_offline_model(tmp_path, world):
    cfg = make_config(tmp_path, world, {**W.DIFFUSION, "embeddings": True, "max_papers": 1,
                                        "description": "video generation with diffusion models"})
    result = run(cfg)
    win = report(tmp_path)["windows"][0]
    parts = [{p["name"] for p in paper["score_parts"]} for paper in win["papers"]]
    assert all("description" in names for names in parts)
    # the paper about video diffusion is nearest the description: it gets the one analysis
    assert win["papers"][0]["id"] == "2611.50003v1" and win["papers"][0]["status"] == "analysed"
    assert "2611.50003" in paper_ids(result.posts[0])
    with Store(tmp_path / "out" / "data" / "paperbrief.sqlite") as s:
        from paperbrief.rank.embed import MODEL_ID

        assert len(s.get_vectors(MODEL_ID, ["paper:2611.50001v1", "paper:2611.50003v1"])) == 2
