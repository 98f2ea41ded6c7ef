"""Configuration (TOML). Secrets never live in the file: the LLM key is read from the environment variable
the file names. Every mistake becomes a ``ConfigError`` with one clear sentence."""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from paperbrief.errors import ConfigError

__all__ = ["Config", "TopicConfig", "NotifyConfig", "LLMConfig", "ArxivConfig", "OutputConfig", "ScheduleConfig", "PDFConfig",
           "load_config",
           "config_from_dict", "slugify", "is_loopback", "DEFAULT_CONFIG_TEXT", "OUTPUT_FORMATS"]

OutputFormat = Literal["hexo", "markdown", "hugo", "jekyll", "json", "feed", "citations"]
#: the named parts of a paper's relevance score (``paperbrief.rank``); a topic's ``weights`` may set each
SCORE_PARTS = ("title", "abstract", "phrase", "authors", "affiliations", "description", "library", "penalty")
OUTPUT_FORMATS = ("hexo", "markdown", "hugo", "jekyll", "json", "feed", "citations")
ARXIV_MIN_DELAY = 3.0  # arXiv's API terms: no more than one request every three seconds


def is_loopback(url: str) -> bool:
    """True for a URL on this machine (a local test server or the demo's): arXiv's etiquette is for arXiv."""
    host = (urlparse(url).hostname or "").strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "topic"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ArxivConfig(_Strict):
    base_url: str = "http://export.arxiv.org/api/query"
    # arXiv's API terms ask for no more than one request every 3 seconds, on a single connection.
    delay_seconds: float = Field(default=3.0, ge=0)
    timeout_seconds: float = Field(default=60.0, gt=0)
    max_retries: int = Field(default=5, ge=0, le=20)
    backoff_seconds: float = Field(default=5.0, ge=0)  # first backoff; doubles on each retry (Retry-After wins when sent)
    page_size: int = Field(default=100, ge=1, le=2000)
    # an e-mail address arXiv can reach you at, sent in the User-Agent; required for any server but loopback
    contact: str | None = None
    pdf_base_url: str | None = None  # where PDFs live; default: the feed's links

    def etiquette_problem(self) -> tuple[str, str] | None:
        """(key, one sentence) when this configuration would break arXiv's API terms; None when it is fine.
        A server on this machine (the demo's, a test's) is not arXiv and is exempt."""
        if is_loopback(self.base_url):
            return None
        if self.delay_seconds < ARXIV_MIN_DELAY:
            return "delay_seconds", (f"it is {self.delay_seconds:g}, but arXiv allows at most one request every "
                                     f"{ARXIV_MIN_DELAY:g} seconds; set it to {ARXIV_MIN_DELAY:g} or more")
        contact = (self.contact or os.environ.get("PAPERBRIEF_CONTACT") or "").strip()
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", contact):
            return "contact", ("arXiv asks every API client for an e-mail address (sent in the User-Agent); set "
                               "[arxiv] contact to yours, or the PAPERBRIEF_CONTACT environment variable")
        if re.search(r"@(?:[\w-]+\.)*example\.(?:org|com|net)$", contact, re.I):
            return "contact", f"{contact!r} is a placeholder; put your own e-mail address there"
        self.contact = contact
        return None


class LLMConfig(_Strict):
    backend: Literal["embedded", "openai-compatible"] = "embedded"
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
    # embedded: the grammar is applied to this many likeliest tokens first (the same tokens are sampled; 5x faster
    # per paper on Qwen); 0: to the whole vocabulary at every token, as llama-cpp-python does
    grammar_window: int = Field(default=256, ge=0)
    timeout_seconds: float = Field(default=900.0, gt=0)
    max_retries: int = Field(default=3, ge=0, le=20)  # transport retries on 429/5xx/timeouts
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
    formats: list[OutputFormat] = Field(default_factory=lambda: ["hexo", "json", "feed", "citations"])
    feed_size: int = Field(default=50, ge=1, le=10_000)  # papers in each feed (per topic, and of all topics)
    cover_fallback: str | None = None


