"""Extraction rules: each is a compiled pattern plus a small pure function
that turns a match into a :class:`Mention` (or None to reject it).

Rules never look at the publication date: they say *what* was written
("last", weekday 5, month 5 with no year, a 6-month duration); ``resolve``
anchors it.  Overlapping matches are settled in ``extract`` (longest wins).
"""
from __future__ import annotations

import re
from datetime import date
from typing import Optional

from .lexicon import (EN, AMPM, DAY_NUM, DAY_WORDS, MODS_BEFORE, MONTH, MONTHS, NUMBER, ORDINALS,
                      PARTS_OF_DAY, POSITION_MODS, QUANT, SEASONS, TZ, UNIT, UNIT_PL,
                      UNIT_ABBR, UNIT_SG, UNIT_SHORT, UNITS, VAGUE_QUANT, WEEKDAY, WEEKDAYS, YEAR4, alternation,
                      number_value)
from ...mention import Mention
from ...rule import Rule, Trigger, genre_rule  # noqa: F401  (genre_rule: for posts.py and narrative.py)
from ...rule import rule as _rule
from ..kit import ISO_DATE, iso_date

RULES: list[Rule] = []


def rule(name: str, pattern: str, flags: int = 0, trigger: Trigger = None, into: Optional[list] = None):
    """Register an English rule (in ``into``, the general rules by default): ``temporal.rule.rule``."""
    return _rule(name, pattern, flags, trigger, into=RULES if into is None else into)


def _year_digits(word: str) -> bool:
    return len(word) >= 4 and word[:4].isdigit()


def _short_digits(word: str) -> bool:
    return len(word) <= 2


def _clock_digits(word: str) -> bool:
    return len(word) in (2, 4) and word.isdigit()


def _decade_digits(word: str) -> bool:
    return word.endswith("0s") or (len(word) == 4 and word.endswith("0"))


def _ordinal(word: str) -> bool:
    return word[-2:] in ("st", "nd", "rd", "th")


_MONTH_WORDS = frozenset(MONTHS)
_WEEKDAY_WORDS = frozenset(WEEKDAYS) | frozenset(w + "s" for w in WEEKDAYS)
_UNIT_WORDS = frozenset(UNITS) | frozenset(u + "s" for u in UNITS) | {"centuries"} | frozenset(UNIT_ABBR)
_GLUED_UNIT = re.compile(r"\d+(?:" + "|".join(sorted(_UNIT_WORDS, key=len, reverse=True)) + ")")


def _glued_unit(word: str) -> bool:
    """A number with its unit in one word: "2weeks", "5hrs", "30mins"."""
    return _GLUED_UNIT.fullmatch(word) is not None


# --- helpers ---------------------------------------------------------------
SHIFTS = EN["shift_words"]
SHIFT = r"(?:this\s+past|this\s+coming|last|next|this|past|coming|previous|following)"
POS = r"(?:early|late|mid|earlier|later|the\s+(?:end|beginning|start|middle|close)\s+of|(?:the\s+)?end\s+of|(?:at\s+)?the\s+turn\s+of)"
MOD_BEFORE = alternation(MODS_BEFORE)


def _low(s: Optional[str]) -> str:
    return re.sub(r"\s+", " ", s.lower()).strip() if s else ""


def _pos_mod(pos: Optional[str]) -> Optional[str]:
    if not pos:
        return None
    p = _low(pos)
    for word, mod in POSITION_MODS.items():
        if word in p.split(" ") or p.startswith(word):
            return mod
    return None


def _month_num(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")]


_PREV_WORD = re.compile(r"([A-Za-z©]+)\W*$")
_NEXT_WORD = re.compile(r"\s*([A-Za-z][\w'’]*)")


def _prev_word(text: str, i: int) -> str:
    """The word before ``text[i]`` (within 30 characters), lower-cased."""
    lo = max(0, i - 30)
    if i > lo and text[i - 1].isascii() and text[i - 1].isalpha():
        # the common case, a word right before: no regex (it would try every position)
        k = i - 1
        while k > lo and ((text[k - 1].isascii() and text[k - 1].isalpha()) or text[k - 1] == "©"):
            k -= 1
        return text[k:i].lower()
    m = _PREV_WORD.search(text, lo, i)
    return m.group(1).lower() if m else ""


def _next_word(text: str, j: int) -> str:
    m = _NEXT_WORD.match(text, j, j + 30)
    return m.group(1) if m else ""


def _singular(unit: str) -> Optional[str]:
    """'years' -> 'year', 'centuries' -> 'century'; None for a word that is no unit."""
    u = unit.lower()
    u = UNIT_ABBR.get(u, u)
    sg = "century" if u == "centuries" else u[:-1] if u.endswith("s") and u[:-1] in UNITS else u
    return sg if sg in UNITS else None


def duration_value(n: Optional[float], unit: str) -> str:
    """The TIMEX3 value of ``n`` units (None: an unknown number): decades and
    centuries in years as TimeBank writes them (P30Y), a weekend as two days."""
    grain, letter, is_time = UNITS[unit]
    factor = {"DE": 10, "CE": 100, "WE": 2, "Q": 3}.get(letter, 2 if unit == "fortnight" else 1)
    if letter == "Q":  # quarters in months, as TimeBank writes them ("the next three quarters" P9M)
        letter = "M"
    elif letter in ("DE", "CE"):
        letter = "Y" if n is not None else letter
    elif letter == "WE":
        letter = "D"
    amount = "X" if n is None else str(int(n * factor))
    return ("PT" if is_time else "P") + amount + letter


def _m(match: re.Match, type_: str, kind: str, **kw) -> Mention:
    """The mention of the whole match (the rule's name is set by ``extract``)."""
    return Mention(match.start(), match.end(), "", type_, kind, **kw)


def mention_at(start: int, end: int, type_: str, kind: str, **kw) -> Mention:
    """The mention of ``[start, end)`` (the rule's name is set by ``extract``)."""
    return Mention(start, end, "", type_, kind, **kw)


_MODALS = EN["before_last_verb"]
_NOT_TIMEX_AFTER_CAPITAL = re.compile(r"^(?:Times|Telegraph|Mirror|Express|Post|Herald|Star|Tribune|Mail|Sport|Night|Morning|Service|School|Club|Group|Magazine|Edition|Review|Journal|People|Independent|Observer|Show)$")


# --- absolute dates ----------------------------------------------------------
def _real_date(y: int, mo: int, d: int) -> bool:
    try:
        date(y, mo, d)
    except ValueError:
        return False
    return True


rule("iso_date", ISO_DATE, trigger=_year_digits)(iso_date)


@rule("numeric_date", r"(?<![\d/.])(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>\d{4}|\d{2})(?![\d/]|\.\d)", trigger=_short_digits)
def numeric_date(m, text):
    a, b = int(m["a"]), int(m["b"])
    y = int(m["y"])
    if len(m["y"]) == 2:
        y += 1900 if y >= 30 else 2000
    if m["sep"] == ".":
        d, mo = a, b            # 30.09.2021: day first
    elif a > 12:
        d, mo = a, b            # 30/09/2021
    else:
        mo, d = a, b            # 09/30/2021: US order
    if not _real_date(y, mo, d):
        return None
    return _m(m, "DATE", "abs", value=f"{y:04d}-{mo:02d}-{d:02d}")


_MONTH_DATE = (
    rf"(?:(?P<approx>(?i:around|about|approximately|roughly))\s+)?"
    rf"(?:(?P<wd>{WEEKDAY}),?\s+)?"
    rf"(?:(?P<pos>(?i:{POS}))[-\s]+(?:of\s+)?)?"
    rf"(?:(?P<shift>(?i:{SHIFT}))\s+)?"
    rf"(?:(?P<m1>{MONTH})\s?(?P<d1>{DAY_NUM})\b(?:,?\s+(?P<y1>{YEAR4})\b)?"
    rf"|(?:the\s+)?(?P<d2>{DAY_NUM})\s+(?:of\s+)?(?P<m2>{MONTH})(?:,?\s+(?P<y2>{YEAR4})\b)?"
    rf"|(?P<m3>{MONTH})(?:,?\s+(?:of\s+)?(?P<y3>{YEAR4})\b|\s+(?:of\s+)?(?P<yrel>(?i:this|last|next|the\s+following|the\s+previous|that))\s+year\b|\b))"
)


_NOT_NOUN_AFTER_MONTH = EN["not_nouns_after_month"]


@rule("month_date", _MONTH_DATE, trigger=_MONTH_WORDS)
def month_date(m, text):
    mon = m["m1"] or m["m2"] or m["m3"]
    month = _month_num(mon)
    day_s = m["d1"] or m["d2"]
    year_s = m["y1"] or m["y2"] or m["y3"]
    shift = SHIFTS.get(_low(m["shift"]), "")
    mod = _pos_mod(m["pos"]) or ("APPROX" if m["approx"] else None)
    if m["approx"] and not day_s:
        return None
    if m["yrel"]:  # "June last year", "April next year", "May of last year"
        rel = re.sub(r"\s+", " ", m["yrel"].lower())
        if rel in ("the following", "the previous", "that"):  # "July of the following year": after the year last mentioned
            return mention_at(m.start(), m.end(), "DATE", "anaphor", grain="year",
                           offset={"the following": 1, "the previous": -1, "that": 0}[rel], month=month, mod=mod)
        return mention_at(m.start(), m.end(), "DATE", "month_in_year", month=month,
                       offset={"this": 0, "last": -1, "next": 1}[rel], mod=mod)
    if m["m3"] and not year_s:
        # a bare month name: reject names and verbs ("April Jones", "May I")
        nxt = _next_word(text, m.end())
        if nxt[:1].isupper() and nxt.lower() not in MONTHS and not re.match(r"\d", nxt) and nxt.lower() not in WEEKDAYS:
            return None
        starts_sentence = re.match(r"(?i)(?:was|is|has|had|saw|will|brought|ended|began|marked)$", nxt or "-")
        if (mon.upper() in ("MAY", "MARCH") and _prev_word(text, m.start("m3")) == "the"
                and re.fullmatch(r"[a-z]+", nxt or "-") and nxt not in _NOT_NOUN_AFTER_MONTH):
            starts_sentence = True  # "the March deadline", "the May elections" (not "the March on Washington")
        if mon in ("May", "MAY") and not (shift or m["pos"] or starts_sentence):
            prev = _prev_word(text, m.start("m3"))
            if prev not in ("in", "of", "since", "until", "till", "by", "before", "after", "during",
                            "through", "from", "to", "and", "or", "early", "late", "mid", "since",
                            "last", "next", "this", "between", "on", "for", "that", "each", "every"):
                return None
        if mon.upper() == "MARCH" and not (shift or m["pos"] or starts_sentence):
            prev = _prev_word(text, m.start("m3"))
            if prev not in ("in", "of", "since", "until", "till", "by", "before", "after", "during",
                            "through", "from", "to", "and", "or", "between", "on", "for", "late", "early"):
                return None
    if day_s:
        day = int(re.match(r"\d+", day_s).group())
        if day > 31:
            return None
    else:
        day = 0
    if year_s:
        v = f"{year_s}-{month:02d}" + (f"-{day:02d}" if day else "")
        return _m(m, "DATE", "abs", value=v, mod=mod)
    return mention_at(m.start(), m.end(), "DATE", "month", month=month, day=day,
                   shift=shift, mod=mod)


#: Before a number under 1800, the words that make it a year: "in 1776", "for 1777", "in 1782 and 1783".
_OLD_YEAR_BEFORE = EN["before_old_year"]
#: "the 1777 campaign", "the 1783 peace treaty": a year that names an event
_YEAR_EVENT_NOUNS = EN["year_event_nouns"]


@rule("year", rf"(?P<fy>(?i:fiscal(?:\s+year)?|the\s+year|FY)\s*)?(?:(?P<pos>(?i:{POS}))[-\s]+|(?P<prepost>(?i:pre|post))-|(?<![\w$€£#.,/-]))(?P<y>{YEAR4})(?P<suffix>'?s)?(?![\w%]|[.,]\d|-\d)(?P<tail>\s+(?:or\s+(?:later|earlier|before|after)|and\s+beyond))?", trigger=_year_digits)
def year(m, text):
    y = m["y"]
    prev = _prev_word(text, m.start())
    before = text[max(0, m.start() - 12):m.start()]
    if "©" in before or re.search(r"(?i)copyright\s*(?:\(c\)\s*)?$", before):
        return None
    if re.search(r"(?i)\b(?:no|number|page|route|flight|room|model|channel|item|sec|section|article|rule|uss?)\.?\s*$", before):
        return None
    nxt = _next_word(text, m.end())
    if not m["suffix"] and re.match(r"(?i)(?:people|persons|votes|troops|soldiers|members|jobs|workers|cars|units|shares|tons|miles|km|meters|feet|points|percent|hp|cc|dollars|euros|yuan|won|yen|pounds|students|homes|houses|cases|deaths|acres|residents|seats|hours|hrs|GMT|UTC|metres|meters|calories|kg|tonnes|barrels|gallons|pages|copies)$", nxt):
        return None
    yi = int(y)
    if prev in ("and", "or", "to"):  # "in 1782 and 1783" is two years; "1500 men and 1200 horses", "297 to 1051" numbers
        first = re.search(r"(?i)\b(?:in|of|from|between|since|during|for|by)\s+(\d{4})\s+\w+\s+$", text[max(0, m.start() - 24):m.start()])
        if not first or not 0 < int(y) - int(first[1]) <= 50:
            prev = ""
    if yi < 1800 and not (m["fy"] or m["pos"] or prev in _OLD_YEAR_BEFORE or re.match(r"\(\d{4}\s*[)–-]", text[m.start() - 1:m.end() + 2])
                          or (prev == "the" and nxt.lower() in _YEAR_EVENT_NOUNS)):
        return None  # "1500 soldiers": an old year only where a date is expected ("for 1777", "the 1777 campaign", "(1789)")
    mod = _pos_mod(m["pos"])
    if m["prepost"]:
        mod = "BEFORE" if m["prepost"].lower() == "pre" else "AFTER"
    if m["tail"]:
        mod = "ON_OR_AFTER" if re.search(r"later|after|beyond", m["tail"]) else "ON_OR_BEFORE"
    end = m.end()
    if m["suffix"]:
        if yi % 10:
            if not m["suffix"].startswith(("'", "’")):
                return None
            end = m.end("y")  # "2005's record": a possessive, not a decade
        else:
            return _m(m, "DATE", "abs", value=_decade_or_century(y), mod=mod)
    # "fiscal 1999", "the year 2000", "mid-1996", "post-1959" keep their prefix
    start = m.start() if m["fy"] else m.start("pos") if m["pos"] else m.start("prepost") if m["prepost"] else m.start("y")
    return mention_at(start, end, "DATE", "abs", value=y, mod=mod)


@rule("decade_short", r"(?:(?P<the>the)\s+)?(?:(?P<pos>(?i:early|mid|late))[-\s]+)?['’‘](?P<d>\d)0'?s\b", trigger=_decade_digits)
def decade_short(m, text):
    return _m(m, "DATE", "year2", value=m["d"], grain="decade", mod=_pos_mod(m["pos"]))


def _decade_or_century(y: str) -> str:
    """'1990s' -> the decade 199; '1700s' -> the century 17 (but '2000s' is 2000-2009)."""
    return y[:2] if y.endswith("00") and y != "2000" else y[:3]


@rule("decade_the", r"(?i:the\s+(?:(?P<pos>early|mid|late)[-\s]+)?)(?P<y>1\d\d0|20\d0)'?s\b", trigger=_decade_digits)
def decade_the(m, text):
    return _m(m, "DATE", "abs", value=_decade_or_century(m["y"]), mod=_pos_mod(m["pos"]))


_YW_TEENS = r"(?:nineteen|eighteen|seventeen|twenty)"
_YW_REST = (r"(?:(?:hundred\s+(?:and\s+)?)?(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?"
            r"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|o[-\s](?:one|two|three|four|five|six|seven|eight|nine))|hundred)")


_DAY_ORD_WORDS = {w: i + 1 for i, w in enumerate(
    ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
     "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
     "eighteenth", "nineteenth", "twentieth"])}
