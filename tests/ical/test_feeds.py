"""write_feeds: the unified feed plus one per organization and per country, written atomically."""

from __future__ import annotations

from datetime import timedelta

from aggregator.ical import FeedFilter, InvalidFilter, write_feeds
from tests.ical.cases import CASES, NOW
from tests.ical.parsing import rows_from_ical

import pytest

ALL = [e for events in CASES.values() for e in events]


def test_writes_unified_org_and_country_feeds(tmp_path):
    paths = write_feeds(ALL, tmp_path, now=NOW)
    names = [p.relative_to(tmp_path).as_posix() for p in paths]
    assert names[0] == "calendar.ics"
    assert {"org/ma-umt.ics", "org/tn-afek.ics", "org/lb-legal-agenda.ics", "org/fr-cimade.ics"} <= set(names)
    assert {"country/MA.ics", "country/TN.ics", "country/LB.ics", "country/FR.ics", "country/SA.ics"} <= set(names)
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
    tunisia = {row[0] for row in rows_from_ical((tmp_path / "country/TN.ics").read_bytes())}
    assert tunisia == {"evt-inject@civic-events-aggregator", "evt-postponed@civic-events-aggregator",
                       "evt-postponed-tbd@civic-events-aggregator", "evt-forum@civic-events-aggregator",
                       "evt-tz-tunis@civic-events-aggregator"}
    assert b"X-WR-TIMEZONE:Africa/Tunis" in (tmp_path / "country/TN.ics").read_bytes()


def test_same_input_same_bytes_and_untouched_files(tmp_path):
    first = {p: p.read_bytes() for p in write_feeds(ALL, tmp_path, now=NOW)}
    mtimes = {p: p.stat().st_mtime_ns for p in first}
    second = write_feeds(list(reversed(ALL)), tmp_path, now=NOW + timedelta(minutes=5))
    assert {p: p.read_bytes() for p in second} == first
    assert {p: p.stat().st_mtime_ns for p in second} == mtimes


def test_empty_feeds_still_exist_for_subscribers(tmp_path):
    paths = write_feeds(ALL, tmp_path, now=NOW + timedelta(days=400))
    assert (tmp_path / "org/ma-umt.ics").exists()
    assert b"BEGIN:VEVENT" not in (tmp_path / "org/ma-umt.ics").read_bytes()
    assert len(paths) > 5


@pytest.mark.parametrize(
    "params, expected",
    [
        ([("org", "ma-umt")], FeedFilter(orgs=("ma-umt",))),
        ([("country", "ma,tn")], FeedFilter(countries=("MA", "TN"))),
        ([("platform", "zoom"), ("platform", "teams")], FeedFilter(platforms=("teams", "zoom"))),
        ([("org_type", "union"), ("q", " إضراب "), ("lang", "fr")], FeedFilter(org_types=("union",), q="إضراب", lang="fr")),
        ([], FeedFilter()),
    ],
    ids=["org", "countries-comma-lowercase", "platform-repeated", "type-q-lang", "none"],
)
def test_filter_parameters(params, expected):
    assert FeedFilter.from_params(params, known_orgs={"ma-umt"}) == expected


@pytest.mark.parametrize(
    "params, message",
    [
        ([("org", "nope")], "unknown org 'nope'"),
        ([("org", "a b")], "not an organization id"),
        ([("org_type", "church")], "unknown org_type 'church'; accepted: party, union, ngo, other"),
        ([("country", "XX")], "unknown country 'XX'"),
        ([("platform", "skype")], "unknown platform 'skype'"),
        ([("lang", "de")], "unknown lang 'de'"),
        ([("q", "x" * 201)], "q is longer than 200"),
        ([("q", "a"), ("q", "b")], "give q once"),
        ([("query", '{"match_all":{}}')], "unknown parameter 'query'"),
    ],
    ids=["unknown-org", "bad-org-id", "org-type", "country", "platform", "lang", "long-q", "two-q", "unknown-param"],
)
def test_invalid_filter_parameters(params, message):
    with pytest.raises(InvalidFilter) as error:
        FeedFilter.from_params(params, known_orgs={"ma-umt"})
    assert message in str(error.value)


def test_in_memory_filter():
    flt = FeedFilter.from_params([("country", "TN"), ("org_type", "party")])
    assert {e.event_id for e in ALL if flt.matches(e)} == {
        "evt-inject", "evt-postponed", "evt-postponed-tbd", "evt-forum", "evt-tz-tunis"}
