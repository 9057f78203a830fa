"""`aggregator sources check [--fetch]`: validate the source registry, optionally try each source once."""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

from tabulate import tabulate

from aggregator.config import load_settings
from aggregator.sources.registry import load_registry

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    check = sub.add_parser("check", help="validate sources.yaml; with --fetch, fetch and parse each source once")
    check.add_argument("--registry", help="path of the registry (default: AGGREGATOR_SOURCES or sources.yaml)")
    check.add_argument("--fetch", action="store_true", help="fetch each enabled source once and print a table")
    check.add_argument("--source", action="append", default=[], help="only this source id (repeatable)")
    check.add_argument("--concurrency", type=int, default=8)


def run(args: argparse.Namespace) -> int:
    if getattr(args, "action", None) != "check":
        print("usage: aggregator sources check [--fetch] [--registry PATH] [--source ID]", file=sys.stderr)
        return 2
    settings = load_settings()
    path = args.registry or settings.sources_path
    sources = load_registry(path)  # raises SourceRegistryError, printed by the CLI with entry and field
    orgs = {s.org_id for s in sources}
    print(f"{path}: {len(orgs)} organizations, {len(sources)} sources "
          f"({sum(s.enabled for s in sources)} enabled) — valid")
    if not args.fetch:
        return 0
    chosen = [s for s in sources if s.enabled and (not args.source or s.id in args.source)]
    now = datetime.now(timezone.utc)  # a command run by a person: the wall clock is the reference here
    with ThreadPoolExecutor(max_workers=max(args.concurrency, 1)) as pool:
        rows = list(pool.map(lambda s: try_source(s, settings, now), chosen))
    print_table(rows)
    return 0 if all(r["status"] != "failed" for r in rows) else 1


def try_source(source, settings, now) -> dict:
    """Fetch and parse one source without touching Elasticsearch."""
    # Imported here: aggregator.cli imports every command module to build its parser, and only
    # `sources check --fetch` needs the HTTP client and the parsers.
    from aggregator.sources.fetch import fetch, make_client
    from aggregator.sources.html import listing_links
    from aggregator.sources.items import ParseReport
    from aggregator.sources.parsers import parse

    row = {"source": source.id, "kind": source.kind, "status": "failed", "http": "", "items": 0, "bytes": 0,
           "ms": 0, "note": ""}
    try:
        with make_client(user_agent=settings.user_agent, timeout=settings.fetch_timeout) as http:
            result = fetch(http, source.url, max_bytes=settings.max_bytes, retries=0,
                           allow_private_network=source.allow_private_network or settings.allow_private_network)
            row.update(http=result.status, bytes=len(result.body or b""), ms=int(result.duration * 1000))
            report = ParseReport()
            if source.kind == "html":
                items = listing_links(result.body, source, result.content_type, result.url)
                row["note"] = f"{len(items)} post links" + ("" if items else " (check link_selector)")
            else:
                items = list(parse(source.kind, result.body, source, now, report, result.content_type, result.url))
            row["items"] = len(items)
            row["status"] = "partial" if report.warnings else "ok"
            if report.warnings:
                row["note"] = report.warnings[0]
    except Exception as exc:  # report every source, whatever went wrong
        row["note"] = str(exc)
    return row


COLUMNS = ("source", "kind", "status", "http", "items", "bytes", "ms", "note")


def print_table(rows: list[dict]) -> None:
    """One line per source (notes cut at 100 characters), then how many answered."""
    table = [[str(r[c])[:100] if c == "note" else r[c] for c in COLUMNS] for r in rows]
    print(tabulate(table, headers=COLUMNS, tablefmt="plain", disable_numparse=True))
    failed = sum(r["status"] == "failed" for r in rows)
    print(f"{len(rows) - failed} of {len(rows)} sources answered")
