"""The two-node Elasticsearch of `make cluster`: certificates, users, node configuration, readiness.

Security and TLS are on, as in docker/: a CA and one certificate per node made with the bundled
``elasticsearch-certutil``; HTTP and transport use TLS. The users are those of
docker/elasticsearch/setup.sh (``civic_pipeline`` writes, ``civic_feeds`` reads) plus ``civic_admin``
(superuser, for the operator and the tests); they live in the file realm, so both nodes know them
from the first second and no set-up call is needed. es01 is master and data node, es02 a data node:
with two nodes only one can be master anyway, and stopping es02 keeps the cluster answering.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import ssl
import subprocess
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

__all__ = ["NODES", "USERS", "make_certificates", "write_node_config", "request", "pbkdf2_hash"]

NODES = ("es01", "es02")
# user -> (role, what for); the roles are docker/elasticsearch/setup.sh's.
USERS = {
    "civic_admin": "superuser",
    "civic_pipeline": "civic_pipeline",
    "civic_feeds": "civic_feeds",
}
ROLES_YML = """\
civic_pipeline:
  cluster: [monitor, manage_index_templates]
  indices:
    - names: ["{prefix}announcements*", "{prefix}events*", "{prefix}sources*", "{prefix}processing*"]
      privileges: [all]
civic_feeds:
  cluster: [monitor]
  indices:
    - names: ["{prefix}events*", "{prefix}sources*"]
      privileges: [read, view_index_metadata]
"""
PBKDF2_COST = 10000


def pbkdf2_hash(password: str) -> str:
    """A file-realm password hash in Elasticsearch's ``{PBKDF2}cost$salt$key`` form (HMAC-SHA512, 256 bits)."""
    salt = secrets.token_bytes(32)
    key = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, PBKDF2_COST, dklen=32)
    return f"{{PBKDF2}}{PBKDF2_COST}${base64.b64encode(salt).decode()}${base64.b64encode(key).decode()}"


def make_certificates(es_home: Path, certs: Path, env: dict) -> Path:
    """CA + one certificate per node (127.0.0.1, localhost) under ``certs``; returns the CA certificate."""
    certutil = str(es_home / "bin" / "elasticsearch-certutil")
    certs.mkdir(parents=True, exist_ok=True)
    if not (certs / "ca" / "ca.crt").exists():
        subprocess.run([certutil, "ca", "--silent", "--pem", "--out", str(certs / "ca.zip")], env=env, check=True,
                       capture_output=True)
        zipfile.ZipFile(certs / "ca.zip").extractall(certs)
    if not all((certs / n / f"{n}.crt").exists() for n in NODES):
        instances = "instances:\n" + "".join(
            f"  - name: {n}\n    dns: [localhost]\n    ip: [127.0.0.1]\n" for n in NODES)
        (certs / "instances.yml").write_text(instances)
        subprocess.run([certutil, "cert", "--silent", "--pem", "--in", str(certs / "instances.yml"),
                        "--out", str(certs / "certs.zip"), "--ca-cert", str(certs / "ca" / "ca.crt"),
                        "--ca-key", str(certs / "ca" / "ca.key")], env=env, check=True, capture_output=True)
        zipfile.ZipFile(certs / "certs.zip").extractall(certs)
    return certs / "ca" / "ca.crt"


def write_node_config(es_home: Path, home: Path, name: str, ports: dict, passwords: dict, certs: Path,
                      prefix: str, heap: str) -> None:
    """Config, data and log directories of node ``name`` under ``home`` (readable by whoever runs it)."""
    config = home / "config"
    for sub in ("data", "logs", "tmp"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    subprocess.run(["cp", "-r", f"{es_home}/config/.", str(config)], check=True)
    jvm = (config / "jvm.options").read_text()
    jvm = (jvm.replace("file=logs/", f"file={home}/logs/").replace("ErrorFile=logs/", f"ErrorFile={home}/logs/")
           .replace("HeapDumpPath=data", f"HeapDumpPath={home}/tmp"))
    (config / "jvm.options").write_text(jvm + f"\n-Xms{heap}\n-Xmx{heap}\n")
    node_certs = config / "certs"
    node_certs.mkdir(exist_ok=True)
    for src in (certs / "ca" / "ca.crt", certs / name / f"{name}.crt", certs / name / f"{name}.key"):
        (node_certs / src.name).write_bytes(src.read_bytes())
    roles = "[master, data, ingest]" if name == NODES[0] else "[data, ingest]"
    seeds = ", ".join(f"127.0.0.1:{ports[f'{n}_transport']}" for n in NODES)
    tls = "\n".join(
        f"xpack.security.{layer}.ssl.{key}: {value}"
        for layer in ("http", "transport")
        for key, value in (("enabled", "true"), ("key", f"certs/{name}.key"), ("certificate", f"certs/{name}.crt"),
                           ("certificate_authorities", "certs/ca.crt"))
    )
    (config / "elasticsearch.yml").write_text(f"""\
cluster.name: civic-events-cluster
node.name: {name}
node.roles: {roles}
network.host: 127.0.0.1
http.port: {ports[f'{name}_http']}
transport.port: {ports[f'{name}_transport']}
discovery.seed_hosts: [{seeds}]
cluster.initial_master_nodes: [{NODES[0]}]
path.data: {home}/data
path.logs: {home}/logs
xpack.security.enabled: true
{tls}
xpack.security.transport.ssl.verification_mode: certificate
xpack.security.authc.realms.file.local.order: 0
xpack.security.authc.realms.native.native.order: 1
xpack.ml.enabled: false
xpack.watcher.enabled: false
ingest.geoip.downloader.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
action.auto_create_index: true
""")
    (config / "users").write_text("".join(f"{user}:{pbkdf2_hash(passwords[user])}\n" for user in USERS))
    by_role: dict[str, list[str]] = {}
    for user, role in USERS.items():
        by_role.setdefault(role, []).append(user)
    (config / "users_roles").write_text("".join(f"{role}:{','.join(users)}\n" for role, users in by_role.items()))
    (config / "roles.yml").write_text(ROLES_YML.format(prefix=prefix))
    os.chmod(config / "users", 0o600)


def request(url: str, path: str, *, user: str, password: str, ca: Path, method: str = "GET",
            body: dict | None = None, timeout: float = 10.0):
    """One HTTPS call to Elasticsearch, verified against ``ca``; returns (status, parsed JSON)."""
    context = ssl.create_default_context(cafile=str(ca))
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    req = urllib.request.Request(url + path, method=method, data=json.dumps(body).encode() if body else None,
                                 headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout, context=context) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")
