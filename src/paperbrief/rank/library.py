"""A topic's library of kept papers: a BibTeX file (a Zotero or Mendeley export), CSL-JSON, a file of arXiv
ids, or a list of arXiv ids in the config; plus the papers liked with ``paperbrief like``. Papers known only by
their arXiv id get their title and abstract from the store or from arXiv (the runner resolves them)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from paperbrief.errors import ConfigError

__all__ = ["LibraryPaper", "load_library", "parse_bibtex", "parse_csl_json", "arxiv_id_in"]

_ARXIV = re.compile(r"(?:arxiv\.org/(?:abs|pdf)/|arxiv:\s*|^)(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?",
                    re.I)


@dataclass(frozen=True)
class LibraryPaper:
    arxiv_id: str | None  # without version
    title: str
    abstract: str = ""


def arxiv_id_in(*texts: str | None) -> str | None:
    for text in texts:
        for part in re.split(r"[\s,;]+", text or ""):
            m = _ARXIV.search(part.strip())
            if m:
                return m.group(1)
    return None


def _clean(value: str) -> str:
    return re.sub(r"\s+", " ", value.replace("{", "").replace("}", "")).strip()


def parse_bibtex(text: str, origin: str = "library") -> list[LibraryPaper]:
    """Entries with a title; LaTeX accents decoded. A block that does not parse is an error naming its line."""
    import bibtexparser
    from bibtexparser.middlewares import LatexDecodingMiddleware

    lib = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    if lib.failed_blocks:
        block = lib.failed_blocks[0]
        first_line = (getattr(block, "raw", "") or "").strip().splitlines()[:1]
        raise ConfigError(f"The library {origin} is not valid BibTeX at line {block.start_line + 1}"
                          f"{' (' + first_line[0][:60] + ')' if first_line else ''}.")
    papers = []
    for entry in lib.entries:
        fields = {f.key.lower(): str(f.value) for f in entry.fields}
        title = _clean(fields.get("title", ""))
        arxiv = None
        if fields.get("archiveprefix", "").lower() == "arxiv" or "eprint" in fields:
            arxiv = arxiv_id_in(fields.get("eprint"))
        arxiv = arxiv or arxiv_id_in(fields.get("url"), fields.get("journal"), fields.get("note"), fields.get("doi"))
        if not title and not arxiv:
            continue
        papers.append(LibraryPaper(arxiv_id=arxiv, title=title, abstract=_clean(fields.get("abstract", ""))))
    return papers


def parse_csl_json(text: str, origin: str = "library") -> list[LibraryPaper]:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"The library {origin} is not valid JSON (line {exc.lineno}: {exc.msg}).") from None
    if isinstance(items, dict):
        items = items.get("items", [items])
    papers = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        title = _clean(str(item.get("title", "")))
        arxiv = arxiv_id_in(str(item.get("URL", "")), str(item.get("number", "")), str(item.get("note", "")),
                            str(item.get("id", "")))
        if title or arxiv:
            papers.append(LibraryPaper(arxiv_id=arxiv, title=title, abstract=_clean(str(item.get("abstract", "")))))
    return papers


def load_library(source: str | list[str] | None, base_dir: Path) -> list[LibraryPaper]:
    """The papers a config's ``library`` names (not yet resolved: arXiv-only ones have an empty title)."""
    if not source:
        return []
    if isinstance(source, list):
        ids = [arxiv_id_in(s) for s in source]
        bad = [s for s, i in zip(source, ids) if i is None]
        if bad:
            raise ConfigError(f"library: {bad[0]!r} is not an arXiv id.")
        return [LibraryPaper(arxiv_id=i, title="") for i in ids]
    path = Path(source)
    path = path if path.is_absolute() else base_dir / path
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"The library file {path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"The library file {path} cannot be read ({exc}).") from None
    suffix = path.suffix.lower()
    if suffix in (".bib", ".bibtex"):
        return parse_bibtex(text, str(path))
    if suffix == ".json":
        return parse_csl_json(text, str(path))
    ids = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    return load_library([i for i in ids if i], base_dir)
