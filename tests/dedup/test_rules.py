"""One parametrized table per dedup rule of the issue: what is one event, what is not, how updates apply."""

from __future__ import annotations

import io
import json
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from aggregator.dedup import MemoryEventStore, assign_events
from aggregator.dedup.command import dedup_records, parse_line, run
from aggregator.dedup.features import episode_of, join_key, subject_tokens
from aggregator.dedup.normalize import fold, normalize_text
from aggregator.extract import extract
from aggregator.models import Extraction

DATA = Path(__file__).resolve().parent.parent / "data" / "dedup"
UGTT = ("الاتحاد العام التونسي للشغل", "union", "TN")
LTDH = ("الرابطة التونسية للدفاع عن حقوق الإنسان", "ngo", "TN")
AMDH = ("الجمعية المغربية لحقوق الإنسان", "ngo", "MA")
EIPR = ("المبادرة المصرية للحقوق الشخصية", "ngo", "EG")


def line(id_, org, published, text, title=""):
    name, type_, country = org
    return json.dumps({"id": id_, "source": {"org": name, "org_type": type_, "country": country, "kind": "rss"},
                       "url": f"https://example.org/{id_}", "published": published, "title": title, "text": text},
                      ensure_ascii=False)


def ids(*lines):
    outputs, errors = dedup_records(list(lines))
    assert not errors
    return {o["id"]: o["event_id"] for o in outputs}


class Runs:
    """Successive runs over one store, as process_pending does batch after batch."""

    def __init__(self):
        self.store = MemoryEventStore()

    def run(self, *lines):
        items = []
        for n, text in enumerate(lines, 1):
            ann = parse_line(text, n)
            items.append((ann, extract(ann.text, ann.published, country=ann.country, timezone=ann.timezone,
                                       title=ann.title or None)))
        outcome = assign_events(items, self.store)
        self.store.put_all(outcome.events.values())
        return outcome


# -- normalization ----------------------------------------------------------------------------------

@pytest.mark.parametrize("a,b", [
    ("أحمد إبراهيم آمال", "احمد ابراهيم امال"),
    ("ٱلمستقبل", "المستقبل"),
    ("مستشفى الأعلى", "مستشفي الاعلي"),
    ("الندوة الرقمية", "الندوه الرقميه"),
    ("الحـــوار الاجتمـاعي", "الحوار الاجتماعي"),
    ("الحِوَارُ الاِجْتِمَاعِيُّ", "الحوار الاجتماعي"),
    ("مسؤولية بيئة", "مسوولية بييه"),
    ("٢٠٢٦ ۲۰۲۶", "2026 2026"),
    ("Élections Décentralisation", "elections decentralisation"),
], ids=["alef-hamza", "alef-wasla", "alef-maqsura", "ta-marbuta", "tatweel", "diacritics", "hamza-on-carriers",
        "eastern-and-persian-digits", "latin-accents"])
def test_normalization(a, b):
    assert normalize_text(a) == normalize_text(b)
    assert subject_tokens(fold(a)) == subject_tokens(fold(b))


@pytest.mark.parametrize("a,b", [
    ("الحوار الاجتماعي ومستقبل العمل النقابي", "Le dialogue social et l'avenir du syndicalisme"),
    ("حرية الصحافة والتعبير", "Press freedom and expression"),
    ("يوسف الشريف", "Youssef Cherif"),
], ids=["ar-fr-concepts", "ar-en-concepts", "name-transliteration"])
def test_cross_language_subjects_share_tokens(a, b):
    assert len(subject_tokens(fold(a)) & subject_tokens(fold(b))) >= 2


# -- same instant after time-zone resolution --------------------------------------------------------

