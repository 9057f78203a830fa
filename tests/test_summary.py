"""The run summary a newcomer reads after `make run`: every line fits and no word is cut."""

from __future__ import annotations

from aggregator.pipeline.summary import format_summary


def test_a_long_warning_is_shortened_at_a_word_and_says_so():
    warning = ("iq-fiscal-transparency-rss: malformed feed (SAXParseException: <unknown>:16:0: no element found); "
               "kept the 2 items that parsed; skipped an item with neither title nor text")
    summary = {"sources": 8, "sources_failed": [], "sources_with_warnings": [warning], "announcements": 13,
               "announcements_not_events": 3, "events": 9, "duplicates_merged": 1, "documents_indexed": 30}
    line = next(l for l in format_summary(summary, "public/calendar.ics").splitlines() if "warning:" in l)
    assert line.endswith(" …") and len(line) <= len("  warning: ") + 160
    shown = line[len("  warning: "):-len(" …")]
    assert warning.startswith(shown) and warning[len(shown)] == " "  # cut between words, never inside one
