"""The process stage: pending announcements -> extraction -> events, written back to ES in batches.

One run reads the pending set once, from a point-in-time snapshot of the processing index
(``AnnouncementStore.stream_pending``), in dedup's order (``PENDING_ORDER``). Four things overlap:

- a reader thread fetches the next pages while the current ones are worked on;
- extraction and dedup's per-announcement features (pure, CPU-bound) run in a process pool of
  ``settings.process_workers`` processes (none for a small run), in chunks, and the results are
  taken back in page order;
- dedup runs here, one page at a time, in that order, in one engine for the whole run
  (``RunEventStore``) in front of the events index, so a later page sees an earlier page's events
  without waiting for a refresh and pages of any size give the same events; posts that state no
  start are attached at the run's end;
- a writer thread writes each page's events, then its announcements' processing documents, with
  no refresh wait: each whole, and only if it is still the version read
  (``AnnouncementStore.write_back``), so a version collect lands meanwhile stays pending for the
  next run. The announcements themselves are only read.

Resumable: a page's announcements are marked done only after its events are written, so a run
killed anywhere leaves the rest pending, and the next run (which refreshes first) continues; ids
are computed and writes are upserts, so what was written twice is written the same. One refresh
at the end makes everything visible before the Asset event.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import queue
import sys
import threading
import time
import types
from collections import deque
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import replace
from datetime import datetime
from typing import Any, Iterable, Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aggregator.config import Settings
from aggregator.dedup import Deduplicator
from aggregator.dedup.features import Features, features_of
from aggregator.extract import extract
from aggregator.index.announcements import AnnouncementStore, PendingPage
from aggregator.index.bulk import bulk_upsert
from aggregator.index.client import client_url, connect, translate_errors
from aggregator.index.documents import event_document
from aggregator.index.events import ElasticsearchEventStore
from aggregator.models import Announcement, Event, Extraction

__all__ = ["process_pending", "interpret", "interpret_documents", "RunEventStore"]

log = logging.getLogger(__name__)


def _zone(name: str | None):
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def interpret(announcement: Announcement) -> Extraction:
    """The extraction of an announcement; structured dates (iCalendar, schema.org) win over the text's.

    The text still gives platform, link, title and status; a structured start makes it an event,
    expressed in the announcement's time zone (a naive structured time is read in that zone)."""
    extraction = extract(
        announcement.text, announcement.published or announcement.fetched_at,
        country=announcement.country, timezone=announcement.timezone,
        title=announcement.title,
    )
    if announcement.starts_at is None:
        return extraction
    name = announcement.timezone if _zone(announcement.timezone) else extraction.timezone or "UTC"
    zone = _zone(name) or ZoneInfo("UTC")

    def local(value: datetime | None) -> datetime | None:
        if value is None:
            return None
        return (value if value.tzinfo else value.replace(tzinfo=zone)).astimezone(zone)

    start, end = local(announcement.starts_at), local(announcement.ends_at)
    if end is not None and end <= start:
        end = None
    seen = announcement.published or announcement.fetched_at
    past = extraction.past and (seen is None or start <= seen)
    return replace(extraction, is_event=True, start=start, end=end, timezone=name, past=past)


def interpret_documents(docs: list[dict]) -> list[tuple[Announcement, Extraction | None, dict | str, Features | None]]:
    """(announcement, extraction, its document, its dedup features) for each stored document, or
    (announcement, None, error, None).

    What a pool process runs: pure, so any number of them can work on different chunks. The
    extraction's document and, for a post with a start, the features dedup compares (also pure,
    per announcement) are built here too, off the one deduplicating process. One bad announcement
    gets its error and does not stop the others."""
    out: list[tuple[Announcement, Extraction | None, dict | str, Features | None]] = []
    for doc in docs:
        announcement = Announcement.from_dict(doc)
        try:
            extraction = interpret(announcement)
            dated = extraction.is_event and extraction.start is not None
            out.append((announcement, extraction, extraction.to_dict(),
                        features_of(announcement, extraction) if dated else None))
        except Exception as exc:  # one bad announcement must not stop the batch
            out.append((announcement, None, f"{type(exc).__name__}: {exc}"[:1000], None))
    return out


