"""Assign each (announcement, extraction) to an Event: find candidates, let the matcher decide, merge, keep ids stable.

The engine keeps the books; ``match.Matcher`` decides whether two posts are one event and
``status.apply``/``combine`` say what news does to a schedule.

Blocking (nothing is compared with everything): an announcement is compared with the events
starting in the same UTC minute ("20:00 Tunis" and "19:00 GMT" are one minute); a date-only post
with its organizer's events of that date (and an exact post with its organizer's date-only ones);
a status notice (postponed, cancelled, corrected time) that finds nothing in its block with its
organizer's events of a wider window; a post with no start (a bare reminder, a report, a
cross-post extraction did not read) with the events sharing its join link or page, or its
organizer's events around its publication. Each lookup is bounded by what one organization or
one minute holds, so the cost is linear in the number of announcements.

Identity: a cluster's id derives from its earliest dated announcement by (published, id), and
whenever two clusters become one the earlier one's id survives; an id that was already issued
(came from the store) and loses becomes a cancelled event pointing to the survivor. Posts with no
start are attached after every dated one, so the ids do not depend on the order announcements
arrive in.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from collections import Counter, defaultdict
from operator import attrgetter, itemgetter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Iterable, Protocol

from aggregator.dedup.features import (MAX_TEXT, Features, features_of, grams_of, minute_of, order_key, org_tokens,
                                       seen_of, start_of)
from aggregator.dedup.match import FEATURES, Matcher, compare, notice_agreement, undated_agreement
from aggregator.dedup.status import News, Schedule, announced, apply, combine, founded, same_date
from aggregator.extract.classify import is_statement
from aggregator.models import Announcement, Event, Extraction, Organizer

__all__ = ["assign_events", "Deduplicator", "group_undated", "DedupOutcome", "EventStore", "MemoryEventStore", "NOTICE_WINDOW"]

# Where a postponement/cancellation notice looks for its event: from a day before the earlier of
# its publication and its stated date, to this far after the later of them.
NOTICE_WINDOW = timedelta(days=60)
# How long an event postponed to a date "to be announced" waits for the notice that gives it.
POSTPONED_WAIT = timedelta(days=180)
# Where a post with no start looks for its event among its organizer's: a report comes after the
# event, a reminder or cross-post before it.
UNDATED_BEFORE, UNDATED_AFTER = timedelta(days=10), timedelta(days=45)
# An undated post joins an event only when it fits it this much better (in log-odds) than any other.
AMBIGUOUS = 1.0
_SUBJECT = FEATURES.index("subject")
# How sure (in log-odds above the threshold) the matcher must be to attach a post that is not an event.
NOT_EVENT_MARGIN = 0.5
# A post with at most this many subject words besides its organizer's name says too little to compare.
BARE = 3


class EventStore(Protocol):
    """Where already-known events are looked up: by start minute blocks, or by organizer in a window."""

    def blocks(self, minutes: Iterable[int], announcement_ids: Iterable[str] = ()) -> list[Event]:
        """Events starting in one of these UTC minutes (epoch minutes), or holding one of these announcements."""
        ...

    def search(self, start_from: datetime, start_to: datetime, org_ids: Iterable[str],
               status: str | None = None) -> list[Event]:
        """Events of one of these organizers starting in [start_from, start_to], optionally of one status."""
        ...


class MemoryEventStore:
    """An EventStore over a dict, indexed by start minute and organizer, for the JSONL command and tests."""

    def __init__(self, events: Iterable[Event] = ()):
        self.events: dict[str, Event] = {}
        self._by_minute: dict[int, set[str]] = defaultdict(set)
        self._by_org: dict[str, set[str]] = defaultdict(set)
        self._by_ann: dict[str, str] = {}
        for e in events:
            self.put(e)

    def put(self, event: Event) -> None:
        old = self.events.get(event.event_id)
        if old is not None:
            self._by_minute[minute_of(old.start)].discard(old.event_id)
        self.events[event.event_id] = event
        self._by_minute[minute_of(event.start)].add(event.event_id)
        for o in event.organizers:
            self._by_org[o.id].add(event.event_id)
        for a in event.announcement_ids:
            self._by_ann[a] = event.event_id

    def put_all(self, events: Iterable[Event]) -> None:
        for e in events:
            self.put(e)

    def blocks(self, minutes: Iterable[int], announcement_ids: Iterable[str] = ()) -> list[Event]:
        ids = set()
        for m in minutes:
            ids.update(self._by_minute.get(m, ()))
        for a in announcement_ids:
            if a in self._by_ann:
                ids.add(self._by_ann[a])
        return [self.events[i] for i in sorted(ids)]

    def search(self, start_from, start_to, org_ids, status=None) -> list[Event]:
        ids = set()
        for o in org_ids:
            ids.update(self._by_org.get(o, ()))
        out = []
        for i in sorted(ids):
            e = self.events[i]
            if start_from <= e.start <= start_to and (status is None or e.status == status):
                out.append(e)
        return out


@dataclass
class DedupOutcome:
    events: dict[str, Event] = field(default_factory=dict)  # new or changed, by id
    assignments: dict[str, str] = field(default_factory=dict)  # announcement id -> event id


_EMPTY: frozenset = frozenset()


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_ONE: dict = {}


def _one(value) -> tuple:
    """``(value,)``, one tuple shared by every holder: most events have one organizer and one country,
    and a run's records and evidence held as many copies of the same one-item tuples, each one more
    object to allocate, to free and for the cyclic collector to walk (values: organizations' ids,
    name tokens and countries, a few thousand)."""
    t = _ONE.get(value)
    if t is None:
        if len(_ONE) >= 100_000:  # not a set of organizations after all: do not hold them forever
            _ONE.clear()
        t = _ONE[value] = (value,)
    return t


def _day(dt: datetime) -> int:
    return int(dt.timestamp()) // 86400


def _news(f: Features, ex: Extraction) -> News:
    return News(f.status, f.notice, f.start, ex.end if f.start is not None else None, f.date_only, f.seen)


class _Evidence:
    """What the matcher compares of an event: the union of its posts' keys."""

    __slots__ = ("tokens", "text", "org_ids", "org_names", "episodes", "joins", "urls", "past", "places", "remote")

    def __init__(self):
        self.tokens = self.episodes = _EMPTY
        self.text = ""  # the first post's text (the Event's description, not a copy)
        self.org_ids, self.org_names, self.joins, self.urls = (), (), (), ()
        self.past = False
        self.places: tuple[str, ...] = ()  # countries of its in-person-only posts
        self.remote = False  # some post of it is online, hybrid, or not known to be in person

    @classmethod
    def of(cls, f: Features, own_org: frozenset[str]) -> "_Evidence":
        """The evidence of a single announcement (training compares pairs through it): ``add`` to an
        empty one, set directly (most events are founded so)."""
        ev = _new(cls)
        ev.tokens, ev.text = f.tokens, f.text
        ev.episodes = _EMPTY if f.episode is None else frozenset((f.episode,))
        ev.joins = f.joins  # distinct already
        ev.urls = () if f.url is None else (f.url,)
        ev.org_ids, ev.org_names = _one(f.org_id), _one(own_org)
        ev.past = f.past
        ev.remote = f.venue_country is None
        ev.places = () if ev.remote else (f.venue_country,)
        return ev

    def add(self, f: Features, own_org: frozenset[str]) -> None:
        if not self.text:
            self.text = f.text
        if not f.tokens <= self.tokens:
            self.tokens = self.tokens | f.tokens if self.tokens else f.tokens
        if f.episode is not None and f.episode not in self.episodes:
            self.episodes = self.episodes | {f.episode}
        for j in f.joins:
            if j not in self.joins:
                self.joins += (j,)
        if f.url is not None and f.url not in self.urls:
            self.urls += (f.url,)
        if f.org_id not in self.org_ids:
            self.org_ids += _one(f.org_id)  # () + t is t
            if own_org not in self.org_names:
                self.org_names += _one(own_org)
        self.past = self.past or f.past
        if f.venue_country is None:
            self.remote = True
        elif f.venue_country not in self.places:
            self.places += (f.venue_country,)

    @property
    def grams(self) -> frozenset[str]:
        """The n-grams of the first post's text (what later copies are compared with). Not kept: few
        comparisons need them, and they would triple the memory of a run."""
        return grams_of(self.text[:MAX_TEXT].split())

    def absorb(self, other: "_Evidence") -> None:
        self.tokens = self.tokens | other.tokens
        if not self.text:
            self.text = other.text
        self.episodes = self.episodes | other.episodes
        self.joins = tuple(dict.fromkeys(self.joins + other.joins))
        self.urls = tuple(dict.fromkeys(self.urls + other.urls))
        self.org_ids = tuple(dict.fromkeys(self.org_ids + other.org_ids))
        self.org_names = tuple(dict.fromkeys(self.org_names + other.org_names))
        self.past = self.past or other.past
        self.places = tuple(dict.fromkeys(self.places + other.places))
        self.remote = self.remote or other.remote


