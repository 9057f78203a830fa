"""Build the labelled extraction corpus: generated announcements plus hand-written ones.

Every generated text is composed from the templates and word lists below, which are written
independently of aggregator.extract (nothing is imported from it), and each record carries the
facts the text states: local wall-clock start/end and the zone that applies. The test turns those
into UTC instants with zoneinfo, so expected values are computed, never typed in.

Run: .venv/bin/python tests/data/extract/build_corpus.py   (writes corpus.jsonl next to this file)
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hijridate import Gregorian

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from handwritten import HANDWRITTEN  # noqa: E402

SEED = 20261121

# --- the generator's own facts (not the extractor's tables) -----------------------------------
COUNTRY_ZONE = {
    "DZ": "Africa/Algiers", "BH": "Asia/Bahrain", "EG": "Africa/Cairo", "IQ": "Asia/Baghdad",
    "JO": "Asia/Amman", "KW": "Asia/Kuwait", "LB": "Asia/Beirut", "LY": "Africa/Tripoli",
    "MR": "Africa/Nouakchott", "MA": "Africa/Casablanca", "OM": "Asia/Muscat", "PS": "Asia/Gaza",
    "QA": "Asia/Qatar", "SA": "Asia/Riyadh", "SD": "Africa/Khartoum", "SY": "Asia/Damascus",
    "TN": "Africa/Tunis", "AE": "Asia/Dubai", "YE": "Asia/Aden",
}
SYSTEM = {
    **dict.fromkeys(["LB", "SY", "JO", "PS", "IQ"], "levant"),
    **dict.fromkeys(["EG", "SA", "AE", "KW", "QA", "BH", "OM", "YE", "SD", "LY"], "egypt_gulf"),
    **dict.fromkeys(["TN", "DZ"], "maghreb"),
    **dict.fromkeys(["MA", "MR"], "morocco"),
}
MONTH_WORDS = {
    "levant": ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
               "تشرين الأول", "تشرين الثاني", "كانون الأول"],
    "egypt_gulf": ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
                   "أكتوبر", "نوفمبر", "ديسمبر"],
    "maghreb": ["جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت", "سبتمبر", "أكتوبر",
                "نوفمبر", "ديسمبر"],
    "morocco": ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر",
                "نونبر", "دجنبر"],
}
VARIANTS = {  # spellings seen in posts: no hamza, Egyptian forms, "كانون 2"
    "أبريل": ["ابريل", "إبريل"], "أغسطس": ["اغسطس"], "أكتوبر": ["اكتوبر"], "آذار": ["اذار"],
    "أيار": ["ايار"], "أيلول": ["ايلول"], "يونيو": ["يونيه"], "يوليو": ["يوليه"], "أفريل": ["افريل"],
    "أوت": ["اوت"], "كانون الثاني": ["كانون 2", "كانون ثاني"], "تشرين الثاني": ["تشرين 2"],
    "تشرين الأول": ["تشرين اول"], "كانون الأول": ["كانون اول"],
}
FR_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]
AR_DAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
FR_DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
EN_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
HIJRI_NAMES = ["محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة", "رجب", "شعبان",
               "رمضان", "شوال", "ذو القعدة", "ذو الحجة"]
HOUR_AR = {1: "الواحدة", 2: "الثانية", 3: "الثالثة", 4: "الرابعة", 5: "الخامسة", 6: "السادسة", 7: "السابعة",
           8: "الثامنة", 9: "التاسعة", 10: "العاشرة", 11: "الحادية عشرة", 12: "الثانية عشرة"}

# Zones that texts name explicitly: (phrase, IANA zone).
NAMED_ZONES = [
    ("بتوقيت مكة المكرمة", "Asia/Riyadh"), ("بتوقيت مكه المكرمة", "Asia/Riyadh"), ("بتوقيت غرينتش", "UTC"),
    ("بتوقيت جرينتش", "UTC"), ("GMT+1", "Etc/GMT-1"), ("GMT+3", "Etc/GMT-3"), ("بتوقيت تونس", "Africa/Tunis"),
    ("بتوقيت القاهرة", "Africa/Cairo"), ("بتوقيت بيروت", "Asia/Beirut"), ("بتوقيت القدس", "Asia/Gaza"),
    ("بتوقيت الجزائر", "Africa/Algiers"), ("بالتوقيت المغربي", "Africa/Casablanca"), ("بتوقيت الرياض", "Asia/Riyadh"),
    ("بتوقيت عمّان", "Asia/Amman"), ("بتوقيت دمشق", "Asia/Damascus"), ("بتوقيت بغداد", "Asia/Baghdad"),
    ("بتوقيت الدوحة", "Asia/Qatar"), ("بتوقيت أبوظبي", "Asia/Dubai"), ("بالتوقيت المصري", "Africa/Cairo"),
    ("(GMT+2)", "Etc/GMT-2"), ("بتوقيت باريس", "Europe/Paris"), ("UTC+4", "Etc/GMT-4"),
]

ORGS = {
    "DZ": ["جمعية راج للشباب", "حزب العمال الجزائري", "الرابطة الجزائرية للدفاع عن حقوق الإنسان"],
    "BH": ["جمعية المنبر التقدمي", "الاتحاد العام لنقابات عمال البحرين"],
    "EG": ["المبادرة المصرية للحقوق الشخصية", "حزب العيش والحرية", "دار الخدمات النقابية والعمالية"],
    "IQ": ["جمعية الأمل العراقية", "الحزب الشيوعي العراقي", "اتحاد نقابات العمال في العراق"],
    "JO": ["مركز الفينيق للدراسات", "حزب الشراكة والإنقاذ", "نقابة المعلمين الأردنيين"],
    "KW": ["جمعية الخريجين الكويتية", "الحركة التقدمية الكويتية"],
    "LB": ["المفكرة القانونية", "حزب مواطنون ومواطنات في دولة", "الاتحاد الوطني للنقابات"],
    "LY": ["منظمة شباب من أجل ليبيا", "حزب الجبهة الوطنية"],
    "MR": ["حزب اتحاد قوى التقدم", "رابطة النساء معيلات الأسر"],
    "MA": ["الجمعية المغربية لحقوق الإنسان", "فيدرالية اليسار الديمقراطي", "الكونفدرالية الديمقراطية للشغل"],
    "OM": ["الجمعية العمانية للكتاب والأدباء", "الاتحاد العام لعمال سلطنة عمان"],
    "PS": ["مؤسسة الحق", "المبادرة الوطنية الفلسطينية", "مركز بيسان للبحوث والإنماء"],
    "QA": ["مركز قطر للعمل التطوعي", "جمعية المحامين القطرية"],
    "SA": ["الجمعية السعودية للعلوم السياسية", "جمعية التنمية الأهلية"],
    "SD": ["تجمع المهنيين السودانيين", "حزب المؤتمر السوداني", "لجان المقاومة بالخرطوم"],
    "SY": ["رابطة الصحفيين السوريين", "مركز المجتمع المدني والديمقراطية"],
    "TN": ["الاتحاد العام التونسي للشغل", "جمعية النساء الديمقراطيات", "حزب التيار الديمقراطي", "منظمة أنا يقظ"],
    "AE": ["جمعية الصحفيين الإماراتية", "مجموعة أبوظبي للثقافة"],
    "YE": ["مواطنة لحقوق الإنسان", "نقابة الصحفيين اليمنيين"],
}
ORGS_FR = {"TN": ["l'UGTT", "l'Association tunisienne des femmes démocrates", "le Forum tunisien des droits économiques et sociaux"],
           "DZ": ["le RAJ", "la LADDH"], "MA": ["l'AMDH", "la Fédération de la gauche démocratique"],
           "MR": ["l'Association des femmes chefs de famille"], "LB": ["l'Agenda légal"]}
ORGS_EN = {"EG": ["The Egyptian Initiative for Personal Rights"], "LB": ["The Legal Agenda"],
           "PS": ["Al-Haq"], "JO": ["Phenix Center"], "SD": ["The Sudanese Professionals Association"],
           "IQ": ["The Iraqi Al-Amal Association"], "YE": ["Mwatana for Human Rights"]}
TOPICS = [
    "الشباب والمشاركة السياسية", "حرية الصحافة في زمن الأزمات", "الحق في السكن اللائق", "العدالة المناخية في المنطقة العربية",
    "واقع العمل النقابي بعد الجائحة", "النساء في سوق العمل", "قانون الانتخابات الجديد", "الحماية الاجتماعية للعمال غير النظاميين",
    "الحقوق الرقمية وحماية المعطيات", "اللامركزية والحكم المحلي", "أزمة المياه والأمن الغذائي", "الهجرة غير النظامية",
    "العنف ضد النساء في الفضاء الرقمي", "استقلال القضاء", "الديون والسيادة الاقتصادية", "التعليم العمومي إلى أين؟",
    "مستقبل العمل اللائق", "حرية التنظيم والتجمع", "ميزانية 2027 والخيارات الاجتماعية", "رؤية 2030 بين الطموح والواقع",
]
TOPICS_FR = ["Jeunesse et participation politique", "Justice climatique au Maghreb", "Droits des travailleuses agricoles",
             "La liberté de la presse en débat", "Migrations et droits humains", "Dette publique et souveraineté"]
TOPICS_EN = ["Digital Rights in the Arab Region", "Workers' Rights After the Pandemic", "Climate Justice and Water",
             "Women in Public Life", "Press Freedom Under Pressure"]
EVENT_NOUNS = ["ندوة رقمية", "ندوة افتراضية", "ندوة", "محاضرة عن بعد", "لقاء مفتوح", "حلقة نقاش", "ورشة عمل",
               "جلسة حوارية", "طاولة مستديرة", "لقاءً حوارياً", "أمسية حوارية", "ندوة فكرية"]
OPENERS = ["تنظم {org}", "تدعوكم {org} لحضور", "يسر {org} دعوتكم إلى", "تعقد {org}", "ينظم {org}",
           "موعدكم مع", "تتشرف {org} بدعوتكم إلى"]

PLATFORMS = {
    "zoom": (["عبر تطبيق زووم", "على منصة زوم", "عبر Zoom", "عبر الزووم", "بتقنية زووم"],
             ["https://us02web.zoom.us/j/8{n}", "https://zoom.us/j/9{n}?pwd=Xk3{n}"]),
    "facebook_live": (["بث مباشر على صفحة {org} على فيسبوك", "عبر فيسبوك لايف", "مباشرة على صفحتنا في الفيسبوك",
                       "في بث مباشر على الصفحة الرسمية على فايسبوك"],
                      ["https://www.facebook.com/org{n}/live", "https://fb.watch/a{n}/"]),
    "google_meet": (["عبر جوجل ميت", "على منصة Google Meet", "عبر غوغل ميت"],
                    ["https://meet.google.com/abc-{n}-xyz"]),
    "youtube": (["مباشرة على قناتنا في يوتيوب", "عبر اليوتيوب", "بث مباشر على YouTube"],
                ["https://www.youtube.com/live/v{n}", "https://youtu.be/q{n}"]),
    "teams": (["عبر مايكروسوفت تيمز", "على منصة Microsoft Teams", "عبر تيمز"],
              ["https://teams.microsoft.com/l/meetup-join/19{n}"]),
    "other": (["عبر منصة Webex", "على منصة جيتسي", "في مساحة على منصة X", "بث مباشر على إنستغرام",
               "في مساحة صوتية على تويتر"],
              ["https://meet.jit.si/Nadwa{n}", "https://x.com/i/spaces/1{n}", "https://org.webex.com/meet/n{n}"]),
}
PLATFORM_FR = {"zoom": "sur Zoom", "facebook_live": "en direct sur notre page Facebook", "google_meet": "via Google Meet",
               "youtube": "en direct sur YouTube", "teams": "sur Microsoft Teams", "other": "sur Webex"}
PLATFORM_EN = {"zoom": "on Zoom", "facebook_live": "live on our Facebook page", "google_meet": "on Google Meet",
               "youtube": "live on YouTube", "teams": "on Microsoft Teams", "other": "on Webex"}

EMOJI = ["📢", "🔴", "🗓️", "⏰", "✅", "👇", "💻", "🎙️"]
AR_DIGITS = "٠١٢٣٤٥٦٧٨٩"
FA_DIGITS = "۰۱۲۳۴۵۶۷۸۹"


# --- helpers ----------------------------------------------------------------------------------
def digits(s: str, style: str, rng: random.Random) -> str:
    if style == "western":
        return s
    out = []
    for ch in s:
        if ch.isdigit():
            table = AR_DIGITS if style == "eastern" else FA_DIGITS if style == "persian" else \
                rng.choice([AR_DIGITS, "0123456789"])
            out.append(table[int(ch)])
        else:
            out.append(ch)
    return "".join(out)


def month_word(system: str, m: int, rng: random.Random, dual: bool = False) -> str:
    word = MONTH_WORDS[system][m - 1]
    if word in VARIANTS and rng.random() < 0.3:
        word = rng.choice(VARIANTS[word])
    if dual and system == "levant":
        gulf = MONTH_WORDS["egypt_gulf"][m - 1]
        return rng.choice([f"{word}/{gulf}", f"{word} ({gulf})", f"{gulf}/{word}"])
    return word


def period_word(h24: int, rng: random.Random) -> str:
    if h24 < 12:
        return rng.choice(["صباحا", "صباحاً", "قبل الظهر"])
    if h24 == 12:
        return "ظهرا"
    if h24 < 17:
        return rng.choice(["بعد الظهر", "عصرا"])
    if h24 < 20:
        return rng.choice(["مساء", "مساءً"])
    return rng.choice(["مساءً", "ليلا", "مساء"])


def time_phrase(h: int, m: int, rng: random.Random, style: str | None = None) -> tuple[str, str]:
    """Arabic phrase for h:m (24h) and the style used."""
    h12 = h % 12 or 12
    styles = ["24h", "hfr", "ampm"] + (["words"] if m in (0, 15, 30, 45, 20) else [])
    style = style or rng.choice(styles)
    if style == "24h":
        return rng.choice(["الساعة {:02d}:{:02d}", "على الساعة {:02d}:{:02d}", "في تمام الساعة {:02d}:{:02d}"]).format(h, m), style
    if style == "hfr":
        return rng.choice(["على الساعة {}h{:02d}", "{}h{:02d}"]).format(h, m), style
    if style == "ampm":
        mark = "م" if h >= 12 else "ص"
        return f"الساعة {h12}:{m:02d} {mark}", style
    per = period_word(h, rng)
    if m == 45:
        nxt = h12 % 12 + 1
        return f"الساعة {HOUR_AR[nxt]} إلا {rng.choice(['ربعا', 'ربع'])} {period_word((h + 1) % 24, rng)}", style
    frac = {0: "", 15: " والربع", 30: " والنصف", 20: " والثلث"}[m]
    return f"الساعة {HOUR_AR[h12]}{frac} {per}", style


def noise(text: str, rng: random.Random) -> str:
    """Tatweel, diacritics, bidi marks, non-breaking spaces, emoji: the noise of real posts."""
    if rng.random() < 0.25:
        text = text.replace("ندوة", "نـــدوة").replace("الساعة", "الســاعة")
    if rng.random() < 0.2:
        text = text.replace("مساء", "مَسَاءً").replace("يوم", "يَوْمَ")
    if rng.random() < 0.25:
        text = text.replace(" الساعة", "\u200f الساعة").replace(" يوم", " \u200eيوم")
    if rng.random() < 0.2:
        text = text.replace(" ", "\u00a0", 3)
    if rng.random() < 0.35:
        text = rng.choice(EMOJI) + " " + text + " " + rng.choice(EMOJI)
    return text


def hijri_phrase(d: date, rng: random.Random) -> str:
    h = Gregorian(d.year, d.month, d.day).to_hijri()
    return f"{h.day} {HIJRI_NAMES[h.month - 1]} {h.year}هـ"


def fmt_local(d: date, h: int, m: int) -> str:
    return f"{d.isoformat()}T{h:02d}:{m:02d}"


class Gen:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.records: list[dict] = []
        self.n = 0

    def published(self) -> tuple[datetime, str]:
        rng = self.rng
        country = rng.choice(sorted(COUNTRY_ZONE))
        start = date(2020, 1, 1)
        day = start + timedelta(days=rng.randrange((date(2027, 6, 30) - start).days))
        local = datetime(day.year, day.month, day.day, rng.randint(8, 12), rng.choice([0, 15, 30, 45]),
                         tzinfo=ZoneInfo(COUNTRY_ZONE[country]))
        return local, country

    def add(self, family: str, text: str, published: datetime, country: str | None, expect: dict, **extra):
        self.n += 1
        rec = {"id": f"gen-{self.n:04d}", "family": family, "text": text, "published": published.isoformat(),
               "country": country, **extra, "expect": expect}
        self.records.append(rec)

    # ---- event announcements --------------------------------------------------------------
    def event(self, family: str, *, date_style: str | None = None, time_style: str | None = None,
              zone_style: str | None = None, digit_style: str = "western", distractor: str | None = None,
              hybrid: bool = False, status: str = "scheduled", range_: bool = False, cross_midnight: bool = False):
        rng = self.rng
        pub, country = self.published()
        system = SYSTEM[country]
        org = rng.choice(ORGS[country])
        zone = COUNTRY_ZONE[country]
        extra = {}
        zone_text = ""
        zone_style = zone_style or rng.choice(["none", "none", "named", "field"])
        if zone_style == "named":
            zone_text, zone = rng.choice(NAMED_ZONES)
        elif zone_style == "field":
            extra["timezone"] = zone
        pub_local = pub.astimezone(ZoneInfo(zone)).date()
        day = pub_local + timedelta(days=rng.randint(1, 45))
        if cross_midnight:
            h, m = rng.choice([(22, 0), (23, 0), (22, 30)])
        else:
            h = rng.choice([10, 11, 12, 15, 16, 17, 18, 19, 20, 21, 22])
            m = rng.choice([0, 0, 0, 30, 15, 45])
        date_style = date_style or rng.choice(["full", "full", "noyear", "numeric", "weekday_full"])
        wd = AR_DAYS[day.weekday()]
        if date_style == "full":
            dtxt = f"يوم {wd} {day.day} {month_word(system, day.month, rng, dual=rng.random() < 0.4)} {day.year}"
        elif date_style == "weekday_full":
            dtxt = f"{wd} {day.day} {month_word(system, day.month, rng)} {day.year}م"
        elif date_style == "noyear":
            dtxt = f"يوم {wd} {day.day} {month_word(system, day.month, rng)}"
        elif date_style == "numeric":
            dtxt = rng.choice([f"يوم {day.day:02d}/{day.month:02d}/{day.year}", f"بتاريخ {day.day}-{day.month}-{day.year}",
                               f"بتاريخ {day.year}/{day.month}/{day.day}", f"يوم {wd} {day.day}/{day.month}/{day.year}"])
        elif date_style == "hijri_both":
            dtxt = f"يوم {wd} {hijri_phrase(day, rng)} الموافق {day.day} {month_word(system, day.month, rng)} {day.year}م"
        elif date_style == "hijri":
            dtxt = f"يوم {wd} {hijri_phrase(day, rng)}"
        elif date_style == "wrong_weekday":
            wrong = AR_DAYS[(day.weekday() + rng.randint(1, 6)) % 7]
            dtxt = f"يوم {wrong} {day.day} {month_word(system, day.month, rng)} {day.year}"
        elif date_style.startswith("rel_"):
            day, dtxt = self.relative(date_style, pub_local)
        else:
            raise ValueError(date_style)
        dtxt = digits(dtxt, digit_style, rng)
        end = None
        if range_:
            dur = rng.choice([1, 2, 2, 3])
            eh = h + dur
            if eh >= 24 or h < 13:
                h, eh = rng.choice([(18, 20), (17, 19), (19, 21), (16, 18)])
            h12a, h12b = h % 12 or 12, eh % 12 or 12
            per = "مساء" if h >= 17 else "بعد الظهر"
            ttxt = rng.choice([f"من {h12a} إلى {h12b} {per}", f"من الساعة {h:02d}:00 إلى الساعة {eh:02d}:00",
                               f"من {h}h00 إلى {eh}h00", f"{h:02d}:00 - {eh:02d}:00"])
            m = 0
            end = (day, eh, 0)
        elif cross_midnight:
            eh = rng.choice([0, 1, 1, 2])
            ttxt = rng.choice([f"من الساعة {h:02d}:{m:02d} إلى الساعة {eh:02d}:00", f"من {h}h{m:02d} إلى {eh}h00"])
            end = (day + timedelta(days=1), eh, 0)
        else:
            ttxt, _ = time_phrase(h, m, rng, time_style)
        ttxt = digits(ttxt, digit_style, rng)
        platform = rng.choice(sorted(PLATFORMS))
        words, urls = PLATFORMS[platform]
        ptxt = rng.choice(words).format(org=org)
        n = rng.randint(1000000, 9999999)
        url = rng.choice(urls).format(n=n) if rng.random() < 0.55 else None
        topic = rng.choice(TOPICS)
        noun = rng.choice(EVENT_NOUNS)
        ttl = rng.choice([f"بعنوان «{topic}»", f"تحت عنوان \"{topic}\"", f"حول «{topic}»", f"بعنوان: {topic}،"])
        opener = rng.choice(OPENERS).format(org=org)
        parts = [f"{opener} {noun} {ttl}"]
        order = rng.random()
        when = f"{dtxt} {ttxt} {zone_text}".strip() if order < 0.7 else f"{ttxt} {zone_text} {dtxt}".replace("  ", " ").strip()
        if hybrid:
            parts.append(f"وذلك {when} بمقر {org} {rng.choice(['وتبث مباشرة', 'مع بث مباشر'])} {ptxt}.")
        else:
            parts.append(f"وذلك {when} {ptxt}.")
        if url:
            parts.append(rng.choice(["رابط المشاركة:", "للانضمام:", "الرابط:"]) + f" {url}")
        if platform == "zoom" and rng.random() < 0.6:
            parts.append(f"معرف الاجتماع: {rng.randint(100, 999)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
                         f" رمز الدخول: {rng.choice(['2024', '1234', str(day.year), 'nadwa25'])}")
        distractor = distractor or rng.choice([None, None, None, "phone", "deadline", "worldday", "episode", "anniv"])
        if distractor == "phone":
            parts.append(f"للاستفسار: +{rng.randint(200, 999)} {rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}")
        elif distractor == "deadline":
            dl = day - timedelta(days=rng.randint(1, 5))
            parts.append(f"التسجيل إلزامي، آخر أجل للتسجيل {dl.day} {month_word(system, dl.month, rng)}.")
        elif distractor == "worldday":
            wdays = [("بمناسبة اليوم العالمي لحرية الصحافة (3 {})", 5), ("بمناسبة اليوم العالمي للمرأة 8 {}", 3),
                     ("إحياءً لليوم العالمي لحقوق الإنسان 10 {}", 12)]
            phrase, mo = rng.choice(wdays)
            parts.insert(0, phrase.format(month_word(system, mo, rng)) + "،")
        elif distractor == "episode":
            parts[0] = parts[0].replace(noun, f"{noun} (الحلقة {rng.randint(2, 9)})", 1)
        elif distractor == "anniv":
            parts.insert(0, rng.choice(["في الذكرى الخامسة عشرة لثورة 14 جانفي،", "إحياءً لذكرى 25 يناير،",
                                        "في ذكرى انتفاضة 17 تشرين،"]))
        text = noise(" ".join(parts), rng)
        expect = {"is_event": True, "online": True, "hybrid": hybrid, "platform": platform,
                  "local_start": fmt_local(day, h, m), "zone": zone, "status": status, "past": False,
                  "title": topic}
        if end:
            expect["local_end"] = fmt_local(*end)
        if url and platform != "facebook_live":
            expect["join_url"] = url
        self.add(family, text, pub, country, expect, **extra)

    def relative(self, style: str, ref: date) -> tuple[date, str]:
        rng = self.rng
        if style == "rel_today":
            return ref, rng.choice(["اليوم", "مساء اليوم", "هذا المساء", "الليلة"])
        if style == "rel_tomorrow":
            return ref + timedelta(days=1), rng.choice(["غدا", "غداً", "مساء غد", "يوم غد"])
        if style == "rel_after":
            return ref + timedelta(days=2), rng.choice(["بعد غد", "بعد غدٍ"])
        if style == "rel_next_wd":
            wd = rng.randrange(7)
            ahead = (wd - ref.weekday() - 1) % 7 + 1
            return ref + timedelta(days=ahead), f"يوم {AR_DAYS[wd]} {rng.choice(['المقبل', 'القادم'])}"
        if style == "rel_next_week":
            wd = rng.randrange(7)
            monday = ref + timedelta(days=7 - ref.weekday())
            return monday + timedelta(days=wd), f"الأسبوع المقبل يوم {AR_DAYS[wd]}"
        if style == "rel_bare_wd":
            wd = rng.randrange(7)
            return ref + timedelta(days=(wd - ref.weekday()) % 7), f"يوم {AR_DAYS[wd]}"
        raise ValueError(style)

    def french(self, family="french"):
        rng = self.rng
        country = rng.choice(sorted(ORGS_FR))
        pub, _ = self.published()
        pub = pub.astimezone(ZoneInfo(COUNTRY_ZONE[country]))
        zone = COUNTRY_ZONE[country]
        zone_text = ""
        if rng.random() < 0.4:
            zone_text, zone = rng.choice([("(heure de Tunis)", "Africa/Tunis"), ("(GMT+1)", "Etc/GMT-1"),
                                          ("heure de Paris", "Europe/Paris"), ("(heure marocaine)", "Africa/Casablanca")])
        day = pub.astimezone(ZoneInfo(zone)).date() + timedelta(days=rng.randint(1, 40))
        h, m = rng.choice([(18, 0), (19, 30), (20, 0), (21, 0), (10, 0), (14, 30)])
        platform = rng.choice(sorted(PLATFORM_FR))
        topic = rng.choice(TOPICS_FR)
        org = rng.choice(ORGS_FR[country])
        noun = rng.choice(["un webinaire", "une conférence en ligne", "une table ronde virtuelle", "un live"])
        dtxt = rng.choice([f"le {FR_DAYS[day.weekday()]} {day.day} {FR_MONTHS[day.month - 1]} {day.year}",
                           f"le {day.day} {FR_MONTHS[day.month - 1]}", f"le {day.day:02d}/{day.month:02d}/{day.year}"])
        ttxt = rng.choice([f"à {h}h{m:02d}", f"à {h}h" if m == 0 else f"à {h}h{m}", f"de {h}h{m:02d} à {h + 2}h{m:02d}"])
        end = fmt_local(day, h + 2, m) if ttxt.startswith("de ") else None
        title = rng.choice([f"intitulé « {topic} »", f"sous le thème \"{topic}\"", f"« {topic} »"])
        text = f"{org.capitalize()} organise {noun} {title} {dtxt} {ttxt} {zone_text} {PLATFORM_FR[platform]}."
        url = None
        if rng.random() < 0.5:
            url = rng.choice(PLATFORMS[platform][1]).format(n=rng.randint(100000, 999999))
            text += f" Lien : {url}"
        text = text.replace("  ", " ")
        exp = {"is_event": True, "online": True, "hybrid": False, "platform": platform, "local_start": fmt_local(day, h, m),
               "zone": zone, "status": "scheduled", "past": False, "title": topic}
        if end:
            exp["local_end"] = end
        self.add(family, noise(text, rng), pub, country, exp)

    def english(self, family="english"):
        rng = self.rng
        country = rng.choice(sorted(ORGS_EN))
        pub, _ = self.published()
        zone = COUNTRY_ZONE[country]
        pub = pub.astimezone(ZoneInfo(zone))
        zone_text = ""
        if rng.random() < 0.5:
            zone_text, zone = rng.choice([("(Cairo time)", "Africa/Cairo"), ("Beirut time", "Asia/Beirut"),
                                          ("GMT+3", "Etc/GMT-3"), ("(GMT)", "UTC"), ("Mecca time", "Asia/Riyadh")])
        day = pub.astimezone(ZoneInfo(zone)).date() + timedelta(days=rng.randint(1, 40))
        h, m = rng.choice([(18, 0), (19, 30), (20, 0), (16, 0), (11, 0), (21, 0)])
        h12 = h % 12 or 12
        ampm = "PM" if h >= 12 else "AM"
        platform = rng.choice(sorted(PLATFORM_EN))
        topic = rng.choice(TOPICS_EN)
        org = rng.choice(ORGS_EN[country])
        dtxt = rng.choice([f"on {EN_DAYS[day.weekday()]}, {EN_MONTHS[day.month - 1]} {day.day}, {day.year}",
                           f"on {day.day} {EN_MONTHS[day.month - 1]} {day.year}", f"on {EN_MONTHS[day.month - 1]} {day.day}"])
        ttxt = rng.choice([f"at {h12}:{m:02d} {ampm}", f"at {h:02d}:{m:02d}", f"at {h12}:{m:02d} {ampm.lower()}"])
        noun = rng.choice(["a webinar", "an online panel discussion", "a live talk", "a virtual roundtable"])
        text = f"{org} invites you to {noun} titled \"{topic}\" {dtxt} {ttxt} {zone_text} {PLATFORM_EN[platform]}."
        text = text.replace("  ", " ")
        self.add(family, noise(text, rng), pub, country,
                 {"is_event": True, "online": True, "hybrid": False, "platform": platform,
                  "local_start": fmt_local(day, h, m), "zone": zone, "status": "scheduled", "past": False, "title": topic})

    def report(self, family="report"):
        rng = self.rng
        pub, country = self.published()
        zone = COUNTRY_ZONE[country]
        ref = pub.astimezone(ZoneInfo(zone)).date()
        org = rng.choice(ORGS[country])
        topic = rng.choice(TOPICS)
        h, m = rng.choice([(18, 0), (19, 0), (20, 0), (20, 30), (21, 0), (17, 0)])
        kind = rng.choice(["last_wd", "yesterday", "explicit"])
        if kind == "last_wd":
            wd = rng.randrange(7)
            day = ref - timedelta(days=(ref.weekday() - wd - 1) % 7 + 1)
            dtxt = f"يوم {AR_DAYS[wd]} {rng.choice(['الماضي', 'المنصرم'])}"
        elif kind == "yesterday":
            day = ref - timedelta(days=1)
            dtxt = rng.choice(["أمس", "يوم أمس", "مساء أمس"])
        else:
            day = ref - timedelta(days=rng.randint(1, 20))
            dtxt = f"يوم {AR_DAYS[day.weekday()]} {day.day} {month_word(SYSTEM[country], day.month, rng)} {day.year}"
        platform = rng.choice(["zoom", "facebook_live", "youtube"])
        ptxt = rng.choice(PLATFORMS[platform][0]).format(org=org)
        ttxt, _ = time_phrase(h, m, rng, "24h" if rng.random() < 0.5 else "words")
        verb = rng.choice(["نظمت", "عقدت", "احتضنت"])
        text = (f"{verb} {org} {dtxt} {ttxt} {rng.choice(EVENT_NOUNS)} بعنوان «{topic}» {ptxt}، "
                f"{rng.choice(['بمشاركة واسعة من الشباب والنقابيين.', 'وناقش المتدخلون سبل المناصرة.', 'وخلصت إلى جملة من التوصيات.'])}")
        self.add(family, noise(text, rng), pub, country,
                 {"is_event": True, "online": True, "hybrid": False, "platform": platform,
                  "local_start": fmt_local(day, h, m), "zone": zone, "status": "scheduled", "past": True, "title": topic})

    def status_notice(self, status: str):
        rng = self.rng
        pub, country = self.published()
        zone = COUNTRY_ZONE[country]
        system = SYSTEM[country]
        ref = pub.astimezone(ZoneInfo(zone)).date()
        org = rng.choice(ORGS[country])
        topic = rng.choice(TOPICS)
        old = ref + timedelta(days=rng.randint(1, 10))
        h, m = rng.choice([(18, 0), (19, 0), (20, 0), (21, 30)])
        ttxt, _ = time_phrase(h, m, rng, "24h")
        platform = rng.choice(["zoom", "google_meet", "youtube"])
        ptxt = rng.choice(PLATFORMS[platform][0])
        if status == "postponed":
            new = old + timedelta(days=rng.randint(3, 14))
            text = (f"تعلن {org} عن تأجيل الندوة الرقمية «{topic}» التي كانت مقررة يوم {old.day} {month_word(system, old.month, rng)} "
                    f"إلى يوم {AR_DAYS[new.weekday()]} {new.day} {month_word(system, new.month, rng)} {ttxt} {ptxt}، ونعتذر عن هذا التغيير.")
            day = new
        else:
            day = old
            text = (f"تنويه: تعلن {org} عن {rng.choice(['إلغاء', 'الغاء'])} الندوة «{topic}» المقررة يوم "
                    f"{AR_DAYS[day.weekday()]} {day.day} {month_word(system, day.month, rng)} {ttxt} {ptxt} لأسباب تقنية.")
        self.add(f"status_{status}", noise(text, rng), pub, country,
                 {"is_event": True, "online": True, "hybrid": False, "platform": platform,
                  "local_start": fmt_local(day, h, m), "zone": zone, "status": status, "past": False, "title": topic})

    # ---- non-events ----------------------------------------------------------------------
    def non_event(self, kind: str):
        rng = self.rng
        pub, country = self.published()
        system = SYSTEM[country]
        org = rng.choice(ORGS[country])
        ref = pub.astimezone(ZoneInfo(COUNTRY_ZONE[country])).date()
        day = ref + timedelta(days=rng.randint(-10, 20))
        dtxt = f"{day.day} {month_word(system, day.month, rng)} {day.year}"
        h = rng.choice([10, 11, 17, 18])
        if kind == "statement":
            text = rng.choice([
                f"بيان: {rng.choice(['تدين', 'تستنكر'])} {org} بشدة الاعتداء الذي تعرض له عدد من النشطاء يوم {dtxt}، وتطالب بفتح تحقيق مستقل ومحاسبة المسؤولين.",
                f"تعلن {org} تضامنها المطلق مع العمال المطرودين تعسفيا، وتحمل الإدارة مسؤولية تدهور الأوضاع منذ {dtxt}.",
                f"بلاغ صحفي: {org} ترفض مشروع القانون المعروض على البرلمان وتدعو إلى سحبه فورا.",
            ])
        elif kind == "protest":
            text = rng.choice([
                f"تدعو {org} كافة المناضلين إلى المشاركة في الوقفة الاحتجاجية أمام البرلمان يوم {AR_DAYS[day.weekday()]} {dtxt} على الساعة {h}:00.",
                f"نداء: مسيرة وطنية سلمية يوم {dtxt} انطلاقا من الساعة {h} صباحا من ساحة الشهداء، دفاعا عن الحريات. {org}",
                f"تعلن {org} عن تنفيذ إضراب عام يوم {dtxt} في كافة القطاعات احتجاجا على غلاء الأسعار.",
                f"اعتصام مفتوح أمام مقر الوزارة ابتداء من {dtxt} الساعة {h}:00، ندعو الجميع للحضور. #{org.replace(' ', '_')}",
            ])
        elif kind == "application":
            text = rng.choice([
                f"تعلن {org} عن فتح باب الترشح لبرنامج تدريب القيادات الشابة لسنة {day.year}. آخر أجل لتقديم الطلبات {dtxt}. الاستمارة على موقعنا.",
                f"منحة دراسية: تستقبل {org} طلبات الترشح حتى {dtxt}. للاستفسار: +{rng.randint(200, 999)} {rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
                f"إعلان توظيف: تبحث {org} عن منسق(ة) مشاريع. ترسل الطلبات قبل {dtxt} على البريد الإلكتروني.",
            ])
        elif kind == "news":
            text = rng.choice([
                f"صادق المجلس الوطني لـ{org} خلال دورته العادية على التقرير المالي وانتخب مكتبا تنفيذيا جديدا.",
                f"أصدرت {org} تقريرها السنوي حول أوضاع حقوق الإنسان لسنة {day.year - 1}، ويرصد التقرير أكثر من 300 انتهاك.",
                f"تهنئ {org} الشعب بمناسبة حلول شهر رمضان المبارك، وكل عام وأنتم بخير.",
                f"في اليوم العالمي للعمال، نحيي نضالات الطبقة العاملة ونجدد التزامنا بالدفاع عن الحق في العمل اللائق. {org}",
            ])
        elif kind == "french":
            text = rng.choice([
                f"Communiqué : {rng.choice(ORGS_FR['TN'])} condamne fermement l'arrestation de militants le {day.day} {FR_MONTHS[day.month - 1]} et exige leur libération.",
                f"Appel à candidatures : programme de formation des jeunes leaders. Date limite : {day.day} {FR_MONTHS[day.month - 1]} {day.year}.",
                f"Rassemblement devant le Théâtre municipal le samedi {day.day} {FR_MONTHS[day.month - 1]} à 10h pour la défense des libertés.",
            ])
        else:  # english
            text = rng.choice([
                f"Statement: {rng.choice(ORGS_EN['LB'])} condemns the arbitrary detention of journalists on {EN_MONTHS[day.month - 1]} {day.day} and demands their release.",
                f"Call for applications: Youth Fellowship {day.year}. Deadline: {EN_MONTHS[day.month - 1]} {day.day}, {day.year}.",
                f"Join the protest in front of the ministry on {EN_MONTHS[day.month - 1]} {day.day} at 11 AM to demand fair wages.",
            ])
        self.add(f"non_event_{kind}", noise(text, rng), pub, country, {"is_event": False})


def build() -> list[dict]:
    g = Gen(SEED)
    for _ in range(60):
        g.event("month_systems")
    for ds in ["full", "noyear", "numeric", "weekday_full", "hijri_both", "hijri", "wrong_weekday"]:
        for _ in range(10):
            g.event(f"date_{ds}", date_style=ds)
    for dst in ["eastern", "persian", "mixed"]:
        for _ in range(10):
            g.event(f"digits_{dst}", digit_style=dst)
    for ts in ["24h", "hfr", "ampm", "words"]:
        for _ in range(10):
            g.event(f"time_{ts}", time_style=ts)
    for _ in range(12):
        g.event("time_range", range_=True)
    for _ in range(8):
        g.event("cross_midnight", cross_midnight=True, date_style="full")
    for rel in ["rel_today", "rel_tomorrow", "rel_after", "rel_next_wd", "rel_next_week", "rel_bare_wd"]:
        for _ in range(6):
            g.event(f"relative_{rel[4:]}", date_style=rel)
    for zs in ["named", "field"]:
        for _ in range(12):
            g.event(f"zone_{zs}", zone_style=zs)
    for d in ["phone", "deadline", "worldday", "episode", "anniv"]:
        for _ in range(6):
            g.event(f"distractor_{d}", distractor=d)
    for _ in range(10):
        g.event("hybrid", hybrid=True)
    for _ in range(14):
        g.report()
    for st in ["postponed", "cancelled"]:
        for _ in range(8):
            g.status_notice(st)
    for _ in range(16):
        g.french()
    for _ in range(12):
        g.english()
    for kind, count in [("statement", 14), ("protest", 16), ("application", 14), ("news", 12),
                        ("french", 8), ("english", 8)]:
        for _ in range(count):
            g.non_event(kind)
    records = g.records
    for i, h in enumerate(HANDWRITTEN, start=1):
        rec = {"id": f"hand-{i:03d}", "family": "handwritten_" + h.get("family", "free"),
               "text": h["text"], "published": h["published"], "country": h.get("country")}
        if h.get("timezone"):
            rec["timezone"] = h["timezone"]
        rec["expect"] = {k: v for k, v in h.items() if k not in ("text", "published", "country", "timezone", "family")}
        records.append(rec)
    return records


def main() -> None:
    records = build()
    out = HERE / "corpus.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    events = sum(1 for r in records if r["expect"]["is_event"])
    print(f"{len(records)} records ({events} events, {len(records) - events} non-events) -> {out}")


if __name__ == "__main__":
    main()
