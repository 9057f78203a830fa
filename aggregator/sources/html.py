"""Plain news/listing pages without a feed: follow links to posts by a CSS selector, read each post."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Callable, Iterable, Iterator
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup

from aggregator.models import Announcement, Source
from aggregator.sources.decode import decode_body
from aggregator.sources.items import ParseReport, make_announcement
from aggregator.sources.structured import MAX_JSON_BYTES, MAX_JSON_DEPTH, json_depth_exceeds, parse_iso
from aggregator.sources.text import element_to_text
from aggregator.sources.urls import announcement_id

__all__ = ["listing_links", "parse_post", "collect_posts", "DEFAULT_LINK_SELECTOR"]

DEFAULT_LINK_SELECTOR = "article a[href], h2 a[href], h3 a[href], .post a[href], .news-item a[href]"
_TEXT_DEFAULTS = ("[itemprop=articleBody]", ".entry-content", ".post-content", ".article-body", "article", "main", ".post", ".content", "body")
_DATE_META = ("article:published_time", "og:published_time", "datePublished", "date", "dc.date", "pubdate")


def listing_links(body: bytes, source: Source, content_type: str = "", page_url: str = "") -> list[str]:
    """Absolute URLs of the posts a listing page links to, in page order, without repeats."""
    text, _ = decode_body(body, content_type)
    soup = BeautifulSoup(text, "lxml")
    base = page_url or source.url
    base_tag = soup.find("base", href=True)
    if base_tag:
        base = urljoin(base, base_tag["href"])
    links = []
    for a in soup.select(source.link_selector or DEFAULT_LINK_SELECTOR):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = urljoin(base, href).split("#", 1)[0]
        if urlsplit(url).scheme in ("http", "https") and url.rstrip("/") != base.rstrip("/"):
            links.append(url)
    return list(dict.fromkeys(links))


def parse_post(body: bytes, url: str, source: Source, fetched_at: datetime, content_type: str = "") -> Announcement | None:
    """Title, date and text of one post page; None when it has neither title nor text."""
    text, _ = decode_body(body, content_type)
    soup = BeautifulSoup(text, "lxml")
    title = _select_text(soup, source.title_selector) or _meta(soup, "og:title") or _select_text(soup, "h1") \
        or (soup.title.get_text(" ", strip=True) if soup.title else "")
    published = _post_date(soup, source)
    container = None
    for selector in ([source.text_selector] if source.text_selector else []) + list(_TEXT_DEFAULTS):
        container = soup.select_one(selector)
        if container is not None:
            break
    body_text, links = element_to_text(container, url) if container is not None else ("", ())
    if title and body_text.startswith(title):
        body_text = body_text[len(title):].lstrip()
    if not (title or body_text):
        return None
    return make_announcement(source, fetched_at, url=url, title=title.strip(), text=body_text, published=published, links=links)


def collect_posts(
    links: Iterable[str],
    source: Source,
    fetched_at: datetime,
    report: ParseReport,
    get: Callable[[str], tuple[bytes, str, str]],
    known: Callable[[list[str]], set[str]] = lambda ids: set(),
) -> Iterator[Announcement]:
    """Fetch and read the posts not seen before (at most ``source.max_posts``); ``get(url)`` returns
    (body, content type, final URL) and raises on failure; ``known(ids)`` says which ids exist."""
    links = list(links)[: source.max_posts]
    ids = {announcement_id(u, source.id): u for u in links}
    seen = known(list(ids))
    for post_id, url in ids.items():
        if post_id in seen:
            continue
        try:
            body, content_type, final_url = get(url)
        except Exception as exc:  # one post failing never loses the others
            report.warn(f"post {url}: {exc}")
            continue
        try:
            announcement = parse_post(body, url, source, fetched_at, content_type)
        except Exception as exc:  # nor does one post that cannot be read
            report.warn(f"post {url}: {type(exc).__name__}: {exc}")
            continue
        if announcement is None:
            report.warn(f"post {url}: neither title nor text found")
            continue
        yield announcement


def _select_text(soup, selector: str) -> str:
    if not selector:
        return ""
    tag = soup.select_one(selector)
    return tag.get_text(" ", strip=True) if tag is not None else ""


def _meta(soup, name: str) -> str:
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name}) \
        or soup.find("meta", attrs={"itemprop": name})
    return (tag.get("content") or "").strip() if tag else ""


def _post_date(soup, source: Source) -> datetime | None:
    tz = ZoneInfo(source.timezone)
    candidates = []
    if source.date_selector:
        tag = soup.select_one(source.date_selector)
        if tag is not None:
            candidates += [tag.get("datetime"), tag.get("content"), tag.get_text(" ", strip=True)]
    candidates += [_meta(soup, name) for name in _DATE_META]
    for script in soup.find_all("script", type=re.compile(r"ld\+json", re.I)):
        raw = script.string or ""
        if len(raw) > MAX_JSON_BYTES or json_depth_exceeds(raw, MAX_JSON_DEPTH):
            continue  # bounded like the events pages: the decoder recurses
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, TypeError, RecursionError):
            continue
        for node in data if isinstance(data, list) else [data]:
            if isinstance(node, dict):
                candidates.append(node.get("datePublished"))
    time_tag = soup.find("time", datetime=True)
    if time_tag is not None:
        candidates.append(time_tag["datetime"])
    for value in candidates:
        parsed = parse_iso(value, tz)
        if parsed:
            return parsed
    return None
