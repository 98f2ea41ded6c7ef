"""The loopback arXiv server answers like arXiv: queries and date ranges evaluated, sorting, paging, the 2000
cap, error feeds for bad queries and ids; and its misbehaviour switches (loose, stale, stopping mid-way).
Real HTTP on 127.0.0.1, through ArxivClient where possible."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from paperbrief.config import ArxivConfig
from paperbrief.errors import ArxivUnavailable, SourceError
from paperbrief.query import parse_query, to_arxiv, window_query
from paperbrief.records import Author
from paperbrief.samples.server import ArxivStub
from paperbrief.sources.arxiv import ArxivClient
from paperbrief.sources.atom import parse_feed

from conftest import make_entry

UTC = timezone.utc
T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def client_for(stub: ArxivStub, **cfg) -> ArxivClient:
    config = ArxivConfig(base_url=stub.api_url, **{"delay_seconds": 3.0, "contact": "tester@uni.edu", **cfg})
    return ArxivClient(config, sleep=lambda s: None)


def corpus():
    """Six papers on two topics, submitted an hour apart (ids in submission order)."""
    titles = ["Diffusion models for video", "Graph neural networks", "Latent diffusion for audio",
              "A survey of graph transformers", "Diffusion-based image restoration", "Protein folding"]
    cats = [["cs.CV"], ["cs.LG"], ["cs.SD", "cs.LG"], ["cs.LG"], ["cs.CV", "eess.IV"], ["q-bio.BM"]]
    return [make_entry(f"2611.0000{i}", title=t, abstract="We study it.", categories=c, primary_category=c[0],
                       published=T0 + timedelta(hours=i), updated=T0 + timedelta(hours=i))
            for i, (t, c) in enumerate(zip(titles, cats))]


def ids(entries) -> list[str]:
    return [e.arxiv_id for e in entries]


def test_search_query_is_evaluated_like_arxiv():
    with ArxivStub(entries=corpus()) as stub, client_for(stub) as client:
        got = client.search_all("ti:diffusion ANDNOT cat:cs.SD")
        assert ids(got.entries) == ["2611.00000", "2611.00004"]
        assert (got.total, got.pages, got.complete, got.problem, got.skipped) == (2, 1, True, None, [])
        assert ids(client.search_all("cat:cs.LG").entries) == ["2611.00001", "2611.00002", "2611.00003"]
        assert ids(client.search_all("ti:graph* OR cat:q-bio.*").entries) == [
            "2611.00001", "2611.00003", "2611.00005"]


def test_date_ranges_compare_published_and_updated():
    entries = corpus()
    entries[5] = entries[5].model_copy(update={"version": 2, "updated": T0 + timedelta(days=3)})
    with ArxivStub(entries=entries) as stub, client_for(stub) as client:
        window = window_query(parse_query("all:it"), T0 + timedelta(hours=2), T0 + timedelta(hours=3, minutes=59))
        assert ids(client.search_all(to_arxiv(window)).entries) == ["2611.00002", "2611.00003"]
        updated = window_query(parse_query("all:it"), T0 + timedelta(days=3), T0 + timedelta(days=4))
        assert ids(client.search_all(to_arxiv(updated)).entries) == ["2611.00005"]


def test_sorting_and_paging_with_opensearch_counts():
    with ArxivStub(entries=corpus()) as stub, client_for(stub) as client:
        p = client.fetch_page("all:it", start=2, max_results=3, sort_by="submittedDate", sort_order="ascending")
        assert ids(p.entries) == ["2611.00002", "2611.00003", "2611.00004"]
        assert (p.total, p.start) == (6, 2)
        p = client.fetch_page("all:it", start=0, max_results=2, sort_by="submittedDate", sort_order="descending")
        assert ids(p.entries) == ["2611.00005", "2611.00004"]
        p = client.fetch_page("all:it", start=5, max_results=10, sort_by="submittedDate", sort_order="descending")
        assert ids(p.entries) == ["2611.00000"] and p.total == 6
        p = client.fetch_page("all:it", start=6, max_results=10)
        assert p.entries == [] and p.total == 6
        raw = httpx.get(stub.api_url, params={"search_query": "all:it", "start": 1, "max_results": 4})
        assert "<opensearch:itemsPerPage>4</opensearch:itemsPerPage>" in raw.text
        assert "<opensearch:startIndex>1</opensearch:startIndex>" in raw.text


def test_relevance_is_stored_order_and_last_updated_sorts_by_updated():
    entries = corpus()
    entries[0] = entries[0].model_copy(update={"updated": T0 + timedelta(days=9)})
    with ArxivStub(entries=entries) as stub, client_for(stub) as client:
        assert ids(client.fetch_page("all:it", sort_by="relevance").entries) == ids(entries)
        assert ids(client.fetch_page("all:it", sort_by="relevance", sort_order="ascending").entries) == ids(
            entries)[::-1]
        assert ids(client.fetch_page("all:it", sort_by="lastUpdatedDate").entries)[:2] == ["2611.00000",
                                                                                            "2611.00005"]


def test_paging_to_the_end_with_a_small_page_size():
    entries = [make_entry(f"2611.{i:05d}", published=T0 + timedelta(minutes=i)) for i in range(23)]
    with ArxivStub(entries=entries) as stub, client_for(stub, page_size=5) as client:
        got = client.search_all("all:diffusion")
        assert ids(got.entries) == [f"2611.{i:05d}" for i in range(23)]
        assert (got.total, got.pages, got.complete) == (23, 5, True)
        starts = [parse_qs(urlparse(r).query)["start"][0] for r in stub.requests]
        assert starts == ["0", "5", "10", "15", "20"]


def test_max_results_is_capped_at_2000():
    entries = [make_entry(f"2611.{i:05d}") for i in range(2003)]
    with ArxivStub(entries=entries) as stub:
        p = parse_feed(httpx.get(stub.api_url, params={"search_query": "cat:cs.CV", "max_results": 5000}).content)
        assert (len(p.entries), p.total) == (2000, 2003)


def test_unparsable_query_is_http_400_with_an_error_feed():
    with ArxivStub(entries=corpus()) as stub, client_for(stub) as client:
        with pytest.raises(SourceError, match=r"arXiv rejected the query: unable to parse search_query: "
                                              r"expected a term after 'AND' at position 8") as err:
            client.search_all("ti:a AND")
        assert not isinstance(err.value, ArxivUnavailable)
        assert len(stub.requests) == 1  # not retried
        raw = httpx.get(stub.api_url, params={"search_query": "tit:x"})
        assert raw.status_code == 400 and "<title>Error</title>" in raw.text
        assert "<name>arXiv api core</name>" in raw.text


def test_id_list_malformed_missing_and_versioned():
    entries = corpus()
    entries.append(entries[1].model_copy(update={"version": 2, "title": "Graph neural networks, revised"}))
    entries.append(make_entry("astro-ph/0601001", title="Hot Jupiters", published=T0 - timedelta(days=7000)))
    with ArxivStub(entries=entries) as stub, client_for(stub) as client:
        with pytest.raises(SourceError, match=r"^arXiv rejected the query: incorrect id format for abc\.$"):
            client.fetch_page(None, id_list=["2611.00000", "abc"])
        p = client.fetch_page(None, id_list=["2611.00003", "0000.0000", "2611.00001"])
        assert [e.versioned_id for e in p.entries] == ["2611.00003v1", "2611.00001v2"]  # latest; missing dropped
        assert p.total == 2
        assert client.get("2611.00001v1").title == "Graph neural networks"
        assert client.get("astro-ph/0601001").versioned_id == "astro-ph/0601001v1"
        with pytest.raises(SourceError, match="no paper"):
            client.get("0000.0000")
        # a search finds each paper once, in its latest version
        assert [e.versioned_id for e in client.search_all("ti:graph").entries] == ["2611.00001v2", "2611.00003v1"]


def test_loose_mirror_ignores_terms_but_honours_dates():
    with ArxivStub(entries=corpus(), loose=True) as stub, client_for(stub) as client:
        window = window_query(parse_query("ti:diffusion"), T0, T0 + timedelta(hours=1, minutes=30))
        assert ids(client.search_all(to_arxiv(window)).entries) == ["2611.00000", "2611.00001"]
        assert len(client.search_all("ti:nothing-like-this").entries) == 6


def test_stale_mirror_ignores_dates():
    with ArxivStub(entries=corpus(), ignore_dates=True) as stub, client_for(stub) as client:
        window = window_query(parse_query("ti:diffusion"), T0 + timedelta(days=30), T0 + timedelta(days=31))
        assert ids(client.search_all(to_arxiv(window)).entries) == ["2611.00000", "2611.00002", "2611.00004"]


def test_feed_that_stops_early_is_retried_then_reported():
    entries = [make_entry(f"2611.{i:05d}", published=T0 + timedelta(minutes=i)) for i in range(12)]
    with ArxivStub(entries=entries, stop_paging_after=10) as stub, client_for(stub, page_size=5) as client:
        got = client.search_all("all:diffusion")
        assert ids(got.entries) == [f"2611.{i:05d}" for i in range(10)]
        assert (got.total, got.complete) == (12, False)
        assert got.problem.startswith("arXiv stated 12 results but stopped after 10")
        # pages at 0 and 5, then the empty page at 10 asked three times in all
        assert got.pages == 5 and len(stub.requests) == 5


def test_transient_empty_page_is_asked_again():
    entries = [make_entry(f"2611.{i:05d}", published=T0 + timedelta(minutes=i)) for i in range(8)]
    with ArxivStub(entries=entries, stop_paging_after=5) as stub, client_for(stub, page_size=5) as client:
        original_query = stub.query
        calls = []

        def heal_after_one_empty_page(params):
            calls.append(params["start"][0])
            if calls.count("5") == 2:
                stub.stop_paging_after = None
            return original_query(params)

        stub.query = heal_after_one_empty_page
        got = client.search_all("all:diffusion")
        assert calls == ["0", "5", "5"]
        assert ids(got.entries) == [f"2611.{i:05d}" for i in range(8)]
        assert (got.complete, got.problem, got.pages) == (True, None, 3)


def test_empty_result_is_complete():
    with ArxivStub(entries=corpus()) as stub, client_for(stub) as client:
        got = client.search_all("ti:nothing")
        assert (got.entries, got.total, got.pages, got.complete) == ([], 0, 1, True)


def test_requests_are_polite_and_pdfs_counted(tmp_path):
    e = make_entry(authors=[Author(name="Ada Lovelace")])
    with ArxivStub(entries=[e], pdfs={e.versioned_id: b"%PDF-1.7 x"}) as stub, client_for(stub, page_size=1) as client:
        got = client.search_all("au:lovelace")
        assert ids(got.entries) == [e.arxiv_id]
        assert got.entries[0].pdf_url == f"{stub.base_url}/pdf/{e.versioned_id}"
        client.download_pdf(got.entries[0], tmp_path)
        client.download_pdf(got.entries[0], tmp_path / "other")
        assert stub.pdf_requests == {e.versioned_id: 2}
        assert all("mailto:" in ua for ua in stub.user_agents) and len(stub.user_agents) == 3


def test_feed_has_the_2026_shape():
    e = make_entry("2611.00042", 2, categories=["cs.CV", "cs.LG"], primary_category="cs.CV", doi="10.1/x",
                   journal_ref="CVPR 2026", comment="Code: https://github.com/a/b")
    with ArxivStub(entries=[e]) as stub:
        text = httpx.get(stub.api_url, params={"id_list": "2611.00042"}).text
    assert '<link href="https://arxiv.org/abs/2611.00042v2" rel="alternate" type="text/html"/>' in text
    assert 'rel="related" type="application/pdf" title="pdf"/>' in text
    assert '<arxiv:primary_category term="cs.CV"/>' in text
    assert text.count("<category term=") == 2
    assert "<id>http://arxiv.org/abs/2611.00042v2</id>" in text
    assert "<arxiv:doi>10.1/x</arxiv:doi>" in text and "<arxiv:journal_ref>CVPR 2026</arxiv:journal_ref>" in text
    assert "<title>arXiv Query: search_query=&amp;id_list=2611.00042&amp;start=0&amp;max_results=10</title>" in text
