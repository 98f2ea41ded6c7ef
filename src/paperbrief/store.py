"""The one storage module: an embedded SQLite database (WAL) with named, append-only migrations.
Only this module speaks SQL.

Papers are keyed by arXiv id without version; every version seen is kept. A post is (topic, announcement
date); the papers it shows are recorded with their version and role (analysed, failed, listed, updated), so a
later run can tell "already shown" from "new version". A paper counts as shown only once its post is written:
papers saved before a crash are published by the run that finishes their window. Windows record, per topic,
each arXiv announcement a run covered and how it ended."""

from __future__ import annotations

import shutil
import sqlite3
from array import array
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from paperbrief.errors import StoreError
from paperbrief.migrations import MIGRATIONS
from paperbrief.outcome import RunReport
from paperbrief.records import ArxivEntry, Extraction, PaperDigest, Score, WindowCounts
from paperbrief.records import Post  # deliveries keep the post they announce

__all__ = ["Store", "MIGRATIONS", "WindowRow", "ShownPaper", "PostRow", "RunRow", "Decision"]
__all__ += ["DeliveryRow", "DELIVERY_ATTEMPTS"]  # deliveries

@dataclass(frozen=True)
class Decision:
    """What a run decided for one paper in one topic's window, and why (``paperbrief explain``)."""

    topic_slug: str
    announced: str
    arxiv_id: str
    version: int
    title: str
    decision: str  # a PaperStatus value, or "excluded"
    rule: str | None
    reason: str | None
    score: Score | None


@dataclass(frozen=True)
class WindowRow:
    """A topic's announcement window as the store remembers it."""

    topic_slug: str
    announced: str
    start: datetime
    end: datetime
    status: str  # "open" (started), "done", or a retried problem: "stale", "unreachable"
    counts: WindowCounts
    attempts: int
    first_attempt: str
    finished: str | None


@dataclass(frozen=True)
class PostRow:
    topic_slug: str
    date: str
    path: str | None
    written: str | None  # when its file was written; None while a run is still filling it


@dataclass(frozen=True)
class RunRow:
    id: int
    started: str
    finished: str | None
    status: str  # "running", "done", "crashed"
    report: RunReport | None


@dataclass(frozen=True)
class ShownPaper:
    """A paper as a topic's written posts showed it last."""

    version: int
    date: str


#: a delivery is tried by the run that published its post and retried by the next run once, then given up
DELIVERY_ATTEMPTS = 2


