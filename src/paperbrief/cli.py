"""The command line: a thin layer over the library. User mistakes are one sentence and exit code 2; no
traceback for anything a user can cause."""

from __future__ import annotations

import json
import sys
import time
from contextlib import contextmanager
from datetime import date as Date
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from paperbrief.errors import ConfigError, PaperbriefError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="A daily, trustworthy arXiv paper digest.")
console = Console(stderr=True)

try:  # the model sub-commands live with the LLM layer
    from paperbrief.llm.cli import model_app

    app.add_typer(model_app, name="model", help="Install or list the embedded model(s).")
except ImportError:  # pragma: no cover - during partial installs only
    pass


site_app = typer.Typer(no_args_is_help=True, help="Static HTML site of all digests.")
app.add_typer(site_app, name="site")


def _fail(exc: PaperbriefError) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(exc.exit_code)


@contextmanager
def _progress():
    """A rich progress display with one bar per stage (fetch, pdf, llm)."""
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
    console.print(f"papers found {report.found}, new {report.new}, updated {report.updated}, "
                  f"skipped {len(report.skipped)}, failed {len(report.failed)}; LLM calls {report.llm_calls} "
                  f"(cached {report.llm_cached}), tokens in/out {report.tokens_in}/{report.tokens_out}; "
                  f"model {report.model or '-'}", highlight=False)
    for f in report.failed:
        console.print(f"  failed {f['id']} ({f['stage']}): {f['reason']}", highlight=False)


@app.command()
def init(path: Path = typer.Argument(Path("paperbrief.toml"), help="Where to write the config."),
         force: bool = typer.Option(False, "--force", help="Overwrite an existing file.")):
    """Write a commented config file."""
    from paperbrief.config import DEFAULT_CONFIG_TEXT

    if path.exists() and not force:
        _fail(ConfigError(f"{path} already exists; pass --force to overwrite it."))
    path.write_text(DEFAULT_CONFIG_TEXT, encoding="utf-8")
    typer.echo(f"wrote {path}")


