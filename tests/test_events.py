"""Events: the rules checked with hand-made Timex objects, and the seed article end to end."""
from __future__ import annotations

import json
from datetime import date, datetime as D
from pathlib import Path

import pytest

from pipeline.events import (build_events, describe_interval, events_for_article,
                             events_from_timexes, make_title, merge_events)
from pipeline.model import Article, Source, Timex

ROOT = Path(__file__).resolve().parent.parent
PUB = date(2021, 9, 30)


def tx(text, s, type_, value, f=None, t=None, grain=None, mod=None, nth=0, note=""):
    """A Timex for the nth occurrence of ``s`` in ``text`` (as a tagger would give it)."""
    i = -1
    for _ in range(nth + 1):
        i = text.index(s, i + 1)
    return Timex(i, i + len(s), s, type_, value, mod, grain, f, t, "hand", note)


def one(text, timexes, pub=PUB, aid="a1"):
    """Events of a one-sentence article."""
    art = Article(aid, text, pub, title="T", source="S", url="https://example.org/a")
    return events_from_timexes(art, timexes, [(0, len(text))])


DAY = lambda y, m, d: (D(y, m, d), D(y, m, d) + (D(2000, 1, 2) - D(2000, 1, 1)))  # noqa: E731


# --------------------------------------------------------------------- single dates

def test_day_event_fields_and_explanation():
    s = "China said on Thursday that it hoped the restoration would help."
    (e,) = one(s, [tx(s, "Thursday", "DATE", "2021-09-30", *DAY(2021, 9, 30), "day")])
    assert (e.start, e.end) == DAY(2021, 9, 30)
    assert e.precision == "day" and not e.open_start and not e.open_end and not e.approximate
    assert "Thu 30 Sep 2021" in e.explanation and "'Thursday'" in e.explanation
    assert e.sentence == s and (e.sentence_start, e.sentence_end) == (0, len(s))
    assert e.expression == "Thursday" and e.value == "2021-09-30" and e.type == "DATE"
    assert e.published == PUB and e.source == "S" and e.url == "https://example.org/a"
    assert e.sources == (Source("a1", "T", "S", "https://example.org/a", PUB),)
    assert "Thursday" not in e.title and e.title.startswith("China said")


def test_week_explanation_is_inclusive_and_end_exclusive():
    s = "Biden told the assembly last week that he would seek diplomacy."
    (e,) = one(s, [tx(s, "last week", "DATE", "2021-W38", D(2021, 9, 20), D(2021, 9, 27), "week")])
    assert e.end == D(2021, 9, 27) and e.precision == "week"
    assert "Mon 20 to Sun 26 Sep 2021" in e.explanation


def test_tagger_note_is_used_in_explanation():
    s = "The vote was set for Friday."
    (e,) = one(s, [tx(s, "Friday", "DATE", "2021-10-01", *DAY(2021, 10, 1), "day",
                      note="'Friday' points forward")])
    assert "points forward" in e.explanation and "Fri 1 Oct 2021" in e.explanation


@pytest.mark.parametrize("grain,f,t,value,label,words", [
    ("month", D(2021, 9, 1), D(2021, 10, 1), "2021-09", "month", "September 2021"),
    ("quarter", D(2021, 7, 1), D(2021, 10, 1), "2021-Q3", "quarter", "Q3 2021"),
    ("season", D(2021, 6, 1), D(2021, 9, 1), "2021-SU", "season", "summer 2021"),
    ("year", D(1998, 1, 1), D(1999, 1, 1), "1998", "year", "1998"),
    ("decade", D(1990, 1, 1), D(2000, 1, 1), "199", "decade", "the 1990s"),
    ("time", D(2021, 9, 30, 15), D(2021, 9, 30, 15, 1), "2021-09-30T15:00", "time", "15:00"),
])
def test_precision_labels_follow_grain(grain, f, t, value, label, words):
    s = "It happened in X."
    (e,) = one(s, [tx(s, "X", "TIME" if grain == "time" else "DATE", value, f, t, grain)])
    assert e.precision == label and (e.start, e.end) == (f, t)
    assert words in e.explanation


def test_vague_refs_sets_and_unresolved_give_no_event():
    s = "In the past, it met every week, and in the future on some Monday."
    tl = [tx(s, "the past", "DATE", "PAST_REF"), tx(s, "every week", "SET", "P1W"),
          tx(s, "the future", "DATE", "FUTURE_REF"), tx(s, "Monday", "DATE", "XXXX-WXX-1")]
    assert one(s, tl) == []


def test_present_ref_is_the_publication_day():
    s = "The hotlines are now working."
    (e,) = one(s, [tx(s, "now", "DATE", "PRESENT_REF")])
    assert (e.start, e.end) == DAY(2021, 9, 30) and e.precision == "day"
    assert "publication" in e.explanation


def test_approximate_mods_are_flagged():
    s = "Talks resumed in early 2019."
    (e,) = one(s, [tx(s, "early 2019", "DATE", "2019", D(2019, 1, 1), D(2019, 5, 1), "year", mod="START")])
    assert e.approximate and e.mod == "START"


# --------------------------------------------------------------------- ranges