class _Record:
    """What the published Event shows besides its schedule: content and provenance."""

    __slots__ = ("title", "description", "timezone", "online", "hybrid", "platform", "join_url",
                 "organizers", "source_urls", "announcement_ids", "countries", "first_seen", "last_seen")

    def __init__(self, title: str, description: str, tz: str, seen: datetime):
        self.title, self.description, self.timezone = title, description, tz
        self.online = self.hybrid = False
        self.platform = self.join_url = None
        self.organizers: tuple[Organizer, ...] = ()
        self.source_urls: list[str] = []
        self.announcement_ids: list[str] = []
        self.countries: tuple[str, ...] = ()
        self.first_seen = self.last_seen = seen

    @classmethod
    def of(cls, ann: Announcement, ex: Extraction, organizer: tuple[Organizer], seen: datetime) -> "_Record":
        """The record of an event of one post: ``add`` to a new one, set directly (most events are founded so)."""
        rec = _new(cls)
        rec.title = ex.title or ann.title or ""
        rec.description = (ann.text or "")[:2000]
        rec.timezone = ex.timezone or ann.timezone or "UTC"
        rec.online, rec.hybrid, rec.platform, rec.join_url = ex.online, ex.hybrid, ex.platform, ex.join_url
        rec.organizers = organizer
        rec.source_urls = [ann.url] if ann.url else []
        rec.announcement_ids = [ann.id]
        rec.countries = _one(ann.country) if ann.country else ()
        rec.first_seen = rec.last_seen = seen
        return rec

    def add(self, ann: Announcement, ex: Extraction, organizer: tuple[Organizer] | None, seen: datetime,
            known: bool) -> None:
        """Add a post; ``organizer``: ``(its organization,)`` when new to the event, else None."""
        if organizer is not None:
            self.organizers += organizer  # () + t is t
        if ann.url:
            self.source_urls.append(ann.url)
        ids = self.announcement_ids
        alone = not ids or (len(ids) == 1 and ids[0] == ann.id)
        if not known or ann.id not in ids:
            ids.append(ann.id)
        if ann.country and ann.country not in self.countries:
            self.countries += _one(ann.country)
        if alone:
            self.first_seen = self.last_seen = seen
            self.title = ex.title or ann.title or self.title
            self.description = (ann.text or "")[:2000]
        else:
            if seen < self.first_seen:
                self.first_seen = seen
            if seen > self.last_seen:
                self.last_seen = seen
        self.platform = self.platform or ex.platform
        self.join_url = self.join_url or ex.join_url
        self.online = self.online or ex.online
        self.hybrid = self.hybrid or ex.hybrid

    def absorb(self, other: "_Record") -> None:
        own = set(other.announcement_ids)
        has_own = any(a not in own for a in self.announcement_ids)
        mine = set(self.announcement_ids)
        self.announcement_ids = self.announcement_ids + [a for a in other.announcement_ids if a not in mine]
        known = {o.id for o in self.organizers}
        self.organizers += tuple(o for o in other.organizers if o.id not in known)
        self.source_urls = self.source_urls + other.source_urls
        self.countries = tuple(dict.fromkeys(self.countries + other.countries))
        if not has_own or other.first_seen < self.first_seen:
            self.title, self.description = other.title or self.title, other.description or self.description
        self.first_seen = min(self.first_seen, other.first_seen) if has_own else other.first_seen
        self.last_seen = max(self.last_seen, other.last_seen) if self.last_seen else other.last_seen
        self.platform = self.platform or other.platform
        self.join_url = self.join_url or other.join_url
        self.online = self.online or other.online
        self.hybrid = self.hybrid or other.hybrid


