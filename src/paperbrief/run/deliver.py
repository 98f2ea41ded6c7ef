"""Stage 7, deliver: the run's new posts to every [[notify]] target (e-mail, Slack, Discord, Feishu, a webhook).

A post is queued in the store for each target that wants its topic as soon as it is written (``queue``); after
the run's posts, ``send`` sends what is due per target: this run's posts and the ones a previous run failed to
send (retried once, then given up). A failure is one sentence in the log and the report; the post stays
written, nothing is lost, and a sent post is never sent again."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from paperbrief.config import CHAT_KINDS, Config, NotifyConfig
from paperbrief.deliver.chat import chat_payloads, post_payloads
from paperbrief.deliver.email import build_email, send_email
from paperbrief.deliver.messages import build_message
from paperbrief.errors import DeliveryError
from paperbrief.outcome import DeliveryReport, RunReport
from paperbrief.records import Post
from paperbrief.store import DELIVERY_ATTEMPTS, DeliveryRow, Store

__all__ = ["Deliveries", "send_one"]

log = logging.getLogger("paperbrief")


def send_one(notify: NotifyConfig, posts: list[Post], config: Config,
             sleep: Callable[[float], None] = time.sleep) -> int:
    """One message (e-mail or chat) announcing ``posts``; returns how many e-mails or chat messages went out.
    Raises ``DeliveryError``."""
    message = build_message(posts, notify.figures_url)
    if notify.kind == "email":
        send_email(build_email(message, notify, config.posts_dir), notify)
        return 1
    if notify.kind not in CHAT_KINDS:
        raise DeliveryError(f"unknown delivery kind {notify.kind!r}")
    url = os.environ.get(notify.url_env or "", "").strip()
    if not url:
        raise DeliveryError(f"the environment variable {notify.url_env} (the {notify.kind} webhook URL) is not set")
    return post_payloads(notify.kind, url, chat_payloads(notify.kind, message), retries=notify.max_retries,
                         backoff=notify.backoff_seconds, timeout=notify.timeout_seconds, sleep=sleep)


def _groups(notify: NotifyConfig, due: list[tuple[DeliveryRow, Post]]) -> list[list[tuple[DeliveryRow, Post]]]:
    """The messages a target gets: one per post ("window"), per topic ("topic") or one digest ("run")."""
    if notify.group == "run":
        return [due] if due else []
    if notify.group == "topic":
        by_topic: dict[str, list[tuple[DeliveryRow, Post]]] = {}
        for item in due:
            by_topic.setdefault(item[1].slug, []).append(item)
        return list(by_topic.values())
    return [[item] for item in due]


@dataclass
class Deliveries:
    """The deliver stage of one run."""

    config: Config
    store: Store
    report: RunReport
    topic_slugs: list[str]
    sleep: Callable[[float], None] = time.sleep
    queued: int = field(default=0)

    def queue(self, post: Post) -> None:
        """Record that ``post`` is to be sent to every target that wants its topic (before any is tried)."""
        keys = [n.key for n in self.config.notify if n.wants(post.topic)]
        self.store.queue_delivery(keys, post)
        self.queued += len(keys)

    def send(self) -> None:
        """Send what is due to every target; failures end in the report, never as an exception."""
        t0 = time.perf_counter()
        count = 0
        for notify in self.config.notify:
            slugs = [s for s in self.topic_slugs if notify.wants(s)]
            due = self.store.due_deliveries(notify.key, slugs) if slugs else []
            for group in _groups(notify, due):
                self._send_group(notify, group)
                count += 1
        if count:
            self.report.stage("deliver", time.perf_counter() - t0, count)

    def _send_group(self, notify: NotifyConfig, group: list[tuple[DeliveryRow, Post]]) -> None:
        posts = [p for _, p in group]
        attempt = max(row.attempts for row, _ in group) + 1
        entry = DeliveryReport(notify=notify.key, kind=notify.kind, posts=[f"{p.slug} {p.date}" for p in posts],
                               papers=[d.entry.versioned_id for p in posts for d in p.all_papers], attempt=attempt)
        error = None
        try:
            entry.messages = send_one(notify, posts, self.config, self.sleep)
        except DeliveryError as exc:
            error = str(exc).rstrip(".")
        except Exception as exc:  # a bug in one target must not lose the others or the run's report
            error = f"unexpected {type(exc).__name__}: {' '.join(str(exc).split())[:200]}"
        entry.status = self.store.record_delivery(notify.key, [(p.slug, p.date) for p in posts], error)
        entry.error = error
        self.report.deliveries.append(entry)
        what = ", ".join(entry.posts)
        if error is None:
            log.info(f"delivered {what} to {notify.key} ({entry.messages} message(s), {len(entry.papers)} papers)")
        elif entry.status == "given-up":
            log.warning(f"delivery to {notify.key} of {what} failed again: {error}; given up after "
                        f"{DELIVERY_ATTEMPTS} attempts")
        else:
            log.warning(f"delivery to {notify.key} of {what} failed: {error}; the next run tries it once more")
