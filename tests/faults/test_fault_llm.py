"""Fault suite, the LLM: invalid JSON, schema violations, a refusal, a hang past the timeout, a context
overflow (the paper is published with arXiv's and the PDF's facts and a note, exit 1, or the retry repairs it);
an endpoint that is down or refuses the key (no post of failures: the window stays open, exit 3, and the next
run writes the post an undisturbed run writes); a missing or damaged model file (exit 2 before any work)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from paperbrief.samples.server import ArxivStub

import arxiv_world as W
from fault_harness import (EXPECTED, LATER, POST, World, account_for_every_paper, integrity, pb_run, posts,
                           reference_post, report, write_config)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def entries():
    return W.week()


@pytest.fixture(scope="module")
def reference(tmp_path_factory, sample_pdfs, entries):
    return reference_post(tmp_path_factory.mktemp("reference"), lambda: World(entries, sample_pdfs))


def failed_lines(folder: Path) -> list[dict]:
    return [p for w in report(folder)["windows"] for p in w["papers"] if p["status"] == "failed"]


# --- one paper's answer is bad: the retry repairs it, or the paper goes out with its facts and a note --------

REPAIRED = ["invalid-json", "schema", "refusal"]


@pytest.mark.parametrize("step", REPAIRED)
def test_one_bad_answer_is_repaired_by_the_retry(tmp_path, entries, sample_pdfs, reference, step):
    with World(entries, sample_pdfs, script=[step]) as (stub, llm):
        done = pb_run(write_config(tmp_path, stub.api_url, llm.base_url))
        assert llm.script == [] and len(llm.requests) == 4  # 3 papers, one asked twice
    assert done.returncode == 0, done.stderr
    assert integrity(tmp_path) == "ok"
    assert account_for_every_paper(tmp_path) == {p: "post" for p in EXPECTED}
    assert report(tmp_path)["llm"]["retries"] == 1
    assert posts(tmp_path) == {POST: reference}


FAILING = {
    "invalid-json-twice": (["invalid-json", "invalid-json"], {}, "failed the schema twice"),
    "schema-violation-twice": (["schema", "schema"], {}, "no part of the answer passed the checks (schema)"),
    "refusal-twice": (["refusal", "refusal"], {}, "failed the schema twice"),
    "hang-past-the-timeout": (["hang", "hang"], {"timeout_seconds": 2, "max_retries": 1}, "timed out"),
    "context-overflow": (["overflow"], {}, "maximum context length"),
    "server-error": (["500", "500"], {"max_retries": 1}, "answered HTTP 500"),
}


@pytest.mark.parametrize("case", sorted(FAILING))
def test_a_paper_whose_llm_call_fails_is_published_with_its_facts_and_a_note(tmp_path, entries, sample_pdfs,
                                                                            case):
    script, llm_cfg, reason = FAILING[case]
    with World(entries, sample_pdfs, script=script, hang_seconds=6) as (stub, llm):
        done = pb_run(write_config(tmp_path, stub.api_url, llm.base_url, llm=llm_cfg))
        assert llm.script == []
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert integrity(tmp_path) == "ok"
    assert account_for_every_paper(tmp_path) == {p: "post" for p in EXPECTED}
    failed = failed_lines(tmp_path)
    assert len(failed) == 1 and reason in failed[0]["reasons"][0], failed
    text = posts(tmp_path)[POST]
    title = failed[0]["title"]
    block = text.split(f"## {title}")[1].split("\n## ")[0]
    assert "本文处理未完成（LLM failed" in block  # the note, in the paper's block
    assert "**Authors:" in block and "[PDF](http://arxiv.org/abs/" in block  # its facts are there


# --- the endpoint cannot answer anyone: no post of failures; the next run writes the post ------------------

def _closed_port_url() -> str:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nobody listens there now
    return f"http://127.0.0.1:{port}/v1"


def test_an_endpoint_that_is_down_leaves_the_window_open(tmp_path, entries, sample_pdfs, reference):
    with World(entries, sample_pdfs) as (stub, llm):
        done = pb_run(write_config(tmp_path, stub.api_url, _closed_port_url(), llm={"max_retries": 1}))
    assert done.returncode == 3, done.stderr
    assert "could not be reached (ConnectError), and still after 1 retry" in done.stderr, done.stderr
    assert integrity(tmp_path) == "ok" and posts(tmp_path) == {}
    where = account_for_every_paper(tmp_path)
    assert all(r.startswith("window unreachable") for r in where.values()), where
    with World(entries, sample_pdfs) as (stub, llm):
        again = pb_run(write_config(tmp_path, stub.api_url, llm.base_url), now=LATER)
        assert len(llm.requests) == 3
    assert again.returncode == 0, again.stderr
    assert posts(tmp_path) == {POST: reference}


def test_an_endpoint_that_refuses_the_key_leaves_the_window_open(tmp_path, entries, sample_pdfs, reference):
    refuse = (lambda body: (401, b'{"error": {"message": "Incorrect API key provided."}}'))
    with World(entries, sample_pdfs, script=[refuse]) as (stub, llm):
        done = pb_run(write_config(tmp_path, stub.api_url, llm.base_url))
        assert len(llm.requests) == 1  # a refused key is not asked again
    assert done.returncode == 3, done.stderr
    assert "answered HTTP 401: Incorrect API key provided." in done.stderr
    assert integrity(tmp_path) == "ok" and posts(tmp_path) == {}
    with World(entries, sample_pdfs) as (stub, llm):
        again = pb_run(write_config(tmp_path, stub.api_url, llm.base_url), now=LATER)
    assert again.returncode == 0, again.stderr
    assert posts(tmp_path) == {POST: reference}


def test_the_endpoint_going_down_mid_window_keeps_the_papers_already_analysed(tmp_path, entries, sample_pdfs,
                                                                               reference):
    down = (lambda body: (404, b'{"error": {"message": "The model canned does not exist."}}'))
    with World(entries, sample_pdfs, script=["ok", down]) as (stub, llm):
        done = pb_run(write_config(tmp_path, stub.api_url, llm.base_url))
    assert done.returncode == 3, done.stderr
    assert "answered HTTP 404: The model canned does not exist." in done.stderr
    assert posts(tmp_path) == {}
    with World(entries, sample_pdfs) as (stub, llm):
        again = pb_run(write_config(tmp_path, stub.api_url, llm.base_url), now=LATER)
        assert len(llm.requests) == 2  # the first paper's analysis was kept
    assert again.returncode == 0, again.stderr
    assert posts(tmp_path) == {POST: reference}


# --- the embedded model: missing or damaged is exit 2 before any work --------------------------------------

@pytest.mark.parametrize("case", ["missing-default", "damaged-default", "not-gguf", "missing-path"])
def test_a_missing_or_damaged_model_is_exit_2_before_any_work(tmp_path, entries, sample_pdfs, case):
    models = tmp_path / "models"
    models.mkdir()
    llm_cfg = {"backend": "embedded"}
    if case == "damaged-default":  # the default model's name, the wrong bytes
        (models / "Qwen2.5-Coder-1.5B-Instruct-Q4_K_M.gguf").write_bytes(b"GGUF" + b"\0" * 4096)
    elif case == "not-gguf":
        (bad := tmp_path / "model.gguf").write_bytes(b"<html>404 Not Found</html>")
        llm_cfg["model_path"] = str(bad)
    elif case == "missing-path":
        llm_cfg["model_path"] = str(tmp_path / "nowhere.gguf")
    expected = {"missing-default": "The embedded model is not installed; run `paperbrief model pull`",
                "damaged-default": "is damaged: its size or SHA-256 is not the published one; run `paperbrief "
                                   "model pull`",
                "not-gguf": "is not a GGUF model (it does not begin with GGUF)",
                "missing-path": "nowhere.gguf (llm.model_path) does not exist"}[case]
    with ArxivStub(entries=entries, pdfs=W.pdfs_for(entries, sample_pdfs)) as stub:
        cfg = write_config(tmp_path, stub.api_url, "http://127.0.0.1:9/v1", llm=llm_cfg)
        done = pb_run(cfg, env={**os.environ, "PAPERBRIEF_MODEL_DIR": str(models)})
        assert stub.requests == []  # nothing was fetched
    assert done.returncode == 2, done.stderr
    assert expected in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()
