"""A local arXiv-compatible HTTP server on 127.0.0.1: the Atom API (``/api/query``) and PDFs (``/pdf/<id>``).
It stands in for arXiv in ``paperbrief demo`` and in the tests. It can be told to misbehave (429 with
Retry-After, 503) for a number of requests, to test etiquette and backoff."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from lxml import etree

from paperbrief.records import ArxivEntry

__all__ = ["ArxivStub", "atom_feed", "matches_query"]

ATOM = "http://www.w3.org/2005/Atom"
ARXIV = "http://arxiv.org/schemas/atom"
OS = "http://a9.com/-/spec/opensearch/1.1/"


def atom_feed(entries: list[ArxivEntry], *, total: int | None = None, start: int = 0, base: str = "") -> bytes:
    """An Atom document shaped like arXiv's API answer."""
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM, "arxiv": ARXIV, "opensearch": OS})
    etree.SubElement(feed, f"{{{ATOM}}}title").text = "arXiv Query"
    etree.SubElement(feed, f"{{{ATOM}}}id").text = "http://arxiv.org/api/stub"
    etree.SubElement(feed, f"{{{OS}}}totalResults").text = str(len(entries) if total is None else total)
    etree.SubElement(feed, f"{{{OS}}}startIndex").text = str(start)
    etree.SubElement(feed, f"{{{OS}}}itemsPerPage").text = str(len(entries))
    for e in entries:
        node = etree.SubElement(feed, f"{{{ATOM}}}entry")
        etree.SubElement(node, f"{{{ATOM}}}id").text = f"http://arxiv.org/abs/{e.versioned_id}"
        etree.SubElement(node, f"{{{ATOM}}}updated").text = e.updated.isoformat().replace("+00:00", "Z")
        etree.SubElement(node, f"{{{ATOM}}}published").text = e.published.isoformat().replace("+00:00", "Z")
        etree.SubElement(node, f"{{{ATOM}}}title").text = e.title
        etree.SubElement(node, f"{{{ATOM}}}summary").text = e.abstract
        for a in e.authors:
            au = etree.SubElement(node, f"{{{ATOM}}}author")
            etree.SubElement(au, f"{{{ATOM}}}name").text = a.name
            for aff in a.affiliations:
                etree.SubElement(au, f"{{{ARXIV}}}affiliation").text = aff
        if e.comment:
            etree.SubElement(node, f"{{{ARXIV}}}comment").text = e.comment
        if e.doi:
            etree.SubElement(node, f"{{{ARXIV}}}doi").text = e.doi
        if e.journal_ref:
            etree.SubElement(node, f"{{{ARXIV}}}journal_ref").text = e.journal_ref
        etree.SubElement(node, f"{{{ATOM}}}link", href=f"http://arxiv.org/abs/{e.versioned_id}", rel="alternate",
                         type="text/html")
        etree.SubElement(node, f"{{{ATOM}}}link", title="pdf", href=f"{base}/pdf/{e.versioned_id}",
                         rel="related", type="application/pdf")
        if e.primary_category:
            etree.SubElement(node, f"{{{ARXIV}}}primary_category", term=e.primary_category)
        for c in e.categories:
            etree.SubElement(node, f"{{{ATOM}}}category", term=c, scheme="http://arxiv.org/schemas/atom")
    return etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)


_TERM = re.compile(r'(cat|abs|ti|all|au):("([^"]+)"|[^\s()]+)')


def matches_query(entry: ArxivEntry, query: str) -> bool:
    """A small subset of arXiv's query language: field:term joined by AND / OR (AND binds all)."""
    terms = _TERM.findall(query or "")
    if not terms:
        return True

    def hit(field_: str, raw: str, quoted: str) -> bool:
        word = (quoted or raw).lower()
        if field_ == "cat":
            return any(c.lower() == word or c.lower().startswith(word.rstrip("*")) for c in entry.categories)
        if field_ == "ti":
            return word in entry.title.lower()
        if field_ == "abs":
            return word in entry.abstract.lower()
        if field_ == "au":
            return any(word in a.name.lower() for a in entry.authors)
        return word in f"{entry.title} {entry.abstract}".lower()

    results = [hit(*t) for t in terms]
    return any(results) if " OR " in query and " AND " not in query else all(results)


@dataclass
class ArxivStub:
    """Serve ``entries`` (newest first) and ``pdfs`` (versioned id -> path or bytes) on 127.0.0.1."""

    entries: list[ArxivEntry] = field(default_factory=list)
    pdfs: dict[str, Path | bytes] = field(default_factory=dict)
    # misbehaviour script: list of (status, retry_after or None) returned for the next requests, in order
    failures: list[tuple[int, str | None]] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)

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
                    failure = stub.failures.pop(0) if stub.failures else None
                if failure:
                    status, retry_after = failure
                    self._send(status, b"slow down", "text/plain", {"Retry-After": retry_after} if retry_after else None)
                    return
                url = urlparse(self.path)
                if url.path == "/api/query":
                    self._send(200, stub.query(parse_qs(url.query)), "application/atom+xml; charset=utf-8")
                elif url.path.startswith("/pdf/"):
                    data = stub.pdf_bytes(url.path[len("/pdf/"):])
                    if data is None:
                        self._send(404, b"no such paper", "text/plain")
                    else:
                        self._send(200, data, "application/pdf")
                else:
                    self._send(404, b"not found", "text/plain")

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

    def query(self, params: dict[str, list[str]]) -> bytes:
        start = int(params.get("start", ["0"])[0])
        count = int(params.get("max_results", ["10"])[0])
        with self._lock:
            entries = list(self.entries)
        if "id_list" in params:
            wanted = params["id_list"][0].split(",")
            hits = [e for e in entries if e.arxiv_id in wanted or e.versioned_id in wanted]
        else:
            hits = [e for e in entries if matches_query(e, params.get("search_query", [""])[0])]
        return atom_feed(hits[start:start + count], total=len(hits), start=start, base=self.base_url)

    def pdf_bytes(self, versioned_id: str) -> bytes | None:
        src = self.pdfs.get(versioned_id.removesuffix(".pdf"))
        if src is None:
            return None
        return src if isinstance(src, bytes) else Path(src).read_bytes()
