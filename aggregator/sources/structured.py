"""Web pages carrying events as data: schema.org Event in JSON-LD or microdata, and h-event microformats."""

from __future__ import annotations

import json
import re
from datetime import datetime, time
from typing import Any, Iterator
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup

from aggregator.errors import ParseError
from aggregator.models import Announcement, Source
from aggregator.sources.decode import decode_body
from aggregator.sources.items import ParseReport, make_announcement
from aggregator.sources.text import html_to_text

__all__ = ["parse_event_page", "page_events", "parse_iso"]

# schema.org Event and its subtypes that civic organizations use
EVENT_TYPES = {
    "Event", "EducationEvent", "SocialEvent", "BusinessEvent", "Hackathon", "LiteraryEvent", "ScreeningEvent",
    "PublicationEvent", "BroadcastEvent", "OnDemandEvent", "ComedyEvent", "CourseInstance", "ExhibitionEvent",
    "Festival", "MusicEvent", "TheaterEvent", "SaleEvent", "ChildrensEvent", "DeliveryEvent", "FoodEvent",
    "DanceEvent", "SportsEvent", "VisualArtsEvent", "EventSeries",
}


def parse_event_page(body: bytes, source: Source, fetched_at: datetime, report: ParseReport | None = None,
                     content_type: str = "", page_url: str = "") -> Iterator[Announcement]:
    """Yield one Announcement per event the page describes (JSON-LD, then microdata, then h-event)."""
    report = report if report is not None else ParseReport()
    text, _ = decode_body(body, content_type)
    soup = BeautifulSoup(text, "lxml")
    found = page_events(soup, page_url or source.url, report)
    if not found:
        raise ParseError("no schema.org Event (JSON-LD, microdata) nor h-event found on the page")
    tz = ZoneInfo(source.timezone)
    for event in found:
        start = parse_iso(event.get("startDate"), tz)
        if not event.get("name") and not event.get("description"):
            report.warn("skipped an event with neither name nor description")
            continue
        url = event.get("url") or None
        own_url = url and url.split("#")[0].rstrip("/") != (page_url or source.url).split("#")[0].rstrip("/")
        description, links = html_to_text(event.get("description") or "", page_url or source.url)
        location = event.get("location") or ""
        if location.startswith(("http://", "https://")) and location not in links:
            links = (*links, location)
        yield make_announcement(
            source, fetched_at, url=url or page_url or source.url, title=(event.get("name") or "").strip(),
            text=description, published=None, links=links,
            guid=f"{event.get('name')}@{start.isoformat() if start else ''}", id_from_guid=not own_url,
            starts_at=start, ends_at=parse_iso(event.get("endDate"), tz), location=location,
        )


def page_events(soup: BeautifulSoup, page_url: str, report: ParseReport) -> list[dict[str, str]]:
    """Events of a parsed page as flat dicts: name, description, startDate, endDate, url, location."""
    events = _json_ld(soup, page_url, report)
    if not events:
        events = _microdata(soup, page_url)
    if not events:
        events = _h_events(soup, page_url)
    return events


