"""Benchmark the feed server on loopback: 304 latency, and requests/second for cached and uncached feeds.

    .venv/bin/python benchmarks/bench_server.py [--events 10000] [--seconds 5] [--concurrency 32]

The server (uvicorn, httptools, one worker) runs in its own process over the fixed corpus
of bench_ical.py held in memory, so the figures are the server's, not Elasticsearch's.
The client is a minimal asyncio HTTP/1.1 keep-alive client, lighter than the server.
Targets (issue): a 304 in under 5 ms at the server.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import socket
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _serve(port: int, events: int, cache_seconds: float, ready) -> None:
    import uvicorn

    from bench_ical import NOW, corpus

    from aggregator.config import Settings
    from aggregator.web import MemoryStore, create_app

    app = create_app(Settings(), MemoryStore(corpus(events)), clock=lambda: NOW, cache_seconds=cache_seconds)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", access_log=False,
                            http="httptools", loop="uvloop")
    server = uvicorn.Server(config)
    ready.set()
    server.run()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Connection:
    """One keep-alive HTTP/1.1 connection: send a GET, read status, headers and body."""

    def __init__(self, reader, writer):
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> "Connection":
        return cls(*await asyncio.open_connection("127.0.0.1", port))

    async def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], int]:
        lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1"] + [f"{k}: {v}" for k, v in (headers or {}).items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        found = {}
        for line in header_lines:
            if ":" in line:
                key, value = line.split(":", 1)
                found[key.strip().lower()] = value.strip()
        length = int(found.get("content-length", "0"))
        if length:
            await self.reader.readexactly(length)
        return int(status_line.split()[1]), found, length

    def close(self):
        self.writer.close()


async def latency(port: int, path: str, headers: dict[str, str], n: int) -> list[float]:
    conn = await Connection.open(port)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        status, _, _ = await conn.get(path, headers)
        times.append(time.perf_counter() - start)
    conn.close()
    assert status in (200, 304), status
    return times


async def load(port: int, path: str, headers: dict[str, str], seconds: float, concurrency: int) -> tuple[float, int, set]:
    deadline = time.perf_counter() + seconds
    counts = [0] * concurrency
    statuses: set[int] = set()
    total_bytes = [0]

    async def worker(i: int):
        conn = await Connection.open(port)
        while time.perf_counter() < deadline:
            status, _, length = await conn.get(path, headers)
            statuses.add(status)
            total_bytes[0] += length
            counts[i] += 1
        conn.close()

    start = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(concurrency)))
    return sum(counts) / (time.perf_counter() - start), total_bytes[0], statuses


def inprocess_304(events: int, n: int) -> list[float]:
    """The app alone (ASGI call, no socket): what 'at the server' costs for a 304."""
    from bench_ical import NOW, corpus

    from aggregator.config import Settings
    from aggregator.web import MemoryStore, create_app

    app = create_app(Settings(), MemoryStore(corpus(events)), clock=lambda: NOW, cache_seconds=3600)

    async def call(headers):
        sent = []

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            sent.append(message)

        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
                 "path": "/calendar.ics", "raw_path": b"/calendar.ics", "root_path": "", "query_string": b"country=MA",
                 "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()] + [(b"host", b"bench")],
                 "server": ("bench", 80), "client": ("127.0.0.1", 1)}
        await app(scope, receive, send)
        return sent

    async def run():
        first = await call({"Accept-Encoding": "gzip"})
        etag = dict(first[0]["headers"])[b"etag"].decode()
        times = []
        for _ in range(n):
            start = time.perf_counter()
            sent = await call({"Accept-Encoding": "gzip", "If-None-Match": etag})
            times.append(time.perf_counter() - start)
        assert sent[0]["status"] == 304
        return times

    return asyncio.run(run())


def ms(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()

    times = inprocess_304(args.events, 2000)
    print(f"304 in-process (ASGI app, no socket): p50 {ms(times, .5):.3f} ms, p99 {ms(times, .99):.3f} ms")

    ctx = multiprocessing.get_context("spawn")
    results = {}
    for label, cache_seconds in (("cached", 3600.0), ("uncached", 0.0)):
        port = _free_port()
        ready = ctx.Event()
        proc = ctx.Process(target=_serve, args=(port, args.events, cache_seconds, ready), daemon=True)
        proc.start()
        ready.wait(120)
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        try:
            results[label] = asyncio.run(_measure(port, args, label))
        finally:
            proc.terminate()
            proc.join(10)
    return 0


async def _measure(port: int, args, label: str):
    gz = {"Accept-Encoding": "gzip"}
    conn = await Connection.open(port)
    _, headers, size = await conn.get("/calendar.ics?country=MA", gz)
    _, _, full_size = await conn.get("/calendar.ics", gz)
    conn.close()
    etag = headers["etag"]
    if label == "cached":
        times = await latency(port, "/calendar.ics?country=MA", {**gz, "If-None-Match": etag}, 2000)
        print(f"304 over loopback (keep-alive, sequential): p50 {ms(times, .5):.3f} ms, p99 {ms(times, .99):.3f} ms")
    for path, name, body in (("/calendar.ics?country=MA", "country feed", size), ("/calendar.ics", "full feed", full_size)):
        rps, _, statuses = await load(port, path, gz, args.seconds, args.concurrency)
        print(f"{label:8s} {name:12s} ({body / 1e3:8.1f} kB gzip) 200s: {rps:8.1f} req/s  statuses {sorted(statuses)}")
        if label == "cached":
            rps, _, statuses = await load(port, path, {**gz, "If-None-Match": etag if 'country' in path else '"x"'},
                                          args.seconds, args.concurrency)
            if "country" in path:
                print(f"{label:8s} {name:12s} 304s: {rps:8.1f} req/s  statuses {sorted(statuses)}")


if __name__ == "__main__":
    sys.exit(main())
