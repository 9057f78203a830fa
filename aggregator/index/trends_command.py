"""`aggregator trends`: events per day/week/month by kind of organization, country, platform or organizer."""

from __future__ import annotations

import argparse

from aggregator.config import load_settings
from aggregator.errors import InputError
from aggregator.index.params import BY_FIELDS, INTERVALS, parse_date_bound

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--interval", choices=INTERVALS, default="week")
    parser.add_argument("--by", choices=tuple(BY_FIELDS), default="org_type")
    parser.add_argument("--from", dest="from_", help="first day (2026-01-01) or date-time with offset")
    parser.add_argument("--to", help="end, exclusive (2026-04-01) or date-time with offset")
    parser.add_argument("--top", type=int, default=10, help="how many keys (columns) to show (default 10)")
    parser.add_argument("--time-zone", default="UTC", help="where days and weeks begin (IANA name, default UTC)")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.add_argument("--plot", metavar="FILE.png", help="also draw the trend as a PNG chart")


def run(args: argparse.Namespace) -> int:
    # Imported here: aggregator.cli imports every command module to build its parser, and the
    # commands that do not talk to Elasticsearch (extract, dedup) must not pay for its client.
    from aggregator.index.client import connect, translate_errors
    from aggregator.index.trends import format_csv, format_json, format_table, plot, trends

    try:
        start, end = parse_date_bound(args.from_), parse_date_bound(args.to)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    settings = load_settings()
    client = connect(settings)
    with translate_errors(settings.elasticsearch_url):
        table = trends(client, settings.index("events"), interval=args.interval, by=args.by, start=start, end=end,
                       top=args.top, time_zone=args.time_zone)
    print({"table": format_table, "csv": format_csv, "json": format_json}[args.format](table))
    if args.plot:
        plot(table, args.plot)
    return 0
