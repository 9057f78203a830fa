"""Load and validate sources.yaml: organizations and their feeds, with errors naming entry and field."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from aggregator.countries import COUNTRY_TIMEZONES
from aggregator.errors import SourceRegistryError
from aggregator.models import ORG_TYPES, Source
from aggregator.sources.parsers import KINDS

__all__ = ["load_registry", "parse_registry", "KINDS"]

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_LANG = re.compile(r"^[a-z]{2,3}$")
# ${NAME} or ${NAME:-default}, as a shell writes them: the bundled registry points at the demo server.
_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")
ORG_FIELDS = {"id", "name", "org_type", "country", "timezone", "languages", "sources", "website", "notes"}
SOURCE_FIELDS = {
    "id", "kind", "url", "poll_interval_minutes", "enabled", "notes",
    "link_selector", "title_selector", "date_selector", "text_selector", "max_posts", "allow_private_network",
}


def _expand(value: str, where: str) -> str:
    """Environment variables in a URL; one that is unset and has no default is an error naming it."""
    def variable(match: re.Match) -> str:
        name, default = match.group(1), match.group(2)
        if name in os.environ:
            return os.environ[name]
        if default is not None:
            return default
        raise SourceRegistryError(f"{where}: field 'url' uses ${{{name}}}, which is not set: set {name} "
                                  f"or write a default as ${{{name}:-http://...}}")
    return _VARIABLE.sub(variable, value)


def load_registry(path: Path | str) -> list[Source]:
    """Read ``path`` and return every source of every organization, enabled or not."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourceRegistryError(f"{path}: no such file; set AGGREGATOR_SOURCES to your registry") from None
    except yaml.YAMLError as exc:
        raise SourceRegistryError(f"{path}: not valid YAML: {exc}") from None
    return parse_registry(raw, origin=str(path))


