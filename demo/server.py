"""Serve the demo feeds on 127.0.0.1 so `make run` and the tests use the real HTTP fetch path.

Feed files hold date tokens, rendered relative to an anchor day (today, or DEMO_ANCHOR=YYYY-MM-DD)
so the demo always shows upcoming events:
  {{d+N STYLE}}  the anchor day + N days, written as organizations write dates:
                 eg (Egyptian/Gulf months), lev (Levantine), tn (Tunisian/Algerian), ma (Moroccan),
                 fr (French), num (DD/MM/YYYY)
  {{pub-N}}      RFC 822 timestamp, anchor - N days at 08:30 UTC (RSS pubDate)
  {{iso-N}}      ISO 8601 timestamp, same instant (Atom)
Responses carry an ETag and honour If-None-Match, so a second run is answered 304.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import threading
from datetime import date, datetime, time, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FEEDS = Path(__file__).resolve().parent / "feeds"

WEEKDAYS_AR = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
WEEKDAYS_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = {
    "eg": ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
    "lev": ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"],
    "tn": ["جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
    "ma": ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
}
TOKEN = re.compile(r"\{\{(d|pub|iso)([+-]\d+)(?: (\w+))?\}\}")


def anchor_day() -> date:
    value = os.environ.get("DEMO_ANCHOR")
    return date.fromisoformat(value) if value else datetime.now(timezone.utc).date()


def render(text: str, anchor: date) -> str:
    def replace(match: re.Match) -> str:
        kind, offset, style = match.group(1), int(match.group(2)), match.group(3)
        day = anchor + timedelta(days=offset)
        if kind == "pub":
            return format_datetime(datetime.combine(day, time(8, 30), timezone.utc))
        if kind == "iso":
            return datetime.combine(day, time(8, 30), timezone.utc).isoformat()
        if style == "num":
            return f"{day.day:02d}/{day.month:02d}/{day.year}"
        if style == "fr":
            return f"{WEEKDAYS_FR[day.weekday()]} {day.day} {MONTHS['fr'][day.month - 1]} {day.year}"
        return f"{WEEKDAYS_AR[day.weekday()]} {day.day} {MONTHS[style][day.month - 1]} {day.year}"

    return TOKEN.sub(replace, text)


class Handler(BaseHTTPRequestHandler):
    server_version = "demo-feeds/1"

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        name = self.path.split("?", 1)[0].removeprefix("/feeds/")
        path = FEEDS / name
        if "/" in name or not path.is_file():
            self.send_error(404, "no such feed")
            return
        body = render(path.read_text(encoding="utf-8"), anchor_day()).encode("utf-8")
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        kind = "application/atom+xml" if name.endswith(".atom") else "application/rss+xml"
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # quiet: the pipeline reports fetches
        pass


def start(port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """Start serving in a daemon thread; returns the server and its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"serving demo feeds on http://127.0.0.1:{args.port}/feeds/", flush=True)
    server.serve_forever()
