"""Hostile sources, one test per row of the fault matrix (issue 16), pure or over loopback HTTP.

Work is bounded by what it can be measured in without a clock: memory (tracemalloc) and the number
of Python lines run inside dateutil (a trace that stops the run past a budget), so each test fails
on the unbounded code and passes, deterministically, on the bounded one.
"""

from __future__ import annotations

import sys
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from aggregator.errors import FetchError, ParseError
from aggregator.sources.decode import decode_body
from aggregator.sources.fetch import fetch, make_client, refusal_reason
from aggregator.sources.items import ParseReport
from aggregator.sources.parsers import parse
from aggregator.sources.urls import announcement_id, canonical_url, legacy_announcement_id, migrated_announcement_id
from tests.sources.conftest import NOW, make_source

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
UA = "civic-events-test/1 (+https://example.invalid)"


def run(kind, path, content_type="", url="https://org.example/page", **source):
    report = ParseReport()
    body = path if isinstance(path, bytes) else (FIXTURES / path).read_bytes()
    items = list(parse(kind, body, make_source(kind=kind, **source), NOW, report, content_type, url))
    return items, report.warnings


class LineBudgetExceeded(BaseException):
    """Not an Exception: the parsers' per-event guards must not swallow it."""


@contextmanager
def line_budget(limit: int, module_part: str = "dateutil"):
    """Stop the block once more than ``limit`` lines of ``module_part`` modules have run."""
    lines = 0

    def local(frame, event, arg):
        nonlocal lines
        if event == "line":
            lines += 1
            if lines > limit:
                raise LineBudgetExceeded(f"more than {limit} lines run in {module_part}")
        return local

    def tracer(frame, event, arg):
        return local if module_part in frame.f_code.co_filename else None

    sys.settrace(tracer)
    try:
        yield
    finally:
        sys.settrace(None)


# Row 1 — identity: one organization's feed cannot retitle or cancel another's announcement.

def test_a_feed_listing_another_sources_link_gets_its_own_id():
    victim, _ = run("rss", "feeds/victim.xml", id="victim-rss")
    attacker, _ = run("rss", "feeds/attacker-same-link.xml", id="attacker-rss")
    assert canonical_url(victim[0].url) == canonical_url(attacker[0].url) == "https://victim.example.tn/news/nadwa-7"
    assert victim[0].id != attacker[0].id  # same article, two announcements: dedup decides they agree
    assert victim[0].source_id == "victim-rss" and attacker[0].source_id == "attacker-rss"


urls = st.sampled_from(["https://victim.example.tn/news/1", "http://www.victim.example.tn/news/1/",
                        "https://m.victim.example.tn/news/1?utm_source=x", "https://victim.example.tn/news/2",
                        "https://victim.example.tn/news/2#top", "https://other.example/a?fbclid=1"])
source_ids = st.sampled_from(["victim-rss", "attacker-rss", "third-atom", "victim-telegram"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(source_ids, urls, st.text(min_size=1, max_size=20)), min_size=1, max_size=30))
def test_property_ids_of_colliding_items_never_cross_sources(items):
    """For any set of sources whose items collide on URL, an id names one source's item only."""
    owner: dict[str, tuple[str, str]] = {}
    for source_id, url, guid in items:
        for key_url in (url, None):  # by link, and by guid for items without one
            item_id = announcement_id(key_url, source_id, guid)
            key = (source_id, canonical_url(url) if key_url else f"guid:{guid}")
            assert owner.setdefault(item_id, key) == key
            assert migrated_announcement_id(legacy_announcement_id(key_url, source_id, guid), {"source_id": source_id}) == item_id


def test_migration_helper_is_pure_exact_and_idempotent():
    old = legacy_announcement_id("https://victim.example.tn/news/nadwa-7?utm_source=x", "victim-rss")
    doc = {"source_id": "victim-rss", "url": "https://victim.example.tn/news/nadwa-7"}
    new = migrated_announcement_id(old, doc)
    assert new == announcement_id("https://victim.example.tn/news/nadwa-7", "victim-rss")
    assert migrated_announcement_id(new, doc) == new
    with pytest.raises(ValueError, match="no source_id"):
        migrated_announcement_id(old, {})


