"""The store on a real SQLite file: migrations, versions, publication, cache, runs."""

from __future__ import annotations

import sqlite3

import pytest

from paperbrief.errors import StoreError
from paperbrief.records import PaperDigest, RunReport
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
        assert s.published_version("2611.00001", "diff", "2026-11-25") == 1
        assert s.published_version("2611.00001", "diff", "2026-11-24") is None  # same day is not "earlier"
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
        s.finish_run(rid, RunReport(started="now", found=3), "ok")
        assert s.runs()[-1]["report"]["found"] == 3


def test_failed_transaction_leaves_nothing(tmp_path):
    with Store(tmp_path / "pb.sqlite") as s:
        with pytest.raises(RuntimeError):
            with s._tx() as db:
                db.execute("INSERT INTO llm_cache VALUES ('k', 'm', 'v', 'now')")
                raise RuntimeError("crash mid-write")
        assert s.cache_get("k") is None
