"""tests/data/dedup/heldout.jsonl: 20 posts written for this check and kept out of training (train.py never
reads it), in six hard-negative groups (organizations named only by topic words at one minute, a post naming
a partner's other event at the same minute, one topic in two countries at one minute, an unnumbered series,
last year's edition beside this year's, one organizer's two sessions of a day) and two multi-post events
(co-organizers in Arabic and French with a countdown reminder; a cross-post, a title with the organization
appended, and a corrected hour).

First scored with the matcher of 2026-12-01 (lr-2026-12-01b, before anything was changed for it): pairwise
P 0.750 R 0.750; the session's starting code scored P 0.667 R 0.500. Its one lesson taken since (episode words
with a possessive, "دورتها الخامسة") makes P 0.857. Still wrong, and left as the bar: the partner-naming post
at the same minute merges, and the French co-organizer (whose topic word is its own name's) stays apart.

tests/data/dedup/heldout2.jsonl: 19 more posts written after that, never tuned on: a cross-post with utm_* and
the organization in its title and a same-day reminder, co-organizers in their own Arabic and a postponement,
a date-only post given its hour later and a report, a cancellation; hard negatives of a numbered series, two
organizations at one minute, the same title a year apart, one organizer's two hours of a day. Both the
session's starting code and this one score P 1.000 R 1.000 on it: a check that nothing regresses.

tests/data/dedup/heldout3.jsonl: 10 posts aimed at this session's looser rules (an organization named by two
topic words beside another's event on those topics at one minute, one sector in two countries at one minute,
one organizer's two unnumbered sessions a week apart with a bare reminder, a correction of one of two
sessions of a day). First scored: P 1.000 R 0.500, as the starting code; the correction stayed apart because
both sessions of its day fitted. Since the notice rule prefers the one session it shares words with: 1.000.
"""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path

import pytest

from aggregator.dedup.command import dedup_records

HELDOUT = Path(__file__).resolve().parent.parent / "data" / "dedup" / "heldout.jsonl"
HELDOUT2 = HELDOUT.with_name("heldout2.jsonl")
HELDOUT3 = HELDOUT.with_name("heldout3.jsonl")


def _scores(path: Path = HELDOUT):
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    outputs, errors = dedup_records([json.dumps(r, ensure_ascii=False) for r in rows])
    assert not errors
    pred = {o["id"]: o["event_id"] for o in outputs}
    gold = {frozenset((a["id"], b["id"])) for a, b in combinations(rows, 2) if a["cluster"] == b["cluster"]}
    got = {frozenset((a["id"], b["id"])) for a, b in combinations(rows, 2) if pred[a["id"]] == pred[b["id"]]}
    return rows, pred, gold, got


def test_heldout_pairwise_precision_and_recall():
    _, _, gold, got = _scores()
    precision = len(gold & got) / len(got)
    recall = len(gold & got) / len(gold)
    print(f"\nheldout pairwise P {precision:.3f} R {recall:.3f}")
    assert precision >= 0.85
    assert recall >= 0.75


def test_heldout_hard_negatives_by_group():
    rows, pred, _, _ = _scores()
    merged = {}
    for a, b in combinations(rows, 2):
        if a["hn_group"] and a["hn_group"] == b["hn_group"] and a["cluster"] != b["cluster"]:
            merged.setdefault(a["hn_group"], []).append(pred[a["id"]] == pred[b["id"]])
    # every group but n2 (the partner-naming post, see the module's text) keeps its events apart
    assert {g for g, m in merged.items() if any(m)} <= {"n2"}


@pytest.mark.parametrize("path", [HELDOUT2, HELDOUT3], ids=["heldout2", "heldout3"])
def test_later_heldout_sets(path):
    rows, pred, gold, got = _scores(path)
    precision, recall = len(gold & got) / len(got), len(gold & got) / len(gold)
    print(f"\n{path.name} pairwise P {precision:.3f} R {recall:.3f}")
    assert precision >= 0.97 and recall >= 0.9
    for a, b in combinations(rows, 2):
        if a["hn_group"] and a["hn_group"] == b["hn_group"] and a["cluster"] != b["cluster"]:
            assert pred[a["id"]] != pred[b["id"]], (a["id"], b["id"])
