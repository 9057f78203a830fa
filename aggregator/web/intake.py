"""Event-driven intake: WebSub content notifications and per-source webhooks, verified, relayed on Redis.

What hubs and organizations can actually send, instead of an Airflow REST call with Airflow credentials:

- ``GET  /websub/{source_id}``  a hub's intent verification (W3C WebSub 5.3): answered with
  ``hub.challenge`` when ``hub.topic`` is the source's URL in the registry and the source has a secret;
  404 otherwise.
- ``POST /websub/{source_id}``  a content notification (W3C WebSub 7-8), signed by the hub:
  ``X-Hub-Signature: sha256=<HMAC of the body with the subscription's secret>`` (sha1, sha384, sha512 too).
- ``POST /hooks/{source_id}``   a plain webhook from the organization, signed the same way with the
  source's secret (``X-Hub-Signature-256`` is accepted as well, as GitHub-style senders write it).

A valid one publishes ``{"source": id, "via": ...}`` on the Redis channel ``FETCH_CHANNEL``; the
``source_fetch_requests`` Asset watches it (dags/civic_dags/assets.py), so the triggerer starts the
collection of just that source. A missing or wrong signature is refused with 403 and logged, and nothing
is published. (W3C asks subscribers to acknowledge a badly signed notification with 2xx and drop it; a
403 is what this project chose so that a misconfigured sender finds out.) The body itself is not used:
collect fetches the source as usual, so a notification can never inject content.

Configuration (environment, read when the app is built; the secrets file is re-read on each request,
so a subscription can be added without a restart):
  AGGREGATOR_REDIS_URL        redis://[:password@]host:port/db; without it these routes do not exist
  AGGREGATOR_INTAKE_SECRETS   a JSON file {"<source id>": "<secret>", ...} (keep it 0600)
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from aggregator.sources.registry import load_registry

__all__ = ["FETCH_CHANNEL", "intake_routes", "verify_signature", "sign"]

log = logging.getLogger(__name__)

# The Redis channel of fetch requests; dags/civic_dags/assets.py names the same one.
FETCH_CHANNEL = "civic-events.fetch-requests"
SIGNATURE_HEADERS = ("X-Hub-Signature", "X-Hub-Signature-256")
ALGORITHMS = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha384": hashlib.sha384, "sha512": hashlib.sha512}
MAX_BODY = 10 * 1024 * 1024


def sign(secret: str, body: bytes, algorithm: str = "sha256") -> str:
    """The signature header value a sender computes: ``<algorithm>=<hex HMAC of body>``."""
    return f"{algorithm}={hmac.new(secret.encode(), body, ALGORITHMS[algorithm]).hexdigest()}"


def verify_signature(secret: str, body: bytes, header: str | None) -> bool:
    """True when ``header`` (``method=hexdigest``) is the HMAC of ``body`` with ``secret``; constant time."""
    if not header or "=" not in header or not secret:
        return False
    method, _, digest = header.strip().partition("=")
    algorithm = ALGORITHMS.get(method.lower())
    if algorithm is None:
        return False
    expected = hmac.new(secret.encode(), body, algorithm).hexdigest()
    return hmac.compare_digest(expected, digest.strip().lower())


class _Intake:
    def __init__(self, settings, redis_url: str, secrets_path: Path | None):
        import redis  # only where intake is configured: apache-airflow-providers-redis brings it

        self.settings = settings
        self.secrets_path = secrets_path
        self.redis = redis.Redis.from_url(redis_url, socket_timeout=5, socket_connect_timeout=5)

    def secret(self, source_id: str) -> str | None:
        if self.secrets_path is None:
            return None
        try:
            secrets = json.loads(self.secrets_path.read_text())
        except (OSError, ValueError) as exc:
            log.error("intake secrets file %s unreadable: %s", self.secrets_path, exc)
            return None
        value = secrets.get(source_id) if isinstance(secrets, dict) else None
        return value if isinstance(value, str) and value else None

    def topic(self, source_id: str) -> str | None:
        for source in load_registry(self.settings.sources_path):
            if source.id == source_id:
                return source.url
        return None

    async def verify_intent(self, request: Request) -> Response:
        source_id = request.path_params["source_id"]
        mode = request.query_params.get("hub.mode", "")
        topic = request.query_params.get("hub.topic", "")
        challenge = request.query_params.get("hub.challenge", "")
        if mode == "denied":
            log.warning("hub denied the subscription of %s to %s: %s", source_id, topic,
                        request.query_params.get("hub.reason", "no reason given"))
            return PlainTextResponse("ok")
        known = await run_in_threadpool(self.topic, source_id)
        if mode in ("subscribe", "unsubscribe") and challenge and known and topic == known and self.secret(source_id):
            log.info("hub verified the %s of %s (lease %s s)", mode, source_id,
                     request.query_params.get("hub.lease_seconds", "?"))
            return PlainTextResponse(challenge)
        log.warning("refused a WebSub intent verification for %s (mode %r, topic %r)", source_id, mode, topic)
        return PlainTextResponse("no such subscription", status_code=404)

    async def notification(self, request: Request) -> Response:
        return await self._relay(request, "websub")

    async def webhook(self, request: Request) -> Response:
        return await self._relay(request, "webhook")

    async def _relay(self, request: Request, via: str) -> Response:
        source_id = request.path_params["source_id"]
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                return JSONResponse({"error": "body too large"}, status_code=413)
        secret = self.secret(source_id)
        header = next((request.headers[h] for h in SIGNATURE_HEADERS if h in request.headers), None)
        if secret is None or not verify_signature(secret, body, header):
            log.warning("refused a %s notification for %r from %s: %s", via, source_id,
                        request.client.host if request.client else "?",
                        "no such subscription" if secret is None else
                        ("no signature" if header is None else "bad signature"))
            return JSONResponse({"error": "signature missing or wrong; nothing was collected"}, status_code=403)
        message = json.dumps({"source": source_id, "via": via})
        try:
            await run_in_threadpool(self.redis.publish, FETCH_CHANNEL, message)
        except Exception as exc:  # Redis down: the sender should retry later
            log.error("could not publish the %s fetch request for %s: %s", via, source_id, exc)
            return JSONResponse({"error": "fetch requests are unavailable, retry later"}, status_code=503)
        log.info("%s notification for %s: fetch requested", via, source_id)
        return JSONResponse({"queued": source_id}, status_code=202)


def intake_routes(settings, env: dict[str, str] | None = None) -> list[Route]:
    """The intake routes when ``AGGREGATOR_REDIS_URL`` is set; none otherwise."""
    env = os.environ if env is None else env
    redis_url = env.get("AGGREGATOR_REDIS_URL")
    if not redis_url:
        return []
    secrets = env.get("AGGREGATOR_INTAKE_SECRETS")
    intake = _Intake(settings, redis_url, Path(secrets) if secrets else None)
    return [
        Route("/websub/{source_id}", intake.verify_intent, methods=["GET"]),
        Route("/websub/{source_id}", intake.notification, methods=["POST"]),
        Route("/hooks/{source_id}", intake.webhook, methods=["POST"]),
    ]
