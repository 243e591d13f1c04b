"""pipeline.story: key dates chosen from evidence across articles, summaries, sources, headlines.

The stories are hand-made: an invented bank failure told by several outlets,
whose key dates and near-duplicate sentences are known.
"""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.events import build_events
from pipeline.model import Article
from pipeline.storyline import select_dates, story
from pipeline.story_model import Story, StoryEntry


def art(aid, published, text, source="", title=""):
    return Article(id=aid, text=text, published=date.fromisoformat(published), source=source,
                   title=title or aid)


# Thu 5 Mar 2026: the run on the bank; Fri 6 Mar: regulators close it; Mon 9 Mar: a buyer;
# Mon 16 Mar: a hearing (announced ahead).  Three outlets report Friday almost word for word.
BANK = [
    art("wire-1", "2026-03-06",
        "Depositors lined up outside Harbor Bank branches on Thursday to pull their savings.\n"
        "Regulators closed Harbor Bank on Friday after a run drained its deposits.\n"
        "The bank had 40 branches.", "Wire"),
    art("paper-1", "2026-03-07",
        "Regulators closed Harbor Bank on Friday after a run drained its deposits, officials said.\n"
        "Customers queued outside branches on Thursday as fears spread.", "Paper"),
    art("tv-1", "2026-03-07",
        "Regulators shut Harbor Bank on Friday after a run drained its deposits.\n"
        "A hearing on the collapse is set for March 16.", "TV"),
    art("wire-2", "2026-03-10",
        "Coast Federal agreed on Monday to buy the failed Harbor Bank.\n"
        "The bank was closed on March 6 after a run that began on March 5.", "Wire"),
    art("paper-2", "2026-03-17",
        "Lawmakers questioned regulators on Monday about the collapse of Harbor Bank.\n"
        "Harbor Bank was closed on March 6, a day after depositors began a run on March 5.\n"
        "Coast Federal bought it on March 9.", "Paper"),
]


def days(s: Story) -> list[date]:
    return [e.date for e in s.entries]


def test_key_dates_come_from_evidence_across_articles():
    s = story(BANK, dates=3)
    assert isinstance(s, Story) and all(isinstance(e, StoryEntry) for e in s)
    assert days(s) == [date(2026, 3, 5), date(2026, 3, 6), date(2026, 3, 9)]
    assert [e.date for e in sorted(s.entries, key=lambda e: -e.score)][0] == date(2026, 3, 6)
    assert s.articles == 5 and s.events > 0


def test_exactly_n_dates_or_all_candidates():
    cands, _ = select_dates(build_events(BANK, merge=False))
    for n in range(0, len(cands) + 1):
        assert len(story(BANK, dates=n)) == n
    assert len(story(BANK, dates=50)) == len(cands)


def test_entries_sorted_by_date_each_with_headline_summary_sources():
    s = story(BANK, dates=4, sentences=2)
    assert days(s) == sorted(days(s))
    for e in s:
        assert e.headline and len(e.headline) <= 90
        assert 1 <= len(e.summary) <= 2
        assert e.sources and e.events
        assert len(e.summary_events) == len(e.summary)


def test_near_duplicates_across_outlets_merge_and_keep_all_sources():
    s = story(BANK, dates=3, sentences=2)
    friday = next(e for e in s if e.date == date(2026, 3, 6))
    closing = [x for x in friday.summary if "closed Harbor Bank on Friday" in x or "shut Harbor Bank" in x]
    assert len(closing) == 1, friday.summary  # three outlets, one sentence
    assert {"wire-1", "paper-1", "tv-1"} <= {src.article for src in friday.sources}
    assert {"Wire", "Paper", "TV"} <= {src.source for src in friday.sources}


def test_no_sentence_under_two_dates():
    s = story(BANK, dates=6, sentences=3)
    seen = [x for e in s for x in e.summary]
    assert len(seen) == len(set(seen))


def test_summary_says_what_happened_that_day():
    s = story(BANK, dates=3, sentences=1)
    by_day = {e.date: e for e in s}
    assert "Coast Federal" in by_day[date(2026, 3, 9)].summary[0]
    assert "line" in by_day[date(2026, 3, 5)].summary[0] or "queued" in by_day[date(2026, 3, 5)].summary[0] \
        or "run" in by_day[date(2026, 3, 5)].summary[0]


