"""clean and fold replace only the characters a text holds: the result is what str.translate gives."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.extract import normalize
from aggregator.extract.normalize import clean, fold
from tests.extract.corpus import load as load_corpus


def _clean_by_translate(text: str) -> str:
    if "\u0640" in text:
        text = normalize._TATWEEL_DASH.sub("-", text)
    out = text.translate(normalize._CLEAN).replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"[ ]{2,}", " ", out)


MAPPED = "".join(map(chr, {**normalize._CLEAN, **normalize._FOLD})) + "abc ابت\r\n  19:"
texts = st.one_of(st.text(max_size=300), st.text(alphabet=MAPPED, max_size=300))


def test_same_as_translate_on_the_corpus():
    for record in load_corpus():
        cleaned = clean(record["text"])
        assert cleaned == _clean_by_translate(record["text"])
        assert fold(cleaned) == cleaned.translate(normalize._FOLD)


@settings(max_examples=500, deadline=None)
@given(text=texts)
def test_same_as_translate_on_any_text(text):
    cleaned = clean(text)
    assert cleaned == _clean_by_translate(text)
    assert fold(cleaned) == cleaned.translate(normalize._FOLD)
    assert len(fold(cleaned)) == len(cleaned)
