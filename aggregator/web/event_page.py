"""One event's own page (/event/{id}): shareable, readable by search engines (JSON-LD), with add-to-calendar links.

The HTML is rendered here, so a crawler or another aggregator reads everything without
running JavaScript; static/event.js only rewrites the times into the visitor's own zone
and makes the copy button work. Every value from an event is escaped on the way in.
"""

from __future__ import annotations

import html
import json
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from aggregator.errors import InvalidFilter
from aggregator.ical.labels import LANGUAGES, PLATFORM_NAMES, country_name
from aggregator.ical.render import http_url
from aggregator.models import Event
from aggregator.web.http import base_url
from aggregator.web.names import organizer_names, registry_names

__all__ = ["ROUTES", "event_page", "calendar_links", "json_ld", "DEFAULT_DURATION"]

# An announcement without an end time: calendar services need one, and most webinars last about this long.
DEFAULT_DURATION = timedelta(hours=1)

TEXT = {
    "ar": {
        "back": "كل الفعاليات", "when_yours": "بتوقيتك", "when_org": "بتوقيت الجهة المنظمة", "join": "رابط المشاركة",
        "organizers": "الجهات المنظمة", "platform": "المنصة", "sources": "المصادر", "description": "الوصف",
        "add": "أضف إلى تقويمك", "google": "تقويم Google", "outlook": "Outlook (الويب)", "ics": "ملف ‎.ics (Apple وغيره)",
        "copy": "نسخ رابط الصفحة", "copied": "تم النسخ", "history": "الحالة وسجل التغييرات",
        "scheduled": "مقررة", "cancelled": "ملغاة", "postponed": "مؤجلة",
        "first_seen": "أول إعلان رصدناه", "last_seen": "آخر تحديث", "version": "عدد التعديلات",
        "previous": "الموعد السابق", "no_end": "لم يُعلن موعد الانتهاء", "status": "الحالة", "merged": "هذه الفعالية مكررة، وتجدونها هنا",
    },
    "fr": {
        "back": "Tous les événements", "when_yours": "Chez vous", "when_org": "Heure de l'organisateur", "join": "Rejoindre",
        "organizers": "Organisateurs", "platform": "Plateforme", "sources": "Sources", "description": "Description",
        "add": "Ajouter à votre agenda", "google": "Google Agenda", "outlook": "Outlook (web)", "ics": "Fichier .ics (Apple, autres)",
        "copy": "Copier le lien de la page", "copied": "Lien copié", "history": "Statut et historique",
        "scheduled": "Prévu", "cancelled": "Annulé", "postponed": "Reporté",
        "first_seen": "Première annonce vue", "last_seen": "Dernière mise à jour", "version": "Révisions",
        "previous": "Date précédente", "no_end": "heure de fin non annoncée", "status": "Statut", "merged": "Doublon : voir cet événement",
    },
    "en": {
        "back": "All events", "when_yours": "Your time", "when_org": "Organizer's time", "join": "Join",
        "organizers": "Organizers", "platform": "Platform", "sources": "Sources", "description": "Description",
        "add": "Add to your calendar", "google": "Google Calendar", "outlook": "Outlook (web)", "ics": ".ics file (Apple, others)",
        "copy": "Copy page link", "copied": "Link copied", "history": "Status and history",
        "scheduled": "Scheduled", "cancelled": "Cancelled", "postponed": "Postponed",
        "first_seen": "First announcement seen", "last_seen": "Last updated", "version": "Revisions",
        "previous": "Previously scheduled for", "no_end": "end time not announced", "status": "Status", "merged": "Duplicate: see this event",
    },
}

_SCHEMA_STATUS = {"scheduled": "EventScheduled", "cancelled": "EventCancelled", "postponed": "EventPostponed"}


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)


def _status(event: Event) -> str:
    return "cancelled" if event.merged_into else event.status


def calendar_links(event: Event, page_url: str, ics_url: str, lang: str) -> dict[str, str]:
    """Add-to-calendar links: Google and Outlook on the web take the event in their URL, in UTC.

    Google's template wants ``dates=YYYYMMDDTHHMMSSZ/YYYYMMDDTHHMMSSZ``; Outlook's compose
    deeplink wants ISO 8601 ``startdt``/``enddt``; both get the page's URL in the details."""
    start = _utc(event.start)
    end = _utc(event.end) if event.end else start + DEFAULT_DURATION
    join = http_url(event.join_url) or ""
    details = "\n\n".join(part for part in ((event.description or "")[:1000], join, page_url) if part)
    google = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}",
        "details": details,
        "location": join or page_url,
        "ctz": event.timezone or "UTC",
    }
    outlook = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": f"{start:%Y-%m-%dT%H:%M:%SZ}",
        "enddt": f"{end:%Y-%m-%dT%H:%M:%SZ}",
        "body": details,
        "location": join or page_url,
    }
    return {
        "google": "https://calendar.google.com/calendar/render?" + urlencode(google, quote_via=quote),
        "outlook": "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(outlook, quote_via=quote),
        "ics": ics_url + ("" if lang == "ar" else f"?lang={lang}"),
    }


