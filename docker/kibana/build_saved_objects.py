"""Writes saved_objects.ndjson: data views on `events` and `sources` and the "Online civic events" dashboard.

The dashboard has the Lens panels, the Vega visualizations of the /trends page (the very specs
of aggregator/web/static/trends-specs.json, given an Elasticsearch data block here: topic and
the others), and filter controls (country, kind of organization, platform, organizer).

The NDJSON is committed; this script is how it was made (edit here, re-run, commit both):
    .venv/bin/python docker/kibana/build_saved_objects.py
Objects use the shape Kibana 8.12 exports (Lens with the formBased datasource, dashboard panels
referencing Lens objects by panelRefName), so `POST /api/saved_objects/_import` takes them as is.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SPECS = ROOT / "aggregator" / "web" / "static" / "trends-specs.json"
KIBANA = "8.12.2"
EVENTS_DV, SOURCES_DV = "civic-events-data-view", "civic-sources-data-view"
STAMP = "2026-11-21T00:00:00.000Z"


def obj(type_, id_, attributes, references=(), migration="8.9.0"):
    return {
        "attributes": attributes, "coreMigrationVersion": "8.8.0", "created_at": STAMP, "id": id_, "managed": False,
        "references": list(references), "type": type_, "typeMigrationVersion": migration, "updated_at": STAMP,
    }


def data_view(id_, title, time_field, name):
    return obj("index-pattern", id_, {
        "title": title, "name": name, "timeFieldName": time_field, "allowNoIndex": True,
        "fieldAttrs": "{}", "fieldFormatMap": "{}", "runtimeFieldMap": "{}", "sourceFilters": "[]", "fields": "[]",
        "typeMeta": "{}",
    }, migration="8.0.0")


COUNT = {"label": "Events", "dataType": "number", "operationType": "count", "isBucketed": False, "scale": "ratio",
         "sourceField": "___records___", "params": {"emptyAsNull": True}, "customLabel": True}


def date_histogram(field, interval="w", label="Week"):
    return {"label": label, "dataType": "date", "operationType": "date_histogram", "sourceField": field,
            "isBucketed": True, "scale": "interval", "params": {"interval": interval, "includeEmptyRows": True, "dropPartials": False},
            "customLabel": True}


def terms(field, size, order_by="m", label=None, alphabetical=False):
    order = {"type": "alphabetical", "fallback": False} if alphabetical else {"type": "column", "columnId": order_by}
    return {"label": label or field, "dataType": "string", "operationType": "terms", "sourceField": field,
            "isBucketed": True, "scale": "ordinal", "customLabel": bool(label),
            "params": {"size": size, "orderBy": order, "orderDirection": "asc" if alphabetical else "desc",
                       "otherBucket": not alphabetical, "missingBucket": False, "parentFormat": {"id": "terms"}}}


def metric(op, field, label, **params):
    return {"label": label, "dataType": "number" if op != "last_value" else "string", "operationType": op,
            "sourceField": field, "isBucketed": False, "scale": "ratio", "customLabel": True, "params": params}


def lens(id_, title, vis_type, visualization, columns, data_view_id, description=""):
    layer = "layer1"
    return obj("lens", id_, {
        "title": title, "description": description, "visualizationType": vis_type,
        "state": {
            "visualization": visualization, "query": {"query": "", "language": "kuery"}, "filters": [],
            "datasourceStates": {"formBased": {"layers": {layer: {
                "columns": columns, "columnOrder": list(columns), "incompleteColumns": {}, "sampling": 1}}}},
            "internalReferences": [], "adHocDataViews": {},
        },
    }, [{"type": "index-pattern", "id": data_view_id, "name": f"indexpattern-datasource-layer-{layer}"}])


def xy(series, x, accessors, split=None):
    layer = {"layerId": "layer1", "layerType": "data", "seriesType": series, "xAccessor": x, "accessors": accessors,
             "position": "top", "showGridlines": False}
    if split:
        layer["splitAccessor"] = split
    return {"legend": {"isVisible": True, "position": "right"}, "valueLabels": "hide", "fittingFunction": "None",
            "preferredSeriesType": series, "layers": [layer],
            "axisTitlesVisibilitySettings": {"x": True, "yLeft": True, "yRight": True},
            "tickLabelsVisibilitySettings": {"x": True, "yLeft": True, "yRight": True},
            "gridlinesVisibilitySettings": {"x": True, "yLeft": True, "yRight": True}}



VISUALIZATIONS = [
    lens("civic-events-per-week-by-org-type", "Events per week by kind of organization", "lnsXY",
         xy("bar_stacked", "x", ["m"], "s"),
         {"x": date_histogram("start"), "s": terms("org_types", 5, label="Kind of organization"), "m": COUNT}, EVENTS_DV),
    lens("civic-platform-share", "Platform share over time", "lnsXY",
         xy("area_percentage_stacked", "x", ["m"], "s"),
         {"x": date_histogram("start"), "s": terms("platform", 7, label="Platform"), "m": COUNT}, EVENTS_DV),
    lens("civic-top-organizers", "Top organizers", "lnsXY",
         xy("bar_horizontal", "o", ["m"]),
         {"o": terms("organizer_names", 20, label="Organizer"), "m": COUNT}, EVENTS_DV),
    lens("civic-events-by-country", "Events by country", "lnsPie",
         {"shape": "donut", "layers": [{"layerId": "layer1", "layerType": "data", "primaryGroups": ["c"], "metrics": ["m"],
                                        "numberDisplay": "value", "categoryDisplay": "default", "legendDisplay": "default",
                                        "nestedLegend": False}]},
         {"c": terms("countries", 25, label="Country"), "m": COUNT}, EVENTS_DV),
    lens("civic-hour-weekday-heatmap", "Hour of day × weekday (event's local time)", "lnsHeatmap",
         {"shape": "heatmap", "layerId": "layer1", "layerType": "data", "xAccessor": "h", "yAccessor": "d", "valueAccessor": "m",
          "legend": {"isVisible": True, "position": "right", "type": "heatmap_legend"},
          "gridConfig": {"type": "heatmap_grid", "isCellLabelVisible": False, "isYAxisLabelVisible": True,
                         "isXAxisLabelVisible": True, "isYAxisTitleVisible": True, "isXAxisTitleVisible": True}},
         {"h": terms("local_hour", 24, label="Local hour", alphabetical=True),
          "d": terms("weekday", 7, label="Weekday (1 = Monday)", alphabetical=True), "m": COUNT}, EVENTS_DV),
    lens("civic-source-health", "Source health", "lnsDatatable",
         {"layerId": "layer1", "layerType": "data",
          "columns": [{"columnId": c} for c in ("src", "status", "fails", "last", "http", "seen")]},
         {"src": terms("source_id", 500, order_by="fails", label="Source"),
          "status": metric("last_value", "status", "Status", sortField="last_fetch", showArrayValues=False),
          "fails": metric("max", "consecutive_failures", "Consecutive failures", emptyAsNull=True),
          "last": {**metric("max", "last_fetch", "Last fetch"), "dataType": "date"},
          "http": metric("last_value", "http_status", "HTTP status", sortField="last_fetch", showArrayValues=False),
          "seen": metric("max", "items_seen", "Items seen", emptyAsNull=True)}, SOURCES_DV),
]

def _split_agg(by: str) -> dict:
    """The bucket aggregation of one split, with the page's "none" bucket (see aggregator.index.trends)."""
    from aggregator.index.params import BY_FIELDS
    from aggregator.index.trends import NONE, topic_queries

    if by == "topic":
        return {"filters": {"filters": topic_queries(), "other_bucket_key": NONE, "keyed": False}}
    return {"terms": {"field": BY_FIELDS[by], "size": 10, "missing": NONE}}


