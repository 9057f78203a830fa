"""The one retry policy for Elasticsearch: which layer retries which failure, and how many times.

Each kind of failure is retried by exactly one layer, so the layers never multiply:

* a request that gets no answer (connection refused or reset, timeout) or a whole-request
  429/502/503/504: the client's transport, ``REQUEST_RETRIES`` times, at once (a dropped
  keep-alive connection or a node restarting);
* items of a ``_bulk`` answered 429/5xx (or refused by the short write block of a reindex)
  inside an otherwise successful response, which the transport cannot see:
  ``aggregator.index.bulk``, ``BULK_ITEM_RETRIES`` times with ``BULK_BACKOFF`` * 2**n seconds;
  a bulk request refused as a whole is not retried again there (the transport did);
* Elasticsearch still down after that: the Airflow task fails with ElasticsearchUnavailable and
  Airflow runs it again, ``TASK_RETRIES`` times, 20 s apart and doubling. Those two numbers are in
  ``dags/civic_dags/common.py`` (DAG files must not import this package when parsed); each task's
  time limit is there too. Writes are upserts by deterministic id, so a retried task rewrites the
  same documents.

The HTTP app and the commands answer or fail at once (no task retry above them).
"""

from __future__ import annotations

__all__ = [
    "REQUEST_RETRIES",
    "RETRY_ON_STATUS",
    "BULK_ITEM_RETRIES",
    "BULK_BACKOFF",
    "BULK_RETRYABLE",
]

REQUEST_RETRIES = 3
RETRY_ON_STATUS = (429, 502, 503, 504)

BULK_ITEM_RETRIES = 5
BULK_BACKOFF = 0.25
BULK_RETRYABLE = frozenset({429, 500, 502, 503, 504})
