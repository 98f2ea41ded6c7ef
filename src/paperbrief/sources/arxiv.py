"""A polite arXiv API client.

arXiv's terms of use for the API ask clients to make no more than one request every three seconds and to
use a single connection at a time (https://info.arxiv.org/help/api/tou.html). This client enforces both
(``delay_seconds``, a lock around one ``httpx.Client``), sends a User-Agent with a contact address, honours
``Retry-After`` and backs off exponentially on 429/503 and transport errors. :meth:`ArxivClient.search_all`
pages a query to the end and says whether every result arXiv stated was received; :meth:`ArxivClient.search`
pages lazily. The base URL is configurable so a mirror or a local test server can stand in.
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import httpx

from paperbrief import __version__
from paperbrief.config import ArxivConfig
from paperbrief.errors import (ArxivMalformed, ArxivRateLimited, ArxivRejected, ArxivUnavailable, ConfigError,
                               SourceError)
from paperbrief.records import ArxivEntry
from paperbrief.sources.atom import FeedPage, feed_error, parse_feed, split_id

__all__ = ["ArxivClient", "FeedPage", "SearchResult", "parse_feed", "split_id"]

_RETRY_STATUS = {429, 500, 502, 503, 504}
#: arXiv's API sometimes answers a page in the middle of a result set with no entries; such a page is asked
#: for again this many more times (each a normal, delayed request) before the feed is taken to have stopped.
EMPTY_PAGE_RETRIES = 2


@dataclass
class SearchResult:
    """Every page of one query. ``complete`` is False when arXiv stated more results than it delivered."""

    entries: list[ArxivEntry]
    total: int  # opensearch:totalResults arXiv stated (the last page's statement)
    pages: int  # requests made for it (empty pages asked again included)
    skipped: list[str] = field(default_factory=list)  # entries that could not be parsed (FeedPage.errors)
    complete: bool = True
    problem: str | None = None  # one sentence when not complete


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class ArxivClient:
    def __init__(self, config: ArxivConfig | None = None, *, transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
                 max_wait_seconds: float = 600.0):
        self.config = config or ArxivConfig()
        # the one place requests are made refuses to break arXiv's terms, however the config was built
        problem = self.config.etiquette_problem()
        if problem is not None:
            key, sentence = problem
            raise ConfigError(f"arxiv.{key}: {sentence}.")
        contact = (self.config.contact or "").strip()
        self._sleep = sleep
        self._clock = clock
        self._max_wait = max_wait_seconds
        self._lock = threading.Lock()
        self._last_request: float | None = None
        self.requests_made = 0
        self.waited_seconds = 0.0
        self._http = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(self.config.timeout_seconds, connect=min(30.0, self.config.timeout_seconds)),
            headers={"User-Agent": f"paperbrief/{__version__}" + (f" (mailto:{contact})" if contact else "")},
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
            follow_redirects=True,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "ArxivClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- the one place a request is made -------------------------------------------------------------
    def _wait(self, seconds: float) -> None:
        if seconds > 0:
            self.waited_seconds += seconds
            self._sleep(seconds)

    def _get(self, url: str, params: dict | None = None) -> httpx.Response:
        cfg = self.config
        with self._lock:
            backoff = cfg.backoff_seconds
            last_problem = "no answer"
            for attempt in range(cfg.max_retries + 1):
                if self._last_request is not None:
                    self._wait(cfg.delay_seconds - (self._clock() - self._last_request))
                self._last_request = self._clock()
                self.requests_made += 1
                try:
                    resp = self._http.get(url, params=params)
                except httpx.TransportError as exc:
                    last_problem = f"{type(exc).__name__}: {exc}".rstrip(": ")
                    wait = backoff
                else:
                    if resp.status_code < 400:
                        return resp
                    if resp.status_code not in _RETRY_STATUS:
                        rejected = feed_error(resp.content) if resp.status_code == 400 else None
                        if rejected is not None:
                            raise ArxivRejected(f"arXiv rejected the query: {rejected}.")
                        raise ArxivUnavailable(f"{url} answered HTTP {resp.status_code}.")
                    last_problem = f"HTTP {resp.status_code}"
                    hinted = _retry_after(resp.headers.get("Retry-After"))
                    wait = hinted if hinted is not None else backoff
                if attempt == cfg.max_retries:
                    break
                if wait > self._max_wait:
                    raise ArxivRateLimited(f"{url} asked us to wait {wait:.0f} s; giving up for now.")
                self._wait(wait)
                backoff *= 2
            if last_problem.startswith("HTTP 429") or last_problem.startswith("HTTP 503"):
                raise ArxivRateLimited(
                    f"{url} kept refusing ({last_problem}) after {cfg.max_retries + 1} attempts; try later.")
            raise ArxivUnavailable(f"{url} could not be reached ({last_problem}) after {cfg.max_retries + 1} attempts.")

    # -- queries ------------------------------------------------------------------------------------
    def fetch_page(self, query: str | None = None, *, start: int = 0, max_results: int = 100,
                   id_list: list[str] | None = None, sort_by: str = "submittedDate",
                   sort_order: str = "descending") -> FeedPage:
        params = {"start": start, "max_results": max_results, "sortBy": sort_by, "sortOrder": sort_order}
        if query:
            params["search_query"] = query
        if id_list:
            params["id_list"] = ",".join(id_list)
        # a page cut off or a maintenance page in place of the feed is asked for again, like a 503
        backoff, attempts = self.config.backoff_seconds, self.config.max_retries + 1
        for attempt in range(attempts):
            resp = self._get(self.config.base_url, params)
            try:
                return parse_feed(resp.content)
            except ArxivMalformed as exc:
                problem = str(exc).rstrip(".")
                if attempt + 1 < attempts:
                    self._wait(backoff)
                    backoff *= 2
        raise ArxivMalformed(f"{self.config.base_url} did not send a complete arXiv answer ({problem}) after "
                             f"{attempts} attempts.")

    def search(self, query: str, *, max_results: int | None = None) -> Iterator[ArxivEntry]:
        """Lazily yield entries, newest first, fetching pages only as they are consumed."""
        start, yielded = 0, 0
        page_size = self.config.page_size
        while True:
            want = page_size if max_results is None else min(page_size, max_results - yielded)
            if want <= 0:
                return
            page = self.fetch_page(query, start=start, max_results=want)
            for entry in page.entries:
                yield entry
                yielded += 1
                if max_results is not None and yielded >= max_results:
                    return
            start += len(page.entries) + len(page.errors)
            if not page.entries or start >= page.total:
                return

    def search_all(self, query: str, *, sort_by: str = "submittedDate",
                   sort_order: str = "ascending") -> SearchResult:
        """Every result of ``query``, paged to the end (no cap) with ``config.page_size`` per request.

        Oldest first by default, so papers arriving while the pages are read cannot shift a result from one
        page to the next. An empty page before the stated total is asked for again ``EMPTY_PAGE_RETRIES``
        times; if it stays empty the result is returned with ``complete=False`` and ``problem`` set."""
        page_size = self.config.page_size
        entries: list[ArxivEntry] = []
        seen: set[str] = set()
        skipped: list[str] = []
        start, pages, total, empty_in_a_row = 0, 0, 0, 0
        while True:
            page = self.fetch_page(query, start=start, max_results=page_size, sort_by=sort_by,
                                   sort_order=sort_order)
            pages += 1
            total = page.total
            received = len(page.entries) + len(page.errors)
            if received == 0:
                if start >= total:
                    break
                empty_in_a_row += 1
                if empty_in_a_row > EMPTY_PAGE_RETRIES:
                    return SearchResult(entries, total, pages, skipped, complete=False,
                                        problem=f"arXiv stated {total} results but stopped after {start} "
                                                f"({empty_in_a_row} empty answers in a row).")
                continue
            empty_in_a_row = 0
            for entry in page.entries:
                if entry.arxiv_id not in seen:  # a result shifted across a page boundary comes twice
                    seen.add(entry.arxiv_id)
                    entries.append(entry)
            skipped.extend(page.errors)
            start += received
            if start >= total:
                break
        return SearchResult(entries, total, pages, skipped)

    def get(self, arxiv_id: str) -> ArxivEntry:
        base, version = split_id(arxiv_id)
        page = self.fetch_page(None, id_list=[arxiv_id], max_results=1)
        if not page.entries:
            raise SourceError(f"arXiv has no paper {arxiv_id}.")
        return page.entries[0]

    # -- PDFs -----------------------------------------------------------------------------------
    def pdf_url(self, entry: ArxivEntry) -> str:
        if self.config.pdf_base_url:
            return f"{self.config.pdf_base_url.rstrip('/')}/{entry.versioned_id}"
        return entry.pdf_url or f"https://arxiv.org/pdf/{entry.versioned_id}"

    def download_pdf(self, entry: ArxivEntry, cache_dir: Path) -> Path:
        """Download once into ``cache_dir/<id>v<n>.pdf``; written atomically."""
        cache_dir.mkdir(parents=True, exist_ok=True)
        target = cache_dir / f"{entry.versioned_id.replace('/', '_')}.pdf"
        if target.exists() and target.stat().st_size > 0:
            return target
        url = self.pdf_url(entry)
        resp = self._get(url)
        if not resp.content:
            raise SourceError(f"The PDF of {entry.versioned_id} is empty.")
        if b"%PDF-" not in resp.content[:1024]:  # a login, captcha or error page: never cached as the paper
            kind = resp.headers.get("Content-Type", "something").split(";")[0].strip() or "something"
            raise SourceError(f"{url} answered {kind}, not a PDF.")
        tmp = target.with_suffix(".part")
        tmp.write_bytes(resp.content)
        tmp.replace(target)
        return target
