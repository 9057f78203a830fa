"""Any text gives an Extraction or an ExtractionError, never a crash; the command keeps going."""

from __future__ import annotations

import argparse
import io
import json
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aggregator.errors import ExtractionError
from aggregator.extract import extract
from aggregator.extract import command
from aggregator.models import Extraction

PUB = datetime(2026, 3, 5, 9, 0, tzinfo=timezone.utc)
WORDS = ["ندوة", "زووم", "يوم", "الساعة", "مساء", "12", "١٢", "/", ":", "آذار", "جانفي", "غدا", "بتوقيت", "مكة",
         "GMT+1", "«", "»", "بعنوان", "من", "إلى", "h", "<a href='https://zoom.us/j/1'>", "</p>", "&nbsp;", "\u200f",
         "ـ", "َ", "😀", "https://", "2026", "رمضان", "1447هـ", "تأجيل", "Meeting ID: 812 3456 7890", "\n", " "]

texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join),
    st.lists(st.sampled_from(WORDS), max_size=80).map("".join),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=8), st.integers(1, 3000)),
)


def _check(text, **kw):
    try:
        result = extract(text, PUB, **kw)
    except ExtractionError:
        return
    assert isinstance(result, Extraction)
    if result.start is not None:
        assert result.start.tzinfo is not None
    if result.end is not None and result.start is not None:
        assert result.end >= result.start


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from([None, "TN", "LB", "XX", ""]), st.sampled_from([None, "Africa/Cairo", "Not/AZone"]))
def test_any_text_gives_extraction_or_extraction_error(text, country, tz):
    _check(text, country=country, timezone=tz)


@pytest.mark.parametrize("text", [
    "",
    "x" * 1_000_000,
    "ندوة يوم 12 مارس الساعة 8 مساء عبر زوم " * 25_000,
    "<html><body>" + "<div><p>ندوة</p></div>" * 40_000 + "</body></html>",
    "1-" * 500_000,
    "1 و" * 300_000,
    "\udcff\ud800 lone surrogates",
], ids=["empty", "1MB-ascii", "1MB-arabic", "html", "digit-dashes", "digit-waw", "surrogates"])
def test_big_and_odd_strings(text):
    _check(text)


def test_non_string_is_an_extraction_error():
    with pytest.raises(ExtractionError):
        extract(None, PUB)  # type: ignore[arg-type]
    with pytest.raises(ExtractionError):
        extract("ندوة", None)  # type: ignore[arg-type]


def _run_command(lines: list[str], tmp_path) -> tuple[int, list[dict]]:
    src = tmp_path / "in.jsonl"
    dst = tmp_path / "out.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = command.run(argparse.Namespace(input=str(src), output=str(dst)))
    return code, [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]


def test_command_keeps_going_after_bad_lines(tmp_path, capsys):
    good = {"id": "a", "text": "ندوة عبر زووم يوم 12 مارس 2026 الساعة 20:00", "published": "2026-03-01T10:00:00+01:00",
            "country": "TN"}
    lines = [
        json.dumps(good, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "c", "text": "ندوة"}),
        json.dumps({"id": "d", "published": "2026-03-01T10:00:00+01:00"}),
        json.dumps({"id": "e", "text": "ندوة", "published": "yesterday"}),
        json.dumps({"id": "f", "text": "ندوة", "published": "2026-03-01T10:00:00+01:00", "timezone": "Mars/Olympus"}),
        json.dumps(["a", "list"]),
        json.dumps({**good, "id": "h", "timezone": "Asia/Riyadh"}, ensure_ascii=False),
    ]
    code, out = _run_command(lines, tmp_path)
    assert code == 1
    assert len(out) == len(lines)
    assert [o.get("id") for o in out] == ["a", None, "c", "d", "e", "f", None, "h"]
    assert out[0]["start"] == "2026-03-12T20:00:00+01:00" and out[0]["platform"] == "zoom"
    assert out[7]["start"] == "2026-03-12T20:00:00+03:00"
    assert "line 2" in out[1]["error"]
    assert "line 3" in out[2]["error"] and "published" in out[2]["error"]
    assert "line 4" in out[3]["error"] and "text" in out[3]["error"]
    assert "line 5" in out[4]["error"] and "published" in out[4]["error"]
    assert "line 6" in out[5]["error"] and "Mars/Olympus" in out[5]["error"]
    assert set(out[0]) == {"id", "is_event", "online", "hybrid", "start", "end", "timezone", "platform", "join_url",
                           "title", "status", "past"}
    assert "line 2" in capsys.readouterr().err


def test_command_all_good_exits_zero(tmp_path):
    line = json.dumps({"id": 1, "text": "بيان", "published": "2026-03-01T10:00:00Z"})
    code, out = _run_command([line], tmp_path)
    assert code == 0 and out == [{"id": 1, "is_event": False, "online": False, "hybrid": False, "start": None,
                                  "end": None, "timezone": None, "platform": None, "join_url": None, "title": None,
                                  "status": "scheduled", "past": False}]


def test_cli_dispatch(tmp_path):
    from aggregator.cli import main

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "x", "text": "ندوة عبر زووم غدا الساعة 8 مساء",
                               "published": "2026-03-01T10:00:00+02:00", "country": "EG"}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    dst = tmp_path / "out.jsonl"
    assert main(["extract", "--input", str(src), "--output", str(dst)]) == 0
    assert json.loads(dst.read_text(encoding="utf-8"))["start"] == "2026-03-02T20:00:00+02:00"


# -- the command's place fields: top level or "source", as `aggregator dedup` takes them ------------------

_POST = {"text": "ندوة عبر زووم يوم 12 مارس 2026 الساعة 20:00", "published": "2026-03-01T10:00:00+00:00"}


@pytest.mark.parametrize("record,start", [
    ({"country": "TN"}, "2026-03-12T20:00:00+01:00"),
    ({"source": {"org": "x", "country": "JO"}}, "2026-03-12T20:00:00+03:00"),
    ({"source": {"timezone": "Asia/Riyadh", "country": "TN"}}, "2026-03-12T20:00:00+03:00"),
    ({"country": "MA", "source": {"country": "JO"}}, "2026-03-12T20:00:00+00:00"),
], ids=["top-level-country", "source-country", "source-timezone-wins", "top-level-beats-source"])
def test_command_reads_place_from_source(tmp_path, capsys, record, start):
    code, out = _run_command([json.dumps({"id": "p", **_POST, **record}, ensure_ascii=False)], tmp_path)
    assert code == 0
    assert out[0]["start"] == start
    assert "warning" not in capsys.readouterr().err


def test_command_names_a_record_without_place(tmp_path, capsys):
    lines = [json.dumps({"id": "no-place", **_POST}, ensure_ascii=False),
             json.dumps({"id": "placed", **_POST, "source": {"country": "TN"}}, ensure_ascii=False)]
    code, out = _run_command(lines, tmp_path)
    err = capsys.readouterr().err
    assert code == 0 and len(out) == 2
    assert out[0]["start"] == "2026-03-12T20:00:00+00:00"  # still extracted, in UTC
    assert "'no-place'" in err and "no country and no timezone" in err
    assert "'placed'" not in err


def test_command_rejects_a_source_that_is_not_an_object(tmp_path):
    code, out = _run_command([json.dumps({"id": "s", **_POST, "source": "TN"}, ensure_ascii=False)], tmp_path)
    assert code == 1 and "source" in out[0]["error"] and "line 1" in out[0]["error"]
