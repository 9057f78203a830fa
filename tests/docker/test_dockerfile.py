"""docker/airflow/Dockerfile: the official Airflow image, the repository's own pinned requirements, the package."""

from __future__ import annotations

import re

from tests.docker.conftest import DOCKER, DOCKERFILE, ROOT


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            rows.append((word.upper(), rest.strip()))
    return rows


def copied() -> dict[str, str]:
    """Destination -> repository path of every COPY."""
    out = {}
    for word, args in instructions():
        if word == "COPY":
            parts = [p for p in args.split() if not p.startswith("--")]
            out[parts[-1]] = parts[0]
    return out


def requirement_pin(name: str) -> str:
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line.lower().startswith(name + "=="):
            return line.split("==")[1]
    raise AssertionError(f"{name} is not pinned in requirements.txt")


def test_base_is_the_official_airflow_image_of_the_pinned_version():
    froms = [args for word, args in instructions() if word == "FROM"]
    assert froms == [f"apache/airflow:{requirement_pin('apache-airflow')}-python3.11"]


def test_installs_the_repository_requirements_file_then_the_package_without_deps():
    files = copied()
    assert files["/opt/civic/src/requirements.txt"] == "requirements.txt"  # the repository's own file
    assert files["/opt/civic/src/pyproject.toml"] == "pyproject.toml"
    assert files["/opt/civic/src/aggregator"] == "aggregator"
    runs = " ".join(args for word, args in instructions() if word == "RUN")
    assert re.search(r"pip install [^&]*-r /opt/civic/src/requirements\.txt", runs)
    assert re.search(r"pip install [^&]*--no-deps -e /opt/civic/src", runs)
    order = [args for word, args in instructions() if word == "RUN" and "pip install" in args]
    assert "requirements.txt" in order[0] and "--no-deps" in order[1]


def test_deployment_extras_do_not_repin_anything_from_requirements():
    def pins(path):
        return {re.sub(r"[-_.]+", "-", line.split("==")[0].lower()): line.split("==")[1]
                for line in path.read_text(encoding="utf-8").splitlines() if "==" in line and not line.startswith("#")}

    project, deploy = pins(ROOT / "requirements.txt"), pins(DOCKER / "airflow" / "requirements-deploy.txt")
    assert not set(project) & set(deploy), "requirements-deploy.txt must only add packages"
    assert {"apache-airflow-providers-celery", "apache-airflow-providers-postgres", "apache-airflow-providers-redis"} <= set(deploy)
    assert "apache-airflow-providers-fab" not in deploy


def test_dags_and_plugins_land_where_compose_points_airflow(services):
    from tests.docker.conftest import environment

    env = environment(services["airflow-scheduler"])
    files = copied()
    assert files[env["AIRFLOW__CORE__DAGS_FOLDER"]] == "dags"
    assert files[env["AIRFLOW__CORE__PLUGINS_FOLDER"]] == "plugins"


def test_the_build_context_sends_what_is_copied_and_nothing_local():
    ignore = (DOCKER / "airflow" / "Dockerfile.dockerignore").read_text(encoding="utf-8").split()
    assert ignore[ignore.index("*")] == "*"  # allow-list
    allowed = {line[1:].rstrip("/") for line in ignore if line.startswith("!")}
    for source in copied().values():
        assert source.rstrip("/") in allowed, f"COPY {source} is excluded from the build context"
    assert not allowed & {".venv", "var", "public", ".git"}


def test_compose_builds_this_dockerfile_from_the_repository_root(services):
    for name in ("airflow-worker", "feeds"):
        build = services[name]["build"]
        assert (DOCKER / build["context"]).resolve() == ROOT
        assert (ROOT / build["dockerfile"]).resolve() == DOCKERFILE
