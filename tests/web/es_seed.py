"""Seed the events index of a test's settings, with the dynamic mapping or the project's own."""

from __future__ import annotations

from elasticsearch import helpers


def seed(es_client, settings, events, *, mapping: str = "dynamic") -> str:
    index = settings.index("events")
    if mapping == "project":
        from aggregator.index.templates import ensure_indices

        ensure_indices(es_client, settings)  # the alias onto events-v1, as the pipeline makes it
    else:
        es_client.options(ignore_status=400).indices.create(index=index)
    helpers.bulk(
        es_client,
        ({"_index": index, "_id": e.event_id, "_source": e.to_dict()} for e in events),
        refresh=True,
    )
    return index