def test_from_until_is_one_range_event():
    s = ("The council delayed an emergency meeting from Thursday morning until Friday "
         "at the request of Russia, diplomats said.")
    tl = [tx(s, "Thursday morning", "TIME", "2021-09-30TMO", D(2021, 9, 30, 6), D(2021, 9, 30, 12), "time"),
          tx(s, "Friday", "DATE", "2021-10-01", *DAY(2021, 10, 1), "day")]
    (e,) = one(s, tl)
    assert e.start == D(2021, 9, 30, 6) and e.end == D(2021, 10, 2)
    assert e.precision == "range" and e.expressions == tuple(tl)
    assert e.expression == "Thursday morning … Friday" and e.value == "2021-09-30TMO/2021-10-01"
    assert "Fri 1 Oct 2021" in e.explanation and "Thu 30 Sep 2021" in e.explanation
    assert "Thursday" not in e.title and "diplomats said" not in e.title
    assert e.title.startswith("The council delayed")


@pytest.mark.parametrize("s,a,b", [
    ("He served from 1998 to 2001 as envoy.", "1998", "2001"),
    ("He served between 1998 and 2001 as envoy.", "1998", "2001"),
    ("He served 1998-2001 as envoy.", "1998", "2001"),
])
def test_year_ranges(s, a, b):
    tl = [tx(s, a, "DATE", a, D(int(a), 1, 1), D(int(a) + 1, 1, 1), "year"),
          tx(s, b, "DATE", b, D(int(b), 1, 1), D(int(b) + 1, 1, 1), "year")]
    (e,) = one(s, tl)
    assert (e.start, e.end) == (D(1998, 1, 1), D(2002, 1, 1)) and e.precision == "range"
    assert e.grain == "year" and "1998" in e.explanation and "2001" in e.explanation


def test_adjacent_days_joined_by_and_are_one_range_but_distant_ones_are_two():
    s = "Talks were held Tuesday and Wednesday."
    tl = [tx(s, "Tuesday", "DATE", "2021-09-28", *DAY(2021, 9, 28), "day"),
          tx(s, "Wednesday", "DATE", "2021-09-29", *DAY(2021, 9, 29), "day")]
    (e,) = one(s, tl)
    assert (e.start, e.end) == (D(2021, 9, 28), D(2021, 9, 30))
    s2 = "Talks were held Monday and Wednesday."
    tl2 = [tx(s2, "Monday", "DATE", "2021-09-27", *DAY(2021, 9, 27), "day"),
           tx(s2, "Wednesday", "DATE", "2021-09-29", *DAY(2021, 9, 29), "day")]
    assert [(e.start, e.end) for e in one(s2, tl2)] == [DAY(2021, 9, 27), DAY(2021, 9, 29)]


def test_to_without_from_is_not_a_range_and_backwards_range_is_two_events():
    s = "The meeting moved Thursday to Friday."
    tl = [tx(s, "Thursday", "DATE", "2021-09-30", *DAY(2021, 9, 30), "day"),
          tx(s, "Friday", "DATE", "2021-10-01", *DAY(2021, 10, 1), "day")]
    assert len(one(s, tl)) == 2
    s2 = "It ran from 2001 to 1998."
    tl2 = [tx(s2, "2001", "DATE", "2001", D(2001, 1, 1), D(2002, 1, 1), "year"),
           tx(s2, "1998", "DATE", "1998", D(1998, 1, 1), D(1999, 1, 1), "year")]
    assert all(e.precision == "year" for e in one(s2, tl2)) and len(one(s2, tl2)) == 2


def test_two_separate_days_in_one_sentence_give_two_events():
    s = "It fired a missile on Thursday, a day after its Wednesday speech."
    tl = [tx(s, "Thursday", "DATE", "2021-09-30", *DAY(2021, 9, 30), "day"),
          tx(s, "Wednesday", "DATE", "2021-09-29", *DAY(2021, 9, 29), "day")]
    evs = one(s, tl)
    assert [(e.start, e.end) for e in evs] == [DAY(2021, 9, 30), DAY(2021, 9, 29)]
    assert len({e.id for e in evs}) == 2


def test_same_interval_twice_in_a_sentence_is_one_event():
    s = "On Thursday, Sept. 30, it met."
    tl = [tx(s, "Thursday", "DATE", "2021-09-30", *DAY(2021, 9, 30), "day"),
          tx(s, "Sept. 30", "DATE", "2021-09-30", *DAY(2021, 9, 30), "day")]
    (e,) = one(s, tl)
    assert len(e.expressions) == 2


# --------------------------------------------------------------------- since / until / before

def test_since_is_open_range_to_publication():
    s = "Prices have risen since March."
    (e,) = one(s, [tx(s, "March", "DATE", "2021-03", D(2021, 3, 1), D(2021, 4, 1), "month")])
    assert e.start == D(2021, 3, 1) and e.end == D(2021, 10, 1) and e.open_end
    assert e.precision == "open range"


def test_until_future_ends_at_date_from_publication():
    s = "Sanctions stay until next May."
    (e,) = one(s, [tx(s, "next May", "DATE", "2022-05", D(2022, 5, 1), D(2022, 6, 1), "month")])
    assert e.start == D(2021, 9, 30) and e.end == D(2022, 6, 1) and e.open_start
    s2 = "The ban lasted until 2019."
    (e2,) = one(s2, [tx(s2, "2019", "DATE", "2019", D(2019, 1, 1), D(2020, 1, 1), "year")])
    assert e2.start is None and e2.end == D(2020, 1, 1) and e2.open_start


