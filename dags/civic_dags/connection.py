"""The settings a task runs with: Elasticsearch from the Airflow Connection ``elasticsearch_default`` when it exists.

In production (docker/, `make cluster`) the cluster's address, user, password and CA travel in that
Connection (``AIRFLOW_CONN_ELASTICSEARCH_DEFAULT``, the Elasticsearch provider's conventions), not in
``ELASTICSEARCH_URL``; `make run` and the tests define no such Connection and keep ``ELASTICSEARCH_URL``.
Call it inside a task, never at parse time (it may ask the Execution API).
"""

from __future__ import annotations

import json
import logging

__all__ = ["CONNECTION_ID", "task_settings"]

CONNECTION_ID = "elasticsearch_default"

log = logging.getLogger(__name__)


def task_settings():
    """``aggregator.config.load_settings()``, its Elasticsearch URL taken from the Connection if there is one."""
    import dataclasses

    from airflow.sdk import BaseHook
    from airflow.sdk.exceptions import AirflowNotFoundException

    from aggregator.config import load_settings
    from aggregator.index.connection import airflow_connection_url, redact

    settings = load_settings()
    try:
        conn = BaseHook.get_connection(CONNECTION_ID)
    except AirflowNotFoundException:
        return settings
    value = json.dumps({"host": conn.host, "port": conn.port, "login": conn.login, "password": conn.password,
                        "extra": conn.extra_dejson})
    url = airflow_connection_url(value)
    log.info("Elasticsearch from the Airflow Connection %s: %s", CONNECTION_ID, redact(url))
    return dataclasses.replace(settings, elasticsearch_url=url)
