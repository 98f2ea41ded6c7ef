"""Fixtures of the delivery tests: a real SMTP server on 127.0.0.1 (aiosmtpd) with STARTTLS on a self-signed
certificate made here and a login it checks, posts with hostile text, and helpers that read messages back."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import socket
import ssl
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from paperbrief.records import (Analysis, ArxivEntry, Author, LLMOutcome, PaperDigest, PaperStatus, Post)

USER, PASSWORD = "digest-bot", "s3cret-pass"
HOSTILE_TITLE = 'Attention <script>alert("x")</script> & "Diffusion" </div><img src=x onerror=alert(1)>'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, made now with ``cryptography``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "paperbrief test SMTP")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@dataclass
class SMTPServer:
    """What the loopback server saw: each accepted message (bytes) and each login tried."""

    port: int
    cert: Path | None
    messages: list[bytes] = field(default_factory=list)
    logins: list[tuple[str, bool]] = field(default_factory=list)
    tls_sessions: int = 0

    def parsed(self) -> list[email.message.EmailMessage]:
        return [email.message_from_bytes(m, policy=email.policy.default) for m in self.messages]


class _Handler:
    def __init__(self, server: SMTPServer):
        self.server = server

    async def handle_DATA(self, smtp, session, envelope):
        self.server.messages.append(envelope.original_content or envelope.content)
        if session.ssl is not None:
            self.server.tls_sessions += 1
        return "250 Message accepted"


def start_smtp(tmp_path: Path, *, tls: bool = True) -> tuple[Controller, SMTPServer]:
    """A real SMTP server on 127.0.0.1: STARTTLS required (with ``tls``), AUTH PLAIN/LOGIN as USER/PASSWORD."""
    cert = key = None
    context = None
    if tls:
        cert, key = self_signed(tmp_path)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
    server = SMTPServer(port=free_port(), cert=cert)

    def authenticator(smtp, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() and \
            auth_data.password == PASSWORD.encode()
        server.logins.append((auth_data.login.decode() if isinstance(auth_data, LoginPassword) else "?", ok))
        return AuthResult(success=ok, handled=False)

    controller = Controller(_Handler(server), hostname="127.0.0.1", port=server.port, tls_context=context,
                            require_starttls=tls, authenticator=authenticator, auth_required=True,
                            auth_require_tls=tls)
    controller.start()
    return controller, server


def digest(arxiv_id: str, title: str, status: PaperStatus = PaperStatus.ANALYSED, summary: str = "",
           authors: int = 2, **kw) -> PaperDigest:
    when = dt.datetime(2026, 11, 24, 12, tzinfo=dt.timezone.utc)
    entry = ArxivEntry(arxiv_id=arxiv_id, version=kw.pop("version", 1), title=title,
                       authors=[Author(name=f"Author{i} Person{i}") for i in range(authors)],
                       abstract="An abstract.", published=when, updated=when, categories=["cs.CV"])
    outcome = LLMOutcome(analysis=Analysis(summary=summary), model="test-model") if summary else None
    return PaperDigest(entry=entry, outcome=outcome, status=status, **kw)


def sample_post(date: str = "2026-11-24", topic: str = "Diffusion Models", slug: str = "diffusion-models",
                language: str = "en") -> Post:
    """A post with an analysed paper whose title is hostile HTML, a failed one, an updated and a listed one."""
    return Post(topic=topic, date=date, slug=slug, language=language, model="test-model",
                papers=[digest("2611.00001", HOSTILE_TITLE, summary="We show <b>bold</b> claims & more."),
                        digest("2611.00002", "Fast Sampling\u202e of Score Models", PaperStatus.FAILED)],
                updated=[digest("2611.00003", "An Updated Paper", PaperStatus.UPDATED, version=2)],
                listed=[digest("2611.00004", "A Listed-Only Paper on Video Diffusion", PaperStatus.LISTED)])


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.parts.append(data)


def html_text(markup: str) -> tuple[str, list[tuple[str, dict]]]:
    """The text a reader sees (entities decoded) and the tags with their attributes."""
    parser = _Text()
    parser.feed(markup)
    return " ".join(" ".join(parser.parts).split()), parser.tags


def parts(msg) -> tuple[str, str]:
    """The plain-text and the HTML body of a parsed e-mail."""
    return msg.get_body(("plain",)).get_content(), msg.get_body(("html",)).get_content()


def one_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
