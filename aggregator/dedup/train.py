"""Estimate the matcher's evidence weights from labelled corpora and write weights.json (offline, scikit-learn).

Run from the repository root, with scikit-learn in the interpreter (it is a training-time tool, not a
dependency of the package; the weights were produced with scikit-learn==1.9.1):

    python -m aggregator.dedup.train --balanced --threshold 0.57 --version lr-2026-12-01b   # the shipped weights.json
    python -m aggregator.dedup.train --corpus A --heldout B --output /tmp/w.json   # train on A, score B
    python -m aggregator.dedup.train --balanced --threshold 0.57 --folds 3   # out-of-fold scores, writes nothing

``--folds K`` measures what the weights do on text they were not fitted to: the dev corpus is cut into K
folds by cluster (a hard-negative group stays whole), and each fold is scored by weights fitted to the other
corpora and the other folds; it also scores the whole dev corpus with weights fitted to our corpora alone.

Labelled pairs are the pairs the engine's blocking would offer (same start minute; the same date when
a side is date-only; a notice and its organizer's events in the notice window; a post without a start
and its organizer's posts around it), each compared through the engine's own ``compare`` with the
earlier post as the event. The label is whether the two share a gold cluster.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

from aggregator.dedup.command import dedup_records, parse_line
from aggregator.dedup.engine import NOTICE_WINDOW, UNDATED_AFTER, UNDATED_BEFORE, _Evidence
from aggregator.dedup.features import features_of, order_key, org_tokens
from aggregator.dedup.match import FEATURES, WEIGHTS, Matcher, compare, notice_agreement, undated_agreement
from aggregator.dedup.status import same_date
from aggregator.extract import extract

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPORA = ("tests/data/dedup/corpus.jsonl", "tests/data/dedup/handwritten.jsonl",
                   "tests/data/dev/dedup_dev.jsonl")


def _agreement(f, g) -> str | None:
    """How the engine would offer ``g``'s event to ``f`` (f published after g), or None if it would not."""
    same_org = f.org_id == g.org_id
    linked = bool(set(f.joins) & set(g.joins)) or (f.url is not None and f.url == g.url)
    if f.start is None:
        if g.start is not None and (same_org and f.seen - UNDATED_BEFORE <= g.start <= f.seen + UNDATED_AFTER or linked):
            return undated_agreement(f, g.start)
        if g.start is None and same_org and f.seen - g.seen <= UNDATED_BEFORE:
            return "none"
        return None
    if g.start is None:
        return None
    if f.minute == g.minute:
        return "date" if f.date_only or g.date_only else "same"
    if f.date_only and not g.date_only or g.date_only and not f.date_only and (same_org or linked):
        exact, day = (g.start, f.start) if f.date_only else (f.start, g.start)
        if same_date(exact, day):
            return "date"
    if f.notice and same_org:
        lo, hi = min(f.start, f.seen) - timedelta(days=1), max(f.start, f.seen) + NOTICE_WINDOW
        if lo <= g.start <= hi:
            return notice_agreement(f, g.start)
    return None


