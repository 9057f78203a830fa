"""`aggregator publish`: render the unified, per-organization and per-country feeds into public/."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path

from aggregator.errors import InputError

__all__ = ["add_arguments", "run", "publish_calendars"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--public-dir", type=Path, help="where to write the feeds (default AGGREGATOR_PUBLIC_DIR or public/)")
    parser.add_argument("--past-days", type=int, help="days past events stay in the feeds (default AGGREGATOR_PAST_DAYS or 30)")
    parser.add_argument("--now", help="reference time, ISO-8601 with offset (default: the current time)")
    parser.add_argument("--lang", choices=("ar", "fr", "en"), default="ar", help="language of the feeds' own words")


def publish_calendars(settings, *, now: datetime, store=None, lang: str = "ar") -> list[Path]:
    """Read the events of the feed window from Elasticsearch and write every static feed."""
    from aggregator.ical.feeds import write_feeds
    from aggregator.ical.query import EventStore

    store = store or EventStore.from_settings(settings)
    events = store.search(now=now, past_days=settings.past_days)
    return write_feeds(events, settings.public_dir, now=now, past_days=settings.past_days, lang=lang)


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from aggregator.config import load_settings

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
