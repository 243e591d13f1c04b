"""Building blocks of a language's grammar (``lang/<code>/grammar.py``): the parts
that hold no words of any language. A grammar builds its patterns from its
folder's tables with these, and its handlers give :class:`Mention` objects
with them."""
from __future__ import annotations

import re
from datetime import date
from typing import Callable, Optional

from ..rule import alternation
from ..mention import Mention
from ..resolve import _BOUNDARY, TenseCues, _TextIndex, nearest_cue, tense_cues

_WORD = re.compile(r"[^\W_]+")


def words_of(text: str) -> list[str]:
    """The lower-case words of ``text``, as the tagger's word index splits them."""
    return _WORD.findall(text.lower())


def trigger(*phrases) -> frozenset:
    """The words a match must contain, built from the very tables its pattern is built
    of: for each phrase, its longest word ("la veille" -> "veille": "la" would wake the
    rule everywhere)."""
    out = set()
    for group in phrases:
        for p in group:
            w = words_of(p)
            if w:
                out.add(max(w, key=len))
    return frozenset(out)


def digits(word: str) -> bool:
    return word[:1].isdigit()


def year_digits(word: str) -> bool:
    return len(word) >= 4 and word[:4].isdigit()


def short_digits(word: str) -> bool:
    """A day, an hour, a two-digit year; or an hour with its minutes ("21h45")."""
    return len(word) <= 2 or (len(word) <= 5 and not word[-1:].isalpha() or word[-1:] in "hH")


#: a date written in figures, day first: "15/04/2024", "3.05.2021"
NUMERIC_DATE_TRIGGER = re.compile(r"\d[/.][01]?\d[/.]\d")


#: An ISO 8601 date, with its time when written ("2021-09-30", "2021-09-30T14:05"): the
#: same in every language.
ISO_DATE = r"\b(?P<y>\d{4})-(?P<mo>[01]\d)-(?P<d>[0-3]\d)(?:[T ](?P<hh>[0-2]\d):(?P<mi>[0-5]\d)(?::(?P<ss>[0-5]\d))?)?\b"


def iso_date(m: re.Match, text: str) -> Optional[Mention]:
    """The handler of :data:`ISO_DATE`: the date (to the second when written so), or None
    for a day the calendar lacks ("2023-02-29")."""
    v = f"{m['y']}-{m['mo']}-{m['d']}"
    try:
        date(int(m["y"]), int(m["mo"]), int(m["d"]))
    except ValueError:
        return None
    if m["hh"]:
        seconds = f":{m['ss']}" if m["ss"] else ""  # written to the second: kept to the second
        return mention(m, "TIME", "abs", value=f"{v}T{m['hh']}:{m['mi']}{seconds}")
    return mention(m, "DATE", "abs", value=v)


def alt(words) -> str:
    """An alternation of ``words``, longest first; an apostrophe matches both ' and ’,
    a hyphen a hyphen or a space. The words are grouped by their first letter behind a
    look-ahead, so that the regex engine tries a handful at each position, not all
    (the same matches: the order inside a group is kept)."""
    groups: dict[str, list[str]] = {}
    for w in sorted(set(words), key=len, reverse=True):
        groups.setdefault(w[:1].lower(), []).append(w)

    def one(ws) -> str:
        return re.sub(r"['’]", "['’]", alternation(ws)).replace(r"\-", r"[-\s]?")
    if len(groups) < 3:
        return one(words)
    return "(?:" + "|".join(f"(?=[{re.escape(k)}{re.escape(k.upper())}]){one(ws)}" for k, ws in sorted(groups.items())) + ")"


def low(s: Optional[str]) -> str:
    return re.sub(r"\s+", " ", s.lower().replace("’", "'")).strip() if s else ""


def key(s: Optional[str]) -> str:
    """A phrase as the tables write it: lower case, one space, a plain apostrophe."""
    return low(s).replace(" - ", "-")


def mention(match: re.Match, type_: str, kind: str, start: Optional[int] = None, **kw) -> Mention:
    """The mention of ``match`` (from ``start`` when given; the rule's name is set by ``extract``)."""
    return Mention(match.start() if start is None else start, match.end(), "", type_, kind, **kw)


def duration_value(n: Optional[float], unit: str, units: dict) -> str:
    """The TIMEX3 value of ``n`` (None: an unknown number) of ``unit``, a key of the
    language's ``units`` table (word -> [grain, letter, is a time unit]): decades and
    centuries in years, a weekend as two days, a quarter as three months."""
    grain, letter, is_time = units[unit]
    factor = {"DE": 10, "CE": 100, "WE": 2, "Q": 3, "MI": 1000, "H6": 6, "F2": 2}.get(letter, 1)
    letter = {"Q": "M", "WE": "D", "MI": "Y", "H6": "M", "F2": "W"}.get(letter, letter)
    if letter in ("DE", "CE"):
        letter = "Y" if n is not None else letter
    if n is None:
        amount = "X"
    else:
        x = n * factor
        amount = str(int(x)) if float(x).is_integer() else f"{x:g}"
    return ("PT" if is_time else "P") + amount + letter


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman(s: str) -> int:
    total, prev = 0, 0
    for ch in reversed(s.upper()):
        v = _ROMAN[ch]
        total, prev = (total - v, prev) if v < prev else (total + v, v)
    return total


