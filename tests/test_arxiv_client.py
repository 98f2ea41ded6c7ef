"""The arXiv client against a real HTTP server on loopback: parsing, lazy paging, etiquette, backoff."""

from __future__ import annotations

import httpx
import pytest

from paperbrief.config import ArxivConfig
from paperbrief.errors import ArxivRateLimited, ArxivUnavailable, ConfigError, SourceError
from paperbrief.samples.server import ArxivStub, atom_feed
from paperbrief.sources.arxiv import ArxivClient
from paperbrief.sources.atom import parse_feed, split_id

from conftest import make_entry


class FakeClock:
    """Time made fast by configuration: sleeping advances a virtual clock instead of waiting."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds

    def clock(self) -> float:
        return self.now


def client_for(stub: ArxivStub, clock: FakeClock | None = None, **cfg) -> ArxivClient:
    config = ArxivConfig(base_url=stub.api_url, **{"delay_seconds": 3.0, "backoff_seconds": 2.0,
                                                   "contact": "tester@uni.edu", **cfg})
    if clock is None:
        return ArxivClient(config)
    return ArxivClient(config, sleep=clock.sleep, clock=clock.clock)


def test_split_id_handles_old_and_new_styles():
    assert split_id("http://arxiv.org/abs/2403.17924v2") == ("2403.17924", 2)
    assert split_id("2403.17924") == ("2403.17924", 1)
    assert split_id("http://arxiv.org/abs/hep-th/9901001v3") == ("hep-th/9901001", 3)
    with pytest.raises(SourceError):
        split_id("not-an-id")


def test_feed_round_trip_keeps_every_field():
    e = make_entry("2611.00042", 3, comment="Code: https://github.com/a/b", doi="10.1/xyz", journal_ref="CVPR 2026",
                   authors=[make_entry().authors[0].model_copy(update={"affiliations": ["MIT"]})])
    page = parse_feed(atom_feed([e], base="http://x"))
    got = page.entries[0]
    assert (got.arxiv_id, got.version, got.title, got.comment, got.doi, got.journal_ref) == (
        "2611.00042", 3, e.title, e.comment, "10.1/xyz", "CVPR 2026")
    assert got.authors[0].affiliations == ["MIT"]
    assert got.pdf_url == "http://x/pdf/2611.00042v3"
    assert got.published == e.published


def test_malformed_feed_is_a_clear_error():
    with pytest.raises(SourceError, match="malformed"):
        parse_feed(b"<feed><entry>")
    with pytest.raises(SourceError, match="not an Atom feed"):
        parse_feed(b"<html/>")


def test_arxiv_error_entry_is_reported():
    xml = (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/api/errors#bad</id>'
           b'<summary>incorrect id format</summary></entry></feed>')
    with pytest.raises(SourceError, match="incorrect id format"):
        parse_feed(xml)


def test_lazy_paging_fetches_only_what_is_consumed():
    entries = [make_entry(f"2611.{i:05d}") for i in range(25)]
    with ArxivStub(entries=entries) as stub:
        clock = FakeClock()
        client = client_for(stub, clock, page_size=10)
        it = client.search("all:diffusion")
        first = [next(it) for _ in range(5)]
        assert len(stub.requests) == 1
        rest = list(it)
        assert [e.arxiv_id for e in first + rest] == [e.arxiv_id for e in entries]
        assert len(stub.requests) == 3
        # polite: 3 s between requests, one User-Agent with a contact
        assert clock.sleeps == [3.0, 3.0]
        assert all("mailto:" in ua for ua in stub.user_agents)


def test_max_results_bounds_the_fetch():
    entries = [make_entry(f"2611.{i:05d}") for i in range(25)]
    with ArxivStub(entries=entries) as stub:
        got = list(client_for(stub, FakeClock(), page_size=10).search("all:diffusion", max_results=12))
        assert len(got) == 12
        assert "max_results=2" in stub.requests[-1]


def test_retry_after_is_honoured_and_503_backs_off():
    with ArxivStub(entries=[make_entry()], failures=[(429, "7"), (503, None), (503, None)]) as stub:
        clock = FakeClock()
        got = list(client_for(stub, clock).search("all:diffusion"))
        assert len(got) == 1
        assert len(stub.requests) == 4
        # 429 with Retry-After: 7 s; then 503: backoff 4 s (doubled after the first retry), then 8 s
        assert clock.sleeps == [7.0, 4.0, 8.0]


def test_rate_limited_for_good_is_a_clear_error():
    with ArxivStub(entries=[make_entry()], failures=[(429, "1")] * 10) as stub:
        client = client_for(stub, FakeClock(), max_retries=2)
        with pytest.raises(ArxivRateLimited, match="kept refusing"):
            list(client.search("all:diffusion"))
        assert len(stub.requests) == 3


def test_unreachable_arxiv_is_a_clear_error():
    def refuse(request):
        raise httpx.ConnectError("connection refused")

    clock = FakeClock()
    client = ArxivClient(ArxivConfig(base_url="http://127.0.0.1:9/api/query", max_retries=1),
                         transport=httpx.MockTransport(refuse), sleep=clock.sleep, clock=clock.clock)
    with pytest.raises(ArxivUnavailable, match="could not be reached"):
        client.fetch_page("all:x")


def test_http_404_is_not_retried():
    with ArxivStub() as stub:
        client = ArxivClient(ArxivConfig(base_url=stub.base_url + "/nowhere"), sleep=lambda s: None)
        with pytest.raises(ArxivUnavailable, match="404"):
            client.fetch_page("all:x")
        assert len(stub.requests) == 1


def test_pdfs_are_downloaded_once(tmp_path):
    e = make_entry()
    with ArxivStub(entries=[e], pdfs={e.versioned_id: b"%PDF-1.7 fake"}) as stub:
        client = client_for(stub, FakeClock())
        entry = client.get(e.arxiv_id)
        p1 = client.download_pdf(entry, tmp_path)
        p2 = client.download_pdf(entry, tmp_path)
        assert p1 == p2 and p1.read_bytes() == b"%PDF-1.7 fake"
        assert sum(r.startswith("/pdf/") for r in stub.requests) == 1


def test_search_all_pages_to_the_end_without_a_cap():
    entries = [make_entry(f"2611.{i:05d}") for i in range(250)]
    with ArxivStub(entries=entries) as stub:
        clock = FakeClock()
        got = client_for(stub, clock, page_size=100).search_all("all:diffusion")
        assert len(got.entries) == 250 and len({e.arxiv_id for e in got.entries}) == 250
        assert (got.total, got.pages, got.complete, got.problem) == (250, 3, True, None)
        assert clock.sleeps == [3.0, 3.0]
        assert all("sortOrder=ascending" in r and "max_results=100" in r for r in stub.requests)


def test_search_all_asks_an_empty_page_again_politely_then_reports():
    entries = [make_entry(f"2611.{i:05d}") for i in range(240)]
    with ArxivStub(entries=entries, stop_paging_after=200) as stub:
        clock = FakeClock()
        got = client_for(stub, clock, page_size=100).search_all("all:diffusion")
        assert len(got.entries) == 200
        assert got.complete is False
        assert got.problem == "arXiv stated 240 results but stopped after 200 (3 empty answers in a row)."
        # two full pages, then the empty page three times: every request 3 s after the one before
        assert got.pages == 5 and len(stub.requests) == 5
        assert clock.sleeps == [3.0, 3.0, 3.0, 3.0]


def test_search_all_reports_entries_it_could_not_parse():
    good = atom_feed([make_entry("2611.00001")], total=2, base="http://x").decode()
    broken = good.replace("<entry>", "<entry><id>http://arxiv.org/abs/2611.00002v1</id></entry><entry>", 1)

    def answer(request):
        return httpx.Response(200, content=broken.encode())

    client = ArxivClient(ArxivConfig(base_url="http://arxiv.test/api/query", contact="tester@uni.edu"),
                         transport=httpx.MockTransport(answer), sleep=lambda s: None)
    got = client.search_all("all:x")
    assert [e.arxiv_id for e in got.entries] == ["2611.00001"]
    assert got.skipped == ["http://arxiv.org/abs/2611.00002v1: entry without title"]
    assert (got.total, got.pages, got.complete) == (2, 1, True)


def test_http_400_without_an_error_feed_is_still_unavailable():
    def answer(request):
        return httpx.Response(400, content=b"<html>bad request</html>")

    client = ArxivClient(ArxivConfig(base_url="http://arxiv.test/api/query", contact="tester@uni.edu"),
                         transport=httpx.MockTransport(answer), sleep=lambda s: None)
    with pytest.raises(ArxivUnavailable, match="answered HTTP 400"):
        client.fetch_page("all:x")


def test_client_refuses_to_break_arxivs_terms(monkeypatch):
    monkeypatch.delenv("PAPERBRIEF_CONTACT", raising=False)
    with pytest.raises(ConfigError, match="arxiv.contact"):
        ArxivClient(ArxivConfig(base_url="https://export.arxiv.org/api/query"))
    with pytest.raises(ConfigError, match="arxiv.delay_seconds"):
        ArxivClient(ArxivConfig(base_url="https://export.arxiv.org/api/query", delay_seconds=1, contact="a@uni.edu"))
    with ArxivStub(entries=[make_entry()]) as stub:  # a server on this machine needs no contact
        list(ArxivClient(ArxivConfig(base_url=stub.api_url, delay_seconds=0)).search("all:diffusion"))
        assert stub.user_agents == ["paperbrief/" + __import__("paperbrief").__version__]
