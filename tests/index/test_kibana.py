"""The Kibana saved objects: valid import NDJSON for Kibana 8, references resolve, fields exist with the right type."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aggregator.index.templates import MAPPINGS

ROOT = Path(__file__).resolve().parents[2]
NDJSON = ROOT / "docker" / "kibana" / "saved_objects.ndjson"
# Lens operation -> field types it can run on (Kibana's own rules, for the types we map)
AGGREGATABLE = {"keyword", "byte", "short", "integer", "long", "boolean", "date", "ip"}
OPERATIONS = {
    "date_histogram": {"date"},
    "terms": AGGREGATABLE,
    "last_value": AGGREGATABLE,
    "max": {"byte", "short", "integer", "long", "float", "double", "date"},
    "min": {"byte", "short", "integer", "long", "float", "double", "date"},
    "sum": {"byte", "short", "integer", "long", "float", "double"},
    "average": {"byte", "short", "integer", "long", "float", "double"},
    "unique_count": AGGREGATABLE,
}


def objects():
    return [json.loads(line) for line in NDJSON.read_text(encoding="utf-8").splitlines() if line.strip()]


def field_type(index: str, dotted: str):
    """(type, nested?) of a field in our mapping, following sub-fields like title.keyword."""
    props = MAPPINGS[index]["properties"]
    node, nested = None, False
    parts = dotted.split(".")
    for i, part in enumerate(parts):
        if part in props:
            node = props[part]
            nested = nested or node.get("type") == "nested"
            props = node.get("properties", {})
        elif node is not None and part in node.get("fields", {}):
            node = node["fields"][part]
        else:
            return None, False
    return node.get("type", "object"), nested


def test_every_line_is_a_kibana_8_export_object():
    seen = set()
    for obj in objects():
        assert {"type", "id", "attributes", "references", "coreMigrationVersion", "typeMigrationVersion"} <= set(obj)
        assert obj["coreMigrationVersion"].startswith("8.") and obj["typeMigrationVersion"].startswith("8.")
        assert (obj["type"], obj["id"]) not in seen
        seen.add((obj["type"], obj["id"]))
        for ref in obj["references"]:
            assert set(ref) == {"type", "id", "name"}
    assert NDJSON.read_bytes().endswith(b"\n") and b"\r" not in NDJSON.read_bytes()


def test_references_resolve_within_the_file():
    ids = {(o["type"], o["id"]) for o in objects()}
    for obj in objects():
        for ref in obj["references"]:
            assert (ref["type"], ref["id"]) in ids, f"{obj['id']} references missing {ref}"


def test_data_views_name_the_aliases():
    views = {o["attributes"]["title"]: o["attributes"] for o in objects() if o["type"] == "index-pattern"}
    assert set(views) == {"events", "sources"}
    assert field_type("events", views["events"]["timeFieldName"])[0] == "date"
    assert field_type("sources", views["sources"]["timeFieldName"])[0] == "date"


def _lens_fields():
    views = {o["id"]: o["attributes"]["title"] for o in objects() if o["type"] == "index-pattern"}
    for obj in objects():
        if obj["type"] != "lens":
            continue
        layers = obj["attributes"]["state"]["datasourceStates"]["formBased"]["layers"]
        refs = {r["name"]: r["id"] for r in obj["references"]}
        for layer_id, layer in layers.items():
            index = views[refs[f"indexpattern-datasource-layer-{layer_id}"]]
            assert layer["columnOrder"] and set(layer["columnOrder"]) == set(layer["columns"])
            for column_id, column in layer["columns"].items():
                yield obj["id"], index, column_id, column


@pytest.mark.parametrize(("vis", "index", "column_id", "column"), list(_lens_fields()),
                         ids=[f"{v}:{c['sourceField']}" for v, _, _, c in _lens_fields()])
def test_lens_fields_exist_with_a_usable_type(vis, index, column_id, column):
    if column["operationType"] == "count":
        assert column["sourceField"] == "___records___"
        return
    ftype, nested = field_type(index, column["sourceField"])
    assert ftype is not None, f"{vis}: {column['sourceField']} is not in the {index} mapping"
    assert not nested, f"{vis}: Lens cannot aggregate the nested field {column['sourceField']}"
    assert ftype in OPERATIONS[column["operationType"]], f"{vis}: {column['operationType']} on {ftype}"
    if "sortField" in column.get("params", {}):
        assert field_type(index, column["params"]["sortField"])[0] == "date"
    order = column.get("params", {}).get("orderBy", {})
    if order.get("type") == "column":
        assert order["columnId"] in {c for v, _, c, _ in _lens_fields() if v == vis}


def test_lens_visualizations_use_their_columns():
    for obj in objects():
        if obj["type"] != "lens":
            continue
        state = obj["attributes"]["state"]
        columns = set(state["datasourceStates"]["formBased"]["layers"]["layer1"]["columns"])
        text = json.dumps(state["visualization"])
        for column in columns:
            assert f'"{column}"' in text, f"{obj['id']}: column {column} is not shown"


def test_dashboard_panels():
    (board,) = [o for o in objects() if o["type"] == "dashboard"]
    assert board["attributes"]["title"] == "Online civic events"
    panels = json.loads(board["attributes"]["panelsJSON"])
    refs = {r["name"]: r for r in board["references"]}
    titles = {o["id"]: o["attributes"]["title"] for o in objects() if o["type"] in ("lens", "visualization")}
    shown = []
    for panel in panels:
        ref = refs[f"{panel['panelIndex']}:{panel['panelRefName']}"]
        assert ref["type"] == panel["type"] and ref["type"] in ("lens", "visualization")
        shown.append(titles[ref["id"]])
        grid = panel["gridData"]
        assert grid["i"] == panel["panelIndex"] and grid["x"] + grid["w"] <= 48
    for wanted in ("Events per week by kind of organization", "Platform share over time", "Top organizers",
                   "Events by country", "Hour of day × weekday", "Source health",
                   "Events per period, by topic", "Events per topic over the whole range",
                   "Events per period, by kind of organization", "Platform share per period"):
        assert any(t.startswith(wanted) for t in shown), wanted
    json.loads(board["attributes"]["kibanaSavedObjectMeta"]["searchSourceJSON"])


def _vegas():
    for obj in objects():
        if obj["type"] == "visualization":
            state = json.loads(obj["attributes"]["visState"])
            assert state["type"] == "vega"
            yield obj, json.loads(state["params"]["spec"])


def test_vega_panels_are_the_trends_page_specs():
    """One definition per chart: Kibana gets the page's spec, with an Elasticsearch data block in front."""
    page = {c["id"]: c for c in json.loads((ROOT / "aggregator" / "web" / "static" / "trends-specs.json")
                                           .read_text(encoding="utf-8"))["charts"]}
    vegas = {obj["id"].removeprefix("civic-vega-"): spec for obj, spec in _vegas()}
    assert set(vegas) == set(page)
    for chart_id, spec in vegas.items():
        mine = page[chart_id]["spec"]
        assert spec["$schema"] == mine["$schema"] and "/vega-lite/v5" in spec["$schema"]
        assert spec["mark"] == mine["mark"] and spec["encoding"] == mine["encoding"], chart_id
        url = spec["data"]["url"]
        assert url["index"] == "events" and url["%context%"] is True and url["%timefield%"] == "start"
        # the transforms end on the rows the page feeds: period, key, count, label
        assert [t.get("as") for t in spec["transform"][1:5]] == ["period", "key", "count", "label"]