@app.command()
def run(config: Path = typer.Option(Path("paperbrief.toml"), "--config", "-c", help="Config file (TOML)."),
        topic: Optional[str] = typer.Option(None, "--topic", "-t", help="Only this topic."),
        day: Optional[str] = typer.Option(None, "--date", "-d", help="Post date YYYY-MM-DD (default today)."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Fetch and select only; write nothing.")):
    """Every configured topic: new papers since the last run, posts written, state saved."""
    from paperbrief.config import load_config
    from paperbrief.digest import Pipeline

    try:
        cfg = load_config(config)
        topics = [cfg.topic(topic)] if topic else None
        if day:
            try:
                Date.fromisoformat(day)
            except ValueError:
                raise ConfigError(f"--date {day!r} is not a date like 2026-11-25.") from None
        t0 = time.perf_counter()
        pipeline = Pipeline(cfg, log=lambda m: console.print(m, highlight=False))
        try:
            with _progress() as update:
                pipeline.progress = update
                result = pipeline.run(topics, day=day, dry_run=dry_run)
        finally:
            pipeline.close()
    except PaperbriefError as exc:
        _fail(exc)
    _summary(result.report)
    for p in result.posts:
        typer.echo(f"post: {p}")
    if not dry_run:
        typer.echo(f"report: {cfg.out_dir / 'report.json'} ({time.perf_counter() - t0:.1f} s)")


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
                              log=lambda m: console.print(m, highlight=False), max_output_tokens=max_output_tokens)
    except PaperbriefError as exc:
        _fail(exc)
    _summary(result.run.report)
    for p in result.run.posts:
        typer.echo(f"post:    {p}")
        typer.echo(f"figures: {p.with_suffix('')}/")
    if result.site_index:
        typer.echo(f"site:    {result.site_index}")
    typer.echo(f"feed:    {result.out / 'feeds'}/")
    typer.echo(f"report:  {result.report_path}")
    typer.echo(f"done in {time.perf_counter() - t0:.1f} s")


@app.command()
def extract(pdf: Path = typer.Argument(..., help="A PDF file."),
            as_json: bool = typer.Option(False, "--json", help="Print the extraction as JSON."),
            figures_dir: Optional[Path] = typer.Option(None, "--figures-dir",
                                                       help="Where cropped figures go (default: none saved).")):
    """Facts only, no LLM: title, authors, affiliations, code links, sections, figures."""
    from paperbrief.pdf import extract_pdf

    if not pdf.exists():
        _fail(ConfigError(f"{pdf} does not exist."))
    try:
        result = extract_pdf(pdf, figures_dir)
    except PaperbriefError as exc:
        _fail(exc)
    data = result.model_dump(mode="json", exclude={"text"})
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        typer.echo(f"title:       {data['title']}\nauthors:     {', '.join(data['authors'])}\n"
                   f"affiliation: {data['first_author_affiliation']} ({data['affiliation_source']})\n"
                   f"code:        {', '.join(data['code_urls']) or '-'}\n"
                   f"sections:    {len(data['sections'])}, figures: {len(data['figures'])}, pages: {data['pages']}")


@app.command()
def paper(ref: str = typer.Argument(..., help="An arXiv id (2403.17924 or 2403.17924v2) or a local PDF."),
          fmt: str = typer.Option("md", "--format", "-f", help="md, hexo or json."),
          config: Optional[Path] = typer.Option(None, "--config", "-c", help="Config file (default: built-in)."),
          out: Path = typer.Option(Path("."), "--out", "-o", help="Where the figures go."),
          language: str = typer.Option("zh", "--language", help="zh or en."),
          model: Optional[Path] = typer.Option(None, "--model", help="Any GGUF for the embedded backend.")):
    """One paper, by arXiv id or a local PDF, printed as Markdown, a Hexo post or JSON."""
    from paperbrief.config import config_from_dict, load_config
    from paperbrief.digest import Pipeline
    from paperbrief.sources.local import entry_from_pdf

    try:
        if fmt not in ("md", "hexo", "json"):
            raise ConfigError(f"--format must be md, hexo or json, not {fmt!r}.")
        if language not in ("zh", "en"):
            raise ConfigError(f"--language must be zh or en, not {language!r}.")
        if config:
            cfg = load_config(config)
        else:
            cfg = config_from_dict({"output": {"dir": str(out.resolve())},
                                    "topics": [{"name": "paper", "query": "-"}]}, base_dir=out.resolve())
        if model:
            cfg.llm.model_path = str(model)
        pipeline = Pipeline(cfg, log=lambda m: console.print(m, highlight=False))
        try:
            if Path(ref).suffix.lower() == ".pdf" or Path(ref).exists():
                if not Path(ref).exists():
                    raise ConfigError(f"{ref} does not exist.")
                entry = entry_from_pdf(Path(ref))
            else:
                entry = pipeline.client.get(ref)
            text, report = pipeline.single(entry, out, language=language, fmt=fmt)
        finally:
            pipeline.close()
    except PaperbriefError as exc:
        _fail(exc)
    typer.echo(text)
    _summary(report)


@site_app.command("build")
def site_build(config: Path = typer.Option(Path("paperbrief.toml"), "--config", "-c", help="Config file (TOML).")):
    """Build the static site (search, tags per topic, one page per paper) into output.site_dir."""
    from paperbrief.config import load_config
    from paperbrief.render.site import build_site

    try:
        index = build_site(load_config(config))
    except PaperbriefError as exc:
        _fail(exc)
    typer.echo(f"site: {index}")


@site_app.command("serve")
def site_serve(config: Path = typer.Option(Path("paperbrief.toml"), "--config", "-c", help="Config file (TOML)."),
               port: int = typer.Option(8000, "--port", help="Port on 127.0.0.1.")):
    """Build the site, then serve it on 127.0.0.1."""
    from paperbrief.config import load_config
    from paperbrief.render.site import build_site, serve_site

    try:
        index = build_site(load_config(config))
    except PaperbriefError as exc:
        _fail(exc)
    serve_site(index.parent, port)


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
