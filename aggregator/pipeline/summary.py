"""What a pipeline run left in Elasticsearch, as a short report for people."""

from __future__ import annotations

from textwrap import shorten
from typing import Any

from aggregator.config import Settings
from aggregator.index.client import connect
from aggregator.index.stats import run_counts

__all__ = ["summarize", "format_summary"]


def summarize(settings: Settings) -> dict[str, Any]:
    """Counts of sources (fetched, failed, warned), announcements, events and merged duplicates."""
    return run_counts(connect(settings), settings)


def format_summary(summary: dict[str, Any], feed: str) -> str:
    """The summary as aligned lines for a terminal, ending with where the feed is."""
    lines = [
        f"sources fetched      {summary['sources'] - len(summary['sources_failed'])} of {summary['sources']}"
        f" ({len(summary['sources_failed'])} failed, {len(summary['sources_with_warnings'])} with warnings)",
    ]
    lines += [f"  failed: {line}" for line in summary["sources_failed"]]
    lines += [f"  warning: {shorten(line, 160, placeholder=' …')}" for line in summary["sources_with_warnings"]]
    lines += [
        f"announcements        {summary['announcements']} ({summary['announcements_not_events']} not online events)",
        f"events               {summary['events']}",
        f"duplicates merged    {summary['duplicates_merged']}",
        f"documents indexed    {summary['documents_indexed']} (announcements + events + sources)",
        f"feed                 {feed}",
    ]
    return "\n".join(lines)