def test_later_look_backs_count_double():
    # Day A: named by two articles a week later; day B: by three articles the day after.
    arts = [art(f"late-{i}", "2026-03-20", "The plant was shut on March 2 after the leak.") for i in range(2)]
    arts += [art(f"next-{i}", "2026-03-11", f"Workers walked out on Tuesday, union {i} said.") for i in range(3)]
    cands, _ = select_dates(build_events(arts, merge=False))
    scores = {c.day: c.score for c in cands}
    assert scores[date(2026, 3, 2)] == 4.0 and scores[date(2026, 3, 10)] == 3.0
    assert story(arts, dates=1).entries[0].date == date(2026, 3, 2)


def test_articles_published_on_a_day_add_to_it():
    # Two articles look back at 1 March; on 3 March itself two articles report a vote that day.
    arts = [art(f"back-{i}", "2026-03-04", "The strike began on March 1, union leaders said.") for i in range(2)]
    arts += [art(f"day-{i}", "2026-03-03", "Members voted today to end the strike.") for i in range(2)]
    cands, _ = select_dates(build_events(arts, merge=False))
    scores = {c.day: c.score for c in cands}
    assert scores[date(2026, 3, 1)] == 2.0 and scores[date(2026, 3, 3)] == 3.0  # 2 mentions + 2 x 0.5


def test_one_article_votes_once_per_day():
    long = art("long", "2026-03-10", " ".join(f"Item {i} happened on Monday." for i in range(20)))
    two = [art(f"short-{i}", "2026-03-10", "The mayor resigned on Sunday.") for i in range(2)]
    assert story([long] + two, dates=1).entries[0].date == date(2026, 3, 8)


def test_start_end_keep_articles_published_in_span_and_dates_in_it():
    s = story(BANK, dates=10, start="2026-03-06", end="2026-03-10")
    assert s.start == date(2026, 3, 6) and s.end == date(2026, 3, 10)
    assert all(date(2026, 3, 6) <= d <= date(2026, 3, 10) for d in days(s))
    srcs = {src.article for e in s for src in e.sources}
    assert "paper-2" not in srcs  # published on 17 March
    assert date(2026, 3, 16) not in days(s)


def test_week_or_month_entry_only_where_no_day_is_known():
    arts = [art(f"a{i}", "2026-05-04", "Prices rose sharply last month, the agency said.") for i in range(3)]
    s = story(arts, dates=3)
    assert [(e.date, e.grain) for e in s] == [(date(2026, 4, 1), "month")]
    assert s.entries[0].label == "April 2026"
    arts.append(art("d", "2026-05-04", "Prices rose on April 14, the agency said."))
    arts.append(art("e", "2026-05-04", "Prices jumped on April 14 after the report."))
    grains = {e.grain for e in story(arts, dates=3)}
    assert grains == {"day"}  # April is covered by a known day


def test_events_in_give_the_same_dates_as_articles_in():
    events = build_events(BANK, merge=False)
    assert days(story(events, dates=3)) == days(story(BANK, dates=3))
    merged = build_events(BANK)  # merged events list several sources each
    assert days(story(merged, dates=3)) == days(story(BANK, dates=3))


def test_headlines_are_never_an_agency_dateline_or_byline():
    arts = [
        art("r1", "2024-03-09", "By Jane Doe\nCHICAGO, March 8 (Reuters) - Lakeside Bank failed on Friday, "
            "regulators said.\nReuters", "Reuters"),
        art("r2", "2024-03-09", "March 8, 2024 6:12 PM CST\nLakeside Bank failed on Friday after a run.",
            "Tribune"),
        art("r3", "2024-03-10", "CHICAGO (AP) — Lakeside Bank, which failed on Friday, will reopen "
            "under new owners.", "AP"),
    ]
    s = story(arts, dates=2)
    assert date(2024, 3, 8) in days(s)
    for e in s:
        h = e.headline
        assert "Reuters" not in h and "CHICAGO" not in h and not h.startswith("By ")
        assert "6:12" not in h and "CST" not in h
        assert h.count("“") == h.count("”") and h.count('"') % 2 == 0


def test_deterministic_and_clock_free():
    a, b = story(BANK, dates=4), story(list(reversed(BANK)), dates=4)
    assert [e.to_json() for e in a] == [e.to_json() for e in b]


