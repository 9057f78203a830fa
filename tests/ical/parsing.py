"""Read a feed back with parsers other than icalendar, as (uid, summary, start, end, status, sequence) rows."""

from __future__ import annotations

from datetime import datetime, timezone

from aggregator.ical.render import DEFAULT_DURATION, event_uid, is_cancelled, one_line
from aggregator.models import Event


def _utc(value: datetime) -> datetime:
    assert value.tzinfo is not None, f"{value} is floating: the feed lost its time zone"
    return value.astimezone(timezone.utc)


def expected_rows(events: list[Event]) -> list[tuple]:
    rows = []
    for e in events:
        end = e.end if e.end and e.end > e.start else e.start + DEFAULT_DURATION
        status = "CANCELLED" if is_cancelled(e) else ("TENTATIVE" if e.status == "postponed" and not e.previous_start else "CONFIRMED")
        rows.append((event_uid(e.event_id), one_line(e.title), _utc(e.start), _utc(end), status, e.version))
    return sorted(rows)


def rows_from_ical(data: bytes) -> list[tuple]:
    """With `ical`, the strict parser behind Home Assistant's remote calendars."""
    from ical.calendar_stream import IcsCalendarStream

    calendar = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    return sorted(
        (e.uid, e.summary, _utc(e.dtstart), _utc(e.dtend), str(e.status.value), e.sequence) for e in calendar.events
    )


def rows_from_vobject(data: bytes) -> list[tuple]:
    """With vobject, which builds its time zones from the feed's own VTIMEZONE components."""
    import vobject

    calendar = vobject.readOne(data.decode("utf-8"), validate=True)
    return sorted(
        (e.uid.value, e.summary.value, _utc(e.dtstart.value), _utc(e.dtend.value), e.status.value, int(e.sequence.value))
        for e in getattr(calendar, "vevent_list", [])
    )
