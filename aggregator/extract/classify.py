"""Is it an event? Online, hybrid, a report of a past one, postponed or cancelled? Cue words decide."""

from __future__ import annotations

import re
from dataclasses import dataclass

from aggregator.extract.normalize import clean, fold
from aggregator.extract.patterns import compile_words
from aggregator.extract.platforms import ONLINE_WORDS

__all__ = ["Cues", "read_cues", "decide_event", "status_of", "is_statement"]


def _words(pattern: str) -> re.Pattern:
    return compile_words(r"(?<![\w])(?:" + pattern + r")(?![\w])")


# Proclitics an event noun may carry: "و", "ف", then "ب", "ك", "ل" or the article ("لندوة", "للقاء", "وبالندوة").
_P = r"(?:[وف]?(?:[بك]?ال|لل|[بكل])?)"
_EVENT_WORDS = (
    r"{P}ندو(?:ه|ات|تها|ته|تنا)|ويبينار|ويبنار|وبينار|ويبينارا|{P}محاضر(?:ه|ات|تها)|{P}لقاء(?:ا|ات)?|"
    r"لقاءنا|{P}جلس(?:ه|ات)\s+(?:ال)?(?:حواريه|نقاش|نقاشيه|افتراضيه|مفتوحه|علميه|فكريه)|{P}حلق(?:ه|ات)\s+(?:ال)?(?:نقاش|حواريه|نقاشيه|دراسيه)|"
    r"{P}ورش(?:ه|ات)|{P}دور(?:ه|ات)\s+(?:ال)?تدريبي(?:ه|ات)|{P}دوره\s+تكوينيه|{P}مؤتمر(?:ا|ات)?|"
    r"{P}ملتق(?:ي|ي)|{P}منتد(?:ي|ي)|{P}امسي(?:ه|ات)|(?:ال)?طاوله\s+(?:ال)?مستديره|(?:ال)?مائده\s+(?:ال)?مستديره|"
    r"بث(?:ا)?\s+مباشر(?:ا)?|(?:ال)?بث\s+(?:ال)?مباشر|(?:ال)?بث\s+(?:ال)?حي|{P}مناظر(?:ه|ات)|(?:ال)?مساح(?:ه|ات)\s+(?:صوتيه|حواريه|نقاش)|"
    r"يوم(?:ا)?\s+دراسي(?:ا)?|اليوم\s+الدراسي|يوم(?:ا)?\s+تكويني(?:ا)?|يوم(?:ا)?\s+تحسيسي(?:ا)?|(?:ال)?حوار\s+(?:ال)?مباشر|(?:ال)?حوار\s+(?:ال)?مفتوح|"
    r"(?:ال)?تظاهره\s+(?:ال)?ثقافيه|عرض\s+(?:ال)?فيلم|(?:ال)?حلقه\s+(?:ال)?نقاشيه|(?:ال)?ندوه\s+(?:ال)?صحفيه|(?:ال)?مؤتمر\s+(?:ال)?صحفي|"
    r"(?:ال)?حفل|(?:ال)?مهرجان|(?:ال)?سمينار|(?:ال)?ملتقي|(?:ال)?دردشه|(?:ال)?جلسه\s+(?:ال)?حواريه|(?:ال)?حلقه\s+(?:ال)?حواريه|بودكاست|"
    r"webinaires?|webinars?|conferences?|conference-debat|tables?\s+rondes?|ateliers?|rencontres?|debats?|seminaires?|"
    r"panels?|formations?|journees?\s+d'etudes?|colloques?|causeries?|projections?|soirees?|lives?|talks?|lectures?|"
    r"workshops?|seminars?|livestreams?|live\s+streams?|roundtables?|discussions?|forums?|symposi(?:um|a)|town\s+halls?|"
    r"q&a|ama|meet-?ups?|assemblee\s+generale|general\s+assembly|session\s+(?:de\s+)?formation|training|masterclass|"
    r"spaces?|مساحه|تويتر\s+سبيس|(?:ال)?لايف|"
    # meetings and assemblies, held online or in a hall
    r"{P}اجتماع(?:ا|ه|ها|هم|ات|اتها)?|"
    r"{P}جلس(?:ه|ات|ته|تها)(?!\s+(?:ل|ال)?(?:مجلس|محكمه|برلمان|نواب|النواب|الامه|الشيوخ|الوزراء))|(?:ال)?جمع\s+(?:ال)?عام|{P}جمعيه\s+(?:ال)?(?:عموميه|عامه)|"
    r"(?:ال)?مجلس\s+(?:ال)?وطني|{P}مؤتمر(?:ه|ها)|{P}لقاء(?:ه|ها)|"
    r"(?:ال)?معرض(?:ا)?|(?:ال)?قافله|(?:ال)?مهرجان(?:ا)?|(?:ال)?حفل(?:ا)?|(?:ال)?تجمع(?:ا)?\s+(?:ال)?(?:شعبي|جماهيري|انتخابي)(?:ا)?|"
    r"{P}مدرسه\s+(?:ال)?صيفيه|{P}جامعه\s+(?:ال)?صيفيه|(?:ال)?مخيم(?:ا)?|(?:ال)?منبر(?:ا)?\s+(?:ال)?(?:اسفيري|حواري|افتراضي)(?:ا)?|"
    r"reunions?|se\s+reunira|universite\s+d'(?:ete|automne|hiver)|ecole\s+d'ete|assemblees?|congres|"
    r"(?:ال)?لقائ(?:ه|ها|نا|هم)|(?:ال)?ليله\s+(?:ال)?(?:انشاديه|شعريه|ثقافيه|رمضانيه|فنيه)|(?:ال)?سهر(?:ه|ات)|"
    r"(?:ال)?معرض(?:ه|ها)|(?:ال)?ماراثون|(?:ال)?يوم(?:ا)?\s+(?:ال)?مفتوح(?:ا)?|(?:ال)?احتفالي(?:ه|ات)|(?:ال)?احتفال(?:ا)?|"
    r"(?:ال)?عرض(?:ا)?\s+(?:ال)?(?:مسرحي|فني|موسيقي)(?:ا)?|(?:ال)?مسرحي(?:ه|ات)|(?:ال)?تابين|(?:ال)?فعالي(?:ه|ات)|(?:ال)?حفله|"
    r"portes\s+ouvertes|vernissage|lancement|hommage|caravane|salon|spectacle|concert|marathon|foire|gala|ceremonie|"
    r"hearings?|launch|concerts?|screenings?|ceremony|open\s+(?:day|house)|consultations?|"
    r"un\s+direct|briefings?|meetings?|sessions?|summer\s+school|clean-?up|festival|exhibition|fair|info\s+session"
).replace("{P}", _P)
_EVENT = _words(_EVENT_WORDS)
_PROTEST = _words(
    r"[وب]?(?:ال)?وقف(?:ه|ات)\s+(?:ال)?(?:احتجاجي|تضامني|احتجاج)\w*|[وب]?(?:ال)?وقفه|[وب]?(?:ال)?مسير(?:ه|ات)|"
    r"[وب]?(?:ال)?مظاهر(?:ه|ات)|[وب]?(?:ال)?تظاهر(?:ه|ات)(?!\s+(?:ال)?ثقافيه)|[وب]?(?:ال)?اعتصام(?:ا|ات)?|"
    r"[وب]?(?:ال)?اضراب(?:ا|ات)?|(?:ال)?احتجاج(?:ات)?|للتظاهر|للاحتجاج|(?:ال)?نزول\s+الي\s+الشارع|"
    r"manifestations?|rassemblements?|sit-in|greves?|mobilisations?|protests?|rall(?:y|ies)|"
    r"strikes?|demonstrations?|marche\s+pacifique"
)
_APPLICATION = _words(
    r"(?:اخر|اخر)\s+(?:اجل|موعد)|باب\s+(?:ال)?(?:ترشح|ترشيح|تسجيل|ترشيحات|مشاركه)|(?:ال)?ترشحات|استقبال\s+(?:ال)?طلبات|"
    r"تقديم\s+(?:ال)?طلبات|طلبات\s+(?:ال)?ترشح|(?:ال)?منح(?:ه)?\s+(?:ال)?دراسي(?:ه)?|مسابقه|(?:ال)?توظيف|شواغر|وظائف|"
    r"appel\s+a\s+candidatures?|candidatures?|date\s+limite|deadline|call\s+for\s+(?:applications|proposals|papers)|"
    r"apply|applications?|recrutement|bourses?|concours|appel\s+a\s+projets|appel\s+a\s+contributions|"
    r"vacanc(?:y|ies)|hiring|is\s+recruiting|send\s+(?:your\s+)?cv|offre\s+d'emploi|recrute|نوظف|وظيفه\s+شاغره|"
    r"استمار(?:ه|ات)\s+(?:ال)?ترشح|الترشح|للترشح|(?:ال)?التسجيل\s+مفتوح"
)
_STATEMENT = _words(
    r"[وف]?(?:بيان|البيان|بلاغ|البلاغ|تدين|يدين|ندين|تستنكر|نستنكر|يستنكر|تطالب|يطالب|نطالب|تحمل|يحمل|نحمل|تعزي|نعزي|"
    r"تنعي|ينعي|ننعي|تهنئ|نهنئ|يهنئ|تندد|يندد|نندد|ترفض|يرفض|نرفض|تشجب|يشجب|نشجب|تعلن\s+تضامنها|"
    r"(?:تعبر|يعبر|نعبر|تعرب|يعرب|نعرب)\s+عن\s+(?:رفضها|رفضه|رفضنا|قلقها|قلقه|قلقنا|تضامنها|تضامنه|تضامننا|ادانتها|ادانته|ادانتنا))|"
    r"communique|condamne|condamnons|denonce|denoncons|declaration|statement|condemns?|denounces?|"
    r"calls\s+on|demands?|mourns?|congratulat\w+|rejects?|salue"
)
_ANNOUNCE = _words(
    r"تنظم|ينظم|ننظم|سينظم|ستنظم|تدعو|يدعو|ندعو|ندعوكم|يدعوكم|تدعوكم|يسر|يسرنا|تتشرف|يتشرف|نتشرف|تعقد|يعقد|نعقد|"
    r"سيعقد|ستعقد|يقام|تقام|سيقام|ستقام|موعدكم|موعدنا|تابعونا|انضموا|شاركونا|سجلوا|احجزوا|تستضيف|يستضيف|"
    r"invite|invitent|organise|organisent|aura\s+lieu|se\s+tiendra|vous\s+invite|join\s+us|invites|will\s+host|"
    r"will\s+hold|organizes|hosts|rejoignez-nous|rejoignez|participez|register|inscrivez-vous|don't\s+miss|ne\s+ratez\s+pas"
)
_REPORT = _words(
    r"نظمت|نظم|اقيمت|احتضن|احتضنت|اختتم|اختتمت|اختتمت|استضاف|استضافت|انعقد|انعقدت|المنعقده|عقد|عقدت|عقدتها|عقده|نظمتها|"
    r"جرت|اقامت|نفذت|نفذ|شارك\s+فيها|شارك\s+فيه|حضرها|حضره|شكرا\s+لكل\s+(?:من|اللي|الي|الذين)\s+(?:حضر|حضرو|حضروا|شارك|شاركو|شاركوا)|تسجيل\s+(?:ال)?\w+\s+\S*\s*متاح|"
    r"تم\s+تنظيم|تم\s+عقد|ناقشت|ناقش|القي|القت|شهدت|تناولت|حضرها|بمشاركه\s+واسعه|"
    r"a\s+organise|a\s+tenu|s'est\s+tenue?|a\s+eu\s+lieu|ont\s+participe|a\s+accueilli|ont\s+debattu|"
    r"held|organized|organised|hosted|took\s+place|concluded|wrapped\s+up|was\s+attended|brought\s+together|"
    r"retour\s+en\s+images|en\s+images|a\s+reuni|a\s+rassemble|in\s+pictures|recap|recording\s+is\s+(?:now\s+)?available|"
    r"بالصور|صور\s+من|حصاد|شهدت|شهد"
)
# A reminder of an appointment ("نذكركم بموعدنا اليوم مع ... على الساعة 19:00") often names no
# kind of event: the reminder word and a clock time are enough.
_REMINDER = _words(
    r"نذكر(?:كم)?|[ول]?(?:ل)?(?:ال)?تذكير|rappel|petit\s+rappel|n'oubliez\s+pas|reminder|don't\s+forget"
)
_IN_PERSON = _words(
    r"بمقر|في\s+مقر|بنزل|في\s+نزل|بالمقر|بقاعه|في\s+قاعه|بالقاعه|بفندق|في\s+فندق|حضوريا|حضوري|الحضوري|بالمركز|بدار|في\s+دار|"
    r"بالمكتبه|بمسرح|بفضاء|في\s+فضاء|بمدرج|في\s+مدرج|بنادي|بمركز|في\s+مركز|بالنادي|بكليه|بجامعه|في\s+جامعه|"
    r"au\s+siege|a\s+l'hotel|salle|en\s+presentiel|presentiel|in\s+person|on\s+site|venue|amphitheatre|amphi|"
    r"au\s+centre|a\s+la\s+maison|hall|auditorium|hotel"
)
_HYBRID = _words(r"هجين|هجينه|الهجين|مختلط|مختلطه|حضوريا\s+و\s*عن\s+بعد|hybride|hybrid|presentiel\s+et\s+(?:en\s+ligne|a\s+distance)")
_POSTPONED = _words(
    r"تاجيل|ارجاء|تؤجل|يؤجل|اجلت|تم\s+تاجيل|ارجئت|تقرر\s+تاجيل|مؤجله|مؤجل|postpone[ds]?|postponement|reporte(?:e|es|s)?|"
    r"report\s+(?:de|du)|ajourne(?:e|es)?|rescheduled|decale(?:e)?|nouvelle\s+date|new\s+date"
)
_CANCELLED = _words(
    r"الغاء|تم\s+الغاء|الغيت|تلغي|يلغي|ملغاه|ملغي|annule(?:e|es|s)?|annulation|cancel(?:l)?ed|cancellation|called\s+off"
)


