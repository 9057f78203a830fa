"""WebSub / webhook intake without the cluster: signatures, intent verification, refusals (real HTTP app, real Redis)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time

import pytest

from aggregator.web.intake import FETCH_CHANNEL, sign, verify_signature

BODY = b"<rss><channel><item><title>x</title></item></channel></rss>"


@pytest.mark.parametrize(
    "secret, header, ok",
    [
        ("s3cret", sign("s3cret", BODY), True),
        ("s3cret", sign("s3cret", BODY, "sha1"), True),
        ("s3cret", sign("s3cret", BODY, "sha512"), True),
        ("s3cret", sign("s3cret", BODY).upper().replace("SHA256", "sha256"), True),
        ("s3cret", sign("other", BODY), False),
        ("s3cret", sign("s3cret", BODY + b" "), False),
        ("s3cret", "md5=" + "0" * 32, False),
        ("s3cret", "sha256", False),
        ("s3cret", None, False),
        ("", sign("", BODY), False),
    ],
    ids=["sha256", "sha1", "sha512", "hex-case", "wrong-secret", "body-changed", "unknown-method", "no-digest",
         "no-header", "no-secret"],
)
def test_verify_signature(secret, header, ok):
    assert verify_signature(secret, BODY, header) is ok


def test_the_dags_watch_the_channel_the_web_app_publishes_on():
    from civic_dags.intake import FETCH_CHANNEL as DAG_CHANNEL

    assert DAG_CHANNEL == FETCH_CHANNEL


class _Event:
    def __init__(self, extra):
        self.extra = extra


@pytest.mark.parametrize(
    "extra, expected",
    [
        ({"source": "a-rss"}, ["a-rss"]),
        ({"sources": ["a-rss", "b-atom"]}, ["a-rss", "b-atom"]),
        ({"from_trigger": True, "payload": {"type": "message", "channel": FETCH_CHANNEL,
                                            "data": json.dumps({"source": "c-rss", "via": "websub"})}}, ["c-rss"]),
        ({"from_trigger": True, "payload": {"type": "message", "data": "not json"}}, []),
        ({}, []),
    ],
    ids=["rest-one", "rest-many", "redis-message", "redis-garbage", "empty"],
)
def test_requested_sources(extra, expected):
    from civic_dags.intake import requested_sources

    assert requested_sources([_Event(extra)]) == expected


@pytest.fixture()
def redis_url(tmp_path):
    pytest.importorskip("redis", reason="the redis client comes with requirements-cluster.txt (scripts/cluster/deps.sh)")
    binary = shutil.which("redis-server")
    if not binary:
        pytest.skip("redis-server is not installed (scripts/cluster.sh installs Debian's)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--dir", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(port=port)
    for _ in range(50):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture()
def intake_app(redis_url, tmp_path, monkeypatch):
    pytest.importorskip("redis")
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from aggregator.config import load_settings
    from aggregator.web.intake import intake_routes

    registry = tmp_path / "sources.yaml"
    registry.write_text("""organizations:
  - id: tn-watch
    name: {latin: Watch}
    org_type: ngo
    country: TN
    sources:
      - kind: rss
        url: https://watch.example.tn/feed.xml
""")
    secrets = tmp_path / "secrets.json"
    secrets.write_text(json.dumps({"tn-watch-rss": "the-secret"}))
    monkeypatch.setenv("AGGREGATOR_SOURCES", str(registry))
    env = {"AGGREGATOR_REDIS_URL": redis_url, "AGGREGATOR_INTAKE_SECRETS": str(secrets)}
    app = Starlette(routes=intake_routes(load_settings(), env))
    import redis

    pubsub = redis.Redis.from_url(redis_url).pubsub()
    pubsub.subscribe(FETCH_CHANNEL)
    pubsub.get_message(timeout=2)  # the subscribe confirmation
    with TestClient(app) as client:
        yield client, pubsub


def _next_message(pubsub):
    message = pubsub.get_message(timeout=2)
    return json.loads(message["data"]) if message else None


def test_intent_verification(intake_app):
    client, _ = intake_app
    params = {"hub.mode": "subscribe", "hub.topic": "https://watch.example.tn/feed.xml", "hub.challenge": "abc123",
              "hub.lease_seconds": "3600"}
    response = client.get("/websub/tn-watch-rss", params=params)
    assert (response.status_code, response.text) == (200, "abc123")
    assert client.get("/websub/tn-watch-rss", params={**params, "hub.topic": "https://evil.example/"}).status_code == 404
    assert client.get("/websub/unknown-rss", params=params).status_code == 404
    assert client.get("/websub/tn-watch-rss", params={**params, "hub.mode": "publish"}).status_code == 404


@pytest.mark.parametrize("path, via", [("/websub/tn-watch-rss", "websub"), ("/hooks/tn-watch-rss", "webhook")],
                         ids=["websub", "webhook"])
def test_signed_notification_is_published_and_a_bad_one_is_not(intake_app, path, via, caplog):
    client, pubsub = intake_app
    bad = client.post(path, content=BODY, headers={"X-Hub-Signature": sign("guess", BODY)})
    assert bad.status_code == 403
    assert _next_message(pubsub) is None
    assert "bad signature" in caplog.text
    assert client.post("/hooks/unknown-rss", content=BODY, headers={"X-Hub-Signature": sign("the-secret", BODY)}
                       ).status_code == 403
    good = client.post(path, content=BODY, headers={"X-Hub-Signature-256": sign("the-secret", BODY)})
    assert good.status_code == 202
    assert _next_message(pubsub) == {"source": "tn-watch-rss", "via": via}


def test_no_redis_url_no_routes():
    from aggregator.config import load_settings
    from aggregator.web.intake import intake_routes

    assert intake_routes(load_settings(), {}) == []
