"""Clustering scores against gold labels: pairwise precision/recall/F1 (steering) and B-cubed (reported)."""

from __future__ import annotations

from collections import Counter, defaultdict

__all__ = ["pairwise", "bcubed"]


def _pairs(counts: Counter) -> int:
    return sum(n * (n - 1) // 2 for n in counts.values())


def pairwise(gold: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    """Precision/recall/F1 over same-cluster pairs of items; items missing from ``pred`` are singletons."""
    items = list(gold)
    pred = {i: pred.get(i) or f"__single__{i}" for i in items}
    both = Counter((gold[i], pred[i]) for i in items)
    tp = _pairs(both)
    gold_pairs = _pairs(Counter(gold[i] for i in items))
    pred_pairs = _pairs(Counter(pred[i] for i in items))
    p = tp / pred_pairs if pred_pairs else 1.0
    r = tp / gold_pairs if gold_pairs else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "gold_pairs": gold_pairs, "pred_pairs": pred_pairs}


def bcubed(gold: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    items = list(gold)
    pred = {i: pred.get(i) or f"__single__{i}" for i in items}
    by_gold, by_pred = defaultdict(set), defaultdict(set)
    for i in items:
        by_gold[gold[i]].add(i)
        by_pred[pred[i]].add(i)
    p = sum(len(by_gold[gold[i]] & by_pred[pred[i]]) / len(by_pred[pred[i]]) for i in items) / len(items)
    r = sum(len(by_gold[gold[i]] & by_pred[pred[i]]) / len(by_gold[gold[i]]) for i in items) / len(items)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}