# Row 2 — SSRF: nothing but public addresses, after DNS and on every redirect, unless allowed.

@pytest.mark.parametrize("address, reason", [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"),
    ("10.1.2.3", "private"), ("192.168.0.10", "private"), ("172.16.5.4", "private"), ("fd00::1", "private"),
    ("::ffff:192.168.1.1", "private"), ("169.254.169.254", "link-local"), ("fe80::1%eth0", "link-local"),
    ("224.0.0.251", "multicast"), ("ff02::1", "multicast"), ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("2002:7f00:1::", "loopback"), ("64:ff9b::a00:1", "private"), ("100.64.0.1", "not globally routable"),
    ("8.8.8.8", None), ("2606:4700:4700::1111", None), ("::ffff:8.8.8.8", None),
], ids=lambda v: str(v))
def test_address_policy(address, reason):
    assert refusal_reason(address) == reason


def test_loopback_source_is_refused_with_a_message_saying_how_to_allow_it(server):
    with make_client(user_agent=UA, timeout=1.0) as http:
        for url in (f"{server.url}/feeds/rss1.rdf", server.url.replace("127.0.0.1", "localhost") + "/feeds/rss1.rdf"):
            with pytest.raises(FetchError, match=r"refused to connect to .*loopback.*allow_private_network: true"):
                fetch(http, url, retries=0)
        assert fetch(http, f"{server.url}/feeds/rss1.rdf", allow_private_network=True).status == 200
    assert server.paths() == ["/feeds/rss1.rdf"]  # the refused requests never reached the server


def test_every_redirect_hop_is_checked(server):
    # 127.0.0.1 is trusted here (as an intranet range would be); the redirect to 127.0.0.2 is not.
    port = server.url.rsplit(":", 1)[1]
    with make_client(user_agent=UA, timeout=1.0, trusted_networks=("127.0.0.1/32",)) as http:
        assert fetch(http, f"{server.url}/redirect/2/feeds/rss1.rdf").status == 200
        with pytest.raises(FetchError, match=r"refused to connect to 127\.0\.0\.2: it resolves to 127\.0\.0\.2 \(loopback\)"):
            fetch(http, f"{server.url}/goto?to=http://127.0.0.2:{port}/feeds/rss1.rdf", retries=0)
        with pytest.raises(FetchError, match=r"\[?::1\]?.*loopback|loopback"):
            fetch(http, f"{server.url}/goto?to=http://[::ffff:7f00:2]:{port}/x", retries=0)


def test_a_connection_opened_with_the_policy_waived_is_not_reused_without_it(server):
    with make_client(user_agent=UA, timeout=1.0) as http:
        assert fetch(http, f"{server.url}/feeds/rss1.rdf", allow_private_network=True).status == 200
        with pytest.raises(FetchError, match="refused"):
            fetch(http, f"{server.url}/feeds/rss1.rdf", retries=0)


def test_gzip_bomb_is_stopped_by_the_size_cap_on_decoded_bytes(server):
    """A row kept from today's matrix: the cap counts what httpx decodes, not what the wire carries."""
    tracemalloc.start()
    with make_client(user_agent=UA, timeout=5.0, allow_private_network=True) as http:
        with pytest.raises(FetchError, match="exceeds the 1048576-byte cap"):
            fetch(http, f"{server.url}/gzip-bomb", max_bytes=1024 * 1024, retries=0)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 16_000_000


# Row 3 — a 1 KB iCal file cannot cost seconds and hundreds of MB.

