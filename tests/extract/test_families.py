"""One parametrized table per row family of the extraction issue; expected instants via zoneinfo."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from aggregator.extract import extract

PUB = datetime(2026, 3, 5, 9, 0, tzinfo=ZoneInfo("Asia/Beirut"))  # Thursday


def at(local: str, zone: str) -> datetime:
    return datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone))


def run(text, country="LB", published=PUB, **kw):
    return extract(text, published, country=country, **kw)


# (id, text, country, local start, zone)
START_CASES = [
    # month systems
    ("levant-kanun2", "ندوة عبر زووم يوم 12 كانون الثاني 2027 الساعة 20:00", "LB", "2027-01-12T20:00", "Asia/Beirut"),
    ("levant-kanun-digit", "ندوة عبر زووم يوم 12 كانون 2 2027 الساعة 20:00", "SY", "2027-01-12T20:00", "Asia/Damascus"),
    ("levant-dual-slash", "ندوة عبر زووم يوم 14 شباط/فبراير 2027 الساعة 20:00", "JO", "2027-02-14T20:00", "Asia/Amman"),
    ("levant-dual-paren", "ندوة عبر زووم يوم 9 أيلول (سبتمبر) 2026 الساعة 20:00", "IQ", "2026-09-09T20:00", "Asia/Baghdad"),
    ("levant-tishrin", "ندوة عبر زووم يوم 3 تشرين الأول 2026 الساعة 20:00", "PS", "2026-10-03T20:00", "Asia/Gaza"),
    ("levant-no-hamza", "ندوة عبر زووم يوم 3 ايار 2026 الساعة 20:00", "LB", "2026-05-03T20:00", "Asia/Beirut"),
    ("egypt-yunyeh", "ندوة عبر زووم يوم 11 يونيه 2026 الساعة 20:00", "EG", "2026-06-11T20:00", "Africa/Cairo"),
    ("egypt-yulyeh", "ندوة عبر زووم يوم 2 يوليه 2026 الساعة 20:00", "EG", "2026-07-02T20:00", "Africa/Cairo"),
    ("gulf-ibril", "ندوة عبر زووم يوم 2 إبريل 2026 الساعة 20:00", "SA", "2026-04-02T20:00", "Asia/Riyadh"),
    ("tunisia-jwilia", "ندوة عبر زووم يوم 2 جويلية 2026 الساعة 20:00", "TN", "2026-07-02T20:00", "Africa/Tunis"),
    ("tunisia-fifri", "ندوة عبر زووم يوم 2 فيفري 2027 الساعة 20:00", "TN", "2027-02-02T20:00", "Africa/Tunis"),
    ("algeria-out", "ندوة عبر زووم يوم 20 أوت 2026 الساعة 20:00", "DZ", "2026-08-20T20:00", "Africa/Algiers"),
    ("algeria-avril", "ندوة عبر زووم يوم 20 أفريل 2026 الساعة 20:00", "DZ", "2026-04-20T20:00", "Africa/Algiers"),
    ("morocco-ghocht", "ندوة عبر زووم يوم 20 غشت 2026 الساعة 20:00", "MA", "2026-08-20T20:00", "Africa/Casablanca"),
    ("morocco-youlyouz", "ندوة عبر زووم يوم 20 يوليوز 2026 الساعة 20:00", "MA", "2026-07-20T20:00", "Africa/Casablanca"),
    ("morocco-chtanbar", "ندوة عبر زووم يوم 20 شتنبر 2026 الساعة 20:00", "MA", "2026-09-20T20:00", "Africa/Casablanca"),
    ("morocco-dujanbar", "ندوة عبر زووم يوم 20 دجنبر 2026 الساعة 20:00", "MA", "2026-12-20T20:00", "Africa/Casablanca"),
    ("numeric-dmy-slash", "ندوة عبر زووم يوم 12/03/2026 الساعة 20:00", "TN", "2026-03-12T20:00", "Africa/Tunis"),
    ("numeric-dmy-dash", "ندوة عبر زووم يوم 12-3-2026 الساعة 20:00", "TN", "2026-03-12T20:00", "Africa/Tunis"),
    ("numeric-ymd", "ندوة عبر زووم بتاريخ 2026/3/12 الساعة 20:00", "TN", "2026-03-12T20:00", "Africa/Tunis"),
    # hijri
    ("hijri-alone", "محاضرة عبر زووم يوم 10 رمضان 1447هـ الساعة 10 مساء", "SA", "2026-02-27T22:00", "Asia/Riyadh"),
    ("hijri-and-gregorian", "محاضرة عبر زووم يوم 1 شوال 1447هـ الموافق 21 مارس 2026م الساعة 9 مساء", "SA", "2026-03-21T21:00", "Asia/Riyadh"),
    # digits
    ("digits-eastern", "ندوة عبر زووم يوم ١٢/٠٣/٢٠٢٦ الساعة ٢٠:٣٠", "LB", "2026-03-12T20:30", "Asia/Beirut"),
    ("digits-persian", "ندوة عبر زووم يوم ۱۲ آذار ۲۰۲۶ الساعة ۲۰:۳۰", "LB", "2026-03-12T20:30", "Asia/Beirut"),
    ("digits-mixed", "ندوة عبر زووم يوم ١2 آذار 20٢6 الساعة 2٠:3٠", "LB", "2026-03-12T20:30", "Asia/Beirut"),
    # times
    ("time-21h00", "ندوة عبر زووم يوم 12 مارس 2026 على الساعة 21h00", "TN", "2026-03-12T21:00", "Africa/Tunis"),
    ("time-21h30", "ندوة عبر زووم يوم 12 مارس 2026 على الساعة 21h30", "TN", "2026-03-12T21:30", "Africa/Tunis"),
    ("time-830-pm", "ندوة عبر زووم يوم 12 مارس 2026 الساعة 8:30 م", "EG", "2026-03-12T20:30", "Africa/Cairo"),
    ("time-eighth-evening", "ندوة عبر زووم يوم 12 مارس 2026 الساعة الثامنة مساءً", "EG", "2026-03-12T20:00", "Africa/Cairo"),
    ("time-half-night", "ندوة عبر زووم يوم 12 مارس 2026 الثامنة والنصف ليلا", "EG", "2026-03-12T20:30", "Africa/Cairo"),
    ("time-nine-minus-quarter", "ندوة عبر زووم يوم 12 مارس 2026 الساعة التاسعة إلا ربعا مساء", "EG", "2026-03-12T20:45", "Africa/Cairo"),
    ("time-ten-morning", "ندوة عبر زووم يوم 12 مارس 2026 الساعة العاشرة صباحا", "EG", "2026-03-12T10:00", "Africa/Cairo"),
    # a reminder names no kind of event: the reminder word and a clock time make it one
    ("reminder-no-event-word", "نذكركم بموعدنا اليوم مع الأستاذة سلمى على الساعة 19:00", "LB", "2026-03-05T19:00", "Asia/Beirut"),
    # the kind of event with the article on its second word ("حلقة النقاش", "الجلسة الحوارية")
    ("event-word-with-article", "تنعقد حلقة النقاش حول قانون الجمعيات يوم 12 آذار 2026 الساعة 18:00 على صفحتنا", "LB", "2026-03-12T18:00", "Asia/Beirut"),
    ("time-three-afternoon", "ندوة عبر زووم يوم 12 مارس 2026 الساعة الثالثة بعد الظهر", "EG", "2026-03-12T15:00", "Africa/Cairo"),
    ("time-eleven-before-noon", "ندوة عبر زووم يوم 12 مارس 2026 الحادية عشرة قبل الظهر", "EG", "2026-03-12T11:00", "Africa/Cairo"),
    # relative
    ("rel-today", "ندوة عبر زووم اليوم الساعة 20:00", "LB", "2026-03-05T20:00", "Asia/Beirut"),
    ("rel-tonight", "ندوة عبر زووم الليلة الساعة 9", "LB", "2026-03-05T21:00", "Asia/Beirut"),
    ("rel-this-evening", "ندوة عبر زووم هذا المساء الساعة 8", "LB", "2026-03-05T20:00", "Asia/Beirut"),
    ("rel-tomorrow", "ندوة عبر زووم غدا الساعة 20:00", "LB", "2026-03-06T20:00", "Asia/Beirut"),
    ("rel-after-tomorrow", "ندوة عبر زووم بعد غد الساعة 20:00", "LB", "2026-03-07T20:00", "Asia/Beirut"),
    ("rel-next-saturday", "ندوة عبر زووم يوم السبت المقبل الساعة 20:00", "LB", "2026-03-07T20:00", "Asia/Beirut"),
    ("rel-coming-thursday", "ندوة عبر زووم يوم الخميس القادم الساعة 20:00", "LB", "2026-03-12T20:00", "Asia/Beirut"),
    ("rel-next-week-tuesday", "الأسبوع المقبل يوم الثلاثاء ندوة عبر زووم الساعة 20:00", "LB", "2026-03-10T20:00", "Asia/Beirut"),
    ("rel-no-year-next", "ندوة عبر زووم يوم 2 شباط الساعة 20:00", "LB", "2027-02-02T20:00", "Asia/Beirut"),
    ("weekday-contradicts-date", "ندوة عبر زووم يوم الأحد 12 آذار 2026 الساعة 20:00", "LB", "2026-03-12T20:00", "Asia/Beirut"),
    # zones and DST (offsets come from zoneinfo)
    ("zone-mecca", "ندوة عبر زووم يوم 12 مارس 2026 الساعة 20:00 بتوقيت مكة المكرمة", "MA", "2026-03-12T20:00", "Asia/Riyadh"),
    ("zone-greenwich", "ندوة عبر زووم يوم 12 مارس 2026 الساعة 18:00 بتوقيت غرينتش", "EG", "2026-03-12T18:00", "UTC"),
    ("zone-gmt-plus-1", "ندوة عبر زووم يوم 12 مارس 2026 الساعة 18:00 GMT+1", "EG", "2026-03-12T18:00", "Etc/GMT-1"),
    ("zone-tunis", "ندوة عبر زووم يوم 12 مارس 2026 الساعة 18:00 بتوقيت تونس", "EG", "2026-03-12T18:00", "Africa/Tunis"),
    ("dst-morocco-ramadan", "ندوة عبر زووم يوم 5 مارس 2025 الساعة 22:00", "MA", "2025-03-05T22:00", "Africa/Casablanca"),
    ("dst-egypt-summer", "ندوة عبر زووم يوم 5 يوليو 2024 الساعة 20:00", "EG", "2024-07-05T20:00", "Africa/Cairo"),
    ("dst-jordan-permanent", "ندوة عبر زووم يوم 5 كانون الثاني 2024 الساعة 20:00", "JO", "2024-01-05T20:00", "Asia/Amman"),
    ("dst-syria-2021-winter", "ندوة عبر زووم يوم 5 كانون الثاني 2021 الساعة 20:00", "SY", "2021-01-05T20:00", "Asia/Damascus"),
    ("dst-lebanon-summer", "ندوة عبر زووم يوم 5 تموز 2026 الساعة 20:00", "LB", "2026-07-05T20:00", "Asia/Beirut"),
    ("dst-palestine-summer", "ندوة عبر زووم يوم 5 تموز 2026 الساعة 20:00", "PS", "2026-07-05T20:00", "Asia/Gaza"),
    # distractors
    ("distractor-meeting-id", "ندوة عبر زووم يوم 12 مارس 2026 الساعة 20:00 Meeting ID: 845 1203 2026 Passcode: 1203", "TN", "2026-03-12T20:00", "Africa/Tunis"),
    ("distractor-phone", "للاستفسار +216 71 12 03 20 — ندوة عبر زووم يوم 14 مارس 2026 الساعة 20:00", "TN", "2026-03-14T20:00", "Africa/Tunis"),
    ("distractor-world-day", "بمناسبة اليوم العالمي للمرأة 8 مارس تنظم الجمعية ندوة عبر زووم يوم 10 مارس 2026 الساعة 20:00", "TN", "2026-03-10T20:00", "Africa/Tunis"),
    ("distractor-episode", "الحلقة 3 من سلسلة حوارات: ندوة عبر زووم يوم 10 مارس 2026 الساعة 20:00", "TN", "2026-03-10T20:00", "Africa/Tunis"),
    ("distractor-deadline", "آخر أجل للتسجيل 8 مارس. الندوة عبر زووم يوم 10 مارس 2026 الساعة 20:00", "TN", "2026-03-10T20:00", "Africa/Tunis"),
    ("distractor-anniversary", "في الذكرى 15 لثورة 14 جانفي، ندوة عبر زووم يوم 16 جانفي 2027 الساعة 20:00", "TN", "2027-01-16T20:00", "Africa/Tunis"),
    ("distractor-year-in-title", "ندوة «ميزانية 2027» عبر زووم يوم 10 مارس 2026 الساعة 20:00", "TN", "2026-03-10T20:00", "Africa/Tunis"),
    # noise
    ("noise-tatweel-diacritics", "نـــدوة عَبْرَ زووم يَوْمَ 12 مَارِس 2026 الســـاعة 20:00", "EG", "2026-03-12T20:00", "Africa/Cairo"),
    ("noise-bidi-nbsp-emoji", "🔴 ندوة\u00a0عبر زووم \u200fيوم\u200f 12\u200e/\u200e03\u200e/2026 \u061cالساعة 20:00 📢", "EG", "2026-03-12T20:00", "Africa/Cairo"),
    # French / English
    ("french", "Webinaire le samedi 14 mars 2026 à 18h30 (heure de Tunis) sur Zoom", "TN", "2026-03-14T18:30", "Africa/Tunis"),
    ("french-numeric", "Conférence en ligne le 14/03/2026 à 20h sur Google Meet", "DZ", "2026-03-14T20:00", "Africa/Algiers"),
    ("english", "Webinar on Saturday, March 14, 2026 at 6:30 PM Cairo time on Zoom", "EG", "2026-03-14T18:30", "Africa/Cairo"),
]


@pytest.mark.parametrize("text,country,local,zone", [c[1:] for c in START_CASES], ids=[c[0] for c in START_CASES])
def test_start(text, country, local, zone):
    got = run(text, country)
    want = at(local, zone)
    assert got.is_event
    assert got.start == want and got.start.utcoffset() == want.utcoffset()
    assert got.timezone == zone


@pytest.mark.parametrize("text,local_start,local_end", [
    ("ندوة عبر زووم يوم 12 مارس 2026 من 6 إلى 8 مساء", "2026-03-12T18:00", "2026-03-12T20:00"),
    ("ندوة عبر زووم يوم 12 مارس 2026 من الساعة 22:00 إلى 01:00", "2026-03-12T22:00", "2026-03-13T01:00"),
    ("ورشة عبر زووم من 12 إلى 14 مارس 2026 من 17:00 حتى 19:00", "2026-03-12T17:00", "2026-03-14T19:00"),
    ("ندوة عبر زووم يوم 12 مارس 2026 على الساعة 19:00 لمدة ساعتين", "2026-03-12T19:00", "2026-03-12T21:00"),
    ("لقاء رقمي يوم 12 مارس 2026 الساعة الثامنة مساءً، مدته ساعة ونصف", "2026-03-12T20:00", "2026-03-12T21:30"),
    ("Webinaire le 12 mars 2026 à 18h30, durée : 1h30", "2026-03-12T18:30", "2026-03-12T20:00"),
    ("Webinar on March 12, 2026 at 23:30 for 90 minutes on Zoom", "2026-03-12T23:30", "2026-03-13T01:00"),
    ("ندوة عبر زووم يوم 12 مارس 2026 الساعة 19:00 ضمن برنامج يمتد لمدة 3 أيام", "2026-03-12T19:00", None),
], ids=["range-evening", "crosses-midnight", "multi-day", "duration-words", "duration-words-half",
        "duration-french", "duration-minutes-past-midnight", "days-are-not-a-session"])
def test_end(text, local_start, local_end):
    got = run(text, "EG")
    assert got.start == at(local_start, "Africa/Cairo")
    assert got.end == (at(local_end, "Africa/Cairo") if local_end else None)


@pytest.mark.parametrize("text,platform,join_url", [
    ("ندوة عبر تطبيق زووم غدا الساعة 8 مساء", "zoom", None),
    ("ندوة غدا الساعة 8 مساء https://us02web.zoom.us/j/81234567890?pwd=abc", "zoom", "https://us02web.zoom.us/j/81234567890?pwd=abc"),
    ("بث مباشر على صفحة الحزب غدا الساعة 8 مساء", "facebook_live", None),
    ("ندوة عبر فيسبوك لايف غدا الساعة 8 مساء", "facebook_live", None),
    ("ندوة عبر جوجل ميت غدا الساعة 8 مساء meet.google.com/abc-defg-hij", "google_meet", "https://meet.google.com/abc-defg-hij"),
    ("ندوة على منصة ميت غدا الساعة 8 مساء", "google_meet", None),
    ("ندوة مباشرة على يوتيوب غدا الساعة 8 مساء", "youtube", None),
    ("ندوة عبر تيمز غدا الساعة 8 مساء", "teams", None),
    ("ندوة عبر ويبكس غدا الساعة 8 مساء", "other", None),
    ("مساحة على منصة X غدا الساعة 8 مساء https://x.com/i/spaces/1abc", "other", "https://x.com/i/spaces/1abc"),
    ("Live Instagram demain à 20h", "other", None),
], ids=["zoom-word", "zoom-url", "fb-page", "fb-live", "meet-url", "meet-word", "youtube", "teams", "webex", "x-spaces", "instagram"])
def test_platform(text, platform, join_url):
    got = run(text, "TN")
    assert got.is_event and got.online
    assert got.platform == platform
    assert got.join_url == join_url


@pytest.mark.parametrize("text,title", [
    ("ندوة عبر زووم بعنوان «الشباب والسياسة» غدا الساعة 8 مساء", "الشباب والسياسة"),
    ("ندوة عبر زووم بعنوان \"الحق في السكن\" غدا الساعة 8 مساء", "الحق في السكن"),
    ("ندوة عبر زووم تحت عنوان: العدالة المناخية، غدا الساعة 8 مساء", "العدالة المناخية"),
    ("ندوة حول استقلال القضاء يوم غد الساعة 8 مساء عبر زووم", "استقلال القضاء"),
    ("Webinaire intitulé « Dette et souveraineté » demain à 20h sur Zoom", "Dette et souveraineté"),
], ids=["guillemets", "double-quotes", "taht-unwan", "hawla", "french-intitule"])
def test_title(text, title):
    assert run(text, "TN").title == title


@pytest.mark.parametrize("text,status", [
    ("تعلن الجمعية عن تأجيل الندوة عبر زووم إلى يوم 20 مارس 2026 الساعة 8 مساء", "postponed"),
    ("تقرر إرجاء اللقاء الافتراضي إلى موعد لاحق", "postponed"),
    ("تم إلغاء الندوة الرقمية المقررة يوم 20 مارس 2026", "cancelled"),
    ("Le webinaire du 20 mars est annulé", "cancelled"),
    ("ندوة عبر زووم يوم 20 مارس 2026 الساعة 8 مساء", "scheduled"),
], ids=["postponed-new-date", "postponed-later", "cancelled", "annule", "scheduled"])
def test_status(text, status):
    got = run(text, "TN")
    assert got.is_event and got.status == status


def test_postponed_keeps_new_date():
    got = run("تأجيل الندوة التي كانت مقررة يوم 12 مارس إلى يوم 20 مارس 2026 الساعة 8 مساء عبر زووم", "TN")
    assert got.start == at("2026-03-20T20:00", "Africa/Tunis")


@pytest.mark.parametrize("text,online,hybrid", [
    ("ندوة عبر زووم غدا الساعة 8 مساء", True, False),
    ("ندوة بمقر الحزب غدا الساعة 8 مساء", False, False),
    ("ندوة بمقر الحزب غدا الساعة 8 مساء مع بث مباشر على يوتيوب", True, True),
    ("Conférence hybride demain à 18h", True, True),
], ids=["online", "in-person", "hybrid-stream", "hybrid-word"])
def test_online_hybrid(text, online, hybrid):
    got = run(text, "TN")
    assert got.is_event and (got.online, got.hybrid) == (online, hybrid)


@pytest.mark.parametrize("text", [
    "بيان: يدين الحزب اعتقال الناشطين يوم 3 آذار 2026 ويطالب بالإفراج عنهم",
    "ندعو الجميع إلى المشاركة في الوقفة الاحتجاجية أمام البرلمان يوم السبت 7 آذار الساعة 11 صباحا",
    "فتح باب الترشح لبرنامج القيادات الشابة، آخر أجل 30 آذار 2026",
    "صادق المجلس الوطني للحزب على التقرير المالي",
    "Communiqué : le parti condamne les arrestations du 2 mars",
    "Call for applications: fellowship 2026, deadline March 30",
    "نذكركم بموعد الوقفة الاحتجاجية أمام البرلمان اليوم على الساعة 11:00",
], ids=["statement", "protest-call", "application-deadline", "news", "communique", "call-for-applications",
        "reminder-of-protest"])
def test_non_events(text):
    assert run(text).is_event is False


def test_report_of_past_event():
    got = run("نظمت الجمعية يوم السبت الماضي ندوة عبر زووم الساعة 8 مساء بمشاركة واسعة", "LB")
    assert got.is_event and got.past
    assert got.start == at("2026-02-28T20:00", "Asia/Beirut")


def test_upcoming_event_is_not_past():
    assert run("ندوة عبر زووم غدا الساعة 8 مساء").past is False


def test_pure_function_of_published():
    later = datetime(2027, 3, 5, 9, 0, tzinfo=ZoneInfo("Asia/Beirut"))
    assert run("ندوة عبر زووم غدا الساعة 8 مساء", published=later).start == at("2027-03-06T20:00", "Asia/Beirut")


def test_timezone_argument_overrides_country():
    got = extract("ندوة عبر زووم يوم 12 مارس 2026 الساعة 20:00", PUB, country="EG", timezone="Europe/Paris")
    assert got.start == at("2026-03-12T20:00", "Europe/Paris") and got.timezone == "Europe/Paris"