class TopicConfig(_Strict):
    name: str
    query: str
    negative_keywords: list[str] = Field(default_factory=list)
    max_papers: int = Field(default=20, ge=1, le=500)
    language: Literal["zh", "en"] = "zh"
    outputs: list[OutputFormat] | None = None  # overrides output.formats for this topic
    evidence: Literal["footnote", "off"] = "off"  # the post lists each number's sentence in the paper
    # ranking (paperbrief.rank): which papers get the max_papers analyses, and the post's order
    description: str | None = None  # what the topic is about, in a sentence or two
    library: str | list[str] | None = None  # kept papers: a .bib / CSL .json / ids file, or a list of arXiv ids
    embeddings: bool = False  # similarity by the offline sentence-embedding model (else TF-IDF)
    boost_authors: list[str] = Field(default_factory=list)
    boost_affiliations: list[str] = Field(default_factory=list)
    demote_keywords: list[str] = Field(default_factory=list)  # lower the score, not exclude
    exclude_categories: list[str] = Field(default_factory=list)  # primary categories left out (with the rule)
    min_score: float | None = None  # papers scoring below are left out (with the rule)
    weights: dict[str, float] = Field(default_factory=dict)  # per score part, e.g. {library = 20}
    _tree: Any = PrivateAttr(default=None)

    @field_validator("weights")
    @classmethod
    def _known_parts(cls, v: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(v) - set(SCORE_PARTS))
        if unknown:
            raise ValueError(f"unknown score part {unknown[0]!r}; the parts are {', '.join(SCORE_PARTS)}")
        return v

    @field_validator("name", "query")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must not be empty")
        return v.strip()

    @property
    def slug(self) -> str:
        return slugify(self.name)

    @property
    def tree(self):
        """The query parsed once (``paperbrief.query``): compiled for arXiv and evaluated locally."""
        if self._tree is None:
            from paperbrief.query import parse_query

            self._tree = parse_query(self.query)
        return self._tree


class PDFConfig(_Strict):
    # each PDF is read in a child process with these limits (paperbrief.pdf.bounded); a PDF that needs more
    # is left out with a note and the paper is published with arXiv's facts
    timeout_seconds: float = Field(default=120.0, gt=0)
    memory_mb: int = Field(default=2048, ge=256)


class ScheduleConfig(_Strict):
    # the first run of a topic covers the announcements of this many days back (at least the latest one)
    lookback_days: int = Field(default=1, ge=1, le=366)
    # papers that arXiv announces late (held in moderation) keep their submission date: each window's query
    # also reaches this many days before the window, and papers already shown are recognised
    late_days: int = Field(default=2, ge=0, le=30)
    # arXiv holidays (no announcement), added to the list paperbrief ships (paperbrief.calendar)
    holidays: list[date] = Field(default_factory=list)
    # an announcement that came back empty or stale is retried by later runs for this many days, then closed
    retry_days: int = Field(default=7, ge=0, le=60)


# -- deliveries (top-level [[notify]] tables; paperbrief.deliver sends them) -----------------------------------
NotifyKind = Literal["email", "slack", "discord", "feishu", "webhook"]
CHAT_KINDS = ("slack", "discord", "feishu", "webhook")
_EMAIL_KEYS = ("smtp_host", "smtp_port", "starttls", "from", "to", "username_env", "password_env", "ca_file",
               "attach_figures")
_CHAT_KEYS = ("url_env", "max_retries", "backoff_seconds")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ADDRESS = re.compile(r"[^@\s<>,;\"']+@[^@\s<>,;\"']+\.[^@\s<>,;\"']+")