def test_before_and_after_and_mods():
    s = "It must end before 2030."
    (e,) = one(s, [tx(s, "2030", "DATE", "2030", D(2030, 1, 1), D(2031, 1, 1), "year")])
    assert e.start is None and e.end == D(2030, 1, 1) and e.open_start
    s2 = "It began in the late 1990s."
    (e2,) = one(s2, [tx(s2, "the late 1990s", "DATE", "199", D(1997, 1, 1), D(2000, 1, 1), "decade", mod="AFTER")])
    assert e2.start == D(2000, 1, 1) and e2.end is None and e2.open_end


# --------------------------------------------------------------------- durations

def test_present_perfect_duration_is_open_range_ending_at_publication():
    s = "The hotlines, which have been largely dormant for more than a year, were restored."
    (e,) = one(s, [tx(s, "more than a year", "DURATION", "P1Y", mod="MORE_THAN")])
    assert e.open_start and not e.open_end and e.approximate
    assert e.start == D(2020, 9, 30) and e.end == D(2021, 10, 1)
    assert e.precision == "open range" and "more than" in e.explanation
    assert "dormant" in e.title.lower()


def test_known_duration_is_exact_and_vague_one_has_no_start():
    s = "Diplomacy has been stalled for three weeks."
    (e,) = one(s, [tx(s, "three weeks", "DURATION", "P3W")])
    assert e.start == D(2021, 9, 9) and e.end == D(2021, 10, 1) and not e.approximate and e.open_start
    s2 = "Diplomacy has been stalled for years."
    (e2,) = one(s2, [tx(s2, "years", "DURATION", "PXY")])
    assert e2.start is None and e2.open_start and e2.approximate and e2.end == D(2021, 10, 1)


def test_past_window_duration_with_datetime_publication():
    s = "Over the past 24 hours, three missiles were fired."
    pub = D(2021, 9, 30, 18, 0)
    (e,) = one(s, [tx(s, "24 hours", "DURATION", "PT24H")], pub=pub)
    assert (e.start, e.end) == (D(2021, 9, 29, 18), pub)


def test_future_durations_start_at_publication():
    for s, phrase, value, end in [
        ("The drills will last for two weeks.", "two weeks", "P2W", D(2021, 10, 15)),
        ("A deal is expected within six months.", "six months", "P6M", D(2022, 4, 1)),
    ]:
        (e,) = one(s, [tx(s, phrase, "DURATION", value)])
        assert e.start == D(2021, 9, 30) and e.end == end and e.open_end, s


@pytest.mark.parametrize("s,phrase,value", [
    ("It made its first missile firings in six months.", "six months", "P6M"),
    ("He won a two-year term.", "two-year", "P2Y"),
    ("In its final months in office, it tried.", "final months", "PXM"),
    ("The war lasted for five years.", "five years", "P5Y"),
])
def test_unanchored_durations_date_nothing(s, phrase, value):
    assert one(s, [tx(s, phrase, "DURATION", value)]) == []


# --------------------------------------------------------------------- titles, ids, robustness

def test_titles_are_short_and_cut_at_a_word():
    s = ("But Mr Kim condemned offers of dialogue from the US as cunning ways to hide its hostility "
         "against Pyongyang and its people and its allies on Monday.")
    (e,) = one(s, [tx(s, "Monday", "DATE", "2021-09-27", *DAY(2021, 9, 27), "day")])
    assert len(e.title) <= 80 and e.title.endswith("…") and e.title.startswith("Mr Kim condemned")
    assert e.title[:-1] == e.title[:-1].rstrip() and s[len("But "):].startswith(e.title[:-1])


def test_long_titles_end_on_a_whole_clause_when_they_can():
    s = ("BP was operating the Deepwater Horizon drilling rig when it exploded on April 20, killing "
         "11 workers and starting the worst oil spill in the history of the Gulf.")
    (e,) = one(s, [tx(s, "April 20", "DATE", "2010-04-20", *DAY(2010, 4, 20), "day")])
    assert e.title == "BP was operating the Deepwater Horizon drilling rig when it exploded"
    # a clause boundary in the first 40% would leave too little: the cut is at a word
    assert make_title("Officials said, when asked, that the company would pay for the clean-up of every "
                      "beach and marsh along the coast of three states.") == \
        "Officials said, when asked, that the company would pay for the clean-up of…"


def test_make_title_strips_attribution_and_quotes():
    assert make_title("“The US should avoid empty slogans,” spokesperson Hua Chunying said.") \
        == "The US should avoid empty slogans"
    assert make_title("The talks stalled, according to the official news agency.") == "The talks stalled"
    assert make_title("") == ""


def test_ids_are_stable_and_distinct():
    s = "It met on Thursday and again on Friday."
    tl = [tx(s, "Thursday", "DATE", "2021-09-30", *DAY(2021, 9, 30), "day"),
          tx(s, "Friday", "DATE", "2021-10-01", *DAY(2021, 10, 1), "day")]
    a, b = one(s, tl), one(s, list(reversed(tl)))
    assert [e.id for e in a] == [e.id for e in b] and len({e.id for e in a}) == 2
    assert [e.id for e in one(s, tl, aid="other")] != [e.id for e in a]


def test_undated_article_raises_clearly():
    with pytest.raises(ValueError, match="no publication date"):
        events_for_article(Article("x", "It rained on Monday."))
    with pytest.raises(ValueError, match="no publication date"):
        events_from_timexes(Article("x", "text"), [], [])


def test_bad_offsets_are_ignored_not_crashed():
    s = "Short."
    bad = Timex(3, 99, "x", "DATE", "2021", None, "year", D(2021, 1, 1), D(2022, 1, 1))
    assert one(s, [bad]) == []


