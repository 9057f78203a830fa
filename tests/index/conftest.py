"""Fixtures of the index tests: isolated index names (cleaned up by name), a seeded events index."""

from __future__ import annotations

import uuid

import pytest


def _drop(client, prefix: str) -> None:
    # action.destructive_requires_name forbids deleting by wildcard: resolve the names first
    names = [i for i in dict(client.options(ignore_status=404).indices.get(index=f"{prefix}*", expand_wildcards="all"))
             if i.startswith(prefix)]
    if names:
        client.options(ignore_status=404).indices.delete(index=",".join(names))
    templates = client.options(ignore_status=404).indices.get_index_template(name=f"{prefix}*")
    for template in dict(templates).get("index_templates", []):
        client.options(ignore_status=404).indices.delete_index_template(name=template["name"])


@pytest.fixture()
def settings(elasticsearch_url, tmp_path, monkeypatch):
    """Settings with their own index prefix; indices and templates are removed afterwards."""
    from elasticsearch import Elasticsearch

    from aggregator.config import load_settings

    prefix = f"test-{uuid.uuid4().hex[:8]}-"
    for key, value in {"ELASTICSEARCH_URL": elasticsearch_url, "AGGREGATOR_INDEX_PREFIX": prefix,
                       "AGGREGATOR_PUBLIC_DIR": str(tmp_path / "public")}.items():
        monkeypatch.setenv(key, value)
    yield load_settings()
    _drop(Elasticsearch(elasticsearch_url), prefix)


@pytest.fixture()
def indexed(es_client, settings):
    """Templates and aliases in place."""
    from aggregator.index.templates import ensure_indices

    ensure_indices(es_client, settings)
    return es_client


@pytest.fixture()
def seeded(indexed, settings):
    """The events of tests/index/seed.py, written through the alias like the pipeline does."""
    from aggregator.index.bulk import bulk_upsert
    from aggregator.index.documents import event_document
    from tests.index.seed import EVENTS

    bulk_upsert(indexed, settings.index("events"), [(e.event_id, event_document(e)) for e in EVENTS], refresh=True)
    return indexed


@pytest.fixture(scope="module")
def module_indexed(elasticsearch_url):
    """(client, settings) with templates and aliases, shared by the read-only tests of one module."""
    from elasticsearch import Elasticsearch

    from aggregator.config import load_settings
    from aggregator.index.client import connect
    from aggregator.index.templates import ensure_indices

    prefix = f"test-{uuid.uuid4().hex[:8]}-"
    settings = load_settings({"ELASTICSEARCH_URL": elasticsearch_url, "AGGREGATOR_INDEX_PREFIX": prefix})
    client = connect(settings)
    ensure_indices(client, settings)
    yield client, settings
    _drop(Elasticsearch(elasticsearch_url), prefix)


@pytest.fixture(scope="module")
def module_seeded(module_indexed):
    """module_indexed plus the seed events."""
    from aggregator.index.bulk import bulk_upsert
    from aggregator.index.documents import event_document
    from tests.index.seed import EVENTS

    client, settings = module_indexed
    bulk_upsert(client, settings.index("events"), [(e.event_id, event_document(e)) for e in EVENTS], refresh=True)
    return client, settings
