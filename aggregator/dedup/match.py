"""The same-event decision between one announcement and a cluster of its time block: guards first, then evidence."""

from __future__ import annotations

from typing import Protocol

from aggregator.dedup.features import Features

__all__ = ["match_score", "Thresholds", "THRESHOLDS"]


class Thresholds:
    """Subject overlap (containment of the smaller token set) needed, by how the two are linked.

    Tuned on tests/data/dedup (see tests/dedup/test_accuracy.py). Different organizations that
    neither share a link nor mention each other need near-identical subjects: two webinars on one
    topic at the same hour by unrelated organizations are the commonest wrong merge.
    """

    same_org = 0.34
    linked = 0.34
    unlinked = 0.72
    unlinked_min_shared = 3
    status_notice = 0.5  # a postponement/cancellation notice found by organizer, outside the block


THRESHOLDS = Thresholds()


class ClusterView(Protocol):
    tokens: frozenset[str]
    org_ids: tuple[str, ...]
    org_names: tuple[frozenset[str], ...]
    episodes: frozenset[int]
    joins: tuple[str, ...]
    past: bool


def containment(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> tuple[float, int]:
    if not a or not b:
        return 0.0, 0
    shared = len(a & b)
    return shared / min(len(a), len(b)), shared


def mentions(tokens: frozenset[str] | set[str], org: frozenset[str]) -> bool:
    """Whether a text's tokens name an organization (all of its distinctive tokens)."""
    return bool(org) and org <= tokens


def match_score(f: Features, own_org: frozenset[str], c: ClusterView, *, notice: bool = False) -> float:
    """A score > 0 when the announcement ``f`` is the cluster's event, higher is surer; 0 otherwise.

    ``own_org`` is the announcing organization's name tokens; ``notice`` is set when a status
    notice is matched outside its time block (then the same organizer is required)."""
    if f.past != c.past:
        return 0.0  # a report of a past event is not the announcement of a new one
    if f.episode is not None and c.episodes and f.episode not in c.episodes:
        return 0.0  # another episode of a series
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
    sim = shared / min(na, nb) if na and nb else 0.0
    if not sim:
        shared = 0
    same_join = bool(f.joins) and any(j in c.joins for j in f.joins)
    same_org = f.org_id in c.org_ids
    if notice:
        if not same_org and not same_join:
            return 0.0
        return sim if sim >= THRESHOLDS.status_notice and shared >= 2 else 0.0
    if same_join:
        return 1.0 + sim
    if same_org:
        return sim + 0.5 if sim >= THRESHOLDS.same_org or not f.tokens else 0.0
    linked = any(mentions(f.tokens, name) for name in c.org_names) or mentions(c.tokens, own_org)
    if linked:
        return sim + 0.25 if sim >= THRESHOLDS.linked and shared >= 2 else 0.0
    if sim >= THRESHOLDS.unlinked and shared >= THRESHOLDS.unlinked_min_shared:
        return sim
    return 0.0
