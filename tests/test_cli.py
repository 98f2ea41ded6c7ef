"""The CLI: user mistakes are one sentence and exit code 2, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXE = [sys.executable, "-m", "paperbrief"]


def pb(*args, cwd=None, timeout=120):
    return subprocess.run([*EXE, *args], capture_output=True, text=True, cwd=cwd, timeout=timeout)


def test_init_writes_a_loadable_commented_config(tmp_path, monkeypatch):
    from paperbrief.config import load_config
    from paperbrief.errors import ConfigError

    r = pb("init", str(tmp_path / "pb.toml"))
    assert r.returncode == 0
    text = (tmp_path / "pb.toml").read_text()
    assert text.count("#") > 10
    monkeypatch.delenv("PAPERBRIEF_CONTACT", raising=False)
    with pytest.raises(ConfigError, match="arxiv.contact"):  # no placeholder is ever sent to arXiv
        load_config(tmp_path / "pb.toml")
    monkeypatch.setenv("PAPERBRIEF_CONTACT", "me@lab.edu")
    cfg = load_config(tmp_path / "pb.toml")
    assert cfg.arxiv.contact == "me@lab.edu" and cfg.schedule.lookback_days == 1
    assert cfg.topics[0].name == "Diffusion Models" and cfg.llm.backend == "embedded"
    again = pb("init", str(tmp_path / "pb.toml"))
    assert again.returncode == 2 and "already exists" in again.stderr


@pytest.mark.parametrize("content, message", [
    (None, "does not exist"),
    ("[arxiv\nbase_url=", "not valid TOML"),
    ("[output]\ndir='x'\n", "defines no [[topics]]"),
    ("[[topics]]\nname='A'\nquery='q'\nmax_papers=-3\n", "topics.0.max_papers"),
    ("[[topics]]\nname='A'\nquery='q'\nlanguage='fr'\n", "topics.0.language"),
    ("[llm]\nbackend='magic'\n[[topics]]\nname='A'\nquery='q'\n", "llm.backend"),
    ("[arxiv]\nbse_url='typo'\n[[topics]]\nname='A'\nquery='q'\n", "arxiv.bse_url"),
    ("[[topics]]\nname='A'\nquery='q'\noutputs=['hexo','hugoo']\n", "topics.0.outputs.1"),
    ("[output]\nformats=['jsn']\n[[topics]]\nname='A'\nquery='q'\n", "output.formats.0"),
    ("[[topics]]\nname='A'\nquery='cat:cs.CV AND (abs:diffusion'\n", "topics.0.query"),
    ("[[topics]]\nname='A'\nquery='tit:diffusion'\n", "position 0"),
    ("[arxiv]\ncontact='me@lab.edu'\ndelay_seconds=1\n[[topics]]\nname='A'\nquery='q'\n", "arxiv.delay_seconds"),
    ("[[topics]]\nname='A'\nquery='q'\n", "arxiv.contact"),
    ("[arxiv]\ncontact='you@example.org'\n[[topics]]\nname='A'\nquery='q'\n", "placeholder"),
    ("[schedule]\nlookback_days=0\n[[topics]]\nname='A'\nquery='q'\n", "schedule.lookback_days"),
])
def test_config_mistakes_are_one_sentence_and_exit_2(tmp_path, content, message, monkeypatch):
    monkeypatch.delenv("PAPERBRIEF_CONTACT", raising=False)
    cfg = tmp_path / "pb.toml"
    if content is not None:
        cfg.write_text(content)
    r = pb("run", "--config", str(cfg))
    assert r.returncode == 2, r.stderr
    assert message in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_unknown_topic_and_bad_dates(tmp_path):
    cfg = tmp_path / "pb.toml"
    cfg.write_text("[arxiv]\ncontact='me@lab.edu'\n[[topics]]\nname='Diffusion Models'\nquery='q'\n")
    r = pb("run", "--config", str(cfg), "--topic", "Robots")
    assert r.returncode == 2 and "Unknown topic 'Robots'" in r.stderr
    r = pb("run", "--config", str(cfg), "--since", "yesterday")
    assert r.returncode == 2 and "--since 'yesterday' is not a date" in r.stderr
    r = pb("run", "--config", str(cfg), "--until", "2026-11-30")
    assert r.returncode == 2 and "--until needs --since" in r.stderr
    r = pb("run", "--config", str(cfg), "--since", "2026-11-30", "--until", "2026-11-20", "--now",
           "2026-12-01T02:00:00+00:00", "--dry-run")
    assert r.returncode == 2 and "after --until" in r.stderr
    assert not (tmp_path / "out").exists()


def test_version_and_quiet():
    from paperbrief import __version__

    r = pb("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"paperbrief {__version__}"


@pytest.mark.parametrize("data, message", [
    (b"", "empty|zero|no pages|not a PDF"),
    (b"hello, not a pdf", "not a PDF|cannot be opened|unreadable"),
])
def test_extract_broken_files_is_a_clear_error(tmp_path, data, message):
    import re

    f = tmp_path / "x.pdf"
    f.write_bytes(data)
    r = pb("extract", str(f), "--json")
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert re.search(message, r.stderr, re.I), r.stderr


def test_extract_missing_file():
    r = pb("extract", "/nonexistent/file.pdf")
    assert r.returncode == 2 and "does not exist" in r.stderr


def test_doctor_says_what_to_fix(tmp_path, arxiv_stub, monkeypatch):
    cfg = tmp_path / "pb.toml"
    cfg.write_text(f"[arxiv]\nbase_url='{arxiv_stub.api_url}'\ndelay_seconds=0\n"
                   f"[llm]\nbackend='openai-compatible'\nbase_url='http://127.0.0.1:9/v1'\nmodel='m'\n"
                   f"api_key_env='PB_TEST_KEY_UNSET'\n[output]\ndir='{tmp_path / 'out'}'\n"
                   "[[topics]]\nname='A'\nquery='all:diffusion'\nembeddings=true\n")
    monkeypatch.delenv("PB_TEST_KEY_UNSET", raising=False)
    r = pb("doctor", "--config", str(cfg))
    assert r.returncode == 1
    assert "FIX  llm" in r.stdout and "PB_TEST_KEY_UNSET" in r.stdout
    assert "ok   embeddings" in r.stdout and "model.onnx" in r.stdout
    assert "ok   arxiv" in r.stdout and "ok   config" in r.stdout
    r = pb("doctor", "--config", str(tmp_path / "missing.toml"))
    assert r.returncode == 1 and "FIX  config" in r.stdout


@pytest.mark.model
def test_paper_command_on_a_local_pdf_and_an_arxiv_id(tmp_path, sample_pdfs, arxiv_stub, test_model_path):
    """One paper through the real embedded backend (SmolLM2): facts from the PDF / arXiv, prose checked."""
    import json

    import os

    pdf = sample_pdfs["2611.02345v1"]
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    r = subprocess.run([*EXE, "paper", str(pdf), "--format", "json", "--out", str(tmp_path), "--model",
                        str(test_model_path), "--language", "en"], capture_output=True, text=True, timeout=1200,
                       cwd=cwd, env=env)
    assert r.returncode == 0, r.stderr[-2000:]
    # without a config the data goes to the user's cache folder, never into the current directory
    assert list(cwd.iterdir()) == []
    assert (tmp_path / "cache" / "paperbrief" / "paper" / "paperbrief.sqlite").exists()
    data = json.loads(r.stdout[: r.stdout.rindex("}") + 1])
    paper = data["papers"][0]
    assert paper["entry"]["title"].startswith("Consistency Distillation for One-Step Video Diffusion")
    assert [a["name"] for a in paper["entry"]["authors"]][:2] == ["Li Wei", "Zhang Xiaoming"]
    assert paper["outcome"]["model"].startswith("SmolLM2")
    cfg = tmp_path / "pb.toml"
    cfg.write_text(f"[arxiv]\nbase_url='{arxiv_stub.api_url}'\ndelay_seconds=0\n[llm]\nmodel_path='{test_model_path}'\n"
                   f"[output]\ndir='{tmp_path / 'o2'}'\n[[topics]]\nname='A'\nquery='q'\n")
    r = pb("paper", "2611.01234", "--format", "hexo", "--config", str(cfg), "--out", str(tmp_path / "o2"),
           timeout=1200)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.startswith("---\n") and "## Attention Interpolation for Text-to-Image Diffusion" in r.stdout
    assert 'Github 代码链接：<a href="https://github.com/sample-lab/attention-interpolation">' in r.stdout.replace("&#95;", "_")
