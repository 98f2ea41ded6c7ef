"""E-mail deliveries against a real SMTP server on 127.0.0.1 (aiosmtpd): STARTTLS on a certificate made in the
test, a login the server checks, and every message parsed back with ``email`` and compared to the post."""

from __future__ import annotations

import email
import email.policy
import re

import pytest

from paperbrief.config import NotifyConfig
from paperbrief.deliver.email import build_email, send_email
from paperbrief.deliver.messages import build_message
from paperbrief.errors import DeliveryError
from paperbrief.records import Figure

from deliver_fixtures import (HOSTILE_TITLE, PASSWORD, USER, html_text, parts, sample_post, start_smtp)

# what sample_post holds, written out here (not read from the code under test)
PAPERS = {"2611.00001v1": HOSTILE_TITLE, "2611.00002v1": "Fast Sampling of Score Models",
          "2611.00003v2": "An Updated Paper", "2611.00004v1": "A Listed-Only Paper on Video Diffusion"}


@pytest.fixture
def smtp(tmp_path):
    controller, server = start_smtp(tmp_path)
    yield server
    controller.stop()


def email_cfg(server, monkeypatch, password=PASSWORD, **kw) -> NotifyConfig:
    monkeypatch.setenv("PB_SMTP_USER", USER)
    monkeypatch.setenv("PB_SMTP_PASSWORD", password)
    data = {"kind": "email", "smtp_host": "127.0.0.1", "smtp_port": server.port, "starttls": True,
            "from": "digest@lab.example.edu", "to": ["ada@lab.example.edu", "alan@lab.example.edu"],
            "username_env": "PB_SMTP_USER", "password_env": "PB_SMTP_PASSWORD", "ca_file": str(server.cert),
            "timeout_seconds": 10, **kw}
    return NotifyConfig.model_validate(data)


def check_carries_every_paper(msg) -> None:
    text, markup = parts(msg)
    seen, tags = html_text(markup)
    for vid, title in PAPERS.items():
        assert vid in text and title in text, (vid, text)
        assert vid in seen and title in seen, (vid, seen)
        assert f'href="http://arxiv.org/abs/{vid}"' in markup
    # hostile text stays text: no script, no element from the title, nothing loaded from elsewhere
    assert "<script" not in markup.lower() and "onerror" not in [a for _, attrs in tags for a in attrs]
    assert [t for t, _ in tags if t in ("script", "link", "style", "img", "iframe", "object")] == []
    assert "@import" not in markup and "url(" not in markup
    assert {t for t, _ in tags} <= {"html", "head", "meta", "title", "body", "div", "h2", "a", "span", "p"}


def test_starttls_login_and_a_multipart_message_with_every_paper(smtp, monkeypatch):
    cfg = email_cfg(smtp, monkeypatch)
    send_email(build_email(build_message([sample_post()]), cfg), cfg)
    assert smtp.logins == [(USER, True)] and smtp.tls_sessions == 1
    [msg] = smtp.parsed()
    assert msg.get_content_type() == "multipart/alternative"
    assert msg["To"] == "ada@lab.example.edu, alan@lab.example.edu" and msg["From"] == "digest@lab.example.edu"
    assert msg["Subject"] == "Diffusion Models · 2026-11-24 · 4 papers"
    check_carries_every_paper(msg)
    text, _ = parts(msg)
    assert "We show <b>bold</b> claims & more." in text  # the summary, as text
    assert "(listed)" in text and "(updated version)" in text


def test_a_wrong_password_is_one_clear_sentence(smtp, monkeypatch):
    cfg = email_cfg(smtp, monkeypatch, password="wrong")
    with pytest.raises(DeliveryError) as info:
        send_email(build_email(build_message([sample_post()]), cfg), cfg)
    message = str(info.value)
    assert message.startswith(f"the SMTP server 127.0.0.1:{smtp.port} refused the login of $PB_SMTP_USER (535")
    assert "\n" not in message and "wrong" not in message
    # smtplib tries each mechanism the server offers (PLAIN, then LOGIN): every one was refused
    assert smtp.messages == [] and smtp.logins and all(login == (USER, False) for login in smtp.logins)


