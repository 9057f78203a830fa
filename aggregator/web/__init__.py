"""The HTTP side: filtered iCal feeds with ETag/304, the events API, overlaps, trends, the public page."""

from aggregator.web.app import create_app
from aggregator.web.store import MemoryStore

__all__ = ["create_app", "MemoryStore"]
