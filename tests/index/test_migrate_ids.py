"""`aggregator indices migrate-ids`: announcements stored under URL-only ids move onto ids owned by their source."""

from __future__ import annotations

from aggregator.index.bulk import bulk_upsert
from aggregator.index.migrate import migrate_announcement_ids
from aggregator.sources.urls import announcement_id, legacy_announcement_id


def _stored(client, index):
    client.indices.refresh(index=index)
    return {h["_id"]: h["_source"] for h in client.search(index=index, size=100, query={"match_all": {}})["hits"]["hits"]}


def test_old_ids_move_to_their_source_and_events_follow(indexed, settings):
    anns, events = settings.index("announcements"), settings.index("events")
    url = "https://union.example/news/seminar?utm_source=feed"
    old_a = legacy_announcement_id(url, "union-site")
    old_b = legacy_announcement_id(None, "party-feed", "guid-7")
    bulk_upsert(indexed, anns, [
        (old_a, {"id": old_a, "source_id": "union-site", "title": "ندوة رقمية", "event_id": "evt-1", "pending": False}),
        (old_b, {"id": old_b, "source_id": "party-feed", "title": "لقاء", "event_id": "evt-1", "pending": False}),
        ("orphan-without-source", {"id": "orphan-without-source", "title": "?"}),
    ])
    processing = settings.index("processing")
    bulk_upsert(indexed, processing, [(old_a, {"id": old_a, "pending": False, "event_id": "evt-1"})])
    bulk_upsert(indexed, events, [("evt-1", {"event_id": "evt-1", "announcement_ids": [old_a, old_b]})], refresh=True)

    report = migrate_announcement_ids(indexed, settings)

    new_a, new_b = announcement_id(url, "union-site"), announcement_id(None, "party-feed", "guid-7")
    stored = _stored(indexed, anns)
    assert set(stored) == {new_a, new_b, "orphan-without-source"}  # what a fresh collect would compute
    assert stored[new_a]["id"] == new_a and stored[new_a]["title"] == "ندوة رقمية" and stored[new_a]["event_id"] == "evt-1"
    assert _stored(indexed, events)["evt-1"]["announcement_ids"] == [new_a, new_b]  # event id kept: same UID
    assert _stored(indexed, processing) == {new_a: {"id": new_a, "pending": False, "event_id": "evt-1"}}
    assert (report.announcements_moved, report.events_rewritten, report.refused) == (2, 1, 1)

    again = migrate_announcement_ids(indexed, settings)
    assert (again.announcements_moved, again.events_rewritten) == (0, 0)
    assert set(_stored(indexed, anns)) == set(stored)


def test_a_migration_interrupted_after_the_writes_finishes_on_rerun(indexed, settings):
    anns = settings.index("announcements")
    old = legacy_announcement_id("https://ngo.example/a", "ngo")
    new = announcement_id("https://ngo.example/a", "ngo")
    doc = {"source_id": "ngo", "title": "ورشة"}
    # killed between writing the new document and deleting the old one
    bulk_upsert(indexed, anns, [(old, {**doc, "id": old}), (new, {**doc, "id": new})], refresh=True)
    migrate_announcement_ids(indexed, settings)
    assert set(_stored(indexed, anns)) == {new}
