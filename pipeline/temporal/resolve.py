"""Anchoring: turn an underspecified :class:`Mention` into a TIMEX3 value,
using the publication date and the sentence's tense, the way a careful
reader of news does (a bare weekday is usually past; "will meet on Monday"
points forward)."""
from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date, timedelta
from typing import Callable, NamedTuple, Optional

from . import calendar as cal
from .lang import load
from .mention import Mention

WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


def _top_level_alternatives(src: str) -> list[str]:
    out, depth, cur, i = [], 0, "", 0
    while i < len(src):
        c = src[i]
        if c == "\\":
            cur += src[i:i + 2]
            i += 2
            continue
        depth += (c == "(") - (c == ")")
        if c == "|" and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    return out + [cur]


def _by_first_letter(src: str) -> str:
    """The same alternation, grouped by first letter behind a look-ahead, so the
    regex engine tries a handful of words at each word start instead of all
    (twice as fast, same matches: the order inside each group is kept)."""
    groups: dict[str, list[str]] = {}
    rest = []
    for alt in _top_level_alternatives(src):
        if alt[:1].isalpha():
            groups.setdefault(alt[0].lower(), []).append(alt)
        else:
            rest.append(alt)
    parts = [f"(?=[{k}{k.upper()}])(?:{'|'.join(v)})" for k, v in sorted(groups.items())]
    return "|".join(parts + rest)


def tense_cues(future: tuple, past: tuple) -> "re.Pattern[str]":
    """The cue pattern of a language's ``future_cues`` and ``past_cues`` (regular
    expressions, one alternative each, in the order they are tried)."""
    return re.compile(rf"(?i)\b(?:(?P<f>{_by_first_letter('|'.join(future))})|"
                      rf"(?P<p>{_by_first_letter('|'.join(past))}))\b")


# a sentence boundary: not the period of "a.m.", "U.S." or "Mr."
# (nor "Oct. 3", "Gen. Smith": an abbreviation followed by a number or a name)
# (the punctuation comes first and the checks look back from it: a pattern that
# opens with look-behinds is tried at every character of the text, four times slower)
_BOUNDARY = re.compile(r"""
    [.!?;]
    (?<!\b[A-Za-z].)                                   # "U.S.", "a.m."
    (?<!\bMr.|\bMs.|\bDr.|\bSt.|\bNo.|\bLt.)
    (?<!\bMrs.|\bGen.|\bSen.|\bRep.|\bGov.|\bCol.|\bSgt.)
    (?: (?<=\.)\s(?!\d) | (?<=[!?;])\s | (?<=[.!?])['"”’] )
  | \n""", re.VERBOSE)


def _after_last_boundary(before: str) -> str:
    """The part of ``before`` after its last sentence boundary: the sentence so far."""
    cut = 0
    for b in _BOUNDARY.finditer(before):
        cut = b.end()
    return before[cut:]


def nearest_cue(start: int, end: int, index: "_TextIndex", cut: Optional[int] = None) -> int:
    """The sign of the tense cue nearest ``[start, end)`` in its sentence: the last one
    before it, else the first one after it; 0 without one (any language: ``index``
    holds the language's cues)."""
    text = index.text
    if cut is None:
        cut = index.last_boundary_end(max(0, start - 160), start)
    best = 0
    for s in index.cue_signs(cut, start):
        best = s or best
    if best:
        return best
    hi = min(len(text), end + 120)
    stop = index.first_boundary_start(end, hi)
    for s in index.cue_signs(end, hi if stop is None else stop):
        if s:
            return s
    return 0