def parse_registry(raw: Any, origin: str = "sources.yaml") -> list[Source]:
    if not isinstance(raw, dict) or not isinstance(raw.get("organizations"), list):
        raise SourceRegistryError(f"{origin}: expected a top-level 'organizations:' list")
    sources: list[Source] = []
    seen_orgs: set[str] = set()
    seen_sources: set[str] = set()
    for index, org in enumerate(raw["organizations"]):
        where = f"{origin}: organizations[{index}]"
        if not isinstance(org, dict):
            raise SourceRegistryError(f"{where}: expected a mapping")
        org_id = _required(org, "id", where)
        where = f"{origin}: organization '{org_id}'"
        if not _ID.match(org_id):
            raise SourceRegistryError(f"{where}: field 'id' must be lowercase letters, digits, '-' or '_'")
        if org_id in seen_orgs:
            raise SourceRegistryError(f"{where}: duplicate id")
        seen_orgs.add(org_id)
        unknown = sorted(set(org) - ORG_FIELDS)
        if unknown:
            raise SourceRegistryError(f"{where}: unknown field {unknown[0]!r}; expected one of {', '.join(sorted(ORG_FIELDS))}")
        name = org.get("name") or {}
        if isinstance(name, str):
            name = {"ar": name}
        if not isinstance(name, dict) or not (name.get("ar") or name.get("latin")) or set(name) - {"ar", "latin"}:
            raise SourceRegistryError(f"{where}: field 'name' needs 'ar' and/or 'latin'")
        org_type = _required(org, "org_type", where)
        if org_type not in ORG_TYPES:
            raise SourceRegistryError(f"{where}: field 'org_type' is {org_type!r}; expected one of {', '.join(ORG_TYPES)}")
        country = str(_required(org, "country", where)).upper()
        if country not in COUNTRY_TIMEZONES:
            raise SourceRegistryError(f"{where}: field 'country' is {country!r}, not a known ISO 3166 alpha-2 code")
        timezone = org.get("timezone") or COUNTRY_TIMEZONES[country]
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise SourceRegistryError(f"{where}: field 'timezone' is {timezone!r}, not an IANA time zone") from None
        languages = org.get("languages") or ["ar"]
        if isinstance(languages, str):
            languages = [languages]
        if not isinstance(languages, list) or not all(isinstance(x, str) and _LANG.match(x) for x in languages):
            raise SourceRegistryError(f"{where}: field 'languages' must list ISO 639 codes such as ar, fr, en")
        languages = tuple(languages)
        feeds = org.get("sources")
        if not isinstance(feeds, list) or not feeds:
            raise SourceRegistryError(f"{where}: field 'sources' must list at least one source")
        for position, feed in enumerate(feeds):
            fwhere = f"{where}: sources[{position}]"
            if not isinstance(feed, dict):
                raise SourceRegistryError(f"{fwhere}: expected a mapping with kind and url")
            unknown = sorted(set(feed) - SOURCE_FIELDS)
            if unknown:
                raise SourceRegistryError(f"{fwhere}: unknown field {unknown[0]!r}; expected one of {', '.join(sorted(SOURCE_FIELDS))}")
            kind = _required(feed, "kind", fwhere)
            if kind not in KINDS:
                raise SourceRegistryError(f"{fwhere}: field 'kind' is {kind!r}; expected one of {', '.join(KINDS)}")
            url = _expand(str(_required(feed, "url", fwhere)), fwhere)
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc or "$" in url:
                raise SourceRegistryError(f"{fwhere}: field 'url' is {url!r}, not an http(s) URL")
            if kind == "telegram":
                # Imported here: telegram brings BeautifulSoup, which loading a registry otherwise does not need.
                from aggregator.sources.telegram import preview_url

                url = preview_url(url)
            source_id = feed.get("id") or f"{org_id}-{kind}" + (f"-{position}" if position else "")
            if source_id in seen_sources:
                raise SourceRegistryError(f"{fwhere}: duplicate source id {source_id!r}")
            seen_sources.add(source_id)
            interval = feed.get("poll_interval_minutes", 60)
            if not isinstance(interval, int) or isinstance(interval, bool) or interval < 1:
                raise SourceRegistryError(f"{fwhere}: field 'poll_interval_minutes' must be a positive integer")
            enabled = feed.get("enabled", True)
            if not isinstance(enabled, bool):
                raise SourceRegistryError(f"{fwhere}: field 'enabled' must be true or false")
            max_posts = feed.get("max_posts", 20)
            if not isinstance(max_posts, int) or isinstance(max_posts, bool) or max_posts < 1:
                raise SourceRegistryError(f"{fwhere}: field 'max_posts' must be a positive integer")
            allow_private = feed.get("allow_private_network", False)
            if not isinstance(allow_private, bool):
                raise SourceRegistryError(f"{fwhere}: field 'allow_private_network' must be true or false")
            selectors = {}
            for key in ("link_selector", "title_selector", "date_selector", "text_selector"):
                value = feed.get(key) or ""
                if value:
                    try:
                        import soupsieve  # only registries with CSS selectors need it (it comes with BeautifulSoup)

                        soupsieve.compile(str(value))
                    except Exception as exc:
                        raise SourceRegistryError(f"{fwhere}: field {key!r} is not a valid CSS selector ({exc})") from None
                selectors[key] = str(value)
            sources.append(
                Source(
                    id=source_id,
                    org_id=org_id,
                    org_name=name.get("ar") or name.get("latin"),
                    org_name_latin=name.get("latin") or name.get("ar"),
                    org_type=org_type,
                    country=country,
                    timezone=timezone,
                    kind=kind,
                    url=url,
                    languages=languages,
                    poll_interval_minutes=interval,
                    enabled=enabled,
                    max_posts=max_posts,
                    allow_private_network=allow_private,
                    **selectors,
                )
            )
    return sources


def _required(mapping: dict, key: str, where: str) -> Any:
    value = mapping.get(key)
    if value in (None, ""):
        raise SourceRegistryError(f"{where}: field '{key}' is missing")
    return value
