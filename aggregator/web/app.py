"""The HTTP app: filtered iCal feeds with ETag/304, the events API and the public page."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from aggregator.countries import COUNTRY_TIMEZONES
from aggregator.errors import AggregatorError, ElasticsearchUnavailable, IndexError_
from aggregator.ical.filters import PARAMETERS, FeedFilter, InvalidFilter
from aggregator.ical.labels import LANGUAGES, PLATFORM_NAMES, labels
from aggregator.ical.render import http_url, render_calendar
from aggregator.index.api import ROUTES as ANALYTICS_ROUTES
from aggregator.web.intake import intake_routes
from aggregator.models import ORG_TYPES, PLATFORMS, Event

__all__ = ["create_app", "FeedCache", "CachedFeed"]

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
CALENDAR_TYPE = "text/calendar; charset=utf-8"
MAX_QUERY = 2000
API_LIMIT = 200
API_MAX_LIMIT = 1000


@dataclass(frozen=True)
class CachedFeed:
    """One rendered feed: identity and gzip bytes, validators, and when it was rendered."""

    body: bytes
    gzipped: bytes
    etag: str  # opaque tag without quotes; the gzip variant is etag + "-gz"
    last_modified: datetime
    rendered_at: float


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


def _accepts_gzip(request: Request) -> bool:
    for part in request.headers.get("accept-encoding", "").split(","):
        token, _, params = part.strip().partition(";")
        if token.strip().lower() in ("gzip", "*"):
            q = params.strip().lower()
            return not (q.startswith("q=") and q[2:].strip() in ("0", "0.0", "0.00", "0.000"))
    return False


def _not_modified(request: Request, etags: tuple[str, ...], last_modified: datetime) -> bool:
    """RFC 9110 section 13.2.2: If-None-Match wins; If-Modified-Since only without it."""
    inm = request.headers.get("if-none-match")
    if inm is not None:
        if inm.strip() == "*":
            return True
        for tag in inm.split(","):
            tag = tag.strip()
            if tag.startswith("W/"):
                tag = tag[2:]  # weak comparison is what RFC 9110 asks for If-None-Match
            if tag.strip('"') in etags:
                return True
        return False
    ims = request.headers.get("if-modified-since")
    if ims:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError, IndexError):
            return False
        if since is None:
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=timezone.utc)
        return last_modified <= since
    return False


def _feed_response(request: Request, feed: CachedFeed, filename: str, max_age: int) -> Response:
    use_gzip = _accepts_gzip(request)
    etag = feed.etag + "-gz" if use_gzip else feed.etag
    headers = {
        "ETag": f'"{etag}"',
        "Last-Modified": format_datetime(feed.last_modified, usegmt=True),
        "Cache-Control": f"public, max-age={max_age}",
        "Vary": "Accept-Encoding",
        "Content-Disposition": f'inline; filename="{filename}"',
        "X-Content-Type-Options": "nosniff",
    }
    if _not_modified(request, (feed.etag, feed.etag + "-gz"), feed.last_modified):
        return Response(status_code=304, headers=headers)
    body = feed.gzipped if use_gzip else feed.body
    if use_gzip:
        headers["Content-Encoding"] = "gzip"
    if request.method == "HEAD":
        headers["Content-Length"] = str(len(body))
        return Response(b"", headers=headers, media_type=CALENDAR_TYPE)
    return Response(body, headers=headers, media_type=CALENDAR_TYPE)


def _base_url(request: Request) -> str:
    """The app's own base URL, mount prefix included (Starlette's base_url is the outermost app's)."""
    root = request.scope.get("root_path", "").rstrip("/")
    return str(request.url.replace(path=root + "/", query="", fragment=""))


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message, **extra}}, status_code=status)


def _event_json(event: Event, base: str) -> dict[str, Any]:
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
        "organizers": [{"id": o.id, "name": o.name, "type": o.type, "country": o.country} for o in event.organizers],
        "countries": list(event.countries),
        "source_url": next((u for u in (http_url(s) for s in event.source_urls) if u), None),
        "description": (event.description or "")[:600],
        "ics_url": f"{base}events/{quote(event.event_id, safe='')}.ics",
        "version": event.version,
    }