class NotifyConfig(_Strict):
    """One delivery: e-mail over SMTP or a chat webhook. Secrets (the SMTP password, the webhook URL) are read
    from the environment variables named here, never from the file."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    kind: NotifyKind
    name: str | None = None  # names the delivery in the report and the store; default kind + target
    topics: list[str] | None = None  # only these topics (names); default every topic
    # "window": one message per topic and announcement window; "topic": one per topic per run (a backfill's
    # windows together); "run": one digest of every topic and window of the run
    group: Literal["window", "topic", "run"] = "window"
    figures_url: str | None = None  # where the posts' figure folders are published: figures are linked there
    timeout_seconds: float = Field(default=30.0, gt=0)
    # e-mail
    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    starttls: bool = True
    from_: str | None = Field(default=None, alias="from")
    to: list[str] = Field(default_factory=list)
    username_env: str | None = None
    password_env: str | None = None
    ca_file: str | None = None  # a CA bundle to trust for STARTTLS (a private or test server); default the system's
    attach_figures: bool = False  # attach the figure files (at most 10 MB in all) instead of only linking them
    # chat
    url_env: str | None = None  # the environment variable holding the webhook URL (the URL is a secret)
    max_retries: int = Field(default=3, ge=0, le=10)  # on HTTP 429/5xx and connection failures
    backoff_seconds: float = Field(default=2.0, ge=0)  # first wait; doubles each retry; Retry-After wins

    @property
    def key(self) -> str:
        """A stable identity for the store: the same target keeps its record of what was sent."""
        if self.name:
            return self.name
        if self.kind == "email":
            return f"email:{','.join(sorted(self.to))}@{self.smtp_host}"
        return f"{self.kind}:${self.url_env}"

    def wants(self, topic_name: str) -> bool:
        return self.topics is None or slugify(topic_name) in {slugify(t) for t in self.topics}


def _notify_problems(cfg: "Config", raw: list, text: str | None) -> list[str]:
    """Each [[notify]] mistake a sentence naming its key: keys of the other kind, missing or malformed ones."""
    problems: list[str] = []
    names = {t.slug for t in cfg.topics}
    seen: dict[str, int] = {}

    def bad(i: int, key: str, what: str) -> None:
        problems.append(_at(text, ("notify", i, key), f"notify.{i}.{key}: {what}"))

    for i, n in enumerate(cfg.notify):
        given = raw[i] if i < len(raw) and isinstance(raw[i], dict) else {}
        others = _CHAT_KEYS if n.kind == "email" else _EMAIL_KEYS
        for key in others:
            if key in given:
                bad(i, key, f"{'an e-mail' if n.kind == 'email' else 'a ' + n.kind} delivery does not take {key} "
                            f"(it is for {'chat' if n.kind == 'email' else 'e-mail'} deliveries)")
        for t in n.topics or []:
            if slugify(t) not in names:
                bad(i, "topics", f"{t!r} is not a configured topic")
        if n.figures_url is not None and not re.match(r"https?://", n.figures_url):
            bad(i, "figures_url", f"{n.figures_url!r} is not an http(s) URL")
        envs = ("url_env",) if n.kind != "email" else ("username_env", "password_env")
        for key in envs:
            value = getattr(n, key)
            if value is not None and not _ENV_NAME.fullmatch(value):
                bad(i, key, f"{value!r} is not an environment variable name (the secret itself never goes in "
                            "the file)")
        if n.kind == "email":
            _email_problems(n, i, bad)
        elif not n.url_env:
            bad(i, "url_env", "a chat delivery needs url_env, the environment variable that holds its webhook URL")
        if n.key in seen:
            bad(i, "name", f"it delivers to the same target as notify.{seen[n.key]}; give each a distinct name")
        seen.setdefault(n.key, i)
    return problems


def _email_problems(n: NotifyConfig, i: int, bad) -> None:
    if not n.smtp_host or not n.smtp_host.strip():
        bad(i, "smtp_host", "an e-mail delivery needs smtp_host, the SMTP server to send through")
    if not n.from_:
        bad(i, "from", "an e-mail delivery needs from, the sender's address")
    elif not _ADDRESS.fullmatch(n.from_):
        bad(i, "from", f"{n.from_!r} is not an e-mail address")
    if not n.to:
        bad(i, "to", "an e-mail delivery needs to, a list of at least one address")
    for address in n.to:
        if not _ADDRESS.fullmatch(address):
            bad(i, "to", f"{address!r} is not an e-mail address")
    if bool(n.username_env) != bool(n.password_env):
        bad(i, "username_env" if not n.username_env else "password_env",
            "set both username_env and password_env, or neither")
    if n.username_env and not n.starttls and n.smtp_host and not is_loopback(f"smtp://{n.smtp_host}"):
        bad(i, "starttls", "the password would cross the network in clear text; set starttls = true")


class Config(_Strict):
    arxiv: ArxivConfig = Field(default_factory=ArxivConfig)
    llm: LLMConfig = Field(default_factory=LLMConfig)
    output: OutputConfig = Field(default_factory=OutputConfig)
    schedule: ScheduleConfig = Field(default_factory=ScheduleConfig)
    pdf: PDFConfig = Field(default_factory=PDFConfig)
    topics: list[TopicConfig] = Field(default_factory=list)
    notify: list[NotifyConfig] = Field(default_factory=list)
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


def _describe_one(error: dict) -> tuple[tuple, str]:
    where = ".".join(str(p) for p in error["loc"])
    msg = error["msg"].removeprefix("Value error, ")
    if error.get("type") in ("literal_error", "int_parsing", "float_parsing", "bool_parsing", "string_type",
                             "int_type", "float_type", "list_type", "greater_than_equal", "less_than_equal",
                             "greater_than", "less_than", "int_from_float"):
        msg += f" (got {error.get('input')!r})"
    return tuple(error["loc"]), (f"{where}: {msg}" if where else msg)


_TABLE = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


def locate_key(text: str, loc: tuple) -> int | None:
    """The 1-based line of the TOML key a validation error points at (``("topics", 1, "query")`` is the
    ``query =`` line of the second ``[[topics]]`` table), else the line of its table (a key not written), else
    None. tomllib keeps no positions, so this reads the lines the way a person would."""
    want = [str(k) for k in loc]
    table: list[str] = []
    counters: dict[str, int] = {}
    table_line = None
    for number, line in enumerate(text.splitlines(), start=1):
        head = _TABLE.match(line)
        if head:
            name = head.group(2)
            table = name.split(".")
            if head.group(1) == "[[":
                counters[name] = counters.get(name, -1) + 1
                table.append(str(counters[name]))
            if want[: len(table)] == table:
                table_line = number
            continue
        key = _KEY.match(line)
        if key and want[: len(table) + 1] == table + [key.group(1)]:
            return number
    return table_line


def _describe(err: ValidationError, text: str | None) -> list[str]:
    out = []
    for error in err.errors():
        loc, message = _describe_one(error)
        out.append(_at(text, loc, message))
    return out


def load_config(path: str | Path) -> Config:
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"Config file {path} does not exist; create one with `paperbrief init`.")
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Config file {path} is not valid TOML ({exc}).") from None
    except UnicodeDecodeError:
        raise ConfigError(f"Config file {path} is not UTF-8 text.") from None
    return config_from_dict(data, base_dir=path.parent.resolve(), origin=str(path), text=text)


def _invalid(origin: str, problems: list[str]) -> ConfigError:
    first = problems[0].rstrip(".")
    more = f" (and {len(problems) - 1} more; `paperbrief doctor` lists them all)" if len(problems) > 1 else ""
    err = ConfigError(f"Config {origin} is invalid: {first}{more}.")
    err.problems = [p.rstrip(".") for p in problems]
    return err


def _at(text: str | None, loc: tuple, message: str) -> str:
    """``"key: what is wrong"`` becomes ``"key (line N): what is wrong"`` when the file's line is known."""
    line = locate_key(text, loc) if text else None
    if not line:
        return message
    key, sep, rest = message.partition(": ")
    return f"{key} (line {line}): {rest}" if sep else f"{message} (line {line})"


