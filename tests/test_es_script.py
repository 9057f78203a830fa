"""scripts/elasticsearch.sh refuses what it must refuse, with messages that say what to do."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

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
