"""The command line: a thin layer over the library. User mistakes are one sentence and exit code 2."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from paperbrief.errors import PaperbriefError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="A daily, trustworthy arXiv paper digest.")


def _fail(exc: PaperbriefError) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(exc.exit_code)


@app.command()
def extract(pdf: Path = typer.Argument(..., help="A PDF file."),
            as_json: bool = typer.Option(False, "--json", help="Print the extraction as JSON."),
            figures_dir: Optional[Path] = typer.Option(None, "--figures-dir",
                                                       help="Where cropped figures go (default: none saved).")):
    """Facts only, no LLM: title, authors, affiliations, code links, sections, figures."""
    from paperbrief.pdf import extract_pdf

    if not pdf.exists():
        _fail(PaperbriefError(f"{pdf} does not exist."))
    try:
        result = extract_pdf(pdf, figures_dir)
    except PaperbriefError as exc:
        _fail(exc)
    data = result.model_dump(mode="json", exclude={"text"})
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        typer.echo(f"{data['title']}\n{', '.join(data['authors'])}\n{data['first_author_affiliation']}")


def main() -> None:
    try:
        app()
    except PaperbriefError as exc:  # a library error that escaped a command
        typer.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
