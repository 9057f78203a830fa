"""Polite HTTP fetching of one source: conditional GET, timeouts, a size cap, bounded redirects, retries."""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from aggregator.errors import FetchError

__all__ = ["FetchResult", "fetch", "make_client"]

RETRY_STATUSES = {500, 502, 503, 504, 429}


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

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def make_client(*, user_agent: str, timeout: float, max_redirects: int = 5) -> httpx.Client:
    return httpx.Client(
        headers={"User-Agent": user_agent, "Accept": "application/rss+xml, application/atom+xml, text/calendar, text/html;q=0.9, */*;q=0.5"},
        timeout=httpx.Timeout(timeout),
        follow_redirects=True,
        max_redirects=max_redirects,
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
) -> FetchResult:
    """GET ``url``; retries 5xx/429/timeouts with backoff, never 4xx; raises FetchError."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    attempt = 0
    while True:
        started = time.monotonic()
        try:
            with client.stream("GET", url, headers=headers) as response:
                if response.status_code in RETRY_STATUSES and attempt < retries:
                    raise _Retry(f"HTTP {response.status_code}")
                if response.status_code == 304:
                    return FetchResult(url, 304, None, "", etag, last_modified, time.monotonic() - started)
                if response.status_code >= 400:
                    raise FetchError(f"{url}: HTTP {response.status_code}; check the source's URL in sources.yaml")
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(f"{url}: body of {int(declared)} bytes exceeds the {max_bytes}-byte cap (AGGREGATOR_MAX_BYTES)")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(f"{url}: body exceeds the {max_bytes}-byte cap (AGGREGATOR_MAX_BYTES)")
                    chunks.append(chunk)
                return FetchResult(
                    url=str(response.url),
                    status=response.status_code,
                    body=b"".join(chunks),
                    content_type=response.headers.get("Content-Type", ""),
                    etag=response.headers.get("ETag"),
                    last_modified=response.headers.get("Last-Modified"),
                    duration=time.monotonic() - started,
                )
        except (_Retry, httpx.TimeoutException, httpx.TransportError) as exc:
            if isinstance(exc, httpx.TooManyRedirects):
                raise FetchError(f"{url}: too many redirects") from None
            if attempt >= retries:
                raise FetchError(f"{url}: {type(exc).__name__}: {exc} (after {attempt + 1} attempts)") from None
            attempt += 1
            time.sleep(backoff * 2 ** (attempt - 1))


class _Retry(Exception):
    pass
