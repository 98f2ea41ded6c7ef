"""Deliveries from a real run: the loopback arXiv server, real PDFs, a real SQLite file, a real SMTP server
(aiosmtpd, STARTTLS, login) and a loopback webhook receiver. The messages carry exactly the papers of the post
written to disk (read back from the post file, not from the code that built the messages); a failed delivery
leaves the post written, makes the exit code non-zero, is retried by the next run exactly once and then given
up; a sent one is never sent again."""

from __future__ import annotations

import json
import re

import pytest
from werkzeug.wrappers import Response

from paperbrief.calendar import ArxivCalendar
from paperbrief.config import config_from_dict
from paperbrief.errors import ConfigError
from paperbrief.run import RunOptions, run_digest
from paperbrief.run.deliver import Deliveries
from paperbrief.outcome import RunReport
from paperbrief.samples.papers import DEMO_QUERY, sample_entries
from paperbrief.samples.server import ArxivStub
from paperbrief.store import Store

from arxiv_world import NOW
from deliver_fixtures import PASSWORD, USER, parts, sample_post, start_smtp
from pipeline_doubles import CannedBackend

WINDOW = ArxivCalendar().latest(NOW)


@pytest.fixture
def stub(sample_pdfs):
    with ArxivStub(entries=sample_entries(within=(WINDOW.start, WINDOW.end)), pdfs=dict(sample_pdfs)) as s:
        yield s


@pytest.fixture
def smtp(tmp_path):
    controller, server = start_smtp(tmp_path)
    yield server
    controller.stop()


@pytest.fixture
def hook(httpserver):
    """A webhook receiver: records every JSON body; ``hook.fail`` makes it answer 503 while set."""
    class Hook:
        bodies: list[dict] = []
        fail = False

    def handler(request):
        if Hook.fail:
            return Response("down for maintenance", status=503)
        Hook.bodies.append(json.loads(request.get_data()))
        return Response("ok")

    httpserver.expect_request("/hooks/T0K3N", method="POST").respond_with_handler(handler)
    Hook.url = httpserver.url_for("/hooks/T0K3N")
    Hook.bodies = []
    return Hook


def make_config(tmp_path, stub, smtp, notify_extra=(), **topic):
    return config_from_dict({
        "arxiv": {"base_url": stub.api_url, "delay_seconds": 0, "backoff_seconds": 0.01},
        "output": {"dir": str(tmp_path / "out")},
        "topics": [{"name": "Diffusion Models", "query": DEMO_QUERY, "max_papers": 2, **topic}],
        "notify": [{"kind": "email", "smtp_host": "127.0.0.1", "smtp_port": smtp.port, "from": "bot@lab.example.edu",
                    "to": ["team@lab.example.edu"], "username_env": "PB_USER", "password_env": "PB_PASS",
                    "ca_file": str(smtp.cert), "timeout_seconds": 10}, *notify_extra],
    }, base_dir=tmp_path)


def run(cfg):
    return run_digest(cfg, RunOptions(now=NOW), backend=CannedBackend())


def post_papers(path) -> dict[str, str]:
    """versioned id -> title, read from the written Hexo post (analysed and listed papers alike)."""
    body = path.read_text(encoding="utf-8")
    ids = dict.fromkeys(re.findall(r"arxiv\.org/abs/(\d{4}\.\d{5}v\d+)", body))
    return {vid: e.title for e in sample_entries() for vid in ids if vid == e.versioned_id}


