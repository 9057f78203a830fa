"""What the matcher compares of one announcement: start, subject tokens, text n-grams, episode, links, status."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, fields
from typing import Iterable
from datetime import datetime, timezone
from urllib.parse import parse_qsl, urlencode, urlsplit

from aggregator.dedup.lexicon import CONCEPTS, CORRECTION_CUES, EPISODE_WORDS, ORDINALS, STOPWORDS
from aggregator.dedup.normalize import fold, skeleton, stem, words
from aggregator.models import Announcement, Extraction

__all__ = [
    "Features", "features_of", "subject_tokens", "episode_of", "join_key", "org_tokens", "minute_of",
    "announcement_event_id", "order_key", "seen_of", "start_of", "MAX_TEXT", "grams_of", "url_key", "gram_containment",
]

# The subject is in the head of a post; reading further only adds noise (and time).
MAX_TEXT = 700
MAX_TOKENS = 48


def _build_maps() -> tuple[frozenset[str], dict[str, str]]:
    stop = set()
    for raw in STOPWORDS.split():
        for w in words(fold(raw.replace("_", " "))):
            stop.add(w)
            stop.add(stem(w))
    concepts: dict[str, str] = {}
    for line in CONCEPTS.strip().splitlines():
        name, _, forms = line.partition(":")
        for form in forms.split():
            for w in words(fold(form.replace("_", " "))):
                if len(w) >= 3 or not w.isascii():
                    concepts.setdefault(stem(w), name.strip())
    for key in list(concepts):
        stop.discard(key)
    return frozenset(stop), concepts


_STOP, _CONCEPTS = _build_maps()
_TOKEN_CACHE: dict[str, str | None] = {}


_AR_ARTICLES = ("وال", "بال", "فال", "لل", "ال")
_AR_ENDINGS = ("يات", "يين", "يون", "يه", "ات", "ون", "ين", "ي")


def _concept_of_whole(word: str) -> str | None:
    """The concept of an Arabic word whose first letter is a root letter that the light stem takes for a
    proclitic (لبنانيون, ليبية, لبنانية): only the article goes, then up to two endings."""
    if word.isascii():
        return None
    for prefix in _AR_ARTICLES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            word = word[len(prefix):]
            break
    for _ in range(2):
        for ending in _AR_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                word = word[: -len(ending)]
                break
        else:
            break
        concept = _CONCEPTS.get(word)
        if concept:
            return concept
    return None


def _token(word: str) -> str | None:
    """word -> concept id, "~skeleton", or None for stop words and noise. Cached: vocabularies are small.
    A short Arabic word whose skeleton is under three letters keeps its stem ("النيل" -> "~نيل"): in
    organization names such words are often the one that names somebody."""
    cached = _TOKEN_CACHE.get(word, 0)
    if cached != 0:
        return cached  # type: ignore[return-value]
    out: str | None = None
    if word not in _STOP and not any(ch.isdigit() for ch in word):
        st = stem(word)
        if st not in _STOP:
            concept = _CONCEPTS.get(st) or _CONCEPTS.get(word) or _concept_of_whole(word)
            if concept:
                out = concept
            else:
                sk = skeleton(st)
                out = "~" + sk if len(sk) >= 3 else ("~" + st if len(st) >= 3 and not st.isascii() else None)
    if len(_TOKEN_CACHE) < 500_000:
        _TOKEN_CACHE[word] = out
    return out


def subject_tokens(folded: str) -> set[str]:
    """The subject of a folded text as a set of language-neutral tokens."""
    out = set()
    for w in words(folded):
        t = _token(w)
        if t is not None:
            out.add(t)
    return out


def org_tokens(name: str) -> frozenset[str]:
    """Distinctive tokens of an organization name (to see whether another post mentions it)."""
    return frozenset(subject_tokens(fold(name)))


_NUM = r"(\d{1,3}|[^\W\d_]+)"
# compared with folded text: "الجزء" is read "الجز", "اللقاء" "اللقا"
_EPISODE_WORDS = tuple(dict.fromkeys(fold(w) for w in EPISODE_WORDS))
_EPISODE_AFTER = re.compile(r"\b(?:" + "|".join(_EPISODE_WORDS) + r")\b\.?\s*(?:n°|no|#|رقم|number)?\s*" + _NUM)
_EPISODE_BEFORE = re.compile(r"\b(\d{1,2})\s*(?:e|eme|er|re|th|st|nd|rd)?\s+(?:episode|partie|session|edition|volet|part)\b"
                             r"|\b([^\W\d_]+)\s+(?:episode|partie|session|edition|volet|part)\b")
_HASH = re.compile(r"(?:^|\s)#\s?(\d{1,3})\b")


# The units of compound ordinals (الحادية عشرة = 11th), and the "ten" that follows them.
_ORDINAL_UNITS = {"الحاديه": 1, "الحادي": 1}
_TEENS = re.compile(r"\s+عشر")


def episode_of(folded: str) -> int | None:
    """Episode/part/edition number of a series, if the text states one."""
    for m in _EPISODE_AFTER.finditer(folded):
        raw = m.group(1)
        n = int(raw) if raw.isdigit() else ORDINALS.get(raw, _ORDINAL_UNITS.get(raw))
        if n is not None:
            if not raw.isdigit() and n < 10 and _TEENS.match(folded, m.end()):
                n += 10  # الثالثة عشرة, الحادي عشر: a compound ordinal
            elif raw in _ORDINAL_UNITS and raw not in ORDINALS:
                continue  # الحادية alone is not a number
            return n
    for m in _EPISODE_BEFORE.finditer(folded):
        if m.group(1):
            return int(m.group(1))
        n = ORDINALS.get(m.group(2))
        if n is not None:
            return n
    m = _HASH.search(folded)
    return int(m.group(1)) if m else None


_ZOOM_ID = re.compile(r"(?:zoom\.us|zoom\.com)/(?:j|w|s|my)/(\w+)", re.I)
_URL = re.compile(r"https?://[^\s<>\"')\]]+", re.I)
_JOIN_HOSTS = ("zoom.us", "zoom.com", "meet.google.com", "teams.microsoft.com", "teams.live.com",
               "youtube.com/live", "youtu.be", "facebook.com/events", "webex.com", "streamyard.com")


def join_key(url: str | None) -> str | None:
    """Stable key of a meeting/stream link, whatever the tracking parameters: the Zoom meeting id,
    else host + path without query."""
    if not url:
        return None
    m = _ZOOM_ID.search(url)
    if m:
        return "zoom:" + m.group(1).lower()
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    if not host:
        return None
    path = parts.path.rstrip("/")
    if host == "youtube.com" and parts.query.startswith("v="):
        path = "/watch/" + parts.query[2:13]
    return f"{host}{path}".lower()


def _join_keys(extraction: Extraction, text: str) -> tuple[str, ...]:
    if not extraction.join_url and "http" not in text:
        return ()
    keys = set()
    k = join_key(extraction.join_url)
    if k:
        keys.add(k)
    if "http" in text:
        for url in _URL.findall(text[:4000]):
            if any(h in url.lower() for h in _JOIN_HOSTS):
                k = join_key(url)
                if k:
                    keys.add(k)
    return tuple(sorted(keys))


# Near-duplicate text: character 4-grams inside the words of the folded head (digits and
# punctuation dropped, words of 1-2 letters skipped), so a cross-post with another date format,
# an emoji or a hashtag added stays close. Computed per whitespace chunk, with the subject tokens.
GRAM = 4


def _word_grams(words_: list[str]) -> list[str]:
    out = []
    for w in words_:
        if len(w) < 3 or w.isdigit():
            continue
        w = f" {w} "
        out += [w[i:i + GRAM] for i in range(len(w) - GRAM + 1)]
    return out


def gram_containment(a: frozenset[str], b: frozenset[str]) -> float:
    """The share of ``a``'s n-grams found in ``b``."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a)


