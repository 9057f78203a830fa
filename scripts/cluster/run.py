"""`make cluster`: the production topology of docker/ started for real on one machine, loopback only.

PostgreSQL (metadata DB), Redis (Celery broker), a two-node Elasticsearch with security and TLS,
the Airflow api-server, scheduler, dag-processor, triggerer and two Celery workers, the demo feeds
(one loopback address per organization) and the feed server. Every port is chosen free at start.
Configuration uses the names of docker/docker-compose.yml. State lives under CLUSTER_HOME
(default var/cluster/): passwords in secrets.json (0600), the CA in certs/, logs in logs/, and
state.json, which says what runs where (tests read it). Ctrl-C (or SIGTERM) stops all of it.

    scripts/cluster.sh                       # what `make cluster` runs
    CLUSTER_HOME=/tmp/c scripts/cluster.sh   # another state directory
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import demo_hosts  # noqa: E402
import elasticsearch as es  # noqa: E402  (this folder's module, not the client library)

VENV_BIN = ROOT / ".venv" / "bin"
ES_VERSION = "8.12.2"
NOBODY = 65534
WORKERS = ("worker1", "worker2")
START_TIMEOUT = float(os.environ.get("CLUSTER_START_TIMEOUT", "240"))


def log(message: str) -> None:
    print(f"cluster: {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def es_home() -> Path:
    cache = os.environ.get("AGGREGATOR_CACHE") or (
        "/var/cache/civic-events-aggregator" if os.getuid() == 0
        else os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "civic-events-aggregator"))
    return Path(cache) / f"elasticsearch-{ES_VERSION}"


def run_as() -> list[str]:
    """PostgreSQL and Elasticsearch refuse root: as root they run as nobody."""
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"] if os.getuid() == 0 else []


def reachable_by_service_user(path: Path) -> bool:
    if not run_as():
        return True
    existing = path
    while not existing.exists():
        existing = existing.parent
    return subprocess.run([*run_as(), "test", "-x", str(existing)], capture_output=True).returncode == 0


def pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    if not found:
        raise SystemExit("cluster: PostgreSQL is not installed (scripts/cluster.sh installs Debian's postgresql as root)")
    return found[-1].parent


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, readable by its owner only from the first byte (passwords)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(text)


class Cluster:
    """Every process of the topology: started in dependency order, watched, stopped in reverse."""

    def __init__(self, home: Path):
        self.home = home
        # Services that run as nobody keep their files where nobody can reach (a clone under /root, 0700).
        self.runtime = home if reachable_by_service_user(home) else (
            es_home().parent / "run" / ("cluster-" + hashlib.sha1(str(home).encode()).hexdigest()[:16]))
        self.logs = home / "logs"
        self.procs: dict[str, subprocess.Popen] = {}
        self.pids: dict[str, int] = {}  # daemons that are not our children (Elasticsearch's -d)
        self.launchers: dict[str, subprocess.Popen] = {}
        self.ports: dict[str, int] = {}
        self.secrets: dict[str, str] = {}
        self.stopping = False

    # ------------------------------------------------------------------ set-up
    def prepare(self) -> None:
        for d in (self.home, self.logs, self.runtime):
            d.mkdir(parents=True, exist_ok=True)
        names = ["postgres", "redis", "api", "feeds", "demo", "triggerer_log",
                 *(f"{n}_{kind}" for n in es.NODES for kind in ("http", "transport")),
                 *(f"{w}_log" for w in WORKERS)]
        while True:
            self.ports = {name: free_port() for name in names}
            if len(set(self.ports.values())) == len(names):
                break
        secrets_file = self.home / "secrets.json"
        if secrets_file.exists():
            self.secrets = json.loads(secrets_file.read_text())
        wanted = ["postgres", "redis", "fernet", "jwt", "api_secret", *es.USERS]
        for key in wanted:
            if key == "fernet" and key not in self.secrets:
                from cryptography.fernet import Fernet

                self.secrets[key] = Fernet.generate_key().decode()
            self.secrets.setdefault(key, secrets.token_hex(16))
        write_private(secrets_file, json.dumps(self.secrets, indent=1))

    def spawn(self, name: str, argv: list[str], env: dict, cwd: Path | None = None) -> subprocess.Popen:
        out = open(self.logs / f"{name}.log", "ab")
        proc = subprocess.Popen(argv, env=env, cwd=cwd or ROOT, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        self.procs[name] = proc
        self.write_state(ready=False)
        return proc

    # ------------------------------------------------------------------ PostgreSQL, Redis
    def start_postgres(self) -> None:
        data = self.runtime / "postgres"
        env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LC_ALL": "C.UTF-8"}
        if not (data / "PG_VERSION").exists():
            data.mkdir(parents=True, exist_ok=True)
            pwfile = self.runtime / "pg-password"
            pwfile.write_text(self.secrets["postgres"] + "\n")
            if run_as():
                os.chown(data, NOBODY, NOBODY)
                os.chown(pwfile, NOBODY, NOBODY)
            os.chmod(data, 0o700)
            subprocess.run([*run_as(), str(pg_bin() / "initdb"), "-D", str(data), "-U", "airflow",
                            f"--pwfile={pwfile}", "--auth=scram-sha-256", "-E", "UTF8", "--no-instructions"],
                           env=env, check=True, capture_output=True)
            pwfile.unlink()
        self.spawn("postgres", [*run_as(), str(pg_bin() / "postgres"), "-D", str(data),
                                "-c", "listen_addresses=127.0.0.1", "-c", f"port={self.ports['postgres']}",
                                "-c", f"unix_socket_directories={data}", "-c", "max_connections=200"], env)

    def wait_postgres(self) -> None:
        env = {"PATH": "/usr/bin:/bin", "PGPASSWORD": self.secrets["postgres"]}
        args = ["-h", "127.0.0.1", "-p", str(self.ports["postgres"]), "-U", "airflow"]
        self.wait("PostgreSQL", lambda: subprocess.run([str(pg_bin() / "pg_isready"), *args, "-d", "postgres"],
                                                       env=env, capture_output=True).returncode == 0, "postgres")
        exists = subprocess.run([str(pg_bin() / "psql"), *args, "-d", "postgres", "-tAc",
                                 "SELECT 1 FROM pg_database WHERE datname='airflow'"], env=env,
                                capture_output=True, text=True, check=True).stdout.strip()
        if exists != "1":
            subprocess.run([str(pg_bin() / "createdb"), *args, "airflow"], env=env, check=True)

    def start_redis(self) -> None:
        redis = shutil.which("redis-server")
        if not redis:
            raise SystemExit("cluster: redis-server is not installed (scripts/cluster.sh installs Debian's as root)")
        (self.runtime / "redis").mkdir(exist_ok=True)
        self.spawn("redis", [redis, "--bind", "127.0.0.1", "--port", str(self.ports["redis"]),
                             "--requirepass", self.secrets["redis"], "--dir", str(self.runtime / "redis"),
                             "--save", "", "--appendonly", "yes", "--protected-mode", "yes"],
                   {"PATH": "/usr/bin:/bin"})

    # ------------------------------------------------------------------ Elasticsearch
    def start_elasticsearch(self) -> None:
        home = es_home()
        if not (home / "bin" / "elasticsearch").exists():
            subprocess.run([str(ROOT / "scripts" / "elasticsearch.sh"), "install"], check=True)
        base = self.runtime / "elasticsearch"
        java_env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "ES_JAVA_HOME": str(home / "jdk")}
        ca = es.make_certificates(home, self.home / "certs", {**java_env, "ES_PATH_CONF": str(home / "config")})
        self.ca = ca
        prefix = os.environ.get("AGGREGATOR_INDEX_PREFIX", "")
        for name in es.NODES:
            node = base / name
            es.write_node_config(home, node, name, self.ports, self.secrets, self.home / "certs", prefix,
                                 os.environ.get("ES_HEAP", "512m"))
            if run_as():
                subprocess.run(["chown", "-R", f"{NOBODY}:{NOBODY}", str(node)], check=True)
            (node / "es.pid").unlink(missing_ok=True)
            env = {**java_env, "ES_PATH_CONF": str(node / "config"), "ES_TMPDIR": str(node / "tmp"),
                   "ES_JAVA_OPTS": os.environ.get("CLUSTER_ES_JAVA_OPTS", "")}
            # `-d` returns once the node has started; both nodes start at once, in the background.
            self.launchers[name] = subprocess.Popen(
                [*run_as(), str(home / "bin" / "elasticsearch"), "-d", "-p", str(node / "es.pid")], env=env, cwd=node,
                stdout=open(self.logs / f"{name}.log", "ab"), stderr=subprocess.STDOUT, start_new_session=True)

    def elasticsearch_pids(self) -> dict[str, int]:
        found = {}
        for name in es.NODES:
            pidfile = self.runtime / "elasticsearch" / name / "es.pid"
            try:
                found[name] = int(pidfile.read_text())
            except (OSError, ValueError):
                pass
        return found

    def es_url(self, node: str = "es01") -> str:
        return f"https://127.0.0.1:{self.ports[f'{node}_http']}"

    def wait_elasticsearch(self) -> None:
        def green() -> bool:
            status, body = es.request(self.es_url(), "/_cluster/health?wait_for_nodes=2&timeout=2s",
                                      user="civic_admin", password=self.secrets["civic_admin"], ca=self.ca, timeout=5)
            return status == 200 and body["number_of_nodes"] == 2 and body["status"] in ("green", "yellow")

        def launched() -> bool:
            for name, launcher in self.launchers.items():
                if launcher.poll() not in (None, 0):
                    raise SystemExit(f"cluster: Elasticsearch {name} failed to start; last lines of its log:\n"
                                     f"{self.tail(name, 25)}")
            return all(launcher.poll() == 0 for launcher in self.launchers.values())

        self.wait("Elasticsearch to start", launched, None)
        self.pids.update(self.elasticsearch_pids())
        self.write_state(ready=False)
        self.wait("Elasticsearch (2 nodes, TLS)", green, None)

    # ------------------------------------------------------------------ Airflow and the feed server
    def registry(self) -> Path:
        """sources.yaml with each organization's demo feed on its own loopback address."""
        text = (ROOT / "sources.yaml").read_text()
        variable = re.compile(r"\$\{AGGREGATOR_DEMO_URL(?::-[^}]*)?\}")  # with or without a default
        count = len(variable.findall(text))
        hosts = iter(demo_hosts.addresses(count))
        text = variable.sub(lambda _: f"http://{next(hosts)}:{self.ports['demo']}", text)
        path = self.home / "sources.yaml"
        path.write_text(text)
        self.demo_count = count
        return path

    def airflow_env(self) -> dict:
        p, s = self.ports, self.secrets
        pg = f"airflow:{s['postgres']}@127.0.0.1:{p['postgres']}/airflow"
        api = f"http://127.0.0.1:{p['api']}"
        connection = {"conn_type": "elasticsearch", "host": "127.0.0.1", "port": p["es01_http"],
                      "login": "civic_pipeline", "password": s["civic_pipeline"],
                      "extra": {"scheme": "https", "ca_certs": str(self.ca)}}
        env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW") and k != "ELASTICSEARCH_URL"}
        env.update({
            "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "AIRFLOW_HOME": str(self.home / "airflow"),
            "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
            "AIRFLOW__CORE__AUTH_MANAGER": "airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager",
            # Loopback only: every local user is admin, as under `make up`; never expose these ports.
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"postgresql+psycopg2://{pg}",
            "AIRFLOW__CELERY__RESULT_BACKEND": f"db+postgresql://{pg}",
            "AIRFLOW__CELERY__BROKER_URL": f"redis://:{s['redis']}@127.0.0.1:{p['redis']}/0",
            "AIRFLOW__CELERY__WORKER_CONCURRENCY": os.environ.get("AIRFLOW_WORKER_CONCURRENCY", "4"),
            "AIRFLOW__CORE__FERNET_KEY": s["fernet"],
            "AIRFLOW__API_AUTH__JWT_SECRET": s["jwt"],
            "AIRFLOW__API__SECRET_KEY": s["api_secret"],
            "AIRFLOW__API__BASE_URL": api,
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__API__PORT": str(p["api"]),
            "AIRFLOW__API__WORKERS": "1",
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{api}/execution/",
            # The first Execution API call of a fresh worker can take longer than the default 5 s.
            "AIRFLOW__WORKERS__EXECUTION_API_TIMEOUT": "30",
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "false",
            "AIRFLOW__CORE__LOAD_EXAMPLES": "false",
            "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
            "AIRFLOW__CORE__PLUGINS_FOLDER": str(ROOT / "plugins"),
            "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "10",
            "AIRFLOW__LOGGING__LOGGING_LEVEL": os.environ.get("AIRFLOW__LOGGING__LOGGING_LEVEL", "INFO"),
            "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(p["triggerer_log"]),
            # The tasks read Elasticsearch from this Connection (dags/civic_dags/connection.py), with the CA.
            "AIRFLOW_CONN_ELASTICSEARCH_DEFAULT": json.dumps(connection),
            "AGGREGATOR_SOURCES": str(self.registry()),
            "AGGREGATOR_PUBLIC_DIR": str(self.home / "public"),
            "AGGREGATOR_PUBLIC_URL": f"http://127.0.0.1:{p['feeds']}",
            # The fetch-request watcher of the source_fetch_requests Asset (dags/civic_dags/intake.py).
            "AGGREGATOR_REDIS_URL": f"redis://:{s['redis']}@127.0.0.1:{p['redis']}/0",
            "AIRFLOW_CONN_REDIS_DEFAULT": json.dumps({"conn_type": "redis", "host": "127.0.0.1", "port": p["redis"],
                                                     "password": s["redis"], "extra": {"db": 0}}),
        })
        return env

    def feeds_env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
        env.update({
            "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            # The public-facing server reads as civic_feeds (read-only), verifying the cluster's CA.
            "ELASTICSEARCH_URL": f"https://civic_feeds:{self.secrets['civic_feeds']}@127.0.0.1:"
                                 f"{self.ports['es01_http']}?ca_certs={self.ca}",
            "AGGREGATOR_SOURCES": str(self.home / "sources.yaml"),
            "AGGREGATOR_PUBLIC_DIR": str(self.home / "public"),
            # WebSub and webhook intake (aggregator/web/intake.py): verified notifications go to Redis.
            "AGGREGATOR_REDIS_URL": f"redis://:{self.secrets['redis']}@127.0.0.1:{self.ports['redis']}/0",
            "AGGREGATOR_INTAKE_SECRETS": str(self.intake_secrets()),
        })
        return env

    def intake_secrets(self) -> Path:
        """The per-source secrets of WebSub subscriptions and webhooks ({} to start with; re-read per request)."""
        path = self.home / "intake-secrets.json"
        if not path.exists():
            write_private(path, "{}\n")
        return path

    def migrate(self, env: dict) -> None:
        marker = self.home / "airflow" / ".migrated"
        if marker.exists():
            return
        (self.home / "airflow").mkdir(parents=True, exist_ok=True)
        with open(self.logs / "airflow-db-migrate.log", "ab") as out:
            subprocess.run([str(VENV_BIN / "airflow"), "db", "migrate"], env=env, check=True, stdout=out,
                           stderr=subprocess.STDOUT, cwd=ROOT)
        marker.touch()

    def start_airflow(self, env: dict) -> None:
        airflow = str(VENV_BIN / "airflow")
        self.spawn("api-server", [airflow, "api-server", "--host", "127.0.0.1", "--port", str(self.ports["api"]),
                                  "--workers", "1"], env)
        self.spawn("scheduler", [airflow, "scheduler"], env)
        self.spawn("dag-processor", [airflow, "dag-processor"], env)
        # The log servers of triggerer and workers listen on every interface (Airflow hard-codes it):
        # skipped, the api-server reads the logs from the shared log folder instead.
        self.spawn("triggerer", [airflow, "triggerer", "--skip-serve-logs"], env)

    def start_workers(self, env: dict) -> None:
        airflow = str(VENV_BIN / "airflow")
        for worker in WORKERS:
            self.spawn(worker, [airflow, "celery", "worker", "--celery-hostname", f"{worker}@%h",
                                "--skip-serve-logs"],
                       {**env, "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(self.ports[f"{worker}_log"])})

    def start_feeds(self) -> None:
        self.spawn("feeds", [str(VENV_BIN / "aggregator"), "serve", "--host", "127.0.0.1",
                             "--port", str(self.ports["feeds"]), "--cache-seconds", "2"], self.feeds_env())

    def start_demo(self) -> None:
        env = {**os.environ, "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '')}"}
        self.spawn("demo", [str(VENV_BIN / "python"), str(HERE / "demo_hosts.py"), "--port", str(self.ports["demo"]),
                            "--count", str(self.demo_count)], env)

    def workers_registered(self) -> bool:
        """Both workers said `<celery hostname> ready.` (cheaper than `celery inspect ping`, which imports Airflow)."""
        return all(re.search(rf"{w}@\S+ ready\.", (self.logs / f"{w}.log").read_text(errors="replace"))
                   for w in WORKERS)

    # ------------------------------------------------------------------ running
    def wait(self, what: str, check, proc_name: str | None, timeout: float = START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.stopping:
                raise SystemExit(1)
            for name, proc in list(self.procs.items()):
                if proc.poll() is not None:
                    raise SystemExit(f"cluster: {name} exited with {proc.returncode} while waiting for {what}; "
                                     f"last lines of {self.logs / (name + '.log')}:\n{self.tail(name)}")
            try:
                if check():
                    return
            except Exception:
                pass
            time.sleep(1)
        raise SystemExit(f"cluster: {what} not ready within {timeout:.0f} s; see {self.logs}/")

    def tail(self, name: str, lines: int = 15) -> str:
        try:
            return "\n".join((self.logs / f"{name}.log").read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def write_state(self, ready: bool) -> None:
        state = {
            "ready": ready,
            "home": str(self.home),
            "runtime": str(self.runtime),
            "ports": self.ports,
            "pids": {**{n: p.pid for n, p in list(self.procs.items())}, **self.pids},
            "ca": str(getattr(self, "ca", "")),
            "airflow": f"http://127.0.0.1:{self.ports.get('api')}",
            "feeds": f"http://127.0.0.1:{self.ports.get('feeds')}",
            "elasticsearch": [self.es_url(n) for n in es.NODES] if self.ports else [],
            "redis": f"redis://127.0.0.1:{self.ports.get('redis')}/0",
            "workers": [f"{w}@{socket.gethostname()}" for w in WORKERS],
            "sources": str(self.home / "sources.yaml"),
            "intake_secrets": str(self.home / "intake-secrets.json"),
            "public": str(self.home / "public"),
        }
        tmp = self.home / "state.json.tmp"
        tmp.write_text(json.dumps(state, indent=1))
        tmp.replace(self.home / "state.json")

    def start(self) -> None:
        started = time.monotonic()
        self.prepare()
        self.start_redis()
        # initdb and elasticsearch-certutil are the slow first steps: run them side by side.
        failure: list[BaseException] = []

        def database() -> None:
            try:
                self.start_postgres()
                self.wait_postgres()
            except BaseException as exc:  # re-raised below, in the main thread
                failure.append(exc)

        db = threading.Thread(target=database, name="postgres")
        db.start()
        try:
            self.start_elasticsearch()
        finally:
            db.join()
        if failure:
            raise failure[0]
        env = self.airflow_env()
        self.start_demo()
        log("PostgreSQL and Redis up; migrating the Airflow metadata DB")
        self.migrate(env)
        # The Airflow services boot while Elasticsearch finishes starting; the workers, which run the
        # tasks that need it, start once it answers (queued tasks wait in Redis until then).
        log("starting the Airflow services")
        self.start_airflow(env)
        self.wait_elasticsearch()
        log("Elasticsearch up (es01 + es02, TLS); starting the Celery workers and the feed server")
        self.start_workers(env)
        self.start_feeds()
        api = f"http://127.0.0.1:{self.ports['api']}"
        self.wait("the Airflow api-server", lambda: urllib.request.urlopen(f"{api}/api/v2/monitor/health", timeout=3),
                  None)
        self.wait("both Celery workers", self.workers_registered, None)
        self.wait("the feed server", lambda: urllib.request.urlopen(
            f"http://127.0.0.1:{self.ports['feeds']}/calendar.ics", timeout=5).status == 200, None)
        self.write_state(ready=True)
        write_private(
            self.home / "cluster.env",
            f"# source this file to point `aggregator` commands at the cluster (as civic_pipeline)\n"
            f"export ELASTICSEARCH_URL='https://civic_pipeline:{self.secrets['civic_pipeline']}@127.0.0.1:"
            f"{self.ports['es01_http']}?ca_certs={self.ca}'\n"
            f"export AGGREGATOR_SOURCES='{self.home / 'sources.yaml'}'\n")
        p = self.ports
        print(f"""
  Airflow UI            {api}   (CeleryExecutor, workers {', '.join(WORKERS)}; DAGs unpaused)
  Calendar feed         http://127.0.0.1:{p['feeds']}/calendar.ics
  Public page           http://127.0.0.1:{p['feeds']}/
  Elasticsearch         {self.es_url('es01')}  {self.es_url('es02')}   (TLS, CA {self.ca})
                        users and passwords: {self.home / 'secrets.json'}; `. {self.home / 'cluster.env'}` for the CLI
  PostgreSQL            127.0.0.1:{p['postgres']} (airflow)     Redis  127.0.0.1:{p['redis']}
  Demo feeds            {', '.join(demo_hosts.addresses(self.demo_count))} port {p['demo']}
  Logs                  {self.logs}/
  Up in {time.monotonic() - started:.0f} s. Ctrl-C stops everything.
""", flush=True)

    def stop(self) -> None:
        self.stopping = True
        order = ["feeds", *WORKERS, "triggerer", "dag-processor", "scheduler", "api-server", "demo"]
        running = [n for n in order if n in self.procs] + [n for n in self.procs if n not in order]
        for name in running:
            if name in ("redis", "postgres"):
                continue
            self.signal_group(self.procs[name].pid, signal.SIGTERM)
        for launcher in self.launchers.values():
            self.signal_group(launcher.pid, signal.SIGKILL)
        self.pids.update(self.elasticsearch_pids())  # a node that was still starting has written its pid
        for pid in self.pids.values():
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        self.reap([self.procs[n] for n in running if n not in ("redis", "postgres")], list(self.pids.values()), 30)
        for name in ("redis", "postgres"):
            if name in self.procs:
                self.signal_group(self.procs[name].pid, signal.SIGTERM if name == "redis" else signal.SIGINT)
        self.reap([self.procs[n] for n in ("redis", "postgres") if n in self.procs], [], 20)
        self.write_state(ready=False)
        log("stopped")

    @staticmethod
    def signal_group(pid: int, sig: int) -> None:
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            pass

    def reap(self, procs: list[subprocess.Popen], pids: list[int], timeout: float) -> None:
        deadline = time.monotonic() + timeout

        def alive(pid: int) -> bool:
            try:
                os.kill(pid, 0)
                return True
            except ProcessLookupError:
                return False

        while time.monotonic() < deadline and (any(p.poll() is None for p in procs) or any(map(alive, pids))):
            time.sleep(0.5)
        for proc in procs:
            self.signal_group(proc.pid, signal.SIGKILL)  # the group: what a component forked is gone too
            proc.wait()
        for pid in pids:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def main() -> int:
    home = Path(os.environ.get("CLUSTER_HOME") or ROOT / "var" / "cluster").resolve()
    cluster = Cluster(home)

    def on_signal(signum, _frame):
        if not cluster.stopping:
            cluster.stopping = True
            raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        cluster.start()
        while True:
            for name, proc in cluster.procs.items():
                if proc.poll() is not None:
                    log(f"{name} exited with {proc.returncode}; last lines:\n{cluster.tail(name)}")
                    return 1
            time.sleep(1)
    except KeyboardInterrupt:
        log("stopping...")
        return 0
    except SystemExit as exc:
        if exc.code not in (None, 0, 1):
            log(str(exc.code).removeprefix("cluster: "))
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