def test_daily_rule_with_every_hour_minute_second_is_refused_before_expansion_and_the_valid_event_kept():
    tracemalloc.start()
    with line_budget(200_000):
        items, warnings = run("ical", "ical/rrule_every_second.ics")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [a.title for a in items] == ["ندوة رقمية حول الشفافية"]
    assert len(warnings) == 1 and "up to 86400 instances a day" in warnings[0]
    assert peak < 20_000_000


def test_rules_that_never_match_or_start_in_1900_are_not_walked_to_the_year_9999():
    with line_budget(500_000):
        items, warnings = run("ical", "ical/rrule_never_matches.ics")
    weekly = [a.starts_at.isoformat() for a in items]
    assert weekly == ["2026-11-26T17:00:00+00:00", "2026-12-03T17:00:00+00:00", "2026-12-10T17:00:00+00:00"]
    assert warnings == ["skipped event 'five 30 Februaries': ValueError: refusing to expand a rule that needs 46527 "
                        "periods from its DTSTART to reach the window (more than 5000)"]


@pytest.mark.parametrize("rule", [
    "FREQ=SECONDLY", "FREQ=MINUTELY;INTERVAL=30", "FREQ=HOURLY;BYMINUTE=0,30", "FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12;BYMINUTE=0,30",
], ids=["secondly", "minutely", "hourly-twice", "daily-26-times"])
def test_sub_daily_floods_are_refused_from_the_parsed_rule(rule):
    ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:flood\r\n"
           f"DTSTART:20261101T000000Z\r\nRRULE:{rule}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode()
    with line_budget(100_000):
        items, warnings = run("ical", ics)
    assert items == [] and len(warnings) == 1 and "refusing" in warnings[0]


@pytest.mark.parametrize("rule", [
    "FREQ=MONTHLY;BYDAY=6MO", "FREQ=MONTHLY;BYDAY=1MO;BYMONTHDAY=15", "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6",
    "FREQ=YEARLY;BYYEARDAY=1;BYMONTH=2", "FREQ=DAILY;BYSETPOS=2", "FREQ=DAILY;INTERVAL=7;BYDAY=MO",
    "FREQ=HOURLY;BYMONTH=4;BYMONTHDAY=31", "FREQ=DAILY;COUNT=3;BYMONTH=4;BYMONTHDAY=31",
], ids=["sixth-monday", "first-monday-on-the-15th", "sixth-of-mondays", "first-yearday-in-february",
        "second-of-one", "sundays-only-mondays-asked", "hourly-31-april", "count-31-april"])
def test_rules_no_day_satisfies_stop_at_once(rule):
    ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:never\r\n"
           f"DTSTART:20200105T170000Z\r\nRRULE:{rule}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode()
    with line_budget(300_000):
        items, _ = run("ical", ics)
    assert items == []


def test_cpu_budget_keeps_what_was_read_and_says_so_in_the_report():
    report = ParseReport()
    items = list(parse("ical", (FIXTURES / "feeds/calendar.ics").read_bytes(), make_source(kind="ical"), NOW, report,
                       cpu_budget=0.0))
    assert len(items) == 1
    assert report.warnings[-1].startswith("CPU budget exceeded:") and "kept the first 1 announcements" in report.warnings[-1]


# Row 4 — one bad byte does not turn a UTF-8 Arabic document into windows-1256 mojibake.

def test_utf8_with_one_bad_byte_stays_utf8():
    items, warnings = run("rss", "feeds/utf8-one-bad-byte.xml", "application/rss+xml; charset=utf-8")
    assert warnings == []
    assert items[0].title == "ندوة افتراضية \ufffdحول الحق النقابي"
    assert items[1].title == "بيان حول المفاوضات الاجتماعية"
    assert decode_body((FIXTURES / "feeds/utf8-one-bad-byte.xml").read_bytes())[1] == "utf-8"


@pytest.mark.parametrize("path, encoding", [
    ("feeds/cp1256.xml", "cp1256"), ("feeds/iso-8859-6.xml", "iso-8859-6"), ("feeds/wrong-header.xml", "windows-1256"),
], ids=["windows-1256", "iso-8859-6", "windows-1256-without-declaration"])
def test_documents_that_are_not_utf8_at_all_are_still_sniffed(path, encoding):
    assert decode_body((FIXTURES / path).read_bytes())[1] == encoding


