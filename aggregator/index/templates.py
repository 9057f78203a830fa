"""Make the indices exist: templates applied, one alias per index, an older plain index migrated.

The mappings themselves are in aggregator.index.mappings (re-exported here, where callers have
always found them); reindexing onto a new version is aggregator.index.reindex.
"""

from __future__ import annotations

import logging

from elasticsearch import Elasticsearch

from aggregator.config import Settings
from aggregator.index.aliases import create_write_index, put_templates, write_index
from aggregator.index.client import translate_errors
from aggregator.index.mappings import (
    DYNAMIC_SETTINGS, MAPPINGS, NAMES, PROCESSING_PROPERTIES, SCHEMA_VERSION, index_template, version_of,
    versioned_name,
)
from aggregator.index.reindex import migrate_concrete_index

__all__ = [
    "NAMES",
    "MAPPINGS",
    "SCHEMA_VERSION",
    "index_template",
    "put_templates",
    "ensure_indices",
    "versioned_name",
    "version_of",
    "write_index",
]

log = logging.getLogger(__name__)


def ensure_indices(client: Elasticsearch, settings: Settings) -> dict[str, str]:
    """Apply the templates and make sure each alias exists; idempotent, safe to race.

    Returns alias -> concrete write index. A concrete index left by an older build under the
    alias name is migrated in place (reindexed into ``-v1`` and swapped atomically).
    """
    put_templates(client, settings)
    result = {}
    created = set()
    with translate_errors(settings.elasticsearch_url, "setting up the indices"):
        for name in NAMES:
            alias = settings.index(name)
            current = write_index(client, alias)
            if current is None and client.indices.exists(index=alias):
                log.warning("%s is a plain index from an older build: migrating it behind an alias", alias)
                current = migrate_concrete_index(client, settings, name)
            if current is None:
                current = create_write_index(client, settings, name)
                created.add(name)
            # Additive mapping changes (a new field) apply in place; a changed field type is refused
            # by ES and needs `aggregator indices reindex NAME` (new version + alias swap).
            response = client.options(ignore_status=400).indices.put_mapping(
                index=current, properties=MAPPINGS[name]["properties"]
            )
            if response.meta.status == 400:
                log.warning("%s: the mapping in the repository changes an existing field (%s); "
                            "run `aggregator indices reindex %s` to apply it", current,
                            dict(response).get("error", {}).get("reason"), name)
            if DYNAMIC_SETTINGS[name]:
                client.indices.put_settings(index=current, settings={"index": DYNAMIC_SETTINGS[name]})
            result[alias] = current
        if "processing" in created and "announcements" not in created:
            _processing_from_announcements(client, settings)
    return result


def _processing_from_announcements(client: Elasticsearch, settings: Settings) -> None:
    """The processing index is new beside announcements landed by an older build, which kept
    ``pending``, ``extraction``, ``event_id`` and ``error`` in the announcement: copy them over,
    in Elasticsearch (``_reindex``), so that nothing is processed again and the counts stay right.

    op_type create: a processing document written meanwhile (by a collect or process that already
    runs this build) is newer and stays; a second call copies nothing twice."""
    source, dest = settings.index("announcements"), settings.index("processing")
    response = client.reindex(
        source={"index": source, "_source": list(PROCESSING_PROPERTIES)},
        dest={"index": dest, "op_type": "create"}, conflicts="proceed", refresh=True,
        wait_for_completion=True,
    )
    log.info("processing index %s made from %s: %d documents copied, %d already there",
             dest, source, response.get("created", 0), response.get("version_conflicts", 0))
