"""The engine's margin, summed by ``compare`` as it goes, is the shipped matcher's margin of the feature vector.

``compare(..., matcher=m)`` adds the weights without building the vector (the hot loop of a run). Here
it is checked against ``m.margin(compare(...))`` on every pair of posts of the dev corpus and the
handwritten one, under every start agreement, against single posts and against the events a run made.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aggregator.dedup import MemoryEventStore
from aggregator.dedup.command import parse_line
from aggregator.dedup.engine import _Engine, _Evidence, default_matcher
from aggregator.dedup.features import features_of, order_key, org_tokens
from aggregator.dedup.match import AGREEMENTS, Matcher, compare
from aggregator.extract import extract

DATA = Path(__file__).resolve().parents[1] / "data"


def _posts(path: Path):
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            ann = parse_line(line, n)
            ex = extract(ann.text, ann.published, country=ann.country or None, timezone=ann.timezone,
                         title=ann.title or None)
            out.append((ann, ex))
    return out


@pytest.fixture(scope="module", params=["dev/dedup_dev.jsonl", "dedup/handwritten.jsonl"])
def corpus(request):
    items = _posts(DATA / request.param)
    features = [(features_of(ann, ex, order_key(ann)), org_tokens(ann.org_name)) for ann, ex in items]
    engine = _Engine(MemoryEventStore(), default_matcher())
    engine.dated(items, [])
    events = [c.evidence for c in engine.by_id.values() if c.into is None]
    return features, [_Evidence.of(f, own) for f, own in features] + events


def test_the_summed_margin_is_the_margin_of_the_vector(corpus):
    features, evidence = corpus
    matcher = default_matcher()
    checked = taken = 0
    for f, own in features:
        for ev in evidence:
            for agreement in AGREEMENTS:
                x = compare(f, own, ev, agreement)
                m = compare(f, own, ev, agreement, matcher=matcher)
                assert (m is None) == (x is None)
                if x is None:
                    continue
                exact = matcher.margin(x)
                assert m == pytest.approx(exact, abs=1e-9)
                lazy = compare(f, own, ev, agreement, lazy=True, matcher=matcher)
                assert (lazy > 0) == (exact > 0)  # only the decision is exact when the text is left out
                quick = compare(f, own, ev, agreement, quick=matcher.quick, matcher=matcher)
                assert quick is not None or exact <= 0  # a pair quick leaves out is one the matcher refuses
                checked += 1
                taken += exact > 0
    assert checked > 10_000 and taken > 100  # the check reached pairs of both kinds


def test_weights_of_another_sign_are_summed_the_same():
    """A matcher whose text weight is negative cannot leave the text out: the margin stays exact."""
    ann, ex = _posts(DATA / "dedup/handwritten.jsonl")[0]
    f, own = features_of(ann, ex, order_key(ann)), org_tokens(ann.org_name)
    shipped = default_matcher()
    weights = dict(zip(("same_join", "other_join", "same_org", "linked", "subject", "text_same_org", "shared",
                        "jaccard_unlinked", "same_url", "date_only", "no_start", "notice", "starts_soon",
                        "notice_same_day", "past_mismatch"), shipped.weights))
    weights["text_same_org"] = -2.0
    matcher = Matcher(weights, shipped.bias, shipped.threshold)
    assert not matcher.lazy_text
    ev = _Evidence.of(f, own)
    x = compare(f, own, ev, "same")
    assert x[5] > 0  # a post is its own text: the text feature is on
    assert compare(f, own, ev, "same", lazy=matcher.lazy_text, matcher=matcher) == pytest.approx(matcher.margin(x))
