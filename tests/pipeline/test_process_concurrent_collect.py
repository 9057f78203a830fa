"""A collect run that lands a new version of an announcement while process_pending is working on the old one:
the new content must win and stay pending for the next run, never be marked done with the old one's result."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

from aggregator.index.announcements import AnnouncementStore
from aggregator.index.templates import ensure_indices
from aggregator.models import Announcement
from aggregator.pipeline.process import process_pending
from tests.es_helpers import processed

NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)


def _announcement(i: int, text: str, content_hash: str) -> Announcement:
    published = datetime(2026, 11, 10, 9, i, tzinfo=timezone.utc)
    return Announcement(id=f"cc-{i}", source_id="union-feed", org_id="union", org_name="الاتحاد الجهوي للشغل",
                        org_type="union", country="TN", timezone="Africa/Tunis", url=f"https://union.example.org/{i}",
                        title="", text=text, published=published, fetched_at=published, content_hash=content_hash)


OLD = "ينظم الاتحاد الجهوي للشغل ندوة رقمية حول الحوار الاجتماعي يوم 3 ديسمبر 2026 على الساعة 18:00 عبر زوم."
NEW = "تأجيل: ندوة الاتحاد الجهوي للشغل حول الحوار الاجتماعي تنعقد يوم 10 ديسمبر 2026 على الساعة 18:00 عبر زوم."


def test_a_version_landed_during_the_run_stays_pending_with_its_new_text(settings, es_client, monkeypatch):
    run = replace(settings, index_prefix=f"{settings.index_prefix}concurrent-")
    ensure_indices(es_client, run)
    store = AnnouncementStore.for_settings(es_client, run)
    first = [_announcement(i, OLD if i == 0 else f"بيان رقم {i} للاتحاد حول الأجور.", f"old{i}") for i in range(5)]
    store.land(first)
    store.refresh()

    real = AnnouncementStore.write_back
    landed = []

    def collect_meanwhile(self, updates, read):
        if not landed:  # collect lands a changed cc-0 after process read it, before process writes it back
            landed.append(store.land([_announcement(0, NEW, "new0")]))
        return real(self, updates, read)

    monkeypatch.setattr(AnnouncementStore, "write_back", collect_meanwhile)
    counts = process_pending(run, NOW, batch_size=2, workers=1)
    assert landed == [(0, 1)]
    assert counts["changed_during_run"] == 1
    assert es_client.get(index=run.index("announcements"), id="cc-0")["_source"]["text"] == NEW
    state = processed(es_client, run)
    assert state["cc-0"]["pending"] is True and state["cc-0"]["content_hash"] == "new0"
    assert "extraction" not in state["cc-0"]
    assert all(state[f"cc-{i}"]["pending"] is False and state[f"cc-{i}"]["content_hash"] == f"old{i}" for i in range(1, 5))

    monkeypatch.setattr(AnnouncementStore, "write_back", real)
    again = process_pending(run, NOW, batch_size=2, workers=1)
    assert again["announcements"] == 1 and "changed_during_run" not in again
    state = processed(es_client, run)["cc-0"]
    assert state["pending"] is False and state["extraction"]["start"].startswith("2026-12-10")
    assert state["content_hash"] == "new0"


def test_write_back_writes_a_whole_document_only_over_the_version_it_read(settings, es_client):
    run = replace(settings, index_prefix=f"{settings.index_prefix}writeback-")
    ensure_indices(es_client, run)
    store = AnnouncementStore.for_settings(es_client, run)
    store.land([_announcement(i, OLD, f"h{i}") for i in range(4)])
    store.refresh()
    (page,) = list(store.stream_pending(page_size=10))
    read = {d["id"]: (d, page.versions[d["id"]]) for d in page if d["id"] != "cc-3"}
    assert set(read) == {"cc-0", "cc-1", "cc-2"}
    assert store.land([_announcement(1, NEW, "new1")]) == (0, 1)  # collect, meanwhile
    updates = {i: {"pending": False, "event_id": f"e-{i}"} for i in read} | {"cc-3": {"event_id": "e-cc-3"}}
    assert store.write_back(updates, read) == ["cc-1"]
    got = processed(es_client, run)
    assert got["cc-0"]["pending"] is False and got["cc-0"]["event_id"] == "e-cc-0" and got["cc-0"]["content_hash"] == "h0"
    assert got["cc-1"]["pending"] is True and got["cc-1"]["content_hash"] == "new1" and "event_id" not in got["cc-1"]
    # not read by this run (an earlier announcement whose event merged): a partial update keeps the rest
    assert got["cc-3"]["event_id"] == "e-cc-3" and got["cc-3"]["content_hash"] == "h3" and got["cc-3"]["pending"] is True
    # the announcements themselves are collect's alone: process never rewrote their text
    texts = {i: es_client.get(index=run.index("announcements"), id=i)["_source"] for i in got}
    assert texts["cc-1"]["text"] == NEW and texts["cc-0"]["text"] == OLD
    assert not any("pending" in t or "event_id" in t for t in texts.values())
