"""Templates, aliases and the Arabic-aware analysis chain, against the real Elasticsearch."""

from __future__ import annotations

import pytest

from aggregator.index.analysis import ANALYZER
from aggregator.index.templates import NAMES, SCHEMA_VERSION, ensure_indices, write_index


def test_aliases_point_at_versioned_indices(module_indexed):
    indexed, settings = module_indexed
    for name in NAMES:
        alias = settings.index(name)
        assert write_index(indexed, alias) == f"{alias}-v1"
        assert indexed.indices.get_alias(name=alias)[f"{alias}-v1"]["aliases"][alias]["is_write_index"] is True


def test_ensure_indices_is_idempotent(indexed, settings):
    indexed.index(index=settings.index("events"), id="x", document={"event_id": "x", "start": "2026-03-12T20:00:00+01:00"},
                  refresh=True)
    again = ensure_indices(indexed, settings)
    assert again[settings.index("events")] == settings.index("events") + "-v1"
    assert indexed.count(index=settings.index("events"))["count"] == 1


EVENT_TYPES = [
    ("start", "date"), ("end", "date"), ("first_seen", "date"), ("timezone", "keyword"), ("platform", "keyword"),
    ("status", "keyword"), ("countries", "keyword"), ("org_types", "keyword"), ("organizer_names", "keyword"),
    ("organizers", "nested"), ("duration_minutes", "integer"), ("weekday", "byte"), ("local_hour", "byte"),
    ("title", "text"), ("merged_into", "keyword"), ("event_id", "keyword"),
]


def test_event_mapping(module_indexed):
    client, settings = module_indexed
    index = write_index(client, settings.index("events"))
    props = client.indices.get_mapping(index=index)[index]["mappings"]["properties"]
    assert {f: props[f]["type"] for f, _ in EVENT_TYPES} == dict(EVENT_TYPES)


def test_mapping_details(module_indexed):
    indexed, settings = module_indexed

    def props(name):
        index = write_index(indexed, settings.index(name))
        return indexed.indices.get_mapping(index=index)[index]["mappings"]

    events = props("events")
    assert events["_meta"]["schema_version"] == SCHEMA_VERSION["events"]
    assert events["properties"]["title"]["analyzer"] == ANALYZER
    assert events["properties"]["title"]["fields"]["keyword"]["type"] == "keyword"
    org = events["properties"]["organizers"]["properties"]
    assert (org["id"]["type"], org["type"]["type"], org["country"]["type"], org["name"]["type"]) == ("keyword", "keyword", "keyword", "text")
    announcements = props("announcements")["properties"]
    assert announcements["pending"]["type"] == "boolean" and announcements["text"]["analyzer"] == ANALYZER
    assert announcements["extraction"]["properties"]["is_event"]["type"] == "boolean"
    sources = props("sources")
    assert sources["dynamic"] in (True, "true")
    assert sources["properties"]["last_fetch"]["type"] == "date"


def test_a_plain_index_of_an_older_build_is_migrated(es_client, settings):
    alias = settings.index("events")
    es_client.indices.create(index=alias)
    es_client.index(index=alias, id="old", document={"event_id": "old", "title": "ندوة"}, refresh=True)
    ensure_indices(es_client, settings)
    assert write_index(es_client, alias) == f"{alias}-v1"
    assert es_client.get(index=alias, id="old")["_source"]["title"] == "ندوة"


def _tokens(client, index, text):
    return {t["token"] for t in client.indices.analyze(index=index, analyzer=ANALYZER, text=text)["tokens"]}


MATCHES = [
    ("ندوة", "الندوات"),
    ("الانتخابات", "انتخابات"),
    ("انتخابات", "الانتخابات التشريعية"),
    ("ندوه", "ندوة"),  # typed without ta marbuta
    ("الى", "إلى"),
    ("اضراب", "الإضراب العام"),  # hamza on alef
    ("مؤتمر", "المؤتمرات"),
    ("election", "Élections municipales"),
    ("webinar", "Webinars"),
    ("élection", "l'élection"),
    ("2026", "٢٠٢٦"),  # Arabic-Indic digits
]


@pytest.mark.parametrize(("query", "text"), MATCHES, ids=[f"{q}~{t}" for q, t in MATCHES])
def test_analyzer_matches_what_people_type(module_indexed, query, text):
    indexed, settings = module_indexed
    index = settings.index("events")
    if query in ("الى",):  # a stop word: gone on both sides, neither finds nor blocks
        assert not _tokens(indexed, index, query)
        return
    assert _tokens(indexed, index, query) <= _tokens(indexed, index, text)


def test_stop_words_removed(module_indexed):
    indexed, settings = module_indexed
    assert _tokens(indexed, settings.index("events"), "ندوة في الرباط على الساعة") == {"ندو", "رباط", "ساع"}


def test_search_through_the_alias(module_indexed):
    indexed, settings = module_indexed
    index = settings.index("events")
    docs = {"1": "الندوات الرقمية للشباب", "2": "انتخابات 2026", "3": "Webinaire : les élections municipales", "4": "مباراة كرة القدم"}
    for doc_id, title in docs.items():
        indexed.index(index=index, id=doc_id, document={"event_id": doc_id, "title": title})
    indexed.indices.refresh(index=index)

    def found(text):
        hits = indexed.search(index=index, query={"match": {"title": text}})["hits"]["hits"]
        return {h["_id"] for h in hits}

    assert found("ندوة") == {"1"}
    assert found("الانتخابات") == {"2"}
    assert found("election") == {"3"}
    assert found("élections") == {"3"}
