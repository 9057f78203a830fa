"""How an event's schedule changes with news: announcements, reminders, postponements, cancellations, corrections.

The one place where status transitions live. A ``Schedule`` is immutable; ``apply`` returns the
schedule after one more post about the event, ``combine`` the schedule of two events found to be
one (a late merge). Both are pure and order-aware only through the posts' publication times
(``seen``), so the engine's result does not depend on the order posts arrive in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

__all__ = ["Schedule", "News", "announced", "founded", "apply", "combine", "same_date"]


def same_date(exact: datetime, day: datetime) -> bool:
    """Whether an instant falls on the date ``day`` (a midnight in the zone the date was stated in)."""
    return exact.astimezone(day.tzinfo).date() == day.date()


# Schedule and News are values: nothing assigns to their fields, ``apply`` and ``combine`` return new
# ones (``dataclasses.replace``). They are not declared frozen because a frozen dataclass's __init__
# sets every field through object.__setattr__: building one cost 2 us, a twentieth of adding a post.
@dataclass(slots=True)
class Schedule:
    """When an event takes place and what became of it."""

    start: datetime
    end: datetime | None
    status: str  # scheduled | postponed | cancelled
    previous_start: datetime | None = None
    version: int = 0
    state_seen: datetime | None = None  # publication time of the newest notice applied
    date_only: bool = False  # the start is a date, no hour has been stated yet


@dataclass(slots=True)
class News:
    """What one post says about the schedule."""

    status: str  # scheduled | postponed | cancelled
    notice: bool  # postponed, cancelled or corrected: news about the event, not its announcement
    start: datetime | None  # None: the post states no start (it only adds a source)
    end: datetime | None
    date_only: bool
    seen: datetime


def _moved_end(s: Schedule, start: datetime, end: datetime | None) -> datetime | None:
    """The end after the start moves: the one stated with the new start, else the old one shifted."""
    if end is not None and end > start:
        return end
    if s.end is not None and not s.date_only:
        return start + (s.end - s.start)
    return None


def announced(start: datetime, end: datetime | None, date_only: bool) -> Schedule:
    """The schedule of an event whose first known post is its announcement (``founded`` of news that is
    no notice, without building the News: most events are founded so)."""
    return Schedule(start, end, "scheduled", None, 0, None, date_only)


def founded(n: News) -> Schedule:
    """The schedule of an event whose first known post is ``n`` (which has a start)."""
    assert n.start is not None
    if not n.notice:
        return announced(n.start, n.end, n.date_only)
    # born from a notice: it already records one change
    return Schedule(n.start, n.end, n.status, version=1, state_seen=n.seen, date_only=n.date_only)


def apply(s: Schedule, n: News) -> Schedule:
    """The schedule once post ``n`` has joined the event (the same object when nothing changes)."""
    if n.start is None:
        return s  # a post without a start (a report, a bare reminder) adds a source only
    if not n.notice:
        if s.date_only and not n.date_only and same_date(n.start, s.start):
            return replace(s, start=n.start, end=n.end or s.end, date_only=False)  # the hour is now known
        if s.status == "postponed" and s.previous_start is None and n.start != s.start:
            return replace(s, previous_start=n.start)  # the original announcement of an event first seen postponed
        if s.end is None and n.end is not None and n.start == s.start:
            return replace(s, end=n.end)
        return s  # a reminder or a cross-post
    if s.state_seen is not None and n.seen < s.state_seen:
        # older news than what is applied: it can only tell the start before the change
        if s.previous_start is None and n.start != s.start and n.status != "cancelled":
            return replace(s, previous_start=n.start)
        return s
    if n.status == "cancelled":
        changed = s.status != "cancelled"
        return replace(s, status="cancelled", version=s.version + changed, state_seen=n.seen)
    if n.start != s.start and not n.date_only:
        return replace(
            s, start=n.start, end=_moved_end(s, n.start, n.end), previous_start=s.start,
            status="postponed" if n.status == "postponed" else s.status,
            version=s.version + 1, state_seen=n.seen, date_only=False,
        )
    if n.status == "postponed" and s.status != "postponed":
        return replace(s, status="postponed", version=s.version + 1, state_seen=n.seen)
    return replace(s, state_seen=n.seen)


def combine(survivor: Schedule, loser: Schedule) -> Schedule:
    """The schedule of two events found to be one: the newest status news wins, a notice beats no news."""
    version = max(survivor.version, loser.version)
    if loser.state_seen is not None and (survivor.state_seen is None or loser.state_seen > survivor.state_seen):
        end = loser.end
        if end is None and survivor.end is not None:
            end = _moved_end(survivor, loser.start, None) if loser.start != survivor.start else survivor.end
        return Schedule(loser.start, end, loser.status, loser.previous_start or survivor.previous_start,
                        version, loser.state_seen, loser.date_only)
    out = survivor
    if survivor.state_seen is not None and loser.state_seen is None and survivor.status == "postponed" \
            and survivor.previous_start is None and loser.start != survivor.start:
        out = replace(out, previous_start=loser.start)
    if out.date_only and not loser.date_only and same_date(loser.start, out.start) and out.state_seen is None:
        out = replace(out, start=loser.start, date_only=False)
    if out.end is None and loser.end is not None and loser.start == out.start:
        out = replace(out, end=loser.end)
    return replace(out, version=version) if version != out.version else out
