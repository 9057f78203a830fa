"""Polite HTTP fetching: conditional GET, timeouts, a size cap, bounded redirects, retries, per-host limits.

Fetch policy: a source may name any host, and any of its redirects may point anywhere, so every
connection resolves the host itself, refuses loopback, link-local, private, multicast, unspecified
and reserved addresses (IPv4 and IPv6, IPv4-mapped and 6to4/NAT64-embedded forms unwrapped), and then
connects to the very address it checked (a second DNS answer cannot swap in another one). A source
opts out with ``allow_private_network: true`` in the registry (the demo and the tests, which serve
on loopback); the refusal is a FetchError whose message says so, and lands in the source's health.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpcore
import httpx

from aggregator.errors import FetchError

__all__ = ["FetchResult", "HostLimiter", "fetch", "make_client", "refusal_reason", "RETRY_STATUSES"]

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


_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_ALLOW_KEY = "aggregator_allow_private_network"  # request extension; httpx keeps extensions across redirects


def refusal_reason(address: str) -> str | None:
    """Why the fetch policy refuses to connect to ``address`` (an IP literal), or None when it may."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6:
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return refusal_reason(str(embedded))
    for reason, hit in (("loopback", ip.is_loopback), ("link-local", ip.is_link_local),
                        ("multicast", ip.is_multicast), ("unspecified", ip.is_unspecified),
                        ("private", ip.is_private), ("reserved", ip.is_reserved)):
        if hit:
            return reason
    return None if ip.is_global else "not globally routable"


class _CheckedBackend(httpcore.SyncBackend):
    """Resolves the host once, refuses addresses the policy forbids, connects to an address it checked."""

    def __init__(self, trusted_networks: tuple = ()) -> None:
        self.trusted = tuple(ipaddress.ip_network(n, strict=False) for n in trusted_networks)

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host!r}: {exc}") from None
        refused, last_error = [], None
        for address in dict.fromkeys(info[4][0] for info in infos):
            reason = refusal_reason(address)
            if reason is not None and not any(ipaddress.ip_address(address.split("%", 1)[0]) in n for n in self.trusted):
                refused.append(f"{address} ({reason})")
                continue
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        if last_error is not None:
            raise last_error
        raise FetchError(
            f"refused to connect to {host}: it resolves to {', '.join(refused)}, and this source may not reach "
            "loopback, private or other non-public addresses; set 'allow_private_network: true' on the source "
            "in sources.yaml (or AGGREGATOR_ALLOW_PRIVATE_NETWORK=1) if it really is on your network"
        )


class _PolicyTransport(httpx.BaseTransport):
    """Two connection pools, so a connection opened with the policy waived is never reused without it."""

    def __init__(self, allow_by_default: bool, limits: httpx.Limits, trusted_networks: tuple = ()) -> None:
        self.allow_by_default = allow_by_default
        self._open = httpx.HTTPTransport(limits=limits)
        self._checked = httpx.HTTPTransport(limits=limits)
        # httpx takes no network backend, so its pool is rebuilt around one that checks addresses.
        self._checked._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections, max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry, network_backend=_CheckedBackend(trusted_networks),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        allow = request.extensions.get(_ALLOW_KEY)
        allow = self.allow_by_default if allow is None else allow
        return (self._open if allow else self._checked).handle_request(request)

    def close(self) -> None:
        self._open.close()
        self._checked.close()


