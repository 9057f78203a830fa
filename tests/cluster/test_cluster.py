"""The production topology for real: the DAGs through the CeleryExecutor, TLS everywhere, an ES node lost.

The tests share one `make cluster` (conftest.py) and run in file order: the first run of the DAGs,
then the checks that need its data, then the node loss, which changes the cluster for what follows.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest

pytestmark = pytest.mark.airflow

ROOT = Path(__file__).resolve().parents[2]
DAGS = ("collect_announcements", "process_announcements", "publish_calendars")
VOLATILE = re.compile(rb"^(DTSTAMP|LAST-MODIFIED|CREATED|SEQUENCE)[:;].*$", re.MULTILINE)


def wait_for(what: str, check, timeout: float, every: float = 1.0):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except Exception as exc:  # a service still starting: keep asking until the deadline
            last = exc
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}" + (f" (last error: {last})" if last else ""))


def runs(cluster, dag_id: str) -> list[dict]:
    return cluster.airflow("GET", f"/dags/{dag_id}/dagRuns?order_by=-start_date&limit=20")["dag_runs"]


def settled(cluster) -> bool:
    """Every DAG has succeeded at least once and nothing is queued or running."""
    for dag_id in DAGS:
        states = [r["state"] for r in runs(cluster, dag_id)]
        if "success" not in states or any(s in ("queued", "running") for s in states):
            return False
    return True


def unfold(ics: bytes) -> bytes:
    return ics.replace(b"\r\n ", b"").replace(b"\r\n", b"\n")


def vevents(ics: bytes) -> list[bytes]:
    """The VEVENT blocks, without the fields that record when a revision was made, sorted by UID."""
    blocks = re.findall(rb"BEGIN:VEVENT\n.*?END:VEVENT\n", unfold(ics), re.DOTALL)
    return sorted(VOLATILE.sub(b"", block).replace(b"\n\n", b"\n") for block in blocks)


def uids(ics: bytes) -> set[bytes]:
    return set(re.findall(rb"^UID:(.*)$", unfold(ics), re.MULTILINE))


def count_by_id(cluster, alias: str) -> tuple[int, int]:
    """(documents, distinct ids) of an alias, read as the superuser."""
    cluster.es_admin("POST", f"/{alias}/_refresh")
    total = cluster.es_admin("GET", f"/{alias}/_count")["count"]
    hits = cluster.es_admin("POST", f"/{alias}/_search", {"size": 10000, "_source": False})["hits"]["hits"]
    assert len(hits) == total  # the demo is small: every id is read
    return total, len({h["_id"] for h in hits})


@pytest.fixture(scope="module")
def first_run(cluster):
    """The DAGs' first runs: unpaused at creation, collect starts on its own, the Assets chain the rest."""
    wait_for("the three DAGs to be parsed", lambda: all(cluster.airflow("GET", f"/dags/{d}") for d in DAGS), 120, 2)
    if not wait_for_quietly(lambda: runs(cluster, "collect_announcements"), 20):
        cluster.airflow("POST", "/dags/collect_announcements/dagRuns", {"logical_date": None})
    wait_for("collect -> process -> publish to succeed", lambda: settled(cluster), 200, 2)
    return {d: runs(cluster, d) for d in DAGS}


def wait_for_quietly(check, timeout: float):
    try:
        return wait_for("", check, timeout)
    except AssertionError:
        return None


def test_dags_run_through_celery_on_both_workers(cluster, first_run):
    collect_run = next(r for r in first_run["collect_announcements"] if r["state"] == "success")
    assert [r["run_type"] for r in first_run["process_announcements"]][-1] == "asset_triggered"
    assert [r["run_type"] for r in first_run["publish_calendars"]][-1] == "asset_triggered"
    tis = cluster.airflow("GET", f"/dags/collect_announcements/dagRuns/{collect_run['dag_run_id']}/taskInstances"
                                 "?limit=100")["task_instances"]
    mapped = sorted(t["map_index"] for t in tis if t["task_id"] == "collect")
    assert mapped == list(range(8)), "one collect task per demo host"
    assert all(t["state"] == "success" for t in tis), [(t["task_id"], t["map_index"], t["state"], t.get("try_number"))
                                                       for t in tis if t["state"] != "success"]
    # Which worker ran what: each worker logs the task it executes, under its Celery hostname.
    ran_on: dict[int, str] = {}
    for worker in ("worker1", "worker2"):
        text = cluster.worker_log(worker)
        hostname = re.search(r"(\S+@\S+) ready\.", text).group(1)
        assert hostname.startswith(f"{worker}@")
        run_id = re.escape(collect_run["dag_run_id"])
        for index in re.findall(rf"run_id={run_id}/task_id=collect/map_index=(\d+)/", text):
            ran_on[int(index)] = hostname
    assert sorted(ran_on) == mapped
    assert len(set(ran_on.values())) == 2, f"every mapped collect task ran on one worker: {ran_on}"


