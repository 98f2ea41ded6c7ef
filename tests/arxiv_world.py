"""A week of arXiv for the daily-service tests: generated papers in every announcement window of the week of
Thanksgiving 2026 (Monday 23 to Monday 30 November: a weekend and an arXiv holiday inside), two overlapping
topics, the sample PDFs behind every paper. Nothing depends on today's date: the clock is ``NOW``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from paperbrief.calendar import ArxivCalendar, Window
from paperbrief.records import ArxivEntry, Author

# Monday 30 November 2026, 21:00 US Eastern: an hour after that day's announcement
NOW = datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc)
WEEK_START = date(2026, 11, 23)
# announced Mon 23, Tue 24, Wed 25, (Thu 26 Thanksgiving, Fri 27, Sat 28: none), Sun 29, Mon 30
ANNOUNCED = ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-29", "2026-11-30"]

DIFFUSION = {"name": "Diffusion Models", "query": "cat:cs.CV AND abs:diffusion", "max_papers": 10}
VIDEO = {"name": "Video Generation", "query": 'ti:video OR abs:"video generation"', "max_papers": 10}

_NAMES = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov", "Donald Knuth",
          "Frances Allen", "John McCarthy", "Margaret Hamilton", "Ken Thompson"]


@dataclass(frozen=True)
class Kind:
    title: str
    abstract: str
    categories: tuple[str, ...]


KINDS = {
    "diffusion": Kind("Faster Diffusion Sampling {n}", "We make diffusion models sample faster and improve FID by "
                      "12.5 points on ImageNet.", ("cs.CV", "cs.LG")),
    "both": Kind("Video Diffusion with Motion Priors {n}", "A diffusion model for video generation that keeps "
                 "motion coherent, improving FVD by 21.3 on UCF-101.", ("cs.CV",)),
    "video": Kind("Learned Video Codecs {n}", "We compress video generation outputs with a learned codec that "
                  "saves 30.2 percent of the bitrate.", ("eess.IV",)),
    "other": Kind("Parsing Legal Text {n}", "A language model for contracts that reaches 91.0 F1.", ("cs.CL",)),
}


def windows() -> list[Window]:
    return ArxivCalendar().windows_announced(WEEK_START, date(2026, 11, 30))


def paper(arxiv_id: str, kind: str, published: datetime, *, version: int = 1, updated: datetime | None = None,
          title: str | None = None, abstract: str | None = None, comment: str | None = None) -> ArxivEntry:
    k = KINDS[kind]
    seq = int(arxiv_id.split(".")[1])
    return ArxivEntry(arxiv_id=arxiv_id, version=version, title=title or k.title.format(n=seq),
                      authors=[Author(name=_NAMES[seq % len(_NAMES)]), Author(name=_NAMES[(seq + 3) % len(_NAMES)])],
                      abstract=abstract or k.abstract, comment=comment, categories=list(k.categories),
                      primary_category=k.categories[0], published=published, updated=updated or published)


def week(per_window: dict[str, int] | None = None) -> list[ArxivEntry]:
    """Every window of the week gets, by default, 2 diffusion-only papers, 1 on both topics, 1 video-only and
    1 that matches neither; ids 2611.<window><nnn>."""
    per_window = per_window or {"diffusion": 2, "both": 1, "video": 1, "other": 1}
    entries = []
    for wi, w in enumerate(windows(), 1):
        n = 0
        for kind, count in per_window.items():
            for _ in range(count):
                n += 1
                entries.append(paper(f"2611.{wi}{n:04d}", kind, w.start + timedelta(hours=n)))
    return entries


def pdfs_for(entries: list[ArxivEntry], sample_pdfs: dict) -> dict:
    """Every paper's PDF is one of the generated sample papers."""
    samples = list(sample_pdfs.values())
    return {e.versioned_id: samples[i % len(samples)] for i, e in enumerate(entries)}
