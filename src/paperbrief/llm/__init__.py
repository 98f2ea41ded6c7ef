"""The LLM layer: backends behind one small contract, the one-call prompt, the checks, the model files.

    from paperbrief.llm import make_backend, analyze_paper, PaperInput, TokenBudget
    backend = make_backend(cfg.llm)
    outcome = analyze_paper(backend, PaperInput(...), language="zh", cache=store, budget=TokenBudget(0))
"""

from __future__ import annotations

from typing import Any

from paperbrief.errors import ConfigError

from .analyze import LLMCache, analyze_paper, cache_key
from .base import Backend, Completion, InvalidOutput
from .budget import BudgetExhausted, TokenBudget
from .prompts import PaperInput

__all__ = ["make_backend", "analyze_paper", "PaperInput", "TokenBudget", "BudgetExhausted", "Backend",
           "Completion", "InvalidOutput", "LLMCache", "cache_key"]


def make_backend(llm_cfg: Any = None) -> Backend:
    """The backend the configuration names. Cheap: the embedded model is only loaded on its first call.

    Raises ``ModelMissing`` when the embedded model is not installed, ``ConfigError`` for an incomplete
    openai-compatible configuration or a missing API key variable."""
    if llm_cfg is None:
        from paperbrief.config import LLMConfig

        llm_cfg = LLMConfig()
    kind = getattr(llm_cfg, "backend", "embedded")
    max_out = getattr(llm_cfg, "max_output_tokens", 1800)
    if kind == "embedded":
        from .embedded import EmbeddedBackend
        from .models import resolve_model_path

        threads = getattr(llm_cfg, "n_threads", 0) or None
        return EmbeddedBackend(resolve_model_path(llm_cfg), n_ctx=getattr(llm_cfg, "n_ctx", 6144),
                               n_threads=threads, max_output_tokens=max_out,
                               no_repeat_ngram=getattr(llm_cfg, "no_repeat_ngram", 6),
                               grammar_window=getattr(llm_cfg, "grammar_window", 256))
    if kind == "openai-compatible":
        from .openai_compat import OpenAICompatBackend

        env = getattr(llm_cfg, "api_key_env", "OPENAI_API_KEY") or ""
        key = None
        if env:
            import os

            key = os.environ.get(env)
            if not key:
                raise ConfigError(f"The API key variable {env} (named by llm.api_key_env) is not set; export it, "
                                  'or set llm.api_key_env = "" for a server that needs no key.')
        return OpenAICompatBackend(
            base_url=getattr(llm_cfg, "base_url", None) or "", model=getattr(llm_cfg, "model", None) or "",
            api_key=key, concurrency=getattr(llm_cfg, "concurrency", 1),
            timeout=getattr(llm_cfg, "timeout_seconds", 900.0), max_retries=getattr(llm_cfg, "max_retries", 3),
            backoff=getattr(llm_cfg, "backoff_seconds", 1.0),
            response_format=getattr(llm_cfg, "response_format", "auto"), max_output_tokens=max_out,
            context_window=getattr(llm_cfg, "context_window", None) or None)
    raise ConfigError(f"Unknown llm.backend {kind!r}; use \"embedded\" or \"openai-compatible\".")