def _label_expression(by: str) -> str:
    """A Vega expression giving each key the label the page shows (/api/trends labels)."""
    from aggregator.index.trends import NONE, TOPICS, key_label
    from aggregator.models import ORG_TYPES, PLATFORMS

    keys = {"topic": list(TOPICS), "org_type": list(ORG_TYPES), "platform": list(PLATFORMS)}.get(by, [])
    expression = "datum.key"
    for key in reversed([*keys, NONE]):
        expression = f"datum.key === {json.dumps(key)} ? {json.dumps(key_label(by, key))} : ({expression})"
    return expression


def vega_spec(chart: dict) -> dict:
    """The page's Vega-Lite spec of ``chart`` reading the events alias in Kibana (time picker, filters, query applied)."""
    body = {"size": 0, "aggs": {"over_time": {
        "date_histogram": {"field": "start", "calendar_interval": "week", "min_doc_count": 0,
                           "extended_bounds": {"min": {"%timefilter%": "min"}, "max": {"%timefilter%": "max"}}},
        "aggs": {"by": _split_agg(chart["by"])}}}}
    prelude = [
        {"flatten": ["by.buckets"], "as": ["b"]},
        {"calculate": "datum.key", "as": "period"},
        {"calculate": "datum.b.key", "as": "key"},
        {"calculate": "datum.b.doc_count", "as": "count"},
        {"calculate": _label_expression(chart["by"]), "as": "label"},
    ]
    spec = {**chart["spec"], "title": chart["title"],
            "data": {"url": {"index": "events", "%context%": True, "%timefield%": "start", "body": body},
                     "format": {"property": "aggregations.over_time.buckets"}},
            "transform": [*prelude, *chart["spec"].get("transform", [])]}
    return spec


