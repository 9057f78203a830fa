"""A short notice that corrects an hour or moves an event joins the one event of its organizer it can be
about, and none when two fit. Posts written for this file; run through the `aggregator dedup` core."""

from __future__ import annotations

import json
from datetime import timezone

import pytest

from aggregator.dedup import MemoryEventStore, assign_events
from aggregator.dedup.command import dedup_records, parse_line
from aggregator.extract import extract

ORG = {"org": "نقابة المترجمين المستقلة", "org_type": "union", "country": "JO", "kind": "facebook"}
OTHER = {"org": "جمعية حماية المستهلك", "org_type": "ngo", "country": "JO", "kind": "facebook"}


def post(pid, text, published, source=ORG):
    return {"id": pid, "source": source, "url": f"https://site.example/{pid}", "published": published,
            "title": "", "text": text}


MEETING = post("m", "لقاء عبر زووم مع المترجمين الجدد حول تسعيرة الترجمة المحلفة / الاثنين 9 آذار 2026 – الساعة السادسة مساءً",
               "2026-03-01T10:00:00+00:00")
CORRECTION = post("c", "تصحيح: موعد لقاء الاثنين 9 آذار هو الساعة السابعة مساءً وليس السادسة. نعتذر عن الخطأ.",
                  "2026-03-02T09:00:00+00:00")
MORNING = post("w", "ورشة تدريبية عبر زووم عن أدوات الترجمة الآلية / الاثنين 9 آذار 2026 – الساعة العاشرة صباحاً",
               "2026-02-28T10:00:00+00:00")
# another organization's event of that day is not the union's to correct
NEIGHBOUR = post("n", "ندوة عبر زووم عن أسعار الأدوية / الاثنين 9 آذار 2026 – الساعة الخامسة مساءً",
                 "2026-02-27T10:00:00+00:00", OTHER)


def ids(records):
    outputs, errors = dedup_records([json.dumps(r, ensure_ascii=False) for r in records])
    assert not errors
    return {o["id"]: o["event_id"] for o in outputs}


def events(records):
    items = []
    for n, r in enumerate(records, 1):
        ann = parse_line(json.dumps(r, ensure_ascii=False), n)
        items.append((ann, extract(ann.text, ann.published, country="JO", timezone=ann.timezone)))
    return list(assign_events(items, MemoryEventStore()).events.values())


def test_a_correction_joins_the_organizers_only_event_of_that_day_and_moves_it():
    got = ids([MEETING, CORRECTION, NEIGHBOUR])
    assert got["c"] == got["m"] != got["n"]
    (event,) = events([MEETING, CORRECTION])
    assert (event.start.hour, event.start.minute) == (19, 0)


def test_a_correction_with_two_events_of_its_organizer_that_day_joins_neither():
    got = ids([MEETING, MORNING, CORRECTION])
    assert got["c"] not in (got["m"], got["w"])
    assert got["m"] != got["w"]


@pytest.mark.parametrize("text,published,joins,not_", [
    # moved to another day: found among the organizer's events by the subject it names
    ("تعديل موعد: تم تقديم لقاء «تسعيرة الترجمة المحلفة» ليُعقد يوم الأحد 8 آذار بدلاً من الاثنين، في نفس التوقيت.",
     "2026-03-03T09:00:00+00:00", "m", "w"),
    # a corrected hour on a day of two sessions: the one it names, not the other
    ("تصحيح: ورشة الأدوات يوم الاثنين 9 آذار تبدأ الساعة الحادية عشرة صباحاً وليس العاشرة.",
     "2026-03-04T09:00:00+00:00", "w", "m"),
], ids=["moved-found-by-subject", "correction-names-one-of-two-sessions"])
def test_a_notice_joins_the_one_event_of_its_organizer_it_names(text, published, joins, not_):
    got = ids([MEETING, MORNING, post("n", text, published)])
    assert got["n"] == got[joins] != got[not_]


