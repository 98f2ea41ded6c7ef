"""A topic's liked papers: ``paperbrief like/unlike`` and the site's "keep" button (under ``site serve``) both
come here. The liked papers join the topic's library, which steers its ranking."""

from __future__ import annotations

from paperbrief.config import Config, TopicConfig
from paperbrief.errors import ConfigError
from paperbrief.sources.atom import split_id
from paperbrief.store import Store

__all__ = ["like_paper", "unlike_paper", "site_like_handler"]


def like_paper(store: Store, topic: TopicConfig, ref: str, client=None) -> str:
    """Add a paper (known to the store, else looked up on arXiv with ``client``); returns one sentence."""
    arxiv_id, _ = split_id(ref)
    entry = store.get_entry(arxiv_id)
    if entry is None:
        if client is None:
            raise ConfigError(f"{arxiv_id} is not a paper this site has shown.")
        entry = client.get(arxiv_id)
        store.upsert_entry(entry)
    added = store.like(topic.slug, arxiv_id, entry.title, entry.abstract)
    count = len(store.likes(topic.slug))
    return (f"{'liked' if added else 'already liked'}: {entry.title} ({arxiv_id}) in {topic.name}; library: "
            f"{count} liked paper(s) and the config's library")


def unlike_paper(store: Store, topic: TopicConfig, ref: str) -> str:
    arxiv_id, _ = split_id(ref)
    removed = store.unlike(topic.slug, arxiv_id)
    return (f"{'removed' if removed else 'not in the library:'} {arxiv_id} ({topic.name}); library: "
            f"{len(store.likes(topic.slug))} liked paper(s)")


def site_like_handler(config: Config):
    """What ``site serve`` calls when a paper page's "keep" button is pressed."""

    def on_like(topic_slug: str, ref: str) -> str:
        topic = next((t for t in config.topics if t.slug == topic_slug), None)
        if topic is None:
            raise ConfigError(f"No topic {topic_slug!r} in the config.")
        with Store(config.data_dir / "paperbrief.sqlite") as store:
            return like_paper(store, topic, ref)

    return on_like
