"""What the HTTP app keeps in memory: rendered feeds with their validators, and the organization list."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from starlette.concurrency import run_in_threadpool

__all__ = ["CachedFeed", "FeedCache", "OrganizationCache"]


@dataclass(frozen=True)
class CachedFeed:
    """One rendered feed: identity and gzip bytes, validators, and when it was rendered."""

    body: bytes
    gzipped: bytes
    etag: str  # opaque tag without quotes; the gzip variant is etag + "-gz"
    last_modified: datetime
    rendered_at: float

    @classmethod
    def of(cls, body: bytes, last_modified: datetime) -> "CachedFeed":
        """A feed rendered for one response only (not kept in a FeedCache)."""
        return cls(body, gzip.compress(body, 6, mtime=0), hashlib.sha256(body).hexdigest()[:32],
                   last_modified.astimezone(timezone.utc).replace(microsecond=0), time.monotonic())


class FeedCache:
    """Rendered feeds by canonical filter, for ``ttl`` seconds (an LRU of ``size`` entries).

    A conditional request within the TTL is answered from memory. After it, the feed is
    re-rendered (cheap: VEVENTs are cached per event); when the bytes did not change,
    the ETag and Last-Modified stay what they were, so clients keep getting 304s.
    """

    def __init__(self, ttl: float = 60.0, size: int = 512):
        self.ttl = ttl
        self.size = size
        self._entries: OrderedDict[str, CachedFeed] = OrderedDict()
        self._first_seen: OrderedDict[str, datetime] = OrderedDict()  # etag -> first rendered
        self._locks: dict[str, asyncio.Lock] = {}

    def fresh(self, key: str) -> CachedFeed | None:
        entry = self._entries.get(key)
        if entry is not None and time.monotonic() - entry.rendered_at < self.ttl:
            self._entries.move_to_end(key)
            return entry
        return None

    def lock(self, key: str) -> asyncio.Lock:
        # One render per key at a time: a burst of clients after expiry renders once.
        lock = self._locks.get(key)
        if lock is None:
            if len(self._locks) > 4 * self.size:
                self._locks = {k: v for k, v in self._locks.items() if v.locked()}
            lock = self._locks[key] = asyncio.Lock()
        return lock

    def store(self, key: str, body: bytes, now: datetime) -> CachedFeed:
        etag = hashlib.sha256(body).hexdigest()[:32]
        last_modified = self._first_seen.get(etag)
        if last_modified is None:
            last_modified = now.astimezone(timezone.utc).replace(microsecond=0)
            self._first_seen[etag] = last_modified
            while len(self._first_seen) > 4 * self.size:
                self._first_seen.popitem(last=False)
        previous = self._entries.get(key)
        gzipped = previous.gzipped if previous is not None and previous.etag == etag else gzip.compress(body, 6, mtime=0)
        entry = CachedFeed(body, gzipped, etag, last_modified, time.monotonic())
        self._entries[key] = entry
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)
        return entry

    def clear(self) -> None:
        self._entries.clear()


class OrganizationCache:
    """The store's organizations (id -> name, type, country), asked again after ``ttl`` seconds."""

    def __init__(self, load: Callable[[], dict[str, dict[str, str]]], ttl: float = 60.0):
        self._load = load
        self.ttl = ttl
        self._at = -1e9
        self._value: dict[str, dict[str, str]] = {}

    async def get(self) -> dict[str, dict[str, str]]:
        if time.monotonic() - self._at > self.ttl:
            self._value = await run_in_threadpool(self._load)
            self._at = time.monotonic()
        return self._value
