"""Lexicons: month names of every calendar system, weekdays, number and time words, zones, cue words.

Words are written as people write them; ``folded()`` gives the forms the grammar matches against.
"""

from __future__ import annotations

import re

from aggregator.extract.normalize import clean, fold

__all__ = [
    "MONTHS", "HIJRI_MONTHS", "WEEKDAYS", "DAY_ORDINALS", "HOUR_WORDS", "DURATION_WORDS", "ZONE_NAMES", "ZONE_ADJECTIVES",
    "folded", "alternation",
]


def folded(word: str) -> str:
    return fold(clean(word)).strip()


def alternation(words) -> str:
    """A regex alternation of ``words`` (folded, escaped), longest first so prefixes lose."""
    forms = sorted({folded(w) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)


# Gregorian months: Levantine/Iraqi (Syriac), Egyptian/Gulf, Tunisian/Algerian, Moroccan,
# French, English, with spelling variants seen in posts.
MONTHS: dict[int, tuple[str, ...]] = {
    1: ("كانون الثاني", "كانون ثاني", "كانون 2", "كانون الثانى", "يناير", "ينایر", "جانفي", "جانفييه",
        "janvier", "january", "jan", "janv"),
    2: ("شباط", "فبراير", "فبرایر", "فيفري", "فبرير", "فيبراير", "février", "fevrier", "february", "feb",
        "févr", "fevr"),
    3: ("آذار", "اذار", "مارس", "march", "mars", "mar"),
    4: ("نيسان", "أبريل", "ابريل", "إبريل", "أفريل", "افريل", "ابريل", "avril", "april", "apr", "avr"),
    5: ("أيار", "ايار", "مايو", "ماي", "مايه", "mai", "may"),
    6: ("حزيران", "يونيو", "يونيه", "يونيوه", "جوان", "juin", "june", "jun"),
    7: ("تموز", "يوليو", "يوليه", "يوليوز", "جويلية", "جويليه", "juillet", "july", "jul", "juil"),
    8: ("آب", "أغسطس", "اغسطس", "أغشت", "غشت", "أوت", "اوت", "août", "aout", "august", "aug"),
    9: ("أيلول", "ايلول", "سبتمبر", "شتنبر", "سيبتمبر", "septembre", "september", "sep", "sept"),
    10: ("تشرين الأول", "تشرين اول", "تشرين 1", "أكتوبر", "اكتوبر", "أكتوبر", "octobre", "october", "oct"),
    11: ("تشرين الثاني", "تشرين ثاني", "تشرين 2", "تشرين الثانى", "نوفمبر", "نونبر", "novembre",
         "november", "nov"),
    12: ("كانون الأول", "كانون اول", "كانون 1", "ديسمبر", "دجنبر", "دیسمبر", "décembre", "decembre",
         "december", "dec", "déc"),
}

# Umm al-Qura months, with the variants of the second Rabi' and Jumada.
HIJRI_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("محرم", "المحرم"),
    2: ("صفر",),
    3: ("ربيع الأول", "ربيع الاول", "ربيع أول"),
    4: ("ربيع الآخر", "ربيع الثاني", "ربيع الاخر", "ربيع ثاني"),
    5: ("جمادى الأولى", "جمادى الاولى", "جمادي الأولى", "جمادى الأول"),
    6: ("جمادى الآخرة", "جمادى الثانية", "جمادى الاخرة", "جمادي الآخرة", "جمادى الآخر"),
    7: ("رجب",),
    8: ("شعبان",),
    9: ("رمضان",),
    10: ("شوال",),
    11: ("ذو القعدة", "ذي القعدة"),
    12: ("ذو الحجة", "ذي الحجة"),
}

# Monday = 0, as datetime.weekday().
WEEKDAYS: dict[int, tuple[str, ...]] = {
    0: ("الاثنين", "الإثنين", "الأثنين", "الاتنين", "اثنين", "lundi", "monday"),
    1: ("الثلاثاء", "الثلاثا", "ثلاثاء", "mardi", "tuesday"),
    2: ("الأربعاء", "الاربعاء", "أربعاء", "الاربعا", "mercredi", "wednesday"),
    3: ("الخميس", "خميس", "jeudi", "thursday"),
    4: ("الجمعة", "جمعة", "vendredi", "friday"),
    5: ("السبت", "سبت", "samedi", "saturday"),
    6: ("الأحد", "الاحد", "dimanche", "sunday"),
}

