"""/api/trends, for analysts: event counts per period and key, as JSON or CSV.

Parameters mirror `aggregator trends`: ?interval=week&by=country&from=2026-01-01&to=2026-04-01
[&top=10][&time_zone=UTC][&format=csv].
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from aggregator.index.params import parse_date_bound
from aggregator.index.trends import BY_FIELDS, INTERVALS, format_csv, trends
from aggregator.web.http import plain_error, run_query

__all__ = ["ROUTES", "trends_endpoint"]


async def trends_endpoint(request: Request) -> Response:
    """Event counts per period and key as JSON (or CSV with format=csv)."""
    q = request.query_params
    interval, by = q.get("interval", "week"), q.get("by", "org_type")
    if interval not in INTERVALS:
        return plain_error(400, f"interval must be one of {', '.join(INTERVALS)}")
    if by not in BY_FIELDS:
        return plain_error(400, f"by must be one of {', '.join(BY_FIELDS)}")
    try:
        start, end = parse_date_bound(q.get("from")), parse_date_bound(q.get("to"))
        top = min(int(q.get("top", "10")), 100)
    except ValueError as exc:
        return plain_error(400, str(exc))
    fmt = q.get("format", "json")

    def work(client, settings):
        table = trends(client, settings.index("events"), interval=interval, by=by, start=start, end=end, top=top,
                       time_zone=q.get("time_zone", "UTC"))
        if fmt == "csv":
            return Response(format_csv(table), media_type="text/csv; charset=utf-8")
        return JSONResponse(table.to_dict())

    return await run_query(request, work)


ROUTES = [Route("/api/trends", trends_endpoint, methods=["GET"])]
