"""The embedded backend: a local GGUF through llama.cpp (``llama-cpp-python``), output constrained by the JSON
schema (llama.cpp compiles it to a grammar). The model is loaded on the first call, never in the constructor,
and every call goes through one lock: llama.cpp contexts are not thread-safe, and on a small CPU serialising
is the fastest schedule anyway."""

from __future__ import annotations

import ctypes
import json
import os
import threading
import time
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paperbrief.errors import LLMError, ModelMissing

from .base import Backend
from .models import display_name
from .repeats import NoRepeatProse
from .schema import CHARS_PER_TOKEN

# llama.cpp's OpenMP worker threads spin while they wait. On a busy 2-core machine (a second process, a
# parallel test) long spinning starves the other: SmolLM2-135M fell from 38 to 2 tokens/s here, and Qwen2.5-1.5B
# decoded at 6.6 tokens/s each, two at once, with libgomp's default spin (14.8 passive). Passive waiting is not
# free alone, though: Qwen decoded at 18 tokens/s passive and 26.5 spinning. A short spin (1,000 rounds) keeps
# both: 25.6 alone, 11.8 two at once (``bench/README.md``, "Waiting threads"). A user's own OMP_WAIT_POLICY or
# GOMP_SPINCOUNT wins (``make test`` sets passive). It must be set before libllama (and its OpenMP) loads.
if "OMP_WAIT_POLICY" not in os.environ:
    os.environ.setdefault("GOMP_SPINCOUNT", "1000")

__all__ = ["EmbeddedBackend", "GrammarWindowSampler", "SamplerStats"]

# The grammar is first applied to this many of the likeliest tokens, then to eight times as many, and so on up
# to the whole vocabulary (see ``GrammarWindowSampler``).
GRAMMAR_WINDOW = 256

# Typical answer text, to measure how many characters a token of this model's vocabulary holds.
_SAMPLES = {
    "zh": "本文提出一种无需训练的注意力插值方法，在 CIFAR-10 上将平滑度提高了 18.4%，并保持图像保真度。"
          "方法先替换交叉注意力，再与自注意力融合，最后用 Beta 先验选择插值系数。",
    "en": "The paper proposes a training-free attention interpolation method that improves smoothness by 18.4% "
          "on CIFAR-10 while keeping fidelity. It replaces cross-attention, fuses it with self-attention, and "
          "selects interpolation coefficients with a Beta prior.",
}


@dataclass
class SamplerStats:
    """What ``GrammarWindowSampler`` did, summed over a backend's calls (for the benchmark and the tests)."""

    tokens: int = 0  # tokens sampled through it
    window_tokens: int = 0  # ... of which the grammar was applied to a window of the likeliest tokens only
    grammar_candidates: int = 0  # tokens the grammar was applied to, in all