def test_feed_is_the_same_as_make_runs(cluster, first_run, tmp_path, monkeypatch):
    """The pipeline functions make run's tasks call, in this process, into other indices of the same cluster."""
    from aggregator.config import load_settings
    from aggregator.pipeline.collect import collect_many, prepare_indices
    from aggregator.pipeline.hosts import sources_by_host
    from aggregator.pipeline.process import process_pending
    from aggregator.pipeline.publish import publish_feeds

    prefix = f"ref-{uuid.uuid4().hex[:6]}-"
    monkeypatch.setenv("ELASTICSEARCH_URL", cluster.es_url("civic_admin"))
    monkeypatch.setenv("AGGREGATOR_INDEX_PREFIX", prefix)
    monkeypatch.setenv("AGGREGATOR_SOURCES", cluster.state["sources"])
    monkeypatch.setenv("AGGREGATOR_PUBLIC_DIR", str(tmp_path / "public"))
    settings = load_settings()
    now = datetime.now(timezone.utc)
    prepare_indices(settings)
    ids = [i for group in sources_by_host(settings) for i in group]
    collect_many(ids, settings, now, force=True)
    process_pending(settings, now)
    publish_feeds(settings, now)
    reference = (tmp_path / "public" / "calendar.ics").read_bytes()
    published = (Path(cluster.state["public"]) / "calendar.ics").read_bytes()
    status, served = cluster.get(cluster.feeds + "/calendar.ics")
    assert status == 200
    assert len(vevents(reference)) >= 3
    assert vevents(published) == vevents(reference)
    assert uids(served) == uids(reference)


def test_indices_have_one_replica_on_the_two_nodes(cluster, first_run):
    for name in ("announcements", "events", "sources", "processing"):
        settings = cluster.es_admin("GET", f"/{name}/_settings")
        assert [s["settings"]["index"]["number_of_replicas"] for s in settings.values()] == ["1"]
    health = cluster.es_admin("GET", "/_cluster/health?wait_for_status=green&timeout=30s")
    assert health["number_of_nodes"] == 2 and health["status"] == "green"
    shards = cluster.es_admin("GET", "/_cat/shards/announcements,events,sources,processing?format=json")
    assert {s["node"] for s in shards} == {"es01", "es02"}


