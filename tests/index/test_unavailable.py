"""Elasticsearch down: a clear error, the task fails (Airflow retries it), the retry writes everything once.

A loopback TCP proxy in front of the real cluster plays "ES down" (proxy closed) and "ES back"
(proxy reopened on the same port), so the client is pointed at one URL throughout.
"""

from __future__ import annotations

import dataclasses
import socket
import threading
from urllib.parse import urlparse

import pytest

from aggregator.errors import ElasticsearchUnavailable
from aggregator.index.bulk import bulk_upsert
from aggregator.index.client import connect
from aggregator.index.documents import event_document
from aggregator.index.templates import ensure_indices
from tests.index.seed import EVENTS


class Proxy:
    """Forwards 127.0.0.1:port to the real Elasticsearch while open; refuses connections when closed."""

    def __init__(self, target: str, port: int, fail_after: int | None = None):
        url = urlparse(target)
        self.target = (url.hostname, url.port)
        self.port = port
        self.fail_after = fail_after  # go away after this many _bulk requests (None: never)
        self.requests = 0
        self._server: socket.socket | None = None
        self._conns: list[socket.socket] = []

    def open(self) -> None:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(16)
        self._server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def close(self) -> None:
        if self._server:
            self._server.close()
            self._server = None
        for conn in self._conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            conn.close()
        self._conns.clear()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self._conns += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, counting: bool) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if counting and b"/_bulk" in data.split(b"\r\n", 1)[0]:
                    self.requests += 1
                    if self.fail_after is not None and self.requests > self.fail_after:
                        self.close()  # the node goes away in the middle of the work
                        return
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.close()
                except OSError:
                    pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def proxy(settings):
    proxy = Proxy(settings.elasticsearch_url, _free_port())
    yield proxy
    proxy.close()


def _write_events(settings) -> int:
    """What the process task does with Elasticsearch: prepare the indices, upsert the events."""
    client = connect(settings)
    ensure_indices(client, settings)
    return bulk_upsert(client, settings.index("events"), [(e.event_id, event_document(e)) for e in EVENTS],
                       refresh=True, chunk_size=4).written


def test_down_then_back_retry_writes_everything_once(settings, proxy, es_client):
    via_proxy = dataclasses.replace(settings, elasticsearch_url=f"http://127.0.0.1:{proxy.port}")
    with pytest.raises(ElasticsearchUnavailable) as caught:
        _write_events(via_proxy)
    message = str(caught.value)
    assert f"127.0.0.1:{proxy.port}" in message and "ELASTICSEARCH_URL" in message
    proxy.open()  # Elasticsearch is back: Airflow's retry runs the task again
    assert _write_events(via_proxy) == len(EVENTS)
    assert es_client.count(index=settings.index("events"))["count"] == len(EVENTS)


def test_dies_in_the_middle_of_a_bulk_then_retry(settings, proxy, es_client):
    via_proxy = dataclasses.replace(settings, elasticsearch_url=f"http://127.0.0.1:{proxy.port}")
    ensure_indices(es_client, settings)
    proxy.fail_after = 2  # two bulk chunks of 4 documents, then gone
    proxy.open()
    with pytest.raises(ElasticsearchUnavailable) as caught:
        _write_events(via_proxy)
    assert "documents had been written before" in str(caught.value)
    es_client.indices.refresh(index=settings.index("events"))
    assert 0 < es_client.count(index=settings.index("events"))["count"] < len(EVENTS)
    proxy.fail_after = None
    proxy.open()
    assert _write_events(via_proxy) == len(EVENTS)
    assert es_client.count(index=settings.index("events"))["count"] == len(EVENTS)
