"""PDF extraction in a worker process with a time and a memory limit.

A PDF is untrusted input: a few megabytes can decompress to gigabytes (a "PDF bomb"), and a damaged file can
send a parser into a long loop. MuPDF runs in-process and cannot be interrupted, so a run reads its PDFs in one
worker process (``python -m paperbrief.pdf.bounded``: a fresh interpreter, so no thread of the run is forked)
under ``RLIMIT_AS``. A worker still reading after ``seconds`` is killed, one that dies (out of memory inside
MuPDF) is noticed, and the next PDF gets a new worker. Either way the paper gets a ``PDFError`` naming the
limit, and the run goes on with arXiv's facts. Jobs and answers are JSON lines."""

from __future__ import annotations

import json
import os
import resource
import select
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from paperbrief.errors import PDFError
from paperbrief.records import Extraction

__all__ = ["PDFLimits", "BoundedReader"]

STARTUP_SECONDS = 120.0  # a fresh interpreter importing PyMuPDF, on a busy machine


@dataclass(frozen=True)
class PDFLimits:
    seconds: float = 120.0
    memory_mb: int = 2048


class BoundedReader:
    """``extract(path, …)`` is :func:`paperbrief.pdf.extract_pdf` in the worker, bounded by ``limits``. One
    job at a time; ``close()`` ends the worker (also a context manager)."""

    def __init__(self, limits: PDFLimits = PDFLimits()) -> None:
        self.limits = limits
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def _worker(self) -> subprocess.Popen:
        if self._proc is None or self._proc.poll() is not None:
            self._proc = subprocess.Popen([sys.executable, "-m", "paperbrief.pdf.bounded", str(self.limits.memory_mb)],
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                          stderr=subprocess.DEVNULL, text=True, encoding="utf-8")
            # the worker says "ready" once its imports are done: the time limit is for reading, not starting
            ready, _, _ = select.select([self._proc.stdout], [], [], STARTUP_SECONDS)
            if not ready or self._proc.stdout.readline().strip() != "ready":
                code = self._stop()
                raise PDFError(f"the PDF reader did not start (exit {code})")
        return self._proc

    def _stop(self) -> int | None:
        proc, self._proc = self._proc, None
        if proc is None:
            return None
        if proc.poll() is None:
            proc.kill()
        return proc.wait()

    def extract(self, path: Path, figures_dir: Path | None = None, *, abstract: str | None = None,
                comment: str | None = None, authors: list[str] | None = None) -> Extraction:
        name = Path(path).name
        job = json.dumps({"path": str(path), "figures_dir": str(figures_dir) if figures_dir else None,
                          "abstract": abstract, "comment": comment, "authors": authors})
        with self._lock:
            proc = self._worker()  # outside the time limit
            try:
                proc.stdin.write(job + "\n")
                proc.stdin.flush()
            except BrokenPipeError:
                code = self._stop()
                raise PDFError(f"the PDF reader for {name} stopped before it started (exit {code})") from None
            ready, _, _ = select.select([proc.stdout], [], [], self.limits.seconds)
            if not ready:
                self._stop()
                raise PDFError(f"{name} was still being read after {self.limits.seconds:g} s (a PDF bomb or a "
                               "damaged file?); stopped")
            line = proc.stdout.readline()
            if not line:  # the worker died without a word: out of memory inside MuPDF, or killed
                code = self._stop()
                raise PDFError(f"{name} could not be read: the reader stopped (exit {code}) under the "
                               f"{self.limits.memory_mb} MB memory limit")
        answer = json.loads(line)
        if "ok" in answer:
            return Extraction.model_validate(answer["ok"])
        if answer["error"] == "memory":
            raise PDFError(f"{name} needs more than the {self.limits.memory_mb} MB memory limit to read")
        if answer["error"] == "pdf":
            raise PDFError(answer["message"])
        raise RuntimeError(answer["message"])

    def close(self) -> None:
        with self._lock:
            proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.stdin.close()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def __enter__(self) -> "BoundedReader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _serve(memory_mb: int) -> int:
    """The worker: one JSON job per line on stdin, one JSON answer per line on stdout, until stdin closes."""
    limit = memory_mb * 2**20
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):  # a lower hard limit is already set: keep it
        pass
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # whatever a library prints goes to stderr, never into the answers
    from paperbrief.pdf import extract_pdf

    answers.write("ready\n")
    answers.flush()
    for line in sys.stdin:
        job = json.loads(line)
        try:
            result = extract_pdf(Path(job["path"]), Path(job["figures_dir"]) if job["figures_dir"] else None,
                                 abstract=job["abstract"], comment=job["comment"], authors=job.get("authors"))
            answer = {"ok": json.loads(result.model_dump_json())}
        except PDFError as exc:
            answer = {"error": "pdf", "message": str(exc)}
        except MemoryError:
            answer = {"error": "memory", "message": ""}
        except Exception as exc:  # noqa: BLE001 - reported to the parent as the paper's error
            answer = {"error": "bug", "message": f"{type(exc).__name__}: {exc}"}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_serve(int(sys.argv[1])))
