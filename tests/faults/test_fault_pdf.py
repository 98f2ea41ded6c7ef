"""Fault suite, PDFs: truncated, encrypted, zero pages, 500 pages, image-only, garbage bytes and two PDF bombs (a
content stream that inflates to 2 GB, an object stream of 200,000 objects in a damaged file) as
the first paper's PDF in a real `paperbrief run`. Each is bounded (the reader works in a child process with a
time and a memory limit), and the paper is published with arXiv's facts and a note; the others are untouched."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from paperbrief.errors import PDFError
from paperbrief.pdf.bounded import BoundedReader, PDFLimits
from paperbrief.samples.server import ArxivStub

import arxiv_world as W
import bad_pdfs as B
from fault_harness import (EXPECTED, POST, ScriptedLLMServer, account_for_every_paper, ids_in, integrity, pb_run,
                           posts, report, write_config)

pytestmark = pytest.mark.slow
FIRST = "2611.50001v1"

# the PDF, the exit code, and what the first paper's line in the report says (None: published, no failure)
CASES = {
    "truncated": (lambda s: B.truncated(s), 1, "PDF unreadable"),
    "encrypted": (lambda s: B.encrypted(), 1, "encrypted"),
    "zero-pages": (lambda s: B.zero_pages(), 1, "no pages"),
    "garbage-bytes": (lambda s: B.garbage(), 1, "PDF unreadable"),
    "pdf-bomb": (lambda s: B.bomb(), 1, "was still being read after 3 s"),
    "object-stream-bomb": (lambda s: B.object_stream_bomb(), 1, "was still being read after 3 s"),
    "500-pages": (lambda s: B.many_pages(), 0, None),
    "image-only": (lambda s: B.image_only(), 0, None),
}


@pytest.fixture(scope="module")
def entries():
    return W.week()


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_pdf_costs_only_its_own_paper(tmp_path, entries, sample_pdfs, case):
    make, code, reason = CASES[case]
    pdfs = W.pdfs_for(entries, sample_pdfs)
    pdfs[FIRST] = make(next(iter(sample_pdfs.values())))
    with ArxivStub(entries=entries, pdfs=pdfs) as stub, ScriptedLLMServer() as llm:
        cfg = write_config(tmp_path, stub.api_url, llm.base_url, output={})
        with cfg.open("a", encoding="utf-8") as f:
            f.write("[pdf]\ntimeout_seconds = 3\nmemory_mb = 1024\n")
        done = pb_run(cfg)
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    assert integrity(tmp_path) == "ok"
    assert account_for_every_paper(tmp_path) == {p: "post" for p in EXPECTED}
    text = posts(tmp_path)[POST]
    assert sorted(ids_in(text)) == EXPECTED
    lines = {p["id"]: p for w in report(tmp_path)["windows"] for p in w["papers"]}
    first = lines[FIRST]
    block = text.split(f"arxiv.org/abs/{FIRST})")[0].rsplit("\n## ", 1)[1]
    assert "Faster Diffusion Sampling 50001" in block  # arXiv's title, whatever the PDF
    assert "**Authors:Alan Turing, Barbara Liskov**" in block  # arXiv's authors (arxiv_world's names 1 and 4)
    assert str(tmp_path) not in text  # no local path in a published post
    if reason is None:
        assert first["status"] == "analysed", first
    else:
        assert first["status"] == "failed" and reason in first["reasons"][0], first
        assert "本文处理未完成" in text  # the post's note on the paper
    assert all(lines[f"{p}v1"]["status"] == "analysed" for p in EXPECTED[1:])


def test_the_reader_runs_under_the_memory_limit_and_survives_a_killed_worker(tmp_path, sample_pdfs):
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(B.bomb())
    good = next(iter(sample_pdfs.values()))
    with BoundedReader(PDFLimits(seconds=60, memory_mb=700)) as reader:
        reader.extract(good)
        pid = reader._proc.pid
        limits = Path(f"/proc/{pid}/limits").read_text()
        line = next(x for x in limits.splitlines() if x.startswith("Max address space"))
        assert line.split()[3:5] == [str(700 * 2**20)] * 2, line

        def kill_soon():
            time.sleep(1.0)
            os.kill(pid, signal.SIGKILL)

        killer = threading.Thread(target=kill_soon)
        killer.start()
        with pytest.raises(PDFError, match=r"the reader stopped \(exit -9\) under the 700 MB memory limit"):
            reader.extract(bomb)
        killer.join()
        assert reader.extract(good).pages > 0  # a new worker reads the next PDF
        assert reader._proc.pid != pid
