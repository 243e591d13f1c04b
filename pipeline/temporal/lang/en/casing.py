"""Text without case ("next tuesday", "MARCH 3 2015", "LAST WEEK"): the rules read
month and weekday names by their capital, which keeps "may" the verb and "march"
the verb apart.  A text written all in lower case or all in capitals is given the
capitals of edited prose before it is tagged: the date names take theirs, and the
names that are also common words ("may", "march", "sun", "sat", "wed") only where
their neighbours make them dates.  Offsets never move: only letters change case.
"""
from __future__ import annotations

import re

from .lexicon import EN, MONTHS, WEEKDAYS

#: The share of letters below which a text counts as written without that case.
CASELESS = 0.02

#: Names that are dates wherever they stand (months of more than three letters but
#: "may" and "march"; weekdays), and feasts.
_ALWAYS = ({m for m in MONTHS if len(m) > 3} - {"march", "sept"}) | {w for w in WEEKDAYS if len(w) > 4} | \
    EN["caseless_feasts"]
#: Abbreviations that are dates when a period follows them ("jan.", "fri.").
_WITH_PERIOD = {m for m in MONTHS if len(m) <= 4} | {w for w in WEEKDAYS if len(w) <= 4}
#: Names that are also common words: dates only beside a date word or a number.
_AMBIGUOUS = EN["caseless_ambiguous"]
#: Words before such a name that make it a date ("in may", "last march").
_BEFORE = EN["caseless_cue_before"]
_WORD = re.compile(r"[a-z]+")
_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")
_NEXT_IS_DATE = re.compile(r"[\s,]+(?:\d|the\s+\d|(?:early|late|mid)\b)")
_PREV_DAY = re.compile(r"\d(?:st|nd|rd|th)?\s+$")


def caseless(text: str) -> str | None:
    """"lower" or "upper" when ``text`` is written without capitals or without small
    letters (enough letters to tell), else None."""
    upper = len(_UPPER.findall(text))  # (Latin letters: enough to tell, and counted in C)
    lower = len(_LOWER.findall(text))
    letters = upper + lower
    if letters < 12:
        return None
    if upper <= CASELESS * letters:
        return "lower"
    if lower <= CASELESS * letters:
        return "upper"
    return None


def _lower(text: str) -> str:
    return "".join(d if len(d := c.lower()) == 1 else c for c in text)


def recase(text: str) -> str:
    """``text`` (same length) with the capitals of edited prose on its date names, or
    ``text`` itself when it has both cases."""
    if caseless(text) is None:
        return text
    low = _lower(text)
    chars = list(low)
    for m in _WORD.finditer(low):
        w = m.group()
        if w in _ALWAYS:
            pass
        elif w in _WITH_PERIOD and low.startswith(".", m.end()) and w not in ("mar", "sun"):
            pass
        elif w in _AMBIGUOUS:
            prev = _WORD.findall(low[max(0, m.start() - 12):m.start()])
            dated = (prev and prev[-1] in _BEFORE and not (w == "march" and prev[-1] in ("to", "will")))
            if not (dated or _NEXT_IS_DATE.match(low, m.end()) or _PREV_DAY.search(low[max(0, m.start() - 6):m.start()])):
                continue
        else:
            continue
        chars[m.start()] = chars[m.start()].upper()
    return "".join(chars)
