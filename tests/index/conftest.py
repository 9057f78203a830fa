"""Fixtures of the index tests: isolated index names (cleaned up by name), a seeded events index."""

from __future__ import annotations

import uuid

import pytest

from tests.es_helpers import drop_prefix as _drop


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
