"""Fault suite, the process and the disk: `kill -9` during fetch, extraction, an LLM call and the post write
(at named points and from outside), two runs at once, an output folder that cannot be written, a data folder
that cannot be made, a full disk while writing a post. After each, the database passes its integrity check, no
paper is published twice, and the next run writes the post an uninterrupted run writes, asking the LLM only
for what was not saved."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from paperbrief.samples.server import Fault

import arxiv_world as W
from fault_harness import (EXPECTED, LATER, POST, World, account_for_every_paper, command, integrity, out, pb_run,
                           posts, reference_post, report, write_config)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def entries():
    return W.week()


@pytest.fixture(scope="module")
def reference_run(tmp_path_factory, sample_pdfs, entries) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("reference")
    return folder, reference_post(folder, lambda: World(entries, sample_pdfs))


@pytest.fixture(scope="module")
def reference(reference_run) -> str:
    return reference_run[1]


def leftovers(folder: Path) -> list[str]:
    """Temporary files of an interrupted write, anywhere under the output folder."""
    return sorted(str(p.relative_to(folder)) for p in out(folder).rglob(".*") if p.is_file())


def finish(tmp_path, entries, sample_pdfs, reference, llm_calls: int):
    """The next run: exit 0, the uninterrupted run's post, the LLM asked only for what was not saved."""
    with World(entries, sample_pdfs) as (stub, llm):
        again = pb_run(write_config(tmp_path, stub.api_url, llm.base_url), now=LATER)
        asked = len(llm.requests)
    assert again.returncode == 0, again.stderr
    assert integrity(tmp_path) == "ok"
    assert posts(tmp_path) == {POST: reference}
    assert account_for_every_paper(tmp_path) == {p: "post" for p in EXPECTED}
    assert leftovers(tmp_path) == []
    assert asked == llm_calls


# the point, and how many LLM answers the next run still needs (facts of all three papers are read first, then
# the three are analysed one by one; the post is written in its formats, then the window is marked done)
KILL_POINTS = {
    "fetch": ("kill@fetch", 3),
    "extraction": ("kill@extract:2", 3),
    "after-an-llm-answer": ("kill@llm:2", 2),
    "post-bytes-written-not-renamed": ("kill@write:1", 0),
    "between-the-post-formats": ("kill@write:2", 0),
    "post-written-window-not-done": ("kill@publish", 0),
}


@pytest.mark.parametrize("case", sorted(KILL_POINTS))
def test_kill_9_at_a_point_then_the_next_run_finishes_the_same_post(tmp_path, entries, sample_pdfs, reference,
                                                                    case):
    fault, remaining = KILL_POINTS[case]
    with World(entries, sample_pdfs) as (stub, llm):
        cfg = write_config(tmp_path, stub.api_url, llm.base_url)
        killed = pb_run(cfg, env={**os.environ, "PAPERBRIEF_FAULT": fault})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert integrity(tmp_path) == "ok"
    written = posts(tmp_path)
    assert written in ({}, {POST: reference})  # never a half-written post
    finish(tmp_path, entries, sample_pdfs, reference, remaining)


def _kill_group_when(proc: subprocess.Popen, ready, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        assert proc.poll() is None, f"the run ended before {what}: {proc.stderr.read()}"
        assert time.monotonic() < deadline, f"no {what} within {timeout} s"
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the machine dies: the run and its PDF reader
    proc.wait(30)


def test_kill_9_from_outside_while_arxiv_is_answering(tmp_path, entries, sample_pdfs, reference):
    with World(entries, sample_pdfs, failures=[Fault(delay=30, path="/api/")]) as (stub, llm):
        cfg = write_config(tmp_path, stub.api_url, llm.base_url, arxiv={"timeout_seconds": 60})
        proc = subprocess.Popen(command(cfg), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        _kill_group_when(proc, lambda: any(r.startswith("/api/") for r in stub.requests), "arXiv request")
    assert integrity(tmp_path) == "ok" and posts(tmp_path) == {}
    finish(tmp_path, entries, sample_pdfs, reference, 3)


def test_kill_9_from_outside_during_an_llm_call(tmp_path, entries, sample_pdfs, reference):
    with World(entries, sample_pdfs, script=["ok", "hang"], hang_seconds=60) as (stub, llm):
        cfg = write_config(tmp_path, stub.api_url, llm.base_url, llm={"timeout_seconds": 120})
        proc = subprocess.Popen(command(cfg), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        _kill_group_when(proc, lambda: len(llm.requests) >= 2, "second LLM call")
    assert integrity(tmp_path) == "ok" and posts(tmp_path) == {}
    finish(tmp_path, entries, sample_pdfs, reference, 2)  # the first paper's answer was saved


def test_two_runs_at_once_on_one_data_folder(tmp_path, entries, sample_pdfs, reference):
    with World(entries, sample_pdfs, script=["hang"], hang_seconds=4) as (stub, llm):
        cfg = write_config(tmp_path, stub.api_url, llm.base_url)
        first = subprocess.Popen(command(cfg), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while not llm.requests:  # the first run holds the lock and waits for its LLM
            assert first.poll() is None and time.monotonic() < deadline, first.stderr.read()
            time.sleep(0.05)
        second = pb_run(cfg)
        out_first, err_first = first.communicate(timeout=300)
    assert second.returncode == 4, second.stderr
    assert "is in use by paperbrief run pid" in second.stderr and "--wait" in second.stderr
    assert first.returncode == 0, err_first
    assert integrity(tmp_path) == "ok"
    assert posts(tmp_path) == {POST: reference}
    assert account_for_every_paper(tmp_path) == {p: "post" for p in EXPECTED}


# --- the disk ------------------------------------------------------------------------------------------------

def test_an_output_folder_that_cannot_be_written_is_exit_5_then_the_next_run_writes(tmp_path, entries,
                                                                                     sample_pdfs, reference):
    (out(tmp_path)).mkdir()
    (out(tmp_path) / "posts").write_text("a file where the posts folder should be")
    with World(entries, sample_pdfs) as (stub, llm):
        done = pb_run(write_config(tmp_path, stub.api_url, llm.base_url))
    assert done.returncode == 5, done.stderr
    assert "error: Could not write the figures of Diffusion Models 2026-11-30" in done.stderr
    assert "Not a directory" in done.stderr and "the next run writes this one" in done.stderr
    assert "Traceback" not in done.stderr
    assert integrity(tmp_path) == "ok" and report(tmp_path)["exit_code"] == 5
    (out(tmp_path) / "posts").unlink()
    finish(tmp_path, entries, sample_pdfs, reference, 3)  # the figures are copied before the LLM is asked


def test_a_data_folder_that_cannot_be_made_is_exit_5(tmp_path, entries, sample_pdfs):
    (tmp_path / "blocked").write_text("a file where a folder should be")
    with World(entries, sample_pdfs) as (stub, llm):
        cfg = write_config(tmp_path, stub.api_url, llm.base_url, output={"data_dir": str(tmp_path / "blocked" / "d")})
        done = pb_run(cfg)
        assert stub.requests == []
    assert done.returncode == 5, done.stderr
    assert "Could not write the data folder" in done.stderr and "Traceback" not in done.stderr


def test_a_missing_data_folder_is_made(tmp_path, entries, sample_pdfs, reference):
    with World(entries, sample_pdfs) as (stub, llm):
        cfg = write_config(tmp_path, stub.api_url, llm.base_url, output={"data_dir": str(tmp_path / "new" / "data")})
        done = pb_run(cfg)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "new" / "data" / "paperbrief.sqlite").is_file()
    assert posts(tmp_path) == {POST: reference}


def _small_filesystem(folder: Path, size_kb: int) -> bool:
    """A size-limited tmpfs at ``folder``; False when this machine does not allow mounting one."""
    folder.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)],
                          capture_output=True)
    return done.returncode == 0


