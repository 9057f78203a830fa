"""Feed filters (organization, kind of organization, country, platform, words, language), validated."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from aggregator.countries import COUNTRY_TIMEZONES
from aggregator.errors import InvalidFilter
from aggregator.ical.labels import LANGUAGES
from aggregator.models import ORG_TYPES, PLATFORMS, Event

__all__ = ["FeedFilter", "InvalidFilter", "PARAMETERS", "MAX_QUERY_LENGTH", "MAX_VALUES"]

PARAMETERS = ("org", "org_type", "country", "platform", "q", "lang")
MAX_QUERY_LENGTH = 200
MAX_VALUES = 50
_ORG_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,127}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass(frozen=True)
class FeedFilter:
    """Which events a feed shows: values of one parameter are OR-ed, parameters AND-ed.

    ``lang`` does not select events: it is the language of the words the feed writes
    itself (calendar name, headings in descriptions), since events carry no language.
    """

    orgs: tuple[str, ...] = ()
    org_types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    q: str = ""
    lang: str = "ar"

    @classmethod
    def from_params(
        cls,
        params: Iterable[tuple[str, str]] | Mapping[str, str],
        *,
        known_orgs: Collection[str] | Callable[[], Collection[str]] | None = None,
    ) -> "FeedFilter":
        """Validate query parameters (``org=a&org=b`` and ``org=a,b`` both work).

        ``known_orgs`` (or a function giving them, called only when ``org`` is used)
        rejects organizations the aggregator has never seen.
        Raises InvalidFilter with a message naming the parameter and the accepted values.
        """
        items = params.items() if isinstance(params, Mapping) else params
        values: dict[str, list[str]] = {}
        for key, raw in items:
            if key not in PARAMETERS:
                raise InvalidFilter(
                    f"unknown parameter {key[:40]!r}; accepted: {', '.join(PARAMETERS)}", key[:40]
                )
            if key == "q":
                values.setdefault(key, []).append(raw)
                continue
            for part in raw.split(","):
                part = part.strip()
                if part:
                    values.setdefault(key, []).append(part)
        for key, found in values.items():
            if len(found) > MAX_VALUES:
                raise InvalidFilter(f"too many values for {key!r} (at most {MAX_VALUES})", key)

        orgs = _unique(values.get("org", ()))
        for org in orgs:
            if not _ORG_ID.match(org):
                raise InvalidFilter(
                    f"org {org[:60]!r} is not an organization id (letters, digits, '_', '-', '.')", "org"
                )
        if orgs and known_orgs is not None:
            known = known_orgs() if callable(known_orgs) else known_orgs
            unknown = [o for o in orgs if o not in known]
            if unknown:
                raise InvalidFilter(
                    f"unknown org {unknown[0]!r}; the list of organizations is at /api/organizations", "org"
                )
        org_types = _unique(values.get("org_type", ()))
        _check("org_type", org_types, ORG_TYPES)
        platforms = _unique(values.get("platform", ()))
        _check("platform", platforms, PLATFORMS)
        countries = _unique(c.upper() for c in values.get("country", ()))
        _check("country", countries, sorted(COUNTRY_TIMEZONES))

        queries = values.get("q", [])
        if len(queries) > 1:
            raise InvalidFilter("give q once (several words in one q are all searched)", "q")
        q = _CONTROL.sub(" ", queries[0]).strip() if queries else ""
        if len(q) > MAX_QUERY_LENGTH:
            raise InvalidFilter(f"q is longer than {MAX_QUERY_LENGTH} characters", "q")

        langs = values.get("lang", [])
        if len(langs) > 1:
            raise InvalidFilter("give lang once", "lang")
        lang = langs[0] if langs else "ar"
        _check("lang", (lang,), LANGUAGES)
        return cls(orgs=orgs, org_types=org_types, countries=countries, platforms=platforms, q=q, lang=lang)

    def to_params(self) -> list[tuple[str, str]]:
        """Canonical query parameters: same filter, same list (so same cache key and URL)."""
        params = []
        for key, values in (
            ("org", self.orgs), ("org_type", self.org_types), ("country", self.countries), ("platform", self.platforms)
        ):
            if values:
                params.append((key, ",".join(values)))
        if self.q:
            params.append(("q", self.q))
        if self.lang != "ar":
            params.append(("lang", self.lang))
        return params

    def query_string(self) -> str:
        """The canonical query string, without '?'; empty for the unfiltered feed."""
        return urlencode(self.to_params())

    def matches(self, event: Event) -> bool:
        """In-memory equivalent of the Elasticsearch query (q is a plain word match here)."""
        if self.orgs and not any(o.id in self.orgs for o in event.organizers):
            return False
        if self.org_types and not any(o.type in self.org_types for o in event.organizers):
            return False
        if self.platforms and event.platform not in self.platforms:
            return False
        if self.countries:
            countries = {c.upper() for c in event.countries} | {o.country.upper() for o in event.organizers if o.country}
            if not countries.intersection(self.countries):
                return False
        if self.q:
            haystack = " ".join([event.title, event.description] + [o.name for o in event.organizers]).casefold()
            if not all(word in haystack for word in self.q.casefold().split()):
                return False
        return True


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(values)))


def _check(name: str, values: Iterable[str], accepted: Collection[str]) -> None:
    for value in values:
        if value not in accepted:
            raise InvalidFilter(f"unknown {name} {value[:60]!r}; accepted: {', '.join(accepted)}", name)
