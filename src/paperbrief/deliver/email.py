"""E-mail deliveries: a multipart message (plain text + HTML with inline styles only: no stylesheet, no
script, nothing loaded from elsewhere) sent over SMTP with the standard library, STARTTLS by default."""

from __future__ import annotations

import mimetypes
import os
import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, make_msgid
from pathlib import Path

from jinja2 import Environment

from paperbrief.config import NotifyConfig
from paperbrief.deliver.messages import Message, plain_text
from paperbrief.errors import DeliveryError

__all__ = ["build_email", "send_email", "html_body", "MAX_ATTACHMENTS_BYTES"]

MAX_ATTACHMENTS_BYTES = 10 * 2**20  # figures attached (attach_figures) up to this total; the rest are left out

_HTML = """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ m.subject }}</title></head>
<body style="margin:0;padding:16px;background:#ffffff;color:#1f2328;font-family:-apple-system,'Segoe UI',\
Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;">
<div style="max-width:720px;margin:0 auto;">
{% for s in m.sections %}
<h2 style="font-size:19px;margin:20px 0 8px;padding-bottom:4px;border-bottom:1px solid #d0d7de;">{{ s.heading }}</h2>
{% for p in s.papers %}
<div style="margin:0 0 14px;">
<div style="font-weight:600;"><a href="{{ p.url }}" style="color:#0969da;text-decoration:none;">{{ p.title }}</a>\
<span style="color:#656d76;font-weight:400;">{{ p.note }}</span></div>
<div style="color:#656d76;font-size:13px;">arXiv:{{ p.versioned_id }} · {{ p.authors }}</div>
{% if p.summary %}<div style="margin-top:4px;">{{ p.summary }}</div>{% endif %}
{% if p.figure_urls %}<div style="font-size:13px;margin-top:4px;">{% for u in p.figure_urls %}\
<a href="{{ u }}" style="color:#0969da;margin-right:8px;">{{ figure_word }} {{ loop.index }}</a>{% endfor %}</div>{% endif %}
</div>
{% endfor %}
{% endfor %}
<p style="color:#656d76;font-size:12px;margin-top:24px;border-top:1px solid #d0d7de;padding-top:8px;">\
paperbrief: machine-written summaries; check the papers before you rely on them.</p>
</div></body></html>
"""
_TEMPLATE = Environment(autoescape=True).from_string(_HTML)


def html_body(message: Message) -> str:
    lang = message.sections[0].language if message.sections else "en"
    return _TEMPLATE.render(m=message, lang=lang, figure_word="图" if lang == "zh" else "Figure")


def _attach(msg: EmailMessage, message: Message, posts_dir: Path) -> None:
    total = 0
    for p in message.papers:
        for rel in p.figure_files:
            path = (posts_dir / rel).resolve()
            if not path.is_file() or not path.is_relative_to(posts_dir.resolve()):
                continue
            size = path.stat().st_size
            if total + size > MAX_ATTACHMENTS_BYTES:
                return
            total += size
            kind = (mimetypes.guess_type(path.name)[0] or "application/octet-stream").split("/")
            msg.add_attachment(path.read_bytes(), maintype=kind[0], subtype=kind[1],
                               filename=f"{p.arxiv_id.replace('/', '_')}-{path.name}")


def build_email(message: Message, cfg: NotifyConfig, posts_dir: Path | None = None) -> EmailMessage:
    """The e-mail of one message. Headers come from the config and a one-line subject; ``policy=SMTP`` refuses
    any header value with a line break, so nothing can be injected."""
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = message.subject
    msg["From"] = cfg.from_ or ""
    msg["To"] = ", ".join(cfg.to)
    msg["Date"] = formatdate(localtime=False, usegmt=True)
    msg["Message-ID"] = make_msgid(domain=(cfg.from_ or "paperbrief@localhost").rpartition("@")[2])
    msg.set_content(plain_text(message))
    msg.add_alternative(html_body(message), subtype="html")
    if cfg.attach_figures and posts_dir is not None:
        _attach(msg, message, posts_dir)
    return msg


def _login(cfg: NotifyConfig) -> tuple[str, str] | None:
    if not cfg.username_env:
        return None
    user, password = os.environ.get(cfg.username_env), os.environ.get(cfg.password_env or "")
    missing = [name for name, v in ((cfg.username_env, user), (cfg.password_env, password)) if not v]
    if missing:
        raise DeliveryError(f"the environment variable {missing[0]} (the SMTP login) is not set")
    return user, password


def _reason(exc: smtplib.SMTPResponseException) -> str:
    text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
    return f"{exc.smtp_code} {' '.join(text.split())}"


def send_email(msg: EmailMessage, cfg: NotifyConfig) -> None:
    """Send over SMTP; every failure is one ``DeliveryError`` sentence naming the server and what went wrong."""
    server = f"{cfg.smtp_host}:{cfg.smtp_port}"
    login = _login(cfg)
    try:
        with smtplib.SMTP(cfg.smtp_host or "", cfg.smtp_port, timeout=cfg.timeout_seconds) as smtp:
            smtp.ehlo()
            if cfg.starttls:
                smtp.starttls(context=ssl.create_default_context(cafile=cfg.ca_file))
                smtp.ehlo()
            if login:
                smtp.login(*login)
            smtp.send_message(msg)
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(f"the SMTP server {server} refused the login of ${cfg.username_env} "
                            f"({_reason(exc)})") from None
    except smtplib.SMTPNotSupportedError as exc:
        raise DeliveryError(f"the SMTP server {server} does not offer {'STARTTLS' if cfg.starttls else 'AUTH'} "
                            f"({' '.join(str(exc).split())})") from None
    except smtplib.SMTPRecipientsRefused as exc:
        refused = ", ".join(f"{a} ({_reason(smtplib.SMTPResponseException(*r))})" for a, r in exc.recipients.items())
        raise DeliveryError(f"the SMTP server {server} refused the recipients {refused}") from None
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(f"the SMTP server {server} refused the message ({_reason(exc)})") from None
    except ssl.SSLError as exc:
        raise DeliveryError(f"STARTTLS with {server} failed ({exc.reason or exc}); check the server's certificate "
                            "or set ca_file") from None
    except (socket.timeout, TimeoutError):
        raise DeliveryError(f"the SMTP server {server} did not answer within {cfg.timeout_seconds:g} s") from None
    except (OSError, smtplib.SMTPException) as exc:
        why = getattr(exc, "strerror", None) or " ".join(str(exc).split()) or type(exc).__name__
        raise DeliveryError(f"the SMTP server {server} could not be reached ({why})") from None
