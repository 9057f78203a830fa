"""Airflow plugin: serves the civic-events feeds, API and public page inside the Airflow api-server."""

from __future__ import annotations

from airflow.plugins_manager import AirflowPlugin

URL_PREFIX = "/civic-events"


class _LazyApp:
    """ASGI app built on its first request, so parsing plugins stays free of imports and I/O."""

    def __init__(self):
        self._app = None

    async def __call__(self, scope, receive, send):
        if self._app is None:
            from aggregator.web import create_app

            self._app = create_app()
        await self._app(scope, receive, send)


civic_events_app = _LazyApp()


class AggregatorWebPlugin(AirflowPlugin):
    """Mounts aggregator.web at /civic-events (feeds at /civic-events/calendar.ics) and links it in the menu."""

    name = "civic_events_web"
    fastapi_apps = [{"app": civic_events_app, "url_prefix": URL_PREFIX, "name": "Civic events feeds and page"}]
    external_views = [
        {"name": "Civic events calendar", "href": f"{URL_PREFIX}/", "destination": "nav", "category": "browse"}
    ]
