"""Index templates applied, aliases looked up and created: the primitives templates and reindex share."""

from __future__ import annotations

from elasticsearch import Elasticsearch

from aggregator.config import Settings
from aggregator.errors import ElasticsearchError
from aggregator.index.client import translate_errors
from aggregator.index.mappings import NAMES, index_template, version_of, versioned_name

__all__ = ["put_templates", "write_index", "next_version", "create_write_index", "raise_for"]


def put_templates(client: Elasticsearch, settings: Settings) -> None:
    """Create or update the three index templates (PUT is idempotent)."""
    with translate_errors(settings.elasticsearch_url, "an index template"):
        for name in NAMES:
            body = index_template(settings, name)
            client.indices.put_index_template(name=settings.index(name), **body)


def write_index(client: Elasticsearch, alias: str) -> str | None:
    """The concrete index the alias writes to, or None when no such alias exists."""
    response = client.options(ignore_status=404).indices.get_alias(name=alias)
    if getattr(response, "meta", None) is not None and response.meta.status == 404:
        return None
    indices = [i for i in dict(response) if i not in ("error", "status")]
    if not indices:
        return None
    if len(indices) == 1:
        return indices[0]
    for index, body in dict(response).items():
        if (body.get("aliases", {}).get(alias) or {}).get("is_write_index"):
            return index
    return sorted(indices, key=lambda i: version_of(i) or 0)[-1]


def next_version(client: Elasticsearch, settings: Settings, name: str) -> int:
    """One more than the highest ``-vN`` index of ``name`` (1 when there is none)."""
    pattern = f"{settings.index(name)}-v*"
    existing = client.options(ignore_status=404).indices.get(index=pattern, expand_wildcards="all")
    versions = [version_of(i) or 0 for i in dict(existing) if i not in ("error", "status")]
    return max(versions, default=0) + 1


def create_write_index(client: Elasticsearch, settings: Settings, name: str) -> str:
    """Create ``-v1`` of ``name`` as the write index of its alias; safe when another task races us."""
    alias = settings.index(name)
    current = versioned_name(settings, name, 1)
    response = client.options(ignore_status=400).indices.create(
        index=current, aliases={alias: {"is_write_index": True}}
    )
    if response.meta.status == 400 and "resource_already_exists" not in str(response):
        raise_for(response, f"creating {current}")
    if response.meta.status == 400:
        # another task created it first; make sure the alias is there too
        client.indices.update_aliases(actions=[{"add": {"index": current, "alias": alias, "is_write_index": True}}])
    return current


def raise_for(response, what: str) -> None:
    """Raise ElasticsearchError for a refused request answered with ``ignore_status``."""
    raise ElasticsearchError(f"Elasticsearch refused {what}: {dict(response).get('error')}")