def _blocks(size: int) -> int:
    return -(-size // 4096) * 4096


def test_a_full_disk_while_writing_a_post_keeps_the_previous_post(tmp_path, entries, sample_pdfs, reference,
                                                                  reference_run):
    posts_dir = out(tmp_path) / "posts"
    sunday = W.windows()[3]
    with World(entries, sample_pdfs) as (stub, llm):
        cfg = write_config(tmp_path, stub.api_url, llm.base_url)
        first = pb_run(cfg, now=sunday.announced_at + (LATER - W.NOW))  # Sunday's post, on a roomy disk
        assert first.returncode == 0, first.stderr
    before = posts(tmp_path)
    assert list(before) == [f"{sunday.key}-diffusion-models.md"]
    # the posts folder moves to a file system that is full but for a few kilobytes (where this machine can
    # mount one; else the full disk is injected where the post's bytes are written)
    saved = tmp_path / "posts-before"
    shutil.copytree(posts_dir, saved)
    mounted = _small_filesystem(posts_dir, 1024)
    try:
        env = dict(os.environ)
        if mounted:
            shutil.copytree(saved, posts_dir, dirs_exist_ok=True)
            used = sum(p.stat().st_size for p in posts_dir.rglob("*") if p.is_file())
            # room for Monday's figures (as large as the reference run's) and for all of the post but a block
            figures = sum(_blocks(p.stat().st_size) for p in (out(reference_run[0]) / "posts").rglob("*")
                          if p.is_file() and p.parent.name == POST.removesuffix(".md"))
            room = figures + _blocks(len(reference.encode())) - 4096
            free = shutil.disk_usage(posts_dir).free
            (posts_dir / "filler.bin").write_bytes(b"\0" * (free - room))
        else:
            env["PAPERBRIEF_FAULT"] = "enospc@write"
        with World(entries, sample_pdfs) as (stub, llm):
            full = pb_run(write_config(tmp_path, stub.api_url, llm.base_url), env=env)
        assert full.returncode == 5, full.stderr
        assert "No space left on device" in full.stderr and "Traceback" not in full.stderr
        assert "error: Could not write the post of Diffusion Models 2026-11-30" in full.stderr  # not its figures
        assert integrity(tmp_path) == "ok"
        now = posts(tmp_path)
        assert now == before  # the previous post intact, no new half-written one
        assert leftovers(tmp_path) == []
    finally:
        if mounted:
            subprocess.run(["umount", str(posts_dir)], check=True)
    shutil.copytree(saved, posts_dir, dirs_exist_ok=True)
    with World(entries, sample_pdfs) as (stub, llm):
        again = pb_run(write_config(tmp_path, stub.api_url, llm.base_url), now=LATER)
        asked = len(llm.requests)
    assert again.returncode == 0, again.stderr
    assert asked == 0  # the Monday analyses were saved before the disk filled
    # the same two days on a disk that never filled
    calm = tmp_path / "calm"
    calm.mkdir()
    for now in (sunday.announced_at + (LATER - W.NOW), LATER):
        with World(entries, sample_pdfs) as (stub, llm):
            assert pb_run(write_config(calm, stub.api_url, llm.base_url), now=now).returncode == 0
    assert posts(tmp_path) == posts(calm) and len(posts(calm)) == 2
