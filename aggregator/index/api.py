"""HTTP handlers for /api/overlaps and /api/trends (Starlette), mounted by the web app from ROUTES.

Parameters mirror the commands: /api/overlaps?start=2026-03-12T20:00%2B01:00&duration=90m&margin=30m
&country=MA&org_type=union&topic=انتخابات (report=1&from=&weeks= for clusters);
/api/trends?interval=week&by=country&from=2026-01-01&to=2026-04-01[&format=csv].
Settings come from ``app.state.settings`` when the app has them, else from the environment.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from aggregator.errors import AggregatorError, ElasticsearchUnavailable

__all__ = ["ROUTES", "overlaps_endpoint", "trends_endpoint"]

_clients: dict[str, Any] = {}
_lock = threading.Lock()


def _settings(request: Request):
    settings = getattr(request.app.state, "settings", None)
    if settings is None:
        from aggregator.config import load_settings

        settings = load_settings()
    return settings


def _client(settings):
    with _lock:
        client = _clients.get(settings.elasticsearch_url)
        if client is None:
            from aggregator.index.client import connect

            client = connect(settings, check=False, request_timeout=15.0)
            _clients[settings.elasticsearch_url] = client
        return client


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _many(request: Request, name: str) -> list[str]:
    values = []
    for value in request.query_params.getlist(name):
        values.extend(v.strip() for v in value.split(",") if v.strip())
    return values


async def _call(request: Request, work):
    from aggregator.index.client import translate_errors

    settings = _settings(request)
    client = _client(settings)

    def job():
        with translate_errors(settings.elasticsearch_url):
            return work(client, settings)

    try:
        return await run_in_threadpool(job)
    except ValueError as exc:
        return _error(400, str(exc))
    except ElasticsearchUnavailable as exc:
        return _error(503, str(exc))
    except AggregatorError as exc:
        return _error(502, str(exc))


async def overlaps_endpoint(request: Request) -> Response:
    """Events overlapping a slot (JSON list, most colliding first), or with report=1 competing clusters."""
    from aggregator.index.overlaps import find_overlaps, overlap_report
    from aggregator.index.params import parse_date_bound, parse_datetime, parse_duration

    q = request.query_params
    try:
        margin = parse_duration(q.get("margin", "30m")) if q.get("margin") not in ("0",) else timedelta(0)
        report = q.get("report", "").lower() in ("1", "true", "yes")
        country = q.get("country") or None
        org_types = _many(request, "org_type")
        if report:
            start = parse_date_bound(q.get("from")) or datetime.now(timezone.utc)
            end = start + timedelta(weeks=min(int(q.get("weeks", "4")), 26))
        else:
            if not q.get("start"):
                raise ValueError("start is required, e.g. start=2026-03-12T20:00%2B01:00 (or report=1)")
            start = parse_datetime(q["start"])
            duration = parse_duration(q.get("duration", "60m"))
        limit = min(int(q.get("limit", "100")), 1000)
    except ValueError as exc:
        return _error(400, str(exc))

    def work(client, settings):
        index = settings.index("events")
        if report:
            clusters = overlap_report(client, index, start, end, margin=margin, country=country, org_types=org_types)
            return JSONResponse({"from": start.isoformat(), "to": end.isoformat(),
                                 "clusters": [c.to_dict() for c in clusters]})
        found = find_overlaps(client, index, start, duration, margin=margin, country=country, org_types=org_types,
                              topics=_many(request, "topic"), limit=limit,
                              shared_only=q.get("shared_only", "").lower() in ("1", "true", "yes"))
        return JSONResponse({"start": start.isoformat(), "end": (start + duration).isoformat(),
                             "margin_minutes": int(margin.total_seconds() // 60),
                             "overlaps": [o.to_dict() for o in found]})

    return await _call(request, work)


async def trends_endpoint(request: Request) -> Response:
    """Event counts per period and key as JSON (or CSV with format=csv)."""
    from aggregator.index.params import parse_date_bound
    from aggregator.index.trends import BY_FIELDS, INTERVALS, format_csv, trends

    q = request.query_params
    interval, by = q.get("interval", "week"), q.get("by", "org_type")
    if interval not in INTERVALS:
        return _error(400, f"interval must be one of {', '.join(INTERVALS)}")
    if by not in BY_FIELDS:
        return _error(400, f"by must be one of {', '.join(BY_FIELDS)}")
    try:
        start, end = parse_date_bound(q.get("from")), parse_date_bound(q.get("to"))
        top = min(int(q.get("top", "10")), 100)
    except ValueError as exc:
        return _error(400, str(exc))
    fmt = q.get("format", "json")

    def work(client, settings):
        table = trends(client, settings.index("events"), interval=interval, by=by, start=start, end=end, top=top,
                       time_zone=q.get("time_zone", "UTC"))
        if fmt == "csv":
            return Response(format_csv(table), media_type="text/csv; charset=utf-8")
        return JSONResponse(table.to_dict())

    return await _call(request, work)


ROUTES = [
    Route("/api/overlaps", overlaps_endpoint, methods=["GET"]),
    Route("/api/trends", trends_endpoint, methods=["GET"]),
]