_TRACKING = ("utm_", "fbclid", "mibextid", "_rdr", "igshid", "gclid", "ref", "s", "si")


def url_key(url: str | None) -> str | None:
    """A page's canonical form: scheme, "www."/"m." and tracking parameters dropped, so one page
    reached through several links has one key."""
    if not url:
        return None
    if "?" not in url and "#" not in url and "@" not in url:  # the common case, without urlsplit
        rest = url.strip().lower().partition("://")[2]
        host, _, path = rest.partition("/")
        host = host.partition(":")[0].removeprefix("www.").removeprefix("m.").removeprefix("mobile.")
        return host + ("/" + path).rstrip("/") if host else None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    for prefix in ("www.", "m.", "mobile."):
        host = host.removeprefix(prefix)
    if not host:
        return None
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(_TRACKING[0]) and k.lower() not in _TRACKING[1:]]
    path = parts.path.rstrip("/") or ""
    return host + path + ("?" + urlencode(sorted(query)) if query else "")


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def minute_of(start: datetime) -> int:
    """The blocking key: the start instant in whole UTC minutes since the epoch."""
    if start.tzinfo is None:
        return int(start.timestamp()) // 60
    d = start - _EPOCH  # twice as fast as .timestamp(), and called a few times per post
    return d.days * 1440 + d.seconds // 60


