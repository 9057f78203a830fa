"""/api/overlaps, for organizers: what else is scheduled in a slot, for which audience; or competing clusters.

Parameters mirror `aggregator overlaps`: ?tz=Africa/Casablanca&start=2026-03-12 20:00 (or
start=2026-03-12T20:00%2B01:00)&duration=90m&margin=30m&country=MA&org_type=union&org=ma-umt
&topic=انتخابات[&shared_only=1][&limit=100]; or ?report=1[&from=][&weeks=4].
Every parameter is checked (aggregator.web.params) before a query is sent.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from aggregator.countries import COUNTRY_TIMEZONES
from aggregator.errors import InvalidParameter
from aggregator.index.overlaps import find_overlaps, overlap_report
from aggregator.models import ORG_TYPES
from aggregator.web import params
from aggregator.web.http import parameter_error, run_query
from aggregator.web.page import STATIC_DIR

__all__ = ["ROUTES", "overlaps_endpoint", "overlaps_page", "PARAMETERS"]

PARAMETERS = ("start", "tz", "duration", "margin", "country", "org_type", "org", "topic", "shared_only", "limit",
              "report", "from", "weeks")
MAX_TOPIC_WORDS = 20
MAX_TOPIC_LENGTH = 200


def _topics(q) -> list[str]:
    topics = q.getlist("topic")
    if sum(len(t) for t in topics) > MAX_TOPIC_LENGTH:
        raise InvalidParameter(f"topic words are longer than {MAX_TOPIC_LENGTH} characters in all", "topic")
    if sum(len(t.split()) for t in topics) > MAX_TOPIC_WORDS:
        raise InvalidParameter(f"at most {MAX_TOPIC_WORDS} topic words", "topic")
    return topics


async def overlaps_endpoint(request: Request) -> Response:
    """Events overlapping a slot (JSON list, most colliding first), or with report=1 competing clusters."""
    q = request.query_params
    try:
        params.check_names(q, PARAMETERS, len(request.url.query))
        report = params.flag(q, "report")
        margin = params.duration(q, "margin", timedelta(minutes=30), timedelta(0), timedelta(days=1))
        countries = params.values(q, "country", sorted(COUNTRY_TIMEZONES), most=1, upper=True)
        country = countries[0] if countries else None
        org_types = params.values(q, "org_type", ORG_TYPES)
        limit = params.integer(q, "limit", 100, 1, 1000)
        zone = params.time_zone(q, "tz") if "tz" in q else None
        orgs = params.values(q, "org")
        if orgs:
            known = sorted(await request.app.state.organizations.get())
            unknown = [o for o in orgs if o not in known]
            if unknown:
                raise InvalidParameter(f"unknown org {unknown[0][:40]!r}; accepted: "
                                       f"{', '.join(known[:200]) or '(no events indexed yet)'}", "org")
        if report:
            start = params.day_or_instant(q, "from") or datetime.now(timezone.utc)
            end = start + timedelta(weeks=params.integer(q, "weeks", 4, 1, 26))
        else:
            start = params.local_instant(q, "start", zone)
            if start is None:
                raise InvalidParameter("start is required, e.g. tz=Africa/Tunis&start=2026-03-12 20:00, or "
                                       "start=2026-03-12T20:00%2B01:00 (or report=1)", "start")
            duration = params.duration(q, "duration", timedelta(minutes=60), timedelta(minutes=1), timedelta(days=7))
        topics = _topics(q)
        shared_only = params.flag(q, "shared_only")
    except InvalidParameter as exc:
        return parameter_error(exc)

    def work(client, settings):
        index = settings.index("events")
        if report:
            clusters = overlap_report(client, index, start, end, margin=margin, country=country, org_types=org_types)
            return JSONResponse({"from": start.isoformat(), "to": end.isoformat(),
                                 "clusters": [c.to_dict() for c in clusters]})
        found = find_overlaps(client, index, start, duration, margin=margin, country=country, org_types=org_types,
                              topics=topics, limit=limit, shared_only=shared_only, own_orgs=orgs)
        return JSONResponse({"start": start.isoformat(), "end": (start + duration).isoformat(), "tz": zone,
                             "score": "100 × time_overlap × audience_overlap; time_overlap = share of the slot "
                                      "taken (up to 0.1 inside the margin); audience_overlap = (1 + dimensions "
                                      "shared) / (1 + dimensions asked: country, org_type, topic)",
                             "margin_minutes": int(margin.total_seconds() // 60),
                             "overlaps": [o.to_dict() for o in found]})

    return await run_query(request, work)


async def overlaps_page(request: Request) -> Response:
    """The organizers' "find a time" form: a slot in your zone, your audience, what collides and why."""
    return FileResponse(STATIC_DIR / "overlaps.html", media_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "public, max-age=300"})


ROUTES = [Route("/api/overlaps", overlaps_endpoint, methods=["GET"]),
          Route("/overlaps", overlaps_page, methods=["GET"])]
