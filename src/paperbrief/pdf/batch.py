"""Many PDFs in one command: ``paperbrief extract A.pdf B.pdf DIR --jsonl``.

One process imports PyMuPDF once and hands the files to a pool of forked workers, one per core (a fork
inherits the imports, so a worker starts in milliseconds). Results come back in the order given. A file that
cannot be read is an error line of its own; the others are not affected. A worker that dies (MuPDF crashing,
or the memory limit reached) costs only the files it held: they are read again, each alone in a fresh worker,
so the culprit is named and the rest still succeed.

These are the user's own files, read with a memory limit (``RLIMIT_AS``) but no time limit; a run reads PDFs
downloaded from arXiv through :mod:`paperbrief.pdf.bounded`, which has both."""

from __future__ import annotations

import multiprocessing
import os
import resource
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from paperbrief.errors import ConfigError, PDFError
from paperbrief.records import Extraction

__all__ = ["BatchItem", "pdf_paths", "figure_dirs", "extract_many", "default_jobs"]


@dataclass(frozen=True)
class BatchItem:
    """One file's outcome: its extraction, or the one-sentence reason it has none."""

    path: Path
    extraction: Extraction | None = None
    error: str | None = None


def pdf_paths(args: Sequence[Path]) -> list[Path]:
    """The files named, with each folder replaced by its ``*.pdf`` files (sorted, not recursive); each file
    once, in the order first named. A name that does not exist, or a folder without PDFs, is a ``ConfigError``."""
    out: list[Path] = []
    seen: set[Path] = set()
    for arg in args:
        if arg.is_dir():
            found = sorted(p for p in arg.iterdir() if p.suffix.lower() == ".pdf" and p.is_file())
            if not found:
                raise ConfigError(f"{arg} is a folder without PDF files.")
        elif arg.exists():
            found = [arg]
        else:
            raise ConfigError(f"{arg} does not exist.")
        for p in found:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                out.append(p)
    return out


def figure_dirs(paths: Sequence[Path], root: Path | None) -> list[Path | None]:
    """Where each file's figures go: ``root/<file stem>``, with ``-2``, ``-3`` … when two files share a stem."""
    if root is None:
        return [None] * len(paths)
    used: dict[str, int] = {}
    out: list[Path | None] = []
    for p in paths:
        n = used.get(p.stem, 0) + 1
        used[p.stem] = n
        out.append(root / (p.stem if n == 1 else f"{p.stem}-{n}"))
    return out


def default_jobs(n_files: int) -> int:
    """One worker per core this process may use, never more than there are files."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, n_files))


def _limit_memory(memory_mb: int) -> None:
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _read(path: Path, figures: Path | None) -> BatchItem:
    from paperbrief.pdf import extract_pdf

    try:
        return BatchItem(path, extraction=extract_pdf(path, figures))
    except PDFError as exc:
        return BatchItem(path, error=str(exc))
    except MemoryError:
        return BatchItem(path, error=f"{path} needs more memory than the PDF reader's limit.")


def extract_many(paths: Sequence[Path], figures_root: Path | None = None, *, jobs: int | None = None,
                 memory_mb: int = 2048) -> Iterator[BatchItem]:
    """Extract every file in ``paths``; yield one :class:`BatchItem` per file, in the order given."""
    paths = list(paths)
    dirs = figure_dirs(paths, figures_root)
    jobs = default_jobs(len(paths)) if jobs is None else max(1, jobs)
    if jobs == 1 or len(paths) <= 1:
        yield from _serial(paths, dirs, memory_mb)
        return
    import paperbrief.pdf  # noqa: F401  (imported once here; the forked workers inherit it)

    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_limit_memory, initargs=(memory_mb,)) as pool:
        futures = [pool.submit(_read, p, d) for p, d in zip(paths, dirs)]
        for p, d, fut in zip(paths, dirs, futures):
            yield _collect(fut, p, d, memory_mb)


def _serial(paths: list[Path], dirs: list[Path | None], memory_mb: int) -> Iterator[BatchItem]:
    """One at a time, each in its own forked worker when there is more than one file (a crash or the memory
    limit then costs one file); a single file is read in this process."""
    if len(paths) == 1:
        yield _read(paths[0], dirs[0])
        return
    for p, d in zip(paths, dirs):
        yield _alone(p, d, memory_mb)


def _collect(fut: Future, path: Path, figures: Path | None, memory_mb: int) -> BatchItem:
    try:
        return fut.result()
    except BrokenProcessPool:
        return _alone(path, figures, memory_mb)


def _alone(path: Path, figures: Path | None, memory_mb: int) -> BatchItem:
    """Read one file in a fresh worker of its own; a worker that dies is reported as that file's error."""
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(1, mp_context=ctx, initializer=_limit_memory, initargs=(memory_mb,)) as pool:
        try:
            return pool.submit(_read, path, figures).result()
        except BrokenProcessPool:
            return BatchItem(path, error=f"{path} stopped the PDF reader (it crashed or ran out of its "
                                         f"{memory_mb} MB memory limit).")
