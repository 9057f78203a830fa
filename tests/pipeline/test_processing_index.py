"""The processing index beside the announcements: how announcements from before it get there, and
what a pending mark with no announcement behind it becomes. Real Elasticsearch throughout."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import pytest

from aggregator.index.announcements import AnnouncementStore
from aggregator.index.bulk import bulk_upsert
from aggregator.index.stats import run_counts
from aggregator.index.templates import ensure_indices
from aggregator.models import Announcement
from aggregator.pipeline.process import process_pending
from tests.es_helpers import count_pending, processed

pytestmark = pytest.mark.elasticsearch

NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)
EVENT = "تنظم الرابطة ندوة رقمية حول {topic} يوم {day} ديسمبر 2026 على الساعة 18:00 بتوقيت تونس عبر زوم."
NOT_EVENT = "بيان الرابطة حول {topic}: نطالب بمراجعة قانون الجمعيات."


def _announcement(i: int, text: str) -> Announcement:
    published = datetime(2026, 11, 10, 9, i, tzinfo=timezone.utc)
    return Announcement(id=f"p-{i}", source_id="league-site", org_id="league", org_name="الرابطة",
                        org_type="ngo", country="TN", timezone="Africa/Tunis", url=f"https://league.example.org/{i}",
                        title="", text=text, published=published, fetched_at=published, content_hash=f"h{i}")


def _texts(n: int) -> list[str]:
    topics = ["حرية التنظيم", "الحق في الماء", "العدالة الجبائية", "حقوق العمال المهاجرين", "الإعلام المستقل",
              "السكن اللائق", "التعليم العمومي"]
    return [(EVENT if i % 2 == 0 else NOT_EVENT).format(topic=topics[i % len(topics)], day=3 + i) for i in range(n)]


def _prefixed(settings, name: str):
    return replace(settings, index_prefix=f"{settings.index_prefix}{name}-")


def test_announcements_marked_pending_in_the_announcement_are_processed_and_lose_the_mark(settings, es_client):
    """As an older build landed them, and as an operator asks for a second pass (pending = true)."""
    run = _prefixed(settings, "marked")
    ensure_indices(es_client, run)
    docs = [(a.id, a.to_dict() | {"pending": True}) for a in (_announcement(i, t) for i, t in enumerate(_texts(6)))]
    bulk_upsert(es_client, run.index("announcements"), docs, refresh=True)
    assert count_pending(es_client, run) == 0  # nothing in the processing index yet

    counts = process_pending(run, NOW, workers=1)
    assert counts["announcements"] == 6 and counts["errors"] == 0
    state = processed(es_client, run)
    assert sorted(state) == [f"p-{i}" for i in range(6)]
    assert all(s["pending"] is False and s["content_hash"] == f"h{i[2:]}" for i, s in state.items())
    assert [i for i, s in sorted(state.items()) if s["event_id"]] == ["p-0", "p-2", "p-4"]
    es_client.indices.refresh(index=run.index("announcements"))
    marked = es_client.count(index=run.index("announcements"), query={"term": {"pending": True}})["count"]
    assert marked == 0
    assert process_pending(run, NOW, workers=1)["announcements"] == 0  # adopted once, not at every run


def test_the_processing_index_is_made_from_announcements_of_an_older_build(settings, es_client):
    """An older build kept pending/extraction/event_id in the announcement: upgrading copies them,
    so the done ones are not processed again and the counts stay right."""
    run = _prefixed(settings, "upgrade")
    ensure_indices(es_client, run)
    texts = _texts(5)
    old = []
    for i, text in enumerate(texts):
        doc = _announcement(i, text).to_dict()
        if i < 3:  # processed by the older build
            doc |= {"pending": False, "error": None, "event_id": f"evt-{i}" if i % 2 == 0 else None,
                    "extraction": {"is_event": i % 2 == 0}}
        else:
            doc |= {"pending": True}
        old.append((doc["id"], doc))
    bulk_upsert(es_client, run.index("announcements"), old, refresh=True)
    # as the older build left it: no processing index at all
    concrete = list(es_client.indices.get_alias(name=run.index("processing")))
    es_client.indices.delete(index=concrete)

    ensure_indices(es_client, run)
    state = processed(es_client, run)
    assert sorted(state) == [f"p-{i}" for i in range(5)]
    assert [state[f"p-{i}"]["pending"] for i in range(5)] == [False, False, False, True, True]
    assert state["p-0"]["event_id"] == "evt-0" and state["p-0"]["extraction"] == {"is_event": True}
    assert state["p-1"]["org_type"] == "ngo" and state["p-1"]["content_hash"] == "h1"
    assert run_counts(es_client, run)["announcements_not_events"] == 3  # all but evt-0's and evt-2's
    ensure_indices(es_client, run)  # a second call copies nothing over what is there
    assert processed(es_client, run) == state

    counts = process_pending(run, NOW, workers=1)
    assert counts["announcements"] == 2  # only the two still pending
    state = processed(es_client, run)
    assert all(s["pending"] is False for s in state.values())
    assert state["p-0"]["event_id"] == "evt-0"  # the older build's result stays
    assert state["p-4"]["event_id"] and state["p-3"]["event_id"] is None


def test_a_pending_mark_with_no_announcement_behind_it_is_closed_with_an_error(settings, es_client):
    run = _prefixed(settings, "missing")
    ensure_indices(es_client, run)
    store = AnnouncementStore.for_settings(es_client, run)
    store.land([_announcement(i, t) for i, t in enumerate(_texts(3))])
    es_client.delete(index=run.index("announcements"), id="p-1", refresh=True)  # gone, by hand
    store.refresh()

    counts = process_pending(run, NOW, workers=1)
    assert counts["announcements"] == 2 and counts["errors"] == 1
    state = processed(es_client, run)
    assert state["p-1"]["pending"] is False and "not stored" in state["p-1"]["error"]
    assert state["p-0"]["event_id"] and state["p-2"]["event_id"]
    assert count_pending(es_client, run) == 0


def test_landing_the_same_content_again_leaves_the_processing_document_alone(settings, es_client):
    run = _prefixed(settings, "relanding")
    ensure_indices(es_client, run)
    store = AnnouncementStore.for_settings(es_client, run)
    first = [_announcement(i, t) for i, t in enumerate(_texts(3))]
    assert store.land(first) == (3, 0)
    store.refresh()
    process_pending(run, NOW, workers=1)
    before = processed(es_client, run)
    assert store.land(first) == (0, 0)
    changed = replace(first[2], text=first[2].text.replace("18:00", "19:00"), content_hash="h2b")
    assert store.land([first[0], changed]) == (0, 1)
    after = processed(es_client, run)
    assert after["p-0"] == before["p-0"] and after["p-1"] == before["p-1"]
    assert after["p-2"]["pending"] is True and after["p-2"]["content_hash"] == "h2b" and "event_id" not in after["p-2"]
