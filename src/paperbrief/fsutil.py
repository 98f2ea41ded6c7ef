"""Atomic file writes: a crash never leaves a half-written post or report. Names built from paper data (an
arXiv id, a figure file) go through ``safe_name`` / ``safe_join``: nothing is written outside its folder."""

from __future__ import annotations

import glob
import os
import re
import tempfile
from pathlib import Path

from paperbrief import faultpoints
from paperbrief.errors import PaperbriefError

__all__ = ["atomic_write_text", "safe_name", "safe_join", "UnsafePath"]

_BAD = re.compile(r"[\x00-\x1f\x7f\\:]")


class UnsafePath(PaperbriefError):
    """A file name from paper data would leave the output folder (``..``, an absolute path, a NUL, ...)."""


def safe_name(name: str) -> str:
    """``name`` when it is one plain file name (no separator, not ``.``/``..``, no NUL, control character,
    backslash or colon); else ``UnsafePath``."""
    if not isinstance(name, str) or not name or name in (".", "..") or "/" in name or _BAD.search(name):
        raise UnsafePath(f"Refusing to write a file named {name!r}: it could leave the output folder.")
    return name


def safe_join(root: Path, *parts: str) -> Path:
    """``root`` joined with relative ``parts`` (each may hold ``/``-separated names), refused with
    ``UnsafePath`` when any name is unsafe or the result is not inside ``root``."""
    root = Path(root)
    names = [safe_name(seg) for part in parts for seg in str(part).split("/")]
    target = root.joinpath(*names)
    base = os.path.normpath(os.path.abspath(root))
    if os.path.commonpath([base, os.path.normpath(os.path.abspath(target))]) != base:
        raise UnsafePath(f"Refusing to write {target}: it is outside {root}.")
    return target


def atomic_write_text(path: Path, text: str) -> Path:
    """Write ``path`` whole or not at all: the bytes go to a hidden temporary file beside it, which replaces it
    once complete. Temporary files a killed process left behind for this name are removed first."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*"):
        stale.unlink(missing_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
            faultpoints.reached("write")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
