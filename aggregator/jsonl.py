"""Reading JSONL input lines for the commands: errors name the line and the field, never crash the run."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from aggregator.errors import InputError

__all__ = ["probe_id", "load_object", "check_strings", "parse_published"]


def probe_id(line: str) -> Any:
    """The line's "id" if it can be read at all, so an error line can still be matched to its input."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return None
    return record.get("id") if isinstance(record, dict) else None


def load_object(line: str, number: int, required: tuple[str, ...]) -> dict:
    """The JSON object on ``line``, with every ``required`` field present and not null."""
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InputError(f"line {number}: not valid JSON ({exc})") from None
    if not isinstance(record, dict):
        raise InputError(f"line {number}: expected a JSON object, got {type(record).__name__}")
    for name in required:
        if record.get(name) is None:
            raise InputError(f"line {number}: missing field '{name}'")
    return record


def check_strings(record: dict, number: int, names: tuple[str, ...]) -> None:
    """Each of ``names`` that is present (not null) must be a string."""
    for name in names:
        if record.get(name) is not None and not isinstance(record[name], str):
            raise InputError(f"line {number}: field '{name}' must be a string")


def parse_published(value: Any, number: int) -> datetime:
    """An ISO-8601 timestamp with a UTC offset ('Z' accepted)."""
    if not isinstance(value, str):
        raise InputError(f"line {number}: field 'published' must be an ISO-8601 string")
    try:
        published = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"line {number}: field 'published' is not ISO-8601: {value!r}") from None
    if published.tzinfo is None:
        raise InputError(f"line {number}: field 'published' has no UTC offset: {value!r}")
    return published