def test_an_untrusted_certificate_is_refused(smtp, monkeypatch):
    cfg = email_cfg(smtp, monkeypatch, ca_file=None)  # the system's CAs do not know the test's certificate
    with pytest.raises(DeliveryError, match=r"^STARTTLS with 127\.0\.0\.1:\d+ failed \(CERTIFICATE_VERIFY_FAILED"):
        send_email(build_email(build_message([sample_post()]), cfg), cfg)
    assert smtp.messages == [] and smtp.logins == []


def test_nothing_listening_is_one_sentence(monkeypatch):
    from deliver_fixtures import free_port

    cfg = NotifyConfig.model_validate({"kind": "email", "smtp_host": "127.0.0.1", "smtp_port": free_port(),
                                       "from": "a@lab.example.edu", "to": ["b@lab.example.edu"],
                                       "timeout_seconds": 5})
    with pytest.raises(DeliveryError, match=r"^the SMTP server 127\.0\.0\.1:\d+ could not be reached \(Connection "
                                            r"refused\)$"):
        send_email(build_email(build_message([sample_post()]), cfg), cfg)


def test_no_header_can_be_injected_through_a_topic_name():
    post = sample_post(topic="Evil\r\nBcc: victim@elsewhere.example.org\r\nX-Evil: 1")
    cfg = NotifyConfig.model_validate({"kind": "email", "smtp_host": "h", "from": "a@lab.example.edu",
                                       "to": ["b@lab.example.edu"]})
    raw = build_email(build_message([post]), cfg).as_bytes()
    headers = raw.split(b"\r\n\r\n", 1)[0].decode()
    assert not re.search(r"^(Bcc|X-Evil):", headers, re.M | re.I)
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Bcc"] is None and parsed["X-Evil"] is None
    assert parsed["Subject"] == "Evil Bcc: victim@elsewhere.example.org X-Evil: 1 · 2026-11-24 · 4 papers"


def test_a_digest_of_two_posts_and_figures_linked_or_attached(tmp_path):
    first = sample_post()
    first.papers[0].figures = [Figure(label="Figure 1", page=1, caption="c", bbox=[0, 0, 1, 1],
                                      image="figures/2611.00001-fig1.png")]
    second = sample_post(date="2026-11-25", topic="Video", slug="video")
    folder = tmp_path / "posts" / "2026-11-24-diffusion-models" / "figures"
    folder.mkdir(parents=True)
    (folder / "2611.00001-fig1.png").write_bytes(b"\x89PNG\r\n\x1a\nfake image")
    base = {"kind": "email", "smtp_host": "h", "from": "a@lab.example.edu", "to": ["b@lab.example.edu"],
            "figures_url": "https://blog.lab.example.edu/posts"}
    linked = build_email(build_message([first, second], "https://blog.lab.example.edu/posts"),
                         NotifyConfig.model_validate(base), tmp_path / "posts")
    assert linked["Subject"] == "paperbrief 2026-11-24 – 2026-11-25: 8 papers in Diffusion Models, Video"
    assert [p.get_content_type() for p in linked.iter_attachments()] == []
    _, markup = parts(linked)
    assert ('href="https://blog.lab.example.edu/posts/2026-11-24-diffusion-models/figures/2611.00001-fig1.png"'
            in markup)
    assert markup.count("Diffusion Models · 2026-11-24") == 1 and markup.count("Video · 2026-11-25") == 1
    attached = build_email(build_message([first, second]), NotifyConfig.model_validate({**base, "attach_figures":
                                                                                         True}), tmp_path / "posts")
    [figure] = list(attached.iter_attachments())
    assert figure.get_content_type() == "image/png" and figure.get_filename() == "2611.00001-2611.00001-fig1.png"
    assert figure.get_content() == b"\x89PNG\r\n\x1a\nfake image"
