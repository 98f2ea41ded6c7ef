"""`paperbrief demo` writes every format, the feeds, the citations and the site, and its deliveries reach the
loopback SMTP server and webhook receiver: all of them carry the same papers, read back as a reader would
(feedparser, bibtexparser, the e-mail parser, the HTML pages). The LLM is the canned double here;
test_pipeline_e2e.py runs the demo on the real model."""

from __future__ import annotations

import email
import email.policy
import json
import re

import bibtexparser
import feedparser
import pytest

from paperbrief.demo import run_demo
from paperbrief.samples.papers import SAMPLE_PAPERS

from pipeline_doubles import CannedBackend

IDS = sorted(p.arxiv_id for p in SAMPLE_PAPERS)


def _ids_in(text: str) -> list[str]:
    return sorted(set(re.findall(r"\b(2611\.\d{5})(?:v\d+)?\b", text)))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    result = run_demo(out, backend=CannedBackend(), log=lambda *_: None)
    assert result.run.exit_code == 0, result.run.report.model_dump()
    return result


def test_every_format_is_written_with_the_same_body(demo):
    (post,) = demo.posts
    body = post.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    assert _ids_in(body) == IDS
    for flavour in ("markdown", "hugo", "jekyll"):
        other = (demo.out / flavour / post.name).read_text(encoding="utf-8")
        assert other.split("\n---\n", 1)[1] == body, flavour
    data = json.loads((demo.out / "json" / post.with_suffix(".json").name).read_text(encoding="utf-8"))
    assert sorted(p["entry"]["arxiv_id"] for part in ("papers", "updated", "listed") for p in data[part]) == IDS
    assert [label for label, _ in demo.outputs()] == ["markdown", "hugo", "jekyll", "json", "feeds", "citations"]


def test_feeds_carry_the_papers(demo):
    for name in ("diffusion-models.xml", "all.xml"):
        feed = feedparser.parse((demo.out / "feeds" / name).read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert sorted(_ids_in(e.link)[0] for e in feed.entries) == IDS
    items = json.loads((demo.out / "feeds" / "diffusion-models.json").read_text(encoding="utf-8"))["items"]
    assert sorted(_ids_in(i["url"])[0] for i in items) == IDS


def test_citations_carry_the_papers(demo):
    (post,) = demo.posts
    stem = demo.out / "citations" / post.stem
    bib = bibtexparser.parse_string(stem.with_suffix(".bib").read_text(encoding="utf-8"))
    assert not bib.failed_blocks
    assert sorted(e.fields_dict["eprint"].value for e in bib.entries) == IDS
    ris = stem.with_suffix(".ris").read_text(encoding="utf-8")
    assert ris.count("TY  - ") == len(IDS) and _ids_in(ris) == IDS
    csl = json.loads(stem.with_name(post.stem + ".csl.json").read_text(encoding="utf-8"))
    assert sorted(_ids_in(c["number"])[0] for c in csl) == IDS


def test_the_site_has_a_page_feed_and_citation_for_every_paper(demo):
    site = demo.site_index.parent
    pages = sorted(p.stem for p in (site / "papers").glob("*.html"))
    assert _ids_in(" ".join(pages)) == IDS
    assert _ids_in((site / "feeds" / "diffusion-models.xml").read_text(encoding="utf-8")) == IDS
    assert _ids_in(" ".join(p.name for p in (site / "cite").glob("*.bib"))) == IDS


def test_the_e_mail_and_the_webhook_carry_the_papers(demo):
    mails = sorted(demo.deliveries.glob("mail-*.eml"))
    hooks = sorted(demo.deliveries.glob("webhook-*.json"))
    assert len(mails) == 1 and len(hooks) == 1
    msg = email.message_from_bytes(mails[0].read_bytes(), policy=email.policy.default)
    plain = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert _ids_in(plain) == IDS and _ids_in(html) == IDS
    assert _ids_in(hooks[0].read_text(encoding="utf-8")) == IDS
    sent = {d.notify: d.status for d in demo.run.report.deliveries}
    assert sent == {"demo e-mail": "sent", "demo webhook": "sent"}


def test_a_second_demo_sends_nothing_again(demo):
    again = run_demo(demo.out, backend=CannedBackend(), log=lambda *_: None)
    assert again.run.exit_code == 0
    assert len(list(demo.deliveries.glob("mail-*.eml"))) == 1
    assert len(list(demo.deliveries.glob("webhook-*.json"))) == 1
