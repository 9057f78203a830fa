"""`aggregator extract`: JSONL announcements in, JSONL extractions out, one line each, same order.

A record's country and time zone are read from its top level or, as `aggregator dedup` takes them, from
its "source" object; a record with neither is still extracted (in UTC) and named on stderr, because its
local times are then only a guess.
"""

from __future__ import annotations

import argparse
import json
import sys

from aggregator.errors import AggregatorError, ExtractionError
from aggregator.extract import extract
from aggregator.jsonl import check_strings, load_object, parse_published, probe_id

__all__ = ["add_arguments", "run", "process_line"]

_PLACE_FIELDS = ("country", "timezone")

_OUT_FIELDS = ("is_event", "online", "hybrid", "start", "end", "timezone", "platform", "join_url",
               "title", "status", "past")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input", "-i", metavar="F", default="-",
                        help="JSONL file of announcements (default: standard input)")
    parser.add_argument("--output", "-o", metavar="F", default="-",
                        help="JSONL file to write extractions to (default: standard output)")


def _parse(line: str, number: int) -> dict:
    record = load_object(line, number, ("id", "text", "published"))
    check_strings(record, number, ("text",))
    record["published"] = parse_published(record["published"], number)
    source = record.get("source")
    if source is not None and not isinstance(source, dict):
        raise AggregatorError(f"line {number}: field 'source' must be an object")
    for name in _PLACE_FIELDS:
        if record.get(name) is None and source and source.get(name) is not None:
            if not isinstance(source[name], str):
                raise AggregatorError(f"line {number}: field 'source.{name}' must be a string")
            record[name] = source[name]
    check_strings(record, number, ("country", "timezone", "title", "url"))
    return record


def _place_warning(record: dict, number: int) -> str | None:
    if record.get("country") or record.get("timezone"):
        return None
    return (f"line {number}: record {record.get('id')!r} has no country and no timezone "
            f"(nor source.country / source.timezone): its times are read in UTC")


def process_line(line: str, number: int, warnings: list[str] | None = None) -> tuple[dict, str | None]:
    """(output object, error message or None) for one input line; notices go to ``warnings``."""
    record_id = probe_id(line)
    try:
        record = _parse(line, number)
        result = extract(record["text"], record["published"], country=record.get("country"),
                         timezone=record.get("timezone"), title=record.get("title"))
    except ExtractionError as exc:
        message = f"line {number}: {exc}"
        return {"id": record_id, "error": message}, message
    except AggregatorError as exc:
        return {"id": record_id, "error": str(exc)}, str(exc)
    notice = _place_warning(record, number)
    if notice and warnings is not None:
        warnings.append(notice)
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
                notices: list[str] = []
                out, error = process_line(line, number, notices)
                for notice in notices:
                    print(f"aggregator extract: warning: {notice}", file=sys.stderr)
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