# Row 5 — deep JSON-LD (and nested microdata / h-event) cost little and keep the valid parts.

def test_json_ld_nested_2000_deep_is_skipped_and_the_valid_event_on_the_page_kept():
    items, warnings = run("events", "pages/events-jsonld-deep.html", "text/html", url="https://ngo.example.jo/agenda")
    assert [a.title for a in items] == ["ورشة رقمية: الرقابة على الميزانية"]
    assert warnings == ["skipped a JSON-LD block nested deeper than 64 levels"]


def test_json_ld_graph_nested_deep_is_skipped_not_recursed():
    deep = '{"@graph": ' * 1500 + '{"@type": "Event", "name": "x", "startDate": "2026-12-01"}' + "}" * 1500
    page = f'<html><head><script type="application/ld+json">{deep}</script></head><body></body></html>'.encode()
    with pytest.raises(ParseError, match="no schema.org Event"):
        run("events", page, "text/html")


@pytest.mark.parametrize("scope", [
    '<div itemscope itemtype="https://schema.org/Event"><span itemprop="name">حدث</span>',
    '<div class="h-event"><span class="p-name">حدث</span>',
], ids=["microdata", "h-event"])
def test_nested_event_scopes_are_read_in_one_pass_and_capped(scope):
    page = ("<html><body>" + scope * 600 + "</div>" * 600 + "</body></html>").encode()
    items, warnings = run("events", page, "text/html")
    assert len(items) == 200 and {a.title for a in items} == {"حدث"}
    assert warnings == ["the page describes more than 200 events; kept the first 200"]


def test_post_page_with_deep_json_ld_keeps_its_date_from_the_markup():
    from aggregator.sources.html import parse_post

    page = ('<html><head><meta property="article:published_time" content="2026-11-18T10:00:00+01:00">'
            '<script type="application/ld+json">' + "[" * 3000 + "]" * 3000 + "</script></head>"
            "<body><h1>ندوة</h1><article>نص</article></body></html>").encode()
    post = parse_post(page, "https://h.example/p/1", make_source(kind="html"), NOW, "text/html")
    assert post.title == "ندوة" and post.published.isoformat() == "2026-11-18T10:00:00+01:00"


# Row 7 — XML entities are refused by a real XML reader, not a text search.

@pytest.mark.parametrize("path", [
    "feeds/bomb.xml", "feeds/bomb-after-70kb-comment.xml", "feeds/bomb-utf16.xml", "feeds/bomb-utf16-no-bom.xml",
    "feeds/bomb-windows-1256.xml", "feeds/xxe.xml", "feeds/quadratic-blowup.xml",
], ids=["billion-laughs", "after-a-70kb-comment", "utf-16", "utf-16-without-bom", "windows-1256", "external-entity",
        "quadratic-blowup"])
def test_entity_declarations_are_refused_without_expanding(path):
    tracemalloc.start()
    with pytest.raises(ParseError, match="declares XML entities"):
        run("rss", path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5_000_000


def test_entity_text_inside_cdata_is_content_not_a_declaration():
    items, warnings = run("rss", "feeds/entity-text-in-cdata.xml")
    assert warnings == [] and items[0].title == "درس: كيف تعمل قنابل XML"
    assert '<!ENTITY lol "lol">' in items[0].text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"], ids=["bom", "le-without-bom", "be-without-bom"])
def test_utf16_feeds_parse(encoding):
    body = (FIXTURES / "feeds/rss2-ar.xml").read_text(encoding="utf-8").replace('encoding="utf-8"', 'encoding="utf-16"')
    items, warnings = run("rss", body.encode(encoding))
    assert [a.title for a in items] == ["ندوة افتراضية حول الحق النقابي", "بيان حول المفاوضات الاجتماعية"]
