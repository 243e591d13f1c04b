"""``pipeline.tag``: find temporal expressions and resolve them against the
publication date.

Two steps, as in HeidelTime: ``extract`` runs the rules of
its language's grammar (``temporal/lang/<code>/grammar.py``) and keeps the longest non-overlapping matches, each an
underspecified :class:`Mention`; ``Resolver`` anchors them on the
publication date, using the sentence's tense for bare weekdays and months.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache
from datetime import date, datetime
from typing import Optional

from .language import language_of
from .model import GENRES, Timex
from .published import parse_published
from .temporal import calendar as cal
from .temporal.grammar import Grammar, grammar
from .temporal.mention import Mention
from .temporal.resolve import Resolver
from .temporal.rule import Rule

#: The longest text tagged, in characters: as long as the longest article file the
#: loader accepts (``articles.MAX_BYTES``), so that every article it loads can be
#: read.  A longer text is refused with a ValueError naming its length; tagging is
#: linear, so the limit only bounds memory.
MAX_CHARS = 20 * 1024 * 1024


def extract(text: str, rules: Optional[list[Rule]] = None, lang: Optional[Grammar] = None) -> list[Mention]:
    """All matches of ``rules`` (the general rules of ``lang``, English by default),
    the longest winning where they overlap, in text order."""
    lang = lang or grammar("en")
    rules = lang.rules if rules is None else rules
    found: list[tuple[int, int, int, Mention]] = []
    index = _word_index(text)
    for order, rule in enumerate(rules):
        for lo, hi in _windows(rule.trigger, text, index):  # disjoint: no match is found twice
            for m in rule.pattern.finditer(text, lo, hi):
                if m.end() == m.start():
                    continue
                try:
                    men = rule.handler(m, text)
                except (ValueError, KeyError, IndexError, ArithmeticError, AttributeError, TypeError):
                    # a phrase one rule cannot read (a bug, or a number off every
                    # scale) costs that phrase, never the article's other expressions
                    continue
                # never an offset off the text; and a hashtag or a handle ("#Friday",
                # "@sundaybrunch") names a topic or an account, not a time
                if men is not None and 0 <= men.start < men.end <= len(text) \
                        and not (men.start and text[men.start - 1] in "#@"):
                    if men.rule != rule.name:  # a mention is named by the rule that found it
                        if men.rule:
                            men = replace(men, rule=rule.name)
                        else:  # made just now by _m/mention_at, unnamed and held by no one else:
                            object.__setattr__(men, "rule", rule.name)  # name it in place (20x cheaper)
                    found.append((-(men.end - men.start), order, men.start, men))
    found.sort(key=lambda t: (t[0], t[1], t[2]))
    taken = bytearray(len(text))  # characters already claimed by a longer match
    keep: list[Mention] = []
    for _len, _order, _s, men in found:
        if any(taken[men.start:men.end]):
            continue
        taken[men.start:men.end] = b"\x01" * (men.end - men.start)
        keep.append(men)
    keep.sort(key=lambda x: x.start)
    return _merge_durations(text, keep, lang.words["duration_join"])


_DUR_PARTS = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?")
_DUR_LETTERS = ("Y", "M", "W", "D", "H", "M", "S")


def _dur_parts(value: str) -> Optional[list]:
    m = _DUR_PARTS.fullmatch(value)
    return list(m.groups()) if m and value not in ("P", "PT") else None


def _merge_durations(text: str, mentions: list[Mention], join: "re.Pattern[str]") -> list[Mention]:
    """'14 hours and 20 minutes', 'two hours, one minute and 39 seconds': one
    duration (PT14H20M) when each part is a smaller unit than the one before
    (``join``, the language's ``duration_join``, is what may stand between them)."""
    out: list[Mention] = []
    for men in mentions:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == "abs" and men.kind == "abs" and prev.type == men.type == "DURATION"
                and not prev.mod and not men.mod and join.fullmatch(text, prev.end, men.start)):
            a, b = _dur_parts(prev.value), _dur_parts(men.value)
            if a and b:
                last_a = max(i for i, x in enumerate(a) if x) if any(a) else -1
                first_b = min((i for i, x in enumerate(b) if x), default=-1)
                if last_a >= 0 and first_b > last_a:
                    parts = [x or y for x, y in zip(a, b)]
                    date = "".join(f"{v}{u}" for v, u in zip(parts[:4], _DUR_LETTERS[:4]) if v)
                    time = "".join(f"{v}{u}" for v, u in zip(parts[4:], _DUR_LETTERS[4:]) if v)
                    value = "P" + date + ("T" + time if time else "")
                    out[-1] = Mention(**{**prev.__dict__, "end": men.end, "value": value})
                    continue
        out.append(men)
    return out


