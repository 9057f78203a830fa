"""`aggregator publish`: render the unified, per-organization and per-country feeds into public/."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from aggregator.config import load_settings
from aggregator.errors import InputError

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--public-dir", type=Path, help="where to write the feeds (default AGGREGATOR_PUBLIC_DIR or public/)")
    parser.add_argument("--past-days", type=int, help="days past events stay in the feeds (default AGGREGATOR_PAST_DAYS or 30)")
    parser.add_argument("--now", help="reference time, ISO-8601 with offset (default: the current time)")
    parser.add_argument("--lang", choices=("ar", "fr", "en"), default="ar", help="language of the feeds' own words")


def run(args: argparse.Namespace) -> int:
    # Imported here, not above: aggregator.cli imports every command module to build its parser,
    # and `aggregator extract` must not pay for the Elasticsearch client.
    from aggregator.pipeline.publish import publish_calendars

    settings = load_settings()
    if args.public_dir:
        settings = replace(settings, public_dir=args.public_dir)
    if args.past_days is not None:
        settings = replace(settings, past_days=args.past_days)
    now = datetime.now(timezone.utc)
    if args.now:
        try:
            now = datetime.fromisoformat(args.now)
        except ValueError:
            raise InputError(f"--now {args.now!r} is not ISO-8601 (e.g. 2026-11-21T10:00:00+00:00)") from None
        if now.tzinfo is None:
            raise InputError("--now needs a UTC offset, e.g. 2026-11-21T10:00:00+00:00")
    paths = publish_calendars(settings, now=now, lang=args.lang)
    base = settings.public_url.rstrip("/")
    for path in paths:
        shown = path.relative_to(settings.public_dir).as_posix()
        print(f"{base}/{shown}" if base else str(path))
    print(f"{len(paths)} feeds in {settings.public_dir}", file=sys.stderr)
    return 0
