"""The Elasticsearch client, built from settings, and the one place transport errors become ours."""

from __future__ import annotations

import contextlib
from typing import Iterator

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout, TransportError
from elasticsearch import ApiError, Elasticsearch

from aggregator.config import Settings
from aggregator.errors import ElasticsearchUnavailable, IndexError_
from aggregator.index.connection import client_options, redact
from aggregator.index.tls import tls_failure

__all__ = ["connect", "translate_errors", "unavailable"]


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


@contextlib.contextmanager
def translate_errors(url: str) -> Iterator[None]:
    """Turn connection failures and unexpected API errors into the aggregator's exception tree."""
    try:
        yield
    except (TransportConnectionError, ConnectionTimeout) as exc:
        raise unavailable(url, exc) from None
    except ApiError as exc:
        if exc.meta.status in (502, 503, 504):
            raise unavailable(url, exc) from None
        raise IndexError_(f"Elasticsearch refused a request: {exc.message} {exc.body if exc.body else ''}".strip()) from None
    except TransportError as exc:
        raise unavailable(url, exc) from None


def connect(settings: Settings, *, check: bool = True, request_timeout: float = 30.0) -> Elasticsearch:
    """A client for ``settings.elasticsearch_url``; with ``check``, fail early if it is down."""
    client = Elasticsearch(
        **client_options(settings.elasticsearch_url), request_timeout=request_timeout, retry_on_timeout=True, max_retries=3,
        retry_on_status=(429, 502, 503, 504),
    )
    if check:
        try:
            client.info()
        except Exception as exc:  # connection refused, timeout, 5xx, auth: all mean "not usable"
            raise unavailable(settings.elasticsearch_url, exc) from None
    return client
