"""Trends for analysts: events per period, split by kind of organization, country, platform, organizer or topic.

Two aggregation requests: the top keys over the whole range, then a date histogram counting
exactly those keys in every period (so a column never misses a period because the key was not
in that period's own top list). Merged duplicates are not counted. Events without a value (no
platform known, no topic matched) are counted in a "none" column, so every row adds up.

Topics are named queries on the analysed title and description (the index's Arabic-aware
analyzer folds hamzas and strips الـ and plural endings, so "انتخابات" also counts "الانتخابات
البلدية"); an event can be in several topics. The same filters as the feeds narrow the events
(organization, kind, country, platform, words), through the feeds' own query builder.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from elasticsearch import BadRequestError, Elasticsearch
from tabulate import tabulate

from aggregator.errors import InvalidParameter
from aggregator.ical.filters import FeedFilter
from aggregator.ical.labels import PLATFORM_NAMES
from aggregator.index.feeds import FeedStore, build_query
from aggregator.index.params import BY_FIELDS, INTERVALS

__all__ = ["BY_FIELDS", "INTERVALS", "NONE", "TOPICS", "TrendTable", "trends", "topic_queries", "key_label", "format_table",
           "format_csv", "format_json", "plot"]

NONE = "none"  # the key of events with no value for the split (no platform, no topic matched)

# topic -> (label, words in Arabic, French and English). Any word matching in the title or the
# description puts an event in the topic; the analyzer does the stemming, so one form per word.
TOPICS: dict[str, tuple[str, str]] = {
    "elections": ("Elections", "انتخابات اقتراع ترشح élection scrutin vote election electoral"),
    "labour": ("Work, wages, pensions", "شغل عمال أجور نقابة إضراب تقاعد travail salaire grève retraite "
                                        "syndical worker wage strike pension labour"),
    "rights": ("Rights and freedoms", "حقوق حريات حرية معتقلين سجناء تعذيب droit liberté prisonnier torture rights "
                                      "freedom prison detainee"),
    "women": ("Women and equality", "المرأة النساء نسوية مساواة femme égalité women gender equality"),
    "education": ("Education", "تعليم مدرسة جامعة طلبة أساتذة éducation enseignement école étudiant education "
                               "school student teacher"),
    "economy": ("Economy and prices", "اقتصاد أسعار غلاء ميزانية ضرائب économie prix budget impôt economy price "
                                      "inflation tax"),
    "palestine": ("Palestine", "فلسطين غزة القدس palestine gaza jerusalem"),
    "environment": ("Environment and water", "بيئة مناخ مياه جفاف environnement climat eau sécheresse environment "
                                             "climate water drought"),
    "youth": ("Youth", "شباب jeunes jeunesse youth"),
    "health": ("Health", "صحة مستشفى santé hôpital health hospital"),
}
_KIND_NAMES = {"party": "Parties", "union": "Unions", "ngo": "NGOs", "other": "Other organizations"}
_BY_TITLES = {"org_type": "kind of organization", "country": "country", "platform": "platform",
              "organizer": "organizer", "status": "status", "topic": "topic"}
_NONE_LABELS = {"platform": "No platform known", "topic": "No topic matched"}


def topic_queries(topics: dict[str, str] | None = None) -> dict[str, dict[str, Any]]:
    """One match query per topic, on the analysed title and description (named filters)."""
    words = topics if topics is not None else {k: w for k, (_, w) in TOPICS.items()}
    return {name: {"multi_match": {"query": text, "fields": ["title", "description"]}} for name, text in words.items()}


@dataclass
class TrendTable:
    """Counts of events per period (rows) and key (columns); ``total`` counts events once."""

    interval: str
    by: str
    keys: list[str]
    labels: dict[str, str] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)  # {"period", "total", "counts": {key: n}}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _iso(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat()


def trends(
    client: Elasticsearch,
    index: str,
    *,
    interval: str = "week",
    by: str = "org_type",
    start: datetime | None = None,
    end: datetime | None = None,
    top: int = 10,
    time_zone: str = "UTC",
    where: FeedFilter | None = None,
    topics: dict[str, str] | None = None,
) -> TrendTable:
    """Events whose start is in [start, end) and that ``where`` selects, per ``interval`` and per ``by``
    (top ``top`` keys, then "none" when some events have no value). ``topics`` (name -> words)
    replaces the built-in TOPICS for by="topic"."""
    if interval not in INTERVALS:
        raise ValueError(f"interval must be one of {', '.join(INTERVALS)}")
    if by not in BY_FIELDS:
        raise ValueError(f"by must be one of {', '.join(BY_FIELDS)}")
    fld = BY_FIELDS[by]
    bounds: dict[str, str] = {}
    if start:
        bounds["gte"] = _iso(start)
    if end:
        bounds["lt"] = _iso(end)
    filters: list[dict[str, Any]] = [{"range": {"start": bounds}}] if bounds else []
    if where is not None and where.to_params():
        filters.append(build_query(where, FeedStore(client, index).paths(), cutoff=None))
    query = {"bool": {"filter": filters, "must_not": [{"exists": {"field": "merged_into"}}]}}
    if by == "topic":
        split: dict[str, Any] = {"filters": {"filters": topic_queries(topics), "other_bucket_key": NONE}}
    else:
        split = {"terms": {"field": fld, "size": top}}
    # ignore_unavailable: before the first run there is no events index, and no events to count
    # (Elasticsearch then answers without "aggregations").
    first_aggs: dict[str, Any] = {"top": split}
    if by != "topic":
        first_aggs["none"] = {"missing": {"field": fld}}
    first = client.search(index=index, size=0, query=query, track_total_hits=False, ignore_unavailable=True,
                          aggs=first_aggs)
    found_first = first.get("aggregations") or {}
    if by == "topic":
        counted = (found_first.get("top") or {}).get("buckets") or {}
        ranked = sorted(((k, b["doc_count"]) for k, b in counted.items() if k != NONE and b["doc_count"]),
                        key=lambda kv: (-kv[1], kv[0]))
        keys = [k for k, _ in ranked[:top]]
        has_none = bool((counted.get(NONE) or {}).get("doc_count"))
    else:
        keys = [str(b["key"]) for b in found_first.get("top", {}).get("buckets", ())]
        has_none = bool((found_first.get("none") or {}).get("doc_count"))
    histogram: dict[str, Any] = {"field": "start", "calendar_interval": interval, "time_zone": time_zone,
                                 "min_doc_count": 0}
    if start or end:
        histogram["extended_bounds"] = {k: v for k, v in (("min", bounds.get("gte")), ("max", _last_ms(end))) if v}
    aggs: dict[str, Any] = {"over_time": {"date_histogram": histogram, "aggs": {}}}
    if by == "topic":
        aggs["over_time"]["aggs"]["by"] = split
    else:
        if keys:
            aggs["over_time"]["aggs"]["by"] = {"terms": {"field": fld, "include": keys, "size": len(keys)}}
        if has_none:
            aggs["over_time"]["aggs"]["none"] = {"missing": {"field": fld}}
    if by == "organizer" and keys:
        aggs["names"] = {"nested": {"path": "organizers"}, "aggs": {"ids": {
            "terms": {"field": "organizers.id", "include": keys, "size": len(keys)},
            "aggs": {"name": {"terms": {"field": "organizers.name.keyword", "size": 1}}}}}}
    try:
        second = client.search(index=index, size=0, query=query, track_total_hits=False, aggs=aggs,
                               ignore_unavailable=True)
    except BadRequestError as exc:
        # Python's tz database can be newer than the JVM's (America/Coyhaique, 2025): the name is
        # valid, Elasticsearch does not know it yet. That is the caller's parameter, not a failure.
        if "[time_zone]" in str(exc):
            raise InvalidParameter(f"time_zone {time_zone!r} is not known to Elasticsearch; "
                                   "use a neighbouring zone or UTC", "time_zone") from None
        raise
    columns = [*keys, NONE] if has_none else list(keys)
    table = TrendTable(interval=interval, by=by, keys=columns, labels={k: key_label(by, k, topics) for k in columns})
    found = second.get("aggregations") or {}
    if "names" in found:
        for bucket in found["names"]["ids"]["buckets"]:
            if bucket["name"]["buckets"]:
                table.labels[str(bucket["key"])] = bucket["name"]["buckets"][0]["key"]
    for bucket in found.get("over_time", {}).get("buckets", ()):
        counts = {k: 0 for k in columns}
        subs = bucket.get("by", {}).get("buckets", ())
        pairs = subs.items() if isinstance(subs, dict) else ((str(b["key"]), b) for b in subs)
        for key, sub in pairs:
            if key in counts:
                counts[key] = sub["doc_count"]
        if has_none and by != "topic":
            counts[NONE] = bucket.get("none", {}).get("doc_count", 0)
        table.rows.append({"period": bucket["key_as_string"][:10], "total": bucket["doc_count"], "counts": counts})
    return table


def key_label(by: str, key: str, topics: dict[str, str] | None = None) -> str:
    """What a column is called: a topic's or kind's name, a platform's brand, "none" spelled out."""
    if key == NONE:
        return _NONE_LABELS.get(by, "None")
    if by == "topic":
        return key if topics is not None else TOPICS[key][0]
    if by == "org_type":
        return _KIND_NAMES.get(key, key)
    if by == "platform":
        return PLATFORM_NAMES.get(key) or key.replace("_", " ").capitalize()
    return key