class _TextIndex:
    """Sentence boundaries and tense cues of one text with their signs, found
    block by block as expressions ask for them: each stretch of the text is
    scanned once, however many expressions it holds (a page of nothing but
    dates used to rescan 280 characters around each of its thousands of
    weekdays)."""

    BLOCK = 512

    def __init__(self, text: str, cues: Optional["TenseCues"] = None):
        self.text = text
        self.cues = cues or NO_CUES
        self._blocks: dict[int, tuple[list, list, list, list]] = {}

    def _block(self, k: int):
        got = self._blocks.get(k)
        if got is None:
            lo, hi = k * self.BLOCK, (k + 1) * self.BLOCK
            reach = min(len(self.text), hi + 64)  # a match starting in the block may end past it
            bounds = [b for b in self.cues.boundary.finditer(self.text, lo, reach) if b.start() < hi]
            cues = [c for c in self.cues.pattern.finditer(self.text, lo, reach) if c.start() < hi]
            sign = self.cues.sign
            got = ([b.start() for b in bounds], [b.end() for b in bounds],
                   [c.start() for c in cues], [(c.end(), sign(c)) for c in cues])
            self._blocks[k] = got
        return got

    def _spans(self, which: int, lo: int, hi: int):
        """(start, end or (end, sign)) of the boundaries (0) or cues (2) that lie in [lo, hi)."""
        for k in range(lo // self.BLOCK, max(lo, hi - 1) // self.BLOCK + 1):
            block = self._block(k)
            starts, ends = block[which], block[which + 1]
            for i in range(bisect_left(starts, lo), len(starts)):
                if starts[i] >= hi:
                    return
                yield starts[i], ends[i]

    def last_boundary_end(self, lo: int, hi: int) -> int:
        """Where the sentence around ``hi`` starts, looking no further back than ``lo``."""
        cut = lo
        for _s, e in self._spans(0, lo, hi):
            if e <= hi:
                cut = e
        return cut

    def first_boundary_start(self, lo: int, hi: int) -> Optional[int]:
        for s, e in self._spans(0, lo, hi):
            if e <= hi:
                return s
        return None

    def cue_signs(self, lo: int, hi: int):
        """The signs of the cues inside [lo, hi), in text order."""
        for _s, (e, sign) in self._spans(2, lo, hi):
            if e <= hi:
                yield sign


_NEVER = re.compile(r"(?!)")


class TenseCues(NamedTuple):
    """A language's tense cues: ``pattern`` finds them (group "f" a cue that points
    forward, "p" one that points back), ``sign`` weighs a match (+2 an unmistakable
    future, +1, -1, 0 not a cue after all), ``boundary`` ends a sentence."""
    pattern: "re.Pattern[str]"
    sign: Callable[[re.Match], int]
    boundary: "re.Pattern[str]"


#: The cues of a language that has none: no sentence points anywhere.
NO_CUES = TenseCues(_NEVER, lambda m: 0, _BOUNDARY)


class Readings(NamedTuple):
    """A language's finer readings in the resolver, regular expressions (a language
    without them reads none: ``NO_READINGS``). English's are in ``lang/en/tense.py``."""
    #: after a quarter, its results ("fourth-quarter profit"): a quarter already over
    results_after: "re.Pattern[str]" = _NEVER
    #: a sentence about another period than a quarter ("for the nine months")
    other_period: "re.Pattern[str]" = _NEVER
    #: an event the phrase is inside ("during the collapse of ... a year ago")
    event_before: "re.Pattern[str]" = _NEVER
    #: a sentence comparing results ("$4.5 million, or 51 cents a share, a year earlier")
    results_comparison: "re.Pattern[str]" = _NEVER
    #: before a date, what makes it no story year ("since 1976"), on the 8 characters before it
    not_story_year: "re.Pattern[str]" = _NEVER
    #: before a weekday, the end of a range ("from Thursday morning until")
    range_to: "re.Pattern[str]" = _NEVER
    #: between a date and a weekday, an apposition (", the Friday before the election"), whole
    appositive: "re.Pattern[str]" = _NEVER
    #: in a year's expression, a fiscal year (it straddles two)
    fiscal: "re.Pattern[str]" = _NEVER


NO_READINGS = Readings()


def _recent_quarter(q: str, a: date) -> bool:
    """Is quarter ``q`` ("2018-Q4") one an earnings report published at ``a``
    discusses: in the publication year (fiscal quarters run anywhere in it), or
    one of the two before the quarter under way?"""
    y, n = int(q[:4]), int(q[-1])
    back = (a.year * 4 + (a.month - 1) // 3) - (y * 4 + n - 1)
    return y == a.year or 0 <= back <= 2


def _easter(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = ((h + l - 7 * m + 114) % 31) + 1
    return date(year, month, day)


def holiday_date(name: str, year: int) -> Optional[date]:
    spec = load("en")["holidays"].get(name)  # the calendar of named days (keys in English, for every language)
    if spec is None:
        return None
    if spec[0] == "easter":
        return _easter(year) + timedelta(days=spec[1])
    if spec[0] == "thanksgiving":  # Black Friday, Cyber Monday
        return holiday_date("thanksgiving", year) + timedelta(days=spec[1])
    if len(spec) == 2:
        return date(year, spec[0], spec[1])
    month, wd, n = spec
    if name == "election day":  # the Tuesday after the first Monday of November
        first = date(year, 11, 1)
        monday = first + timedelta(days=(0 - first.weekday()) % 7)
        return monday + timedelta(days=1)
    return cal.nth_weekday(year, month, wd, n)


def _weekday_of(y: int, mo: int, d: int) -> int:
    try:
        return date(y, mo, d).isoweekday()
    except ValueError:
        return 0


def _fmt(d: date) -> str:
    return f"{WEEKDAY_NAMES[d.weekday()][:3]} {d.day} {MONTH_NAMES[d.month - 1][:3]} {d.year}"


#: Values that set a story's time: a year, month, day or time, a season or a quarter.
_STORY_VALUE = re.compile(r"^\d{4}(?:-\d\d(?:-\d\d(?:T[\d:]+)?)?|-(?:SP|SU|FA|WI|Q[1-4]|H[12]))?$")


class Resolver:
    """Resolves the mentions of one document in text order (it remembers the
    last explicit quarter, for "a year earlier" in earnings reports)."""

    def __init__(self, text: str, anchor: date, *, narrative: bool = False,
                 direction: Optional[Callable] = None, cues: Optional[TenseCues] = None,
                 readings: Readings = NO_READINGS):
        self.text = text
        #: the language's reading of tense: (text, start, end, index) -> sign (default: the
        #: nearest of its cues)
        self.direction = direction or (lambda text, start, end, index: nearest_cue(start, end, index))
        self.readings = readings
        self.anchor = anchor
        #: A narrative (a history, a background section) keeps its own time: each date
        #: it names, written out or read, becomes the reference of the next ones, as
        #: HeidelTime's narrative mode does; news reads everything from publication.
        self.narrative = narrative
        self.story: Optional[tuple[date, str]] = None  # (the reference day, its value)
        self.index = _TextIndex(text, cues)
        self.last_quarter: Optional[tuple[int, str]] = None  # (offset, value) of the quarter in focus
        self.last_quarter_inferred = False  # its year was inferred ("the fourth quarter"), not written
        self.last_date: Optional[tuple[date, str]] = None  # (start, grain) of the date last mentioned
        self.last_date_end = -1  # where that date's expression ends in the text
        self.last_date_value = ""
        # the last date written out with its year ("in 2019", "Aug. 17, 2019"):
        # a story told in a past year puts its bare months in that year
        self.last_explicit: Optional[tuple[date, int, str]] = None  # (start, end offset, value)
        # the last date named in its own right (not "a year earlier" itself): what
        # "three years later" counts from
        self.last_named: Optional[tuple[date, int]] = None

    def _sentence_before(self, pos: int) -> str:
        """The sentence up to ``pos``."""
        return _after_last_boundary(self.text[max(0, pos - 300):pos])

    def _dir(self, m: Mention) -> int:
        if self.narrative and self.story:
            return 0  # a story is told in the past throughout: tense says nothing of its dates
        return self.direction(self.text, m.start, m.end, self.index)

    def resolve(self, m: Mention) -> Optional[tuple[str, str]]:
        """``(value, note)`` or None when nothing sensible can be said."""
        fn = getattr(self, "_" + m.kind)
        story = self.story if self.narrative and m.kind != "abs" else None
        publication = self.anchor
        if story:
            self.anchor = story[0]  # the story's time stands in for the publication date
        try:
            out = fn(m)
        except (ValueError, OverflowError):
            # off the calendar: "10000000000 months earlier", a date before year 1
            return None
        finally:
            self.anchor = publication
        if out is None:
            return None
        value, note = out
        if story and value[:1].isdigit():
            note = (f"in the story's time, {story[1]} (the date it last named): "
                    + note.replace("the publication date", "that date").replace("publication", "that date"))
        if (self.narrative and m.type in ("DATE", "TIME") and _STORY_VALUE.match(value)
                and not (m.kind == "ago" and m.offset < 0)):  # a look back ("two decades earlier") is no move
            span = cal.interval(value)
            if span:  # the middle of what it names: "June" after "in 1940" is June 1940
                middle = (span[1] + (span[2] - span[1]) / 2).date()
                if value.endswith("-WI"):  # a winter is told in the year it begins ("winter 1776")
                    middle = span[1].date() + timedelta(days=15)
                self.story = (middle, value)
        # the quarter under discussion: named quarters set it; "the latest
        # quarter" sets it or renews it, and never replaces a named one
        renews = m.kind == "focus" and (not self.last_quarter or self.last_quarter[1] == value)
        year_ago = (m.kind == "abs" and self.last_quarter_inferred and bool(self.last_quarter)
                    and value == f"{int(self.last_quarter[1][:4]) - 1}{self.last_quarter[1][4:]}")
        if (m.kind in ("quarter", "abs") or renews) and re.match(r"^\d{4}-Q\d$", value) and not year_ago:
            # (a year-ago comparison, "the fourth quarter of 2017", does not change the subject)
            self.last_quarter = (m.end, value)
            self.last_quarter_inferred = m.kind != "abs"
        span = cal.interval(value)
        if span and (m.kind != "rel" or (m.grain == "day" and (m.offset or (m.part and m.rule != "overnight")))):
            # the date last mentioned, for "the next day", "later that year";
            # "this week"-like references to the publication itself do not move it
            self.last_date = (span[1].date(), span[0])
            self.last_date_end = m.end
            self.last_date_value = value
            if m.kind not in ("ago", "rel", "anaphor", "focus"):
                self.last_named = (span[1].date(), m.end)
            if (m.kind == "abs" and re.match(r"^\d{4}(?:-\d\d){0,2}$", value)
                    and not self.readings.fiscal.search(self.text, m.start, m.end)  # fiscal years straddle two
                    and not self.readings.not_story_year.search(self.text[max(0, m.start - 8):m.start])):
                # ("since 1976" is no story year)
                self.last_explicit = (span[1].date(), m.end, value)
        return value, note

    def _recent(self, m: Mention, reach: int) -> bool:
        """Was the date last mentioned within ``reach`` characters before ``m``?"""
        return self.last_date is not None and 0 <= m.start - self.last_date_end <= reach

    def _narrative_year(self, m: Mention) -> Optional[tuple[date, str]]:
        """A past date written out earlier in the same sentence ("In 2019,
        he was charged on Oct. 3"), with its value."""
        if self.last_explicit and 0 <= m.start - self.last_explicit[1] <= 200 \
                and self.last_explicit[0].year < self.anchor.year \
                and not _BOUNDARY.search(self.text, self.last_explicit[1], m.start):
            return self.last_explicit[0], self.last_explicit[2]
        return None

    def _anaphor(self, m: Mention):
        ref, ref_grain = self.last_date or (self.anchor, "day")
        grain = m.grain
        if grain == "season":
            return self._anaphor_season(m, ref, ref_grain)
        if grain == "day" and ref_grain not in ("day", "time"):
            ref = self.anchor  # "the next day" after "in 1998" says nothing: use publication
        d = cal.shift(ref, grain, m.offset)
        v = cal.value_of(d, grain)
        if m.month and grain == "year":  # "July of the following year"
            v = f"{d.year:04d}-{m.month:02d}"
        if m.part:
            v += "T" + m.part
        if self.last_date is None or ref == self.anchor:
            return v, f"no date mentioned before it: relative to publication ({_fmt(ref)})"
        return v, f"relative to the date last mentioned ({_fmt(ref)})"

    def _story_ref(self, m: Mention):
        """'at this time', 'during this period': the time the text has reached."""
        if self.narrative and self.story:
            return self.story[1], "the time it has reached"
        if self.last_date_value:
            return self.last_date_value, "the time of the date last mentioned"
        return "PAST_REF", "no date named before it: some time before publication"

    def _anaphor_season(self, m: Mention, ref: date, ref_grain: str):
        """'that summer' (in the year last mentioned), 'the following spring'
        (the first after it), 'the previous winter' (the last before it)."""
        first_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[m.part]
        start = date(ref.year, first_month, 1)
        if ref_grain in ("year", "decade", "century"):  # "in 1998 ... the following spring": 1999
            start = date(ref.year + max(-1, min(1, m.offset)), first_month, 1)
        elif m.offset > 0:
            while start <= ref:
                start = date(start.year + 1, first_month, 1)
        elif m.offset < 0:
            while cal.shift(start, "month", 3) > ref:
                start = date(start.year - 1, first_month, 1)
        rel = {0: "of", 1: "after", -1: "before"}[max(-1, min(1, m.offset))]
        return f"{start.year:04d}-{m.part}", f"the {m.part} {rel} the date last mentioned ({_fmt(ref)})"

    def _focus(self, m: Mention):
        """The quarter under discussion: the last one named, else the last
        completed quarter before publication (what earnings reports cover)."""
        a = self.anchor
        if m.shift == "previous":
            if self.last_quarter:
                y, q = self.last_quarter[1].split("-")
                d = cal.shift(date(int(y), 3 * int(q[1]) - 2, 1), "quarter", -1)
                why = f"the quarter before the one under discussion ({self.last_quarter[1]})"
            else:
                d = cal.shift(a, "quarter", -1)
                why = f"the quarter before the one containing {_fmt(a)}"
            return f"{d.year:04d}-Q{cal.quarter_of(d)}", why
        if self.last_quarter and m.shift != "latest":
            y, q = self.last_quarter[1].split("-")
            y = int(y)
            why = f"the quarter under discussion ({self.last_quarter[1]})"
        else:
            prev = cal.shift(a, "quarter", -1)
            y, q = prev.year, f"Q{cal.quarter_of(prev)}"
            why = "the last completed quarter before publication"
        if m.part:
            q = m.part
        if m.year:
            y = m.year
        if m.shift == "year":  # "last year's third quarter": relative to the publication year
            y = a.year
        y += m.offset
        if m.rule == "year_ago" and not m.part and self.readings.other_period.search(self._sentence_before(m.start)):
            # "For the nine months ... the year-earlier period": a year, not the quarter
            return f"{y:04d}", "a year before the period its sentence is about"
        return f"{y:04d}-{q}", why

    # -- kinds --------------------------------------------------------------
    def _abs(self, m: Mention):
        if m.type in ("DATE", "TIME") and m.value.startswith("XXXX"):
            what = "a part of a day" if "T" in m.value else "a time named by an event"
            return m.value, f"{what} whose date the text does not give"
        return m.value, ""

    def _rel(self, m: Mention):
        a = self.anchor
        if (m.rule == "the_year" and m.grain == "year" and m.offset == 0 and self.last_quarter
                and 0 <= m.start - self.last_quarter[0] < 1500 and _recent_quarter(self.last_quarter[1], a)
                and int(self.last_quarter[1][:4]) < a.year):
            # "For the year, ..." in a report on last year's fourth quarter
            y = self.last_quarter[1][:4]
            return y, f"the year of the quarter under discussion ({self.last_quarter[1]})"
        if m.grain == "weekend":
            d = cal.shift(a, "week", m.offset)
            v = cal.value_of(d, "week") + "-WE"
            return v, f"the weekend of the week {'before' if m.offset < 0 else 'after' if m.offset > 0 else 'of'} {_fmt(a)}"
        d = cal.shift(a, m.grain, m.offset)
        v = cal.value_of(d, m.grain)
        if m.part:
            v += "T" + m.part
        rel = {-1: "before", 0: "containing", 1: "after"}.get(m.offset, f"{m.offset:+d} from")
        return v, f"the {m.grain} {rel} the publication date, {_fmt(a)}" if m.offset in (-1, 0, 1) else f"{m.offset:+d} {m.grain}s from {_fmt(a)}"

    def _ago(self, m: Mention):
        a = self.anchor
        if m.unit == "year" and m.grain == "year" and abs(m.offset) == 1 and self.last_quarter:
            pos, q = self.last_quarter
            sentence = self._sentence_before(m.start)
            if (0 <= m.start - pos < 1500 and _recent_quarter(q, a)
                    and not self.readings.other_period.search(sentence)
                    and not self.readings.event_before.search(sentence)
                    and self.readings.results_comparison.search(sentence + self.text[m.end:m.end + 60])):
                y, part = q.split("-")
                return f"{int(y) + m.offset}-{part}", f"the same quarter as {q}, a year {'earlier' if m.offset < 0 else 'later'}"
        if m.shift == "event" and self.last_named and 0 <= m.start - self.last_named[1] <= 250:
            # "began in 2018 and ended three years later": from the date just written out
            # (never from another "a year earlier", or repeats would compound)
            a, why_anchor = self.last_named[0], "event"
        else:
            why_anchor = ""
        unit = "month" if m.unit == "quarter" else m.unit
        n = m.offset * (3 if m.unit == "quarter" else 1)
        if unit == "decade":
            unit, n = "year", n * 10
        if unit == "century":
            unit, n = "year", n * 100
        d = cal.shift(a, unit, n)
        rel = "before" if m.offset < 0 else "after"
        return cal.value_of(d, m.grain), (f"{abs(m.offset)} {m.unit}(s) {rel} the date just mentioned ({_fmt(a)})"
                                          if why_anchor else f"{abs(m.offset)} {m.unit}(s) {rel} {_fmt(a)}")

    def _weekday(self, m: Mention):
        a = self.anchor
        if m.part == "WE":  # "the weekend": past lean
            dr = self._dir(m)
            # forward: this week's weekend; back: the last one begun by publication;
            # on a Friday with no cue, the one about to start
            d = a if dr > 0 or a.isoweekday() >= 6 or (a.isoweekday() == 5 and dr == 0) else a - timedelta(days=7)
            return cal.value_of(d, "week") + "-WE", "the weekend nearest the publication date"
        target = m.dow
        cur = a.isoweekday()
        back = (cur - target) % 7          # days back to the most recent one (0 = today)
        fwd = (target - cur) % 7           # days forward to the next one (0 = today)
        range_start = (self.last_date if self.last_date and self.last_date[1] in ("day", "time")
                       and self._recent(m, 12)
                       and self.readings.range_to.search(self.text[self.last_date_end:m.start])
                       else None)
        appositive = (self.last_date and self.last_date[1] == "day" and self.last_date[0].isoweekday() == target
                      and self.readings.appositive.fullmatch(self.text[self.last_date_end:m.start]))
        if appositive:
            # "on Nov. 3, the Friday before the election": the weekday restates the date
            d, why = self.last_date[0], "the weekday of the date it restates"
        elif m.shift == "that_ref" and self.last_date and self.last_date[1] in ("day", "time"):
            ref = self.last_date[0]
            d = min((ref + timedelta(days=k) for k in range(-3, 4)), key=lambda x: (x.isoweekday() != target, abs((x - ref).days)))
            why = f"the {WEEKDAY_NAMES[target - 1]} nearest the day last mentioned ({_fmt(ref)})"
        elif m.shift.startswith("week_"):
            monday = a - timedelta(days=a.isoweekday() - 1)
            monday += timedelta(days=7 * {"week_next": 1, "week_last": -1, "week_this": 0}[m.shift])
            d = monday + timedelta(days=target - 1)
            why = f"{WEEKDAY_NAMES[target - 1]} of {m.shift[5:]} week"
        elif m.shift in ("after_ref", "before_ref"):
            ref = self.last_date[0] if self.last_date and self.last_date[1] in ("day", "time") else a
            cur = ref.isoweekday()
            if m.shift == "after_ref":
                d = ref + timedelta(days=(target - cur) % 7 or 7)
            else:
                d = ref - timedelta(days=(cur - target) % 7 or 7)
            why = (f"the {WEEKDAY_NAMES[target - 1]} {'after' if m.shift == 'after_ref' else 'before'} "
                   f"{'the day just mentioned' if ref != a else 'publication'}, {_fmt(ref)}")
        elif m.shift == "last":
            d = a - timedelta(days=back or 7)
            why = f"'last {WEEKDAY_NAMES[target - 1]}': the one before {_fmt(a)}"
        elif m.shift == "next":
            d = a + timedelta(days=fwd or 7)
            why = f"'next {WEEKDAY_NAMES[target - 1]}': the one after {_fmt(a)}"
        elif m.shift == "ahead":  # "3 Fridays from now"
            d = a + timedelta(days=(fwd or 7) + 7 * (m.offset - 1))
            why = f"{WEEKDAY_NAMES[target - 1]} number {m.offset} after {_fmt(a)}"
        elif m.shift == "this":
            d = a + timedelta(days=target - cur)
            why = f"'this {WEEKDAY_NAMES[target - 1]}': the one in the week of {_fmt(a)}"
            if d < a and self._dir(m) > 0:
                d += timedelta(days=7)
                why = f"'this {WEEKDAY_NAMES[target - 1]}' ahead of {_fmt(a)}: the next one"
        else:
            dr = self._dir(m)
            if dr > 0:
                d = a + timedelta(days=fwd)
                why = f"the sentence points forward: the {WEEKDAY_NAMES[target - 1]} on or after {_fmt(a)}"
            else:
                d = a - timedelta(days=back)
                why = f"a bare weekday in news is past: the {WEEKDAY_NAMES[target - 1]} on or before {_fmt(a)}"
        if range_start and not m.shift and d < range_start[0]:
            # "from Thursday morning until Friday": a range's end is not before its start
            d += timedelta(days=7 * (((range_start[0] - d).days + 6) // 7))
            why = f"the end of a range: the {WEEKDAY_NAMES[target - 1]} on or after {_fmt(range_start[0])}"
        v = d.isoformat()
        if m.part:
            v += "T" + m.part
        return v, why

    def _month(self, m: Mention):
        out = self._month_day(m)
        if out and m.grain in ("week", "weekend") and re.match(r"^\d{4}-\d\d-\d\d$", out[0]):
            y, w, _ = date.fromisoformat(out[0]).isocalendar()  # "the week of March 6"
            if m.grain == "weekend":  # "the weekend of Sept. 20"
                return f"{y:04d}-W{w:02d}-WE", f"the weekend of the week containing {out[0]} ({out[1]})"
            return f"{y:04d}-W{w:02d}", f"the week containing {out[0]} ({out[1]})"
        return out

    def _month_day(self, m: Mention):
        a = self.anchor
        if not m.month:  # "the 21st": a day of the current month, or the nearest month having it
            dr = self._dir(m)
            cands = []
            for k in (-1, 0, 1):
                first = cal.shift(a.replace(day=1), "month", k)
                try:
                    cands.append(date(first.year, first.month, m.day))
                except ValueError:
                    pass
            def dcost(d: date) -> int:
                against = (dr < 0 and d > a) or (dr > 0 and d < a)
                return abs((d - a).days) + (40 if against else 0)
            if m.dow and any(c.isoweekday() == m.dow for c in cands):  # "lundi 3": the month whose 3rd is a Monday
                cands = [c for c in cands if c.isoweekday() == m.dow]
            d = min(cands, key=dcost)
            return d.isoformat(), f"day {m.day} of the month nearest the publication date"
        mo, day = m.month, m.day
        y = a.year
        if m.year:  # "in August and September 1914": the year written after the pair
            y, why = m.year, f"in {m.year}, the year of the date it is paired with"
        elif m.shift == "next":
            y = a.year + (1 if (mo, day or 0) <= (a.month, a.day if day else 0) else 0)
            why = f"'next {MONTH_NAMES[mo - 1]}': the first after {_fmt(a)}"
        elif m.shift == "last":  # "le 6 mai dernier" said on 27 May: this year's
            y = a.year - (1 if (mo, day or 32) >= (a.month, a.day if day else 0) else 0)
            why = f"'last {MONTH_NAMES[mo - 1]}': the latest before {_fmt(a)}"
        elif m.shift == "this":
            why = f"'this {MONTH_NAMES[mo - 1]}': in the publication year"
        else:
            # The reading nearest the publication date, unless the sentence's
            # tense points the other way: a reading against a cue costs 6 months.
            dr = self._dir(m)
            story = self._narrative_year(m) if dr <= 0 else None
            story_value = ""
            if story:
                # "In 2019, he was charged on Oct. 3": the sentence's year; after a
                # full date ("on Aug. 17, 2019 ... in September"), the nearest reading to it
                story, story_value = story
                a, dr = (date(story.year, mo, 1) if len(story_value) == 4 else story), 0
            key = (mo, day or 0)
            now = (a.month, a.day if day else 0)

            def cost(yy: int) -> float:
                diff = (yy * 12 + mo) - (a.year * 12 + a.month)
                later = (yy, key) > (a.year, now)
                against = (dr < 0 and later) or (dr > 0 and (yy, key) < (a.year, now))
                return abs(diff) + ((12 if abs(dr) > 1 else 6) if against else 0) + (0.5 if later else 0)
            years = (a.year - 1, a.year, a.year + 1)
            if m.dow and day:  # "lundi 2 septembre": the years in which that day is that weekday
                years = tuple(yy for yy in years if _weekday_of(yy, mo, day) == m.dow) or years
            y = min(years, key=cost)
            why = ((f"in {story.year}, the year its sentence is about" if len(story_value) == 4 else
                    f"the reading nearest {_fmt(story)}, the date its sentence is about") if story else
                   ("the sentence points forward" if dr > 0 else "the sentence points back" if dr < 0
                    else "no tense cue") + ": the reading nearest the publication date")
        v = f"{y:04d}-{mo:02d}"
        if day:
            try:
                date(y, mo, day)
            except ValueError:
                return None
            v += f"-{day:02d}"
        return v, why

    def _in_month(self, m: Mention):
        """A day or week counted inside a month: "the third Tuesday of September 2014",
        "the last day of October", "the first week of October", "the 20th of next month"."""
        if m.shift:  # "of next month", "of last month", "of this month"
            d = cal.shift(self.anchor, "month", {"next": 1, "last": -1}.get(m.shift, 0))
            y, mo, why = d.year, d.month, f"{m.shift} month from {_fmt(self.anchor)}"
        elif m.year:
            y, mo, why = m.year, m.month, f"{MONTH_NAMES[m.month - 1]} {m.year}"
        else:
            got = self._month_day(Mention(m.start, m.end, m.rule, "DATE", "month", month=m.month))
            if got is None:
                return None
            y, mo = int(got[0][:4]), m.month
            why = f"{MONTH_NAMES[mo - 1]} {y} ({got[1]})"
        last = cal.days_in_month(y, mo)
        if m.day:  # "the 20th of next month"
            if m.day > last:
                return None
            return date(y, mo, m.day).isoformat(), f"day {m.day} of {why}"
        n = m.offset
        if m.dow:
            d = cal.nth_weekday(y, mo, m.dow, n)
            return d.isoformat(), f"weekday {m.dow} number {n} (from the end when negative) of {why}"
        if m.grain == "day":  # "the last day of October": n = -1 counts from the end
            d = date(y, mo, n if n > 0 else last + 1 + n)
            return d.isoformat(), f"day {n} of {why}" + (" (counted from its end)" if n < 0 else "")
        # weeks: the first holds the 1st, the last holds the last day
        d = date(y, mo, 1) + timedelta(days=7 * (n - 1)) if n > 0 else date(y, mo, last) - timedelta(days=7 * (-n - 1))
        return cal.week_value(d), f"week {n} of {why}" + (" (counted from its end)" if n < 0 else "") + \
            f": the week containing {_fmt(d)}"

    def _holiday(self, m: Mention):
        a = self.anchor
        def on(year: int) -> Optional[date]:
            return holiday_date(m.value, year)
        if m.year:
            d = on(m.year)
            return (d.isoformat(), f"{m.value.title()} {m.year}") if d else None
        cands = [d for d in (on(a.year - 1), on(a.year), on(a.year + 1)) if d]
        if m.shift == "next":
            d = min(d for d in cands if d > a)
        elif m.shift == "last":
            d = max(d for d in cands if d < a)
        else:
            dr = self._dir(m)
            d = min(cands, key=lambda d: abs((d - a).days) + (200 if (dr < 0 and d > a) or (dr > 0 and d < a) else 0))
        return d.isoformat(), f"{m.value.title()} nearest the publication date"

    def _month_in_year(self, m: Mention):
        y = self.anchor.year + m.offset
        return f"{y:04d}-{m.month:02d}", f"{MONTH_NAMES[m.month - 1]} of {y}"

    def _quarter(self, m: Mention):
        a = self.anchor
        kind, n = m.part[0], int(m.part[1])
        y = a.year + m.offset
        cur = cal.quarter_of(a) if kind == "Q" else (1 if a.month <= 6 else 2)
        if m.offset == 0 and not m.shift:
            if n > cur and self.readings.results_after.match(self.text, m.end):
                y -= 1   # "will report fourth-quarter GNP" in January: results of a quarter that is over
            elif n > cur and self._dir(m) < 0:
                y -= 1   # "the fourth quarter" in a February report on results
            elif cur - n >= 2 and self._dir(m) > 0:
                y += 1   # "expected to open in the first quarter", said in October
        return f"{y:04d}-{m.part}", f"{m.part} of {y}"

    def _season(self, m: Mention):
        a = self.anchor
        # Seasons of a "season year": SP 1, SU 2, FA 3, WI 4 (December to February:
        # January and February belong to the previous year's winter).
        cur_year = a.year - (1 if a.month <= 2 else 0)
        cur = 4 if a.month in (12, 1, 2) else (a.month - 3) // 3 + 1
        t = {"SP": 1, "SU": 2, "FA": 3, "WI": 4}[m.part]
        dr = self._dir(m)
        name = {"SP": "spring", "SU": "summer", "FA": "fall", "WI": "winter"}[m.part]
        if m.shift == "last":
            y = cur_year - (t >= cur)
            why = f"'last {name}': the most recent {name} already over at {_fmt(a)}"
        elif m.shift == "next":
            y = cur_year + (t <= cur)
            why = f"'next {name}': the first {name} not yet begun at {_fmt(a)}"
        elif m.shift == "this":
            # "this spring" said in February is the coming one: spring, summer and
            # fall of "this" are the calendar year's; "this winter" the one under way
            y = a.year if t != 4 else cur_year + (t < cur and dr > 0)
            why = (f"'this winter': the winter under way or to come at {_fmt(a)}" if t == 4
                   else f"'this {name}': the {name} of {a.year}")
        elif self.narrative and self.story:
            y = cur_year  # "that summer" in a story: the season of the year it has reached
            why = f"the {name} of the year the story has reached"
        elif dr > 0:
            y = cur_year + (t < cur)
            why = f"the sentence points forward: the {name} under way or next at {_fmt(a)}"
        else:
            y = cur_year - (t > cur)
            why = f"no cue that points forward: the {name} under way or last begun at {_fmt(a)}"
        return f"{y:04d}-{m.part}", why

    def _year2(self, m: Mention):
        a = self.anchor
        if m.grain == "decade":
            d = int(m.value)
            cands = [(a.year // 100 - c) * 100 + d * 10 for c in (0, 1)]
            dec = max((c for c in cands if c <= a.year), default=cands[-1])
            return f"{dec // 10:03d}", "a decade written with two digits"
        yy = int(m.value)
        cands = [(a.year // 100 + c) * 100 + yy for c in (-1, 0, 1)]
        y = min(cands, key=lambda c: abs(c - a.year) + (0 if c <= a.year else 5))
        return f"{y:04d}", "a two-digit year"

    def _time(self, m: Mention):
        a = self.anchor
        day = a.isoformat()
        why = "on the publication day"
        if m.day_from is not None:
            r = self.resolve(m.day_from)
            if r and re.match(r"^\d{4}-\d{2}-\d{2}(?:T(?:MO|AF|EV|NI))?$", r[0]):
                day, why = r[0][:10], r[1]  # "8 p.m. last night": the night's day
        elif (self.last_date and self.last_date[1] in ("day", "time") and self._recent(m, 300)
              and not self.last_date_value.endswith("-WE")):
            # "On Friday ... At 10 a.m., ...": a clock time belongs to the day just mentioned
            day, why = self.last_date[0].isoformat(), "on the day last mentioned"
        clock = m.part
        if clock == "24:00":
            return f"{day}T24:00", why
        return f"{day}T{clock}", why