# Opinion, analysis and advice pieces name platforms, hours and weekdays without inviting to anything.
_ARTICLE_HEAD = compile_words(
    r"(?<![\w])(?:راي|مقال|مقاله|تحليل|قراءه\s+في|وجهه\s+نظر|افتتاحيه|نصائح|خمس\s+نصائح|opinion|tribune|analyse|analysis|"
    r"editorial|edito|chronique|point\s+de\s+vue|op-ed|commentary|tips|conseils)(?![\w])"
)
_ARTICLE_REACH = 40  # the label opens the post ("رأي |", "Opinion:", "Tribune –")
# News and analysis write about events in general: they attribute, quantify and compare. An
# announcement or the report of one gathering seldom does two of these without inviting anyone.
_ANALYSIS = compile_words(
    r"(?<![\w])(?:يقول|تقول|يرى|ترى|يرون|بحسب|وفق|وفقا\s+ل|حسب\s+(?:ال)?(?:ارقام|بيانات|دراسه|تقرير)|مراقبون|محللون|باحثون|"
    r"خبراء|نسبه|ظاهره|تراجع\w*|تضاعف\w*|ارتفع\w*|انخفض\w*|رصدنا|"
    r"selon|d'apres|estiment|estime|observateurs|analystes|chercheurs|enquete|sondage|tendance|"
    r"according\s+to|analysts|observers|researchers|experts\s+say|survey|figures|percent|trend)(?![\w])|%"
)
_ANALYSIS_MIN = 2  # one more when the post also reports a gathering in the past tense: reports quote figures too


