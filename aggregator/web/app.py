"""The HTTP app, wired: feeds, events API, overlaps, trends and the page, each from its own module."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timezone

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware

from aggregator.config import Settings, load_settings
from aggregator.index.feeds import FeedStore
from aggregator.web.cache import CachedFeed, FeedCache, OrganizationCache, ResponseCache
from aggregator.web.errors import EXCEPTION_HANDLERS
from aggregator.web.event_page import ROUTES as EVENT_PAGE_ROUTES
from aggregator.web.events import ROUTES as EVENTS_ROUTES
from aggregator.web.feeds import ROUTES as FEEDS_ROUTES
from aggregator.web.intake import intake_routes
from aggregator.web.overlaps import ROUTES as OVERLAPS_ROUTES
from aggregator.web.page import ROUTES as PAGE_ROUTES
from aggregator.web.trends import ROUTES as TRENDS_ROUTES

__all__ = ["create_app", "app_from_environment", "FeedCache", "CachedFeed", "ROUTES"]

# PAGE_ROUTES ends with the /static mount, so it comes last.
ROUTES = [*FEEDS_ROUTES, *EVENTS_ROUTES, *EVENT_PAGE_ROUTES, *OVERLAPS_ROUTES, *TRENDS_ROUTES, *PAGE_ROUTES]

MIDDLEWARE = [
    Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "OPTIONS"],
               allow_headers=["If-None-Match", "If-Modified-Since"],
               expose_headers=["ETag", "Last-Modified", "Content-Disposition"], max_age=3600),
    # Feeds come pre-compressed with their own ETag; this only compresses JSON and HTML.
    Middleware(GZipMiddleware, minimum_size=1024),
]


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def create_app(
    settings: Settings | None = None,
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
    settings = settings or load_settings()
    if store is None:
        store = FeedStore.from_settings(settings)
    # WebSub and per-source webhooks (built per app: they exist only when AGGREGATOR_REDIS_URL is set).
    routes = [*intake_routes(settings), *ROUTES]
    app = Starlette(routes=routes, middleware=MIDDLEWARE, exception_handlers=EXCEPTION_HANDLERS)
    app.state.settings = settings
    app.state.store = store
    app.state.clock = clock or _utc_now
    app.state.max_age = max_age
    app.state.feed_cache = FeedCache(ttl=cache_seconds)
    app.state.organizations = OrganizationCache(store.organizations, ttl=cache_seconds)
    app.state.events_cache = ResponseCache(ttl=cache_seconds)
    return app


def app_from_environment() -> Starlette:
    """Factory for `uvicorn --factory` (several workers): settings from the environment."""
    return create_app(cache_seconds=float(os.environ.get("AGGREGATOR_WEB_CACHE_SECONDS", "60")))