def parse_iso(value: Any, tz: ZoneInfo) -> datetime | None:
    """ISO 8601 date or date-time as given; without an offset it is the source's local time."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip().replace("Z", "+00:00")
    value = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", value)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if len(value) == 10:  # a date
        parsed = datetime.combine(parsed.date(), time(0, 0))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)


def _types(node: dict) -> set[str]:
    value = node.get("@type") or []
    values = value if isinstance(value, list) else [value]
    return {str(v).rsplit("/", 1)[-1] for v in values}


def _walk(node: Any) -> Iterator[dict]:
    if isinstance(node, list):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, dict):
        yield node
        for key in ("@graph", "subEvent", "itemListElement", "item", "mainEntity", "event"):
            if key in node:
                yield from _walk(node[key])


def _location(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(filter(None, (_location(v) for v in value)))
    if isinstance(value, dict):
        if value.get("url"):
            return str(value["url"])
        address = value.get("address")
        if isinstance(address, dict):
            address = ", ".join(str(address[k]) for k in ("streetAddress", "addressLocality", "addressCountry") if address.get(k))
        return ", ".join(str(x) for x in (value.get("name"), address) if x)
    return str(value or "")


def _json_ld(soup, page_url: str, report: ParseReport) -> list[dict[str, str]]:
    events = []
    for script in soup.find_all("script", type=re.compile(r"application/ld\+json", re.I)):
        raw = script.string or script.get_text() or ""
        try:
            data = json.loads(raw.strip().rstrip(";"))
        except json.JSONDecodeError as exc:
            report.warn(f"skipped a JSON-LD block that does not parse ({exc})")
            continue
        for node in _walk(data):
            if _types(node) & EVENT_TYPES:
                url = node.get("url") or node.get("@id")
                events.append({
                    "name": _text(node.get("name")), "description": _text(node.get("description")),
                    "startDate": _text(node.get("startDate")), "endDate": _text(node.get("endDate")),
                    "url": urljoin(page_url, url) if isinstance(url, str) and not url.startswith("_:") else "",
                    "location": _location(node.get("location")),
                })
    return events


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or ""
    return str(value or "")


def _prop_value(tag, page_url: str) -> str:
    if tag.has_attr("content"):
        return tag["content"]
    if tag.name == "time" and tag.has_attr("datetime"):
        return tag["datetime"]
    if tag.name in ("a", "link") and tag.has_attr("href"):
        return urljoin(page_url, tag["href"])
    if tag.name in ("img", "audio", "video", "source") and tag.has_attr("src"):
        return urljoin(page_url, tag["src"])
    return tag.get_text(" ", strip=True)


def _microdata(soup, page_url: str) -> list[dict[str, str]]:
    events = []
    for scope in soup.find_all(attrs={"itemscope": True, "itemtype": True}):
        if not ({t.rsplit("/", 1)[-1] for t in scope["itemtype"].split()} & EVENT_TYPES):
            continue
        props: dict[str, str] = {}
        for tag in scope.find_all(attrs={"itemprop": True}):
            # a property belongs to the nearest enclosing itemscope; keep location's own url/name
            owner = tag.find_parent(attrs={"itemscope": True})
            name = tag["itemprop"]
            if owner is not scope:
                if owner is not None and owner.get("itemprop") == "location" and owner.find_parent(attrs={"itemscope": True}) is scope:
                    if name in ("url", "name") and "location" not in props:
                        props["location"] = _prop_value(tag, page_url)
                continue
            if name == "location" and tag.has_attr("itemscope"):
                continue
            props.setdefault(name, _prop_value(tag, page_url))
        events.append({k: props.get(k, "") for k in ("name", "description", "startDate", "endDate", "url", "location")})
    return events


def _first(scope, classes: tuple[str, ...], page_url: str) -> str:
    for cls in classes:
        tag = scope.find(class_=cls)
        if tag is not None:
            if cls.startswith("dt-"):
                return tag.get("datetime") or tag.get("title") or tag.get_text(" ", strip=True)
            if cls.startswith("u-"):
                return urljoin(page_url, tag.get("href") or tag.get("src") or tag.get_text(strip=True))
            if cls.startswith("e-"):
                return str(tag.decode_contents())
            return tag.get("title") if tag.name == "abbr" and tag.get("title") else tag.get_text(" ", strip=True)
    return ""


def _h_events(soup, page_url: str) -> list[dict[str, str]]:
    events = []
    for scope in soup.find_all(class_="h-event"):
        events.append({
            "name": _first(scope, ("p-name",), page_url),
            "description": _first(scope, ("e-content", "p-description", "p-summary"), page_url),
            "startDate": _first(scope, ("dt-start",), page_url),
            "endDate": _first(scope, ("dt-end",), page_url),
            "url": _first(scope, ("u-url",), page_url),
            "location": _first(scope, ("p-location", "h-card", "u-location"), page_url),
        })
    return events
