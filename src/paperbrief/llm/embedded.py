"""The embedded backend: a local GGUF through llama.cpp (``llama-cpp-python``), output constrained by the JSON
schema (llama.cpp compiles it to a grammar). The model is loaded on the first call, never in the constructor,
and every call goes through one lock: llama.cpp contexts are not thread-safe, and on a small CPU serialising
is the fastest schedule anyway."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Any

from paperbrief.errors import LLMError, ModelMissing

from .base import Backend
from .models import display_name
from .repeats import NoRepeatProse
from .schema import CHARS_PER_TOKEN

# llama.cpp's OpenMP worker threads spin while they wait. On a busy 2-core machine (a second process, a
# parallel test) spinning threads starve each other: SmolLM2-135M fell from 38 to 2 tokens/s here. Passive
# waiting costs little when the machine is idle. It must be set before libllama (and its OpenMP) loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

__all__ = ["EmbeddedBackend"]

# Typical answer text, to measure how many characters a token of this model's vocabulary holds.
_SAMPLES = {
    "zh": "本文提出一种无需训练的注意力插值方法，在 CIFAR-10 上将平滑度提高了 18.4%，并保持图像保真度。"
          "方法先替换交叉注意力，再与自注意力融合，最后用 Beta 先验选择插值系数。",
    "en": "The paper proposes a training-free attention interpolation method that improves smoothness by 18.4% "
          "on CIFAR-10 while keeping fidelity. It replaces cross-attention, fuses it with self-attention, and "
          "selects interpolation coefficients with a Beta prior.",
}


class EmbeddedBackend(Backend):
    supports_json_schema = True
    enforces_schema = True
    max_concurrency = 1

    def __init__(self, model_path: str | Path, n_ctx: int = 4096, n_threads: int | None = None,
                 max_output_tokens: int = 1400, seed: int = 7, name: str | None = None,
                 no_repeat_ngram: int = 6) -> None:
        self.model_path = Path(model_path)
        if not self.model_path.is_file():
            raise ModelMissing(f"The model file {self.model_path} does not exist.")
        self.context_window = int(n_ctx)
        self.n_threads = n_threads or max(1, os.cpu_count() or 1)
        self.max_output_tokens = max_output_tokens
        self.seed = seed
        # Chinese phrases of this many tokens are written at most once per answer (see ``repeats``); 0: off.
        self.no_repeat_ngram = int(no_repeat_ngram)
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
