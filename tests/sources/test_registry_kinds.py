"""Registry rules added with the fetchers: every kind, selectors, Telegram URLs, unknown fields."""

from __future__ import annotations

import pytest

from aggregator.errors import SourceRegistryError
from aggregator.sources.registry import parse_registry


def registry(**feed):
    return {"organizations": [{"id": "org", "name": {"ar": "منظمة"}, "org_type": "party", "country": "MA",
                               "languages": ["ar", "fr"], "sources": [{"kind": "rss", "url": "https://o.example/f", **feed}]}]}


@pytest.mark.parametrize("kind", ["rss", "atom", "ical", "events", "html", "telegram"])
def test_every_kind_is_accepted(kind):
    (source,) = parse_registry(registry(kind=kind, url="https://t.me/orgchannel"))
    assert source.kind == kind and source.timezone == "Africa/Casablanca"


def test_telegram_channel_links_become_the_web_preview():
    (source,) = parse_registry(registry(kind="telegram", url="https://t.me/orgchannel"))
    assert source.url == "https://t.me/s/orgchannel"


def test_listing_selectors_are_kept():
    (source,) = parse_registry(registry(kind="html", link_selector="h2.title > a", date_selector="time", max_posts=5))
    assert (source.link_selector, source.date_selector, source.max_posts) == ("h2.title > a", "time", 5)


@pytest.mark.parametrize(
    "feed, message",
    [
        ({"link_selector": "a[["}, "sources[0]: field 'link_selector' is not a valid CSS selector"),
        ({"pol_interval_minutes": 5}, "sources[0]: unknown field 'pol_interval_minutes'"),
        ({"enabled": "yes"}, "sources[0]: field 'enabled' must be true or false"),
        ({"poll_interval_minutes": 0}, "field 'poll_interval_minutes' must be a positive integer"),
        ({"allow_private_network": "yes"}, "sources[0]: field 'allow_private_network' must be true or false"),
    ],
    ids=["bad-selector", "typo-field", "enabled-not-bool", "zero-interval", "private-network-not-bool"],
)
def test_source_mistakes_name_entry_and_field(feed, message):
    with pytest.raises(SourceRegistryError) as info:
        parse_registry(registry(**feed))
    assert message in str(info.value) and "organization 'org'" in str(info.value)


def test_private_network_is_refused_unless_the_entry_allows_it():
    assert parse_registry(registry())[0].allow_private_network is False
    assert parse_registry(registry(allow_private_network=True))[0].allow_private_network is True


def test_the_bundled_demo_registry_opts_in_because_it_serves_on_loopback(monkeypatch):
    from aggregator.config import PROJECT_ROOT
    from aggregator.sources.registry import load_registry

    monkeypatch.setenv("AGGREGATOR_DEMO_URL", "http://127.0.0.1:8765")
    sources = load_registry(PROJECT_ROOT / "sources.yaml")
    assert sources and all(s.allow_private_network for s in sources)


def test_duplicate_source_id_across_organizations():
    data = registry(id="shared")
    data["organizations"].append({**data["organizations"][0], "id": "org2"})
    with pytest.raises(SourceRegistryError, match="organization 'org2': sources\\[0\\]: duplicate source id 'shared'"):
        parse_registry(data)
