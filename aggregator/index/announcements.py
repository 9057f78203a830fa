"""The ``announcements`` index: raw announcements landed by collect, read back and marked by process."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from elasticsearch import Elasticsearch

from aggregator.config import Settings
from aggregator.index.bulk import bulk_upsert
from aggregator.index.client import client_url, translate_errors
from aggregator.models import Announcement

__all__ = ["AnnouncementStore", "PENDING_ORDER", "PendingPage"]

# The order the process stage reads pending announcements in: dedup's own processing order (by
# publication time, aggregator.dedup.features.order_key), so that a run in pages decides what one
# run over everything would (an announcement without a publication time goes by its fetch time,
# and those come first, which is where their fetch time usually puts them).
PENDING_ORDER = [{"published": {"order": "asc", "missing": "_first"}}, {"fetched_at": "asc"}, {"id": "asc"}]


class PendingPage(list):
    """A page of pending documents (their ``_source``), with ``versions``: id -> (seq_no, primary_term)
    of each as it was read, so that writing it back can be made conditional on nobody having changed it."""

    def __init__(self, docs: Iterable[dict] = (), versions: dict[str, tuple[int, int]] | None = None):
        super().__init__(docs)
        self.versions = versions or {}


class AnnouncementStore:
    """Announcements by id: landed once per content (new or changed), pending until processed."""

    def __init__(self, client: Elasticsearch, index: str):
        self.client, self.index = client, index

    @classmethod
    def for_settings(cls, client: Elasticsearch, settings: Settings) -> "AnnouncementStore":
        return cls(client, settings.index("announcements"))

    def _errors(self, what: str):
        return translate_errors(client_url(self.client), f"{what} on {self.index}")

    def known(self, ids: list[str]) -> set[str]:
        """Which of ``ids`` are already stored (whatever their content)."""
        with self._errors("a lookup"):
            found = self.client.options(ignore_status=404).mget(index=self.index, ids=ids, source=False)
        return {d["_id"] for d in found.get("docs", []) if d.get("found")}

    def land(self, announcements: Iterable[Announcement]) -> tuple[int, int]:
        """Upsert new or changed announcements with pending=true; unchanged ones are left as they are.

        Returns (new, changed). A feed may repeat an item: the last one wins."""
        by_id = {a.id: a for a in announcements}
        if not by_id:
            return 0, 0
        with self._errors("a lookup"):
            found = self.client.mget(index=self.index, ids=list(by_id), source_includes=["content_hash"])["docs"]
        old = {d["_id"]: d["_source"].get("content_hash") for d in found if d.get("found")}
        new = [a for a in by_id.values() if a.id not in old]
        changed = [a for a in by_id.values() if a.id in old and old[a.id] != a.content_hash]
        docs = [(a.id, {**a.to_dict(), "pending": True}) for a in new + changed]
        if docs:
            bulk_upsert(self.client, self.index, docs, refresh=False)
        return len(new), len(changed)

    def pending(self, size: int) -> list[dict]:
        """Up to ``size`` documents still marked pending, by id (the process stage's next batch)."""
        with self._errors("a search"):
            response = self.client.search(index=self.index, size=size, query={"term": {"pending": True}},
                                          sort=[{"id": "asc"}])
        return [hit["_source"] for hit in response["hits"]["hits"]]

    def count_pending(self) -> int:
        """How many announcements are pending, as of the last refresh."""
        with self._errors("a count"):
            return self.client.count(index=self.index, query={"term": {"pending": True}})["count"]

    def stream_pending(self, page_size: int = 1000, keep_alive: str = "10m") -> Iterator[PendingPage]:
        """Every document pending when the call starts, in pages in PENDING_ORDER, read once from a point in time.

        The point in time is a snapshot: what the caller writes meanwhile (pending=false, or new
        announcements landing) does not move the pages, so the loop reads each document once and
        ends after at most the snapshot's count of documents. The snapshot is closed at the end,
        also when the caller stops early or fails."""
        with self._errors("opening a point in time"):
            pit = self.client.open_point_in_time(index=self.index, keep_alive=keep_alive)["id"]
        try:
            query = {"term": {"pending": True}}
            total = self.count_pending()
            after = None
            # bounded: the snapshot holds at most ``total`` pending documents (counted before it was
            # read; documents landing later are not in it, so one extra page is the most it can need)
            for _ in range(total // page_size + 2):
                kwargs = {"search_after": after} if after is not None else {}
                with self._errors("a search"):
                    response = self.client.search(pit={"id": pit, "keep_alive": keep_alive}, size=page_size,
                                                  query=query, sort=PENDING_ORDER, track_total_hits=False,
                                                  seq_no_primary_term=True, **kwargs)
                pit = response.get("pit_id", pit)
                hits = response["hits"]["hits"]
                if not hits:
                    return
                yield PendingPage((hit["_source"] for hit in hits),
                                  {hit["_id"]: (hit["_seq_no"], hit["_primary_term"]) for hit in hits})
                if len(hits) < page_size:
                    return
                after = hits[-1]["sort"]
        finally:
            with self._errors("closing a point in time"):
                self.client.options(ignore_status=404).close_point_in_time(id=pit)

    def update(self, updates: dict[str, dict], refresh: bool | str = "wait_for") -> None:
        """Merge each partial document into its announcement (visible to the next search unless ``refresh`` is False)."""
        bulk_upsert(self.client, self.index, list(updates.items()), partial=True, refresh=refresh)

    def write_back(self, updates: dict[str, dict], read: dict[str, tuple[dict, tuple[int, int]]]) -> list[str]:
        """Apply ``updates`` (id -> fields) to announcements; returns the ids someone else changed meanwhile.

        An announcement in ``read`` (id -> (its source as read, its (seq_no, primary_term))) is
        written whole, and only if it is still the version that was read: a whole write costs
        Elasticsearch a fraction of a partial update (no read of the stored document), and when
        collect landed a newer content in between, the newer content stays, still pending, for the
        next run. The others (earlier announcements whose event merged into another) get a
        partial update. No refresh: the caller refreshes once at the end of its run."""
        whole = [(i, {**read[i][0], **fields}) for i, fields in updates.items() if i in read]
        partial = [(i, fields) for i, fields in updates.items() if i not in read]
        conflicts: list[str] = []
        if whole:
            versions = {i: read[i][1] for i, _ in whole}
            conflicts = bulk_upsert(self.client, self.index, whole, versions=versions, refresh=False).conflicts
        if partial:
            bulk_upsert(self.client, self.index, partial, partial=True, refresh=False)
        return conflicts

    def refresh(self) -> None:
        with self._errors("a refresh"):
            self.client.indices.refresh(index=self.index)