def vega_visualizations() -> list[dict]:
    charts = json.loads(SPECS.read_text(encoding="utf-8"))["charts"]
    result = []
    for chart in charts:
        spec = vega_spec(chart)
        vis_state = {"title": chart["title"], "type": "vega", "aggs": [],
                     "params": {"spec": json.dumps(spec, ensure_ascii=False, indent=2)}}
        result.append(obj("visualization", f"civic-vega-{chart['id']}", {
            "title": chart["title"], "description": "Same Vega-Lite spec as the /trends page of the feed server.",
            "visState": json.dumps(vis_state, ensure_ascii=False), "uiStateJSON": "{}", "version": 1,
            "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps({"query": {"query": "", "language": "kuery"},
                                                                      "filter": []})},
        }, migration="8.5.0"))
    return result


# (field, title) of the dashboard's filter controls (options lists on the events data view)
CONTROLS = [("countries", "Country"), ("org_types", "Kind of organization"), ("platform", "Platform"),
            ("organizer_names", "Organizer")]


def control_group() -> tuple[dict, list[dict]]:
    panels, references = {}, []
    for order, (field, title) in enumerate(CONTROLS):
        control_id = f"civic-control-{field}"
        panels[control_id] = {"order": order, "width": "medium", "grow": True, "type": "optionsListControl",
                              "explicitInput": {"id": control_id, "fieldName": field, "title": title,
                                                "dataViewId": EVENTS_DV, "searchTechnique": "prefix",
                                                "selectedOptions": [], "enhancements": {}}}
        references.append({"name": f"controlGroup_{control_id}:optionsListDataView", "type": "index-pattern",
                           "id": EVENTS_DV})
    return {"chainingSystem": "HIERARCHICAL", "controlStyle": "oneLine", "showApplySelections": False,
            "ignoreParentSettingsJSON": json.dumps({"ignoreFilters": False, "ignoreQuery": False,
                                                    "ignoreTimerange": False, "ignoreValidations": False}),
            "panelsJSON": json.dumps(panels, separators=(",", ":"))}, references


LAYOUT = [  # (x, y, w, h) on Kibana's 48-column grid: the Lens panels, then the Vega ones
    (0, 0, 24, 15), (24, 0, 24, 15), (0, 15, 24, 18), (24, 15, 24, 18), (0, 33, 24, 15), (24, 33, 24, 15),
    (0, 48, 24, 16), (24, 48, 24, 16), (0, 64, 24, 16), (24, 64, 24, 16),
]


def dashboard():
    panels, references = [], []
    shown = [*VISUALIZATIONS, *vega_visualizations()]
    for i, (vis, (x, y, w, h)) in enumerate(zip(shown, LAYOUT, strict=True), 1):
        key = str(i)
        panels.append({"version": KIBANA, "type": vis["type"], "gridData": {"x": x, "y": y, "w": w, "h": h, "i": key},
                       "panelIndex": key, "embeddableConfig": {"enhancements": {}}, "panelRefName": f"panel_{key}"})
        references.append({"name": f"{key}:panel_{key}", "type": vis["type"], "id": vis["id"]})
    controls, control_refs = control_group()
    references.extend(control_refs)
    search = {"query": {"query": "not merged_into:*", "language": "kuery"}, "filter": []}
    return obj("dashboard", "civic-online-events", {
        "controlGroupInput": controls,
        "title": "Online civic events",
        "description": "Webinars and live streams announced by parties, unions and NGOs (merged duplicates excluded).",
        "panelsJSON": json.dumps(panels, separators=(",", ":")),
        "optionsJSON": json.dumps({"useMargins": True, "syncColors": True, "syncCursor": True, "syncTooltips": False,
                                   "hidePanelTitles": False}, separators=(",", ":")),
        "version": 1, "timeRestore": True, "timeFrom": "now-1y", "timeTo": "now+3M",
        "refreshInterval": {"pause": True, "value": 60000},
        "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps(search, separators=(",", ":"))},
    }, references)


def objects():
    return [data_view(EVENTS_DV, "events", "start", "Civic events"),
            data_view(SOURCES_DV, "sources", "last_fetch", "Civic event sources"),
            *VISUALIZATIONS, *vega_visualizations(), dashboard()]


def main() -> None:
    lines = [json.dumps(o, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for o in objects()]
    (HERE / "saved_objects.ndjson").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))  # the topic queries and labels come from aggregator.index.trends
    main()
