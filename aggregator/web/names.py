"""Organization names in the page's language: the registry's Arabic and Latin names, by organization id.

Events carry the name their announcements gave (Arabic, mostly); the registry
(``settings.sources_path``) also has a Latin name, which French and English pages show.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from starlette.requests import Request

import yaml

from aggregator.ical.labels import org_name

__all__ = ["RegistryNames", "registry_names", "organizer_names"]

log = logging.getLogger("aggregator.web")


class RegistryNames:
    """``{org_id: {"ar": ..., "latin": ...}}`` from the registry file, read again when it changes."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._mtime: float | None = None
        self._names: dict[str, dict[str, str]] = {}

    def get(self) -> dict[str, dict[str, str]]:
        try:
            mtime = self.path.stat().st_mtime
        except OSError:
            return self._names  # no registry here (a web-only deployment): names stay as events have them
        with self._lock:
            if mtime != self._mtime:
                self._mtime = mtime
                # Only ids and names are read: the full validation (aggregator.sources.registry) also
                # needs the collector's environment (${AGGREGATOR_DEMO_URL} in URLs), which a page does not.
                try:
                    raw = yaml.safe_load(self.path.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
                    log.warning("organization names not reloaded from %s: %s", self.path, exc)
                    return self._names
                self._names = _names(raw)
            return self._names


def registry_names(request: Request) -> dict[str, dict[str, str]]:
    """The registry's names for the app of ``request`` (its RegistryNames is built on first use)."""
    state = request.app.state
    names = getattr(state, "registry_names", None)
    if names is None or names.path != Path(state.settings.sources_path):
        names = state.registry_names = RegistryNames(state.settings.sources_path)
    return names.get()


def _names(raw) -> dict[str, dict[str, str]]:
    names: dict[str, dict[str, str]] = {}
    organizations = raw.get("organizations") if isinstance(raw, dict) else None
    for org in organizations if isinstance(organizations, list) else ():
        if not isinstance(org, dict) or not isinstance(org.get("id"), str) or not isinstance(org.get("name"), dict):
            continue
        found = {k: v.strip() for k, v in org["name"].items() if k in ("ar", "latin") and isinstance(v, str) and v.strip()}
        if found:
            names[org["id"]] = found
    return names


def organizer_names(organizers, lang: str, registry: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    """Each organizer as ``{id, name, type, country}`` with ``name`` in ``lang`` (see labels.org_name)."""
    return [
        {"id": o.id, "name": org_name(registry.get(o.id) or {"ar": o.name}, lang, o.name or o.id),
         "type": o.type, "country": o.country}
        for o in organizers
    ]
