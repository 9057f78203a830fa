"""How the app answers errors: 400 naming the parameter, 404, 503 when the store is down, 502/500.

What Elasticsearch said is logged, never sent: the answer says only what the client can act on."""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from aggregator.errors import AggregatorError, ElasticsearchError, ElasticsearchUnavailable, InvalidParameter
from aggregator.web.http import error

__all__ = ["EXCEPTION_HANDLERS"]

log = logging.getLogger("aggregator.web.app")


async def invalid_parameter(request: Request, exc: InvalidParameter) -> Response:
    return error(400, str(exc), parameter=exc.parameter)


async def http_error(request: Request, exc: HTTPException) -> Response:
    message = exc.detail if isinstance(exc.detail, str) else "error"
    if exc.status_code == 404 and message == "Not Found":
        message = f"no such path {request.url.path[:100]!r}; see / for the page, /calendar.ics for the feed"
    response = error(exc.status_code, message)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def unavailable(request: Request, exc: ElasticsearchUnavailable) -> Response:
    log.warning("store unavailable on %s: %s", request.url.path, exc)  # the detail (a URL) stays in the log
    if str(exc).startswith("TLS verification"):
        # a configuration fault, not an outage: say which, without the cluster's address
        return error(503, "the event store is unavailable: TLS verification of Elasticsearch failed "
                          "(the server's ca_certs does not match the cluster's CA; see its log)")
    return error(503, "the event store is unavailable, try again in a minute")


async def store_error(request: Request, exc: AggregatorError) -> Response:
    log.error("store error on %s: %s", request.url.path, exc)
    return error(502, "the event store could not answer this request")


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s", request.url.path)
    return error(500, "internal error; it has been logged")


EXCEPTION_HANDLERS = {
    InvalidParameter: invalid_parameter,
    HTTPException: http_error,
    ElasticsearchUnavailable: unavailable,
    ElasticsearchError: store_error,
    AggregatorError: store_error,
    Exception: server_error,
}
