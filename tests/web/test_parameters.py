"""Every HTTP route, whatever its parameters: never a 5xx while Elasticsearch is up, and a 400 names what is wrong.

Hypothesis draws parameters from each route's own names (plus unknown ones) with values that mix
the valid, the out-of-range (negative, huge, year 9999), and arbitrary text, against the app on a
real, seeded Elasticsearch with every cache off.
"""

from __future__ import annotations

import uuid
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st
from starlette.testclient import TestClient

from aggregator.web import create_app
from aggregator.web.overlaps import PARAMETERS as OVERLAPS_PARAMETERS
from aggregator.web.trends import PARAMETERS as TRENDS_PARAMETERS

pytestmark = pytest.mark.elasticsearch

FEED_PARAMETERS = ("org", "org_type", "country", "platform", "q", "lang")
ROUTES = {
    "/calendar.ics": FEED_PARAMETERS,
    "/api/events": (*FEED_PARAMETERS, "limit", "past_days"),
    "/api/filters": (),
    "/api/overlaps": OVERLAPS_PARAMETERS,
    "/api/trends": TRENDS_PARAMETERS,
    "/healthz": (),
    "/": (),
}
PATH_ROUTES = ("/org/{}.ics", "/country/{}.ics", "/events/{}.ics")

VALUES = st.one_of(
    st.sampled_from(["", "0", "1", "-1", "10", "100", "1000", "100000", "99999999999999999999", "yes", "nope",
                     "90m", "1h30m", "2h", "7d", "99999d", "999999999999m", "0m",
                     "2026-03-12", "2026-03-12T20:00+00:00", "2026-03-12T20:00", "9999-12-31", "0001-01-01",
                     "9999-12-31T23:59+00:00", "0001-01-01T00:00+14:00", "2026-02-30", "tomorrow",
                     "MA", "tn", "ZZ", "union", "party", "ngo", "zoom", "youtube", "week", "month", "day", "country",
                     "organizer", "color", "csv", "json", "UTC", "Africa/Tunis", "America/Coyhaique", "Mars/Olympus",
                     "ar", "fr", "en", "انتخابات", "ندوة رقمية", "ma-umt", "e-umt-elections", "a,b,c", "*", "\\",
                     '"', "<script>", "%00"]),
    st.integers(min_value=-10**12, max_value=10**12).map(str),
    st.text(max_size=30),
)


def _query(names):
    known = st.sampled_from(names) if names else st.nothing()
    name = st.one_of(known, st.sampled_from(["size", "from_", "_", "q"]), st.text(min_size=1, max_size=8))
    return st.lists(st.tuples(name, VALUES), max_size=6)


@pytest.fixture(scope="module")
def http(elasticsearch_url):
    from elasticsearch import Elasticsearch

    from aggregator.config import load_settings
    from aggregator.index.bulk import bulk_upsert
    from aggregator.index.client import connect
    from aggregator.index.documents import event_document
    from aggregator.index.templates import ensure_indices
    from tests.es_helpers import drop_prefix
    from tests.index.seed import EVENTS

    prefix = f"test-{uuid.uuid4().hex[:8]}-"
    settings = load_settings({"ELASTICSEARCH_URL": elasticsearch_url, "AGGREGATOR_INDEX_PREFIX": prefix})
    client = connect(settings)
    ensure_indices(client, settings)
    bulk_upsert(client, settings.index("events"), [(e.event_id, event_document(e)) for e in EVENTS], refresh=True)
    with TestClient(create_app(settings, cache_seconds=0), raise_server_exceptions=False) as test_client:
        yield test_client
    drop_prefix(Elasticsearch(elasticsearch_url), prefix)


def _check(response) -> None:
    assert response.status_code < 500, (response.request.url, response.status_code, response.text[:500])
    if response.status_code == 400:
        body = response.json()
        message = body["error"]["message"] if isinstance(body["error"], dict) else body["error"]
        assert message and "Traceback" not in response.text and "elasticsearch" not in message.lower()