_DAY_ORD_WORDS.update({f"twenty-{w}": 20 + i for w, i in list(_DAY_ORD_WORDS.items())[:9]})
_DAY_ORD_WORDS.update({"thirtieth": 30, "thirty-first": 31})
_DAY_ORD = r"(?i:(?:twenty|thirty)[-\s](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|" + \
    "|".join(sorted((w for w in _DAY_ORD_WORDS if "-" not in w), key=len, reverse=True)) + ")"


def _day_ord_value(s: str) -> int:
    return _DAY_ORD_WORDS.get(re.sub(r"\s+", "-", s.lower()), 0)


@rule("week_of", rf"(?i:the\s+(?P<u>week|weekend)\s+of\s+)(?P<mon>{MONTH})\s?(?P<d>{DAY_NUM})\b(?:,?\s+(?P<y>{YEAR4})\b)?",
      trigger=frozenset({"week", "weekend"}))
def week_of(m, text):
    """'the week of March 6': the ISO week containing that day; 'the weekend of Sept. 20':
    that week's weekend."""
    day = int(re.match(r"\d+", m["d"]).group())
    mo = _month_num(m["mon"])
    grain = m["u"].lower()
    if m["y"]:
        if not _real_date(int(m["y"]), mo, day):
            return None
        d = date(int(m["y"]), mo, day)
        y, w, _ = d.isocalendar()
        return _m(m, "DATE", "abs", value=f"{y:04d}-W{w:02d}" + ("-WE" if grain == "weekend" else ""))
    if not 1 <= day <= 31:
        return None
    return _m(m, "DATE", "month", month=mo, day=day, grain=grain)


@rule("month_day_words", rf"(?:(?i:{SHIFT})\s+)?(?:{WEEKDAY},?\s+)?(?P<mon>{MONTH})\s+(?:the\s+)?(?P<dw>{_DAY_ORD})\b(?!\s+(?:of|quarter|half|time|place|round|day|week|year|consecutive|straight))",
      trigger=frozenset(w.split("-")[-1] for w in _DAY_ORD_WORDS))  # the day word: rarer than month names
def month_day_words(m, text):
    """'January twentieth' (a spoken date)."""
    day = _day_ord_value(m["dw"])
    if not 1 <= day <= 31:
        return None
    return _m(m, "DATE", "month", month=_month_num(m["mon"]), day=day)


