"""The HTTP app over an in-memory store: feed headers, conditional requests, filters, errors."""

from __future__ import annotations

import gzip
import html
import json
import os
import re
from dataclasses import replace
from datetime import timedelta, timezone
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
from starlette.testclient import TestClient

from aggregator.errors import ElasticsearchUnavailable
from aggregator.web import MemoryStore, create_app
from aggregator.config import Settings
from tests.ical.cases import CASES, NOW
from tests.ical.parsing import rows_from_ical, rows_from_vobject

ALL = [e for events in CASES.values() for e in events]


@pytest.fixture()
def store():
    return MemoryStore(ALL)


@pytest.fixture()
def client(store):
    app = create_app(Settings(), store, clock=lambda: NOW)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_feed_headers_and_body(client):
    response = client.get("/calendar.ics", headers={"Accept-Encoding": "identity", "Origin": "https://example.org"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    etag = response.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert "content-encoding" not in response.headers
    assert response.headers["access-control-allow-origin"] == "*"
    assert "last-modified" in response.headers
    uids = {row[0] for row in rows_from_ical(response.content)}
    assert "evt-tz-casa@civic-events-aggregator" in uids
    assert "evt-cancelled-old@civic-events-aggregator" not in uids


def test_gzip_has_its_own_strong_etag_and_same_content(client):
    plain = client.get("/calendar.ics", headers={"Accept-Encoding": "identity"})
    zipped = client.get("/calendar.ics", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["etag"] == plain.headers["etag"][:-1] + '-gz"'
    assert zipped.content == plain.content  # httpx decoded it
    assert "accept-encoding" in zipped.headers["vary"].lower()


@pytest.mark.parametrize("encoding", ["identity", "gzip"])
def test_if_none_match_gives_304(client, encoding):
    first = client.get("/calendar.ics?country=TN", headers={"Accept-Encoding": encoding})
    again = client.get("/calendar.ics?country=TN", headers={"Accept-Encoding": encoding, "If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    other = client.get("/calendar.ics?country=TN", headers={"If-None-Match": '"nope"'})
    assert other.status_code == 200


def test_if_modified_since_gives_304_unless_if_none_match_differs(client):
    first = client.get("/calendar.ics")
    since = first.headers["last-modified"]
    assert client.get("/calendar.ics", headers={"If-Modified-Since": since}).status_code == 304
    assert client.get("/calendar.ics", headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}).status_code == 200
    assert client.get("/calendar.ics", headers={"If-Modified-Since": since, "If-None-Match": '"x"'}).status_code == 200
    assert client.get("/calendar.ics", headers={"If-Modified-Since": "garbage"}).status_code == 200


def test_head_has_headers_and_no_body(client):
    got = client.get("/calendar.ics", headers={"Accept-Encoding": "identity"})
    head = client.head("/calendar.ics", headers={"Accept-Encoding": "identity"})
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == str(len(got.content))
    assert head.headers["etag"] == got.headers["etag"]


def test_etag_changes_only_when_bytes_change(store):
    app = create_app(Settings(), store, clock=lambda: NOW, cache_seconds=0)
    with TestClient(app) as client:
        first = client.get("/calendar.ics")
        same = client.get("/calendar.ics")
        assert same.headers["etag"] == first.headers["etag"]
        assert same.headers["last-modified"] == first.headers["last-modified"]
        store.events.pop("evt-forum")
        changed = client.get("/calendar.ics", headers={"If-None-Match": first.headers["etag"]})
        assert changed.status_code == 200
        assert changed.headers["etag"] != first.headers["etag"]


@pytest.mark.parametrize(
    "path, uids",
    [
        ("/calendar.ics?country=LB&platform=facebook_live", {"evt-emoji"}),
        ("/calendar.ics?org_type=party&q=réforme", {"evt-postponed"}),
        ("/calendar.ics?org=ma-umt&country=TN", {"evt-forum"}),
        ("/org/lb-legal-agenda.ics", {"evt-emoji", "evt-forum", "evt-tz-beirut", "evt-tz-riyadh"}),
        ("/country/sa.ics", {"evt-tz-riyadh"}),
    ],
    ids=["country-platform", "type-q", "org-country", "org-path", "country-path"],
)
def test_filters_select_events(client, path, uids):
    response = client.get(path)
    assert response.status_code == 200, response.text
    for parse in (rows_from_ical, rows_from_vobject):
        assert {row[0].split("@")[0] for row in parse(response.content)} == uids


def test_lang_changes_the_feeds_own_words(client):
    english = client.get("/calendar.ics?lang=en&country=TN").content
    assert b"X-WR-CALNAME:Online civic events" in english
    assert "Postponed (previously 2026-12-03 18:00)".encode() in english


@pytest.mark.parametrize(
    "path, message",
    [
        ("/calendar.ics?country=ZZ", "unknown country 'ZZ'"),
        ("/calendar.ics?platform=skype", "unknown platform"),
        ("/calendar.ics?org=unknown-org", "unknown org 'unknown-org'"),
        ("/calendar.ics?org_type=union&size=10000", "unknown parameter 'size'"),
        ("/calendar.ics?q=" + "x" * 300, "q is longer"),
        ("/org/nobody.ics", "unknown org 'nobody'"),
        ("/api/events?limit=100000", "limit must be"),
        ("/api/events?q=a&q=b", "give q once"),
    ],
    ids=["country", "platform", "org", "unknown-param", "long-q", "org-path", "limit", "two-q"],
)
def test_bad_parameters_are_clean_400s(client, path, message):
    response = client.get(path)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert message in response.json()["error"]["message"]


def test_not_found_is_json(client):
    response = client.get("/nope")
    assert response.status_code == 404
    assert "no such path" in response.json()["error"]["message"]
    assert client.get("/events/missing.ics").status_code == 404


class BrokenStore(MemoryStore):
    def __init__(self, exc):
        super().__init__(ALL)
        self.exc = exc

    def search(self, *args, **kwargs):
        raise self.exc


@pytest.mark.parametrize(
    "exc, status", [(RuntimeError("secret detail"), 500), (ElasticsearchUnavailable("down"), 503)], ids=["bug", "es-down"]
)
def test_failures_are_json_without_traceback(exc, status, tmp_path):
    # no published file to fall back on (a checkout that ran `make run` has one in public/)
    app = create_app(Settings(public_dir=tmp_path / "public"), BrokenStore(exc), clock=lambda: NOW)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/calendar.ics")
    assert response.status_code == status
    body = response.json()
    assert body["error"]["status"] == status
    assert "Traceback" not in response.text and "secret detail" not in response.text


def test_api_events_for_the_page(client):
    data = client.get("/api/events?country=TN&past_days=30").json()
    ids = [e["event_id"] for e in data["events"]]
    assert ids == ["evt-inject", "evt-tz-tunis", "evt-postponed-tbd", "evt-postponed", "evt-forum"]
    assert data["feed"]["webcal"] == "webcal://testserver/calendar.ics?country=TN"
    assert data["feed"]["google"] == (
        "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Ftestserver%2Fcalendar.ics%3Fcountry%3DTN"
    )
    assert data["events"][0]["ics_url"] == "http://testserver/events/evt-inject.ics"
    upcoming = client.get("/api/events").json()["events"]
    assert "evt-night" not in {e["event_id"] for e in upcoming}  # past: only in the feed's window


def test_one_event_download(client):
    response = client.get("/events/evt-emoji.ics")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="evt-emoji.ics"'
    assert [row[0] for row in rows_from_vobject(response.content)] == ["evt-emoji@civic-events-aggregator"]


def test_page_health_and_filters(client):
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page.text
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/healthz").json() == {"status": "ok", "elasticsearch": True}
    filters = client.get("/api/filters").json()
    assert {"id": "ma-umt", "name": "الاتحاد المغربي للشغل", "name_latin": "الاتحاد المغربي للشغل", "type": "union", "country": "MA"} in filters["org"]
    assert "MA" in filters["country"]


def test_mounted_under_a_prefix_builds_prefixed_links(store):
    from starlette.applications import Starlette
    from starlette.routing import Mount

    outer = Starlette(routes=[Mount("/events-calendar", app=create_app(Settings(), store, clock=lambda: NOW))])
    with TestClient(outer) as client:
        data = client.get("/events-calendar/api/events?country=SA").json()
        assert data["feed"]["https"] == "http://testserver/events-calendar/calendar.ics?country=SA"
        assert client.get("/events-calendar/calendar.ics").status_code == 200


class CountingStore(MemoryStore):
    def __init__(self, events):
        super().__init__(events)
        self.searches = 0

    def search(self, *args, **kwargs):
        self.searches += 1
        return super().search(*args, **kwargs)


def test_api_events_answers_repeat_requests_from_memory():
    store = CountingStore(ALL)
    with TestClient(create_app(Settings(), store, clock=lambda: NOW, cache_seconds=60)) as client:
        first = client.get("/api/events?country=TN&past_days=30")
        again = client.get("/api/events?past_days=30&country=TN")  # same filter, other order
        assert again.content == first.content and store.searches == 1
        client.get("/api/events?country=TN&past_days=30&limit=2")
        client.get("/events-calendar/api/events?country=TN&past_days=30")  # 404, not cached under another base
        assert store.searches == 2


@pytest.mark.parametrize("sizes, kept", [
    ([10, 10, 10], ["a", "b", "c"]),
    ([40, 40, 40], ["b", "c"]),
    ([200, 10], ["b"]),
], ids=["all-fit", "oldest-dropped", "too-big-never-kept"])
def test_response_cache_stays_under_its_byte_budget(sizes, kept):
    from aggregator.web.cache import ResponseCache

    cache = ResponseCache(ttl=60, max_bytes=100)
    for key, size in zip("abc", sizes):
        cache.put(key, b"x" * size)
    assert [k for k in "abc" if cache.get(k) is not None] == kept


# --- Issue 17, citizen: event pages, add-to-calendar links, readable names, feeds while ES is down.

REGISTRY = """organizations:
  - id: ma-umt
    name: {ar: الاتحاد المغربي للشغل, latin: Union marocaine du travail}
    org_type: union
    country: MA
    sources: []
"""


@pytest.fixture()
def named_client(store, tmp_path):
    registry = tmp_path / "sources.yaml"
    registry.write_text(REGISTRY, encoding="utf-8")
    app = create_app(Settings(sources_path=registry), store, clock=lambda: NOW)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def _json_ld(html_text: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html_text, re.S)
    return json.loads(block.group(1))


@pytest.mark.parametrize("lang,organizer", [("ar", "الاتحاد المغربي للشغل"), ("fr", "Union marocaine du travail"),
                                            ("en", "Union marocaine du travail")], ids=["ar", "fr", "en"])
def test_event_page_json_ld_and_organizer_names(named_client, lang, organizer):
    response = named_client.get("/event/evt-tz-casa" + ("" if lang == "ar" else f"?lang={lang}"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in response.text
    ld = _json_ld(response.text)
    assert ld["@type"] == "Event"
    assert ld["location"] == {"@type": "VirtualLocation",
                              "url": "https://us02web.zoom.us/j/81234567890?pwd=QWxhZGRpbjpvcGVuIHNlc2FtZQ"}
    assert ld["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert ld["startDate"] == "2026-12-02T18:00:00+01:00"
    assert ld["organizer"][0]["name"] == organizer
    assert organizer in response.text
    # The organizer's zone, from the server's tz database.
    assert 'data-zone="Africa/Casablanca" data-offset="+01:00"' in response.text
    assert '2026-12-02 18:00 <bdi dir="ltr">(Africa/Casablanca, UTC+01:00)</bdi>' in response.text


def test_event_page_google_and_outlook_links_carry_utc(named_client):
    text = named_client.get("/event/evt-tz-casa?lang=en").text
    google = re_href(text, "add-google")
    outlook = re_href(text, "add-outlook")
    g = parse_qs(urlsplit(google).query)
    assert urlsplit(google).netloc == "calendar.google.com"
    assert g["action"] == ["TEMPLATE"]
    assert g["dates"] == ["20261202T170000Z/20261202T180000Z"]  # 18:00-19:00 in Casablanca (UTC+1)
    assert g["text"] == ["ندوة الدار البيضاء"]
    o = parse_qs(urlsplit(outlook).query)
    assert urlsplit(outlook).netloc == "outlook.live.com"
    assert o["rru"] == ["addevent"]
    assert (o["startdt"], o["enddt"]) == (["2026-12-02T17:00:00Z"], ["2026-12-02T18:00:00Z"])
    ics = named_client.get(re_href(text, "add-ics"))
    assert ics.status_code == 200
    event = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert event.decoded("DTSTART").astimezone(timezone.utc).isoformat() == "2026-12-02T17:00:00+00:00"


def re_href(text: str, css_class: str) -> str:
    return html.unescape(re.search(rf'class="button {css_class}" href="([^"]+)"', text).group(1))


def test_event_page_of_a_cancelled_event_offers_no_join_nor_google(named_client):
    text = named_client.get("/event/evt-cancelled-old").text
    assert _json_ld(text)["eventStatus"] == "https://schema.org/EventCancelled"
    assert "add-google" not in text and 'class="button join"' not in text
    assert "add-ics" in text


def test_event_page_of_a_duplicate_links_to_the_event_it_was_merged_into(named_client, store):
    duplicate = next(e for e in store.events.values() if e.merged_into)
    text = named_client.get(f"/event/{duplicate.event_id}?lang=en").text
    assert f'<p class="merged"><a href="http://testserver/event/{duplicate.merged_into}?lang=en">Duplicate: see this event</a></p>' in text
    assert json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1))["eventStatus"].endswith("EventCancelled")


def test_event_page_escapes_and_rejects(named_client, store):
    hostile = replace(next(iter(store.events.values())), event_id="evt-x", title="</script><b>x</b>")
    store.events["evt-x"] = hostile
    text = named_client.get("/event/evt-x").text
    assert "</script><b>" not in text
    assert _json_ld(text)["name"] == "</script><b>x</b>"
    assert named_client.get("/event/nope").status_code == 404
    bad = named_client.get("/event/evt-x?lang=de")
    assert bad.status_code == 400 and bad.json()["error"]["parameter"] == "lang"


def test_api_events_names_organizers_in_the_page_language(named_client):
    fr = named_client.get("/api/events?lang=fr").json()
    casa = next(e for e in fr["events"] if e["event_id"] == "evt-tz-casa")
    assert casa["organizers"][0]["name"] == "Union marocaine du travail"
    assert casa["page_url"] == "http://testserver/event/evt-tz-casa?lang=fr"
    ar = named_client.get("/api/events").json()
    assert next(e for e in ar["events"] if e["event_id"] == "evt-tz-casa")["organizers"][0]["name"] == "الاتحاد المغربي للشغل"
    orgs = {o["id"]: o for o in named_client.get("/api/filters").json()["org"]}
    assert orgs["ma-umt"]["name_latin"] == "Union marocaine du travail"


@pytest.mark.parametrize("path,lang,name", [
    ("/org/ma-umt.ics?lang=fr", "fr", "Événements civiques en ligne — Union marocaine du travail"),
    ("/calendar.ics?country=TN&org_type=party&lang=en", "en", "Online civic events — Parties · Tunisia"),
    ("/country/ma.ics", "ar", "فعاليات مدنية عبر الإنترنت — المغرب"),
], ids=["org-latin", "kind-and-country", "country-arabic"])
def test_filtered_calendars_are_named_in_words(named_client, path, lang, name):
    calendar = icalendar.Calendar.from_ical(named_client.get(path).content)
    assert str(calendar["X-WR-CALNAME"]) == name


def test_feeds_from_disk_when_elasticsearch_is_down(tmp_path):
    """A real FeedStore on a port where nothing listens: the published file answers, saying its age."""
    from aggregator.index.feeds import FeedStore

    public = tmp_path / "public"
    (public / "org").mkdir(parents=True)
    published = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nEND:VCALENDAR\r\n"
    (public / "calendar.ics").write_bytes(published)
    (public / "org" / "ma-umt.ics").write_bytes(published)
    written = NOW - timedelta(hours=2)
    for path in (public / "calendar.ics", public / "org" / "ma-umt.ics"):
        os.utime(path, (written.timestamp(), written.timestamp()))
    settings = Settings(elasticsearch_url="http://127.0.0.1:9", public_dir=public)
    app = create_app(settings, FeedStore.from_settings(settings), clock=lambda: NOW)
    with TestClient(app, raise_server_exceptions=False) as client:
        for path in ("/calendar.ics", "/org/ma-umt.ics"):
            response = client.get(path, headers={"Accept-Encoding": "identity"})
            assert response.status_code == 200, path
            assert response.content == published
            assert response.headers["age"] == "7200"
            assert response.headers["x-feed-generated-at"] == "Sat, 21 Nov 2026 07:00:00 GMT"
            assert response.headers["warning"].startswith("110 ")
            again = client.get(path, headers={"If-None-Match": response.headers["etag"]})
            assert again.status_code == 304
        # No published file for these: the 503 as before.
        assert client.get("/calendar.ics?country=TN").status_code == 503
        assert client.get("/calendar.ics?lang=fr").status_code == 503
        assert client.get("/org/other.ics").status_code == 503
