"""ELASTICSEARCH_URL with credentials and TLS options, and the Airflow Connection that mirrors it."""

from __future__ import annotations

import pytest

from aggregator.errors import ConfigError
from aggregator.index.connection import airflow_connection_url, client_options, redact

CA = "/opt/civic/es-ca/ca.crt"


@pytest.mark.parametrize(("url", "expected"), [
    ("http://127.0.0.1:9200", {"hosts": ["http://127.0.0.1:9200"]}),
    (f"https://u:p@es01:9200?ca_certs={CA}", {"hosts": ["https://u:p@es01:9200"], "ca_certs": CA}),
    ("https://es01:9200?verify_certs=false", {"hosts": ["https://es01:9200"], "verify_certs": False}),
    ("https://es01:9200/prefix?verify_certs=true", {"hosts": ["https://es01:9200/prefix"], "verify_certs": True}),
], ids=["local-unchanged", "credentials-and-ca", "no-verify", "path-prefix"])
def test_client_options(url, expected):
    assert client_options(url) == expected


@pytest.mark.parametrize("url", ["https://es01:9200?cacert=/x", "http://es01:9200?ca_certs=/x"],
                         ids=["unknown-parameter", "tls-option-on-http"])
def test_client_options_refuses(url):
    with pytest.raises(ConfigError):
        client_options(url)


@pytest.mark.parametrize(("url", "expected"), [
    ("https://civic_feeds:s3cret@es01:9200?ca_certs=/c", "https://civic_feeds:***@es01:9200?ca_certs=/c"),
    ("http://127.0.0.1:9200", "http://127.0.0.1:9200"),
    ("https://user@es01:9200", "https://user@es01:9200"),
], ids=["password", "none", "user-only"])
def test_redact(url, expected):
    assert redact(url) == expected


def test_unavailable_error_never_shows_the_password():
    from aggregator.index.client import unavailable

    assert "s3cret" not in str(unavailable("https://civic_pipeline:s3cret@es01:9200?ca_certs=/c"))


@pytest.mark.parametrize(("conn", "expected"), [
    ('{"conn_type": "elasticsearch", "host": "es01", "port": 9200, "login": "u", "password": "p",'
     ' "extra": {"scheme": "https", "ca_certs": "/c/ca.crt"}}', "https://u:p@es01:9200?ca_certs=/c/ca.crt"),
    ("elasticsearch://u:p@es01:9200?scheme=https&ca_certs=%2Fc%2Fca.crt", "https://u:p@es01:9200?ca_certs=/c/ca.crt"),
    ('{"conn_type": "elasticsearch", "host": "localhost", "port": 9200}', "http://localhost:9200"),
], ids=["json", "uri", "no-auth"])
def test_airflow_connection_url(conn, expected):
    assert airflow_connection_url(conn) == expected


def test_settings_take_the_airflow_connection_when_elasticsearch_url_is_unset():
    from aggregator.config import load_settings

    conn = ('{"conn_type": "elasticsearch", "host": "es01", "port": 9200, "login": "u", "password": "p",'
            ' "extra": {"scheme": "https", "ca_certs": "/c/ca.crt"}}')
    assert load_settings({"AIRFLOW_CONN_ELASTICSEARCH_DEFAULT": conn}).elasticsearch_url == \
        "https://u:p@es01:9200?ca_certs=/c/ca.crt"
    both = {"AIRFLOW_CONN_ELASTICSEARCH_DEFAULT": conn, "ELASTICSEARCH_URL": "http://127.0.0.1:9201"}
    assert load_settings(both).elasticsearch_url == "http://127.0.0.1:9201"
    assert load_settings({}).elasticsearch_url == "http://127.0.0.1:9200"


def test_every_client_keeps_the_tls_options_of_the_url():
    """The feed store once built its own client from the bare URL and lost ca_certs: all go through connect()."""
    from aggregator.config import load_settings
    from aggregator.index.feeds import FeedStore

    settings = load_settings({"ELASTICSEARCH_URL": "https://u:p@es01:9200?verify_certs=false"})
    store = FeedStore.from_settings(settings)
    node = store.client.transport.node_pool.all()[0]
    assert node.base_url == "https://es01:9200" and node.config.verify_certs is False
