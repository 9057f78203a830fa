"""scripts/elasticsearch.sh refuses what it must refuse, with messages that say what to do."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "elasticsearch.sh"


def test_checksum_mismatch_is_refused(tmp_path):
    fake = tmp_path / "es.tar.gz"
    fake.write_bytes(b"not the elasticsearch tarball")
    env = {**os.environ, "AGGREGATOR_CACHE": str(tmp_path / "cache"), "ES_TARBALL": str(fake)}
    result = subprocess.run([str(SCRIPT), "install"], env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "checksum mismatch" in result.stderr and "refusing" in result.stderr
    assert not (tmp_path / "cache" / "elasticsearch-8.12.2").exists()


def test_port_taken_by_something_else_is_reported(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        env = {**os.environ, "AGGREGATOR_ES_PORT": str(port), "AGGREGATOR_ES_HOME": str(tmp_path / "es")}
        result = subprocess.run([str(SCRIPT), "start"], env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode != 0
    assert f"port {port} is already taken by something that is not this checkout's Elasticsearch" in result.stderr
    assert "AGGREGATOR_ES_PORT" in result.stderr


def test_stop_when_not_running_is_harmless(tmp_path):
    env = {**os.environ, "AGGREGATOR_ES_HOME": str(tmp_path / "es")}
    result = subprocess.run([str(SCRIPT), "stop"], env=env, capture_output=True, text=True)
    assert result.returncode == 0
    assert "not running" in result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return port if port + 100 <= 65535 else _free_port()


@pytest.mark.elasticsearch
@pytest.mark.skipif(os.geteuid() != 0, reason="only root runs Elasticsearch as nobody, the case of a clone under /root")
def test_state_in_a_directory_nobody_cannot_enter_moves_to_the_cache(tmp_path):
    """A clone under /root (mode 0700): Elasticsearch, run as nobody, still starts, stops and is purged."""
    private = tmp_path / "root-like"
    private.mkdir(mode=0o700)
    home = private / "clone" / "var" / "elasticsearch"
    port = _free_port()
    env = {**os.environ, "AGGREGATOR_ES_PORT": str(port), "AGGREGATOR_ES_HOME": str(home)}
    env.pop("ELASTICSEARCH_URL", None)
    run = lambda *args: subprocess.run([str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=600)
    started = run("start")
    try:
        assert started.returncode == 0, started.stderr
        assert "not reachable by the user nobody" in started.stderr
        runtime = Path((home / "RUNTIME-IS-ELSEWHERE").read_text().strip())
        assert not str(runtime).startswith(str(private)) and (runtime / "data").is_dir()
        assert run("status").stdout.startswith("running at")
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
    finally:
        purged = run("purge")
    assert purged.returncode == 0 and "stopped" in purged.stderr
    assert not home.exists() and not runtime.exists()
