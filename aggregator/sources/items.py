"""Building Announcements from what a parser found, and the report of what did not stop it."""

from __future__ import annotations

import hashlib
from datetime import datetime

from aggregator.models import Announcement, Source
from aggregator.sources.urls import announcement_id, canonical_url

__all__ = ["ParseReport", "make_announcement"]


class ParseReport:
    """Problems met while parsing that did not stop it (malformed XML, items skipped)."""

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def warn(self, message: str) -> None:
        self.warnings.append(message)


def make_announcement(
    source: Source,
    fetched_at: datetime,
    *,
    url: str | None,
    title: str,
    text: str,
    published: datetime | None = None,
    links: tuple[str, ...] = (),
    guid: str | None = None,
    id_from_guid: bool = False,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    location: str = "",
) -> Announcement:
    """An Announcement whose id belongs to ``source`` (its id with the canonical URL, or with the guid)
    and whose content_hash covers everything a reader would see change."""
    key_url = None if id_from_guid else url
    parts = [title, text, published.isoformat() if published else "",
             starts_at.isoformat() if starts_at else "", ends_at.isoformat() if ends_at else "", location]
    return Announcement(
        id=announcement_id(key_url, source.id, guid or title),
        source_id=source.id,
        org_id=source.org_id,
        org_name=source.org_name,
        org_type=source.org_type,
        country=source.country,
        timezone=source.timezone,
        url=canonical_url(url) if url else "",
        title=title,
        text=text,
        published=published,
        fetched_at=fetched_at,
        content_hash=hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest(),
        links=links,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
    )
