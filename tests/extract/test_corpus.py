"""The labelled corpus scored as a whole: the accuracy thresholds of the extraction issue."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.extract.corpus import load, score


@pytest.fixture(scope="module")
def records():
    return load()


@pytest.fixture(scope="module")
def result(records):
    return score(records)


def test_corpus_is_big_and_spread(records):
    events = [r for r in records if r["expect"]["is_event"]]
    assert len(records) >= 400
    assert len(records) - len(events) >= 80
    assert len({r["country"] for r in records if r.get("country")}) >= 18
    years = {datetime.fromisoformat(r["published"]).year for r in records}
    assert years >= set(range(2020, 2028))
    assert sum(r["id"].startswith("hand-") for r in records) >= 100


def test_exact_start(result):
    assert result.start_rate >= 0.97, result.failures[:20]


def test_event_f1(result):
    assert result.f1 >= 0.95, result.failures[:20]


def test_platform(result):
    assert result.platform_rate >= 0.95, result.failures[:20]


def test_other_fields(records):
    """Status, past, hybrid and titles where the corpus states them."""
    from tests.extract.corpus import run_one

    checked = wrong = 0
    for rec in records:
        exp = rec["expect"]
        if not exp["is_event"]:
            continue
        got = run_one(rec)
        for name in ("status", "past", "hybrid", "title", "join_url"):
            if name in exp:
                checked += 1
                wrong += getattr(got, name) != exp[name]
    assert checked > 500
    assert wrong / checked <= 0.05
