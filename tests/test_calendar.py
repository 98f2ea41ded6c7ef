"""arXiv's announcement calendar and which windows a run covers. Expected values are written out from arXiv's
published schedule (info.arxiv.org/help/availability.html), not computed by the code under test."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from paperbrief.calendar import ET, ArxivCalendar, no_announcement_reason
from paperbrief.errors import ConfigError
from paperbrief.records import WindowCounts
from paperbrief.run.plan import plan_topic, usually_has_papers
from paperbrief.store import WindowRow

CAL = ArxivCalendar()


def et(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ET)


@pytest.mark.parametrize("announced, start, end", [
    ("2026-11-10", "2026-11-09 14:00", "2026-11-10 14:00"),  # Tuesday: Mon 14:00 - Tue 14:00
    ("2026-11-11", "2026-11-10 14:00", "2026-11-11 14:00"),  # Wednesday
    ("2026-11-12", "2026-11-11 14:00", "2026-11-12 14:00"),  # Thursday
    ("2026-11-15", "2026-11-12 14:00", "2026-11-13 14:00"),  # Sunday: Thu 14:00 - Fri 14:00
    ("2026-11-16", "2026-11-13 14:00", "2026-11-16 14:00"),  # Monday: Fri 14:00 - Mon 14:00
])
def test_the_five_announcements_of_a_normal_week(announced, start, end):
    w = CAL.window_announced_on(date.fromisoformat(announced))
    assert (w.start, w.end) == (et(start), et(end))
    assert w.announced_at == et(f"{announced} 20:00")


def test_no_announcement_on_friday_and_saturday():
    assert CAL.window_announced_on(date(2026, 11, 13)) is None
    assert CAL.window_announced_on(date(2026, 11, 14)) is None
    assert "arXiv announces nothing on Fridays and Saturdays" in no_announcement_reason(CAL, date(2026, 11, 14))
    assert no_announcement_reason(CAL, date(2026, 11, 16)) is None


def test_thanksgiving_rolls_thursday_into_sunday():
    assert CAL.window_announced_on(date(2026, 11, 26)) is None
    sunday = CAL.window_announced_on(date(2026, 11, 29))
    assert (sunday.start, sunday.end) == (et("2026-11-25 14:00"), et("2026-11-27 14:00"))
    assert no_announcement_reason(CAL, date(2026, 11, 26)) == (
        "Thursday 2026-11-26: no announcement (arXiv holiday 2026-11-26)")


def test_a_friday_holiday_cancels_the_sunday_announcement():
    # 2026-07-03 (Friday) is on arXiv's list: no Friday cut-off, so nothing on Sunday 5 July
    assert CAL.window_announced_on(date(2026, 7, 5)) is None
    monday = CAL.window_announced_on(date(2026, 7, 6))
    assert (monday.start, monday.end) == (et("2026-07-02 14:00"), et("2026-07-06 14:00"))
    assert "arXiv holiday 2026-07-03" in no_announcement_reason(CAL, date(2026, 7, 5))


def test_a_sunday_holiday_means_the_same_and_a_monday_holiday_rolls_into_tuesday():
    # 2025-07-06 (Sunday) on arXiv's list
    assert CAL.window_announced_on(date(2025, 7, 6)) is None
    assert CAL.window_announced_on(date(2025, 7, 7)).start == et("2025-07-03 14:00")
    # 2026-01-19 (Monday, MLK day)
    assert CAL.window_announced_on(date(2026, 1, 19)) is None
    tuesday = CAL.window_announced_on(date(2026, 1, 20))
    assert (tuesday.start, tuesday.end) == (et("2026-01-16 14:00"), et("2026-01-20 14:00"))


def test_user_holidays_extend_the_list():
    cal = ArxivCalendar(CAL.holidays | {date(2027, 1, 1)})  # a Friday
    assert cal.window_announced_on(date(2027, 1, 3)) is None
    assert CAL.window_announced_on(date(2027, 1, 3)) is not None


def test_windows_follow_daylight_saving_time():
    # US clocks go back on 2026-11-01: 14:00 Eastern is 18:00 UTC before and 19:00 UTC after
    before = CAL.window_announced_on(date(2026, 10, 29))
    after = CAL.window_announced_on(date(2026, 11, 3))
    assert before.end == datetime(2026, 10, 29, 18, tzinfo=timezone.utc)
    assert after.end == datetime(2026, 11, 3, 19, tzinfo=timezone.utc)
    monday = CAL.window_announced_on(date(2026, 11, 2))  # spans the change
    assert monday.start == datetime(2026, 10, 30, 18, tzinfo=timezone.utc)
    assert monday.end == datetime(2026, 11, 2, 19, tzinfo=timezone.utc)


def test_consecutive_windows_tile_time_without_gaps():
    ws = CAL.windows_announced(date(2025, 12, 1), date(2026, 2, 28))
    assert len(ws) > 50
    assert all(a.end == b.start for a, b in zip(ws, ws[1:]))


def test_latest_is_the_last_announcement_before_now():
    assert CAL.latest(et("2026-11-30 19:59")).key == "2026-11-29"
    assert CAL.latest(et("2026-11-30 20:00")).key == "2026-11-30"
    assert CAL.latest(et("2026-11-28 12:00")).key == "2026-11-25"  # Saturday after Thanksgiving
    assert CAL.next_announcement(et("2026-11-28 12:00")).key == "2026-11-29"


def _row(announced: str, status: str, in_window: int = 1) -> WindowRow:
    w = CAL.window_announced_on(date.fromisoformat(announced))
    return WindowRow(topic_slug="t", announced=announced, start=w.start, end=w.end, status=status,
                     counts=WindowCounts(in_window=in_window), attempts=1, first_attempt="x", finished=None)


NOW = et("2026-11-30 21:00")


def test_first_run_looks_back_lookback_days_and_at_least_the_latest():
    assert [w.key for w in plan_topic(CAL, [], NOW).windows] == ["2026-11-30"]
    assert [w.key for w in plan_topic(CAL, [], NOW, lookback_days=7).windows] == [
        "2026-11-24", "2026-11-25", "2026-11-29", "2026-11-30"]
    saturday = et("2026-11-28 12:00")  # the latest announcement is three days old: still covered
    assert [w.key for w in plan_topic(CAL, [], saturday).windows] == ["2026-11-25"]


def test_a_normal_run_covers_everything_since_the_newest_known_window_and_retries_open_ones():
    rows = [_row("2026-11-23", "done"), _row("2026-11-24", "stale"), _row("2026-11-25", "done")]
    plan = plan_topic(CAL, rows, NOW)
    assert [w.key for w in plan.windows] == ["2026-11-24", "2026-11-29", "2026-11-30"]
    assert plan.expired == []
    later = plan_topic(CAL, rows, NOW + timedelta(days=10), retry_days=7)
    assert [w.key for w in later.expired] == ["2026-11-24"]


def test_backfill_takes_the_days_asked_for_and_skips_done_ones():
    rows = [_row("2026-11-24", "done")]
    plan = plan_topic(CAL, rows, NOW, since=date(2026, 11, 23), until=date(2026, 11, 29))
    assert [w.key for w in plan.windows] == ["2026-11-23", "2026-11-25", "2026-11-29"]
    assert "2026-11-24: already done" in plan.notes
    with pytest.raises(ConfigError, match="after --until"):
        plan_topic(CAL, rows, NOW, since=date(2026, 11, 29), until=date(2026, 11, 23))
    with pytest.raises(ConfigError, match="after the latest arXiv announcement"):
        plan_topic(CAL, rows, NOW, since=date(2026, 12, 5))
    future = plan_topic(CAL, [], NOW, since=date(2026, 11, 30), until=date(2026, 12, 10))
    assert [w.key for w in future.windows] == ["2026-11-30"]
    assert any("have not happened yet" in n for n in future.notes)


def test_usually_has_papers_reads_the_last_completed_windows():
    busy = [_row(d, "done", 4) for d in ("2026-11-23", "2026-11-24", "2026-11-25")]
    assert usually_has_papers(busy)
    assert not usually_has_papers(busy[:2])  # too little history to call an empty day stale
    quiet = [_row(d, "done", n) for d, n in (("2026-11-23", 0), ("2026-11-24", 1), ("2026-11-25", 0),
                                              ("2026-11-29", 1), ("2026-11-30", 0))]
    assert not usually_has_papers(quiet)
