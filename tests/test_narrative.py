"""Narrative anchoring (issue 10): a history's dates follow the story's own time."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pipeline import tag
from pipeline.tagger import genre_of

ROOT = Path(__file__).resolve().parents[1]
PUB = date(2009, 12, 19)  # a history written long after its events

HISTORY = ("The war began on 3 March 1861 when the army crossed the river. In April, the rebels took the "
           "capital. The siege ended in late September 1862, and on June 10 the treaty was signed. Twelve "
           "days later the last garrison surrendered. In 1863 the fighting moved south; that summer the "
           "fleet sailed. A few months later the governor fled. The campaign of 1864 began in August and "
           "September 1864 brought the end of the rebellion. The war ended in 1865.")


def vals(text: str, published=PUB, genre=None) -> dict[str, str]:
    return {t.text: t.value for t in tag(text, published, genre=genre)}


def test_a_history_is_told_in_its_own_time():
    v = vals(HISTORY)
    assert v["April"] == "1861-04"                    # the year the story has reached, not 2009
    assert v["late September 1862"] == "1862-09"
    assert v["June 10"] == "1862-06-10"               # after "September 1862": its year
    assert v["Twelve days later"] == "1862-06-22"     # a date, counted from June 10
    assert v["that summer"] == "1863-SU"
    assert v["A few months later"] == "FUTURE_REF"
    assert v["August"] == "1864-08"                   # "August and September 1864"


def test_the_explanation_names_the_story_date_it_counts_from():
    t = next(t for t in tag(HISTORY, PUB) if t.text == "Twelve days later")
    assert "story's time" in t.note and "1862-06-10" in t.note


def test_the_caller_can_force_either_reading():
    news = vals(HISTORY, genre="news")
    assert news["April"] == "2009-04"                 # read from publication
    assert "Twelve days" in news and news["Twelve days"] == "P12D"
    assert vals("He resigned in April.", genre="narrative")["April"] == "2009-04"  # no story date yet
    with pytest.raises(ValueError, match="genre"):
        tag("in April", PUB, genre="history")


def test_news_that_recalls_the_past_stays_news():
    news = ("Ten years ago, in 1989, the plant closed; it reopened in 1991 and again in 1994 after the strike "
            "of 1992 and the flood of 1993. On Friday the company said it would close again next month. "
            "In April it laid off 200 workers.")
    assert genre_of(news, date(1999, 3, 12)) == "news"
    pub = date(1999, 3, 12)
    assert vals(news, pub) == vals(news, pub, genre="news")   # read from publication...
    assert vals(news, pub)["April"].startswith("1999")          # ...not from 1994, the last year named
    assert genre_of(HISTORY, PUB) == "narrative"
    assert genre_of("The vote is on Tuesday.", PUB) == "news"


def test_a_paired_month_takes_the_year_written_after_the_pair():
    assert vals("Fighting raged in August and September 1914.", date(2020, 1, 1))["August"] == "1914-08"
    assert vals("Talks ran from March to May 2003.", date(2020, 1, 1))["March"] == "2003-03"


def test_the_tag_command_takes_a_genre(tmp_path):
    f = tmp_path / "history.txt"
    f.write_text(HISTORY, encoding="utf-8")

    def run(*extra):
        out = subprocess.run([sys.executable, "-m", "pipeline", "tag", "--published", "2009-12-19", str(f), *extra],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        return {r["text"]: r["value"] for r in map(json.loads, out.stdout.splitlines())}

    assert run()["April"] == "1861-04"
    assert run("--genre", "news")["April"] == "2009-04"
    bad = subprocess.run([sys.executable, "-m", "pipeline", "tag", "--published", "2009-12-19", str(f),
                          "--genre", "poem"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "--genre" in bad.stderr


def test_events_follow_the_same_reading_and_the_commands_take_a_genre(tmp_path):
    from pipeline import Article, build_events
    art = Article("h", HISTORY, PUB, title="A war")
    days = {e.expression: e.start.date() for e in build_events([art]) if e.start}
    assert days["June 10"] == date(1862, 6, 10) and days["April"] == date(1861, 4, 1)
    news = {e.expression: e.start.date() for e in build_events([art], genre="news") if e.start}
    assert news["April"] == date(2009, 4, 1)
    with pytest.raises(ValueError, match="genre"):
        build_events([art], genre="saga")
    f = tmp_path / "war.jsonl"
    f.write_text(json.dumps({"id": "h", "text": HISTORY, "published": "2009-12-19"}) + "\n", encoding="utf-8")
    for genre, year in (("narrative", "1861"), ("news", "2009")):
        out = tmp_path / f"{genre}.jsonl"
        run = subprocess.run([sys.executable, "-m", "pipeline", "events", str(f), "--genre", genre, "--out", str(out)],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
        assert any(r["expression"] == "April" and r["start"].startswith(f"{year}-04-01") for r in rows)


def test_a_look_back_does_not_move_the_story_and_a_part_of_a_named_day_is_one_time():
    text = ("The offensive began on 10 March 1975. Almost two decades earlier the French had left. In April "
            "the northern cities fell, and early in the morning of 29 April 1975 the last helicopters flew out. "
            "The war had begun in 1955, ended in 1975, and was fought again in 1979 and 1984.")
    v = vals(text)
    assert v["Almost two decades earlier"] == "1955"
    assert v["April"] == "1975-04"                                   # not 1955's April
    assert v["early in the morning of 29 April 1975"] == "1975-04-29TMO"
    news = vals(text, genre="news")
    assert news["29 April 1975"] == "1975-04-29" and "early in the morning of 29 April 1975" not in news


def test_a_time_written_to_the_second_keeps_its_seconds():
    (t,) = tag("The page was updated at 2009-12-19T17:00:05.", PUB)
    assert t.value == "2009-12-19T17:00:05" and t.type == "TIME"
    assert (t.date_to - t.date_from).total_seconds() == 1


# --- what a history marks beyond news (TIMEX2's habits, as in WikiWars) ------------

STORY = ("The siege of the city began in March 1778. The former governor fled at night, and during this "
         "period the garrison held the walls. Winter came early. Their recent losses weighed on them, and "
         "future campaigns were planned for the intervening years. The rebels would soon return.")


def test_a_history_marks_what_news_leaves_out():
    got = [(t.text, t.type, t.value) for t in tag(STORY, PUB, genre="narrative")]
    assert got == [("March 1778", "DATE", "1778-03"), ("former", "DATE", "PAST_REF"),
                   ("night", "TIME", "XXXX-XX-XXTNI"), ("this period", "DATE", "1778-03"),
                   ("Winter", "DATE", "1778-WI"), ("recent", "DATE", "PAST_REF"), ("future", "DATE", "FUTURE_REF"),
                   ("the intervening years", "DURATION", "PXY")]  # "soon": a history's annotation leaves it out


def test_news_does_not_mark_them():
    got = [(t.text, t.value) for t in tag(STORY, PUB, genre="news")]
    assert ("former", "PAST_REF") not in got and ("this period", "1778-03") not in got
    assert ("soon", "FUTURE_REF") in got


def test_the_time_it_has_reached_is_explained():
    (per,) = [t for t in tag(STORY, PUB, genre="narrative") if t.text == "this period"]
    assert per.note.startswith("in the story's time, 1778-03") and "the time it has reached" in per.note


@pytest.mark.parametrize("text, kept", [
    ("In 1778 the army was defeated. The former was the larger force.", []),   # the pronoun
    ("In 1778 he wrote about the time needed for the march.", []),             # no "at the time"
    ("In 1778 the troops waited for the time being.", [("the time being", "PRESENT_REF")]),
    ("In 1778 the army marched. At the time, the city was quiet.", [("the time", "1778")]),
])
def test_narrative_words_in_context(text, kept):
    got = [(t.text, t.value) for t in tag(text, PUB, genre="narrative") if t.rule in ("past_word", "story_time")]
    assert got == kept


@pytest.mark.parametrize("text, value", [
    ("Muskets were imported by the end of 1776, mostly from France.", "1776"),
    ("The British planned operations for 1777, with two armies.", "1777"),
    ("Howe resigned after the 1777 campaign.", "1777"),
    ("The French fleet was led in 1782 and 1783 by Suffren.", "1783"),
    ("The National Assembly (1789) met in Paris.", "1789"),
])
def test_years_before_1800_where_a_date_is_expected(text, value):
    assert value in [t.value for t in tag(text, PUB)]


@pytest.mark.parametrize("text", ["The 1500 soldiers marched north.", "He had 1500 men and 1200 horses."])
def test_numbers_under_1800_stay_numbers(text):
    assert tag(text, PUB) == []