def json_ld(event: Event, page_url: str, organizers: list[dict[str, str]]) -> dict[str, Any]:
    """schema.org ``Event`` of an online event: its place is a ``VirtualLocation`` (the join link)."""
    status = _status(event)
    schema_status = _SCHEMA_STATUS.get(status, "EventScheduled")
    if status == "postponed" and event.previous_start and event.previous_start != event.start:
        schema_status = "EventRescheduled"  # a new date is known
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": page_url,
        "url": page_url,
        "name": event.title,
        "startDate": event.start.isoformat(),
        "eventStatus": f"https://schema.org/{schema_status}",
        "eventAttendanceMode": "https://schema.org/" + (
            "MixedEventAttendanceMode" if event.hybrid else "OnlineEventAttendanceMode"),
        "location": {"@type": "VirtualLocation", "url": http_url(event.join_url) or page_url},
        "organizer": [{"@type": "Organization", "name": o["name"], "identifier": o["id"],
                       **({"address": {"@type": "PostalAddress", "addressCountry": o["country"]}} if o["country"] else {})}
                      for o in organizers],
    }
    if event.end:
        data["endDate"] = event.end.isoformat()
    if event.description:
        data["description"] = event.description[:2000]
    if event.previous_start:
        data["previousStartDate"] = event.previous_start.isoformat()
    sources = [u for u in (http_url(s) for s in event.source_urls) if u]
    if sources:
        data["sameAs"] = sources
    return data


def _script_json(data: dict[str, Any]) -> str:
    # Inside <script>, "</script>" or "<!--" in a title would end the block: no "<" reaches the HTML.
    return json.dumps(data, ensure_ascii=False, indent=1).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _zone(name: str):
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.utc


def _time(moment: datetime, zone: str | None) -> str:
    """A <time> the page's script rewrites in the visitor's zone (``zone`` None) or in ``zone``."""
    attributes = f'datetime="{html.escape(moment.isoformat())}"'
    if zone:
        # The offset comes from the server's tz database: browsers' copies differ on Morocco's
        # Ramadan switches (Chromium showed Casablanca at UTC+0 in December 2026; it is UTC+1).
        offset = f"{moment.astimezone(_zone(zone)):%z}"
        attributes += f' data-zone="{html.escape(zone)}" data-offset="{offset[:3]}:{offset[3:]}"'
    local = moment.astimezone(_zone(zone or "UTC"))
    offset = f"{local:%z}"
    return (f'<time {attributes}>{local:%Y-%m-%d %H:%M} '
            f'<bdi dir="ltr">({html.escape(zone or "UTC")}, UTC{offset[:3]}:{offset[3:]})</bdi></time>')


