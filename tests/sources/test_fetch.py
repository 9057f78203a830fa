"""HTTP fetching against the loopback fixture server: 304, redirects, size cap, slow, 5xx retry, 404."""

from __future__ import annotations

import time

import pytest

from aggregator.errors import FetchError
from aggregator.sources.fetch import HostLimiter, fetch, make_client

UA = "civic-events-test/1 (+https://example.invalid)"


@pytest.fixture()
def http():
    with make_client(user_agent=UA, timeout=1.0, max_redirects=3, allow_private_network=True) as client:
        yield client


def test_conditional_get_answers_304_with_etag_or_last_modified(server, http):
    first = fetch(http, f"{server.url}/feeds/rss2-ar.xml")
    assert first.status == 200 and first.etag and first.last_modified
    assert fetch(http, f"{server.url}/feeds/rss2-ar.xml", etag=first.etag).not_modified
    assert fetch(http, f"{server.url}/feeds/rss2-ar.xml", last_modified=first.last_modified).not_modified
    headers = server.requests[1][1]
    assert headers["If-None-Match"] == first.etag and headers["User-Agent"] == UA


def test_redirects_followed_and_bounded(server, http):
    result = fetch(http, f"{server.url}/redirect/3/feeds/rss1.rdf")
    assert result.status == 200 and result.url.endswith("/feeds/rss1.rdf")
    with pytest.raises(FetchError, match="too many redirects"):
        fetch(http, f"{server.url}/redirect/4/feeds/rss1.rdf")


@pytest.mark.parametrize("route", ["big", "big-declared"], ids=["streamed", "content-length"])
def test_size_cap_stops_a_50_mb_body(server, http, route):
    started = time.monotonic()
    with pytest.raises(FetchError, match="exceeds the 1048576-byte cap"):
        fetch(http, f"{server.url}/{route}", max_bytes=1024 * 1024)
    assert time.monotonic() - started < 5


def test_slow_server_times_out_after_retries(server, http):
    with pytest.raises(FetchError, match=r"timed out .*after 2 attempts"):
        fetch(http, f"{server.url}/slow", retries=1, backoff=0.01)
    assert server.paths() == ["/slow", "/slow"]


def test_500_then_200_is_retried(server, http):
    result = fetch(http, f"{server.url}/flaky/a1/feeds/rss1.rdf", backoff=0.01)
    assert result.status == 200 and result.attempts == 2


def test_404_is_not_retried(server, http):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(http, f"{server.url}/status/404", backoff=0.01)
    assert server.paths() == ["/status/404"]


def test_500_after_retries_is_reported(server, http):
    with pytest.raises(FetchError, match="HTTP 503"):
        fetch(http, f"{server.url}/status/503", retries=2, backoff=0.01)
    assert len(server.paths()) == 3


def test_host_limiter_bounds_concurrency():
    import threading

    limiter = HostLimiter(per_host=2)
    active, peak, lock = [0], [0], threading.Lock()

    def work():
        with limiter.slot("https://a.example/x"):
            with lock:
                active[0] += 1
                peak[0] = max(peak[0], active[0])
            time.sleep(0.05)
            with lock:
                active[0] -= 1

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] == 2
