"""docker/docker-compose.yml: valid, pinned, healthy, limited, named volumes, and every variable set."""

from __future__ import annotations

import re
import shutil
import subprocess
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from aggregator.config import DOCUMENTED_KEYS
from aggregator.index.connection import airflow_connection_url, client_options
from tests.docker.conftest import COMPOSE, DOCKER, ENV_EXAMPLE, INTERPOLATION, ROOT, environment

# Services that run the aggregator's code (the Airflow image).
AIRFLOW_SERVICES = ["airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer",
                    "airflow-worker", "airflow-init"]
ONE_SHOT = {"setup", "kibana-setup", "airflow-init"}
# Variables the code reads that a deployment must not set, each with the reason.
INTERNAL = {
    "AGGREGATOR_WEB_CACHE_SECONDS": "written by `aggregator serve --workers N` for its own workers (--cache-seconds)",
}
CODE_TREES = ["aggregator", "dags", "plugins"]
READS = [
    re.compile(r"""os\.environ\[\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\](?!\s*=[^=])"""),
    re.compile(r"""os\.environ\.(?:get|setdefault)\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']"""),
    re.compile(r"""getenv\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']"""),
    # aggregator/config.py reads a copy of the environment: env.get("X"), _number(env, "X", ...)
    re.compile(r"""\benv\.get\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']"""),
    re.compile(r"""_number\(\s*env,\s*["']([A-Za-z_][A-Za-z0-9_]*)["']"""),
]


def variables_read_by_code() -> set[str]:
    """Every environment variable the runtime code reads, found by scanning it (so a new one fails the test)."""
    found = set(DOCUMENTED_KEYS)
    for tree in CODE_TREES:
        for path in (ROOT / tree).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for pattern in READS:
                found.update(pattern.findall(text))
    return found


def test_the_scan_finds_what_config_documents_and_the_web_cache_variable():
    found = variables_read_by_code()
    assert {"ELASTICSEARCH_URL", "AGGREGATOR_INDEX_PREFIX", "AGGREGATOR_WEB_CACHE_SECONDS"} <= found


def test_every_variable_the_code_reads_is_set_in_compose_or_env_example(services, env_example):
    in_compose = set()
    for service in services.values():
        in_compose.update(environment(service))
    missing = sorted(variables_read_by_code() - in_compose - set(env_example) - set(INTERNAL))
    assert not missing, f"read by the code but set neither in docker-compose.yml nor in .env.example: {missing}"


@pytest.mark.parametrize("name", AIRFLOW_SERVICES)
def test_airflow_services_set_every_aggregator_setting(services, name):
    missing = sorted(set(DOCUMENTED_KEYS) - set(environment(services[name])))
    assert not missing, f"{name} does not set {missing}"


def test_every_interpolated_variable_is_in_env_example(env_example):
    used = {m.group(1) for m in INTERPOLATION.finditer(COMPOSE.read_text(encoding="utf-8"))}
    missing = sorted(used - set(env_example))
    assert not missing, f"docker-compose.yml uses ${{...}} not listed in .env.example: {missing}"
    unused = sorted(k for k in set(env_example) - used if not k.startswith("COMPOSE_"))
    assert not unused, f".env.example lists variables the compose file never uses: {unused}"


def test_the_example_passwords_pass_the_setup_check(env_example):
    # docker/elasticsearch/setup.sh refuses passwords that are not URL-safe; the example must start as-is.
    rule = re.search(r"\^\[A-Za-z0-9\]\{(\d+),\}\$", (DOCKER / "elasticsearch" / "setup.sh").read_text())
    assert rule, "setup.sh no longer checks passwords the way this test expects"
    for key in ("ELASTIC_PASSWORD", "KIBANA_PASSWORD", "PIPELINE_ES_PASSWORD", "FEEDS_ES_PASSWORD",
                "POSTGRES_PASSWORD", "REDIS_PASSWORD"):
        assert re.fullmatch(rf"[A-Za-z0-9]{{{rule.group(1)},}}", env_example[key]), key


