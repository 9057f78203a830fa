"""One parser per source kind, behind one signature: (body, source, fetched_at, report, content_type, url)."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Callable, Iterable, Iterator

from aggregator.models import Announcement, Source
from aggregator.sources.items import ParseReport

__all__ = ["parse", "FEED_KINDS", "PAGE_KINDS", "KINDS", "CPU_BUDGET_SECONDS"]

CPU_BUDGET_SECONDS = 20.0  # CPU time one source's document may cost; each parser also bounds its own work

FEED_KINDS = ("rss", "atom", "ical", "events", "telegram")
PAGE_KINDS = ("html",)  # listing pages: links to follow, see aggregator.sources.html
KINDS = FEED_KINDS + PAGE_KINDS


def parse(kind: str, body: bytes, source: Source, fetched_at: datetime, report: ParseReport,
          content_type: str = "", url: str = "", cpu_budget: float | None = CPU_BUDGET_SECONDS) -> Iterable[Announcement]:
    """Announcements of a fetched document of ``kind`` (imports each parser only when used).

    Past ``cpu_budget`` seconds of this thread's CPU time, no further announcement is read: the ones
    read so far are kept and the report says the budget was exceeded (so the source's health does).
    """
    items = _parser(kind)(body, source, fetched_at, report, content_type, url or source.url)
    return items if cpu_budget is None else _within_budget(items, report, cpu_budget)


def _within_budget(items: Iterable[Announcement], report: ParseReport, budget: float) -> Iterator[Announcement]:
    started = time.thread_time()  # this thread only: collect parses sources on a pool
    kept = 0
    for item in items:
        yield item
        kept += 1
        spent = time.thread_time() - started
        if spent > budget:
            report.warn(f"CPU budget exceeded: {spent:.1f} s for this source (budget {budget:g} s); "
                        f"kept the first {kept} announcements")
            return
    spent = time.thread_time() - started
    if spent > budget:
        report.warn(f"CPU budget exceeded: {spent:.1f} s for this source (budget {budget:g} s)")


def _parser(kind: str) -> Callable:
    # Each parser is imported on first use: it brings its own library (feedparser and defusedxml,
    # icalendar and dateutil, BeautifulSoup and lxml), and a process need not pay for kinds it never meets.
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
