"""Chat deliveries: the JSON each service's incoming webhook takes, split to its size limits (never inside a
word), posted with httpx, retried with backoff on 429/5xx and connection failures (``Retry-After`` wins).

Limits used (each service's documented ones, with room for the headings added to every piece):
- Slack: a section block's text is at most 3,000 characters and a message at most 50 blocks; pieces of 2,900
  characters, at most 40 sections per message (plus the header block, whose plain text is cut to 150).
- Discord: ``content`` is at most 2,000 characters; pieces of 1,900 (each message headed "(i/n)").
- Feishu (Lark) custom bot: the request body is at most 20 KB; pieces of 4,000 characters of text (at most
  12,000 bytes of CJK text, the JSON around it well under the rest).
- A generic webhook gets one JSON document per message with every paper as structured data; not split.
The URL is a secret: errors name the service and the host, never the path."""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Callable
from urllib.parse import urlparse

import httpx

from paperbrief.deliver.messages import Message, PaperItem, PostSection
from paperbrief.deliver.split import pack

__all__ = ["chat_payloads", "post_payloads", "SLACK_PIECE", "SLACK_SECTIONS", "DISCORD_PIECE", "FEISHU_PIECE",
           "FEISHU_MAX_BYTES", "RETRY_AFTER_MAX"]

SLACK_PIECE = 2900  # Slack: section text <= 3,000 characters
SLACK_SECTIONS = 40  # Slack: <= 50 blocks per message
DISCORD_PIECE = 1900  # Discord: content <= 2,000 characters
FEISHU_PIECE = 4000  # Feishu: request body <= 20 KB (20,000 bytes kept as the test's bound)
FEISHU_MAX_BYTES = 20_000
RETRY_AFTER_MAX = 60.0  # a longer Retry-After ends this run's attempt; the next run retries


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _marked_block(p: PaperItem, esc, head: str, figure: str) -> str:
    """One paper in a chat's markup: ``head`` the bold linked title, ``figure`` a figure link ({url}, {i})."""
    lines = [f"{head}{esc(p.note)}", f"arXiv:{p.versioned_id} · {esc(p.authors)}"]
    if p.summary:
        lines.append(esc(p.summary))
    lines += [figure.format(url=u, i=i) for i, u in enumerate(p.figure_urls, 1)]
    return "\n".join(lines)


def _slack_block(p: PaperItem) -> str:
    title = _slack_escape(p.title).replace("|", "¦")
    return _marked_block(p, _slack_escape, f"*<{p.url}|{title}>*" if p.url else f"*{title}*", "<{url}|figure {i}>")


_DISCORD_SPECIAL = re.compile(r"([\\*_~`|>\[\]()#<@:-])")


def _discord_escape(text: str) -> str:
    return _DISCORD_SPECIAL.sub(r"\\\1", text)


def _discord_block(p: PaperItem) -> str:
    title = _discord_escape(p.title)
    return _marked_block(p, _discord_escape, f"**[{title}](<{p.url}>)**" if p.url else f"**{title}**",
                         "[figure {i}](<{url}>)")


def _plain_block(p: PaperItem) -> str:
    lines = [f"{p.title}{p.note}", f"arXiv:{p.versioned_id} {p.url}", p.authors]
    return "\n".join(lines + ([p.summary] if p.summary else []) + list(p.figure_urls))


def _slack(m: Message) -> list[dict]:
    out = []
    for s in m.sections:
        pieces = pack([_slack_block(p) for p in s.papers], SLACK_PIECE)
        groups = [pieces[i:i + SLACK_SECTIONS] for i in range(0, len(pieces), SLACK_SECTIONS)] or [[]]
        for n, group in enumerate(groups, 1):
            title = s.heading + (f" ({n}/{len(groups)})" if len(groups) > 1 else "")
            blocks = [{"type": "header", "text": {"type": "plain_text", "text": title[:150]}}]
            blocks += [{"type": "section", "text": {"type": "mrkdwn", "text": t}} for t in group]
            out.append({"text": title, "blocks": blocks, "unfurl_links": False})
    return out


def _discord(m: Message) -> list[dict]:
    out = []
    for s in m.sections:
        pieces = pack([_discord_block(p) for p in s.papers], DISCORD_PIECE) or [""]
        for n, piece in enumerate(pieces, 1):
            head = f"**{_discord_escape(s.heading)}**" + (f" ({n}/{len(pieces)})" if len(pieces) > 1 else "")
            out.append({"content": f"{head}\n{piece}".strip(), "allowed_mentions": {"parse": []}, "flags": 4})
    return out


def _feishu_rows(p: PaperItem) -> list[list[dict]]:
    head = [{"tag": "a", "text": p.title, "href": p.url}] if p.url else [{"tag": "text", "text": p.title}]
    rows = [head + ([{"tag": "text", "text": p.note}] if p.note else []),
            [{"tag": "text", "text": f"arXiv:{p.versioned_id} · {p.authors}"}]]
    if p.summary:
        rows.append([{"tag": "text", "text": p.summary}])
    rows += [[{"tag": "a", "text": f"figure {i}", "href": u}] for i, u in enumerate(p.figure_urls, 1)]
    return rows