def test_a_run_delivers_every_paper_of_its_post_by_email_and_webhook(tmp_path, stub, smtp, hook, monkeypatch):
    monkeypatch.setenv("PB_USER", USER)
    monkeypatch.setenv("PB_PASS", PASSWORD)
    monkeypatch.setenv("PB_HOOK", hook.url)
    cfg = make_config(tmp_path, stub, smtp, [{"kind": "webhook", "url_env": "PB_HOOK", "backoff_seconds": 0}])
    result = run(cfg)
    assert result.exit_code == 0, result.report.model_dump_json(include={"deliveries", "windows"})
    [post] = result.posts
    expected = post_papers(post)
    assert len(expected) == 4  # max_papers 2: two of them are listed only
    [msg] = smtp.parsed()
    text, markup = parts(msg)
    for vid, title in expected.items():
        assert vid in text and title in text and f'href="http://arxiv.org/abs/{vid}"' in markup
    assert set(re.findall(r"arXiv:(\d{4}\.\d{5}v\d+)", text)) == set(expected)
    [body] = hook.bodies
    assert [p["id"] for p in body["posts"][0]["papers"]] and \
        {p["id"]: p["title"] for p in body["posts"][0]["papers"]} == expected
    assert [p["status"] for p in body["posts"][0]["papers"]].count("listed") == 2
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert [(d["kind"], d["status"], sorted(d["papers"])) for d in report["deliveries"]] == \
        [("email", "sent", sorted(expected)), ("webhook", "sent", sorted(expected))]
    # a second run of the same window sends nothing again
    again = run(cfg)
    assert again.posts == [] and again.report.deliveries == [] and len(smtp.messages) == 1 and len(hook.bodies) == 1


def test_a_crash_between_writing_the_post_and_queueing_it_loses_no_delivery(tmp_path, stub, smtp, hook,
                                                                             monkeypatch):
    """A run that stops right where the post's delivery is recorded (a kill, a power cut) leaves nothing
    half-done: the window is not complete without its queued delivery, so the next run writes the post again
    and sends it, once."""
    monkeypatch.setenv("PB_USER", USER)
    monkeypatch.setenv("PB_PASS", PASSWORD)
    monkeypatch.setenv("PB_HOOK", hook.url)
    cfg = make_config(tmp_path, stub, smtp, [{"kind": "webhook", "url_env": "PB_HOOK", "backoff_seconds": 0}])
    real = Deliveries.queue
    calls = []

    def crash_once(self, post):
        calls.append(post.slug)
        if len(calls) == 1:
            raise RuntimeError("killed")
        return real(self, post)

    monkeypatch.setattr(Deliveries, "queue", crash_once)
    with pytest.raises(RuntimeError, match="killed"):
        run(cfg)
    assert smtp.messages == [] and hook.bodies == []
    result = run(cfg)
    assert result.exit_code == 0 and len(result.posts) == 1
    assert len(smtp.messages) == 1 and len(hook.bodies) == 1
    assert run(cfg).posts == [] and len(smtp.messages) == 1 and len(hook.bodies) == 1


def test_a_refused_login_is_reported_and_retried_by_the_next_run_once(tmp_path, stub, smtp, hook, monkeypatch,
                                                                       caplog):
    monkeypatch.setenv("PB_USER", USER)
    monkeypatch.setenv("PB_PASS", "not-the-password")
    monkeypatch.setenv("PB_HOOK", hook.url)
    cfg = make_config(tmp_path, stub, smtp, [{"kind": "slack", "url_env": "PB_HOOK", "backoff_seconds": 0,
                                              "max_retries": 1}])
    result = run(cfg)
    assert result.exit_code == 1
    [post] = result.posts
    assert post.exists() and len(post_papers(post)) == 4  # the post is written all the same
    email, slack = result.report.deliveries
    assert (email.status, email.attempt, slack.status) == ("failed", 1, "sent")
    assert email.error.startswith(f"the SMTP server 127.0.0.1:{smtp.port} refused the login of $PB_USER (535")
    assert [r.message for r in caplog.records if r.levelname == "WARNING" and "delivery" in r.message] == [
        f"delivery to email:team@lab.example.edu@127.0.0.1 of diffusion-models {WINDOW.key} failed: "
        f"{email.error}; the next run tries it once more"]
    saved = json.loads((tmp_path / "out" / "report.json").read_text())
    assert saved["exit_code"] == 1 and saved["deliveries"][0]["status"] == "failed"
    assert smtp.messages == [] and len(hook.bodies) == 1

    # the next run (the password fixed) retries the e-mail, once; the chat message is not sent again
    monkeypatch.setenv("PB_PASS", PASSWORD)
    second = run(cfg)
    assert second.exit_code == 0 and second.posts == []
    assert [(d.kind, d.status, d.attempt) for d in second.report.deliveries] == [("email", "sent", 2)]
    [msg] = smtp.parsed()
    assert set(re.findall(r"arXiv:(\d{4}\.\d{5}v\d+)", parts(msg)[0])) == set(post_papers(post))
    assert len(hook.bodies) == 1
    third = run(cfg)
    assert third.report.deliveries == [] and len(smtp.messages) == 1


