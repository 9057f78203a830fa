"""Every Elasticsearch call of the project: client, errors, retries, mappings, stores, queries (docs/architecture.md)."""