def capital_mid_sentence(text: str, i: int) -> bool:
    """A capitalised word inside a sentence ("la planète Mars", "Mai Lan"): a name."""
    if not text[i:i + 1].isupper() or text[i:i + 2].isupper():
        return False
    before = text[max(0, i - 4):i].rstrip(" «\"'(")
    return bool(before) and before[-1] not in ".!?:\n»"


def clock_mention(start: int, end: int, h: int, mi: int, approx: bool = False,
                  day_from: Optional[Mention] = None) -> Optional[Mention]:
    """A clock time on an unnamed day (the resolver dates it), or None off the clock."""
    if h > 24 or mi > 59 or (h == 24 and mi):
        return None
    return Mention(start, end, "", "TIME", "time", part=f"{h:02d}:{mi:02d}",
                   mod="APPROX" if approx else None, day_from=day_from)


def figure(t: str) -> Optional[float]:
    """A number written in figures, as the three continental languages write it: "30,4"
    (a decimal comma), "1.500" or "1 500" (thousands); None for anything else."""
    if re.fullmatch(r"\d+(?:,\d+)?", t):
        return float(t.replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:[\s.]\d{3})+", t):
        return float(re.sub(r"[\s.]", "", t))
    return None


def two_digit_year(s: str) -> int:
    y = int(s)
    return y + (1900 if y >= 30 else 2000)


def cues(words, strong: "re.Pattern[str]") -> TenseCues:
    """A language's tense cues from its tables ``future_cues``, ``past_cues``,
    ``not_future`` and ``not_past``: a future cue counts 2 when ``strong`` matches it
    (a future tense, "going to"), a word in ``not_*`` is no cue."""
    not_future, not_past = words.tables.get("not_future", frozenset()), words.tables.get("not_past", frozenset())

    def sign(m: re.Match) -> int:
        if m["f"]:
            w = m["f"].lower()
            if w in not_future:
                return 0
            return 2 if strong.search(w) else 1
        return 0 if m["p"].lower() in not_past else -1
    return TenseCues(tense_cues(words["future_cues"], words["past_cues"]), sign, _BOUNDARY)


def direction_of(tense: TenseCues, forward: "re.Pattern[str]", since: "re.Pattern[str]") -> Callable:
    """A language's reading of tense: 2 after a deadline word (``forward`` ends just
    before the expression: "d'ici", "hasta", "bis"), -2 after "since" (``since``), else the
    nearest cue in the sentence."""
    def direction(text: str, start: int, end: int, index=None) -> int:
        before = text[max(0, start - 24):start]
        if forward.search(before):
            return 2
        if since.search(before):
            return -2
        return nearest_cue(start, end, index if index is not None else _TextIndex(text, tense))
    return direction


def day_after(pattern: "re.Pattern[str]", day_words: dict, weekdays: dict) -> Callable[[str, int], Optional[Mention]]:
    """The reader of a day named right after a clock time ("vers 15 h 30, hier", "hacia las
    3.15, el domingo", "gegen 3.15 Uhr am Sonntag"): ``pattern`` matches it at the clock
    time's end, with group "w" a day word (a key of ``day_words``: [offset, part]) or
    "wd" a weekday (a key of ``weekdays``); the mention it gives dates the clock time."""
    def read(text: str, end: int) -> Optional[Mention]:
        got = pattern.match(text, end)
        if got is None:
            return None
        if got["w"]:
            return Mention(got.start("w"), got.end(), "day_word", "DATE", "rel", grain="day",
                           offset=day_words[key(got["w"])][0])
        return Mention(got.start("wd"), got.end(), "weekday", "DATE", "weekday", dow=weekdays[key(got["wd"])])
    return read


def feast_mention(m: re.Match, spec, year: Optional[str]) -> Mention:
    """A named day of a language's ``feasts`` table: ``spec`` is [month, day] or the key
    of a movable feast in the calendar of named days ("easter"); ``year`` when written."""
    y = int(year) if year else 0
    if isinstance(spec, str):
        return mention(m, "DATE", "holiday", value=spec, year=y)
    if y:
        return mention(m, "DATE", "abs", value=f"{y:04d}-{spec[0]:02d}-{spec[1]:02d}")
    return mention(m, "DATE", "month", month=spec[0], day=spec[1])


def every_n(value: str, n: Optional[float]) -> Optional[str]:
    """A set's value every ``n`` units ("P1Y" every 2: "P2Y"); None for a count that is no
    whole number."""
    if n is None or not float(n).is_integer():
        return None
    return value.replace("1", str(int(n)), 1)