def test_a_delivery_that_fails_twice_is_given_up(tmp_path, stub, smtp, hook, monkeypatch):
    monkeypatch.setenv("PB_USER", USER)
    monkeypatch.setenv("PB_PASS", PASSWORD)
    monkeypatch.setenv("PB_HOOK", hook.url)
    hook.fail = True
    cfg = make_config(tmp_path, stub, smtp, [{"kind": "discord", "url_env": "PB_HOOK", "backoff_seconds": 0,
                                              "max_retries": 2}])
    first = run(cfg)
    assert first.exit_code == 1 and len(smtp.messages) == 1
    failed = first.report.deliveries[1]
    where = hook.url.split("//")[1].split("/")[0]
    assert (failed.status, failed.error) == ("failed", f"the discord webhook at {where} answered HTTP 503 (down for "
                                                       "maintenance) after 3 attempts")
    second = run(cfg)
    assert [(d.kind, d.status, d.attempt) for d in second.report.deliveries] == [("discord", "given-up", 2)]
    assert second.exit_code == 1
    hook.fail = False
    third = run(cfg)  # given up: not retried forever
    assert third.report.deliveries == [] and third.exit_code == 0 and hook.bodies == []
    with Store(cfg.data_dir / "paperbrief.sqlite") as store:
        assert [(r.notify.split(":")[0], r.status, r.attempts) for r in store.deliveries()] == [
            ("discord", "given-up", 2), ("email", "sent", 1)]


@pytest.mark.parametrize("group, messages", [("window", 2), ("topic", 1), ("run", 1)])
def test_a_backfill_sends_one_message_per_window_or_one_digest(tmp_path, hook, monkeypatch, group, messages):
    """Three posts (two windows of one topic, one of another) queued as a run queues them."""
    monkeypatch.setenv("PB_HOOK", hook.url)
    cfg = config_from_dict({"arxiv": {"contact": "me@lab.edu"}, "output": {"dir": str(tmp_path / "out")},
                            "topics": [{"name": "Diffusion Models", "query": "cat:cs.CV"},
                                       {"name": "Video", "query": "cat:cs.CV"}],
                            "notify": [{"kind": "webhook", "url_env": "PB_HOOK", "group": group,
                                        "topics": ["Diffusion Models"]}]}, base_dir=tmp_path)
    posts = [sample_post("2026-11-24"), sample_post("2026-11-25"),
             sample_post("2026-11-25", topic="Video", slug="video")]
    with Store(":memory:") as store:
        stage = Deliveries(cfg, store, RunReport(started="now"), ["diffusion-models", "video"])
        for p in posts:
            stage.queue(p)
        stage.send()
        assert len(hook.bodies) == messages
        sent = [(s["topic_slug"], s["date"]) for b in hook.bodies for s in b["posts"]]
        assert sent == [("diffusion-models", "2026-11-24"), ("diffusion-models", "2026-11-25")]  # not "video"
        assert all(len(s["papers"]) == 4 for b in hook.bodies for s in b["posts"])