def announcement_event_id(announcement_id: str) -> str:
    """The event id a cluster gets when this announcement is its earliest."""
    return "evt-" + hashlib.sha1(announcement_id.encode("utf-8")).hexdigest()[:20]


@dataclass(slots=True)
class Features:
    """One announcement as the matcher sees it. ``start`` is None for a post that states no usable
    start (or that extraction does not take for an event): it may join an event, never found one."""

    ann_id: str
    event_id: str  # the id this announcement gives a cluster it is the earliest of
    seen: datetime
    org_id: str
    minute: int
    start: datetime | None
    tokens: frozenset[str]
    text: str  # the post's text (a reference, not a copy), from which ``grams`` come
    episode: int | None
    joins: tuple[str, ...]
    url: str | None
    status: str
    past: bool
    date_only: bool
    correction: bool
    # The organizer's country when the post is an event held in person only (no remote attendance):
    # such a meeting happens in one place, which a post from another country cannot share unless it
    # names its partner or its link.
    venue_country: str | None = None

    @property
    def key(self) -> tuple[datetime, str]:
        return (self.seen, self.event_id)

    @property
    def grams(self) -> frozenset[str]:
        """Character 4-grams of the head of the text (computed when asked for: few comparisons need them)."""
        return grams_of(self.text[:MAX_TEXT].split())

    @property
    def notice(self) -> bool:
        """A postponement, cancellation or corrected time: news about an event, not its announcement."""
        return self.status != "scheduled" or self.correction

    def __reduce__(self):
        # Pickled as its field values (the process stage's workers send features back): a slots
        # class's default, a state set attribute by attribute, costs several times more to load.
        return (Features, tuple(getattr(self, name) for name in _FEATURE_FIELDS))


_FEATURE_FIELDS = tuple(f.name for f in fields(Features))


# Analysis of one whitespace-separated chunk of raw text, cached: posts of one organization repeat
# the same names, places and boilerplate, so most chunks are seen before. Folding, word splitting
# and token lookup are all local to a chunk (whitespace is never a word character nor folded away),
# so the union over chunks equals the analysis of the whole text.
_EPISODE_CUE, _CORRECTION_CUE = 1, 2
_EPISODE_SET = frozenset(_EPISODE_WORDS)
_CORRECTION_HEADS = tuple(sorted({c.split()[0] for c in CORRECTION_CUES}))
_CHUNK_TOKENS: dict[str, frozenset[str]] = {}
_CHUNK_GRAMS: dict[str, frozenset[str]] = {}
_CHUNK_FLAGS: dict[str, int] = {}  # only chunks that may start an episode number or a correction cue
_CHUNK_CACHE_MAX = 400_000
_NO_TOKENS: frozenset[str] = frozenset()


def _chunk(raw: str) -> None:
    folded = fold(raw)
    tokens = []
    flags = 0
    found = words(folded)
    for w in found:
        t = _token(w)
        if t is not None:
            tokens.append(t)
        if w in _EPISODE_SET:
            flags |= _EPISODE_CUE
    if "#" in folded:
        flags |= _EPISODE_CUE
    # a cue's first word lies inside one chunk: a chunk without any cannot start a cue
    if any(h in folded for h in _CORRECTION_HEADS):
        flags |= _CORRECTION_CUE
    _CHUNK_TOKENS[raw] = frozenset(tokens) if tokens else _NO_TOKENS
    grams = _word_grams(found)
    _CHUNK_GRAMS[raw] = frozenset(grams) if grams else _NO_TOKENS
    if flags:
        _CHUNK_FLAGS[raw] = flags


