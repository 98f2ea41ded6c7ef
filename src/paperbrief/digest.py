"""Assembling posts: the pipeline of one run.

Stages, each bounded and idempotent, passing typed records:
  fetch (arXiv, lazily) -> select (new / new version / already published) -> pdf (download once, extract once)
  -> llm (one checked call per paper, cached) -> write (post, JSON, feed; atomically) -> report.
A failure in one paper is recorded on that paper and in the report; the post goes on without it."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date as Date, datetime, timezone
from pathlib import Path

from paperbrief.config import Config, TopicConfig
from paperbrief.errors import PaperbriefError, SourceError
from paperbrief.names import same_person
from paperbrief.records import ArxivEntry, Extraction, Figure, PaperDigest, Post, RunReport, StageReport
from paperbrief.sources.arxiv import ArxivClient
from paperbrief.store import Store

__all__ = ["Pipeline", "RunResult", "choose_cover", "merge_facts"]

Progress = Callable[..., None]  # (stage, done, total, info="")


@dataclass
class RunResult:
    report: RunReport
    posts: list[Path] = field(default_factory=list)


def _utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def choose_cover(figures: list[Figure]) -> Figure | None:
    """Deterministic: the page-1 teaser, else Figure 1, else the first figure."""
    if not figures:
        return None
    for f in figures:
        if f.teaser:
            return f
    for f in figures:
        if f.label.split()[-1].rstrip(".:") == "1":
            return f
    return figures[0]


def merge_facts(entry: ArxivEntry, extraction: Extraction | None) -> tuple[str | None, str | None, list[str], list[str]]:
    """First-author affiliation (+ source) and code links from arXiv and the PDF. arXiv's author list is the
    truth; the PDF only attaches affiliations to it when its first author is the same person."""
    from paperbrief.links import merge_code_urls

    affiliation, source = None, None
    if entry.authors and entry.authors[0].affiliations:
        affiliation, source = entry.authors[0].affiliations[0], "arxiv"
    elif entry.authors and extraction and extraction.first_author_affiliation:
        pdf_first = extraction.authors[0] if extraction.authors else None
        if pdf_first is None or same_person(pdf_first, entry.authors[0].name):
            affiliation, source = extraction.first_author_affiliation, extraction.affiliation_source
    code, own = merge_code_urls(abstract=entry.abstract, comment=entry.comment, extraction=extraction)
    return affiliation, source, code, own


class Pipeline:
    def __init__(self, config: Config, *, client: ArxivClient | None = None, backend=None,
                 progress: Progress | None = None, log: Callable[[str], None] | None = None):
        self.config = config
        self.client = client or ArxivClient(config.arxiv)
        self._backend = backend
        self.progress = progress or (lambda *args, **kw: None)
        self.log = log or (lambda msg: None)
        config.data_dir.mkdir(parents=True, exist_ok=True)
        self.store = Store(config.data_dir / "paperbrief.sqlite")

    # -- lazily made LLM backend (the embedded model loads on first call) --------------------------------
    @property
    def backend(self):
        if self._backend is None:
            from paperbrief.llm import make_backend

            self._backend = make_backend(self.config.llm)
        return self._backend

    def close(self) -> None:
        if self._backend is not None and hasattr(self._backend, "close"):
            self._backend.close()
        self.client.close()
        self.store.close()

    # -- one run over topics --------------------------------------------------------------------------
    def run(self, topics: list[TopicConfig] | None = None, *, day: str | None = None,
            dry_run: bool = False) -> RunResult:
        day = day or Date.today().isoformat()
        report = RunReport(started=_utcnow(), topics=[t.name for t in (topics or self.config.topics)])
        run_id = self.store.start_run()
        report.run_id = run_id
        result = RunResult(report=report)
        status = "ok"
        try:
            for topic in topics or self.config.topics:
                path = self._run_topic(topic, day, report, dry_run)
                if path:
                    result.posts.append(path)
                    report.posts.append(str(path))
        except BaseException:
            status = "crashed"
            raise
        finally:
            report.finished = _utcnow()
            if self._backend is not None:
                report.model = getattr(self._backend, "name", None)
            self.store.finish_run(run_id, report, status)
            if not dry_run:
                self._write_report(report)
        return result

    def _stage(self, report: RunReport, name: str, seconds: float, count: int = 1) -> None:
        st = report.stages.setdefault(name, StageReport())
        st.seconds = round(st.seconds + seconds, 3)
        st.count += count

    def _write_report(self, report: RunReport) -> None:
        from paperbrief.fsutil import atomic_write_text

        atomic_write_text(self.config.out_dir / "report.json", report.model_dump_json(indent=2))

    # -- stages ---------------------------------------------------------------------------------------
    def _fetch(self, topic: TopicConfig, report: RunReport) -> list[ArxivEntry]:
        t0 = time.perf_counter()
        negatives = [n.lower() for n in topic.negative_keywords]
        found: list[ArxivEntry] = []
        try:
            for entry in self.client.search(topic.query, max_results=topic.max_papers * 3):
                text = f"{entry.title} {entry.abstract}".lower()
                if any(n in text for n in negatives):
                    report.skipped.append({"id": entry.versioned_id, "reason": "negative keyword"})
                    continue
                found.append(entry)
                self.progress("fetch", len(found), topic.max_papers * 3)
        except SourceError as exc:
            report.feed_status[topic.name] = f"failed: {exc}"
            raise
        finally:
            self._stage(report, "fetch", time.perf_counter() - t0)
        self.progress("fetch", len(found), len(found))
        if found:
            newest = max(e.updated for e in found)
            age = datetime.now(timezone.utc) - newest
            # arXiv announces five days a week; a newest entry older than a long weekend means a stale feed
            report.feed_status[topic.name] = (f"stale (newest entry from {newest.date().isoformat()})"
                                              if age.days > 4 else "ok")
        else:
            weekday = Date.today().weekday()
            report.feed_status[topic.name] = ("empty (weekend: arXiv makes no announcements)" if weekday >= 5
                                              else "empty (no paper matched on an announcement day)")
        report.found += len(found)
        return found

    def _select(self, topic: TopicConfig, day: str, found: list[ArxivEntry], report: RunReport
                ) -> list[tuple[ArxivEntry, int | None]]:
        done_today = {d.entry.arxiv_id: d.entry.version for d in self.store.post_digests(topic.slug, day)}
        chosen: list[tuple[ArxivEntry, int | None]] = []
        for entry in found:
            self.store.upsert_entry(entry, topic.slug, topic.name)
            published = self.store.published_version(entry.arxiv_id, topic.slug, day)
            if published is not None and published >= entry.version:
                report.skipped.append({"id": entry.versioned_id, "reason": f"already published (v{published})"})
                continue
            if done_today.get(entry.arxiv_id) == entry.version:
                continue  # already in today's post: a re-run adds nothing twice
            if len(chosen) + len(done_today) >= topic.max_papers:
                report.skipped.append({"id": entry.versioned_id, "reason": "over max_papers"})
                continue
            chosen.append((entry, published))
        return chosen

    def _extract(self, entry: ArxivEntry, report: RunReport) -> tuple[Extraction | None, str | None]:
        from paperbrief.pdf import extract_pdf

        cached = self.store.get_extraction(entry.arxiv_id, entry.version)
        if cached is not None:
            return cached
        t0 = time.perf_counter()
        fig_dir = self.config.data_dir / "figures" / entry.versioned_id.replace("/", "_")
        try:
            pdf = Path(entry.local_path) if entry.local_path else self.client.download_pdf(
                entry, self.config.data_dir / "pdfs")
        except PaperbriefError as exc:
            self._stage(report, "download", time.perf_counter() - t0)
            return None, f"PDF download failed: {exc}"  # not cached: a later run retries
        self._stage(report, "download", time.perf_counter() - t0)
        t1 = time.perf_counter()
        try:
            result, error = extract_pdf(pdf, fig_dir, abstract=entry.abstract, comment=entry.comment), None
        except PaperbriefError as exc:
            result, error = None, f"PDF unreadable: {exc}"
        except Exception as exc:  # a bug on one odd PDF must not stop the run
            result, error = None, f"PDF extraction failed ({type(exc).__name__}: {exc})"
        self._stage(report, "pdf", time.perf_counter() - t1)
        self.store.save_extraction(entry.arxiv_id, entry.version, result, error)
        return result, error

    def _analyze(self, digest: PaperDigest, topic: TopicConfig, budget) -> None:
        from paperbrief.llm import PaperInput, analyze_paper

        e, x = digest.entry, digest.extraction
        paper = PaperInput(
            arxiv_id=e.versioned_id, title=e.title, abstract=e.abstract, authors=e.author_names,
            affiliations=(x.affiliations if x else []) + [a for au in e.authors for a in au.affiliations],
            urls=digest.code_urls, text=(x.text if x else {}), comment=e.comment)
        digest.outcome = analyze_paper(self.backend, paper, language=topic.language, cache=self.store,
                                       budget=budget, token_budget=self.config.llm.token_budget_per_paper,
                                       max_output_tokens=self.config.llm.max_output_tokens)

    def _copy_figures(self, digest: PaperDigest, asset_dir: Path) -> None:
        x = digest.extraction
        if not x:
            return
        src_root = self.config.data_dir / "figures"
        figures = []
        for f in x.figures:
            if not f.image:
                continue
            src = src_root / f.image
            if not src.exists():
                continue
            name = f"{digest.entry.versioned_id.replace('/', '_')}-{Path(f.image).name}"
            asset_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, asset_dir / name)
            figures.append(f.model_copy(update={"image": name}))
        digest.figures = figures

    def facts(self, entry: ArxivEntry, asset_dir: Path, report: RunReport, published: int | None = None
              ) -> PaperDigest:
        """Everything that is not prose: the PDF's facts merged with arXiv's, figures copied next to the post."""
        d = PaperDigest(entry=entry, is_update=published is not None, previous_version=published)
        d.extraction, error = self._extract(entry, report)
        if error:
            d.errors.append(error)
            report.failed.append({"id": entry.versioned_id, "stage": "pdf", "reason": error})
        d.first_author_affiliation, d.affiliation_source, d.code_urls, d.own_code_urls = merge_facts(entry, d.extraction)
        self._copy_figures(d, asset_dir)
        return d

    def single(self, entry: ArxivEntry, out_dir: Path, *, language: str = "zh", fmt: str = "md") -> tuple[str, RunReport]:
        """One paper (``paperbrief paper``): its facts and prose, rendered alone; figures go to ``out_dir``."""
        from paperbrief.config import TopicConfig
        from paperbrief.llm import TokenBudget
        from paperbrief.render.hexo import render_post
        from paperbrief.render.outputs import post_json

        report = RunReport(started=_utcnow())
        name = entry.versioned_id.replace("/", "_")
        d = self.facts(entry, out_dir / name, report)
        topic = TopicConfig(name=entry.title, query="-", language=language)
        self._analyze(d, topic, TokenBudget(limit=self.config.llm.run_token_budget))
        self._account(d, report)
        cover = choose_cover(d.figures)
        post = Post(topic=entry.title, date=Date.today().isoformat(), language=language, papers=[d],
                    model=d.outcome.model if d.outcome else "unknown", cover=cover.image if cover else None, slug=name)
        if fmt == "json":
            return post_json(post), report
        text = render_post(post, author=self.config.output.author)
        if fmt == "md":  # plain Markdown: the body without Hexo's front matter
            text = text.split("\n---\n", 1)[1].lstrip()
        return text, report

    def _run_topic(self, topic: TopicConfig, day: str, report: RunReport, dry_run: bool) -> Path | None:
        from paperbrief.llm import TokenBudget

        found = self._fetch(topic, report)
        chosen = self._select(topic, day, found, report)
        post_name = f"{day}-{topic.slug}"
        asset_dir = self.config.posts_dir / post_name
        if dry_run:
            for entry, published in chosen:
                report.skipped.append({"id": entry.versioned_id, "reason": "dry run"})
            return None
        digests: list[PaperDigest] = []
        for i, (entry, published) in enumerate(chosen, 1):
            d = self.facts(entry, asset_dir, report, published)
            digests.append(d)
            report.updated += d.is_update
            report.new += not d.is_update
            self.progress("pdf", i, len(chosen))
        budget = TokenBudget(limit=self.config.llm.run_token_budget)
        t0 = time.perf_counter()
        workers = max(1, min(self.config.llm.concurrency, getattr(self.backend, "max_concurrency", 1) or 1)) if digests else 1
        done = 0

        def work(d: PaperDigest) -> PaperDigest:
            try:
                self._analyze(d, topic, budget)
            except Exception as exc:  # isolation: the paper goes out with its parts marked unavailable
                d.errors.append(f"LLM failed ({type(exc).__name__}: {exc})")
            self.store.save_digest(topic.slug, day, d)
            return d

        with ThreadPoolExecutor(max_workers=workers) as pool:
            for d in pool.map(work, digests):
                done += 1
                self._account(d, report)
                self.progress("llm", done, len(digests),
                              f"{report.llm_calls} calls, {report.tokens_in}/{report.tokens_out} tokens in/out")
        self._stage(report, "llm", time.perf_counter() - t0, len(digests))
        all_digests = self.store.post_digests(topic.slug, day)
        if not all_digests:
            self.store.set_topic_run(topic.slug, topic.name, _utcnow())
            return None
        t1 = time.perf_counter()
        path = self._write_post(topic, day, all_digests)
        self._stage(report, "write", time.perf_counter() - t1)
        self.store.mark_post_written(topic.slug, day, str(path))
        self.store.set_topic_run(topic.slug, topic.name, _utcnow())
        return path

    def _account(self, d: PaperDigest, report: RunReport) -> None:
        o = d.outcome
        if o is None:
            report.failed.append({"id": d.entry.versioned_id, "stage": "llm", "reason": "; ".join(d.errors)})
            return
        report.llm_calls += o.calls
        report.llm_cached += int(o.cached)
        report.llm_retries += o.retries
        report.tokens_in += o.tokens_in
        report.tokens_out += o.tokens_out
        report.model = report.model or o.model
        for c in o.checks:
            if not c.passed:
                report.checks_failed.append({"id": d.entry.versioned_id, "check": c.name, "detail": c.detail})
        report.checks.append({"id": d.entry.versioned_id, "passed": [c.name for c in o.checks if c.passed],
                              "failed": [c.name for c in o.checks if not c.passed],
                              "first_try_failing": dict(o.first_try_failing)})
        if o.error:
            report.failed.append({"id": d.entry.versioned_id, "stage": "llm", "reason": o.error})

    def _write_post(self, topic: TopicConfig, day: str, digests: list[PaperDigest]) -> Path:
        from paperbrief.render.outputs import write_outputs

        cover = None
        if digests:
            c = choose_cover(digests[0].figures)
            cover = c.image if c else None
        models = [d.outcome.model for d in digests if d.outcome and d.outcome.model]
        post = Post(topic=topic.name, date=day, language=topic.language, papers=digests,
                    model=models[0] if models else getattr(self.backend, "name", "unknown"), cover=cover,
                    slug=topic.slug)
        formats = topic.outputs or self.config.output.formats
        return write_outputs(post, self.config, formats)
