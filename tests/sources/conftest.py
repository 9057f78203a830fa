"""Fixtures of the collector's tests: the loopback fixture server and a Source factory."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from aggregator.models import Source
from tests.sources.server import FixtureServer

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="session")
def feed_server():
    server = FixtureServer().start()
    yield server
    server.shutdown()


@pytest.fixture()
def server(feed_server):
    feed_server.requests.clear()
    return feed_server


def make_source(url: str = "https://org.example/feed", kind: str = "rss", id: str = "org-rss", **extra) -> Source:
    values = dict(
        id=id, org_id=id.rsplit("-", 1)[0], org_name="منظمة المثال", org_name_latin="Example Org", org_type="ngo",
        country="TN", timezone="Africa/Tunis", kind=kind, url=url, languages=("ar",),
    )
    values.update(extra)
    return Source(**values)
