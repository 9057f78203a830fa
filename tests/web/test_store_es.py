"""Feeds from a real Elasticsearch: same events and same bytes as the in-memory reference."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from aggregator.ical import FeedFilter
from aggregator.index.feeds import FeedStore
from aggregator.web import MemoryStore, create_app
from tests.ical.cases import CASES, NOW
from tests.web.es_seed import seed

pytestmark = pytest.mark.elasticsearch

ALL = [e for events in CASES.values() for e in events]
FILTERS = [
    [],
    [("org", "lb-legal-agenda")],
    [("org", "ma-umt,tn-afek"), ("platform", "teams,zoom")],
    [("org_type", "party")],
    [("country", "TN")],
    [("country", "FR"), ("org_type", "ngo")],
    [("platform", "youtube")],
    [("q", "ندوة")],
    [("q", "réforme")],
    [("q", "Cimade")],
]


@pytest.fixture(params=["dynamic", "project"])
def es_store(request, es_client, settings):
    if request.param == "project":
        pytest.importorskip("aggregator.index.templates")
    seed(es_client, settings, ALL, mapping=request.param)
    return FeedStore(es_client, settings.index("events"))


@pytest.mark.parametrize("params", FILTERS, ids=lambda p: "&".join(f"{k}={v}" for k, v in p) or "all")
def test_search_matches_in_memory_filter(es_store, params):
    flt = FeedFilter.from_params(params)
    found = [e.event_id for e in es_store.search(flt, now=NOW, past_days=30)]
    expected = [e.event_id for e in MemoryStore(ALL).search(flt, now=NOW, past_days=30)]
    assert sorted(found) == sorted(expected)
    assert found  # each row selects something, or it tests nothing


@pytest.mark.parametrize("q", ['title:* OR {"match_all":{}}', "*", "\\", 'a" OR "b', "(((", "organizers.id:ma-umt"])
def test_query_syntax_in_q_is_plain_text(es_store, q):
    assert es_store.search(FeedFilter(q=q), now=NOW, past_days=30) == []


def test_paging_get_and_organizations(es_store):
    es_store.page_size = 3
    assert len(es_store.search(now=None)) == len(ALL)
    assert len(es_store.search(now=None, limit=5)) == 5
    assert es_store.get("evt-emoji").title.startswith("🔴")
    assert es_store.get("missing") is None
    orgs = es_store.organizations()
    assert orgs["tn-afek"] == {"name": "حزب آفاق تونس", "type": "party", "country": "TN"}


def test_missing_index_is_empty_not_an_error(es_client, settings):
    store = FeedStore(es_client, settings.index("events"))
    assert store.search(now=NOW) == []
    assert store.organizations() == {}


def test_app_over_elasticsearch_serves_the_same_bytes(es_store, settings):
    reference = create_app(settings, MemoryStore(ALL), clock=lambda: NOW)
    app = create_app(settings, es_store, clock=lambda: NOW)
    with TestClient(app) as client, TestClient(reference) as expected:
        for path in ("/calendar.ics", "/calendar.ics?country=TN&org_type=party", "/org/ma-umt.ics", "/country/LB.ics"):
            got = client.get(path)
            assert got.status_code == 200, got.text
            assert got.content == expected.get(path).content
            assert client.get(path, headers={"If-None-Match": got.headers["etag"]}).status_code == 304
        assert client.get("/calendar.ics?org=nobody").status_code == 400
        assert client.get("/healthz").json()["elasticsearch"] is True
