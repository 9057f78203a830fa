"""The public page in a real headless Chromium, over a server reading a seeded Elasticsearch.

Needs Debian's chromium (`apt-get install -y chromium`) and `npm ci --prefix tests/web/js`.
Screenshots are kept in var/screenshots/.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from aggregator.index.feeds import FeedStore
from aggregator.web import create_app
from tests.ical.cases import CASES, NOW
from tests.web.es_seed import seed

pytestmark = [pytest.mark.browser, pytest.mark.elasticsearch]

ROOT = Path(__file__).resolve().parents[2]
JS_DIR = Path(__file__).resolve().parent / "js"
SCREENSHOTS = ROOT / "var" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(app):
    """Serve ``app`` with uvicorn on a free loopback port in a thread; yields its base URL (for fixtures)."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/"
    server.should_exit = True
    thread.join(timeout=5)


REGISTRY = """organizations:
  - id: ma-umt
    name: {ar: الاتحاد المغربي للشغل, latin: Union marocaine du travail}
    org_type: union
    country: MA
    sources: []
"""


@pytest.fixture()
def server(es_client, settings, tmp_path):
    seed(es_client, settings, [e for events in CASES.values() for e in events])
    registry = tmp_path / "sources.yaml"
    registry.write_text(REGISTRY, encoding="utf-8")
    settings = replace(settings, sources_path=registry)
    app = create_app(settings, FeedStore(es_client, settings.index("events")), clock=lambda: NOW)
    yield from serve(app)


def _run(script: str, server: str) -> dict:
    if not CHROMIUM:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    if not (JS_DIR / "node_modules" / "playwright-core").exists():
        pytest.skip("playwright-core is not installed (npm ci --prefix tests/web/js)")
    result = subprocess.run(
        ["node", str(JS_DIR / script), server, str(SCREENSHOTS), CHROMIUM],
        capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:] or result.stdout[-3000:]
    report = json.loads(result.stdout)
    assert report["ok"], report
    return report


def test_public_page_in_chromium(server):
    _run("page.test.mjs", server)
    assert (SCREENSHOTS / "public-page-ar-mobile.png").stat().st_size > 10_000


def test_event_page_in_chromium(server):
    """Three languages at desktop and 390 px: JSON-LD, both zones, Google/Outlook/.ics links, the copy button."""
    report = _run("event_page.test.mjs", server)
    assert len(report["checks"]) == 6
    for lang in ("ar", "fr", "en"):
        for size in ("desktop", "mobile"):
            assert (SCREENSHOTS / f"event-page-{lang}-{size}.png").stat().st_size > 10_000


def test_month_and_week_views_in_chromium(server):
    """The list's month and week views, titles linking to event pages, Latin names on French and English pages."""
    report = _run("calendar_view.test.mjs", server)
    assert len(report["checks"]) == 6
    for lang in ("ar", "fr", "en"):
        for size in ("desktop", "mobile"):
            assert (SCREENSHOTS / f"month-view-{lang}-{size}.png").stat().st_size > 10_000
