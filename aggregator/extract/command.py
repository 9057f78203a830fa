"""`aggregator extract`: JSONL announcements in, JSONL extractions out, one line each, same order."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime

from aggregator.errors import AggregatorError, ExtractionError, InputError
from aggregator.extract import extract

__all__ = ["add_arguments", "run", "process_line"]

_OUT_FIELDS = ("is_event", "online", "hybrid", "start", "end", "timezone", "platform", "join_url",
               "title", "status", "past")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input", "-i", metavar="F", default="-",
                        help="JSONL file of announcements (default: standard input)")
    parser.add_argument("--output", "-o", metavar="F", default="-",
                        help="JSONL file to write extractions to (default: standard output)")


def _parse(line: str, number: int) -> dict:
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InputError(f"line {number}: not valid JSON ({exc})") from None
    if not isinstance(record, dict):
        raise InputError(f"line {number}: expected a JSON object, got {type(record).__name__}")
    for name in ("id", "text", "published"):
        if record.get(name) is None:
            raise InputError(f"line {number}: missing field '{name}'")
    if not isinstance(record["text"], str):
        raise InputError(f"line {number}: field 'text' must be a string")
    if not isinstance(record["published"], str):
        raise InputError(f"line {number}: field 'published' must be an ISO-8601 string")
    try:
        published = datetime.fromisoformat(record["published"].replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"line {number}: field 'published' is not ISO-8601: {record['published']!r}") from None
    if published.tzinfo is None:
        raise InputError(f"line {number}: field 'published' has no UTC offset: {record['published']!r}")
    record["published"] = published
    for name in ("country", "timezone", "title", "url"):
        if record.get(name) is not None and not isinstance(record[name], str):
            raise InputError(f"line {number}: field '{name}' must be a string")
    return record


def process_line(line: str, number: int) -> tuple[dict, str | None]:
    """(output object, error message or None) for one input line."""
    record_id = None
    try:
        probe = json.loads(line)
        if isinstance(probe, dict):
            record_id = probe.get("id")
    except (ValueError, RecursionError):
        pass
    try:
        record = _parse(line, number)
        result = extract(record["text"], record["published"], country=record.get("country"),
                         timezone=record.get("timezone"), title=record.get("title"), url=record.get("url"))
    except ExtractionError as exc:
        message = f"line {number}: {exc}"
        return {"id": record_id, "error": message}, message
    except AggregatorError as exc:
        return {"id": record_id, "error": str(exc)}, str(exc)
    data = result.to_dict()
    out = {"id": record["id"]}
    out.update({k: data[k] for k in _OUT_FIELDS})
    return out, None


def run(args: argparse.Namespace) -> int:
    source = sys.stdin if args.input in (None, "-") else open(args.input, encoding="utf-8", errors="replace")
    sink = sys.stdout if args.output in (None, "-") else open(args.output, "w", encoding="utf-8")
    failed = 0
    try:
        for number, line in enumerate(source, start=1):
            if not line.strip():
                out, error = {"id": None, "error": f"line {number}: empty line"}, f"line {number}: empty line"
            else:
                out, error = process_line(line, number)
            if error:
                failed += 1
                print(f"aggregator extract: {error}", file=sys.stderr)
            sink.write(json.dumps(out, ensure_ascii=False) + "\n")
    finally:
        if source is not sys.stdin:
            source.close()
        if sink is not sys.stdout:
            sink.close()
        else:
            sink.flush()
    return 1 if failed else 0