@pytest.mark.parametrize("path", sorted(ROUTES))
@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_query_parameters_never_give_a_5xx(http, path, data):
    query = data.draw(_query(ROUTES[path]), label="query")
    _check(http.get(path, params=query))


@pytest.mark.parametrize("template", PATH_ROUTES)
@hypothesis_settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(segment=st.one_of(st.sampled_from(["ma-umt", "MA", "tn", "e-umt-elections", "x" * 300]),
                         st.text(min_size=1, max_size=40)), query=_query(("lang",)))
def test_path_parameters_never_give_a_5xx(http, template, segment, query):
    _check(http.get(template.format(quote(segment, safe="")), params=query))


@pytest.mark.parametrize("path, query, parameter", [
    ("/api/overlaps", {"start": "2026-03-12T20:00+00:00", "duration": "99999d"}, "duration"),
    ("/api/overlaps", {"start": "2026-03-12T20:00+00:00", "margin": "999999999999m"}, "margin"),
    ("/api/overlaps", {"report": "1", "weeks": "100000"}, "weeks"),
    ("/api/overlaps", {"start": "9999-12-31T23:59+00:00"}, "start"),
    ("/api/overlaps", {"report": "1", "from": "9999-12-31"}, "from"),
    ("/api/overlaps", {"start": "2026-03-12T20:00+00:00", "limit": "-1"}, "limit"),
    ("/api/overlaps", {"start": "2026-03-12T20:00+00:00", "org_type": "guild"}, "org_type"),
    ("/api/trends", {"top": "0"}, "top"),
    ("/api/trends", {"time_zone": "Mars/Olympus"}, "time_zone"),
    ("/api/trends", {"from": "2026-04-01", "to": "2026-03-01"}, "from"),
    ("/api/trends", {"format": "xml"}, "format"),
    ("/api/trends", {"size": "10"}, "size"),
], ids=["huge-duration", "huge-margin", "huge-weeks", "year-9999", "report-from-9999", "negative-limit",
        "unknown-org-type", "top-0", "unknown-zone", "from-after-to", "format", "unknown-parameter"])
def test_reported_cases_are_400s_naming_the_parameter(http, path, query, parameter):
    response = http.get(path, params=query)
    assert response.status_code == 400, response.text
    assert response.json()["parameter"] == parameter


def test_a_zone_python_knows_and_elasticsearch_does_not_is_a_400(http):
    """tzdata can be newer than the JVM's: the name passes our check and Elasticsearch refuses it."""
    response = http.get("/api/trends", params={"time_zone": "America/Coyhaique"})
    assert response.status_code in (200, 400), response.text
    if response.status_code == 400:
        assert response.json()["parameter"] == "time_zone"


def test_the_trends_in_a_valid_zone_still_answer(http):
    response = http.get("/api/trends", params={"time_zone": "Africa/Casablanca", "from": "2026-03-01",
                                               "to": "2026-04-01", "top": "3"})
    assert response.status_code == 200 and response.json()["rows"]


def test_before_the_first_run_the_analytics_answer_empty(elasticsearch_url):
    """No events index yet (a fresh cluster): empty answers, not a 502."""
    from aggregator.config import load_settings

    settings = load_settings({"ELASTICSEARCH_URL": elasticsearch_url, "AGGREGATOR_INDEX_PREFIX": "absent-"})
    with TestClient(create_app(settings, cache_seconds=0)) as client:
        overlaps = client.get("/api/overlaps", params={"start": "2026-03-12T20:00+00:00"})
        assert overlaps.status_code == 200 and overlaps.json()["overlaps"] == []
        report = client.get("/api/overlaps", params={"report": "1", "from": "2026-03-01"})
        assert report.status_code == 200 and report.json()["clusters"] == []
        trend = client.get("/api/trends", params={"from": "2026-03-01", "to": "2026-04-01"})
        assert trend.status_code == 200 and trend.json()["keys"] == []
