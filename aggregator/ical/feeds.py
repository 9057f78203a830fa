"""Static feeds in public/: the unified calendar, one per organization, one per country."""

from __future__ import annotations

import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from aggregator.countries import timezone_for_country
from aggregator.ical.labels import calendar_name, labels
from aggregator.ical.render import render_calendar
from aggregator.models import Event

__all__ = ["write_feeds", "write_atomic", "feed_groups", "SAFE_NAME"]

# Organization ids and country codes become file names: anything else is not published.
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,127}$")


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A reader (nginx, a calendar client) sees the old file or the new one, never half of
    one. Unchanged content is not rewritten, so the file's mtime (and the Last-Modified
    a static server derives from it) only moves when the feed really changed.
    Returns True when the file was (re)written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return True


def feed_groups(events: Sequence[Event]) -> tuple[dict[str, list[Event]], dict[str, list[Event]], dict[str, str]]:
    """Events grouped by organization id and by country, plus each organization's name."""
    by_org: dict[str, list[Event]] = defaultdict(list)
    by_country: dict[str, list[Event]] = defaultdict(list)
    org_names: dict[str, str] = {}
    for event in events:
        org_ids = []
        countries = {c.upper() for c in event.countries if c}
        for org in event.organizers:
            if org.id and org.id not in org_ids:
                org_ids.append(org.id)
                org_names.setdefault(org.id, org.name or org.id)
            if org.country:
                countries.add(org.country.upper())
        for org_id in org_ids:
            by_org[org_id].append(event)
        for country in countries:
            by_country[country].append(event)
    return dict(by_org), dict(by_country), org_names


def write_feeds(
    events: Sequence[Event],
    public_dir: Path,
    *,
    now: datetime,
    past_days: int = 30,
    lang: str = "ar",
) -> list[Path]:
    """Write public/calendar.ics, public/org/<org_id>.ics and public/country/<CC>.ics.

    Every organization and country of ``events`` gets a feed, even when its window is
    empty at ``now``, so a subscribed URL never turns into a 404. Returns every feed path
    (written or already up to date), unified feed first, then sorted.
    """
    public_dir = Path(public_dir)
    words = labels(lang)
    title = words["calendar"]
    description = words["calendar_description"]
    by_org, by_country, org_names = feed_groups(events)
    jobs: list[tuple[Path, list[Event], str, str | None]] = [
        (public_dir / "calendar.ics", list(events), title, None)
    ]
    for org_id in sorted(by_org):
        if SAFE_NAME.match(org_id):
            jobs.append((public_dir / "org" / f"{org_id}.ics", by_org[org_id], f"{org_names[org_id]} — {title}", None))
    for country in sorted(by_country):
        if SAFE_NAME.match(country):
            jobs.append(
                (public_dir / "country" / f"{country}.ics", by_country[country], calendar_name(lang, countries=(country,)),
                 timezone_for_country(country))
            )
    paths = []
    for path, group, name, zone_name in jobs:
        data = render_calendar(
            group, name=name, description=description, now=now, past_days=past_days,
            lang=lang, timezone_name=zone_name,
        )
        write_atomic(path, data)
        paths.append(path)
    return paths
