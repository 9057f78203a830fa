"""The one Elasticsearch client factory, and the one place its errors become the aggregator's.

``connect(settings)`` builds every client of the project (pipeline, commands, HTTP app) from
``settings.elasticsearch_url``, TLS options and credentials included (see
aggregator.index.connection; the URL may come from the Airflow Connection ``elasticsearch_default``,
see aggregator.config). Retries follow aggregator.index.retry. ``map_error`` turns a transport or
API error into aggregator.errors; ``translate_errors`` applies it around a block.
"""

from __future__ import annotations

import contextlib
from typing import Iterator

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout, TransportError
from elasticsearch import ApiError, Elasticsearch, NotFoundError
from elasticsearch.serializer import OrjsonSerializer

from aggregator.config import Settings
from aggregator.errors import AggregatorError, ElasticsearchError, ElasticsearchUnavailable
from aggregator.index.connection import client_options, redact
from aggregator.index.retry import REQUEST_RETRIES, RETRY_ON_STATUS
from aggregator.index.tls import tls_failure

__all__ = ["connect", "map_error", "translate_errors", "unavailable", "client_url", "is_missing_index",
           "ES_ERRORS"]

# What a call on the client can raise; catch these and pass them to map_error.
ES_ERRORS = (ApiError, TransportError)
_UNAVAILABLE_STATUS = (429, 502, 503, 504)  # still refused after the transport retried: overloaded or down


def unavailable(url: str, exc: BaseException | None = None) -> ElasticsearchUnavailable:
    """The error raised whenever the cluster does not answer: says where and what to do."""
    tls = tls_failure(url, exc)
    if tls is not None:
        return tls
    cause = f" ({type(exc).__name__})" if exc is not None else ""
    return ElasticsearchUnavailable(
        f"Elasticsearch does not answer at {redact(url)}{cause}. Start the local one with "
        "`scripts/elasticsearch.sh start` or set ELASTICSEARCH_URL; nothing was lost, re-run to retry."
    )


def map_error(exc: BaseException, url: str, what: str = "a request") -> AggregatorError:
    """The aggregator error for an error of the Elasticsearch client (others are returned unchanged)."""
    if isinstance(exc, AggregatorError):
        return exc
    if isinstance(exc, (TransportConnectionError, ConnectionTimeout)):
        return unavailable(url, exc)
    if isinstance(exc, ApiError):
        if exc.meta.status in _UNAVAILABLE_STATUS:
            return unavailable(url, exc)
        body = f" {exc.body}" if exc.body else ""
        return ElasticsearchError(f"Elasticsearch refused {what}: {exc.message}{body}")
    if isinstance(exc, TransportError):
        return unavailable(url, exc)
    return exc  # type: ignore[return-value]  # not an Elasticsearch error: the caller re-raises it as is


@contextlib.contextmanager
def translate_errors(url: str, what: str = "a request") -> Iterator[None]:
    """Run a block of Elasticsearch calls, raising the aggregator's errors instead of the client's."""
    try:
        yield
    except ES_ERRORS as exc:
        raise map_error(exc, url, what) from None


def is_missing_index(exc: BaseException) -> bool:
    """True for the 404 Elasticsearch answers when the index (or alias) does not exist yet."""
    return isinstance(exc, NotFoundError) and "index_not_found" in str(exc)


def client_url(client: Elasticsearch) -> str:
    """The URL of the client's first node, for messages (never with a password: transport keeps it apart)."""
    try:
        return client.transport.node_pool.all()[0].base_url
    except Exception:  # noqa: BLE001 - only for the message
        return "the configured URL"


def connect(settings: Settings, *, check: bool = True, request_timeout: float = 30.0) -> Elasticsearch:
    """A client for ``settings.elasticsearch_url``; with ``check``, fail early if it is down."""
    client = Elasticsearch(
        **client_options(settings.elasticsearch_url), request_timeout=request_timeout, retry_on_timeout=True,
        max_retries=REQUEST_RETRIES, retry_on_status=RETRY_ON_STATUS,
        # orjson: reading and writing JSON is a large share of what the process stage does in its one
        # deduplicating process (a 1,000-announcement page is ~2 MB each way); several times json's speed
        serializer=OrjsonSerializer(),
    )
    if check:
        try:
            client.info()
        except Exception as exc:  # connection refused, timeout, 5xx, auth: all mean "not usable"
            raise unavailable(settings.elasticsearch_url, exc) from None
    return client
