"""The domain model: sources, raw announcements, extractions and deduplicated events."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

__all__ = [
    "Source",
    "Announcement",
    "Extraction",
    "Organizer",
    "Event",
    "ORG_TYPES",
    "PLATFORMS",
    "STATUSES",
]

ORG_TYPES = ("party", "union", "ngo", "other")
PLATFORMS = ("zoom", "facebook_live", "google_meet", "youtube", "teams", "other")
STATUSES = ("scheduled", "postponed", "cancelled")


@dataclass(frozen=True)
class Source:
    """One feed or page of one organization, as declared in sources.yaml."""

    id: str
    org_id: str
    org_name: str
    org_name_latin: str
    org_type: str
    country: str
    timezone: str
    kind: str
    url: str
    languages: tuple[str, ...] = ("ar",)
    poll_interval_minutes: int = 60
    enabled: bool = True
    # kind "html" (listing pages): CSS selectors for links to posts, and for title, date, text of a post
    link_selector: str = ""
    title_selector: str = ""
    date_selector: str = ""
    text_selector: str = ""
    max_posts: int = 20
    # the fetch policy refuses loopback/private/link-local addresses unless the registry entry allows them
    allow_private_network: bool = False


@dataclass(frozen=True)
class Announcement:
    """A raw post as collected from a source, before any interpretation.

    ``id`` is a fingerprint of the canonical URL (or of the source and item guid when the
    item has no link), so re-fetching the same post always gives the same id.
    """

    id: str
    source_id: str
    org_id: str
    org_name: str
    org_type: str
    country: str
    timezone: str
    url: str
    title: str
    text: str
    published: datetime | None
    fetched_at: datetime
    content_hash: str
    links: tuple[str, ...] = ()
    # Given by structured sources (iCalendar, schema.org Event, h-event): taken as is, with offset.
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    location: str = ""

    def to_dict(self) -> dict[str, Any]:
        # field by field: every value is a scalar or a tuple of strings, and dataclasses.asdict's
        # recursive deep copy (datetimes included) cost more than the rest of the conversion
        data = {name: getattr(self, name) for name in _ANNOUNCEMENT_FIELDS}
        data["published"] = self.published.isoformat() if self.published else None
        data["fetched_at"] = self.fetched_at.isoformat()
        data["links"] = list(self.links)
        data["starts_at"] = self.starts_at.isoformat() if self.starts_at else None
        data["ends_at"] = self.ends_at.isoformat() if self.ends_at else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Announcement":
        values = {k: v for k, v in data.items() if k in _ANNOUNCEMENT_NAMES}
        values["published"] = _parse_dt(values.get("published"))
        values["fetched_at"] = _parse_dt(values.get("fetched_at"))
        values["links"] = tuple(values.get("links") or ())
        for key in ("starts_at", "ends_at"):
            values[key] = _parse_dt(values.get(key))
        return cls(**values)


@dataclass(frozen=True)
class Extraction:
    """What an announcement says about an event; pure function of text and context."""

    is_event: bool
    online: bool = False
    hybrid: bool = False
    start: datetime | None = None
    end: datetime | None = None
    timezone: str | None = None
    platform: str | None = None
    join_url: str | None = None
    title: str | None = None
    status: str = "scheduled"
    past: bool = False

    def to_dict(self) -> dict[str, Any]:
        # field by field, as Announcement.to_dict: the process stage builds one per announcement
        data = {name: getattr(self, name) for name in _EXTRACTION_FIELDS}
        data["start"] = self.start.isoformat() if self.start else None
        data["end"] = self.end.isoformat() if self.end else None
        return data


_ANNOUNCEMENT_FIELDS = tuple(f.name for f in dataclasses.fields(Announcement))
_ANNOUNCEMENT_NAMES = frozenset(_ANNOUNCEMENT_FIELDS)
_EXTRACTION_FIELDS = tuple(f.name for f in dataclasses.fields(Extraction))


@dataclass(frozen=True)
class Organizer:
    """An organization that announced (and so co-organizes) an event."""

    id: str
    name: str
    type: str
    country: str


@dataclass(frozen=True)
class Event:
    """One real-world online event, merged from every announcement of it."""

    event_id: str
    title: str
    start: datetime
    end: datetime | None
    timezone: str
    online: bool
    hybrid: bool
    platform: str | None
    join_url: str | None
    status: str
    organizers: tuple[Organizer, ...]
    source_urls: tuple[str, ...]
    announcement_ids: tuple[str, ...]
    first_seen: datetime
    last_seen: datetime
    version: int = 0
    description: str = ""
    previous_start: datetime | None = None
    merged_into: str | None = None
    countries: tuple[str, ...] = field(default=())
    # dedup's comparison keys (subject tokens, "#ep:N" episode, "#j:..." join link, "#past"), so an
    # event read back from ES can be matched without its announcements
    match_keys: tuple[str, ...] = field(default=())
    # published time of the newest status notice (postponed/cancelled/corrected) applied, if any
    state_seen: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        for key in _EVENT_DATES:
            value = getattr(self, key)
            data[key] = value.isoformat() if value else None
        data["organizers"] = [dataclasses.asdict(o) for o in self.organizers]
        for key in _EVENT_LISTS:
            data[key] = list(getattr(self, key))
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Event":
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        for key in _EVENT_DATES:
            values[key] = _parse_dt(values.get(key))
        values["organizers"] = tuple(Organizer(**o) for o in values.get("organizers") or ())
        for key in _EVENT_LISTS:
            values[key] = tuple(values.get(key) or ())
        return cls(**values)


_EVENT_DATES = ("start", "end", "first_seen", "last_seen", "previous_start", "state_seen")
_EVENT_LISTS = ("source_urls", "announcement_ids", "countries", "match_keys")


def _parse_dt(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)
