"""Posts: the conventions of short social-media text.

In a post every time word is an expression, as the annotators of posts mark them
(Zhong et al.'s tweets corpus, SynTime): "have a nice day" is a day, "see you
at night" tonight, "all these hours" a number of hours. Edited news writes such
words without dating anything ("the day belonged to the Czech Republic"), so
TimeBank leaves most of them out; these rules run only on a text that
:func:`pipeline.tagger.genre_of` reads as a post (or when the caller says
``genre="post"``), after the general rules, and only where those found nothing.

Each rule gives a :class:`Mention` that ``Resolver`` anchors on publication.
"""
from __future__ import annotations

import re
from typing import Optional

from .lexicon import PARTS_OF_DAY, SEASONS, UNIT_ABBR, UNITS, alternation
from ...mention import Mention
from .rules import Rule, duration_value, genre_rule, mention_at

POST_RULES: list[Rule] = []
#: Words the general rules read that the annotators of posts leave out ("soon": 0 of 3).
POST_DROPS = frozenset({"soon"})

#: How a post marks itself: a mention, a hashtag, a link, an emoticon or emoji, a
#: doubled "!!"/"??", or the spellings of chat ("lol", "u", "pls", "tmrw").
POST_MARKS = re.compile(r"""(?x)                # case-sensitive: chat spellings count in their own case
    (?<![\w.])@\w                           # @mention
  | (?<![\w&])\#[A-Za-z]\w*                 # #hashtag
  | https?://\S+ | \bwww\.\S+               # a link
  | (?<!\w)[:;=][-o']?[)(DPp3/|\]\[*](?!\w) # :) ;-( :D
  | <3
  | [\U0001F300-\U0001FAFF\u2600-\u27BF]    # emoji
  | [!?]{2,}
  | \b(?:lol|LOL|lmao|omg|OMG|haha\w*|hehe\w*|lah|leh|pls|plz|thx|idk|btw|gonna|wanna|gotta|u|ur|ya|yay|
         nope|dunno|omw|ikr|smh|tbh|RT|tmr|tmrw|2day|2nite|yday|gg|wtf)\b(?![.'’]\w)   # chat, in its own case
""")
#: The longest text read as a post: a long post, a few short ones in a thread.
POST_MAX_CHARS = 1000
#: A single short post without those marks still reads as chat rather than as an
#: edited sentence: it speaks in the first person singular, trails off (".."), starts
#: in lower case or stops without a full stop.
SHORT_POST_CHARS = 280
_CHATTY = re.compile(r"\b(?:I|I'm|Im|im|my|me)\b|(?<!\.)\b\w{2,}\.\.|^[a-z]|[^.!?\"'”’)\]:;]$")


def looks_like_post(text: str) -> bool:
    """True for a short text that carries a post's marks, or a single short one
    that reads as chat."""
    if len(text) > POST_MAX_CHARS:
        return False
    if POST_MARKS.search(text):
        return True
    body = text.strip()
    return len(body) <= SHORT_POST_CHARS and _CHATTY.search(body) is not None


rule = genre_rule(POST_RULES)


_PARTS = {"morning", "afternoon", "evening", "night", "nite"}
_LONG_UNITS = {"day", "week", "month", "year", "hour", "minute", "fortnight", "decade"}
_UNIT_WORD = alternation(sorted(_PARTS | {p + "s" for p in _PARTS} | _LONG_UNITS | {u + "s" for u in _LONG_UNITS}
                                | set(UNIT_ABBR) - {"sec", "secs"} | {"weekend", "weekends", "future", "past"}))
#: Words before a unit that belong to the expression, and what they make of it.
_THIS = {"the", "this", "that", "today's", "tonight's"}           # the one of publication: a date
_ONE = {"a", "an", "one", "another", "all", "whole", "entire", "the whole", "the entire", "all the", "a whole",
        "a full", "full", "a long", "long", "a late", "late", "an early", "early", "a lazy", "lazy"}  # one unit
_NTH = {"first", "1st", "last", "final", "2nd last", "second last", "the first", "the last", "the final"}
_NEXT = {"next", "nxt", "upcoming", "the upcoming", "the next", "coming", "the coming"}
_SOME = {"these", "those", "all these", "all those", "the", "many", "some", "few", "a few", "several"}
_BEFORE = alternation(_THIS | _ONE | _NTH | _NEXT | _SOME | {"my", "our", "the past", "in the"})


