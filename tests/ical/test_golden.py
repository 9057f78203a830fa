"""Golden feeds: rendered bytes must equal tests/fixtures/ical/<case>.ics exactly.

Regenerate after an intended change with:
    UPDATE_GOLDEN=1 .venv/bin/pytest tests/ical/test_golden.py
and review the diff of tests/fixtures/ical/ before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aggregator.ical import render_calendar
from tests.ical.cases import CASES, NOW

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ical"


def render_case(name: str) -> bytes:
    return render_calendar(
        CASES[name], name=f"Golden: {name}", description="Test feed, fixed events.", now=NOW, past_days=30
    )


@pytest.mark.parametrize("name", sorted(CASES), ids=sorted(CASES))
def test_feed_matches_golden_file(name):
    path = FIXTURES / f"{name}.ics"
    data = render_case(name)
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(data)
    assert path.exists(), f"missing golden file {path}; run with UPDATE_GOLDEN=1"
    assert data == path.read_bytes()


@pytest.mark.parametrize("name", sorted(CASES), ids=sorted(CASES))
def test_render_is_byte_stable(name):
    """Same input, same bytes: reversed input order and a later `now` in the window change nothing."""
    first = render_case(name)
    again = render_calendar(
        list(reversed(CASES[name])), name=f"Golden: {name}", description="Test feed, fixed events.", now=NOW, past_days=30
    )
    assert first == again