def test_the_required_services_exist(services):
    assert {"setup", "es01", "kibana", "kibana-setup", "postgres", "redis", "feeds", *AIRFLOW_SERVICES} <= set(services)
    assert services["airflow-worker"]["command"] == ["celery", "worker"]
    env = environment(services["airflow-worker"])
    assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql+psycopg2://")
    assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://")
    # Scaling with --scale needs no fixed container name or host port on workers.
    assert "container_name" not in services["airflow-worker"] and "ports" not in services["airflow-worker"]


IMAGE = re.compile(r"^(?P<name>[a-z0-9][a-z0-9._/-]*)(?::(?P<tag>[A-Za-z0-9_][A-Za-z0-9._-]*))?(?:@sha256:[0-9a-f]{64})?$")


def test_every_image_has_a_pinned_version_tag(services):
    for name, service in services.items():
        image = service.get("image")
        assert image, f"{name} has no image"
        match = IMAGE.match(image)
        assert match and match.group("tag"), f"{name}: image {image!r} has no tag"
        assert re.match(r"\d+\.\d+(\.\d+)?", match.group("tag")), f"{name}: {image!r} is not pinned to a version"
        assert "latest" not in match.group("tag")


def test_elastic_images_are_the_same_version_as_the_local_elasticsearch(services):
    script = (ROOT / "scripts" / "elasticsearch.sh").read_text(encoding="utf-8")
    local = re.search(r"^ES_VERSION=(\d+\.\d+\.\d+)$", script, re.M).group(1)
    for name in ("setup", "es01", "kibana", "kibana-setup"):
        assert services[name]["image"].endswith(":" + local), name


@pytest.mark.parametrize("name", ["setup", "es01", "kibana", "kibana-setup", "postgres", "redis", "feeds", *AIRFLOW_SERVICES])
def test_health_check_restart_policy_and_limits(services, name):
    service = services[name]
    check = service.get("healthcheck") or {}
    assert check.get("test") and not check.get("disable") and check["test"] != ["NONE"], f"{name}: no healthcheck"
    restart = service.get("restart")
    if name in ONE_SHOT:
        assert restart == "no", f"{name} is one-shot: restart must be 'no' (explicitly)"
    else:
        assert restart in ("unless-stopped", "always"), f"{name}: restart is {restart!r}"
    limits = ((service.get("deploy") or {}).get("resources") or {}).get("limits") or {}
    assert limits.get("cpus") and limits.get("memory"), f"{name}: no cpu/memory limits"


