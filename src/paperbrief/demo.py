"""``paperbrief demo``: the whole pipeline offline. Sample PDFs are generated, served with their Atom feed
by a local arXiv-compatible server on 127.0.0.1 as the latest arXiv announcement, fetched through the same
client and stages a real run uses, and turned into a post with the embedded model, in every format (Hexo,
Markdown, Hugo, Jekyll, JSON), with the feeds, the citations and the static site. Its deliveries go to an
SMTP server and a webhook receiver on 127.0.0.1 that keep what they get in ``<out>/deliveries/``."""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from paperbrief.calendar import ArxivCalendar
from paperbrief.config import config_from_dict
from paperbrief.run import RunOptions, RunResult, run_digest
from paperbrief.run.publish import build_site_from_store
from paperbrief.samples.papers import DEMO_QUERY, DEMO_TOPIC, build_sample_pdfs, sample_entries
from paperbrief.samples.server import ArxivStub
from paperbrief.samples.sinks import MailSink, WebhookSink

__all__ = ["run_demo", "DemoResult", "demo_config"]


@dataclass
class DemoResult:
    run: RunResult
    out: Path
    report_path: Path
    site_index: Path | None = None
    posts: list[Path] | None = None  # the demo window's posts, written by this run or an earlier one
    deliveries: Path | None = None  # the e-mails and webhook messages the loopback receivers got

    def outputs(self) -> list[tuple[str, Path]]:
        """What to open, labelled: the other formats' folders, the feeds, the citations."""
        out = self.out
        return [(label, out / sub) for label, sub in (("markdown", "markdown"), ("hugo", "hugo"),
                                                       ("jekyll", "jekyll"), ("json", "json"), ("feeds", "feeds"),
                                                       ("citations", "citations")) if (out / sub).is_dir()]


DEMO_FORMATS = ["hexo", "markdown", "hugo", "jekyll", "json", "feed", "citations"]
WEBHOOK_ENV = "PAPERBRIEF_DEMO_WEBHOOK_URL"


def demo_notify(smtp_port: int) -> list[dict]:
    """The demo's deliveries: an e-mail to the loopback SMTP server, a webhook to the loopback receiver."""
    return [{"kind": "email", "name": "demo e-mail", "smtp_host": "127.0.0.1", "smtp_port": smtp_port,
             "starttls": False, "from": "demo@paperbrief.example", "to": ["reader@paperbrief.example"]},
            {"kind": "webhook", "name": "demo webhook", "url_env": WEBHOOK_ENV, "backoff_seconds": 0.1}]


def demo_config(out: Path, base_url: str, *, model_path: str | None = None, language: str = "zh",
                backend: str = "embedded", max_output_tokens: int | None = None, notify: list[dict] | None = None):
    llm: dict = {"backend": backend}
    if model_path:
        llm["model_path"] = str(model_path)
    if max_output_tokens:
        llm["max_output_tokens"] = int(max_output_tokens)
    return config_from_dict({
        "arxiv": {"base_url": base_url, "delay_seconds": 0.0, "backoff_seconds": 0.1, "contact": "demo@localhost"},
        "llm": llm,
        "output": {"dir": str(out.resolve()), "author": "paperbrief demo", "formats": DEMO_FORMATS},
        "topics": [{"name": DEMO_TOPIC, "query": DEMO_QUERY, "max_papers": 10, "language": language}],
        "notify": notify or [],
    }, base_dir=out.resolve(), origin="demo")


@contextmanager
def _env(name: str, value: str):
    """The webhook URL where a delivery reads it, the environment, for the demo's run only."""
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def run_demo(out: Path, *, model_path: str | None = None, language: str = "zh", now: datetime | None = None,
             progress=None, log=print, backend=None, max_output_tokens: int | None = None) -> DemoResult:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    now = now or datetime.now(timezone.utc)
    window = ArxivCalendar().latest(now)
    log(f"Generating sample papers in {out / 'samples'} …")
    pdfs = build_sample_pdfs(out / "samples")
    entries = sample_entries(within=(window.start, window.end))
    inbox = out / "deliveries"
    with ArxivStub(entries=entries, pdfs=dict(pdfs)) as stub, MailSink(inbox) as mail, WebhookSink(inbox) as hook, \
            _env(WEBHOOK_ENV, hook.url):
        log(f"Local arXiv-compatible server on {stub.base_url}, serving the sample papers as the announcement of "
            f"{window.key}; deliveries to an SMTP server on 127.0.0.1:{mail.port} and a webhook on {hook.url}")
        config = demo_config(out, stub.api_url, model_path=model_path, language=language,
                             max_output_tokens=max_output_tokens, notify=demo_notify(mail.port))
        result = run_digest(config, RunOptions(since=window.announced, now=now), backend=backend, progress=progress)
    site_index = build_site_from_store(config)
    from paperbrief.store import Store

    with Store(config.data_dir / "paperbrief.sqlite") as store:
        posts = [Path(p.path) for p in store.posts() if p.date == window.key and p.written and p.path]
    return DemoResult(run=result, out=out, report_path=config.out_dir / "report.json", site_index=site_index,
                      posts=posts, deliveries=inbox)