# Days of the month as ordinal words ("يوم الخامس عشر من", "الفاتح من نوفمبر", "le premier décembre"):
# the masculine ordinal, because the word they agree with is يوم.
_UNITS = ("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع")
DAY_ORDINALS: dict[str, int] = {"الفاتح": 1, "فاتح": 1, "العاشر": 10, "العشرين": 20, "الثلاثين": 30, "premier": 1, "1er": 1}
for _n, _unit in enumerate(_UNITS, start=1):
    DAY_ORDINALS[_unit] = _n
    DAY_ORDINALS[_unit + " عشر"] = 10 + _n
    DAY_ORDINALS[_unit + " والعشرين"] = 20 + _n
    DAY_ORDINALS[_unit + " و العشرين"] = 20 + _n
DAY_ORDINALS.update({"الحادي عشر": 11, "الحادي والعشرين": 21, "الحادي و العشرين": 21, "الواحد والعشرين": 21,
                     "الحادي والثلاثين": 31, "الواحد والثلاثين": 31})

# Clock hours in words (feminine ordinals, as in "الساعة الثامنة"), with the forms that
# lose their hamza or ta marbuta in posts.
HOUR_WORDS: dict[str, int] = {
    "الواحدة": 1, "الثانية": 2, "الثالثة": 3, "الرابعة": 4, "الخامسة": 5, "السادسة": 6,
    "السابعة": 7, "الثامنة": 8, "التاسعة": 9, "العاشرة": 10, "الحادية عشرة": 11,
    "الحادية عشر": 11, "الحاديه عشر": 11, "الثانية عشرة": 12, "الثانية عشر": 12,
    "الواحده": 1, "الثامنه": 8,
}

# Minutes in words after "و" or "إلا".
MINUTE_WORDS: dict[str, int] = {
    "النصف": 30, "نصف": 30, "نص": 30, "النص": 30, "الربع": 15, "ربع": 15, "ربعا": 15, "الثلث": 20, "ثلث": 20, "ثلثا": 20,
    "خمس دقائق": 5, "عشر دقائق": 10, "خمس": 5, "عشر": 10, "عشرين دقيقة": 20, "عشرون دقيقة": 20,
    "خمسة وعشرين دقيقة": 25, "خمس وعشرين دقيقة": 25, "خمس وعشرون دقيقة": 25,
}

# Durations in words ("لمدة ساعتين", "pendant une heure et demie") -> minutes.
DURATION_WORDS: dict[str, int] = {
    "نصف ساعة": 30, "ساعة": 60, "ساعة واحدة": 60, "ساعة ونصف": 90, "ساعة و نصف": 90, "ساعتين": 120,
    "ساعتان": 120, "ساعتين ونصف": 150, "ساعتان ونصف": 150, "ثلاث ساعات": 180, "ثلاثة ساعات": 180,
    "أربع ساعات": 240, "half an hour": 30, "an hour": 60, "one hour": 60, "an hour and a half": 90,
    "two hours": 120, "three hours": 180, "une demi-heure": 30, "une heure": 60, "une heure et demie": 90,
    "deux heures": 120, "trois heures": 180,
}

# Part-of-day words -> how they shift a 12-hour clock hour ("am", "pm", "noon", "night").
PERIODS: dict[str, str] = {
    "صباحا": "am", "صباح": "am", "صباحاً": "am", "ص": "am", "فجرا": "am", "قبل الظهر": "am",
    "قبل الزوال": "am", "ضحى": "am",
    "ظهرا": "noon", "الظهر": "noon", "ظهر": "noon", "زوالا": "noon", "بعد الظهر": "pm", "بعد الظهيرة": "pm",
    "بعد الزوال": "pm", "عصرا": "pm", "العصر": "pm", "مساء": "pm", "مساءا": "pm", "المساء": "pm", "المسا": "pm", "مسا": "pm",
    "م": "pm", "ليلا": "night", "ليلاً": "night", "الليل": "night", "بالليل": "night",
    "am": "am", "a.m.": "am", "a.m": "am", "pm": "pm", "p.m.": "pm", "p.m": "pm",
    "du matin": "am", "du soir": "pm", "de l'après-midi": "pm", "de l'apres-midi": "pm",
    "in the evening": "pm", "in the morning": "am",
}

