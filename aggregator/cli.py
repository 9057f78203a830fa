"""The `aggregator` command: one subcommand per user task, each in the package that does the work."""

from __future__ import annotations

import argparse
import importlib
import sys

from aggregator.errors import AggregatorError

__all__ = ["main", "COMMANDS"]

# subcommand -> (module that implements it, one-line help). Each module defines
# ``add_arguments(parser)`` and ``run(args) -> int``; it is imported only when used,
# so `aggregator extract` never pays for Elasticsearch or Airflow imports.
COMMANDS = {
    "extract": ("aggregator.extract.command", "JSONL announcements in, JSONL extractions out"),
    "dedup": ("aggregator.dedup.command", "JSONL announcements in, their event_id out"),
    "sources": ("aggregator.sources.command", "validate the source registry, optionally fetch each source"),
    "indices": ("aggregator.index.command", "create, inspect and reindex the Elasticsearch indices"),
    "overlaps": ("aggregator.index.overlaps_command", "events that collide with a time window"),
    "trends": ("aggregator.index.trends_command", "event counts over time, by organization type, country..."),
    "publish": ("aggregator.ical.command", "render the iCal feeds into public/"),
    "serve": ("aggregator.web.command", "serve the feeds, the API and the public page over HTTP"),
}


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, str]]:
    parser = argparse.ArgumentParser(
        prog="aggregator",
        description="Aggregator of online civic events announced by parties, unions and NGOs.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    available = {}
    for name, (module_name, help_text) in COMMANDS.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue  # not built yet in this checkout
            raise
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(sub_parser)
        available[name] = module_name
    return parser, available


def main(argv: list[str] | None = None) -> int:
    parser, available = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    module = importlib.import_module(available[args.command])
    try:
        return int(module.run(args) or 0)
    except AggregatorError as exc:
        print(f"aggregator {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
