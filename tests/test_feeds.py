"""Feeds that accumulate (issue 19): one Atom feed and one JSON Feed per topic and for all topics, parsed back with
feedparser and validated against RFC 4287's RELAX NG schema; stable ids, an `updated` that moves only with the
paper, the same bytes from the same store."""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone
from pathlib import Path

import feedparser
import pytest
from lxml import etree, html

from paperbrief.records import Analysis, Author, LLMOutcome, PaperDigest, PaperStatus
from paperbrief.render.feeds import FeedTopic, build_feeds, write_feeds

from conftest import make_entry

ATOM_RNG = etree.RelaxNG(etree.parse(str(Path(__file__).parent / "data" / "atom.rng")))
ATOM = "{http://www.w3.org/2005/Atom}"
TOPICS = [FeedTopic(slug="diffusion", name="Diffusion Models", language="en"),
          FeedTopic(slug="robots", name="Robot Learning", language="zh")]
T1 = datetime(2026, 11, 24, 9, 30, tzinfo=timezone.utc)
T2 = datetime(2026, 11, 26, 17, 5, tzinfo=timezone.utc)
T3 = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)


def _digest(arxiv_id: str, *, version: int = 1, title: str | None = None, authors=("Ada Lovelace", "Alan Turing"),
            status: PaperStatus = PaperStatus.ANALYSED, summary: str = "", takeaways=(), published=T1, updated=None,
            **kw) -> PaperDigest:
    entry = make_entry(arxiv_id, version, title=title or f"Paper {arxiv_id}", published=published,
                       updated=updated or published, authors=[Author(name=a) for a in authors], **kw)
    outcome = LLMOutcome(analysis=Analysis(summary=summary, takeaways=list(takeaways)), model="m") if summary else None
    return PaperDigest(entry=entry, outcome=outcome, status=status)


def _day1() -> list[tuple[str, str, PaperDigest]]:
    return [("diffusion", "2026-11-25", _digest("2611.00001", summary="One sentence on paper one.",
                                                takeaways=["First point", "Second point"])),
            ("diffusion", "2026-11-25", _digest("2611.00002", status=PaperStatus.FAILED, authors=("Grace Hopper",))),
            ("diffusion", "2026-11-25", _digest("2611.00003", status=PaperStatus.LISTED, title="A listed paper")),
            ("robots", "2026-11-25", _digest("2611.00004", summary="机器人论文的一句话总结。", takeaways=["要点一"],
                                             published=T2))]


def _day2() -> list[tuple[str, str, PaperDigest]]:
    return [("diffusion", "2026-11-27", _digest("2611.00010", published=T2, summary="Newer paper.")),
            ("diffusion", "2026-11-27", _digest("2611.00011", published=T2, status=PaperStatus.LISTED))]


def _entries(xml: str) -> list[dict]:
    parsed = feedparser.parse(xml)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed.entries


def test_topic_feeds_carry_every_paper_of_every_post_listed_ones_included():
    feeds = build_feeds(_day2() + _day1(), TOPICS, author="me")
    assert sorted(feeds) == ["all.json", "all.xml", "diffusion.json", "diffusion.xml", "robots.json", "robots.xml"]
    entries = _entries(feeds["diffusion.xml"])
    assert [e.id for e in entries] == ["urn:paperbrief:diffusion:2611.00010", "urn:paperbrief:diffusion:2611.00011",
                                       "urn:paperbrief:diffusion:2611.00001", "urn:paperbrief:diffusion:2611.00002",
                                       "urn:paperbrief:diffusion:2611.00003"]
    assert [e.title for e in entries] == ["Paper 2611.00010", "Paper 2611.00011", "Paper 2611.00001",
                                          "Paper 2611.00002", "A listed paper"]
    assert [[a.name for a in e.authors] for e in entries][2:4] == [["Ada Lovelace", "Alan Turing"], ["Grace Hopper"]]
    assert entries[2].link == "http://arxiv.org/abs/2611.00001v1"
    robots = _entries(feeds["robots.xml"])
    assert [(e.id, e.title) for e in robots] == [("urn:paperbrief:robots:2611.00004", "Paper 2611.00004")]
    everything = _entries(feeds["all.xml"])
    assert len(everything) == 6 and {e.id for e in everything} == {e.id for e in entries} | {robots[0].id}


