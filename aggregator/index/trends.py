"""Trends for analysts: events per period, split by kind of organization, country, platform or organizer.

Two aggregation requests: the top keys over the whole range, then a date histogram counting
exactly those keys in every period (so a column never misses a period because the key was not
in that period's own top list). Merged duplicates are not counted.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from elasticsearch import Elasticsearch
from tabulate import tabulate

from aggregator.index.params import BY_FIELDS, INTERVALS

__all__ = ["BY_FIELDS", "INTERVALS", "TrendTable", "trends", "format_table", "format_csv", "format_json", "plot"]



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
) -> TrendTable:
    """Events whose start is in [start, end), per ``interval`` and per ``by`` (top ``top`` keys)."""
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
    query = {"bool": {"filter": filters, "must_not": [{"exists": {"field": "merged_into"}}]}}
    first = client.search(index=index, size=0, query=query, track_total_hits=False,
                          aggs={"top": {"terms": {"field": fld, "size": top}}})
    keys = [str(b["key"]) for b in first["aggregations"]["top"]["buckets"]]
    histogram: dict[str, Any] = {"field": "start", "calendar_interval": interval, "time_zone": time_zone,
                                 "min_doc_count": 0}
    if start or end:
        histogram["extended_bounds"] = {k: v for k, v in (("min", bounds.get("gte")), ("max", _last_ms(end))) if v}
    aggs: dict[str, Any] = {"over_time": {"date_histogram": histogram, "aggs": {}}}
    if keys:
        aggs["over_time"]["aggs"]["by"] = {"terms": {"field": fld, "include": keys, "size": len(keys)}}
    if by == "organizer" and keys:
        aggs["names"] = {"nested": {"path": "organizers"}, "aggs": {"ids": {
            "terms": {"field": "organizers.id", "include": keys, "size": len(keys)},
            "aggs": {"name": {"terms": {"field": "organizers.name.keyword", "size": 1}}}}}}
    second = client.search(index=index, size=0, query=query, track_total_hits=False, aggs=aggs)
    table = TrendTable(interval=interval, by=by, keys=keys, labels={k: k for k in keys})
    if "names" in second["aggregations"]:
        for bucket in second["aggregations"]["names"]["ids"]["buckets"]:
            if bucket["name"]["buckets"]:
                table.labels[str(bucket["key"])] = bucket["name"]["buckets"][0]["key"]
    for bucket in second["aggregations"]["over_time"]["buckets"]:
        counts = {k: 0 for k in keys}
        for sub in bucket.get("by", {}).get("buckets", ()):
            counts[str(sub["key"])] = sub["doc_count"]
        table.rows.append({"period": bucket["key_as_string"][:10], "total": bucket["doc_count"], "counts": counts})
    return table


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

    periods = [datetime.fromisoformat(r["period"]) for r in table.rows]
    fig, ax = plt.subplots(figsize=(10, 5), dpi=100)
    for key in table.keys:
        label = table.labels.get(key, key)
        if not label.isascii():  # matplotlib cannot shape Arabic script: fall back to the id
            label = key
        ax.plot(periods, [r["counts"][key] for r in table.rows], marker="o", linewidth=1.5, label=label)
    ax.set_title(f"Online civic events per {table.interval}, by {table.by.replace('_', ' ')}")
    ax.set_ylabel("events")
    ax.grid(True, alpha=0.3)
    if table.keys:
        ax.legend(loc="upper left", fontsize="small", ncol=2)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)