@rule("year_words", rf"(?:(?P<mon>{MONTH})\s+(?:(?:the\s+)?(?P<dw>{_DAY_ORD}),?\s+)?|(?i:(?P<the>the\s+year)\s+))?(?i:(?P<hi>{_YW_TEENS})[-\s]+(?P<lo>{_YW_REST})|(?P<mill>two\s+thousand)(?:\s+(?:and\s+)?(?P<lo2>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?))?)\b", trigger=frozenset({"nineteen", "eighteen", "seventeen", "twenty", "thousand"}))
def year_words(m, text):
    if re.match(r"(?i)\s+(?:hundred|thousand|million|billion|percent|dollars|people)\b", text[m.end():m.end() + 12]):
        return None  # "two thousand four hundred": a number
    if m["mill"]:
        if not (m["the"] or m["mon"] or m["lo2"]):
            return None  # "two thousand" alone is a number
        y = 2000 + int(number_value(m["lo2"]) or 0) if m["lo2"] else 2000
    else:
        hi = {"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20}[m["hi"].lower()]
        lo_s = _low(m["lo"]).replace("hundred and ", "").replace("hundred ", "")
        if lo_s == "hundred":
            lo = 0
        elif lo_s.startswith("o"):
            lo = int(number_value(lo_s[2:]) or 0)
        else:
            v = number_value(lo_s)
            if v is None:
                return None
            lo = int(v)
        y = hi * 100 + lo
    if m["mon"] and m["dw"]:
        day = _day_ord_value(m["dw"])
        if not _real_date(y, _month_num(m["mon"]), day):
            return None
        return _m(m, "DATE", "abs", value=f"{y:04d}-{_month_num(m['mon']):02d}-{day:02d}")
    if m["mon"]:
        return _m(m, "DATE", "abs", value=f"{y:04d}-{_month_num(m['mon']):02d}")
    return _m(m, "DATE", "abs", value=f"{y:04d}")


_HOLIDAYS = EN["holidays"]  # name -> (month, day) or (month, weekday, n): n-th weekday (-1 = last)


# the trigger is the name's first word as the word index sees it: "valentine's" -> "valentine"
# ("july fourth" is found from "fourth": "July" alone is too common a word to trigger on)
_HOLIDAY_WORDS = frozenset(re.match(r"[a-z]+", h).group() for h in _HOLIDAYS) - {"the", "july"} | {"fourth"}
_HOLIDAY_NAMES = alternation([" ".join(w if w in ("the", "of") else w[0].upper() + w[1:] for w in h.split())
                              for h in _HOLIDAYS] + [h.upper() for h in _HOLIDAYS if h[0].isalpha()]
                             + ["xmas"]).replace("'", "['’]")
# a holiday's name inside another name: "Easter Island", "the Good Friday Agreement"
_HOLIDAY_NAME_AFTER = re.compile(r"\s+(?:Island|Islands|Agreement|Accords?|Rising|Offensive|Uprising|Parade|Bowl|Massacre|Carol|Creek|Street|Road)\b")


@rule("holiday", rf"(?:(?P<shift>(?i:last|next|this))\s+)?(?P<h>{_HOLIDAY_NAMES})\b(?:,?\s+(?P<y>{YEAR4})\b)?", trigger=_HOLIDAY_WORDS)
def holiday(m, text):
    key = m["h"].lower().replace("’", "'")
    if _HOLIDAY_NAME_AFTER.match(text, m.end()):
        return None
    if key == "christmas" and re.match(r"\s+(?:tree|trees|card|cards|shopping|party|parties|gift|gifts|lights|market|sales|season|holidays)\b", text[m.end():m.end() + 12]):
        return None
    return _m(m, "DATE", "holiday", value=key, year=int(m["y"]) if m["y"] else 0,
              shift=SHIFTS.get(_low(m["shift"]), ""))


@rule("festive_season", r"(?:(?i:the)\s+)?(?i:festive|holiday|christmas|xmas)\s+(?i:season)\b",
      trigger=frozenset({"festive", "holiday", "christmas", "xmas"}))
def festive_season(m, text):
    """'the festive season', 'the holiday season': the December nearest publication."""
    return _m(m, "DATE", "month", month=12)


_DECADE_WORDS = EN["decade_words"]


@rule("decade_word", rf"(?i:the\s+(?:(?P<pos>early|mid|late)[-\s]+)?(?P<w>{alternation(_DECADE_WORDS)}))\b", trigger=frozenset(_DECADE_WORDS))
def decade_word(m, text):
    return _m(m, "DATE", "year2", value=str(_DECADE_WORDS[m["w"].lower()]), grain="decade",
              mod=_pos_mod(m["pos"]))


@rule("ordinal_day", r"\bthe\s+(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b(?=\s*(?:[.,;:!?)]|$|and\b|or\b))", trigger=_ordinal)
def ordinal_day(m, text):
    return _m(m, "DATE", "month", day=int(m["d"]))


@rule("end_of_unit", r"(?i:(?P<pos>the\s+(?:end|beginning|start|middle|close)|the\s+turn)\s+of\s+the\s+(?P<u>week|month|year|quarter|decade|century))\b", trigger=frozenset({"end", "beginning", "start", "middle", "close", "turn"}))
def end_of_unit(m, text):
    unit = m["u"].lower()
    return _m(m, "DATE", "rel", grain=unit, offset=0, mod=_pos_mod(m["pos"]))


_CENT_ORD = alternation([k for k, v in ORDINALS.items() if v > 0])


#: An era after a year or century: "44 BC", "the first century B.C.", "AD 79" (capitals only:
#: "ad" and "ce" are words).
_ERA = r"(?P<era>B\.?C\.?(?:E\.?)?|A\.?D\.?|C\.?E\.?)(?![\w.]|\.\w)"


def _era_value(era: Optional[str], digits: str) -> str:
    """A TIMEX3 year or century value in its era: BC years are written "BC0044", as in
    TimeML and HeidelTime (they have no interval on the calendar, which starts at year 1)."""
    return ("BC" + digits) if era and era.startswith("B") else digits


@rule("century", rf"""
    (?i:(?:the\s+)?
        (?:(?P<pos>early|mid|late)[-\s]+)?            # "the late 19th century"
        (?P<n>{_CENT_ORD}|\d{{1,2}}(?:st|nd|rd|th))
        [-\s]+century)
    (?:\s+{_ERA})?                                   # "the first century BC"
    """, re.VERBOSE, trigger=frozenset({"century"}))
def century(m, text):
    n = ORDINALS.get(_low(m["n"]).replace(" ", "-"))
    if n is None:
        n = int(re.match(r"\d+", m["n"]).group())
    if n < 1:
        return None
    return _m(m, "DATE", "abs", value=_era_value(m["era"], f"{n - 1:02d}"), mod=_pos_mod(m["pos"]))


@rule("year_era", rf"(?:(?P<the>(?i:the\s+year)\s+)?(?<![\w.,$€£#/-])(?P<y>\d{{1,4}})\s*{_ERA}|(?P<ad>A\.?D\.?)\s*(?P<y2>\d{{1,4}})(?![\w%]|[.,]\d))",
      trigger=frozenset({"bc", "bce", "ad", "ce", "b", "a", "c"}))  # "B.C." and "A.D." are the words "b", "a"
def year_era(m, text):
    """'44 BC', 'the year 2000 BC', '300 B.C.E.', 'AD 79', '79 A.D.': a year in its era."""
    y = int(m["y"] or m["y2"])
    if y < 1:
        return None  # there is no year 0 in either era
    if y < 100 and not (m["era"] or "").startswith("B") and not m["the"] and not m["ad"] \
            and _prev_word(text, m.start()) not in ("in", "by", "from", "until", "since", "of", "around", "circa", "c", "year"):
        return None  # "he scored 3 AD": a count, unless a date is plainly meant ("in 79 AD")
    return _m(m, "DATE", "abs", value=_era_value(m["era"], f"{y:04d}"))


_QORD = r"(?:first|second|third|fourth|1st|2nd|3rd|4th|final|last)"


_SPORT = re.compile(r"(?i)\b(?:touchdowns?|halftime|half-time|innings?|quarterback|kickoff|overtime|field\s+goal|"
                    r"free\s+throws?|three-pointers?|rebounds|goalkeeper|striker|scored|scoring|the\s+(?:game|match)|"
                    r"goals?|penalty|referee|whistle|Super\s+Bowl|NFL|NBA|NHL|playoffs?|quarterbacks?|halftime\s+show)\b")


@rule("quarter", rf"(?i:(?:(?P<the>the|its|their|a)\s+)?(?:(?P<shift>latest|last|this|next|current|previous|same|year-ago|year-earlier|comparable|year-before|fiscal)\s+)*(?P<n>{_QORD})[-\s](?P<kind>quarter|qtr|half|period)(?:\s+(?:of\s+)?(?:(?P<y>{YEAR4})|(?P<yrel>(?:the\s+)?(?:last\s+|this\s+|next\s+|current\s+)?year|fiscal\s+{YEAR4})))?)", trigger=frozenset({"quarter", "qtr", "half"}))
def quarter(m, text):
    n = _low(m["n"])
    kind = {"qtr": "quarter"}.get(_low(m["kind"]), _low(m["kind"]))  # "3rd qtr", as listings shorten it
    if kind == "period":
        return None
    num = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
           "final": 4 if kind == "quarter" else 2, "last": 4 if kind == "quarter" else 2}[n]
    if kind == "half" and num > 2:
        return None
    part = ("Q" if kind == "quarter" else "H") + str(num)
    shift_words = _low(m["shift"])
    yrel = _low(m["yrel"])
    year_offset = 0
    if "year-ago" in shift_words or "year-earlier" in shift_words or "year-before" in shift_words or yrel == "last year":
        year_offset = -1
    elif yrel.endswith("next year"):
        year_offset = 1
    elif yrel.endswith("last year"):
        year_offset = -1
    y = m["y"] or (re.search(r"\d{4}", yrel).group() if "fiscal" in yrel else None)
    if n == "last" and not m["the"] and not y and not yrel:
        return None  # "last quarter" is relative: handled by relative_unit
    if not y and not yrel and not shift_words and _SPORT.search(text, max(0, m.start() - 120), m.end() + 120):
        return None  # "a touchdown in the second quarter": a part of a game
    if not y and not yrel and re.match(r"(?i)\s+of\s+(?:the|this|that|his|her|its|their|a|an)\s+(?!(?:year|decade|century|season|"
                                       r"month|quarter|fiscal|calendar|current|next|last|\d))", text[m.end():m.end() + 40]):
        return None  # "the second half of the program": a part of something else
    hyphen = text[m.end("n"):m.end("n") + 1] == "-"  # "the third-quarter results": an adjective
    start = (m.start("the") if m["the"] and m["the"].lower() == "the" and not hyphen
             else m.start("shift") if m["shift"] else m.start("n"))
    if y:
        return mention_at(start, m.end(), "DATE", "abs", value=f"{y}-{part}")
    return mention_at(start, m.end(), "DATE", "quarter", part=part, offset=year_offset,
                   shift=SHIFTS.get(shift_words.split(" ")[0], "") if shift_words else "")


@rule("month_quarter", r"(?i:(?P<the>the|its|their)\s+)(?P<mon>March|June|September|Sept\.?|December)[-\s]+(?i:quarter)\b", trigger=frozenset({"quarter"}))
def month_quarter(m, text):
    """'the June quarter': the quarter that ends in June (calendar quarters)."""
    q = {"mar": 1, "jun": 2, "sep": 3, "dec": 4}[m["mon"][:3].lower()]
    return _m(m, "DATE", "quarter", part=f"Q{q}")


@rule("q_short", rf"\b(?:Q(?P<q>[1-4])|(?P<h>H[12]))(?:\s+(?P<y>{YEAR4}))?\b", trigger=frozenset({"q1", "q2", "q3", "q4", "h1", "h2"}))
def q_short(m, text):
    part = f"Q{m['q']}" if m["q"] else m["h"]
    if m["y"]:
        return _m(m, "DATE", "abs", value=f"{m['y']}-{part}")
    return _m(m, "DATE", "quarter", part=part)


_SEASON_WORD = alternation(SEASONS)


@rule("season", rf"(?i:(?:(?P<the>the)\s+)?(?:(?P<pos>early|mid|late)[-\s]+)?(?:(?P<shift>{SHIFT})\s+)?(?P<s>{_SEASON_WORD})(?:\s+(?:of\s+)?(?P<y>{YEAR4}))?)\b", trigger=frozenset(SEASONS))
def season(m, text):
    s = SEASONS[m["s"].lower()]
    word = m["s"]
    if word[0].isupper() and not (m["shift"] or m["y"] or m["pos"]):
        prev_tok = text[max(0, m.start("s") - 12):m.start("s")]
        after_word = _prev_word(text, m.start("s")) in ("the", "in", "during", "by", "until", "since", "this", "that", "each", "every", "over")
        if (re.search(r"\b(?:Mr|Ms|Mrs|Dr)\.?\s*$", prev_tok) or re.match(r"\s+[A-Z]", text[m.end():m.end() + 2])
                or (re.search(r"[a-z,;]\s+$", prev_tok) and not after_word)):
            return None  # "Ms. Summer", "the Summer Palace": a name
    if _next_word(text, m.end()).lower() in ("water", "waters", "onion", "onions", "roll", "rolls", "chicken", "mattress", "clean", "cleaning"):
        return None  # "spring water", "spring cleaning": not the season
    if _prev_word(text, m.start("s")) in ("a", "an") and not (m["y"] or m["shift"]):
        return None  # "a summer job": a kind of thing
    if m["s"].lower() == "fall" and _next_word(text, m.end()).lower() in ("due", "short", "behind", "apart", "off", "back", "into", "out"):
        return None  # "debts that fall due": the verb
    if m["s"].lower() == "fall" or m["s"].lower() == "spring":
        prev = _prev_word(text, m.start())
        if not (m["shift"] or m["y"] or m["the"] or m["pos"]) and prev not in ("in", "during", "by", "until", "since", "through", "this", "last", "next", "that", "over", "early", "late", "each", "every"):
            return None
        nxt = _next_word(text, m.end()).lower()
        if m["s"].lower() == "fall" and not m["shift"] and not m["y"] and nxt in ("of", "in", "to", "by", "from", "below", "short"):
            return None
    nxt = _next_word(text, m.end())
    if nxt.lower() in ("olympics", "games", "camp", "school", "session", "offensive", "break", "festival", "collection", "time", "storm", "storms", "wheat", "crops", "solstice"):
        return None
    if m["the"] and _low(m["shift"]) in ("following", "previous") and not m["y"]:
        return None  # "the following spring": after the date last mentioned (anaphoric)
    mod = _pos_mod(m["pos"])
    start = m.start()
    if m["y"]:
        return mention_at(start, m.end(), "DATE", "abs", value=f"{m['y']}-{s}", mod=mod)
    return mention_at(start, m.end(), "DATE", "season", part=s,
                   shift=SHIFTS.get(_low(m["shift"]), ""), mod=mod)


# --- the quarter in focus (earnings reports) ---------------------------------
_ORD4 = r"(?:first|second|third|fourth)"
_QNUM = EN["quarter_ordinals"]


@rule("quarter_focus", r"(?i:(?P<det>the|that|its)\s+(?:(?P<adj>latest|current|same|comparable|most\s+recent|recent|just-ended|just\s+ended|fiscal|year's)\s+)*(?P<u>quarter|period))\b(?!-)", trigger=frozenset({"quarter", "period"}))
def quarter_focus(m, text):
    if m["u"].lower() == "period" and not m["adj"]:
        return None
    if m["det"].lower() == "its" and not m["adj"]:
        return None
    if re.search(r"(?i)latest|most\s+recent|just", m["adj"] or ""):
        return _m(m, "DATE", "focus", shift="latest")
    if re.fullmatch(r"(?i)current", (m["adj"] or "").strip()):
        return _m(m, "DATE", "rel", grain="quarter", offset=0)  # the quarter under way
    return _m(m, "DATE", "focus")


@rule("year_ago", rf"(?i:(?P<the>the\s+)?(?:(?:comparable|same|corresponding)\s+)?(?P<w>year-ago|year-earlier|year-before|prior-year|a\s+year\s+ago|a\s+year\s+earlier)(?:\s+(?P<ord>{_ORD4})?\s*(?P<u>quarter|period)\b)?)", trigger=frozenset({"year"}))
def year_ago(m, text):
    w = _low(m["w"])
    if m["u"]:
        return _m(m, "DATE", "focus", offset=-1, part=_QNUM.get(_low(m["ord"]), ""))
    if w.startswith("a "):
        return None  # "a year ago" is the 'ago' rule's
    s = m.start("w")
    return mention_at(s, m.end(), "DATE", "ago", grain="year", unit="year", offset=-1)


@rule("year_quarter", rf"(?i:(?P<the>the|its)\s+(?P<y>{YEAR4})\s+(?:(?P<ord>{_ORD4})[-\s]+)?(?P<u>quarter|period|half))\b", trigger=frozenset({"quarter", "period"}))
def year_quarter(m, text):
    if m["u"].lower() == "half":
        return None
    return _m(m, "DATE", "focus", year=int(m["y"]), part=_QNUM.get(_low(m["ord"]), ""))


@rule("years_quarter", rf"(?i:(?P<rel>this|last|next)\s+year's\s+(?:(?P<ord>{_ORD4})[-\s]+)?(?P<u>quarter|period))\b", trigger=frozenset({"year"}))
def years_quarter(m, text):
    off = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    return _m(m, "DATE", "focus", offset=off, part=_QNUM.get(_low(m["ord"]), ""), shift="year")