def test_json_feed_has_the_same_entries_as_the_atom_feed():
    feeds = build_feeds(_day2() + _day1(), TOPICS, author="me")
    for stem in ("diffusion", "robots", "all"):
        data = json.loads(feeds[f"{stem}.json"])
        assert data["version"] == "https://jsonfeed.org/version/1.1"
        atom = _entries(feeds[f"{stem}.xml"])
        assert [i["id"] for i in data["items"]] == [e.id for e in atom]
        assert [i["title"] for i in data["items"]] == [e.title for e in atom]
        assert [[a["name"] for a in i["authors"]] for i in data["items"]] == [[a.name for a in e.authors] for e in atom]
    item = json.loads(feeds["diffusion.json"])["items"][2]
    assert item["date_modified"] == "2026-11-24T09:30:00+00:00" and item["url"] == "http://arxiv.org/abs/2611.00001v1"


def test_every_atom_file_is_valid_against_the_rfc4287_schema():
    feeds = build_feeds(_day2() + _day1(), TOPICS, author="me", feeds_url="https://example.org/feeds/",
                        home_url="https://example.org/")
    for name in ("all.xml", "diffusion.xml", "robots.xml"):
        doc = etree.fromstring(feeds[name].encode("utf-8"))
        assert ATOM_RNG.validate(doc), (name, ATOM_RNG.error_log)
    self_link = etree.fromstring(feeds["robots.xml"].encode()).find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == "https://example.org/feeds/robots.xml"


def test_the_schema_rejects_a_feed_without_an_id():
    """The schema is not a blank check: a feed missing a required element fails."""
    doc = etree.fromstring(build_feeds(_day1(), TOPICS, author="me")["robots.xml"].encode())
    doc.remove(doc.find(f"{ATOM}id"))
    assert not ATOM_RNG.validate(doc)


def test_summary_and_takeaways_are_the_content_and_a_listed_paper_shows_its_abstract():
    entries = {e.id: e for e in _entries(build_feeds(_day1(), TOPICS, author="me")["diffusion.xml"])}
    analysed = entries["urn:paperbrief:diffusion:2611.00001"].content[0]
    assert analysed.type == "text/html"
    tree = html.fromstring(analysed.value)
    assert [li.text_content() for li in tree.iter("li")] == ["First point", "Second point"]
    assert "One sentence on paper one." in tree.text_content()
    listed = entries["urn:paperbrief:diffusion:2611.00003"].content[0].value
    assert "We study diffusion models and improve FID by 12.5 points." in listed
    zh = _entries(build_feeds(_day1(), TOPICS, author="me")["robots.xml"])[0].content[0].value
    assert "要点" in zh and "<li>要点一</li>" in zh


def test_two_builds_from_the_same_store_are_byte_identical():
    first = build_feeds(_day2() + _day1(), TOPICS, author="me")
    time.sleep(1.1)  # a build-time stamp would show up as a difference
    again = [(t, d, PaperDigest.model_validate_json(p.model_dump_json())) for t, d, p in _day2() + _day1()]
    assert build_feeds(again, TOPICS, author="me") == first


def test_write_feeds_writes_the_files(tmp_path):
    paths = write_feeds(tmp_path / "feeds", _day1(), TOPICS, author="me")
    assert sorted(p.name for p in paths) == ["all.json", "all.xml", "diffusion.json", "diffusion.xml",
                                             "robots.json", "robots.xml"]
    assert len(_entries((tmp_path / "feeds" / "diffusion.xml").read_text("utf-8"))) == 3


def _by_id(xml: str) -> dict[str, str]:
    return {e.id: e.updated for e in _entries(xml)}


def test_a_later_post_keeps_the_old_entries_ids_and_updated():
    before = build_feeds(_day1(), TOPICS, author="me")
    after = build_feeds(_day2() + _day1(), TOPICS, author="me")
    old, new = _by_id(before["diffusion.xml"]), _by_id(after["diffusion.xml"])
    assert old == {"urn:paperbrief:diffusion:2611.00001": "2026-11-24T09:30:00+00:00",
                   "urn:paperbrief:diffusion:2611.00002": "2026-11-24T09:30:00+00:00",
                   "urn:paperbrief:diffusion:2611.00003": "2026-11-24T09:30:00+00:00"}
    assert {k: new[k] for k in old} == old
    assert new["urn:paperbrief:diffusion:2611.00010"] == "2026-11-26T17:05:00+00:00"
    assert feedparser.parse(before["diffusion.xml"]).feed.updated == "2026-11-24T09:30:00+00:00"
    assert feedparser.parse(after["diffusion.xml"]).feed.updated == "2026-11-26T17:05:00+00:00"
    assert before["robots.xml"] == after["robots.xml"]  # a topic without a new post: the same file


