"""A failed TLS verification of Elasticsearch, told apart from "the cluster is down" with what to fix."""

from __future__ import annotations

import re

from elastic_transport import TlsError

from aggregator.errors import ElasticsearchUnavailable
from aggregator.index.connection import redact

__all__ = ["tls_failure"]

_VERIFY = re.compile(r"certificate verify failed:?\s*([^()\]'\"]*)", re.IGNORECASE)


def tls_failure(url: str, exc: BaseException | None) -> ElasticsearchUnavailable | None:
    """The error to raise when ``exc`` (from the client) is a certificate check that failed, else None."""
    if exc is None:
        return None
    text = str(exc)
    match = _VERIFY.search(text)
    if not isinstance(exc, TlsError) and match is None:
        return None
    reason = (match.group(1).strip() if match else "") or "the certificate was refused"
    return ElasticsearchUnavailable(
        f"TLS verification of Elasticsearch{f' at {redact(url)}' if url else ''} failed ({reason}): the cluster's certificate is not "
        "signed by the CA this client trusts. Set ca_certs=<the cluster's CA file> in ELASTICSEARCH_URL (or in the "
        "extra of the Airflow Connection elasticsearch_default); nothing was written."
    )
