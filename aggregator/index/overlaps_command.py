"""`aggregator overlaps`: what else is scheduled in a time slot, for which audience; or --report over weeks."""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timedelta, timezone

from tabulate import tabulate

from aggregator.config import load_settings
from aggregator.errors import InputError
from aggregator.index.params import parse_date_bound, parse_datetime, parse_duration

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--start", help="slot start, ISO-8601 with offset, e.g. 2026-03-12T20:00+01:00")
    parser.add_argument("--duration", default="60m", help="slot length: 90m, 1h30m, 2h (default 60m)")
    parser.add_argument("--margin", default="30m", help="also count events this close before/after (default 30m)")
    parser.add_argument("--country", help="your audience's country (ISO alpha-2, e.g. MA)")
    parser.add_argument("--org-type", action="append", default=[], help="your kind of organization (party, union, ngo); repeatable")
    parser.add_argument("--topic", action="append", default=[], help="topic words of your event; repeatable")
    parser.add_argument("--shared-only", action="store_true", help="only events sharing some audience")
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--report", action="store_true", help="clusters of competing events over the coming weeks")
    parser.add_argument("--from", dest="from_", help="report start (default now), date or date-time")
    parser.add_argument("--weeks", type=int, default=4, help="report length in weeks (default 4)")
    parser.add_argument("--format", choices=("table", "json"), default="table")


def run(args: argparse.Namespace) -> int:
    # Imported here: aggregator.cli imports every command module to build its parser, and the
    # commands that do not talk to Elasticsearch (extract, dedup) must not pay for its client.
    from aggregator.index.client import connect, translate_errors
    from aggregator.index.overlaps import find_overlaps, overlap_report

    settings = load_settings()
    try:
        margin = parse_duration(args.margin) if args.margin not in ("0", "") else timedelta(0)
        if args.report:
            start = parse_date_bound(args.from_) or datetime.now(timezone.utc)
            end = start + timedelta(weeks=args.weeks)
        else:
            if not args.start:
                raise InputError("--start is required (or use --report)")
            start = parse_datetime(args.start)
            duration = parse_duration(args.duration)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    client = connect(settings)
    index = settings.index("events")
    with translate_errors(settings.elasticsearch_url):
        if args.report:
            clusters = overlap_report(client, index, start, end, margin=margin, country=args.country,
                                      org_types=args.org_type)
            if args.format == "json":
                print(json.dumps([c.to_dict() for c in clusters], ensure_ascii=False, indent=2))
            else:
                print(_report_table(clusters, start, end))
            return 0
        found = find_overlaps(client, index, start, duration, margin=margin, country=args.country,
                              org_types=args.org_type, topics=args.topic, shared_only=args.shared_only,
                              limit=args.limit)
    if args.format == "json":
        print(json.dumps([o.to_dict() for o in found], ensure_ascii=False, indent=2))
    else:
        print(_overlaps_table(found, start))
    return 0


def _local(value: str | None, zone) -> str:
    if not value:
        return ""
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _orgs(organizers) -> str:
    return ", ".join(o.get("name") or o.get("id") or "" for o in organizers or ())[:60]


def _overlaps_table(found, start: datetime) -> str:
    if not found:
        return "No event overlaps this slot."
    rows = []
    for o in found:
        shared = []
        if o.shared.get("country"):
            shared.append("country")
        if o.shared.get("org_type"):
            shared.append("+".join(o.shared["org_type"]))
        if o.shared.get("topic"):
            shared.append("topic: " + " ".join(o.shared["topic"]))
        when = f"{_local(o.start, start.tzinfo)}–{_local(o.end, start.tzinfo)[11:]}"
        rows.append([o.score, when, o.overlap_minutes or f"-{o.gap_minutes}", o.title[:50], _orgs(o.organizers),
                     ",".join(o.countries), o.platform or "", "; ".join(shared)])
    return tabulate(rows, headers=["score", f"time (UTC{start.strftime('%z')})", "overlap min", "title",
                                   "organizers", "countries", "platform", "shared audience"])


def _report_table(clusters, start: datetime, end: datetime) -> str:
    lines = [f"{len(clusters)} clusters of competing events between {start:%Y-%m-%d} and {end:%Y-%m-%d}"]
    for i, c in enumerate(clusters, 1):
        lines.append(f"\n#{i} {c.start[:16]} → {c.end[:16]} UTC · {', '.join(c.countries)} · "
                     f"{', '.join(c.org_types)} · {len(c.events)} events")
        for e in c.events:
            lines.append(f"   {e['start'][:16]}  {(e.get('title') or '')[:60]}  ({_orgs(e.get('organizers'))})")
    return "\n".join(lines)


