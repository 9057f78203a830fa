"""The text analysis chain shared by every text field: Arabic-aware, and still right for French and English.

Order matters and follows Lucene's ArabicAnalyzer: stop words are removed before normalization
(the ``_arabic_`` list is written with hamzas), normalization before the light stemmer (which
expects folded letters). arabic_normalization folds alef/hamza forms, ta marbuta -> ha, alef
maqsura -> ya and drops tatweel and harakat, so what people type without them (ندوه, الى)
meets what organizations write. No char_filter does that folding earlier: it would hide
"على" from the stop word list.
Latin text gets French elision (l'élection), lowercasing, accent folding and a minimal plural
stemmer, so "Webinars sur l'élection" finds "webinar election".
"""

from __future__ import annotations

__all__ = ["ANALYZER", "ANALYSIS"]

ANALYZER = "civic_text"

ANALYSIS = {
    "filter": {
        "civic_arabic_stop": {"type": "stop", "stopwords": "_arabic_"},
        "civic_elision": {
            "type": "elision",
            "articles_case": True,
            "articles": ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"],
        },
        "civic_plural": {"type": "stemmer", "language": "minimal_english"},
    },
    "normalizer": {
        "civic_keyword": {"type": "custom", "filter": ["lowercase", "asciifolding"]},
    },
    "analyzer": {
        ANALYZER: {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [
                "civic_elision",
                "lowercase",
                "decimal_digit",
                "civic_arabic_stop",
                "arabic_normalization",
                "arabic_stem",
                "asciifolding",
                "civic_plural",
            ],
        },
    },
}
