"""The few words a feed writes itself (description headings, status notes, calendar names), per language."""

from __future__ import annotations

__all__ = ["LANGUAGES", "LABELS", "PLATFORM_NAMES", "ORG_TYPE_NAMES", "COUNTRY_NAMES", "labels", "country_name",
           "org_name", "calendar_name"]

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


ORG_TYPE_NAMES = {
    "ar": {"party": "أحزاب", "union": "نقابات", "ngo": "جمعيات", "other": "جهات أخرى"},
    "fr": {"party": "Partis", "union": "Syndicats", "ngo": "ONG", "other": "Autres organisations"},
    "en": {"party": "Parties", "union": "Unions", "ngo": "NGOs", "other": "Other organizations"},
}

# Every country of aggregator.countries.COUNTRY_TIMEZONES, as people write it in each language.
COUNTRY_NAMES = {
    "DZ": ("الجزائر", "Algérie", "Algeria"),
    "BH": ("البحرين", "Bahreïn", "Bahrain"),
    "KM": ("جزر القمر", "Comores", "Comoros"),
    "DJ": ("جيبوتي", "Djibouti", "Djibouti"),
    "EG": ("مصر", "Égypte", "Egypt"),
    "IQ": ("العراق", "Irak", "Iraq"),
    "JO": ("الأردن", "Jordanie", "Jordan"),
    "KW": ("الكويت", "Koweït", "Kuwait"),
    "LB": ("لبنان", "Liban", "Lebanon"),
    "LY": ("ليبيا", "Libye", "Libya"),
    "MR": ("موريتانيا", "Mauritanie", "Mauritania"),
    "MA": ("المغرب", "Maroc", "Morocco"),
    "EH": ("الصحراء الغربية", "Sahara occidental", "Western Sahara"),
    "OM": ("عُمان", "Oman", "Oman"),
    "PS": ("فلسطين", "Palestine", "Palestine"),
    "QA": ("قطر", "Qatar", "Qatar"),
    "SA": ("السعودية", "Arabie saoudite", "Saudi Arabia"),
    "SO": ("الصومال", "Somalie", "Somalia"),
    "SD": ("السودان", "Soudan", "Sudan"),
    "SS": ("جنوب السودان", "Soudan du Sud", "South Sudan"),
    "SY": ("سوريا", "Syrie", "Syria"),
    "TN": ("تونس", "Tunisie", "Tunisia"),
    "AE": ("الإمارات", "Émirats arabes unis", "United Arab Emirates"),
    "YE": ("اليمن", "Yémen", "Yemen"),
    "TR": ("تركيا", "Turquie", "Türkiye"),
    "IR": ("إيران", "Iran", "Iran"),
    "FR": ("فرنسا", "France", "France"),
    "BE": ("بلجيكا", "Belgique", "Belgium"),
    "GB": ("المملكة المتحدة", "Royaume-Uni", "United Kingdom"),
    "DE": ("ألمانيا", "Allemagne", "Germany"),
    "US": ("الولايات المتحدة", "États-Unis", "United States"),
}


def country_name(code: str, lang: str) -> str:
    """The name of country ``code`` in ``lang`` (the code itself when it is not in COUNTRY_NAMES)."""
    names = COUNTRY_NAMES.get(code.upper())
    if names is None:
        return code.upper()
    return names[LANGUAGES.index(lang) if lang in LANGUAGES else 0]


def org_name(names: dict[str, str] | None, lang: str, fallback: str) -> str:
    """An organization's name for a page in ``lang``: Arabic on Arabic pages, the registry's Latin
    name on French and English ones, and whichever exists when only one does."""
    names = names or {}
    first, second = ("ar", "latin") if lang == "ar" else ("latin", "ar")
    return names.get(first) or names.get(second) or fallback


def calendar_name(lang: str, *, orgs: tuple[str, ...] = (), org_types: tuple[str, ...] = (),
                  countries: tuple[str, ...] = (), platforms: tuple[str, ...] = (), q: str = "",
                  org_names: dict[str, dict[str, str]] | None = None) -> str:
    """The name a filtered calendar shows in people's calendar apps: words, never raw ids.

    ``org_names`` maps an organization id to its names (``{"ar": ..., "latin": ...}``)."""
    words = labels(lang)
    kinds = ORG_TYPE_NAMES.get(lang, ORG_TYPE_NAMES["ar"])
    comma = "، " if lang == "ar" else ", "
    parts = []
    if orgs:
        parts.append(comma.join(org_name((org_names or {}).get(o), lang, o) for o in orgs))
    if org_types:
        parts.append(comma.join(kinds.get(t, t) for t in org_types))
    if countries:
        parts.append(comma.join(country_name(c, lang) for c in countries))
    if platforms:
        parts.append(comma.join(PLATFORM_NAMES.get(p) or p for p in platforms))
    if q:
        parts.append(f"«{q}»" if lang != "en" else f"“{q}”")
    name = words["calendar"]
    return f"{name} — {' · '.join(parts)}" if parts else name