def test_dashboard_filter_controls():
    (board,) = [o for o in objects() if o["type"] == "dashboard"]
    controls = json.loads(board["attributes"]["controlGroupInput"]["panelsJSON"])
    fields = sorted(c["explicitInput"]["fieldName"] for c in controls.values())
    assert fields == ["countries", "org_types", "organizer_names", "platform"]
    refs = {r["name"]: r["id"] for r in board["references"]}
    for control_id, control in controls.items():
        assert control["type"] == "optionsListControl"
        assert refs[f"controlGroup_{control_id}:optionsListDataView"] == "civic-events-data-view"
        ftype, nested = field_type("events", control["explicitInput"]["fieldName"])
        assert ftype == "keyword" and not nested


def _es_body(spec):
    """The Vega data request as Kibana sends it: %timefilter% filled, %context% turned into the query."""
    text = json.dumps(spec["data"]["url"]["body"])
    text = text.replace('{"%timefilter%": "min"}', '"2026-03-09T00:00:00Z"').replace(
        '{"%timefilter%": "max"}', '"2026-03-29T23:59:59Z"')
    body = json.loads(text)
    body["query"] = {"bool": {"filter": [{"range": {"start": {"gte": "2026-03-09", "lt": "2026-03-30"}}}],
                              "must_not": [{"exists": {"field": "merged_into"}}]}}
    return body


def test_vega_requests_run_on_the_events_index(module_seeded):
    """Each panel's request, sent to a real Elasticsearch: three weeks, the split's buckets, the none bucket."""
    client, settings = module_seeded
    for obj, spec in _vegas():
        body = _es_body(spec)
        response = client.search(index=settings.index("events"), **body)
        buckets = response["aggregations"]["over_time"]["buckets"]
        assert len(buckets) == 3, obj["id"]
        keys = {b["key"] for week in buckets for b in week["by"]["buckets"] if b["doc_count"]}
        if "topic" in obj["id"]:
            assert {"elections", "labour", "none"} <= keys, keys
        elif "org-types" in obj["id"]:
            assert keys == {"union", "ngo", "party"}
        else:
            assert {"zoom", "youtube"} <= keys


def test_fields_are_aggregatable_in_the_live_indices(module_seeded):
    """What Kibana itself will ask: _field_caps on the aliases the data views name (fed like the pipeline does)."""
    from aggregator.index.bulk import bulk_upsert

    client, settings = module_seeded
    health = {"source_id": "ma-umt-rss", "org_id": "ma-umt", "org_type": "union", "country": "MA", "kind": "rss",
              "url": "https://example.org/feed", "last_fetch": "2026-11-21T08:00:00+00:00", "status": "ok",
              "http_status": 200, "items_seen": 12, "items_new": 1, "bytes": 5120, "duration_ms": 300, "error": None,
              "consecutive_failures": 0, "etag": '"abc"', "last_modified": None}
    bulk_upsert(client, settings.index("sources"), [("ma-umt-rss", health)], partial=True, refresh=True)
    views = {o["id"]: o["attributes"]["title"] for o in objects() if o["type"] == "index-pattern"}
    wanted: dict[str, set[str]] = {}
    for _, index, _, column in _lens_fields():
        if column["operationType"] != "count":
            wanted.setdefault(index, set()).add(column["sourceField"])
    for index, fields in wanted.items():
        assert index in views.values()
        caps = client.field_caps(index=settings.index(index), fields=sorted(fields))["fields"]
        for name in fields:
            assert name in caps, name
            (info,) = caps[name].values()
            assert info["aggregatable"], name


def test_import_script_posts_to_the_saved_objects_api():
    script = (ROOT / "docker" / "kibana" / "import.sh").read_text()
    assert "/api/saved_objects/_import?overwrite=true" in script and "kbn-xsrf" in script
    assert "saved_objects.ndjson" in script
