"""DAG integrity: the DAG files import cleanly with Airflow 3.3, with the expected tasks and Asset wiring."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.airflow

DAGS = Path(__file__).resolve().parent.parent / "dags"


@pytest.fixture(scope="module")
def dag_bag(airflow_db):
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))


def test_every_dag_file_imports_without_errors(dag_bag):
    assert dag_bag.import_errors == {}
    assert set(dag_bag.dag_ids) == {"collect_announcements", "process_announcements", "publish_calendars"}


EXPECTED_GRAPH = {
    "collect_announcements": {"list_sources": {"collect"}, "collect": {"summarize"}, "summarize": set()},
    "process_announcements": {"process": set()},
    "publish_calendars": {"publish": set()},
}


@pytest.mark.parametrize("dag_id", sorted(EXPECTED_GRAPH))
def test_task_graph(dag_bag, dag_id):
    dag = dag_bag.get_dag(dag_id)
    graph = {task.task_id: set(task.downstream_task_ids) for task in dag.tasks}
    assert graph == EXPECTED_GRAPH[dag_id]


EXPECTED_TIMEOUT_MINUTES = {
    ("collect_announcements", "list_sources"): 5,
    ("collect_announcements", "collect"): 10,
    ("collect_announcements", "summarize"): 5,
    ("process_announcements", "process"): 60,
    ("publish_calendars", "publish"): 15,
}


def test_every_task_has_a_time_limit_and_the_shared_retries(dag_bag):
    from civic_dags.common import TASK_RETRIES

    limits = {}
    for dag_id in EXPECTED_GRAPH:
        for task in dag_bag.get_dag(dag_id).tasks:
            assert task.retries == TASK_RETRIES, (dag_id, task.task_id)
            limits[(dag_id, task.task_id)] = task.execution_timeout.total_seconds() / 60
    assert limits == EXPECTED_TIMEOUT_MINUTES


def _asset_names(assets) -> set[str]:
    return {a.name for a in assets}


def _schedule_assets(dag) -> list[str]:
    from airflow.sdk import Asset

    condition = dag.timetable.asset_condition
    objects = getattr(condition, "objects", [condition])
    return [o.name for o in objects if isinstance(o, Asset)]


def test_assets_chain_collect_process_publish(dag_bag):
    collect = dag_bag.get_dag("collect_announcements")
    process = dag_bag.get_dag("process_announcements")
    publish = dag_bag.get_dag("publish_calendars")

    assert _asset_names(collect.get_task("summarize").outlets) == {"announcements"}
    assert _asset_names(process.get_task("process").outlets) == {"events"}
    assert _asset_names(publish.get_task("publish").outlets) == {"feeds"}

    # process and publish are scheduled on the Assets, not on a clock.
    assert _schedule_assets(process) == ["announcements"]
    assert _schedule_assets(publish) == ["events"]
    # collect has its own clock, and also runs when someone asks for a source to be fetched now.
    assert type(collect.timetable).__name__ == "AssetOrTimeSchedule"
    assert _schedule_assets(collect) == ["source_fetch_requests"]


def test_collect_is_mapped_one_task_per_source(dag_bag):
    collect = dag_bag.get_dag("collect_announcements").get_task("collect")
    assert type(collect).__name__.endswith("MappedOperator")


def test_dag_files_do_no_heavy_work_at_parse_time():
    """Parsing must not import the aggregator package (ES client, feedparser...) at top level."""
    code = (
        "import sys, runpy; sys.path.append(%r);"
        "[runpy.run_path(p) for p in %r];"
        "heavy = [m for m in ('aggregator', 'elasticsearch', 'feedparser', 'icalendar') if m in sys.modules];"
        "print(','.join(heavy))"
    ) % (str(DAGS), [str(p) for p in sorted(DAGS.glob("*.py"))])
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ, check=True)
    assert out.stdout.strip() == ""