class _Cluster:
    """One event during a run: its identity, the matcher's evidence, its schedule, its record."""

    __slots__ = ("event_id", "key", "base", "into", "merged_into", "evidence", "schedule", "record", "minute")

    def __init__(self, event_id: str, key: tuple, schedule: Schedule, record: _Record, evidence: _Evidence,
                 base: Event | None = None, minute: int | None = None):
        """``minute``: ``minute_of(schedule.start)``, when the caller knows it."""
        self.event_id, self.key, self.base = event_id, key, base
        self.into: _Cluster | None = None
        self.merged_into: str | None = base.merged_into if base is not None else None
        self.evidence, self.schedule, self.record = evidence, schedule, record
        self.minute = minute_of(schedule.start) if minute is None else minute

    @property
    def start(self) -> datetime:
        return self.schedule.start

    @classmethod
    def from_event(cls, e: Event, org_names) -> "_Cluster":
        """The cluster of a stored event: the evidence ``to_event`` wrote into its match keys, exactly.

        An event written before the keys held the places, the remote flag and the date-only flag
        (no "#remote" nor "#pl:" key: every event written since has one or the other) gets them
        from its fields, as they were read then."""
        ev = _Evidence()
        tokens, episodes, joins, urls, places = set(), set(), [], [], []
        current = date_only = False
        for k in e.match_keys:
            if k[:1] != "#":
                tokens.add(k)
            elif k.startswith("#ep:"):
                episodes.add(int(k[4:]))
            elif k.startswith("#j:"):
                joins.append(k[3:])
            elif k.startswith("#u:"):
                urls.append(k[3:])
            elif k.startswith("#pl:"):
                places.append(k[4:])
                current = True
            elif k.startswith("#t:"):
                ev.text = k[3:]
            elif k == "#remote":
                ev.remote = current = True
            elif k == "#date":
                date_only = True
            elif k == "#past":
                ev.past = True
            else:
                tokens.add(k)
        ev.tokens, ev.episodes = frozenset(tokens), frozenset(episodes)
        ev.joins, ev.urls = tuple(dict.fromkeys(joins)), tuple(dict.fromkeys(urls))
        if not ev.text:
            ev.text = e.description
        if current:
            ev.places = tuple(places)
        else:  # written before the keys held them
            date_only = e.start.hour == 0 and e.start.minute == 0
            if e.online or not e.countries:
                ev.remote = True
            else:
                ev.places = tuple(e.countries)
        organizers = {}
        for o in e.organizers:
            organizers.setdefault(o.id, o)
        ev.org_ids = tuple(organizers)
        ev.org_names = tuple({org_names(o.name): None for o in organizers.values()})
        rec = _Record(e.title, e.description, e.timezone, e.first_seen)
        rec.online, rec.hybrid, rec.platform, rec.join_url = e.online, e.hybrid, e.platform, e.join_url
        rec.organizers = tuple(organizers.values())
        rec.source_urls, rec.announcement_ids = list(dict.fromkeys(e.source_urls)), list(dict.fromkeys(e.announcement_ids))
        rec.countries = tuple(dict.fromkeys(e.countries))
        rec.first_seen, rec.last_seen = e.first_seen, e.last_seen
        schedule = Schedule(e.start, e.end, e.status, e.previous_start, e.version, e.state_seen, date_only)
        return cls(e.event_id, (e.first_seen, e.event_id), schedule, rec, ev, base=e)

    def find(self) -> "_Cluster":
        c = self
        while c.into is not None:
            c = c.into
        return c

    def to_event(self) -> Event:
        ev, rec, s = self.evidence, self.record, self.schedule
        # everything the matcher compares, so that from_event rebuilds this very evidence
        keys = sorted(ev.tokens)
        if ev.episodes:
            keys += [f"#ep:{n}" for n in sorted(ev.episodes)]
        if ev.joins:
            keys += [f"#j:{j}" for j in sorted(ev.joins)]
        if ev.urls:
            keys += [f"#u:{u}" for u in sorted(ev.urls)]
        if ev.places:
            keys += [f"#pl:{p}" for p in sorted(ev.places)]
        if ev.remote:
            keys.append("#remote")
        if s.date_only:
            keys.append("#date")
        if ev.past:
            keys.append("#past")
        if ev.text is not rec.description:  # most often the very string (a slice of a whole str is itself)
            head = ev.text[:MAX_TEXT]
            if head != rec.description[:MAX_TEXT]:  # the text compared is not the one shown
                keys.append("#t:" + head)
        organizers = rec.organizers
        if len(organizers) > 1:
            organizers = tuple(sorted(organizers, key=_by_id))
        # most events have one post and one country: their one-item tuples are the record's own
        urls, ids, countries = rec.source_urls, rec.announcement_ids, rec.countries
        return _event({
            "event_id": self.event_id, "title": rec.title, "start": s.start, "end": s.end,
            "timezone": rec.timezone, "online": rec.online, "hybrid": rec.hybrid, "platform": rec.platform,
            "join_url": rec.join_url, "status": s.status, "organizers": organizers,
            "source_urls": tuple(sorted(set(urls))) if len(urls) > 1 else tuple(urls),
            "announcement_ids": tuple(sorted(set(ids))) if len(ids) > 1 else tuple(ids),
            "first_seen": rec.first_seen, "last_seen": rec.last_seen, "version": s.version,
            "description": rec.description, "previous_start": s.previous_start, "merged_into": self.merged_into,
            "countries": tuple(sorted(countries)) if len(countries) > 1 else countries,
            "match_keys": tuple(keys), "state_seen": s.state_seen,
        })