def _last_ms(end: datetime | None) -> str | None:
    if end is None:
        return None
    return _iso(end - timedelta(milliseconds=1))


def _header(table: TrendTable) -> list[str]:
    return ["period", *(table.labels.get(k, k) for k in table.keys), "total"]


def _matrix(table: TrendTable) -> list[list[Any]]:
    return [[row["period"], *(row["counts"][k] for k in table.keys), row["total"]] for row in table.rows]


def format_table(table: TrendTable) -> str:
    return tabulate(_matrix(table), headers=_header(table), tablefmt="simple")


def format_csv(table: TrendTable) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["period", *table.keys, "total"])
    writer.writerows(_matrix(table))
    return out.getvalue()


def format_json(table: TrendTable) -> str:
    return json.dumps(table.to_dict(), ensure_ascii=False, indent=2)


def plot(table: TrendTable, path) -> None:
    """A line per key over the periods, written as PNG to ``path``."""
    # matplotlib is the optional "plot" extra, and slow to import: only `trends --plot` needs it.
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # after use("Agg"): pyplot picks its backend when imported
    from matplotlib.ticker import MaxNLocator  # the optional "plot" extra, like matplotlib above

    periods = [datetime.fromisoformat(r["period"]) for r in table.rows]
    fig, ax = plt.subplots(figsize=(10, 5), dpi=100)
    for key in table.keys:
        label = table.labels.get(key, key)
        if not label.isascii():  # matplotlib cannot shape Arabic script: fall back to the id
            label = key
        ax.plot(periods, [r["counts"][key] for r in table.rows], marker="o", linewidth=1.5, label=label)
    ax.set_title(f"Online civic events per {table.interval}, by {_BY_TITLES.get(table.by, table.by)}")
    ax.set_ylabel("events")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts of events: no 0.5 ticks
    ax.set_ylim(bottom=0)
    ax.grid(True, alpha=0.3)
    if table.keys:
        ax.legend(loc="upper left", fontsize="small", ncol=2)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)
