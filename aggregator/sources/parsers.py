"""One parser per source kind, behind one signature: (body, source, fetched_at, report, content_type, url)."""

from __future__ import annotations

from datetime import datetime
from typing import Callable, Iterable

from aggregator.models import Announcement, Source
from aggregator.sources.items import ParseReport

__all__ = ["parse", "FEED_KINDS", "PAGE_KINDS", "KINDS"]

FEED_KINDS = ("rss", "atom", "ical", "events", "telegram")
PAGE_KINDS = ("html",)  # listing pages: links to follow, see aggregator.sources.html
KINDS = FEED_KINDS + PAGE_KINDS


def parse(kind: str, body: bytes, source: Source, fetched_at: datetime, report: ParseReport,
          content_type: str = "", url: str = "") -> Iterable[Announcement]:
    """Announcements of a fetched document of ``kind`` (imports each parser only when used)."""
    return _parser(kind)(body, source, fetched_at, report, content_type, url or source.url)


def _parser(kind: str) -> Callable:
    if kind in ("rss", "atom"):
        from aggregator.sources.rss import parse_feed

        return lambda body, source, at, report, ctype, url: parse_feed(body, source, at, report, ctype)
    if kind == "ical":
        from aggregator.sources.ical import parse_calendar

        return lambda body, source, at, report, ctype, url: parse_calendar(body, source, at, report, ctype)
    if kind == "events":
        from aggregator.sources.structured import parse_event_page

        return lambda body, source, at, report, ctype, url: parse_event_page(body, source, at, report, ctype, url)
    if kind == "telegram":
        from aggregator.sources.telegram import parse_channel

        return lambda body, source, at, report, ctype, url: parse_channel(body, source, at, report, ctype)
    raise ValueError(f"no parser for kind {kind!r}")