# --- relative dates --------------------------------------------------------
_REL_UNIT = r"(?:week|month|year|quarter|qtr|weekend|decade|century|fortnight)"


@rule("relative_unit", rf"(?i:(?:(?P<pos>{POS})\s+)?(?P<the>the\s+)?(?P<shift>{SHIFT}|current|present)\s+(?:fiscal\s+)?(?P<u>{_REL_UNIT}))\b", trigger=frozenset({"week", "month", "year", "quarter", "qtr", "weekend", "decade", "century", "fortnight"}))
def relative_unit(m, text):
    shift_w = _low(m["shift"])
    unit = m["u"].lower()
    if m["u"][0].isupper() and not m["u"].isupper():
        return None  # "This Week", a programme's name
    if m["the"] and shift_w in ("next", "following", "coming", "last", "previous"):
        # "the next year" / "the following week" is a duration or anaphoric: leave to others
        if shift_w in ("next", "coming") and unit in ("decade", "century") and not m["pos"]:
            return _m(m, "DURATION", "abs", value="P10Y" if unit == "decade" else "P100Y")
        if shift_w in ("following", "next", "coming"):
            return None
        if shift_w == "previous" and unit == "quarter" and not m["pos"]:
            # "the previous quarter": before the quarter under discussion, if any
            return _m(m, "DATE", "focus", shift="previous")
        if shift_w == "previous" and unit in ("week", "month", "year") and not m["pos"] and "fiscal" not in m.group().lower():
            return None  # "the previous month": before the date last mentioned (anaphoric)
    off = {"last": -1, "next": 1, "this": 0}[SHIFTS[shift_w]]
    mod = _pos_mod(m["pos"])
    if shift_w in ("past", "last", "next", "coming") and unit in ("decade", "century") and not m["pos"]:
        return _m(m, "DURATION", "abs", value="P10Y" if unit == "decade" else "P100Y")
    grain = {"fortnight": "week", "qtr": "quarter"}.get(unit, unit)
    return _m(m, "DATE", "rel", grain=grain, offset=off, mod=mod)


@rule("day_word", rf"(?i:(?:(?P<pos>early|late|earlier|later)\s+)?(?P<w>{alternation(DAY_WORDS)})"
                  r"(?:\s+(?P<part>morning|afternoon|evening|night|nite))?)\b",
      trigger=frozenset(w for w in DAY_WORDS if " " not in w))
def day_word(m, text):
    w = _low(m["w"])
    off, own_part = DAY_WORDS[w]
    part = PARTS_OF_DAY[m["part"].lower()] if m["part"] else own_part
    mod = _pos_mod(m["pos"])
    return _m(m, "TIME" if part else "DATE", "rel", grain="day", offset=off, part=part, mod=mod)


@rule("this_part", r"(?i:(?:(?P<pos>early|late|earlier|later|mid)[-\s]*)?(?:(?P<shift>this|last|(?<=\bthe\s)|(?<=\bin\sthe\s))\s*)?(?P<part>morning|afternoon|evening|night|nite)(?:\s+(?P<day>yesterday|today|tomorrow))?)\b", trigger=frozenset({"morning", "afternoon", "evening", "night", "nite"}))
def this_part(m, text):
    shift = m["shift"].lower() if m["shift"] else ""
    if not shift and not (m["pos"] and m["pos"].lower() == "mid"):
        return None  # a bare "morning" dates nothing; "mid-afternoon" is that part of the day
    off = -1 if shift == "last" else {"yesterday": -1, "tomorrow": 1}.get(_low(m["day"]), 0)
    if m["day"] and shift:
        return None  # "this morning yesterday" is no phrase
    return _m(m, "TIME", "rel", grain="day", offset=off, part=PARTS_OF_DAY[m["part"].lower()],
              mod=_pos_mod(m["pos"]))


@rule("overnight", r"\b(?i:overnight)\b", trigger=frozenset({"overnight"}))
def overnight(m, text):
    nxt = _next_word(text, m.end()).lower()
    if nxt in ("rate", "rates", "loan", "loans", "stay", "bag", "trip", "lending", "interest", "money", "funds",
               "delivery", "deliveries", "flight", "flights", "train", "bus", "shipping", "mail", "courier", "express",
               "camp", "guests", "guest", "success", "sensation", "star"):
        return None
    return _m(m, "TIME", "rel", grain="day", offset=0, part="NI")


@rule("weekday", rf"(?:(?P<pos>(?i:early|late|earlier|later|mid))[-\s]+)?(?:(?P<shift>(?i:{SHIFT}))\s+)?(?P<wd>{WEEKDAY})(?P<pl>s)?\b(?:\s+(?P<part>(?i:morning|afternoon|evening|night))(?P<ppl>s)?)?\b(?:\s+(?i:of\s+(?P<wk>next|last|this)\s+week)\b)?", trigger=_WEEKDAY_WORDS)
def weekday(m, text):
    wd = m["wd"].lower().rstrip(".")
    dow = WEEKDAYS[wd]
    nxt = _next_word(text, m.end())
    if not m["part"] and _NOT_TIMEX_AFTER_CAPITAL.match(nxt or "-"):
        return None
    if re.match(r"['’]s\s+[A-Z]", text[m.end():m.end() + 4]):
        return None  # "Friday's Child": a name
    prev = _prev_word(text, m.start())
    if prev in ("good", "black", "cyber", "super", "bloody", "ash", "holy", "palm", "easter"):
        return None
    if m["part"] and m["part"][0].isupper() and re.match(r"\s+[A-Z]", text[m.end():m.end() + 2]):
        return None  # "Monday Night Football", "the Saturday Evening Post": a name
    if nxt.lower() in ("school", "schools", "best", "roast", "lunch", "brunch", "supplement", "edition", "editions"):
        return None  # "Sunday school", "Sunday roast": a kind of thing, not a day
    if re.search(r"\b(?:Mail|Independent|Express|Mirror|Telegraph|Herald)\s+on\s+$", text[max(0, m.start() - 16):m.start()]):
        return None  # "the Mail on Sunday": a newspaper
    part = PARTS_OF_DAY[m["part"].lower()] if m["part"] else ""
    if m["pl"] or m["ppl"]:  # "Sundays", "Sunday mornings", "Tuesday nights": every one
        return _m(m, "SET", "abs", value=f"XXXX-WXX-{dow}" + (f"T{part}" if part else ""))
    if m["wk"]:  # "Thursday of next week": that weekday in that week
        return _m(m, "TIME" if part else "DATE", "weekday", dow=dow, shift="week_" + m["wk"].lower(), part=part,
                  mod=_pos_mod(m["pos"]))
    shift_w = _low(m["shift"])
    that = re.search(r"(?i)\bthat\s+$", text[max(0, m.start() - 6):m.start()])
    if that and re.search(r"(?i)\b(?:said|says|say|told|tell|announced|reported|added|noted|believe|believes|"
                          r"believed|think|thinks|thought|hope|hopes|hoped|expect|expects|expected|know|knew|"
                          r"so|such|now|claimed|insisted|warned|argued|agreed|confirmed|ruled|decided)\s+$",
                          text[max(0, m.start() - len(that.group()) - 12):m.start() - len(that.group())]):
        that = None  # "he said that Monday was ...": 'that' opens a clause
    if that and not shift_w and not m["pos"]:
        # "since that Saturday": the Saturday of the days the story is about
        return mention_at(m.start() - len(that.group()), m.end(), "TIME" if part else "DATE", "weekday",
                       dow=dow, shift="that_ref", part=part)
    the = re.search(r"(?i)\bthe\s+$", text[max(0, m.start() - 4):m.start()]) \
        if shift_w in ("following", "previous") and not m["pos"] else None
    if the:
        # "the following Monday", "the previous Friday": from the day just mentioned
        # (only the few characters before the match are read: linear on any text)
        start = m.start() - len(the.group())
        return mention_at(start, m.end(), "TIME" if part else "DATE", "weekday", dow=dow,
                       shift="after_ref" if shift_w == "following" else "before_ref", part=part)
    return _m(m, "TIME" if part else "DATE", "weekday", dow=dow,
              shift=SHIFTS.get(shift_w, ""), part=part, mod=_pos_mod(m["pos"]))


#: Weekday abbreviations without their full stop.  "Tue", "Thurs", "Fri" are days
#: wherever they stand; "mon", "wed", "sat", "sun" are also words ("Sat down", "the Sun",
#: "newly wed"), so they are days only next to a day cue: a shift word ("this sat",
#: "next Mon"), "every", another weekday ("mon, wed, thur", "Sat-Sun"), a clock time or
#: a day number after them ("Sat 7pm", "Sun 3 May").
_WD_SHORT = EN["weekday_abbreviations"]
_WD_SURE = EN["weekday_abbreviations_sure"]
_WD_ANY = r"(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)(?:day|nesday|sday|urday)?"  # a weekday, short or whole
_WD_JOIN = r"(?:[,/&+-]|–|and|or|to|till|until|through)"                         # between two in a list
_WD_NEIGHBOUR = re.compile(rf"(?i)\s*{_WD_JOIN}\s*{_WD_ANY}\b")
_WD_BEFORE = re.compile(rf"(?i){_WD_ANY}\.?(?:\s+(?:morning|afternoon|evening|night|nite)s?)?\s*{_WD_JOIN}\s*$")
_WD_CLOCK_AFTER = re.compile(r"(?i),?\s*(?:at\s+)?(?:\d{1,2}(?:[:.]\d\d)?\s*[ap]\.?m\b|\d{1,2}[:.]\d\d\b|[0-3]?\d(?:st|nd|rd|th)?\s+[A-Za-z]{3})")


@rule("weekday_short", rf"""
    (?:(?P<shift>(?i:this\s+past|this\s+coming|last|next|nxt|this|coming|every|on))\s+)?   # "this sat"
    (?P<wd>(?i:{alternation(_WD_SHORT)}))\b
    (?!['’.]\w|-(?!(?i:mon|tue|wed|thu|fri|sat|sun))\w)     # not "Sat's", "sun-dried"; "Sat-Sun" is fine
    (?:\s+(?P<part>(?i:morning|afternoon|evening|night|nite))(?P<ppl>s)?)?\b""", re.VERBOSE,
      trigger=frozenset(_WD_SHORT))
def weekday_short(m, text):
    wd = m["wd"].lower()
    shift = _low(m["shift"])
    sure = (wd in _WD_SURE and (m["wd"][0].isupper() or shift)) or (shift and shift != "on") \
        or _WD_NEIGHBOUR.match(text, m.end("wd")) or _WD_BEFORE.search(text[max(0, m.start("wd") - 24):m.start("wd")]) \
        or _WD_CLOCK_AFTER.match(text, m.end())
    if not sure or (wd == "sun" and m["wd"] == "Sun" and not shift and _prev_word(text, m.start()) == "the"):
        return None
    if shift == "on" and not (m["part"] or _WD_NEIGHBOUR.match(text, m.end("wd"))):
        start = m.start("wd")  # "on sat": the preposition stays out
    else:
        start = m.start() if shift != "on" else m.start("wd")
    part = PARTS_OF_DAY[m["part"].lower()] if m["part"] else ""
    dow = _WD_SHORT[wd]
    if shift == "every" or m["ppl"]:
        return mention_at(start, m.end(), "SET", "abs", value=f"XXXX-WXX-{dow}" + (f"T{part}" if part else ""))
    return mention_at(start, m.end(), "TIME" if part else "DATE", "weekday", dow=dow,
                   shift=SHIFTS.get(shift, ""), part=part)


@rule("weekdays_from_now", rf"(?P<q>{NUMBER})\s+(?P<wd>{WEEKDAY})s\s+(?i:from\s+(?:now|today))\b",
      trigger=frozenset({"now", "today"}))  # rarer than weekday names
