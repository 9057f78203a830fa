"""The schedule transitions (aggregator/dedup/status.py) as one table: schedule + one post's news -> schedule."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from aggregator.dedup.status import News, Schedule, apply, combine, founded

TN = timezone(timedelta(hours=1))
EVE = datetime(2026, 11, 26, 20, 0, tzinfo=TN)
EVE_END = datetime(2026, 11, 26, 22, 0, tzinfo=TN)
LATER = datetime(2026, 12, 3, 20, 0, tzinfo=TN)
DAY = datetime(2026, 11, 26, 0, 0, tzinfo=TN)
T1 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
T2 = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
T0 = datetime(2026, 11, 18, 9, 0, tzinfo=timezone.utc)


def news(status="scheduled", start=EVE, end=None, notice=False, date_only=False, seen=T2):
    return News(status, notice, start, end, date_only, seen)


SCHEDULED = Schedule(EVE, EVE_END, "scheduled")
POSTPONED = Schedule(LATER, None, "postponed", EVE, 1, T1)
BORN_POSTPONED = Schedule(LATER, None, "postponed", None, 1, T2)
DATE_ONLY = Schedule(DAY, None, "scheduled", date_only=True)

# (schedule, news) -> (start, end, status, previous_start, version)
TABLE = [
    (SCHEDULED, news(), (EVE, EVE_END, "scheduled", None, 0), "reminder-adds-a-source-only"),
    (SCHEDULED, news(start=None), (EVE, EVE_END, "scheduled", None, 0), "post-without-start-adds-a-source-only"),
    (SCHEDULED, news("postponed", LATER, notice=True),
     (LATER, LATER + timedelta(hours=2), "postponed", EVE, 1), "postponement-moves-the-end-with-the-start"),
    (SCHEDULED, news("postponed", LATER, LATER + timedelta(hours=3), notice=True),
     (LATER, LATER + timedelta(hours=3), "postponed", EVE, 1), "postponement-with-its-own-end"),
    (SCHEDULED, news("postponed", DAY, notice=True, date_only=True),
     (EVE, EVE_END, "postponed", None, 1), "postponed-to-a-later-date-keeps-the-slot"),
    (SCHEDULED, news("cancelled", notice=True), (EVE, EVE_END, "cancelled", None, 1), "cancellation"),
    (Schedule(EVE, None, "cancelled", None, 1, T1), news("cancelled", notice=True),
     (EVE, None, "cancelled", None, 1), "second-cancellation-changes-nothing"),
    (SCHEDULED, news(start=EVE + timedelta(hours=1), notice=True),
     (EVE + timedelta(hours=1), EVE_END + timedelta(hours=1), "scheduled", EVE, 1), "corrected-time"),
    (POSTPONED, news("postponed", EVE + timedelta(days=1), notice=True, seen=T0),
     (LATER, None, "postponed", EVE, 1), "older-notice-than-the-applied-one-is-ignored"),
    (BORN_POSTPONED, news(start=EVE, seen=T1),
     (LATER, None, "postponed", EVE, 1), "original-announcement-of-an-event-first-seen-postponed"),
    (DATE_ONLY, news(start=EVE, end=EVE_END), (EVE, EVE_END, "scheduled", None, 0), "date-only-gets-its-hour"),
    (DATE_ONLY, news(start=LATER), (DAY, None, "scheduled", None, 0), "date-only-ignores-another-day"),
    (Schedule(EVE, None, "scheduled"), news(end=EVE_END), (EVE, EVE_END, "scheduled", None, 0), "end-stated-later"),
]


@pytest.mark.parametrize("schedule,item,want", [t[:3] for t in TABLE], ids=[t[3] for t in TABLE])
def test_apply(schedule, item, want):
    got = apply(schedule, item)
    assert (got.start, got.end, got.status, got.previous_start, got.version) == want


def test_founded_by_a_notice_records_one_change():
    s = founded(news("postponed", LATER, notice=True))
    assert (s.status, s.version, s.state_seen, s.previous_start) == ("postponed", 1, T2, None)
    assert founded(news()).version == 0


@pytest.mark.parametrize("survivor,loser,want", [
    (SCHEDULED, POSTPONED, (LATER, LATER + timedelta(hours=2), "postponed", EVE, 1)),
    (POSTPONED, SCHEDULED, (LATER, None, "postponed", EVE, 1)),
    (DATE_ONLY, SCHEDULED, (EVE, EVE_END, "scheduled", None, 0)),
], ids=["newest-notice-wins-and-moves-the-end", "notice-beats-no-news", "date-only-takes-the-hour"])
def test_combine(survivor, loser, want):
    got = combine(survivor, loser)
    assert (got.start, got.end, got.status, got.previous_start, got.version) == want
