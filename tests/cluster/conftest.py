"""One real `make cluster` for the module: started by scripts/cluster.sh, stopped even when a test fails."""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 290  # seconds; on a loaded 2-core machine Elasticsearch alone can take two minutes
FIGURES = ROOT / "var" / "cluster-test-figures.json"


class Cluster:
    """What scripts/cluster/run.py wrote to state.json, and small clients for its services."""

    def __init__(self, home: Path, state: dict, secrets: dict):
        self.home = home
        self.state = state
        self.secrets = secrets
        self.api = state["airflow"] + "/api/v2"
        self.feeds = state["feeds"]
        self.ca = Path(state["ca"])
        self.es = state["elasticsearch"][0]

    def es_url(self, user: str = "civic_pipeline", ca: Path | None = None) -> str:
        """An ELASTICSEARCH_URL for ``user``, verifying against ``ca`` (default: the cluster's CA)."""
        host = self.es.removeprefix("https://")
        return f"https://{user}:{self.secrets[user]}@{host}?ca_certs={ca or self.ca}"

    def airflow(self, method: str, path: str, body: dict | None = None):
        request = urllib.request.Request(self.api + path, method=method,
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def es_admin(self, method: str, path: str, body: dict | None = None):
        context = ssl.create_default_context(cafile=str(self.ca))
        token = base64.b64encode(f"civic_admin:{self.secrets['civic_admin']}".encode()).decode()
        request = urllib.request.Request(self.es + path, method=method,
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30, context=context) as response:
            return json.loads(response.read() or b"null")

    def get(self, url: str, headers: dict | None = None) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def worker_log(self, worker: str) -> str:
        return (self.home / "logs" / f"{worker}.log").read_text(errors="replace")


def _tree_pss(pids: list[int]) -> int:
    """Proportional set size (bytes) of ``pids`` and all their descendants, from /proc: pages shared by
    forked processes (Celery's pool, Airflow's task runners) are counted once, not once per process."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    seen, stack = set(), list(pids)
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        stack.extend(children.get(pid, []))
    total = 0
    for pid in seen:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
        except (OSError, ValueError):
            continue
    return total


class _MemorySampler(threading.Thread):
    def __init__(self, roots):
        super().__init__(daemon=True)
        self.roots = roots
        self.peak = 0
        self.halt = threading.Event()

    def run(self):
        while not self.halt.wait(1.0):
            self.peak = max(self.peak, _tree_pss(self.roots()))


@pytest.fixture(scope="package")
def cluster(tmp_path_factory):
    """`make cluster` in a throwaway CLUSTER_HOME; yields a Cluster once every component answers."""
    if os.getuid() != 0 and not (Path("/usr/bin/redis-server").exists() and list(Path("/usr/lib/postgresql").glob("*/bin/postgres"))):
        pytest.skip("make cluster needs redis-server and postgresql (Debian packages): install them or run as root")
    home = tmp_path_factory.mktemp("cluster")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "AGGREGATOR_", "ELASTICSEARCH"))}
    # The demo dates follow today (no DEMO_ANCHOR), so the events are upcoming and in the feeds. The
    # JVM's quick compiler only: Elasticsearch starts in about half the CPU time (a test cluster).
    env.pop("DEMO_ANCHOR", None)
    env.update({"CLUSTER_HOME": str(home), "AIRFLOW__LOGGING__LOGGING_LEVEL": "INFO",
                "CLUSTER_ES_JAVA_OPTS": "-XX:TieredStopAtLevel=1"})
    started = time.monotonic()
    out = open(home / "cluster.out", "wb")
    proc = subprocess.Popen([str(ROOT / "scripts" / "cluster.sh")], env=env, stdout=out, stderr=subprocess.STDOUT,
                            start_new_session=True)
    state_file = home / "state.json"

    def state() -> dict:
        try:
            return json.loads(state_file.read_text())
        except (OSError, ValueError):
            return {}

    sampler = _MemorySampler(lambda: [proc.pid, *state().get("pids", {}).values()])
    sampler.start()
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not state().get("ready"):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"make cluster did not come up (exit {proc.poll()}):\n"
                            + (home / "cluster.out").read_text(errors="replace")[-4000:])
            time.sleep(1)
        up = time.monotonic() - started
        cluster = Cluster(home, state(), json.loads((home / "secrets.json").read_text()))
        cluster.started_in = up
        yield cluster
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        for pid in state().get("pids", {}).values():  # whatever the orchestrator could not stop
            try:
                os.killpg(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        runtime = state().get("runtime")
        if runtime and Path(runtime) != home:  # PostgreSQL's and Elasticsearch's files, moved where nobody reaches
            shutil.rmtree(runtime, ignore_errors=True)
        sampler.halt.set()
        sampler.join()
        figures = {"wall_seconds": round(time.monotonic() - started, 1),
                   "started_in_seconds": round(locals().get("up", 0.0), 1),
                   "peak_pss_mib": round(sampler.peak / 2**20)}
        websub = home / "websub-seconds"
        if websub.exists():
            figures["websub_notification_to_feed_seconds"] = float(websub.read_text())
        FIGURES.parent.mkdir(parents=True, exist_ok=True)
        FIGURES.write_text(json.dumps(figures))
        print(f"\nmake cluster test figures: {figures}")
