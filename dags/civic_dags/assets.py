"""The Assets that chain the three DAGs, declared once: collect -> process -> publish."""

from airflow.sdk import Asset

__all__ = ["ANNOUNCEMENTS", "EVENTS", "FEEDS"]

# Raw announcements landed in the Elasticsearch index `announcements`.
ANNOUNCEMENTS = Asset(name="announcements", uri="x-civic-events://elasticsearch/announcements")
# Deduplicated events in the index `events`.
EVENTS = Asset(name="events", uri="x-civic-events://elasticsearch/events")
# The iCal feeds written into public/.
FEEDS = Asset(name="feeds", uri="x-civic-events://public/calendar.ics")
