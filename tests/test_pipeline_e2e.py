"""The three DAGs run with dag.test() on real Airflow against the real Elasticsearch, over the demo feeds."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.es_helpers import processed

pytestmark = [pytest.mark.airflow, pytest.mark.elasticsearch]

DAGS = Path(__file__).resolve().parent.parent / "dags"
# The demo feeds are rendered with DEMO_ANCHOR=2026-03-02 (see conftest): the run happens that day.
RUN_AT = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


def run_pipeline():
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(DAGS))
    states = {}
    for dag_id in ("collect_announcements", "process_announcements", "publish_calendars"):
        run = bag.get_dag(dag_id).test(run_after=RUN_AT, logical_date=RUN_AT)
        states[dag_id] = str(run.state)
    return states


def es_state(es_client, settings):
    for name in ("announcements", "events", "sources"):
        es_client.indices.refresh(index=settings.index(name))

    def all_docs(name):
        hits = es_client.search(index=settings.index(name), size=1000, query={"match_all": {}})["hits"]["hits"]
        return {h["_id"]: h["_source"] for h in hits}

    return all_docs("announcements"), all_docs("events"), all_docs("sources")


def without_dtstamp(feed: bytes) -> bytes:
    return re.sub(rb"DTSTAMP:[^\r\n]*\r\n", b"", feed)


def test_three_dags_end_to_end_and_rerun_is_stable(settings, es_client, airflow_db, demo_feeds):
    import icalendar

    states = run_pipeline()
    assert set(states.values()) == {"success"}, states

    announcements, events, sources = es_state(es_client, settings)

    # Every item that parses landed raw, nothing processed is left pending.
    assert len(announcements) == 13
    state = processed(es_client, settings)
    assert state.keys() == announcements.keys() and not [a for a in state.values() if a["pending"]]
    # The broken sources are reported as health, not as a failed run.
    assert sources["ps-women-participation-rss"]["status"] == "failed"
    assert "404" in sources["ps-women-participation-rss"]["error"]
    assert sources["iq-fiscal-transparency-rss"]["status"] == "partial"
    assert sources["tn-municipal-workers-rss"]["status"] == "ok"

    # The webinar co-announced from Tunis (20:00 Tunis) and Algiers (20:00 Algiers) is one event.
    co = [e for e in events.values() if len(e["organizers"]) > 1]
    assert len(co) == 1
    assert datetime.fromisoformat(co[0]["start"]) == datetime(2026, 3, 9, 19, 0, tzinfo=timezone.utc)
    assert {o["id"] for o in co[0]["organizers"]} == {"tn-municipal-workers", "dz-independent-journalists"}

    # Statements are not events.
    statement_ids = [i for i, a in announcements.items() if a["title"].startswith(("بيان", "بلاغ"))]
    assert statement_ids and all(not state[i]["event_id"] for i in statement_ids)
    assert all(state[i]["extraction"] for i in statement_ids)  # interpreted, not left aside
    assert sum(1 for s in state.values() if s["event_id"]) > len(events)  # events are made of announcements

    feed_path = settings.public_dir / "calendar.ics"
    first_feed = feed_path.read_bytes()
    calendar = icalendar.Calendar.from_ical(first_feed)
    vevents = calendar.walk("VEVENT")
    assert len(vevents) == len(events)
    from aggregator.ical.render import event_uid

    assert {str(v["UID"]) for v in vevents} == {event_uid(e) for e in events}
    used_zones = {v["DTSTART"].params.get("TZID") for v in vevents} - {None}
    declared_zones = {str(t["TZID"]) for t in calendar.walk("VTIMEZONE")}
    assert used_zones and used_zones <= declared_zones

    # Run again: nothing new is fetched (304s), same events, no duplicates, same feed.
    states = run_pipeline()
    assert set(states.values()) == {"success"}, states
    announcements2, events2, sources2 = es_state(es_client, settings)
    assert announcements2.keys() == announcements.keys()
    assert events2.keys() == events.keys()
    assert sources2["tn-municipal-workers-rss"]["http_status"] == 304
    assert without_dtstamp(feed_path.read_bytes()) == without_dtstamp(first_feed)