# City, country and landmark names that announcements put after "بتوقيت" / "heure de" / "time".
ZONE_NAMES: dict[str, str] = {}
_ZONES = {
    "Asia/Riyadh": ("مكة المكرمة", "مكة", "مكه", "المملكة العربية السعودية", "السعودية", "الرياض",
                    "جدة", "المدينة المنورة", "la mecque", "mecca", "makkah", "riyadh", "riyad", "ksa",
                    "saudi arabia", "arabie saoudite"),
    "UTC": ("غرينتش", "غرينيتش", "جرينتش", "جرينيتش", "قرينتش", "غرينش", "gmt", "utc",
            "greenwich", "التوقيت العالمي"),
    "Africa/Tunis": ("تونس", "تونس العاصمة", "tunis", "tunisie", "tunisia"),
    "Africa/Algiers": ("الجزائر", "الجزائر العاصمة", "alger", "algerie", "algérie", "algiers",
                       "algeria", "وهران"),
    "Africa/Casablanca": ("المغرب", "المملكة المغربية", "الرباط", "الدار البيضاء", "rabat",
                          "casablanca", "maroc", "morocco"),
    "Africa/Cairo": ("القاهرة", "مصر", "le caire", "caire", "cairo", "egypt", "egypte", "égypte"),
    "Asia/Beirut": ("بيروت", "لبنان", "beyrouth", "beirut", "lebanon", "liban"),
    "Asia/Amman": ("عمّان", "عمان", "الأردن", "الاردن", "amman", "jordan", "jordanie"),
    "Asia/Damascus": ("دمشق", "سوريا", "سورية", "الشام", "damas", "damascus", "syria", "syrie"),
    "Asia/Baghdad": ("بغداد", "العراق", "baghdad", "bagdad", "iraq", "irak"),
    "Asia/Kuwait": ("الكويت", "kuwait", "koweit"),
    "Asia/Qatar": ("الدوحة", "قطر", "doha", "qatar"),
    "Asia/Bahrain": ("المنامة", "البحرين", "manama", "bahrain", "bahrein"),
    "Asia/Dubai": ("أبوظبي", "أبو ظبي", "ابوظبي", "دبي", "الإمارات", "الامارات", "abu dhabi",
                   "dubai", "uae", "emirats"),
    "Asia/Muscat": ("مسقط", "سلطنة عمان", "سلطنة عُمان", "muscat", "oman"),
    "Asia/Aden": ("صنعاء", "عدن", "اليمن", "sanaa", "yemen"),
    "Africa/Khartoum": ("الخرطوم", "السودان", "khartoum", "sudan", "soudan"),
    "Africa/Tripoli": ("طرابلس الغرب", "ليبيا", "بنغازي", "tripoli", "libya", "libye"),
    "Africa/Nouakchott": ("نواكشوط", "موريتانيا", "nouakchott", "mauritanie", "mauritania"),
    # "بتوقيت القدس" / "Jerusalem time" is labelled Asia/Jerusalem; Palestine's own clock is Asia/Hebron
    # (the West Bank) or Asia/Gaza, which can differ from Jerusalem by an hour around the DST changes.
    "Asia/Jerusalem": ("القدس", "القدس الشريف", "jerusalem", "jérusalem", "al-quds"),
    "Asia/Hebron": ("فلسطين", "رام الله", "الخليل", "نابلس", "palestine", "ramallah", "hebron"),
    "Asia/Gaza": ("غزة", "gaza"),
    "Europe/Paris": ("باريس", "فرنسا", "paris", "france"),
    "Europe/London": ("لندن", "بريطانيا", "london", "londres"),
    "Europe/Berlin": ("برلين", "ألمانيا", "berlin"),
    "Europe/Brussels": ("بروكسل", "bruxelles", "brussels"),
    "Europe/Istanbul": ("إسطنبول", "اسطنبول", "تركيا", "istanbul", "turkey", "turquie"),
    "America/New_York": ("نيويورك", "واشنطن", "new york", "washington", "eastern time"),
    "Africa/Mogadishu": ("مقديشو", "الصومال", "mogadishu"),
    "Africa/Djibouti": ("جيبوتي", "djibouti"),
    "Asia/Tehran": ("طهران", "tehran"),
}
for _zone, _names in _ZONES.items():
    for _name in _names:
        ZONE_NAMES[_name] = _zone

