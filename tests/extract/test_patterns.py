"""compile_words: the rewritten patterns find exactly what the patterns as written find, only faster."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aggregator.extract  # noqa: F401  (compiles every pattern of the extractor)
from aggregator.extract import classify, dates, distractors, platforms, times, timezones, titles
from aggregator.extract.normalize import clean, fold
from aggregator.extract.patterns import COMPILED, Prefiltered, compile_words, needles
from tests.extract.corpus import load as load_corpus

REWRITTEN = [(compiled, source, flags) for compiled, source, flags, rewritten in COMPILED if rewritten]
IDS = [source[:40] for _, source, _ in REWRITTEN]


def _found(pattern: re.Pattern, text: str) -> list:
    return [(m.span(), m.groups(), m.lastgroup) for m in pattern.finditer(text)]


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    texts = []
    for record in load_corpus():
        cleaned = clean(record["text"])
        texts += [cleaned, fold(cleaned)]
    return texts


def test_most_patterns_are_rewritten():
    assert len(REWRITTEN) >= 30, [source[:40] for _, source, _, rewritten in COMPILED if not rewritten]


@pytest.mark.parametrize("pattern", [
    classify._EVENT, classify._PROTEST, classify._APPLICATION, classify._STATEMENT, classify._ANNOUNCE,
    classify._REPORT, classify._IN_PERSON, classify._POSTPONED, classify._CANCELLED, platforms.ONLINE_WORDS,
    platforms._WORD_RE, dates._DAY_MONTH, dates._MONTH_DAY, dates._NUMERIC, dates._HIJRI, dates._RELATIVE,
    dates._NEXT_WEEK, dates._WEEKDAY_REL, dates._WEEKDAY, times._NUM, times._WORD, timezones._OFFSET,
    timezones._NAMED, distractors._ID_SPAN, distractors._PHONE, distractors._DEADLINE, distractors._NAMING,
    titles._MARKER,
], ids=lambda p: next(s[:30] for c, s, _, _ in COMPILED if c is p))
def test_patterns_run_over_whole_texts_are_rewritten(pattern):
    """These scan every announcement; one falling back to the slow form costs the extractor its speed."""
    assert next(rewritten for compiled, _, _, rewritten in COMPILED if compiled is pattern)


@pytest.mark.parametrize(("compiled", "source", "flags"), REWRITTEN, ids=IDS)
def test_same_matches_as_written_on_the_corpus(compiled, source, flags, corpus_texts):
    plain = re.compile(source, flags)
    for text in corpus_texts:
        assert _found(compiled, text) == _found(plain, text), text[:120]


def _tokens() -> list[str]:
    words = set()
    for record in load_corpus()[:200]:
        words.update(fold(clean(record["text"])).split())
    return sorted(words)


TOKENS = _tokens()
SEPARATORS = [" ", "  ", "\n", "", ":", "/", "-", ".", "،", "(", ")", "«", "»", "h", "و", "ب", "ال", "1", "20"]
texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(TOKENS), st.sampled_from(SEPARATORS)), max_size=60).map(" ".join),
    st.lists(st.one_of(st.sampled_from(TOKENS), st.sampled_from(SEPARATORS)), max_size=60).map("".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_same_matches_as_written_on_any_text(text):
    for compiled, source, flags in REWRITTEN:
        assert _found(compiled, text) == _found(re.compile(source, flags), text), source[:60]


def _is_rewritten(pattern: re.Pattern) -> bool:
    return next(rewritten for compiled, _, _, rewritten in COMPILED if compiled is pattern)


@pytest.mark.parametrize(("source", "text", "expected"), [
    (r"(?<![\w])(?:[وب]?ندوه|ورشه)(?![\w])", "والندوه وندوه ورشه بندوه ندوهات", ["وندوه", "ورشه", "بندوه"]),
    (r"(?<![\w])(?:webinar|web)(?![\w])", "webinar web webs aweb", ["webinar", "web"]),
    (r"(?<![\d])(?P<d>[0-3]?[0-9])\s*h", "21h 5 h 121h", ["21h", "5 h"]),
    (r"(?:a|b)(?P<end>)c", "ac bc cc", ["ac", "bc"]),
    (r"(?<![\w])x{2,3}", "xxxx xx x", ["xxx", "xx"]),
    (r"(?<![\w.])(?:[a-c]{1,3}\.){0,2}zz", "ab.c.zz zz a.zz d.zz", ["ab.c.zz", "zz", "a.zz"]),
], ids=["optional-prefix", "longest-first", "leading-group", "marker-group", "repeat", "bounded-repeat"])
def test_rewritten_shapes(source, text, expected):
    pattern = compile_words(source)
    assert _is_rewritten(pattern)
    assert [m.group() for m in pattern.finditer(text)] == expected
    assert _found(pattern, text) == _found(re.compile(source), text)


@pytest.mark.parametrize(("source", "flags"), [
    (r"(?<![\w])(?:webinar|web)", re.IGNORECASE),           # case folding: first characters are not literal
    (r"(?<![\w])(?:(?P<a>x)|y)", 0),                         # a group opens an alternative
    (r"(?:x|y*?)z", 0),                                      # a lazy repeat opens an alternative
    (r"\d+h", 0),                                            # \d is every script's digits: not enumerated
])
def test_other_shapes_compile_as_written(source, flags):
    pattern = compile_words(source, flags)
    assert not _is_rewritten(pattern)
    assert pattern.pattern == source


# Needles: strings one of which every match contains, so a text holding none is not scanned.
NEEDLED = [(source, flags, needles(source, flags)) for _, source, flags, _ in COMPILED if needles(source, flags)]


def _holds_a_needle(match: re.Match, found: tuple[str, ...]) -> bool:
    return any(n in match.group() for n in found)


def test_needles_are_read_off_most_patterns():
    assert len(NEEDLED) >= 30
    assert sum(isinstance(compiled, Prefiltered) for compiled, *_ in COMPILED) >= 12


@pytest.mark.parametrize(("source", "flags", "found"), NEEDLED, ids=[s[:40] for s, _, _ in NEEDLED])
def test_every_match_on_the_corpus_holds_a_needle(source, flags, found, corpus_texts):
    plain = re.compile(source, flags)
    for text in corpus_texts:
        for m in plain.finditer(text):
            assert _holds_a_needle(m, found), (m.group(), found)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_every_match_on_any_text_holds_a_needle(text):
    for source, flags, found in NEEDLED:
        for m in re.compile(source, flags).finditer(text):
            assert _holds_a_needle(m, found), (source[:60], m.group(), found)


@pytest.mark.parametrize(("source", "expected"), [
    (r"(?<![\w])(?:annule(?:e|es|s)?|annulation)(?![\w])", ("annulation", "annule")),
    (r"[وب]?(?:ال)?ندو(?:ه|ات)", ("ندوات", "ندوه")),
    (r"(?:next|last)\s+(?:monday|friday|sunday)", ("friday", "monday", "sunday")),
    (r"(?P<d>\d+)\s*(?:mois|month)", ("mois", "month")),
    (r"ab(?=cd)ef", ("abef",)),
    (r"(?:x|\d+)y", ("y",)),
], ids=["suffixes-fold-into-stem", "optional-prefix-dropped", "longest-of-sequence", "after-digits", "lookahead-skipped",
        "alternative-without-literal"])
def test_needles_of_shapes(source, expected):
    assert needles(source) == expected


@pytest.mark.parametrize(("source", "flags"), [
    (r"\d+:?\d+", 0),                    # nothing literal is required
    (r"(?:webinar|\w+)", 0),            # one alternative requires nothing
    (r"webinar", re.IGNORECASE),        # case folding: the literal matches more than itself
])
def test_no_needles(source, flags):
    assert needles(source, flags) is None


def test_prefiltered_pattern_behaves_as_the_pattern():
    source = r"(?<![\w])(?:postponed|reporte(?:e|s)?)(?![\w])"
    pattern, plain = compile_words(source), re.compile(source)
    assert isinstance(pattern, Prefiltered)
    for text in ("reportee au 3", "nothing here", "postponed, postponed", "rapporte"):
        assert _found(pattern, text) == _found(plain, text)
        assert [m and m.span() for m in (pattern.search(text), pattern.match(text), pattern.fullmatch(text))] == \
            [m and m.span() for m in (plain.search(text), plain.match(text), plain.fullmatch(text))]
        assert pattern.findall(text) == plain.findall(text)
        assert pattern.sub("X", text) == plain.sub("X", text)
        assert _found_window(pattern, text) == _found_window(plain, text)
    assert pattern.groupindex == plain.groupindex and pattern.groups == plain.groups


def _found_window(pattern, text: str) -> list:
    return [m.span() for m in pattern.finditer(text, 2, len(text) - 1)]


def _zone_matches(pattern, text: str) -> list:
    return [(m.span(), m.group("ar"), m.group("aradj")) for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_zone_names_cut_to_tawqit_forms_find_the_same_without_the_other_words(text):
    text = text.replace("heure", "").replace("time", "").replace("(", "")
    assert _zone_matches(timezones._NAMED_TAWQIT, text) == _zone_matches(timezones._NAMED, text)


def test_zone_names_cut_to_tawqit_forms_on_the_corpus(corpus_texts):
    checked = 0
    for text in corpus_texts:
        if not any(w in text for w in timezones._OTHER_WORDS):
            checked += "توقيت" in text
            assert _zone_matches(timezones._NAMED_TAWQIT, text) == _zone_matches(timezones._NAMED, text)
    assert checked >= 20
    assert _is_rewritten(timezones._NAMED_TAWQIT)
