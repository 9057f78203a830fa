"""Polite HTTP fetching: conditional GET, timeouts, a size cap, bounded redirects, retries, per-host limits."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from aggregator.errors import FetchError

__all__ = ["FetchResult", "HostLimiter", "fetch", "make_client", "RETRY_STATUSES"]

RETRY_STATUSES = {500, 502, 503, 504, 429}
ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml, text/calendar, text/html;q=0.9, */*;q=0.5"


@dataclass(frozen=True)
class FetchResult:
    """What one fetch brought back; ``body`` is None when the server answered 304."""

    url: str
    status: int
    body: bytes | None
    content_type: str
    etag: str | None
    last_modified: str | None
    duration: float
    attempts: int = 1

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class HostLimiter:
    """At most ``per_host`` requests in flight to one host name, across threads."""

    def __init__(self, per_host: int = 2) -> None:
        self.per_host = per_host
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}

    @contextmanager
    def slot(self, url: str):
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            semaphore = self._slots.setdefault(host, threading.BoundedSemaphore(self.per_host))
        with semaphore:
            yield


def make_client(*, user_agent: str, timeout: float, max_redirects: int = 5, max_connections: int = 10) -> httpx.Client:
    """One client (connection pool) per run; httpx clients are safe to share between threads."""
    return httpx.Client(
        headers={"User-Agent": user_agent, "Accept": ACCEPT},
        timeout=httpx.Timeout(timeout),
        follow_redirects=True,
        max_redirects=max_redirects,
        limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
    )


def fetch(
    client: httpx.Client,
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    max_bytes: int = 10 * 1024 * 1024,
    retries: int = 2,
    backoff: float = 0.5,
    limiter: HostLimiter | None = None,
    deadline: float | None = None,
) -> FetchResult:
    """GET ``url``; retries 5xx/429/timeouts with backoff, never 4xx; raises FetchError.

    ``deadline`` bounds one attempt's total time (default: 3 x the client's read timeout), so a
    server that dribbles bytes cannot hold a worker forever.
    """
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    if deadline is None:
        deadline = 3 * (client.timeout.read or 20.0)
    attempt = 0
    while True:
        started = time.monotonic()
        try:
            with limiter.slot(url) if limiter else _nothing():
                return _attempt(client, url, headers, etag, last_modified, max_bytes, started, deadline, attempt, retries)
        except httpx.TooManyRedirects:
            raise FetchError(f"{url}: too many redirects (more than {client.max_redirects})") from None
        except (_Retry, httpx.TimeoutException, httpx.TransportError) as exc:
            if isinstance(exc, httpx.UnsupportedProtocol):
                raise FetchError(f"{url}: {exc}") from None
            if attempt >= retries:
                raise FetchError(f"{url}: {_describe(exc)} (after {attempt + 1} attempts)") from None
            attempt += 1
            time.sleep(backoff * 2 ** (attempt - 1))
        except httpx.HTTPError as exc:  # invalid URL, undecodable content encoding...: retrying won't help
            raise FetchError(f"{url}: {_describe(exc)}") from None


def _attempt(client, url, headers, etag, last_modified, max_bytes, started, deadline, attempt, retries) -> FetchResult:
    with client.stream("GET", url, headers=headers) as response:
        status = response.status_code
        if status in RETRY_STATUSES and attempt < retries:
            raise _Retry(f"HTTP {status}")
        if status == 304:
            return FetchResult(str(response.url), 304, None, "", response.headers.get("ETag") or etag,
                               response.headers.get("Last-Modified") or last_modified, time.monotonic() - started, attempt + 1)
        if status >= 400:
            raise FetchError(f"{url}: HTTP {status}; check the source's URL in sources.yaml")
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(f"{url}: body of {int(declared)} bytes exceeds the {max_bytes}-byte cap (AGGREGATOR_MAX_BYTES)")
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"{url}: body exceeds the {max_bytes}-byte cap (AGGREGATOR_MAX_BYTES)")
            if time.monotonic() - started > deadline:
                raise httpx.ReadTimeout(f"body not complete after {deadline:.0f} s")
            chunks.append(chunk)
        return FetchResult(
            url=str(response.url),
            status=status,
            body=b"".join(chunks),
            content_type=response.headers.get("Content-Type", ""),
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
            duration=time.monotonic() - started,
            attempts=attempt + 1,
        )


def _describe(exc: Exception) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out ({exc or type(exc).__name__})"
    return f"{type(exc).__name__}: {exc}"


@contextmanager
def _nothing():
    yield


class _Retry(Exception):
    pass
