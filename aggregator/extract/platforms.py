"""Where an event is streamed or held online: platform from URLs and words, the public join link."""

from __future__ import annotations

import re

from aggregator.extract.lexicon import PLATFORM_WORDS, folded
from aggregator.extract.patterns import compile_words

__all__ = ["find_urls", "detect_platform", "ONLINE_WORDS"]

_URL = compile_words(
    r"(?:https?://|www\.)[^\s<>\"'«»()\[\]{}،]+"
    r"|(?<![\w@.\-])(?:[a-z0-9-]{1,63}\.){0,4}(?:zoom\.us|meet\.google\.com|teams\.microsoft\.com|teams\.live\.com|"
    r"youtu\.be|youtube\.com|fb\.watch|fb\.me|facebook\.com|webex\.com|meet\.jit\.si|x\.com|twitter\.com|"
    r"instagram\.com|bit\.ly|forms\.gle)/[^\s<>\"'«»()\[\]{}،]*"
)  # run on folded (lower-case) text, sliced from the clean text at the same offsets
_TRAIL = ".,;:!?،؛)»\"'…"

# URL host patterns -> platform, checked in order.
_URL_PLATFORMS = [
    (re.compile(r"(?:^|[/.])zoom\.us/|zoom\.com/", re.I), "zoom"),
    (re.compile(r"meet\.google\.com", re.I), "google_meet"),
    (re.compile(r"teams\.microsoft\.com|teams\.live\.com|aka\.ms/.*teams", re.I), "teams"),
    (re.compile(r"youtube\.com|youtu\.be", re.I), "youtube"),
    (re.compile(r"fb\.watch|facebook\.com|fb\.me|fb\.com", re.I), "facebook_live"),
    (re.compile(r"webex\.com|meet\.jit\.si|jitsi|instagram\.com|x\.com/i/spaces|twitter\.com/i/spaces|"
                r"twitch\.tv|tiktok\.com|clubhouse|skype\.com|t\.me/|streamyard|bigbluebutton|linkedin\.com/(?:video|events)",
                re.I), "other"),
]
_MEETING_URL = re.compile(
    r"zoom\.us/(?:j|w|s|webinar|meeting)/|meet\.google\.com/|teams\.(?:microsoft|live)\.com/|youtube\.com/(?:live|watch)|"
    r"youtu\.be/|fb\.watch/|facebook\.com/.*(?:/live|/videos/|/events/)|webex\.com/|meet\.jit\.si/|/i/spaces/",
    re.I,
)
_MEETING_PLATFORMS = ("zoom", "google_meet", "teams")
_BROADCAST_PLATFORMS = ("youtube", "facebook_live")
_LINK_WORDS = re.compile(r"(رابط|الرابط|للانضمام|للتسجيل|للمشاركه|lien|link|inscription|register|join)", re.I)

_WORDS = sorted(((folded(w), p) for p, ws in PLATFORM_WORDS.items() for w in ws), key=lambda x: -len(x[0]))
# The group marks where a prefix ends (a group may not open an alternative if the pattern is to be
# compiled to skip ahead, see patterns.py).
_WORD_RE = compile_words(
    r"(?<![\w])(?:(?:ب|و|وب|عبر\s+|علي\s+)(?P<prefix_end>))?(?:"
    + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w, _ in _WORDS) + r")(?![\w])"
)
_WORD_OF = {re.sub(r"\s+", " ", w): p for w, p in _WORDS}