@dataclass(frozen=True)
class DeliveryRow:
    """One post's delivery to one [[notify]] target."""

    notify: str
    topic_slug: str
    date: str
    status: str  # "pending", "sent", "failed" (retried once by the next run), "given-up"
    attempts: int
    error: str | None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """A SQLite file (or ``":memory:"``). Thread-safe: one connection guarded by a lock."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30)
            self._db.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"The database {self.path} cannot be opened ({exc}).") from None
        self._lock = threading.RLock()
        self.migrate()

    @classmethod
    def read_only_copy(cls, path: str | Path) -> "Store":
        """An in-memory copy of the database at ``path`` (an empty one when there is none), migrated: a dry run
        reads the real state and writes nothing to disk."""
        store = cls(":memory:")
        path = Path(path)
        if not path.exists():
            return store
        wal = path.with_name(path.name + "-wal")
        try:
            with tempfile.TemporaryDirectory(prefix="paperbrief-dry-") as tmp:
                if wal.exists() and wal.stat().st_size:
                    # committed work not yet checkpointed (a crashed or running run): read it from a copy, since
                    # opening the real file, even read-only, creates files next to it
                    src_path = Path(tmp) / path.name
                    shutil.copyfile(path, src_path)
                    shutil.copyfile(wal, Path(tmp) / wal.name)
                    src = sqlite3.connect(str(src_path))
                else:
                    src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
                try:
                    with store._lock:
                        src.backup(store._db)
                finally:
                    src.close()
        except (sqlite3.DatabaseError, OSError) as exc:
            raise StoreError(f"The database {path} cannot be read ({exc}).") from None
        store.migrate()
        return store

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _tx(self):
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                yield self._db
                self._db.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                self._db.execute("ROLLBACK")
                raise StoreError(f"The database {self.path} could not be written ({exc}).") from None
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._db.execute(sql, args).fetchall()
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"The database {self.path} could not be read ({exc}).") from None

    # -- migrations ---------------------------------------------------------------------------------
    def migrate(self) -> list[str]:
        with self._lock:
            try:
                self._db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied TEXT)")
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"{self.path} is not a paperbrief database ({exc}).") from None
            done = {r[0] for r in self._db.execute("SELECT name FROM migrations")}
        applied = []
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            with self._tx() as db:
                for statement in filter(str.strip, sql.split(";")):
                    db.execute(statement)
                db.execute("INSERT INTO migrations VALUES (?, ?)", (name, _now()))
            applied.append(name)
        return applied

    def applied_migrations(self) -> list[str]:
        return [r[0] for r in self._query("SELECT name FROM migrations ORDER BY name")]

    # -- papers ---------------------------------------------------------------------------------------
    def upsert_entry(self, entry: ArxivEntry, topic_slug: str | None = None, topic_name: str | None = None) -> str:
        """Record a paper version. Returns "new", "new-version" or "known"."""
        with self._tx() as db:
            return self._upsert(db, entry, topic_slug, topic_name)

    def _upsert(self, db, entry: ArxivEntry, topic_slug: str | None, topic_name: str | None) -> str:
        row = db.execute("SELECT latest_version FROM papers WHERE arxiv_id = ?", (entry.arxiv_id,)).fetchone()
        if row is None:
            status = "new"
            db.execute("INSERT INTO papers VALUES (?, ?, ?, ?)",
                       (entry.arxiv_id, entry.version, entry.title, _now()))
        elif entry.version > row[0]:
            status = "new-version"
            db.execute("UPDATE papers SET latest_version = ?, title = ? WHERE arxiv_id = ?",
                       (entry.version, entry.title, entry.arxiv_id))
        else:
            status = "known"
        db.execute("INSERT OR REPLACE INTO versions VALUES (?, ?, ?, ?)",
                   (entry.arxiv_id, entry.version, entry.updated.isoformat(), entry.model_dump_json()))
        if topic_slug:
            db.execute("INSERT OR IGNORE INTO topics (slug, name) VALUES (?, ?)", (topic_slug, topic_name or topic_slug))
            db.execute("INSERT OR IGNORE INTO paper_topics VALUES (?, ?)", (entry.arxiv_id, topic_slug))
        return status

    def get_entry(self, arxiv_id: str, version: int | None = None) -> ArxivEntry | None:
        if version is None:
            rows = self._query("SELECT entry_json FROM versions WHERE arxiv_id = ? ORDER BY version DESC LIMIT 1",
                               (arxiv_id,))
        else:
            rows = self._query("SELECT entry_json FROM versions WHERE arxiv_id = ? AND version = ?", (arxiv_id, version))
        return ArxivEntry.model_validate_json(rows[0][0]) if rows else None

    def versions(self, arxiv_id: str) -> list[int]:
        return [r[0] for r in self._query("SELECT version FROM versions WHERE arxiv_id = ? ORDER BY version", (arxiv_id,))]

    def paper_count(self) -> int:
        return self._query("SELECT COUNT(*) FROM papers")[0][0]

    # -- publication ----------------------------------------------------------------------------------
    def published_version(self, arxiv_id: str, topic_slug: str) -> int | None:
        """The highest version of a paper shown in a *written* post of this topic."""
        shown = self.shown_papers(topic_slug, [arxiv_id])
        return shown[arxiv_id].version if arxiv_id in shown else None

    def shown_papers(self, topic_slug: str, ids: list[str] | None = None) -> dict[str, ShownPaper]:
        """Papers shown in the topic's written posts: id -> the highest version shown and its post's date."""
        rows = self._query(
            "SELECT pp.arxiv_id, pp.version, p.date FROM post_papers pp JOIN posts p ON p.id = pp.post_id "
            "WHERE p.topic_slug = ? AND p.written IS NOT NULL ORDER BY pp.version, p.date", (topic_slug,))
        wanted = set(ids) if ids is not None else None
        return {r[0]: ShownPaper(version=r[1], date=r[2]) for r in rows if wanted is None or r[0] in wanted}

    def _post_id(self, db, topic_slug: str, date: str) -> int:
        db.execute("INSERT OR IGNORE INTO topics (slug, name) VALUES (?, ?)", (topic_slug, topic_slug))
        db.execute("INSERT OR IGNORE INTO posts (topic_slug, date) VALUES (?, ?)", (topic_slug, date))
        return db.execute("SELECT id FROM posts WHERE topic_slug = ? AND date = ?", (topic_slug, date)).fetchone()[0]

    def save_digest(self, topic_slug: str, date: str, digest: PaperDigest) -> None:
        """Record one processed paper of a post; saved as soon as it is done, so a crashed run resumes."""
        with self._tx() as db:
            self._upsert(db, digest.entry, topic_slug, None)
            post_id = self._post_id(db, topic_slug, date)
            existing = db.execute("SELECT position FROM post_papers WHERE post_id = ? AND arxiv_id = ?",
                                  (post_id, digest.entry.arxiv_id)).fetchone()
            if existing:
                position = existing[0]
            else:
                position = db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM post_papers WHERE post_id = ?",
                                      (post_id,)).fetchone()[0]
            db.execute("INSERT OR REPLACE INTO post_papers VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (post_id, digest.entry.arxiv_id, digest.entry.version, position, int(digest.is_update),
                        digest.model_dump_json(), digest.status.value))

    def post_digests(self, topic_slug: str, date: str) -> list[PaperDigest]:
        rows = self._query(
            "SELECT pp.digest_json FROM post_papers pp JOIN posts p ON p.id = pp.post_id "
            "WHERE p.topic_slug = ? AND p.date = ? ORDER BY pp.position", (topic_slug, date))
        return [PaperDigest.model_validate_json(r[0]) for r in rows]

    def mark_post_written(self, topic_slug: str, date: str, path: str) -> None:
        with self._tx() as db:
            post_id = self._post_id(db, topic_slug, date)
            db.execute("UPDATE posts SET path = ?, written = ? WHERE id = ?", (path, _now(), post_id))

    # -- announcement windows -------------------------------------------------------------------------
    def open_window(self, topic_slug: str, topic_name: str, announced: str, start: datetime, end: datetime) -> None:
        """Record that a run started on a window (a done window stays done)."""
        now = _now()
        with self._tx() as db:
            db.execute("INSERT OR IGNORE INTO topics (slug, name) VALUES (?, ?)", (topic_slug, topic_name))
            db.execute(
                "INSERT INTO windows (topic_slug, announced, start_utc, end_utc, status, attempts, first_attempt, "
                "last_attempt) VALUES (?, ?, ?, ?, 'open', 1, ?, ?) ON CONFLICT (topic_slug, announced) DO UPDATE "
                "SET attempts = attempts + 1, last_attempt = excluded.last_attempt, "
                "status = CASE status WHEN 'done' THEN 'done' ELSE 'open' END",
                (topic_slug, announced, start.isoformat(), end.isoformat(), now, now))

    def set_window_status(self, topic_slug: str, announced: str, status: str, counts: WindowCounts) -> None:
        """A window that ended without a post: "done" (a normal empty day) or a problem to retry."""
        with self._tx() as db:
            db.execute("UPDATE windows SET status = ?, counts_json = ?, finished = ? WHERE topic_slug = ? "
                       "AND announced = ?", (status, counts.model_dump_json(), _now() if status == "done" else None,
                                             topic_slug, announced))

    def complete_window(self, topic_slug: str, announced: str, counts: WindowCounts, post_path: str) -> None:
        """The post is on disk: mark it written and the window done, in one transaction."""
        now = _now()
        with self._tx() as db:
            post_id = self._post_id(db, topic_slug, announced)
            db.execute("UPDATE posts SET path = ?, written = ? WHERE id = ?", (post_path, now, post_id))
            db.execute("UPDATE windows SET status = 'done', counts_json = ?, finished = ? WHERE topic_slug = ? "
                       "AND announced = ?", (counts.model_dump_json(), now, topic_slug, announced))

    def windows(self, topic_slug: str) -> list[WindowRow]:
        rows = self._query("SELECT topic_slug, announced, start_utc, end_utc, status, counts_json, attempts, "
                           "first_attempt, finished FROM windows WHERE topic_slug = ? ORDER BY announced",
                           (topic_slug,))
        return [WindowRow(topic_slug=r[0], announced=r[1], start=datetime.fromisoformat(r[2]),
                          end=datetime.fromisoformat(r[3]), status=r[4],
                          counts=WindowCounts.model_validate_json(r[5]) if r[5] else WindowCounts(),
                          attempts=r[6], first_attempt=r[7], finished=r[8]) for r in rows]

    def posts(self, topic_slug: str | None = None) -> list[PostRow]:
        sql = "SELECT topic_slug, date, path, written FROM posts"
        args: tuple = ()
        if topic_slug:
            sql += " WHERE topic_slug = ?"
            args = (topic_slug,)
        return [PostRow(*r) for r in self._query(sql + " ORDER BY date, topic_slug", args)]

    def all_digests(self) -> list[tuple[str, str, PaperDigest]]:
        """Every paper of every written post: (topic slug, post date, digest), newest post first."""
        rows = self._query(
            "SELECT p.topic_slug, p.date, pp.digest_json FROM post_papers pp JOIN posts p ON p.id = pp.post_id "
            "WHERE p.written IS NOT NULL ORDER BY p.date DESC, p.topic_slug, pp.position")
        return [(r[0], r[1], PaperDigest.model_validate_json(r[2])) for r in rows]

    def recent_digests(self, topic_slugs: list[str], per_topic: int) -> list[tuple[str, str, PaperDigest]]:
        """What feeds of ``per_topic`` papers show, in ``all_digests``' order: each topic's rows until it has
        ``per_topic`` distinct papers, without an older post's copy of a paper. Rows are read newest first and
        only the kept ones are parsed, so a run's feeds cost the same after a year as after a week."""
        if not topic_slugs:
            return []
        seen: dict[str, set[str]] = {slug: set() for slug in topic_slugs}
        kept: list[tuple[str, str, str]] = []
        sql = ("SELECT p.topic_slug, p.date, pp.arxiv_id, pp.digest_json FROM post_papers pp JOIN posts p "
               f"ON p.id = pp.post_id WHERE p.written IS NOT NULL AND p.topic_slug IN ({', '.join('?' * len(seen))}) "
               "ORDER BY p.date DESC, p.topic_slug, pp.position")
        with self._lock:
            try:
                for slug, day, arxiv_id, raw in self._db.execute(sql, tuple(seen)):
                    ids = seen[slug]
                    if arxiv_id in ids or len(ids) >= per_topic:
                        continue
                    ids.add(arxiv_id)
                    kept.append((slug, day, raw))
                    if all(len(v) >= per_topic for v in seen.values()):
                        break
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"The database {self.path} could not be read ({exc}).") from None
        return [(slug, day, PaperDigest.model_validate_json(raw)) for slug, day, raw in kept]

    # -- the static site (read-only queries; render/site.py) ------------------------------------------
    def versions_seen(self, arxiv_ids: list[str] | None = None) -> dict[str, list[tuple[int, str]]]:
        """Every version seen of each paper (all papers, or ``arxiv_ids``): id -> [(version, updated ISO)],
        oldest first."""
        rows = self._query("SELECT arxiv_id, version, updated FROM versions ORDER BY arxiv_id, version")
        wanted = set(arxiv_ids) if arxiv_ids is not None else None
        out: dict[str, list[tuple[int, str]]] = {}
        for arxiv_id, version, updated in rows:
            if wanted is None or arxiv_id in wanted:
                out.setdefault(arxiv_id, []).append((version, updated))
        return out
    # -- end of the static site's queries ---------------------------------------------------------------

    # -- ranking: decisions, likes, embedding vectors ---------------------------------------------------------
    def save_decisions(self, decisions: list[Decision]) -> None:
        with self._tx() as db:
            db.executemany(
                "INSERT OR REPLACE INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(d.topic_slug, d.announced, d.arxiv_id, d.version, d.title, d.decision, d.rule, d.reason,
                  d.score.model_dump_json() if d.score else None) for d in decisions])

    def decisions(self, topic_slug: str, arxiv_id: str) -> list[Decision]:
        """Every window's decision for a paper in a topic, oldest first."""
        rows = self._query("SELECT topic_slug, announced, arxiv_id, version, title, decision, rule, reason, score_json "
                           "FROM decisions WHERE topic_slug = ? AND arxiv_id = ? ORDER BY announced",
                           (topic_slug, arxiv_id))
        return [Decision(*r[:8], score=Score.model_validate_json(r[8]) if r[8] else None) for r in rows]

    def like(self, topic_slug: str, arxiv_id: str, title: str, abstract: str) -> bool:
        """Add a paper to the topic's library; False when it was there already."""
        with self._tx() as db:
            cur = db.execute("INSERT OR IGNORE INTO likes VALUES (?, ?, ?, ?, ?)",
                             (topic_slug, arxiv_id, title, abstract, _now()))
            return cur.rowcount == 1

    def unlike(self, topic_slug: str, arxiv_id: str) -> bool:
        with self._tx() as db:
            return db.execute("DELETE FROM likes WHERE topic_slug = ? AND arxiv_id = ?",
                              (topic_slug, arxiv_id)).rowcount == 1

    def likes(self, topic_slug: str) -> list[tuple[str, str, str]]:
        """(arXiv id, title, abstract) of the papers liked in a topic, in the order they were liked."""
        return [tuple(r) for r in self._query("SELECT arxiv_id, title, abstract FROM likes WHERE topic_slug = ? "
                                              "ORDER BY added, arxiv_id", (topic_slug,))]

    def get_vectors(self, model: str, keys: list[str]) -> dict[str, list[float]]:
        out: dict[str, list[float]] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            rows = self._query(f"SELECT key, vector FROM vectors WHERE model = ? AND key IN "
                               f"({', '.join('?' * len(chunk))})", (model, *chunk))
            for key, blob in rows:
                vec = array("f")
                vec.frombytes(blob)
                out[key] = vec.tolist()
        return out

    def put_vectors(self, model: str, items: dict[str, list[float]]) -> None:
        with self._tx() as db:
            db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)",
                           [(k, model, len(v), array("f", v).tobytes()) for k, v in items.items()])

    # -- extraction results ----------------------------------------------------------------------------
    def save_extraction(self, arxiv_id: str, version: int, result: Extraction | None, error: str | None = None) -> None:
        with self._tx() as db:
            db.execute("INSERT OR REPLACE INTO extractions VALUES (?, ?, ?, ?, ?)",
                       (arxiv_id, version, result.model_dump_json() if result else None, error, _now()))

    def get_extraction(self, arxiv_id: str, version: int) -> tuple[Extraction | None, str | None] | None:
        rows = self._query("SELECT result_json, error FROM extractions WHERE arxiv_id = ? AND version = ?",
                           (arxiv_id, version))
        if not rows:
            return None
        result_json, error = rows[0]
        return (Extraction.model_validate_json(result_json) if result_json else None, error)

    # -- LLM cache (keyed by model + prompt hash; the llm package builds the key) -------------------------
    def cache_get(self, key: str) -> str | None:
        rows = self._query("SELECT value FROM llm_cache WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def cache_put(self, key: str, model: str, value: str) -> None:
        with self._tx() as db:
            db.execute("INSERT OR REPLACE INTO llm_cache VALUES (?, ?, ?, ?)", (key, model, value, _now()))

    # -- runs -----------------------------------------------------------------------------------------
    def start_run(self) -> int:
        with self._tx() as db:
            cur = db.execute("INSERT INTO runs (started, status) VALUES (?, 'running')", (_now(),))
            return cur.lastrowid

    def finish_run(self, run_id: int, report: RunReport, status: str = "ok") -> None:
        with self._tx() as db:
            db.execute("UPDATE runs SET finished = ?, status = ?, report_json = ? WHERE id = ?",
                       (_now(), status, report.model_dump_json(), run_id))

    def runs(self) -> list[RunRow]:
        rows = self._query("SELECT id, started, finished, status, report_json FROM runs ORDER BY id")
        return [RunRow(id=r[0], started=r[1], finished=r[2], status=r[3],
                       report=RunReport.model_validate_json(r[4]) if r[4] else None) for r in rows]

    # -- deliveries ([[notify]]; paperbrief.run.deliver) ------------------------------------------------------
    # A post is queued for each of its targets when it is written; a target's row is never queued twice, so a
    # sent post is never sent again and a given-up one never retried. The post itself is kept as announced.
    def queue_delivery(self, notify_keys: list[str], post: Post) -> None:
        if not notify_keys:
            return
        with self._tx() as db:
            db.execute("INSERT OR REPLACE INTO delivery_posts VALUES (?, ?, ?)",
                       (post.slug, post.date, post.model_dump_json()))
            db.executemany("INSERT OR IGNORE INTO deliveries (notify, topic_slug, date, status, attempts, queued) "
                           "VALUES (?, ?, ?, 'pending', 0, ?)",
                           [(key, post.slug, post.date, _now()) for key in notify_keys])

    def due_deliveries(self, notify: str, topic_slugs: list[str]) -> list[tuple[DeliveryRow, Post]]:
        """The posts still to send to a target (pending, or failed once), oldest first."""
        rows = self._query(
            "SELECT d.notify, d.topic_slug, d.date, d.status, d.attempts, d.error, p.post_json FROM deliveries d "
            "JOIN delivery_posts p ON p.topic_slug = d.topic_slug AND p.date = d.date WHERE d.notify = ? "
            f"AND d.status IN ('pending', 'failed') AND d.topic_slug IN ({', '.join('?' * len(topic_slugs))}) "
            "ORDER BY d.date, d.topic_slug", (notify, *topic_slugs))
        return [(DeliveryRow(*r[:6]), Post.model_validate_json(r[6])) for r in rows]

    def record_delivery(self, notify: str, posts: list[tuple[str, str]], error: str | None) -> str:
        """The outcome of one attempt for (topic slug, date) posts: "sent", or "failed" / "given-up" after
        ``DELIVERY_ATTEMPTS`` attempts. Returns the new status."""
        status = "sent" if error is None else "failed"
        with self._tx() as db:
            for slug, day in posts:
                db.execute("UPDATE deliveries SET attempts = attempts + 1, last_attempt = ?, error = ?, status = "
                           "CASE WHEN ? = 'sent' THEN 'sent' WHEN attempts + 1 >= ? THEN 'given-up' ELSE 'failed' "
                           "END WHERE notify = ? AND topic_slug = ? AND date = ?",
                           (_now(), error, status, DELIVERY_ATTEMPTS, notify, slug, day))
            if error is not None:  # "failed" while any of them is still to be retried
                ended = {db.execute("SELECT status FROM deliveries WHERE notify = ? AND topic_slug = ? AND date = ?",
                                    (notify, slug, day)).fetchone()[0] for slug, day in posts}
                status = "failed" if "failed" in ended or not ended else "given-up"
        return status

    def deliveries(self, notify: str | None = None) -> list[DeliveryRow]:
        sql = "SELECT notify, topic_slug, date, status, attempts, error FROM deliveries"
        args: tuple = ()
        if notify is not None:
            sql, args = sql + " WHERE notify = ?", (notify,)
        return [DeliveryRow(*r) for r in self._query(sql + " ORDER BY date, topic_slug, notify", args)]

    # -- measured LLM speed (``paperbrief model list``) ----------------------------------------------------------
    def llm_usage_by_model(self) -> list[tuple[str, int, int, int, int, float]]:
        """Per model name, the papers its real LLM calls analysed (answers from the cache and calls that
        returned no token left out) and their sums: ``(model, papers, calls, tokens_in, tokens_out, seconds)``,
        by name. Read-only."""
        rows = self._query(
            "SELECT json_extract(digest_json, '$.outcome.model') AS model, COUNT(*), "
            "SUM(json_extract(digest_json, '$.outcome.calls')), SUM(json_extract(digest_json, '$.outcome.tokens_in')), "
            "SUM(json_extract(digest_json, '$.outcome.tokens_out')), "
            "SUM(json_extract(digest_json, '$.outcome.seconds')) FROM post_papers "
            "WHERE json_extract(digest_json, '$.outcome.calls') > 0 "
            "AND json_extract(digest_json, '$.outcome.tokens_out') > 0 "
            "AND json_extract(digest_json, '$.outcome.seconds') > 0 AND model IS NOT NULL "
            "GROUP BY model ORDER BY model")
        return [(r[0], int(r[1]), int(r[2]), int(r[3]), int(r[4]), float(r[5])) for r in rows]