def _cli(cluster, url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ELASTICSEARCH_URL": url, "AGGREGATOR_SOURCES": cluster.state["sources"]}
    env.pop("AGGREGATOR_INDEX_PREFIX", None)
    return subprocess.run([str(ROOT / ".venv" / "bin" / "aggregator"), *args], env=env, capture_output=True,
                          text=True, timeout=120)


def _other_ca(tmp_path: Path) -> Path:
    """A CA that did not sign the cluster's certificates."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Elastic Certificate Tool Autogenerated CA")])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(now.replace(year=now.year + 1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    path = tmp_path / "other-ca.crt"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


def test_every_component_verifies_tls(cluster, first_run, tmp_path):
    # The Airflow components have no ELASTICSEARCH_URL at all: the tasks above used the Connection and its CA.
    logs = sorted((cluster.home / "airflow" / "logs" / "dag_id=process_announcements").rglob("*.log"))
    assert logs
    text = logs[0].read_text(errors="replace")
    assert "Elasticsearch from the Airflow Connection elasticsearch_default: https://civic_pipeline:***@" in text
    assert f"ca_certs={cluster.ca}" in text and cluster.secrets["civic_pipeline"] not in text
    # The CLI, with the cluster's CA: works. The feed server (civic_feeds, the CA) served the feed above.
    ok = _cli(cluster, cluster.es_url(), "trends", "--interval", "week", "--by", "org_type")
    assert ok.returncode == 0, ok.stderr
    # A wrong CA: the command refuses clearly, naming the fix, without the password.
    bad = _cli(cluster, cluster.es_url(ca=_other_ca(tmp_path)), "trends", "--interval", "week", "--by", "org_type")
    assert bad.returncode != 0
    assert "TLS verification of Elasticsearch" in bad.stderr and "ca_certs" in bad.stderr, bad.stderr
    assert cluster.secrets["civic_pipeline"] not in bad.stderr
    # The same factory (pipeline, feed server, CLI): no CA given means the system's CAs, refused too;
    # plain HTTP is not served at all.
    from aggregator.config import load_settings
    from aggregator.errors import ElasticsearchUnavailable
    from aggregator.index.client import connect

    assert connect(load_settings({"ELASTICSEARCH_URL": cluster.es_url()})).info()["cluster_name"] == "civic-events-cluster"
    with pytest.raises(ElasticsearchUnavailable, match="TLS verification of Elasticsearch .* ca_certs="):
        connect(load_settings({"ELASTICSEARCH_URL": cluster.es_url().split("?")[0]}))
    with pytest.raises(ElasticsearchUnavailable):
        connect(load_settings({"ELASTICSEARCH_URL": cluster.es_url().split("?")[0].replace("https://", "http://")}))


def test_feed_server_with_a_wrong_ca_refuses_clearly(cluster, first_run, tmp_path):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = cluster.es_url("civic_feeds", ca=_other_ca(tmp_path))
    env = {**os.environ, "ELASTICSEARCH_URL": url}
    env.pop("AGGREGATOR_INDEX_PREFIX", None)
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "aggregator"), "serve", "--host", "127.0.0.1",
                               "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        status, body = wait_for("the second feed server", lambda: cluster.get(
            f"http://127.0.0.1:{port}/api/events"), 60, 0.5)
        assert status == 503
        assert b"TLS verification" in body
    finally:
        server.terminate()
        server.wait(timeout=30)


WEBSUB_ORG = """
  - id: tn-websub-watch
    name: {ar: مرصد الاشتراكات, latin: Observatoire des abonnements}
    org_type: ngo
    country: TN
    languages: [fr]
    sources:
      - kind: rss
        url: %s
        allow_private_network: true   # its feed is served on loopback by this test
"""
WEBSUB_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Observatoire des abonnements</title><link>https://websub-watch.example.tn/</link>
<description>Activités</description>%s</channel></rss>
"""
WEBSUB_ITEM = """<item><title>%(title)s</title><link>https://websub-watch.example.tn/activites/%(slug)s</link>
<pubDate>%(pub)s</pubDate><description><![CDATA[<p>L'observatoire organise un webinaire « %(title)s » le
%(day)s de 18h à 20h (heure de Tunis) sur Zoom : https://zoom.us/j/81234567890</p>]]></description></item>
"""
FR_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre"]


@pytest.fixture(scope="module")
def websub_source(cluster, tmp_path_factory):
    """A source of our own (a feed this test can change), registered with a WebSub secret."""
    import http.server
    import json
    import threading
    from functools import partial

    root = tmp_path_factory.mktemp("websub-feed")
    (root / "feed.xml").write_text(WEBSUB_FEED % "", encoding="utf-8")
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.40", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.40:{server.server_address[1]}/feed.xml"
    registry = Path(cluster.state["sources"])
    registry.write_text(registry.read_text() + WEBSUB_ORG % url)
    secret = uuid.uuid4().hex
    Path(cluster.state["intake_secrets"]).write_text(json.dumps({"tn-websub-watch-rss": secret}))
    yield {"id": "tn-websub-watch-rss", "url": url, "root": root, "secret": secret}
    server.shutdown()


def _post(url: str, body: bytes, headers: dict) -> tuple[int, bytes]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_websub_intent_verification(cluster, first_run, websub_source):
    base = f"{cluster.feeds}/websub/{websub_source['id']}"
    query = f"hub.mode=subscribe&hub.lease_seconds=86400&hub.challenge=c4a11e9e&hub.topic={websub_source['url']}"
    assert cluster.get(f"{base}?{query}") == (200, b"c4a11e9e")
    assert cluster.get(f"{base}?{query.replace('feed.xml', 'other.xml')}")[0] == 404
    assert cluster.get(f"{cluster.feeds}/websub/nobody-rss?{query}")[0] == 404


def test_signed_websub_notification_reaches_the_feed(cluster, first_run, websub_source):
    from datetime import timedelta

    from aggregator.web.intake import sign

    day = datetime.now(timezone.utc).date() + timedelta(days=9)
    title = f"Les budgets participatifs {uuid.uuid4().hex[:6]}"
    item = WEBSUB_ITEM % {"title": title, "slug": uuid.uuid4().hex[:8], "day": f"{day.day} {FR_MONTHS[day.month - 1]} {day.year}",
                          "pub": datetime.now(timezone.utc).strftime("%a, %d %b %Y %H:%M:%S +0000")}
    body = (WEBSUB_FEED % item).encode()
    url = f"{cluster.feeds}/websub/{websub_source['id']}"
    def triggered_runs():  # the hourly scheduled run may come in the meantime: it is not the post's doing
        return [r for r in runs(cluster, "collect_announcements") if r["run_type"] == "asset_triggered"]

    collect_runs = len(triggered_runs())
    # Wrongly signed: refused, logged, nothing collected.
    (websub_source["root"] / "feed.xml").write_bytes(body)
    bad = _post(url, body, {"Content-Type": "application/rss+xml", "X-Hub-Signature": sign("not-the-secret", body)})
    assert bad[0] == 403
    unsigned = _post(url, body, {"Content-Type": "application/rss+xml"})
    assert unsigned[0] == 403
    time.sleep(5)
    assert len(triggered_runs()) == collect_runs
    assert title.encode() not in unfold(cluster.get(cluster.feeds + "/calendar.ics")[1])
    assert "bad signature" in (cluster.home / "logs" / "feeds.log").read_text(errors="replace")
    # Signed with the subscription's secret: the post reaches the feed with no other action.
    sent = time.monotonic()
    good = _post(url, body, {"Content-Type": "application/rss+xml",
                             "X-Hub-Signature": sign(websub_source["secret"], body)})
    assert good[0] == 202
    wait_for("the post in the served feed", lambda: title.encode() in unfold(
        cluster.get(cluster.feeds + "/calendar.ics")[1]), 180, 0.5)
    elapsed = time.monotonic() - sent
    figures = Path(cluster.home / "websub-seconds")
    figures.write_text(f"{elapsed:.1f}\n")
    print(f"\nWebSub notification -> feed: {elapsed:.1f} s")
    triggered = triggered_runs()
    assert len(triggered) > collect_runs, "collect was started by the Asset's Redis watcher"
    tis = cluster.airflow("GET", f"/dags/collect_announcements/dagRuns/{triggered[0]['dag_run_id']}/taskInstances")
    assert [t["map_index"] for t in tis["task_instances"] if t["task_id"] == "collect"] == [0], "just that source"


def test_a_node_stopped_in_a_process_run_loses_nothing(cluster, first_run):
    before_events = count_by_id(cluster, "events")
    before_announcements = count_by_id(cluster, "announcements")
    assert before_events[0] == before_events[1] > 0
    _, feed_before = cluster.get(cluster.feeds + "/calendar.ics")
    # Everything is to be interpreted again, so the process run has work while the node goes away
    # (an operator's way to ask for it: the run moves the marks to the processing index).
    cluster.es_admin("POST", "/announcements/_update_by_query?refresh=true&conflicts=proceed",
                     {"script": {"source": "ctx._source.pending = true"}, "query": {"match_all": {}}})
    run = cluster.airflow("POST", "/dags/process_announcements/dagRuns", {"logical_date": None})
    path = f"/dags/process_announcements/dagRuns/{run['dag_run_id']}"
    # Kill es02 once the process task has its settings, i.e. is about to read and write Elasticsearch.
    log_dir = cluster.home / "airflow" / "logs" / "dag_id=process_announcements" / f"run_id={run['dag_run_id']}"

    def task_reached_elasticsearch() -> bool:
        return any("Elasticsearch from the Airflow Connection" in p.read_text(errors="replace")
                   for p in log_dir.rglob("*.log"))

    wait_for("the process task to start its work", task_reached_elasticsearch, 120, 0.1)
    os.kill(cluster.state["pids"]["es02"], signal.SIGKILL)
    state = wait_for("the process run to end", lambda: (s := cluster.airflow("GET", path)["state"]) in
                     ("success", "failed") and s, 240, 1)
    print(f"\nprocess run with es02 killed: {state}")
    if state == "failed":  # a clear error, then a re-run completes
        tis = cluster.airflow("GET", f"{path}/taskInstances")["task_instances"]
        assert all(t["state"] in ("success", "failed", "upstream_failed") for t in tis)
        rerun = cluster.airflow("POST", "/dags/process_announcements/dagRuns", {"logical_date": None})
        again = f"/dags/process_announcements/dagRuns/{rerun['dag_run_id']}"
        assert wait_for("the re-run", lambda: (s := cluster.airflow("GET", again)["state"]) in
                        ("success", "failed") and s, 240, 1) == "success"
    wait_for("publish to follow", lambda: settled(cluster), 120, 2)
    health = cluster.es_admin("GET", "/_cluster/health")
    assert health["number_of_nodes"] == 1
    assert count_by_id(cluster, "events") == before_events
    assert count_by_id(cluster, "announcements") == before_announcements
    for name in ("announcements", "processing"):
        cluster.es_admin("POST", f"/{name}/_refresh")
        pending = cluster.es_admin("POST", f"/{name}/_count", {"query": {"term": {"pending": True}}})["count"]
        assert pending == 0, f"{pending} still pending in {name}"
    status, feed_after = cluster.get(cluster.feeds + "/calendar.ics")
    assert status == 200
    assert uids(feed_after) == uids(feed_before)