# A line that opens with the kind of event and a colon names it ("ندوة مشتركة:", "Webinaire :").
_EVENT_HEADING = re.compile(r"\W{0,3}(?:" + _EVENT_WORDS + r")(?![\w])[^:\n]{0,25}:")


def _is_article(folded_text: str, announce: int, report: int) -> bool:
    head = folded_text.lstrip()[:_ARTICLE_REACH]
    if _ARTICLE_HEAD.search(head):
        return True
    if announce == 0 and len(_ANALYSIS.findall(folded_text)) >= _ANALYSIS_MIN + (report > 0):
        return True
    first_line = folded_text.strip().split("\n", 1)[0].strip()
    # A headline that asks a question ("هل قتل فيسبوك لايف الندوة السياسية؟") over a post that invites nobody;
    # not a seminar's own question title ("ندوة مشتركة: من يحاسب على أموال الإعمار؟").
    return (announce == 0 and first_line.endswith(("?", "؟")) and "«" not in first_line and '"' not in first_line
            and not _EVENT_HEADING.match(first_line))


@dataclass(frozen=True)
class Cues:
    event_pos: int | None
    protest_pos: int | None
    application: bool
    statement: bool
    announce: int
    report: int
    online: bool
    in_person: bool
    hybrid_word: bool
    reminder: bool = False
    article: bool = False
    status_change: bool = False  # a postponement or cancellation notice
    status: str = "scheduled"  # what status_of says of the same text