def weekdays_from_now(m, text):
    """'3 Fridays from now': the third Friday after publication."""
    n = number_value(m["q"])
    if n is None or n != int(n) or not 1 <= n <= 520:
        return None
    return _m(m, "DATE", "weekday", dow=WEEKDAYS[m["wd"].lower().rstrip(".")], shift="ahead", offset=int(n))


# --- times of day ------------------------------------------------------------
_DAY_AFTER = (rf"(?:,?\s+(?:on\s+)?(?P<day>{WEEKDAY}(?:\s+(?i:morning|afternoon|evening|night))?|"
              rf"(?i:{alternation(w for w in DAY_WORDS if ' ' not in w)}|last\s+night|this\s+(?:morning|afternoon|evening))|"
              rf"{MONTH}\s?{DAY_NUM}\b(?:,?\s+{YEAR4})?|{MONTH}\s+(?:the\s+)?{_DAY_ORD}\b))?")


def _ampm_digits(word: str) -> bool:
    return word.endswith(("am", "pm")) and word[:-2].isdigit()  # "3pm", "30am" of "6.30am"


_LATER_IN_DAY = re.compile(r"(?i)\b(?:tonight|evening|afternoon|night)\b")  # "six o'clock tonight" is p.m.
_CLOCK = rf"(?:(?P<approx>(?i:around|about|approximately|roughly|shortly\s+(?:before|after)|just\s+(?:before|after)))\s+)?(?<![\d:.$])(?:(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?|(?P<hc>1[0-2]|0?[1-9])(?P<mic>[0-5]\d)(?=\s*{AMPM}))\s*(?:(?P<ap>{AMPM})|(?P<oclock>o'clock|o’clock))(?P<tz>{TZ}){_DAY_AFTER}"


@rule("clock", _CLOCK, trigger=_ampm_digits)   # "3pm", "6.30am": one word
@rule("clock", _CLOCK, trigger=frozenset({"m", "am", "pm", "clock"}))
def clock(m, text):
    h = int(m["h"] or m["hc"])  # "4:30pm", or "430pm" as posts write it
    mi = int(m["mi"] or m["mic"] or 0)
    if m["ap"]:
        if h > 12 or (h == 0 and not m["ap"].lower().startswith("a")):
            return None  # "0:00 a.m." is midnight's start (Xinhua style); "0 p.m." is nothing
        pm = m["ap"].lower().startswith("p")
        h = (h % 12) + (12 if pm else 0)
    elif 1 <= h <= 11 and _LATER_IN_DAY.search(text[m.start():m.end() + 25]) \
            and not (h >= 9 and re.search(r"(?i)\bafternoon\b", text[m.start():m.end() + 25])):
        h += 12  # "6 o'clock tonight", "4 o'clock this afternoon"
    return _time_mention(m, f"{h:02d}:{mi:02d}")


_HOUR_WORD = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"


@rule("clock_part", rf"(?:(?P<approx>(?i:around|about|approximately|roughly))\s+)?(?<![\d:.$])(?P<h>1[0-2]|0?[1-9]|(?i:{_HOUR_WORD}))(?:[:.](?P<mi>[0-5]\d))?(?:\s+(?i:o'clock|o’clock))?\s+(?i:in\s+the\s+(?P<dp>morning|afternoon|evening)|at\s+(?P<night>night)){_DAY_AFTER}", trigger=frozenset({"morning", "afternoon", "evening", "night"}))
def clock_part(m, text):
    """'4 in the morning', 'ten at night': a clock time whose half of the day is said in words."""
    h = int(number_value(m["h"]) or 0)
    if not 1 <= h <= 12:
        return None
    if not m["mi"] and "clock" not in m.group() and not m["approx"] and _prev_word(text, m.start()) not in _CLOCK_PREP:
        return None  # "4 in the morning line": a clock time needs "at", "until", "by" ...
    if m["night"] and h == 12:
        return _time_mention(m, "24:00")  # "12 at night": midnight
    pm = (m["dp"] or "").lower() in ("afternoon", "evening") or (m["night"] and h >= 6)
    h = (h % 12) + (12 if pm else 0)
    return _time_mention(m, f"{h:02d}:{int(m['mi'] or 0):02d}")


_ONE_TO_NINE = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_MINUTE_WORDS = (rf"(?:o(?:h)?[-\s]{_ONE_TO_NINE}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
                 rf"eighteen|nineteen|(?:twenty|thirty|forty|fifty)(?:[-\s]{_ONE_TO_NINE})?)")
_ZONE_AHEAD = r"(?=\s+(?:Eastern|Central|Pacific|Mountain|Atlantic|local\s+time|GMT|UTC|Universal|Greenwich))"


@rule("clock_words", rf"(?:(?P<approx>(?i:around|about|approximately|roughly))\s+)?(?P<h>(?i:{_HOUR_WORD}))(?:[-\s](?P<mi>(?i:{_MINUTE_WORDS})))?"
      rf"(?:\s*(?P<ap>{AMPM})|\s+(?P<oclock>o'clock|o’clock)|\s+(?i:in\s+the\s+(?P<dp>morning|afternoon|evening))|{_ZONE_AHEAD}"
      rf"|(?P<bare>(?=\s+(?:{WEEKDAY}|(?i:tonight|today|yesterday|last\s+night|this\s+(?:morning|afternoon|evening)))\b)|(?=[\s.,;:!?)])))"
      rf"(?P<tz>{TZ}){_DAY_AFTER}",
      trigger=frozenset({"m", "am", "pm", "clock", "morning", "afternoon", "evening", "eastern", "central", "pacific",
                         "mountain", "atlantic", "local", "gmt", "utc", "universal", "greenwich",
                         "oh", "o", "fifteen", "thirty", "forty", "fifty"}))  # (minute words: "at ten-fifteen")
def clock_words(m, text):
    """'ten-fifteen p.m.', 'seven-oh-five Eastern', 'two forty-six in the afternoon':
    spoken clock times (broadcast transcripts)."""
    h = int(number_value(m["h"]) or 0)
    mi = 0
    if m["mi"]:
        mw = m["mi"].lower()
        mi = int(number_value(re.sub(r"^oh?[-\s]", "", mw)) or 0)
    if not 1 <= h <= 12 or mi > 59:
        return None
    if not (m["ap"] or m["oclock"] or m["dp"] or m["tz"].strip()):
        # no a.m./p.m. and no zone: "nine-forty Friday night", "at ten-fifteen" (hour and minutes in words)
        if not (m["mi"] and (m["day"] or _prev_word(text, m.start()) in ("at", "until", "by", "around", "about"))):
            return None
    if not m["mi"] and not m["ap"] and not m["oclock"] and not m["dp"] and _prev_word(text, m.start()) not in _CLOCK_PREP:
        return None  # "two Eastern states"
    if m["ap"]:
        pm = m["ap"].lower().startswith("p")
    elif m["dp"]:
        pm = m["dp"].lower() != "morning"
    elif m["oclock"] and not _LATER_IN_DAY.search(text[m.start():m.end() + 25]):
        pm = False  # as "1 o'clock" in digits
    else:  # the zone alone: the sentence's part of day, else working hours (1-6 in the afternoon)
        sentence = text[max(0, m.start() - 150):m.end() + 80]
        if re.search(r"(?i)\b(?:night|evening)\b", text[m.start():m.end() + 25]) or \
                re.search(r"(?i)\b(?:tonight|this\s+evening|last\s+night|p\.m\.)", sentence):
            pm = True
        elif re.search(r"(?i)\b(?:this\s+morning|a\.m\.)", sentence):
            pm = False
        else:
            pm = h <= 6
    h = (h % 12) + (12 if pm else 0)
    return _time_mention(m, f"{h:02d}:{mi:02d}")


@rule("hours_zone", rf"(?P<h>(?i:{_HOUR_WORD}|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[-\s](?:one|two|three))?|zero))\s+(?i:hundred\s+)?(?i:hours)(?P<tz>\s+(?:GMT|UTC|Universal\s+Time|Greenwich\s+Mean\s+Time|Zulu)){_DAY_AFTER}",
      trigger=frozenset({"gmt", "utc", "universal", "greenwich", "zulu"}))
def hours_zone(m, text):
    """'twenty-one hours Universal Time': a 24-hour clock time said in words."""
    h = int(number_value(m["h"]) or 0) if m["h"].lower() != "zero" else 0
    if not 0 <= h <= 23:
        return None
    return _time_mention(m, f"{h:02d}:00")


_CLOCK_PREP = EN["before_bare_clock"]


@rule("clock24", rf"(?:(?<=\bat\s)|(?<=\bby\s)|(?<=\buntil\s)|(?<=\bfrom\s)|(?<=\bbefore\s)|(?<=\bafter\s))(?P<h>[01]\d|2[0-3])[:.]?(?P<mi>[0-5]\d)(?:\s*(?:hours|hrs|h)\b)?(?P<tz>{TZ}){_DAY_AFTER}", trigger=_clock_digits)
def clock24(m, text):
    if ":" not in m.group() and "." not in m.group() and not re.search(r"hours|hrs|h\b|GMT|UTC|[A-Z]T\b|[Tt]ime\b", m.group()):
        return None
    return _time_mention(m, f"{m['h']}:{m['mi']}")


@rule("noon", rf"\b(?i:(?P<w>noon|midday|midnight))\b{TZ}{_DAY_AFTER}", trigger=frozenset({"noon", "midday", "midnight"}))
def noon(m, text):
    w = m["w"].lower()
    return _time_mention(m, "24:00" if w == "midnight" else "12:00")


_DAY_AFTER_TRADING = re.compile(rf"\s+(?:(?:New\s+York\s+Stock\s+Exchange|Big\s+Board|American\s+Stock\s+Exchange|national\s+over-the-counter|"
                                rf"composite|Tokyo|London|late|early|heavy|light|active)\s+)*trading\s+(?:on\s+)?(?P<day>{WEEKDAY}|(?i:yesterday|today))\b")
_DAY_AFTER_NOUN = re.compile(rf"\s+(?:deadline|meeting|vote|curfew|session|ceremony|flight|broadcast|speech|game|match|"
                             rf"launch|kickoff|closing|opening|news\s+conference|press\s+conference|service|hearing)\s+"
                             rf"(?:on\s+)?(?P<day>{MONTH}\s?{DAY_NUM}\b(?:,?\s+{YEAR4})?|{WEEKDAY}|(?i:yesterday|today|tomorrow))")
_DAY_AFTER_PAREN = re.compile(rf"\s+\([^()\n]{{1,20}}\),?\s+(?:on\s+)?(?P<day>{WEEKDAY}|(?i:today|yesterday|tomorrow))\b")


def _time_mention(m: re.Match, clock_s: str) -> Mention:
    day = None
    if m["day"]:
        sub = extract_one(m.string, m.start("day"), m.end("day"))
        if sub is not None:
            day = sub
    else:
        # "10:35 a.m. (0735 GMT) Friday": the day after a parenthesis dates the
        # time, but stays an expression of its own
        after = (_DAY_AFTER_PAREN.match(m.string, m.end()) or _DAY_AFTER_TRADING.match(m.string, m.end())
                 or _DAY_AFTER_NOUN.match(m.string, m.end()))  # "the 5 p.m. deadline on Nov. 3"
        if after:  # "In 4 p.m. composite trading Thursday": the day of the trading
            day = extract_one(m.string, after.start("day"), after.end("day"))
    mod = "APPROX" if m.groupdict().get("approx") else None
    return _m(m, "TIME", "time", part=clock_s, day_from=day, mod=mod)


# --- durations, 'ago', sets -----------------------------------------------
_DUR = (rf"(?P<mod>(?i:{MOD_BEFORE})\s+)?(?P<the>(?i:the|these|those|its|their|his|her|our)\s+)?(?:(?P<rel>(?i:past|last|next|first|coming|previous|following|final|remaining|latest|initial|ensuing|preceding|succeeding))\s+)?"
        rf"(?:(?P<halfa>(?i:half\s+an?))|(?P<q>{QUANT}))(?P<frac>\s*(?:1/2|½)|\s+and\s+a\s+half)?(?P<more>\s+(?i:more|consecutive|straight|successive|full|whole|additional|extra|long|trading|business|working|school|single))?(?:(?P<sep>\s+|-)|(?<=\d))(?P<u>(?i:{UNIT}|{UNIT_SHORT}))\b(?P<andhalf>\s+and\s+a\s+half)?(?P<orso>\s+or\s+so)?")