def test_describe_interval_open_ends():
    assert describe_interval(None, None) == "an unknown time"
    assert "Sat 1 Jan 2022" not in describe_interval(D(2021, 1, 1), D(2022, 1, 1), "year")


# --------------------------------------------------------------------- merging

def _ev(aid, sentence, start=D(2021, 9, 30), end=D(2021, 10, 1), title=None):
    art = Article(aid, sentence, PUB, title=f"title {aid}", source=f"src {aid}")
    i = sentence.index("Thursday")
    t = Timex(i, i + 8, "Thursday", "DATE", "2021-09-30", None, "day", start, end)
    (e,) = events_from_timexes(art, [t], [(0, len(sentence))])
    return e


def test_merge_near_duplicates_across_articles():
    a = _ev("a", "China said on Thursday that it hoped the hotlines would help improve ties.")
    b = _ev("b", "On Thursday China said it hoped the restored hotlines would help improve ties.")
    c = _ev("c", "Japan launched a satellite on Thursday from its southern island.")
    out = merge_events([c, b, a])
    assert len(out) == 2
    merged = next(e for e in out if len(e.sources) == 2)
    assert merged.title == a.title and {s.article for s in merged.sources} == {"a", "b"}
    assert merged.id not in (a.id, b.id)
    assert merge_events([a, b, c])[0].id == merge_events([c, a, b])[0].id  # stable


def test_merge_needs_same_interval_and_never_merges_within_an_article():
    a = _ev("a", "China said on Thursday that it hoped the hotlines would help improve ties.")
    b = _ev("b", "China said on Thursday that it hoped the hotlines would help improve ties.",
            start=D(2021, 9, 23), end=D(2021, 9, 24))
    assert len(merge_events([a, b])) == 2
    a2 = _ev("a", "China said on Thursday that it hoped the hotlines would help improve ties again.")
    assert len(merge_events([a, a2])) == 2


def test_merge_sorts_by_start_then_article():
    x = _ev("b", "Rain fell on Thursday in the capital.", D(2021, 9, 30), D(2021, 10, 1))
    y = _ev("a", "Snow fell on Thursday in the mountains far away.", D(2021, 9, 30), D(2021, 10, 1))
    z = _ev("c", "A quake hit on Thursday near the coast.", D(2021, 9, 23), D(2021, 9, 24))
    assert [e.article for e in merge_events([x, y, z])] == ["c", "a", "b"]


# --------------------------------------------------------------------- many articles

def test_build_events_skips_undated_and_reports_them():
    from pipeline.articles import Problem
    arts = [Article("dated", "It rained on Monday.", PUB), Article("undated", "It rained on Monday.")]
    problems: list = []
    build_events(arts, problems=problems)
    assert len(problems) == 1 and isinstance(problems[0], Problem)
    assert "undated" in problems[0].source + problems[0].message


def test_build_events_workers_gives_same_result_as_serial():
    seed = json.loads((ROOT / "data" / "nk-hotlines.json").read_text(encoding="utf-8"))
    arts = [Article(f"{seed['id']}-{i}", seed["text"], date(2021, 9, 1 + i), seed["title"])
            for i in range(12)]
    serial = build_events(arts, merge=False)
    pooled = build_events(arts, merge=False, workers=2)
    assert serial and serial == pooled  # (empty until the tagger lands)
    assert build_events(arts, workers=2) == build_events(arts)


# --------------------------------------------------------------------- the seed article (needs the tagger)

@pytest.fixture(scope="module")
def seed_events():
    rec = json.loads((ROOT / "data" / "nk-hotlines.json").read_text(encoding="utf-8"))
    art = Article(rec["id"], rec["text"], date.fromisoformat(rec["published"]), rec["title"], rec["source"])
    return rec["text"], events_for_article(art)


def _find(events, phrase):
    hits = [e for e in events if any(t.text == phrase for t in e.expressions)]
    assert hits, f"no event for {phrase!r}: {[e.expression for e in events]}"
    return hits


def test_seed_this_month(seed_events):
    text, evs = seed_events
    (e,) = _find(evs, "this month")
    assert (e.start, e.end) == (D(2021, 9, 1), D(2021, 10, 1)) and "Pyongyang" in e.sentence


def test_seed_wednesday_speech(seed_events):
    _, evs = seed_events
    e = next(e for e in _find(evs, "Wednesday") if "parliament" in e.sentence)
    assert (e.start, e.end) == DAY(2021, 9, 29)


def test_seed_security_council_range_is_one_event(seed_events):
    _, evs = seed_events
    (e,) = [e for e in evs if "Security Council delayed" in e.sentence]
    assert e.start.date() == date(2021, 9, 30) and e.end == D(2021, 10, 2)
    assert e.precision == "range" and len(e.expressions) == 2


def test_seed_china_thursday(seed_events):
    _, evs = seed_events
    (e,) = [e for e in evs if e.sentence.startswith("China")]
    assert (e.start, e.end) == DAY(2021, 9, 30)


def test_seed_last_week_speeches(seed_events):
    _, evs = seed_events
    hits = _find(evs, "last week")
    assert len(hits) == 2 and all((e.start, e.end) == (D(2021, 9, 20), D(2021, 9, 27)) for e in hits)


def test_seed_next_may(seed_events):
    _, evs = seed_events
    (e,) = _find(evs, "next May")
    assert (e.start, e.end) == (D(2022, 5, 1), D(2022, 6, 1)) and "Moon" in e.sentence


