"""Every golden feed reads back the same through independent parsers: same events, same instants."""

from __future__ import annotations

import re

import pytest

from aggregator.ical import select_events
from tests.ical.cases import CASES, NOW
from tests.ical.parsing import expected_rows, rows_from_ical, rows_from_vobject
from tests.ical.test_golden import FIXTURES

NAMES = sorted(CASES)


def golden(name: str) -> bytes:
    return (FIXTURES / f"{name}.ics").read_bytes()


@pytest.mark.parametrize("parse", [rows_from_ical, rows_from_vobject], ids=["ical", "vobject"])
@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_independent_parser_reads_same_events(name, parse):
    assert parse(golden(name)) == expected_rows(select_events(CASES[name], now=NOW, past_days=30))


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_lines_are_crlf_folded_at_75_octets_on_character_boundaries(name):
    data = golden(name)
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n")[:-1]:
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold inside a multi-byte character would fail here


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_every_tzid_has_a_vtimezone_and_utc_has_none(name):
    text = golden(name).decode("utf-8")
    used = set(re.findall(r";TZID=([^:;]+)[:;]", text))
    defined = set(re.findall(r"^TZID:([^\r\n]+)", text, re.MULTILINE))
    assert used == defined
    assert not defined & {"UTC", "Etc/UTC", "GMT"}


def test_five_time_zones_in_one_feed():
    text = golden("five_timezones").decode()
    assert text.count("BEGIN:VTIMEZONE") == 5
    assert "DTSTART:20261202T180000Z" in text  # the UTC event, without TZID


def test_dst_crossing_night_lasts_nine_hours():
    (row,) = [r for r in rows_from_vobject(golden("dst_crossing")) if r[0].startswith("evt-night")]
    assert (row[3] - row[2]).total_seconds() == 9 * 3600


def test_title_cannot_inject_properties():
    data = golden("newline_in_title")
    for parse in (rows_from_ical, rows_from_vobject):
        (row,) = parse(data)
        assert row[0] == "evt-inject@civic-events-aggregator"
        assert row[1] == "Webinaire; syndicats, droits END:VEVENT BEGIN:VEVENT UID:evil"
        assert row[4] == "CONFIRMED"
    assert data.split(b"\r\n").count(b"BEGIN:VEVENT") == 1


def test_cancelled_and_merged_are_cancelled_and_old_cancellations_leave():
    rows = rows_from_ical(golden("cancelled"))
    assert [(r[0], r[4], r[5]) for r in rows] == [
        ("evt-cancelled@civic-events-aggregator", "CANCELLED", 3),
        ("evt-merged@civic-events-aggregator", "CANCELLED", 2),
    ]


def test_postponed_has_sequence_2():
    rows = {r[0]: r for r in rows_from_vobject(golden("postponed"))}
    assert rows["evt-postponed@civic-events-aggregator"][5] == 2
    assert rows["evt-postponed@civic-events-aggregator"][4] == "CONFIRMED"
    assert rows["evt-postponed-tbd@civic-events-aggregator"][4] == "TENTATIVE"


def test_long_arabic_title_folds_mid_word_and_reads_back_whole():
    data = golden("long_arabic_title")
    summary_start = data.index(b"SUMMARY:")
    assert data[summary_start:].split(b"\r\n")[1].startswith(b" ")  # folded
    (row,) = rows_from_ical(data)
    assert row[1] == CASES["long_arabic_title"][0].title


JS_DIR = FIXTURES.parent.parent / "web" / "js"


def test_ical_js_reads_same_events():
    """ical.js (Thunderbird's parser), through node: a third reader, resolving times via the VTIMEZONEs."""
    import json
    import shutil
    import subprocess

    if not shutil.which("node"):
        pytest.skip("node is not installed")
    if not (JS_DIR / "node_modules" / "ical.js").exists():
        pytest.skip("run `npm ci --prefix tests/web/js` to install ical.js")
    files = [str(FIXTURES / f"{name}.ics") for name in NAMES]
    result = subprocess.run(["node", str(JS_DIR / "parse_ics.mjs"), *files], capture_output=True, text=True,
                            timeout=60, check=True)
    parsed = json.loads(result.stdout)
    for name, file in zip(NAMES, files):
        rows = sorted(
            (uid, summary, start, end, status, seq)
            for uid, summary, start, end, status, seq in parsed[file]
        )
        expected = sorted(
            (uid, summary, start.strftime("%Y-%m-%dT%H:%M:%S.000Z"), end.strftime("%Y-%m-%dT%H:%M:%S.000Z"), status, seq)
            for uid, summary, start, end, status, seq in expected_rows(select_events(CASES[name], now=NOW, past_days=30))
        )
        assert rows == expected, name