# Nisba adjectives: "بالتوقيت المصري", "heure tunisienne", "Saudi time".
ZONE_ADJECTIVES: dict[str, str] = {}
_ADJ = {
    "Asia/Riyadh": ("السعودي", "المكي", "saoudienne", "saudi"),
    "Africa/Tunis": ("التونسي", "tunisienne", "tunisian"),
    "Africa/Algiers": ("الجزائري", "algerienne", "algérienne", "algerian"),
    "Africa/Casablanca": ("المغربي", "marocaine", "moroccan"),
    "Africa/Cairo": ("المصري", "egyptienne", "égyptienne", "egyptian"),
    "Asia/Beirut": ("اللبناني", "libanaise", "lebanese"),
    "Asia/Amman": ("الأردني", "الاردني", "jordanienne", "jordanian"),
    "Asia/Damascus": ("السوري", "syrienne", "syrian"),
    "Asia/Baghdad": ("العراقي", "irakienne", "iraqi"),
    "Asia/Kuwait": ("الكويتي", "kuwaiti"),
    "Asia/Qatar": ("القطري", "qatari"),
    "Asia/Bahrain": ("البحريني", "bahraini"),
    "Asia/Dubai": ("الإماراتي", "الاماراتي", "emirati"),
    "Asia/Muscat": ("العماني", "العُماني", "omani"),
    "Asia/Aden": ("اليمني", "yemeni"),
    "Africa/Khartoum": ("السوداني", "soudanaise", "sudanese"),
    "Africa/Tripoli": ("الليبي", "libyenne", "libyan"),
    "Africa/Nouakchott": ("الموريتاني", "mauritanienne", "mauritanian"),
    "Asia/Hebron": ("الفلسطيني", "palestinienne", "palestinian"),
    "Asia/Jerusalem": ("المقدسي",),
    "Europe/Paris": ("الفرنسي", "française", "francaise", "de paris", "french", "cet", "cest"),
    "Europe/London": ("البريطاني", "britannique", "british", "uk", "bst"),
    "UTC": ("العالمي", "universel", "universal"),
}
for _zone, _names in _ADJ.items():
    for _name in _names:
        ZONE_ADJECTIVES[_name] = _zone

# Platforms named in words; the order of PLATFORM_WORDS is irrelevant, the earliest mention wins.
PLATFORM_WORDS: dict[str, tuple[str, ...]] = {
    "zoom": ("زووم", "زوم", "زووم", "الزوم", "الزووم", "zoom", "zoom meeting", "zoom webinar"),
    "facebook_live": ("فيسبوك لايف", "فيس بوك لايف", "فايسبوك", "فيسبوك", "فيس بوك", "الفيسبوك",
                      "الفيس بوك", "الفايسبوك", "الفيس", "facebook live", "facebook", "fb live",
                      "لايف فيسبوك", "بث حي على صفحة", "البث المباشر على صفحة", "بث مباشر على صفحة",
                      "مباشرة على صفحة", "مباشرة على الصفحة", "بث مباشر عبر صفحة", "البث المباشر عبر صفحة",
                      "live sur la page", "اللايف على صفحتنا", "لايف على صفحتنا", "اللايف على صفحة", "على صفحتنا على", "على صفحتنا", "en direct sur la page", "live sur notre page",
                      "en direct sur notre page", "live on our page", "live on the page"),
    "google_meet": ("جوجل ميت", "غوغل ميت", "قوقل ميت", "جوجل ميت", "غوغل مييت", "google meet",
                    "منصة ميت", "تطبيق ميت", "عبر ميت", "على ميت", "meet.google", "gmeet"),
    "youtube": ("يوتيوب", "اليوتيوب", "يوتوب", "اليوتوب", "youtube", "you tube", "يوتيوب لايف"),
    "teams": ("تيمز", "تيمس", "مايكروسوفت تيمز", "ميكروسوفت تيمز", "microsoft teams", "ms teams",
              "teams"),
    "other": ("منصة x", "منصة إكس", "منصة اكس", "سبيس", "ويبكس", "webex", "جيتسي", "جيتسى", "jitsi", "انستغرام", "إنستغرام", "انستجرام",
              "انستقرام", "instagram", "تويتر سبيس", "سبيس تويتر", "مساحة على تويتر", "مساحة على إكس",
              "مساحة على منصة إكس", "مساحة على منصة x", "x spaces", "twitter spaces", "spaces", "x space", "twitter space", "مساحة على x",
              "تيك توك", "tiktok", "كلوب هاوس", "clubhouse", "سكايب", "skype", "تلغرام", "تيليغرام",
              "telegram", "تويتش", "twitch", "لينكد إن", "linkedin live", "streamyard", "big blue button",
              "bigbluebutton", "مساحة صوتية"),
}
