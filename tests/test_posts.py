"""Posts: the genre of short social-media text, and the conventions it reads with."""
from __future__ import annotations

import json
from datetime import date
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import tag
from pipeline.events import build_events
from pipeline.model import Article
from pipeline.tagger import genre_of
from pipeline.temporal.lang.en.posts import POST_MAX_CHARS, SHORT_POST_CHARS, looks_like_post

ROOT = Path(__file__).resolve().parent.parent


def found(text, published="2014-10-03", genre=None):
    return [(t.text, t.type, t.value) for t in tag(text, published, genre=genre)]


@pytest.mark.parametrize("text", [
    "@rachel_spore how about friday night? :)",
    "Dining at Ikea with mum! http://t.co/xpTGqusU",
    "so tired #exams",
    "omg the bus is late again",
    "I shall pay the cca a visit tomorrow",       # first person, no mark
    "feels good to be home after a very long day",  # no full stop
])
def test_posts_read_as_posts(text):
    assert looks_like_post(text)
    assert genre_of(text, "2014-10-03") == "post"


@pytest.mark.parametrize("text", [
    "Police arrested two men Tuesday near the border crossing.",
    "The U.S. embassy in Nairobi was bombed on Friday, officials said.",  # "U" is no chat "u"
    "Officials said the bridge would stay closed.",
])
def test_edited_sentences_are_not_posts(text):
    assert not looks_like_post(text)
    assert genre_of(text, "2014-10-03") == "news"


def test_a_long_text_is_never_a_post():
    body = "Officials met for talks on the budget. " * (POST_MAX_CHARS // 38 + 1)
    assert not looks_like_post(body + " @mayor lol")
    chatty = "i think " * (SHORT_POST_CHARS // 8 + 1)
    assert not looks_like_post(chatty.strip() + ".")  # too long for a single chatty post


def test_a_post_tags_its_bare_time_words_and_news_does_not():
    text = "Have a nice day and a lazy weekend, see you at night!! the future is bright"
    post = found(text, genre="post")
    assert post == [("day", "DURATION", "P1D"), ("a lazy weekend", "DATE", "2014-W40-WE"),
                    ("night", "TIME", "2014-10-03TNI"), ("the future", "DATE", "FUTURE_REF")]
    assert found(text, genre="news") == [("the future", "DATE", "FUTURE_REF")]  # TimeBank tags it in news too
    assert found(text) == post  # "!!": read as a post without being told


@pytest.mark.parametrize("text, expected", [
    ("@x these days I sleep for hours", [("these days", "DATE", "PRESENT_REF"), ("hours", "DURATION", "PTXH")]),
    ("@x Day 3 of camp, next yr will be better", [("Day 3", "DURATION", "P1D"), ("next yr", "DATE", "2015")]),
    ("@x deep south in summer storm emergency", [("summer", "DATE", "2014-SU")]),
    ("@x woke up at 9:12 and then 10:45", [("9:12", "TIME", "2014-10-03T09:12"), ("10:45", "TIME", "2014-10-03T10:45")]),
    ("@x weekends are for sleeping", [("weekends", "SET", "XXXX-WE")]),
    ("@x the whole morning wasted", [("the whole morning", "TIME", "2014-10-03TMO")]),
])
def test_post_conventions(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "@x MIN SHOP opens lol",      # an abbreviation alone is no unit
    "@x Winter Show was great",  # a season before a capitalised word: a name
    "@x half past the station lol",
])
def test_post_words_that_are_not_times(text):
    assert found(text) == []


def test_post_rules_never_override_the_general_rules():
    # "last night" is one expression of the general rules; the post rule does not split it
    assert found("@x last night was fun") == [("last night", "TIME", "2014-10-02TNI")]


def test_genre_is_checked():
    with pytest.raises(ValueError, match="post"):
        tag("text", "2014-10-03", genre="tweet")
    with pytest.raises(ValueError, match="post"):
        build_events([Article(id="a", text="hi", published="2014-10-03")], genre="tweet")


def test_events_read_a_post_as_a_post():
    art = Article(id="p1", text="@anna cant sleep at night lol", published=date(2014, 10, 3))
    (ev,) = build_events([art], workers=1)
    assert (ev.start.isoformat(), ev.end.isoformat()) == ("2014-10-03T20:00:00", "2014-10-04T06:00:00")


def test_cli_genre_post(tmp_path):
    rec = tmp_path / "posts.jsonl"
    rec.write_text(json.dumps({"id": "t1", "text": "Have a nice day.", "published": "2014-10-03"}) + "\n")
    run = lambda *extra: subprocess.run([sys.executable, "-m", "pipeline", "tag", "--jsonl", str(rec), *extra],
                                        capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert run() == ""  # an edited sentence: news reading
    (line,) = run("--genre", "post").splitlines()
    assert json.loads(line)["text"] == "day"


@pytest.mark.parametrize("text, expected", [
    ("So tired #Friday", []),                                        # a topic, not the day
    ("@sundaybrunch see you on Friday lol", [("Friday", "DATE", "2014-10-03")]),
    ("#tgif see you tmrw @bob", [("tmrw", "DATE", "2014-10-04")]),   # marks around a date do not break it
])
def test_hashtags_and_handles_are_not_dates(text, expected):
    assert found(text) == expected
