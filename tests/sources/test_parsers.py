"""Each fetcher kind, pure: fixture bytes + Source + fetched_at in, exact Announcements out."""

from __future__ import annotations

import time
import tracemalloc
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from aggregator.errors import ParseError
from aggregator.sources.html import listing_links, parse_post
from aggregator.sources.items import ParseReport
from aggregator.sources.parsers import parse
from aggregator.sources.urls import announcement_id
from tests.sources.conftest import NOW, make_source

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
UTC = timezone.utc
BEIRUT = ZoneInfo("Asia/Beirut")


def run(kind, path, content_type="", url="https://org.example/page", **source):
    report = ParseReport()
    items = list(parse(kind, (FIXTURES / path).read_bytes(), make_source(kind=kind, **source), NOW, report, content_type, url))
    return items, report.warnings


def rows(items):
    return [(a.url, a.title, a.text, a.published) for a in items]


def test_rss2_full_content_links_and_canonical_ids():
    items, warnings = run("rss", "feeds/rss2-ar.xml")
    assert warnings == []
    assert rows(items) == [
        ("https://union.example.tn/news/nadwa-1", "ندوة افتراضية حول الحق النقابي",
         "تنظم الجامعة ندوة افتراضية يوم الخميس 26 نوفمبر 2026 على الساعة 18:00.\nرابط المشاركة: زووم (https://zoom.us/j/123456789)",
         datetime(2026, 11, 16, 8, 30, tzinfo=UTC)),
        ("https://union.example.tn/news/bayan-2", "بيان حول المفاوضات الاجتماعية", "تعلن الجامعة عن موقفها.",
         datetime(2026, 11, 15, 9, 0, tzinfo=UTC)),
    ]
    assert items[0].links == ("https://zoom.us/j/123456789",)
    # the tracking link in the feed and a clean re-fetch are the same announcement of this source, and
    # another source listing the same link has its own
    assert items[0].id == announcement_id("http://m.union.example.tn/news/nadwa-1/", "org-rss")
    assert items[0].id != announcement_id("http://m.union.example.tn/news/nadwa-1/", "elsewhere")
    assert [a.content_hash for a in items] == [a.content_hash for a in run("rss", "feeds/rss2-ar.xml")[0]]


def test_rss1_rdf():
    items, warnings = run("rss", "feeds/rss1.rdf")
    assert warnings == []
    assert rows(items) == [("https://party.example.lb/a/1", "بث مباشر: لقاء مع الشباب", "بث مباشر على فيسبوك مساء السبت",
                            datetime(2026, 11, 14, 15, 0, tzinfo=UTC))]


def test_atom_html_content_with_relative_link_resolved():
    items, _ = run("atom", "feeds/atom-fr.atom")
    assert rows(items) == [("https://asso.example.ma/fr/webinaire-jeunes", "Webinaire : la participation des jeunes",
                            "Un webinaire le jeudi 3 décembre 2026 à 19h, sur inscription (https://asso.example.ma/inscription).",
                            datetime(2026, 11, 18, 9, 0, tzinfo=UTC))]
    assert items[0].links == ("https://asso.example.ma/inscription",)


def test_items_without_dates_or_links_get_ids_from_guid_or_title():
    items, warnings = run("rss", "feeds/no-dates-links.xml")
    assert rows(items) == [("", "إعلان بدون رابط ولا تاريخ", "نص الإعلان", None), ("", "إعلان بدون معرف", "نص آخر", None)]
    assert items[0].id == announcement_id(None, "org-rss", "post-77")
    assert items[1].id == announcement_id(None, "org-rss", "إعلان بدون معرف")
    assert warnings == ["skipped an item with neither title nor text"]


def test_truncated_xml_yields_what_parses_with_a_warning():
    items, warnings = run("rss", "feeds/truncated.xml")
    assert [a.url for a in items] == ["https://ngo.example.iq/r/1", "https://ngo.example.iq/r/2"]
    assert items[0].text == "نص كامل"
    assert len(warnings) == 1 and warnings[0].startswith("malformed feed") and "kept the 2 items" in warnings[0]


