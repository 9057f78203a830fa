"""Filtered iCal feeds on demand: /calendar.ics, /org/{id}.ics, /country/{CC}.ics, /events/{id}.ics."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from aggregator.errors import ElasticsearchUnavailable, InvalidFilter
from aggregator.ical.filters import FeedFilter
from aggregator.ical.feeds import SAFE_NAME
from aggregator.ical.labels import LANGUAGES, calendar_name, labels
from aggregator.ical.render import render_calendar
from aggregator.web.cache import CachedFeed
from aggregator.web.http import feed_response, parse_filter
from aggregator.web.names import registry_names

__all__ = ["ROUTES", "calendar_ics", "org_ics", "country_ics", "event_ics", "render_feed", "published_file"]

log = logging.getLogger("aggregator.web")


def render_feed(store, flt: FeedFilter, now: datetime, past_days: int,
                org_names: dict[str, dict[str, str]] | None = None) -> bytes:
    """The calendar of the events ``flt`` selects at ``now``, named in words after the filter
    (organization names from ``org_names``, ``{id: {"ar", "latin"}}``, else from the events)."""
    events = store.search(flt, now=now, past_days=past_days)
    names = dict(org_names or {})
    for event in events:
        for org in event.organizers:
            if org.id in flt.orgs and org.id not in names and org.name:
                names[org.id] = {"ar": org.name}
    words = labels(flt.lang)
    name = calendar_name(flt.lang, orgs=flt.orgs, org_types=flt.org_types, countries=flt.countries,
                         platforms=flt.platforms, q=flt.q, org_names=names)
    return render_calendar(events, name=name, description=words["calendar_description"], now=now,
                           past_days=past_days, lang=flt.lang)


def published_file(public_dir: Path, path: str, query: dict[str, str]) -> Path | None:
    """The file publish_calendars wrote for this request, when it serves the same bytes: the
    unfiltered feeds (calendar.ics, org/<id>.ics, country/<CC>.ics) in the published language, Arabic."""
    if any(key != "lang" for key in query) or query.get("lang", "ar") != "ar":
        return None
    parts = path.strip("/").split("/")
    if parts == ["calendar.ics"]:
        return public_dir / "calendar.ics"
    if len(parts) == 2 and parts[0] in ("org", "country") and parts[1].endswith(".ics"):
        stem = parts[1][:-4]
        if parts[0] == "country":
            stem = stem.upper()
        if SAFE_NAME.match(stem):
            return public_dir / parts[0] / f"{stem}.ics"
    return None


def stale_response(request: Request, exc: ElasticsearchUnavailable, filename: str) -> Response:
    """Elasticsearch is down: the last published file with headers saying how old it is, or the 503."""
    state = request.app.state
    path = published_file(Path(state.settings.public_dir), request.url.path[len(request.scope.get("root_path", "")):],
                          dict(request.query_params))
    try:
        if path is None:
            raise FileNotFoundError
        body = path.read_bytes()
        mtime = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
    except OSError:
        raise exc from None
    log.warning("%s: Elasticsearch down, serving %s published at %s: %s", request.url.path, path, mtime.isoformat(), exc)
    response = feed_response(request, CachedFeed.of(body, mtime), filename, 60)
    age = max(0, int((state.clock() - mtime).total_seconds()))
    response.headers["Age"] = str(age)
    response.headers["X-Feed-Generated-At"] = format_datetime(mtime.replace(microsecond=0), usegmt=True)
    # RFC 7234's "Response is stale"; the Age header says by how much.
    response.headers["Warning"] = '110 - "Response is stale: the event store is down, this is the last published feed"'
    response.headers["Cache-Control"] = "public, max-age=60"
    return response


async def _feed(request: Request, flt: FeedFilter, filename: str) -> Response:
    state = request.app.state
    cache = state.feed_cache
    key = f"calendar?{flt.query_string()}"
    entry = cache.fresh(key)
    if entry is None:
        async with cache.lock(key):
            entry = cache.fresh(key)
            if entry is None:
                now = state.clock()
                names = registry_names(request) if flt.orgs else {}
                try:
                    body = await run_in_threadpool(render_feed, state.store, flt, now, state.settings.past_days, names)
                except ElasticsearchUnavailable as exc:
                    return stale_response(request, exc, filename)
                entry = cache.store(key, body, now)
    return feed_response(request, entry, filename, state.max_age)


async def _filter(request: Request, filename: str, extra: dict[str, str] | None = None) -> FeedFilter | Response:
    # Checking an org id asks the store which organizations exist: down, the published file still answers.
    try:
        flt, _ = await parse_filter(request, extra)
    except ElasticsearchUnavailable as exc:
        return stale_response(request, exc, filename)
    return flt


async def calendar_ics(request: Request) -> Response:
    """Every event, or those the query string's filters select."""
    flt = await _filter(request, "calendar.ics")
    return flt if isinstance(flt, Response) else await _feed(request, flt, "calendar.ics")


async def org_ics(request: Request) -> Response:
    """The events of one organization."""
    org_id = request.path_params["org_id"]
    flt = await _filter(request, f"{org_id}.ics", {"org": org_id})
    return flt if isinstance(flt, Response) else await _feed(request, flt, f"{org_id}.ics")


async def country_ics(request: Request) -> Response:
    """The events of one country (of the event or of an organizer)."""
    country = request.path_params["country"]
    flt = await _filter(request, f"{country.upper()}.ics", {"country": country})
    return flt if isinstance(flt, Response) else await _feed(request, flt, f"{country.upper()}.ics")


async def event_ics(request: Request) -> Response:
    """One event as a downloadable calendar, whatever its date."""
    state = request.app.state
    event_id = request.path_params["event_id"]
    if len(event_id) > 200:
        raise HTTPException(404, "no such event")
    if request.query_params:
        FeedFilter.from_params([(k, v) for k, v in request.query_params.multi_items() if k != "lang"])
    lang = request.query_params.get("lang", "ar")
    if lang not in LANGUAGES:
        raise InvalidFilter(f"unknown lang {lang[:20]!r}; accepted: {', '.join(LANGUAGES)}", "lang")
    event = await run_in_threadpool(state.store.get, event_id)
    if event is None:
        raise HTTPException(404, f"no event {event_id[:80]!r}")
    words = labels(lang)
    body = render_calendar([event], name=event.title, description=words["calendar_description"],
                           now=state.clock(), past_days=None, lang=lang)
    response = feed_response(request, CachedFeed.of(body, event.last_seen), "event.ics", state.max_age)
    safe_name = "".join(c if c.isalnum() or c in "-_." else "-" for c in event_id)[:80]
    response.headers["Content-Disposition"] = f'attachment; filename="{safe_name}.ics"'
    return response


ROUTES = [
    Route("/calendar.ics", calendar_ics, methods=["GET"]),
    Route("/org/{org_id}.ics", org_ics, methods=["GET"]),
    Route("/country/{country}.ics", country_ics, methods=["GET"]),
    Route("/events/{event_id}.ics", event_ics, methods=["GET"]),
]
