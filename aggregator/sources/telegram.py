"""Telegram public channels through their web preview (t.me/s/<channel>): one Announcement per post."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Iterator
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from aggregator.errors import ParseError
from aggregator.models import Announcement, Source
from aggregator.sources.decode import decode_body
from aggregator.sources.items import ParseReport, make_announcement
from aggregator.sources.structured import parse_iso
from aggregator.sources.text import element_to_text
from zoneinfo import ZoneInfo

__all__ = ["parse_channel", "preview_url"]

_CHANNEL = re.compile(r"^/(?:s/)?([A-Za-z0-9_]{4,64})/?$")


def preview_url(url: str) -> str:
    """https://t.me/s/<channel> for any t.me link to a channel (t.me/x, t.me/s/x, telegram.me/x)."""
    parts = urlsplit(url)
    match = _CHANNEL.match(parts.path)
    if (parts.hostname or "").lower() not in ("t.me", "telegram.me") or not match:
        return url  # not Telegram's host (e.g. a local test server): fetched as given
    return f"https://t.me/s/{match.group(1)}"


def parse_channel(body: bytes, source: Source, fetched_at: datetime, report: ParseReport | None = None,
                  content_type: str = "") -> Iterator[Announcement]:
    """Yield the channel's posts shown in the preview, oldest first as Telegram lists them."""
    report = report if report is not None else ParseReport()
    text, _ = decode_body(body, content_type)
    soup = BeautifulSoup(text, "lxml")
    messages = soup.select("div.tgme_widget_message[data-post]")
    if not messages:
        if soup.select_one(".tgme_channel_info, .tgme_page") is not None:
            return  # a channel with no public posts
        raise ParseError("not a Telegram channel preview (no .tgme_widget_message); is the channel public?")
    tz = ZoneInfo(source.timezone)
    for message in messages:
        post = message["data-post"]  # "<channel>/<number>"
        url = f"https://t.me/{post}"
        body_tag = message.select_one(".tgme_widget_message_text")
        time_tag = message.select_one(".tgme_widget_message_date time[datetime]")
        published = parse_iso(time_tag["datetime"], tz) if time_tag is not None else None
        if body_tag is None:
            continue  # photos, polls, service messages without text
        for br in body_tag.find_all("br"):
            br.replace_with("\n")
        post_text, links = element_to_text(body_tag, url)
        lines = [line for line in post_text.splitlines() if line.strip()]
        if not lines:
            continue
        title = lines[0][:200]
        yield make_announcement(source, fetched_at, url=url, title=title, text=post_text, published=published,
                                links=links, guid=post)