class RunEventStore:
    """The dedup of one run: one ``Deduplicator`` fed every page in order, in front of the events
    stored before the run (a snapshot).

    An event this run made is never read back: the engine keeps it, so a later page is matched with
    what an earlier page decided, even before the writer thread has written it or Elasticsearch has
    refreshed, and pages of any size give the events of one page. Posts with no start wait for the
    run's end (``Deduplicator.finish``) and stay pending until then: a run killed earlier leaves
    them to the run that resumes."""

    def __init__(self, behind, matcher=None):
        self.behind = behind
        self.dedup = Deduplicator(behind, matcher)
        # what marks the waiting posts done at the run's end (their extraction documents, from the pool)
        self.waiting_updates: dict[str, dict] = {}

    def blocks(self, minutes: Iterable[int], announcement_ids: Iterable[str] = ()) -> list[Event]:
        return self.behind.blocks(minutes, announcement_ids)

    def search(self, start_from: datetime, start_to: datetime, org_ids: Iterable[str],
               status: str | None = None) -> list[Event]:
        return self.behind.search(start_from, start_to, org_ids, status)


_STOP = object()


class _Stopped(Exception):
    """The run is over (it failed elsewhere): a background thread stops where it is."""


POOL_FROM = 2000  # pending announcements from which a run extracts in a pool (its start costs ~1 s)
_JOIN_TIMEOUT = 120  # s: longer than a bulk request with its transport retries

CHUNK = 250  # announcements per pool task: big enough that pickling is a small share of the work


class _InProcess(Executor):
    """The pool's interface, run here: one worker means no process to feed."""

    def submit(self, fn, /, *args, **kwargs):
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


def _worker_ready() -> int:
    time.sleep(0.05)  # busy long enough that every warm-up task needs a worker of its own
    return os.getpid()


