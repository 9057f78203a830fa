"""The Airflow plugin mounts the same app in the api-server, under /civic-events."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]


def load_plugin_module():
    spec = importlib.util.spec_from_file_location("aggregator_web_plugin", ROOT / "plugins" / "aggregator_web_plugin.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_plugin_declares_the_mount():
    pytest.importorskip("airflow")
    module = load_plugin_module()
    (entry,) = module.AggregatorWebPlugin.fastapi_apps
    assert entry["url_prefix"] == "/civic-events"
    assert entry["app"] is module.civic_events_app


def test_mounted_in_fastapi_like_airflow_does(monkeypatch):
    """Airflow's init_plugins does `app.mount(url_prefix, subapp)` on its FastAPI app."""
    pytest.importorskip("airflow")
    from fastapi import FastAPI

    from aggregator.web import MemoryStore, create_app
    from tests.ical.cases import CASES, NOW

    module = load_plugin_module()
    events = [e for group in CASES.values() for e in group]
    monkeypatch.setattr("aggregator.web.create_app",
                        lambda: create_app(store=MemoryStore(events), clock=lambda: NOW))
    api_server = FastAPI()
    api_server.mount("/civic-events", module.civic_events_app)
    with TestClient(api_server) as client:
        feed = client.get("/civic-events/calendar.ics?country=MA")
        assert feed.status_code == 200
        assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
        assert client.get("/civic-events/calendar.ics?country=MA", headers={"If-None-Match": feed.headers["etag"]}).status_code == 304
        data = client.get("/civic-events/api/events?country=MA").json()
        assert data["feed"]["webcal"] == "webcal://testserver/civic-events/calendar.ics?country=MA"
        assert client.get("/civic-events/").status_code == 200
        assert client.get("/civic-events/nope").json()["error"]["status"] == 404
