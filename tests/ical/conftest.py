"""Fixture override for tests/ical and tests/web until tests/conftest.py's cleanup stops deleting by wildcard.

Elasticsearch 8 refuses wildcard deletes (action.destructive_requires_name), so the shared
`settings` fixture errors at teardown; this one deletes its indices by their exact names.
Remove it once the shared fixture does the same (reported to its owner).
"""

from __future__ import annotations

import uuid

import pytest


@pytest.fixture()
def settings(elasticsearch_url, tmp_path, monkeypatch):
    from aggregator.config import load_settings

    prefix = f"test-{uuid.uuid4().hex[:8]}-"
    for key, value in {
        "ELASTICSEARCH_URL": elasticsearch_url,
        "AGGREGATOR_INDEX_PREFIX": prefix,
        "AGGREGATOR_PUBLIC_DIR": str(tmp_path / "public"),
    }.items():
        monkeypatch.setenv(key, value)
    yield load_settings()
    from elasticsearch import Elasticsearch

    client = Elasticsearch(elasticsearch_url)
    names = list(client.options(ignore_status=404).indices.get(index=f"{prefix}*", expand_wildcards="all"))
    if names:
        client.options(ignore_status=404).indices.delete(index=",".join(names))