@contextlib.contextmanager
def _parent_main_hidden():
    """While workers start, the parent's ``__main__`` is a module with no file.

    multiprocessing makes a forkserver (or spawn) child import the parent's main script again,
    under another name. In an Airflow task that script is ``airflow`` itself, and importing it
    in a child fails: the task's environment points Airflow at a database URL it refuses (tasks
    may not reach the metadata DB). The workers need nothing of the parent's main (they run
    ``interpret_documents``), so they are started with nothing to import."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def _pool(workers: int) -> Executor:
    if workers <= 1:
        return _InProcess()
    if multiprocessing.current_process().daemon:
        # A Celery worker (and any executor that runs tasks in daemonic processes): Python forbids
        # such a process to start children. Extract here; a cluster gets its parallelism from workers.
        log.info("running in a daemonic process: extracting in this process instead of %d workers", workers)
        return _InProcess()
    # forkserver: workers start from a clean interpreter, not a fork of a process that already
    # runs the reader and writer threads (and, in a task, Airflow's own).
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["aggregator.pipeline.process"])
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    # The executor starts a worker when a task finds none idle: start them all now, while the
    # parent's main is hidden, so none is started later with it.
    with _parent_main_hidden():
        started = {f.result() for f in [pool.submit(_worker_ready) for _ in range(workers)]}
    if len(started) < workers:  # a worker was idle early: more could start later, unhidden
        log.warning("only %d of %d extraction workers started; extracting in this process", len(started), workers)
        pool.shutdown(wait=True)
        return _InProcess()
    return pool


class _Background(threading.Thread):
    """A thread with a bounded inbox or outbox; its exception is raised again in the caller."""

    def __init__(self, name: str):
        super().__init__(name=name, daemon=True)
        self.queue: queue.Queue = queue.Queue(maxsize=4)
        self.error: BaseException | None = None
        self.stopping = threading.Event()

    def put(self, item) -> None:
        while True:  # never block forever on a thread that died
            if self.error is not None:
                raise self.error
            try:
                self.queue.put(item, timeout=0.5)
                return
            except queue.Full:
                if self.stopping.is_set():
                    raise _Stopped
                if not self.is_alive():
                    raise RuntimeError(f"{self.name} stopped") from self.error

    def get(self):
        while True:
            try:
                item = self.queue.get(timeout=0.5)
            except queue.Empty:
                if self.error is not None:
                    raise self.error
                if not self.is_alive():
                    raise RuntimeError(f"{self.name} stopped") from self.error
                continue
            if self.error is not None and item is _STOP:
                raise self.error
            return item


class _Reader(_Background):
    def __init__(self, pages: Iterator[list[dict]]):
        super().__init__("process-reader")
        self.pages = pages

    def run(self) -> None:
        try:
            for page in self.pages:
                if self.stopping.is_set():
                    break
                self.put(page)
        except _Stopped:
            pass
        except BaseException as exc:
            self.error = exc
        finally:
            close = getattr(self.pages, "close", None)
            if close:
                close()
            try:
                self.queue.put(_STOP, timeout=5)
            except queue.Full:
                pass

    def pages_in_order(self) -> Iterator[list[dict]]:
        while (page := self.get()) is not _STOP:
            yield page


class _Writer(_Background):
    """Writes each page's events, then its announcements' results, in page order.

    ``read`` holds the announcements of the pages read and not yet written back (id -> its
    source and version as read): the main thread adds a page's when it reads it, this thread
    takes them out when it writes them."""

    def __init__(self, client, event_index: str, announcements: AnnouncementStore, counts: dict):
        super().__init__("process-writer")
        self.client, self.event_index, self.announcements = client, event_index, announcements
        self.read: dict[str, tuple[dict, tuple[int, int]]] = {}
        self.counts = counts

    def remember(self, page: PendingPage) -> None:
        for doc in page:
            self.read[doc["id"]] = (doc, page.versions[doc["id"]])

    def run(self) -> None:
        while True:
            try:
                item = self.queue.get(timeout=0.5)
            except queue.Empty:
                if self.stopping.is_set():
                    return
                continue
            if item is _STOP:
                return
            if self.error is not None or self.stopping.is_set():
                continue  # drain: the caller sees the error on its next put, or has stopped
            events, updates = item
            try:
                if events:  # events first: an announcement marked done always has its event written
                    docs = ((e.event_id, event_document(e)) for e in events)
                    bulk_upsert(self.client, self.event_index, docs, refresh=False)
                if updates:
                    read = {i: self.read.pop(i) for i in updates if i in self.read}
                    changed = self.announcements.write_back(updates, read)
                    if changed:
                        log.warning("%d announcements changed while this run read them (e.g. %s): they stay "
                                    "pending, with their new content, for the next run", len(changed), changed[0])
                        self.counts["changed_during_run"] = self.counts.get("changed_during_run", 0) + len(changed)
            except BaseException as exc:
                self.error = exc

    def finish(self) -> None:
        self.queue.put(_STOP)
        self.join()
        if self.error is not None:
            raise self.error


def process_pending(settings: Settings, now: datetime, batch_size: int = 1000,
                    workers: int | None = None) -> dict[str, Any]:
    """Interpret every announcement pending when the run starts; idempotent and resumable.

    ``batch_size`` announcements are read, deduplicated and written together; ``workers`` processes
    extract them (default: ``settings.process_workers``, or this process alone when fewer than
    POOL_FROM are pending). ``now`` is the run's instant, given by the
    DAG; nothing here reads it yet (each extraction's reference time is its announcement's own
    publication time), it stays so the stage's interface does not change when a step needs it."""
    client = connect(settings)
    event_index = settings.index("events")
    announcements = AnnouncementStore.for_settings(client, settings)
    counts = {"announcements": 0, "events_written": 0, "not_events": 0, "errors": 0}
    # what a killed earlier run wrote becomes visible before this one reads
    announcements.refresh()
    _refresh(client, event_index)
    adopted = announcements.adopt_marked_pending()
    if adopted:
        log.info("%d announcements marked pending in the announcement itself (an older build, or a request "
                 "to process them again) are pending in the processing index now", adopted)
    pending = announcements.count_pending()
    if not pending:
        return counts
    if workers is None:
        # Starting the workers (fresh interpreters importing the package) costs more than they
        # save on a small run, such as the one a pushed source triggers.
        workers = settings.process_workers if pending >= POOL_FROM else 1
    with ElasticsearchEventStore(client, event_index).snapshot() as known, _cyclic_gc_deferred():
        counts = _run(client, event_index, announcements, RunEventStore(known), batch_size, workers, counts)
    announcements.refresh()
    _refresh(client, event_index)
    return counts