def labelled_pairs(path: Path) -> tuple[list[tuple[float, ...]], list[int]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    posts = []
    for n, row in enumerate(rows, 1):
        ann = parse_line(json.dumps(row, ensure_ascii=False), n)
        ex = extract(ann.text, ann.published, country=ann.country or None, timezone=ann.timezone,
                     title=ann.title or None)
        f = features_of(ann, ex, order_key(ann))
        posts.append((f, org_tokens(ann.org_name), row["cluster"]))
    posts.sort(key=lambda p: (p[0].start is None, p[0].key))  # dated first, as the engine runs
    X, y = [], []
    for i, (f, own, cluster) in enumerate(posts):
        for g, g_own, g_cluster in posts[:i]:
            agreement = _agreement(f, g)
            if agreement is None:
                continue
            x = compare(f, own, _Evidence.of(g, g_own), agreement)
            if x is None:
                continue
            X.append(x)
            y.append(int(cluster == g_cluster))
    return X, y


def fit(X, y, C: float, balanced: bool = False):
    from sklearn.linear_model import LogisticRegression  # training-time only

    model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced" if balanced else None)
    model.fit(X, y)
    return model


def pairwise_f1(path: Path, matcher: Matcher) -> dict[str, float]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [json.loads(line) for line in lines]
    outputs, _ = dedup_records(lines, matcher)
    gold = {r["id"]: r["cluster"] for r in rows}
    pred = {o["id"]: o.get("event_id") or o["id"] for o in outputs}

    def pairs(assign):
        by = defaultdict(list)
        for k, v in assign.items():
            by[v].append(k)
        return {frozenset((a, b)) for ids in by.values() for i, a in enumerate(ids) for b in ids[i + 1:]}

    G, P = pairs(gold), pairs(pred)
    p = len(G & P) / len(P) if P else 1.0
    r = len(G & P) / len(G) if G else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def _fold_of(row: dict, folds: int) -> int:
    return hashlib.sha1((row.get("hn_group") or row["cluster"]).encode("utf-8")).digest()[0] % folds


def cross_validate(corpora: list[Path], dev: Path, folds: int, C: float, balanced: bool, threshold: float) -> dict:
    """Out-of-fold pairwise scores on ``dev`` (see ``--folds``), and scores of weights fitted without it."""
    from tests.dedup.dev_scoring import predict, score  # the dev corpus's scoring (its README, section 3)

    rows = [json.loads(line) for line in dev.read_text(encoding="utf-8").splitlines() if line.strip()]
    own_X, own_y = [], []
    for path in corpora:
        if path.resolve() != dev.resolve():
            xs, ys = labelled_pairs(path)
            own_X += xs
            own_y += ys

    def matcher(X, y) -> Matcher:
        model = fit(X, y, C, balanced)
        return Matcher({n: float(w) for n, w in zip(FEATURES, model.coef_[0])}, float(model.intercept_[0]), threshold)

    with tempfile.TemporaryDirectory() as tmp:
        parts = []
        for k in range(folds):
            part = [r for r in rows if _fold_of(r, folds) == k]
            path = Path(tmp) / f"fold{k}.jsonl"
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part), encoding="utf-8")
            parts.append((part, labelled_pairs(path)))
    predicted: dict[str, str] = {}
    for k, (part, _) in enumerate(parts):
        X, y = list(own_X), list(own_y)
        for j, (_, (xs, ys)) in enumerate(parts):
            if j != k:
                X += xs
                y += ys
        predicted.update({i: f"{k}:{e}" for i, e in predict(part, matcher(X, y)).items()})
    out = {"out_of_fold": score(rows, predicted), "without_dev": score(rows, predict(rows, matcher(own_X, own_y)))}
    return {name: {key: s[key] for key in ("precision", "recall", "f1", "hn_false", "hn_total", "missed", "families")}
            for name, s in out.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="append", help="labelled JSONL to train on (repeatable)")
    parser.add_argument("--heldout", action="append", default=[], help="labelled JSONL to score, not trained on")
    parser.add_argument("--output", default=str(WEIGHTS))
    parser.add_argument("--C", type=float, default=1.0, help="inverse L2 regularization strength")
    parser.add_argument("--version", default="lr-1")
    parser.add_argument("--balanced", action="store_true", help="weigh both classes equally (negatives are rarer)")
    parser.add_argument("--threshold", type=float, default=0.5,
                        help="probability from which a pair is one event (the shipped weights use 0.57, set "
                             "on the dev corpus between where a hard negative merges and where recall drops)")
    parser.add_argument("--folds", type=int, default=0,
                        help="print out-of-fold scores on the dev corpus over this many folds (writes no weights)")
    args = parser.parse_args(argv)
    corpora = [Path(c) for c in (args.corpus or [str(ROOT / c) for c in DEFAULT_CORPORA])]
    if args.folds:
        if args.folds < 2:
            parser.error("--folds needs at least 2 folds")
        result = cross_validate(corpora, ROOT / DEFAULT_CORPORA[-1], args.folds, args.C, args.balanced, args.threshold)
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    X, y = [], []
    for path in corpora:
        xs, ys = labelled_pairs(path)
        X += xs
        y += ys
        print(f"{path}: {len(ys)} candidate pairs, {sum(ys)} same-event", file=sys.stderr)
    model = fit(X, y, args.C, args.balanced)
    weights = {name: round(float(w), 4) for name, w in zip(FEATURES, model.coef_[0])}
    data = {
        "version": args.version,
        "model": f"logistic regression (scikit-learn, C={args.C}{', balanced' if args.balanced else ''})"
                 " over labelled candidate pairs",
        "trained_on": [str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p) for p in corpora],
        "pairs": len(y), "positive_pairs": sum(y),
        "bias": round(float(model.intercept_[0]), 4), "threshold": args.threshold, "weights": weights,
    }
    matcher = Matcher(weights, data["bias"], data["threshold"], data["version"])
    data["scores"] = {str(Path(p).name): pairwise_f1(Path(p), matcher) for p in [*corpora, *map(Path, args.heldout)]}
    Path(args.output).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(data, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
