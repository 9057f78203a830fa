"""Events held in memory behind the interface of aggregator.index.feeds.FeedStore, for tests and benchmarks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from aggregator.ical.filters import FeedFilter
from aggregator.models import Event

__all__ = ["MemoryStore"]


class MemoryStore:
    """FeedStore's methods (search, get, organizations, ping) over events held in memory (no Elasticsearch)."""

    def __init__(self, events: Iterable[Event] = ()):
        self.events = {e.event_id: e for e in events}

    def search(
        self, flt: FeedFilter | None = None, *, now: datetime | None, past_days: int = 30, limit: int | None = None
    ) -> list[Event]:
        flt = flt or FeedFilter()
        cutoff = now - timedelta(days=past_days) if now is not None else None
        found = [
            e for e in self.events.values()
            if flt.matches(e) and (cutoff is None or (e.end or e.start) >= cutoff)
        ]
        found.sort(key=lambda e: (e.start, e.event_id))
        return found[:limit] if limit is not None else found

    def get(self, event_id: str) -> Event | None:
        return self.events.get(event_id)

    def organizations(self) -> dict[str, dict[str, str]]:
        orgs: dict[str, dict[str, str]] = {}
        for event in self.events.values():
            for org in event.organizers:
                orgs.setdefault(org.id, {"name": org.name, "type": org.type, "country": org.country})
        return orgs

    def ping(self) -> bool:
        return True
