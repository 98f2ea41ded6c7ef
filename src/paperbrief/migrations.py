"""The database's schema, as named migrations (``store`` applies them in order, each once, and records it)."""

from __future__ import annotations

__all__ = ["MIGRATIONS"]

# Append-only: never edit or reorder an applied migration; add a new one.
MIGRATIONS: list[tuple[str, str]] = [
    ("0001_initial", """
        CREATE TABLE papers (
            arxiv_id TEXT PRIMARY KEY,
            latest_version INTEGER NOT NULL,
            title TEXT NOT NULL,
            first_seen TEXT NOT NULL
        );
        CREATE TABLE versions (
            arxiv_id TEXT NOT NULL REFERENCES papers(arxiv_id),
            version INTEGER NOT NULL,
            updated TEXT NOT NULL,
            entry_json TEXT NOT NULL,
            PRIMARY KEY (arxiv_id, version)
        );
        CREATE TABLE topics (
            slug TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            last_run TEXT
        );
        CREATE TABLE paper_topics (
            arxiv_id TEXT NOT NULL REFERENCES papers(arxiv_id),
            topic_slug TEXT NOT NULL REFERENCES topics(slug),
            PRIMARY KEY (arxiv_id, topic_slug)
        );
        CREATE TABLE posts (
            id INTEGER PRIMARY KEY,
            topic_slug TEXT NOT NULL REFERENCES topics(slug),
            date TEXT NOT NULL,
            path TEXT,
            written TEXT,
            UNIQUE (topic_slug, date)
        );
        CREATE TABLE post_papers (
            post_id INTEGER NOT NULL REFERENCES posts(id),
            arxiv_id TEXT NOT NULL REFERENCES papers(arxiv_id),
            version INTEGER NOT NULL,
            position INTEGER NOT NULL,
            is_update INTEGER NOT NULL DEFAULT 0,
            digest_json TEXT NOT NULL,
            PRIMARY KEY (post_id, arxiv_id)
        );
        CREATE TABLE extractions (
            arxiv_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            result_json TEXT,
            error TEXT,
            created TEXT NOT NULL,
            PRIMARY KEY (arxiv_id, version)
        );
        CREATE TABLE llm_cache (
            key TEXT PRIMARY KEY,
            model TEXT NOT NULL,
            value TEXT NOT NULL,
            created TEXT NOT NULL
        );
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started TEXT NOT NULL,
            finished TEXT,
            status TEXT NOT NULL,
            report_json TEXT
        );
    """),
    ("0002_windows", """
        ALTER TABLE post_papers ADD COLUMN role TEXT NOT NULL DEFAULT 'analysed';
        CREATE TABLE windows (
            topic_slug TEXT NOT NULL REFERENCES topics(slug),
            announced TEXT NOT NULL,
            start_utc TEXT NOT NULL,
            end_utc TEXT NOT NULL,
            status TEXT NOT NULL,
            counts_json TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            first_attempt TEXT NOT NULL,
            last_attempt TEXT NOT NULL,
            finished TEXT,
            PRIMARY KEY (topic_slug, announced)
        );
    """),
    ("0003_ranking", """
        CREATE TABLE decisions (
            topic_slug TEXT NOT NULL,
            announced TEXT NOT NULL,
            arxiv_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            title TEXT NOT NULL,
            decision TEXT NOT NULL,
            rule TEXT,
            reason TEXT,
            score_json TEXT,
            PRIMARY KEY (topic_slug, announced, arxiv_id)
        );
        CREATE TABLE likes (
            topic_slug TEXT NOT NULL,
            arxiv_id TEXT NOT NULL,
            title TEXT NOT NULL,
            abstract TEXT NOT NULL,
            added TEXT NOT NULL,
            PRIMARY KEY (topic_slug, arxiv_id)
        );
        CREATE TABLE vectors (
            key TEXT NOT NULL,
            model TEXT NOT NULL,
            dim INTEGER NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (key, model)
        );
    """),
    # deliveries ([[notify]]): the post as announced (so a retry sends the same papers), and per delivery target
    # and post its state: "pending", "sent", "failed" (the next run retries once), "given-up"
    ("0004_deliveries", """
        CREATE TABLE delivery_posts (
            topic_slug TEXT NOT NULL,
            date TEXT NOT NULL,
            post_json TEXT NOT NULL,
            PRIMARY KEY (topic_slug, date)
        );
        CREATE TABLE deliveries (
            notify TEXT NOT NULL,
            topic_slug TEXT NOT NULL,
            date TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            queued TEXT NOT NULL,
            last_attempt TEXT,
            PRIMARY KEY (notify, topic_slug, date)
        );
    """),
]