def test_a_new_date_months_after_a_postponement_until_further_notice_joins_its_event():
    announced = post("a", "ندوة عبر زووم: «الترجمة القانونية أمام المحاكم» / الخميس 5 شباط 2026 – الساعة السادسة مساءً",
                     "2026-01-25T10:00:00+00:00")
    postponed = post("b", "نعتذر عن تأجيل ندوة «الترجمة القانونية أمام المحاكم» المقررة الخميس 5 شباط إلى موعد يُعلن لاحقاً.",
                     "2026-02-03T10:00:00+00:00")
    new_date = post("d", "موعد جديد: ندوة «الترجمة القانونية أمام المحاكم» تُعقد الخميس 14 أيار 2026 الساعة السادسة مساءً عبر زووم.",
                    "2026-05-02T10:00:00+00:00")
    got = ids([announced, postponed, new_date])
    assert got["a"] == got["b"] == got["d"]
    (event,) = events([announced, postponed, new_date])
    assert (event.start.month, event.start.day, event.start.hour) == (5, 14, 18)


def test_a_clarification_of_the_time_zone_moves_the_event():
    meeting = post("z", "لقاء عبر زووم مع المترجمين في المهجر حول العقود / الخميس 12 آذار 2026 – الساعة 20:00 بتوقيت غرينتش",
                   "2026-03-02T10:00:00+00:00")
    clarified = post("y", "توضيح: اللقاء يوم الخميس 12 آذار عند الساعة 20:00 بتوقيت عمّان وليس بتوقيت غرينتش.",
                     "2026-03-03T10:00:00+00:00")
    got = ids([meeting, clarified])
    assert got["z"] == got["y"]
    (event,) = events([meeting, clarified])
    assert event.start.astimezone(timezone.utc).hour == 17  # 20:00 in Amman (UTC+3), not 20:00 GMT


BARE_TALK = post("t", "ندوة عبر زووم عن حقوق المترجمين المستقلين / الأربعاء 18 آذار 2026 – الساعة السابعة مساءً بتوقيت عمّان",
                 "2026-03-10T10:00:00+00:00")
BARE_REMINDER = post("r", "بعد ساعة نبدأ 👇 https://zoom.us/j/84455667788", "2026-03-18T15:00:00+00:00")  # 18:00 Amman


def test_a_bare_reminder_joins_its_organizers_event_of_that_minute():
    got = ids([BARE_TALK, BARE_REMINDER])
    assert got["r"] == got["t"]


def test_a_bare_reminder_joins_no_other_organizations_event():
    other = dict(BARE_TALK, id="o", source=OTHER, url="https://site.example/o")
    got = ids([other, BARE_REMINDER])
    assert got["r"] != got["o"]


def test_a_bare_reminder_with_two_events_of_its_organizer_at_that_minute_joins_neither():
    second = post("s", "ورشة عبر زووم عن التأمين الصحي للعاملين لحسابهم / الأربعاء 18 آذار 2026 – الساعة السابعة مساءً بتوقيت عمّان",
                  "2026-03-11T10:00:00+00:00")
    got = ids([BARE_TALK, second, BARE_REMINDER])
    assert got["r"] not in (got["t"], got["s"]) and got["t"] != got["s"]


def test_a_statement_of_the_organizer_does_not_join_its_event_but_a_post_of_its_link_does():
    talk = post("k", "لقاء مفتوح عبر زووم مع أعضاء النقابة حول المفاوضات الاجتماعية، الخميس 5 آذار 2026 الساعة السادسة مساءً "
                     "https://zoom.us/j/83322114455", "2026-03-01T09:00:00+00:00")
    statement = post("s", "تعبر النقابة عن رفضها لمشروع قانون الوظيفة العمومية وتطالب بفتح حوار جدي مع الأعضاء قبل أي مصادقة.",
                     "2026-03-02T09:00:00+00:00")
    link = post("l", "رابط اللقاء المفتوح مع الأعضاء: https://zoom.us/j/83322114455", "2026-03-04T09:00:00+00:00")
    got = ids([talk, statement, link])
    assert got["s"] != got["k"] == got["l"]
