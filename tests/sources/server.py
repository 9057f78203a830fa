"""A loopback HTTP server for the collector's tests: recorded and hand-made feeds and pages, and misbehaviour.

Routes:
  /feeds/<file>, /pages/<path>   files of tests/fixtures/{feeds,pages}, with ETag and Last-Modified (304 on match);
                                 ?ct=<content type> overrides the Content-Type header (wrong charsets)
  /plain/feeds/<file>            the same without validators (never 304)
  /redirect/<n>/<route>          n redirects (302), then <route>
  /big, /big-declared            a 50 MB body, streamed; the second announces it in Content-Length
  /slow                          answers after 3 s
  /flaky/<key>/<route>           HTTP 500 the first time per key, then <route>
  /status/<code>                 that status
  /gzip-bomb                     64 MB of zeros sent as ~64 KB of gzip (Content-Encoding: gzip)
  /goto?to=<url>                 a 302 to any URL (another host, another port)
  /generated/<name>              ``server.generated[name]`` = (body, content type), put there by a test
Every request is recorded in ``server.requests`` as (path, headers).
"""

from __future__ import annotations

import hashlib
import threading
import time
import zlib
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TYPES = {".xml": "application/rss+xml", ".rdf": "application/rdf+xml", ".atom": "application/atom+xml",
         ".ics": "text/calendar; charset=utf-8", ".html": "text/html"}
LAST_MODIFIED = formatdate(1763000000, usegmt=True)
BIG = 50 * 1024 * 1024


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802
        self.server.requests.append((self.path, dict(self.headers)))
        parts = urlsplit(self.path)
        self.route(unquote(parts.path), parse_qs(parts.query))

    def route(self, path: str, query: dict) -> None:
        segments = path.strip("/").split("/")
        head = segments[0]
        if head in ("feeds", "pages"):
            return self.serve_file(FIXTURES.joinpath(*segments), query, validators=True)
        if head == "plain":
            return self.serve_file(FIXTURES.joinpath(*segments[1:]), query, validators=False)
        if head == "redirect":
            n = int(segments[1])
            rest = "/".join(segments[2:])
            target = f"/redirect/{n - 1}/{rest}" if n > 1 else f"/{rest}"
            return self.send_body(302, b"", "text/plain", {"Location": target})
        if head == "flaky":
            key = segments[1]
            with self.server.lock:
                first = key not in self.server.flaky_seen
                self.server.flaky_seen.add(key)
            if first:
                return self.send_body(500, b"oops", "text/plain")
            return self.route("/" + "/".join(segments[2:]), query)
        if head == "gzip-bomb":
            return self.send_body(200, _gzip_bomb(), "application/rss+xml", {"Content-Encoding": "gzip"})
        if head == "goto":
            return self.send_body(302, b"", "text/plain", {"Location": query["to"][0]})
        if head == "generated":
            body, content_type = self.server.generated.get("/".join(segments[1:]), (None, None))
            if body is None:
                return self.send_body(404, b"not generated", "text/plain")
            return self.send_body(200, body, content_type)
        if head == "status":
            return self.send_body(int(segments[1]), b"status", "text/plain")
        if head == "slow":
            time.sleep(3)
            return self.send_body(200, b"<rss/>", "application/rss+xml")
        if head in ("big", "big-declared"):
            return self.serve_big(declared=head == "big-declared")
        return self.send_body(404, b"not found", "text/plain")

    def serve_file(self, path: Path, query: dict, validators: bool) -> None:
        if not path.is_file() or FIXTURES not in path.resolve().parents:
            return self.send_body(404, b"no such file", "text/plain")
        body = path.read_bytes()
        content_type = query.get("ct", [TYPES.get(path.suffix, "application/octet-stream")])[0]
        headers = {}
        if validators:
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
            if self.headers.get("If-None-Match") == etag or (
                not self.headers.get("If-None-Match") and self.headers.get("If-Modified-Since") == LAST_MODIFIED
            ):
                return self.send_body(304, b"", None, headers)
        return self.send_body(200, body, content_type, headers)

    def serve_big(self, declared: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        if declared:
            self.send_header("Content-Length", str(BIG))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        chunk = b"<!-- padding -->" * 4096
        try:
            for _ in range(BIG // len(chunk)):
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def send_body(self, status: int, body: bytes, content_type: str | None, headers: dict | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeouts are part of the tests)

    def log_message(self, format: str, *args) -> None:
        pass


_BOMB: list[bytes] = []


def _gzip_bomb() -> bytes:
    if not _BOMB:
        packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: a gzip stream
        zeros = bytes(1024 * 1024)
        _BOMB.append(b"".join([packer.compress(zeros) for _ in range(64)] + [packer.flush()]))
    return _BOMB[0]


class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[tuple[str, dict]] = []
        self.flaky_seen: set[str] = set()
        self.generated: dict[str, tuple[bytes, str]] = {}
        self.lock = threading.Lock()
        self.url = f"http://127.0.0.1:{self.server_address[1]}"

    def start(self) -> "FixtureServer":
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]
