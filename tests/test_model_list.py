"""`paperbrief model list`: the known and installed models with the speed the runs measured on this machine (read
from a real SQLite database holding recorded outcomes) and the last `bench/llm.py` summary; and `bench/llm.py`
against a hosted OpenAI-compatible model, here a loopback server, writing the summary the list then shows."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import make_entry
from paperbrief.cli import app
from paperbrief.llm.models import DEFAULT_MODEL, bench_result_path, gguf_context_length
from paperbrief.records import Analysis, LLMOutcome, PaperDigest
from paperbrief.store import Store
from pipeline_doubles import CannedLLMServer

REPO = Path(__file__).resolve().parent.parent
QWEN = DEFAULT_MODEL.display  # "Qwen2.5-Coder-1.5B-Instruct (Q4_K_M, llama.cpp)"
HOSTED = "gpt-test (127.0.0.1, OpenAI-compatible API)"
CONFIG = """[arxiv]
contact = "ada@lovelace.test"

[llm]
n_ctx = 4096

[output]
dir = "out"

[[topics]]
name = "T"
query = "ti:x"
"""


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    """A folder of its own: the model folder, the bench folder, the user cache (`paperbrief paper`'s database)
    and the working directory (./paperbrief.toml, ./paperbrief-demo) all in tmp, nothing of the machine's."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PAPERBRIEF_MODEL_DIR", str(tmp_path / "models"))
    monkeypatch.setenv("PAPERBRIEF_BENCH_DIR", str(tmp_path / "bench"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    return tmp_path


def _list(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["model", "list", *args])
    return result.exit_code, result.stdout, result.stderr


def _block(output: str, name: str) -> dict[str, str]:
    """One model's lines of the text listing: label ("file", "context", "speed", "bench") -> text."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"  {name}"))
    block: dict[str, str] = {"title": lines[start].strip()}
    label = ""
    for line in lines[start + 1:]:
        if not line.startswith("    "):
            break
        label = line[4:13].strip() or label
        block[label] = (block.get(label, "") + " " + line[13:].strip()).strip()
    return block


def _outcome(model: str, calls: int, tokens_in: int, tokens_out: int, seconds: float,
             cached: bool = False) -> LLMOutcome:
    return LLMOutcome(analysis=Analysis(), model=model, calls=calls, cached=cached, tokens_in=tokens_in,
                      tokens_out=tokens_out, seconds=seconds)


def _record(db: Path, outcomes: list[LLMOutcome | None]) -> None:
    """Papers saved in a post of a real database (migrations applied by the Store), one per outcome."""
    with Store(db) as store:
        for n, outcome in enumerate(outcomes, 1):
            store.save_digest("t", "2026-11-24", PaperDigest(entry=make_entry(f"2611.{n:05d}"), outcome=outcome))


def _gguf(path: Path, context: int | None) -> Path:
    """A small GGUF header (version 3): the architecture, a string array to skip, then the context length."""
    def string(s: str) -> bytes:
        return struct.pack("<Q", len(s.encode())) + s.encode()

    kv = [string("general.architecture") + struct.pack("<I", 8) + string("llama"),
          string("tokenizer.ggml.tokens") + struct.pack("<IIQ", 9, 8, 3) + string("a") + string("bc") + string("d"),
          string("general.alignment") + struct.pack("<II", 4, 32)]
    if context is not None:
        kv.append(string("llama.context_length") + struct.pack("<II", 4, context))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 0, len(kv)) + b"".join(kv) + b"\0" * 100)
    return path


def test_speed_is_computed_from_the_recorded_outcomes_of_the_configured_database(here):
    (here / "paperbrief.toml").write_text(CONFIG)
    _record(here / "out" / "data" / "paperbrief.sqlite", [
        _outcome(QWEN, calls=1, tokens_in=1000, tokens_out=300, seconds=20.0),
        _outcome(QWEN, calls=2, tokens_in=2500, tokens_out=500, seconds=30.0),
        _outcome(QWEN, calls=0, tokens_in=0, tokens_out=0, seconds=0.01, cached=True),  # from the cache: no speed
        _outcome(HOSTED, calls=1, tokens_in=400, tokens_out=90, seconds=3.0),
        None,  # a listed paper: no LLM outcome
    ])
    code, out, err = _list()
    assert code == 0, err
    qwen = _block(out, QWEN)
    # 800 output tokens in 50 s of two papers; the cached paper counts neither its paper nor its time
    assert qwen["speed"] == ("16.0 output tokens/s, 25 s/paper (2 papers analysed here, 3 calls, 3,500 in + 800 out "
                             "tokens)")
    assert qwen["context"] == "4,096 tokens used (llm.n_ctx) of 32,768 the model allows"  # the config's n_ctx
    assert qwen["bench"] == "no bench run"
    assert "Other models measured on this machine" in out
    assert _block(out, HOSTED)["speed"] == ("30.0 output tokens/s, 3 s/paper (1 paper analysed here, 1 call, 400 in "
                                            "+ 90 out tokens)")
    assert f"from {(here / 'out' / 'data' / 'paperbrief.sqlite').resolve()}" in out

    code, out, _ = _list("--json")
    data = json.loads(out)
    speeds = {m["name"]: m["speed"] for m in data["models"]}
    assert speeds[QWEN] == {"papers": 2, "calls": 3, "tokens_in": 3500, "tokens_out": 800, "seconds": 50.0,
                            "tokens_out_per_second": 16.0, "seconds_per_paper": 25.0}
    assert speeds[HOSTED]["tokens_out_per_second"] == 30.0
    assert [m["embedded"] for m in data["models"]] == [True, False]


def test_a_model_never_run_here_is_not_measured_yet(here):
    db = here / "elsewhere.sqlite"
    _record(db, [_outcome(QWEN, calls=0, tokens_in=0, tokens_out=0, seconds=0.02, cached=True)])
    code, out, err = _list("--db", str(db))
    assert code == 0, err
    assert _block(out, QWEN)["speed"] == "not measured yet"
    assert "Other models" not in out
    assert f"from {db}" in out
    assert json.loads(_list("--json", "--db", str(db))[1])["models"][0]["speed"] is None
    # no database at all: said so, not an error
    code, out, _ = _list()
    assert code == 0 and _block(out, QWEN)["speed"] == "not measured yet" and "no database yet" in out


def test_the_demo_and_paper_databases_are_read_too(here):
    _record(here / "paperbrief-demo" / "data" / "paperbrief.sqlite",
            [_outcome(QWEN, calls=1, tokens_in=1500, tokens_out=600, seconds=150.0)])
    _record(here / "cache" / "paperbrief" / "paper" / "paperbrief.sqlite",
            [_outcome(QWEN, calls=2, tokens_in=2000, tokens_out=400, seconds=50.0)])
    code, out, err = _list()
    assert code == 0, err
    assert _block(out, QWEN)["speed"] == ("5.0 output tokens/s, 100 s/paper (2 papers analysed here, 3 calls, 3,500 in "
                                          "+ 1,000 out tokens)")


def test_a_bench_summary_is_shown_and_a_broken_one_is_skipped_with_a_warning(here):
    summary = {"model": QWEN, "backend": "embedded", "date": "2026-05-01T10:00:00+0000", "commit": "6b37ddf",
               "papers": 4, "corpus": None, "language": "zh", "fields_published": [50, 52],
               "first_answer_passed": [45, 52], "papers_complete": [3, 4], "seconds_per_paper": 171.4,
               "calls_per_paper": 1.75, "tokens_in_per_paper": 1437, "tokens_out_per_paper": 574}
    path = bench_result_path(QWEN, here / "bench")
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(summary))
    (here / "bench" / "llm-broken.json").write_text("{not json")
    code, out, err = _list()
    assert code == 0, err
    assert path.name == "llm-qwen2.5-coder-1.5b-instruct-q4-k-m-llama.cpp.json"
    assert _block(out, QWEN)["bench"] == (
        "fields published 50/52 (96%), first answer 45/52 (87%), 171 s/paper, 1,437 in + 574 out tokens/paper "
        f"4 demo papers, language zh, 2026-05-01T10:00:00+0000, commit 6b37ddf ({path})")
    assert "llm-broken.json is not a readable bench summary" in err
    bench = json.loads(_list("--json")[1])["models"][0]["bench"]
    assert bench["first_answer_passed"] == [45, 52] and bench["file"] == str(path)


def test_installed_and_missing_models(here):
    models = here / "models"
    _gguf(models / "SmolLM2-135M-Instruct.Q4_1.gguf", context=8192)
    _gguf(models / "odd-model.gguf", context=None)
    code, out, err = _list()
    assert code == 0, err
    qwen = _block(out, QWEN)
    assert qwen["title"] == f"{QWEN}  [default]"
    assert qwen["file"] == ("Qwen2.5-Coder-1.5B-Instruct-Q4_K_M.gguf: not installed (1,066 MiB to download: "
                            "`paperbrief model pull`)")
    assert qwen["context"] == "6,144 tokens used (llm.n_ctx) of 32,768 the model allows"  # the registry's, no file
    smol = _block(out, "SmolLM2-135M-Instruct (Q4_1, llama.cpp)")
    size = (models / "SmolLM2-135M-Instruct.Q4_1.gguf").stat().st_size
    assert smol["file"] == \
        f"SmolLM2-135M-Instruct.Q4_1.gguf: installed, 0 MiB ({models / 'SmolLM2-135M-Instruct.Q4_1.gguf'})"
    assert smol["context"] == "6,144 tokens used (llm.n_ctx) of 8,192 the model allows"  # read from its header
    assert _block(out, "odd-model (llama.cpp)")["context"] == "6,144 tokens used (llm.n_ctx)"
    assert f"The default model ({QWEN}) is not installed" in out
    rows = {m["file"]: m for m in json.loads(_list("--json")[1])["models"]}
    assert rows[DEFAULT_MODEL.filename]["installed"] is False
    assert rows[DEFAULT_MODEL.filename]["size_bytes"] == 1_117_320_768
    assert rows["SmolLM2-135M-Instruct.Q4_1.gguf"]["installed"] is True
    assert rows["SmolLM2-135M-Instruct.Q4_1.gguf"]["size_bytes"] == size
    assert rows["SmolLM2-135M-Instruct.Q4_1.gguf"]["context"] == {"used": 6144, "max": 8192}

    # a file with the default model's name that is not the published one: installed, NOT verified
    (models / DEFAULT_MODEL.filename).write_bytes(b"GGUF" + b"\0" * 10)
    code, out, _ = _list()
    assert _block(out, QWEN)["file"] == (f"{DEFAULT_MODEL.filename}: installed, NOT verified: run `paperbrief model "
                                         "pull --force`, 0 MiB")
    assert "is not installed" not in out


def test_the_configured_model_path_is_listed_and_marked(here):
    gguf = _gguf(here / "elsewhere" / "My-Model-Q8_0.gguf", context=16384)
    (here / "paperbrief.toml").write_text(CONFIG.replace("n_ctx = 4096", f'model_path = "{gguf}"'))
    code, out, err = _list()
    assert code == 0, err
    mine = _block(out, "My-Model (Q8_0, llama.cpp)")
    assert mine["title"] == "My-Model (Q8_0, llama.cpp)  [llm.model_path]"
    assert mine["file"].endswith(f"installed, 0 MiB ({gguf})")
    assert mine["context"] == "6,144 tokens used (llm.n_ctx) of 16,384 the model allows"
    assert _block(out, QWEN)["title"] == f"{QWEN}  [default]"


def test_gguf_context_length_reads_the_header_only(tmp_path):
    assert gguf_context_length(_gguf(tmp_path / "a.gguf", 131072)) == 131072
    assert gguf_context_length(_gguf(tmp_path / "b.gguf", None)) is None
    (tmp_path / "c.gguf").write_bytes(b"GGUF\x03\x00\x00\x00\xff")  # cut short
    assert gguf_context_length(tmp_path / "c.gguf") is None
    (tmp_path / "d.gguf").write_bytes(b"PK\x03\x04")
    assert gguf_context_length(tmp_path / "d.gguf") is None


def test_mistakes_are_one_sentence(here):
    code, out, err = _list("--config", "nope.toml")
    assert code == 2 and err.strip() == "error: The config file nope.toml does not exist."
    code, out, err = _list("--db", "nope.sqlite")
    assert code == 2 and err.strip() == "error: The database nope.sqlite (--db) does not exist."
    (here / "junk.sqlite").write_bytes(b"this is not a database at all" * 100)
    code, out, err = _list("--db", "junk.sqlite")
    assert code != 0 and err.startswith("error: ") and "Traceback" not in err + out


def test_bench_against_a_hosted_openai_compatible_model_on_loopback(here):
    """bench/llm.py's --base-url path end to end against an OpenAI-compatible server on 127.0.0.1; the summary
    it writes is what `paperbrief model list` then shows for that model."""
    env = {**os.environ, "TMPDIR": str(here), "PYTHONPATH": str(REPO / "tests")}
    with CannedLLMServer() as server:
        proc = subprocess.run(
            [sys.executable, str(REPO / "bench" / "llm.py"), "--base-url", server.base_url, "--api-model", "canned",
             "--api-key-env", "", "--papers", "1", "--skip-four-call", "--results-dir", str(here / "bench")],
            capture_output=True, text=True, timeout=600, env=env, cwd=here)
        requests = server.requests
    assert proc.returncode == 0, proc.stderr[-3000:]
    name = "canned (127.0.0.1, OpenAI-compatible API)"
    assert f"model: {name}; 1 papers" in proc.stdout
    assert "llama.cpp server" not in proc.stdout  # no GGUF: the server part is skipped
    path = bench_result_path(name, here / "bench")
    assert f"summary for `paperbrief model list`: {path}" in proc.stdout
    summary = json.loads(path.read_text())
    assert summary["model"] == name and summary["backend"] == "openai-compatible" and summary["papers"] == 1
    assert requests >= 1 and summary["calls_per_paper"] == requests  # one request per call: no transport retry
    # the loopback server reports 100 prompt and 50 completion tokens for every request
    assert summary["tokens_in_per_paper"] == 100 * requests and summary["tokens_out_per_paper"] == 50 * requests
    published, total = summary["fields_published"]
    assert total == 13 and 0 <= summary["first_answer_passed"][0] <= total and published <= total

    code, out, err = _list()
    assert code == 0, err
    hosted = _block(out, name)
    assert hosted["speed"] == "not measured yet"  # a bench is not a run: only runs' databases give the speed
    assert hosted["bench"].startswith(f"fields published {published}/13 (")
    assert f"{100 * requests} in + {50 * requests} out tokens/paper" in hosted["bench"]
    assert "1 demo papers, language zh" in hosted["bench"]


def test_bench_refuses_a_base_url_without_a_model_or_a_key(here):
    base = [sys.executable, str(REPO / "bench" / "llm.py"), "--base-url", "http://127.0.0.1:9/v1", "--skip-four-call"]
    env = {k: v for k, v in os.environ.items() if k != "PB_NO_SUCH_KEY"}
    proc = subprocess.run(base, capture_output=True, text=True, timeout=120, env=env, cwd=here)
    assert proc.returncode == 1 and "--base-url needs --api-model" in proc.stderr
    proc = subprocess.run(base + ["--api-model", "m", "--api-key-env", "PB_NO_SUCH_KEY"], capture_output=True,
                          text=True, timeout=120, env=env, cwd=here)
    assert proc.returncode == 1 and "The API key variable PB_NO_SUCH_KEY is not set" in proc.stderr