def test_a_new_version_changes_updated_but_not_the_id():
    v2 = _digest("2611.00001", version=2, title="Paper one, revised", published=T1, updated=T3,
                 status=PaperStatus.UPDATED, summary="Revised.", is_update=True, previous_version=1)
    after = build_feeds([("diffusion", "2026-12-01", v2), *_day1()], TOPICS, author="me")
    entries = [e for e in _entries(after["diffusion.xml"]) if e.id == "urn:paperbrief:diffusion:2611.00001"]
    assert len(entries) == 1  # one entry per paper and topic, the newest version's
    assert entries[0].updated == "2026-11-30T08:00:00+00:00" and entries[0].published == "2026-11-24T09:30:00+00:00"
    assert entries[0].title == "Paper one, revised" and entries[0].link == "http://arxiv.org/abs/2611.00001v2"
    assert feedparser.parse(after["diffusion.xml"]).feed.updated == "2026-11-30T08:00:00+00:00"


def test_limit_keeps_the_newest_posts_papers():
    feeds = build_feeds(_day2() + _day1(), TOPICS, author="me", limit=2)
    assert [e.id for e in _entries(feeds["diffusion.xml"])] == ["urn:paperbrief:diffusion:2611.00010",
                                                               "urn:paperbrief:diffusion:2611.00011"]
    assert len(_entries(feeds["all.xml"])) == 2 and len(json.loads(feeds["all.json"])["items"]) == 2


def test_a_topic_without_posts_has_an_empty_valid_feed():
    feeds = build_feeds([], TOPICS, author="me")
    doc = etree.fromstring(feeds["robots.xml"].encode())
    assert ATOM_RNG.validate(doc), ATOM_RNG.error_log
    assert _entries(feeds["robots.xml"]) == [] and json.loads(feeds["robots.json"])["items"] == []
    assert doc.findtext(f"{ATOM}updated") == "1970-01-01T00:00:00+00:00"


def test_a_topic_named_all_is_refused():
    with pytest.raises(ValueError, match="all"):
        build_feeds([], [FeedTopic(slug="all", name="All")], author="me")


HOSTILE = 'Evil <script>alert(1)</script> ]]> \x01\x0b } \\ & "q" <![CDATA[x]]>'


def test_hostile_titles_and_prose_keep_the_feeds_valid_and_show_as_text():
    d = _digest("2611.00666", title=HOSTILE, authors=("Mallory </name><x>", "\x00Eve"),
                summary="Summary <script>steal()</script> ]]> }", takeaways=["<img src=x onerror=alert(1)>"],
                abstract="Abs ]]> <script>")
    feeds = build_feeds([("diffusion", "2026-11-25", d)], [FeedTopic(slug="diffusion", name="T <b>\x07")],
                        author="me <script>")
    expected_title = 'Evil <script>alert(1)</script> ]]> } \\ & "q" <![CDATA[x]]>'
    for name in ("diffusion.xml", "all.xml"):
        doc = etree.fromstring(feeds[name].encode("utf-8"))  # strict XML parser: raises on an invalid file
        assert ATOM_RNG.validate(doc), ATOM_RNG.error_log
        entry = doc.find(f"{ATOM}entry")
        assert entry.findtext(f"{ATOM}title") == expected_title
        assert [a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")] == ["Mallory </name><x>", "Eve"]
        content = html.fromstring(entry.findtext(f"{ATOM}content"))  # the HTML a reader renders
        assert list(content.iter("script")) == [] and list(content.iter("img")) == []
        assert "Summary <script>steal()</script> ]]> }" in content.text_content()
        assert "<img src=x onerror=alert(1)>" in content.text_content()
        assert _entries(feeds[name])[0].title == expected_title
    item = json.loads(feeds["diffusion.json"])["items"][0]
    assert item["title"] == expected_title and "<script>" not in item["content_html"]
    assert "&lt;script&gt;steal()&lt;/script&gt;" in item["content_html"]


def test_limit_counts_per_feed_a_quiet_topic_keeps_its_papers():
    """The newest papers of one topic fill the feed of all topics; another topic's feed still has its own."""
    feeds = build_feeds(_day2() + _day1(), TOPICS, author="me", limit=1)
    assert [e.id for e in _entries(feeds["all.xml"])] == ["urn:paperbrief:diffusion:2611.00010"]
    assert [e.id for e in _entries(feeds["robots.xml"])] == ["urn:paperbrief:robots:2611.00004"]
