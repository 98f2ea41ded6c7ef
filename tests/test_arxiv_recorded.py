"""Real arXiv API answers (recorded by other projects, listed in SOURCES.tsv) parse into correct records.

The folder is /work/shared/arxiv-responses (or $PAPERBRIEF_ARXIV_RESPONSES); every fact asserted here was
read from the XML by hand."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import httpx
import pytest

from paperbrief.config import ArxivConfig
from paperbrief.errors import ArxivUnavailable, SourceError
from paperbrief.query import matches, parse_query
from paperbrief.sources.arxiv import ArxivClient
from paperbrief.sources.atom import FeedPage, parse_feed

FOLDER = Path(os.environ.get("PAPERBRIEF_ARXIV_RESPONSES", "/work/shared/arxiv-responses"))
pytestmark = pytest.mark.skipif(not FOLDER.is_dir(), reason=f"recorded arXiv responses not found in {FOLDER}")

UTC = timezone.utc
QUERY_API_FILES = [
    "arxivpy-2026-search-all-testing-10.xml",
    "arxivpy-2026-search-all-testing-start20-latex-nonascii.xml",
    "arxivpy-2026-empty-idlist-0000.0000.xml",
    "arxivpy-2026-idlist-astro-ph-0601001-affiliation-journalref.xml",
    "arxivpy-2026-idlist-two-ids-one-missing-nonascii.xml",
    "arxivpy-2016-search-au-del_maestro.xml",
    "arxivpy-2016-idlist-1111.2011v2.xml",
    "ainews-2025-search-cat-or-5entries-oldformat.xml",
]


def page(name: str) -> FeedPage:
    return parse_feed((FOLDER / name).read_bytes())


def by_id(p: FeedPage) -> dict:
    return {e.versioned_id: e for e in p.entries}


def test_every_file_is_accounted_for():
    listed = sorted(p.name for p in FOLDER.glob("*.xml"))
    assert listed == sorted(QUERY_API_FILES + ["arxivpy-2026-error-400-bad-id-abc.xml",
                                               "hepcrawl-oaipmh-getrecord-arXivformat-1603.05976.xml"])


@pytest.mark.parametrize("name, count", [
    ("arxivpy-2026-search-all-testing-10.xml", 10),
    ("arxivpy-2026-search-all-testing-start20-latex-nonascii.xml", 10),
    ("arxivpy-2026-empty-idlist-0000.0000.xml", 0),
    ("arxivpy-2026-idlist-astro-ph-0601001-affiliation-journalref.xml", 1),
    ("arxivpy-2026-idlist-two-ids-one-missing-nonascii.xml", 1),
    ("arxivpy-2016-search-au-del_maestro.xml", 10),
    ("arxivpy-2016-idlist-1111.2011v2.xml", 1),
    ("ainews-2025-search-cat-or-5entries-oldformat.xml", 5),
])
def test_every_entry_parses_cleanly(name, count):
    p = page(name)
    assert len(p.entries) == count and p.errors == []
    for e in p.entries:
        assert e.title and e.authors and e.abstract and e.categories and e.primary_category
        assert e.title == " ".join(e.title.split()), e.versioned_id  # hard-wrapped titles joined
        assert e.abstract == " ".join(e.abstract.split()), e.versioned_id
        assert all(a.name == a.name.strip() and a.name for a in e.authors)
        assert e.published.tzinfo is not None and e.updated >= e.published
        assert e.primary_category in e.categories
        assert e.pdf_url.endswith(f"/pdf/{e.versioned_id}")


def test_search_2026_first_page():
    p = page("arxivpy-2026-search-all-testing-10.xml")
    assert (p.total, p.start) == (214881, 0)
    got = by_id(p)
    assert list(got) == ["2202.12139v1", "2405.13786v1", "2005.14124v2", "2204.08348v3", "2302.03287v3",
                         "1202.4527v1", "2503.05378v2", "1205.1866v1", "2502.07719v2", "1812.11470v1"]
    first = got["2202.12139v1"]
    assert first.title == "Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques"
    assert first.author_names == ["Mohit Kumar Ahuja", "Arnaud Gotlieb", "Helge Spieker"]
    assert first.doi == "10.1109/ICSTW55395.2022.00035"
    assert first.categories == ["cs.SE", "cs.LG"] and first.primary_category == "cs.SE"
    assert first.published == datetime(2022, 2, 24, 15, 5, 19, tzinfo=UTC)
    assert first.comment == "Artificial Intelligence in Software Testing 2022 workshop @ ICST 2022"
    assert first.pdf_url == "https://arxiv.org/pdf/2202.12139v1"
    assert all(e.comment for e in p.entries)
    assert sorted(e.arxiv_id for e in p.entries if e.doi) == [
        "1205.1866", "2005.14124", "2202.12139", "2204.08348", "2302.03287", "2405.13786"]
    assert sorted(e.arxiv_id for e in p.entries if e.journal_ref) == [
        "1202.4527", "2005.14124", "2202.12139", "2204.08348", "2302.03287", "2405.13786"]
    assert sorted(e.arxiv_id for e in p.entries if len(e.categories) > 1) == [
        "2005.14124", "2202.12139", "2302.03287", "2405.13786"]
    assert sorted(e.versioned_id for e in p.entries if e.version > 1) == [
        "2005.14124v2", "2204.08348v3", "2302.03287v3", "2502.07719v2", "2503.05378v2"]
    assert "Aurora Ramírez" in got["2405.13786v1"].author_names
    assert got["2302.03287v3"].title == "ChatGPT and Software Testing Education: Promises & Perils"


def test_search_2026_later_page_with_latex_and_non_ascii():
    p = page("arxivpy-2026-search-all-testing-start20-latex-nonascii.xml")
    assert (p.total, p.start) == (214881, 20)
    got = by_id(p)
    assert got["2306.03845v1"].title == "$ω$Test: WebView-Oriented Testing for Android Applications"
    assert got["2409.05654v9"].title == "Continuous Testing: Unifying Tests and E-values"
    names = [n for e in p.entries for n in e.author_names]
    assert {"Sébastien Lafond", "Clément L. Canonne", "Oliver Weißl"} <= set(names)


def test_arxiv_answers_agree_with_the_local_matcher():
    """arXiv returned these for all:testing and au:del_maestro; the local re-check must keep every one."""
    testing = page("arxivpy-2026-search-all-testing-10.xml").entries + page(
        "arxivpy-2026-search-all-testing-start20-latex-nonascii.xml").entries
    assert len(testing) == 20
    assert [e.versioned_id for e in testing if not matches(parse_query("all:testing"), e)] == []
    maestro = page("arxivpy-2016-search-au-del_maestro.xml").entries
    assert len(maestro) == 10
    assert [e.versioned_id for e in maestro if not matches(parse_query("au:del_maestro"), e)] == []
    assert [e.versioned_id for e in maestro if matches(parse_query("au:del_maestro ANDNOT cat:cond-mat.*"), e)] == []


def test_empty_result():
    p = page("arxivpy-2026-empty-idlist-0000.0000.xml")
    assert (p.entries, p.total, p.start, p.errors) == ([], 0, 0, [])


def test_old_style_id_with_affiliations_and_journal_ref():
    [e] = page("arxivpy-2026-idlist-astro-ph-0601001-affiliation-journalref.xml").entries
    assert (e.arxiv_id, e.version, e.versioned_id) == ("astro-ph/0601001", 1, "astro-ph/0601001v1")
    assert [(a.name, a.affiliations) for a in e.authors] == [
        ("Andrew Gould", ["Ohio State"]), ("Susan Dorsher", ["Ohio State"]), ("B. Scott Gaudi", ["CfA"]),
        ("Andrzej Udalski", ["Warsaw University Observatory"])]
    assert e.journal_ref == "ActaAstron.56:1-50,2006"
    assert e.comment.endswith("http://www.astronomy.ohio-state.edu/~gould/ogle_hot_jupiters.ps.gz")
    assert e.abstract.startswith("We derive the frequencies of hot Jupiters")  # leading spaces dropped
    assert "Gould & Morgan (2003)" in e.abstract and "V_max<17.5" in e.abstract
    assert "(1/310)(1^{+1.39}_{-0.59})" in e.abstract
    assert e.categories == ["astro-ph"] and e.primary_category == "astro-ph" and e.doi is None
    assert e.pdf_url == "https://arxiv.org/pdf/astro-ph/0601001v1"


def test_missing_id_is_dropped_and_34_authors_kept():
    p = page("arxivpy-2026-idlist-two-ids-one-missing-nonascii.xml")
    assert p.total == 1
    [e] = p.entries
    assert e.versioned_id == "1707.08567v1"
    assert e.title == "Proceedings of Workshop AEW10: Concepts in Information Theory and Communications"
    assert len(e.authors) == 34
    assert e.author_names[0] == "Kees A. Schouhamer Immink" and e.author_names[-1] == "Hirosuke Yamamoto"
    assert "Dirk Wübben" in e.author_names
    assert matches(parse_query("au:wubben"), e)
    assert e.comment


def test_legacy_2016_search():
    p = page("arxivpy-2016-search-au-del_maestro.xml")
    assert p.total == 31
    got = by_id(p)
    assert list(got)[:3] == ["1201.4869v1", "cond-mat/0412498v1", "cond-mat/0603029v1"]
    assert got["cond-mat/0412498v1"].arxiv_id == "cond-mat/0412498"
    assert got["1201.4869v1"].doi == "10.1142/S021797921244002X"
    assert got["1201.4869v1"].journal_ref == "Int. J. Mod. Phys. B, 26, 1244002 (2012)"
    assert got["1303.6954v2"].published == datetime(2013, 3, 27, 20, 0, 4, tzinfo=UTC)
    assert got["1303.6954v2"].updated == datetime(2013, 9, 3, 1, 6, 36, tzinfo=UTC)
    assert got["cond-mat/0603029v1"].title.startswith(
        "From stripe to checkerboard order on the square lattice in the presence ")
    assert sum(len(e.categories) > 1 for e in p.entries) == 7
    assert sum(e.version > 1 for e in p.entries) == 4


def test_legacy_2016_id_list():
    [e] = page("arxivpy-2016-idlist-1111.2011v2.xml").entries
    assert (e.arxiv_id, e.version) == ("1111.2011", 2)
    assert e.title == ("Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit")
    assert e.author_names == ["James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic"]
    assert (e.doi, e.journal_ref) == ("10.1103/PhysRevB.85.115117", "Phys. Rev. B 85, 115117 (2012)")
    assert e.comment == "8 pages, 3 figures. Published version"
    assert e.categories == ["cond-mat.str-el", "cond-mat.stat-mech"] and e.primary_category == "cond-mat.str-el"
    assert (e.published, e.updated) == (datetime(2011, 11, 8, 18, 48, 36, tzinfo=UTC),
                                        datetime(2012, 4, 2, 12, 38, 54, tzinfo=UTC))
    assert e.abstract.startswith("Theoretical description of anisotropic systems, such as layered superconductors")
    assert e.pdf_url == "http://arxiv.org/pdf/1111.2011v2"


def test_2025_legacy_search_with_56_authors_and_affiliations():
    p = page("ainews-2025-search-cat-or-5entries-oldformat.xml")
    assert p.total == 33920
    assert [e.versioned_id for e in p.entries] == ["2510.24701v1", "2510.24699v1", "2510.24664v1",
                                                   "2510.24619v1", "2510.24592v1"]
    assert sorted(len(e.authors) for e in p.entries)[-1] == 56
    assert p.entries[0].author_names[0] == "Tongyi DeepResearch Team"  # "<name> Tongyi…" trimmed
    affiliated = by_id(p)["2510.24619v1"]
    assert [a.affiliations for a in affiliated.authors if a.affiliations] == [
        ["Indian Institute of Technology Bombay"], ["Amazon Alexa"], ["Amazon Alexa"], ["Amazon Alexa"],
        ["Indian Institute of Technology Bombay"]]
    assert by_id(p)["2510.24664v1"].title.startswith(
        "MQM Re-Annotation: A Technique for Collaborative Evaluation of Machine ")
    assert sum(e.comment is not None for e in p.entries) == 4
    assert sum(len(e.categories) > 1 for e in p.entries) == 3


def test_error_entry_is_a_source_error():
    with pytest.raises(SourceError, match=r"^arXiv rejected the query: incorrect id format for abc\.$"):
        parse_feed((FOLDER / "arxivpy-2026-error-400-bad-id-abc.xml").read_bytes())


def test_http_400_error_feed_is_not_retried_and_says_why():
    body = (FOLDER / "arxivpy-2026-error-400-bad-id-abc.xml").read_bytes()
    calls = []

    def answer(request):
        calls.append(request)
        return httpx.Response(400, content=body, headers={"Content-Type": "application/atom+xml"})

    client = ArxivClient(ArxivConfig(base_url="http://arxiv.test/api/query", contact="tester@uni.edu"),
                         transport=httpx.MockTransport(answer), sleep=lambda s: None)
    with pytest.raises(SourceError, match=r"^arXiv rejected the query: incorrect id format for abc\.$") as err:
        client.fetch_page(None, id_list=["abc"])
    assert not isinstance(err.value, ArxivUnavailable)
    assert len(calls) == 1


def test_oai_pmh_is_refused_clearly():
    with pytest.raises(SourceError, match="OAI-PMH document, not an Atom feed of the query API"):
        parse_feed((FOLDER / "hepcrawl-oaipmh-getrecord-arXivformat-1603.05976.xml").read_bytes())