def _subscribe_links(base: str, path: str, query: str) -> dict[str, str]:
    https = f"{base}{path}" + (f"?{query}" if query else "")
    webcal = "webcal://" + https.split("://", 1)[1]
    return {
        "https": https,
        "webcal": webcal,
        # Google Calendar's "add by URL": it fetches the feed itself and refreshes it.
        "google": "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe=""),
    }


def create_app(
    settings=None,
    store=None,
    *,
    clock: Callable[[], datetime] | None = None,
    cache_seconds: float = 60.0,
    max_age: int = 300,
) -> Starlette:
    """The ASGI app. ``store`` defaults to Elasticsearch from ``settings``; ``clock`` to UTC now.

    Mountable under a prefix (the Airflow plugin does): every link it builds is relative
    to the request's base URL, root path included.
    """
    if settings is None:
        from aggregator.config import load_settings

        settings = load_settings()
    if store is None:
        from aggregator.web.store import EventStore

        store = EventStore.from_settings(settings)
    clock = clock or (lambda: datetime.now(timezone.utc))
    past_days = settings.past_days
    cache = FeedCache(ttl=cache_seconds)
    orgs_cache: dict[str, Any] = {"at": -1e9, "value": {}}

    async def organizations() -> dict[str, dict[str, str]]:
        if time.monotonic() - orgs_cache["at"] > cache_seconds:
            orgs_cache["value"] = await run_in_threadpool(store.organizations)
            orgs_cache["at"] = time.monotonic()
        return orgs_cache["value"]

    async def parse_filter(request: Request, extra: dict[str, str] | None = None, allowed: tuple[str, ...] = ()) -> tuple[FeedFilter, dict[str, str]]:
        if len(request.url.query) > MAX_QUERY:
            raise InvalidFilter(f"query string longer than {MAX_QUERY} characters")
        params = []
        others: dict[str, str] = {}
        for key, value in request.query_params.multi_items():
            if key in allowed:
                others[key] = value
            else:
                params.append((key, value))
        params.extend((extra or {}).items())
        wants_org = any(key == "org" for key, _ in params)
        known = set(await organizations()) if wants_org else None
        return FeedFilter.from_params(params, known_orgs=known), others

    async def feed(request: Request, flt: FeedFilter, key_prefix: str, filename: str) -> Response:
        key = f"{key_prefix}?{flt.query_string()}"
        entry = cache.fresh(key)
        if entry is None:
            async with cache.lock(key):
                entry = cache.fresh(key)
                if entry is None:
                    now = clock()
                    body = await run_in_threadpool(_render_feed, store, flt, now, past_days)
                    entry = cache.store(key, body, now)
        return _feed_response(request, entry, filename, max_age)

    async def calendar_ics(request: Request) -> Response:
        flt, _ = await parse_filter(request)
        return await feed(request, flt, "calendar", "calendar.ics")

    async def org_ics(request: Request) -> Response:
        org_id = request.path_params["org_id"]
        flt, _ = await parse_filter(request, {"org": org_id})
        return await feed(request, flt, "calendar", f"{org_id}.ics")

    async def country_ics(request: Request) -> Response:
        country = request.path_params["country"]
        flt, _ = await parse_filter(request, {"country": country})
        return await feed(request, flt, "calendar", f"{country.upper()}.ics")

    async def event_ics(request: Request) -> Response:
        event_id = request.path_params["event_id"]
        if len(event_id) > 200:
            raise HTTPException(404, "no such event")
        if request.query_params:
            FeedFilter.from_params([(k, v) for k, v in request.query_params.multi_items() if k != "lang"])
        lang = request.query_params.get("lang", "ar")
        if lang not in LANGUAGES:
            raise InvalidFilter(f"unknown lang {lang[:20]!r}; accepted: {', '.join(LANGUAGES)}", "lang")
        event = await run_in_threadpool(store.get, event_id)
        if event is None:
            raise HTTPException(404, f"no event {event_id[:80]!r}")
        words = labels(lang)
        body = render_calendar([event], name=event.title, description=words["calendar_description"],
                               now=clock(), past_days=None, lang=lang)
        entry = CachedFeed(body, gzip.compress(body, 6, mtime=0), hashlib.sha256(body).hexdigest()[:32],
                           event.last_seen.astimezone(timezone.utc).replace(microsecond=0), time.monotonic())
        response = _feed_response(request, entry, "event.ics", max_age)
        safe_name = "".join(c if c.isalnum() or c in "-_." else "-" for c in event_id)[:80]
        response.headers["Content-Disposition"] = f'attachment; filename="{safe_name}.ics"'
        return response

    async def api_events(request: Request) -> Response:
        flt, others = await parse_filter(request, allowed=("limit", "past_days"))
        try:
            limit = int(others.get("limit", API_LIMIT))
            window = int(others.get("past_days", 0))
        except ValueError:
            raise InvalidFilter("limit and past_days must be whole numbers") from None
        if not 1 <= limit <= API_MAX_LIMIT or not 0 <= window <= 365:
            raise InvalidFilter(f"limit must be 1..{API_MAX_LIMIT} and past_days 0..365")
        now = clock()
        events = await run_in_threadpool(lambda: store.search(flt, now=now, past_days=window, limit=limit))
        base = _base_url(request)
        return JSONResponse(
            {
                "now": now.isoformat(),
                "count": len(events),
                "filters": dict(flt.to_params()),
                "feed": _subscribe_links(base, "calendar.ics", flt.query_string()),
                "events": [_event_json(e, base) for e in events],
            },
            headers={"Cache-Control": "public, max-age=60"},
        )

    async def api_filters(request: Request) -> Response:
        orgs = await organizations()
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

    async def healthz(request: Request) -> Response:
        ok = await run_in_threadpool(store.ping)
        return JSONResponse({"status": "ok" if ok else "degraded", "elasticsearch": ok}, status_code=200 if ok else 503)

    async def index(request: Request) -> Response:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8",
                            headers={"Cache-Control": "public, max-age=300"})

    async def invalid_filter(request: Request, exc: InvalidFilter) -> Response:
        return _error(400, str(exc), parameter=exc.parameter)

    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such path {request.url.path[:100]!r}; see / for the page, /calendar.ics for the feed"
        response = _error(exc.status_code, message)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    async def unavailable(request: Request, exc: ElasticsearchUnavailable) -> Response:
        return _error(503, "the event store is unavailable, try again in a minute", detail=str(exc))

    async def index_error(request: Request, exc: AggregatorError) -> Response:
        log.error("store error on %s: %s", request.url.path, exc)
        return _error(502, "the event store could not answer this request")

    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return _error(500, "internal error; it has been logged")

    routes = [
        Route("/", index, methods=["GET"]),
        Route("/calendar.ics", calendar_ics, methods=["GET"]),
        Route("/org/{org_id}.ics", org_ics, methods=["GET"]),
        Route("/country/{country}.ics", country_ics, methods=["GET"]),
        Route("/events/{event_id}.ics", event_ics, methods=["GET"]),
        Route("/api/events", api_events, methods=["GET"]),
        Route("/api/filters", api_filters, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        # /api/overlaps (organizers) and /api/trends (analysts) live with the queries they run.
        *ANALYTICS_ROUTES,
        # WebSub and per-source webhooks, relayed on Redis when AGGREGATOR_REDIS_URL is set.
        *intake_routes(settings),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    middleware = [
        Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "OPTIONS"],
                   allow_headers=["If-None-Match", "If-Modified-Since"],
                   expose_headers=["ETag", "Last-Modified", "Content-Disposition"], max_age=3600),
        # Feeds come pre-compressed with their own ETag; this only compresses JSON and HTML.
        Middleware(GZipMiddleware, minimum_size=1024),
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={
            InvalidFilter: invalid_filter,
            HTTPException: http_error,
            ElasticsearchUnavailable: unavailable,
            IndexError_: index_error,
            AggregatorError: index_error,
            Exception: server_error,
        },
    )
    app.state.feed_cache = cache
    app.state.store = store
    app.state.settings = settings
    return app


def _render_feed(store, flt: FeedFilter, now: datetime, past_days: int) -> bytes:
    events = store.search(flt, now=now, past_days=past_days)
    words = labels(flt.lang)
    name = words["calendar"]
    described = [v for _, v in flt.to_params() if _ != "lang"]
    if described:
        name = f"{name} — {' · '.join(described)}"
    return render_calendar(events, name=name, description=words["calendar_description"], now=now,
                           past_days=past_days, lang=flt.lang)


def app_from_environment() -> Starlette:
    """Factory for `uvicorn --factory` (several workers): settings from the environment."""
    import os

    return create_app(cache_seconds=float(os.environ.get("AGGREGATOR_WEB_CACHE_SECONDS", "60")))
