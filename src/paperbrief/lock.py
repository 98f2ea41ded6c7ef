"""One run at a time per data folder.

An advisory ``flock`` on ``<data>/paperbrief.lock``: the kernel drops it when the holding process dies, however
it dies, so a crashed run never keeps the lock. The holder writes who it is into the file, so a second run
can say who holds it."""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from paperbrief.errors import RunLocked

__all__ = ["RunLock", "LOCK_NAME"]

LOCK_NAME = "paperbrief.lock"


class RunLock:
    """``with RunLock(folder): ...``; raises ``RunLocked`` when another process holds it, unless ``wait``."""

    def __init__(self, folder: Path, *, wait: bool = False, on_wait: Callable[[str], None] | None = None):
        self.path = Path(folder) / LOCK_NAME
        self.wait = wait
        self.on_wait = on_wait or (lambda message: None)
        self._fd: int | None = None

    def holder(self) -> str:
        try:
            info = json.loads(self.path.read_text(encoding="utf-8") or "{}")
        except (OSError, ValueError):
            info = {}
        if not info:
            return "another paperbrief run"
        return (f"paperbrief run pid {info.get('pid')} on {info.get('host')}, started {info.get('started')} "
                f"({info.get('command', '')})").replace(" ()", "")

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                who = self.holder()
                if not self.wait:
                    raise RunLocked(f"The data folder {self.path.parent} is in use by {who}; try again later "
                                    "or pass --wait.") from None
                self.on_wait(f"waiting for {who} to finish …")
                fcntl.flock(fd, fcntl.LOCK_EX)
            info = {"pid": os.getpid(), "host": socket.gethostname(),
                    "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    "command": " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(sys.argv[:6]))}
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(info).encode("utf-8"), 0)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "RunLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
