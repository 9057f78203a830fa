"""Generate the labelled dedup corpus (corpus.jsonl): announcements with a `cluster` label each.

Run: .venv/bin/python tests/data/dedup/generate_corpus.py  (deterministic: fixed seed)

Covers co-organizers announcing one event in their own words, languages and time zones, cross-posts
with tracking links, reminders, postponements, cancellations, corrected times, and hard negatives:
series episodes, same topic same hour by unrelated organizations, same title another year, same day
another time, reports of past events.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

SEED = 20261121
OUT = Path(__file__).with_name("corpus.jsonl")

# (name, latin/acronym, type, country)
ORGS = [
    ("الاتحاد العام التونسي للشغل", "UGTT", "union", "TN"), ("الرابطة التونسية للدفاع عن حقوق الإنسان", "LTDH", "ngo", "TN"),
    ("حزب التيار الديمقراطي", "Courant Démocrate", "party", "TN"), ("جمعية النساء الديمقراطيات", "ATFD", "ngo", "TN"),
    ("الاتحاد العام للعمال الجزائريين", "UGTA", "union", "DZ"), ("جبهة القوى الاشتراكية", "FFS", "party", "DZ"),
    ("الجمعية المغربية لحقوق الإنسان", "AMDH", "ngo", "MA"), ("الكونفدرالية الديمقراطية للشغل", "CDT", "union", "MA"),
    ("حزب التقدم والاشتراكية", "PPS", "party", "MA"), ("المبادرة المصرية للحقوق الشخصية", "EIPR", "ngo", "EG"),
    ("دار الخدمات النقابية والعمالية", "CTUWS", "union", "EG"), ("الحزب المصري الديمقراطي الاجتماعي", "ESDP", "party", "EG"),
    ("المفكرة القانونية", "Legal Agenda", "ngo", "LB"), ("الاتحاد الوطني لنقابات العمال والمستخدمين", "FENASOL", "union", "LB"),
    ("مركز الفينيق للدراسات", "Phenix Center", "ngo", "JO"), ("النقابة المستقلة للمعلمين", "Teachers Syndicate", "union", "JO"),
    ("مؤسسة الحق", "Al-Haq", "ngo", "PS"), ("الاتحاد العام لنقابات عمال فلسطين", "PGFTU", "union", "PS"),
    ("المرصد العراقي لحقوق الإنسان", "IOHR", "ngo", "IQ"), ("الحزب الشيوعي العراقي", "ICP", "party", "IQ"),
    ("مركز الخليج لحقوق الإنسان", "GCHR", "ngo", "KW"), ("جمعية الشفافية الكويتية", "KTS", "ngo", "KW"),
    ("المنظمة العربية لحقوق الإنسان في قطر", "AOHR Qatar", "ngo", "QA"), ("جمعية الوفاق", "Al Wefaq", "party", "BH"),
    ("المنتدى العماني للتنمية", "Oman Forum", "ngo", "OM"), ("مرصد الحريات اليمني", "Yemen Watch", "ngo", "YE"),
    ("تجمع المهنيين السودانيين", "SPA", "union", "SD"), ("منصة ليبيا المدنية", "Libya Civic", "ngo", "LY"),
    ("المنتدى الموريتاني لحقوق الإنسان", "FMDH", "ngo", "MR"), ("الرابطة السورية للمواطنة", "Syrian League", "ngo", "SY"),
    ("الجمعية السعودية للحوار", "Saudi Dialogue", "ngo", "SA"), ("منتدى الإمارات للسياسات", "UAE Policy Forum", "ngo", "AE"),
]
COUNTRY_ZONE = {"TN": "Africa/Tunis", "DZ": "Africa/Algiers", "MA": "Africa/Casablanca", "EG": "Africa/Cairo",
                "LB": "Asia/Beirut", "JO": "Asia/Amman", "PS": "Asia/Gaza", "IQ": "Asia/Baghdad", "KW": "Asia/Kuwait",
                "QA": "Asia/Qatar", "BH": "Asia/Bahrain", "OM": "Asia/Muscat", "YE": "Asia/Aden", "SD": "Africa/Khartoum",
                "LY": "Africa/Tripoli", "MR": "Africa/Nouakchott", "SY": "Asia/Damascus", "SA": "Asia/Riyadh", "AE": "Asia/Dubai"}
ZONE_PHRASE_AR = {"Africa/Tunis": "بتوقيت تونس", "Africa/Algiers": "بتوقيت الجزائر", "Africa/Cairo": "بتوقيت القاهرة",
                  "Asia/Beirut": "بتوقيت بيروت", "Asia/Riyadh": "بتوقيت مكة المكرمة", "UTC": "بتوقيت غرينتش",
                  "Asia/Amman": "بتوقيت عمان", "Asia/Baghdad": "بتوقيت بغداد", "Africa/Casablanca": "بتوقيت المغرب"}
ZONE_PHRASE_FR = {"Africa/Tunis": "(heure de Tunis)", "UTC": "GMT", "Africa/Algiers": "(heure d'Alger)",
                  "Africa/Casablanca": "(heure du Maroc)", "Asia/Beirut": "(heure de Beyrouth)"}
ZONE_PHRASE_EN = {"UTC": "GMT", "Asia/Riyadh": "Mecca time", "Africa/Cairo": "Cairo time", "Asia/Amman": "Amman time"}

MONTHS_EG = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
MONTHS_LEV = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]
MONTHS_TN = ["جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
MONTHS_MA = ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
WEEKDAYS_AR = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
WEEKDAYS_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
HOURS_AR = {17: "الخامسة مساءً", 18: "السادسة مساءً", 19: "السابعة مساءً", 20: "الثامنة مساءً", 21: "التاسعة مساءً",
            10: "العاشرة صباحاً", 11: "الحادية عشرة صباحاً"}

# subjects: (arabic variants, french, english)
SUBJECTS = [
    (["الحوار الاجتماعي ومستقبل العمل النقابي", "مستقبل العمل النقابي في ظل الحوار الاجتماعي"], "Le dialogue social et l'avenir du syndicalisme", "Social dialogue and the future of trade unionism"),
    (["حرية الصحافة والتعبير في المنطقة العربية", "واقع حرية التعبير والصحافة عربياً"], "Liberté de la presse et d'expression dans la région arabe", "Press freedom and expression in the Arab region"),
    (["التغير المناخي والعدالة البيئية", "العدالة البيئية في مواجهة التغير المناخي"], "Changement climatique et justice environnementale", "Climate change and environmental justice"),
    (["الانتقال الطاقي ودور النقابات", "دور النقابات في الانتقال الطاقي"], "La transition énergétique et le rôle des syndicats", "Energy transition and the role of unions"),
    (["حقوق المرأة العاملة في القطاع غير المنظم", "المرأة العاملة في القطاع غير المنظم: أي حقوق؟"], "Les droits des travailleuses du secteur informel", "Rights of women workers in the informal sector"),
    (["الانتخابات المحلية واللامركزية", "اللامركزية ورهانات الانتخابات المحلية"], "Élections locales et décentralisation", "Local elections and decentralization"),
    (["الحماية الاجتماعية والتقاعد", "إصلاح أنظمة التقاعد والحماية الاجتماعية"], "Protection sociale et retraites", "Social protection and pensions"),
    (["الديون العمومية والسيادة الاقتصادية", "أزمة الديون والاقتصاد الوطني"], "Dette publique et crise économique", "Public debt and the economic crisis"),
    (["هجرة الشباب والبطالة", "البطالة ودوافع هجرة الشباب"], "Migration des jeunes et chômage", "Youth migration and unemployment"),
    (["التعذيب في السجون والإفلات من العقاب", "مناهضة التعذيب في السجون"], "La torture dans les prisons", "Torture in prisons"),
    (["الذكاء الاصطناعي وحماية المعطيات الشخصية", "حماية البيانات في عصر الذكاء الاصطناعي"], "Intelligence artificielle et protection des données", "Artificial intelligence and data protection"),
    (["الأمن الغذائي والفلاحة العائلية", "الفلاحة والأمن الغذائي"], "Sécurité alimentaire et agriculture", "Food security and agriculture"),
    (["الحق في المياه ومخاطر الخوصصة", "خوصصة المياه والحق في الماء"], "Le droit à l'eau face à la privatisation", "The right to water and privatization"),
    (["العدالة الانتقالية وحفظ الذاكرة", "الذاكرة والعدالة الانتقالية"], "Justice transitionnelle et mémoire", "Transitional justice and memory"),
    (["التعليم العمومي وتحديات الإصلاح", "إصلاح التعليم العمومي"], "L'école publique et les défis de la réforme", "Public education and reform challenges"),
    (["الفساد والشفافية في الصفقات العمومية", "الشفافية ومكافحة الفساد"], "Corruption et transparence", "Corruption and transparency"),
    (["المفاوضة الجماعية والأجور في ظل التضخم", "الأجور والتضخم والمفاوضة الجماعية"], "Négociation collective et salaires face à l'inflation", "Collective bargaining and wages under inflation"),
    (["حقوق اللاجئين والمهاجرين في المنطقة", "اللاجئون والمهاجرون: أي حماية؟"], "Droits des réfugiés et des migrants", "Rights of refugees and migrants"),
    (["العنف ضد النساء والقانون", "القانون في مواجهة العنف ضد النساء"], "Violence contre les femmes et la loi", "Violence against women and the law"),
    (["مشاركة الشباب في الحياة السياسية", "الشباب والمشاركة السياسية"], "Participation politique des jeunes", "Youth political participation"),
    (["الإضراب والحق النقابي", "الحق النقابي وحق الإضراب"], "Le droit de grève et les libertés syndicales", "The right to strike and union freedoms"),
    (["السكن اللائق والعدالة الاجتماعية", "الحق في السكن"], "Logement et justice sociale", "Housing and social justice"),
    (["الصحة العمومية بعد الأزمة", "أزمة الصحة العمومية"], "La santé publique après la crise", "Public health after the crisis"),
    (["الأخبار الزائفة والتربية الإعلامية", "التضليل الإعلامي والأخبار الزائفة"], "Désinformation et éducation aux médias", "Disinformation and media literacy"),
    (["الإعاقة والحق في التشغيل", "تشغيل ذوي الإعاقة"], "Handicap et emploi", "Disability and employment"),
    (["الاختفاء القسري وحقوق العائلات", "ملف الاختفاء القسري"], "Les disparitions forcées", "Enforced disappearances"),
    (["الدستور والحريات العامة", "الحريات في الدستور الجديد"], "Constitution et libertés publiques", "Constitution and public freedoms"),
    (["الاقتصاد الرقمي وتشغيل الشباب", "تشغيل الشباب في الاقتصاد الرقمي"], "Économie numérique et emploi des jeunes", "Digital economy and youth employment"),
    (["غزة والقانون الدولي الإنساني", "القانون الدولي وحرب غزة"], "Gaza et le droit international", "Gaza and international law"),
    (["التنمية المستدامة والعدالة الجبائية", "العدالة الجبائية والتنمية"], "Développement durable et justice fiscale", "Sustainable development and tax justice"),
]
SPEAKERS = [("محمد الحبيب", "Mohamed Habib"), ("فاطمة الزهراء بنعلي", "Fatima Zahra Benali"), ("يوسف الشريف", "Youssef Cherif"),
            ("سلمى المصري", "Salma Masri"), ("عبد الله العمري", "Abdallah Omari"), ("ليلى حداد", "Leila Haddad"),
            ("كريم بن سالم", "Karim Ben Salem"), ("نادية قاسم", "Nadia Kassem"), ("مروان خوري", "Marwan Khoury"),
            ("هالة الشامي", "Hala Chami"), ("سمير عياد", "Samir Ayad"), ("رانيا منصور", "Rania Mansour"),
            ("طارق الزين", "Tarek Zein"), ("منى الطاهر", "Mona Taher"), ("خالد بوزيد", "Khaled Bouzid"), ("ريم السعدي", "Rim Saadi")]
PLATFORMS = [("zoom", "عبر تطبيق زوم", "sur Zoom", "on Zoom"), ("facebook_live", "بث مباشر على صفحتنا في فيسبوك", "en direct sur Facebook", "live on Facebook"),
             ("youtube", "بث مباشر على قناتنا في يوتيوب", "en direct sur YouTube", "live on YouTube"),
             ("google_meet", "عبر منصة Google Meet", "sur Google Meet", "on Google Meet"), ("teams", "عبر Microsoft Teams", "sur Teams", "on Microsoft Teams")]
KINDS_AR = ["ندوة رقمية", "ندوة افتراضية", "لقاء حواري عبر الإنترنت", "محاضرة عن بعد", "جلسة نقاش افتراضية"]
ORDINAL_AR = {1: "الأولى", 2: "الثانية", 3: "الثالثة", 4: "الرابعة", 5: "الخامسة", 6: "السادسة", 7: "السابعة", 8: "الثامنة"}
ORDINAL_FR = {1: "premier", 2: "deuxième", 3: "troisième", 4: "quatrième", 5: "cinquième", 6: "sixième", 7: "septième", 8: "huitième"}
ANGLES = ["قراءة في التجارب المقارنة", "شهادات ميدانية", "الواقع والآفاق", "أي بدائل ممكنة؟", "مقاربة قانونية"]
ANGLES_FR = ["regards comparés", "témoignages de terrain", "état des lieux et perspectives", "quelles alternatives ?", "approche juridique"]
ANGLES_EN = ["comparative perspectives", "testimonies from the field", "realities and prospects", "what alternatives?", "a legal approach"]
SERIES = [("حوارات المواطنة", "Dialogues citoyens"), ("أربعاء الحقوق", "Mercredis des droits"), ("منبر العمال", "Tribune ouvrière"),
          ("ليالي الديمقراطية", "Nuits de la démocratie"), ("مختبر السياسات", "Policy Lab")]


class Gen:
    def __init__(self):
        self.r = random.Random(SEED)
        self.rows: list[dict] = []
        self.n = 0
        self.cluster = 0
        self.used: set[tuple[str, str]] = set()

    # ---- rendering ---------------------------------------------------------------------------
    def date_ar(self, local: datetime, country: str) -> str:
        months = MONTHS_MA if country == "MA" else MONTHS_TN if country in ("TN", "DZ") else \
            MONTHS_LEV if country in ("LB", "SY", "JO", "IQ", "PS") else MONTHS_EG
        wd = WEEKDAYS_AR[local.weekday()]
        return f"يوم {wd} {local.day} {months[local.month - 1]} {local.year}"

    def time_ar(self, local: datetime) -> str:
        if local.minute == 0 and local.hour in HOURS_AR and self.r.random() < 0.4:
            return "على الساعة " + HOURS_AR[local.hour]
        return f"على الساعة {local:%H:%M}"

    def when_ar(self, start: datetime, country: str, zone: str | None) -> str:
        local = start.astimezone(ZoneInfo(zone or COUNTRY_ZONE[country]))
        phrase = ZONE_PHRASE_AR.get(zone, "") if zone else ""
        return f"{self.date_ar(local, country)} {self.time_ar(local)} {phrase}".strip()

    def when_fr(self, start: datetime, country: str, zone: str | None) -> str:
        local = start.astimezone(ZoneInfo(zone or COUNTRY_ZONE[country]))
        phrase = ZONE_PHRASE_FR.get(zone, "") if zone else ""
        return f"le {WEEKDAYS_FR[local.weekday()]} {local.day} {MONTHS_FR[local.month - 1]} {local.year} à {local:%H}h{local:%M} {phrase}".strip()

    def when_en(self, start: datetime, country: str, zone: str | None) -> str:
        local = start.astimezone(ZoneInfo(zone or COUNTRY_ZONE[country]))
        phrase = ZONE_PHRASE_EN.get(zone, "") if zone else ""
        return f"on {WEEKDAYS_EN[local.weekday()]}, {MONTHS_EN[local.month - 1]} {local.day}, {local.year} at {local:%H:%M} {phrase}".strip()

    def zone_for(self, org) -> str | None:
        country = org[3]
        roll = self.r.random()
        if roll < 0.25:
            return "UTC"
        if roll < 0.35 and country in ("SA", "KW", "QA", "BH", "YE", "OM", "AE", "IQ"):
            return "Asia/Riyadh"
        if roll < 0.7 and COUNTRY_ZONE[country] in ZONE_PHRASE_AR:
            return COUNTRY_ZONE[country]
        return None

    # ---- one announcement ---------------------------------------------------------------------
    def emit(self, org, kind, published: datetime, text: str, url_base: str, title: str = "") -> None:
        self.n += 1
        self.rows.append({
            "id": f"a{self.n:05d}",
            "source": {"org": org[0], "org_type": org[2], "country": org[3], "kind": kind},
            "url": f"https://{org[1].lower().replace(' ', '')}.example/{url_base}",
            "published": published.isoformat(),
            "title": title,
            "text": text,
            "cluster": f"c{self.cluster:04d}",
        })

    def announce(self, org, lang, subject, start, published, *, platform, speakers, partners=(), link=None,
                 episode=None, series=None, variant=0, past=False, angle=None) -> tuple[str, str]:
        r = self.r
        zone = self.zone_for(org)
        ar_titles, fr_title, en_title = subject
        spk = speakers
        if lang == "ar":
            title = ar_titles[variant % len(ar_titles)]
            kind = r.choice(KINDS_AR)
            if angle:
                title = f"{ar_titles[-1]}: {angle}"
            if series:
                title = f"{series[0]} - الحلقة {ORDINAL_AR[episode]}: {title}" if r.random() < 0.5 else \
                    f"الحلقة {ORDINAL_AR[episode]} من سلسلة {series[0]}: {title}"
            when = self.when_ar(start, org[3], zone)
            who = "بمشاركة " + " و".join(s[0] for s in spk) if spk else ""
            partner = ("بالشراكة مع " + " و".join(p[0] for p in partners)) if partners else ""
            if past:
                text = f"نظم {org[0]} {when} {kind} بعنوان «{title}» {PLATFORMS[platform][1]} {who}. وقد تناول المشاركون أهم التوصيات."
            else:
                opener = r.choice([f"يسر {org[0]} دعوتكم إلى {kind} بعنوان «{title}»",
                                   f"ينظم {org[0]} {kind} حول «{title}»",
                                   f"تدعوكم {org[0]} لحضور {kind} تحت عنوان: {title}",
                                   f"{kind}: {title} — ينظمها {org[0]}"])
                parts = [opener, partner, when, PLATFORMS[platform][1], who]
                if r.random() < 0.5:
                    parts = [opener, partner, who, when, PLATFORMS[platform][1]]
                text = "، ".join(p for p in parts if p) + "."
            if link:
                text += f" رابط المشاركة: {link}"
            return text, title
        if lang == "fr":
            title = fr_title + (" : " + ANGLES_FR[ANGLES.index(angle)] if angle else "")
            if series:
                title = f"{series[1]}, {ORDINAL_FR[episode]} épisode : {title}"
            when = self.when_fr(start, org[3], zone if zone in ZONE_PHRASE_FR else "UTC" if zone else None)
            who = ("avec " + " et ".join(s[1] for s in spk)) if spk else ""
            partner = ("en partenariat avec " + " et ".join(p[1] for p in partners)) if partners else ""
            if past:
                text = f"{org[1]} a organisé {when} un webinaire « {title} » {PLATFORMS[platform][2]} {who}. Retour sur les échanges."
            else:
                text = f"{org[1]} vous invite au webinaire « {title} » {partner} {when} {PLATFORMS[platform][2]} {who}.".replace("  ", " ")
            if link:
                text += f" Lien : {link}"
            return text, title
        title = en_title + (": " + ANGLES_EN[ANGLES.index(angle)] if angle else "")
        if series:
            title = f"{series[1]}, episode {episode}: {title}"
        when = self.when_en(start, org[3], zone if zone in ZONE_PHRASE_EN else "UTC" if zone else None)
        who = ("with " + " and ".join(s[1] for s in spk)) if spk else ""
        partner = ("in partnership with " + " and ".join(p[1] for p in partners)) if partners else ""
        text = f"{org[1]} invites you to a webinar: “{title}” {partner} {when} {PLATFORMS[platform][3]} {who}.".replace("  ", " ")
        if link:
            text += f" Join: {link}"
        return text, title

    # ---- clusters ------------------------------------------------------------------------------
    def start_time(self, base: datetime) -> datetime:
        day = base + timedelta(days=self.r.randint(3, 70))
        hour_utc = self.r.choice([15, 16, 17, 18, 19, 20])
        return day.replace(hour=hour_utc, minute=self.r.choice([0, 0, 0, 30]), second=0, microsecond=0)

    def event(self, *, n_orgs=1, statuses=(), reminders=0, crossposts=0, series=None, episode=None,
              start=None, orgs=None, subject=None, speakers=None, base=None, langs=None, past=False, angle=None) -> dict:
        r = self.r
        self.cluster += 1
        base = base or datetime(2026, 11, 21, 8, tzinfo=timezone.utc) - timedelta(days=r.randint(0, 40))
        orgs = orgs or r.sample(ORGS, n_orgs)
        if subject is None:  # one organization does not hold two events on one subject (except on purpose)
            for _ in range(20):
                subject = r.choice(SUBJECTS)
                if not any((o[0], subject[2]) in self.used for o in orgs):
                    break
        for o in orgs:
            self.used.add((o[0], subject[2]))
        start = start or self.start_time(base)
        speakers = speakers if speakers is not None else r.sample(SPEAKERS, r.randint(1, 2))
        platform = r.randrange(len(PLATFORMS))
        link = None
        if platform == 0 and r.random() < 0.7:
            link = f"https://us02web.zoom.us/j/8{r.randint(1000000000, 9999999999)}"
        slug = f"e{self.cluster}"
        first_pub = start - timedelta(days=r.randint(2, 12), hours=r.randint(0, 10)) if not past else start + timedelta(days=r.randint(1, 5))
        for i, org in enumerate(orgs):
            lang = (langs[i] if langs else r.choices(["ar", "fr", "en"], [0.7, 0.2, 0.1])[0])
            partners = [o for o in orgs if o is not org] if len(orgs) > 1 and r.random() < 0.8 else []
            org_link = link if (link and (i == 0 or r.random() < 0.6)) else None
            if org_link and r.random() < 0.5:
                org_link += f"?pwd={r.randint(10**8, 10**9)}&utm_source={r.choice(['fb', 'tg', 'site'])}"
            pub = first_pub + timedelta(hours=r.randint(0, 72) * (i > 0))
            if not past:
                pub = min(pub, start - timedelta(hours=3))
            text, title = self.announce(org, lang, subject, start, pub, platform=platform, speakers=speakers,
                                        partners=partners, link=org_link, series=series, episode=episode,
                                        variant=i + r.randint(0, 1), past=past, angle=angle)
            self.emit(org, "rss", pub, text, f"{slug}-{i}", title if r.random() < 0.5 else "")
            for k in range(crossposts if i == 0 else 0):
                cp = text if r.random() < 0.5 else text.split("،")[0] + "، " + self.when_ar(start, org[3], None) + "."
                self.emit(org, r.choice(["telegram", "facebook"]), pub + timedelta(minutes=r.randint(5, 300)),
                          cp, f"{slug}-cp{k}?utm_source=telegram&utm_medium=social&fbclid={r.randint(10**6, 10**7)}")
        org = orgs[0]
        ar_title = subject[0][0] if not series else f"الحلقة {ORDINAL_AR[episode]} من {series[0]}"
        current = start
        for status in statuses:
            local_old = current.astimezone(ZoneInfo(COUNTRY_ZONE[org[3]]))
            old_date = self.date_ar(local_old, org[3])
            pub = current - timedelta(days=r.randint(1, 2), hours=r.randint(0, 5))
            if status == "postponed":
                new = current + timedelta(days=r.choice([7, 14, 21]))
                text = r.choice([
                    f"تأجيل: نعلمكم بتأجيل {KINDS_AR[0]} حول «{ar_title}» التي كانت مقررة {old_date} إلى {self.when_ar(new, org[3], None)} لظروف طارئة.",
                    f"تقرر تأجيل ندوة «{ar_title}» المقررة {old_date}، والموعد الجديد {self.when_ar(new, org[3], None)}.",
                ])
                self.emit(org, "rss", pub, text, f"{slug}-p")
                current = new
            elif status == "cancelled":
                text = r.choice([
                    f"إلغاء: نعتذر عن إلغاء ندوة «{ar_title}» المقررة {old_date} {self.time_ar(local_old)} لأسباب خارجة عن إرادتنا.",
                    f"نعلمكم بإلغاء {KINDS_AR[1]} «{ar_title}» التي كانت مقررة {old_date}.",
                ])
                self.emit(org, "rss", pub, text, f"{slug}-x")
            elif status == "corrected":
                new = current + timedelta(hours=1)
                local_new = new.astimezone(ZoneInfo(COUNTRY_ZONE[org[3]]))
                text = f"تصحيح: موعد ندوة «{ar_title}» {old_date} هو على الساعة {local_new:%H:%M} بدلا من {local_old:%H:%M}."
                self.emit(org, "rss", pub, text, f"{slug}-c")
                current = new
        for k in range(0 if "cancelled" in statuses else reminders):
            local = current.astimezone(ZoneInfo(COUNTRY_ZONE[org[3]]))
            pub = current - timedelta(hours=r.randint(2, 9))
            text = r.choice([f"تذكير: ندوة {ar_title} اليوم على الساعة {local:%H:%M}، {PLATFORMS[platform][1]}.",
                             f"نذكركم بموعدنا اليوم مع ندوة «{ar_title}» على الساعة {local:%H:%M}، لا تفوتوا الموعد!",
                             f"Rappel : {subject[1]}, c'est aujourd'hui à {local:%H}h{local:%M} {PLATFORMS[platform][2]}."])
            self.emit(org, "telegram", pub, text, f"{slug}-r{k}")
        return {"orgs": orgs, "subject": subject, "start": start, "speakers": speakers}


def build() -> list[dict]:
    g = Gen()
    r = g.r
    # positives: co-organized, multilingual, cross-posted, reminded
    for _ in range(60):
        g.event(n_orgs=r.choice([1, 2, 2, 3]), reminders=r.choice([0, 0, 1]), crossposts=r.choice([0, 1, 2]))
    for _ in range(12):
        g.event(n_orgs=2, langs=["ar", r.choice(["fr", "en"])], reminders=r.choice([0, 1]))
    # updates
    for _ in range(12):
        g.event(n_orgs=r.choice([1, 2]), statuses=("postponed",), reminders=r.choice([0, 1]))
    for _ in range(10):
        g.event(n_orgs=r.choice([1, 2]), statuses=("cancelled",))
    for _ in range(5):
        g.event(n_orgs=1, statuses=("corrected",))
    # hard negatives: series episodes, weekly at the same hour
    for series in SERIES:
        org = r.choice(ORGS)
        start = g.start_time(datetime(2026, 11, 1, tzinfo=timezone.utc))
        subject = r.choice(SUBJECTS)
        for ep in range(1, 5):
            g.event(orgs=[org], series=series, episode=ep, start=start + timedelta(days=7 * (ep - 1)), subject=subject,
                    reminders=r.choice([0, 1]), crossposts=r.choice([0, 1]))
    # hard negatives: same topic, same hour, unrelated organizations, different speakers
    for _ in range(14):
        first = g.event(n_orgs=1, crossposts=r.choice([0, 1]))
        other = r.choice([o for o in ORGS if o not in first["orgs"]])
        g.event(orgs=[other], subject=first["subject"], start=first["start"],
                speakers=[s for s in r.sample(SPEAKERS, 3) if s not in first["speakers"]][:2], angle=r.choice(ANGLES))
    # hard negatives: same title another year; same day another time; past report vs new announcement
    for _ in range(8):
        first = g.event(n_orgs=1)
        g.event(orgs=first["orgs"], subject=first["subject"], start=first["start"] - timedelta(days=364),
                speakers=first["speakers"], base=first["start"] - timedelta(days=380))
    for _ in range(8):
        first = g.event(n_orgs=1)
        g.event(orgs=first["orgs"], subject=r.choice(SUBJECTS), start=first["start"] + timedelta(hours=r.choice([-3, 2, 3])))
    for _ in range(8):
        first = g.event(n_orgs=1)
        g.event(orgs=first["orgs"], subject=first["subject"], start=first["start"] - timedelta(days=r.choice([7, 14, 28])),
                past=True, speakers=first["speakers"])
    return g.rows


def main() -> None:
    rows = build()
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    clusters = len({row["cluster"] for row in rows})
    print(f"{len(rows)} announcements, {clusters} clusters -> {OUT}")


if __name__ == "__main__":
    main()
