"""sources.yaml validation: every mistake names the entry and the field."""

from __future__ import annotations

import copy

import pytest

from aggregator.errors import SourceRegistryError
from aggregator.sources.registry import load_registry, parse_registry

VALID = {
    "organizations": [
        {
            "id": "tn-teachers",
            "name": {"ar": "نقابة المعلمين", "latin": "Syndicat des enseignants"},
            "org_type": "union",
            "country": "TN",
            "sources": [{"kind": "rss", "url": "https://teachers.example.tn/feed"}],
        }
    ]
}


def with_change(path, value):
    data = copy.deepcopy(VALID)
    target = data["organizations"][0]
    *parents, last = path
    for key in parents:
        target = target[key]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return data


def test_valid_registry_defaults_timezone_from_country():
    (source,) = parse_registry(VALID)
    assert source.timezone == "Africa/Tunis"
    assert source.id == "tn-teachers-rss"
    assert source.org_name == "نقابة المعلمين" and source.org_name_latin == "Syndicat des enseignants"
    assert source.enabled and source.poll_interval_minutes == 60


@pytest.mark.parametrize(
    "change, message",
    [
        ((("country",), "XX"), "organization 'tn-teachers': field 'country' is 'XX'"),
        ((("org_type",), "club"), "field 'org_type' is 'club'"),
        ((("sources", 0, "kind"), "gopher"), "sources[0]: field 'kind' is 'gopher'"),
        ((("sources", 0, "url"), "ftp://x.example/feed"), "sources[0]: field 'url'"),
        ((("sources", 0, "url"), "not a url"), "sources[0]: field 'url'"),
        ((("timezone",), "Mars/Olympus"), "field 'timezone' is 'Mars/Olympus'"),
        ((("name",), KeyError), "field 'name'"),
        ((("sources",), []), "field 'sources'"),
        ((("id",), "Has Spaces"), "field 'id'"),
    ],
    ids=["unknown-country", "unknown-org-type", "unknown-kind", "ftp-url", "bad-url", "bad-timezone",
         "missing-name", "no-sources", "bad-id"],
)
def test_invalid_entries_name_entry_and_field(change, message):
    path, value = change
    with pytest.raises(SourceRegistryError) as info:
        parse_registry(with_change(path, value))
    assert message in str(info.value)


def test_duplicate_organization_id():
    data = copy.deepcopy(VALID)
    data["organizations"].append(copy.deepcopy(data["organizations"][0]))
    with pytest.raises(SourceRegistryError, match="organization 'tn-teachers': duplicate id"):
        parse_registry(data)


def test_unset_environment_variable_in_url_is_reported(monkeypatch):
    monkeypatch.delenv("NOT_SET_ANYWHERE", raising=False)
    with pytest.raises(SourceRegistryError, match="field 'url'"):
        parse_registry(with_change(("sources", 0, "url"), "${NOT_SET_ANYWHERE}/feed"))


def test_bundled_demo_registry_is_valid(monkeypatch):
    monkeypatch.setenv("AGGREGATOR_DEMO_URL", "http://127.0.0.1:8765")
    sources = load_registry("sources.yaml")
    assert len({s.org_id for s in sources}) >= 5
    assert {s.org_type for s in sources} >= {"party", "union", "ngo"}
    assert len({s.country for s in sources}) >= 5


def test_missing_file_says_how_to_fix(tmp_path):
    with pytest.raises(SourceRegistryError, match="AGGREGATOR_SOURCES"):
        load_registry(tmp_path / "nope.yaml")


def test_url_variables_take_a_default_or_name_the_missing_variable(tmp_path, monkeypatch):
    monkeypatch.delenv("DEMO_BASE", raising=False)
    body = """organizations:
  - id: tn-x
    name: {ar: منظمة}
    org_type: ngo
    country: TN
    sources:
      - kind: rss
        url: ${DEMO_BASE%s}/feed.xml
"""
    with_default = tmp_path / "a.yaml"
    with_default.write_text(body % ":-http://127.0.0.1:8765", encoding="utf-8")
    assert load_registry(with_default)[0].url == "http://127.0.0.1:8765/feed.xml"
    monkeypatch.setenv("DEMO_BASE", "http://127.0.0.1:9999")
    assert load_registry(with_default)[0].url == "http://127.0.0.1:9999/feed.xml"
    monkeypatch.delenv("DEMO_BASE")
    without = tmp_path / "b.yaml"
    without.write_text(body % "", encoding="utf-8")
    with pytest.raises(SourceRegistryError, match=r"\$\{DEMO_BASE\}, which is not set"):
        load_registry(without)
