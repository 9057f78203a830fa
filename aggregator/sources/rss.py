"""RSS 0.9x/1.0/2.0 and Atom feeds to Announcements, through feedparser."""

from __future__ import annotations

import calendar
import hashlib
from datetime import datetime, timezone
from typing import Iterator

import feedparser

from aggregator.models import Announcement, Source
from aggregator.sources.text import html_to_text
from aggregator.sources.urls import announcement_id, canonical_url

__all__ = ["parse_feed", "FeedReport"]


class FeedReport:
    """Problems met while parsing a feed that did not stop it (malformed XML, items skipped)."""

    def __init__(self) -> None:
        self.warnings: list[str] = []


def parse_feed(body: bytes, source: Source, fetched_at: datetime, report: FeedReport | None = None) -> Iterator[Announcement]:
    """Yield one Announcement per item that has a title or text; malformed feeds yield what parses."""
    report = report if report is not None else FeedReport()
    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    if parsed.bozo:
        report.warnings.append(f"{source.id}: malformed feed ({type(parsed.bozo_exception).__name__}: {parsed.bozo_exception}); kept the {len(parsed.entries)} items that parsed")
    for entry in parsed.entries:
        html = ""
        if entry.get("content"):
            html = max((c.get("value", "") for c in entry.content), key=len)
        html = html or entry.get("summary", "") or entry.get("description", "")
        text, links = html_to_text(html)
        title, _ = html_to_text(entry.get("title", ""))
        if not (title or text):
            report.warnings.append(f"{source.id}: skipped an item with neither title nor text")
            continue
        link = entry.get("link") or None
        published = _entry_time(entry)
        yield Announcement(
            id=announcement_id(link, source.id, entry.get("id") or title),
            source_id=source.id,
            org_id=source.org_id,
            org_name=source.org_name,
            org_type=source.org_type,
            country=source.country,
            timezone=source.timezone,
            url=canonical_url(link) if link else "",
            title=title,
            text=text,
            published=published,
            fetched_at=fetched_at,
            content_hash=hashlib.sha1("\x1f".join([title, text, published.isoformat() if published else ""]).encode()).hexdigest(),
            links=links,
        )


def _entry_time(entry) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc)
    return None
