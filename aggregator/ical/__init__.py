"""iCal feeds: render events as RFC 5545/7986 calendars, filter them, write them to public/."""

from aggregator.ical.feeds import write_atomic, write_feeds
from aggregator.ical.filters import FeedFilter, InvalidFilter
from aggregator.ical.render import event_uid, render_calendar, render_event, select_events

__all__ = [
    "render_calendar",
    "render_event",
    "select_events",
    "event_uid",
    "write_feeds",
    "write_atomic",
    "FeedFilter",
    "InvalidFilter",
]