@pytest.mark.parametrize("notify, expected", [
    ("kind = 'email'\nsmtp_host = 'smtp.lab.edu'\nfrom = 'a@lab.edu'\nto = ['b@lab.edu']\nurl_env = 'X'\n",
     "notify.0.url_env (line 8): an e-mail delivery does not take url_env (it is for chat deliveries)"),
    ("kind = 'email'\nsmtp_host = 'smtp.lab.edu'\nfrom = 'a@lab.edu'\nto = ['not an address']\n",
     "notify.0.to (line 7): 'not an address' is not an e-mail address"),
    ("kind = 'email'\nsmtp_host = 'smtp.lab.edu'\nfrom = 'a@lab.edu'\nto = ['b@lab.edu']\nstarttls = false\n"
     "username_env = 'U'\npassword_env = 'P'\n",
     "notify.0.starttls (line 8): the password would cross the network in clear text; set starttls = true"),
    ("kind = 'slack'\n", "notify.0.url_env (line 3): a chat delivery needs url_env"),
    ("kind = 'slack'\nurl_env = 'https://hooks.slack.com/services/T/B/x'\n",
     "notify.0.url_env (line 5): 'https://hooks.slack.com/services/T/B/x' is not an environment variable name"),
    ("kind = 'discord'\nurl_env = 'D'\ntopics = ['Nope']\n", "notify.0.topics (line 6): 'Nope' is not a configured "
     "topic"),
    ("kind = 'teams'\nurl_env = 'D'\n", "notify.0.kind (line 4): Input should be 'email', 'slack', 'discord', "
     "'feishu' or 'webhook' (got 'teams')"),
    ("kind = 'slack'\nurl_env = 'D'\ngroup = 'daily'\n", "notify.0.group (line 6): Input should be 'window', "
     "'topic' or 'run' (got 'daily')"),
])
def test_notify_mistakes_name_the_key_and_the_line(tmp_path, notify, expected):
    from paperbrief.config import load_config

    path = tmp_path / "pb.toml"
    path.write_text("[arxiv]\ncontact = 'me@lab.edu'\n[[notify]]\n" + notify +
                    "[[topics]]\nname = 'A'\nquery = 'cat:cs.CV'\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(f"Config {path} is invalid: {expected}"), str(info.value)
    assert "\n" not in str(info.value)


def test_doctor_checks_the_secrets_of_each_delivery(tmp_path, monkeypatch):
    from paperbrief.doctor import run_checks

    path = tmp_path / "pb.toml"
    path.write_text("[arxiv]\ncontact = 'me@lab.edu'\n[[topics]]\nname = 'A'\nquery = 'cat:cs.CV'\n"
                    "[[notify]]\nkind = 'slack'\nurl_env = 'PB_DOCTOR_HOOK'\n"
                    "[[notify]]\nkind = 'email'\nsmtp_host = 'smtp.lab.edu'\nfrom = 'a@lab.edu'\nto = ['b@lab.edu']\n"
                    "username_env = 'PB_DOCTOR_USER'\npassword_env = 'PB_DOCTOR_PASS'\n", encoding="utf-8")
    monkeypatch.delenv("PB_DOCTOR_HOOK", raising=False)
    monkeypatch.setenv("PB_DOCTOR_USER", "u")
    monkeypatch.delenv("PB_DOCTOR_PASS", raising=False)
    rows = {c.name: c for c in run_checks(path, network=False) if c.name.startswith("notify")}
    assert [(c.ok, c.message) for c in rows.values()] == [
        (False, "the environment variable PB_DOCTOR_HOOK (notify.0.url_env) is not set"),
        (False, "the environment variable PB_DOCTOR_PASS (notify.1) is not set")]
    monkeypatch.setenv("PB_DOCTOR_HOOK", "https://hooks.example.org/x")
    monkeypatch.setenv("PB_DOCTOR_PASS", "p")
    assert all(c.ok for c in run_checks(path, network=False) if c.name.startswith("notify"))
