"""Chat deliveries against a loopback HTTP server that records the JSON (pytest-httpserver): each service's
format, its size limits (long digests split, never inside a word), retries with backoff on 429/5xx honouring
Retry-After, no retry on another 4xx, and the secret URL never in an error."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings, strategies as st
from werkzeug.wrappers import Response

from paperbrief.deliver.chat import chat_payloads, post_payloads
from paperbrief.deliver.messages import build_message
from paperbrief.deliver.split import pack, split_words
from paperbrief.errors import DeliveryError
from paperbrief.records import PaperStatus, Post

from deliver_fixtures import HOSTILE_TITLE, digest, free_port, sample_post

IDS = ["2611.00001v1", "2611.00002v1", "2611.00003v2", "2611.00004v1"]
WORDS = ("diffusion sampler guidance latent transformer denoising score distillation consistency video "
         "flow matching").split()


def big_post(n: int = 60, language: str = "en") -> Post:
    """``n`` papers with long summaries: more than any one chat message holds."""
    papers = []
    for i in range(n):
        summary = " ".join(WORDS[(i + k) % len(WORDS)] + str(k) for k in range(60))
        papers.append(digest(f"2611.{i:05d}", f"Paper number {i} on {WORDS[i % len(WORDS)]}", summary=summary))
    return Post(topic="Diffusion Models", date="2026-11-24", slug="diffusion-models", language=language,
                model="m", papers=papers[:-5], listed=[d.model_copy(update={"status": PaperStatus.LISTED})
                                                      for d in papers[-5:]])


def record(httpserver, path="/hook/SECRET-TOKEN", responses=None):
    """Answer ``responses`` (Response objects) in order, then 200; returns the recorded JSON bodies."""
    bodies: list[dict] = []
    queue = list(responses or [])

    def handler(request):
        bodies.append(json.loads(request.get_data()))
        return queue.pop(0) if queue else Response("ok", status=200)

    httpserver.expect_request(path, method="POST").respond_with_handler(handler)
    return httpserver.url_for(path), bodies


def words_of(post: Post) -> set[str]:
    return {w for d in post.all_papers for w in d.outcome.analysis.summary.split()} if post.papers else set()


def test_slack_blocks_carry_every_paper_within_limits(httpserver):
    url, bodies = record(httpserver)
    sent = post_payloads("slack", url, chat_payloads("slack", build_message([sample_post()])), backoff=0)
    assert sent == 1 and len(bodies) == 1
    body = bodies[0]
    assert body["blocks"][0] == {"type": "header", "text": {"type": "plain_text",
                                                            "text": "Diffusion Models · 2026-11-24 · 4 papers"}}
    text = "\n".join(b["text"]["text"] for b in body["blocks"][1:])
    for vid in IDS:
        assert f"<http://arxiv.org/abs/{vid}|" in text
    # Slack's control characters are escaped: the hostile title cannot open a link or mention
    assert "&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; \"Diffusion\"" in text and "<script" not in text
    assert "|A Listed-Only Paper on Video Diffusion>* (listed)" in text


def test_long_slack_and_discord_digests_are_split_at_words(httpserver):
    post = big_post()
    url, bodies = record(httpserver)
    post_payloads("slack", url, chat_payloads("slack", build_message([post])), backoff=0)
    sections = [b["text"]["text"] for body in bodies for b in body["blocks"][1:]]
    assert all(len(body["blocks"]) <= 50 for body in bodies)
    assert all(len(t) <= 3000 for t in sections) and len(sections) > 1
    url2, discord = record(httpserver, "/discord")
    post_payloads("discord", url2, chat_payloads("discord", build_message([post])), backoff=0)
    assert len(discord) > 5 and all(len(b["content"]) <= 2000 for b in discord)
    assert all(b["allowed_mentions"] == {"parse": []} for b in discord)
    assert [re.search(r"\((\d+)/(\d+)\)", b["content"].splitlines()[0]).groups() for b in discord] == \
        [(str(i), str(len(discord))) for i in range(1, len(discord) + 1)]
    for texts in (sections, [b["content"] for b in discord]):
        joined = "\n".join(texts)
        assert all(f"2611.{i:05d}v1" in joined for i in range(60))
        seen = set(re.findall(r"[a-z]+\d+", joined))
        assert words_of(post) <= seen  # every word of every summary arrives whole


def test_feishu_post_format_and_body_size(httpserver):
    url, bodies = record(httpserver, "/feishu")
    httpserver.clear()
    bodies.clear()
    httpserver.expect_request("/feishu", method="POST").respond_with_handler(
        lambda r: (bodies.append(json.loads(r.get_data())), Response('{"code":0,"msg":"success"}'))[1])
    post = big_post(language="zh")
    payloads = chat_payloads("feishu", build_message([post]))
    post_payloads("feishu", url, payloads, backoff=0)
    assert len(bodies) == len(payloads) > 1
    for body in bodies:
        assert body["msg_type"] == "post"
        assert len(json.dumps(body, ensure_ascii=False).encode()) <= 20_000
        assert body["content"]["post"]["zh_cn"]["title"].startswith("Diffusion Models · 2026-11-24 · 60 篇论文")
    links = [e["href"] for b in bodies for row in b["content"]["post"]["zh_cn"]["content"] for e in row
             if e["tag"] == "a"]
    assert links == [f"http://arxiv.org/abs/2611.{i:05d}v1" for i in range(60)]


def test_feishu_refusal_in_a_200_is_a_failure(httpserver):
    httpserver.expect_request("/f", method="POST").respond_with_json({"code": 19021, "msg": "sign match fail"})
    with pytest.raises(DeliveryError, match=r"refused the message \(code 19021: sign match fail\)"):
        post_payloads("feishu", httpserver.url_for("/f"), chat_payloads("feishu", build_message([sample_post()])))


def test_generic_webhook_gets_structured_papers(httpserver):
    url, bodies = record(httpserver)
    post_payloads("webhook", url, chat_payloads("webhook", build_message([sample_post()])), backoff=0)
    [body] = bodies
    [section] = body["posts"]
    assert [p["id"] for p in section["papers"]] == IDS
    assert section["papers"][0]["title"] == HOSTILE_TITLE
    assert [p["status"] for p in section["papers"]] == ["analysed", "failed", "updated", "listed"]


def test_retries_on_5xx_and_429_honour_retry_after(httpserver):
    url, bodies = record(httpserver, responses=[Response("busy", status=503), Response("slow down", status=429,
                                                headers={"Retry-After": "7"})])
    waits: list[float] = []
    post_payloads("discord", url, chat_payloads("discord", build_message([sample_post()])), retries=3,
                  backoff=0.5, sleep=waits.append)
    assert len(bodies) == 3 and bodies[0] == bodies[2]
    assert waits == [0.5, 7.0]  # the first backoff, then what Retry-After asked


def test_a_4xx_is_not_retried_and_the_secret_stays_secret(httpserver):
    url, bodies = record(httpserver, responses=[Response("invalid_token", status=403)])
    with pytest.raises(DeliveryError) as info:
        post_payloads("slack", url, chat_payloads("slack", build_message([sample_post()])), retries=3,
                      sleep=lambda s: None)
    assert len(bodies) == 1
    assert str(info.value) == f"the slack webhook at {httpserver.host}:{httpserver.port} answered HTTP 403 (invalid_token)"
    assert "SECRET" not in str(info.value)


def test_retries_run_out_on_a_server_that_keeps_failing(httpserver):
    url, bodies = record(httpserver, responses=[Response("down", status=502)] * 5)
    waits: list[float] = []
    with pytest.raises(DeliveryError, match=r"answered HTTP 502 \(down\) after 3 attempts$"):
        post_payloads("webhook", url, chat_payloads("webhook", build_message([sample_post()])), retries=2,
                      backoff=1, sleep=waits.append)
    assert len(bodies) == 3 and waits == [1, 2]


def test_an_unreachable_webhook_is_one_sentence():
    url = f"http://127.0.0.1:{free_port()}/hook/SECRET"
    with pytest.raises(DeliveryError) as info:
        post_payloads("slack", url, [{"text": "x"}], retries=1, sleep=lambda s: None)
    message = str(info.value)
    assert re.fullmatch(r"the slack webhook at 127\.0\.0\.1:\d+ could not be reached \(ConnectError: .*\) after 2 "
                        r"attempts", message) and "SECRET" not in message


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789.,", min_size=1, max_size=30),
                      min_size=1, max_size=200),
       seps=st.lists(st.sampled_from([" ", "\n", "  ", "\n\n"]), min_size=1),
       limit=st.integers(min_value=30, max_value=400))
def test_split_never_cuts_a_word(words, seps, limit):
    text = "".join(w + seps[i % len(seps)] for i, w in enumerate(words))
    pieces = split_words(text, limit)
    assert all(0 < len(p) <= limit for p in pieces)
    assert " ".join(pieces).split() == words


@settings(max_examples=100, deadline=None)
@given(blocks=st.lists(st.lists(st.text(alphabet="xyz扩散模型采样", min_size=1, max_size=12), min_size=1,
                                max_size=40).map(" ".join), min_size=1, max_size=30),
       limit=st.integers(min_value=12, max_value=500))
def test_pack_keeps_order_and_limits(blocks, limit):
    pieces = pack(blocks, limit)
    assert all(len(p) <= limit for p in pieces)
    # CJK text may be cut between characters (no spaces to cut at), never inside a Latin word
    assert "".join("".join(pieces).split()) == "".join("".join(blocks).split())
    latin = [w for b in blocks for w in re.findall(r"[xyz]+", b)]
    assert [w for p in pieces for w in re.findall(r"[xyz]+", p)] == latin