@pytest.mark.parametrize("first,second", [
    ("على الساعة 20:00 بتوقيت تونس", "على الساعة 19:00 بتوقيت غرينتش"),
    ("على الساعة الثامنة مساءً بتوقيت تونس", "على الساعة 22:00 بتوقيت مكة المكرمة"),
], ids=["tunis-20h-vs-gmt-19h", "tunis-8pm-words-vs-mecca-22h"])
def test_same_instant_in_two_zones_is_one_event(first, second):
    got = ids(
        line("z1", UGTT, "2026-11-10T09:00:00+01:00",
             f"ينظم الاتحاد العام التونسي للشغل ندوة رقمية حول الحوار الاجتماعي ومستقبل العمل النقابي يوم الخميس 26 نوفمبر 2026 {first} عبر زوم."),
        line("z2", UGTT, "2026-11-11T09:00:00+01:00",
             f"ندوة رقمية: مستقبل العمل النقابي في ظل الحوار الاجتماعي، يوم 26 نوفمبر 2026 {second}، بث مباشر على فيسبوك."),
    )
    assert got["z1"] == got["z2"]


# -- hard negatives ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text,number", [
    ("الحلقة الثالثة من سلسلة حوارات المواطنة", 3),
    ("حوارات المواطنة - الحلقة الرابعة", 4),
    ("Dialogues citoyens, troisième épisode", 3),
    ("Dialogues citoyens, épisode 4", 4),
    ("Policy Lab, Part 2", 2),
    ("Policy Lab — part three", 3),
    ("Mercredis des droits #5", 5),
    ("الجزء الثاني من النقاش", 2),
    ("بودكاست الحرية – الحلقة الثالثة عشرة: النقابات المهنية", 13),
    ("الحلقة الحادية عشرة من السلسلة", 11),
], ids=["ar-ordinal-3", "ar-ordinal-4", "fr-ordinal", "fr-number", "en-part-number", "en-part-word", "hash", "ar-juz",
        "ar-compound-13", "ar-compound-11"])
def test_episode_numbers(text, number):
    assert episode_of(fold(text)) == number


START = datetime(2026, 12, 2, 19, tzinfo=timezone.utc)


def _items(*rows):
    """(id, org, published, text, start, extra extraction fields) -> items with hand-made extractions."""
    out = []
    for id_, org, published, text, start, *extra in rows:
        ann = parse_line(line(id_, org, published, text), 1)
        out.append((ann, Extraction(is_event=True, online=True, start=start, timezone="Africa/Tunis",
                                    **(extra[0] if extra else {}))))
    return out


@pytest.mark.parametrize("one,two", [
    ("الحلقة الثالثة من سلسلة حوارات المواطنة: الحق في المياه", "الحلقة الرابعة من سلسلة حوارات المواطنة: الحق في المياه"),
    ("Dialogues citoyens, épisode 3 : le droit à l'eau", "Dialogues citoyens, épisode 4 : le droit à l'eau"),
    ("Policy Lab, Part 2: the right to water", "Policy Lab, Part 3: the right to water"),
], ids=["ar-ordinals", "fr-episode", "en-part"])
def test_episodes_of_a_series_are_not_merged(one, two):
    """Even at one instant (a re-used slot), two episodes stay two events."""
    outcome = assign_events(_items(("e3", UGTT, "2026-11-20T09:00:00+01:00", one, START),
                                   ("e4", UGTT, "2026-11-21T09:00:00+01:00", two, START)), MemoryEventStore())
    assert outcome.assignments["e3"] != outcome.assignments["e4"]


def test_two_organizations_same_hour_same_topic_are_not_merged():
    got = ids(
        line("w1", LTDH, "2026-11-10T09:00:00+01:00",
             "تدعوكم الرابطة التونسية للدفاع عن حقوق الإنسان لحضور ندوة رقمية حول حرية الصحافة والتعبير بمشاركة سلمى المصري يوم 2 ديسمبر 2026 على الساعة 20:00 بتوقيت تونس عبر زوم."),
        line("w2", AMDH, "2026-11-12T09:00:00+01:00",
             "تنظم الجمعية المغربية لحقوق الإنسان لقاء حواريا عبر الإنترنت حول واقع حرية التعبير والصحافة: شهادات ميدانية، بمشاركة مروان خوري، يوم 2 دجنبر 2026 على الساعة 19:00 بتوقيت المغرب عبر زوم."),
    )
    assert got["w1"] != got["w2"]


