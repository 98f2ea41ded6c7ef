"""Loopback receivers for the demo's deliveries: an SMTP server and a chat webhook on 127.0.0.1 that keep
what they are sent as files (``mail-N.eml``, ``webhook-N.json``), so ``paperbrief demo`` shows the e-mail and
the chat messages a configured run would send, without sending anything anywhere."""

from __future__ import annotations

import http.server
import json
import socket
import threading
from pathlib import Path

from aiosmtpd.controller import Controller

__all__ = ["MailSink", "WebhookSink"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _next_name(folder: Path, stem: str, suffix: str) -> Path:
    n = 1 + sum(1 for _ in folder.glob(f"{stem}-*{suffix}"))
    return folder / f"{stem}-{n}{suffix}"


class _KeepMail:
    def __init__(self, folder: Path, lock: threading.Lock) -> None:
        self.folder, self.lock = folder, lock

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's naming)
        with self.lock:
            _next_name(self.folder, "mail", ".eml").write_bytes(envelope.original_content or envelope.content)
        return "250 Message accepted"


class MailSink:
    """An SMTP server on 127.0.0.1 (no TLS, no login) that writes each message to ``folder/mail-N.eml``."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = _free_port()
        self._controller = Controller(_KeepMail(self.folder, threading.Lock()), hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> "MailSink":
        self._controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self._controller.stop()


class WebhookSink:
    """An HTTP server on 127.0.0.1 that answers 200 to every POST and writes its JSON body to
    ``folder/webhook-N.json``."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        lock = threading.Lock()
        folder_ = self.folder

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    data = json.loads(body)
                except ValueError:
                    self.send_response(400)
                    self.end_headers()
                    return
                with lock:
                    _next_name(folder_, "webhook", ".json").write_text(
                        json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"ok": true}')

            def log_message(self, *args) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/hook"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> "WebhookSink":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
