"""Stage 6, publish: a post's files written atomically in every format, the report, the site. The only
stage that writes outputs; renderers get records, never the config or the store."""

from __future__ import annotations

from pathlib import Path

from paperbrief.config import Config, TopicConfig
from paperbrief.fsutil import atomic_write_text
from paperbrief.outcome import RunReport
from paperbrief.records import Post
from paperbrief.render.feeds import FeedTopic, write_feeds
from paperbrief.render.outputs import OutputTargets, write_outputs
from paperbrief.render.site import SiteSource, SiteTopic, build_site
from paperbrief.store import Store

__all__ = ["targets_for", "publish_post", "publish_feeds", "write_report", "build_site_from_store", "asset_dir"]


def targets_for(config: Config, topic: TopicConfig) -> OutputTargets:
    return OutputTargets(posts_dir=config.posts_dir, out_dir=config.out_dir, author=config.output.author,
                         formats=tuple(topic.outputs or config.output.formats))


def asset_dir(config: Config, topic: TopicConfig, day: str) -> Path:
    """The folder next to the post where its figures go."""
    return config.posts_dir / f"{day}-{topic.slug}"


def publish_post(post: Post, targets: OutputTargets) -> Path:
    return write_outputs(post, targets)


def publish_feeds(config: Config, store: Store) -> list[Path]:
    """The feeds that accumulate (one Atom and one JSON Feed per topic with the format "feed", and one of each
    for those topics together), rebuilt from every written post in the store: the last ``output.feed_size``
    papers each, ids and dates that do not change with a rebuild."""
    topics = [t for t in config.topics if "feed" in (t.outputs or config.output.formats)]
    if not topics:
        return []
    rows = store.recent_digests([t.slug for t in topics], config.output.feed_size)
    return write_feeds(config.out_dir / "feeds", rows,
                       [FeedTopic(slug=t.slug, name=t.name, language=t.language) for t in topics],
                       author=config.output.author, limit=config.output.feed_size)


def write_report(report: RunReport, out_dir: Path) -> Path:
    return atomic_write_text(out_dir / "report.json", report.model_dump_json(indent=2))


def build_site_from_store(config: Config, store: Store | None = None) -> Path:
    """The static site of every written post in the store (with every version seen of their papers)."""
    own = store is None
    store = store or Store(config.data_dir / "paperbrief.sqlite")
    try:
        papers = store.all_digests()
        versions = store.versions_seen(sorted({d.entry.arxiv_id for _, _, d in papers}))
    finally:
        if own:
            store.close()
    topics = [SiteTopic(slug=t.slug, name=t.name, language=t.language) for t in config.topics]
    return build_site(SiteSource(site_dir=config.site_dir, posts_dir=config.posts_dir, author=config.output.author,
                                 topics=topics, papers=papers, versions=versions))
