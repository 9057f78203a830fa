"""/api/trends, for analysts: event counts per period and key, as JSON or CSV.

Parameters mirror `aggregator trends`: ?interval=week&by=country&from=2026-01-01&to=2026-04-01
[&top=10][&time_zone=UTC][&format=csv]. Every parameter is checked (aggregator.web.params).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from aggregator.errors import InvalidParameter
from aggregator.index.params import BY_FIELDS, INTERVALS
from aggregator.index.trends import format_csv, trends
from aggregator.web import params
from aggregator.web.http import parameter_error, run_query

__all__ = ["ROUTES", "trends_endpoint", "PARAMETERS"]

PARAMETERS = ("interval", "by", "from", "to", "top", "time_zone", "format")


async def trends_endpoint(request: Request) -> Response:
    """Event counts per period and key as JSON (or CSV with format=csv)."""
    q = request.query_params
    try:
        params.check_names(q, PARAMETERS, len(request.url.query))
        interval = params.choice(q, "interval", INTERVALS, "week")
        by = params.choice(q, "by", tuple(BY_FIELDS), "org_type")
        start, end = params.day_or_instant(q, "from"), params.day_or_instant(q, "to")
        if start is not None and end is not None and start >= end:
            raise InvalidParameter("from must be before to", "from")
        top = params.integer(q, "top", 10, 1, 100)
        zone = params.time_zone(q)
        fmt = params.choice(q, "format", ("json", "csv"), "json")
    except InvalidParameter as exc:
        return parameter_error(exc)

    def work(client, settings):
        table = trends(client, settings.index("events"), interval=interval, by=by, start=start, end=end, top=top,
                       time_zone=zone)
        if fmt == "csv":
            return Response(format_csv(table), media_type="text/csv; charset=utf-8")
        return JSONResponse(table.to_dict())

    return await run_query(request, work)


ROUTES = [Route("/api/trends", trends_endpoint, methods=["GET"])]