_by_id = attrgetter("id")
_new = object.__new__


_set = object.__setattr__


def _event(values: dict) -> Event:
    """The Event of every one of its field values, set as unpickling sets them: the frozen dataclass's
    ``__init__`` sets each of its 22 fields through ``object.__setattr__``, which cost a quarter of
    building a run's events."""
    e = _new(Event)  # every field given: test_events_are_built_whole_as_the_dataclass_builds_them
    # One field set first, as __init__ sets it, keeps the instance's values in the class's shared-key
    # table: an update of a still empty __dict__ copies a whole key table into each Event (3x the memory).
    _set(e, "event_id", values["event_id"])
    e.__dict__.update(values)
    return e


class _Engine:
    def __init__(self, store: EventStore, matcher: Matcher):
        self.store, self.matcher = store, matcher
        self.by_id: dict[str, _Cluster] = {}
        self.block: dict[int, list[_Cluster]] = defaultdict(list)
        self.days: dict[int, list[_Cluster]] = defaultdict(list)  # by UTC day, for date-only posts
        self.org_days: dict[str, dict[int, list[_Cluster]]] = defaultdict(lambda: defaultdict(list))
        # Join keys and page keys -> events, read only by posts with no start, which come last: built
        # when the first of them comes (``_link_all``), kept up to date from then on. Built per dated
        # post it was a dict entry and a list for every page of the run, that nothing read before the end.
        self.by_link: dict[str, list[_Cluster]] = defaultdict(list)
        self.linked = False
        self.postponed: dict[str, list[_Cluster]] = defaultdict(list)  # born from a notice, original unknown
        # Announcement id -> its cluster, only for ids that can come again: those of events loaded from
        # the store and those that occur more than once in this run. Every other id is looked up once,
        # before it is added, and a dict of every id of a large run would only cost cache misses.
        self.by_ann: dict[str, _Cluster] = {}
        self.repeated: set[str] = set()
        self.searched: set[tuple] = set()
        self.loaded_days: set[int] = set()  # UTC days whose every stored event is loaded
        self.losers: list[_Cluster] = []
        self.dated_orgs: set[str] = set()  # organizers with an event known by its date only
        # organizations are many times fewer than announcements: one Organizer and one token set each
        self._org_names: dict[str, frozenset[str]] = {}
        self._organizers: dict[tuple, tuple[Organizer]] = {}

    def org_names(self, name: str) -> frozenset[str]:
        t = self._org_names.get(name)
        if t is None:
            t = self._org_names[name] = org_tokens(name)
        return t

    def organizer(self, ann: Announcement) -> tuple[Organizer]:
        """``(the announcing Organizer,)``, one per organization (shared, see ``_one``)."""
        key = (ann.org_id, ann.org_name, ann.org_type, ann.country)
        o = self._organizers.get(key)
        if o is None:
            o = self._organizers[key] = (Organizer(id=ann.org_id, name=ann.org_name, type=ann.org_type,
                                                   country=ann.country),)
        return o

    # -- indexes -------------------------------------------------------------------------------
    def _index(self, c: _Cluster) -> None:
        self.block[c.minute].append(c)
        day = c.minute // 1440
        self.days[day].append(c)
        for o in c.evidence.org_ids:
            self.org_days[o][day].append(c)
        if c.schedule.date_only:
            self.dated_orgs.update(c.evidence.org_ids)
        if self.linked:
            for k in c.evidence.joins + c.evidence.urls:
                self.by_link[k].append(c)
        if c.schedule.status == "postponed" and c.schedule.previous_start is None:
            for o in c.evidence.org_ids:
                self.postponed[o].append(c)
        if c.base is not None:
            for a in c.record.announcement_ids:
                self.by_ann[a] = c
        else:
            for a in c.record.announcement_ids:
                self._remember(a, c)

    def _link_all(self) -> None:
        """Index every live event by its join and page keys (see ``by_link``), and keep doing so."""
        by_link = self.by_link
        for c in self.by_id.values():
            if c.into is None:
                for k in c.evidence.joins + c.evidence.urls:
                    by_link[k].append(c)
        self.linked = True

    def _remember(self, announcement_id: str, c: _Cluster) -> None:
        """Point an announcement id at its cluster, if the id can be looked up again (see by_ann)."""
        if announcement_id in self.by_ann or announcement_id in self.repeated:
            self.by_ann[announcement_id] = c

    def _unindex_block(self, c: _Cluster) -> None:
        lst = self.block.get(c.minute)
        if lst and c in lst:
            lst.remove(c)

    def _load(self, events: Iterable[Event]) -> None:
        for e in events:
            if e.event_id in self.by_id or e.merged_into:
                continue
            c = _Cluster.from_event(e, self.org_names)
            self.by_id[c.event_id] = c
            self._index(c)

    def prefetch(self, posts: list[tuple[datetime, str]], ann_ids: list[str]) -> None:
        """Load from the store, in a few lookups, every stored event these dated posts (start,
        organizer id) may be compared with: those of their start minutes or holding one of them,
        their organizers' of the dates around (date-only matches either way), every organizer's of a
        date-only post's dates, and their organizers' postponed events whose original is still unknown."""
        if not posts:
            return
        minutes: set[int] = set()
        orgs_by_day: dict[int, set[str]] = defaultdict(set)
        dates: set[int] = set()
        lo = hi = posts[0][0]
        for start, org_id in posts:
            minute = minute_of(start)
            minutes.add(minute)
            orgs_by_day[minute // 1440].add(org_id)
            if start.hour == 0 and start.minute == 0:  # Features.date_only
                dates.add(minute // 1440)
            if start < lo:
                lo = start
            if start > hi:
                hi = start
        store = self.store
        self._load(store.blocks(minutes, ann_ids))
        for day, orgs in sorted(orgs_by_day.items()):
            key = ("days", day, frozenset(orgs))
            if key not in self.searched:
                self.searched.add(key)
                self._load(store.search(_EPOCH + timedelta(days=day - 1), _EPOCH + timedelta(days=day + 2, seconds=-1),
                                        sorted(orgs)))
        days = {d + k for d in dates for k in (-1, 0, 1)} - self.loaded_days
        if days:
            self.loaded_days |= days
            self._load(store.blocks([d * 1440 + m for d in sorted(days) for m in range(1440)]))
        self._load(store.search(lo - timedelta(days=1), hi + NOTICE_WINDOW, sorted({org for _, org in posts}),
                                status="postponed"))

    def dated(self, items: Iterable[tuple[Announcement, Extraction]], waiting: list,
              features: Iterable[Features | None] | None = None) -> list[tuple[str, _Cluster]]:
        """Add the dated posts of ``items`` in (published, event id) order; the others go to ``waiting``."""
        # Items are bucketed by day of publication first and each day is sorted on its own: the same
        # order as one sort of everything, at a cost per announcement that does not grow with the run.
        # A post's features are computed when its day comes and dropped after it: made all at once
        # they were the run's largest working set, each read back from memory long after it was built.
        # A day's list holds the items themselves (a new tuple per post was one more object to build,
        # to find again in memory and to free), with their features when given.
        by_day: dict[int, list] = defaultdict(list)
        posts: list[tuple[datetime, str]] = []
        ann_ids: list[str] = []
        given = iter(features) if features is not None else None
        for item in items:
            ann, ex = item
            f = next(given) if given is not None else None
            ann_ids.append(ann.id)
            if not ex.is_event or ex.start is None:
                waiting.append((ann, ex))
                continue
            if f is None:
                seen, start = seen_of(ann), start_of(ex)
            else:
                seen, start = f.seen, f.start
                item = (ann, ex, f)
            by_day[int(seen.timestamp()) // 86400].append(item)
            posts.append((start, ann.org_id))
        if len(set(ann_ids)) != len(ann_ids):
            self.repeated |= {a for a, k in Counter(ann_ids).items() if k > 1}
        self.prefetch(posts, ann_ids)
        del posts, ann_ids
        add = self.add
        assigned: list[tuple[str, _Cluster]] = []
        keep = assigned.append
        for day in sorted(by_day):
            batch = []
            for item in by_day.pop(day):  # each day's items are freed once it is done
                if len(item) == 2:
                    ann, ex = item
                    f = features_of(ann, ex)
                else:
                    ann, ex, f = item
                batch.append((f.key, f, ann, ex))
            batch.sort(key=_first)
            for _, f, ann, ex in batch:
                keep((ann.id, add(f, ann, ex)))
        return assigned

    def undated(self, items: list[tuple[Announcement, Extraction]], assigned: list[tuple[str, _Cluster]]) -> None:
        """Attach the posts with no start, after every dated one, in (published, event id) order."""
        if items and not self.linked:
            self._link_all()
        keyed = [(order_key(ann), ann, ex) for ann, ex in items]
        keyed.sort(key=_first)
        for key, ann, ex in keyed:
            c = self.attach(features_of(ann, ex, key), ann, ex)
            if c is not None:
                assigned.append((ann.id, c))

    def _org_window(self, org_id: str, lo: datetime, hi: datetime) -> list[_Cluster]:
        """The organizer's live events starting in [lo, hi], loading the store's once per window."""
        key = (org_id, _day(lo), _day(hi))
        if key not in self.searched:
            self.searched.add(key)
            self._load(self.store.search(lo, hi, [org_id]))
        days = self.org_days.get(org_id)
        if not days:
            return []
        pool = {}
        for d in range(_day(lo), _day(hi) + 1):
            for c in days.get(d, ()):
                c = c.find()
                if lo <= c.start <= hi:
                    pool[id(c)] = c
        return list(pool.values())

    # -- matching ------------------------------------------------------------------------------
    def _ranked(self, f: Features, own: frozenset[str], candidates: Iterable[tuple[_Cluster, str]],
                margins: bool = False, exact: bool = True) -> list:
        """The candidates the matcher takes for this announcement's event, surest first
        (``margins``: as (margin, cluster) pairs). ``exact=False``: only which ones it takes is
        exact; the order is by lower bounds of the margins (the text similarity is computed only
        when it decides)."""
        if not candidates:
            return []
        out = {}
        matcher = self.matcher
        quick, lazy = matcher.quick, not exact and matcher.lazy_text
        for c, agreement in candidates:
            while c.into is not None:
                c = c.into
            if id(c) in out or (c.merged_into and c.schedule.status == "cancelled"):
                continue
            m = compare(f, own, c.evidence, agreement, quick, lazy, matcher)
            if m is not None and m > 0:
                out[id(c)] = (m, c)
        if len(out) < 2:
            if not out:
                return []
            ranked = list(out.values())
        else:
            ranked = sorted(out.values(), key=lambda mc: (-mc[0], mc[1].key))
        return ranked if margins else [c for _, c in ranked]

    def _candidates(self, f: Features) -> list[tuple[_Cluster, str]]:
        """Events an announcement with a start may be: its block, and the same date when a side is date-only."""
        exact = "date" if f.date_only else "same"
        out = [(c, "date" if c.schedule.date_only else exact) for c in self.block.get(f.minute, ())]
        days = self.org_days.get(f.org_id) if f.date_only or f.org_id in self.dated_orgs else None
        if days:
            day = f.minute // 1440
            for d in (day - 1, day, day + 1):
                for c in days.get(d, ()):
                    c = c.find()
                    s = c.schedule
                    if c.minute == f.minute:
                        continue
                    if f.date_only and not s.date_only and same_date(s.start, f.start) \
                            or s.date_only and not f.date_only and same_date(f.start, s.start):
                        out.append((c, "date"))
        if f.date_only:  # rare: any organizer's events of that date (a partner that states only the day)
            day = f.minute // 1440
            for d in (day - 1, day, day + 1):
                for c in self.days.get(d, ()):
                    c = c.find()
                    if c.minute != f.minute and not c.schedule.date_only and same_date(c.start, f.start):
                        out.append((c, "date"))
        return out

    def add(self, f: Features, ann: Announcement, ex: Extraction) -> _Cluster:
        known = self.by_ann.get(ann.id)
        own = self._org_names.get(ann.org_name) or self.org_names(ann.org_name)
        if known is not None:
            matches = [known.find()]
        else:
            candidates = self._candidates(f)
            matches = self._ranked(f, own, candidates, exact=False)
            if not matches and f.notice:
                found = self._wide(f, own)
                if found is not None:
                    matches = [found]
            if not matches and not f.notice and f.org_id in self.postponed:
                found = self._original_of_postponed(f, own)
                if found is not None:
                    matches = [found]
            if not matches and len(f.tokens - own) <= BARE:
                found = self._bare(f, own, candidates)
                if found is not None:
                    matches = [found]
        if not matches:  # a new event: what _join would make of this post and an empty one
            schedule = founded(_news(f, ex)) if f.notice else announced(f.start, ex.end, f.date_only)
            c = _Cluster(f.event_id, f.key, schedule, _Record.of(ann, ex, self.organizer(ann), f.seen),
                         _Evidence.of(f, own), minute=f.minute)
            self.by_id[c.event_id] = c
            self._index(c)
            return c
        if len(matches) > 1 and known is None:  # a late merge goes in the order of sureness: rank exactly
            matches = self._ranked(f, own, [(c, "date" if f.date_only or c.schedule.date_only else "same")
                                            for c in matches])
        key = f.key
        if len(matches) == 1 and not key < matches[0].key:
            target = matches[0]  # the common case: a post joins one event that is older than it
        elif key < min(c.key for c in matches):
            target = matches[0]
            # this announcement is the earliest of the event: its id is the event's (order-independent)
            newc = _Cluster(f.event_id, key, Schedule(target.start, None, "scheduled",
                                                        date_only=target.schedule.date_only),
                            self._record_for(f, ann, ex), _Evidence())
            self.by_id[newc.event_id] = newc
            self._index(newc)
            for c in matches:
                self._absorb(newc, c)
            target = newc
        else:
            survivor = min(matches, key=lambda c: c.key)
            for c in matches:
                if c is not survivor:
                    self._absorb(survivor, c)
            target = survivor
        self._join(target, f, ann, ex, own, known is not None)
        return target

    def attach(self, f: Features, ann: Announcement, ex: Extraction) -> _Cluster | None:
        """The event of a post that states no start, if the matcher finds one; it never founds one."""
        known = self.by_ann.get(ann.id)
        own = self.org_names(ann.org_name)
        if known is not None:
            target = known.find()
        else:
            pool = self._org_window(f.org_id, f.seen - UNDATED_BEFORE, f.seen + UNDATED_AFTER)
            for k in f.joins + ((f.url,) if f.url else ()):
                pool += [c.find() for c in self.by_link.get(k, ())]
            pool = [(c, undated_agreement(f, c.start)) for c in pool]
            ranked = self._ranked(f, own, pool, margins=True)
            # with no start to tell them apart, two events that both fit is one too many to guess
            if not ranked or len(ranked) > 1 and ranked[1][0] > ranked[0][0] - AMBIGUOUS:
                return None
            # Most posts extraction does not take for events (statements, news) are about none: one joins
            # an event only when it shares its link or page, or else fits it surely and is no statement.
            if not ex.is_event and not self._shares_link(f, ranked[0][1]) \
                    and (ranked[0][0] < NOT_EVENT_MARGIN or is_statement(ann.text or "")):
                return None
            target = ranked[0][1]
        self._join(target, f, ann, ex, own, known is not None)
        return target

    @staticmethod
    def _shares_link(f: Features, c: _Cluster) -> bool:
        ev = c.evidence
        return any(j in ev.joins for j in f.joins) or (f.url is not None and f.url in ev.urls)

    def _wide(self, f: Features, own: frozenset[str]) -> _Cluster | None:
        """The event a status notice is about, among its organizer's events of a wider window."""
        lo = min(f.start, f.seen) - timedelta(days=1)
        hi = max(f.start, f.seen) + NOTICE_WINDOW
        pool = [(c, notice_agreement(f, c.start)) for c in self._org_window(f.org_id, lo, hi) if c.minute != f.minute]
        # and its events postponed until further notice, which wait for their new date however long
        pool += [(c, "notice") for c in self._org_window(f.org_id, lo - POSTPONED_WAIT, lo - timedelta(seconds=1))
                 if c.schedule.status == "postponed" and c.schedule.previous_start is None and c.schedule.state_seen]
        ranked = self._ranked(f, own, pool)
        if len(ranked) > 1:  # equally sure: the nearest in time
            margin = self.matcher.margin
            ranked.sort(key=lambda c: (-margin(compare(f, own, c.evidence, notice_agreement(f, c.start))),
                                       abs((c.start - f.start).total_seconds()), c.key))
        if not ranked:
            return self._only_fit(f, own, pool)
        return ranked[0]

    def _only_fit(self, f: Features, own: frozenset[str], pool: list[tuple[_Cluster, str]]) -> _Cluster | None:
        """A notice is news of one of its organizer's events. When it says too little for the matcher to be
        sure ("the workshop is at 5, not 4"), it is about the only one it can be: the one it shares subject
        words with, else the one of its day; with two such, it is about neither."""
        fits: dict[int, tuple[_Cluster, bool]] = {}
        for c, agreement in pool:
            c = c.find()
            if c.merged_into and c.schedule.status == "cancelled":
                continue
            x = compare(f, own, c.evidence, agreement)
            if x is not None and (x[_SUBJECT] > 0 or agreement == "notice_day"):
                fits[id(c)] = (c, x[_SUBJECT] > 0)
        sharing = [c for c, shares in fits.values() if shares]
        if len(sharing) == 1:
            return sharing[0]
        return next(iter(fits.values()))[0] if len(fits) == 1 else None

    def _bare(self, f: Features, own: frozenset[str], candidates: list[tuple[_Cluster, str]]) -> _Cluster | None:
        """The event a post that says next to nothing ("بعد ساعة نبدأ 👇 link") is about: its organizer's
        only event at that very minute, if it has one. ``candidates``: the post's ``_candidates``."""
        found = {}
        for c, agreement in candidates:
            c = c.find()
            if c.minute == f.minute and f.org_id in c.evidence.org_ids \
                    and not (c.merged_into and c.schedule.status == "cancelled") \
                    and compare(f, own, c.evidence, agreement) is not None:
                found[id(c)] = c
        return next(iter(found.values())) if len(found) == 1 else None

    def _original_of_postponed(self, f: Features, own: frozenset[str]) -> _Cluster | None:
        pool = []
        for c in self.postponed.get(f.org_id, ()):
            c = c.find()
            s = c.schedule
            if s.previous_start is None and s.status == "postponed" and s.state_seen and s.state_seen >= f.seen \
                    and c.start != f.start:
                pool.append((c, notice_agreement(f, c.start)))
        ranked = self._ranked(f, own, pool)
        return ranked[0] if ranked else None

    # -- updates -------------------------------------------------------------------------------
    def _record_for(self, f: Features, ann: Announcement, ex: Extraction) -> _Record:
        return _Record(ex.title or ann.title or "", (ann.text or "")[:2000], ex.timezone or ann.timezone or "UTC",
                       f.seen)

    def _reschedule(self, c: _Cluster, schedule: Schedule) -> None:
        moved = schedule.start != c.schedule.start
        c.schedule = schedule
        if moved:
            self._unindex_block(c)
            c.minute = minute_of(schedule.start)
            self.block[c.minute].append(c)
            day = c.minute // 1440
            self.days[day].append(c)
            for o in c.evidence.org_ids:
                self.org_days[o][day].append(c)

    def _absorb(self, survivor: _Cluster, loser: _Cluster) -> None:
        """A late merge: ``loser`` is the same event as ``survivor``, which keeps its id."""
        if loser is survivor or loser.into is not None:
            return
        new_orgs = [o for o in loser.evidence.org_ids if o not in survivor.evidence.org_ids]
        new_links = [k for k in loser.evidence.joins + loser.evidence.urls
                     if k not in survivor.evidence.joins and k not in survivor.evidence.urls] if self.linked else ()
        survivor.evidence.absorb(loser.evidence)
        survivor.record.absorb(loser.record)
        self._reschedule(survivor, combine(survivor.schedule, loser.schedule))
        day = survivor.minute // 1440
        for o in new_orgs:
            self.org_days[o][day].append(survivor)
        for k in new_links:
            self.by_link[k].append(survivor)
        loser.into = survivor
        self._unindex_block(loser)
        for a in loser.record.announcement_ids:
            self._remember(a, survivor)
        if loser.base is not None:  # an id users may have subscribed to: keep it as a pointer
            self.losers.append(loser)

    def _join(self, c: _Cluster, f: Features, ann: Announcement, ex: Extraction, own: frozenset[str],
              known: bool = False) -> None:
        """Add announcement ``f`` to event ``c``, which is in the lookup indexes already."""
        ev = c.evidence
        new_org = f.org_id not in ev.org_ids
        if self.linked:
            new_links = [k for k in f.joins + ((f.url,) if f.url else ()) if k not in ev.joins and k not in ev.urls]
        else:
            new_links = ()
        if f.start is not None:
            ev.add(f, own)
        else:  # a post with no start lends its links and organizer, not its words
            ev.add(replace(f, tokens=_EMPTY, text="", episode=None), own)
        c.record.add(ann, ex, self.organizer(ann) if new_org else None, f.seen, known)
        if self.by_ann or self.repeated:  # self._remember, when it can remember anything
            self._remember(ann.id, c)
        if new_org:
            self.org_days[f.org_id][c.minute // 1440].append(c)
            if c.schedule.date_only:
                self.dated_orgs.add(f.org_id)
        for k in new_links:
            self.by_link[k].append(c)
        s = c.schedule
        if f.start is None or not (f.notice or s.date_only or s.status == "postponed" or ex.end is not None):
            return  # a reminder or a cross-post: the schedule stays (status.apply would say so, slower)
        schedule = apply(s, _news(f, ex))
        if schedule is not s:
            self._reschedule(c, schedule)

    # -- result --------------------------------------------------------------------------------
    def free(self) -> None:
        """Drop the lookup indexes (nothing more will be added): before the events are built."""
        self.block.clear()
        self.days.clear()
        self.org_days.clear()
        self.by_link.clear()
        self.postponed.clear()
        self.by_ann.clear()

    def outcome(self, assigned: list[tuple[str, _Cluster]], issue: bool = True, every: bool = False) -> DedupOutcome:
        """The events ``assigned`` ended in (new or changed since last issued), and pointers for the
        issued events merged away since the last outcome. ``issue``: the events now count as issued
        (written), so that a later merge leaves a pointer and a later outcome only what changed since;
        ``every``: also every other stored event that changed."""
        out = DedupOutcome()
        assignments, events = out.assignments, out.events
        done = set()
        for ann_id, c in assigned:
            while c.into is not None:
                c = c.into
            assignments[ann_id] = c.event_id
            if c.event_id in done:
                continue
            done.add(c.event_id)
            event = c.to_event()
            if c.base is None or event != c.base:
                events[event.event_id] = event
                if issue:
                    c.base = event
        for loser in self.losers:
            survivor = loser.find()
            if loser.base.merged_into == survivor.event_id:
                continue
            pointer = replace(loser.base, status="cancelled", merged_into=survivor.event_id,
                              version=loser.base.version + 1)
            events[loser.event_id] = pointer
            if issue:
                loser.base = pointer
        self.losers = []
        if every:
            for c in self.by_id.values():
                if c.into is None and c.base is not None and c.event_id not in done:
                    event = c.to_event()
                    if event != c.base:
                        events[event.event_id] = event
        return out


_MATCHER: Matcher | None = None


def default_matcher() -> Matcher:
    """The matcher with the weights shipped in the package (read once)."""
    global _MATCHER
    if _MATCHER is None:
        _MATCHER = Matcher.load()
    return _MATCHER


def assign_events(items: Iterable[tuple[Announcement, Extraction]], store: EventStore, *,
                  matcher: Matcher | None = None) -> DedupOutcome:
    """Group announcements into events, matching them with each other and with the store's events.

    Dated events are processed by (published, event id of the announcement), whatever the order of
    ``items``; then posts that state no start join the event the matcher finds for them, if any.
    Items that neither are dated events nor join one get no assignment. Features are computed one
    announcement at a time and dropped once matched, so the working memory is the events, not the
    announcements. The same as one ``Deduplicator`` fed ``items`` and finished."""
    with _no_cyclic_gc():
        engine = _Engine(store, matcher or default_matcher())
        undated: list = []
        assigned = engine.dated(items, undated)
        engine.undated(undated, assigned)
        engine.free()
        outcome = engine.outcome(assigned, issue=False, every=True)
        # The run's books are garbage now: freed by reference counting here, before the collector is
        # back, or its first collection would walk every one of them (most of the young objects).
        del engine, assigned, undated
    return outcome


class Deduplicator:
    """One engine for a whole run that comes in pages: ``feed`` each page in the order of reading,
    then ``finish``.

    A page's dated posts are matched when it is fed, against everything fed before (kept here, never
    re-read) and the store's events; ``feed`` returns the events they made or changed, to be written
    before the page's announcements are marked done. Posts with no start wait (``waiting``) until
    ``finish``, which attaches them all, as one batch would: so pages of any size give the events of
    one batch. A run killed before ``finish`` leaves them pending, and the run that resumes meets
    the events written so far through the store, rebuilt exactly (``Event.match_keys``)."""

    def __init__(self, store: EventStore, matcher: Matcher | None = None):
        self._engine = _Engine(store, matcher or default_matcher())
        self.waiting: list[tuple[Announcement, Extraction]] = []

    def feed(self, items: Iterable[tuple[Announcement, Extraction]], features: Iterable[Features | None] | None = None
             ) -> DedupOutcome:
        """Match a page; its new or changed events, pointers of events merged away, its assignments.
        ``features``: each item's ``features_of`` if computed already (None for those not)."""
        with _no_cyclic_gc():
            engine = self._engine
            return engine.outcome(engine.dated(items, self.waiting, features))

    def finish(self) -> DedupOutcome:
        """Attach the waiting posts with no start; their events and assignments. Nothing may be fed after."""
        with _no_cyclic_gc():
            engine = self._engine
            assigned: list[tuple[str, _Cluster]] = []
            engine.undated(self.waiting, assigned)
            self.waiting = []
            engine.free()
            return engine.outcome(assigned)


@contextmanager
def _no_cyclic_gc():
    # A run allocates many long-lived containers and no reference cycles: the cyclic collector
    # would only rescan them (a third of the run time at 100k announcements, growing with size).
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def group_undated(items: Iterable[tuple[Announcement, Extraction]], matcher: Matcher | None = None,
                  window: timedelta = UNDATED_BEFORE) -> dict[str, str]:
    """Posts that joined no event, grouped when the matcher takes two of one organizer for one post
    (a cross-post of something extraction does not date): announcement id -> group id, the id the
    earliest would give. Each post is compared with its organizer's posts of the ``window`` before it."""
    matcher = matcher or default_matcher()
    by_org: dict[str, list] = defaultdict(list)
    for ann, ex in items:
        by_org[ann.org_id].append((order_key(ann), ann, ex))
    group: dict[str, str] = {}
    for posts in by_org.values():
        posts.sort(key=lambda p: p[0])
        own = org_tokens(posts[0][1].org_name)
        seen_features: list[tuple[Features, _Evidence]] = []
        for key, ann, ex in posts:
            f = features_of(ann, ex, key)
            best = None
            for g, ev in reversed(seen_features):
                if f.seen - g.seen > window:
                    break
                m = matcher.margin(compare(f, own, ev, "none"))
                if m > 0 and (best is None or m > best[0]):
                    best = (m, g)
            group[ann.id] = group[best[1].ann_id] if best else f.event_id
            seen_features.append((f, _Evidence.of(f, own)))
    return group


_first = itemgetter(0)  # sort keys: a C call per item, not a Python function's
