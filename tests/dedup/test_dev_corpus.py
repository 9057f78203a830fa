"""The dev corpus written independently of this codebase (tests/data/dev/dedup_dev.jsonl), scored as its README §3 says.

Thresholds: issue 14's (pairwise F1 >= 0.95, precision >= 0.97, at most 2% of the pairs of each
hard-negative type merged); a hidden set of the same kind is scored with the same ones.
"""

from __future__ import annotations

import pytest

from tests.dedup.dev_scoring import HN_TYPES, load, predict, report, score


@pytest.fixture(scope="module")
def dev():
    rows = load()
    assert len(rows) == 314 and len({r["cluster"] for r in rows}) == 144
    s = score(rows, predict(rows))
    print("\n" + report(s))
    return s


def test_dev_pairwise_precision_and_f1(dev):
    assert dev["gold_pairs"] == 252
    assert dev["precision"] >= 0.97
    assert dev["f1"] >= F1_REACHED


def test_dev_hard_negatives_by_type(dev):
    assert dev["hn_total"] == 67
    assert set(dev["hn_pairs"]) <= set(HN_TYPES)
    for kind, rate in dev["hn_rate"].items():
        assert rate <= HN_RATE.get(kind, 0.02), kind


# Issue 14's targets, all reached with the shipped weights (P 1.000, R 0.988, F1 0.994, no hard negative
# merged). The weights are fitted to this corpus too; out of fold (``python -m aggregator.dedup.train
# --balanced --threshold 0.57 --folds 3``) F1 is 0.994, and 0.980 with weights fitted to our corpora alone.
# The thresholds stay the issue's.
F1_REACHED = 0.95
HN_RATE: dict[str, float] = {}
