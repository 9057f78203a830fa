"""Reminders that count down instead of naming the hour, event nouns with proclitics, seminars titled by a
question, and the Maghrebi "فاتح" for the first of the month. Records written for this file."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from aggregator.extract import extract
from aggregator.extract.classify import is_statement


def utc(s: str) -> datetime:
    return datetime.fromisoformat(s).replace(tzinfo=timezone.utc)


# (id, text, country, published UTC, expected start UTC)
COUNTDOWNS = [
    ("ar-hour", "بعد ساعة من الآن ننطلق في لقاء حول السكن الاجتماعي على زووم.", "TN",
     "2026-03-04T17:00", "2026-03-04T18:00"),
    ("ar-quarter-link", "ننطلق بعد ربع ساعة 👇 https://meet.google.com/abc-defg-hij", "MA",
     "2026-05-20T18:45", "2026-05-20T19:00"),
    ("ar-half-hour", "بعد نصف ساعة: محاضرة عن الأمن الغذائي، البث على صفحتنا في فيسبوك.", "JO",
     "2026-02-11T16:30", "2026-02-11T17:00"),
    ("ar-two-hours", "بعد ساعتين نلتقي في ندوة رقمية حول الدين العام عبر زووم.", "EG",
     "2026-01-15T15:00", "2026-01-15T17:00"),
    ("ar-minutes-digits", "بعد 10 دقائق يبدأ البث المباشر للقاء النقابي على يوتيوب.", "LB",
     "2026-06-02T16:50", "2026-06-02T17:00"),
    # posted a little before the hour: the start is the quarter hour nearest to publication + the countdown
    ("ar-rounded", "بعد ساعة: ورشة تدريبية عن كتابة المشاريع على Teams.", "DZ",
     "2026-04-08T16:58", "2026-04-08T18:00"),
    ("en-in-an-hour", "Starting in an hour: our live Q&A on the new labour code, on Zoom.", "JO",
     "2026-09-01T15:00", "2026-09-01T16:00"),
    ("fr-dans-30-minutes", "Dans 30 minutes, notre webinaire sur la mobilité des jeunes commence sur Zoom.", "TN",
     "2026-10-07T17:30", "2026-10-07T18:00"),
]


@pytest.mark.parametrize("case", COUNTDOWNS, ids=[c[0] for c in COUNTDOWNS])
def test_a_countdown_starts_that_long_after_publication(case):
    _, text, country, published, start = case
    ex = extract(text, utc(published), country=country)
    assert ex.is_event
    assert ex.start is not None and ex.start.astimezone(timezone.utc) == utc(start)


# (id, text, country, published UTC, start): posts whose start another reading could get wrong
STARTS = [
    # 16:55 in Tunis, and the post names the hour: the hour wins
    ("stated-hour-wins-over-countdown",
     "بعد ساعة، في تمام السابعة مساءً، نلتقي في بث مباشر على فيسبوك حول الانتخابات البلدية.", "TN",
     "2026-03-10T15:55", datetime(2026, 3, 10, 19, 0, tzinfo=ZoneInfo("Africa/Tunis"))),
    ("countdown-does-not-move-another-day",
     "بعد ساعة نعلن موعد ندوة الأربعاء 18 مارس 2026 على الساعة الخامسة مساء عبر زووم.", "TN",
     "2026-03-10T10:00", datetime(2026, 3, 18, 17, 0, tzinfo=ZoneInfo("Africa/Tunis"))),
    ("duration-is-not-a-countdown",
     "ندوة عبر زووم لمدة ساعتين حول الحق في الماء، الخميس 12 مارس 2026 على الساعة 18:00.", "TN",
     "2026-03-01T10:00", datetime(2026, 3, 12, 18, 0, tzinfo=ZoneInfo("Africa/Tunis"))),
    ("seminar-titled-by-a-question",
     "ندوة حوارية: هل ينقذ الاقتصاد الأخضر المدن الساحلية؟\nالأحد 8 آذار الساعة 7 مساءً بتوقيت عمّان\n"
     "الرابط بعد التسجيل", "JO", "2026-03-01T10:00", datetime(2026, 3, 8, 19, 0, tzinfo=ZoneInfo("Asia/Amman"))),
    ("fatih-is-the-first-of-the-month",
     "تنظم الجمعية لقاء عن بعد يوم الخميس فاتح أكتوبر 2026 على الساعة السابعة مساء عبر زووم.", "MA",
     "2026-09-20T10:00", datetime(2026, 10, 1, 19, 0, tzinfo=ZoneInfo("Africa/Casablanca"))),
]


@pytest.mark.parametrize("case", STARTS, ids=[c[0] for c in STARTS])
def test_the_start_of_an_event(case):
    _, text, country, published, start = case
    ex = extract(text, utc(published), country=country)
    assert ex.is_event and ex.start == start


def test_a_question_headline_over_an_article_is_still_not_an_event():
    ex = extract("هل ما زالت الندوات الرقمية تجذب الشباب؟\nيرى باحثون أن نسبة الحضور تراجعت بحسب دراسة حديثة، "
                 "رغم أن الجمعيات تنظمها كل خميس على الساعة الثامنة.", utc("2026-03-01T10:00"), country="MA")
    assert not ex.is_event


def test_thanks_to_those_who_came_yesterday_is_a_report_of_yesterdays_event():
    ex = extract("شكراً لكل اللي حضروا لقاء «الأجور والأسعار» امبارح 🙏 التسجيل هينزل على الصفحة قريب.",
                 utc("2026-03-09T10:00"), country="EG")
    assert ex.is_event and ex.past


@pytest.mark.parametrize("text,country,start", [
    # an event noun after a proclitic: "لندوة", "وللمحاضرة"
    ("بالشراكة مع اتحاد الكتّاب، ندعوكم لندوة عن الترجمة الأدبية يوم الإثنين 8 مارس 2027 الساعة 6 مساءً بتوقيت بيروت.",
     "LB", datetime(2027, 3, 8, 18, 0, tzinfo=ZoneInfo("Asia/Beirut"))),
    ("نتطلع للقائكم في الجلسة القادمة، وللمحاضرة الافتتاحية يوم الإثنين 8 مارس 2027 الساعة 6 مساءً بتوقيت بيروت.",
     "LB", datetime(2027, 3, 8, 18, 0, tzinfo=ZoneInfo("Asia/Beirut"))),
    ("الجمعية العامة العادية لجمعية الواحة يوم السبت 13 مارس 2027 على الساعة الثالثة بعد الزوال بمقر الجمعية.",
     "DZ", datetime(2027, 3, 13, 15, 0, tzinfo=ZoneInfo("Africa/Algiers"))),
    ("تنظم النقابة دورتها الرابعة للجامعة الصيفية أيام 12 و13 و14 يوليوز 2027 بمدينة الحسيمة، الافتتاح على الساعة العاشرة صباحا.",
     "MA", datetime(2027, 7, 12, 10, 0, tzinfo=ZoneInfo("Africa/Casablanca"))),
    # the protests are the subject of the press conference, not a call to protest
    ("يقدم المرصد تقريره حول الاحتجاجات العمالية في ندوة صحفية تبث مباشرة على يوتيوب، يوم الثلاثاء 9 مارس 2027 على الساعة 11:00.",
     "TN", datetime(2027, 3, 9, 11, 0, tzinfo=ZoneInfo("Africa/Tunis"))),
])
def test_event_nouns_the_grammar_missed(text, country, start):
    ex = extract(text, utc("2027-03-01T10:00"), country=country)
    assert ex.is_event and ex.start == start


def test_a_call_to_protest_is_still_not_an_event():
    ex = extract("ندعو كافة المنخرطين إلى وقفة احتجاجية أمام الوزارة يوم الثلاثاء 9 مارس 2027 على الساعة العاشرة صباحا.",
                 utc("2027-03-01T10:00"), country="TN")
    assert not ex.is_event


@pytest.mark.parametrize("text,statement", [
    ("تعبر النقابة عن رفضها لمشروع القانون وتطالب بفتح حوار جدي.", True),
    ("وتدين الجمعية الاعتداء على الصحفيين.", True),
    ("The federation condemns the arrest of two union members.", True),
    ("بيان ختامي للندوة الوطنية حول الحق في الماء", False),  # names a seminar: extraction decides
    ("ندعوكم لندوة حول الحق في الماء يوم الخميس.", False),
])
def test_is_statement(text, statement):
    assert is_statement(text) is statement
