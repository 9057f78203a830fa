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
from datetime import timedelta
from functools import lru_cache
from operator import mul
from pathlib import Path
from typing import Protocol

from aggregator.dedup.features import Features, gram_containment

__all__ = ["TEXT", "AGREEMENTS", "SOON", "notice_agreement", "undated_agreement", "FEATURES", "Matcher", "compare", "mentions", "WEIGHTS", "EvidenceView"]

WEIGHTS = Path(__file__).with_name("weights.json")

# How the start of the announcement agrees with the candidate's, as the engine found it:
# "same" same exact minute; "date" one side states only the date, the same one; "none" the
# announcement states no start, "soon" neither, but the event starts within a day and a half of
# the post (a bare "starting in an hour" reminder); "notice" a status notice matched among its
# organizer's events, "notice_day" one that states another hour of the same day (a corrected time).
AGREEMENTS = ("same", "date", "none", "soon", "notice", "notice_day")
SOON = (timedelta(hours=-2), timedelta(hours=36))

FEATURES = (
    "same_join",  # a join link or meeting id in common
    "other_join",  # both have join links, none in common
    "same_org",  # the announcing organization is already one of the event's
    "linked",  # one names the other's organizer
    "subject",  # subject-token containment, organizer names left out
    "text_same_org",  # by the same organization (a cross-post, a reminder): share of the
    # announcement's character 4-grams found in the event's text
    "shared",  # how many subject tokens the two share (up to 6, scaled to 1)
    "jaccard_unlinked",  # subject-token Jaccard, when nothing else links the two (another organization's words)
    "same_url",  # the same page (canonical URL)
    "date_only",
    "no_start",
    "notice",
    "starts_soon",
    "notice_same_day",
    "past_mismatch",  # a report of the past against an announcement, or the reverse
)


# compare(..., matcher=) adds the weights by position: the first nine features, then the five start
# agreement flags (folded into Matcher.base_of), then the past flag.
if FEATURES[:9] != ("same_join", "other_join", "same_org", "linked", "subject", "text_same_org", "shared",
                    "jaccard_unlinked", "same_url") or FEATURES[14:] != ("past_mismatch",):
    raise TypeError("compare's weighted sum does not follow FEATURES: update both together")


def notice_agreement(f: Features, start) -> str:
    """The agreement of a status notice with an event starting at ``start`` (another minute)."""
    return "notice_day" if start.astimezone(f.start.tzinfo).date() == f.start.date() else "notice"


def undated_agreement(f: Features, start) -> str:
    """The agreement of a post with no start with an event starting at ``start``."""
    return "soon" if SOON[0] <= start - f.seen <= SOON[1] else "none"


class EvidenceView(Protocol):
    tokens: frozenset[str]
    grams: frozenset[str]
    org_ids: tuple[str, ...]
    org_names: tuple[frozenset[str], ...]
    episodes: frozenset[int]
    joins: tuple[str, ...]
    urls: tuple[str, ...]
    past: bool
    places: tuple[str, ...]
    remote: bool


def mentions(tokens: frozenset[str] | set[str], org: frozenset[str]) -> bool:
    """Whether a text's tokens name an organization: every proper word of its name ("Fondation Qantara"
    names "مؤسسة قنطرة للتنمية": the kind of organization is a stop word, a topic concept such as
    "development" need not be there); a name with no proper word, all of its words when there are two
    or more ("جمعية المعلمين الشباب": young teachers). A single topic names nobody. ``tokens``: the post's
    words that are not its own organizer's name (``compare`` leaves those out: they name nobody else)."""
    proper = _proper(org)
    return proper is not None and proper <= tokens


@lru_cache(maxsize=65_536)
def _proper(org: frozenset[str]) -> frozenset[str] | None:
    """What a text must contain to name the organization (see ``mentions``); None when nothing would."""
    return frozenset(t for t in org if t[0] == "~") or (org if len(org) >= 2 else None)


_AGREEMENT_FLAGS = {"same": (0, 0, 0, 0, 0), "date": (1, 0, 0, 0, 0), "none": (0, 1, 0, 0, 0),
                    "soon": (0, 1, 0, 1, 0), "notice": (0, 0, 1, 0, 0), "notice_day": (0, 0, 1, 0, 1)}


# The text similarity's place in the vector: the dearest feature (n-grams of both texts).
TEXT = 5