@rule("post_unit", rf"(?:(?P<det>{_BEFORE})\s+)?(?P<u>{_UNIT_WORD})(?:\s+(?P<n>\d{{1,2}}))?",
      trigger=frozenset(re.findall(r"[a-z]+", _UNIT_WORD)))
def post_unit(m: re.Match, text: str) -> Optional[Mention]:
    """'have a nice day', 'at night', 'the whole morning', 'these days', 'Day 3', 'next yr'."""
    word = m["u"].lower()
    det = re.sub(r"\s+", " ", (m["det"] or "").lower())
    start = m.start() if det else m.start("u")
    if word in ("future", "past"):
        if word == "past" and det not in ("the", "my", "our"):
            return None  # "half past", "past the station"
        return mention_at(start, m.end("u"), "DATE", "abs", value="FUTURE_REF" if word == "future" else "PAST_REF")
    if word in UNIT_ABBR and det not in _NEXT and det not in _THIS:
        return None  # "MIN", "yr" alone: an abbreviation is a unit after a number (the general rules) or "nxt yr"
    plural = word.endswith("s")  # "days", "nights", "hrs": every abbreviation in s is a plural too
    base = UNIT_ABBR.get(word) or (word[:-1] if plural else word)
    if base in _PARTS:
        part = PARTS_OF_DAY[base]
        if det in _NEXT:
            return None
        return mention_at(start, m.end("u"), "TIME", "rel", grain="day", offset=0, part=part)
    if base == "weekend":
        if plural:
            return mention_at(start, m.end("u"), "SET", "abs", value="XXXX-WE")
        return mention_at(start, m.end("u"), "DATE", "weekday", part="WE")
    if base not in UNITS:
        return None
    if m["n"]:  # "Day 3", "year 2": one unit of a count
        return mention_at(start, m.end(), "DURATION", "abs", value=duration_value(1, base))
    if det in _NEXT and not plural and base in ("day", "week", "month", "year"):
        return mention_at(start, m.end("u"), "DATE", "rel", grain=base, offset=1)
    if not plural and (det in _THIS or det in _NTH) and base in ("day", "week", "month", "year"):
        return mention_at(start, m.end("u"), "DATE", "rel", grain=base, offset=0)
    if plural:
        return mention_at(start, m.end("u"), "DURATION", "abs", value=duration_value(None, base))
    if det and det not in _ONE:
        start = m.start("u")  # "my day": the unit alone
    return mention_at(start, m.end("u"), "DURATION", "abs", value=duration_value(1, base))


@rule("post_season", r"(?:(?:the|this|in)\s+)?(?P<s>spring|summer|winter|autumn)",
      trigger=frozenset({"spring", "summer", "winter", "autumn"}))
def post_season(m: re.Match, text: str) -> Optional[Mention]:
    """'winter storm', 'Spring is here': the season of publication."""
    if m["s"][0].isupper() and re.match(r"\s+[A-Z]", text[m.end():m.end() + 2]):
        return None  # "Winter Show", "Summer Sale": a name
    start = m.start("s") if m.group().lower().startswith("in") else m.start()
    return mention_at(start, m.end(), "DATE", "season", part=SEASONS[m["s"].lower()])


@rule("post_holiday", r"(?:the\s+)?(?P<h>christmas|xmas|easter|halloween)", trigger=frozenset({"christmas", "xmas", "easter", "halloween"}))
def post_holiday(m: re.Match, text: str) -> Optional[Mention]:
    """'Christmas shopping', 'the Xmas sale': the feast, as posts mark it."""
    return mention_at(m.start(), m.end(), "DATE", "holiday", value=m["h"].lower())


def _small_number(word: str) -> bool:
    return len(word) <= 2 and word.isdigit()


@rule("post_clock", r"(?<![\d:.$/])(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?![\d:/]|\.\d|\s*(?:-|to)\s*\d+\s*(?:win|loss|lead)\b)",
      trigger=_small_number)
def post_clock(m: re.Match, text: str) -> Optional[Mention]:
    """'9:12', '10:45' without am/pm: a clock time of the publication day."""
    return mention_at(m.start(), m.end(), "TIME", "time", part=f"{int(m['h']):02d}:{m['mi']}")
