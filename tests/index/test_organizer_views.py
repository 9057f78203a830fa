"""Issue 17, organizers and analysts: local start times (Morocco's Ramadan switch), checked values with the
accepted ones in the error, time and audience apart with the score explained, trends by topic and by the
feeds' filters with a none bucket; through the functions, the commands and the HTTP API."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from aggregator.index.overlaps import find_overlaps
from aggregator.index.params import parse_local_datetime
from aggregator.index.trends import trends

UTC = timezone.utc


# -- local times -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "zone", "utc"), [
    # Morocco leaves UTC+1 for Ramadan on 15 February 2026 and comes back on 22 March 2026.
    ("2026-02-14 20:00", "Africa/Casablanca", "2026-02-14T19:00"),
    ("2026-03-12 20:00", "Africa/Casablanca", "2026-03-12T20:00"),
    ("2026-03-21 20:00", "Africa/Casablanca", "2026-03-21T20:00"),
    ("2026-03-22 20:00", "Africa/Casablanca", "2026-03-22T19:00"),
    ("2026-03-22T03:00", "Africa/Casablanca", "2026-03-22T02:00"),
    ("2026-03-12 20:00", "Africa/Tunis", "2026-03-12T19:00"),
    ("2026-03-12 20:00", "UTC", "2026-03-12T20:00"),
    # an offset still works, and wins over the zone (which then only says how times are shown)
    ("2026-03-12T20:00+01:00", None, "2026-03-12T19:00"),
    ("2026-03-12T20:00+01:00", "Africa/Casablanca", "2026-03-12T19:00"),
    ("2026-03-12T20:00Z", None, "2026-03-12T20:00"),
], ids=["casa-before-ramadan", "casa-ramadan", "casa-last-ramadan-day", "casa-after-switch-back",
        "casa-just-after-gap", "tunis", "utc", "offset", "offset-and-zone", "zulu"])
def test_local_start(text, zone, utc):
    assert parse_local_datetime(text, zone).astimezone(UTC).strftime("%Y-%m-%dT%H:%M") == utc


@pytest.mark.parametrize(("text", "zone", "message"), [
    ("2026-03-22 02:30", "Africa/Casablanca", "does not exist in Africa/Casablanca"),
    ("2026-02-15 02:30", "Africa/Casablanca", "2026-02-15T02:30+01:00 or 2026-02-15T02:30+00:00"),
    ("2026-03-12 20:00", None, "has no UTC offset: give tz"),
    ("2026-03-12 20:00", "Mars/Olympus", "is not an IANA time zone"),
    ("12/03/2026 20:00", "Africa/Tunis", "is not a date and time"),
], ids=["skipped-by-the-switch", "repeated-by-the-switch", "no-zone", "unknown-zone", "not-iso"])
def test_local_start_refused(text, zone, message):
    with pytest.raises(ValueError, match=message.replace("+", r"\+").replace("(", r"\(")):
        parse_local_datetime(text, zone)


# -- overlaps: explained score, own events ----------------------------------------------------------------

def test_time_and_audience_reported_apart(module_seeded):
    client, settings = module_seeded
    start = parse_local_datetime("2026-03-12 20:00", "Africa/Casablanca")
    found = {o.event_id: o for o in find_overlaps(client, settings.index("events"), start, timedelta(hours=2),
                                                   country="MA", org_types=["union"])}
    retraite = found["e-cdt-retraite"]  # same country and kind, 30 minutes of a 2-hour slot
    assert (retraite.score, retraite.time_overlap, retraite.audience_overlap) == (25.0, 0.25, 1.0)
    assert retraite.explanation == ("time 30 of 120 min = 0.25 × audience (1 + 2 shared) / (1 + 2 asked) = 1.00 "
                                    "[same country; same kind (union)] = 25")
    pjd = found["e-pjd-live"]  # same country, other kind
    assert (pjd.time_overlap, pjd.audience_overlap) == (0.375, 0.667)
    assert "[same country; other kind]" in pjd.explanation
    margin = found["e-umt-margin"]
    assert margin.overlap_minutes == 10 and margin.score == 8.3


def test_own_events_do_not_compete(module_seeded):
    client, settings = module_seeded
    start = parse_local_datetime("2026-03-12 20:00", "Africa/Casablanca")
    ids = {o.event_id for o in find_overlaps(client, settings.index("events"), start, timedelta(hours=2),
                                             own_orgs=["ma-umt"])}
    assert "e-umt-elections" not in ids and "e-umt-margin" not in ids and "e-cdt-retraite" in ids


# -- the overlaps command ---------------------------------------------------------------------------------

@pytest.fixture()
def cli(module_seeded, monkeypatch, capsys):
    from aggregator.cli import main

    _, settings = module_seeded
    monkeypatch.setenv("ELASTICSEARCH_URL", settings.elasticsearch_url)
    monkeypatch.setenv("AGGREGATOR_INDEX_PREFIX", settings.index_prefix)

    def run(*args):
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.mark.parametrize(("day", "utc"), [("2026-03-21", "20:00 UTC"), ("2026-03-22", "19:00 UTC")],
                         ids=["ramadan-utc0", "after-switch-utc1"])
def test_overlaps_command_local_start_across_the_switch(cli, day, utc):
    code, out, _ = cli("overlaps", "--tz", "Africa/Casablanca", "--start", f"{day} 20:00", "--duration", "90m")
    assert code == 0
    assert out.splitlines()[0] == f"Slot {day} 20:00–21:30 Africa/Casablanca ({utc})"


def test_overlaps_command_table_explains(cli):
    code, out, _ = cli("overlaps", "--tz", "Africa/Casablanca", "--start", "2026-03-12 20:00", "--duration", "2h",
                       "--country", "ma", "--org-type", "union")
    assert code == 0
    row = next(line for line in out.splitlines() if "لقاء تواصلي حول إصلاح التقاعد" in line)
    assert "0.25 × 1.00" in row and "30 of 120 min" in row and "country; union" in row
    assert "2026-03-12 19:00–20:30" in row  # shown in the zone asked, Casablanca on UTC+0 that day
    assert "score = 100 × time × audience" in out
    code, out, _ = cli("overlaps", "--tz", "Africa/Casablanca", "--start", "2026-03-12 20:00", "--format", "json")
    first = json.loads(out)[0]
    assert {"time_overlap", "audience_overlap", "explanation", "shared"} <= set(first)


@pytest.mark.parametrize(("args", "message"), [
    (["--country", "Tunisia"], "unknown --country 'Tunisia'; accepted: AE, "),
    (["--org-type", "syndicat"], "unknown --org-type 'syndicat'; accepted: party, union, ngo, other"),
    (["--org-type", "union,syndicat"], "unknown --org-type 'syndicat'"),
    (["--org", "ma-nope"], "unknown --org 'ma-nope'; accepted: eg-eipr, ma-cdt, ma-pjd, ma-umt, tn-atfd, tn-ugtt"),
    (["--tz", "Africa/Rabat"], "--tz 'Africa/Rabat' is not an IANA time zone"),
    (["--duration", "0"], "--duration must be longer than 0"),
    (["--duration", "soon"], "is not a duration"),
    (["--limit", "0"], "--limit must be at least 1"),
], ids=["country-name", "org-type-french", "org-type-in-list", "unknown-org", "unknown-zone", "zero-duration",
        "bad-duration", "zero-limit"])
def test_overlaps_command_refuses(cli, args, message):
    code, out, err = cli("overlaps", "--tz", "Africa/Casablanca", "--start", "2026-03-12 20:00", *args)
    assert code == 1 and out == ""
    assert message in err


@pytest.mark.parametrize(("start", "message"), [
    ("2026-03-22 02:30", "does not exist in Africa/Casablanca"),
    ("2026-02-15 02:30", "happens twice in Africa/Casablanca"),
], ids=["gap", "fold"])
def test_overlaps_command_refuses_switch_times(cli, start, message):
    code, _, err = cli("overlaps", "--tz", "Africa/Casablanca", "--start", start)
    assert code == 1 and message in err


def test_overlaps_command_without_zone_or_offset(cli):
    code, _, err = cli("overlaps", "--start", "2026-03-12 20:00")
    assert code == 1 and "give --tz (e.g. Africa/Tunis) or an offset" in err


# -- the overlaps API -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def http(module_seeded):
    from starlette.testclient import TestClient

    from aggregator.web.app import create_app

    _, settings = module_seeded
    return TestClient(create_app(settings))


def test_api_local_start_and_explanation(http):
    body = http.get("/api/overlaps", params={"tz": "Africa/Casablanca", "start": "2026-03-22 20:00",
                                             "duration": "1h"}).json()
    assert body["start"] == "2026-03-22T20:00:00+01:00" and body["tz"] == "Africa/Casablanca"
    body = http.get("/api/overlaps", params={"tz": "Africa/Casablanca", "start": "2026-03-12 20:00", "duration": "2h",
                                             "country": "MA", "org_type": "union", "org": "ma-umt"}).json()
    by_id = {o["event_id"]: o for o in body["overlaps"]}
    assert "e-umt-elections" not in by_id  # the asking organization's own event
    assert by_id["e-cdt-retraite"]["time_overlap"] == 0.25 and by_id["e-cdt-retraite"]["audience_overlap"] == 1.0
    assert "same country" in by_id["e-cdt-retraite"]["explanation"] and "time_overlap" in body["score"]


def test_api_reads_an_unescaped_plus_as_the_offset(http):
    response = http.get("/api/overlaps?start=2026-03-12T20:00+01:00&duration=1h")  # '+' arrives as a space
    assert response.status_code == 200, response.text
    assert response.json()["start"] == "2026-03-12T20:00:00+01:00"


@pytest.mark.parametrize(("params", "parameter", "message"), [
    ({"country": "Tunisia"}, "country", "unknown country 'TUNISIA'; accepted: AE, "),
    ({"org_type": "syndicat"}, "org_type", "accepted: party, union, ngo, other"),
    ({"org": "ma-nope"}, "org", "unknown org 'ma-nope'; accepted: eg-eipr, ma-cdt"),
    ({"tz": "Morocco"}, "tz", "is not an IANA time zone"),
    ({"start": "2026-03-22 02:30"}, "start", "does not exist in Africa/Casablanca"),
    ({"start": "2026-02-15 02:30"}, "start", "happens twice"),
    ({"tz": None}, "start", "has no UTC offset: give tz"),
    ({"duration": "0"}, "duration", "duration must be from 1m to 7d"),
], ids=["country-name", "org-type", "unknown-org", "unknown-zone", "gap", "fold", "no-zone", "zero-duration"])
def test_api_overlaps_refuses(http, params, parameter, message):
    query = {"tz": "Africa/Casablanca", "start": "2026-03-12 20:00", **params}
    response = http.get("/api/overlaps", params={k: v for k, v in query.items() if v is not None})
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter and message in response.json()["error"]


# -- trends by topic, filters, none -----------------------------------------------------------------------

MARCH = {"start": datetime(2026, 3, 9, tzinfo=UTC), "end": datetime(2026, 3, 30, tzinfo=UTC)}


def test_trends_by_topic_with_a_none_bucket(module_seeded):
    client, settings = module_seeded
    table = trends(client, settings.index("events"), by="topic", **MARCH)
    assert table.keys == ["elections", "labour", "rights", "youth", "none"]
    assert table.labels["elections"] == "Elections" and table.labels["none"] == "No topic matched"
    # elections: الانتخابات (stemmed), élections (folded), and the cancelled one; labour: التقاعد, الأجور
    assert [(r["period"], r["total"], r["counts"]) for r in table.rows] == [
        ("2026-03-09", 8, {"elections": 3, "labour": 1, "rights": 0, "youth": 1, "none": 3}),
        ("2026-03-16", 3, {"elections": 0, "labour": 1, "rights": 1, "youth": 0, "none": 1}),
        ("2026-03-23", 1, {"elections": 0, "labour": 0, "rights": 0, "youth": 0, "none": 1}),
    ]


def test_trends_by_own_topics(module_seeded):
    client, settings = module_seeded
    table = trends(client, settings.index("events"), by="topic", interval="month",
                   topics={"انتخابات": "انتخابات", "ندوة": "ندوة"})
    assert table.keys == ["ندوة", "انتخابات", "none"]
    # ندوة also finds الندوات; the Arabic word alone misses "les élections" (the built-in topic has both)
    assert table.rows[0]["counts"] == {"ندوة": 7, "انتخابات": 2, "none": 5}


def test_trends_with_the_feeds_filters(module_seeded):
    from aggregator.ical.filters import FeedFilter

    client, settings = module_seeded
    index = settings.index("events")
    tunisia = trends(client, index, by="platform", interval="month", where=FeedFilter(countries=("TN",)))
    assert tunisia.rows[0]["total"] == 4
    unions = trends(client, index, by="country", interval="month", where=FeedFilter(org_types=("union",), q="ندوة"))
    assert unions.rows[0]["counts"] == {"MA": 3, "TN": 2}
    one = trends(client, index, by="topic", interval="month", where=FeedFilter(orgs=("ma-cdt",)))
    assert one.rows[0]["total"] == 2  # the retraite meeting and the cancelled one; the merged copy is not counted


def test_trends_none_bucket_keeps_rows_adding_up(seeded, settings):
    from aggregator.index.bulk import bulk_upsert
    from aggregator.index.documents import event_document
    from tests.index.seed import UGTT, event

    lost = dataclasses.replace(event("e-no-platform", "ندوة", datetime(2026, 3, 19, 18, 0, tzinfo=ZoneInfo("Africa/Tunis")),
                                     60, [UGTT]), platform=None)
    bulk_upsert(seeded, settings.index("events"), [(lost.event_id, event_document(lost))], refresh=True)
    table = trends(seeded, settings.index("events"), by="platform", interval="week", **MARCH)
    assert table.keys[-1] == "none" and table.labels["none"] == "No platform known"
    week = table.rows[1]
    assert week["counts"]["none"] == 1 and sum(week["counts"].values()) == week["total"] == 4


def test_api_trends_honours_the_filters(http):
    everything = http.get("/api/trends", params={"by": "topic", "interval": "month"}).json()
    tunisia = http.get("/api/trends", params={"by": "topic", "interval": "month", "country": "TN"}).json()
    assert everything["rows"][0]["total"] == 12 and tunisia["rows"][0]["total"] == 4
    assert tunisia["filters"] == {"country": "TN"}
    mine = http.get("/api/trends", params={"by": "topic", "interval": "month", "topic": ["أجور", "سجن prison"]}).json()
    assert mine["keys"] == ["أجور", "سجن prison", "none"]
    as_csv = http.get("/api/trends", params={"by": "topic", "interval": "month", "platform": "zoom", "format": "csv"})
    assert as_csv.text.splitlines()[0] == "period,elections,rights,youth,none,total"


@pytest.mark.parametrize(("params", "parameter", "message"), [
    ({"country": "Tunisia"}, "country", "accepted: AE, "),
    ({"org_type": "syndicat"}, "org_type", "accepted: party, union, ngo, other"),
    ({"platform": "skype"}, "platform", "accepted: zoom, facebook_live"),
    ({"org": "ma-nope"}, "org", "unknown org 'ma-nope'; accepted: eg-eipr"),
    ({"topic": "prison"}, "topic", "topic needs by=topic"),
    ({"by": "colour"}, "by", "by must be one of org_type, country, platform, organizer, status, topic"),
    ({"lang": "fr"}, "lang", "unknown parameter 'lang'"),
    ({"q": "x" * 201}, "q", "q is longer than 200 characters"),
], ids=["country-name", "org-type", "platform", "unknown-org", "topic-without-by", "by", "lang", "long-q"])
def test_api_trends_refuses(http, params, parameter, message):
    response = http.get("/api/trends", params=params)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter and message in response.json()["error"]


def test_trends_command_by_topic_and_filters(cli):
    code, out, _ = cli("trends", "--by", "topic", "--interval", "month", "--country", "TN", "--format", "csv")
    assert code == 0
    assert out.splitlines() == ["period,elections,labour,none,total", "2026-03-01,1,1,2,4", ""]


@pytest.mark.parametrize(("args", "message"), [
    (["--country", "Tunisia"], "--country: unknown country 'TUNISIA'; accepted: AE, "),
    (["--org-type", "syndicat"], "--org-type: unknown org_type 'syndicat'; accepted: party, union, ngo, other"),
    (["--platform", "skype"], "--platform: unknown platform 'skype'; accepted: zoom"),
    (["--org", "ma-nope"], "unknown --org 'ma-nope'; accepted: eg-eipr"),
    (["--topic", "prison"], "--topic needs --by topic"),
    (["--time-zone", "Tunis"], "--time-zone 'Tunis' is not an IANA time zone"),
    (["--from", "2026-04-01", "--to", "2026-03-01"], "--from must be before --to"),
    (["--top", "0"], "--top must be at least 1"),
], ids=["country-name", "org-type", "platform", "unknown-org", "topic-without-by", "zone", "empty-range", "top"])
def test_trends_command_refuses(cli, args, message):
    code, out, err = cli("trends", *args)
    assert code == 1 and out == ""
    assert message in err
