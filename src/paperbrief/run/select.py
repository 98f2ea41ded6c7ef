"""Stage 2, select: every paper arXiv returned for a window ends in exactly one place.

Matched papers are shown: the ``max_papers`` new ones with the highest relevance score analysed, the rest listed
under "also new", new versions of papers the topic showed before under "Updated"; each section in score order
(ties by arXiv id). Every other paper is excluded with the rule that decided: the local re-check of the topic
query, a negative keyword, a category rule, a minimum score, outside the window (a stale or loose mirror),
already shown, or first submitted before the topic's first window. Pure: no I/O (scores come in)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from paperbrief.calendar import ET, Window
from paperbrief.config import TopicConfig
from paperbrief.outcome import Exclusion
from paperbrief.query import matches, text_has
from paperbrief.records import ArxivEntry, PaperStatus, Score
from paperbrief.store import ShownPaper

__all__ = ["Candidate", "Selection", "select_papers"]


@dataclass
class Candidate:
    entry: ArxivEntry
    status: PaperStatus
    previous_version: int | None = None  # for an update: the version shown earlier
    notes: list[str] = field(default_factory=list)
    score: Score | None = None


@dataclass
class Selection:
    shown: list[Candidate] = field(default_factory=list)  # every matched paper, in the post's order
    excluded: list[Exclusion] = field(default_factory=list)
    in_window: int = 0  # returned papers submitted or updated inside the window itself
    outside: int = 0  # returned papers outside everything that was asked for

    def of(self, status: PaperStatus) -> list[Candidate]:
        return [c for c in self.shown if c.status is status]


def _day(when: datetime) -> str:
    """The US Eastern date, like the announcement dates."""
    return when.astimezone(ET).date().isoformat()


def _notes(window: Window, e: ArxivEntry) -> list[str]:
    if window.contains(e.published):
        return []
    if e.version > 1 and window.contains(e.updated):
        return [f"v1 submitted {_day(e.published)}; v{e.version} in this window"]
    return [f"submitted {_day(e.published)}, announced late"]


def select_papers(topic: TopicConfig, window: Window, entries: list[ArxivEntry], *, shown: dict[str, ShownPaper],
                  saved: dict[str, PaperStatus], tracking_start: datetime, late_start: datetime,
                  scores: dict[str, Score] | None = None) -> Selection:
    """``shown``: the topic's written posts; ``saved``: papers an interrupted run already saved for this window
    (they keep their status); ``tracking_start``: the start of the topic's first window; ``scores``: relevance
    by arXiv id (``paperbrief.rank``)."""
    sel = Selection()
    scores = scores or {}
    new: list[ArxivEntry] = []
    updates: list[Candidate] = []

    def total(e: ArxivEntry) -> float:
        s = scores.get(e.arxiv_id)
        return s.total if s else 0.0

    def exclude(e: ArxivEntry, rule: str, reason: str) -> None:
        s = scores.get(e.arxiv_id)
        sel.excluded.append(Exclusion(id=e.versioned_id, title=e.title, rule=rule, reason=reason,
                                      score=s.total if s else None, score_parts=list(s.parts) if s else []))

    for e in entries:
        inside = window.contains(e.published) or window.contains(e.updated)
        sel.in_window += inside
        if not matches(topic.tree, e):
            exclude(e, "query", "does not match the topic query (checked locally on arXiv's answer)")
            continue
        text = f"{e.title}\n{e.abstract}"
        hit = next((k for k in topic.negative_keywords if text_has(k, text)), None)
        if hit is not None:
            exclude(e, "negative-keyword", f"negative keyword {hit!r} in its title or abstract")
            continue
        if e.primary_category and e.primary_category in topic.exclude_categories:
            exclude(e, "category", f"primary category {e.primary_category} is in exclude_categories")
            continue
        asked = late_start <= e.published < window.end or inside
        if not asked:
            sel.outside += 1
            exclude(e, "outside-window", f"submitted {_day(e.published)}, updated {_day(e.updated)}: outside the "
                                         "window that was asked for (a stale or loose mirror?)")
            continue
        prior = shown.get(e.arxiv_id)
        if prior is not None and prior.version >= e.version:
            exclude(e, "already-shown", f"already shown in the {prior.date} post (v{prior.version})")
            continue
        if prior is not None:
            updates.append(Candidate(entry=e, status=PaperStatus.UPDATED, previous_version=prior.version))
            continue
        if e.published < tracking_start and e.arxiv_id not in saved:
            exclude(e, "before-start", f"first submitted {_day(e.published)}, before this topic's first window")
            continue
        if topic.min_score is not None and total(e) < topic.min_score and e.arxiv_id not in saved:
            exclude(e, "min-score", f"score {total(e):.2f} is below min_score {topic.min_score:g}")
            continue
        new.append(e)

    slots = topic.max_papers - sum(s in (PaperStatus.ANALYSED, PaperStatus.FAILED) for s in saved.values())
    for e in sorted(new, key=lambda e: (-total(e), e.arxiv_id)):
        if e.arxiv_id in saved:  # an interrupted attempt decided already
            status = saved[e.arxiv_id]
        else:
            status = PaperStatus.ANALYSED if slots > 0 else PaperStatus.LISTED
            slots -= status is PaperStatus.ANALYSED
        sel.shown.append(Candidate(entry=e, status=status, notes=_notes(window, e), score=scores.get(e.arxiv_id)))
    for c in updates:
        c.score = scores.get(c.entry.arxiv_id)
    sel.shown += sorted(updates, key=lambda c: (-total(c.entry), c.entry.arxiv_id))
    order = {PaperStatus.ANALYSED: 0, PaperStatus.FAILED: 0, PaperStatus.UPDATED: 1, PaperStatus.LISTED: 2}
    sel.shown.sort(key=lambda c: order[c.status])  # stable: score order inside each section
    return sel
