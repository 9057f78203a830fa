"""Asset events only when something changed, through the real DAGs (dag.test()) and the real Elasticsearch.

A second hourly run over the same demo feeds answers 304 everywhere: collect's summarize must end
skipped with no announcements event, so process and publish have nothing to react to; a process
run with nothing pending must emit no events event either."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_pipeline_e2e import RUN_AT, run_pipeline

pytestmark = [pytest.mark.airflow, pytest.mark.elasticsearch]

DAGS = Path(__file__).resolve().parents[2] / "dags"


def _asset_events() -> dict[str, int]:
    from airflow.models.asset import AssetEvent, AssetModel
    from airflow.utils.session import create_session
    from sqlalchemy import func, select

    with create_session() as session:
        rows = session.execute(
            select(AssetModel.name, func.count(AssetEvent.id)).join(AssetEvent, AssetEvent.asset_id == AssetModel.id)
            .group_by(AssetModel.name)
        ).all()
    return {name: count for name, count in rows}


def _task_states(dag_id: str) -> dict[str, str]:
    from airflow.dag_processing.dagbag import DagBag

    run = DagBag(dag_folder=str(DAGS)).get_dag(dag_id).test(run_after=RUN_AT, logical_date=RUN_AT)
    return {ti.task_id: str(ti.state) for ti in run.get_task_instances()}


def test_events_are_emitted_only_when_something_changed(settings, es_client, airflow_db, demo_feeds):
    before = _asset_events()
    states = run_pipeline()
    assert set(states.values()) == {"success"}, states
    first = _asset_events()
    assert first.get("announcements", 0) == before.get("announcements", 0) + 1
    assert first.get("events", 0) == before.get("events", 0) + 1

    # Nothing pending: process ends skipped, no events event.
    assert _task_states("process_announcements") == {"process": "skipped"}
    # Every source answers 304: summarize ends skipped, no announcements event; the run still succeeds.
    states = _task_states("collect_announcements")
    assert states["summarize"] == "skipped"
    assert set(states.values()) <= {"success", "skipped"}
    assert _asset_events() == first
