"""One frozen settings object built from the environment; every key is documented here."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from aggregator.errors import ConfigError
from aggregator.index.connection import airflow_connection_url

__all__ = ["Settings", "load_settings", "PROJECT_ROOT"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# name of the environment variable -> (attribute, default, documentation)
DOCUMENTED_KEYS = {
    "ELASTICSEARCH_URL": "Elasticsearch to use (default http://127.0.0.1:9200, the local one).",
    "AIRFLOW_CONN_ELASTICSEARCH_DEFAULT": "Used when ELASTICSEARCH_URL is unset: the Airflow Connection "
                                          "elasticsearch_default (JSON or URI), turned into the same URL.",
    "AGGREGATOR_INDEX_PREFIX": "Prefix of every index name, e.g. 'test-1-' to isolate a test run.",
    "AGGREGATOR_SOURCES": "Path of the source registry (default sources.yaml at the repository root).",
    "AGGREGATOR_PUBLIC_DIR": "Where publish_calendars writes the .ics feeds (default public/).",
    "AGGREGATOR_PUBLIC_URL": "Base URL under which public/ is served, printed in summaries.",
    "AGGREGATOR_PAST_DAYS": "How many days past events stay in the feeds (default 30).",
    "AGGREGATOR_FETCH_TIMEOUT": "Seconds before one HTTP fetch gives up (default 20).",
    "AGGREGATOR_MAX_BYTES": "Largest response body accepted from a source (default 10 MB).",
    "AGGREGATOR_USER_AGENT": "User-Agent sent to sources.",
    "AGGREGATOR_PROCESS_WORKERS": "Processes extracting announcements in the process stage (default: the "
                                  "machine's CPU count; 1 extracts in the task's own process).",
    "AGGREGATOR_ALLOW_PRIVATE_NETWORK": "1 lets every source reach loopback/private addresses (default 0: only "
                                        "sources with allow_private_network: true in the registry may).",
}


@dataclass(frozen=True)
class Settings:
    """Everything configurable, read once; components take plain values from it."""

    elasticsearch_url: str = "http://127.0.0.1:9200"
    index_prefix: str = ""
    sources_path: Path = PROJECT_ROOT / "sources.yaml"
    public_dir: Path = PROJECT_ROOT / "public"
    public_url: str = ""
    past_days: int = 30
    fetch_timeout: float = 20.0
    max_bytes: int = 10 * 1024 * 1024
    user_agent: str = "civic-events-aggregator/0.1 (+https://example.invalid/about; online civic events calendar)"
    allow_private_network: bool = False
    process_workers: int = os.cpu_count() or 1

    def index(self, name: str) -> str:
        """Name of the index (or alias) ``name`` under this run's prefix."""
        return f"{self.index_prefix}{name}"


def _number(env: dict[str, str], key: str, default, kind):
    raw = env.get(key)
    if raw is None or raw == "":
        return default
    try:
        return kind(raw)
    except ValueError:
        raise ConfigError(f"{key}={raw!r} is not a valid {kind.__name__}; unset it or fix it") from None


def _workers(env: dict[str, str]) -> int:
    workers = _number(env, "AGGREGATOR_PROCESS_WORKERS", os.cpu_count() or 1, int)
    if workers < 1:
        raise ConfigError(f"AGGREGATOR_PROCESS_WORKERS={workers} must be at least 1")
    return workers


def _elasticsearch_url(env: dict[str, str]) -> str | None:
    """ELASTICSEARCH_URL, else the Airflow Connection ``elasticsearch_default`` given in the environment.

    Only the environment form of the Connection is read (``AIRFLOW_CONN_*``), so this package never
    imports Airflow; a Connection kept in Airflow's database reaches tasks the same way through
    the deployment's environment (docker/ sets both variables from the same values)."""
    if env.get("ELASTICSEARCH_URL"):
        return env["ELASTICSEARCH_URL"]
    conn = env.get("AIRFLOW_CONN_ELASTICSEARCH_DEFAULT")
    return airflow_connection_url(conn) if conn else None


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Build the settings from ``env`` (default: the process environment)."""
    env = dict(os.environ if env is None else env)
    defaults = Settings()
    return Settings(
        elasticsearch_url=_elasticsearch_url(env) or defaults.elasticsearch_url,
        index_prefix=env.get("AGGREGATOR_INDEX_PREFIX", defaults.index_prefix),
        sources_path=Path(env.get("AGGREGATOR_SOURCES") or defaults.sources_path),
        public_dir=Path(env.get("AGGREGATOR_PUBLIC_DIR") or defaults.public_dir),
        public_url=env.get("AGGREGATOR_PUBLIC_URL", defaults.public_url),
        past_days=_number(env, "AGGREGATOR_PAST_DAYS", defaults.past_days, int),
        fetch_timeout=_number(env, "AGGREGATOR_FETCH_TIMEOUT", defaults.fetch_timeout, float),
        max_bytes=_number(env, "AGGREGATOR_MAX_BYTES", defaults.max_bytes, int),
        user_agent=env.get("AGGREGATOR_USER_AGENT") or defaults.user_agent,
        process_workers=_workers(env),
        allow_private_network=env.get("AGGREGATOR_ALLOW_PRIVATE_NETWORK", "0").strip().lower() in ("1", "true", "yes"),
    )
