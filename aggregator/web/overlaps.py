"""/api/overlaps, for organizers: what else is scheduled in a slot, for which audience; or competing clusters.

Parameters mirror `aggregator overlaps`: ?start=2026-03-12T20:00%2B01:00&duration=90m&margin=30m
&country=MA&org_type=union&topic=انتخابات[&shared_only=1][&limit=100]; or ?report=1[&from=][&weeks=4].
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from aggregator.index.overlaps import find_overlaps, overlap_report
from aggregator.index.params import parse_date_bound, parse_datetime, parse_duration
from aggregator.web.http import plain_error, run_query

__all__ = ["ROUTES", "overlaps_endpoint"]

_TRUE = ("1", "true", "yes")


def many(request: Request, name: str) -> list[str]:
    """Every value of a repeatable parameter, also comma-separated (org_type=union,ngo)."""
    values = []
    for value in request.query_params.getlist(name):
        values.extend(v.strip() for v in value.split(",") if v.strip())
    return values


async def overlaps_endpoint(request: Request) -> Response:
    """Events overlapping a slot (JSON list, most colliding first), or with report=1 competing clusters."""
    q = request.query_params
    try:
        margin = parse_duration(q.get("margin", "30m")) if q.get("margin") not in ("0",) else timedelta(0)
        report = q.get("report", "").lower() in _TRUE
        country = q.get("country") or None
        org_types = many(request, "org_type")
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
        return plain_error(400, str(exc))

    def work(client, settings):
        index = settings.index("events")
        if report:
            clusters = overlap_report(client, index, start, end, margin=margin, country=country, org_types=org_types)
            return JSONResponse({"from": start.isoformat(), "to": end.isoformat(),
                                 "clusters": [c.to_dict() for c in clusters]})
        found = find_overlaps(client, index, start, duration, margin=margin, country=country, org_types=org_types,
                              topics=many(request, "topic"), limit=limit,
                              shared_only=q.get("shared_only", "").lower() in _TRUE)
        return JSONResponse({"start": start.isoformat(), "end": (start + duration).isoformat(),
                             "margin_minutes": int(margin.total_seconds() // 60),
                             "overlaps": [o.to_dict() for o in found]})

    return await run_query(request, work)


ROUTES = [Route("/api/overlaps", overlaps_endpoint, methods=["GET"])]
