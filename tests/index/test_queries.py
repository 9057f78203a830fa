"""Overlaps and trends over the seeded events: exact events, order, buckets; the commands and the HTTP API."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone

import pytest

from aggregator.index.overlaps import find_overlaps, overlap_report
from aggregator.index.params import parse_datetime, parse_duration
from aggregator.index.trends import trends

# 20:00 in Casablanca on 12 March 2026 (UTC+0 that day, Ramadan)
SLOT = parse_datetime("2026-03-12T20:00+00:00")


def test_overlaps_sorted_by_collision(module_seeded):
    client, settings = module_seeded
    found = find_overlaps(client, settings.index("events"), SLOT, parse_duration("90m"), margin=timedelta(minutes=30),
                          country="MA", org_types=["union"], topics=["انتخابات"])
    got = [(o.event_id, o.score, o.overlap_minutes, o.gap_minutes) for o in found]
    assert got == [
        ("e-umt-elections", 100.0, 90, 0),  # same country, kind, topic, whole slot
        ("e-cdt-retraite", 25.0, 30, 0),
        ("e-atfd-webinar", 16.7, 60, 0),
        ("e-noend", 8.3, 30, 0),  # no end: taken as one hour
        ("e-pjd-live", 8.3, 15, 0),
        ("e-umt-margin", 2.5, 0, 20),  # only within the 30 min margin
    ]
    assert found[0].shared == {"country": True, "org_type": ["union"], "topic": ["انتخابات"]}
    assert found[1].shared == {"country": True, "org_type": ["union"], "topic": []}


@pytest.mark.parametrize(("topic", "expected"), [
    ("ندوة", {"e-umt-elections", "e-pjd-live", "e-noend"}),  # ندوة finds الندوات
    ("الانتخابات", {"e-umt-elections"}),
    ("election", {"e-atfd-webinar"}),
], ids=["nadwa", "intikhabat", "latin"])
def test_overlap_topics(module_seeded, topic, expected):
    client, settings = module_seeded
    found = find_overlaps(client, settings.index("events"), SLOT, timedelta(minutes=90), topics=[topic], shared_only=True)
    assert {o.event_id for o in found} == expected


def test_no_margin_no_margin_events(module_seeded):
    client, settings = module_seeded
    found = find_overlaps(client, settings.index("events"), SLOT, timedelta(minutes=90), margin=timedelta(0))
    assert {o.event_id for o in found} == {"e-umt-elections", "e-cdt-retraite", "e-atfd-webinar", "e-noend", "e-pjd-live"}


def test_overlap_report_clusters(module_seeded):
    client, settings = module_seeded
    start = datetime(2026, 3, 12, tzinfo=timezone.utc)
    clusters = overlap_report(client, settings.index("events"), start, start + timedelta(weeks=2))
    assert [([e["event_id"] for e in c.events], c.countries, c.org_types) for c in clusters] == [
        (["e-cdt-retraite", "e-umt-elections", "e-umt-margin"], ["MA"], ["union"]),
        (["e-ugtt-1", "e-ugtt-2"], ["TN"], ["union"]),
    ]


def _rows(table):
    return [(r["period"], r["total"], r["counts"]) for r in table.rows]


def test_trends_by_org_type(module_seeded):
    client, settings = module_seeded
    table = trends(client, settings.index("events"), interval="week", by="org_type",
                   start=datetime(2026, 3, 9, tzinfo=timezone.utc), end=datetime(2026, 3, 30, tzinfo=timezone.utc))
    assert table.keys == ["union", "ngo", "party"]
    assert _rows(table) == [
        ("2026-03-09", 8, {"union": 5, "ngo": 2, "party": 1}),
        ("2026-03-16", 3, {"union": 2, "ngo": 2, "party": 0}),
        ("2026-03-23", 1, {"union": 1, "ngo": 0, "party": 0}),
    ]


def test_trends_by_country_and_empty_periods(module_seeded):
    client, settings = module_seeded
    table = trends(client, settings.index("events"), interval="week", by="country",
                   start=datetime(2026, 3, 2, tzinfo=timezone.utc), end=datetime(2026, 4, 6, tzinfo=timezone.utc))
    assert table.keys == ["MA", "TN", "EG"]
    assert [r["period"] for r in table.rows] == ["2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23", "2026-03-30"]
    assert [r["counts"] for r in table.rows][1:4] == [{"MA": 6, "TN": 1, "EG": 1}, {"MA": 0, "TN": 2, "EG": 1}, {"MA": 0, "TN": 1, "EG": 0}]
    assert table.rows[0]["total"] == table.rows[4]["total"] == 0


def test_trends_by_organizer_and_platform(module_seeded):
    client, settings = module_seeded
    by_org = trends(client, settings.index("events"), interval="month", by="organizer", top=2)
    assert by_org.keys == ["ma-umt", "tn-ugtt"]
    assert by_org.labels == {"ma-umt": "الاتحاد المغربي للشغل", "tn-ugtt": "الاتحاد العام التونسي للشغل"}
    assert _rows(by_org) == [("2026-03-01", 12, {"ma-umt": 3, "tn-ugtt": 3})]
    by_platform = trends(client, settings.index("events"), interval="month", by="platform")
    assert by_platform.rows[0]["counts"] == {"zoom": 6, "facebook_live": 2, "youtube": 2, "google_meet": 1, "teams": 1}


def test_commands(module_seeded, monkeypatch, capsys, tmp_path):
    from aggregator.cli import main

    client, settings = module_seeded
    monkeypatch.setenv("ELASTICSEARCH_URL", settings.elasticsearch_url)
    monkeypatch.setenv("AGGREGATOR_INDEX_PREFIX", settings.index_prefix)
    assert main(["overlaps", "--start", "2026-03-12T21:00+01:00", "--duration", "90m", "--country", "MA",
                 "--org-type", "union", "--topic", "انتخابات"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Slot 2026-03-12 21:00–22:30 UTC+0100 (20:00 UTC)"
    assert "ندوة رقمية حول الانتخابات المهنية" in out.splitlines()[3]  # first row after the header
    assert main(["overlaps", "--start", "2026-03-12T21:00+01:00", "--duration", "90m", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 6
    assert main(["overlaps", "--report", "--from", "2026-03-12", "--weeks", "2"]) == 0
    assert capsys.readouterr().out.startswith("2 clusters")
    assert main(["trends", "--by", "org_type", "--from", "2026-03-09", "--to", "2026-03-30", "--format", "csv",
                 "--plot", str(tmp_path / "trend.png")]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["period", "union", "ngo", "party", "total"] and rows[1] == ["2026-03-09", "5", "2", "1", "8"]
    assert (tmp_path / "trend.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert main(["trends", "--by", "country", "--from", "2026-03-09", "--to", "2026-03-16"]) == 0
    assert "2026-03-09" in capsys.readouterr().out
    assert main(["overlaps", "--start", "2026-03-12T20:00", "--duration", "90m"]) == 1  # no offset: clear error
    assert "UTC offset" in capsys.readouterr().err


def test_http_api(module_seeded, monkeypatch):
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from aggregator.web.overlaps import ROUTES as OVERLAPS
    from aggregator.web.trends import ROUTES as TRENDS

    client, settings = module_seeded
    app = Starlette(routes=[*OVERLAPS, *TRENDS])
    app.state.settings = settings
    http = TestClient(app)
    response = http.get("/api/overlaps", params={"start": "2026-03-12T20:00+00:00", "duration": "90m", "country": "MA",
                                                 "org_type": "union", "topic": "انتخابات"})
    assert response.status_code == 200
    assert [o["event_id"] for o in response.json()["overlaps"]][:2] == ["e-umt-elections", "e-cdt-retraite"]
    report = http.get("/api/overlaps", params={"report": "1", "from": "2026-03-12", "weeks": "2"}).json()
    assert len(report["clusters"]) == 2
    trend = http.get("/api/trends", params={"interval": "week", "by": "org_type", "from": "2026-03-09", "to": "2026-03-30"}).json()
    assert trend["keys"] == ["union", "ngo", "party"] and trend["rows"][0]["total"] == 8
    as_csv = http.get("/api/trends", params={"by": "country", "format": "csv"})
    assert as_csv.headers["content-type"].startswith("text/csv") and as_csv.text.startswith("period,MA,TN,EG,total")
    assert http.get("/api/overlaps", params={"start": "tomorrow"}).status_code == 400
    assert http.get("/api/trends", params={"by": "color"}).status_code == 400
    import dataclasses

    app.state.settings = dataclasses.replace(settings, elasticsearch_url="http://127.0.0.1:9")
    down = http.get("/api/trends")
    assert down.status_code == 503 and "does not answer" in down.json()["error"]


def test_public_web_app_serves_the_analytics_api(module_seeded):
    """`aggregator serve` (and the Airflow plugin) expose /api/overlaps and /api/trends too."""
    from starlette.testclient import TestClient

    from aggregator.web.app import create_app

    client, settings = module_seeded
    http = TestClient(create_app(settings))
    response = http.get("/api/overlaps", params={"start": "2026-03-12T20:00+00:00", "duration": "90m", "country": "MA",
                                                 "org_type": "union", "topic": "انتخابات"})
    assert response.status_code == 200
    assert [o["event_id"] for o in response.json()["overlaps"]][:2] == ["e-umt-elections", "e-cdt-retraite"]
    trend = http.get("/api/trends", params={"interval": "week", "by": "org_type", "from": "2026-03-09", "to": "2026-03-30"})
    assert trend.status_code == 200 and trend.json()["rows"][0]["total"] == 8
    assert http.get("/api/trends", params={"by": "color"}).status_code == 400
