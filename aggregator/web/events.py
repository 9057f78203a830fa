"""The events API: /api/events (the page's list, filtered like the feeds) and /api/filters (what to filter on)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from aggregator.countries import COUNTRY_TIMEZONES
from aggregator.errors import InvalidFilter
from aggregator.ical.filters import PARAMETERS
from aggregator.ical.labels import LANGUAGES, PLATFORM_NAMES
from aggregator.ical.render import http_url
from aggregator.models import ORG_TYPES, PLATFORMS, Event
from aggregator.web.http import base_url, parse_filter
from aggregator.web.names import organizer_names, registry_names

__all__ = ["ROUTES", "api_events", "api_filters", "API_LIMIT", "API_MAX_LIMIT"]

API_LIMIT = 200
API_MAX_LIMIT = 1000


def event_json(event: Event, base: str, lang: str = "ar",
               registry: dict[str, dict[str, str]] | None = None) -> dict[str, Any]:
    """What the page shows of an event, organizers named in ``lang``; links only when they are plain http(s)."""
    page = f"{base}event/{quote(event.event_id, safe='')}" + ("" if lang == "ar" else f"?lang={lang}")
    return {
        "event_id": event.event_id,
        "title": event.title,
        "start": event.start.isoformat(),
        "end": event.end.isoformat() if event.end else None,
        "timezone": event.timezone,
        "status": "cancelled" if event.merged_into else event.status,
        "previous_start": event.previous_start.isoformat() if event.previous_start else None,
        "online": event.online,
        "hybrid": event.hybrid,
        "platform": event.platform,
        "platform_name": PLATFORM_NAMES.get(event.platform or "", "") or None,
        "join_url": http_url(event.join_url),
        "organizers": organizer_names(event.organizers, lang, registry or {}),
        "countries": list(event.countries),
        "source_url": next((u for u in (http_url(s) for s in event.source_urls) if u), None),
        "description": (event.description or "")[:600],
        "ics_url": f"{base}events/{quote(event.event_id, safe='')}.ics",
        "page_url": page,
        "version": event.version,
    }


def subscribe_links(base: str, path: str, query: str) -> dict[str, str]:
    """The https, webcal and Google Calendar links of a feed."""
    https = f"{base}{path}" + (f"?{query}" if query else "")
    webcal = "webcal://" + https.split("://", 1)[1]
    return {
        "https": https,
        "webcal": webcal,
        # Google Calendar's "add by URL": it fetches the feed itself and refreshes it.
        "google": "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe=""),
    }


async def api_events(request: Request) -> Response:
    """Up to ``limit`` events the filters select, from ``past_days`` ago on, with the matching feed's links.

    Answers are kept ``cache_seconds`` (create_app) per filter, limit and window."""
    state = request.app.state
    flt, others = await parse_filter(request, allowed=("limit", "past_days"))
    try:
        limit = int(others.get("limit", API_LIMIT))
        window = int(others.get("past_days", 0))
    except ValueError:
        raise InvalidFilter("limit and past_days must be whole numbers") from None
    if not 1 <= limit <= API_MAX_LIMIT or not 0 <= window <= 365:
        raise InvalidFilter(f"limit must be 1..{API_MAX_LIMIT} and past_days 0..365")
    base = base_url(request)
    key = f"{base}?{flt.query_string()}&limit={limit}&past_days={window}"
    body = state.events_cache.get(key)
    if body is None:
        now = state.clock()
        registry = registry_names(request)
        events = await run_in_threadpool(lambda: state.store.search(flt, now=now, past_days=window, limit=limit))
        body = JSONResponse({
            "now": now.isoformat(),
            "count": len(events),
            "filters": dict(flt.to_params()),
            "feed": subscribe_links(base, "calendar.ics", flt.query_string()),
            "events": [event_json(e, base, flt.lang, registry) for e in events],
        }).body
        state.events_cache.put(key, body)
    return Response(body, media_type="application/json", headers={"Cache-Control": "public, max-age=60"})


async def api_filters(request: Request) -> Response:
    """Every accepted filter value: organizations seen, kinds, countries, platforms, languages."""
    orgs = await request.app.state.organizations.get()
    registry = registry_names(request)
    orgs = {k: {**v, "name_latin": (registry.get(k) or {}).get("latin") or v.get("name")} for k, v in orgs.items()}
    return JSONResponse(
        {
            "parameters": list(PARAMETERS),
            "org": [{"id": k, **v} for k, v in sorted(orgs.items(), key=lambda kv: kv[1].get("name") or kv[0])],
            "org_type": list(ORG_TYPES),
            "country": sorted(COUNTRY_TIMEZONES),
            "platform": [{"id": p, "name": PLATFORM_NAMES.get(p) or p} for p in PLATFORMS],
            "lang": list(LANGUAGES),
        },
        headers={"Cache-Control": "public, max-age=60"},
    )


ROUTES = [
    Route("/api/events", api_events, methods=["GET"]),
    Route("/api/filters", api_filters, methods=["GET"]),
]