def compare(f: Features, own_org: frozenset[str], c: EvidenceView, agreement: str,
            quick: bool = False, lazy: bool = False, matcher: "Matcher | None" = None
            ) -> tuple[float, ...] | float | None:
    """The comparison features of announcement ``f`` against event evidence ``c``; None when a hard
    rule says they are different events. ``own_org``: the announcing organization's name tokens.
    ``quick``: also None for a pair with nothing in common (no subject token, organizer or link),
    which the caller's matcher never takes (``Matcher.quick``).

    ``matcher``: return the pair's margin instead (``matcher.margin`` of the vector; None as well for
    a hard rule), summed as the features are found, without building the vector: the engine's hot
    loop. ``lazy`` (with ``matcher`` only): the text similarity, the dearest feature, is computed only
    when the rest leaves the decision open (``Matcher.lazy_text``), and then only the sign is exact."""
    if f.episode is not None and c.episodes and f.episode not in c.episodes:
        return None  # another episode of a series
    ft, ct = f.tokens, c.tokens
    same_org = f.org_id in c.org_ids
    common = ft & ct
    linked = False
    if common:
        org_names = c.org_names
        if not org_names or (len(org_names) == 1 and org_names[0] == own_org):  # the same names
            names = own_org
        else:
            names = own_org.union(*org_names)
        if names and not names.isdisjoint(common):
            # every post names its own organizer: that says nothing about the subject
            na, nb = len(ft) - len(names & ft), len(ct) - len(names & ct)
            shared = len(common) - len(names & common)
        else:
            na, nb, shared = len(ft), len(ct), len(common)
        # a mention needs the name's tokens in the other text, and the other side names itself: in common.
        # A post's words that are its own organizer's name name nobody else ("منظمة رقم 5 للتنمية" does not
        # name every other organization of development).
        if not same_org:
            for name in org_names:  # mentions(ft - own_org, name), inlined: no set built per comparison
                proper = _proper(name)
                if proper is not None and proper <= ft and proper.isdisjoint(own_org):
                    linked = True
                    break
            else:
                proper = _proper(own_org)
                linked = proper is not None and proper <= ct and all(map(proper.isdisjoint, org_names))
    else:
        if quick and not same_org and not f.joins and f.url is None:
            return None
        na, nb, shared = len(ft), len(ct), 0
    subject = shared / (na if na < nb else nb) if shared and na and nb else 0.0
    joins = f.joins
    same_join = other_join = False
    if joins and c.joins:
        same_join = any(j in c.joins for j in joins)
        other_join = not same_join
    if (f.venue_country is not None and c.places and not c.remote and f.venue_country not in c.places
            and not (same_org or linked or same_join)):
        return None  # two in-person meetings in two countries, neither naming the other's organizer or link
    if matcher is not None:
        w = matcher.weights
        m = matcher.base_of[agreement]
        if same_join:
            m += w[0]
        elif other_join:
            m += w[1]
        if same_org:
            m += w[2]
        if linked:
            m += w[3]
        if subject:
            m += w[4] * subject + w[6] * ((shared if shared < 6 else 6) / 6)
            if not (same_org or linked or same_join):
                m += w[7] * (shared / (na + nb - shared))
        if f.url is not None and f.url in c.urls:
            m += w[8]
        if f.past != c.past:
            m += w[14]
        if same_org:
            wt = w[TEXT]
            if not lazy or m <= 0 < m + wt:
                m += wt * gram_containment(f.grams, c.grams)
        return m
    date_only, no_start, notice, soon, notice_day = _AGREEMENT_FLAGS[agreement]
    return (
        same_join, other_join, same_org, linked, subject,
        gram_containment(f.grams, c.grams) if same_org else 0.0,
        (shared if shared < 6 else 6) / 6 if subject else 0.0,
        shared / (na + nb - shared) if subject and not (same_org or linked or same_join) else 0.0,
        f.url is not None and f.url in c.urls,
        date_only, no_start, notice, soon, notice_day,
        f.past != c.past,
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
        # Whether a pair with no subject token, organizer or link in common can never be taken: then
        # compare() may skip it early. Only the start agreement and the past flag can be on then.
        w = dict(zip(FEATURES, self.weights))
        best = self.bias + max(0.0, w["date_only"], w["no_start"] + max(0.0, w["starts_soon"]),
                               w["notice"] + max(0.0, w["notice_same_day"])) + max(0.0, w["past_mismatch"])
        self.quick = best < self.cut
        # compare(..., matcher=self): the margin of a pair before its features, by start agreement
        self.base_of = {a: self.bias - self.cut + sum(wi for wi, flag in zip(self.weights[9:14], flags) if flag)
                        for a, flags in _AGREEMENT_FLAGS.items()}
        # the text similarity may be left out of a decision it cannot change (compare's ``lazy``)
        self.lazy_text = self.weights[TEXT] >= 0

    @classmethod
    def load(cls, path: Path | str = WEIGHTS) -> "Matcher":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["weights"], data["bias"], data.get("threshold", 0.5), data.get("version", ""))

    def score(self, x: tuple[float, ...]) -> float:
        """The log-odds of the same event."""
        return self.bias + sum(map(mul, self.weights, x))

    def probability(self, x: tuple[float, ...]) -> float:
        return 1.0 / (1.0 + math.exp(-self.score(x)))

    def margin(self, x: tuple[float, ...] | None) -> float:
        """How far above the decision threshold a pair is (> 0: the same event)."""
        return -1.0 if x is None else self.score(x) - self.cut
