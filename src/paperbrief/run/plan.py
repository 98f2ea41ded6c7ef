"""Which announcement windows a run covers, per topic.

A normal run covers every window announced since the newest one the topic already knows, plus the windows an
earlier run left open (a crash, an empty or stale answer, arXiv unreachable) for ``retry_days``; the first run of
a topic looks back ``lookback_days`` (at least the latest announcement). ``--since``/``--until`` backfill the
windows announced on those Eastern dates that are not done yet. No I/O: the store's rows come in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from paperbrief.calendar import ArxivCalendar, Window, no_announcement_reason
from paperbrief.errors import ConfigError
from paperbrief.store import WindowRow

__all__ = ["TopicPlan", "plan_topic", "usually_has_papers"]


@dataclass
class TopicPlan:
    windows: list[Window] = field(default_factory=list)  # to process, oldest first
    expired: list[Window] = field(default_factory=list)  # left open longer than retry_days: closed, with a warning
    notes: list[str] = field(default_factory=list)  # days without an announcement, windows already done, …


def _row_window(row: WindowRow) -> Window:
    return Window(announced=date.fromisoformat(row.announced), start=row.start, end=row.end)


def plan_topic(calendar: ArxivCalendar, rows: list[WindowRow], now: datetime, *, since: date | None = None,
               until: date | None = None, lookback_days: int = 1, retry_days: int = 7) -> TopicPlan:
    plan = TopicPlan()
    latest = calendar.latest(now)
    known = {r.announced: r for r in rows}
    if since is not None:
        last = until or latest.announced
        if since > latest.announced:
            raise ConfigError(f"--since {since} is after the latest arXiv announcement ({latest.announced}).")
        if since > last:
            raise ConfigError(f"--since {since} is after --until {last}.")
        if last > latest.announced:
            plan.notes.append(f"announcements after {latest.announced} have not happened yet")
            last = latest.announced
        day = since
        while day <= last:
            reason = no_announcement_reason(calendar, day)
            if reason:
                plan.notes.append(reason)
            day += timedelta(days=1)
        for w in calendar.windows_announced(since, last):
            row = known.get(w.key)
            if row is not None and row.status == "done":
                plan.notes.append(f"{w.key}: already done")
            else:
                plan.windows.append(w)
        return plan
    if not rows:
        first = (now - timedelta(days=lookback_days)).date()
        plan.windows = [w for w in calendar.windows_announced(first, latest.announced) if w.announced_at >= now -
                        timedelta(days=lookback_days)] or [latest]
        return plan
    for row in rows:
        if row.status == "done" or row.announced > latest.key:
            continue
        w = _row_window(row)
        if retry_days and now - w.announced_at > timedelta(days=retry_days):
            plan.expired.append(w)
        else:
            plan.windows.append(w)
    newest = max(date.fromisoformat(r.announced) for r in rows)
    plan.windows += calendar.windows_announced(newest + timedelta(days=1), latest.announced)
    plan.windows.sort(key=lambda w: w.announced)
    if not plan.windows:
        following = calendar.next_announcement(now)
        plan.notes.append(f"nothing new since the announcement of {newest}; the next one is "
                          f"{following.announced} 20:00 ET")
    return plan


def usually_has_papers(rows: list[WindowRow], *, recent: int = 5, at_least: int = 3) -> bool:
    """At least ``at_least`` of the topic's last ``recent`` completed windows had papers in them."""
    done = [r for r in rows if r.status == "done"][-recent:]
    return sum(r.counts.in_window > 0 for r in done) >= at_least
