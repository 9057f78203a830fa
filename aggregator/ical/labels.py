"""The few words a feed writes itself (description headings, status notes), per language."""

from __future__ import annotations

__all__ = ["LANGUAGES", "LABELS", "PLATFORM_NAMES", "labels"]

LANGUAGES = ("ar", "fr", "en")

PLATFORM_NAMES = {
    "zoom": "Zoom",
    "facebook_live": "Facebook Live",
    "google_meet": "Google Meet",
    "youtube": "YouTube",
    "teams": "Microsoft Teams",
    "other": "",
}

LABELS = {
    "ar": {
        "organizers": "الجهات المنظمة",
        "join": "رابط المشاركة",
        "platform": "المنصة",
        "sources": "المصادر",
        "cancelled": "أُلغيت هذه الفعالية.",
        "merged": "هذه الفعالية مكررة، وتجدونها في: {uid}",
        "postponed_from": "تم التأجيل (الموعد السابق: {previous}).",
        "postponed_tbd": "تم التأجيل، ولم يُعلن الموعد الجديد بعد.",
        "calendar": "فعاليات مدنية عبر الإنترنت",
        "calendar_description": "ندوات وبث مباشر تعلن عنها أحزاب ونقابات وجمعيات من شمال أفريقيا والشرق الأوسط.",
    },
    "fr": {
        "organizers": "Organisateurs",
        "join": "Lien pour participer",
        "platform": "Plateforme",
        "sources": "Sources",
        "cancelled": "Cet événement est annulé.",
        "merged": "Doublon : voir l'événement {uid}",
        "postponed_from": "Reporté (date précédente : {previous}).",
        "postponed_tbd": "Reporté ; nouvelle date non annoncée.",
        "calendar": "Événements civiques en ligne",
        "calendar_description": "Webinaires et directs annoncés par des partis, syndicats et ONG d'Afrique du Nord et du Moyen-Orient.",
    },
    "en": {
        "organizers": "Organizers",
        "join": "Join link",
        "platform": "Platform",
        "sources": "Sources",
        "cancelled": "This event is cancelled.",
        "merged": "Duplicate: see event {uid}",
        "postponed_from": "Postponed (previously {previous}).",
        "postponed_tbd": "Postponed; new date not announced yet.",
        "calendar": "Online civic events",
        "calendar_description": "Webinars and live streams announced by parties, unions and NGOs of North Africa and the Middle East.",
    },
}


def labels(lang: str) -> dict[str, str]:
    """The labels of ``lang`` (Arabic when the language is not one of LANGUAGES)."""
    return LABELS.get(lang, LABELS["ar"])
