"""Shared fixtures: a real Elasticsearch for the session, isolated index names, Airflow, demo feeds."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEST_VAR = ROOT / "var" / "test"

# Airflow reads its configuration at import: settle it before anything imports airflow.
os.environ.setdefault("AIRFLOW_HOME", str(TEST_VAR / "airflow"))
os.environ.setdefault("AIRFLOW__CORE__DAGS_FOLDER", str(ROOT / "dags"))
os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
os.environ.setdefault("AIRFLOW__CORE__UNIT_TEST_MODE", "False")
os.environ.setdefault("AIRFLOW__LOGGING__LOGGING_LEVEL", "WARNING")
if str(ROOT / "dags") not in sys.path:
    sys.path.append(str(ROOT / "dags"))  # Airflow puts the DAGs folder on sys.path the same way
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # for demo.server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def elasticsearch_url():
    """ELASTICSEARCH_URL if set; otherwise a fresh local Elasticsearch on a free port for this session."""
    external = os.environ.get("ELASTICSEARCH_URL")
    if external:
        yield external
        return
    port = _free_port()
    while port + 100 > 65535:
        port = _free_port()
    home = TEST_VAR / f"elasticsearch-{port}"
    env = {**os.environ, "AGGREGATOR_ES_PORT": str(port), "AGGREGATOR_ES_HOME": str(home)}
    script = ROOT / "scripts" / "elasticsearch.sh"
    subprocess.run([str(script), "start"], env=env, check=True)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        subprocess.run([str(script), "purge"], env=env, check=False)


@pytest.fixture(scope="session")
def session_prefix() -> str:
    return f"test-{uuid.uuid4().hex[:8]}-"


@pytest.fixture()
def settings(elasticsearch_url, tmp_path, monkeypatch):
    """Settings with their own index prefix and public/ for one test, also exported to the environment
    (DAG tasks read the environment)."""
    from aggregator.config import load_settings

    prefix = f"test-{uuid.uuid4().hex[:8]}-"
    env = {
        "ELASTICSEARCH_URL": elasticsearch_url,
        "AGGREGATOR_INDEX_PREFIX": prefix,
        "AGGREGATOR_PUBLIC_DIR": str(tmp_path / "public"),
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    yield load_settings()
    from elasticsearch import Elasticsearch

    from tests.es_helpers import drop_prefix

    drop_prefix(Elasticsearch(elasticsearch_url), prefix)


@pytest.fixture()
def es_client(settings):
    from aggregator.index.client import connect

    return connect(settings)


@pytest.fixture(scope="session")
def airflow_db():
    """A migrated SQLite metadata DB under var/test/airflow (once per checkout)."""
    home = Path(os.environ["AIRFLOW_HOME"])
    marker = home / ".migrated-3.3.2"
    if not marker.exists():
        home.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], check=True, capture_output=True)
        marker.touch()
    return home


@pytest.fixture(scope="session")
def demo_feeds():
    """The bundled demo feeds served on 127.0.0.1, dated relative to a fixed anchor day."""
    from demo.server import start

    previous = os.environ.get("DEMO_ANCHOR")
    os.environ["DEMO_ANCHOR"] = "2026-03-02"
    server, url = start()
    os.environ["AGGREGATOR_DEMO_URL"] = url
    try:
        yield url
    finally:
        server.shutdown()
        if previous is None:
            os.environ.pop("DEMO_ANCHOR", None)
        else:
            os.environ["DEMO_ANCHOR"] = previous
