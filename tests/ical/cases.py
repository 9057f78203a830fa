"""Events for the golden feeds: each case is a tricky thing calendar tools get wrong."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from aggregator.models import Event, Organizer

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)
UTC = timezone.utc

UNION_MA = Organizer("ma-umt", "الاتحاد المغربي للشغل", "union", "MA")
PARTY_TN = Organizer("tn-afek", "حزب آفاق تونس", "party", "TN")
NGO_LB = Organizer("lb-legal-agenda", "المفكرة القانونية", "ngo", "LB")
NGO_FR = Organizer("fr-cimade", "La Cimade", "ngo", "FR")


def event(event_id: str, title: str, start: datetime, end: datetime | None = None, **changes) -> Event:
    """An online event with fixed bookkeeping times (so the golden bytes never move)."""
    base = Event(
        event_id=event_id,
        title=title,
        start=start,
        end=end,
        timezone=start.tzinfo.key if hasattr(start.tzinfo, "key") else "UTC",
        online=True,
        hybrid=False,
        platform="zoom",
        join_url="https://us02web.zoom.us/j/81234567890?pwd=QWxhZGRpbjpvcGVuIHNlc2FtZQ",
        status="scheduled",
        organizers=(UNION_MA,),
        source_urls=("https://www.umt.ma/actualites/2026/11/webinaire",),
        announcement_ids=("a-" + event_id,),
        first_seen=datetime(2026, 11, 10, 8, 30, tzinfo=UTC),
        last_seen=datetime(2026, 11, 18, 14, 5, 7, tzinfo=UTC),
        version=1,
        description="",
        countries=("MA",),
    )
    return replace(base, **changes)


CASA = ZoneInfo("Africa/Casablanca")
TUNIS = ZoneInfo("Africa/Tunis")
BEIRUT = ZoneInfo("Asia/Beirut")
PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
RIYADH = ZoneInfo("Asia/Riyadh")

LONG_TITLE = (
    "ندوة رقمية وطنية حول الحوار الاجتماعي والحريات النقابية وحماية حقوق العاملات والعمال "
    "في القطاعين العام والخاص في ظل التحولات الاقتصادية الراهنة"
)

CASES: dict[str, list[Event]] = {
    "long_arabic_title": [
        event("evt-long", LONG_TITLE, datetime(2026, 12, 3, 18, 0, tzinfo=CASA), datetime(2026, 12, 3, 20, 0, tzinfo=CASA),
              description="يشارك في الندوة أساتذة جامعيون ونقابيون.\nالدعوة عامة."),
    ],
    "emoji": [
        event("evt-emoji", "🔴 بث مباشر: يوم التضامن 🇵🇸✊🏽 مع العمال 👩‍👩‍👧‍👦", datetime(2026, 11, 29, 20, 0, tzinfo=BEIRUT),
              datetime(2026, 11, 29, 21, 30, tzinfo=BEIRUT), platform="facebook_live",
              join_url="https://www.facebook.com/legal.agenda/live", organizers=(NGO_LB,), countries=("LB",),
              source_urls=("https://legal-agenda.com/article/2026/11/solidarity",)),
    ],
    "newline_in_title": [
        event("evt-inject", "Webinaire; syndicats, droits\r\nEND:VEVENT\r\nBEGIN:VEVENT\nUID:evil",
              datetime(2026, 12, 1, 19, 0, tzinfo=TUNIS), datetime(2026, 12, 1, 21, 0, tzinfo=TUNIS),
              organizers=(PARTY_TN,), countries=("TN",), platform="google_meet",
              join_url="https://meet.google.com/abc-defg-hij",
              description="Ligne 1\r\nLigne 2; avec, virgules\\ et barre\nSTATUS:CANCELLED"),
    ],
    "cancelled": [
        event("evt-cancelled", "ندوة حول قانون الإضراب (ملغاة)", datetime(2026, 11, 25, 18, 0, tzinfo=CASA),
              datetime(2026, 11, 25, 20, 0, tzinfo=CASA), status="cancelled", version=3),
        event("evt-merged", "ندوة حول قانون الإضراب", datetime(2026, 11, 25, 18, 0, tzinfo=CASA),
              datetime(2026, 11, 25, 20, 0, tzinfo=CASA), status="cancelled", merged_into="evt-cancelled", version=2),
        # cancelled long ago: has left the feed
        event("evt-cancelled-old", "ندوة قديمة ملغاة", datetime(2026, 12, 20, 18, 0, tzinfo=CASA),
              status="cancelled", last_seen=datetime(2026, 10, 1, tzinfo=UTC)),
    ],
    "postponed": [
        event("evt-postponed", "Webinaire : la réforme du code du travail", datetime(2026, 12, 10, 18, 0, tzinfo=TUNIS),
              datetime(2026, 12, 10, 20, 0, tzinfo=TUNIS), status="postponed", version=2,
              previous_start=datetime(2026, 12, 3, 18, 0, tzinfo=TUNIS), organizers=(PARTY_TN,), countries=("TN",)),
        event("evt-postponed-tbd", "لقاء تواصلي مؤجل", datetime(2026, 12, 5, 18, 0, tzinfo=TUNIS), None,
              status="postponed", version=2, organizers=(PARTY_TN,), countries=("TN",), platform="youtube",
              join_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ],
    "multi_day": [
        event("evt-forum", "المنتدى الاجتماعي المغاربي الافتراضي", datetime(2026, 12, 12, 9, 0, tzinfo=CASA),
              datetime(2026, 12, 14, 17, 0, tzinfo=CASA), platform="teams",
              join_url="https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0",
              organizers=(UNION_MA, PARTY_TN, NGO_LB), countries=("MA", "TN", "LB")),
    ],
    "dst_crossing": [
        # Paris leaves summer time at 03:00 on 2026-10-25: the night lasts 9 hours, not 8.
        event("evt-night", "Veillée numérique : solidarité avec les travailleurs migrants",
              datetime(2026, 10, 24, 22, 0, tzinfo=PARIS), datetime(2026, 10, 25, 6, 0, tzinfo=PARIS),
              organizers=(NGO_FR,), countries=("FR",), platform="youtube",
              join_url="https://www.youtube.com/live/xyz", last_seen=datetime(2026, 10, 20, tzinfo=UTC)),
        # New York leaves summer time on 2026-11-01, Paris a week earlier.
        event("evt-ny", "Diaspora town hall", datetime(2026, 10, 31, 20, 0, tzinfo=NEW_YORK),
              datetime(2026, 11, 1, 3, 0, tzinfo=NEW_YORK), organizers=(NGO_FR,), countries=("US",),
              last_seen=datetime(2026, 10, 20, tzinfo=UTC)),
    ],
    "five_timezones": [
        event("evt-tz-casa", "ندوة الدار البيضاء", datetime(2026, 12, 2, 18, 0, tzinfo=CASA), datetime(2026, 12, 2, 19, 0, tzinfo=CASA)),
        event("evt-tz-tunis", "ندوة تونس", datetime(2026, 12, 2, 18, 0, tzinfo=TUNIS), datetime(2026, 12, 2, 19, 0, tzinfo=TUNIS),
              organizers=(PARTY_TN,), countries=("TN",)),
        event("evt-tz-beirut", "ندوة بيروت", datetime(2026, 12, 2, 18, 0, tzinfo=BEIRUT), datetime(2026, 12, 2, 19, 0, tzinfo=BEIRUT),
              organizers=(NGO_LB,), countries=("LB",)),
        event("evt-tz-riyadh", "ندوة الرياض", datetime(2026, 12, 2, 18, 0, tzinfo=RIYADH), datetime(2026, 12, 2, 19, 0, tzinfo=RIYADH),
              organizers=(NGO_LB,), countries=("SA",)),
        event("evt-tz-paris", "Rencontre à Paris", datetime(2026, 12, 2, 18, 0, tzinfo=PARIS), datetime(2026, 12, 2, 19, 0, tzinfo=PARIS),
              organizers=(NGO_FR,), countries=("FR",)),
        event("evt-tz-utc", "Global call (UTC)", datetime(2026, 12, 2, 18, 0, tzinfo=UTC), datetime(2026, 12, 2, 19, 0, tzinfo=UTC),
              organizers=(NGO_FR,), countries=("FR",), timezone="UTC"),
    ],
}

# Events the window leaves out at NOW, per case.
EXCLUDED = {"evt-cancelled-old"}