def test_seed_open_ranges_end_at_publication(seed_events):
    _, evs = seed_events
    (year,) = [e for e in evs if "dormant" in e.sentence and e.open_start]
    (two,) = [e for e in evs if "stalled for more than two years" in e.sentence]
    for e, start in ((year, D(2020, 9, 30)), (two, D(2019, 9, 30))):
        assert e.open_start and e.end == D(2021, 10, 1) and e.start == start and e.precision == "open range"


def test_seed_no_footer_and_no_six_months(seed_events):
    text, evs = seed_events
    footer = text.index("Read More")
    assert all(e.sentence_end <= footer for e in evs)
    assert not any("six months" in e.expression for e in evs)
    assert all(e.start is None or e.start.year >= 2019 for e in evs)
    assert all(e.end is None or e.end <= D(2022, 6, 1) for e in evs)


def test_not_until_is_the_day_itself_and_relative_clause_titles():
    s = "It was not until Tuesday that Castro revealed the plan."
    (e,) = one(s, [tx(s, "Tuesday", "DATE", "2021-09-28", *DAY(2021, 9, 28), "day")])
    assert (e.start, e.end) == DAY(2021, 9, 28) and not e.open_start
    s2 = "Kopp's stepmother, who married his father in 1990, said Thursday she hoped he would return."
    tl = [tx(s2, "1990", "DATE", "1990", D(1990, 1, 1), D(1991, 1, 1), "year"),
          tx(s2, "Thursday", "DATE", "2021-09-30", *DAY(2021, 9, 30), "day")]
    y, d = one(s2, tl)
    assert d.title == "Kopp's stepmother said she hoped he would return"
    assert y.title == "Kopp's stepmother married his father"


def test_empty_article_gives_no_events():
    assert events_for_article(Article("e", "", PUB)) == []
    assert events_for_article(Article("w", " \n\n ", PUB)) == []


def test_adjective_present_ref_gives_no_event_and_possessives_stay_in_titles():
    s = "He would travel with his current wife."
    assert one(s, [tx(s, "current", "DATE", "PRESENT_REF")]) == []
    s2 = "Profit rose 5%, up from last year's level."
    (e,) = one(s2, [tx(s2, "last year", "DATE", "2020", D(2020, 1, 1), D(2021, 1, 1), "year")])
    assert "last year's level" in e.title


def test_build_events_survives_a_failing_article(monkeypatch):
    import pipeline.events as ev
    real = ev.events_for_article

    def flaky(article, genre=None, lang=None):
        if article.id == "bad":
            raise RuntimeError("tagger exploded")
        return real(article, genre, lang)

    monkeypatch.setattr(ev, "events_for_article", flaky)
    text = "China said on Thursday that it hoped ties would improve."
    arts = [Article("bad", text, PUB), Article("good", text, PUB)]
    problems: list = []
    evs = build_events(arts, problems=problems)
    assert [p.message for p in problems] == ["article 'bad' failed: RuntimeError: tagger exploded"]
    assert evs and {e.article for e in evs} == {"good"}


def test_title_keeps_numbers_with_thousands_separators():
    s = "Ida struck 16 years to the day after Hurricane Katrina, which killed more than 1,800 people in 2005."
    i = s.index("2005")
    assert make_title(s, [(i, i + 4)], i) == "Hurricane Katrina killed more than 1,800 people"
    assert "Katrina 800" not in make_title(s)  # the whole clause stays or goes, never half of it


@pytest.mark.parametrize("sentence", [
    "MIAMI — Hurricane Ida made landfall near Port Fourchon with winds of 150 mph.",
    "NAIROBI, Kenya (AP) _ Hurricane Ida made landfall near Port Fourchon with winds of 150 mph.",
])
def test_title_drops_the_dateline(sentence):
    assert make_title(sentence).startswith("Hurricane Ida made landfall")


# --------------------------------------------------------------------- story headers and titles

def _events(text, pub=date(2015, 4, 24)):
    return events_for_article(Article("h1", text, pub))


def test_glued_wire_header_gives_no_event_and_stays_out_of_the_sentence():
    text = ("OSLO | Fri Apr 24, 2015 7:50 pm EDT OSLO (Reuters) - A ferry carrying 300 people ran aground "
            "near Bergen, coast guard officials said on Friday.\nRescuers reached it on Saturday.")
    evs = _events(text)
    assert sorted(e.expression for e in evs) == ["Friday", "Saturday"]
    friday = next(e for e in evs if e.expression == "Friday")
    assert friday.start == D(2015, 4, 24)
    assert friday.sentence.startswith("A ferry carrying 300 people")
    assert friday.title == "A ferry carrying 300 people ran aground near Bergen"
    assert "Reuters" not in friday.sentence and "EDT" not in friday.sentence


def test_headline_glued_before_a_header_is_its_own_sentence():
    text = ("Ferry runs aground in Norway OSLO | Fri Apr 24, 2015 7:50 pm EDT OSLO (Reuters) - "
            "A ferry ran aground on Friday, officials said.")
    evs = _events(text)
    assert [e.sentence for e in evs] == ["A ferry ran aground on Friday, officials said."]


