"""Run the three DAGs once, in order, with dag.test() over the configured sources, then print a summary.

This is what `make run` does after setting up Elasticsearch: it serves the demo feeds on 127.0.0.1
(unless AGGREGATOR_DEMO_URL is already set), so the real HTTP fetch path is used.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAG_ORDER = ["collect_announcements", "process_announcements", "publish_calendars"]


def main() -> int:
    os.environ.setdefault("AIRFLOW_HOME", str(ROOT / "var" / "airflow"))
    os.environ.setdefault("AIRFLOW__CORE__DAGS_FOLDER", str(ROOT / "dags"))
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    sys.path.insert(0, str(ROOT))
    server = None
    if not os.environ.get("AIRFLOW_DEMO_EXTERNAL") and not os.environ.get("AGGREGATOR_DEMO_URL"):
        from demo.server import start

        server, url = start()
        os.environ["AGGREGATOR_DEMO_URL"] = url
    try:
        return run_dags()
    finally:
        if server:
            server.shutdown()


def run_dags() -> int:
    migrate_metadata_db()
    from aggregator.config import load_settings
    from aggregator.pipeline.summary import format_summary, summarize

    bag = _dag_bag()
    started = time.monotonic()
    for dag_id in DAG_ORDER:
        dag = bag.get_dag(dag_id)
        t0 = time.monotonic()
        run = dag.test()
        state = str(getattr(run, "state", run))
        print(f"{dag_id:24s} {state} in {time.monotonic() - t0:.1f} s", flush=True)
        if "success" not in state:
            print(f"{dag_id} did not succeed; see the task logs above and under {os.environ['AIRFLOW_HOME']}/logs", file=sys.stderr)
            return 1
    settings = load_settings()
    feed = settings.public_dir / "calendar.ics"
    print()
    print(format_summary(summarize(settings), f"{feed} ({feed.stat().st_size if feed.exists() else 0} bytes)"))
    print(f"pipeline ran in {time.monotonic() - started:.1f} s")
    return 0


def migrate_metadata_db() -> None:
    """`airflow db migrate` once per AIRFLOW_HOME (SQLite under var/); idempotent, so safe to repeat."""
    import subprocess

    marker = Path(os.environ["AIRFLOW_HOME"]) / ".migrated-3.3.2"
    if marker.exists():
        return
    Path(os.environ["AIRFLOW_HOME"]).mkdir(parents=True, exist_ok=True)
    result = subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit("airflow db migrate failed (see above)")
    marker.touch()


def _dag_bag():
    from airflow.dag_processing.dagbag import DagBag

    # Airflow's own parsers put the bundle (DAGs folder) on sys.path; do the same here.
    folder = os.environ["AIRFLOW__CORE__DAGS_FOLDER"]
    if folder not in sys.path:
        sys.path.append(folder)
    bag = DagBag(dag_folder=folder)
    if bag.import_errors:
        for path, error in bag.import_errors.items():
            print(f"DAG import error in {path}:\n{error}", file=sys.stderr)
        raise SystemExit(1)
    return bag


if __name__ == "__main__":
    sys.exit(main())
