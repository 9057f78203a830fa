"""Bulk upserts by deterministic id, retrying only the items that failed with a retryable status."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Iterable

from elasticsearch import Elasticsearch, helpers

from aggregator.errors import BulkWriteError

__all__ = ["BulkResult", "bulk_upsert"]

RETRYABLE = {429, 500, 502, 503, 504}


@dataclass
class BulkResult:
    written: int = 0
    failed: list[dict] = field(default_factory=list)


def bulk_upsert(
    client: Elasticsearch,
    index: str,
    docs: Iterable[tuple[str, dict]],
    *,
    partial: bool = False,
    refresh: bool | str = False,
    retries: int = 3,
    chunk_size: int = 500,
) -> BulkResult:
    """Index (or, with ``partial``, merge into) each (id, doc); raise BulkWriteError on what is left failing."""
    actions = []
    for doc_id, doc in docs:
        if partial:
            actions.append({"_op_type": "update", "_index": index, "_id": doc_id, "doc": doc, "doc_as_upsert": True})
        else:
            actions.append({"_op_type": "index", "_index": index, "_id": doc_id, "_source": doc})
    result = BulkResult()
    attempt = 0
    while actions:
        by_id = {a["_id"]: a for a in actions}
        retry = []
        for ok, item in helpers.streaming_bulk(
            client, actions, chunk_size=chunk_size, raise_on_error=False, raise_on_exception=False,
            max_retries=2, initial_backoff=0.5,
        ):
            if ok:
                result.written += 1
                continue
            info = next(iter(item.values()))
            status = info.get("status", 0)
            action = by_id[info.get("_id")]
            if status in RETRYABLE and attempt < retries:
                retry.append(action)
            else:
                result.failed.append({"id": info.get("_id"), "status": status, "error": info.get("error")})
        actions = retry
        attempt += 1
        if actions:
            time.sleep(0.5 * 2 ** attempt)
    if refresh:
        client.indices.refresh(index=index)
    if result.failed:
        raise BulkWriteError(
            f"{len(result.failed)} documents could not be written to {index} "
            f"(first: {result.failed[0]}); the rest ({result.written}) were written. Re-run the task to retry them.",
            result.failed,
        )
    return result