@pytest.mark.parametrize("header", [
    "Susan Watts | 18:00 UK time, Saturday, 18 April 2015",
    "By Jane Doe | April 18, 2015; 6:12 PM ET",
    "Published: 12:01AM BST 18 Apr 2015",
    "Updated 7:50 pm EDT, Sat Apr 18, 2015",
    "April 18, 2015 - 6:39 AM | by: Ann Lee",
    "Saturday 18 April 2015 15.16 BST",
])
def test_byline_and_timestamp_headers_give_no_event(header):
    for sep in ("\n", " "):
        evs = _events(header + sep + "The council voted on Friday to close the bridge.")
        assert [(e.expression, e.title) for e in evs] == [("Friday", "The council voted to close the bridge")]
        assert evs[0].start == D(2015, 4, 24)


def test_a_date_in_a_sentence_is_no_header():
    evs = _events("The quake struck at 3:32 a.m. on April 6, 2009, killing 300 people.")
    assert [(e.start, e.title) for e in evs] == [(D(2009, 4, 6, 3, 32), "The quake struck, killing 300 people")]


@pytest.mark.parametrize("sentence, expr, title", [
    # datelines with and without agency, a byline, a timestamp
    ("MEXICO CITY (Reuters) - A new flu has killed 60 people in Mexico, officials said on Friday.", "Friday",
     "A new flu has killed 60 people in Mexico"),
    ("HONG KONG, May 2 (Reuters) - Travellers in a hotel complained on Saturday.", "Saturday",
     "Travellers in a hotel complained"),
    ("NEW ORLEANS--The levee held on Monday.", "Monday", "The levee held"),
    ("CHICAGO, March 8 - Shares fell on Friday.", "Friday", "Shares fell"),
    ("By Jane Doe, Science Editor WASHINGTON | Mon Mar 2, 2009 4:23 pm EST WASHINGTON (Reuters) - "
     "Most flu now resists the drug, the CDC reported on Monday.", "Monday", "Most flu now resists the drug"),
    ("Susan Watts | 18:00 UK time, Saturday, 25 April 2009 Experts met on Friday.", "Friday", "Experts met"),
    # quotes: cut off in the middle, attribution after a long name, a quoted phrase
    ("\u201cOur concern has grown as of today,\u201d Dr. Richard Besser, acting director of the Centers for "
     "Disease Control, told reporters.", "today", "Our concern has grown"),
    ("It is the same thing,\u201d said Lois Epstein, an engineer, on Monday.", "Monday", "It is the same thing"),
    ('"Cap and trade" is a phrase Republicans used last year.', "last year", '"Cap and trade" is a phrase Republicans used'),
    # leftovers where the date was
    ("Early on April 6, the town of L'Aquila, central Italy, was struck by a strong earthquake.", "April 6",
     "The town of L'Aquila, central Italy, was struck by a strong earthquake"),
    ("Late on Friday, the health secretary announced the death toll.", "Friday",
     "The health secretary announced the death toll"),
    ("In that letter, dated Jan. 14, 2010, two senators asked for answers.", "Jan. 14, 2010",
     "Two senators asked for answers"),
    ("A little over a week ago, this crisis was triggered by Mexico.", "a week ago",
     "This crisis was triggered by Mexico"),
    ("A little over a week ago, this crisis was triggered by Mexico.", "over a week ago",
     "This crisis was triggered by Mexico"),
    ("The report says that in late April or early May the well leaked.", "late April",
     "The report says that in late April or early May the well leaked"),
    # a date that is part of what is said stays
    ("The first case dates back to 1931.", "1931", "The first case dates back to 1931"),
    ("Experts predict a 1918-like flu.", "1918", "Experts predict a 1918-like flu"),
    ("The two pandemics in 1957 and 1968 came from birds.", "1957", "The two pandemics in 1957 and 1968 came from birds"),
    ('This chapter will be titled, "Asleep at the Wheel," he wrote on Monday.', "Monday",
     'This chapter will be titled, "Asleep at the Wheel"'),
    ("The images of Hayward at the race yesterday, 4,500 miles away, angered voters.", "yesterday",
     "The images of Hayward at the race, 4,500 miles away, angered voters"),
    ("The well will be reached between 11 and 15 August.", "11", "The well will be reached between 11 and 15 August"),
    # a leading clause with a verb is no introductory phrase
    ("This year's dead zone is one of the largest ever, about the size of Wales, scientists said on Monday.",
     "Monday", "This year's dead zone is one of the largest ever, about the size of Wales"),
])
def test_titles_without_headers_leftovers_or_cut_quotes(sentence, expr, title):
    i = sentence.index(expr)
    assert make_title(sentence, [(i, i + len(expr))], i) == title


def test_title_is_never_an_agency_name_or_a_bare_aside():
    s = "The flow stopped at 1425 local time (1925 GMT) on Thursday."
    i = s.index("1925 GMT")
    assert make_title(s, [(i, i + 8)], i) == "The flow stopped at 1425 local time on Thursday"
    s = "Thu May 6, 2010 1:40 pm EDT (Reuters) - A 98-ton steel chamber was lowered on Thursday."
    i = s.index("Thursday")
    assert make_title(s, [(i, i + 8)], i) == "A 98-ton steel chamber was lowered"


def test_title_cut_inside_a_quote_after_said_is_the_quote():
    s = 'A spokesman for the school said: "The boy has a mild illness and is recovering at home with his family."'
    assert make_title(s) == "The boy has a mild illness and is recovering at home with his family"


def test_title_cut_inside_an_open_quote_ends_before_the_quote():
    s = ('He said the company can survive, "but there is more doubt in my mind than there was a month ago '
         'about the whole thing and its future."')
    assert make_title(s) == "He said the company can survive…"


