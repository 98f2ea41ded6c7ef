"""A run: every configured topic, every announcement window it has not finished, one post per window.

    fetch -> select -> extract -> analyse -> assemble -> publish      (per topic and window)
    deliver                                                            (the run's posts, per [[notify]])

Each stage is its own module and passes typed records; this module only sequences them, keeps the lock,
saves progress so an interrupted run is finished by the next one, and fills the report."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from paperbrief import faultpoints
from paperbrief.calendar import DEFAULT_HOLIDAYS, ArxivCalendar, Window
from paperbrief.config import Config, TopicConfig
from paperbrief.errors import (ArxivRejected, ArxivUnavailable, ConfigError, LLMUnavailable, ModelMissing,
                               OutputError, PaperbriefError, SourceError)
from paperbrief.lock import RunLock
from paperbrief.outcome import CheckFailure, CheckRecord, RunReport, WindowReport, WindowStatus
from paperbrief.records import PaperDigest, PaperStatus
from paperbrief.run.assemble import assemble_post
from paperbrief.run.deliver import Deliveries
from paperbrief.run.fetch import fetch_window, late_start
from paperbrief.run.papers import PaperWork, arxiv_only_digest, version_changes
from paperbrief.run.plan import plan_topic, usually_has_papers
from paperbrief.run.publish import asset_dir, publish_feeds, publish_post, targets_for, write_report
from paperbrief.rank.library import LibraryPaper
from paperbrief.run.rankstage import decisions, paper_line, resolve_library
from paperbrief.run.select import Selection, select_papers
from paperbrief.store import Store

__all__ = ["RunOptions", "RunResult", "run_digest"]

log = logging.getLogger("paperbrief")
Progress = Callable[..., None]  # (stage, done, total, info="")


@dataclass
class RunOptions:
    topics: list[str] | None = None  # names; default every configured topic
    since: date | None = None  # backfill: windows announced on these Eastern dates
    until: date | None = None
    dry_run: bool = False  # fetch and select only; nothing written anywhere
    wait: bool = False  # wait for a run holding the lock instead of exiting with code 4
    now: datetime | None = None  # the clock (tests); default the real time


@dataclass
class RunResult:
    report: RunReport
    posts: list[Path] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return self.report.exit_code


def _utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def run_digest(config: Config, options: RunOptions | None = None, *, client=None, backend=None,
               progress: Progress | None = None) -> RunResult:
    """Run every topic (or ``options.topics``). Raises ``RunLocked`` when another run holds the data folder,
    ``ConfigError`` for a bad option; arXiv trouble and failed papers end in the report and its exit code."""
    options = options or RunOptions()
    topics = [config.topic(name) for name in options.topics] if options.topics else list(config.topics)
    db = config.data_dir / "paperbrief.sqlite"
    if options.dry_run:
        with Store.read_only_copy(db) as store:
            return _Run(config, options, store, client, backend, progress).execute(topics)
    if backend is None:  # a missing or damaged model, a missing key: said before any work, exit 2
        from paperbrief.llm import make_backend

        made = make_backend(config.llm)
        if hasattr(made, "close"):
            made.close()
    with _writing("the data folder"):
        config.data_dir.mkdir(parents=True, exist_ok=True)
    with RunLock(config.data_dir, wait=options.wait, on_wait=log.warning), Store(db) as store:
        return _Run(config, options, store, client, backend, progress).execute(topics)


@contextmanager
def _writing(what: str):
    """An ``OSError`` while writing outputs (disk full, a file where a folder should be, no permission) becomes
    one clear ``OutputError``: the window is not marked done, so the next run writes it."""
    try:
        yield
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        raise OutputError(f"Could not write {what}{where}: {exc.strerror or exc}. Earlier posts are intact; "
                          "the next run writes this one.") from None


class _Run:
    def __init__(self, config: Config, options: RunOptions, store: Store, client, backend, progress):
        from paperbrief.llm import TokenBudget

        self.config, self.options, self.store = config, options, store
        self.calendar = ArxivCalendar(DEFAULT_HOLIDAYS | set(config.schedule.holidays))
        self.now = options.now or datetime.now(timezone.utc)
        self.report = RunReport(started=_utcnow(), now=self.now.isoformat(timespec="seconds"),
                                dry_run=options.dry_run)
        self._own_client = client is None
        if client is None:
            from paperbrief.sources.arxiv import ArxivClient

            client = ArxivClient(config.arxiv)
        self.client = client
        self._backend = backend
        self._own_backend = backend is None
        self.progress = progress or (lambda *args, **kw: None)
        self.budget = TokenBudget(limit=config.llm.run_token_budget)
        self.work = PaperWork(config=config, store=store, client=client, backend_factory=self.backend,
                              report=self.report)
        self.unreachable: str | None = None
        self.posts: list[Path] = []
        self._embedder = None
        self.deliveries: Deliveries | None = None

    def backend(self):
        """The LLM backend, made on first use (the embedded model loads on its first call)."""
        if self._backend is None:
            from paperbrief.llm import make_backend

            self._backend = make_backend(self.config.llm)
        return self._backend

    # -- the run ----------------------------------------------------------------------------------------
    def execute(self, topics: list[TopicConfig]) -> RunResult:
        self.report.topics = [t.name for t in topics]
        run_id = None if self.options.dry_run else self.store.start_run()
        self.report.run_id = run_id
        status, failure = "crashed", None
        if self.config.notify and not self.options.dry_run:
            self.deliveries = Deliveries(self.config, self.store, self.report, [t.slug for t in topics])
        elif self.config.notify:
            self.report.notes.append("deliveries: none sent (dry run)")
        try:
            for topic in topics:
                self._topic(topic)
            if run_id is not None:  # rebuilt from the store on every run: a feed a failed run left is mended
                with _writing("the feeds"):
                    publish_feeds(self.config, self.store)
            if self.deliveries is not None:  # after every post is written; failures end in the report
                self.deliveries.send()
            status = "done"
        except PaperbriefError as exc:  # the report records the exit code the run ends with
            failure = exc
            raise
        finally:
            self.report.finished = _utcnow()
            if self._backend is not None:
                self.report.model = self.report.model or getattr(self._backend, "name", None)
            self.report.settle_exit_code()
            if failure is not None:
                self.report.exit_code = failure.exit_code
            if run_id is not None:
                self.store.finish_run(run_id, self.report, status)
                try:
                    write_report(self.report, self.config.out_dir)
                except OSError as exc:  # a full disk: the run's own error says so; the database has the report
                    log.warning(f"could not write report.json ({exc.strerror or exc})")
            self.work.close()
            if self._own_client:
                self.client.close()
            if self._own_backend and self._backend is not None and hasattr(self._backend, "close"):
                self._backend.close()
        return RunResult(report=self.report, posts=self.posts)

    def _topic(self, topic: TopicConfig) -> None:
        sched = self.config.schedule
        rows = self.store.windows(topic.slug)
        plan = plan_topic(self.calendar, rows, self.now, since=self.options.since, until=self.options.until,
                          lookback_days=sched.lookback_days, retry_days=sched.retry_days)
        self.report.notes += [f"{topic.name}: {n}" for n in plan.notes]
        for w in plan.expired:
            row = next(r for r in rows if r.announced == w.key)
            self.store.set_window_status(topic.slug, w.key, "done", row.counts)
            self.report.warnings.append(f"{topic.name}: gave up on the announcement of {w.key} after "
                                        f"{sched.retry_days} days of retries ({row.status})")
        starts = [r.start for r in rows] + [w.start for w in plan.windows]
        tracking_start = min(starts) if starts else self.now
        usual = usually_has_papers(rows)
        ranker = self._ranker(topic) if plan.windows else None
        for w in plan.windows:
            wr = WindowReport(topic=topic.name, topic_slug=topic.slug, announced=w.key,
                              start=w.start.isoformat(), end=w.end.isoformat())
            self.report.windows.append(wr)
            if self.unreachable:
                wr.status = WindowStatus.NOT_FETCHED
                wr.warnings.append("not fetched: a service (arXiv or the LLM) was unreachable earlier in this run; "
                                   "the next run does it")
                continue
            self._window(topic, w, wr, tracking_start, usual, ranker)

    def _ranker(self, topic: TopicConfig):
        """The topic's ranker: its library (the config's and the liked papers, resolved to titles and abstracts)
        and, when the topic turns them on, the embedding model."""
        from paperbrief.rank import Ranker
        from paperbrief.rank.library import load_library

        t0 = time.perf_counter()
        library = resolve_library(load_library(topic.library, self.config.base_dir), self.store, self.client,
                                  self.report.warnings)
        seen = {p.arxiv_id for p in library if p.arxiv_id}
        library += [LibraryPaper(arxiv_id=i, title=t, abstract=a) for i, t, a in self.store.likes(topic.slug)
                    if i not in seen]
        embedder = None
        if topic.embeddings:
            if self._embedder is None:
                from paperbrief.rank.embed import Embedder

                self._embedder = Embedder()
            embedder = self._embedder
        self.report.stage("rank", time.perf_counter() - t0, 0)
        return Ranker(topic, library=library, embedder=embedder, vectors=self.store)

    def _window(self, topic: TopicConfig, w: Window, wr: WindowReport, tracking_start: datetime,
                usual: bool, ranker) -> None:
        store = self.store
        store.open_window(topic.slug, topic.name, w.key, w.start, w.end)
        self.progress("fetch", 0, 1, f"{topic.name} {w.key}")
        try:
            fetched = fetch_window(self.client, topic, w, late_days=self.config.schedule.late_days)
        except (ArxivUnavailable, ArxivRejected) as exc:  # the window stays open: the next run asks again
            self.unreachable = str(exc)
            wr.status = WindowStatus.UNREACHABLE
            wr.warnings.append(str(exc))
            store.set_window_status(topic.slug, w.key, "unreachable", wr.counts())
            return
        except SourceError as exc:
            raise ConfigError(f"arXiv refused the query of topic {topic.name!r}: {exc}") from None
        faultpoints.reached("fetch")
        self.report.stage("fetch", fetched.seconds)
        self.progress("fetch", 1, 1, f"{topic.name} {w.key}: {len(fetched.entries)} papers")
        wr.query, wr.returned = fetched.query, len(fetched.entries)
        wr.warnings += [f"arXiv sent an entry that could not be read: {s}" for s in fetched.skipped]
        if not fetched.complete:
            return self._stale(topic, w, wr, fetched.problem or "arXiv's answer was incomplete")
        saved = {d.entry.arxiv_id: d for d in store.post_digests(topic.slug, w.key)}
        t0 = time.perf_counter()
        scores = ranker.score(fetched.entries)
        self.report.stage("rank", time.perf_counter() - t0, len(fetched.entries))
        sel = select_papers(topic, w, fetched.entries, shown=store.shown_papers(topic.slug),
                            saved={k: d.status for k, d in saved.items()}, tracking_start=tracking_start,
                            late_start=late_start(w, self.config.schedule.late_days), scores=scores)
        store.save_decisions(decisions(topic, w, sel))
        wr.in_window, wr.excluded_papers = sel.in_window, sel.excluded
        wr.matched_ids = list(dict.fromkeys([c.entry.versioned_id for c in sel.shown] +
                                            [d.entry.versioned_id for d in saved.values()]))
        if sel.outside:
            wr.warnings.append(f"arXiv returned {sel.outside} paper(s) outside the window that was asked for; "
                               "they were left out")
        if wr.returned and sel.outside == wr.returned:
            return self._stale(topic, w, wr, "arXiv returned only papers older than the window: the feed looks "
                                             "stale")
        if sel.in_window == 0 and not sel.shown and not saved and usual:
            return self._stale(topic, w, wr, "nothing on an announcement day for a topic that usually has papers")
        if self.options.dry_run:
            return self._dry(topic, w, wr, sel)
        shown = {c.entry.arxiv_id for c in sel.shown}
        for entry in fetched.entries:  # every version seen is kept; the topic is linked to what it shows
            store.upsert_entry(entry, *((topic.slug, topic.name) if entry.arxiv_id in shown else (None, None)))
        try:
            with _writing(f"the figures of {topic.name} {w.key}"):
                self._papers(topic, w, sel, saved)
        except (LLMUnavailable, ModelMissing) as exc:  # a post of failures helps nobody: the next run does it
            self.unreachable = str(exc)
            wr.status = WindowStatus.UNREACHABLE
            wr.warnings.append(f"{exc} The papers analysed so far are kept; the next run finishes the post.")
            wr.settle()
            store.set_window_status(topic.slug, w.key, "unreachable", wr.counts())
            return
        order = {c.entry.arxiv_id: i for i, c in enumerate(sel.shown)}
        digests = sorted(store.post_digests(topic.slug, w.key), key=lambda d: order.get(d.entry.arxiv_id, len(order)))
        wr.papers = [paper_line(d.entry, d.status, d.errors + d.notes, d.score) for d in digests]
        wr.shown_ids = [d.entry.versioned_id for d in digests]
        wr.settle()
        if not digests:
            wr.status = WindowStatus.EMPTY
            store.set_window_status(topic.slug, w.key, "done", wr.counts())
            return
        t0 = time.perf_counter()
        post = assemble_post(topic, w, digests, wr.counts(), fallback_model=getattr(self._backend, "name", None) or "-")
        with _writing(f"the post of {topic.name} {w.key}"):
            path = publish_post(post, targets_for(self.config, topic))
        faultpoints.reached("publish")
        if self.deliveries is not None:  # queued first (idempotent): a crash before the window is complete
            self.deliveries.queue(post)  # has the next run write the post again, and still send it once
        store.complete_window(topic.slug, w.key, wr.counts(), str(path))
        self.report.stage("write", time.perf_counter() - t0)
        wr.status, wr.post = WindowStatus.PUBLISHED, str(path)
        self.report.posts.append(str(path))
        self.posts.append(path)

    def _dry(self, topic: TopicConfig, w: Window, wr: WindowReport, sel: Selection) -> None:
        """What the window's post would show. The store is an in-memory copy: the papers are recorded as shown
        there, so the next window of the dry run sees them as a real run would."""
        wr.status = WindowStatus.DRY_RUN
        wr.papers = [paper_line(c.entry, c.status, c.notes, c.score) for c in sel.shown]
        wr.shown_ids = [c.entry.versioned_id for c in sel.shown]
        wr.settle()
        for c in sel.shown:
            self.store.save_digest(topic.slug, w.key, arxiv_only_digest(c.entry, c.status))
        self.store.complete_window(topic.slug, w.key, wr.counts(), "(dry run)")

    def _stale(self, topic: TopicConfig, w: Window, wr: WindowReport, why: str) -> None:
        wr.status = WindowStatus.STALE
        wr.warnings.append(f"{why}; the next run tries this announcement again")
        wr.settle()
        if not self.options.dry_run:
            self.store.set_window_status(topic.slug, w.key, "stale", wr.counts())

    # -- extract, analyse, and the arXiv-only papers ----------------------------------------------------
    def _papers(self, topic: TopicConfig, w: Window, sel: Selection, saved: dict[str, PaperDigest]) -> None:
        # papers an interrupted attempt saved are reused; a failed one is tried again
        todo = [c for c in sel.shown if c.entry.arxiv_id not in saved or c.status is PaperStatus.FAILED
                or saved[c.entry.arxiv_id].entry.version != c.entry.version]
        full = [c for c in todo if c.status in (PaperStatus.ANALYSED, PaperStatus.FAILED)]
        assets = asset_dir(self.config, topic, w.key)
        digests = []
        for i, c in enumerate(full, 1):
            d = self.work.facts(c.entry, assets, c.notes)
            d.score = c.score
            digests.append(d)
            self.progress("pdf", i, len(full))
        self._analyse_all(topic, w, digests)
        for c in todo:
            if c.status is PaperStatus.LISTED:
                d = arxiv_only_digest(c.entry, PaperStatus.LISTED, notes=c.notes, score=c.score)
            elif c.status is PaperStatus.UPDATED:
                before = self.store.get_entry(c.entry.arxiv_id, c.previous_version)
                d = arxiv_only_digest(c.entry, PaperStatus.UPDATED, is_update=True,
                                      previous_version=c.previous_version, changes=version_changes(before, c.entry),
                                      score=c.score)
            else:
                continue
            self.store.save_digest(topic.slug, w.key, d)

    def _analyse_all(self, topic: TopicConfig, w: Window, digests: list[PaperDigest]) -> None:
        if not digests:
            return
        t0 = time.perf_counter()
        workers = max(1, min(self.config.llm.concurrency, getattr(self.backend(), "max_concurrency", 1) or 1))

        down = threading.Event()  # the LLM cannot answer anyone: the papers not yet started are left for later

        def one(d: PaperDigest) -> PaperDigest | None:
            if down.is_set():
                return None
            try:
                self.work.analyse(d, topic.language, self.budget)
            except (LLMUnavailable, ModelMissing):
                down.set()
                raise
            faultpoints.reached("llm")
            self.store.save_digest(topic.slug, w.key, d)  # saved as soon as it is done: a crash loses nothing
            return d

        with ThreadPoolExecutor(max_workers=workers) as pool:
            for done, d in enumerate(pool.map(one, digests), 1):  # LLMUnavailable propagates to _window
                if d is None:
                    continue
                self._account(d)
                u = self.report.llm
                self.progress("llm", done, len(digests), f"{u.calls} calls, {u.tokens_in}/{u.tokens_out} tokens")
        self.report.stage("llm", time.perf_counter() - t0, len(digests))

    def _account(self, d: PaperDigest) -> None:
        o = d.outcome
        if o is None:
            return
        u = self.report.llm
        u.calls += o.calls
        u.cached += int(o.cached)
        u.retries += o.retries
        u.tokens_in += o.tokens_in
        u.tokens_out += o.tokens_out
        self.report.model = self.report.model or o.model
        vid = d.entry.versioned_id
        self.report.checks_failed += [CheckFailure(id=vid, check=c.name, detail=c.detail) for c in o.checks
                                      if not c.passed]
        self.report.checks.append(CheckRecord(id=vid, passed=[c.name for c in o.checks if c.passed],
                                              failed=[c.name for c in o.checks if not c.passed],
                                              first_try_failing=dict(o.first_try_failing)))