def _inside(child: Path, parent: Path) -> bool:
    try:
        child.resolve().relative_to(parent.resolve())
        return True
    except ValueError:
        return False


def _folder_problems(cfg: Config, text: str | None) -> list[str]:
    """Output folders that would write over something that is not ours: the file system's root, the home
    folder, a folder above the config file's, or the site/posts inside the data folder (whose files the
    run owns: a site build there could overwrite the database)."""
    problems = []
    out = cfg.out_dir.resolve()
    home = Path.home().resolve()
    if out == Path(out.anchor) or out == home or (cfg.base_dir.resolve() != out
                                                 and _inside(cfg.base_dir, out)):
        problems.append(_at(text, ("output", "dir"), f"output.dir: {cfg.output.dir!r} is {out}, which holds more "
                            "than paperbrief's files; use a folder of its own such as \"out\""))
    for key, folder in (("posts_dir", cfg.posts_dir), ("site_dir", cfg.site_dir)):
        if _inside(folder, cfg.data_dir):
            problems.append(_at(text, ("output", key), f"output.{key}: {folder} is inside the data folder "
                                f"{cfg.data_dir}, which holds the database; put it elsewhere"))
    if _inside(cfg.data_dir, cfg.site_dir):
        problems.append(_at(text, ("output", "data_dir"), f"output.data_dir: {cfg.data_dir} is inside the site "
                            f"folder {cfg.site_dir}, which is published; put it elsewhere"))
    return problems


