"""``paperbrief doctor``: checks config, model, LLM backend, arXiv reachability and write permissions, and
says what to fix. Each check is a (name, ok, message) row."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from paperbrief.errors import PaperbriefError

__all__ = ["Check", "run_checks"]


@dataclass
class Check:
    name: str
    ok: bool
    message: str


def _writable(folder: Path) -> Check:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder):
            pass
        return Check(f"write {folder}", True, "writable")
    except OSError as exc:
        return Check(f"write {folder}", False, f"not writable ({exc.strerror}); choose another output.dir")


def run_checks(config_path: Path, *, network: bool = True) -> list[Check]:
    from paperbrief.config import load_config

    checks: list[Check] = []
    try:
        cfg = load_config(config_path)
    except PaperbriefError as exc:
        problems = getattr(exc, "problems", None)
        if problems:  # every mistake its own row, with its key and line
            return [Check("config", False, f"{config_path}: {p}.") for p in problems]
        return [Check("config", False, str(exc))]
    checks.append(Check("config", True, f"{config_path}: {len(cfg.topics)} topic(s)"))
    if cfg.llm.backend == "embedded":
        try:
            from paperbrief.llm.models import resolve_model_path

            path = resolve_model_path(cfg.llm)
            checks.append(Check("model", True, f"{path} ({Path(path).stat().st_size / 2**20:.0f} MiB)"))
        except PaperbriefError as exc:
            checks.append(Check("model", False, str(exc)))
    elif cfg.llm.backend == "openai-compatible":
        if not cfg.llm.base_url or not cfg.llm.model:
            checks.append(Check("llm", False, "set llm.base_url and llm.model for the openai-compatible backend"))
        elif not os.environ.get(cfg.llm.api_key_env):
            checks.append(Check("llm", False, f"the environment variable {cfg.llm.api_key_env} (llm.api_key_env) "
                                              "is not set"))
        else:
            checks.append(Check("llm", True, f"{cfg.llm.model} at {cfg.llm.base_url}, key from ${cfg.llm.api_key_env}"))
    if any(t.embeddings for t in cfg.topics):
        from paperbrief.rank.embed import Embedder

        try:
            model, _ = Embedder().files()
            checks.append(Check("embeddings", True, f"{model.name} ({model.stat().st_size / 2**20:.0f} MiB), offline"))
        except PaperbriefError as exc:
            checks.append(Check("embeddings", False, str(exc)))
    if network:
        from paperbrief.query import to_arxiv
        from paperbrief.sources.arxiv import ArxivClient

        client = ArxivClient(cfg.arxiv.model_copy(update={"max_retries": 0}))
        try:
            client.fetch_page(to_arxiv(cfg.topics[0].tree), max_results=1)
            checks.append(Check("arxiv", True, f"{cfg.arxiv.base_url} answers"))
        except PaperbriefError as exc:
            checks.append(Check("arxiv", False, f"{exc} Check arxiv.base_url or the network."))
        finally:
            client.close()
    for folder in (cfg.posts_dir, cfg.data_dir):
        checks.append(_writable(folder))
    checks += [_notify_check(i, n) for i, n in enumerate(cfg.notify)]
    return checks


def _notify_check(i: int, n) -> Check:
    """A [[notify]] target's secrets are in the environment (nothing is sent: doctor never spams a channel)."""
    name = f"notify {n.key}"
    if n.kind == "email":
        missing = [v for v in (n.username_env, n.password_env) if v and not os.environ.get(v)]
        if missing:
            return Check(name, False, f"the environment variable {missing[0]} (notify.{i}) is not set")
        login = f", login from ${n.username_env}" if n.username_env else ""
        return Check(name, True, f"SMTP {n.smtp_host}:{n.smtp_port}{' with STARTTLS' if n.starttls else ''}{login}")
    url = os.environ.get(n.url_env or "", "").strip()
    if not url:
        return Check(name, False, f"the environment variable {n.url_env} (notify.{i}.url_env) is not set")
    if not url.lower().startswith(("https://", "http://")):
        return Check(name, False, f"${n.url_env} does not hold an http(s) URL")
    return Check(name, True, f"{n.kind} webhook from ${n.url_env}")
