"""The ``announcements`` index (raw announcements landed by collect) and the ``processing`` index beside it
(one small document per announcement: pending until the process stage has interpreted it, then what it made of it).

Collect writes an announcement, then its processing document marked pending; process reads the
pending processing documents, the announcements they name, and writes back processing documents
only. An announcement's analysed text is thus indexed once per content, not once more to mark it done.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from elasticsearch import Elasticsearch

from aggregator.config import Settings
from aggregator.index.bulk import bulk_upsert
from aggregator.index.client import client_url, translate_errors
from aggregator.models import Announcement

__all__ = ["AnnouncementStore", "PENDING_ORDER", "PendingPage", "STATE_KEYS"]

# The announcement's fields copied into its processing document: its identity and content hash, the
# keys PENDING_ORDER sorts on, and those analysts group by.
STATE_KEYS = ("id", "source_id", "org_id", "org_type", "country", "published", "fetched_at", "content_hash")


# what "pending" means, in a processing document (and, from older builds, in an announcement)
_PENDING = {"term": {"pending": True}}


def _state_of(doc: dict) -> dict:
    return {key: doc.get(key) for key in STATE_KEYS}

# The order the process stage reads pending announcements in: dedup's own processing order (by
# publication time, aggregator.dedup.features.order_key), so that a run in pages decides what one
# run over everything would (an announcement without a publication time goes by its fetch time,
# and those come first, which is where their fetch time usually puts them).
PENDING_ORDER = [{"published": {"order": "asc", "missing": "_first"}}, {"fetched_at": "asc"}, {"id": "asc"}]


class PendingPage(list):
    """A page of pending announcements (their ``_source``), with ``versions``: id -> (seq_no, primary_term)
    of each one's processing document as it was read, so that writing it back can be made conditional
    on nobody having changed it; and ``missing``: ids pending whose announcement is not stored."""

    def __init__(self, docs: Iterable[dict] = (), versions: dict[str, tuple[int, int]] | None = None,
                 missing: list[str] | None = None):
        super().__init__(docs)
        self.versions = versions or {}
        self.missing = missing or []


class AnnouncementStore:
    """Announcements by id: landed once per content (new or changed), pending until processed."""

    def __init__(self, client: Elasticsearch, index: str, state_index: str):
        self.client, self.index, self.state_index = client, index, state_index

    @classmethod
    def for_settings(cls, client: Elasticsearch, settings: Settings) -> "AnnouncementStore":
        return cls(client, settings.index("announcements"), settings.index("processing"))

    def _errors(self, what: str, index: str | None = None):
        return translate_errors(client_url(self.client), f"{what} on {index or self.index}")

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
        old = self._hashes(list(by_id))
        new = [a for a in by_id.values() if a.id not in old]
        changed = [a for a in by_id.values() if a.id in old and old[a.id] != a.content_hash]
        docs = [(a.id, a.to_dict()) for a in new + changed]
        if docs:
            # The announcement first, then its pending mark. Stopped in between, the processing
            # document still holds the older hash, so the next collect sees the item as changed and
            # lands both again; process reads the announcement as it is when it gets to it.
            bulk_upsert(self.client, self.index, docs, refresh=False)
            bulk_upsert(self.client, self.state_index, [(i, {**_state_of(d), "pending": True}) for i, d in docs],
                        refresh=False)
        return len(new), len(changed)

    def _hashes(self, ids: list[str]) -> dict[str, str | None]:
        """id -> content hash last landed, for the ids stored: from the processing documents, and from
        the announcement itself for one landed before processing documents existed."""
        with self._errors("a lookup", self.state_index):
            found = self.client.options(ignore_status=404).mget(
                index=self.state_index, ids=ids, source_includes=["content_hash"]).get("docs", [])
        hashes = {d["_id"]: d["_source"].get("content_hash") for d in found if d.get("found")}
        rest = [i for i in ids if i not in hashes]
        if rest:
            with self._errors("a lookup"):
                found = self.client.options(ignore_status=404).mget(
                    index=self.index, ids=rest, source_includes=["content_hash"]).get("docs", [])
            hashes.update((d["_id"], d["_source"].get("content_hash")) for d in found if d.get("found"))
        return hashes

    def count_pending(self) -> int:
        """How many announcements are pending, as of the last refresh."""
        with self._errors("a count", self.state_index):
            return self.client.options(ignore_status=404).count(
                index=self.state_index, query=_PENDING).get("count", 0)

    def _sources(self, ids: list[str]) -> tuple[list[dict], list[str]]:
        """The stored announcements of ``ids``, in that order, and the ids not found."""
        if not ids:
            return [], []
        with self._errors("a lookup"):
            found = self.client.mget(index=self.index, ids=ids)["docs"]
        docs = [d["_source"] for d in found if d.get("found")]
        return docs, [d["_id"] for d in found if not d.get("found")]

    def adopt_marked_pending(self, page_size: int = 1000) -> int:
        """Announcements marked ``pending`` in the announcement itself get their pending processing
        document, and lose the mark; returns how many.

        That is how builds before the processing index marked them, and how an operator can still
        ask for announcements to be processed again (``ctx._source.pending = true``). Each page's
        processing documents are written before its marks are cleared, so a stop in between
        leaves the marks for the next call, which writes the same documents again."""
        adopted = 0
        query = _PENDING
        with self._errors("a count"):
            total = self.client.options(ignore_status=404).count(index=self.index, query=query).get("count", 0)
        # bounded: each page clears its marks, and at most ``total`` were there (plus marks set meanwhile)
        for _ in range(total // page_size + 2):
            with self._errors("a search"):
                hits = self.client.search(index=self.index, size=page_size, query=query, sort=[{"id": "asc"}],
                                          source_includes=list(STATE_KEYS))["hits"]["hits"]
            if not hits:
                break
            bulk_upsert(self.client, self.state_index,
                        [(h["_id"], {**_state_of(h["_source"]), "pending": True}) for h in hits], refresh=True)
            bulk_upsert(self.client, self.index, [(h["_id"], {"pending": False}) for h in hits], partial=True,
                        refresh=True)
            adopted += len(hits)
        return adopted

    def stream_pending(self, page_size: int = 1000, keep_alive: str = "10m") -> Iterator[PendingPage]:
        """Every announcement pending when the call starts, in pages in PENDING_ORDER, read once from a point in time.

        The point in time is a snapshot of the processing documents: what the caller writes
        meanwhile (pending=false, or new announcements landing) does not move the pages, so the loop
        reads each one once and ends after at most the snapshot's count. Each page's announcements
        are read by id as they are now (a newer content landed meanwhile is the one processed). The
        snapshot is closed at the end, also when the caller stops early or fails."""
        with self._errors("opening a point in time", self.state_index):
            pit = self.client.open_point_in_time(index=self.state_index, keep_alive=keep_alive)["id"]
        try:
            query = _PENDING
            total = self.count_pending()
            after = None
            # bounded: the snapshot holds at most ``total`` pending documents (counted before it was
            # read; documents landing later are not in it, so one extra page is the most it can need)
            for _ in range(total // page_size + 2):
                kwargs = {"search_after": after} if after is not None else {}
                with self._errors("a search", self.state_index):
                    response = self.client.search(pit={"id": pit, "keep_alive": keep_alive}, size=page_size,
                                                  query=query, sort=PENDING_ORDER, track_total_hits=False,
                                                  seq_no_primary_term=True, source=False, **kwargs)
                pit = response.get("pit_id", pit)
                hits = response["hits"]["hits"]
                if not hits:
                    return
                docs, missing = self._sources([hit["_id"] for hit in hits])
                yield PendingPage(docs, {hit["_id"]: (hit["_seq_no"], hit["_primary_term"]) for hit in hits}, missing)
                if len(hits) < page_size:
                    return
                after = hits[-1]["sort"]
        finally:
            with self._errors("closing a point in time", self.state_index):
                self.client.options(ignore_status=404).close_point_in_time(id=pit)

    def write_back(self, updates: dict[str, dict], read: dict[str, tuple[dict, tuple[int, int]]]) -> list[str]:
        """Record ``updates`` (id -> processing fields); returns the ids someone else changed meanwhile.

        An announcement in ``read`` (id -> (its source as read, its processing document's
        (seq_no, primary_term))) gets its processing document written whole, with the content hash
        of what was processed, and only if that document is still the version read: when collect
        landed a newer content in between, its pending mark stays for the next run. The others
        (earlier announcements whose event merged into another) get a partial update. No refresh:
        the caller refreshes once at the end of its run."""
        whole = [(i, {**_state_of(read[i][0]), **fields}) for i, fields in updates.items() if i in read]
        partial = [(i, fields) for i, fields in updates.items() if i not in read]
        conflicts: list[str] = []
        if whole:
            versions = {i: read[i][1] for i, _ in whole}
            conflicts = bulk_upsert(self.client, self.state_index, whole, versions=versions, refresh=False).conflicts
        if partial:
            bulk_upsert(self.client, self.state_index, partial, partial=True, refresh=False)
        return conflicts

    def refresh(self) -> None:
        for index in (self.index, self.state_index):
            with self._errors("a refresh", index):
                self.client.options(ignore_status=404).indices.refresh(index=index)
