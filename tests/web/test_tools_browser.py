"""The organizers' /overlaps form and the analysts' /trends page in a real headless Chromium.

Over a server reading a seeded Elasticsearch (tests/index/seed.py, plus one event whose
platform is unknown). Needs Debian's chromium and `npm ci --prefix tests/web/js`, like
tests/web/test_browser.py. Screenshots are kept in var/screenshots/ (overlaps-*.png, trends-*.png).
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from aggregator.index.feeds import FeedStore
from aggregator.web import create_app
from tests.web.test_browser import CHROMIUM, JS_DIR, SCREENSHOTS, serve

pytestmark = [pytest.mark.browser, pytest.mark.elasticsearch]


def _seed(client, settings):
    from aggregator.index.bulk import bulk_upsert
    from aggregator.index.documents import event_document
    from tests.index.seed import EVENTS, UGTT, event

    unknown_platform = dataclasses.replace(
        event("e-ugtt-noplatform", "ندوة حول الحوار الاجتماعي", datetime(2026, 3, 19, 18, 0, tzinfo=ZoneInfo("Africa/Tunis")),
              60, [UGTT]), platform=None)
    events = [*EVENTS, unknown_platform]
    bulk_upsert(client, settings.index("events"), [(e.event_id, event_document(e)) for e in events], refresh=True)


@pytest.fixture()
def server(es_client, settings):
    from aggregator.index.templates import ensure_indices

    ensure_indices(es_client, settings)
    _seed(es_client, settings)
    app = create_app(settings, FeedStore(es_client, settings.index("events")))
    yield from serve(app)


def _kibana_cases(client, settings) -> list[dict]:
    """The Kibana Vega specs, each fed the answer Elasticsearch gives to its own request (as Kibana would)."""
    from tests.index.test_kibana import _es_body, _vegas

    cases = []
    for obj, spec in _vegas():
        response = client.search(index=settings.index("events"), **_es_body(spec))
        values = response["aggregations"]["over_time"]["buckets"]
        cases.append({"id": obj["id"], "spec": {**spec, "data": {"values": values}}})
    return cases


def test_overlap_form_and_trends_page_in_chromium(server, es_client, settings, tmp_path):
    cases = tmp_path / "kibana-cases.json"
    cases.write_text(json.dumps(_kibana_cases(es_client, settings), ensure_ascii=False), encoding="utf-8")
    if not CHROMIUM:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    if not (JS_DIR / "node_modules" / "playwright-core").exists():
        pytest.skip("playwright-core is not installed (npm ci --prefix tests/web/js)")
    result = subprocess.run(["node", str(JS_DIR / "tools.test.mjs"), server, str(SCREENSHOTS), CHROMIUM, str(cases)],
                            capture_output=True, text=True, timeout=120)
    report = json.loads(result.stdout) if result.stdout.strip().startswith("{") else {"stderr": result.stderr[-3000:]}
    assert result.returncode == 0 and report.get("ok"), report
    assert any(check.startswith("the Kibana Vega specs draw") for check in report["checks"]), report
    for name in ("overlaps-desktop", "overlaps-mobile", "trends-desktop", "trends-mobile"):
        assert (SCREENSHOTS / f"{name}.png").stat().st_size > 10_000, name