def _bytes(size: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([KMG])", str(size)).groups()
    return int(number) * 1024 ** "KMG".index(unit) * 1024


def test_long_running_services_fit_a_16_gb_host_with_room_for_the_os(services):
    total = sum(_bytes(s["deploy"]["resources"]["limits"]["memory"]) for n, s in services.items() if n not in ONE_SHOT)
    assert total <= 14 * 1024 ** 3, f"memory limits add up to {total / 1024 ** 3:.1f} GiB"
    heap = services["es01"]["environment"]["ES_JAVA_OPTS"]
    assert "-Xmx2g" in heap and _bytes(services["es01"]["deploy"]["resources"]["limits"]["memory"]) >= 2 * 2 * 1024 ** 3


def test_data_lives_in_named_volumes_and_bind_mounts_are_read_only_config(compose, services):
    declared = set(compose.get("volumes") or {})
    used = set()
    for name, service in services.items():
        for mount in service.get("volumes") or []:
            source, target, *mode = mount.split(":") if isinstance(mount, str) else (mount["source"], mount["target"])
            if source.startswith((".", "/")):
                assert mode == ["ro"], f"{name}: bind mount {mount!r} must be read-only configuration"
                assert (DOCKER / source).resolve().is_relative_to(DOCKER), f"{name}: {mount!r} outside docker/"
                assert (DOCKER / source).exists(), f"{name}: {source} does not exist"
            else:
                assert source in declared, f"{name}: volume {source!r} is not a declared named volume"
                used.add(source)
    assert used == declared, f"declared but unused volumes: {sorted(declared - used)}"
    for data in ("es-data", "es-snapshots", "postgres-data", "redis-data", "public", "airflow-logs"):
        assert data in declared


@pytest.mark.parametrize("name", [*AIRFLOW_SERVICES, "feeds"])
def test_elasticsearch_url_uses_tls_with_a_mounted_ca(services, name):
    service = services[name]
    url = environment(service)["ELASTICSEARCH_URL"]
    options = client_options(url)
    assert urlsplit(url).scheme == "https" and urlsplit(url).hostname == "es01"
    mounts = {m.split(":")[1]: m.split(":")[0] for m in service["volumes"]}
    ca_dir = options["ca_certs"].rsplit("/", 1)[0]
    assert mounts.get(ca_dir) == "es-ca", f"{name}: {options['ca_certs']} is not on the es-ca volume"
    assert options.get("verify_certs", True) is True


@pytest.mark.parametrize("name", AIRFLOW_SERVICES)
def test_the_airflow_connection_and_elasticsearch_url_agree(services, name):
    env = environment(services[name])
    assert airflow_connection_url(env["AIRFLOW_CONN_ELASTICSEARCH_DEFAULT"]) == env["ELASTICSEARCH_URL"]


def test_each_client_uses_its_own_least_privileged_user(services):
    setup = (DOCKER / "elasticsearch" / "setup.sh").read_text(encoding="utf-8")
    users = {name: urlsplit(environment(services[name])["ELASTICSEARCH_URL"]).username for name in ("airflow-worker", "feeds")}
    assert users == {"airflow-worker": "civic_pipeline", "feeds": "civic_feeds"}
    for user in users.values():
        assert f"_security/user/{user}" in setup and f"_security/role/{user}" in setup
    assert "elastic:" not in environment(services["feeds"])["ELASTICSEARCH_URL"]


def test_kibana_talks_to_elasticsearch_over_https_with_the_ca(services):
    env = environment(services["kibana"])
    assert env["ELASTICSEARCH_HOSTS"].startswith("https://")
    assert env["ELASTICSEARCH_SSL_CERTIFICATEAUTHORITIES"] and env["ELASTICSEARCH_USERNAME"] == "kibana_system"
    es = environment(services["es01"])
    assert es["xpack.security.enabled"] == "true" and es["xpack.security.http.ssl.enabled"] == "true"


def test_kibana_setup_imports_the_saved_objects(services):
    # The saved objects themselves are checked against the index mappings by tests/index/test_kibana.py.
    service = services["kibana-setup"]
    mount = next(m for m in service["volumes"] if m.endswith(":/kibana:ro"))
    folder = DOCKER / mount.split(":")[0]
    assert (folder / "import.sh").is_file() and (folder / "saved_objects.ndjson").is_file()
    assert service["entrypoint"][-1] == "/kibana/import.sh"
    assert service["depends_on"]["kibana"]["condition"] == "service_healthy"


def test_the_bundled_registry_is_valid_and_mounted_where_the_settings_say(services):
    from aggregator.sources.registry import load_registry

    load_registry(DOCKER / "sources" / "sources.yaml")  # raises on any mistake
    for name in [*AIRFLOW_SERVICES, "feeds"]:
        env = environment(services[name])
        mounts = {m.split(":")[1]: m.split(":")[0] for m in services[name]["volumes"]}
        assert mounts[env["AGGREGATOR_SOURCES"].rsplit("/", 1)[0]] == "./sources"
        assert mounts[env["AGGREGATOR_PUBLIC_DIR"]] == "public"


def test_setup_script_is_valid_bash():
    bash = shutil.which("bash")
    subprocess.run([bash, "-n", str(DOCKER / "elasticsearch" / "setup.sh")], check=True)


def test_docker_compose_config_accepts_the_file(tmp_path):
    """The compose implementation itself (Debian's `docker-compose` package) validates and resolves the file; no daemon needed."""
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.skip("docker-compose is not installed (Debian package: apt-get install docker-compose)")
    result = subprocess.run([binary, "--env-file", str(ENV_EXAMPLE), "-f", str(COMPOSE), "config"],
                            cwd=DOCKER, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    resolved = yaml.safe_load(result.stdout)
    assert set(resolved["services"]) >= {"es01", "kibana", "feeds", "airflow-worker"}
    assert "WARNING" not in result.stderr, result.stderr