def _analyze(chunks: list[str] | set[str]) -> tuple[frozenset[str], int]:
    """Subject tokens and cue flags of a text given as its whitespace-separated chunks."""
    try:  # most chunks were seen before: one pass of lookups, and a second only when one was not
        tokens = _NO_TOKENS.union(*map(_CHUNK_TOKENS.__getitem__, chunks))
    except KeyError:
        missing = set(chunks).difference(_CHUNK_TOKENS)
        if len(_CHUNK_TOKENS) + len(missing) > _CHUNK_CACHE_MAX:
            _CHUNK_TOKENS.clear()
            _CHUNK_GRAMS.clear()
            _CHUNK_FLAGS.clear()
            missing = set(chunks)
        for raw in missing:
            _chunk(raw)
        tokens = _NO_TOKENS.union(*map(_CHUNK_TOKENS.__getitem__, chunks))
    flags = 0
    if not _CHUNK_FLAGS.keys().isdisjoint(chunks):
        for raw in chunks:
            flags |= _CHUNK_FLAGS.get(raw, 0)
    return tokens, flags


def grams_of(chunks: Iterable[str]) -> frozenset[str]:
    """The character 4-grams of a text given as its whitespace-separated chunks."""
    grams = _CHUNK_GRAMS
    if not grams.keys() >= set(chunks):  # the cache was cleared since
        _analyze(set(chunks))
    return _NO_TOKENS.union(*map(grams.__getitem__, chunks))


def seen_of(ann: Announcement) -> datetime:
    """When an announcement was published (else fetched), as an aware instant: the first half of its order_key."""
    seen = ann.published or ann.fetched_at or _EPOCH
    if seen.tzinfo is None:
        seen = seen.replace(tzinfo=timezone.utc)
    return seen


def start_of(ex: Extraction) -> datetime | None:
    """The start a dated post is matched on (an aware instant), None when extraction found no event start."""
    start = ex.start if ex.is_event else None
    if start is not None and start.tzinfo is None:
        start = start.replace(tzinfo=timezone.utc)
    return start


def order_key(ann: Announcement) -> tuple[datetime, str]:
    """The processing order of announcements: (published, event id it would give). Ids derive from
    the earliest announcement by this key, so the result does not depend on the input order."""
    return seen_of(ann), announcement_event_id(ann.id)


def features_of(ann: Announcement, ex: Extraction, key: tuple[datetime, str] | None = None) -> Features:
    """Features of an announcement (``key``: its order_key, if known)."""
    text = ann.text or ""
    title, ex_title, head = ann.title or "", ex.title or "", text[:MAX_TEXT]
    chunks = head.split()  # a list: a chunk seen twice is looked up twice, cheaper than a set
    if title:
        chunks += title.split()
    if ex_title:
        chunks += ex_title.split()
    tokens, flags = _analyze(chunks)
    if len(tokens) > MAX_TOKENS:
        tokens = frozenset(sorted(tokens)[:MAX_TOKENS])
    episode, correction = None, False
    if flags:  # rare: only then is the whole head folded and read by the regular expressions
        folded = fold("\n".join((title, ex_title, head)))
        if flags & _EPISODE_CUE:
            episode = episode_of(folded)
        if flags & _CORRECTION_CUE and ex.status == "scheduled":
            correction = any(c in folded for c in CORRECTION_CUES)
    start = start_of(ex)
    seen, event_id = key or order_key(ann)
    # positional, in the order of _BUILT (checked at import): keywords cost 0.8 us a post, a fifth of building it
    return Features(
        ann.id,  # ann_id
        event_id,
        seen,
        ann.org_id,  # org_id
        minute_of(start) if start is not None else -1,  # minute
        start,
        tokens,
        text,
        episode,
        _join_keys(ex, text),  # joins
        url_key(ann.url),  # url
        ex.status if ex.status in ("postponed", "cancelled") else "scheduled",  # status
        bool(ex.past),  # past
        start is not None and start.hour == 0 and start.minute == 0,  # date_only
        correction,
        (ann.country or None) if ex.is_event and ex.online is False else None,  # venue_country
    )


_BUILT = ("ann_id", "event_id", "seen", "org_id", "minute", "start", "tokens", "text", "episode", "joins", "url",
          "status", "past", "date_only", "correction", "venue_country")
if _FEATURE_FIELDS[:len(_BUILT)] != _BUILT:
    raise TypeError(f"features_of passes Features its fields by position as {_BUILT}, not {_FEATURE_FIELDS}")