def test_automatic_count_is_readable():
    cands, _ = select_dates(build_events(BANK, merge=False))
    assert len(story(BANK)) == min(5, len(cands))  # a small story: 5 dates, or all there are
    # 100 days, each dated by two articles: about twice the square root, 20 dates.
    from datetime import timedelta
    start = date(2025, 1, 1)
    many = [art(f"d{i}-{k}", (start + timedelta(days=i + 1)).isoformat(),
                f"The committee met again yesterday, report {k} said.") for i in range(100) for k in range(2)]
    assert len(story(many)) == 20
    assert len(story(many[:8])) == 4  # 4 candidate days: all of them


def test_density_counts_events_per_day():
    s = story(BANK, dates=2)
    dens = dict(s.density)
    assert dens[date(2026, 3, 6)] >= 5 and all(n > 0 for n in dens.values())
    assert list(dens) == sorted(dens)


def test_opening_sentences_of_reports_join_the_summary_with_their_source():
    arts = [art(f"o{i}", "2026-06-02", f"The river burst its banks and flooded the old town, report {i} said.\n"
                "It was the first flood there on June 1 in a century.", f"Outlet {i}") for i in range(2)]
    s = story(arts, dates=1, sentences=2)
    e = s.entries[0]
    assert e.date == date(2026, 6, 1)
    assert any("burst its banks" in x for x in e.summary)
    assert {src.article for src in e.sources} == {"o0", "o1"}


def test_an_opening_that_names_another_day_is_not_that_days_summary():
    # Friday's report opens with Friday's closure and mentions Thursday's queues second:
    # Thursday's entry must not be summarised (or headlined) by the closure.
    arts = [art("w1", "2026-03-06", "Regulators closed Harbor Bank on Friday after a run drained its deposits. "
                "Depositors lined up outside branches on Thursday."),
            art("p1", "2026-03-07", "Regulators closed Harbor Bank on Friday after a run drained its deposits, "
                "officials said. A hearing is set for March 16."),
            art("w2", "2026-03-10", "Coast Federal agreed on Monday to buy the failed Harbor Bank. "
                "The bank was closed on March 6.")]
    # as the app calls it: merged events (one member's expressions kept) and their articles
    by_day = {e.date: e for e in story(build_events(arts), articles=arts, dates=4, sentences=2)}
    thursday = by_day[date(2026, 3, 5)]
    assert not any("closed" in x for x in thursday.summary) and "closed" not in thursday.headline


def test_summary_spans_point_at_each_sentence_in_its_article():
    texts = {a.id: a.text for a in BANK}
    arts = [art(f"o{i}", "2026-06-02", f"The river burst its banks and flooded the old town, report {i} said.\n"
                "It was the first flood there on June 1 in a century.", f"Outlet {i}") for i in range(2)]
    texts.update({a.id: a.text for a in arts})
    for s in (story(BANK, dates=4, sentences=2), story(arts, dates=1, sentences=2)):
        for e in s:
            assert len(e.summary_spans) == len(e.summary) == len(e.summary_events)
            for sentence, (aid, a, b) in zip(e.summary, e.summary_spans):
                assert " ".join(texts[aid][a:b].split()) == sentence
    opening = story(arts, dates=1, sentences=2).entries[0]
    assert "" in opening.summary_events  # the opening sentence dates nothing itself


@pytest.mark.parametrize("kw", [dict(dates=-1), dict(dates=1.5), dict(sentences=0),
                                dict(start="2026-03-10", end="2026-03-01"), dict(start="yesterday")])
def test_bad_arguments_raise_a_readable_error(kw):
    with pytest.raises(ValueError):
        story(BANK, **kw)


def test_rejects_other_objects():
    with pytest.raises(TypeError):
        story(["just a string"])


def test_empty_input_gives_an_empty_story():
    assert len(story([])) == 0 and story([], dates=5).entries == ()


def test_a_happening_on_the_day_beats_a_state_since_the_day():
    arts = [art("s1", "2024-03-12", "The Harbor Bridge has been closed since March 4, officials said."),
            art("s2", "2024-03-05", "The Harbor Bridge was closed on Monday after a storm damaged two cables."),
            art("s3", "2024-03-13", "The Harbor Bridge has been shut since March 4 while engineers work.")]
    e = story(arts, dates=1, sentences=1).entries[0]
    assert e.date == date(2024, 3, 4)
    assert e.summary[0].startswith("The Harbor Bridge was closed on Monday")
    assert "since" not in e.headline


def test_headline_is_self_contained():
    by_day = {e.date: e for e in story(BANK, dates=4, sentences=2)}
    h = by_day[date(2026, 3, 9)].headline
    assert not h.lower().endswith(" it") and "Coast Federal" in h
