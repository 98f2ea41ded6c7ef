"""The embedded backend applies the grammar to a window of the likeliest tokens (``GrammarWindowSampler``)
instead of the whole vocabulary. It must sample exactly what llama-cpp-python's own chain samples: the same
answer, token for token, from the same prompt, schema, no-repeat rule and seed, whatever the model writes. The
tests count what the sampler did; they never time it."""

from __future__ import annotations

import pytest
from llm_fixtures import PAPER, require_test_model

from paperbrief.llm.embedded import EmbeddedBackend
from paperbrief.llm.prompts import build_prompt
from paperbrief.llm.schema import analysis_schema

pytestmark = [pytest.mark.model, pytest.mark.slow]


def _answer(window: int, max_tokens: int = 96, temperature: float = 0.2):
    """(text, finish reason, the backend's sampler stats, vocabulary size) of one Chinese call."""
    backend = EmbeddedBackend(require_test_model(), n_ctx=2048, max_output_tokens=max_tokens, grammar_window=window)
    try:
        # the Chinese schema with the paper's terms and numbers: the grammar the window has to agree with
        schema = analysis_schema("zh", max_tokens, backend.chars_per_token("zh"), latin_terms=PAPER.terms(),
                                 numbers=PAPER.numbers())
        prompt = build_prompt(PAPER, "zh", 600, backend.count_tokens)
        text, _, tokens_out, _, finish = backend._complete(prompt.messages, schema, max_tokens, temperature,
                                                           avoid=["稀疏混合适配器用极少的可训练参数完成微调"])
        n_vocab = backend._llm.n_vocab()
    finally:
        backend.close()
    return text, finish, tokens_out, backend.sampler_stats, n_vocab


@pytest.fixture(scope="module")
def today():
    return _answer(0)


def test_llama_cpp_pythons_own_sampler_when_the_window_is_off(today):
    text, _, tokens_out, stats, _ = today
    assert text and tokens_out > 0
    assert stats.tokens == 0  # the window sampler never ran


@pytest.mark.parametrize("window", [256, 1])
def test_the_window_samples_the_same_answer(today, window):
    """Window 256 (the default) and 1 (every step grows the window: 1, 8, 64, ..., the whole vocabulary)."""
    text, finish, tokens_out, stats, n_vocab = _answer(window)
    assert (text, finish, tokens_out) == today[:3]
    assert stats.tokens == tokens_out + (finish == "stop")  # every token went through it, the end too
    # the grammar was applied to a window at some steps, and at others (JSON syntax between the strings, where
    # fewer than top-k tokens are allowed) to the whole vocabulary
    assert 0 < stats.window_tokens < stats.tokens
    assert stats.grammar_candidates < stats.tokens * n_vocab


def test_greedy_sampling_keeps_llama_cpp_pythons_sampler():
    """No top-k at temperature 0 (greedy): the window is not used, and the answer is llama-cpp-python's."""
    text, _, _, stats, _ = _answer(256, max_tokens=24, temperature=0.0)
    assert stats.tokens == 0
    assert text == _answer(0, max_tokens=24, temperature=0.0)[0]


def test_the_config_key_reaches_the_backend():
    from paperbrief.config import LLMConfig
    from paperbrief.llm import make_backend

    model = str(require_test_model())
    assert make_backend(LLMConfig(model_path=model)).grammar_window == 256
    assert make_backend(LLMConfig(model_path=model, grammar_window=0)).grammar_window == 0


@pytest.mark.parametrize("env, expected", [
    ({}, "1000"),  # a short spin: fast alone, and not starving a second process (bench/README.md)
    ({"OMP_WAIT_POLICY": "PASSIVE"}, None),  # the user's (and make test's) own policy wins
    ({"GOMP_SPINCOUNT": "50"}, "50"),
])
def test_openmp_waits_with_a_short_spin_unless_the_user_says_otherwise(env, expected):
    """Before libllama loads, the embedded backend's module sets libgomp's spin count, unless a wait policy or
    a spin count is already given. Run in a fresh interpreter: the setting only counts before OpenMP starts."""
    import os
    import subprocess
    import sys

    clean = {k: v for k, v in os.environ.items() if k not in ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT")}
    out = subprocess.run([sys.executable, "-c", "import os, paperbrief.llm.embedded, llama_cpp; "
                          "print(os.environ.get('GOMP_SPINCOUNT'))"],
                         env={**clean, **env}, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(expected)