# "البريد الإلكتروني", "inscription en ligne", "register online": the registration is online, not the event.
_NOT_ONLINE_BEFORE = re.compile(
    r"(?:بريد|البريد|موقع|الموقع|استماره|الاستماره|التسجيل|تسجيل|للتسجيل|inscriptions?|inscrivez-vous|formulaire|"
    r"register|registration|sign\s+up|apply)\s*$"
)


def _online(folded_text: str) -> bool:
    return any(not _NOT_ONLINE_BEFORE.search(folded_text, max(0, m.start() - 16), m.start())
               for m in ONLINE_WORDS.finditer(folded_text))


def _first(pattern: re.Pattern, text: str) -> int | None:
    m = pattern.search(text)
    return m.start() if m else None


# "تقرير حول الاحتجاجات", "a talk on strikes": protests as the subject of something else, not a call to one.
_TOPIC_BEFORE = re.compile(r"(?:حول|عن|بشان|حيال|بخصوص|sur\s+(?:les\s+)?|about|on)\s*$")


def _first_protest(text: str) -> int | None:
    for m in _PROTEST.finditer(text):
        if not _TOPIC_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            return m.start()
    return None


def read_cues(folded_text: str) -> Cues:
    announce = len(_ANNOUNCE.findall(folded_text))
    report = len(_REPORT.findall(folded_text))
    postponed, cancelled = _POSTPONED.search(folded_text), _CANCELLED.search(folded_text)
    return Cues(
        event_pos=_first(_EVENT, folded_text),
        protest_pos=_first_protest(folded_text),
        application=_APPLICATION.search(folded_text) is not None,
        statement=_STATEMENT.search(folded_text) is not None,
        announce=announce,
        report=report,
        online=_online(folded_text),
        in_person=_IN_PERSON.search(folded_text) is not None,
        hybrid_word=_HYBRID.search(folded_text) is not None,
        reminder=_REMINDER.search(folded_text) is not None,
        article=_is_article(folded_text, announce, report),
        status_change=postponed is not None or cancelled is not None,
        status=_status(postponed, cancelled),
    )