def render_page(event: Event, *, base: str, lang: str, registry: dict[str, dict[str, str]]) -> str:
    """The event page's HTML in ``lang``."""
    t = TEXT[lang]
    e = html.escape
    ident = quote(event.event_id, safe="")
    suffix = "" if lang == "ar" else f"?lang={lang}"
    page_url = f"{base}event/{ident}{suffix}"
    links = calendar_links(event, page_url, f"{base}events/{ident}.ics", lang)
    organizers = organizer_names(event.organizers, lang, registry)
    status = _status(event)
    comma = "، " if lang == "ar" else ", "

    def span(start: datetime, end: datetime | None, zone: str | None) -> str:
        out = _time(start, zone)
        return out + (" – " + _time(end, zone) if end else f" <small>({e(t['no_end'])})</small>")

    rows = [
        f'<p class="when yours"><strong>{e(t["when_yours"])}</strong> {span(event.start, event.end, None)}</p>',
        f'<p class="when organizer"><strong>{e(t["when_org"])}</strong> {span(event.start, event.end, event.timezone)}</p>',
    ]
    org_items = "".join(
        f'<li data-org-id="{e(o["id"])}">{e(o["name"])}'
        + (f' <small>({e(country_name(o["country"], lang))})</small>' if o["country"] else "") + "</li>"
        for o in organizers
    )
    join = http_url(event.join_url)
    platform = PLATFORM_NAMES.get(event.platform or "", "")
    sources = [u for u in (http_url(s) for s in event.source_urls) if u]
    history = [
        (t["status"], e(t.get(status, status))),
        (t["first_seen"], _time(event.first_seen, None)),
        (t["last_seen"], _time(event.last_seen, None)),
        (t["version"], e(str(event.version))),
    ]
    if event.previous_start:
        history.insert(1, (t["previous"], _time(event.previous_start, None)))
    add = [f'<a class="button add-ics" href="{e(links["ics"])}" download>{e(t["ics"])}</a>']
    if status != "cancelled":
        add = [f'<a class="button add-google" href="{e(links["google"])}" target="_blank" rel="noopener">{e(t["google"])}</a>',
               f'<a class="button add-outlook" href="{e(links["outlook"])}" target="_blank" rel="noopener">{e(t["outlook"])}</a>',
               *add]
    current = ' aria-current="page"'
    languages = "".join(
        f'<a href="{e(base)}event/{ident}{"" if code == "ar" else "?lang=" + code}" lang="{code}" hreflang="{code}"'
        f'{current if code == lang else ""}>{name}</a>'
        for code, name in (("ar", "العربية"), ("fr", "Français"), ("en", "English"))
    )
    badge = f'<span class="badge status-{e(status)}">{e(t[status])}</span> ' if status in ("cancelled", "postponed") else ""
    return f"""<!doctype html>
<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(event.title)}</title>
<meta name="description" content="{e((event.description or event.title)[:300])}">
<link rel="canonical" href="{e(page_url)}">
<link rel="stylesheet" href="{e(base)}static/app.css">
<link rel="alternate" type="text/calendar" href="{e(links["ics"])}">
<script type="application/ld+json">
{_script_json(json_ld(event, page_url, organizers))}
</script>
<script src="{e(base)}static/event.js" defer></script>
</head>
<body class="event-page status-{e(status)}" data-lang="{lang}">
<header>
  <nav class="site-nav" aria-label="site"><a href="{e(base)}{suffix}">{e(t["back"])}</a></nav>
  <nav id="languages" aria-label="language">{languages}</nav>
</header>
<main>
<article class="event {e(status)}" data-event-id="{e(event.event_id)}">
  <h1 dir="auto">{badge}{e(event.title)}</h1>
  {f'<p class="merged"><a href="{e(base)}event/{quote(event.merged_into, safe="")}{suffix}">{e(t["merged"])}</a></p>' if event.merged_into else ""}
  {"".join(rows)}
  {f'<p class="join-row"><a class="button join" href="{e(join)}" rel="noopener nofollow" target="_blank">{e(t["join"])}</a></p>' if join and status != "cancelled" else ""}
  {f'<p class="meta platform"><strong>{e(t["platform"])}:</strong> {e(platform)}</p>' if platform else ""}
  <section class="organizers"><h2>{e(t["organizers"])}</h2><ul>{org_items}</ul></section>
  {f'<section class="description"><h2>{e(t["description"])}</h2><p dir="auto">{e(event.description)}</p></section>' if event.description else ""}
  <section class="add" id="add"><h2>{e(t["add"])}</h2>{"".join(add)}
    <button type="button" class="button secondary copy" data-copy="{e(page_url)}" data-copied="{e(t["copied"])}">{e(t["copy"])}</button>
  </section>
  <section class="history"><h2>{e(t["history"])}</h2><dl>{"".join(f"<dt>{e(k)}</dt><dd>{v}</dd>" for k, v in history)}</dl></section>
  {f'<section class="sources"><h2>{e(t["sources"])}</h2><ul>' + "".join(f'<li><a href="{e(u)}" rel="noopener nofollow" dir="ltr">{e(u)}</a></li>' for u in sources) + "</ul></section>" if sources else ""}
</article>
</main>
<footer><p>{e(comma.join(o["name"] for o in organizers))}</p></footer>
</body>
</html>
"""


async def event_page(request: Request) -> Response:
    """The page of one event, in ``?lang=`` (Arabic by default), whatever its date."""
    state = request.app.state
    event_id = request.path_params["event_id"]
    lang = request.query_params.get("lang", "ar")
    if lang not in LANGUAGES:
        raise InvalidFilter(f"unknown lang {lang[:20]!r}; accepted: {', '.join(LANGUAGES)}", "lang")
    if len(event_id) > 200:
        raise HTTPException(404, "no such event")
    event = await run_in_threadpool(state.store.get, event_id)
    if event is None:
        raise HTTPException(404, f"no event {event_id[:80]!r}")
    body = render_page(event, base=base_url(request), lang=lang, registry=registry_names(request))
    return HTMLResponse(body, headers={"Cache-Control": "public, max-age=60", "Content-Language": lang})


ROUTES = [Route("/event/{event_id}", event_page, methods=["GET"])]
