"""`aggregator trends`: events per day/week/month by kind of organization, country, platform, organizer or topic,
narrowed by the feeds' filters (--org, --org-type, --country, --platform, --q)."""

from __future__ import annotations

import argparse

from aggregator.config import load_settings
from aggregator.errors import InputError, InvalidFilter
from aggregator.ical.filters import FeedFilter
from aggregator.index.params import BY_FIELDS, INTERVALS, check_zone, parse_date_bound

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--interval", choices=INTERVALS, default="week")
    parser.add_argument("--by", choices=tuple(BY_FIELDS), default="org_type")
    parser.add_argument("--from", dest="from_", help="first day (2026-01-01) or date-time with offset")
    parser.add_argument("--to", help="end, exclusive (2026-04-01) or date-time with offset")
    parser.add_argument("--top", type=int, default=10, help="how many keys (columns) to show (default 10)")
    parser.add_argument("--time-zone", default="UTC", help="where days and weeks begin (IANA name, default UTC)")
    parser.add_argument("--org", action="append", default=[], help="only events of this organization id; repeatable")
    parser.add_argument("--org-type", action="append", default=[], help="only this kind: party, union, ngo, other")
    parser.add_argument("--country", action="append", default=[], help="only this country (ISO alpha-2, e.g. TN)")
    parser.add_argument("--platform", action="append", default=[], help="only this platform (zoom, youtube, ...)")
    parser.add_argument("--q", help="only events whose title, description or organizer has these words")
    parser.add_argument("--topic", action="append", default=[], metavar="WORDS",
                        help="with --by topic: your own topic (its words, any of them matches) instead of the "
                             "built-in ones; repeatable")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.add_argument("--plot", metavar="FILE.png", help="also draw the trend as a PNG chart")


def run(args: argparse.Namespace) -> int:
    # Imported here: aggregator.cli imports every command module to build its parser, and the
    # commands that do not talk to Elasticsearch (extract, dedup) must not pay for its client.
    from aggregator.index.client import connect, translate_errors
    from aggregator.index.trends import format_csv, format_json, format_table, plot, trends

    try:
        start, end = parse_date_bound(args.from_), parse_date_bound(args.to)
        if start is not None and end is not None and start >= end:
            raise ValueError("--from must be before --to")
        if args.top < 1:
            raise ValueError("--top must be at least 1")
        if args.time_zone != "UTC":
            check_zone(args.time_zone, "--time-zone")
        if args.topic and args.by != "topic":
            raise ValueError("--topic needs --by topic")
    except ValueError as exc:
        raise InputError(str(exc)) from None
    pairs = [(name, value) for name, given in (("org", args.org), ("org_type", args.org_type),
                                               ("country", args.country), ("platform", args.platform))
             for value in given]
    if args.q:
        pairs.append(("q", args.q))
    topics = {" ".join(t.split()): t for t in args.topic if t.strip()} or None
    settings = load_settings()
    client = connect(settings)
    with translate_errors(settings.elasticsearch_url):
        try:
            where = FeedFilter.from_params(pairs)
            if where.orgs:
                from aggregator.index.overlaps import known_organizations  # only when --org is checked

                known = sorted(known_organizations(client, settings.index("events")))
                unknown = [o for o in where.orgs if o not in known]
                if unknown:
                    raise InputError(f"unknown --org {unknown[0]!r}; accepted: "
                                     f"{', '.join(known) or '(no events indexed yet)'}")
        except InvalidFilter as exc:
            raise InputError(f"--{exc.parameter.replace('_', '-')}: {exc}" if exc.parameter else str(exc)) from None
        table = trends(client, settings.index("events"), interval=args.interval, by=args.by, start=start, end=end,
                       top=args.top, time_zone=args.time_zone, where=where, topics=topics)
    print({"table": format_table, "csv": format_csv, "json": format_json}[args.format](table))
    if args.plot:
        plot(table, args.plot)
    return 0