def test_entity_expansion_bomb_is_refused_without_expanding():
    tracemalloc.start()
    started = time.monotonic()
    with pytest.raises(ParseError, match="entity-expansion bomb"):
        run("rss", "feeds/bomb.xml")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert time.monotonic() - started < 2 and peak < 5_000_000


TITLE = "ندوة رقمية حول حرية التعبير"


@pytest.mark.parametrize(
    "path, content_type",
    [
        ("feeds/cp1256.xml", "application/rss+xml"),
        ("feeds/iso-8859-6.xml", "application/rss+xml; charset=ISO-8859-6"),
        ("feeds/iso-8859-6.xml", "application/rss+xml"),
        ("feeds/wrong-header.xml", "application/rss+xml; charset=iso-8859-1"),
        ("feeds/wrong-header.xml", "application/rss+xml; charset=utf-8"),
        ("feeds/bom.xml", "application/rss+xml; charset=windows-1256"),
        ("feeds/rss2-ar.xml", "application/rss+xml; charset=iso-8859-6"),
    ],
    ids=["windows-1256-declared", "iso-8859-6-header", "iso-8859-6-undeclared", "cp1256-under-latin1-header",
         "cp1256-under-utf8-header", "utf8-bom-beats-declaration", "utf8-under-wrong-header"],
)
def test_encodings(path, content_type):
    items, warnings = run("rss", path, content_type)
    assert warnings == []
    if "rss2" in path:
        assert items[0].title == "ندوة افتراضية حول الحق النقابي"
    else:
        assert items[0].title == TITLE
        assert items[0].text.startswith("يسر المنظمة دعوتكم إلى ندوة رقمية")


def test_latin1_french_feed():
    items, _ = run("rss", "feeds/latin1-fr.xml", "application/rss+xml")
    assert (items[0].title, items[0].text) == ("Débat télévisé", "Débat à l'école, été prochain")


def test_icalendar_dates_as_given_and_recurrences_expanded_from_now():
    items, warnings = run("ical", "feeds/calendar.ics", timezone="Asia/Beirut")
    assert warnings == []
    got = [(a.title, a.starts_at, a.ends_at) for a in items]
    weekly = "حلقة نقاش أسبوعية"
    monthly = [datetime(2026, 12, 7, 17, tzinfo=UTC), datetime(2027, 1, 4, 17, tzinfo=UTC), datetime(2027, 2, 1, 17, tzinfo=UTC),
               datetime(2027, 3, 1, 17, tzinfo=UTC), datetime(2027, 4, 5, 17, tzinfo=UTC), datetime(2027, 5, 3, 17, tzinfo=UTC)]
    assert got == [
        ("ندوة عبر زووم: قانون الانتخابات", datetime(2026, 11, 28, 18, tzinfo=BEIRUT), datetime(2026, 11, 28, 19, 30, tzinfo=BEIRUT)),
        # Nov 25 is an EXDATE; the Dec 2 occurrence was moved to Dec 3, 20:00; UNTIL includes Dec 16
        (weekly + " (موعد معدل)", datetime(2026, 12, 3, 20, tzinfo=BEIRUT), datetime(2026, 12, 3, 21, tzinfo=BEIRUT)),
        (weekly, datetime(2026, 12, 9, 19, tzinfo=BEIRUT), datetime(2026, 12, 9, 20, tzinfo=BEIRUT)),
        (weekly, datetime(2026, 12, 16, 19, tzinfo=BEIRUT), datetime(2026, 12, 16, 20, tzinfo=BEIRUT)),
        ("يوم التضامن", datetime(2026, 11, 29, tzinfo=BEIRUT), datetime(2026, 11, 30, tzinfo=BEIRUT)),
        *[("Monthly members call", start, start + timedelta(hours=1)) for start in monthly],
    ]
    assert str(items[0].starts_at.tzinfo) == "Asia/Beirut" and items[0].starts_at.utcoffset() == timedelta(hours=2)
    assert items[0].url == "https://party.example.lb/events/election-law"
    assert items[0].location == "https://zoom.us/j/987654321"
    assert len({a.id for a in items}) == len(items)
    # the window moves with fetched_at, never with the wall clock
    later = list(parse("ical", (FIXTURES / "feeds/calendar.ics").read_bytes(), make_source(kind="ical"),
                       NOW + timedelta(days=60), ParseReport()))
    assert datetime(2027, 7, 5, 17, tzinfo=UTC) in [a.starts_at for a in later]