class GrammarWindowSampler:
    """llama-cpp-python's sampler chain (logits processors, repeat penalties, grammar, top-k, typical, top-p,
    min-p, temperature, distribution), with the grammar applied to the likeliest tokens only.

    llama-cpp-python applies the grammar to all of the vocabulary's tokens (151,936 for Qwen) at every step,
    and with the Chinese patterns (the paper's terms and numbers, ``schema.zh_text_pattern``) that took longer
    than the model's own forward pass. Only the top-k tokens the grammar allows can ever be sampled, though:
    the grammar is applied to the ``window`` likeliest tokens (after the processors and penalties), and when at
    least ``top_k`` of them are allowed, those are the very top-k tokens the whole-vocabulary pass would have
    kept, with the same logits, so the same token is sampled from the same random state (barring two logits
    exactly equal at the window's edge). Otherwise the window grows eightfold, up to the whole vocabulary (the
    JSON syntax between fields, where few tokens are allowed; there the grammar's stacks are small and a whole
    pass is cheap).

    ``sample(ctx, idx)`` and ``close()`` are what ``Llama.generate`` and ``Llama.sample`` use of a sampler.
    """

    def __init__(self, llm: Any, grammar: Any, top_k: int, penalties: Any, rest: Any,
                 processors: Any = None, window: int = GRAMMAR_WINDOW, stats: SamplerStats | None = None) -> None:
        import llama_cpp
        import numpy as np
        from llama_cpp import _internals

        self._np, self._lib = np, llama_cpp
        self._llm = weakref.ref(llm)  # the Llama holds this sampler: no reference cycle
        self._n_vocab = int(llm.n_vocab())
        self._top_k = int(top_k)
        self._window = max(1, int(window))
        self._penalties, self._rest = penalties, rest
        self._processors = processors
        self._grammar = _internals.LlamaSampler()
        self._grammar.add_grammar(llm._model, grammar)
        self.stats = stats if stats is not None else SamplerStats()
        dtype = np.dtype([("id", np.intc), ("logit", np.single), ("p", np.single)], align=True)
        self._ids = np.arange(self._n_vocab, dtype=np.intc)
        self._all = np.zeros(self._n_vocab, dtype=dtype)
        self._part = np.zeros(self._n_vocab, dtype=dtype)

    def _candidates(self, data: Any, size: int) -> Any:
        return self._lib.llama_token_data_array(
            data=data.ctypes.data_as(self._lib.llama_token_data_p), size=size, selected=-1, sorted=False)

    def sample(self, ctx: Any, idx: int = -1) -> int:
        """The next token, sampled from the logits of batch position ``idx``; accepted by every sampler."""
        np, lib = self._np, self._lib
        logits = np.ctypeslib.as_array(lib.llama_get_logits_ith(ctx.ctx, idx), shape=(self._n_vocab,))
        data = self._all
        data["id"] = self._ids
        data["logit"] = logits
        data["p"] = 0.0
        if self._processors:
            llm = self._llm()
            input_ids = llm._input_ids if llm is not None else np.zeros(0, dtype=np.intc)
            for processor in self._processors:
                data["logit"] = processor(input_ids, data["logit"])
        everything = self._candidates(data, self._n_vocab)
        lib.llama_sampler_apply(self._penalties.sampler, ctypes.byref(everything))
        chosen, chosen_data = everything, data
        scores = data["logit"]
        size = self._window
        while size < self._n_vocab:
            top = np.argpartition(-scores, size - 1)[:size]
            part = self._part[:size]
            part[:] = data[top]
            window = self._candidates(part, size)
            lib.llama_sampler_apply(self._grammar.sampler, ctypes.byref(window))
            self.stats.grammar_candidates += size
            # the grammar leaves an allowed token's logit as it was and sets a refused one's to -inf
            if int(np.count_nonzero(np.isfinite(part["logit"]))) >= self._top_k:
                chosen, chosen_data = window, part
                self.stats.window_tokens += 1
                break
            size *= 8
        else:
            lib.llama_sampler_apply(self._grammar.sampler, ctypes.byref(everything))
            self.stats.grammar_candidates += self._n_vocab
        lib.llama_sampler_apply(self._rest.sampler, ctypes.byref(chosen))
        if not 0 <= chosen.selected < chosen.size:
            raise RuntimeError("llama.cpp's sampler selected no token")
        token = int(chosen_data["id"][chosen.selected])
        for sampler in (self._penalties, self._grammar, self._rest):
            sampler.accept(token)
        self.stats.tokens += 1
        return token

    def close(self) -> None:
        for sampler in (self._penalties, self._grammar, self._rest):
            sampler.close()


