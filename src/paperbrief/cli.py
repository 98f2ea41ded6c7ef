"""The command line: a thin layer over the library. User mistakes are one sentence and exit code 2; no
traceback for anything a user can cause."""

from __future__ import annotations

import json
import logging
import sys
import time
from contextlib import contextmanager
from datetime import date as Date
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from paperbrief.errors import ConfigError, ExitCode, PaperbriefError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="A daily, trustworthy arXiv paper digest.")
console = Console(stderr=True, soft_wrap=True)

try:  # the model sub-commands live with the LLM layer
    from paperbrief.llm.cli import model_app

    app.add_typer(model_app, name="model", help="Install the embedded model; list models with their measured "
                                                "speed and bench scores.")
except ImportError:  # pragma: no cover - during partial installs only
    pass


site_app = typer.Typer(no_args_is_help=True, help="Static HTML site of all digests.")
app.add_typer(site_app, name="site")


def _fail(exc: PaperbriefError) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(exc.exit_code)


def _version(value: bool) -> None:
    if value:
        from paperbrief import __version__

        typer.echo(f"paperbrief {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(verbose: bool = typer.Option(False, "--verbose", "-v", help="Say more (debug messages)."),
          quiet: bool = typer.Option(False, "--quiet", "-q", help="Only warnings and errors; no progress bars."),
          version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")):
    """A daily, trustworthy arXiv paper digest."""
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    logger = logging.getLogger("paperbrief")
    logger.handlers[:] = [_ConsoleHandler()]
    logger.setLevel(level)
    logger.propagate = False
    _STATE["quiet"] = quiet


_STATE = {"quiet": False}


class _ConsoleHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        prefix = {logging.WARNING: "warning: ", logging.ERROR: "error: "}.get(record.levelno, "")
        console.print(prefix + record.getMessage(), highlight=False, markup=False)


log = logging.getLogger("paperbrief")


@contextmanager
def _progress():
    """A rich progress display with one bar per stage (fetch, pdf, llm); none with --quiet."""
    if _STATE["quiet"]:
        yield lambda *args, **kw: None
        return
    bars = Progress(TextColumn("{task.description:>6}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    TextColumn("{task.fields[info]}"), console=console, transient=False)
    tasks: dict[str, int] = {}

    def update(stage: str, done: int, total: int, info: str = "") -> None:
        if stage not in tasks:
            tasks[stage] = bars.add_task(stage, total=total, info="")
        bars.update(tasks[stage], completed=done, total=max(total, done), info=info)

    with bars:
        yield update


def _summary(report) -> None:
    """The run in a few lines: per topic and window where every paper went."""
    for w in report.windows:
        line = (f"{w.topic} {w.announced}: {w.status.value}; arXiv returned {w.returned}, matched {w.matched}, "
                f"shown {w.shown} ({w.analysed} analysed, {w.listed} listed, {w.updated} updated, {w.failed} failed)")
        if w.excluded:
            from collections import Counter

            rules = Counter(x.rule for x in w.excluded_papers)
            line += f", left out {w.excluded} ({', '.join(f'{n} {rule}' for rule, n in rules.most_common())})"
        log.info(line)
        for p in w.papers:
            if p.status.value == "failed":
                log.warning(f"  failed {p.id}: {'; '.join(p.reasons)}")
        for warning in w.warnings:
            log.warning(f"  {warning}")
    for note in report.notes:
        log.info(note)
    for warning in report.warnings:
        log.warning(warning)
    u = report.llm
    log.info(f"LLM calls {u.calls} (cached {u.cached}, retries {u.retries}), tokens in/out {u.tokens_in}/"
             f"{u.tokens_out}; model {report.model or '-'}")


@app.command()
def init(path: Path = typer.Argument(Path("paperbrief.toml"), help="Where to write the config."),
         force: bool = typer.Option(False, "--force", help="Overwrite existing files."),
         github_actions: bool = typer.Option(False, "--github-actions",
                                             help="Also write .github/workflows/paperbrief.yml next to it.")):
    """Write a commented config file (and a scheduled GitHub Actions workflow)."""
    from paperbrief.config import DEFAULT_CONFIG_TEXT

    targets = [path]
    workflow = path.resolve().parent / ".github" / "workflows" / "paperbrief.yml"
    if github_actions:
        targets.append(workflow)
    for target in targets:
        if target.exists() and not force:
            _fail(ConfigError(f"{target} already exists; pass --force to overwrite it."))
    path.write_text(DEFAULT_CONFIG_TEXT, encoding="utf-8")
    typer.echo(f"wrote {path}")
    if github_actions:
        from paperbrief.scheduling import github_actions_workflow

        workflow.parent.mkdir(parents=True, exist_ok=True)
        workflow.write_text(github_actions_workflow(path.name), encoding="utf-8")
        typer.echo(f"wrote {workflow}")


def _date_option(value: str | None, name: str) -> Date | None:
    if value is None:
        return None
    try:
        return Date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{name} {value!r} is not a date like 2026-11-25.") from None


_RUN_HELP = ("Every configured topic, every arXiv announcement since its last run: one post per window. "
             "Exit codes: 0 done (normal empty days included); 1 done with papers that failed; 2 bad usage or "
             "config, or the model is missing or damaged; 3 arXiv or the LLM endpoint unreachable, or arXiv's answer "
             "stale or incomplete (the next run retries); 4 another run holds the data folder; 5 the outputs could "
             "not be written (disk full, no permission).")


@app.command(help=_RUN_HELP)
def run(config: Path = typer.Option(Path("paperbrief.toml"), "--config", "-c", help="Config file (TOML)."),
        topic: Optional[list[str]] = typer.Option(None, "--topic", "-t", help="Only this topic (repeatable)."),
        since: Optional[str] = typer.Option(None, "--since", help="Backfill the windows announced from this "
                                            "US Eastern date (YYYY-MM-DD)."),
        until: Optional[str] = typer.Option(None, "--until", help="… up to this date (default: the latest)."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Fetch and select only; write nothing anywhere."),
        wait: bool = typer.Option(False, "--wait", help="If another run holds the data folder, wait for it."),
        now: Optional[str] = typer.Option(None, "--now", hidden=True, help="The clock, ISO 8601 (for tests).")):
    """Every configured topic, every arXiv announcement since its last run: one post per window."""
    from datetime import datetime, timezone

    from paperbrief.config import load_config
    from paperbrief.run import RunOptions, run_digest

    t0 = time.perf_counter()
    try:
        cfg = load_config(config)
        options = RunOptions(topics=topic or None, since=_date_option(since, "--since"),
                             until=_date_option(until, "--until"), dry_run=dry_run, wait=wait)
        if options.until and not options.since:
            raise ConfigError("--until needs --since.")
        if now:
            try:
                options.now = datetime.fromisoformat(now).astimezone(timezone.utc)
            except ValueError:
                raise ConfigError(f"--now {now!r} is not an ISO 8601 time.") from None
        for name in options.topics or []:
            cfg.topic(name)
        with _progress() as update:
            result = run_digest(cfg, options, progress=update)
    except PaperbriefError as exc:
        _fail(exc)
    _summary(result.report)
    for p in result.posts:
        typer.echo(f"post: {p}")
    if dry_run:
        log.info("dry run: nothing was written")
    else:
        log.info(f"report: {cfg.out_dir / 'report.json'} ({time.perf_counter() - t0:.1f} s)")
    raise typer.Exit(result.exit_code)


@app.command()
def demo(out: Path = typer.Option(Path("paperbrief-demo"), "--out", "-o", help="Output folder."),
         model: Optional[Path] = typer.Option(None, "--model", help="Any GGUF instead of the default model."),
         language: str = typer.Option("zh", "--language", help="zh or en."),
         max_output_tokens: Optional[int] = typer.Option(
             None, "--max-output-tokens", min=64,
             help="Cap on each answer's tokens (default: the config's 1800); lower is quicker and shorter.")):
    """The whole pipeline offline on sample papers, with the embedded model."""
    from paperbrief.demo import run_demo

    if language not in ("zh", "en"):
        _fail(ConfigError(f"--language must be zh or en, not {language!r}."))
    t0 = time.perf_counter()
    try:
        with _progress() as update:
            result = run_demo(out, model_path=str(model) if model else None, language=language, progress=update,
                              log=log.info, max_output_tokens=max_output_tokens)
    except PaperbriefError as exc:
        _fail(exc)
    _summary(result.run.report)
    for p in result.posts or result.run.posts:
        typer.echo(f"post:      {p}")
        typer.echo(f"figures:   {p.with_suffix('')}/")
    for label, folder in result.outputs():
        typer.echo(f"{label + ':':<11}{folder.resolve()}/")
    if result.site_index:
        typer.echo(f"site:      {result.site_index}  (open it in a browser: no server needed)")
    if result.deliveries is not None:
        typer.echo(f"sent:      {result.deliveries.resolve()}/  (the e-mails and chat messages the loopback receivers got)")
    typer.echo(f"report:    {result.report_path}")
    typer.echo(f"done in {time.perf_counter() - t0:.1f} s")


@app.command()
def extract(pdfs: list[Path] = typer.Argument(..., help="PDF files, or folders of them."),
            as_json: bool = typer.Option(False, "--json", help="Print the extraction as JSON."),
            jsonl: bool = typer.Option(False, "--jsonl", help="One JSON line per file (with its path)."),
            figures_dir: Optional[Path] = typer.Option(None, "--figures-dir",
                                                       help="Where cropped figures go (default: none saved); "
                                                            "with several files, one folder per file."),
            jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1,
                                               help="Worker processes for several files (default: one per core)."),
            arxiv_authors: Optional[str] = typer.Option(
                None, "--arxiv-authors", help="arXiv's author list, names separated by ';' (one file only): the "
                                              "PDF's names are written in its spelling and every mismatch is listed.")):
    """Facts only, no LLM: title, authors, affiliations, code links, sections, figures."""
    from paperbrief.pdf.batch import pdf_paths

    try:
        paths = pdf_paths(pdfs)
        if arxiv_authors is not None and len(paths) != 1:
            raise ConfigError("--arxiv-authors is the author list of one paper: give one PDF file with it.")
    except PaperbriefError as exc:
        _fail(exc)
    if len(paths) == 1 and not jsonl and not pdfs[0].is_dir():
        reference = [n.strip() for n in arxiv_authors.split(";")] if arxiv_authors is not None else None
        _extract_one(paths[0], as_json, figures_dir, reference)
    else:
        _extract_batch(paths, as_json or jsonl, figures_dir, jobs)


def _extract_one(pdf: Path, as_json: bool, figures_dir: Optional[Path], reference: Optional[list[str]]) -> None:
    # In this process: a worker (as a run uses for PDFs from arXiv) would start a second interpreter and import
    # PyMuPDF again, doubling the time of a one-file command (2.3 s -> 4.7 s a PDF). The file is the user's own.
    from paperbrief.pdf import extract_pdf

    try:
        result = extract_pdf(pdf, figures_dir, authors=reference)
    except PaperbriefError as exc:
        _fail(exc)
    data = result.model_dump(mode="json", exclude={"text", "text_pages"})
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        typer.echo(_extract_summary(data))


def _extract_summary(data: dict) -> str:
    mismatch = "".join(f"\n             ({m})" for m in data.get("authors_mismatch", []))
    return (f"title:       {data['title']}\nauthors:     {', '.join(data['authors'])}{mismatch}\n"
            f"affiliation: {data['first_author_affiliation']} ({data['affiliation_source']})\n"
            f"code:        {', '.join(data['code_urls']) or '-'}\n"
            f"sections:    {len(data['sections'])}, figures: {len(data['figures'])}, pages: {data['pages']}")


def _extract_batch(paths: list[Path], as_json: bool, figures_dir: Optional[Path], jobs: Optional[int]) -> None:
    """Several files in one process and a worker pool; a file that fails is reported and the rest go on
    (exit 1 when any failed)."""
    from paperbrief.pdf.batch import extract_many

    failed = 0
    for item in extract_many(paths, figures_dir, jobs=jobs):
        failed += item.error is not None
        if as_json:
            data = {"path": str(item.path)}
            if item.extraction is None:
                data["error"] = item.error
            else:
                data.update(item.extraction.model_dump(mode="json", exclude={"text", "text_pages"}))
            typer.echo(json.dumps(data, ensure_ascii=False))
        elif item.extraction is None:
            typer.echo(f"== {item.path}\nerror: {item.error}\n")
        else:
            typer.echo(f"== {item.path}\n{_extract_summary(item.extraction.model_dump(mode='json'))}\n")
    if failed:
        typer.echo(f"{failed} of {len(paths)} files could not be read.", err=True)
        raise typer.Exit(ExitCode.FAILED_PAPERS)


@app.command()
def paper(ref: str = typer.Argument(..., help="An arXiv id (2403.17924 or 2403.17924v2) or a local PDF."),
          fmt: str = typer.Option("md", "--format", "-f", help="md, hexo or json."),
          config: Optional[Path] = typer.Option(None, "--config", "-c", help="Config file (default: built-in)."),
          out: Path = typer.Option(Path("."), "--out", "-o", help="Where the figures go."),
          language: str = typer.Option("zh", "--language", help="zh or en."),
          model: Optional[Path] = typer.Option(None, "--model", help="Any GGUF for the embedded backend.")):
    """One paper, by arXiv id or a local PDF, printed as Markdown, a Hexo post or JSON."""
    from paperbrief.config import config_from_dict, load_config
    from paperbrief.run.single import default_data_dir, one_paper
    from paperbrief.sources.arxiv import ArxivClient
    from paperbrief.pdf.bounded import PDFLimits
    from paperbrief.sources.local import entry_from_pdf

    try:
        if fmt not in ("md", "hexo", "json"):
            raise ConfigError(f"--format must be md, hexo or json, not {fmt!r}.")
        if language not in ("zh", "en"):
            raise ConfigError(f"--language must be zh or en, not {language!r}.")
        is_pdf = Path(ref).suffix.lower() == ".pdf" or Path(ref).exists()
        if config:
            cfg = load_config(config)
        else:  # no config: the data (database, PDF cache) goes to the user's cache folder, not the current one
            arxiv = {} if not is_pdf else {"base_url": "http://127.0.0.1/unused", "delay_seconds": 0}
            cfg = config_from_dict({"arxiv": arxiv, "output": {"dir": str(out.resolve()),
                                                               "data_dir": str(default_data_dir())},
                                    "topics": [{"name": "paper", "query": "all:paper"}]}, base_dir=out.resolve())
        if model:
            cfg.llm.model_path = str(model)
        backend_box: list = []

        def backend():
            if not backend_box:
                from paperbrief.llm import make_backend

                backend_box.append(make_backend(cfg.llm))
            return backend_box[0]

        with ArxivClient(cfg.arxiv) as client:
            if is_pdf:
                if not Path(ref).exists():
                    raise ConfigError(f"{ref} does not exist.")
                entry = entry_from_pdf(Path(ref), PDFLimits(cfg.pdf.timeout_seconds, cfg.pdf.memory_mb))
            else:
                entry = client.get(ref)
            try:
                text, report = one_paper(cfg, entry, out, client=client, backend_factory=backend, language=language,
                                         fmt=fmt)
            finally:
                if backend_box and hasattr(backend_box[0], "close"):
                    backend_box[0].close()
    except PaperbriefError as exc:
        _fail(exc)
    typer.echo(text)
    u = report.llm
    log.info(f"LLM calls {u.calls}, tokens in/out {u.tokens_in}/{u.tokens_out}; model {report.model or '-'}")


def _topic_for(cfg, topic: Optional[str]):
    if topic:
        return cfg.topic(topic)
    if len(cfg.topics) == 1:
        return cfg.topics[0]
    raise ConfigError(f"Name the topic with --topic; the config defines: {', '.join(t.name for t in cfg.topics)}.")


@app.command()
def explain(paper_id: str = typer.Argument(..., metavar="ID", help="An arXiv id (2611.01234 or 2611.01234v2)."),
            topic: Optional[str] = typer.Option(None, "--topic", "-t", help="The topic (default: the only one)."),
            config: Path = typer.Option(Path("paperbrief.toml"), "--config", "-c", help="Config file (TOML).")):
    """Why a paper was picked, listed or left out in a topic: its score's named parts and the rule that decided."""
    from paperbrief.config import load_config
    from paperbrief.explain import explain_paper
    from paperbrief.sources.atom import split_id
    from paperbrief.store import Store

    try:
        cfg = load_config(config)
        t = _topic_for(cfg, topic)
        arxiv_id, _ = split_id(paper_id)
        with Store.read_only_copy(cfg.data_dir / "paperbrief.sqlite") as store:
            text = explain_paper(store, t, arxiv_id)
    except PaperbriefError as exc:
        _fail(exc)
    typer.echo(text)


def _like(paper_id: str, topic: Optional[str], config: Path, add: bool) -> None:
    from paperbrief.config import load_config
    from paperbrief.likes import like_paper, unlike_paper
    from paperbrief.sources.arxiv import ArxivClient
    from paperbrief.store import Store

    try:
        cfg = load_config(config)
        t = _topic_for(cfg, topic)
        with Store(cfg.data_dir / "paperbrief.sqlite") as store:
            if add:
                with ArxivClient(cfg.arxiv) as client:
                    typer.echo(like_paper(store, t, paper_id, client))
            else:
                typer.echo(unlike_paper(store, t, paper_id))
    except PaperbriefError as exc:
        _fail(exc)


@app.command()
def like(paper_id: str = typer.Argument(..., metavar="ID", help="An arXiv id."),
         topic: Optional[str] = typer.Option(None, "--topic", "-t", help="The topic (default: the only one)."),
         config: Path = typer.Option(Path("paperbrief.toml"), "--config", "-c", help="Config file (TOML).")):
    """Add a paper to the topic's library of kept papers, which steers its ranking."""
    _like(paper_id, topic, config, True)


@app.command()
def unlike(paper_id: str = typer.Argument(..., metavar="ID", help="An arXiv id."),
           topic: Optional[str] = typer.Option(None, "--topic", "-t", help="The topic (default: the only one)."),
           config: Path = typer.Option(Path("paperbrief.toml"), "--config", "-c", help="Config file (TOML).")):
    """Remove a paper from the topic's library of liked papers."""
    _like(paper_id, topic, config, False)


@site_app.command("build")
def site_build(config: Path = typer.Option(Path("paperbrief.toml"), "--config", "-c", help="Config file (TOML).")):
    """Build the static site (search, tags per topic, one page per paper) into output.site_dir."""
    from paperbrief.config import load_config
    from paperbrief.run.publish import build_site_from_store

    try:
        index = build_site_from_store(load_config(config))
    except PaperbriefError as exc:
        _fail(exc)
    typer.echo(f"site: {index}")


@site_app.command("serve")
def site_serve(config: Path = typer.Option(Path("paperbrief.toml"), "--config", "-c", help="Config file (TOML)."),
               port: int = typer.Option(8000, "--port", help="Port on 127.0.0.1.")):
    """Build the site, then serve it on 127.0.0.1."""
    from paperbrief.config import load_config
    from paperbrief.likes import site_like_handler
    from paperbrief.render.site import serve_site
    from paperbrief.run.publish import build_site_from_store

    try:
        cfg = load_config(config)
        index = build_site_from_store(cfg)
        serve_site(index.parent, port, on_like=site_like_handler(cfg))
    except PaperbriefError as exc:
        _fail(exc)


@app.command()
def doctor(config: Path = typer.Option(Path("paperbrief.toml"), "--config", "-c", help="Config file (TOML)."),
           offline: bool = typer.Option(False, "--offline", help="Skip the arXiv reachability check.")):
    """Check config, model, LLM backend, arXiv reachability and write permissions."""
    from paperbrief.doctor import run_checks

    checks = run_checks(config, network=not offline)
    for c in checks:
        typer.echo(f"{'ok ' if c.ok else 'FIX'}  {c.name:<28} {c.message}")
    if not all(c.ok for c in checks):
        raise typer.Exit(1)


def main() -> None:
    try:
        app()
    except PaperbriefError as exc:  # a library error that escaped a command
        typer.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
