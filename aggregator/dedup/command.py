"""`aggregator dedup`: JSONL announcements in, their event_id out, one line each, same order."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from typing import Iterable, TextIO

from aggregator.countries import timezone_for_country
from aggregator.dedup.engine import MemoryEventStore, assign_events, group_undated
from aggregator.dedup.match import Matcher
from aggregator.dedup.features import announcement_event_id
from aggregator.errors import AggregatorError, InputError
from aggregator.extract import extract
from aggregator.jsonl import check_strings, load_object, parse_published, probe_id
from aggregator.models import Announcement, Extraction

__all__ = ["add_arguments", "run", "parse_line", "dedup_records"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input", "-i", metavar="F", default="-",
                        help="JSONL announcements {id, source{org, org_type, country, kind}, url, published, "
                             "title, text} (default: standard input)")
    parser.add_argument("--output", "-o", metavar="F", default="-",
                        help="JSONL {id, event_id} per input line, same order (default: standard output)")


def parse_line(line: str, number: int) -> Announcement:
    """One input line -> Announcement; InputError naming the line and the field otherwise."""
    if not line.strip():
        raise InputError(f"line {number}: empty line")
    record = load_object(line, number, ("id", "source", "published", "text"))
    if not isinstance(record["id"], (str, int)):
        raise InputError(f"line {number}: field 'id' must be a string")
    source = record["source"]
    if not isinstance(source, dict) or not isinstance(source.get("org"), str) or not source["org"].strip():
        raise InputError(f"line {number}: field 'source' must be an object with a non-empty 'org'")
    check_strings(record, number, ("text", "title", "url"))
    published = parse_published(record["published"], number)
    country = str(source.get("country") or "").upper()
    org = source["org"].strip()
    return Announcement(
        id=str(record["id"]),
        source_id=f"{org}:{source.get('kind') or ''}",
        org_id=org,
        org_name=org,
        org_type=str(source.get("org_type") or "other"),
        country=country,
        timezone=timezone_for_country(country) or "UTC",
        url=record.get("url") or "",
        title=record.get("title") or "",
        text=record["text"],
        published=published,
        fetched_at=published,
        content_hash=hashlib.sha1(record["text"].encode("utf-8")).hexdigest(),
    )


def dedup_records(lines: Iterable[str], matcher: Matcher | None = None) -> tuple[list[dict], list[str]]:
    """The command's core: output objects (same order as ``lines``) and error messages.

    ``matcher``: the same-event model (default: the weights shipped in the package)."""
    outputs: list[dict] = []
    errors: list[str] = []
    items: list[tuple[Announcement, Extraction]] = []
    for number, line in enumerate(lines, start=1):
        record_id = probe_id(line)
        try:
            ann = parse_line(line, number)
            ex = extract(ann.text, ann.published, country=ann.country or None, timezone=ann.timezone,
                         title=ann.title or None)
        except AggregatorError as exc:
            message = str(exc) if str(exc).startswith("line ") else f"line {number}: {exc}"
            errors.append(message)
            outputs.append({"id": record_id, "error": message})
            continue
        except Exception as exc:  # one bad line never stops the rest
            message = f"line {number}: could not be processed ({type(exc).__name__}: {exc})"
            errors.append(message)
            outputs.append({"id": record_id, "error": message})
            continue
        items.append((ann, ex))
        outputs.append({"id": ann.id, "event_id": None})
    outcome = assign_events(items, MemoryEventStore(), matcher=matcher)
    # a post that joined no event shares an id only with its organizer's copies of it
    groups = group_undated([(a, x) for a, x in items if a.id not in outcome.assignments], matcher)
    for out in outputs:
        if "error" in out:
            continue
        out["event_id"] = outcome.assignments.get(out["id"]) or groups.get(out["id"]) \
            or announcement_event_id(out["id"])
    return outputs, errors


def run(args: argparse.Namespace) -> int:
    source: TextIO = sys.stdin if args.input in (None, "-") else open(args.input, encoding="utf-8", errors="replace")
    try:
        outputs, errors = dedup_records(source)
    finally:
        if source is not sys.stdin:
            source.close()
    for message in errors:
        print(f"aggregator dedup: {message}", file=sys.stderr)
    sink: TextIO = sys.stdout if args.output in (None, "-") else open(args.output, "w", encoding="utf-8")
    try:
        for out in outputs:
            sink.write(json.dumps(out, ensure_ascii=False) + "\n")
    finally:
        if sink is not sys.stdout:
            sink.close()
        else:
            sink.flush()
    return 1 if errors else 0