_SOMEDAY_BEFORE = EN["before_one_day_someday"]
_RATE_BEFORE = re.compile(r"(?:\d[\d,.]*\s*(?:%|percent|million|billion|thousand|cents?|dollars?|pounds?|euros?|yen|yuan|points?)?|[a-z]{3,}s|times|seats|flights)\s+$")

# a fraction of a unit in the next smaller one: 2.5 years -> P2Y6M, 0.5 hours -> PT30M
_SMALLER = {"Y": ("M", 12, False), "M": ("D", 30, False), "W": ("D", 7, False), "D": ("H", 24, True),
            "H": ("M", 60, True), "DE": ("Y", 10, False)}
_SMALLER_TIME = {"H": ("M", 60), "M": ("S", 60), "S": ("S", 1)}


def _fractional(n: float, letter: str, is_time: bool) -> str:
    if letter == "S":                 # the smallest unit keeps its decimals: PT9.58S
        return f"PT{n:g}S"
    small, factor, small_is_time = _SMALLER[letter]
    whole, rest = int(n), round((n - int(n)) * factor)
    if letter == "DE":
        return f"P{int(n * 10)}Y"
    big = f"{whole}{letter}" if whole else ""
    if is_time:                       # hours -> minutes: PT5H30M; minutes -> seconds: PT1M30S
        small, factor = _SMALLER_TIME[letter]
        rest = round((n - int(n)) * factor)
        return f"PT{big}{rest}{small}"
    if small_is_time:                 # days -> hours: P2DT12H
        return f"P{big}T{rest}{small}" if big else f"PT{rest}{small}"
    return f"P{big}{rest}{small}"


@rule("duration", _DUR, trigger=_glued_unit)  # "2weeks", "1.5hrs": the number and its unit in one word
@rule("duration", _DUR, trigger=_UNIT_WORDS)
def duration(m, text):
    if re.search(r"\d{4}[-–/]$", text[max(0, m.start() - 5):m.start()]):
        return None  # "the 1998-99 school year": the end of a span of years, not 99 years
    if m["sep"] is None and m["q"] and re.search(r"\d[:.]$", text[max(0, m.start() - 2):m.start()]):
        return None  # "03:00hrs": a clock time, not a number of hours
    q = _low(m["q"]) if m["q"] else "a"
    if (m.group().lower() == "one day" and _prev_word(text, m.start()) in _SOMEDAY_BEFORE
            and re.match(r"\s+[a-z]", text[m.end():m.end() + 2])):
        return _m(m, "DATE", "abs", value="FUTURE_REF")  # "would one day be his": some day
    sg = _singular(m["u"])
    if sg is None:
        return None
    grain, letter, is_time = UNITS[sg]
    after = text[m.end():m.end() + 25]
    if re.match(r"(?i)[-\s]+old\b", after):
        return None  # ages: "a 45-year-old", "six months old"
    if re.match(r"(?i)\s+(?:ago|hence|from\s+now|back)\b", after):
        return None  # handled by the 'ago' rule
    if re.match(r"(?i)\s+(?:earlier|before)\s*[.,;:!?)'\"”]", after) and sg in ("month", "quarter", "year", "decade", "century"):
        return None  # "a year earlier": a date, handled by the 'ago' rule ("three years later" is a duration)
    if q in ("a", "an") and sg == "second":
        return None  # "a second time"
    if m["u"][0].isupper() and not m["u"].isupper() and m["sep"] and not (m["q"] or "x")[0].isupper():
        return None  # "60 Minutes", "Sandra Day O'Connor": names (but "6 DAYS", "7Days")
    if sg == "quarter" and (re.match(r"(?i)[-\s]+(?:mile|miles|inch|inches|point|points|pound|pounds|percent|cent|cents|hour|century)\b", after)
                            or re.search(r"\band\s+$", text[max(0, m.start() - 5):m.start()])):
        return None  # "a quarter mile", "forty-one and a quarter": a fraction
    if sg == "night" and re.match(r"['’]s\b", after):
        return None  # "a full night's sleep"
    if sg == "quarter" and ((re.match(r"\s+of\b", after) and ((number_value(q) or 1) < 2 or m["sep"] == "-"
                                                               or re.match(r"\s+of\s+(?:the\s+)?(?:\d|fiscal|this|last|next)", after)))
                            or _prev_word(text, m.start()) == "by"):
        return None  # "three-quarters of its food", "shrunk by nearly a quarter": a fraction
    if q in ("a", "an", "per") and not m["mod"] and not m["rel"] and _RATE_BEFORE.search(text[max(0, m.start() - 30):m.start()]):
        return None  # "$1.76 a year", "four flights a week": a rate, not a time
    n = number_value(q)
    if n is not None and n >= 1000 and re.fullmatch(r"\d{4}", q):
        return None  # "the 1988 quarter": a year, not a count
    if n is None and q not in VAGUE_QUANT and not q.startswith("a few") and not q.startswith("a couple"):
        return None
    prev = _prev_word(text, m.start())
    if q in ("a", "an", "one", "per", "each") and prev in ("once", "twice", "thrice", "times", "per") and not m["mod"]:
        return _m(m, "SET", "abs", value=duration_value(1, sg))
    if m["sep"] == "-" and n is None:
        return None
    if q in ("couple of", "a couple of", "a couple"):
        n = 2
    if n is not None and (m["frac"] or m["andhalf"]):
        n += 0.5
    if m["halfa"]:
        n = 0.5
    if n is not None and n != int(n) and sg not in ("weekend", "fortnight") and (letter in _SMALLER or is_time):
        value = _fractional(n, letter, is_time)  # 2 1/2 years -> P2Y6M
    else:
        value = duration_value(n, sg)
    mod = MODS_BEFORE.get(_low(m["mod"])) if m["mod"] else None
    if m["orso"]:
        mod = "APPROX"
    start = m.start()
    if m["the"] and (m["sep"] == "-" or _low(m["the"]) != "the"):
        # "the 14-day strike", "its two years": the determiner stays out (TimeBank keeps
        # "the" in "the nine months", "the past two years")
        start = m.start("rel") if m["rel"] else m.start("halfa") if m["halfa"] else m.start("q")
    if m["rel"] and not m["the"] and _low(m["rel"]) == "last" and prev in _MODALS:
        start = m.start("q") if m["q"] else m.start("halfa")  # "could last several months": the verb 'last'
    if m["mod"] and m["the"] and _low(m["mod"]) in ("over", "within", "during"):
        start, mod = m.start("the"), None  # "over the past five years": a period, not a bound
    if m["mod"] and _low(m["mod"]) == "within" and not m["the"]:
        start, mod = (m.start("q") if m["q"] else m.start("halfa")), None
    return mention_at(start, m.end(), "DURATION", "abs", value=value, mod=mod)


@rule("unit_long", rf"\b(?P<pl>(?i:{UNIT_PL}))?(?P<u>(?i:{UNIT_SG}))?-long\b", trigger=frozenset({"long"}))
def unit_long(m, text):
    word = (m["pl"] or m["u"] or "").lower()
    if not word:
        return None
    sg = _singular(word)
    if sg in (None, "second"):
        return None
    return _m(m, "DURATION", "abs", value=duration_value(None if m["pl"] else 1, sg))


@rule("ago", rf"(?P<mod>(?i:{MOD_BEFORE})\s+)?(?P<q>{QUANT})(?:\s+|(?<=\d))(?P<u>(?i:{UNIT}|{UNIT_SHORT}))(?P<orso>\s+or\s+so)?\s+(?P<dir>(?i:ago|earlier|before|later|after|hence|from\s+now|back))\b", trigger=_UNIT_WORDS)
def ago(m, text):
    sg = _singular(m["u"])
    if sg is None:
        return None
    d = _low(m["dir"])
    if d in ("before", "after", "earlier", "later"):
        # "two days before the vote", "three days later": anchored on an event, not the
        # document; only a long unit standing alone ("a year earlier") is read as a date
        if sg not in ("month", "quarter", "year", "decade", "century"):
            return None
        if d in ("before", "after") and _next_word(text, m.end()):
            return None
        if d in ("later", "after"):
            return None  # "three years later": the duration "three years" (TimeBank's practice), "later" a signal
    q = _low(m["q"])
    n = number_value(q)
    sign = 1 if d in ("later", "after", "hence", "from now") else -1
    mod = MODS_BEFORE.get(_low(m["mod"])) if m["mod"] else None
    if m["orso"]:
        mod = "APPROX"
    if n is None:
        return _m(m, "DATE", "abs", value="PAST_REF" if sign < 0 else "FUTURE_REF", mod=mod)
    grain_of_value = {"second": "time", "minute": "time", "hour": "time", "day": "day", "week": "week",
                      "weekend": "week", "fortnight": "week", "month": "month", "quarter": "quarter",
                      "year": "year", "decade": "year", "century": "year"}[sg]
    unit_g = {"weekend": "week", "fortnight": "week"}.get(sg, sg)
    n = int(n) * (2 if sg == "fortnight" else 1)
    if grain_of_value == "time":
        return None
    event = "event" if d in ("before", "after", "earlier", "later") else ""  # may count from a date just mentioned
    return _m(m, "DATE", "ago", grain=grain_of_value, unit=unit_g, offset=sign * n, mod=mod, shift=event)


_SET_UNIT = r"(?:day|week|month|year|quarter|morning|afternoon|evening|night|hour|minute|weekend|summer|winter|spring|fall|autumn|decade)"


@rule("set_every", rf"(?i:(?P<q>every|each)\s+(?:(?P<other>other|single)\s+)?(?P<u>{_SET_UNIT}|(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\s+(?P<wpart>morning|afternoon|evening|night))?|(?P<mon>january|february|march|april|may|june|july|august|september|october|november|december)))\b", trigger=frozenset({"every", "each"}))
def set_every(m, text):
    if m["wd"]:
        part = f"T{PARTS_OF_DAY[m['wpart'].lower()]}" if m["wpart"] else ""
        return _m(m, "SET", "abs", value=f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()]}{part}")
    if m["mon"]:
        return _m(m, "SET", "abs", value=f"XXXX-{MONTHS[m['mon'].lower()]:02d}")
    u = m["u"].lower()
    n = 2 if m["other"] and m["other"].lower() == "other" else 1
    if u in ("morning", "afternoon", "evening", "night"):
        return _m(m, "SET", "abs", value=f"XXXX-XX-XXT{PARTS_OF_DAY[u]}")
    if u in SEASONS:
        return _m(m, "SET", "abs", value=f"XXXX-{SEASONS[u]}")
    if u == "weekend":
        return _m(m, "SET", "abs", value="XXXX-WXX-WE")
    return _m(m, "SET", "abs", value=duration_value(n, u))


@rule("set_every_n", rf"(?i:every\s+(?P<q>{NUMBER}|few|several|couple\s+of)\s+(?P<u>{UNIT_PL}))\b", trigger=frozenset({"every"}))
def set_every_n(m, text):
    n = number_value(m["q"])
    sg = _singular(m["u"])
    if sg in (None, "weekend"):
        return None
    return _m(m, "SET", "abs", value=duration_value(n, sg))  # n None: "every few weeks" PXW


@rule("set_times", rf"(?i:(?:(?P<q>{NUMBER})\s+(?:times|(?P<small>days?|nights?|hours?|weekends?))|once|twice|thrice)\s+(?:a|an|per|each|every)\s+(?P<u>{UNIT_SG}))\b",
      trigger=frozenset({"times", "once", "twice", "thrice", "day", "days", "night", "nights", "hour", "hours", "weekend", "weekends"}))
