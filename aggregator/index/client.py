"""The Elasticsearch client, built from settings, with a clear error when the cluster does not answer."""

from __future__ import annotations

from elasticsearch import Elasticsearch
from elastic_transport import ConnectionError as TransportConnectionError

from aggregator.config import Settings
from aggregator.errors import ElasticsearchUnavailable

__all__ = ["connect"]


def connect(settings: Settings, *, check: bool = True, request_timeout: float = 30.0) -> Elasticsearch:
    """A client for ``settings.elasticsearch_url``; with ``check``, fail early if it is down."""
    client = Elasticsearch(settings.elasticsearch_url, request_timeout=request_timeout, retry_on_timeout=True, max_retries=3)
    if check:
        try:
            client.info()
        except (TransportConnectionError, Exception) as exc:  # the client raises several kinds here
            raise ElasticsearchUnavailable(
                f"Elasticsearch does not answer at {settings.elasticsearch_url} ({type(exc).__name__}). "
                "Start the local one with `scripts/elasticsearch.sh start` or set ELASTICSEARCH_URL."
            ) from None
    return client