ONLINE_WORDS = compile_words(
    r"(?<![\w])(?:عن\s*بعد|عن\s+بُعد|ع\s+بعد|افتراضي|افتراضيه|الافتراضي|الافتراضيه|رقميه|الرقميه|اونلاين|اونلاين|اون\s+لاين|"
    r"عبر\s+الانترنت|عبر\s+الانترنت|علي\s+الانترنت|ويبينار|ويبنار|وبينار|الويبينار|بث\s+مباشر|البث\s+المباشر|بثا\s+مباشرا|"
    r"بث\s+حي|يبث\s+مباشره|تبث\s+مباشره|مباشره\s+علي|لايف|منصه|المنصه|تطبيق|الكتروني|الكترونيه|الالكتروني|الالكترونيه|"
    r"اسفيري|اسفيريا|اسفيريه|افتراضيا|بتقنيه\s+المباشر|تقنيه\s+المباشر|(?:ال)?تناظر\s+(?:ال)?مرئي|(?:ال)?تحاضر\s+(?:ال)?مرئي|"
    r"فيديو\s+كونفرانس|الفيديو\s+كونفرانس|en\s+distanciel|distanciel|visio-conference|en\s+visio|"
    r"webinaire|webinar|webinars|en\s+ligne|visioconference|visio|a\s+distance|en\s+direct|live|livestream|"
    r"live\s+stream|streaming|online|virtual|virtuel|virtuelle|zoom)(?![\w])"
)


# A live broadcast on "our page" / "the party's official page" is Facebook's, the page network of the region.
_PAGE_LIVE = compile_words(
    r"(?<![\w])(?:بث|يبث|تبث|البث|بثا|ينقل|تنقل|مباشر|مباشره|لايف|اللايف|live|en\s+direct|direct)(?![\w])"
    r"[^.\n]{0,25}?(?<![\w])(?:عبر|علي|على|ع|sur|on)\s+(?:ال)?(?:صفح(?:ه|تنا|ته|تها|اتنا|اتها|ات)|page|الpage)(?![\w])"
)


def find_urls(cleaned: str, folded_text: str) -> list[tuple[int, int, str]]:
    """(start, end, url) of every link in the cleaned text, found on ``folded_text`` (the same text folded)."""
    out = []
    for m in _URL.finditer(folded_text):
        url = cleaned[m.start():m.end()].rstrip(_TRAIL)
        if len(url) < 6:
            continue
        out.append((m.start(), m.start() + len(url), url))
    return out


def url_platform(url: str) -> str | None:
    for pattern, platform in _URL_PLATFORMS:
        if pattern.search(url):
            return platform
    return None


def detect_platform(folded_text: str, urls: list[tuple[int, int, str]]) -> tuple[str | None, str | None]:
    """(platform, join_url): the earliest platform the text names, the best public link."""
    mentions: list[tuple[int, str]] = []
    for m in _WORD_RE.finditer(folded_text):
        start = m.start("prefix_end") if m["prefix_end"] is not None else m.start()
        mentions.append((start, _WORD_OF[re.sub(r"\s+", " ", folded_text[start:m.end()])]))
    url_hits = [(s, url_platform(u), u) for s, _, u in urls]
    for s, p, _ in url_hits:
        if p and (p != "facebook_live" or _MEETING_URL.search(_) or not mentions):
            mentions.append((s, p))
    mentions.sort()
    platform = mentions[0][1] if mentions else None
    # "streamed on YouTube. Join: zoom.us/j/..." - where people join wins over where it is re-broadcast.
    joinable = [p for _s, p, u in url_hits if p in _MEETING_PLATFORMS and _MEETING_URL.search(u)]
    if platform in _BROADCAST_PLATFORMS and joinable:
        platform = joinable[0]
    if platform is None and _PAGE_LIVE.search(folded_text):
        platform = "facebook_live"
    join = None
    meeting = [u for s, p, u in url_hits if p and _MEETING_URL.search(u)]
    same = [u for s, p, u in url_hits if p is not None and p == platform]
    if meeting:
        join = next((u for u in meeting if url_platform(u) == platform), meeting[0])
    elif same:
        join = same[0]
    else:
        for s, _e, u in urls:
            if _LINK_WORDS.search(folded_text[max(0, s - 40):s]):
                join = u
                break
        if join is None and urls:
            join = urls[0][2] if platform else None
    if join and not join.lower().startswith(("http://", "https://")):
        join = "https://" + join
    return platform, join
