"""How a post is seen to name an organization (``mentions``) and which words name anybody at all.
Names and texts written for this file."""

from __future__ import annotations

import json

import pytest

from aggregator.dedup.command import dedup_records
from aggregator.dedup.features import org_tokens, subject_tokens
from aggregator.dedup.match import mentions
from aggregator.dedup.normalize import fold


def named(text: str, org: str) -> bool:
    return mentions(frozenset(subject_tokens(fold(text))), org_tokens(org))


@pytest.mark.parametrize("text,org", [
    # the kind of organization and its topic words are left out by a partner writing in another language
    ("Webinaire avec la Fondation Qantara (Égypte) sur le travail agricole", "مؤسسة قنطرة للتنمية"),
    # a nationality adjective names the country of the name ("ليبية")
    ("بالشراكة مع أصوات ليبية وجمعيات من تونس", "منظمة أصوات ليبية"),
    # a short Arabic name keeps its word ("النيل")
    ("ندوة مع شبكة نساء النيل في السودان", "شبكة نساء النيل"),
    # a name made only of topic words names its organization when all of them (two or more) are there
    ("بالشراكة مع المنتدى التونسي للحقوق الاقتصادية والاجتماعية", "المنتدى التونسي للحقوق الاقتصادية والاجتماعية"),
    ("مع شركائنا في جمعية المعلمين الشباب بالكويت", "جمعية المعلمين الشباب"),
])
def test_a_partner_is_named(text, org):
    assert named(text, org)


@pytest.mark.parametrize("text,org", [
    # "منظمة" is the kind of organization, not its name (it used to read as the topic "informal")
    ("منظمة العمل ترحب بالحوار الاجتماعي", "منظمة أصوات ليبية"),
    ("a talk at the centre on rights", "مركز الحقوق"),  # one topic names nobody
    ("ندوة عن الحقوق الاقتصادية في تونس", "المنتدى التونسي للحقوق الاقتصادية والاجتماعية"),  # not all of its words
])
def test_a_topic_or_a_kind_of_organization_names_nobody(text, org):
    assert not named(text, org)


def test_a_phrase_of_the_lexicon_does_not_make_its_words_topics():
    # "غير المنظم" (informal) is a phrase: "منظمة" alone is no topic, nor is the French "aux"
    assert "informal" not in subject_tokens(fold("منظمة شبابية"))
    assert subject_tokens(fold("aux")) == set()


@pytest.mark.parametrize("arabic,other,shared", [
    ("لقاء رمضاني خليجي عن القراءة", "A Gulf Ramadan talk on reading", {"ramadan", "gulf", "reading"}),
    ("المساءلة في إعادة الإعمار", "Accountability in reconstruction", {"accountability", "reconstruction"}),
    ("لقاء مع الجالية حول الانتخابات البلدية", "Rencontre avec la diaspora : municipales", {"diaspora", "municipal"}),
    ("منظمة أصوات ليبية", "Libyan voices", {"libya"}),
])
def test_a_topic_is_one_token_in_every_language(arabic, other, shared):
    assert shared <= subject_tokens(fold(arabic)) & subject_tokens(fold(other))


def test_a_post_does_not_name_another_organization_with_its_own_name():
    def line(pid, org, text):
        return json.dumps({"id": pid, "source": {"org": org, "org_type": "ngo", "country": "TN", "kind": "rss"},
                           "url": f"https://names.example/{pid}", "published": "2027-03-01T10:00:00+00:00",
                           "title": "", "text": text}, ensure_ascii=False)

    # two organizations named by the same two topics, at one minute, on two subjects: "الشباب والتنمية" in
    # each post is its own organizer's name, not a mention of the other
    outputs, _ = dedup_records([
        line("a", "جمعية الشباب والتنمية", "تنظم جمعية الشباب والتنمية ندوة عن بعد حول الهجرة والعمل بمشاركة خبراء، "
                                           "الخميس 11 مارس 2027 على الساعة السابعة مساء عبر زووم."),
        line("b", "منتدى الشباب والتنمية", "ينظم منتدى الشباب والتنمية ندوة عن بعد حول الهجرة والمناخ بمشاركة خبراء، "
                                           "الخميس 11 مارس 2027 على الساعة السابعة مساء عبر زووم."),
    ])
    assert outputs[0]["event_id"] != outputs[1]["event_id"]
