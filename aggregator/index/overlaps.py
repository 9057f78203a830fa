"""Overlaps for organizers: which scheduled events collide with a time slot, and for which audience.

An event "overlaps" the slot when it runs at any moment of [start - margin, end + margin).
Events without an end are taken to last ``default_duration``. Merged duplicates and cancelled
events are left out. The audience an event shares with the slot is reported per dimension:
same country, same kind of organization, and which topic words its title/description matches
(through the Arabic-aware analyzer, so "ندوة" finds "الندوات").

Collision score (0-100), the sort order, reported with its two parts so it can be read:
    time     = overlapping minutes / slot minutes; an event only inside the margin gets up to 0.1
    audience = (1 + shared dimensions) / (1 + asked dimensions); topic counts as the share of words matched
               (the 1 stands for "online at the same time", which every overlapping event shares)
    score    = 100 * time * audience
So the same country and kind of organization (audience 3/3 = 1) for 30 minutes of a 2-hour slot
(time 0.25) scores 25: the explanation says exactly that.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Iterator

from elasticsearch import Elasticsearch

__all__ = ["Overlap", "Cluster", "find_overlaps", "overlap_report", "known_organizations", "DEFAULT_MARGIN", "DEFAULT_EVENT_DURATION"]

DEFAULT_MARGIN = timedelta(minutes=30)
DEFAULT_EVENT_DURATION = timedelta(minutes=60)
_FIELDS = ["event_id", "title", "start", "end", "timezone", "platform", "status", "organizers",
           "countries", "org_types", "join_url"]
_LIVE = [{"exists": {"field": "merged_into"}}, {"term": {"status": "cancelled"}}]


@dataclass
class Overlap:
    """One event colliding with the asked slot."""

    event_id: str
    title: str
    start: str
    end: str | None
    timezone: str | None
    platform: str | None
    organizers: list[dict]
    countries: list[str]
    org_types: list[str]
    overlap_minutes: int
    gap_minutes: int  # > 0 when the event is only within the margin
    shared: dict[str, Any] = field(default_factory=dict)
    score: float = 0.0
    time_overlap: float = 0.0  # the time part of the score, 0-1
    audience_overlap: float = 0.0  # the audience part of the score, 0-1
    explanation: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Cluster:
    """Events in the same stretch of time that compete for the same audience."""

    start: str
    end: str
    countries: list[str]
    org_types: list[str]
    events: list[dict]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _dt(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _iso(value: datetime) -> str:
    return value.astimezone(timezone.utc).isoformat()


def _window_query(lo: datetime, hi: datetime, default_duration: timedelta) -> dict[str, Any]:
    """Events running at some moment of [lo, hi)."""
    return {"bool": {
        "filter": [
            {"range": {"start": {"lt": _iso(hi)}}},
            {"bool": {"should": [
                {"range": {"end": {"gt": _iso(lo)}}},
                {"bool": {"must_not": {"exists": {"field": "end"}},
                          "filter": {"range": {"start": {"gt": _iso(lo - default_duration)}}}}},
            ], "minimum_should_match": 1}},
        ],
        "must_not": _LIVE,
    }}


def find_overlaps(
    client: Elasticsearch,
    index: str,
    start: datetime,
    duration: timedelta,
    *,
    margin: timedelta = DEFAULT_MARGIN,
    country: str | None = None,
    org_types: tuple[str, ...] | list[str] = (),
    topics: tuple[str, ...] | list[str] = (),
    shared_only: bool = False,
    limit: int = 500,
    default_duration: timedelta = DEFAULT_EVENT_DURATION,
    own_orgs: tuple[str, ...] | list[str] = (),
) -> list[Overlap]:
    """Every live event overlapping [start - margin, start + duration + margin), most colliding first.

    Events of ``own_orgs`` (the asking organizer's) are left out: they do not compete with it."""
    if start.tzinfo is None:
        raise ValueError("start needs a UTC offset, e.g. 2026-03-12T20:00+01:00")
    if duration <= timedelta(0):
        raise ValueError("duration must be positive")
    end = start + duration
    query = _window_query(start - margin, end + margin, default_duration)
    if own_orgs:
        query["bool"]["must_not"] = [*query["bool"]["must_not"], {"terms": {"organizer_ids": list(own_orgs)}}]
    should: list[dict[str, Any]] = []
    if country:
        should.append({"term": {"countries": {"value": country.upper(), "_name": "country"}}})
    if org_types:
        should.append({"terms": {"org_types": list(org_types), "_name": "org_type"}})
    words = [w for t in topics for w in t.split() if w.strip()]
    for i, word in enumerate(words):
        should.append({"multi_match": {"query": word, "fields": ["title", "description"], "_name": f"topic:{i}"}})
    if should:
        query["bool"]["should"] = should
        if shared_only:
            query["bool"]["minimum_should_match"] = 1
    response = client.search(index=index, query=query, size=limit, _source=_FIELDS, ignore_unavailable=True,
                             sort=[{"start": "asc"}, {"event_id": "asc"}], track_total_hits=False)
    asked = (1 if country else 0) + (1 if org_types else 0) + (1 if words else 0)
    result = []
    for hit in response["hits"]["hits"]:
        doc = hit["_source"]
        matched = set(hit.get("matched_queries") or ())
        ev_start = _dt(doc["start"])
        ev_end = _dt(doc["end"]) if doc.get("end") else ev_start + default_duration
        overlap = max(timedelta(0), min(end, ev_end) - max(start, ev_start))
        gap = max(timedelta(0), max(start, ev_start) - min(end, ev_end)) if overlap == timedelta(0) else timedelta(0)
        shared: dict[str, Any] = {}
        if country:
            shared["country"] = "country" in matched
        if org_types:
            shared["org_type"] = sorted(set(org_types) & set(doc.get("org_types") or ())) if "org_type" in matched else []
        if words:
            shared["topic"] = [w for i, w in enumerate(words) if f"topic:{i}" in matched]
        n_shared = (1 if shared.get("country") else 0) + (1 if shared.get("org_type") else 0)
        if words:
            n_shared += len(shared["topic"]) / len(words)
        if overlap > timedelta(0):
            time_factor = overlap / duration
        else:
            time_factor = 0.1 * max(0.0, 1 - gap / margin) if margin > timedelta(0) else 0.0
        time_factor = min(time_factor, 1.0)
        audience = (1 + n_shared) / (1 + asked)
        score = round(100 * time_factor * audience, 1)
        explanation = _explain(overlap, gap, duration, margin, time_factor, shared, n_shared, asked, score)
        result.append(Overlap(
            event_id=doc.get("event_id") or hit["_id"], title=doc.get("title") or "", start=doc["start"],
            end=doc.get("end"), timezone=doc.get("timezone"), platform=doc.get("platform"),
            organizers=doc.get("organizers") or [], countries=doc.get("countries") or [],
            org_types=doc.get("org_types") or [], overlap_minutes=int(overlap.total_seconds() // 60),
            gap_minutes=int(gap.total_seconds() // 60), shared=shared, score=score,
            time_overlap=round(time_factor, 3), audience_overlap=round(audience, 3), explanation=explanation,
        ))
    result.sort(key=lambda o: (-o.score, _dt(o.start), o.event_id))
    return result


def known_organizations(client: Elasticsearch, index: str) -> set[str]:
    """Every organization id that has an event in the index (what an --org / org= may name)."""
    response = client.search(index=index, size=0, track_total_hits=False, ignore_unavailable=True,
                             aggs={"orgs": {"terms": {"field": "organizer_ids", "size": 10000}}})
    return {str(b["key"]) for b in (response.get("aggregations") or {}).get("orgs", {}).get("buckets", ())}


def _minutes(value: timedelta) -> int:
    return int(value.total_seconds() // 60)


def _explain(overlap, gap, duration, margin, time_factor, shared, n_shared, asked, score) -> str:
    if overlap > timedelta(0):
        time_part = f"time {_minutes(overlap)} of {_minutes(duration)} min = {time_factor:.2f}"
    else:
        time_part = f"time: only {_minutes(gap)} min away, inside the {_minutes(margin)} min margin = {time_factor:.2f}"
    if not asked:
        return f"{time_part} × audience not asked (1.00) = {score:g}"
    parts = []
    if "country" in shared:
        parts.append("same country" if shared["country"] else "other country")
    if "org_type" in shared:
        parts.append(f"same kind ({', '.join(shared['org_type'])})" if shared["org_type"] else "other kind")
    if "topic" in shared:
        parts.append(f"topic {len(shared['topic'])} word(s) matched" if shared["topic"] else "no topic word")
    shown = f"{n_shared:.2f}".rstrip("0").rstrip(".")
    return (f"{time_part} × audience (1 + {shown} shared) / (1 + {asked} asked) = {(1 + n_shared) / (1 + asked):.2f} "
            f"[{'; '.join(parts)}] = {score:g}")


def _scan(client: Elasticsearch, index: str, query: dict, page: int = 5000) -> Iterator[dict]:
    after = None
    while True:
        kwargs: dict[str, Any] = {"index": index, "query": query, "size": page, "_source": _FIELDS,
                                  "sort": [{"start": "asc"}, {"event_id": "asc"}], "track_total_hits": False,
                                  "ignore_unavailable": True}  # no events index yet: no events
        if after:
            kwargs["search_after"] = after
        hits = client.search(**kwargs)["hits"]["hits"]
        yield from (h["_source"] for h in hits)
        if len(hits) < page:
            return
        after = hits[-1]["sort"]


def overlap_report(
    client: Elasticsearch,
    index: str,
    start: datetime,
    end: datetime,
    *,
    margin: timedelta = timedelta(0),
    country: str | None = None,
    org_types: tuple[str, ...] | list[str] = (),
    min_size: int = 2,
    default_duration: timedelta = DEFAULT_EVENT_DURATION,
) -> list[Cluster]:
    """Clusters of live events in [start, end) that overlap in time (within ``margin``) and share
    a country and a kind of organization: the same audience is asked to choose between them."""
    query = _window_query(start, end, default_duration)
    if country:
        query["bool"]["filter"].append({"term": {"countries": country.upper()}})
    if org_types:
        query["bool"]["filter"].append({"terms": {"org_types": list(org_types)}})
    docs = list(_scan(client, index, query))
    spans = []
    for doc in docs:
        s = _dt(doc["start"])
        e = _dt(doc["end"]) if doc.get("end") else s + default_duration
        spans.append((s, e))
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    active: list[int] = []  # docs come sorted by start: sweep, keeping those still running
    for j, (s, _) in enumerate(spans):
        active = [i for i in active if spans[i][1] + margin > s]
        cj, tj = set(docs[j].get("countries") or ()), set(docs[j].get("org_types") or ())
        for i in active:
            if cj & set(docs[i].get("countries") or ()) and tj & set(docs[i].get("org_types") or ()):
                parent[find(i)] = find(j)
        active.append(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(docs)):
        groups.setdefault(find(i), []).append(i)
    clusters = []
    for members in groups.values():
        if len(members) < min_size:
            continue
        members.sort(key=lambda i: (spans[i][0], docs[i].get("event_id") or ""))
        countries = set.intersection(*(set(docs[i].get("countries") or ()) for i in members))
        kinds = set.intersection(*(set(docs[i].get("org_types") or ()) for i in members))
        clusters.append(Cluster(
            start=_iso(min(spans[i][0] for i in members)), end=_iso(max(spans[i][1] for i in members)),
            countries=sorted(countries or set().union(*(docs[i].get("countries") or () for i in members))),
            org_types=sorted(kinds or set().union(*(docs[i].get("org_types") or () for i in members))),
            events=[{k: docs[i].get(k) for k in ("event_id", "title", "start", "end", "platform", "organizers", "countries", "org_types")}
                    for i in members],
        ))
    clusters.sort(key=lambda c: (-len(c.events), c.start))
    return clusters
