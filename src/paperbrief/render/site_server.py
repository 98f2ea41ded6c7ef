"""Serving a built site on 127.0.0.1: a plain static file server (the site needs none: every page opens from
disk too) plus ``POST /api/like`` for the paper pages' "keep" button. A busy port is one clear sentence."""

from __future__ import annotations

import errno
import functools
import http.server
import json
import threading
from pathlib import Path

from paperbrief.errors import PaperbriefError

__all__ = ["SiteServer", "PortInUse", "serve_site"]


class SiteServer:
    """Serve a built site on 127.0.0.1 (an ephemeral port with ``port=0``) in a background thread. With
    ``on_like(topic_slug, arxiv_id) -> message`` the paper pages' "keep" button adds the paper to the topic's
    library (``POST /api/like``); a failure in it answers 400 with its message."""

    def __init__(self, root: Path, port: int = 0, on_like=None):
        handler = functools.partial(_Handler, directory=str(root))
        try:
            self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PortInUse(f"Port {port} on 127.0.0.1 is in use; pass another with --port.") from None
            raise
        self.httpd.on_like = on_like
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def __enter__(self) -> "SiteServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class PortInUse(PaperbriefError):
    exit_code = 2


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def _json(self, status: int, body: dict) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        on_like = getattr(self.server, "on_like", None)
        if self.path.split("?")[0].rstrip("/").endswith("/api/like") is False or on_like is None:
            self._json(404, {"message": "not found"})
            return
        try:
            size = min(int(self.headers.get("Content-Length", 0)), 10_000)
            body = json.loads(self.rfile.read(size) or b"{}")
            message = on_like(str(body.get("topic", "")), str(body.get("id", "")))
        except (ValueError, PaperbriefError) as exc:
            self._json(400, {"message": str(exc)})
            return
        self._json(200, {"message": message})


def serve_site(root: Path, port: int = 8000, on_like=None) -> None:  # pragma: no cover - interactive
    server = SiteServer(root, port, on_like=on_like)
    print(f"serving {root} on {server.url} (Ctrl-C to stop)")
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()
