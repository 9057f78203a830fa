"""`aggregator overlaps`: what else is scheduled in a time slot, for which audience; or --report over weeks."""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timedelta, timezone

from tabulate import tabulate

from aggregator.config import load_settings
from aggregator.countries import COUNTRY_TIMEZONES
from aggregator.errors import InputError
from aggregator.index.params import check_values, check_zone, parse_date_bound, parse_duration, parse_local_datetime
from aggregator.models import ORG_TYPES

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--start", help='slot start: a local time with --tz ("2026-03-12 20:00"), '
                        "or ISO-8601 with an offset (2026-03-12T20:00+01:00)")
    parser.add_argument("--tz", help="time zone of --start and of the times shown (IANA, e.g. Africa/Casablanca)")
    parser.add_argument("--duration", default="60m", help="slot length: 90m, 1h30m, 2h (default 60m)")
    parser.add_argument("--margin", default="30m", help="also count events this close before/after (default 30m)")
    parser.add_argument("--country", help="your audience's country (ISO alpha-2, e.g. MA)")
    parser.add_argument("--org-type", action="append", default=[], help="your kind of organization (party, union, ngo); repeatable")
    parser.add_argument("--org", action="append", default=[],
                        help="your organization's id: its own events are not counted as competing; repeatable")
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
    from aggregator.index.overlaps import find_overlaps, known_organizations, overlap_report

    settings = load_settings()
    try:
        zone = check_zone(args.tz, "--tz") if args.tz else None
        country = args.country.strip().upper() if args.country else None
        if country and country not in COUNTRY_TIMEZONES:
            check_values("--country", [args.country.strip()], sorted(COUNTRY_TIMEZONES))
        org_types = [t.strip() for value in args.org_type for t in value.split(",") if t.strip()]
        check_values("--org-type", org_types, ORG_TYPES)
        margin = parse_duration(args.margin) if args.margin not in ("0", "") else timedelta(0)
        if args.report:
            start = parse_date_bound(args.from_) or datetime.now(timezone.utc)
            end = start + timedelta(weeks=args.weeks)
        else:
            if not args.start:
                raise InputError('--start is required, e.g. --tz Africa/Tunis --start "2026-03-12 20:00" (or use --report)')
            start = parse_local_datetime(args.start, args.tz, parameter="--start", zone_parameter="--tz")
            duration = parse_duration(args.duration)
            if duration <= timedelta(0):
                raise ValueError("--duration must be longer than 0")
        if args.limit < 1:
            raise ValueError("--limit must be at least 1")
    except ValueError as exc:
        raise InputError(str(exc)) from None
    shown_zone = zone or start.tzinfo
    client = connect(settings)
    index = settings.index("events")
    with translate_errors(settings.elasticsearch_url):
        orgs = [o.strip() for value in args.org for o in value.split(",") if o.strip()]
        if orgs:
            known = sorted(known_organizations(client, index))
            unknown = [o for o in orgs if o not in known]
            if unknown:
                raise InputError(f"unknown --org {unknown[0]!r}; accepted: {', '.join(known) or '(no events indexed yet)'}")
        if args.report:
            clusters = overlap_report(client, index, start, end, margin=margin, country=country,
                                      org_types=org_types)
            if args.format == "json":
                print(json.dumps([c.to_dict() for c in clusters], ensure_ascii=False, indent=2))
            else:
                print(_report_table(clusters, start, end))
            return 0
        found = find_overlaps(client, index, start, duration, margin=margin, country=country,
                              org_types=org_types, topics=args.topic, shared_only=args.shared_only,
                              limit=args.limit, own_orgs=orgs)
    if args.format == "json":
        print(json.dumps([o.to_dict() for o in found], ensure_ascii=False, indent=2))
    else:
        print(_overlaps_table(found, start, duration, shown_zone))
    return 0


def _local(value: str | None, zone) -> str:
    if not value:
        return ""
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _orgs(organizers) -> str:
    return ", ".join(o.get("name") or o.get("id") or "" for o in organizers or ())[:60]


def _zone_name(zone) -> str:
    key = getattr(zone, "key", None)
    if key:
        return key
    return "UTC" + datetime.now(zone).strftime("%z")


def _overlaps_table(found, start: datetime, duration: timedelta, zone) -> str:
    slot = (f"Slot {_local(start.isoformat(), zone)}–{_local((start + duration).isoformat(), zone)[11:]} "
            f"{_zone_name(zone)} ({start.astimezone(timezone.utc):%H:%M} UTC)")
    if not found:
        return f"{slot}\nNo event overlaps this slot."
    rows = []
    for o in found:
        shared = []
        if o.shared.get("country"):
            shared.append("country")
        if o.shared.get("org_type"):
            shared.append("+".join(o.shared["org_type"]))
        if o.shared.get("topic"):
            shared.append("topic: " + " ".join(o.shared["topic"]))
        when = f"{_local(o.start, zone)}–{_local(o.end, zone)[11:]}"
        overlap = (f"{o.overlap_minutes} of {int(duration.total_seconds() // 60)} min" if o.overlap_minutes
                   else f"{o.gap_minutes} min away")
        rows.append([o.score, f"{o.time_overlap:.2f} × {o.audience_overlap:.2f}", when, overlap, "; ".join(shared) or "-",
                     o.title[:50], _orgs(o.organizers), ",".join(o.countries), o.platform or ""])
    table = tabulate(rows, headers=["score", "time × audience", f"when ({_zone_name(zone)})", "time overlap",
                                    "shared audience", "title", "organizers", "countries", "platform"])
    return (f"{slot}\n{table}\n\nscore = 100 × time × audience. time = share of your slot taken (up to 0.1 inside "
            "the margin); audience = (1 + dimensions shared) / (1 + dimensions you gave: country, kind, topic).")


def _report_table(clusters, start: datetime, end: datetime) -> str:
    lines = [f"{len(clusters)} clusters of competing events between {start:%Y-%m-%d} and {end:%Y-%m-%d}"]
    for i, c in enumerate(clusters, 1):
        lines.append(f"\n#{i} {c.start[:16]} → {c.end[:16]} UTC · {', '.join(c.countries)} · "
                     f"{', '.join(c.org_types)} · {len(c.events)} events")
        for e in c.events:
            lines.append(f"   {e['start'][:16]}  {(e.get('title') or '')[:60]}  ({_orgs(e.get('organizers'))})")
    return "\n".join(lines)


