"""`aggregator indices`: apply templates and aliases, show their state, reindex with an alias swap."""

from __future__ import annotations

import argparse
import json

from aggregator.config import load_settings
from aggregator.index.mappings import NAMES, SCHEMA_VERSION, index_template

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    sub.add_parser("ensure", help="put the index templates, create the versioned indices and aliases (idempotent)")
    sub.add_parser("status", help="each alias, the index behind it, its documents and schema version")
    template = sub.add_parser("template", help="print the index template of an index as JSON")
    template.add_argument("name", choices=NAMES)
    reindex = sub.add_parser("reindex", help="copy into a new -vN+1 index from the current template, swap the alias")
    reindex.add_argument("name", choices=NAMES)
    reindex.add_argument("--delete-old", action="store_true", help="delete the previous index after the swap")
    sub.add_parser("migrate-ids", help="move announcements stored under URL-only ids onto ids owned by their "
                                       "source (also done by 'reindex announcements'; idempotent)")


def run(args: argparse.Namespace) -> int:
    # Imported here: aggregator.cli imports every command module to build its parser, and the
    # commands that do not talk to Elasticsearch (extract, dedup) must not pay for its client.
    from aggregator.index.client import connect, translate_errors
    from aggregator.index.migrate import migrate_announcement_ids
    from aggregator.index.reindex import reindex
    from aggregator.index.templates import ensure_indices, write_index

    settings = load_settings()
    action = getattr(args, "action", None) or "status"
    if action == "template":
        print(json.dumps(index_template(settings, args.name), ensure_ascii=False, indent=2))
        return 0
    client = connect(settings)
    if action == "ensure":
        for alias, index in ensure_indices(client, settings).items():
            print(f"{alias} -> {index}")
        return 0
    if action == "reindex":
        report = reindex(client, settings, args.name, delete_old=args.delete_old)
        print(f"{report.alias}: {report.old or '(none)'} -> {report.new}, {report.documents} documents, "
              f"copy rounds {report.rounds}, writes paused {report.blocked_ms} ms"
              + (", old index deleted" if report.old_deleted else ""))
        if args.name == "announcements":
            _print_migration(migrate_announcement_ids(client, settings))
        return 0
    if action == "migrate-ids":
        _print_migration(migrate_announcement_ids(client, settings))
        return 0
    with translate_errors(settings.elasticsearch_url):
        for name in NAMES:
            alias = settings.index(name)
            index = write_index(client, alias)
            if index is None:
                state = "plain index (run `aggregator indices ensure` to migrate)" if client.indices.exists(index=alias) else "missing"
                print(f"{alias}: {state}")
                continue
            count = client.count(index=alias)["count"]
            meta = client.indices.get_mapping(index=index)[index]["mappings"].get("_meta", {})
            version = meta.get("schema_version")
            note = "" if version == SCHEMA_VERSION[name] else f" (template is v{SCHEMA_VERSION[name]}: run `aggregator indices reindex {name}`)"
            print(f"{alias} -> {index}: {count} documents, schema v{version}{note}")
    return 0


def _print_migration(report) -> None:
    print(f"announcement ids: {report.announcements_moved} of {report.announcements_seen} moved onto ids owned by "
          f"their source, {report.events_rewritten} events rewritten"
          + (f", {report.refused} without a source_id left as they were (see the log)" if report.refused else ""))