@pytest.mark.parametrize(
    "path, expected",
    [
        ("pages/events-jsonld.html", ("https://ngo.example.jo/events/budget-workshop", "ورشة رقمية: الرقابة على الميزانية",
                                      "ورشة عمل عبر الإنترنت", "2026-12-05T10:00:00+03:00", "2026-12-05T12:00:00+03:00",
                                      "https://meet.google.com/abc-defg-hij")),
        ("pages/events-microdata.html", ("https://ngo.example.jo/agenda/droits-syndicaux", "Conférence en ligne : droits syndicaux",
                                         "Diffusée en direct sur YouTube.", "2026-12-10T18:00:00+01:00",
                                         "2026-12-10T20:00:00+01:00", "https://youtube.com/live/xyz")),
        ("pages/events-hevent.html", ("https://ngo.example.jo/agenda", "Live stream: youth and local elections",
                                      "Join us live. Watch (https://facebook.com/org/live)", "2026-12-12T19:00:00+01:00",
                                      "2026-12-12T20:30:00+01:00", "https://facebook.com/org/live")),
    ],
    ids=["json-ld", "microdata", "h-event"],
)
def test_schema_org_and_h_event_pages(path, expected):
    items, _ = run("events", path, "text/html", url="https://ngo.example.jo/agenda")
    (a,) = items
    assert (a.url, a.title, a.text, a.starts_at.isoformat(), a.ends_at.isoformat(), a.location) == expected


def test_page_without_events_is_a_parse_error():
    with pytest.raises(ParseError, match="no schema.org Event"):
        run("events", "pages/listing.html", "text/html")


def test_telegram_channel_preview():
    items, warnings = run("telegram", "pages/telegram.html", "text/html")
    assert warnings == []
    assert [(a.url, a.title, a.published) for a in items] == [
        ("https://t.me/partychannel/101", "📢 دعوة لحضور ندوة افتراضية", datetime(2026, 11, 19, 15, 4, 5, tzinfo=UTC)),
        ("https://t.me/partychannel/103", "بيان المكتب السياسي", datetime(2026, 11, 20, 18, 30, tzinfo=UTC)),
    ]
    assert items[0].text == "📢 دعوة لحضور ندوة افتراضية\nيوم الثلاثاء 1 ديسمبر على الساعة 20:00 عبر زووم (https://zoom.us/j/555666777)"
    assert items[0].links == ("https://zoom.us/j/555666777",)


def test_listing_page_links_by_selector():
    source = make_source(kind="html", link_selector="a.post-link")
    links = listing_links((FIXTURES / "pages/listing.html").read_bytes(), source, "text/html", "http://h.example/pages/listing.html")
    assert links == ["http://h.example/pages/posts/post-1.html", "http://h.example/pages/posts/post-2.html?utm_source=home",
                     "http://h.example/pages/posts/missing.html"]


def test_post_pages_title_date_text_in_utf8_and_windows_1256():
    source = make_source(kind="html", date_selector="span.date")
    one = parse_post((FIXTURES / "pages/posts/post-1.html").read_bytes(), "https://h.example/p/1", source, NOW, "text/html")
    two = parse_post((FIXTURES / "pages/posts/post-2.html").read_bytes(), "https://h.example/p/2", source, NOW, "text/html")
    assert (one.title, one.text, one.published) == (
        "ندوة عن بعد حول العمل النقابي",
        "تنظم النقابة ندوة عن بعد يوم السبت 28 نوفمبر 2026.\nالرابط: Google Meet (https://meet.google.com/xyz-abcd-efg)",
        datetime(2026, 11, 18, 10, tzinfo=timezone(timedelta(hours=1))))
    assert (two.title, two.text, two.published) == (
        "اجتماع المجلس الوطني", "انعقد اجتماع المجلس الوطني للنقابة وناقش جدول الأعمال.",
        datetime(2026, 11, 17, tzinfo=ZoneInfo("Africa/Tunis")))
