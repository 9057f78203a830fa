"""A small, hand-made set of events with known overlaps and trends (times in March 2026)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from aggregator.models import Event, Organizer

CASA, TUNIS, CAIRO = ZoneInfo("Africa/Casablanca"), ZoneInfo("Africa/Tunis"), ZoneInfo("Africa/Cairo")
SEEN = datetime(2026, 3, 1, 9, 0, tzinfo=ZoneInfo("UTC"))

UMT = Organizer("ma-umt", "الاتحاد المغربي للشغل", "union", "MA")
CDT = Organizer("ma-cdt", "الكونفدرالية الديمقراطية للشغل", "union", "MA")
PJD = Organizer("ma-pjd", "حزب العدالة والتنمية", "party", "MA")
ATFD = Organizer("tn-atfd", "Association tunisienne des femmes démocrates", "ngo", "TN")
UGTT = Organizer("tn-ugtt", "الاتحاد العام التونسي للشغل", "union", "TN")
EIPR = Organizer("eg-eipr", "المبادرة المصرية للحقوق الشخصية", "ngo", "EG")


def event(event_id, title, start, minutes, orgs, *, platform="zoom", status="scheduled", merged_into=None,
          description=""):
    zone = start.tzinfo
    return Event(
        event_id=event_id, title=title, start=start, end=start + timedelta(minutes=minutes) if minutes else None,
        timezone=str(zone), online=True, hybrid=False, platform=platform, join_url=None, status=status,
        organizers=tuple(orgs), source_urls=(f"https://example.org/{event_id}",), announcement_ids=(f"a-{event_id}",),
        first_seen=SEEN, last_seen=SEEN, description=description, merged_into=merged_into,
        countries=tuple(sorted({o.country for o in orgs})),
    )


EVENTS = [
    # Thursday 12 March 2026, around 20:00 in Casablanca, which is on UTC+0 during Ramadan 2026
    event("e-umt-elections", "ندوة رقمية حول الانتخابات المهنية", datetime(2026, 3, 12, 20, 0, tzinfo=CASA), 120, [UMT]),
    event("e-cdt-retraite", "لقاء تواصلي حول إصلاح التقاعد", datetime(2026, 3, 12, 19, 0, tzinfo=CASA), 90, [CDT], platform="facebook_live"),
    event("e-pjd-live", "بث مباشر: الندوات الجهوية للحزب", datetime(2026, 3, 12, 21, 15, tzinfo=CASA), 60, [PJD], platform="youtube"),
    event("e-atfd-webinar", "Webinaire : les élections municipales", datetime(2026, 3, 12, 21, 0, tzinfo=TUNIS), 60, [ATFD], platform="google_meet"),
    event("e-umt-margin", "لقاء مفتوح مع الشباب", datetime(2026, 3, 12, 21, 50, tzinfo=CASA), 30, [UMT]),
    event("e-noend", "ندوة بدون توقيت نهاية", datetime(2026, 3, 12, 19, 30, tzinfo=CASA), None, [EIPR], platform="teams"),
    # outside the slot, cancelled or merged: never overlaps
    event("e-before", "ندوة صباحية", datetime(2026, 3, 12, 9, 0, tzinfo=CASA), 60, [UMT]),
    event("e-cancelled", "ندوة ملغاة حول الانتخابات", datetime(2026, 3, 12, 20, 0, tzinfo=CASA), 60, [CDT], status="cancelled"),
    event("e-merged", "ندوة رقمية حول الانتخابات المهنية", datetime(2026, 3, 12, 20, 0, tzinfo=CASA), 120, [CDT], merged_into="e-umt-elections"),
    # the following weeks (for trends and the report)
    event("e-ugtt-1", "ندوة حول الحوار الاجتماعي", datetime(2026, 3, 17, 18, 0, tzinfo=TUNIS), 90, [UGTT]),
    event("e-ugtt-2", "ندوة ثانية حول الأجور", datetime(2026, 3, 17, 18, 30, tzinfo=TUNIS), 60, [UGTT, ATFD], platform="facebook_live"),
    event("e-eipr-1", "Webinar on prison conditions", datetime(2026, 3, 18, 19, 0, tzinfo=CAIRO), 60, [EIPR], platform="zoom"),
    event("e-ugtt-3", "يوم دراسي", datetime(2026, 3, 24, 10, 0, tzinfo=TUNIS), 240, [UGTT], platform="youtube"),
]