def config_problems(data: dict, base_dir: Path = Path("."), text: str | None = None) -> tuple[Config | None,
                                                                                                list[str]]:
    """Every mistake in a config, each a sentence naming its key (and line, given the file's text)."""
    try:
        cfg = Config.model_validate({**data, "base_dir": base_dir})
    except ValidationError as exc:
        return None, _describe(exc, text)
    problems: list[str] = []
    if not cfg.topics:
        problems.append("it defines no [[topics]]; add at least one")
    seen: dict[str, int] = {}
    for i, topic in enumerate(cfg.topics):
        if topic.slug in seen:
            problems.append(_at(text, ("topics", i, "name"), f"topics.{i}.name: two topics have the same name "
                                f"{topic.name!r} (topics.{seen[topic.slug]} too)"))
        seen.setdefault(topic.slug, i)
    for i, topic in enumerate(cfg.topics):
        try:
            topic.tree
        except ConfigError as exc:
            problems.append(_at(text, ("topics", i, "query"), f"topics.{i}.query: {str(exc).rstrip('.')}"))
    problem = cfg.arxiv.etiquette_problem()
    if problem:
        problems.append(_at(text, ("arxiv", problem[0]), f"arxiv.{problem[0]}: {problem[1]}"))
    problems += _folder_problems(cfg, text)
    problems += _notify_problems(cfg, data.get("notify") or [], text)
    return cfg, problems


def config_from_dict(data: dict, base_dir: Path = Path("."), origin: str = "config",
                     text: str | None = None) -> Config:
    cfg, problems = config_problems(data, base_dir, text)
    if problems:
        if cfg is not None and not cfg.topics and len(problems) == 1:
            raise ConfigError(f"Config {origin} defines no [[topics]]; add at least one.")
        raise _invalid(origin, problems)
    return cfg


