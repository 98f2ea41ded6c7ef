"""Named points of a run where the fault suite makes it die or finds the disk full.

``PAPERBRIEF_FAULT`` chooses one: ``kill@extract:2`` sends the process SIGKILL the second time it reaches the
point ``extract`` (a real ``kill -9``: no clean-up of ours runs); ``enospc@write`` raises
``OSError(ENOSPC)`` there, as a full disk would. Unset, as always outside the tests, a point costs one
environment lookup. The points: ``fetch`` (arXiv answered, nothing saved yet), ``extract`` (a PDF read, not
yet saved), ``llm`` (a paper analysed, not yet saved), ``write`` (a file's bytes written, not yet renamed into
place), ``publish`` (a post's files written, the window not yet marked done)."""

from __future__ import annotations

import errno
import os
import signal
import threading

__all__ = ["reached"]

_lock = threading.Lock()
_seen: dict[str, int] = {}


def reached(point: str) -> None:
    wanted = os.environ.get("PAPERBRIEF_FAULT")
    if not wanted:
        return
    action, _, rest = wanted.partition("@")
    name, _, nth = rest.partition(":")
    if name != point:
        return
    with _lock:
        _seen[point] = _seen.get(point, 0) + 1
        hit = _seen[point] == int(nth or 1)
    if not hit:
        return
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif action == "enospc":
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
