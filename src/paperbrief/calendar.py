"""arXiv's announcement calendar: which submission window each announcement covers.

arXiv announces Sunday to Thursday at 20:00 US Eastern the papers submitted between two 14:00 Eastern
cut-offs (https://info.arxiv.org/help/availability.html):

    submitted Mon 14:00 - Tue 14:00  ->  announced Tue 20:00
    submitted Tue 14:00 - Wed 14:00  ->  announced Wed 20:00
    submitted Wed 14:00 - Thu 14:00  ->  announced Thu 20:00
    submitted Thu 14:00 - Fri 14:00  ->  announced Sun 20:00
    submitted Fri 14:00 - Mon 14:00  ->  announced Mon 20:00

Nothing is announced on Friday or Saturday. On an arXiv holiday the cut-off of that day does not happen, so
its submissions roll into the next window (Thanksgiving Thursday: Wednesday 14:00 to Friday 14:00, announced
on Sunday). arXiv lists its holidays by the day the office is closed; a Friday or a Sunday on that list both
cancel the Friday cut-off, announced on Sunday. Pure functions, no I/O; every time is tz-aware."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

__all__ = ["ET", "Window", "ArxivCalendar", "DEFAULT_HOLIDAYS", "no_announcement_reason"]

ET = ZoneInfo("America/New_York")
CUTOFF = time(14, 0)
ANNOUNCE = time(20, 0)
_MAX_GAP_DAYS = 21  # no two cut-offs are further apart than this, whatever the holiday list says

#: arXiv's published holiday lists (info.arxiv.org/help/availability.html, 2024-2026). Users extend it in the
#: config (``[schedule] holidays``) when arXiv announces more.
DEFAULT_HOLIDAYS: frozenset[date] = frozenset(date.fromisoformat(d) for d in (
    "2024-01-15", "2024-05-22", "2024-06-19", "2024-07-04", "2024-09-02", "2024-10-08", "2024-11-28",
    "2024-12-25", "2024-12-26", "2024-12-31",
    "2025-01-01", "2025-01-20", "2025-06-19", "2025-07-06", "2025-09-01", "2025-11-27", "2025-12-25",
    "2025-12-30",
    "2026-01-01", "2026-01-19", "2026-06-19", "2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25",
    "2026-12-29", "2026-12-31",
))

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _at(day: date, clock: time) -> datetime:
    """``day`` at ``clock`` US Eastern, as UTC."""
    return datetime.combine(day, clock, tzinfo=ET).astimezone(timezone.utc)


@dataclass(frozen=True)
class Window:
    """One announcement: the papers submitted in ``[start, end)`` (UTC), announced on ``announced`` (an
    Eastern date) at 20:00 Eastern."""

    announced: date
    start: datetime
    end: datetime

    @property
    def key(self) -> str:
        return self.announced.isoformat()

    @property
    def announced_at(self) -> datetime:
        return _at(self.announced, ANNOUNCE)

    def contains(self, when: datetime) -> bool:
        return self.start <= when < self.end

    def describe(self) -> str:
        s, e = self.start.astimezone(ET), self.end.astimezone(ET)
        return (f"announced {_WEEKDAYS[self.announced.weekday()]} {self.key} 20:00 ET, submitted "
                f"{s:%a %Y-%m-%d %H:%M} to {e:%a %Y-%m-%d %H:%M} ET")


class ArxivCalendar:
    def __init__(self, holidays: Iterable[date] = DEFAULT_HOLIDAYS):
        self.holidays = frozenset(holidays)
        # the cut-off days each holiday cancels: a weekday itself; a Sunday cancels the Friday before it
        self._no_cutoff = {h - timedelta(days=2) if h.weekday() == 6 else h for h in self.holidays
                           if h.weekday() != 5}

    # -- cut-offs --------------------------------------------------------------------------------------
    def is_cutoff_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self._no_cutoff

    @staticmethod
    def announcement_of(cutoff_day: date) -> date:
        """The Eastern date a cut-off day's window is announced: the same day, or Sunday for a Friday."""
        return cutoff_day + timedelta(days=2) if cutoff_day.weekday() == 4 else cutoff_day

    @staticmethod
    def cutoff_of(announced: date) -> date:
        return announced - timedelta(days=2) if announced.weekday() == 6 else announced

    def _previous_cutoff(self, cutoff_day: date) -> date:
        day = cutoff_day - timedelta(days=1)
        for _ in range(_MAX_GAP_DAYS):
            if self.is_cutoff_day(day):
                return day
            day -= timedelta(days=1)
        return day

    def window_for_cutoff(self, cutoff_day: date) -> Window:
        return Window(announced=self.announcement_of(cutoff_day), start=_at(self._previous_cutoff(cutoff_day), CUTOFF),
                      end=_at(cutoff_day, CUTOFF))

    # -- announcements ---------------------------------------------------------------------------------
    def is_announcement_day(self, day: date) -> bool:
        return day.weekday() not in (4, 5) and self.is_cutoff_day(self.cutoff_of(day))

    def window_announced_on(self, day: date) -> Window | None:
        return self.window_for_cutoff(self.cutoff_of(day)) if self.is_announcement_day(day) else None

    def windows_announced(self, first: date, last: date) -> list[Window]:
        """Every window announced on an Eastern date in ``[first, last]``, oldest first."""
        out, day = [], first
        while day <= last:
            w = self.window_announced_on(day)
            if w is not None:
                out.append(w)
            day += timedelta(days=1)
        return out

    def latest(self, now: datetime) -> Window:
        """The newest window whose announcement time is not after ``now``."""
        day = now.astimezone(ET).date()
        for _ in range(_MAX_GAP_DAYS + 7):
            w = self.window_announced_on(day)
            if w is not None and w.announced_at <= now:
                return w
            day -= timedelta(days=1)
        raise ValueError(f"no arXiv announcement in the {_MAX_GAP_DAYS + 7} days before {now.isoformat()}")

    def next_announcement(self, now: datetime) -> Window:
        day = now.astimezone(ET).date()
        for _ in range(_MAX_GAP_DAYS + 7):
            w = self.window_announced_on(day)
            if w is not None and w.announced_at > now:
                return w
            day += timedelta(days=1)
        raise ValueError(f"no arXiv announcement in the {_MAX_GAP_DAYS + 7} days after {now.isoformat()}")

    def windows_since(self, after: date, now: datetime) -> list[Window]:
        """Windows announced after the Eastern date ``after``, up to the latest one announced by ``now``."""
        latest = self.latest(now)
        return self.windows_announced(after + timedelta(days=1), latest.announced)


def no_announcement_reason(calendar: ArxivCalendar, day: date) -> str | None:
    """Why nothing is announced on the Eastern date ``day`` (None when something is)."""
    if calendar.is_announcement_day(day):
        return None
    name = _WEEKDAYS[day.weekday()]
    if day.weekday() in (4, 5):
        return f"{name} {day.isoformat()}: arXiv announces nothing on Fridays and Saturdays"
    cutoff = calendar.cutoff_of(day)
    which = next((h for h in (day, cutoff, cutoff + timedelta(days=2)) if h in calendar.holidays), cutoff)
    return f"{name} {day.isoformat()}: no announcement (arXiv holiday {which.isoformat()})"
