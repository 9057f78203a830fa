"""Fixtures for the deployment tests: docker/docker-compose.yml with docker/.env.example applied."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"
COMPOSE = DOCKER / "docker-compose.yml"
ENV_EXAMPLE = DOCKER / ".env.example"
DOCKERFILE = DOCKER / "airflow" / "Dockerfile"
# ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err}; "$${...}" is a literal "$" for the container's shell.
INTERPOLATION = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")


def read_env_file(path: Path) -> dict[str, str]:
    env = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, sep, value = line.partition("=")
            assert sep, f"{path.name}: not KEY=value: {line!r}"
            env[key.strip()] = value.strip()
    return env


def interpolate(text: str, env: dict[str, str]) -> str:
    """What docker compose does to the file before parsing it (the subset of the syntax we use)."""

    def one(match: re.Match) -> str:
        name, op, default = match.groups()
        value = env.get(name)
        if op and op.startswith(":") and not value:
            value = None
        if value is None:
            if op and op.endswith("?"):
                raise AssertionError(f"${{{name}}} is required")
            return default or ""
        return value

    return INTERPOLATION.sub(one, text).replace("$$", "$")


@pytest.fixture(scope="session")
def env_example() -> dict[str, str]:
    return read_env_file(ENV_EXAMPLE)


@pytest.fixture(scope="session")
def compose(env_example) -> dict:
    """The compose file as docker compose sees it with .env.example as its .env (YAML merge keys resolved)."""
    return yaml.safe_load(interpolate(COMPOSE.read_text(encoding="utf-8"), env_example))


@pytest.fixture(scope="session")
def services(compose) -> dict[str, dict]:
    return compose["services"]


def environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.partition("=")[::2] for item in env)
    return {k: "" if v is None else str(v) for k, v in env.items()}
