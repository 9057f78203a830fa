"""URL canonicalization: re-fetches with tracking links get the same id; other sources get their own."""

import pytest

from aggregator.sources.urls import announcement_id, canonical_url


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://example.org/news/1?utm_source=fb&utm_medium=social", "https://example.org/news/1"),
        ("http://www.example.org/news/1/", "https://example.org/news/1"),
        ("https://m.example.org/news/1#comments", "https://example.org/news/1"),
        ("https://example.org/news?id=5&fbclid=abc", "https://example.org/news?id=5"),
        ("https://EXAMPLE.org/news?b=2&a=1", "https://example.org/news?a=1&b=2"),
        ("https://example.org:443/", "https://example.org/"),
        ("http://127.0.0.1:8765/feeds/x.xml", "https://127.0.0.1:8765/feeds/x.xml"),
    ],
    ids=["utm", "www-http-slash", "mobile-fragment", "fbclid", "case-and-order", "default-port", "port-kept"],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


def test_tracking_link_has_the_same_id_within_a_source_and_another_source_gets_its_own():
    a = announcement_id("https://org.example/events/42?utm_campaign=x", "site")
    assert a == announcement_id("http://m.org.example/events/42/", "site")
    assert a != announcement_id("http://m.org.example/events/42/", "telegram")
    assert canonical_url("https://org.example/events/42?utm_campaign=x") == canonical_url("http://m.org.example/events/42/")


def test_items_without_link_use_source_and_guid():
    assert announcement_id(None, "s1", "g1") != announcement_id(None, "s2", "g1")
    assert announcement_id(None, "s1", "g1") == announcement_id(None, "s1", "g1")