_BACK, _AHEAD = 100, 80  # no expression reaches further than this from its trigger
_WORD = re.compile(r"[^\W_]+")
_NUMERIC = " numeric"  # the index's list of words that start with a digit


def _word_index(text: str) -> dict[str, list[int]]:
    """Each lower-case word of ``text`` with the offsets where it starts."""
    index: dict = defaultdict(list)
    low = text.lower()
    if len(low) == len(text):  # one lower-casing for the whole text keeps the offsets
        for m in _WORD.finditer(low):
            index[m.group()].append(m.start())
    else:  # "İ" lower-cases to two characters: lower each word instead
        for m in _WORD.finditer(text):
            index[m.group().lower()].append(m.start())
    index[_NUMERIC] = [w for w in index if w[0].isdigit()]
    return index


def _windows(trigger, text: str, index: dict[str, list[int]]) -> list[tuple[int, int]]:
    """The stretches of ``text`` around the trigger words, merged."""
    if trigger is None:
        return [(0, len(text))]
    if isinstance(trigger, re.Pattern):  # a literal the words cannot show ("FY" in "FY2023")
        hits = [m.start() for m in trigger.finditer(text)]
    else:
        if callable(trigger):  # a test on the words that start with a digit
            keys = [w for w in index[_NUMERIC] if trigger(w)]
        else:
            keys = [w for w in trigger if w in index]
        hits = sorted(p for w in keys for p in index[w])
    if not hits:
        return []
    out: list[list[int]] = []
    n = len(text)
    for p in hits:
        lo, hi = max(0, p - _BACK), min(n, p + _AHEAD)
        if out and lo <= out[-1][1]:
            out[-1][1] = hi
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


def _trim(text: str, men: Mention) -> Mention:
    s, e = men.start, men.end
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:"):
        e -= 1
    if (s, e) == (men.start, men.end):
        return men
    return Mention(**{**men.__dict__, "start": s, "end": e})




def genre_of(text: str, published: date | datetime | str, mentions: Optional[list[Mention]] = None,
             lang: Optional[Grammar] = None) -> str:
    """"narrative" when ``text`` tells a story in its own time (a history, a long
    background piece), "post" for a social-media post, "news" when it reports from
    its publication day.

    A post is short (at most ``posts.POST_MAX_CHARS``) and carries a post's marks:
    a mention, a hashtag, a link, an emoticon, chat spellings ("lol", "u", "tmrw").

    A narrative writes out at least five dates with their year, three in five of
    them away from the publication year (more than a year off), and hardly speaks
    from the publication day: its words that count from now ("today", "last week",
    "on Friday", "two years ago") are at most one in ten of its dates.  A news story
    that recalls the past ("a decade ago, in 1989 ...") keeps such words."""
    lang = lang or grammar("en")
    if lang.looks_like_post(text):
        return "post"
    anchor = parse_published(published)
    year = anchor.year
    found = mentions if mentions is not None else extract(text, lang=lang)
    written = [int(m.value[:4]) for m in found
               if m.kind == "abs" and m.type in ("DATE", "TIME") and re.match(r"\d{4}(?!\d)", m.value)]
    if len(written) < 5 or sum(1 for y in written if abs(y - year) > 1) < 0.6 * len(written):
        return "news"
    from_now = sum(1 for m in found if m.kind in ("weekday", "rel") or (m.kind == "ago" and not m.shift))
    story = sum(1 for m in found if m.kind in ("month", "season"))
    return "narrative" if from_now <= 0.1 * (len(written) + story) else "news"


_UNIT_GRAIN = {"D": ("day", "day"), "W": ("week", "week"), "M": ("month", "month"), "Y": ("year", "year")}


def _paired_years(text: str, mentions: list[Mention], paired: "re.Pattern[str]") -> list[Mention]:
    """"August and September 1914", "March to May 2003": the first of a pair of dates
    takes the year written after the second (``paired``: the language's ``pair_join``)."""
    out = list(mentions)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if (a.kind == "month" and a.month and not a.year and not a.shift and b.kind == "abs"
                and b.type == "DATE" and re.match(r"\d{4}-\d\d", b.value) and paired.fullmatch(text, a.end, b.start)
                and int(b.value[5:7]) > a.month):
            out[i] = Mention(**{**a.__dict__, "year": int(b.value[:4])})
    return out


