"""Filtered iCal feeds on demand: /calendar.ics, /org/{id}.ics, /country/{CC}.ics, /events/{id}.ics."""

from __future__ import annotations

from datetime import datetime

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from aggregator.errors import InvalidFilter
from aggregator.ical.filters import FeedFilter
from aggregator.ical.labels import LANGUAGES, labels
from aggregator.ical.render import render_calendar
from aggregator.web.cache import CachedFeed
from aggregator.web.http import feed_response, parse_filter

__all__ = ["ROUTES", "calendar_ics", "org_ics", "country_ics", "event_ics", "render_feed"]


def render_feed(store, flt: FeedFilter, now: datetime, past_days: int) -> bytes:
    """The calendar of the events ``flt`` selects at ``now``, named after the filter."""
    events = store.search(flt, now=now, past_days=past_days)
    words = labels(flt.lang)
    name = words["calendar"]
    described = [value for key, value in flt.to_params() if key != "lang"]
    if described:
        name = f"{name} — {' · '.join(described)}"
    return render_calendar(events, name=name, description=words["calendar_description"], now=now,
                           past_days=past_days, lang=flt.lang)


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
                body = await run_in_threadpool(render_feed, state.store, flt, now, state.settings.past_days)
                entry = cache.store(key, body, now)
    return feed_response(request, entry, filename, state.max_age)


async def calendar_ics(request: Request) -> Response:
    """Every event, or those the query string's filters select."""
    flt, _ = await parse_filter(request)
    return await _feed(request, flt, "calendar.ics")


async def org_ics(request: Request) -> Response:
    """The events of one organization."""
    org_id = request.path_params["org_id"]
    flt, _ = await parse_filter(request, {"org": org_id})
    return await _feed(request, flt, f"{org_id}.ics")


async def country_ics(request: Request) -> Response:
    """The events of one country (of the event or of an organizer)."""
    country = request.path_params["country"]
    flt, _ = await parse_filter(request, {"country": country})
    return await _feed(request, flt, f"{country.upper()}.ics")


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
