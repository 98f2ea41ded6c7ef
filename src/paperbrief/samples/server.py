"""A local arXiv-compatible HTTP server on 127.0.0.1: the Atom API (``/api/query``) and PDFs (``/pdf/<id>``).

It stands in for arXiv in ``paperbrief demo`` and in the tests, and answers like arXiv's 2026 API (compare
the recorded responses in the tests): ``search_query`` is parsed with :func:`paperbrief.query.parse_query`
(date ranges allowed) and evaluated with :func:`paperbrief.query.matches`; ``id_list``, ``sortBy``,
``sortOrder``, ``start`` and ``max_results`` (capped at 2000) behave as arXiv's do; a query that does not
parse or a malformed id gets HTTP 400 with arXiv's error feed. A search returns each paper once, in its
latest stored version. Switches make it misbehave for tests: ``failures`` (a script of 429/503 answers, or
:class:`Fault` records: any status, a body of the test's choosing, the real answer cut off mid-transfer or
shortened to a broken document, a connection closed without an answer, an answer after a delay),
``loose`` (a mirror that ignores the topic's terms but honours date ranges), ``ignore_dates`` (a stale
mirror that ignores date ranges) and ``stop_paging_after`` (pages from that index on come back empty while
totalResults still states the full count, as arXiv's API sometimes does).
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

from lxml import etree

from paperbrief.query import And, AndNot, DateRange, Node, Or, QuerySyntaxError, Term, matches, parse_query
from paperbrief.records import ArxivEntry

__all__ = ["ArxivStub", "Fault", "atom_feed", "error_feed", "MAX_RESULTS_CAP"]

ATOM = "http://www.w3.org/2005/Atom"
ARXIV = "http://arxiv.org/schemas/atom"
OS = "http://a9.com/-/spec/opensearch/1.1/"
MAX_RESULTS_CAP = 2000  # arXiv answers at most 2000 entries per request
_NSMAP = {"opensearch": OS, "arxiv": ARXIV, None: ATOM}
_ID_FORMAT = re.compile(r"(?:\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?")
_SORT_KEYS = {"submittedDate": "published", "lastUpdatedDate": "updated"}


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent, tag: str, text: str | None = None, **attrs):
    node = etree.SubElement(parent, tag, **attrs)
    if text is not None:
        node.text = text
    return node


def atom_feed(entries: list[ArxivEntry], *, total: int | None = None, start: int = 0, base: str = "https://arxiv.org",
              items_per_page: int | None = None, query: str = "", id_list: str = "") -> bytes:
    """An Atom document shaped like arXiv's 2026 API answer. PDF links point at ``base``/pdf/<id>v<n>."""
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap=_NSMAP)
    max_results = len(entries) if items_per_page is None else items_per_page
    _sub(feed, f"{{{ATOM}}}id", "https://arxiv.org/api/paperbrief-stub")
    _sub(feed, f"{{{ATOM}}}title",
         f"arXiv Query: search_query={query}&id_list={id_list}&start={start}&max_results={max_results}")
    _sub(feed, f"{{{ATOM}}}updated", _iso(datetime.now(timezone.utc)))
    link = "https://arxiv.org/api/query?" + urlencode(
        {"search_query": query, "start": start, "max_results": max_results, "id_list": id_list}, safe=":/,")
    _sub(feed, f"{{{ATOM}}}link", href=link, type="application/atom+xml")
    _sub(feed, f"{{{OS}}}itemsPerPage", str(max_results))
    _sub(feed, f"{{{OS}}}totalResults", str(len(entries) if total is None else total))
    _sub(feed, f"{{{OS}}}startIndex", str(start))
    for e in entries:
        node = _sub(feed, f"{{{ATOM}}}entry")
        _sub(node, f"{{{ATOM}}}id", f"http://arxiv.org/abs/{e.versioned_id}")
        _sub(node, f"{{{ATOM}}}title", e.title)
        _sub(node, f"{{{ATOM}}}updated", _iso(e.updated))
        _sub(node, f"{{{ATOM}}}link", href=f"https://arxiv.org/abs/{e.versioned_id}", rel="alternate",
             type="text/html")
        _sub(node, f"{{{ATOM}}}link", href=f"{base}/pdf/{e.versioned_id}", rel="related", type="application/pdf",
             title="pdf")
        _sub(node, f"{{{ATOM}}}summary", e.abstract)
        for c in e.categories:
            _sub(node, f"{{{ATOM}}}category", term=c, scheme="http://arxiv.org/schemas/atom")
        _sub(node, f"{{{ATOM}}}published", _iso(e.published))
        if e.comment:
            _sub(node, f"{{{ARXIV}}}comment", e.comment)
        if e.primary_category:
            _sub(node, f"{{{ARXIV}}}primary_category", term=e.primary_category)
        if e.journal_ref:
            _sub(node, f"{{{ARXIV}}}journal_ref", e.journal_ref)
        for a in e.authors:
            au = _sub(node, f"{{{ATOM}}}author")
            _sub(au, f"{{{ATOM}}}name", a.name)
            for aff in a.affiliations:
                _sub(au, f"{{{ARXIV}}}affiliation", aff)
        if e.doi:
            _sub(node, f"{{{ARXIV}}}doi", e.doi)
            _sub(node, f"{{{ATOM}}}link", rel="related", href=f"https://doi.org/{e.doi}", title="doi")
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def error_feed(message: str) -> bytes:
    """arXiv's answer to a bad request (sent with HTTP 400): a feed whose one entry is the error."""
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap=_NSMAP)
    anchor = "https://arxiv.org/api/errors#" + re.sub(r"\W+", "_", message).strip("_")
    now = _iso(datetime.now(timezone.utc))
    _sub(feed, f"{{{ATOM}}}id", "https://arxiv.org/")
    _sub(feed, f"{{{ATOM}}}title", "arXiv Search Results")
    _sub(feed, f"{{{ATOM}}}updated", now)
    _sub(feed, f"{{{OS}}}itemsPerPage", "1")
    _sub(feed, f"{{{OS}}}totalResults", "1")
    _sub(feed, f"{{{OS}}}startIndex", "0")
    node = _sub(feed, f"{{{ATOM}}}entry")
    _sub(node, f"{{{ATOM}}}id", anchor)
    _sub(node, f"{{{ATOM}}}title", "Error")
    _sub(node, f"{{{ATOM}}}updated", now)
    _sub(node, f"{{{ATOM}}}link", href=anchor, rel="alternate", type="text/html")
    _sub(node, f"{{{ATOM}}}summary", message)
    _sub(_sub(node, f"{{{ATOM}}}author"), f"{{{ATOM}}}name", "arXiv api core")
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True)


