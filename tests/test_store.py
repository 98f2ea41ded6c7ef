"""The store on a real SQLite file: migrations, versions, publication, cache, runs."""

from __future__ import annotations

import sqlite3

import pytest

from paperbrief.errors import StoreError
from paperbrief.outcome import RunReport
from paperbrief.records import PaperDigest
from paperbrief.store import MIGRATIONS, Store

from conftest import make_entry


def test_migrations_are_named_and_applied_once(tmp_path):
    db = tmp_path / "pb.sqlite"
    with Store(db) as s:
        assert s.applied_migrations() == [name for name, _ in MIGRATIONS]
    with Store(db) as s:
        assert s.migrate() == []
    mode = sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a paperbrief database|cannot be opened"):
        Store(bad)


def test_versions_and_publication(tmp_path):
    with Store(tmp_path / "pb.sqlite") as s:
        v1 = make_entry("2611.00001", 1)
        assert s.upsert_entry(v1, "diff", "Diffusion") == "new"
        assert s.upsert_entry(v1, "diff", "Diffusion") == "known"
        s.save_digest("diff", "2026-11-24", PaperDigest(entry=v1))
        # saved but its post never written (a crash): not published, so the run that finishes it shows it
        assert s.published_version("2611.00001", "diff") is None
        assert s.all_digests() == []
        s.mark_post_written("diff", "2026-11-24", "/posts/2026-11-24-diff.md")
        assert s.published_version("2611.00001", "diff") == 1
        assert s.shown_papers("diff")["2611.00001"].date == "2026-11-24"
        assert s.published_version("2611.00001", "other-topic") is None
        v2 = make_entry("2611.00001", 2, title="Paper, revised")
        assert s.upsert_entry(v2, "diff", "Diffusion") == "new-version"
        assert s.versions("2611.00001") == [1, 2]
        assert s.get_entry("2611.00001").title == "Paper, revised"
        assert s.get_entry("2611.00001", 1).version == 1
        assert s.paper_count() == 1


def test_digest_resave_keeps_position(tmp_path):
    with Store(tmp_path / "pb.sqlite") as s:
        a, b = make_entry("2611.00001"), make_entry("2611.00002")
        s.save_digest("t", "2026-11-25", PaperDigest(entry=a))
        s.save_digest("t", "2026-11-25", PaperDigest(entry=b))
        s.save_digest("t", "2026-11-25", PaperDigest(entry=a, errors=["x"]))
        got = s.post_digests("t", "2026-11-25")
        assert [d.entry.arxiv_id for d in got] == ["2611.00001", "2611.00002"]
        assert got[0].errors == ["x"]


def test_cache_and_runs(tmp_path):
    with Store(tmp_path / "pb.sqlite") as s:
        assert s.cache_get("k") is None
        s.cache_put("k", "m", '{"a": 1}')
        assert s.cache_get("k") == '{"a": 1}'
        rid = s.start_run()
        s.finish_run(rid, RunReport(started="now", exit_code=3), "ok")
        assert s.runs()[-1].report.exit_code == 3 and s.runs()[-1].status == "ok"


def test_failed_transaction_leaves_nothing(tmp_path):
    with Store(tmp_path / "pb.sqlite") as s:
        with pytest.raises(RuntimeError):
            with s._tx() as db:
                db.execute("INSERT INTO llm_cache VALUES ('k', 'm', 'v', 'now')")
                raise RuntimeError("crash mid-write")
        assert s.cache_get("k") is None


def test_windows_remember_how_each_announcement_ended(tmp_path):
    from datetime import datetime, timezone

    from paperbrief.records import WindowCounts

    start, end = datetime(2026, 11, 23, 19, tzinfo=timezone.utc), datetime(2026, 11, 24, 19, tzinfo=timezone.utc)
    with Store(tmp_path / "pb.sqlite") as s:
        s.open_window("diff", "Diffusion", "2026-11-24", start, end)
        s.set_window_status("diff", "2026-11-24", "stale", WindowCounts(returned=0))
        s.open_window("diff", "Diffusion", "2026-11-24", start, end)  # retried by the next run
        row = s.windows("diff")[0]
        assert (row.status, row.attempts, row.start, row.end) == ("open", 2, start, end)
        s.save_digest("diff", "2026-11-24", PaperDigest(entry=make_entry("2611.00001")))
        s.complete_window("diff", "2026-11-24", WindowCounts(returned=5, matched=1, shown=1), "/p.md")
        row = s.windows("diff")[0]
        assert row.status == "done" and row.counts.returned == 5 and row.finished
        assert s.published_version("2611.00001", "diff") == 1
        s.open_window("diff", "Diffusion", "2026-11-24", start, end)
        assert s.windows("diff")[0].status == "done"  # a done window stays done


def test_a_read_only_copy_sees_everything_and_writes_nothing(tmp_path):
    db = tmp_path / "pb.sqlite"
    with Store(db) as s:
        s.save_digest("t", "2026-11-25", PaperDigest(entry=make_entry("2611.00001")))
        s.mark_post_written("t", "2026-11-25", "/p.md")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with Store.read_only_copy(db) as copy:
        assert copy.published_version("2611.00001", "t") == 1
        copy.save_digest("t", "2026-11-26", PaperDigest(entry=make_entry("2611.00002")))  # into memory only
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    with Store.read_only_copy(tmp_path / "none.sqlite") as empty:
        assert empty.paper_count() == 0
    assert not (tmp_path / "none.sqlite").exists()


def test_a_read_only_copy_reads_work_still_in_the_wal(tmp_path):
    """A run that crashed (or is running) leaves committed work in the -wal file: a dry run sees it."""
    db = tmp_path / "pb.sqlite"
    live = Store(db)
    live._db.execute("PRAGMA wal_autocheckpoint = 0")
    live.save_digest("t", "2026-11-25", PaperDigest(entry=make_entry("2611.00001")))
    live.mark_post_written("t", "2026-11-25", "/p.md")
    wal = tmp_path / "pb.sqlite-wal"
    assert wal.stat().st_size > 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with Store.read_only_copy(db) as copy:
        assert copy.published_version("2611.00001", "t") == 1
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    live.close()
