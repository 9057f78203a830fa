"""Shared wiring for the aggregator's DAGs (not DAG files themselves: see ../.airflowignore)."""
