"""/api/trends, for analysts: event counts per period and key, as JSON or CSV.

Parameters mirror `aggregator trends`: ?interval=week&by=topic&from=2026-01-01&to=2026-04-01
[&top=10][&time_zone=UTC][&format=csv], narrowed by the feeds' filters (org, org_type, country,
platform, q: same names, same values, same checks) and, with by=topic, your own topic=WORDS.
Every parameter is checked (aggregator.web.params, ical.filters.FeedFilter) before a query is sent.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from aggregator.errors import InvalidParameter
from aggregator.ical.filters import FeedFilter
from aggregator.index.params import BY_FIELDS, INTERVALS
from aggregator.index.trends import TOPICS, format_csv, trends
from aggregator.web import params
from aggregator.web.http import parameter_error, run_query
from aggregator.web.page import STATIC_DIR

__all__ = ["ROUTES", "trends_endpoint", "trends_page", "PARAMETERS", "FILTERS"]

FILTERS = ("org", "org_type", "country", "platform", "q")
PARAMETERS = ("interval", "by", "from", "to", "top", "time_zone", "format", "topic", *FILTERS)
MAX_TOPICS, MAX_TOPIC_LENGTH = 10, 200


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
        topics = _topics(q, by)
        pairs = [(k, v) for k, v in q.multi_items() if k in FILTERS]
        where = FeedFilter.from_params(pairs)
        if where.orgs:
            known = sorted(await request.app.state.organizations.get())
            unknown = [o for o in where.orgs if o not in known]
            if unknown:
                raise InvalidParameter(f"unknown org {unknown[0][:40]!r}; accepted: "
                                       f"{', '.join(known[:200]) or '(no events indexed yet)'}", "org")
    except InvalidParameter as exc:  # InvalidFilter included
        return parameter_error(exc)

    def work(client, settings):
        table = trends(client, settings.index("events"), interval=interval, by=by, start=start, end=end, top=top,
                       time_zone=zone, where=where, topics=topics)
        if fmt == "csv":
            return Response(format_csv(table), media_type="text/csv; charset=utf-8")
        body = table.to_dict()
        body["filters"] = dict(where.to_params())
        return JSONResponse(body)

    return await run_query(request, work)


def _topics(q, by: str) -> dict[str, str] | None:
    given = [" ".join(t.split()) for t in q.getlist("topic") if t.strip()]
    if not given:
        return None
    if by != "topic":
        raise InvalidParameter("topic needs by=topic", "topic")
    if len(given) > MAX_TOPICS or sum(len(t) for t in given) > MAX_TOPIC_LENGTH:
        raise InvalidParameter(f"at most {MAX_TOPICS} topics of {MAX_TOPIC_LENGTH} characters in all", "topic")
    return {t: t for t in given}


async def topics_endpoint(request: Request) -> Response:
    """The built-in topics: key, label and the words that put an event in it."""
    return JSONResponse({key: {"label": label, "words": words.split()} for key, (label, words) in TOPICS.items()},
                        headers={"Cache-Control": "public, max-age=3600"})


async def trends_page(request: Request) -> Response:
    """The analysts' dashboard: Vega-Lite charts of /api/trends, drawn in the page by the vendored vega-embed."""
    return FileResponse(STATIC_DIR / "trends.html", media_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "public, max-age=300"})


ROUTES = [Route("/api/trends", trends_endpoint, methods=["GET"]),
          Route("/api/topics", topics_endpoint, methods=["GET"]),
          Route("/trends", trends_page, methods=["GET"])]
