"""process: structured dates of iCal / schema.org announcements win over the text's, the text still gives the rest."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from aggregator.index.bulk import bulk_upsert
from aggregator.index.templates import ensure_indices
from aggregator.models import Announcement
from aggregator.pipeline.process import interpret, process_pending
from tests.es_helpers import processed

PUB = datetime(2026, 11, 10, 9, tzinfo=timezone.utc)
TUNIS = ZoneInfo("Africa/Tunis")


def announcement(text, starts_at=None, ends_at=None, id_="s1", kind="ical"):
    return Announcement(
        id=id_, source_id=f"ltdh:{kind}", org_id="ltdh", org_name="الرابطة التونسية للدفاع عن حقوق الإنسان",
        org_type="ngo", country="TN", timezone="Africa/Tunis", url=f"https://ltdh.example/{id_}", title="",
        text=text, published=PUB, fetched_at=PUB, content_hash=id_, starts_at=starts_at, ends_at=ends_at,
    )


@pytest.mark.parametrize("text,starts_at,ends_at,want_start,want_end", [
    ("ندوة رقمية حول حرية التعبير عبر زوم يوم 26 نوفمبر 2026 على الساعة 20:00",
     datetime(2026, 11, 27, 18, tzinfo=timezone.utc), None,
     datetime(2026, 11, 27, 19, tzinfo=TUNIS), None),
    ("Webinaire sur la liberté d'expression sur Zoom",
     datetime(2026, 11, 27, 18, tzinfo=timezone.utc), datetime(2026, 11, 27, 20, tzinfo=timezone.utc),
     datetime(2026, 11, 27, 19, tzinfo=TUNIS), datetime(2026, 11, 27, 21, tzinfo=TUNIS)),
    ("حرية التعبير في الفضاء الرقمي",
     datetime(2026, 11, 27, 19, 30), None,
     datetime(2026, 11, 27, 19, 30, tzinfo=TUNIS), None),
    ("Webinaire sur la liberté d'expression",
     datetime(2026, 11, 27, 18, tzinfo=timezone.utc), datetime(2026, 11, 27, 17, tzinfo=timezone.utc),
     datetime(2026, 11, 27, 19, tzinfo=TUNIS), None),
], ids=["structured-beats-text-date", "no-date-in-text", "naive-read-in-source-zone", "end-before-start-dropped"])
def test_structured_dates_win(text, starts_at, ends_at, want_start, want_end):
    got = interpret(announcement(text, starts_at, ends_at))
    assert got.is_event
    assert got.start == want_start and got.start.utcoffset() == want_start.utcoffset()
    assert got.end == want_end
    assert got.timezone == "Africa/Tunis"


def test_text_still_gives_platform_link_and_status():
    got = interpret(announcement("تم إلغاء الندوة الرقمية عبر زوم https://us02web.zoom.us/j/81234567890?pwd=x",
                                 datetime(2026, 11, 27, 18, tzinfo=timezone.utc)))
    assert got.platform == "zoom" and got.join_url.startswith("https://us02web.zoom.us/j/81234567890")
    assert got.status == "cancelled"


def test_without_structured_dates_the_text_decides():
    text = "ندوة رقمية حول حرية التعبير عبر زوم يوم 26 نوفمبر 2026 على الساعة 20:00"
    assert interpret(announcement(text)).start == datetime(2026, 11, 26, 20, tzinfo=TUNIS)


def test_process_pending_uses_the_structured_start(settings, es_client):
    ensure_indices(es_client, settings)
    ical = announcement("ندوة رقمية حول حرية التعبير عبر زوم يوم 26 نوفمبر 2026 على الساعة 20:00",
                        datetime(2026, 11, 27, 18, tzinfo=timezone.utc), id_="ical-1")
    docs = [(ical.id, ical.to_dict() | {"pending": True})]
    bulk_upsert(es_client, settings.index("announcements"), docs, refresh="wait_for")
    process_pending(settings, datetime(2026, 11, 21, 12, tzinfo=timezone.utc))
    stored = processed(es_client, settings)["ical-1"]
    assert stored["extraction"]["start"].startswith("2026-11-27T19:00:00+01:00")
    event = es_client.get(index=settings.index("events"), id=stored["event_id"])["_source"]
    assert datetime.fromisoformat(event["start"]) == datetime(2026, 11, 27, 18, tzinfo=timezone.utc)