def _run_on_list(n: int):
    """A page without full stops: n dated phrases in one "sentence", and their days."""
    from datetime import timedelta
    days = [date(2020, 1, 1) + timedelta(days=i) for i in range(n)]
    return days, "".join(f"crew{i} sailed on {d:%B} {d.day}, {d.year} and " for i, d in enumerate(days))


def test_titles_of_a_huge_sentence_read_only_a_window_around_each_expression():
    from pipeline.events import TITLE_WINDOW, _window
    from pipeline.model import Article
    # A page without full stops: 300 dated phrases in one "sentence"; each event's
    # title comes from the words around its own date.
    days, text = _run_on_list(300)
    evs = events_for_article(Article("long", text, date(2021, 9, 30)))
    assert len(evs) == 300
    for e in evs:
        i = days.index(e.start.date())
        assert f"crew{i} sailed" in e.title.lower(), (i, e.title)
    long = "The board met on Monday, " + "and then it talked for a while " * 60 + "and the vote was on Tuesday."
    assert len(long) > TITLE_WINDOW
    focus = long.index("Tuesday")
    piece, remove, f = _window(long, [(focus, focus + 7)], focus)
    assert len(piece) <= TITLE_WINDOW and piece[f:f + 7] == "Tuesday" and piece[remove[0][0]:remove[0][1]] == "Tuesday"
    assert make_title(long, [(focus, focus + 7)], focus) == make_title(piece, remove, f)
    assert "Monday" not in make_title(long, [(focus, focus + 7)], focus)


def _merge_by_hand(events, threshold=0.5):
    """The documented rule, pair by pair: each event (in merge order) joins the first
    cluster opened, with its interval, by another article not yet in it, whose first
    event has the same sentence or a sentence or title at least ``threshold`` similar."""
    from pipeline.events import _jaccard, _sort_key, _tokens
    clusters = []
    for e in sorted(events, key=_sort_key):
        key = (e.start, e.end, e.open_start, e.open_end)
        home = next((c for c in clusters if c["key"] == key and e.article not in c["articles"] and (
            c["first"].sentence == e.sentence
            or _jaccard(_tokens(e.sentence), _tokens(c["first"].sentence)) >= threshold
            or _jaccard(_tokens(e.title), _tokens(c["first"].title)) >= threshold)), None)
        if home is None:
            home = {"key": key, "first": e, "articles": set(), "members": []}
            clusters.append(home)
        home["articles"].add(e.article)
        home["members"].append(e.id)
    return sorted(sorted(c["members"]) for c in clusters)


def test_merging_finds_every_similar_pair_though_it_reads_only_the_rarest_words():
    """Candidates come from each sentence's rarest words (prefix filtering): the merge
    must still be the pairwise rule's, on many random near-duplicates."""
    import random
    from datetime import datetime, timedelta
    from pipeline.model import Event
    rng = random.Random(7)
    words = ["oil", "spill", "said", "gulf", "well", "leak", "cap", "coast", "crews", "boom", "tar", "beach",
             "flu", "vaccine", "cases", "said", "officials", "health"]
    events = []
    for i in range(600):
        day = datetime(2010, 5, 1) + timedelta(days=rng.randrange(4))
        sent = " ".join(rng.choice(words) for _ in range(rng.randrange(2, 9)))
        title = " ".join(rng.choice(words) for _ in range(rng.randrange(0, 4)))
        events.append(Event(id=f"e{i}", article=f"a{rng.randrange(60)}", title=title, sentence=sent,
                            sentence_start=i, sentence_end=i + len(sent), expressions=(), value="", type="DATE",
                            mod=None, grain="day", start=day, end=day + timedelta(days=1), precision="day",
                            explanation=""))
    merged = merge_events(events)
    got = sorted(sorted(s.article for s in m.sources) if m.sources else [m.article] for m in merged)
    by_id = {e.id: e.article for e in events}
    want = sorted(sorted(by_id[i] for i in members) for members in _merge_by_hand(events))
    assert got == want
    assert sum(1 for m in merged if len(m.sources) > 1) > 20  # many merges were there to find


def test_one_articles_many_same_day_events_never_merge_and_others_still_do():
    text = "".join(f"Crew {i} of the fleet sailed out on Monday. " for i in range(300))
    mine = events_for_article(Article("one", text, date(2021, 9, 30)))
    other = events_for_article(Article("two", "Crew 7 of the fleet sailed out on Monday.", date(2021, 9, 30)))
    merged = merge_events(mine + other)
    assert len(merged) == len(mine)
    (joint,) = [e for e in merged if len(e.sources) == 2]
    assert {s.article for s in joint.sources} == {"one", "two"}


def test_events_of_a_huge_sentence_keep_only_the_clauses_around_their_expression():
    from pipeline.events import SENTENCE_MAX
    days, text = _run_on_list(300)
    evs = events_for_article(Article("long", text, date(2021, 9, 30)))
    assert len(evs) == 300
    for e in evs:
        assert len(e.sentence) <= SENTENCE_MAX and text[e.sentence_start:e.sentence_end] == e.sentence
        assert all(e.sentence_start <= x.start and x.end <= e.sentence_end for x in e.expressions)
        i = days.index(e.start.date())
        assert e.sentence.startswith(f"crew{i} sailed")
    # an ordinary sentence is kept whole
    (e,) = events_for_article(Article("s", "The council, after a long debate, met on Monday.", date(2021, 9, 30)))
    assert e.sentence == "The council, after a long debate, met on Monday."


