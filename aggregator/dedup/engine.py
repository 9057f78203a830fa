"""Assign each (announcement, extraction) to an Event: match in a time block, merge, keep ids stable.

Blocking: an announcement is compared only with the events starting in the same UTC minute
(after time-zone resolution "20:00 Tunis" and "19:00 GMT" are one minute), so the cost is linear
in the number of announcements. Status notices (postponed, cancelled, corrected time) that do not
find their event in their own block look it up among the same organizer's events of a wider window.

Cost: an announcement's subject tokens come from a cache of whitespace chunks (names, places and
boilerplate repeat), its features are computed in processing order and dropped once matched, and
the working state of an event is a few small tuples/frozensets; the cyclic garbage collector is
paused during a run (it would only rescan long-lived containers). See benchmarks/bench_dedup.py.

Identity: a cluster's id derives from its earliest announcement by (published, id), and whenever
two clusters become one the earlier one's id survives; an id that was already issued (came from the
store) and loses becomes a cancelled event pointing to the survivor. So the final ids do not depend
on the order announcements arrive in.
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Iterable, Protocol

from aggregator.dedup.features import Features, features_of, minute_of, order_key, org_tokens
from aggregator.dedup.match import match_score
from aggregator.models import Announcement, Event, Extraction, Organizer

__all__ = ["assign_events", "DedupOutcome", "EventStore", "MemoryEventStore", "NOTICE_WINDOW"]

# Where a postponement/cancellation notice looks for its event: from a day before the earlier of
# its publication and its stated date, to this far after the later of them.
NOTICE_WINDOW = timedelta(days=60)
MAX_KEYS = 96


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


_ORG_TOKENS: dict[str, frozenset[str]] = {}
_ORGANIZERS: dict[tuple[str, str, str, str], Organizer] = {}
_EMPTY: frozenset = frozenset()


def _org_tokens(name: str) -> frozenset[str]:
    t = _ORG_TOKENS.get(name)
    if t is None:
        if len(_ORG_TOKENS) >= 100_000:
            _ORG_TOKENS.clear()
        t = _ORG_TOKENS[name] = org_tokens(name)
    return t


def _organizer(ann: Announcement) -> Organizer:
    """One shared Organizer per organization (they are many times fewer than announcements)."""
    key = (ann.org_id, ann.org_name, ann.org_type, ann.country)
    o = _ORGANIZERS.get(key)
    if o is None:
        if len(_ORGANIZERS) >= 100_000:
            _ORGANIZERS.clear()
        o = _ORGANIZERS[key] = Organizer(id=ann.org_id, name=ann.org_name, type=ann.org_type, country=ann.country)
    return o


def _day(dt: datetime) -> int:
    return int(dt.timestamp()) // 86400


class _Cluster:
    """The mutable working state of one event during a run.

    Small immutable containers (frozensets, tuples) shared with the announcement's features until
    something is added, and lists deduplicated only when the Event is built: most clusters hold one
    to three announcements, and an empty set costs more than the tuple of its few members."""

    __slots__ = (
        "event_id", "key", "base", "tokens", "org_ids", "org_names", "episodes", "joins", "past",
        "start", "minute", "end", "timezone", "status", "previous_start", "version", "state_seen", "title",
        "online", "hybrid", "platform", "join_url", "organizers", "source_urls", "announcement_ids",
        "first_seen", "last_seen", "description", "countries", "into", "merged_into",
    )

    def __init__(self):
        self.base: Event | None = None
        self.into: _Cluster | None = None
        self.merged_into: str | None = None

    def _set_start(self, start: datetime) -> None:
        self.start = start
        self.minute = minute_of(start)

    @classmethod
    def from_event(cls, e: Event) -> "_Cluster":
        c = cls()
        c.base = e
        c.event_id, c.key = e.event_id, (e.first_seen, e.event_id)
        tokens, episodes, joins, c.past = set(), set(), [], False
        for k in e.match_keys:
            if k.startswith("#ep:"):
                episodes.add(int(k[4:]))
            elif k.startswith("#j:"):
                joins.append(k[3:])
            elif k == "#past":
                c.past = True
            else:
                tokens.add(k)
        c.tokens, c.episodes, c.joins = frozenset(tokens), frozenset(episodes), tuple(dict.fromkeys(joins))
        organizers = {}
        for o in e.organizers:
            organizers.setdefault(o.id, o)
        c.organizers = tuple(organizers.values())
        c.org_ids = tuple(organizers)
        c.org_names = tuple({_org_tokens(o.name): None for o in c.organizers})
        c._set_start(e.start)
        c.end, c.timezone, c.status = e.end, e.timezone, e.status
        c.previous_start, c.version, c.state_seen = e.previous_start, e.version, e.state_seen
        c.title, c.online, c.hybrid, c.platform, c.join_url = e.title, e.online, e.hybrid, e.platform, e.join_url
        c.source_urls, c.announcement_ids = list(dict.fromkeys(e.source_urls)), list(dict.fromkeys(e.announcement_ids))
        c.first_seen, c.last_seen = e.first_seen, e.last_seen
        c.description, c.countries = e.description, tuple(dict.fromkeys(e.countries))
        c.merged_into = e.merged_into
        return c

    @classmethod
    def from_announcement(cls, f: Features, ann: Announcement, ex: Extraction) -> "_Cluster":
        c = cls()
        c.event_id, c.key = f.event_id, f.key
        c.tokens, c.joins, c.past = f.tokens, f.joins, f.past
        c.episodes = frozenset((f.episode,)) if f.episode is not None else _EMPTY
        c.org_ids, c.org_names, c.organizers = (f.org_id,), (_org_tokens(ann.org_name),), (_organizer(ann),)
        c._set_start(f.start)
        c.end, c.timezone = ex.end, ex.timezone or ann.timezone or "UTC"
        c.previous_start = None
        if f.status == "scheduled" and not f.correction:
            c.status, c.version, c.state_seen = "scheduled", 0, None
        else:  # born from a notice: it already records one change
            c.status = f.status
            c.version, c.state_seen = 1, f.seen
        c.title = ex.title or ann.title or ""
        c.online, c.hybrid, c.platform, c.join_url = ex.online, ex.hybrid, ex.platform, ex.join_url
        c.source_urls = [ann.url] if ann.url else []
        c.announcement_ids = [ann.id]
        c.first_seen = c.last_seen = f.seen
        c.description = (ann.text or "")[:2000]
        c.countries = (ann.country,) if ann.country else ()
        return c

    @classmethod
    def empty_for(cls, f: Features, ann: Announcement, ex: Extraction, start: datetime) -> "_Cluster":
        """The cluster an announcement founds when it turns out to be the earliest of known ones."""
        c = cls()
        c.event_id, c.key = f.event_id, f.key
        c.tokens, c.joins, c.past, c.episodes = _EMPTY, (), f.past, _EMPTY
        c.org_ids, c.org_names, c.organizers = (), (), ()
        c._set_start(start)
        c.end, c.timezone = ex.end, ex.timezone or ann.timezone or "UTC"
        c.previous_start = None
        c.status, c.version, c.state_seen = "scheduled", 0, None
        c.title = ex.title or ann.title or ""
        c.online, c.hybrid, c.platform, c.join_url = ex.online, ex.hybrid, ex.platform, ex.join_url
        c.source_urls, c.announcement_ids, c.countries = [], [], ()
        c.first_seen = c.last_seen = f.seen
        c.description = (ann.text or "")[:2000]
        return c

    def find(self) -> "_Cluster":
        c = self
        while c.into is not None:
            c = c.into
        return c

    def to_event(self) -> Event:
        keys = sorted(self.tokens)[:MAX_KEYS]
        if self.episodes:
            keys += [f"#ep:{n}" for n in sorted(self.episodes)]
        if self.joins:
            keys += [f"#j:{j}" for j in sorted(self.joins)]
        if self.past:
            keys.append("#past")
        organizers = self.organizers
        if len(organizers) > 1:
            organizers = tuple(sorted(organizers, key=lambda o: o.id))
        return Event(
            event_id=self.event_id, title=self.title, start=self.start, end=self.end, timezone=self.timezone,
            online=self.online, hybrid=self.hybrid, platform=self.platform, join_url=self.join_url,
            status=self.status, organizers=organizers,
            source_urls=tuple(sorted(set(self.source_urls))), announcement_ids=tuple(sorted(set(self.announcement_ids))),
            first_seen=self.first_seen, last_seen=self.last_seen, version=self.version,
            description=self.description, previous_start=self.previous_start, merged_into=self.merged_into,
            countries=tuple(sorted(self.countries)), match_keys=tuple(keys), state_seen=self.state_seen,
        )


class _Engine:
    def __init__(self, store: EventStore):
        self.store = store
        self.by_id: dict[str, _Cluster] = {}
        self.block: dict[int, list[_Cluster]] = defaultdict(list)
        self.org_days: dict[str, dict[int, list[_Cluster]]] = defaultdict(lambda: defaultdict(list))
        self.postponed: dict[str, list[_Cluster]] = defaultdict(list)  # born from a notice, original unknown
        # Announcement id -> its cluster, only for ids that can come again: those of events loaded from
        # the store and those that occur more than once in this run. Every other id is looked up once,
        # before it is added, and a dict of every id of a large run would only cost cache misses.
        self.by_ann: dict[str, _Cluster] = {}
        self.repeated: set[str] = set()
        self.searched: set[tuple] = set()
        self.losers: list[_Cluster] = []

    # -- indexes -------------------------------------------------------------------------------
    def _index(self, c: _Cluster) -> None:
        self.block[c.minute].append(c)
        day = c.minute // 1440
        for o in c.org_ids:
            self.org_days[o][day].append(c)
        if c.status == "postponed" and c.previous_start is None:
            for o in c.org_ids:
                self.postponed[o].append(c)
        if c.base is not None:
            for a in c.announcement_ids:
                self.by_ann[a] = c
        else:
            for a in c.announcement_ids:
                self._remember(a, c)

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
            c = _Cluster.from_event(e)
            self.by_id[c.event_id] = c
            self._index(c)

    def prefetch(self, minutes: set[int], ann_ids: list[str], org_ids: set[str], lo: datetime, hi: datetime) -> None:
        if not minutes:
            return
        self._load(self.store.blocks(minutes, ann_ids))
        self._load(self.store.search(lo - timedelta(days=1), hi + NOTICE_WINDOW, sorted(org_ids), status="postponed"))

    # -- matching ------------------------------------------------------------------------------
    def _scored(self, f: Features, own: frozenset[str], clusters: Iterable[_Cluster], notice: bool = False):
        out = []
        for c in clusters:
            while c.into is not None:
                c = c.into
            if c.status == "cancelled" and c.merged_into:
                continue
            s = match_score(f, own, c, notice=notice)
            if s > 0:
                out.append((s, c))
        return out

    def _wide(self, f: Features, own: frozenset[str], exclude_minute: bool) -> _Cluster | None:
        """The event a status notice is about, among its organizer's events of a wider window."""
        lo = min(f.start, f.seen) - timedelta(days=1)
        hi = max(f.start, f.seen) + NOTICE_WINDOW
        key = (f.org_id, _day(lo), _day(hi))
        if key not in self.searched:
            self.searched.add(key)
            self._load(self.store.search(lo, hi, [f.org_id]))
        days = self.org_days.get(f.org_id)
        if not days:
            return None
        pool = {id(c.find()): c.find() for d in range(_day(lo), _day(hi) + 1) for c in days.get(d, ())}
        pool = [c for c in pool.values() if lo <= c.start <= hi and not (exclude_minute and c.minute == f.minute)]
        scored = self._scored(f, own, pool, notice=True)
        if not scored:
            return None
        scored.sort(key=lambda sc: (-sc[0], abs((sc[1].start - f.start).total_seconds()), sc[1].key))
        return scored[0][1]

    def add(self, f: Features, ann: Announcement, ex: Extraction) -> _Cluster:
        known = self.by_ann.get(ann.id)
        own = _org_tokens(ann.org_name)
        if known is not None:
            matches = [known.find()]
        else:
            block = self.block.get(f.minute)
            ranked = self._scored(f, own, block) if block else []
            if len(ranked) > 1:
                ranked.sort(key=lambda sc: (-sc[0], sc[1].key))
                matches = list({id(c): c for _, c in ranked}.values())
            else:
                matches = [c for _, c in ranked]
            if not matches and (f.status != "scheduled" or f.correction):
                found = self._wide(f, own, exclude_minute=True)
                if found is not None:
                    matches = [found]
            if not matches and f.status == "scheduled" and f.org_id in self.postponed:
                found = self._original_of_postponed(f, own)
                if found is not None:
                    matches = [found]
        if not matches:
            c = _Cluster.from_announcement(f, ann, ex)
            self.by_id[c.event_id] = c
            self._index(c)
            return c
        target = matches[0]
        if f.key < min(c.key for c in matches):
            # this announcement is the earliest of the event: its id is the event's (order-independent)
            newc = _Cluster.empty_for(f, ann, ex, target.start)
            self.by_id[newc.event_id] = newc
            for c in matches:
                self._absorb(newc, c)
            self._index(newc)
            target = newc
        else:
            survivor = min(matches, key=lambda c: c.key)
            for c in matches:
                if c is not survivor:
                    self._absorb(survivor, c)
            target = survivor
        self._join(target, f, ann, ex, known is not None)
        return target

    def _original_of_postponed(self, f: Features, own: frozenset[str]) -> _Cluster | None:
        pool = []
        for c in self.postponed.get(f.org_id, ()):
            c = c.find()
            if c.previous_start is None and c.status == "postponed" and c.state_seen and c.state_seen >= f.seen \
                    and c.start != f.start:
                pool.append(c)
        scored = self._scored(f, own, pool, notice=True)
        if not scored:
            return None
        scored.sort(key=lambda sc: (-sc[0], sc[1].key))
        return scored[0][1]

    # -- updates -------------------------------------------------------------------------------
    def _move(self, c: _Cluster, start: datetime) -> None:
        self._unindex_block(c)
        c._set_start(start)
        self.block[c.minute].append(c)
        day = c.minute // 1440
        for o in c.org_ids:
            self.org_days[o][day].append(c)

    def _absorb(self, survivor: _Cluster, loser: _Cluster) -> None:
        """A late merge: ``loser`` is the same event as ``survivor``, which keeps its id."""
        if loser is survivor or loser.into is not None:
            return
        survivor.tokens = survivor.tokens | loser.tokens
        survivor.episodes = survivor.episodes | loser.episodes
        survivor.joins = tuple(dict.fromkeys(survivor.joins + loser.joins))
        for oid, org in zip(loser.org_ids, loser.organizers):
            if oid not in survivor.org_ids:
                survivor.org_ids += (oid,)
                survivor.organizers += (org,)
        survivor.org_names = tuple(dict.fromkeys(survivor.org_names + loser.org_names))
        survivor.source_urls = survivor.source_urls + loser.source_urls
        loser_ids = set(loser.announcement_ids)
        has_own = any(a not in loser_ids for a in survivor.announcement_ids)
        survivor_ids = set(survivor.announcement_ids)
        survivor.announcement_ids = survivor.announcement_ids + [a for a in loser.announcement_ids if a not in survivor_ids]
        survivor.countries = tuple(dict.fromkeys(survivor.countries + loser.countries))
        survivor.past = survivor.past or loser.past
        if not has_own or loser.first_seen < survivor.first_seen:
            survivor.title, survivor.description = loser.title or survivor.title, loser.description or survivor.description
        survivor.first_seen = min(survivor.first_seen, loser.first_seen) if has_own else loser.first_seen
        survivor.last_seen = max(survivor.last_seen, loser.last_seen) if survivor.last_seen else loser.last_seen
        for name in ("platform", "join_url", "end"):
            if getattr(survivor, name) is None:
                setattr(survivor, name, getattr(loser, name))
        survivor.online = survivor.online or loser.online
        survivor.hybrid = survivor.hybrid or loser.hybrid
        # the newest status news wins; a notice beats no news
        if loser.state_seen is not None and (survivor.state_seen is None or loser.state_seen > survivor.state_seen):
            if survivor.start != loser.start:
                self._move(survivor, loser.start)
            survivor.status, survivor.state_seen = loser.status, loser.state_seen
            survivor.previous_start = loser.previous_start or survivor.previous_start
        elif survivor.state_seen is not None and loser.state_seen is None and survivor.status == "postponed" \
                and survivor.previous_start is None and loser.start != survivor.start:
            survivor.previous_start = loser.start
        survivor.version = max(survivor.version, loser.version)
        loser.into = survivor
        self._unindex_block(loser)
        for a in loser.announcement_ids:
            self._remember(a, survivor)
        if loser.base is not None:  # an id users may have subscribed to: keep it as a pointer
            self.losers.append(loser)

    def _join(self, c: _Cluster, f: Features, ann: Announcement, ex: Extraction, known: bool = False) -> None:
        if not f.tokens <= c.tokens:
            c.tokens = c.tokens | f.tokens if c.tokens else f.tokens
        if f.episode is not None and f.episode not in c.episodes:
            c.episodes = c.episodes | {f.episode}
        for j in f.joins:
            if j not in c.joins:
                c.joins += (j,)
        if ann.org_id not in c.org_ids:
            c.organizers += (_organizer(ann),)
            c.org_ids += (ann.org_id,)
            names = _org_tokens(ann.org_name)
            if names not in c.org_names:
                c.org_names += (names,)
            self.org_days[ann.org_id][c.minute // 1440].append(c)
        if ann.url:
            c.source_urls.append(ann.url)
        ids = c.announcement_ids
        alone = not ids or (len(ids) == 1 and ids[0] == ann.id)
        if not known or ann.id not in ids:
            ids.append(ann.id)
        self._remember(ann.id, c)
        if ann.country and ann.country not in c.countries:
            c.countries += (ann.country,)
        if alone:
            c.first_seen = c.last_seen = f.seen
            c.title = ex.title or ann.title or c.title
            c.description = (ann.text or "")[:2000]
        else:
            if f.seen < c.first_seen:
                c.first_seen = f.seen
            if f.seen > c.last_seen:
                c.last_seen = f.seen
        c.platform = c.platform or ex.platform
        c.join_url = c.join_url or ex.join_url
        c.end = c.end or (ex.end if ex.start == c.start else None)
        c.online = c.online or ex.online
        c.hybrid = c.hybrid or ex.hybrid
        notice = f.status != "scheduled" or f.correction
        if notice:
            if c.state_seen is None or f.seen >= c.state_seen:
                changed = False
                if f.status == "cancelled":
                    changed = c.status != "cancelled"
                    c.status = "cancelled"
                elif f.start != c.start and not f.date_only:
                    c.previous_start = c.start
                    self._move(c, f.start)
                    c.status = "postponed" if f.status == "postponed" else c.status
                    changed = True
                elif f.status == "postponed" and c.status != "postponed":
                    c.status, changed = "postponed", True
                if changed:
                    c.version += 1
                c.state_seen = f.seen
            elif c.previous_start is None and f.start != c.start and f.status != "cancelled":
                c.previous_start = f.start
        elif c.status == "postponed" and c.previous_start is None and f.start != c.start:
            c.previous_start = f.start  # the original announcement of an event first seen postponed

    # -- result --------------------------------------------------------------------------------
    def outcome(self, assigned: list[tuple[str, _Cluster]]) -> DedupOutcome:
        # the lookup indexes are done with: free them before the events are built
        self.block.clear()
        self.org_days.clear()
        self.postponed.clear()
        self.by_ann.clear()
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
            if event != c.base:
                events[event.event_id] = event
        for loser in self.losers:
            survivor = loser.find()
            if loser.base.merged_into == survivor.event_id:
                continue
            events[loser.event_id] = replace(
                loser.base, status="cancelled", merged_into=survivor.event_id, version=loser.base.version + 1,
            )
        for c in self.by_id.values():
            if c.into is None and c.base is not None and c.event_id not in done:
                event = c.to_event()
                if event != c.base:
                    events[event.event_id] = event
        return out


def assign_events(
    items: Iterable[tuple[Announcement, Extraction]], store: EventStore, now: datetime | None = None
) -> DedupOutcome:
    """Group announcements into events, matching them with each other and with the store's events.

    Items that are not events or have no start get no assignment. The result is the same whatever
    the order of ``items``: they are processed by (published, event id of the announcement).
    Features are computed one announcement at a time in that order and dropped once matched, so
    the working memory is the clusters, not the announcements."""
    # The run allocates many long-lived containers and no reference cycles: the cyclic collector
    # would only rescan them (a third of the run time at 100k announcements, growing with size).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _assign(items, store)
    finally:
        if collecting:
            gc.enable()


def _assign(items: Iterable[tuple[Announcement, Extraction]], store: EventStore) -> DedupOutcome:
    engine = _Engine(store)
    # Items are processed in (published, event id) order. They are bucketed by day of publication
    # first and each day is sorted on its own: the same order as one sort of everything, at a cost per
    # announcement that does not grow with the size of the run (a day holds a bounded number of posts).
    by_day: dict[int, list[tuple[datetime, str, Announcement, Extraction]]] = defaultdict(list)
    minutes: set[int] = set()
    org_ids: set[str] = set()
    ann_ids: list[str] = []
    lo = hi = None
    for ann, ex in items:
        if not ex.is_event or ex.start is None:
            continue
        seen, event_id = order_key(ann)
        by_day[int(seen.timestamp()) // 86400].append((seen, event_id, ann, ex))
        ann_ids.append(ann.id)
        start = ex.start if ex.start.tzinfo else ex.start.replace(tzinfo=timezone.utc)
        minutes.add(minute_of(start))
        org_ids.add(ann.org_id)
        if lo is None or start < lo:
            lo = start
        if hi is None or start > hi:
            hi = start
    if len(set(ann_ids)) != len(ann_ids):
        engine.repeated = {a for a, k in Counter(ann_ids).items() if k > 1}
    engine.prefetch(minutes, ann_ids, org_ids, lo, hi)
    del minutes, ann_ids
    add = engine.add
    assigned: list[tuple[str, _Cluster]] = []
    keep = assigned.append
    for day in sorted(by_day):
        batch = by_day.pop(day)  # each day's items are freed once it is done
        batch.sort(key=_first_two)
        for seen, event_id, ann, ex in batch:
            keep((ann.id, add(features_of(ann, ex, (seen, event_id)), ann, ex)))
    return engine.outcome(assigned)


def _first_two(t: tuple) -> tuple:
    return (t[0], t[1])
