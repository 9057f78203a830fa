"""publish_calendars: static feeds from a seeded Elasticsearch equal the in-memory rendering."""

from __future__ import annotations

import pytest

from aggregator.ical import write_feeds
from aggregator.pipeline.publish import publish_calendars
from tests.ical.cases import CASES, NOW
from tests.web.es_seed import seed

pytestmark = pytest.mark.elasticsearch

ALL = [e for events in CASES.values() for e in events]


def test_publish_from_elasticsearch(es_client, settings, tmp_path):
    seed(es_client, settings, ALL)
    paths = publish_calendars(settings, now=NOW)
    reference = write_feeds(ALL, tmp_path / "reference", now=NOW)
    assert [p.relative_to(settings.public_dir) for p in paths] == [p.relative_to(tmp_path / "reference") for p in reference]
    for got, expected in zip(paths, reference):
        assert got.read_bytes() == expected.read_bytes(), got
