"""The ``sources`` index: one health document per source (last fetch, status, counts, back-off)."""

from __future__ import annotations

from elasticsearch import Elasticsearch

from aggregator.config import Settings
from aggregator.index.bulk import bulk_upsert
from aggregator.index.client import client_url, translate_errors

__all__ = ["SourceHealthStore"]


class SourceHealthStore:
    """Health documents by source id, read and written in bulk (one request for many sources)."""

    MGET_CHUNK = 1000

    def __init__(self, client: Elasticsearch, index: str):
        self.client, self.index = client, index

    @classmethod
    def for_settings(cls, client: Elasticsearch, settings: Settings) -> "SourceHealthStore":
        return cls(client, settings.index("sources"))

    def _errors(self, what: str):
        return translate_errors(client_url(self.client), f"{what} on {self.index}")

    def get_many(self, ids: list[str]) -> dict[str, dict]:
        """The health of these sources, by id (sources never fetched are absent)."""
        out: dict[str, dict] = {}
        with self._errors("a lookup"):
            for start in range(0, len(ids), self.MGET_CHUNK):
                response = self.client.options(ignore_status=404).mget(index=self.index,
                                                                       ids=ids[start:start + self.MGET_CHUNK])
                for doc in response.get("docs", []):
                    if doc.get("found"):
                        out[doc["_id"]] = doc["_source"]
        return out

    def all(self) -> dict[str, dict]:
        """Every health document, by source id."""
        with self._errors("a search"):
            if not self.client.indices.exists(index=self.index):
                return {}
            hits = self.client.search(index=self.index, size=10000, query={"match_all": {}})["hits"]["hits"]
        return {h["_id"]: h["_source"] for h in hits}

    def write(self, docs: list[tuple[str, dict]]) -> None:
        """Merge each (source id, partial health) into its document, then make them searchable."""
        if not docs:
            return
        bulk_upsert(self.client, self.index, docs, partial=True, refresh=False)
        self.refresh()

    def refresh(self) -> None:
        with self._errors("a refresh"):
            self.client.indices.refresh(index=self.index)