def set_times(m, text):
    """'twice a week', 'three times a day': a set (the frequency is in the span, the value is the period)."""
    sg = _singular(m["u"])
    if sg in (None, "weekend") or re.match(r"(?i)\s+(?:ago|earlier|later|before|after)\b", text[m.end():m.end() + 8]):
        return None  # "once a year ago" is no set
    if m["small"]:
        small = _singular(m["small"])
        order = ["hour", "night", "day", "weekend", "week", "month", "quarter", "year", "decade", "century"]
        if small not in order or sg not in order or order.index(small) >= order.index(sg):
            return None  # "two days a week" yes; "24 hours a day" is a rate of hours, still fine; "a day a day" no
    return _m(m, "SET", "abs", value=duration_value(1, sg))


@rule("set_weekends", r"(?i:(?<=\bon\s)|(?<=\bduring\s)|(?<=\bat\s))(?i:weekends)\b", trigger=frozenset({"weekends"}))
def set_weekends(m, text):
    return _m(m, "SET", "abs", value="XXXX-WXX-WE")  # "open on weekends"


@rule("set_quarterly", r"(?i:quarterly)\b(?=\s*(?:[.,;:!?)]|$|and\b|or\b))", trigger=frozenset({"quarterly"}))
def set_quarterly(m, text):
    return _m(m, "SET", "abs", value="P3M")  # "meets quarterly"; not "quarterly results"


@rule("set_adverb", rf"\b(?:(?i:once|twice|thrice|(?:{NUMBER})\s+times)\s+)?(?i:(?P<w>daily|weekly|monthly|annually|yearly|hourly|nightly|biweekly|bimonthly|semiannually|semi-annually|biannually|fortnightly))\b", trigger=frozenset({"daily", "weekly", "monthly", "annually", "yearly", "hourly", "nightly", "biweekly", "bimonthly", "semiannually", "biannually", "fortnightly"}))
def set_adverb(m, text):
    v = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "quarterly": "P3M", "annually": "P1Y",
         "yearly": "P1Y", "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W", "bimonthly": "P2M",
         "semiannually": "P6M", "semi-annually": "P6M", "biannually": "P6M", "fortnightly": "P2W"}[m["w"].lower()]
    return _m(m, "SET", "abs", value=v)


# --- vague references ----------------------------------------------------------
_REFS = {  # every word the "ref" pattern can match
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "just now": "PAST_REF", "currently": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "these days": "PRESENT_REF", "at present": "PRESENT_REF",
    "presently": "PRESENT_REF", "current": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF", "recent": "PAST_REF",
    "the future": "FUTURE_REF", "future": "FUTURE_REF", "soon": "FUTURE_REF", "a later date": "FUTURE_REF",
}


@rule("ref", r"\b(?i:(?P<w>right\s+now|just\s+now|now|currently|nowadays|these\s+days|at\s+present|presently|recently|lately|(?:the\s+)?(?:near\s+|distant\s+|foreseeable\s+)?future|the\s+past|a\s+later\s+date|current|recent|soon|the\s+(?:near|short|long)\s+term))\b(?!-)", trigger=frozenset({"soon", "now", "currently", "nowadays", "days", "present", "presently", "recently", "lately", "future", "past", "later", "current", "recent", "term"}))
def ref(m, text):
    w = re.sub(r"\s+", " ", _low(m["w"]))
    if w.endswith(" term") and re.match(r"\s+[a-z]", text[m.end():m.end() + 2]) and _next_word(text, m.end()).lower() not in ("and", "or", "but"):
        return None  # "the long term outlook": an adjective
    if w.endswith(" term"):
        return _m(m, "DATE", "abs", value="FUTURE_REF")  # "in the near term"
    key = ("the future" if w.startswith("the ") else "future") if w.endswith("future") else w
    v = _REFS.get(key)
    if v is None:
        return None
    nxt = _next_word(text, m.end()).lower()
    prev = _prev_word(text, m.start())
    if w == "now" and prev == "as":
        return None  # "as now": a comparison
    if w == "recently" and prev == "as" and nxt == "as":
        return None  # "as recently as 1997": the date that follows is the expression
    if w == "recent" and nxt not in ("history", "times", "past"):
        return None  # "recent years" is a duration (recent_units); "recent tests" dates nothing
    if w == "current" and nxt in ("account", "accounts", "affairs", "events", "flow", "flows", "liabilities", "assets", "rate", "density", "source", "sources", "and", "electric", "electricity", "of"):
        return None
    if w == "future" and nxt not in ("of", "is", "was", "will", "looks", "remains"):
        return None  # "future quarters", "a future president": an adjective
    if w == "the past" and nxt in ("week", "month", "year", "decade", "century", "few", "several", "two", "three", "weekend", "quarter", "days", "months", "years", "weeks"):
        return None
    if w == "soon" and (prev in ("as", "how", "too", "so") or nxt in ("as", "after", "before", "thereafter")):
        return None  # "as soon as", "soon after the vote": not a reference to the future
    return _m(m, "DATE", "abs", value=v)


@rule("recent_units", rf"(?i:(?P<the>the\s+)?(?P<adj>recent|coming|past|next|last|previous|ensuing|following|upcoming)\s+(?:(?P<few>few|several|many)\s+)?(?P<u>{UNIT_PL})(?:\s+and\s+(?:{UNIT_PL}))?)\b", trigger=_UNIT_WORDS)
def recent_units(m, text):
    adj = m["adj"].lower()
    if adj == "last" and not m["the"] and _prev_word(text, m.start()) in _MODALS:
        return None  # "could last several months": the verb; the duration rule takes the rest
    sg = _singular(m["u"])
    if adj == "recent" and sg in ("year", "decade", "century"):
        return _m(m, "DATE", "abs", value="PAST_REF")  # TimeBank practice
    return _m(m, "DURATION", "abs", value=duration_value(None, sg))


_HALF_UNITS = {"hour": "PT30M", "day": "PT12H", "year": "P6M", "decade": "P5Y", "century": "P50Y"}


@rule("half_unit", r"(?i:(?:(?P<mod>more\s+than|less\s+than|nearly|almost|about|over)\s+)?(?:(?P<the>the|a)\s+)?(?:(?P<rel>next|past|last|first|previous|following|final|remaining)\s+)?(?P<frac>half|quarter)[-\s](?P<u>hour|day|year|decade|century))\b(?!-)",
      trigger=frozenset({"half", "quarter"}))
def half_unit(m, text):
    """'the next half hour', 'a half-century': half a unit."""
    if m["the"] and m["the"].lower() == "the" and not m["rel"]:
        return None  # "the half year" is rarely a duration
    u = m["u"].lower()
    if m["frac"].lower() == "quarter":  # "a quarter century", "the final quarter hour"
        if u not in ("century", "hour"):
            return None
        value = "P25Y" if u == "century" else "PT15M"
    else:
        value = _HALF_UNITS[u]
    return _m(m, "DURATION", "abs", value=value, mod=MODS_BEFORE.get(_low(m["mod"])) if m["mod"] else None)


@rule("another_unit", rf"(?i:another\s+(?P<u>{UNIT_SG}))\b", trigger=frozenset({"another"}))
def another_unit(m, text):
    """'extended for another year', 'telling us another day of it': one more unit."""
    sg = _singular(m["u"])
    if sg in (None, "weekend", "night") or _prev_word(text, m.start()) not in _ANOTHER_BEFORE:
        return None  # "live to fight another day"
    return _m(m, "DURATION", "abs", value=duration_value(1, sg))


_ANOTHER_BEFORE = EN["before_another_unit"]


@rule("units_ahead", rf"(?i:the\s+(?:(?:few|several|many)\s+)?(?P<u>{UNIT_PL})\s+ahead)\b(?!\s+of\b)", trigger=frozenset({"ahead"}))
def units_ahead(m, text):
    """'the weeks ahead', 'the months ahead': a vague duration, like 'the coming weeks'."""
    sg = _singular(m["u"])
    if sg in (None, "second"):
        return None
    return _m(m, "DURATION", "abs", value=duration_value(None, sg))


@rule("bare_units", rf"\b(?P<u>(?i:{UNIT_PL}))\b(?!\s+ago)(?P<later>\s+(?:later|earlier)\b)?", trigger=_UNIT_WORDS)
def bare_units(m, text):
    if m.start() and not text[m.start() - 1].isspace():
        return None  # "after-hours trading"
    if re.match(r"\s+(?:before|after|leading\s+up\s+to|following|preceding)\b", text[m.end():m.end() + 20]):
        sg = _singular(m["u"])
        if _prev_word(text, m.start()) != "the" or sg in (None, "second", "night", "weekend"):
            return None  # "days after the vote": a count, with the 'ago' rule's care
        # "in the weeks before the collapse": a time named by an event, dated only as
        # that event is (TimeBank tags the unit, as a date)
        return _m(m, "DATE", "abs", value="XXXX-XX-XX")
    if re.match(r"\s+of\b", text[m.end():m.end() + 4]) and _prev_word(text, m.start()) not in ("after", "within"):
        return None  # "days of rage"; but "after months of talks" is a duration
    if m["later"]:
        # "arrested him minutes later": a vague duration ("later" stays out, as in "three days later")
        sg = _singular(m["u"])
        if sg in (None, "night", "weekend") or _prev_word(text, m.start()) in ("the", "those", "these"):
            return None
        return mention_at(m.start(), m.end("u"), "DURATION", "abs", value=duration_value(None, sg))
    if _prev_word(text, m.start()) not in ("for", "over", "in", "within", "took", "takes", "take", "taking", "lasted", "last",
                                           "lasting", "spent", "spend", "spending", "waited", "wait", "after", "than"):
        return None
    sg = _singular(m["u"])
    if sg in (None, "night", "weekend") or (sg == "second" and _prev_word(text, m.start()) not in ("within", "in", "for")):
        return None  # ("within seconds" is a duration; a bare "seconds" too often is not)
    return _m(m, "DURATION", "abs", value=duration_value(None, sg))


@rule("anaphoric", r"(?i:(?:(?P<pos>earlier|later|early|late)\s+)?(?:the\s+(?P<rel>next|following|previous|preceding|same)|(?P<that>that)(?:\s+same)?)\s+(?P<u>day|morning|afternoon|evening|night|week|month|year|summer|winter|spring|fall|autumn))\b(?!\s+(?:of|after|before|that)\b)",
      trigger=frozenset({"day", "morning", "afternoon", "evening", "night", "week", "month", "year", "summer", "winter", "spring", "fall", "autumn"}))
def anaphoric(m, text):
    """'the next day', 'later that year': relative to the date last mentioned."""
    off = {"next": 1, "following": 1, "previous": -1, "preceding": -1, "same": 0, None: 0}[_low(m["rel"]) or None]
    unit = m["u"].lower()
    if unit in SEASONS:  # "that summer", "the following spring"
        if unit in ("fall", "spring") and re.match(r"(?i)\s+(?:of|in|due|short|behind|apart|off|back|into|out)\b", text[m.end():m.end() + 8]):
            return None  # "the following fall in prices", "debts that fall due": the verb or noun
        return _m(m, "DATE", "anaphor", grain="season", offset=off, part=SEASONS[unit],
                  mod=_pos_mod(m["pos"]))
    part = PARTS_OF_DAY.get(unit, "")
    grain = "day" if part else unit
    return _m(m, "TIME" if part else "DATE", "anaphor", grain=grain, offset=off, part=part,
              mod=_pos_mod(m["pos"]))


@rule("day_before", r"(?i:the\s+(?P<u>day|week|month|year)\s+(?P<d>before|after))(?=\s*(?:[,.;:!?)]|$|and\b|but\b))",
      trigger=frozenset({"day", "week", "month", "year"}))
def day_before(m, text):
    """'The day before, ...', 'the year before': the unit before the date last mentioned."""
    return _m(m, "DATE", "anaphor", grain=m["u"].lower(), offset=-1 if m["d"].lower() == "before" else 1)


_AWARD_BEFORE = re.compile(r"(?i)\b(?:album|record|song|player|coach|rookie|person|man|woman|manager|executive|"
                           r"athlete|artist|entertainer|driver|team|car|book|word|teacher|comeback|newcomer|"
                           r"goal|play|pitcher|defender|sportsman|sportswoman|businessman|businesswoman)\s+of\s+$")


