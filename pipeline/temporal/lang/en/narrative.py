"""Narratives: the expressions a history adds to those of news.

Histories are annotated with TIMEX2's habits (WikiWars): "the former
president" is a past reference, "at this time" and "during this period" name
the time the story has reached, "at night" is a night of unknown date, and a
bare season is the season of the story's year. News annotation (TimeBank) leaves
all of these out: "former" is never a TIMEX3 in TBAQ, "the same time" 0 of 10.
So these rules run only on a text read as a narrative (``genre="narrative"``, or
:func:`pipeline.tagger.genre_of`), after the general rules, and only where those
found nothing.
"""
from __future__ import annotations

import re
from typing import Optional

from .lexicon import SEASONS
from ...mention import Mention
from .rules import Rule, duration_value, genre_rule, mention_at

NARRATIVE_RULES: list[Rule] = []
#: Words the general rules read that a history's annotation leaves out: "soon" is
#: a future reference in a news report (TBAQ: 5 of 18), never in WikiWars (0 of 40).
NARRATIVE_DROPS = frozenset({"soon"})


rule = genre_rule(NARRATIVE_RULES)


@rule("past_word", r"(?P<the>the\s+)?(?P<w>former|recent)", trigger=frozenset({"former", "recent"}))
def past_word(m: re.Match, text: str) -> Optional[Mention]:
    """'the former president', 'their recent victories': a past reference."""
    if m["the"] and re.match(r"\s*(?:[,.;:)]|is\b|was\b|were\b|had\b|has\b|would\b|could\b|and\b|of\b)",
                             text[m.end():m.end() + 8]):
        return None  # "the former was ...": the pronoun
    return mention_at(m.start("w"), m.end(), "DATE", "abs", value="PAST_REF")


@rule("future_word", r"(?P<w>future)", trigger=frozenset({"future"}))
def future_word(m: re.Match, text: str) -> Optional[Mention]:
    """'future operations', 'a future king': a future reference."""
    return mention_at(m.start(), m.end(), "DATE", "abs", value="FUTURE_REF")


@rule("story_time", r"(?P<r>(?:the|this|that|these|those)\s+(?:same\s+)?(?:time|period|moment|era|days|times)"
                    r"(?P<being>\s+being)?)", trigger=frozenset({"time", "period", "moment", "era", "days", "times"}))
def story_time(m: re.Match, text: str) -> Optional[Mention]:
    """'at this time', 'during this period': the time the story has reached ("at that point" is
    rarely marked: 1 of 9 in WikiWars)."""
    if re.match(r"\s+(?:when|that|which|who|to|for|in\s+which)\b", text[m.end():m.end() + 12]) and not m["being"]:
        return None  # "the time when ...", "the point that ...": a clause, not a time
    if m["being"]:
        return mention_at(m.start(), m.end(), "DATE", "abs", value="PRESENT_REF")  # "for the time being"
    words = m["r"].lower().split()
    if words[-1] in ("moment", "time") and words[0] in ("the",) and not re.search(
            r"(?i)\b(?:at|by|from|until|since|during|around)\s+$", text[max(0, m.start() - 8):m.start()]):
        return None  # "the point of the attack", "the time needed": only "at the time" is a time
    return mention_at(m.start(), m.end(), "DATE", "story_ref")


@rule("to_date", r"to\s+(?P<d>date)", trigger=frozenset({"date"}))
def to_date(m: re.Match, text: str) -> Optional[Mention]:
    """'the largest operation to date': up to the present."""
    return mention_at(m.start("d"), m.end(), "DATE", "abs", value="PRESENT_REF")


_PARTS = {"night": "NI", "nights": "NI", "daytime": "DT", "morning": "MO", "evening": "EV", "afternoon": "AF",
          "dawn": "MO", "dusk": "EV"}


@rule("part_of_day", r"(?P<w>nights?|daytime|morning|evening|afternoon|dawn|dusk)",
      trigger=frozenset({"night", "nights", "daytime", "morning", "evening", "afternoon", "dawn", "dusk"}))
def part_of_day(m: re.Match, text: str) -> Optional[Mention]:
    """'attacked at night', 'in the morning': that part of a day the text does not name."""
    if re.match(r"['’]s\b", text[m.end():m.end() + 2]):
        return None  # "a night's sleep"
    w = m["w"].lower()
    if w in ("dawn", "dusk") and not re.search(r"(?i)\b(?:at|by|before|after|until|from)\s+$", text[max(0, m.start() - 8):m.start()]):
        return None  # "the dawn of a new age"
    return mention_at(m.start(), m.end(), "TIME", "abs", value=f"XXXX-XX-XXT{_PARTS[w]}")


@rule("bare_season", r"(?P<s>spring|summer|winter|autumn)", trigger=frozenset({"spring", "summer", "winter", "autumn"}))
def bare_season(m: re.Match, text: str) -> Optional[Mention]:
    """'Winter set in', 'the summer offensive': the season of the story's year."""
    if m["s"][0].isupper() and re.match(r"\s+(?:Palace|Olympics|Games|Offensive|Campaign|Revolution|Street|"
                                         r"Garden|Gardens|Hill|Lake|River)\b", text[m.end():m.end() + 14]):
        return None  # "the Summer Palace", "the Spring Offensive" is a name (and a date elsewhere)
    return mention_at(m.start(), m.end(), "DATE", "season", part=SEASONS[m["s"].lower()])


@rule("the_units", r"the\s+(?:(?P<adj>intervening|ensuing|following|preceding|early|later|final|last|first)\s+)?"
                   r"(?P<u>years|months|weeks|decades)", trigger=frozenset({"years", "months", "weeks", "decades"}))
def the_units(m: re.Match, text: str) -> Optional[Mention]:
    """'the intervening years', 'the years following the war': an unknown number of them."""
    unit = m["u"].lower()[:-1]
    return mention_at(m.start(), m.end(), "DURATION", "abs", value=duration_value(None, unit))
