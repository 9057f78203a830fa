"""Writes saved_objects.ndjson: data views on `events` and `sources` and the "Online civic events" dashboard.

The NDJSON is committed; this script is how it was made (edit here, re-run, commit both):
    .venv/bin/python docker/kibana/build_saved_objects.py
Objects use the shape Kibana 8.12 exports (Lens with the formBased datasource, dashboard panels
referencing Lens objects by panelRefName), so `POST /api/saved_objects/_import` takes them as is.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
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

LAYOUT = [  # (x, y, w, h) on Kibana's 48-column grid
    (0, 0, 24, 15), (24, 0, 24, 15), (0, 15, 24, 18), (24, 15, 24, 18), (0, 33, 24, 15), (24, 33, 24, 15),
]


def dashboard():
    panels, references = [], []
    for i, (vis, (x, y, w, h)) in enumerate(zip(VISUALIZATIONS, LAYOUT), 1):
        key = str(i)
        panels.append({"version": KIBANA, "type": "lens", "gridData": {"x": x, "y": y, "w": w, "h": h, "i": key},
                       "panelIndex": key, "embeddableConfig": {"enhancements": {}}, "panelRefName": f"panel_{key}"})
        references.append({"name": f"{key}:panel_{key}", "type": "lens", "id": vis["id"]})
    search = {"query": {"query": "not merged_into:*", "language": "kuery"}, "filter": []}
    return obj("dashboard", "civic-online-events", {
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
            *VISUALIZATIONS, dashboard()]


def main() -> None:
    lines = [json.dumps(o, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for o in objects()]
    (HERE / "saved_objects.ndjson").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