#: "10-12 October", "May 5 - 6", "May 2 - 3, 9 - 10": the other days of a range written
#: with one month name are dates of that month
_DAYS_BEFORE = re.compile(r"(?<![\d.,/:])(?P<d>[0-3]?\d)\s*[-–]\s*$")  # (a language's ``day_list_before`` replaces it)
_DAYS_AFTER = re.compile(r"\s*[-–]\s*(?P<d>[0-3]?\d)\b(?![-–/.:]\d|\s*(?:[ap]\.?m\b|%|percent))")
_MORE_DAYS = re.compile(r",\s*(?P<a>[0-3]?\d)\s*[-–]\s*(?P<b>[0-3]?\d)\b(?![-–/.:]\d|\s*(?:[ap]\.?m\b|%|percent))")


def _day_ranges(text: str, mentions: list[Mention], before_re: "re.Pattern[str]" = _DAYS_BEFORE) -> list[Mention]:
    out = list(mentions)
    taken = {(men.start, men.end) for men in mentions}

    def add(men: Mention, s: int, e: int) -> bool:
        d = int(text[s:e])
        if not 1 <= d <= 31 or (s, e) in taken or any(o.start < e and s < o.end for o in out):
            return False
        if men.kind == "abs":  # "2-4 July 2013"
            try:
                value = date(int(men.value[:4]), int(men.value[5:7]), d).isoformat()
            except ValueError:
                return False
            out.append(Mention(**{**men.__dict__, "start": s, "end": e, "value": value, "rule": "day_range"}))
        else:
            out.append(Mention(**{**men.__dict__, "start": s, "end": e, "day": d, "rule": "day_range"}))
        return True

    for men in mentions:
        if men.rule != "month_date":
            continue
        if men.kind == "month" and men.day:
            day = men.day
        elif men.kind == "abs" and re.fullmatch(r"\d{4}-\d\d-\d\d", men.value):
            day = int(men.value[8:])
        else:
            continue
        before = before_re.search(text, max(0, men.start - 8), men.start)
        if before and int(before["d"]) < day and text[men.start].isdigit():  # "10-12 October"
            add(men, before.start("d"), before.start("d") + len(before["d"]))
        after = _DAYS_AFTER.match(text, men.end)
        if (after and int(after["d"]) > day  # "May 5 - 6", not "May 5, 2015-6"
                and re.search(rf"(?<!\d)0?{day}$", text[men.start:men.end])):
            if add(men, after.start("d"), after.end("d")):
                pos = after.end()
                while (more := _MORE_DAYS.match(text, pos)) and int(more["a"]) < int(more["b"]):  # ", 9 - 10"
                    add(men, more.start("a"), more.end("a"))
                    add(men, more.start("b"), more.end("b"))
                    pos = more.end()
    return sorted(out, key=lambda men: men.start)


def _story_counts(text: str, mentions: list[Mention], lang: Grammar) -> list[Mention]:
    """"twelve days later", "two weeks earlier": in a story, a date counted from the
    story's time (in news, "later" after a duration is a signal and the duration
    stays one). The words and their directions are the language's ``story_counts``."""
    words = lang.words.tables.get("story_counts") or {}
    if not words:
        return mentions
    later = _later_pattern(tuple(sorted(words)))
    out = []
    for men in mentions:
        after = later.match(text, men.end)
        parts = re.fullmatch(r"P(\d+)([DWMY])", men.value or "") if men.type == "DURATION" else None
        sign = words.get(re.sub(r"\s+", " ", after[1].lower())) if after else 0
        if after and parts and not men.mod:
            grain, unit = _UNIT_GRAIN[parts[2]]
            n = int(parts[1]) * sign
            men = Mention(start=men.start, end=after.end(), rule="ago", type="DATE", kind="ago", grain=grain,
                          unit=unit, offset=n, shift="event")
        elif after and men.type == "DURATION" and re.fullmatch(r"PX[DWMY]", men.value or ""):
            # "a few days later": some time after the story's date, no more precise
            men = Mention(start=men.start, end=after.end(), rule="ago", type="DATE", kind="abs",
                          value="PAST_REF" if sign < 0 else "FUTURE_REF")
        out.append(men)
    return out


@lru_cache(maxsize=None)
def _later_pattern(words: tuple) -> "re.Pattern[str]":
    from .temporal.rule import alternation
    return re.compile(rf"\s+({alternation(words)})\b")


def _with_genre_rules(text: str, mentions: list[Mention], rules: list[Rule], drop: frozenset,
                      lang: Grammar) -> list[Mention]:
    """``mentions`` and a genre's own rules' finds (posts', narratives') where the
    general rules found nothing; the general finds that are words in ``drop`` go."""
    mentions = [men for men in mentions if text[men.start:men.end].lower() not in drop]
    taken = bytearray(len(text))
    for men in mentions:
        taken[men.start:men.end] = b"\x01" * (men.end - men.start)
    extra = [_trim(text, men) for men in extract(text, rules, lang) if not any(taken[men.start:men.end])]
    return sorted(mentions + extra, key=lambda men: men.start)


