"""The fast VEVENT writer feeds use must give exactly icalendar's bytes, for any event."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.ical.render import _fast_event_bytes, render_event
from aggregator.models import PLATFORMS, STATUSES, Event, Organizer

ZONES = ["Africa/Casablanca", "Africa/Cairo", "Asia/Beirut", "Europe/Paris", "America/New_York", "UTC", "Not/AZone"]
# Arabic, Latin, emoji (astral and ZWJ), the characters TEXT escapes, line breaks, controls.
ALPHABET = st.sampled_from(list("ابتثجحخدذرسشصضطظعغفقكلمنهوي ءآأإة") + list("aZé^\\;,:\"' \t\r\n\x00\x7f\u2028")
                           + ["🇵🇸", "👩‍👩‍👧", "✊🏽", "^", "\\"])
TEXT = st.lists(ALPHABET, max_size=200).map("".join)


@st.composite
def events(draw):
    zone_name = draw(st.sampled_from(ZONES))
    tz = ZoneInfo(zone_name) if zone_name not in ("UTC", "Not/AZone") else timezone.utc
    start = datetime(2026, 1, 1, tzinfo=tz) + timedelta(minutes=draw(st.integers(0, 2 * 365 * 24 * 60)))
    end = draw(st.one_of(st.none(), st.integers(-60, 5000).map(lambda m: start + timedelta(minutes=m))))
    organizers = draw(st.lists(
        st.builds(Organizer, id=st.from_regex(r"[a-z][a-z0-9\-]{0,20}", fullmatch=True), name=TEXT,
                  type=st.sampled_from(["union", "party", "ngo", "other"]), country=st.sampled_from(["MA", "TN", ""])),
        max_size=3))
    return Event(
        event_id=draw(st.from_regex(r"[a-z0-9]{4,20}", fullmatch=True)),
        title=draw(TEXT), start=start, end=end, timezone=zone_name, online=True, hybrid=False,
        platform=draw(st.one_of(st.none(), st.sampled_from(PLATFORMS))),
        join_url=draw(st.one_of(st.none(), st.just("https://zoom.us/j/1?pwd=a,b;c"), st.just("javascript:alert(1)"))),
        status=draw(st.sampled_from(STATUSES)), organizers=tuple(organizers),
        source_urls=tuple(draw(st.lists(st.sampled_from(["https://a.example/x?y=1", "ftp://no", "https://b.example/ب"]), max_size=3))),
        announcement_ids=(), first_seen=datetime(2026, 1, 1, tzinfo=timezone.utc),
        last_seen=datetime(2026, 2, 1, 12, 30, tzinfo=timezone(timedelta(hours=1))),
        version=draw(st.integers(0, 5)), description=draw(TEXT),
        previous_start=draw(st.one_of(st.none(), st.just(start - timedelta(days=7)))),
        merged_into=draw(st.one_of(st.none(), st.just("other"))),
        countries=tuple(draw(st.lists(st.sampled_from(["MA", "TN", "LB"]), max_size=2))),
    )


@settings(max_examples=200, deadline=None)
@given(events(), st.sampled_from(["ar", "fr", "en"]))
def test_fast_writer_equals_icalendar(event, lang):
    assert _fast_event_bytes(event, lang) == render_event(event, lang=lang).to_ical()