def _run(client, event_index: str, announcements: AnnouncementStore, store: "RunEventStore", batch_size: int,
         workers: int, counts: dict) -> dict:
    reader = _Reader(announcements.stream_pending(batch_size))
    writer = _Writer(client, event_index, announcements, counts)
    reader.start()  # the first pages are read while the workers start
    writer.start()
    try:
        pool = _pool(workers)
    except BaseException:
        reader.stopping.set()
        writer.stopping.set()
        raise
    ahead: deque[list[Future]] = deque()
    depth = max(2, workers + 1)  # pages whose extraction is under way while one is deduplicated

    def dedup_next() -> None:
        results = [r for future in ahead.popleft() for r in future.result()]
        events, updates = _dedup(results, store, counts)
        writer.put((events, updates))
        # ``ahead`` is emptied only by the last page (the loop above keeps ``depth`` >= 2 pages in it)
        if not ahead:
            writer.put(_finish(store, counts))

    try:
        for page in reader.pages_in_order():
            if page.missing:
                log.warning("%d pending announcements are not stored (e.g. %s): marked done with an error",
                            len(page.missing), page.missing[0])
                counts["errors"] += len(page.missing)
                writer.put(([], {i: {"pending": False, "error": "the announcement is not stored"} for i in page.missing}))
            writer.remember(page)
            ahead.append([pool.submit(interpret_documents, page[i:i + CHUNK]) for i in range(0, len(page), CHUNK)])
            counts["announcements"] += len(page)
            if len(ahead) >= depth:
                dedup_next()
        while ahead:
            dedup_next()
        writer.finish()
    except BaseException:
        reader.stopping.set()
        writer.stopping.set()
        # nothing of this run may be written after it has failed: a write landing later would
        # change what a re-run (or whoever looks) finds pending. The write in flight finishes.
        writer.join(timeout=_JOIN_TIMEOUT)
        if writer.is_alive():
            log.error("the writer thread is still in a write after %d s; it stops after it", _JOIN_TIMEOUT)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return counts


@contextlib.contextmanager
def _cyclic_gc_deferred():
    """No cyclic garbage collection during the run.

    A run keeps every event it made in memory and takes in thousands of new objects per page (the
    pages read, the workers' results); each collection of the oldest generation walks all of them,
    and they hold no reference cycles to free. Measured at 10k announcements, collections cost the
    deduplicating process about a quarter of its time. Reference counting still frees everything;
    the collector resumes afterwards on its own schedule (a full collection at the run's end cost
    the run about a second at 100k, to free nothing the task's process still needs)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _refresh(client, index: str) -> None:
    with translate_errors(client_url(client), f"a refresh of {index}"):
        client.options(ignore_status=404).indices.refresh(index=index)


def _dedup(results, store: RunEventStore, counts: dict) -> tuple[list[Event], dict[str, dict]]:
    """One page's extractions -> its new or changed events and its announcements' partial updates.

    Posts with no start are left pending here: ``_finish`` attaches them and marks them done."""
    items: list[tuple[Announcement, Extraction]] = []
    features: list[Features | None] = []
    updates: dict[str, dict] = {}
    for announcement, extraction, document, feature in results:
        if extraction is None:
            log.error("announcement %s could not be interpreted: %s", announcement.id, document)
            counts["errors"] += 1
            updates[announcement.id] = {"pending": False, "error": document}
            continue
        items.append((announcement, extraction))
        features.append(feature)
        done = {"pending": False, "error": None, "extraction": document, "event_id": None}
        if extraction.is_event and extraction.start is not None:
            updates[announcement.id] = done
        else:
            store.waiting_updates[announcement.id] = done
    return _written(store.dedup.feed(items, features), updates, counts)


def _finish(store: RunEventStore, counts: dict) -> tuple[list[Event], dict[str, dict]]:
    """The run's end: the posts with no start join the events found for them, and are marked done."""
    updates, store.waiting_updates = store.waiting_updates, {}
    return _written(store.dedup.finish(), updates, counts)


def _written(outcome, updates: dict[str, dict], counts: dict) -> tuple[list[Event], dict[str, dict]]:
    for ann_id, event_id in outcome.assignments.items():
        updates[ann_id]["event_id"] = event_id
    for event in outcome.events.values():
        if event.merged_into:  # a late merge: earlier announcements follow the surviving id
            for ann_id in event.announcement_ids:
                updates.setdefault(ann_id, {})["event_id"] = event.merged_into
    counts["not_events"] += sum(1 for u in updates.values() if "extraction" in u and not u["event_id"])
    counts["events_written"] += len(outcome.events)
    return list(outcome.events.values()), updates