def is_statement(text: str) -> bool:
    """Whether a post reads as a statement (بيان, "وتطالب", "تعبر عن رفضها", "condemns") and names no kind
    of event: news of a position, not of a gathering."""
    folded = fold(clean(text[:4000]))
    return _STATEMENT.search(folded) is not None and _EVENT.search(folded) is None


def decide_event(c: Cues, platform: str | None, has_date: bool, has_time: bool) -> bool:
    """Event or not, from cue words and what was found."""
    online = c.online or platform is not None
    ev = c.event_pos is not None
    if c.article:
        return False
    if c.protest_pos is not None and (not ev or c.protest_pos < c.event_pos):
        return False
    if c.application and not (ev and (has_time or online)):
        return False
    if c.statement and not ev:
        return False
    if ev:
        if not (has_date or has_time):
            # With no day and no hour, only an invitation or an account of a held event makes it one:
            # news and analysis mention seminars and platforms too.
            return c.announce > 0 or c.reminder or c.report > 0 or c.status_change
        return True
    if c.reminder and has_time:
        return True
    return online and (has_time or has_date) and platform is not None


def status_of(folded_text: str) -> str:
    return _status(_POSTPONED.search(folded_text), _CANCELLED.search(folded_text))


def _status(p: re.Match | None, c: re.Match | None) -> str:
    if c and (not p or c.start() <= p.start()):
        return "cancelled"
    if p:
        return "postponed"
    return "scheduled"
