"""The Assets that chain the three DAGs, declared once: collect -> process -> publish."""

from airflow.sdk import Asset

from civic_dags.intake import fetch_request_watchers

__all__ = ["FETCH_REQUESTS", "ANNOUNCEMENTS", "EVENTS", "FEEDS"]

# "Fetch these sources now" requests: a WebSub or webhook notification that `aggregator serve` verified
# and published on Redis (watched here, see civic_dags/intake.py), or a person's "fetch now" posted with
# POST /api/v2/assets/events; extra: {"source": id} or {"sources": [ids]}.
FETCH_REQUESTS = Asset(name="source_fetch_requests", uri="x-civic-events://sources/fetch-requests",
                       watchers=fetch_request_watchers())

# Raw announcements landed in the Elasticsearch index `announcements`.
ANNOUNCEMENTS = Asset(name="announcements", uri="x-civic-events://elasticsearch/announcements")
# Deduplicated events in the index `events`.
EVENTS = Asset(name="events", uri="x-civic-events://elasticsearch/events")
# The iCal feeds written into public/.
FEEDS = Asset(name="feeds", uri="x-civic-events://public/calendar.ics")
