"""The same-event decision between an announcement and a candidate event: hard rules, then learned evidence weights.

``compare`` turns a pair into a short vector of comparison features; ``Matcher`` weighs them with
a logistic model whose weights are estimated from labelled pairs (``train.py`` writes
``weights.json``) and says yes when the probability reaches the stored threshold. Inference is a
dot product in plain Python. The rules that are true by construction stay rules: another episode
of a series, or another exact start instant (the engine never offers those as candidates), is
another event.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Protocol

from aggregator.dedup.features import Features, gram_containment

__all__ = ["FEATURES", "Matcher", "compare", "mentions", "WEIGHTS", "EvidenceView"]

WEIGHTS = Path(__file__).with_name("weights.json")

# How the start of the announcement agrees with the candidate's, as the engine found it:
# "same" same exact minute; "date" one side states only the date, the same one; "none" the
# announcement states no start; "notice" a status notice matched among its organizer's events.
AGREEMENTS = ("same", "date", "none", "notice")

FEATURES = (
    "same_join",  # a join link or meeting id in common
    "other_join",  # both have join links, none in common
    "same_org",  # the announcing organization is already one of the event's
    "linked",  # one names the other's organizer
    "subject",  # subject-token containment, organizer names left out
    "text",  # share of the announcement's character 4-grams found in the event's text
    "text_same_org",  # text, when by the same organization (a cross-post or a reminder)
    "shared",  # how many subject tokens the two share (up to 6, scaled to 1)
    "jaccard_unlinked",  # subject-token Jaccard, when nothing else links the two (another organization's words)
    "same_url",  # the same page (canonical URL)
    "date_only",
    "no_start",
    "notice",
    "past_mismatch",  # a report of the past against an announcement, or the reverse
)


class EvidenceView(Protocol):
    tokens: frozenset[str]
    grams: frozenset[str]
    org_ids: tuple[str, ...]
    org_names: tuple[frozenset[str], ...]
    episodes: frozenset[int]
    joins: tuple[str, ...]
    urls: tuple[str, ...]
    past: bool


def mentions(tokens: frozenset[str] | set[str], org: frozenset[str]) -> bool:
    """Whether a text's tokens name an organization: all of its name's tokens, of which at least
    one is a proper word (a topic concept such as "social" or "rights" names nobody)."""
    return bool(org) and org <= tokens and any(t[0] == "~" for t in org)


def compare(f: Features, own_org: frozenset[str], c: EvidenceView, agreement: str) -> tuple[float, ...] | None:
    """The comparison features of announcement ``f`` against event evidence ``c``; None when a hard
    rule says they are different events. ``own_org``: the announcing organization's name tokens."""
    if f.episode is not None and c.episodes and f.episode not in c.episodes:
        return None  # another episode of a series
    org_names = c.org_names
    if not org_names or (len(org_names) == 1 and org_names[0] is own_org):
        names = own_org
    else:
        names = own_org.union(*org_names)
    ft, ct = f.tokens, c.tokens
    common = ft & ct
    if names and not (names.isdisjoint(ft) and names.isdisjoint(ct)):
        # every post names its own organizer: that says nothing about the subject
        na, nb = len(ft) - len(names & ft), len(ct) - len(names & ct)
        shared = len(common) - len(names & common)
    else:
        na, nb, shared = len(ft), len(ct), len(common)
    subject = shared / min(na, nb) if na and nb else 0.0
    same_join = bool(f.joins) and any(j in c.joins for j in f.joins)
    other_join = bool(f.joins) and bool(c.joins) and not same_join
    same_org = f.org_id in c.org_ids
    linked = not same_org and (any(mentions(ft, name) for name in org_names) or mentions(ct, own_org))
    text = gram_containment(f.grams, c.grams)
    return (
        float(same_join), float(other_join), float(same_org), float(linked), subject, text,
        text if same_org else 0.0,
        min(shared, 6) / 6 if subject else 0.0,
        shared / (na + nb - shared) if subject and not (same_org or linked or same_join) else 0.0,
        float(f.url is not None and f.url in c.urls),
        float(agreement == "date"), float(agreement == "none"), float(agreement == "notice"),
        float(f.past != c.past),
    )


class Matcher:
    """A logistic model over ``FEATURES``: P(same event) = sigmoid(bias + weights . x)."""

    def __init__(self, weights: dict[str, float], bias: float, threshold: float = 0.5, version: str = ""):
        missing = [n for n in FEATURES if n not in weights]
        if missing:
            raise ValueError(f"matcher weights lack {', '.join(missing)}")
        self.weights = tuple(float(weights[n]) for n in FEATURES)
        self.bias, self.threshold, self.version = float(bias), float(threshold), version
        # decide on the linear score: no exp() per comparison
        self.cut = math.log(self.threshold / (1 - self.threshold))

    @classmethod
    def load(cls, path: Path | str = WEIGHTS) -> "Matcher":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["weights"], data["bias"], data.get("threshold", 0.5), data.get("version", ""))

    def score(self, x: tuple[float, ...]) -> float:
        """The log-odds of the same event."""
        s = self.bias
        for w, v in zip(self.weights, x):
            if v:
                s += w * v
        return s

    def probability(self, x: tuple[float, ...]) -> float:
        return 1.0 / (1.0 + math.exp(-self.score(x)))

    def margin(self, x: tuple[float, ...] | None) -> float:
        """How far above the decision threshold a pair is (> 0: the same event)."""
        return -1.0 if x is None else self.score(x) - self.cut
