"""What a delivery says, from the posts it announces: every paper of every post (analysed, failed, updated and
listed-only), as typed records every channel renders. Paper and LLM text is untrusted: records pass through
``clean_model`` here, and each channel escapes for its own markup."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from paperbrief.records import PaperDigest, PaperStatus, Post
from paperbrief.render.escape import clean_model, one_line, safe_url

__all__ = ["PaperItem", "PostSection", "Message", "build_message", "subject_line", "plain_text"]

MAX_AUTHORS = 8  # a message names the first authors and counts the rest ("+ 992 more")

_STATUS = {"zh": {PaperStatus.ANALYSED: "", PaperStatus.FAILED: "（分析失败，仅 arXiv 信息）",
                  PaperStatus.LISTED: "（仅列出）", PaperStatus.UPDATED: "（版本更新）"},
           "en": {PaperStatus.ANALYSED: "", PaperStatus.FAILED: " (analysis failed; arXiv facts only)",
                  PaperStatus.LISTED: " (listed)", PaperStatus.UPDATED: " (updated version)"}}


@dataclass(frozen=True)
class PaperItem:
    arxiv_id: str
    versioned_id: str
    title: str  # one line
    authors: str  # the first MAX_AUTHORS names, "+ N more"
    url: str  # the arXiv abstract page, or "" when not a safe URL
    summary: str  # the LLM's one sentence, "" when none
    status: PaperStatus
    note: str  # the status in the post's language, "" for an analysed paper
    figure_urls: tuple[str, ...] = ()  # linked figures (``figures_url`` set)
    figure_files: tuple[str, ...] = ()  # the figures' paths relative to the posts folder (attachments)


@dataclass(frozen=True)
class PostSection:
    topic: str
    topic_slug: str
    date: str
    language: str
    papers: tuple[PaperItem, ...]

    @property
    def heading(self) -> str:
        count = len(self.papers)
        if self.language == "zh":
            return f"{self.topic} · {self.date} · {count} 篇论文"
        return f"{self.topic} · {self.date} · {count} paper{'s' * (count != 1)}"


@dataclass(frozen=True)
class Message:
    subject: str  # one line
    sections: tuple[PostSection, ...]

    @property
    def papers(self) -> list[PaperItem]:
        return [p for s in self.sections for p in s.papers]


def _authors(d: PaperDigest) -> str:
    names = [one_line(n) for n in d.entry.author_names]
    shown = ", ".join(names[:MAX_AUTHORS])
    return shown + (f" + {len(names) - MAX_AUTHORS} more" if len(names) > MAX_AUTHORS else "")


def _item(d: PaperDigest, post: Post, figures_url: str | None) -> PaperItem:
    summary = one_line(d.outcome.analysis.summary) if d.outcome and d.status is PaperStatus.ANALYSED else ""
    folder = f"{post.date}-{post.slug}"
    files = tuple(f"{folder}/{f.image}" for f in d.figures if f.image)
    links = tuple(u for u in (safe_url(f"{figures_url.rstrip('/')}/{quote(p)}") for p in files) if u) \
        if figures_url else ()
    return PaperItem(arxiv_id=d.entry.arxiv_id, versioned_id=d.entry.versioned_id, title=one_line(d.entry.title),
                     authors=_authors(d), url=safe_url(d.entry.abs_url), summary=summary, status=d.status,
                     note=_STATUS.get(post.language, _STATUS["en"])[d.status], figure_urls=links, figure_files=files)


def _section(post: Post, figures_url: str | None) -> PostSection:
    post = clean_model(post)
    return PostSection(topic=one_line(post.topic), topic_slug=post.slug, date=post.date, language=post.language,
                       papers=tuple(_item(d, post, figures_url) for d in post.all_papers))


def subject_line(sections: tuple[PostSection, ...]) -> str:
    """One line, whatever the topics' names hold: no header can be injected."""
    count = sum(len(s.papers) for s in sections)
    if len(sections) == 1:
        return one_line(sections[0].heading)
    topics = list(dict.fromkeys(s.topic for s in sections))
    dates = sorted({s.date for s in sections})
    span = dates[0] if len(dates) == 1 else f"{dates[0]} – {dates[-1]}"
    named = ", ".join(topics[:3]) + (f" + {len(topics) - 3} more" if len(topics) > 3 else "")
    return one_line(f"paperbrief {span}: {count} papers in {named}")


def build_message(posts: list[Post], figures_url: str | None = None) -> Message:
    sections = tuple(_section(p, figures_url) for p in posts)
    return Message(subject=subject_line(sections), sections=sections)


def plain_text(message: Message) -> str:
    """The text part of an e-mail: every paper with its id, title, authors, link and summary."""
    lines: list[str] = []
    for s in message.sections:
        lines += [s.heading, "=" * min(len(s.heading) * 2, 72), ""]
        for p in s.papers:
            lines.append(f"* {p.title}{p.note}")
            lines.append(f"  arXiv:{p.versioned_id}  {p.url}")
            lines.append(f"  {p.authors}")
            if p.summary:
                lines.append(f"  {p.summary}")
            lines += [f"  figure: {u}" for u in p.figure_urls]
            lines.append("")
    lines.append("-- ")
    lines.append("paperbrief: machine-written summaries; check the papers before you rely on them.")
    return "\n".join(lines) + "\n"
