"""Announcements + extractions -> Events with stable ids: the same real event announced many times is one Event."""

from aggregator.dedup.engine import DedupOutcome, EventStore, MemoryEventStore, assign_events

__all__ = ["assign_events", "DedupOutcome", "EventStore", "MemoryEventStore"]
