"""The process pool started from a program whose main script cannot be imported a second time.

multiprocessing's forkserver children import the parent's main script again. Under `airflow standalone`
(LocalExecutor) the main script of a task process is `airflow`, and importing it in a child fails: the task's
environment gives Airflow a database URL it refuses. Every process run then failed with BrokenProcessPool
(seen with scripts/push_event.sh). This test runs the stage from a main script that, like that one, fails
when it is imported as anything but __main__."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from aggregator.dedup.command import parse_line
from aggregator.index.announcements import AnnouncementStore
from aggregator.index.templates import ensure_indices
from tests.es_helpers import count_pending

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "dedup" / "corpus.jsonl"

MAIN = '''
import json, sys
if __name__ != "__main__":
    raise RuntimeError("the main script was imported again, as " + __name__)
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from aggregator.config import load_settings
from aggregator.pipeline import process
pool = process._pool(2)
used = isinstance(pool, ProcessPoolExecutor)
pool.shutdown()
counts = process.process_pending(load_settings(), datetime(2026, 11, 21, 12, tzinfo=timezone.utc), batch_size=30, workers=2)
print(json.dumps({"pool": used, "counts": counts}))
'''


def test_the_stage_extracts_in_a_pool_under_a_main_script_that_cannot_be_imported_again(settings, es_client, tmp_path):
    lines = [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()][:90]
    docs = [parse_line(line, n) for n, line in enumerate(lines, 1)]
    ensure_indices(es_client, settings)
    store = AnnouncementStore.for_settings(es_client, settings)
    store.land(docs)
    store.refresh()
    script = tmp_path / "main_script.py"
    script.write_text(MAIN, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["pool"] is True  # really in worker processes, not the in-process fallback
    assert result["counts"]["announcements"] == len(docs) and result["counts"]["errors"] == 0
    assert count_pending(es_client, settings) == 0
