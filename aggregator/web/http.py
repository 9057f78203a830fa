"""HTTP helpers every handler shares: conditional GET, gzip negotiation, base URL, errors, filter parsing.

Handlers are module-level functions; what they share lives on ``request.app.state``, set by
aggregator.web.app.create_app: ``store``, ``settings``, ``clock``, ``feed_cache``,
``organizations`` (an OrganizationCache) and ``max_age``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from aggregator.config import Settings
from aggregator.errors import AggregatorError, ElasticsearchUnavailable, InvalidFilter
from aggregator.ical.filters import FeedFilter
from aggregator.index.client import connect, translate_errors
from aggregator.web.cache import CachedFeed

__all__ = ["CALENDAR_TYPE", "MAX_QUERY", "accepts_gzip", "not_modified", "feed_response", "base_url",
           "error", "parse_filter", "elasticsearch", "run_query", "plain_error"]

CALENDAR_TYPE = "text/calendar; charset=utf-8"
MAX_QUERY = 2000


def accepts_gzip(request: Request) -> bool:
    for part in request.headers.get("accept-encoding", "").split(","):
        token, _, params = part.strip().partition(";")
        if token.strip().lower() in ("gzip", "*"):
            q = params.strip().lower()
            return not (q.startswith("q=") and q[2:].strip() in ("0", "0.0", "0.00", "0.000"))
    return False


def not_modified(request: Request, etags: tuple[str, ...], last_modified: datetime) -> bool:
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


def feed_response(request: Request, feed: CachedFeed, filename: str, max_age: int) -> Response:
    """A calendar response with ETag and Last-Modified, gzip when accepted, 304 when the client is current."""
    use_gzip = accepts_gzip(request)
    etag = feed.etag + "-gz" if use_gzip else feed.etag
    headers = {
        "ETag": f'"{etag}"',
        "Last-Modified": format_datetime(feed.last_modified, usegmt=True),
        "Cache-Control": f"public, max-age={max_age}",
        "Vary": "Accept-Encoding",
        "Content-Disposition": f'inline; filename="{filename}"',
        "X-Content-Type-Options": "nosniff",
    }
    if not_modified(request, (feed.etag, feed.etag + "-gz"), feed.last_modified):
        return Response(status_code=304, headers=headers)
    body = feed.gzipped if use_gzip else feed.body
    if use_gzip:
        headers["Content-Encoding"] = "gzip"
    if request.method == "HEAD":
        headers["Content-Length"] = str(len(body))
        return Response(b"", headers=headers, media_type=CALENDAR_TYPE)
    return Response(body, headers=headers, media_type=CALENDAR_TYPE)


def base_url(request: Request) -> str:
    """The app's own base URL, mount prefix included (Starlette's base_url is the outermost app's)."""
    root = request.scope.get("root_path", "").rstrip("/")
    return str(request.url.replace(path=root + "/", query="", fragment=""))


def error(status: int, message: str, **extra: Any) -> JSONResponse:
    """The app's error body: ``{"error": {"status", "message", ...}}``."""
    return JSONResponse({"error": {"status": status, "message": message, **extra}}, status_code=status)


async def parse_filter(
    request: Request, extra: dict[str, str] | None = None, allowed: tuple[str, ...] = ()
) -> tuple[FeedFilter, dict[str, str]]:
    """The feed filter of the query string (plus ``extra``), and the ``allowed`` non-filter parameters."""
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
    known = set(await request.app.state.organizations.get()) if wants_org else None
    return FeedFilter.from_params(params, known_orgs=known), others


def elasticsearch(request: Request):
    """The app's client for the analytics queries, one per Elasticsearch URL, built on first use."""
    state = request.app.state
    settings = state.settings
    clients = getattr(state, "es_clients", None)
    if clients is None:
        clients = state.es_clients = {}
    client = clients.get(settings.elasticsearch_url)
    if client is None:
        client = clients[settings.elasticsearch_url] = connect(settings, check=False, request_timeout=15.0)
    return client


async def run_query(request: Request, work: Callable[[Any, Settings], Response]) -> Response:
    """``work(client, settings)`` on a worker thread; Elasticsearch trouble becomes 503 (down) or 502."""
    settings = request.app.state.settings
    client = elasticsearch(request)

    def job() -> Response:
        with translate_errors(settings.elasticsearch_url):
            return work(client, settings)

    try:
        return await run_in_threadpool(job)
    except ValueError as exc:
        return plain_error(400, str(exc))
    except ElasticsearchUnavailable as exc:
        return plain_error(503, str(exc))
    except AggregatorError as exc:
        return plain_error(502, str(exc))


def plain_error(status: int, message: str) -> JSONResponse:
    """The analytics API's error body: ``{"error": message}``."""
    return JSONResponse({"error": message}, status_code=status)