def tag(text: str, published: date | datetime | str, genre: Optional[str] = None,
        lang: Optional[str] = None) -> list[Timex]:
    """Temporal expressions of ``text`` resolved against ``published``.

    ``published`` (a date, a datetime or an ISO 8601 string) is required:
    nothing here reads the clock.  ``genre`` is "news" (every date read from
    publication), "narrative" (a story's dates read from the date it last named,
    as a history's are), "post" (news reading, and every time word of a post is an
    expression: "have a nice day", "at night") or None (:func:`genre_of` decides).  ``lang`` is the code of the language the text is
    read in ("en", "fr": a folder of ``temporal/lang``), or None: detected
    (``pipeline.language``; a text too short to judge is read as English).
    Raises ValueError for an unreadable date, genre or language,
    ``language.UnsupportedLanguage`` (a ValueError) for a text surely written in a
    language Chronicle does not read, and TypeError when ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if genre is not None and genre not in GENRES:
        raise ValueError(f"genre must be one of {', '.join(GENRES)} or None, got {genre!r}")
    anchor = parse_published(published)
    day = anchor.date() if isinstance(anchor, datetime) else anchor
    if len(text) > MAX_CHARS:
        raise ValueError(f"text too long ({len(text):,} characters; the limit is {MAX_CHARS:,})")
    g = grammar(language_of(text, lang))
    original, text = text, g.recase(text)  # a text in one case gets the capitals of prose (same offsets)
    mentions = _day_ranges(text, _paired_years(text, [_trim(text, men) for men in extract(text, lang=g)],
                                               g.words["pair_join"]),
                           g.words.tables.get("day_list_before", _DAYS_BEFORE))
    genre = genre or genre_of(text, day, mentions, g)
    narrative = genre == "narrative"
    if genre == "post":
        mentions = _with_genre_rules(text, mentions, g.post_rules, g.post_drops, g)
    if narrative:
        mentions = _with_genre_rules(text, mentions, g.narrative_rules, g.narrative_drops, g)
        mentions = _story_counts(text, mentions, g)
    else:  # news (TimeBank's practice) tags the day of "the night of Oct. 23", histories the whole phrase
        mentions = [men.day_from if men.rule == "part_of_date" and men.day_from else men for men in mentions]
    resolver = Resolver(text, day, narrative=narrative, direction=g.direction, cues=g.cues, readings=g.readings)
    out: list[Timex] = []
    for men in mentions:
        try:
            res = resolver.resolve(men)
        except (ValueError, KeyError, IndexError, ArithmeticError, AttributeError):
            res = None  # a mention no reading places (a bug) costs that mention, never the article's others
        if res is None:
            continue
        value, note = res
        typ = men.type
        if typ in ("DATE", "TIME"):
            typ = "TIME" if "T" in value and (value[:1].isdigit() or value.startswith("XXXX")) else "DATE"
        span = cal.interval(value) if typ in ("DATE", "TIME") else None
        grain, begin, end = span if span else (None, None, None)
        out.append(Timex(start=men.start, end=men.end, text=original[men.start:men.end], type=typ,
                         value=value, mod=men.mod, grain=grain, date_from=begin, date_to=end,
                         rule=men.rule, note=note))
    return _day_then_clock(original, out, g.words["day_clock_gap"])


def _day_then_clock(text: str, found: list[Timex], gap: "re.Pattern[str]") -> list[Timex]:
    """A day followed by its clock time is one expression, valued by the clock time
    (which the resolver has already dated by that day): "this Sat, 7pm" is
    Saturday 19:00, not a Saturday and an unrelated 7pm. ``gap`` (the language's
    ``day_clock_gap``) is what may stand between them."""
    out: list[Timex] = []
    for tx in found:
        prev = out[-1] if out else None
        if (prev is not None and tx.type == "TIME" and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?", tx.value)
                and re.fullmatch(r"\d{4}-\d\d-\d\d(?:T(?:MO|AF|EV|NI))?", prev.value) and not prev.mod
                and tx.value[:10] == prev.value[:10] and gap.fullmatch(text, prev.end, tx.start)):
            out[-1] = Timex(start=prev.start, end=tx.end, text=text[prev.start:tx.end], type="TIME", value=tx.value,
                            mod=tx.mod, grain=tx.grain, date_from=tx.date_from, date_to=tx.date_to, rule=tx.rule,
                            note=f"{prev.note}; at {tx.value[11:]}")
            continue
        out.append(tx)
    return out