def make_client(*, user_agent: str, timeout: float, max_redirects: int = 5, max_connections: int = 10,
                allow_private_network: bool = False, trusted_networks: tuple[str, ...] = ()) -> httpx.Client:
    """One client (connection pools) per run; httpx clients are safe to share between threads.

    ``allow_private_network`` is the policy of requests that do not choose one (see ``fetch``);
    ``trusted_networks`` (CIDR strings) are reachable even under the policy, e.g. one intranet range.
    Proxies from the environment are not used (the client is given its transport): a proxy would
    resolve names the policy never sees. SSL_CERT_FILE/SSL_CERT_DIR still apply.
    """
    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)
    return httpx.Client(
        headers={"User-Agent": user_agent, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"},
        timeout=httpx.Timeout(timeout),
        follow_redirects=True,
        max_redirects=max_redirects,
        transport=_PolicyTransport(allow_private_network, limits, tuple(trusted_networks)),
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
    allow_private_network: bool | None = None,
) -> FetchResult:
    """GET ``url``; retries 5xx/429/timeouts with backoff, never 4xx; raises FetchError.

    ``deadline`` bounds one attempt's total time (default: 3 x the client's read timeout), so a
    server that dribbles bytes cannot hold a worker forever. ``allow_private_network`` waives the
    address policy for this URL and its redirects (None: the client's default).
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
                return _attempt(client, url, headers, etag, last_modified, max_bytes, started, deadline, attempt, retries,
                                allow_private_network)
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


def _attempt(client, url, headers, etag, last_modified, max_bytes, started, deadline, attempt, retries,
             allow_private_network) -> FetchResult:
    extensions = {} if allow_private_network is None else {_ALLOW_KEY: bool(allow_private_network)}
    with client.stream("GET", url, headers=headers, extensions=extensions) as response:
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
        decoder = _Decoder(url, response.headers.get("Content-Encoding", ""), max_bytes)
        for raw in response.iter_raw():
            for chunk in decoder.feed(raw):
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"{url}: body exceeds the {max_bytes}-byte cap (AGGREGATOR_MAX_BYTES)")
                chunks.append(chunk)
            if time.monotonic() - started > deadline:
                raise httpx.ReadTimeout(f"body not complete after {deadline:.0f} s")
        chunks.extend(decoder.finish())
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


class _Decoder:
    """Content-Encoding undone with bounded output: httpx's decoder inflates a whole network chunk at
    once, so 64 KB of gzip became 64 MB in memory before the size cap could look at it."""

    def __init__(self, url: str, encoding: str, max_bytes: int) -> None:
        self.url, self.max_bytes = url, max_bytes
        self.encodings = [e.strip().lower() for e in encoding.split(",") if e.strip() and e.strip().lower() != "identity"]
        unknown = [e for e in self.encodings if e not in ("gzip", "x-gzip", "deflate")]
        if unknown or len(self.encodings) > 1:
            raise FetchError(f"{url}: unsupported Content-Encoding {encoding!r} (gzip and deflate are accepted)")
        self.wbits = (31 if self.encodings[0] in ("gzip", "x-gzip") else 15) if self.encodings else None
        self.inflater = zlib.decompressobj(self.wbits) if self.wbits else None
        self.started = False

    def feed(self, data: bytes):
        if self.inflater is None:
            if data:
                yield data
            return
        pending = data
        while pending:
            try:
                piece = self.inflater.decompress(pending, self.max_bytes + 1)
            except zlib.error as exc:
                if self.wbits == 15 and not self.started:  # "deflate" sent raw, without the zlib header
                    self.wbits, self.inflater = -15, zlib.decompressobj(-15)
                    continue
                raise FetchError(f"{self.url}: the {self.encodings[0]} body does not decode ({exc})") from None
            self.started = True
            if piece:
                yield piece
            pending = self.inflater.unconsumed_tail
            if self.inflater.eof and self.inflater.unused_data:  # another gzip member follows
                pending, self.inflater = self.inflater.unused_data, zlib.decompressobj(self.wbits)

    def finish(self) -> list[bytes]:
        rest = self.inflater.flush() if self.inflater is not None else b""
        return [rest] if rest else []


def _describe(exc: Exception) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out ({exc or type(exc).__name__})"
    return f"{type(exc).__name__}: {exc}"


@contextmanager
def _nothing():
    yield


class _Retry(Exception):
    pass
