"""Configuration (TOML). Secrets never live in the file: the LLM key is read from the environment variable
the file names. Every mistake becomes a ``ConfigError`` with one clear sentence."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from paperbrief.errors import ConfigError

__all__ = ["Config", "TopicConfig", "LLMConfig", "ArxivConfig", "OutputConfig", "load_config", "slugify",
           "DEFAULT_CONFIG_TEXT"]


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "topic"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ArxivConfig(_Strict):
    base_url: str = "http://export.arxiv.org/api/query"
    # arXiv's API terms ask for no more than one request every 3 seconds, on a single connection.
    delay_seconds: float = 3.0
    timeout_seconds: float = 60.0
    max_retries: int = 5
    backoff_seconds: float = 5.0  # first backoff; doubles on each retry (Retry-After wins when sent)
    page_size: int = 100
    contact: str = "paperbrief-user@example.org"
    pdf_base_url: str | None = None  # where PDFs live; default: the feed's links


class LLMConfig(_Strict):
    backend: Literal["embedded", "openai-compatible", "scripted"] = "embedded"
    model_path: str | None = None  # embedded: any GGUF; default the installed Qwen2.5-Coder-1.5B
    base_url: str | None = None  # openai-compatible
    model: str | None = None  # openai-compatible model name
    api_key_env: str = "OPENAI_API_KEY"  # the *name* of the variable holding the key
    concurrency: int = Field(default=1, ge=1, le=32)
    token_budget_per_paper: int = Field(default=2400, ge=256)  # prompt tokens of paper text
    # 1,800 tokens let every field of a 13-field Chinese answer reach a sentence-sized cap (a 60-character
    # takeaway); at 1,400 the caps cut Qwen's takeaways off at 45 characters.
    max_output_tokens: int = Field(default=1800, ge=64)
    run_token_budget: int = Field(default=0, ge=0)  # 0: unlimited
    n_ctx: int = Field(default=6144, ge=512)  # embedded: context window (prompt + answer)
    # embedded: a Chinese phrase of this many tokens is written at most once per answer (llm.repeats); 0: off
    no_repeat_ngram: int = Field(default=6, ge=0)
    timeout_seconds: float = 900.0
    max_retries: int = 3  # transport retries on 429/5xx/timeouts
    backoff_seconds: float = Field(default=1.0, ge=0)  # first retry delay; doubles each time (Retry-After wins)
    # openai-compatible: how structured output is requested; "auto" tries json_schema, then llama.cpp's
    # json_object+schema, then plain JSON mode, then none, and keeps the first the server accepts.
    response_format: Literal["auto", "json_schema", "json_object_schema", "json_object", "none"] = "auto"
    context_window: int | None = Field(default=None, ge=512)  # openai-compatible: cut prompts to fit, if set
    n_threads: int = Field(default=0, ge=0)  # embedded: CPU threads; 0 = all cores

    def api_key(self) -> str | None:
        return os.environ.get(self.api_key_env)


class OutputConfig(_Strict):
    dir: str = "out"
    posts_dir: str | None = None  # default <dir>/posts
    site_dir: str | None = None  # default <dir>/site
    data_dir: str | None = None  # default <dir>/data (database, PDF cache)
    author: str = "paperbrief"
    formats: list[Literal["hexo", "markdown", "hugo", "jekyll", "json", "feed"]] = Field(
        default_factory=lambda: ["hexo", "json", "feed"])
    cover_fallback: str | None = None


class TopicConfig(_Strict):
    name: str
    query: str
    negative_keywords: list[str] = Field(default_factory=list)
    max_papers: int = Field(default=20, ge=1, le=500)
    language: Literal["zh", "en"] = "zh"
    outputs: list[str] | None = None  # overrides output.formats for this topic

    @field_validator("name", "query")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must not be empty")
        return v.strip()

    @property
    def slug(self) -> str:
        return slugify(self.name)


class Config(_Strict):
    arxiv: ArxivConfig = Field(default_factory=ArxivConfig)
    llm: LLMConfig = Field(default_factory=LLMConfig)
    output: OutputConfig = Field(default_factory=OutputConfig)
    topics: list[TopicConfig] = Field(default_factory=list)
    base_dir: Path = Path(".")  # folder of the config file; relative paths resolve against it

    def _path(self, value: str | None, default: str) -> Path:
        p = Path(value) if value else Path(self.output.dir) / default
        return p if p.is_absolute() else (self.base_dir / p)

    @property
    def out_dir(self) -> Path:
        p = Path(self.output.dir)
        return p if p.is_absolute() else self.base_dir / p

    @property
    def posts_dir(self) -> Path:
        return self._path(self.output.posts_dir, "posts")

    @property
    def site_dir(self) -> Path:
        return self._path(self.output.site_dir, "site")

    @property
    def data_dir(self) -> Path:
        return self._path(self.output.data_dir, "data")

    def topic(self, name: str) -> TopicConfig:
        for t in self.topics:
            if t.name == name or t.slug == slugify(name):
                return t
        known = ", ".join(t.name for t in self.topics) or "none"
        raise ConfigError(f"Unknown topic {name!r}; the config defines: {known}.")


def _describe(err: ValidationError) -> str:
    first = err.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"{where}: {first['msg']}"


def load_config(path: str | Path) -> Config:
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"Config file {path} does not exist; create one with `paperbrief init`.")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Config file {path} is not valid TOML ({exc}).") from None
    except UnicodeDecodeError:
        raise ConfigError(f"Config file {path} is not UTF-8 text.") from None
    return config_from_dict(data, base_dir=path.parent.resolve(), origin=str(path))


def config_from_dict(data: dict, base_dir: Path = Path("."), origin: str = "config") -> Config:
    try:
        cfg = Config.model_validate({**data, "base_dir": base_dir})
    except ValidationError as exc:
        raise ConfigError(f"Config {origin} is invalid: {_describe(exc)}.") from None
    if not cfg.topics:
        raise ConfigError(f"Config {origin} defines no [[topics]]; add at least one.")
    names = [t.slug for t in cfg.topics]
    if len(set(names)) != len(names):
        raise ConfigError(f"Config {origin} has two topics with the same name.")
    return cfg


DEFAULT_CONFIG_TEXT = '''\
# paperbrief configuration. Relative paths are relative to this file.

[arxiv]
# The arXiv API endpoint; a mirror or a local test server may stand in.
base_url = "http://export.arxiv.org/api/query"
# arXiv asks for at most one request every 3 seconds on one connection; keep this at 3 or more.
delay_seconds = 3.0
# Sent in the User-Agent so arXiv can reach you.
contact = "you@example.org"

[llm]
# "embedded" (local llama.cpp, no key, no network; install with `paperbrief model pull`)
# or "openai-compatible" (OpenAI, DeepSeek, Gemini's OpenAI endpoint, vLLM, Ollama, llama.cpp server).
backend = "embedded"
# model_path = "/path/to/any.gguf"          # embedded: another GGUF
# base_url = "https://api.openai.com/v1"    # openai-compatible
# model = "gpt-4o-mini"                     # openai-compatible
# The key is read from this environment variable, never from this file.
api_key_env = "OPENAI_API_KEY"
concurrency = 1
token_budget_per_paper = 2400
# max_output_tokens = 1800   # each answer's token budget (the length caps of the fields scale with it)
# n_ctx = 6144               # embedded: context window, prompt + answer
# no_repeat_ngram = 6        # embedded: a Chinese phrase this many tokens long at most once per answer; 0: off

[output]
dir = "out"          # posts in out/posts, site in out/site, database and PDF cache in out/data
author = "paperbrief"
formats = ["hexo", "json", "feed"]

[[topics]]
name = "Diffusion Models"
query = "cat:cs.CV AND abs:diffusion"
negative_keywords = ["survey"]
max_papers = 20
language = "zh"      # or "en"
'''