def _rows_size(rows: list[list[dict]]) -> int:
    return sum(len(e.get("text", "")) + len(e.get("href", "")) for row in rows for e in row)


def _feishu_pieces(s: PostSection) -> list[list[list[dict]]]:
    """A post's rows in pieces of at most FEISHU_PIECE characters; an over-long text row split at words."""
    rows: list[list[dict]] = []
    for p in s.papers:
        for row in _feishu_rows(p):
            if _rows_size([row]) > FEISHU_PIECE and len(row) == 1 and row[0]["tag"] == "text":
                rows += [[{"tag": "text", "text": t}] for t in pack([row[0]["text"]], FEISHU_PIECE // 2)]
            else:
                rows.append(row)
        rows.append([{"tag": "text", "text": ""}])
    pieces: list[list[list[dict]]] = [[]]
    for row in rows:
        if pieces[-1] and _rows_size(pieces[-1] + [row]) > FEISHU_PIECE:
            pieces.append([])
        pieces[-1].append(row)
    return pieces


def _feishu(m: Message) -> list[dict]:
    out = []
    for s in m.sections:
        pieces = _feishu_pieces(s)
        for n, rows in enumerate(pieces, 1):
            title = s.heading + (f" ({n}/{len(pieces)})" if len(pieces) > 1 else "")
            lang = "zh_cn" if s.language == "zh" else "en_us"
            out.append({"msg_type": "post", "content": {"post": {lang: {"title": title, "content": rows}}}})
    return out


def _webhook(m: Message) -> list[dict]:
    return [{"subject": m.subject, "text": "\n\n".join(_plain_block(p) for p in m.papers),
             "posts": [{"topic": s.topic, "topic_slug": s.topic_slug, "date": s.date, "language": s.language,
                        "papers": [{"arxiv_id": p.arxiv_id, "id": p.versioned_id, "title": p.title,
                                    "authors": p.authors, "url": p.url, "summary": p.summary,
                                    "status": p.status.value, "figures": list(p.figure_urls)} for p in s.papers]}
                       for s in m.sections]}]


_FORMATS: dict[str, Callable[[Message], list[dict]]] = {"slack": _slack, "discord": _discord, "feishu": _feishu,
                                                       "webhook": _webhook}


def chat_payloads(kind: str, message: Message) -> list[dict]:
    """The JSON bodies to post, in order, for one message to a ``kind`` webhook."""
    return _FORMATS[kind](message)


def _wait(response: httpx.Response | None, attempt: int, backoff: float) -> float:
    header = response.headers.get("Retry-After") if response is not None else None
    if header:
        try:
            return max(0.0, float(header))
        except ValueError:
            pass
    return backoff * (2 ** attempt)


def _refused(kind: str, body: str | bytes) -> str | None:
    """Feishu answers HTTP 200 with ``{"code": non-zero, "msg": …}`` when it refuses a message."""
    if kind != "feishu":
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return None
    code = data.get("code", data.get("StatusCode", 0)) if isinstance(data, dict) else 0
    return None if not code else f"code {code}: {' '.join(str(data.get('msg', '')).split())[:200]}"


def _post_one(client: httpx.Client, url: str, body: bytes, *, kind: str, where: str, retries: int,
              backoff: float, sleep: Callable[[float], None]) -> None:
    from paperbrief.errors import DeliveryError

    for attempt in range(retries + 1):
        response = None
        try:
            response = client.post(url, content=body, headers={"Content-Type": "application/json; charset=utf-8"})
        except httpx.HTTPError as exc:
            problem = f"could not be reached ({type(exc).__name__}: {' '.join(str(exc).split()) or 'no answer'})"
        else:
            status = response.status_code
            if 200 <= status < 300:
                refused = _refused(kind, response.content)
                if refused is None:
                    return
                raise DeliveryError(f"the {kind} webhook at {where} refused the message ({refused})")
            snippet = " ".join(response.text.split())[:200]
            problem = f"answered HTTP {status}" + (f" ({snippet})" if snippet else "")
            if status != 429 and status < 500:
                raise DeliveryError(f"the {kind} webhook at {where} {problem}")
        if attempt == retries:
            break
        wait = _wait(response, attempt, backoff)
        if wait > RETRY_AFTER_MAX:
            problem += f"; it asked to wait {math.ceil(wait)} s"
            break
        sleep(wait)
    tries = f" after {attempt + 1} attempts" if attempt else ""
    raise DeliveryError(f"the {kind} webhook at {where} {problem}{tries}")


def post_payloads(kind: str, url: str, payloads: list[dict], *, retries: int = 3, backoff: float = 2.0,
                  timeout: float = 30.0, sleep: Callable[[float], None] = time.sleep) -> int:
    """Post each payload in order; returns how many were sent, or raises ``DeliveryError`` (one sentence that
    names the service and host, never the secret URL)."""
    parsed = urlparse(url)
    where = parsed.netloc.rpartition("@")[2] or "?"
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        from paperbrief.errors import DeliveryError

        raise DeliveryError(f"the {kind} webhook URL is not an http(s) URL")
    with httpx.Client(timeout=timeout, follow_redirects=False) as client:
        for payload in payloads:
            body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            _post_one(client, url, body, kind=kind, where=where, retries=retries, backoff=backoff, sleep=sleep)
    return len(payloads)
