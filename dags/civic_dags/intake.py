"""The Redis watcher of the source_fetch_requests Asset, and the sources a triggering event asks for.

`aggregator serve` publishes verified WebSub and webhook notifications on a Redis channel
(aggregator/web/intake.py); with ``AGGREGATOR_REDIS_URL`` set (make cluster, make up), the Asset gets an
``AssetWatcher`` whose ``MessageQueueTrigger(scheme="redis+pubsub")`` runs in the triggerer, so a
message starts collect_announcements for just that source. The trigger reads Redis through the
Airflow Connection ``redis_default``. Without the variable, or without the common-messaging and redis
providers (requirements-cluster.txt), there is no watcher and the REST "fetch now" still works.
Parse-time cost: one environment read and two imports, no network.
"""

from __future__ import annotations

import json
import os

__all__ = ["FETCH_CHANNEL", "fetch_request_watchers", "requested_sources"]

# The same channel as aggregator.web.intake.FETCH_CHANNEL (a test checks); not imported from there,
# so that parsing the DAGs does not import the aggregator package.
FETCH_CHANNEL = "civic-events.fetch-requests"
POLL_SECONDS = 0.5  # the trigger's pause when no message is waiting


def fetch_request_watchers() -> list:
    """``[AssetWatcher(...)]`` on the fetch-request channel when Redis intake is configured, else ``[]``."""
    if not os.environ.get("AGGREGATOR_REDIS_URL"):
        return []
    try:
        from airflow.providers.common.messaging.triggers.msg_queue import MessageQueueTrigger
        from airflow.sdk import AssetWatcher
    except ImportError:
        return []
    trigger = MessageQueueTrigger(scheme="redis+pubsub", channels=[FETCH_CHANNEL], poll_interval=POLL_SECONDS)
    return [AssetWatcher(name="fetch_requests_redis", trigger=trigger)]


def requested_sources(events) -> list[str]:
    """Source ids named by the triggering Asset events: REST extra, or a Redis message's JSON payload."""
    wanted: list[str] = []
    for event in events or []:
        extra = dict(getattr(event, "extra", None) or {})
        payload = extra.get("payload")
        if isinstance(payload, dict) and "data" in payload:  # from the Redis watcher
            try:
                extra = json.loads(payload["data"])
            except (TypeError, ValueError):
                continue
            if not isinstance(extra, dict):
                continue
        if extra.get("source"):
            wanted.append(str(extra["source"]))
        else:
            wanted.extend(str(s) for s in extra.get("sources") or [])
    return wanted