DEFAULT_CONFIG_TEXT = '''\
# paperbrief configuration. Relative paths are relative to this file.

[arxiv]
# The arXiv API endpoint; a mirror or a local test server may stand in.
base_url = "http://export.arxiv.org/api/query"
# arXiv asks for at most one request every 3 seconds on one connection; 3 is the least allowed.
delay_seconds = 3.0
# Your e-mail address, sent in the User-Agent so arXiv can reach you. Required: runs against arXiv refuse to
# start without it (or set the PAPERBRIEF_CONTACT environment variable).
# contact = "you@your-lab.edu"

[pdf]
# Each PDF is read in a separate process with these limits; a PDF that needs more (a "PDF bomb", a damaged
# file) is left out with a note, and its paper is published with arXiv's facts.
timeout_seconds = 120
memory_mb = 2048

[schedule]
# A run covers every arXiv announcement since the topic's last completed one. The first run of a topic looks
# back this many days (at least the latest announcement); `paperbrief run --since DATE` backfills further.
lookback_days = 1
# Papers arXiv announces late keep their submission date; each window's query reaches this many days back.
late_days = 2
# arXiv holidays (no announcement) beyond the list paperbrief ships, e.g. ["2027-01-01"].
holidays = []

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
# grammar_window = 256       # embedded: grammar applied to the likeliest tokens first (same answers); 0: to all

[output]
dir = "out"          # posts in out/posts, site in out/site, database and PDF cache in out/data
author = "paperbrief"
formats = ["hexo", "json", "feed", "citations"]   # also: markdown, hugo, jekyll
# feed_size = 50     # feeds (out/feeds/<topic>.xml|.json, all.xml|.json) carry the newest 50 papers across posts

[[topics]]
name = "Diffusion Models"
# Fields ti: abs: au: co: jr: cat: all: (a bare word means all:), "quoted phrases", a trailing * wildcard,
# AND / OR / ANDNOT and parentheses. Parsed once, sent to arXiv with the announcement window, and checked
# again on every paper arXiv returns.
query = "cat:cs.CV AND abs:diffusion"
negative_keywords = ["survey"]   # a paper with one of these in its title or abstract is left out (and reported)
max_papers = 20      # analysed in full; the rest are listed under "also new", never dropped
language = "zh"      # or "en"
# outputs = ["hexo", "json", "feed"]   # this topic only: hexo, markdown, hugo, jekyll, json, feed, citations
# evidence = "footnote"   # list under each paper the sentence (and page) each number comes from; default "off"
# Ranking: which papers get the max_papers analyses and the post's order. Every paper's score is a sum of named
# parts (see `paperbrief explain ID`): the query's words in the title (x2) and abstract (BM25), quoted phrases,
# and optionally:
# description = "Fast sampling and distillation of diffusion models"   # similarity to this
# library = "refs.bib"          # kept papers: BibTeX (Zotero/Mendeley export), CSL-JSON, a file of arXiv ids,
#                               # or a list ["2006.11239", …]; `paperbrief like ID` adds to it
# embeddings = true             # similarity by the offline sentence-embedding model (else TF-IDF)
# boost_authors = ["Yang Song"]
# boost_affiliations = ["Stanford"]
# demote_keywords = ["benchmark"]     # lower the score instead of leaving the paper out
# exclude_categories = ["eess.AS"]    # primary categories left out (reported with the rule)
# min_score = 1.0                     # papers below are left out (reported with the rule)
# weights = { library = 10.0, title = 2.0 }   # per part: title abstract phrase authors affiliations
#                                             # description library penalty

# Deliveries: each [[notify]] table sends the run's new posts (every paper, listed ones included). Secrets are
# read from the environment variables named here, never from this file. A failed delivery is retried once by
# the next run, then given up (the report says so); a sent one is never sent again.
# [[notify]]
# kind = "email"                # or "slack", "discord", "feishu", "webhook"
# topics = ["Diffusion Models"] # only these topics (default: all)
# group = "window"              # one message per topic and window; "topic": per topic per run; "run": one digest
# smtp_host = "smtp.your-lab.edu"
# smtp_port = 587
# starttls = true
# from = "digest@your-lab.edu"
# to = ["you@your-lab.edu"]
# username_env = "SMTP_USER"    # the variables holding the login (both or neither)
# password_env = "SMTP_PASSWORD"
# figures_url = "https://blog.your-lab.edu/posts"   # where the posts' figure folders are published (linked)
# attach_figures = false        # attach the figure files instead (at most 10 MB)
#
# [[notify]]
# kind = "slack"
# url_env = "SLACK_WEBHOOK_URL" # the variable holding the incoming-webhook URL
# max_retries = 3               # on HTTP 429/5xx, waiting backoff_seconds (doubling) or the Retry-After asked
'''