def _windowed_init_sampler(llm: Any, stock: Any, stats: SamplerStats, window: int, **kw: Any) -> Any:
    """``Llama._init_sampler`` with the grammar applied to a window of the likeliest tokens
    (``GrammarWindowSampler``) when the chain ends in top-k sampling; llama-cpp-python's own chain (``stock``)
    otherwise (no grammar, greedy, mirostat, top-k off)."""
    from llama_cpp import _internals

    grammar = kw.get("grammar")
    top_k = int(kw.get("top_k", 40))
    if (grammar is None or top_k <= 0 or float(kw.get("temp", 0.8)) <= 0.0
            or int(kw.get("mirostat_mode", 0)) != 0):
        return stock(**kw)
    # llama-cpp-python's chain without its processors, penalties and grammar: top-k ... distribution
    rest = stock(**{**kw, "logits_processor": None, "grammar": None, "repeat_penalty": 1.0,
                    "frequency_penalty": 0.0, "presence_penalty": 0.0})
    penalties = _internals.LlamaSampler()
    penalties.add_penalties(n_vocab=llm.n_vocab(), penalty_last_n=llm.last_n_tokens_size,
                            penalty_repeat=float(kw.get("repeat_penalty", 1.0)),
                            penalty_freq=float(kw.get("frequency_penalty", 0.0)),
                            penalty_present=float(kw.get("presence_penalty", 0.0)))
    return GrammarWindowSampler(llm, grammar, top_k, penalties, rest, kw.get("logits_processor"), window,
                                stats)