class _BadRequest(Exception):
    """A request arXiv would answer with HTTP 400; the message goes into the error feed."""


def _without(node: Node | None, drop: type) -> Node | None:
    """``node`` with every leaf of type ``drop`` removed; None means "no restriction left"."""
    if node is None or isinstance(node, (Term, DateRange)):
        return None if isinstance(node, drop) else node
    left, right = _without(node.left, drop), _without(node.right, drop)
    if isinstance(node, Or):
        return None if left is None or right is None else Or(left, right)
    if isinstance(node, AndNot):
        return None if left is None else (left if right is None else AndNot(left, right))
    if left is None or right is None:
        return left if right is None else right
    return And(left, right)


def _int_param(params: dict[str, list[str]], name: str, default: int) -> int:
    raw = params.get(name, [""])[0].strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise _BadRequest(f"{name} must be a non-negative integer, not {raw}")
    return int(raw)


@dataclass(frozen=True)
class Fault:
    """One misbehaviour, for the next request whose path starts with ``path`` ("/api/", "/pdf/"; "" for any).

    ``status`` (with ``retry_after``) answers that status with ``body``; ``reset`` closes the connection without
    an answer; ``delay`` waits that long before answering (a read timeout for a short client timeout);
    ``truncate`` serves the real answer's first bytes as a complete answer (a broken document); ``cut`` sends
    the real answer's first bytes after a Content-Length for all of them, then closes (a transfer cut off)."""

    status: int | None = None
    retry_after: str | None = None
    body: bytes = b"slow down"
    content_type: str = "text/plain"
    reset: bool = False
    delay: float = 0.0
    truncate: int | None = None
    cut: int | None = None
    path: str = ""


