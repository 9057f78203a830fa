"""RSS 0.9x/1.0/2.0 and Atom feeds to Announcements, through feedparser, with full content when given."""

from __future__ import annotations

import calendar
import xml.sax
from datetime import datetime, timezone
from typing import Iterator

import defusedxml.sax
import feedparser
from defusedxml import DefusedXmlException

from aggregator.errors import ParseError
from aggregator.models import Announcement, Source
from aggregator.sources.decode import to_utf8_xml
from aggregator.sources.items import ParseReport, make_announcement
from aggregator.sources.text import html_to_text

__all__ = ["parse_feed", "check_xml_safety"]


def check_xml_safety(body: bytes) -> None:
    """Refuse documents that declare entities or reference external ones (billion laughs, quadratic
    blow-up, XXE) before feedparser sees them: no feed needs them, and expanding them is how XML bombs work.

    defusedxml's expat reader reads the document as XML does (any encoding expat knows, a DOCTYPE after
    any amount of comments) and stops at the first declaration; nothing is expanded. A document that is
    not well-formed before that point is left to feedparser, which keeps what parses and expands no
    declared entity on that path.
    """
    try:
        defusedxml.sax.parseString(body, xml.sax.handler.ContentHandler(), forbid_dtd=False,
                                   forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ParseError(f"the document declares XML entities or external references (a possible "
                         f"entity-expansion bomb: {type(exc).__name__}); refused without expanding") from None
    except (xml.sax.SAXException, ValueError, LookupError):
        pass  # malformed or in an encoding expat lacks: not a declaration, feedparser copes


def parse_feed(body: bytes, source: Source, fetched_at: datetime, report: ParseReport | None = None,
               content_type: str = "") -> Iterator[Announcement]:
    """Yield one Announcement per item that has a title or text; malformed feeds yield what parses."""
    report = report if report is not None else ParseReport()
    check_xml_safety(body)  # as served (expat decodes UTF-16 and the rest itself)
    body, _ = to_utf8_xml(body, content_type)
    check_xml_safety(body)  # and as feedparser will read it, whatever the declared encoding was
    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    if parsed.bozo and not parsed.entries and not parsed.feed:
        raise ParseError(f"not a feed ({type(parsed.bozo_exception).__name__}: {parsed.bozo_exception})")
    if parsed.bozo:
        report.warn(f"malformed feed ({type(parsed.bozo_exception).__name__}: {parsed.bozo_exception}); "
                    f"kept the {len(parsed.entries)} items that parsed")
    base = parsed.feed.get("link") or source.url
    for entry in parsed.entries:
        html = ""
        if entry.get("content"):
            html = max((c.get("value", "") for c in entry.content), key=len)
        summary = entry.get("summary", "") or entry.get("description", "")
        if len(summary) > len(html):
            html = summary
        text, links = html_to_text(html, base)
        title, _ = html_to_text(entry.get("title", ""))
        if not (title or text):
            report.warn("skipped an item with neither title nor text")
            continue
        link = entry.get("link") or None
        guid = entry.get("id") or None
        if not link and guid and guid.startswith(("http://", "https://")):
            link = guid
        yield make_announcement(
            source, fetched_at, url=link, title=title, text=text, published=_entry_time(entry),
            links=links, guid=guid or title,
        )


def _entry_time(entry) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc)
    return None