def test_a_long_sentences_title_is_not_dressed_by_quotes_it_never_reaches():
    """A closing quote far past what the title keeps (here at the sentence's end,
    200 characters on) does not earn the cut title an opening quote mark."""
    s = ("During a speech on Wednesday night, the mayor said that many members of the council "
         "were not given the documents they needed to review the budget ahead of the vote that "
         "had been planned for the spring, leaving the city's finance committee without answers, "
         "and to assist in what she called its ''recovery.''")
    at = s.index("Wednesday night")
    title = make_title(s, [(at, at + len("Wednesday night"))], focus=at)
    assert title.startswith("The mayor said that many members")


@pytest.mark.parametrize("published", [date(9999, 12, 31), D(9999, 12, 31, 5, 0)])
def test_an_article_of_the_calendars_last_day_is_named_and_the_rest_kept(published):
    """An article published 9999-12-31 failed with 'OverflowError: date value out of
    range'; it is now named with the reason, and the other articles keep their events."""
    arts = [Article("last", "The vote was on Monday.", published),
            Article("ok", "The vote was on Monday.", date(2021, 9, 30))]
    problems: list = []
    evs = build_events(arts, problems=problems)
    assert [e.article for e in evs] == ["ok"]
    assert len(problems) == 1 and "'last'" in problems[0].message and "9999-12-31" in problems[0].message
    assert "Overflow" not in problems[0].message and "\n" not in problems[0].message


def test_a_sentence_cut_inside_an_expression_is_joined_around_it():
    """The splitter cut 'Talks ended.Sept. 30 was the day.' after 'Sept.': the event's
    sentence ended before its own expression."""
    text = "Talks ended.Sept. 30 was the day. Then on Monday it rained."
    evs = build_events([Article("a", text, date(2000, 1, 1))], merge=False)
    for e in evs:
        assert all(e.sentence_start <= x.start < x.end <= e.sentence_end for x in e.expressions)
    assert [e.sentence for e in evs] == ["Talks ended.Sept. 30 was the day.", "Then on Monday it rained."]


def test_a_publication_time_with_a_time_zone_is_read_as_its_wall_clock():
    """An article published at a time with a time zone made build_events raise
    TypeError (aware and naive datetimes compared) and lose every article."""
    from datetime import timezone
    arts = [Article("a", "It was 1999, the past decade.", D(2000, 1, 1, 9, 0, tzinfo=timezone.utc)),
            Article("b", "It was 1999.", date(2000, 1, 1))]
    evs = build_events(arts)
    assert {e.value for e in evs} >= {"1999"}
    assert all(e.published.tzinfo is None for e in evs if isinstance(e.published, D))


def test_an_article_id_with_a_lone_surrogate_keeps_its_events():
    problems: list = []
    evs = build_events([Article("a\udfff", "He spoke on Monday.", date(2021, 9, 30))], problems=problems)
    assert problems == [] and [e.value for e in evs] == ["2021-09-27"]


# ------------------------------------------------- positions and windows (issue 10, item 5)

def _events_of(text, published):
    return build_events([Article("a", text, published)], workers=1)


def test_the_previous_days_leave_the_publication_day_out():
    (prev,) = _events_of("Prices rose sharply over the previous two days.", date(2024, 3, 8))
    assert (prev.start, prev.end) == (D(2024, 3, 6), D(2024, 3, 8))
    assert "day before publication" in prev.explanation
    (past,) = _events_of("Prices rose sharply over the past two days.", date(2024, 3, 8))
    assert (past.start, past.end) == (D(2024, 3, 6), D(2024, 3, 9))


@pytest.mark.parametrize("text, start, end", [
    ("Shares fell at the start of the year.", D(2024, 1, 1), D(2024, 5, 1)),
    ("The plant will close in late March.", D(2024, 3, 21), D(2024, 4, 1)),
    ("Talks resume in mid-2025.", D(2025, 5, 1), D(2025, 9, 1)),
])
def test_a_position_draws_that_part_of_the_interval(text, start, end):
    (ev,) = _events_of(text, date(2024, 3, 8))
    assert (ev.start, ev.end) == (start, end) and ev.approximate
    assert "approximate" in ev.explanation and "about" in ev.explanation


def test_before_the_end_of_the_month_is_a_deadline_at_its_end():
    (ev,) = _events_of("He asked regulators to testify before the end of the month.", date(2024, 3, 12))
    assert (ev.start, ev.end) == (D(2024, 3, 12), D(2024, 4, 1))
    assert "at the latest" in ev.explanation


def test_a_day_count_after_the_event_just_dated_dates_what_follows():
    text = "The council voted on Thursday. The vote came two days after Mayor Okafor warned of a deficit."
    evs = sorted(_events_of(text, date(2025, 6, 13)), key=lambda e: e.start)
    assert [(e.start, e.title) for e in evs] == [(D(2025, 6, 10), "Mayor Okafor warned of a deficit"),
                                                 (D(2025, 6, 12), "The council voted")]
    assert "Thu 12 Jun 2025" in evs[0].explanation


@pytest.mark.parametrize("text", [
    "The vote came two days after Mayor Okafor warned of a deficit.",                 # nothing dated before
    "The council voted on Thursday. Two days after the vote, the mayor resigned.",   # subject not the dated event
    "The council voted on Thursday. The vote came two days later.",
])
def test_a_day_count_without_an_event_just_dated_dates_nothing_more(text):
    assert all(e.expressions[0].type != "DURATION" for e in _events_of(text, date(2025, 6, 13)))