@dataclass
class ArxivStub:
    """Serve ``entries`` (stored order = relevance order) and ``pdfs`` (versioned id -> path or bytes) on
    127.0.0.1."""

    entries: list[ArxivEntry] = field(default_factory=list)
    pdfs: dict[str, Path | bytes] = field(default_factory=dict)
    # misbehaviour script, in order: (status, retry_after or None) tuples or Fault records
    failures: list[tuple[int, str | None] | Fault] = field(default_factory=list)
    loose: bool = False  # a loose mirror: ignores the query's terms, honours its date ranges
    ignore_dates: bool = False  # a stale mirror: ignores date ranges
    stop_paging_after: int | None = None  # pages starting at or after this index come back empty
    requests: list[str] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)
    pdf_requests: Counter = field(default_factory=Counter)  # versioned id -> PDF downloads

    def __post_init__(self) -> None:
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("server not started")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/query"

    def start(self) -> "ArxivStub":
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def _send(self, status: int, body: bytes, ctype: str, headers: dict | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                with stub._lock:
                    stub.requests.append(self.path)
                    stub.user_agents.append(self.headers.get("User-Agent", ""))
                    fault = stub._next_fault(self.path)
                if fault is not None and fault.delay:
                    time.sleep(fault.delay)
                if fault is not None and fault.reset:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if fault is not None and fault.status is not None:
                    headers = {"Retry-After": fault.retry_after} if fault.retry_after else None
                    self._send(fault.status, fault.body, fault.content_type, headers)
                    return
                status, body, ctype = self._answer()
                if fault is not None and fault.truncate is not None:
                    body = body[:fault.truncate]
                if fault is not None and fault.cut is not None:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[:fault.cut])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self._send(status, body, ctype)

            def _answer(self) -> tuple[int, bytes, str]:
                url = urlparse(self.path)
                if url.path == "/api/query":
                    atom = "application/atom+xml; charset=utf-8"
                    try:
                        return 200, stub.query(parse_qs(url.query, keep_blank_values=True)), atom
                    except _BadRequest as exc:
                        return 400, error_feed(str(exc)), atom
                if url.path.startswith("/pdf/"):
                    data = stub.pdf_bytes(url.path[len("/pdf/"):])
                    if data is None:
                        return 404, b"no such paper", "text/plain"
                    return 200, data, "application/pdf"
                return 404, b"not found", "text/plain"

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "ArxivStub":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _next_fault(self, path: str) -> Fault | None:
        """The first scripted failure meant for this path, taken off the script (caller holds the lock)."""
        for i, item in enumerate(self.failures):
            fault = item if isinstance(item, Fault) else Fault(status=item[0], retry_after=item[1])
            if path.startswith(fault.path):
                del self.failures[i]
                return fault
        return None

    # -- the API ---------------------------------------------------------------------------------
    def _condition(self, search_query: str) -> Node | None:
        try:
            node: Node | None = parse_query(search_query, allow_dates=True)
        except QuerySyntaxError as exc:
            raise _BadRequest(f"unable to parse search_query: {exc}") from None
        if self.loose:
            node = _without(node, Term)
        if self.ignore_dates:
            node = _without(node, DateRange)
        return node

    def _by_id(self, entries: list[ArxivEntry], raw: str) -> list[ArxivEntry]:
        wanted = [w.strip() for w in raw.split(",") if w.strip()]
        for w in wanted:
            if not _ID_FORMAT.fullmatch(w):
                raise _BadRequest(f"incorrect id format for {w}")
        hits = []
        for w in wanted:
            found = [e for e in entries if e.versioned_id == w] or sorted(
                (e for e in entries if e.arxiv_id == w), key=lambda e: e.version)[-1:]
            hits.extend(e for e in found if e not in hits)
        return hits

    def query(self, params: dict[str, list[str]]) -> bytes:
        """Answer one ``/api/query`` request (raises ``_BadRequest`` for an HTTP 400)."""
        search_query = params.get("search_query", [""])[0].strip()
        id_list = params.get("id_list", [""])[0].strip()
        start = _int_param(params, "start", 0)
        count = min(_int_param(params, "max_results", 10), MAX_RESULTS_CAP)
        sort_by = params.get("sortBy", ["relevance"])[0] or "relevance"
        order = params.get("sortOrder", ["descending"])[0] or "descending"
        if sort_by not in ("relevance", *_SORT_KEYS):
            raise _BadRequest(f"unknown sortBy {sort_by}")
        if order not in ("ascending", "descending"):
            raise _BadRequest(f"unknown sortOrder {order}")
        with self._lock:
            stored = list(self.entries)
        hits: list[ArxivEntry] = []
        if id_list:
            hits = self._by_id(stored, id_list)
        elif search_query:
            latest: dict[str, ArxivEntry] = {}
            for e in stored:  # a search finds each paper once, in its latest version
                if e.arxiv_id not in latest or e.version > latest[e.arxiv_id].version:
                    latest[e.arxiv_id] = e
            hits = [e for e in stored if latest[e.arxiv_id] is e]
        if search_query:
            condition = self._condition(search_query)
            hits = [e for e in hits if condition is None or matches(condition, e)]
        if not id_list:  # arXiv keeps an id_list's order
            if sort_by in _SORT_KEYS:
                hits.sort(key=lambda e: getattr(e, _SORT_KEYS[sort_by]), reverse=order == "descending")
            elif order == "ascending":
                hits.reverse()
        page = hits[start:start + count]
        if self.stop_paging_after is not None and start >= self.stop_paging_after:
            page = []
        return atom_feed(page, total=len(hits), start=start, base=self.base_url, items_per_page=count,
                         query=search_query, id_list=id_list)

    def pdf_bytes(self, versioned_id: str) -> bytes | None:
        key = versioned_id.removesuffix(".pdf")
        with self._lock:
            self.pdf_requests[key] += 1
            src = self.pdfs.get(key)
            if src is None and not re.search(r"v\d+$", key):  # unversioned: the latest version
                versions = sorted((k for k in self.pdfs if re.fullmatch(re.escape(key) + r"v\d+", k)),
                                  key=lambda k: int(k.rsplit("v", 1)[1]))
                src = self.pdfs[versions[-1]] if versions else None
        if src is None:
            return None
        return src if isinstance(src, bytes) else Path(src).read_bytes()
