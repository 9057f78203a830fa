"""Sources grouped by the host they are fetched from: one collect task per host keeps politeness across workers.

The per-host limit of ``collect_many`` (``HostLimiter``) lives in one process. With one Airflow task per
source, eight tasks on two Celery workers could hit one host at once; with one task per host, a host
is only ever fetched by one task (``max_active_runs=1`` keeps runs apart), at most ``PER_HOST`` at a time.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from aggregator.config import Settings
from aggregator.sources.parsers import KINDS
from aggregator.sources.registry import load_registry

__all__ = ["PER_HOST", "host_of", "sources_by_host"]

PER_HOST = 2  # fetches at once to one host, within its task


def host_of(url: str) -> str:
    """The politeness key of a source URL: its host name, lower-cased (ports of one host share it)."""
    return (urlsplit(url).hostname or url).lower()


def sources_by_host(settings: Settings, wanted: list[str] | None = None) -> list[list[str]]:
    """Ids of the enabled, fetchable sources (only ``wanted`` ones when given), one list per host.

    Hosts keep the order of their first source in the registry, and sources their registry order.
    """
    groups: dict[str, list[str]] = {}
    wanted_set = set(wanted) if wanted else None
    for source in load_registry(settings.sources_path):
        if not source.enabled or source.kind not in KINDS:
            continue
        if wanted_set is not None and source.id not in wanted_set:
            continue
        groups.setdefault(host_of(source.url), []).append(source.id)
    return list(groups.values())
