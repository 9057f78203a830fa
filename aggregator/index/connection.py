"""Turn ELASTICSEARCH_URL (credentials and TLS options included) into Elasticsearch client options.

One URL says everything about the cluster, so the local setup and production use the same variable:

    http://127.0.0.1:9200                                           the local cluster, no security
    https://user:password@es01:9200?ca_certs=/certs/ca.crt          security on, our own CA
    https://user:password@es.example.org:9200?verify_certs=false    (tests only)

Credentials stay in the URL (elastic-transport turns them into an Authorization header); the query
parameters ``ca_certs``, ``verify_certs`` and ``ssl_assert_fingerprint`` become client options and
are removed from the host. ``redact`` hides the password wherever a URL is shown to a person.

In docker/ the same values also form the Airflow Connection ``elasticsearch_default``
(``AIRFLOW_CONN_ELASTICSEARCH_DEFAULT``, see ``airflow_connection_url``), so both always agree.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from aggregator.errors import ConfigError

__all__ = ["client_options", "redact", "airflow_connection_url"]

_TLS_OPTIONS = ("ca_certs", "verify_certs", "ssl_assert_fingerprint")
_FALSE = {"0", "false", "no", "off"}


def client_options(url: str) -> dict:
    """Keyword arguments for ``Elasticsearch(**...)``: ``hosts`` plus the TLS options in the URL's query."""
    parts = urlsplit(url)
    options: dict = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key == "verify_certs":
            options[key] = value.strip().lower() not in _FALSE
        elif key in _TLS_OPTIONS:
            options[key] = value
        else:
            raise ConfigError(
                f"ELASTICSEARCH_URL has an unknown query parameter {key!r}; "
                f"the ones understood are {', '.join(_TLS_OPTIONS)}"
            )
    if options and parts.scheme != "https":
        raise ConfigError(f"ELASTICSEARCH_URL sets {', '.join(options)} but is not https: {redact(url)}")
    host = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    return {"hosts": [host], **options}


def redact(url: str) -> str:
    """``url`` with its password (if any) replaced by ``***``, safe for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, f"{parts.username}:***@{host}", parts.path, parts.query, parts.fragment))


def airflow_connection_url(value: str) -> str:
    """The ELASTICSEARCH_URL equivalent to an Airflow Connection given as ``AIRFLOW_CONN_...`` (JSON or URI).

    Follows the Elasticsearch provider's conventions: conn_type ``elasticsearch``, host, port, login,
    password, and in ``extra`` the ``scheme`` (http/https) plus any of ca_certs / verify_certs /
    ssl_assert_fingerprint. Used by the deployment tests to prove the two variables agree.
    """
    value = value.strip()
    if value.startswith("{"):
        conn = json.loads(value)
        extra = conn.get("extra") or {}
        if isinstance(extra, str):
            extra = json.loads(extra)
        host, port = conn.get("host"), conn.get("port")
        login, password = conn.get("login"), conn.get("password")
    else:
        parts = urlsplit(value)
        extra = dict(parse_qsl(parts.query))
        host, port = parts.hostname, parts.port
        login = unquote(parts.username) if parts.username else None
        password = unquote(parts.password) if parts.password else None
    if not host:
        raise ConfigError("the Airflow Elasticsearch connection has no host")
    scheme = extra.pop("scheme", "http")
    auth = f"{quote(login, safe='')}:{quote(password or '', safe='')}@" if login else ""
    query = urlencode({k: str(v).lower() if isinstance(v, bool) else v for k, v in extra.items() if k in _TLS_OPTIONS},
                      safe="/")
    return f"{scheme}://{auth}{host}:{port or 9200}" + (f"?{query}" if query else "")
