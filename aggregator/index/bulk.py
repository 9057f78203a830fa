"""Bulk upserts by deterministic id, retrying only the items that failed with a retryable status.

Documents are serialized once into NDJSON lines; a chunk goes out as one ``_bulk`` request and
only the items Elasticsearch answered 429/5xx (or "index write-blocked", which a reindex does
for a moment before swapping its alias) are sent again, with exponential backoff. A request
refused as a whole was already retried by the transport and is not retried again here (see
aggregator.index.retry). What still fails is reported in a BulkWriteError, never dropped. When
the cluster stops answering, the error is ElasticsearchUnavailable: the task fails, Airflow
retries it, and since ids are deterministic the retry rewrites the same documents (no
duplicates, nothing lost).
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Mapping

import orjson
from elasticsearch import Elasticsearch

from aggregator.errors import BulkWriteError
from aggregator.index.client import ES_ERRORS, client_url, map_error
from aggregator.index.retry import BULK_BACKOFF, BULK_ITEM_RETRIES, BULK_RETRYABLE

__all__ = ["BulkResult", "bulk_upsert", "RETRYABLE"]

log = logging.getLogger(__name__)

RETRYABLE = BULK_RETRYABLE
_LOCK = threading.Lock()  # BulkResult is updated from the sending threads
_FILTER = "errors,items.*._id,items.*.status,items.*.error"


@dataclass
class BulkResult:
    """What a bulk_upsert did: documents written, item retries made, items that still failed."""

    written: int = 0
    failed: list[dict] = field(default_factory=list)
    retried: int = 0
    requests: int = 0
    conflicts: list[str] = field(default_factory=list)  # ids changed by someone else since they were read


def _dumps(obj) -> bytes:
    # orjson writes compact UTF-8 like json.dumps(ensure_ascii=False, separators=(",", ":")), several
    # times faster; it serializes datetimes itself (RFC 3339, as isoformat()) and str()s anything else
    return orjson.dumps(obj, default=str)


def _lines(index: str, docs: Iterable[tuple[str, dict]], partial: bool,
           versions: Mapping[str, tuple[int, int]]) -> Iterator[tuple[str, bytes]]:
    """(id, NDJSON bytes of the action and its body) for each document."""
    op = "update" if partial else "index"
    for doc_id, doc in docs:
        action = {"_index": index, "_id": doc_id}
        version = versions.get(doc_id)
        if version is not None:
            action["if_seq_no"], action["if_primary_term"] = version
        head = _dumps({op: action})
        body = _dumps({"doc": doc, "doc_as_upsert": True} if partial else doc)
        yield doc_id, head + b"\n" + body + b"\n"


def _chunks(lines: Iterator[tuple[str, bytes]], chunk_size: int, max_bytes: int) -> Iterator[list[tuple[str, bytes]]]:
    chunk: list[tuple[str, bytes]] = []
    size = 0
    for item in lines:
        chunk.append(item)
        size += len(item[1])
        if len(chunk) >= chunk_size or size >= max_bytes:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _retryable(status: int, error: dict | None) -> bool:
    if status in RETRYABLE:
        return True
    # index.blocks.write set by a reindex for its final catch-up: the alias moves a moment later
    return status == 403 and bool(error) and error.get("type") == "cluster_block_exception"


def bulk_upsert(
    client: Elasticsearch,
    index: str,
    docs: Iterable[tuple[str, dict]],
    *,
    partial: bool = False,
    refresh: bool | str = False,
    retries: int = BULK_ITEM_RETRIES,
    chunk_size: int = 1000,
    max_bytes: int = 8 * 1024 * 1024,
    backoff: float = BULK_BACKOFF,
    concurrency: int = 2,
    versions: Mapping[str, tuple[int, int]] | None = None,
) -> BulkResult:
    """Index (or, with ``partial``, merge into) each (id, doc) of ``index`` (an alias is fine).

    ``versions``: (seq_no, primary_term) of documents as they were read. Such a document is written
    only if nobody changed it since; when somebody did (a 409), its id goes into
    ``BulkResult.conflicts``, which is no failure: the newer content stays.

    Raises BulkWriteError listing what is left failing after ``retries`` item retries, and
    ElasticsearchUnavailable when the cluster does not answer; both say how many were written.
    """
    result = BulkResult()
    # Up to ``concurrency`` requests in flight: Elasticsearch indexes one chunk while Python
    # serializes the next. A chunk sharing an id with one in flight waits for it (last write wins).
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        pending: dict = {}
        for chunk in _chunks(_lines(index, docs, partial, versions or {}), chunk_size, max_bytes):
            ids = {doc_id for doc_id, _ in chunk}
            while pending and (len(pending) >= concurrency or any(ids & other for other in pending.values())):
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    del pending[future]
                    future.result()
            pending[pool.submit(_send, client, index, chunk, result, retries, backoff, versions or {})] = ids
        for future in list(pending):
            future.result()
    if refresh:
        try:
            client.indices.refresh(index=index)
        except ES_ERRORS as exc:
            raise _with_progress(map_error(exc, client_url(client), f"a refresh of {index}"), result) from None
    if result.failed:
        raise BulkWriteError(
            f"{len(result.failed)} documents could not be written to {index} "
            f"(first: {result.failed[0]}); the rest ({result.written}) were written. Re-run the task to retry them.",
            result.failed,
        )
    return result


def _send(client, index: str, chunk: list[tuple[str, bytes]], result: BulkResult, retries: int, backoff: float,
          versions: Mapping[str, tuple[int, int]]) -> None:
    """One chunk, retried item by item; counts go into ``result`` (under _LOCK)."""
    attempt = 0
    while chunk:
        try:
            response = client.bulk(operations=b"".join(line for _, line in chunk), filter_path=_FILTER)
        except ES_ERRORS as exc:  # refused as a whole: the transport has already retried it
            raise _with_progress(map_error(exc, client_url(client), f"a bulk write to {index}"), result) from None
        with _LOCK:
            result.requests += 1
        if not response.get("errors"):
            with _LOCK:
                result.written += len(chunk)
            return
        retry: list[tuple[str, bytes]] = []
        for item, line in zip(response["items"], chunk):
            info = next(iter(item.values()))
            status = info.get("status", 0)
            if 200 <= status < 300:
                with _LOCK:
                    result.written += 1
            elif status == 409 and line[0] in versions:
                with _LOCK:
                    result.conflicts.append(line[0])
            elif _retryable(status, info.get("error")) and attempt < retries:
                retry.append(line)
            else:
                with _LOCK:
                    result.failed.append({"id": line[0], "status": status, "error": info.get("error")})
        if retry:
            attempt += 1
            with _LOCK:
                result.retried += len(retry)
            log.warning("bulk write to %s: %d of %d items refused (e.g. status %s), retry %d of %d",
                        index, len(retry), len(chunk), _first_status(response), attempt, retries)
            time.sleep(backoff * 2 ** attempt)
        chunk = retry


def _first_status(response) -> int | None:
    for item in response["items"]:
        info = next(iter(item.values()))
        if info.get("status", 0) >= 300:
            return info.get("status")
    return None


def _with_progress(exc: Exception, result: BulkResult) -> Exception:
    exc.args = (f"{exc.args[0]} ({result.written} documents had been written before.)",)
    return exc
