"""Announcements + extractions -> Events with stable ids: the same real event announced many times is one Event."""

from aggregator.dedup.engine import DedupOutcome, Deduplicator, EventStore, MemoryEventStore, assign_events

__all__ = ["assign_events", "Deduplicator", "DedupOutcome", "EventStore", "MemoryEventStore"]
