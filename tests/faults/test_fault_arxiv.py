"""Fault suite, arXiv: rate limits, server errors, broken connections, broken documents, an error entry, paging
that stops early, PDFs that are missing or are web pages. Each case runs `paperbrief run` as a subprocess
against the loopback arXiv server with a fault script and checks the exit code, the message, the database's
integrity and where every paper ended; where the fault leaves the window open, a second run without the fault
writes the post a run that never met the fault writes."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from paperbrief.samples.server import ArxivStub, Fault, error_feed

import arxiv_world as W
from fault_harness import (EXPECTED, LATER, POST, ScriptedLLMServer, account_for_every_paper, ids_in, integrity,
                           pb_run, posts, reference_post, report, write_config)

pytestmark = pytest.mark.slow

RECORDED = Path(__file__).resolve().parents[3] / "shared" / "arxiv-responses"


@pytest.fixture(scope="module")
def entries():
    return W.week()


@pytest.fixture(scope="module")
def reference(tmp_path_factory, sample_pdfs, entries):
    return reference_post(tmp_path_factory.mktemp("reference"), lambda: world(entries, sample_pdfs))


@contextlib.contextmanager
def world(entries, sample_pdfs, failures=(), **stub_kw):
    with ArxivStub(entries=entries, pdfs=W.pdfs_for(entries, sample_pdfs), failures=list(failures),
                   **stub_kw) as stub, ScriptedLLMServer() as llm:
        yield stub, llm


def run_with(tmp_path, entries, sample_pdfs, failures, *, arxiv=None, **stub_kw):
    with world(entries, sample_pdfs, failures, **stub_kw) as (stub, llm):
        cfg = write_config(tmp_path, stub.api_url, llm.base_url, arxiv=arxiv)
        done = pb_run(cfg)
        left = list(stub.failures)
    return cfg, done, stub, left


def recover(tmp_path, entries, sample_pdfs, cfg_args=None):
    """The next run, with arXiv behaving: it finishes the window."""
    with world(entries, sample_pdfs) as (stub, llm):
        cfg = write_config(tmp_path, stub.api_url, llm.base_url, arxiv=cfg_args)
        return pb_run(cfg, now=LATER)


def assert_clean_run(tmp_path, done, reference):
    assert done.returncode == 0, done.stderr
    assert integrity(tmp_path) == "ok"
    assert account_for_every_paper(tmp_path) == {p: "post" for p in EXPECTED}
    assert posts(tmp_path) == {POST: reference}


# --- transient faults: retried, the run completes -----------------------------------------------------------

TRANSIENT = {
    "429-with-retry-after": [Fault(status=429, retry_after="1", path="/api/")],
    "429-without-retry-after": [Fault(status=429, path="/api/")],
    "503-twice": [Fault(status=503, path="/api/"), Fault(status=503, path="/api/")],
    "connection-reset": [Fault(reset=True, path="/api/")],
    "read-timeout": [Fault(delay=3, path="/api/")],
    "transfer-cut-off": [Fault(cut=200, path="/api/")],
    "truncated-atom": [Fault(truncate=700, path="/api/")],
    "malformed-atom": [Fault(status=200, body=b"<html><body>Down for maintenance</body></html>",
                             content_type="text/html", path="/api/")],
    "pdf-503": [Fault(status=503, path="/pdf/")],
    "pdf-reset": [Fault(reset=True, path="/pdf/")],
}


@pytest.mark.parametrize("case", sorted(TRANSIENT))
def test_a_transient_fault_is_retried_and_the_run_completes(tmp_path, entries, sample_pdfs, reference, case):
    cfg, done, stub, left = run_with(tmp_path, entries, sample_pdfs, TRANSIENT[case],
                                     arxiv={"timeout_seconds": 1.5})
    assert left == [], "the fault was never met"
    assert_clean_run(tmp_path, done, reference)
    assert "Traceback" not in done.stderr


# --- faults that last: exit 3, the window stays open, nothing is lost, the next run writes the post ----------

LASTING = {
    "429-for-good": ([Fault(status=429, path="/api/")] * 3, "kept refusing (HTTP 429) after 3 attempts"),
    "503-for-good": ([Fault(status=503, path="/api/")] * 3, "kept refusing (HTTP 503) after 3 attempts"),
    "retry-after-too-long": ([Fault(status=429, retry_after="86400", path="/api/")], "asked us to wait 86400 s"),
    "unreachable": ([Fault(reset=True, path="/api/")] * 3, "could not be reached"),
    "truncated-atom-for-good": ([Fault(truncate=700, path="/api/")] * 3, "did not send a complete arXiv answer"),
    "error-entry": ([Fault(status=200, body=error_feed("incorrect id format for 1234.12345"),
                           content_type="application/atom+xml", path="/api/")],  # not asked again
                    "incorrect id format for 1234.12345"),
}


@pytest.mark.parametrize("case", sorted(LASTING))
def test_a_lasting_arxiv_fault_is_exit_3_and_the_next_run_writes_the_post(tmp_path, entries, sample_pdfs,
                                                                          reference, case):
    faults, message = LASTING[case]
    cfg, done, stub, left = run_with(tmp_path, entries, sample_pdfs, faults)
    assert left == [], "the fault was never met"
    assert done.returncode == 3, done.stderr
    assert message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert integrity(tmp_path) == "ok"
    assert posts(tmp_path) == {}
    where = account_for_every_paper(tmp_path)
    assert all(reason.startswith("window unreachable") for reason in where.values()), where
    again = recover(tmp_path, entries, sample_pdfs)
    assert_clean_run(tmp_path, again, reference)


def test_paging_that_stops_early_is_exit_3_then_completed(tmp_path, entries, sample_pdfs, reference):
    cfg, done, stub, _ = run_with(tmp_path, entries, sample_pdfs, [], arxiv={"page_size": 2}, stop_paging_after=2)
    assert done.returncode == 3, done.stderr
    assert "stopped after 2" in done.stderr, done.stderr
    assert integrity(tmp_path) == "ok" and posts(tmp_path) == {}
    where = account_for_every_paper(tmp_path)
    assert all(reason.startswith("window stale") for reason in where.values()), where
    again = recover(tmp_path, entries, sample_pdfs, {"page_size": 2})
    assert_clean_run(tmp_path, again, reference)


def test_a_recorded_arxiv_error_answer_is_exit_3_with_arxivs_words(tmp_path, entries, sample_pdfs):
    recorded = RECORDED / "arxivpy-2026-error-400-bad-id-abc.xml"
    if not recorded.exists():
        pytest.fail(f"the recorded arXiv responses are missing: {recorded}")
    body = recorded.read_bytes()
    cfg, done, stub, left = run_with(tmp_path, entries, sample_pdfs,
                                     [Fault(status=400, body=body, content_type="application/atom+xml",
                                            path="/api/")])
    assert left == []
    assert done.returncode == 3, done.stderr
    assert "arXiv rejected the query: incorrect id format for abc." in done.stderr, done.stderr
    assert len([r for r in stub.requests if r.startswith("/api/")]) == 1  # a 400 is not asked again
    assert integrity(tmp_path) == "ok" and posts(tmp_path) == {}


# --- PDFs: the paper is published with arXiv's facts and a note; exit 1 --------------------------------------

PDF1 = "/pdf/2611.50001"  # the first paper's PDF only
PDF_FAULTS = {
    "pdf-404": ([Fault(status=404, body=b"not found", path=PDF1)], "HTTP 404"),
    "pdf-is-html": ([Fault(status=200, body=b"<!DOCTYPE html><html><body>Please verify you are a human</body>"
                           b"</html>", content_type="text/html", path=PDF1)],
                    "answered text/html, not a PDF"),
    "pdf-cut-for-good": ([Fault(cut=1000, path=PDF1)] * 3, "could not be reached"),
}


@pytest.mark.parametrize("case", sorted(PDF_FAULTS))
def test_a_pdf_that_cannot_be_had_is_published_with_arxiv_facts_and_a_note(tmp_path, entries, sample_pdfs, case):
    faults, message = PDF_FAULTS[case]
    cfg, done, stub, left = run_with(tmp_path, entries, sample_pdfs, faults)
    assert left == []
    assert done.returncode == 1, done.stderr
    assert integrity(tmp_path) == "ok"
    text = posts(tmp_path)[POST]
    assert sorted(ids_in(text)) == EXPECTED
    first = EXPECTED[0]
    assert "Faster Diffusion Sampling 50001" in text  # arXiv's title
    block = text.split(f"arxiv.org/abs/{first}v1)")[0].rsplit("\n## ", 1)[1]
    assert "Ada Lovelace" in block or "Alan Turing" in block or "Grace Hopper" in block  # arXiv's authors
    failed = [p for w in report(tmp_path)["windows"] for p in w["papers"] if p["status"] == "failed"]
    assert [p["id"] for p in failed] == [f"{first}v1"]
    assert message in failed[0]["reasons"][0], failed
    cache = list((tmp_path / "out" / "data").rglob(f"{first}v1.pdf"))
    assert cache == [], "a failed download must not be cached as the paper's PDF"