class EmbeddedBackend(Backend):
    supports_json_schema = True
    enforces_schema = True
    max_concurrency = 1

    def __init__(self, model_path: str | Path, n_ctx: int = 4096, n_threads: int | None = None,
                 max_output_tokens: int = 1400, seed: int = 7, name: str | None = None,
                 no_repeat_ngram: int = 6, grammar_window: int = GRAMMAR_WINDOW) -> None:
        self.model_path = Path(model_path)
        if not self.model_path.is_file():
            raise ModelMissing(f"The model file {self.model_path} does not exist.")
        self.context_window = int(n_ctx)
        self.n_threads = n_threads or max(1, os.cpu_count() or 1)
        self.max_output_tokens = max_output_tokens
        self.seed = seed
        # Chinese phrases of this many tokens are written at most once per answer (see ``repeats``); 0: off.
        self.no_repeat_ngram = int(no_repeat_ngram)
        # The grammar is applied to this many likeliest tokens first (``GrammarWindowSampler``); 0: to all of
        # them at every step, as llama-cpp-python does. The same tokens are sampled either way.
        self.grammar_window = int(grammar_window)
        self.sampler_stats = SamplerStats()
        self.name = name or display_name(self.model_path)
        self._size = self.model_path.stat().st_size
        self._llm: Any = None
        self._lock = threading.Lock()
        self._vocab: Any = None  # a vocabulary-only llama.cpp model, for counting tokens
        self._vocab_lock = threading.Lock()
        self.load_seconds: float | None = None
        self.loads = 0

    @property
    def avoids_phrases(self) -> bool:  # a retry's published phrases seed the no-repeat rule, when it is on
        return self.no_repeat_ngram > 0

    @property
    def cache_id(self) -> str:
        base = f"{self.name}|{self.model_path.name}|{self._size}"
        return f"{base}|no-repeat-{self.no_repeat_ngram}" if self.no_repeat_ngram else base

    @property
    def loaded(self) -> bool:
        return self._llm is not None

    def _load(self) -> Any:
        if self._llm is None:
            try:
                from llama_cpp import Llama
            except ImportError as exc:  # pragma: no cover - a broken install
                raise LLMError(f"llama-cpp-python is not installed ({exc}); reinstall paperbrief.") from None
            t0 = time.monotonic()
            try:
                self._llm = Llama(model_path=str(self.model_path), n_ctx=self.context_window,
                                  n_threads=self.n_threads, seed=self.seed, verbose=False)
            except (ValueError, RuntimeError, OSError) as exc:
                raise LLMError(f"llama.cpp could not load {self.model_path.name} ({exc}).") from None
            if self.grammar_window > 0:
                llm = self._llm
                stock = llm._init_sampler  # this instance's own, bound: nothing outside it changes
                llm._init_sampler = lambda **kw: _windowed_init_sampler(llm, stock, self.sampler_stats,
                                                                        self.grammar_window, **kw)
            self.load_seconds = time.monotonic() - t0
            self.loads += 1
        return self._llm

    def count_tokens(self, text: str) -> int:
        """Exact, with the model's own tokenizer (its vocabulary alone is loaded for this: a fraction of a
        second, and the same count whether or not the weights are loaded, so prompts and cache keys are
        reproducible)."""
        with self._vocab_lock:
            if self._vocab is None:
                try:
                    from llama_cpp import Llama

                    self._vocab = Llama(model_path=str(self.model_path), vocab_only=True, verbose=False)
                except Exception:  # noqa: BLE001 - fall back to the estimate
                    self._vocab = False
            vocab = self._vocab
            if vocab is False:
                return super().count_tokens(text)
            return len(vocab.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def chars_per_token(self, language: str) -> float | None:
        sample = _SAMPLES.get(language)
        if not sample:
            return None
        n = self.count_tokens(sample)
        if not n:
            return None
        # Never above the typical figure: the caps must hold even when the answer tokenizes worse than prose.
        return max(0.3, min(len(sample) / n, CHARS_PER_TOKEN.get(language, 1.3)))

    def grammar_error(self, schema: dict[str, Any]) -> str | None:
        """Why llama.cpp cannot compile ``schema`` into a grammar, or None. llama.cpp reports a grammar it
        cannot parse only on stderr and then samples without it, so every call checks first."""
        import llama_cpp
        from llama_cpp.llama_grammar import json_schema_to_gbnf

        try:
            gbnf = json_schema_to_gbnf(json.dumps(schema))
        except Exception as exc:  # noqa: BLE001 - the converter raises plain exceptions
            return f"the JSON schema cannot be turned into a grammar ({exc})"
        llm = self._load()
        sampler = llama_cpp.llama_sampler_init_grammar(llm._model.vocab, gbnf.encode("utf-8"), b"root")
        if not sampler:
            return "llama.cpp could not parse the grammar made from the JSON schema"
        llama_cpp.llama_sampler_free(sampler)
        return None

    def _complete(self, messages: list[dict[str, str]], schema: dict[str, Any], max_tokens: int,
                  temperature: float, avoid: list[str] | None = None) -> tuple[str, int, int, float, str | None]:
        with self._lock:
            llm = self._load()
            broken = self.grammar_error(schema)
            if broken:
                raise LLMError(f"{broken}; nothing was generated.")
            processors = None
            if self.no_repeat_ngram:
                from llama_cpp import LogitsProcessorList

                norepeat = NoRepeatProse(lambda t: llm.detokenize([t]).decode("utf-8", "ignore"),
                                         n=self.no_repeat_ngram)
                for text in avoid or ():  # phrases already published in other fields (a retry)
                    norepeat.seed(llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))
                processors = LogitsProcessorList([norepeat])
            t0 = time.monotonic()
            try:
                res = llm.create_chat_completion(
                    messages=messages,
                    response_format={"type": "json_object", "schema": schema},
                    max_tokens=max_tokens, temperature=temperature, top_p=0.9, repeat_penalty=1.1,
                    seed=self.seed, logits_processor=processors)
            except ValueError as exc:  # e.g. "Requested tokens exceed context window"
                raise LLMError(f"llama.cpp rejected the request ({exc}).") from None
            seconds = time.monotonic() - t0
        choice = res["choices"][0]
        usage = res.get("usage") or {}
        return (choice["message"].get("content") or "", int(usage.get("prompt_tokens", 0)),
                int(usage.get("completion_tokens", 0)), seconds, choice.get("finish_reason"))

    def close(self) -> None:
        with self._lock:
            llm, self._llm = self._llm, None
        with self._vocab_lock:
            vocab, self._vocab = self._vocab, None
        if vocab:
            try:
                vocab.close()
            except Exception:  # noqa: BLE001
                pass
        if llm is not None:
            try:
                llm.close()
            except Exception:  # noqa: BLE001 - best effort on shutdown
                pass