@pytest.mark.parametrize("second_start,why", [
    (START + timedelta(days=364), "same-title-next-year"),
    (START + timedelta(hours=2), "same-day-two-hours-later"),
    (START - timedelta(hours=3), "same-day-earlier"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_same_subject_at_another_time_is_another_event(second_start, why):
    text = "ينظم الاتحاد العام التونسي للشغل ندوة رقمية حول الحوار الاجتماعي ومستقبل العمل النقابي عبر زوم."
    outcome = assign_events(_items(("t1", UGTT, "2026-11-20T09:00:00+01:00", text, START),
                                   ("t2", UGTT, "2026-11-21T09:00:00+01:00", text, second_start)), MemoryEventStore())
    assert outcome.assignments["t1"] != outcome.assignments["t2"]


def test_report_after_the_event_joins_it_and_last_years_edition_does_not():
    """The dev corpus's rule (tests/data/dev/README.md §2): the report published after an event is
    that event; the same organizer's edition of another year is another one."""
    report = ("نظم الاتحاد العام التونسي للشغل يوم الخميس 26 نوفمبر 2026 على الساعة 20:00 ندوة رقمية حول الحوار "
              "الاجتماعي ومستقبل العمل النقابي عبر زوم، وقد تناول المشاركون أهم التوصيات.")
    got = ids(
        line("r1", UGTT, "2026-11-27T09:00:00+01:00", report),
        line("r2", UGTT, "2026-11-20T09:00:00+01:00",
             "ينظم الاتحاد العام التونسي للشغل ندوة رقمية حول الحوار الاجتماعي ومستقبل العمل النقابي يوم الخميس 26 نوفمبر 2026 على الساعة 20:00 عبر زوم."),
        line("r3", UGTT, "2027-11-18T09:00:00+01:00",
             "ينظم الاتحاد العام التونسي للشغل ندوة رقمية حول الحوار الاجتماعي ومستقبل العمل النقابي يوم الخميس 25 نوفمبر 2027 على الساعة 20:00 عبر زوم."),
    )
    assert got["r1"] == got["r2"]
    assert got["r3"] != got["r2"]


# -- join links ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("a,b", [
    ("https://us02web.zoom.us/j/81234567890?pwd=abc&utm_source=fb", "https://zoom.us/j/81234567890"),
    ("https://zoom.us/j/81234567890?fbclid=IwAR0x", "https://us06web.zoom.us/j/81234567890?pwd=zzz"),
    ("https://meet.google.com/abc-defg-hij?authuser=0", "https://meet.google.com/abc-defg-hij/"),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&utm_medium=social", "https://youtube.com/watch?v=dQw4w9WgXcQ"),
], ids=["zoom-pwd-utm", "zoom-fbclid-vs-subdomain", "meet-query", "youtube-tracking"])
def test_join_key_ignores_tracking(a, b):
    assert join_key(a) == join_key(b)


def test_shared_zoom_link_merges_different_wordings():
    got = ids(
        line("j1", LTDH, "2026-11-10T09:00:00+01:00",
             "ندوة رقمية حول استقلال القضاء يوم 2 ديسمبر 2026 على الساعة 20:00 بتوقيت تونس. رابط المشاركة: https://us02web.zoom.us/j/84455667788?pwd=Q1&utm_source=fb"),
        line("j2", EIPR, "2026-11-12T09:00:00+02:00",
             "Webinaire : quelle indépendance pour les juges ? Mercredi 2 décembre 2026 à 19h00 GMT. Lien : https://zoom.us/j/84455667788?fbclid=IwAR"),
    )
    assert got["j1"] == got["j2"]


# -- updates -------------------------------------------------------------------------------------------

ANNOUNCE = line("u1", UGTT, "2026-11-10T09:00:00+01:00",
                "ينظم الاتحاد العام التونسي للشغل ندوة رقمية حول «الحوار الاجتماعي ومستقبل العمل النقابي» يوم الخميس 26 نوفمبر 2026 على الساعة 20:00 بتوقيت تونس عبر زوم.")
REMINDER = line("u2", UGTT, "2026-11-26T12:00:00+01:00",
                "نذكركم بموعدنا اليوم مع ندوة «الحوار الاجتماعي ومستقبل العمل النقابي» على الساعة 20:00، لا تفوتوا الموعد!")
POSTPONE = line("u3", UGTT, "2026-11-20T09:00:00+01:00",
                "تأجيل: نعلمكم بتأجيل الندوة الرقمية حول «الحوار الاجتماعي ومستقبل العمل النقابي» التي كانت مقررة يوم 26 نوفمبر 2026 إلى يوم الخميس 3 ديسمبر 2026 على الساعة 20:00 بتوقيت تونس.")
CANCEL = line("u4", UGTT, "2026-11-24T09:00:00+01:00",
              "إلغاء: نعتذر عن إلغاء ندوة «الحوار الاجتماعي ومستقبل العمل النقابي» المقررة يوم الخميس 26 نوفمبر 2026 على الساعة 20:00 لأسباب خارجة عن إرادتنا.")
CORRECT = line("u5", UGTT, "2026-11-21T09:00:00+01:00",
               "تصحيح: موعد ندوة «الحوار الاجتماعي ومستقبل العمل النقابي» يوم الخميس 26 نوفمبر 2026 هو على الساعة 21:00 بدلا من 20:00.")
TUNIS_20 = datetime(2026, 11, 26, 19, tzinfo=timezone.utc)


@pytest.mark.parametrize("same_run", [True, False], ids=["one-run", "two-runs"])
def test_reminder_adds_a_source_and_changes_nothing_else(same_run):
    runs = Runs()
    first = runs.run(ANNOUNCE)
    before = next(iter(first.events.values()))
    after_outcome = runs.run(ANNOUNCE, REMINDER) if same_run else runs.run(REMINDER)
    after = runs.store.events[before.event_id]
    assert after_outcome.assignments["u2"] == before.event_id
    assert set(after.source_urls) == set(before.source_urls) | {"https://example.org/u2"}
    assert set(after.announcement_ids) == {"u1", "u2"}
    for name in ("title", "start", "end", "status", "version", "previous_start", "description", "first_seen",
                 "organizers", "platform"):
        assert getattr(after, name) == getattr(before, name), name


@pytest.mark.parametrize("batches", [[[ANNOUNCE, POSTPONE]], [[ANNOUNCE], [POSTPONE]], [[POSTPONE], [ANNOUNCE]]],
                         ids=["one-run", "notice-later", "notice-first"])
def test_postponement_moves_the_event(batches):
    runs = Runs()
    for batch in batches:
        outcome = runs.run(*batch)
    events = [e for e in runs.store.events.values() if not e.merged_into]
    assert len(events) == 1
    event = events[0]
    assert event.status == "postponed" and event.version == 1
    assert event.start == datetime(2026, 12, 3, 19, tzinfo=timezone.utc)
    assert event.previous_start == TUNIS_20
    assert outcome.assignments


@pytest.mark.parametrize("batches", [[[ANNOUNCE, CANCEL]], [[ANNOUNCE], [CANCEL]]], ids=["one-run", "two-runs"])
def test_cancellation_marks_the_event_and_keeps_it(batches):
    runs = Runs()
    for batch in batches:
        runs.run(*batch)
    (event,) = runs.store.events.values()
    assert event.status == "cancelled" and event.version == 1
    assert event.start == TUNIS_20
    assert set(event.announcement_ids) == {"u1", "u4"}


@pytest.mark.parametrize("batches", [[[ANNOUNCE, CORRECT]], [[ANNOUNCE], [CORRECT]]], ids=["one-run", "two-runs"])
def test_corrected_time_updates_the_event(batches):
    runs = Runs()
    for batch in batches:
        runs.run(*batch)
    (event,) = runs.store.events.values()
    assert event.start == TUNIS_20 + timedelta(hours=1)
    assert event.previous_start == TUNIS_20
    assert event.status == "scheduled" and event.version == 1


FRENCH = line("m1", ("Forum Social", "ngo", "TN"), "2026-11-11T09:00:00+01:00",
              "Webinaire « Quel rôle pour les syndicats dans la transition ? », jeudi 26 novembre 2026 à 20h00 (heure de Tunis) avec Samir Ayad et Karim Ben Salem.")
ARABIC = line("m2", ("جمعية المواطنة", "ngo", "TN"), "2026-11-12T09:00:00+01:00",
              "ندوة رقمية: أي دور للنقابات في الانتقال الطاقي؟ شهادات من الحوض المنجمي، يوم الخميس 26 نوفمبر 2026 على الساعة 20:00 بتوقيت تونس بمشاركة مروان خوري.")
BRIDGE = line("m3", UGTT, "2026-11-13T09:00:00+01:00",
              "ندوة رقمية مشتركة مع جمعية المواطنة و Forum Social: دور النقابات في الانتقال الطاقي (Quel rôle pour les syndicats dans la transition ?)، يوم 26 نوفمبر 2026 على الساعة 20:00 بتوقيت تونس مع سمير عياد وكريم بن سالم ومروان خوري.")


def test_late_merge_keeps_one_id_and_leaves_a_cancelled_pointer():
    runs = Runs()
    a = runs.run(FRENCH).assignments["m1"]
    b = runs.run(ARABIC).assignments["m2"]
    assert a != b  # unrelated organizations, different wording: not merged on their own
    last = runs.run(BRIDGE)
    survivor = last.assignments["m3"]
    assert survivor == a  # the earliest announcement's id survives
    pointer = runs.store.events[b]
    assert pointer.status == "cancelled" and pointer.merged_into == a and pointer.version == 1
    merged = runs.store.events[a]
    assert {"m1", "m2", "m3"} <= set(merged.announcement_ids)
    assert {o.name for o in merged.organizers} == {"Forum Social", "جمعية المواطنة", UGTT[0]}


def test_one_announcement_twice_in_a_run_is_one_event():
    """The same post twice in one batch, the second copy an edit that moves the hour: one event that
    takes the edit, listed once, and the same result whatever the order of the copies."""
    edited = line("u1", UGTT, "2026-11-10T09:00:00+01:00",
                  "تعديل: ندوة الاتحاد العام التونسي للشغل الرقمية يوم الخميس 26 نوفمبر 2026 على الساعة 21:30 بتوقيت تونس.")
    results = []
    for batch in ([ANNOUNCE, edited, REMINDER], [edited, REMINDER, ANNOUNCE]):
        outcome = Runs().run(*batch)
        holding = [e for e in outcome.events.values() if "u1" in e.announcement_ids]
        assert len(holding) == 1
        assert holding[0].announcement_ids.count("u1") == 1
        assert outcome.assignments["u1"] == holding[0].event_id
        results.append((holding[0].start, sorted(outcome.assignments.items())))
    assert results[0] == results[1]
    assert results[0][0] == TUNIS_20 + timedelta(hours=1, minutes=30)


# -- identity ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_same_ids_whatever_the_input_order(seed):
    lines = (DATA / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    reference = ids(*lines)
    shuffled = lines[:]
    random.Random(seed).shuffle(shuffled)
    assert ids(*shuffled) == reference


def test_ids_are_stable_across_reruns():
    runs = Runs()
    first = runs.run(ANNOUNCE, REMINDER).assignments
    again = runs.run(ANNOUNCE, REMINDER)
    assert again.assignments == first
    assert not again.events  # nothing changed: nothing to write


# -- the JSONL command --------------------------------------------------------------------------------

@pytest.mark.parametrize("bad,message", [
    ("{not json", "not valid JSON"),
    ('{"id": "x", "source": {"org": "A"}, "published": "2026-11-10T09:00:00+01:00"}', "missing field 'text'"),
    ('{"id": "x", "source": {"org": "A"}, "published": "yesterday", "text": "t"}', "not ISO-8601"),
    ('{"id": "x", "source": {"org": "A"}, "published": "2026-11-10T09:00:00", "text": "t"}', "no UTC offset"),
    ("[1, 2]", "expected a JSON object"),
], ids=["not-json", "missing-text", "bad-date", "naive-date", "not-an-object"])
def test_command_reports_a_bad_line_and_goes_on(bad, message, capsys):
    args = type("Args", (), {"input": "-", "output": "-"})()
    stdin = "\n".join([ANNOUNCE, bad, REMINDER]) + "\n"
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = run(args)
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    rows = [json.loads(x) for x in out.splitlines()]
    assert code == 1
    assert len(rows) == 3
    assert rows[0]["id"] == "u1" and rows[2]["id"] == "u2" and rows[0]["event_id"] == rows[2]["event_id"]
    assert "error" in rows[1] and rows[1]["error"].startswith("line 2:") and message in rows[1]["error"]
    assert "line 2:" in err


PARTY_MA = ("حزب قرطاج الجديد", "party", "MA")
PARTY_TN = ("حزب الكرامة الشعبية", "party", "TN")


@pytest.mark.parametrize("second_text,same", [
    ("يعقد حزب الكرامة الشعبية اجتماع مجلسه الوطني يوم السبت 13 مارس 2027 على الساعة 11 صباحا بمقره المركزي بصفاقس.",
     False),
    ("يشارك حزب الكرامة الشعبية في اجتماع المجلس الوطني لحزب قرطاج الجديد يوم السبت 13 مارس 2027 على الساعة "
     "11 صباحا بمقر حزب قرطاج الجديد بالرباط.", True),
], ids=["two-councils-two-countries", "guest-names-the-host"])
def test_in_person_meetings_in_two_countries_are_one_event_only_when_one_names_the_other(second_text, same):
    """The same instant (10:00 in Rabat is 11:00 in Sfax) and the same generic words are no evidence for an
    in-person meeting: it is in one place, so a post from another country must name its partner."""
    got = ids(
        line("m1", PARTY_MA, "2027-03-01T09:00:00+00:00",
             "يعقد حزب قرطاج الجديد اجتماع المجلس الوطني يوم السبت 13 مارس 2027 على الساعة العاشرة صباحا بالمقر المركزي بالرباط."),
        line("m2", PARTY_TN, "2027-03-02T09:00:00+00:00", second_text),
    )
    assert (got["m1"] == got["m2"]) is same


def test_events_are_built_whole_as_the_dataclass_builds_them():
    """The engine sets an Event's fields without its frozen __init__ (for speed): the result must be the
    very Event the dataclass would make, usable as any other (equal, hashed, replaced, serialized)."""
    import dataclasses

    from aggregator.models import Event

    outcome = Runs().run(ANNOUNCE, REMINDER, POSTPONE)
    assert outcome.events
    for event in outcome.events.values():
        values = {f.name: getattr(event, f.name) for f in dataclasses.fields(Event)}
        rebuilt = Event(**values)
        assert event == rebuilt and hash(event) == hash(rebuilt) and vars(event) == vars(rebuilt)
        assert dataclasses.replace(event, version=event.version + 1).version == event.version + 1
        assert Event.from_dict(event.to_dict()) == event
        with pytest.raises(dataclasses.FrozenInstanceError):
            event.title = "changed"