@rule("the_year", r"""
    (?i:the\s+
        (?:(?P<adj>full|fiscal|current|calendar|latest|same)\s+)?
        (?:(?P<fy>fiscal)\s+)?
        (?P<u>year|week))\b
    (?!-|['’]s                                          # "the year-end", "the year's"
       |\s+(?:ago|earlier|before|later|after|of|in|when|he|she|they|it|we)\b
       |\s+\d)                                          # "the year 2000": the year rule's
    """, re.VERBOSE, trigger=frozenset({"year", "week"}))
def the_year(m, text):
    unit = m["u"].lower()
    if unit == "year" and not (m["adj"] or m["fy"]) and _AWARD_BEFORE.search(text, max(0, m.start() - 30), m.start()):
        return None  # "album of the year", "Person of the Year": an award
    if not (m["adj"] or m["fy"]) and re.match(r"(?i)\s+that\b", text[m.end():m.end() + 6]):
        return None  # "the year that ...": left to the clause; "the current fiscal year that" stays
    if unit == "week" and re.match(r"(?i)\s+(?:ended|ending|ends)\b", text[m.end():m.end() + 12]):
        return None  # "in the week ended April 7": the date says it
    if re.match(r"(?i)\s+(?:ended|ending|ends|to\s+date|through|until)\b", text[m.end():m.end() + 12]):
        # "for the year ended Sept. 30": a twelve-month period
        return _m(m, "DURATION", "abs", value="P1Y" if unit == "year" else "P1W")
    if _low(m["adj"]) == "latest" and unit == "year":
        return _m(m, "DATE", "rel", grain="year", offset=-1)
    return _m(m, "DATE", "rel", grain=unit, offset=0)


@rule("weekend", r"(?i:(?P<the>the|this|last|next|that|this\s+past|this\s+coming)\s+weekend)\b", trigger=frozenset({"weekend"}))
def weekend(m, text):
    w = _low(m["the"])
    off = {"the": None, "that": None, "this": 0, "last": -1, "this past": -1, "next": 1, "this coming": 1}[w]
    if off is None:
        return _m(m, "DATE", "weekday", dow=6, part="WE", shift="")
    return _m(m, "DATE", "rel", grain="weekend", offset=off)


@rule("year_end", r"(?i:(?P<the>the\s+)?(?P<w>year[-\s]end|year's\s+end|end\s+of\s+the\s+year|turn\s+of\s+the\s+(?:year|century|millennium)))\b", trigger=frozenset({"year", "turn"}))
def year_end(m, text):
    w = _low(m["w"])
    if "century" in w or "millennium" in w:
        return None
    return _m(m, "DATE", "rel", grain="year", offset=0, mod="END")


# --- composed: a day or a week counted inside a month -----------------------------
#: "the third Tuesday of September 2014", "the last Sunday of March", "the first week of
#: October 2014", "the last day of October 2015", "the second last week of October",
#: "the 20th of next month": one date, counted inside the month
_NTH = EN["nth_weekday"]
_OF_MONTH = (rf"\s+(?i:of|in)\s+(?:(?P<mon>{MONTH})(?:,?\s+(?P<y>{YEAR4}))?"
             r"|(?i:(?P<rel>next|last|this|the\s+following|the\s+previous)\s+month))\b")


def _in_month(m, count: int, unit: str, dow: int = 0, day: int = 0) -> Optional[Mention]:
    if m["mon"]:
        month = MONTHS[m["mon"].lower().rstrip(".")]
        return _m(m, "DATE", "in_month", month=month, year=int(m["y"]) if m["y"] else 0,
                  dow=dow, day=day, offset=count, grain=unit)
    rel = {"the following": "next", "the previous": "last"}.get(_low(m["rel"]), _low(m["rel"]))
    return _m(m, "DATE", "in_month", dow=dow, day=day, offset=count, grain=unit, shift=rel)


_NTH_WORDS = alternation(_NTH).replace(r"\s+", r"[-\s]+")  # "second-to-last", "second to last"


@rule("in_month", rf"(?i:the\s+(?P<n>{_NTH_WORDS})\s+)(?:(?P<wd>{WEEKDAY})|(?i:(?P<u>day|week|weekend)))"
                  + _OF_MONTH, trigger=frozenset(w for k in _NTH for w in k.split()))
def in_month(m, text):
    n = _NTH.get(re.sub(r"[-\s]+", " ", m["n"].lower()))
    if n is None:
        return None
    if m["u"] and m["u"].lower() == "weekend":
        return None  # "the last weekend of May": not a week's value
    if m["wd"]:
        return _in_month(m, n, "day", dow=WEEKDAYS[m["wd"].lower().rstrip(".")])
    return _in_month(m, n, "week" if m["u"].lower() != "day" else "day")


@rule("day_of_month", rf"(?i:the\s+)(?P<d>[12]\d|3[01]|0?[1-9])(?i:st|nd|rd|th)" + _OF_MONTH, trigger=_ordinal)
def day_of_month(m, text):
    return _in_month(m, 0, "day", day=int(m["d"]))


# --- a part of a named day: "the night of April 18, 1775", "early in the morning of 29 April 1975"
@rule("part_of_date", rf"(?i:(?:(?:early|late)\s+in\s+)?the\s+(?:(?:early|late)\s+)?(?P<part>morning|afternoon|evening|night)"
                      rf"(?:\s+hours)?\s+of\s+)(?P<date>{MONTH}\s?{DAY_NUM}\b(?:,?\s+{YEAR4}\b)?|{DAY_NUM}\s+{MONTH}(?:,?\s+{YEAR4}\b)?)",
      trigger=frozenset({"morning", "afternoon", "evening", "night"}))
def part_of_date(m, text):
    day = extract_one(text, m.start("date"), m.end("date"))
    if day is None or day.type != "DATE":
        return None
    return _m(m, "TIME", "time", part=PARTS_OF_DAY[m["part"].lower()], day_from=day)


# --- a span of years written with a dash: "1861-1863", "1915-17", "(1915-16)" ----------------
# each year is its own expression, as the TIMEX guidelines tag a range of years
_RANGE_END = r"\s?[-–]\s?(?:1[0-9]\d\d|20\d\d|\d\d)(?![\w%]|[.,]\d)"


def _range_end_year(a: int, b: str) -> Optional[int]:
    """The year that ends a span starting in ``a``: "1863", or "17" after 1915; None when
    it cannot end one ("1998-1997", or more than 50 years on)."""
    y = int(b) if len(b) == 4 else (a // 100) * 100 + int(b) + (100 if int(b) <= a % 100 else 0)
    return y if a < y <= a + 50 else None


@rule("year_range_start", rf"(?<![\w$€£#.,/-])(?P<y>{YEAR4})(?={_RANGE_END})", trigger=_year_digits)
def year_range_start(m, text):
    end = re.match(r"\s?[-–]\s?(\d+)", text[m.end():m.end() + 8])
    if end is None or _range_end_year(int(m["y"]), end[1]) is None:
        return None
    return _m(m, "DATE", "abs", value=m["y"])


@rule("year_range_end", r"(?<=\d{4}[-–])(?P<b>1[0-9]\d\d|20\d\d|\d\d)(?![\w%]|[.,]\d)",
      trigger=lambda w: len(w) in (2, 4) and w.isdigit())
def year_range_end(m, text):
    first = text[m.start() - 5:m.start() - 1]
    if not re.fullmatch(YEAR4, first) or (m.start() >= 6 and re.match(r"[\w$€£#.,/-]", text[m.start() - 6])):
        return None
    y = _range_end_year(int(first), m["b"])
    return _m(m, "DATE", "abs", value=f"{y:04d}") if y else None


# --- numbers written the short way ------------------------------------------------
@rule("iso_short", r"(?<![\w./-])(?P<y>1[89]\d\d|20\d\d)-(?P<mo>1[0-2]|0?[1-9])(?:-(?P<d>3[01]|[12]\d|0?[1-9]))?(?![\w/-]|\.\d)",
      trigger=_year_digits)
def iso_short(m, text):
    y, mo = int(m["y"]), int(m["mo"])
    if m["d"]:
        if not _real_date(y, mo, int(m["d"])):
            return None
        return _m(m, "DATE", "abs", value=f"{y:04d}-{mo:02d}-{int(m['d']):02d}")
    if mo == (y + 1) % 100 or (not m["mo"].startswith("0") and mo > y % 100):
        return None  # "the 2009-10 season", "in 2007-08": two years, not a month
    return _m(m, "DATE", "abs", value=f"{y:04d}-{mo:02d}")


@rule("quarter_short", r"(?<![\w-])(?P<y>1[89]\d\d|20\d\d)Q(?P<q>[1-4])(?!\w)", trigger=_year_digits)
def quarter_short(m, text):
    return _m(m, "DATE", "abs", value=f"{m['y']}-Q{m['q']}")


# (the word index holds "fy2023" as one word: the literal "FY" is the trigger)
@rule("fiscal_short", r"FY\s?(?:(?P<y>1[89]\d\d|20\d\d)|(?P<yy>\d\d))(?!\w)", trigger=re.compile("FY"))
def fiscal_short(m, text):
    if m["y"]:
        return _m(m, "DATE", "abs", value=m["y"])
    return _m(m, "DATE", "year2", value=m["yy"])  # "FY23": the century nearest publication


# --- a clock time dated by its day ---------------------------------------------------
_DAY_PARTS = EN["day_parts"]


def _clock_in_part(h: int, mi: int, part: str) -> Optional[str]:
    if not (1 <= h <= 12 and 0 <= mi < 60):
        return None
    if part in ("EV", "NI", "AF") and h < 12:
        h += 12
        if part == "NI" and h < 18:  # "tonight at 2": two in the morning
            h -= 12
    elif part == "MO" and h == 12:
        h = 0
    return f"{h % 24:02d}:{mi:02d}"


def _clock_mention(m, text, key: str) -> Optional[Mention]:
    off, part = _DAY_PARTS[key]
    clock = _clock_in_part(int(m["h"]), int(m["mi"] or 0), part)
    if clock is None:
        return None
    s, e = m.span("day")
    day = Mention(s, e, "day_word", "DATE", "rel", grain="day", offset=off)
    return _m(m, "TIME", "time", part=clock, day_from=day)


@rule("clock_in_part", rf"(?P<day>(?i:{alternation(_DAY_PARTS)}))\s+at\s+(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5]\d))?(?!\s*(?i:[ap]\.?m\b|o'clock|%|\d))\b",
      trigger=frozenset({"tonight", "evening", "afternoon", "morning", "night"}))
def clock_in_part(m, text):
    return _clock_mention(m, text, _low(m["day"]))


@rule("part_clock", rf"(?<![\w.:])(?:at\s+)?(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5]\d))?\s+(?P<day>(?i:{alternation(_DAY_PARTS)}))\b",
      trigger=frozenset({"tonight", "evening", "afternoon", "morning", "night"}))
def part_clock(m, text):
    if _prev_word(text, m.start()) in ("the", "a", "for", "than", "of"):
        return None  # "for 3 tonight" is no clock reading; neither is "one of 8 this morning"
    if not m.group().lower().startswith("at") and _prev_word(text, m.start()) not in ("until", "till", "by", "from", "around", "about", "before", "after", "since"):
        return None  # "8 this evening" alone is a count more often than a time
    start = m.start() + (3 if m.group().lower().startswith("at") else 0)
    men = _clock_mention(m, text, _low(m["day"]))
    return Mention(**{**men.__dict__, "start": start}) if men else None


# --- the entry point used by the tagger ------------------------------------------
def extract_one(text: str, start: int, end: int) -> Optional[Mention]:
    """The best single mention covering exactly ``text[start:end]`` (used for
    the day part of "3 p.m. Friday")."""
    piece = text[start:end]
    for name, pat, fn, _trigger in RULES:
        if name in ("clock", "clock24", "noon"):
            continue
        m = pat.fullmatch(piece)
        if m:
            men = fn(m, piece)
            if men is not None:
                return Mention(**{**men.__dict__, "start": men.start + start, "end": men.end + start, "rule": name})
    return None
