"""Helpers shared by the Elasticsearch-backed tests."""

from __future__ import annotations

__all__ = ["drop_prefix", "processed", "count_pending"]


def drop_prefix(client, prefix: str) -> None:
    """Delete every index and index template under ``prefix``.

    Elasticsearch 8 refuses deletes by wildcard (action.destructive_requires_name), so the
    names are resolved first.
    """
    found = client.options(ignore_status=404).indices.get(index=f"{prefix}*", expand_wildcards="all")
    names = [name for name in dict(found) if name.startswith(prefix)]
    if names:
        client.options(ignore_status=404).indices.delete(index=",".join(names))
    templates = client.options(ignore_status=404).indices.get_index_template(name=f"{prefix}*")
    for template in dict(templates).get("index_templates", []):
        client.options(ignore_status=404).indices.delete_index_template(name=template["name"])


def processed(client, settings) -> dict[str, dict]:
    """Announcement id -> its processing document (pending, extraction, event_id, error), after a refresh."""
    index = settings.index("processing")
    client.indices.refresh(index=index)
    hits = client.search(index=index, size=10_000, query={"match_all": {}})["hits"]["hits"]
    return {h["_id"]: h["_source"] for h in hits}


def count_pending(client, settings) -> int:
    """How many announcements are pending, after a refresh."""
    index = settings.index("processing")
    client.indices.refresh(index=index)
    return client.count(index=index, query={"term": {"pending": True}})["count"]
