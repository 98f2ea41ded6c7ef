"""Renderer properties (hypothesis): any Unicode string (surrogates and control characters included, mixed with
hostile fragments) as a title, an abstract, an author name, the LLM's summary or the topic gives valid YAML
front matter whose title round-trips (modulo the documented cleaning: see test_hostile_outputs), a Markdown
body with the same headings, well-formed HTML pages, and valid Atom."""

from __future__ import annotations

import json
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import lxml.html
from hypothesis import HealthCheck, given, settings, strategies as st
from lxml import etree

from paperbrief.render.escape import clean_text, md_escape, one_line
from paperbrief.render.hexo import render_post
from paperbrief.render.feeds import FeedTopic, build_feeds
from paperbrief.render.outputs import post_json

from test_hostile_outputs import (ATOM, HEXO_KEYS, HOSTILE, SLUG, _site, assert_markdown_body, assert_safe_html,
                                  hostile_post, markdown_html, one, split_front_matter, visible)

FRAGMENTS = list(HOSTILE.values()) + ["\n", "\r", "\t", " ", "---", "- ", "1. ", "#", "`", "*", "_", "[", "]",
                                      "(", ")", "<", ">", "&", "{", "}", "%", "$", "|", "\\", "!", "~", "=", ":",
                                      "'", '"', "\u202e", "\u200b", "\ufeff", "\x00", "\x85", "\u2028", "\ud800",
                                      "\U000e0041", "\u00ad"]
any_char = st.characters(codec=None, exclude_categories=())  # every code point, surrogates too
TEXT = st.lists(st.one_of(st.text(any_char, max_size=12), st.sampled_from(FRAGMENTS)), max_size=8).map("".join)

SETTINGS = settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def _variant(title, abstract, author, summary, topic):
    post = hostile_post("x", topic=topic)
    for d in post.all_papers:
        d.entry.title, d.entry.abstract = title, abstract
        d.entry.authors[0].name = author
        if d.outcome:
            d.outcome.analysis.summary = summary
    return post


class _WellFormed(HTMLParser):
    """Every element closed in order (HTML's void elements aside), no stray end tag."""

    VOID = {"meta", "link", "img", "br", "input", "hr", "source", "wbr", "area", "base", "col", "embed", "track"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> with {self.stack[-3:]} open")
        else:
            self.stack.pop()


def assert_well_formed(html_text: str) -> None:
    p = _WellFormed()
    p.feed(html_text)
    p.close()
    assert not p.errors and not p.stack, (p.errors, p.stack)


@SETTINGS
@given(title=TEXT, abstract=TEXT, author=TEXT, summary=TEXT, topic=TEXT)
def test_hexo_post_front_matter_and_body(title, abstract, author, summary, topic):
    post = _variant(title, abstract, author, summary, topic)
    fm, body = split_front_matter(render_post(post, author=author))
    assert set(fm) == HEXO_KEYS
    assert fm["title"] == one(topic) and fm["tags"] == [one(topic)] and fm["author"] == one(author)
    assert_markdown_body(body, post)
    doc = markdown_html(body)
    authors = [li.text_content() for li in doc.iter("li") if li.text_content().startswith("作者：")]
    assert authors == [f"作者：{one(', '.join(post.papers[0].entry.author_names))}"] * 2
    assert json.loads(post_json(post))["papers"][0]["entry"]["title"] == visible(title)


@SETTINGS
@given(title=TEXT, abstract=TEXT, author=TEXT, summary=TEXT, topic=TEXT)
def test_atom_feed(title, abstract, author, summary, topic):
    post = _variant(title, abstract, author, summary, topic)
    rows = [(SLUG, "2026-11-25", d) for d in post.all_papers]
    xml = build_feeds(rows, [FeedTopic(SLUG, topic)], author=author)[f"{SLUG}.xml"].encode("utf-8")
    root = etree.fromstring(xml, etree.XMLParser(recover=False, resolve_entities=False, no_network=True))
    assert root.findtext("a:author/a:name", namespaces=ATOM) == (one(author) or "paperbrief")
    entries = root.findall("a:entry", ATOM)
    ids = sorted(p.entry.arxiv_id for p in post.all_papers)
    assert len(entries) == len(set(ids)) == 4
    # an empty title shows the arXiv id; an author whose name cleans to nothing is left out
    assert sorted(e.findtext("a:title", namespaces=ATOM) for e in entries) == (
        [one(title)] * 4 if one(title) else ids)
    first_authors = [e.findtext("a:author/a:name", namespaces=ATOM) for e in entries]
    assert first_authors == ([one(author)] * 4 if one(author) else [first_authors[0]] * 4)
    assert one(author) or first_authors[0] != ""
    analysed = one(summary) or one(abstract)  # an empty summary falls back to the abstract
    want = sorted([analysed] * 2 + [one(abstract)] * 2)
    got = sorted(e.findtext("a:summary", namespaces=ATOM) or "" for e in entries)
    if all(want):  # a summary that cleans to nothing shows something else (the title or the id)
        assert got == want
    for e in entries:
        assert_safe_html(lxml.html.fromstring(e.findtext("a:content", namespaces=ATOM) or "<p></p>"))


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=TEXT, abstract=TEXT, author=TEXT, summary=TEXT, topic=TEXT)
def test_site_pages(title, abstract, author, summary, topic):
    post = _variant(title, abstract, author, summary, topic)
    with tempfile.TemporaryDirectory() as tmp:
        index = _site(Path(tmp), post, topic)
        site = index.parent
        for page in sorted(site.rglob("*.html")):
            text = page.read_text(encoding="utf-8")
            assert_well_formed(text)
            doc = lxml.html.fromstring(text)
            assert_safe_html(doc)  # scripts only from the site's own files, none inline
            assert [a.text_content() for a in doc.xpath("//nav/a[@class='tag']")] == [one(topic)]
        page = lxml.html.parse(str(site / "papers" / "2611.00001v1.html")).getroot()
        assert [h.text_content() for h in page.iter("h1")] == [visible(title)]
        assert page.xpath("//p[contains(concat(' ', @class, ' '), ' abstract ')]")[0].text_content() == visible(abstract)
        if visible(summary):
            assert page.xpath("//p[@class='summary']")[0].text_content() == visible(summary)
        etree.parse(str(site / "feeds" / f"{SLUG}.xml"), etree.XMLParser(recover=False, no_network=True))


@SETTINGS
@given(TEXT)
def test_escapers_leave_no_invisible_character_and_md_escape_round_trips(text):
    cleaned = clean_text(text)
    assert cleaned == visible(text) and clean_text(cleaned) == cleaned
    assert one_line(text) == one(text)
    # escaped Markdown renders back to exactly the one-line text, as a single paragraph
    if one(text):
        doc = markdown_html(md_escape(text))
        assert [el.tag for el in doc] == ["p"] and doc[0].text_content() == one(text)
