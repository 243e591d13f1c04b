"""Dated events: what a sentence says happened, and when.

    events_for_article(article) -> list[Event]
    merge_events(events) -> list[Event]
    build_events(articles, *, merge=True, workers=1, problems=None) -> list[Event]

An article's text is masked (website boilerplate blanked, offsets kept),
tagged with :func:`pipeline.tag` against its publication date and split
into sentences.  Each sentence gives the events a reader would see:

* two dated expressions joined as a range ("from Thursday morning until
  Friday", "from 1998 to 2001", "between May and July", "1998-2001",
  adjacent "Tuesday and Wednesday") give ONE event from the first's start
  to the second's end;
* any other dated expression gives its own event; expressions of one
  sentence with the same interval give one event;
* "since X" is an open range from X to publication; "until/by X" ends at X
  (from publication when X is ahead); "before X"/"after X" are open ranges
  ending/starting at X (so are the TIMEX3 mods BEFORE/AFTER);
* a duration anchored at publication ("have been dormant for more than a
  year", "over the past 24 hours") is a range ending at publication, open
  at its start; a future one ("will last for two weeks", "within six
  months", "for the next two weeks") starts at publication, open at its end;
  any other duration ("in six months", "a two-year term") dates nothing;
* PRESENT_REF ("now") is the publication day; PAST_REF, FUTURE_REF and SET
  give no event.

The rules are documented for readers in docs/events.md.  Everything here
is a pure function: no clock, no I/O.
"""
from __future__ import annotations

import hashlib
import math
import re
from bisect import bisect_right
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import lru_cache, partial
from typing import Callable, Iterable, Mapping, NamedTuple, Optional, Sequence

from .clean import blank_spans, header_spans, is_outlet_name, leading_header_end
from .language import UnsupportedLanguage, language_of  # (imports py3langid and numpy before any worker is forked)
from .model import GENRES, Article, Event, Source, Timex
from .published import as_datetime
from .temporal.calendar import add_months, part_of
from .wording import PROSE, clock_words, day_words, interval_words, is_midnight

__all__ = ["events_for_article", "events_from_timexes", "merge_events",
           "build_events", "make_title", "precision_label", "describe_interval"]

TITLE_MAX = 80
MERGE_THRESHOLD = 0.5

_DAY = timedelta(days=1)


# ---------------------------------------------------------------------------
# Reading dates to people (the words themselves: pipeline/wording.py)

_fmt_day = day_words
_midnight = is_midnight


def _fmt_time(d: datetime) -> str:
    return clock_words(d, PROSE)


def _grain_of(t: Timex) -> Optional[str]:
    if t.grain:
        return t.grain
    if t.date_from is None or t.date_to is None:
        return None
    span = t.date_to - t.date_from
    if span < _DAY:
        return "time"
    if span == _DAY:
        return "day"
    if span == 7 * _DAY:
        return "week"
    if span <= 31 * _DAY:
        return "month"
    if span <= 366 * _DAY:
        return "year"
    return None


def describe_interval(start: Optional[datetime], end: Optional[datetime],
                      grain: Optional[str] = None, value: str = "") -> str:
    """A half-open interval ``[start, end)`` in words for an explanation, end
    inclusive for reading (:func:`pipeline.wording.interval_words`, PROSE style).

    >>> describe_interval(datetime(2021, 9, 20), datetime(2021, 9, 27), "week")
    'Mon 20 to Sun 26 Sep 2021'
    """
    return interval_words(start, end, grain, value=value, style=PROSE)


def precision_label(grain: Optional[str], *, is_range: bool = False, is_open: bool = False) -> str:
    """The readable precision: a grain name, "range" or "open range"."""
    if is_open:
        return "open range"
    if is_range:
        return "range"
    return grain or "day"


# ---------------------------------------------------------------------------
# Durations

_DUR = re.compile(r"^P(?:(\d+(?:\.\d+)?|X)(DE|CE|ML|Y|Q|M|W|D|L|C)|T(\d+(?:\.\d+)?|X)(H|M|S))$")
_UNIT_MONTHS = {"Y": 12, "Q": 3, "M": 1, "DE": 120, "L": 1200, "C": 1200, "CE": 1200, "ML": 12000}
_UNIT_WORDS = {"Y": "year", "Q": "quarter", "M": "month", "W": "week", "D": "day", "DE": "decade",
               "CE": "century", "C": "century", "L": "millennium", "ML": "millennium",
               "H": "hour", "TM": "minute", "S": "second"}


def _shift(anchor: datetime, value: str, sign: int) -> tuple[Optional[datetime], bool]:
    """``anchor`` moved by the TIMEX3 duration ``value``: (datetime or None, vague?)."""
    m = _DUR.match(value or "")
    if not m:
        return None, True
    amount, unit = (m.group(1), m.group(2)) if m.group(2) else (m.group(3), "T" + m.group(4))
    if amount == "X":
        return None, True
    qty = float(amount)
    try:
        if unit in _UNIT_MONTHS:
            months = qty * _UNIT_MONTHS[unit]
            whole = int(months)
            out = add_months(anchor, sign * whole)
            if months != whole:
                out += sign * timedelta(days=round((months - whole) * 30.4))
            return out, months != whole
        delta = {"W": timedelta(weeks=qty), "D": timedelta(days=qty), "TH": timedelta(hours=qty),
                 "TM": timedelta(minutes=qty), "TS": timedelta(seconds=qty)}[unit]
        return anchor + sign * delta, False
    except (OverflowError, ValueError):
        return None, True


# ---------------------------------------------------------------------------
# Context cues (words right before an expression, in its sentence)

_W = r"[^\W\d_][\w'’-]*"
_CLAUSE_BREAK = re.compile(r"[;:–—()\[\]]")


class EventCues(NamedTuple):
    """A language's cues of an event's interval (``lang/<code>/events.json``), read just
    before an expression ("since", "depuis", "until", "for the past") or on its own text
    (``text_*``: "the past two days"). ``words`` maps a cue's first word to the role this
    module knows it by ("jusqu'au" -> "until"; English's words are their own roles)."""
    from_: "re.Pattern[str]"
    between: "re.Pattern[str]"
    range_gap: "re.Pattern[str]"
    since: "re.Pattern[str]"
    until: "re.Pattern[str]"
    not_until: "re.Pattern[str]"
    present_adverb: "re.Pattern[str]"
    past_window: "re.Pattern[str]"
    next_window: "re.Pattern[str]"
    text_past: "re.Pattern[str]"
    prior_window: "re.Pattern[str]"
    text_prior: "re.Pattern[str]"
    text_next: "re.Pattern[str]"
    for_: "re.Pattern[str]"
    within: "re.Pattern[str]"
    perfect: "re.Pattern[str]"
    future: "re.Pattern[str]"
    words: Mapping[str, str]

    def role(self, word: str) -> str:
        w = word.lower().replace("’", "'")
        return self.words.get(w, w)


_NEVER = re.compile(r"(?!)")


@lru_cache(maxsize=None)
def event_cues(lang: str = "en") -> EventCues:
    """The interval cues of language ``lang``; a language whose folder has none reads
    every expression as a plain date (never with another language's words)."""
    from .temporal.lang import load
    tables = load(lang).tables
    return EventCues(**_cues_of(lang, "event_cues", EventCues._fields[:-1], re.I),
                     words=dict(tables.get("event_words") or {}))


def _cues_of(lang: str, table: str, fields: Sequence[str], flags: int = 0) -> dict:
    """The regular expressions of ``lang``'s ``table`` (lang/<code>/events.json) for
    ``fields`` (a trailing "_" dropped: ``from_`` is "from"), compiled; a cue the
    language lacks never matches. A cue that is no regular expression is refused in a
    ``LanguageError`` naming the file, the table and the cue."""
    from .temporal.lang import LanguageError, load
    given = load(lang).tables.get(table) or {}
    out = {}
    for field in fields:
        source = given.get(field.rstrip("_"))
        try:
            out[field] = re.compile(source, flags) if source else _NEVER
        except re.error as exc:
            raise LanguageError(f"lang/{lang}/events.json: {table} {field.rstrip('_')!r} is not a valid regular "
                                f"expression ({exc})") from None
    return out


def _before(text: str, lo: int, pos: int, width: int = 40) -> str:
    return text[max(lo, pos - width):pos]


def _clause_before(text: str, lo: int, pos: int) -> str:
    chunk = text[lo:pos]
    cut = 0
    for m in _CLAUSE_BREAK.finditer(chunk):
        cut = m.end()
    return chunk[cut:]


# ---------------------------------------------------------------------------
# Titles

#: "This/Last ..." with a finite verb is the sentence's own subject and verb, not an
#: introductory phrase ("This year's dead zone is one of the largest ever, ...").
_ASIDE = re.compile(r"\s[–—]\s[^–—]{1,200}?\s[–—](?=\s)|\s\([^()]{1,200}\)|,\s+(?:who|which|whose)\b(?:[^,]|,(?=\d)){1,200},(?!\d)")
_REL_START = re.compile(r"^\s*(?:[,–—(]\s*)?(?:who|which|that)\s+", re.I)
#: An expression that names something or is the object of "to"/"of" stays in the title
#: ("dates back to 1931", "the worst of the 20th century", "a 1918-like flu").
class TitleCues(NamedTuple):
    """What a language's headline drops or keeps around a date it removes
    (``lang/<code>/events.json``, ``title_cues``): the preposition before it ("on
    Monday", "en mai"), a lead-in ("On Monday, ...", "Depuis 2019, ..."), an
    attribution ("..., officials said", "..., a déclaré le ministre"), a date that is
    part of what is said ("back to 1931", "in 1957 and 1968")."""
    keep_before: "re.Pattern[str]"
    keep_after: "re.Pattern[str]"
    list_after: "re.Pattern[str]"
    list_before: "re.Pattern[str]"
    prep_before: "re.Pattern[str]"
    leftover: "re.Pattern[str]"
    lead_conj: "re.Pattern[str]"
    lead_intro: "re.Pattern[str]"
    subject_clause: "re.Pattern[str]"
    tail_attr: "re.Pattern[str]"
    attr_reversed: "re.Pattern[str]"
    prep_last_words: frozenset


@lru_cache(maxsize=None)
def title_cues(lang: str = "en") -> TitleCues:
    """The title cues of language ``lang`` (none: its headlines keep their words)."""
    from .temporal.lang import load
    return TitleCues(**_cues_of(lang, "title_cues", TitleCues._fields[:-1]),
                     prep_last_words=frozenset(load(lang).tables.get("title_prep_last_words") or ()))


def _prep_may_end(s: str, a: int, last_words: frozenset) -> bool:
    """Whether a title's ``prep_before`` could match something before ``s[a]``: a space,
    after one of its last words (tested without the regex, which tries 60 positions)."""
    if a == 0 or not s[a - 1].isspace():
        return False
    w = s[max(0, a - 24):a].rstrip()
    i = len(w)
    while i > 0 and w[i - 1].isalpha():
        i -= 1
    return w[i:].lower() in last_words


#: Another date right before/after, joined as a list or pair ("in 1957 and 1968", "1347 to 1351").
#: What is left when a date goes but its leading word stays: "Early, the town ...", "as of, ".
#: Speech verbs: a quote followed by one of these is attributed speech.
_SPEECH = (r"said|says|told|tells|added|adds|asked|asks|wrote|writes|explained|noted|warned|insisted|argued|"
           r"stated|declared|announced|claimed|recalled|acknowledged|conceded|continued|according\s+to")
_SPEECH_RX = re.compile(rf"\b(?:{_SPEECH})\b", re.I)
_SPEECH_END = re.compile(rf"\b(?:{_SPEECH})\s*$", re.I)
_OPEN_Q = "“\"‘"
_CLOSE_AFTER_PUNCT = re.compile(r"(?:[,.!?…]\s*[”\"’]|[,.!?]\s*['’]['’])(?![^\W\d_])")
_STOP = frozenset("""a an the of to in on at for from by with and or but as is are was were be been has have had
its his her their our my your this that these those it he she they we i you which who whom whose said says
will would could should may might can do does did not no than then so such there here also into over about
after before during since until while when where what mr mrs ms dr""".split())
_TOKEN = re.compile(r"[^\W_]+", re.U)


#: Whitespace to fold into one space: runs of two or more, or one that is not a plain
#: space (a single " " is left alone: folding it would copy the string for nothing).
_WS = re.compile(r"\s{2,}|[^\S ]")
_SPACES = re.compile(r"  +")


def _squash(s: str) -> str:
    """``s`` with every run of whitespace one space.  Text whose only whitespace is
    the plain space (printable text) needs only its runs of spaces folded, which
    is many times quicker than testing every character against ``\\s``."""
    if s.isprintable():  # every other whitespace character is unprintable
        return _SPACES.sub(" ", s) if "  " in s else s
    return _WS.sub(" ", s)
_SPACE_PUNCT = re.compile(r"\s+([,.;:!?)])")
_EMPTY_PARENS = re.compile(r"\(\s*\)")
_DOUBLE_PUNCT = re.compile(r"([,;:])\s*(?=[,;:.])")


def _tidy(s: str) -> str:
    s = _squash(s)
    s = _SPACE_PUNCT.sub(r"\1", s)
    s = _EMPTY_PARENS.sub("", s) if "(" in s else s
    s = _DOUBLE_PUNCT.sub("", s)
    s = _squash(s)
    return s.strip(" ,;:-–—")


#: Where a long title may end on a whole clause: before a trailing participle, relative
#: or adverbial clause ("…, killing 11 workers", "… when it exploded", "…; officials said").
_CLAUSE_END = re.compile(
    r"(?:,\s+(?:[a-z]+ing|which|who|whose|where|as|after|before|when|while|but|and|amid|despite|"
    r"although|though|because|saying|according)\b|\s+(?:when|while|after|amid|because|although|"
    r"though|before|despite|even\s+as|so\s+that)\s|\s*;\s|\s+[-–—]\s)")


def _cut(s: str, limit: int = TITLE_MAX) -> str:
    """``s`` in at most ``limit`` characters: ended on a whole clause when one ends past
    the first 40%, else cut at a word with "…"."""
    if len(s) <= limit:
        return s
    ends = [m.start() for m in _CLAUSE_END.finditer(s, 0, limit)]
    ends = [e for e in ends if limit * 2 // 5 <= e <= limit]
    if ends:
        clause = s[:ends[-1]].rstrip(" ,;:-–—")
        if clause.count("(") == clause.count(")") and clause.count("“") == clause.count("”") \
                and clause.count('"') % 2 == 0:
            return clause
    head = s[:limit - 1]
    sp = head.rfind(" ")
    if sp >= limit // 3:
        head = head[:sp]
    return head.rstrip(" ,;:-–—“”\"'‘’(") + "…"


def _head_noun(before: str) -> str:
    """The noun phrase ending ``before`` (for "X, who ..." clauses): up to 3 words, stopping at a function word."""
    words = before.rstrip(" ,–—(").split()
    out: list[str] = []
    for w in reversed(words):
        if w.lower().strip("’'") in _STOP or len(out) == 3 or not re.match(r"^[\w’'-]+$", w):
            break
        out.append(w)
    return " ".join(reversed(out))


#: The most of a sentence a title is made from (see make_title).
TITLE_WINDOW = 600
#: The most of it, once dates and asides are out, that the title's wording is read in
#: (a lead-in of up to ~100 characters may go, then TITLE_MAX are kept).
TITLE_READ = 240


_CLAUSE_START = re.compile(r"(?:[.;:!?]|,|\s+(?:and|but|while|as|when|after|then)\b|\s[-–—])\s+")


def _window(sentence: str, remove: Sequence[tuple[int, int]], focus: Optional[int]):
    """At most ``TITLE_WINDOW`` characters of ``sentence``, starting at the clause the
    ``focus`` sits in (the last clause break within 200 characters before it; the
    sentence start when there is no focus), cut at spaces; ``remove`` and ``focus``
    moved into the window."""
    f = 0 if focus is None else max(0, min(focus, len(sentence)))
    lo = 0
    if f > 0:
        breaks = [m.end() for m in _CLAUSE_START.finditer(sentence, max(0, f - 200), f) if m.end() <= f]
        lo = breaks[-1] if breaks else max(0, f - 200)
        if not breaks and lo > 0:
            sp = sentence.find(" ", lo, f)
            lo = sp + 1 if sp >= 0 else lo
    hi = min(len(sentence), lo + TITLE_WINDOW)
    if hi < len(sentence):
        sp = sentence.rfind(" ", max(lo + 1, hi - 40), hi)
        hi = sp if sp > lo else hi
    inside = [(max(a, lo) - lo, min(b, hi) - lo) for a, b in remove if a < hi and b > lo]
    return sentence[lo:hi], inside, (None if focus is None else min(f - lo, hi - lo))


def make_title(sentence: str, remove: Sequence[tuple[int, int]] = (), focus: Optional[int] = None,
               lang: str = "en") -> str:
    """A short "who did what" title from a sentence (at most ~80 characters).

    ``remove`` are (start, end) spans of ``sentence`` to drop (the dating
    expressions; a preposition right before each goes too).  ``focus`` is
    an offset in ``sentence`` (the expression): when it sits in a relative
    clause or an aside ("hotlines - which have been dormant for a year -"),
    the title is that clause, led by the noun it describes.

    A sentence longer than ``TITLE_WINDOW`` characters (a run-on list, a
    page without full stops) is read only in a window of that size around
    ``focus``, so titling every event of such a sentence stays linear.
    """
    cues = title_cues(lang)  # the sentence's language: what its headline drops
    if len(sentence) > TITLE_WINDOW:
        sentence, remove, focus = _window(sentence, remove, focus)
    s = sentence
    for a, b in _join_spans(s, remove):
        if cues.keep_after.match(s[b:b + 3]) or cues.keep_before.search(s[max(0, a - 12):a]) \
                or cues.list_after.match(s[b:b + 24]) or cues.list_before.search(s[max(0, a - 16):a]):
            # "last year's profit", "a 1918-like flu", "back to 1931", "in 1957 and 1968":
            # the date is part of what is said; removing it would leave a hole
            continue
        m = cues.prep_before.search(s, max(0, a - 60), a) if _prep_may_end(s, a, cues.prep_last_words) else None
        a2 = m.start() if m and m.group(0).strip() else a
        s = s[:a2] + " " + s[b:]
        if focus is not None and focus >= b:
            focus -= b - a2 - 1
        elif focus is not None and focus > a2:
            focus = a2
    s = _squash(s).replace("``", "“").replace("''", "”")
    title = ""
    if focus is not None:
        for m in _ASIDE.finditer(s):
            if m.start() < focus < m.end():
                inner = s[m.start():m.end()].strip(" ,–—()")
                rel = _REL_START.match(inner)
                if rel:
                    head = _head_noun(s[:m.start()])
                    inner = (head + " " if head else "") + inner[rel.end():]
                if _substantial(inner):  # not a bare "(1925 GMT)" or "(Reuters)"
                    title = inner
                break
        if not title:  # ", who ..." running to the end of the sentence
            m = re.search(r",\s+(?:who|which)\s+(?:[^,]|,(?=\d))+$", s)
            if m and m.start() < focus:
                head = _head_noun(s[:m.start()])
                title = (head + " " if head else "") + _REL_START.sub("", s[m.start() + 1:])
    if not title:
        title = _ASIDE.sub(" ", s)
    if len(title) > TITLE_READ:
        # the title is cut to TITLE_MAX later: what lies further on cannot reach it
        sp = title.rfind(" ", TITLE_READ - 40, TITLE_READ)
        title = title[:sp if sp > 0 else TITLE_READ]
    title = _strip_headers(_tidy(title))  # "MIAMI — ", "NAIROBI, Kenya (AP) _ ", "By Jane Doe |"
    title = _speech_only(title)
    for _ in range(2):
        title = cues.lead_conj.sub("", title)
        title = cues.leftover.sub("", title)
        title = title.lstrip("“”\"'‘’ ")
        m = cues.lead_intro.match(title)
        if m and len(title) - m.end() > 20 and not cues.subject_clause.match(title, 0, m.end()):
            title = title[m.end():]  # not "This year's dead zone is one of the largest ever, ..."
    for pat in (cues.tail_attr, cues.attr_reversed):
        m = pat.search(title)
        if m and m.start() >= 10:
            title = title[:m.start()]
    title = cues.leftover.sub("", title)
    title = _tidy(title.strip("“”\"'‘’ ")).rstrip(".!?").strip("“”\"'‘’ ")
    title = _tidy(title)
    if len(title) < 3 or is_outlet_name(title):
        title = _tidy(_strip_headers(sentence.replace("\n", " "))).rstrip(".")
    title = _rebalance(title)
    if title:
        title = title[0].upper() + title[1:]
    return _cut_quote(_cut(title), title)


_ANY_QUOTE = re.compile(r'[“”"]')


def _rebalance(title: str) -> str:
    """Put back an opening quote stripped from the start when its closing one is still
    there ('Cap and trade" is a phrase ...' -> '"Cap and trade" is a phrase ...'), or a
    closing one stripped from the end ('titled, "Asleep at the Wheel')."""
    if title.count("“") > title.count("”") and title.rfind("“") > title.rfind("”"):
        return title + "”"  # 'will be titled, “Asleep at the Wheel' lost its closing mark
    if title.count('"') % 2 == 1 and title.rfind(' "') == title.rfind('"') - 1 and title.count('"') > 0 \
            and not title.startswith('"'):
        return title + '"'
    m = _ANY_QUOTE.search(title)
    if m is None or m.group(0) == "“":
        return title
    if m.group(0) == "”":
        return "“" + title
    i = m.start()
    closing = i > 0 and not title[i - 1].isspace() and (i + 1 == len(title) or title[i + 1] in " ,.;:!?")
    return '"' + title if closing and title.count('"') % 2 == 1 else title


_JOINER = re.compile(r"\s*(?:,|and|or|to|through|[-–—])?\s*")


def _join_spans(s: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans to remove, last first, with spans joined only by ", " / "and" / "-" made one
    ("Thursday, Sept. 30")."""
    out: list[list[int]] = []
    for a, b in sorted(spans):
        if out and (a <= out[-1][1] or _JOINER.fullmatch(s, out[-1][1], a)):
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in reversed(out)]


def _strip_headers(s: str) -> str:
    """``s`` without the bylines, datelines and page timestamps it starts with
    (pipeline.clean's rules; inside an article they are blanked before this)."""
    i = leading_header_end(s)
    return s[i:] if i else s


def _substantial(s: str) -> bool:
    """A clause worth a title: three words or more, at least one in lower case."""
    words = s.split()
    return len(words) >= 3 and any(w[:1].islower() for w in words) and not is_outlet_name(s)


def _speech_only(title: str) -> str:
    """Quoted speech without its attribution.

    '"There were sticking points," Carol Browner, the White House adviser, said'
    gives 'There were sticking points'; so does a sentence that continues a quote
    from the sentence before ('It is the same thing," said Lois Epstein ...').
    A quoted name inside a clause ('known as "static kill," may begin') stays.
    """
    t = title.lstrip(" ")
    opened = t[:1] in _OPEN_Q or t[:2] == "``"
    body = t.lstrip("“\"‘`")
    m = _CLOSE_AFTER_PUNCT.search(body)
    if m is None:
        return title
    inner = body[:m.start() + 1]
    rest = body[m.end():]
    if not opened and any(q in inner for q in _OPEN_Q):
        return title  # the quote opened inside the title: a quoted phrase, not speech
    if not opened and not _SPEECH_RX.search(rest[:120]):
        return title
    if len(inner.split()) < 3 or not rest.strip(" ,.”\"’"):
        return title
    return inner.rstrip(" ,")


def _cut_quote(title: str, whole: str = "") -> str:
    """A title cut inside a quote it opened ('He said, "but there is more doubt…') ends
    before the quote when enough is left; after "X said:" the quote itself is the
    title ('A spokesman said: "The boy has a mild illness and is recovering…' gives
    'The boy has a mild illness and is recovering at home')."""
    if not title.endswith("…"):
        return title
    pos = max(title.rfind("“"), title.rfind(' "'))
    if pos < 0 or any(q in title[pos + 1:] for q in "”"):
        return title
    if title.count('"') % 2 == 0 and title[pos] == " ":
        return title  # straight quotes that close again: balanced
    head = title[:pos].rstrip(" ,:;-–—")
    if whole.startswith(title[:pos + 1]) and _SPEECH_END.search(head):
        inner = whole[pos + 1:].strip(" “”\"").lstrip(",;:-–— ")
        if len(inner.split()) >= 3:
            return _cut(inner[0].upper() + inner[1:])
    if len(head) >= 25:
        return head + "…"
    return title


# ---------------------------------------------------------------------------
# Events from one sentence

def _short_hash(*parts: object) -> str:
    # (surrogatepass: an id given through the API may hold a lone surrogate)
    return hashlib.sha1("|".join(map(str, parts)).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _publication_day(published: date | datetime) -> tuple[datetime, datetime]:
    """[start, end) of the publication moment: the day, or up to the given time."""
    d = as_datetime(published)
    if isinstance(published, datetime):
        return d, d
    return d, d + _DAY


class _Draft:
    __slots__ = ("exprs", "start", "end", "open_start", "open_end", "approximate", "explanation",
                 "value", "type", "mod", "grain", "precision")

    def __init__(self, exprs, start, end, *, open_start=False, open_end=False, approximate=False,
                 explanation="", value=None, type_=None, mod=None, grain=None, precision=None):
        self.exprs = tuple(exprs)
        self.start, self.end = start, end
        self.open_start, self.open_end = open_start, open_end
        self.approximate = approximate
        self.explanation = explanation
        first = self.exprs[0]
        self.value = value if value is not None else first.value
        self.type = type_ or first.type
        self.mod = mod if mod is not None else first.mod
        self.grain = grain
        self.precision = precision or precision_label(grain, is_range=False,
                                                      is_open=open_start or open_end)


def _quote(t: Timex) -> str:
    return f"'{t.text}'"


def _note(t: Timex) -> str:
    """The tagger's note without a leading repeat of the expression."""
    note = (t.note or "").strip().rstrip(".")
    for q in (f"'{t.text}'", f'"{t.text}"', t.text):
        if note.startswith(q):
            note = note[len(q):].lstrip(" :,-")
            break
    return note


def _said(t: Timex, interval: str) -> str:
    note = _note(t)
    if note:
        return f"{_quote(t)}: {note}; that is {interval}"
    return f"{_quote(t)} is {interval}"


_APPROX_MODS = {"APPROX", "START", "MID", "END", "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE"}


def _dated(t: Timex) -> bool:
    return t.type in ("DATE", "TIME") and t.date_from is not None and t.date_to is not None \
        and t.date_from < t.date_to


def _single(t: Timex, text: str, lo: int, pub: date | datetime, cues: EventCues) -> Optional[_Draft]:
    """The event of one expression on its own (None: it dates nothing), read with ``cues``."""
    pub0, pub1 = _publication_day(pub)
    pubs = _fmt_day(pub0) if not isinstance(pub, datetime) else _fmt_time(pub0)
    if t.type == "SET":
        return None
    if t.value == "PRESENT_REF":
        if not cues.present_adverb.match(t.text.strip()):
            return None  # "current realities", "his current wife": not a statement about today
        return _Draft([t], pub0, pub0 + _DAY,
                      explanation=f"{_quote(t)} is the publication day, {_fmt_day(pub0)}",
                      grain="day", precision="day")
    if t.type == "DURATION":
        return _duration(t, text, lo, pub, cues)
    if not _dated(t):
        return None
    grain = _grain_of(t)
    interval = describe_interval(t.date_from, t.date_to, grain, t.value)
    near = _before(text, lo, t.start)
    mod = (t.mod or "").upper()
    approx = mod in _APPROX_MODS
    cue = cues.until.search(near)
    word = cues.role(cue.group(0).split()[0]) if cue else ""
    if word == "until" and cues.not_until.search(near):
        word = ""  # "it was not until Tuesday that ...": it happened on Tuesday
    if cues.since.search(near):
        if t.date_from >= pub1:
            return None
        return _Draft([t], t.date_from, max(pub1, t.date_to), open_end=True, approximate=approx,
                      explanation=f"since {_said(t, interval)}, until publication ({pubs}) and maybe beyond",
                      grain=grain)
    if mod == "BEFORE" or word == "before":
        if mod == "END" and t.date_to > pub1:
            # "testify before the end of the month": a deadline at the month's end, ahead of publication
            return _Draft([t], pub0, t.date_to, approximate=approx,
                          explanation=f"before {_said(t, interval)}: from publication ({pubs}) to "
                                      f"{_fmt_day(t.date_to - _DAY)} at the latest", grain=grain)
        return _Draft([t], None, t.date_from, open_start=True, approximate=approx,
                      explanation=f"before {_said(t, interval)}: some time before {_fmt_day(t.date_from)}",
                      grain=grain)
    if mod == "AFTER" or word == "after":
        return _Draft([t], t.date_to, None, open_end=True, approximate=approx,
                      explanation=f"after {_said(t, interval)}: some time after it", grain=grain)
    if word in ("until", "till", "til", "up", "by") or mod in ("ON_OR_BEFORE", "EQUAL_OR_LESS"):
        ends = describe_interval(t.date_from, t.date_to, grain, t.value)
        if t.date_to > pub1 and t.date_from >= pub0:
            return _Draft([t], pub0, t.date_to, open_start=(word != "by"), approximate=approx,
                          explanation=f"'{word or 'until'} {t.text}' looks ahead from publication ({pubs}) "
                                      f"to {ends}" + (f" ({_note(t)})" if _note(t) else ""),
                          grain=grain)
        return _Draft([t], None, t.date_to, open_start=True, approximate=approx,
                      explanation=f"'{word or 'until'} {t.text}': up to {ends}"
                                  + (f" ({_note(t)})" if _note(t) else ""),
                      grain=grain)
    if mod in ("ON_OR_AFTER", "EQUAL_OR_MORE"):
        return _Draft([t], t.date_from, None, open_end=True, approximate=approx,
                      explanation=f"{_said(t, interval)} or later", grain=grain)
    expl = _said(t, interval)
    start, end = t.date_from, t.date_to
    if mod in ("START", "MID", "END"):
        # "at the start of the year", "mid-March": the first, middle or last third of it
        start, end = part_of(start, end, mod)
        if (start, end) != (t.date_from, t.date_to):
            expl += (f" ({ {'START': 'its start', 'MID': 'its middle', 'END': 'its end'}[mod]}: about "
                     f"{describe_interval(start, end, 'day', '')}, approximate)")
        else:
            expl += f" ({mod.lower()}: approximate)"
    elif approx:
        expl += f" ({mod.lower().replace('_', ' ')}: approximate)"
    return _Draft([t], start, end, approximate=approx, explanation=expl, grain=grain,
                  precision=precision_label(grain))


def _duration(t: Timex, text: str, lo: int, pub: date | datetime, cues: EventCues) -> Optional[_Draft]:
    near = _before(text, lo, t.start)
    clause = _clause_before(text, lo, t.start)
    pub0, pub1 = _publication_day(pub)
    pubs = _fmt_day(pub0)
    mod = (t.mod or "").upper()
    past = bool(cues.past_window.search(near) or cues.text_past.match(t.text)
                or (cues.for_.search(near) and cues.perfect.search(clause)))
    future = not past and bool(
        cues.next_window.search(near) or cues.text_next.match(t.text) or cues.within.search(near)
        or (cues.for_.search(near) and cues.future.search(clause)))
    if not (past or future):
        return None
    vague_mod = mod in ("MORE_THAN", "LESS_THAN", "APPROX", "EQUAL_OR_MORE", "EQUAL_OR_LESS")
    m = _DUR.match(t.value or "")
    unit = (m.group(2) or "T" + m.group(4)) if m else ""
    unit_word = _UNIT_WORDS.get(unit, "")
    if past:
        # "the past two days": from two days before publication to publication; "the
        # previous two days": the two days before the publication day, which stays out
        prior = pub1 > pub0 and bool(cues.prior_window.search(near) or cues.text_prior.match(t.text))
        end = pub0 if prior else pub1
        start, vague = _shift(pub0, t.value, -1)
        approx = vague or vague_mod
        upto = f"up to the day before publication ({pubs})" if prior else f"up to publication ({pubs})"
        if start is None:
            expl = (f"{_quote(t)} {upto}: a stretch of unknown length ending then"
                    + (f", counted in {'centuries' if unit_word == 'century' else unit_word + 's'}" if unit_word else ""))
        else:
            how = {"MORE_THAN": "or earlier (more than)", "LESS_THAN": "or later (less than)",
                   "APPROX": "roughly"}.get(mod, "")
            expl = (f"{_quote(t)} {upto}: from {_fmt_day(start)}"
                    + (f" {how}" if how else "") + f" to {_fmt_day(end - _DAY if end > pub0 or prior else end)}")
        return _Draft([t], start, end, open_start=True, approximate=approx, explanation=expl,
                      grain=None, precision="open range")
    end, vague = _shift(pub1 if pub1 > pub0 else pub0, t.value, +1)
    approx = vague or vague_mod
    if end is None:
        expl = f"{_quote(t)} from publication ({pubs}) on, length unknown"
    else:
        expl = (f"{_quote(t)} from publication ({pubs}) to about {_fmt_day(end - _DAY if _midnight(end) else end)}")
    return _Draft([t], pub0, end, open_end=True, approximate=approx, explanation=expl,
                  grain=None, precision="open range")


def _range(t1: Timex, t2: Timex, text: str, lo: int, cues: EventCues) -> Optional[_Draft]:
    """ONE event for "from X until Y", "between X and Y", "X-Y", adjacent "X and Y"."""
    if not (_dated(t1) and _dated(t2)):
        return None
    gap = text[t1.end:t2.start]
    if len(gap) > 12:
        return None
    m = cues.range_gap.match(gap)
    if not m:
        return None
    word = cues.role(m.group(1))
    prefix = _before(text, lo, t1.start, 20)
    g1, g2 = _grain_of(t1), _grain_of(t2)
    if word == "and":
        if not (cues.between.search(prefix) or (g1 == g2 and t2.date_from == t1.date_to)):
            return None
    elif word in ("to", "into") and not cues.from_.search(prefix):
        return None
    if t1.date_from >= t2.date_to:
        return None
    approx = (t1.mod or "").upper() in _APPROX_MODS or (t2.mod or "").upper() in _APPROX_MODS
    i1 = describe_interval(t1.date_from, t1.date_to, g1, t1.value)
    i2 = describe_interval(t2.date_from, t2.date_to, g2, t2.value)
    whole = describe_interval(t1.date_from, t2.date_to, g1 if g1 == g2 else None, "")
    n1 = f" ({_note(t1)})" if _note(t1) else ""
    n2 = f" ({_note(t2)})" if _note(t2) else ""
    expl = (f"a range from {_quote(t1)}, {i1}{n1}, to {_quote(t2)}, {i2}{n2}: {whole}")
    grain = g1 if g1 == g2 else None
    return _Draft([t1, t2], t1.date_from, t2.date_to, approximate=approx, explanation=expl,
                  value=f"{t1.value}/{t2.value}", type_=t1.type if t1.type == t2.type else "DATE",
                  mod=t1.mod or t2.mod, grain=grain, precision="range")


#: "The vote came two days after Mayor Okafor warned ...": the sentence's subject is the
#: event just dated, and what follows "after" ("before") happened that long before (after) it
_RE_CAME = re.compile(r"(?:the|this|that|it)\b[^,;:.]{0,60}?\b(?:came|happened|occurred|followed|took\s+place|"
                      r"was\s+held|began|started|ended)\s+(?:just\s+|only\s+|barely\s+)?$", re.I)
_RE_GAP = re.compile(r"\s+(after|before)\s+[A-Za-z]")


def _gap_event(t: Timex, text: str, lo: int, last_day: Optional[datetime]) -> Optional[_Draft]:
    """The event a day count places against the event just dated ("came two days after")."""
    gap = re.fullmatch(r"P(\d+)([DW])", t.value or "") if t.type == "DURATION" and not t.mod else None
    way = _RE_GAP.match(text, t.end) if gap else None
    if not way or last_day is None or not _RE_CAME.match(text[lo:t.start].lstrip()):
        return None
    days = int(gap[1]) * (7 if gap[2] == "W" else 1)
    before = way[1].lower() == "after"  # X came two days after Y: Y is two days before X
    day = last_day - _DAY * days if before else last_day + _DAY * days
    return _Draft([t], day, day + _DAY, grain="day", precision="day",
                  explanation=(f"{_quote(t)} {way[1].lower()} it: what follows '{way[1].lower()}' happened "
                               f"{'before' if before else 'after'} the event of the day last mentioned "
                               f"({_fmt_day(last_day)}), on {_fmt_day(day)}"))


def _sentence_drafts(timexes: Sequence[Timex], text: str, lo: int, pub,
                     last_day: Optional[datetime] = None, cues: Optional[EventCues] = None) -> list[_Draft]:
    cues = cues or event_cues("en")
    drafts: list[_Draft] = []
    i = 0
    while i < len(timexes):
        t = timexes[i]
        if i + 1 < len(timexes):
            r = _range(t, timexes[i + 1], text, lo, cues)
            if r is not None:
                drafts.append(r)
                i += 2
                continue
        d = _single(t, text, lo, pub, cues) or _gap_event(t, text, lo, last_day)
        if d is not None:
            drafts.append(d)
        i += 1
    # Expressions of one sentence with the same interval are one event.
    out: list[_Draft] = []
    seen: dict[tuple, _Draft] = {}
    for d in drafts:
        key = (d.start, d.end, d.open_start, d.open_end)
        if key in seen and len(d.exprs) == 1 and len(seen[key].exprs) == 1:
            seen[key].exprs += d.exprs
            continue
        seen[key] = d
        out.append(d)
    return out


# ---------------------------------------------------------------------------
# Articles

def _sentence_index(spans: Sequence[tuple[int, int]], timexes: Sequence[Timex] = ()):
    """The sentence spans sorted, and their starts; sentences that an expression runs
    across ("Talks ended.Sept. 30 was the day": the splitter cut after "Sept.") are
    joined, so that every expression lies inside its event's sentence."""
    spans = sorted((a, b) for a, b in spans if b > a)
    starts = [a for a, _ in spans]
    joined: dict[int, int] = {}  # first span -> last span it runs to
    for t in timexes:
        k = bisect_right(starts, t.start) - 1
        if k < 0 or t.end <= spans[k][1]:
            continue
        j = bisect_right(starts, t.end - 1) - 1
        if j > k:
            joined[k] = max(joined.get(k, k), j)
    if joined:
        out, k = [], 0
        while k < len(spans):
            j, reach = k, joined.get(k, k)
            while j < reach:  # a joined sentence may itself run into the next
                j += 1
                reach = max(reach, joined.get(j, j))
            out.append((spans[k][0], spans[reach][1]))
            k = reach + 1
        spans = out
        starts = [a for a, _ in spans]
    return spans, starts


def _sentence_of(pos: int, spans, starts, text: str) -> tuple[int, int]:
    k = bisect_right(starts, pos) - 1
    if k >= 0 and spans[k][0] <= pos < spans[k][1]:
        return spans[k]
    # Not in any sentence (the splitter missed it): use its line.
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, len(text) if b < 0 else b


#: The longest sentence an event keeps whole; a longer one (a run-on list, a page
#: without full stops) gives each event only the clauses around its expressions, so
#: the events of a long text hold text in proportion to it, not to its square.
SENTENCE_MAX = 1000


def _event_span(text: str, a: int, b: int, s: int, e: int) -> tuple[int, int]:
    """[a, b) when short enough; else the part of it from the clause break before the
    expressions at [s, e) (at most 300 characters back) to at most SENTENCE_MAX on."""
    if b - a <= SENTENCE_MAX:
        return a, b
    breaks = [m.end() for m in _CLAUSE_START.finditer(text, max(a, s - 300), s) if m.end() <= s]
    lo = breaks[-1] if breaks else max(a, s - 300)
    hi = min(b, max(e, lo + SENTENCE_MAX))
    if hi < b:
        sp = text.rfind(" ", max(e, hi - 80), hi)
        hi = sp if sp > e else hi
    while lo < s and text[lo].isspace():
        lo += 1
    return lo, hi


def events_from_timexes(article: Article, timexes: Iterable[Timex],
                        sentences: Sequence[tuple[int, int]], text: Optional[str] = None,
                        lang: str = "en") -> list[Event]:
    """Events from already tagged expressions and sentence spans (offsets into ``article.text``),
    read in language ``lang``.

    ``text`` is the masked text the spans/timexes came from (defaults to the
    article's); sentence strings shown to readers come from ``article.text``.
    """
    if article.published is None:
        raise ValueError(f"article {article.id!r} has no publication date: cannot date its events")
    pub = article.published
    if isinstance(pub, datetime) and pub.tzinfo is not None:
        pub = pub.replace(tzinfo=None)  # the article's own wall-clock time, as tag() reads it
    original = article.text
    text = original if text is None else text
    spans, starts = _sentence_index(sentences, timexes := list(timexes))
    by_sentence: dict[tuple[int, int], list[Timex]] = {}
    for t in sorted(timexes, key=lambda t: (t.start, t.end)):
        if not (0 <= t.start < t.end <= len(original)):
            continue
        by_sentence.setdefault(_sentence_of(t.start, spans, starts, text), []).append(t)
    src = Source(article.id, article.title, article.source, article.url, pub)
    events: list[Event] = []
    last_day: Optional[datetime] = None  # the day of the last event dated to a day, for "came two days after"
    for (a, b), ts in sorted(by_sentence.items()):
        # Trim the span to its visible (unmasked) text.
        seg = text[a:b]
        a2 = a + (len(seg) - len(seg.lstrip()))
        b2 = a + len(seg.rstrip())
        if b2 <= a2:
            a2, b2 = a, b
        drafts = _sentence_drafts(ts, text, a, pub, last_day, event_cues(lang))
        for d in drafts:
            if d.grain == "day" and d.start is not None and d.end is not None and not (d.open_start or d.open_end):
                last_day = d.start
        for d in drafts:
            first, last = d.exprs[0], d.exprs[-1]
            if len(d.exprs) == 2 and d.precision == "range":
                remove = [(first.start - a2, last.end - a2)]
                # "from"/"between" before the range goes too.
                pre = _before(text, a2, first.start, 20)
                cues = event_cues(lang)
                m = cues.from_.search(pre) or cues.between.search(pre)
                if m:
                    remove = [(first.start - a2 - len(pre) + m.start(), last.end - a2)]
            elif first.type == "DURATION" and d.precision == "day" and (gap := _RE_GAP.match(text, first.end)):
                remove = [(0, gap.end() - 1 - a2)]  # "The vote came two days after": the event is what follows
            else:
                remove = [(x.start - a2, x.end - a2) for x in d.exprs
                          if d.precision not in ("open range",) or x.type == "DURATION"]
            lo, hi = _event_span(text, a2, b2, first.start, last.end)
            remove = [(max(0, s + a2 - lo), e + a2 - lo) for s, e in remove if e + a2 - lo > 0]
            sentence = original[lo:hi]
            title = make_title(sentence, remove, focus=first.start - lo, lang=lang)
            eid = _short_hash(article.id, *[f"{x.start}-{x.end}" for x in d.exprs], d.value)
            events.append(Event(
                id=eid, article=article.id, title=title, sentence=sentence,
                sentence_start=lo, sentence_end=hi, expressions=d.exprs, value=d.value,
                type=d.type, mod=d.mod, grain=d.grain, start=d.start, end=d.end,
                precision=d.precision, explanation=d.explanation, open_start=d.open_start,
                open_end=d.open_end, approximate=d.approximate, published=pub,
                source=article.source, url=article.url, sources=(src,), lang=lang))
    return events


def events_for_article(article: Article, genre: Optional[str] = None, lang: Optional[str] = None) -> list[Event]:
    """The dated events of one article (its text masked, tagged and split into sentences).
    ``genre`` and ``lang`` are passed to :func:`pipeline.tag` ("news", "narrative", None:
    decided per article; "en", "fr", None: detected per article).

    Raises ValueError if the article has no publication date, and UnsupportedLanguage
    if it is surely written in a language Chronicle does not read (``pipeline.language``):
    English rules are never run on it in silence.
    """
    if article.published is None:
        raise ValueError(f"article {article.id!r} has no publication date: cannot date its events "
                         "(give one, e.g. --published 2021-09-30)")
    from .tagger import tag

    code = language_of(article.text or "", lang)  # UnsupportedLanguage: never English rules in silence
    masked, sentences = story_sentences(article.text or "", code)
    timexes = tag(masked, article.published, genre=genre, lang=code)
    return events_from_timexes(article, timexes, sentences, text=masked, lang=code)


def story_sentences(text: str, lang: str = "en") -> tuple[str, list[tuple[int, int]]]:
    """The story's text (:func:`story_text`) and its sentence spans (in ``lang``), cut at headers."""
    from .sentences import split_sentences
    masked, headers = story_text(text)
    return masked, _cut_sentences(split_sentences(masked, lang), headers)


def story_text(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text with everything that is not the story blanked (same length, newlines
    kept), and the header spans blanked: site boilerplate; bylines, datelines and page
    timestamps (they date the page, not the news; feeds glue them to the story, so a
    sentence must never run across one); and the readers' comments to the end."""
    from .clean import comment_section, mask_boilerplate
    masked = mask_boilerplate(text)
    if len(masked) != len(text):  # the contract says same length; never trust offsets otherwise
        masked = text
    headers = header_spans(masked)
    start = comment_section(masked)
    if start is not None:
        headers = [h for h in headers if h[1] <= start] + [(start, len(masked))]
    return blank_spans(masked, headers), headers


def _cut_sentences(spans: Sequence[tuple[int, int]], gaps: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans split where a blanked header sits inside one ("headline <header> first sentence")."""
    if not gaps:
        return list(spans)
    gaps = sorted(gaps)
    starts = [g[0] for g in gaps]
    out = []
    for a, b in spans:
        k = max(0, bisect_right(starts, a) - 1)
        while k < len(gaps) and gaps[k][0] < b:
            s, e = gaps[k]
            if e > a:
                if s > a:
                    out.append((a, s))
                a = max(a, e)
            k += 1
        if b > a:
            out.append((a, b))
    return out


# ---------------------------------------------------------------------------
# Merging near-duplicates across articles

@lru_cache(maxsize=4096)  # an article's events share their sentences
def _tokens(s: str) -> frozenset[str]:
    return frozenset(w for w in (x.lower() for x in _TOKEN.findall(s)) if w not in _STOP and len(w) > 1)


def _jaccard(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def _sort_key(e: Event):
    return (e.start is not None, e.start or datetime.min, e.article, e.sentence_start, e.id)


def _prefix(words: frozenset, rank: dict, threshold: float) -> list[str]:
    """The rarest words of ``words`` that any set at least ``threshold`` similar
    (Jaccard) to it must share one of: the first ``|x| - ceil(t|x|) + 1`` in the
    global order ``rank`` (prefix filtering, as in all-pairs similarity search)."""
    n = len(words) - math.ceil(threshold * len(words) - 1e-9) + 1
    return sorted(words, key=rank.__getitem__)[:max(n, 1)]


def merge_events(events: Iterable[Event], threshold: float = MERGE_THRESHOLD) -> list[Event]:
    """Merge near-duplicate events reported by different articles.

    Two events merge when they have the same interval (start, end and open
    ends) and nearly the same statement: the token-set (Jaccard) similarity
    of their sentences or of their titles is at least ``threshold``.  The
    merged event keeps the first one's text and lists every article in
    ``sources``; its id is a hash of the members' ids.  Events of the same
    article never merge with each other.  Output is sorted by start (open
    starts first), then article.
    """
    events = sorted(events, key=_sort_key)
    tokens = [(_tokens(e.sentence), _tokens(e.title)) for e in events]
    # Candidates come from the rarest words only (prefix filtering): a cluster at least
    # ``threshold`` similar must share one of them, and common words ("said", "oil")
    # no longer make every cluster of an interval a candidate of every event.
    df: dict[str, int] = {}
    for st, tt in tokens:
        for w in st | tt:
            df[w] = df.get(w, 0) + 1
    rank = {w: (n, w) for w, n in df.items()}
    groups: dict[tuple, dict] = {}
    clusters: list[dict] = []
    for e, (st, tt) in zip(events, tokens):
        key = (e.start, e.end, e.open_start, e.open_end)
        g = groups.get(key)
        if g is None:
            g = groups[key] = {"clusters": [], "st": {}, "tt": {}, "norm": {}}
        # Candidates: clusters of other articles sharing a prefix word of the sentence or
        # of the title, or with the very same sentence; the first (in order of opening)
        # that is similar enough takes the event.
        ps, pt = _prefix(st, rank, threshold) if st else [], _prefix(tt, rank, threshold) if tt else []
        cands: set[int] = set()
        for index, words in ((g["st"], ps), (g["tt"], pt)):
            for w in words:
                for art, ks in index.get(w, {}).items():
                    if art != e.article:
                        cands.update(ks)
        for art, ks in g["norm"].get(e.sentence, {}).items():
            if art != e.article:
                cands.update(ks)
        home = None
        for k in sorted(cands):
            c = g["clusters"][k]
            if e.article in c["articles"]:
                continue
            if c["norm"] == e.sentence or (st and c["st"] and _jaccard(st, c["st"]) >= threshold) or \
                    (tt and c["tt"] and _jaccard(tt, c["tt"]) >= threshold):
                home = c
                break
        if home is None:
            k = len(g["clusters"])
            home = {"st": st, "tt": tt, "norm": e.sentence, "members": [], "articles": set()}
            g["clusters"].append(home)
            for w in ps:
                g["st"].setdefault(w, {}).setdefault(e.article, []).append(k)
            for w in pt:
                g["tt"].setdefault(w, {}).setdefault(e.article, []).append(k)
            g["norm"].setdefault(e.sentence, {}).setdefault(e.article, []).append(k)
            clusters.append(home)
        home["members"].append(e)
        home["articles"].add(e.article)
    out = []
    for c in clusters:
        first, members = c["members"][0], c["members"]
        if len(members) == 1:
            out.append(first)
            continue
        sources, seen = [], set()
        for m in members:
            for s in m.sources or (Source(m.article, "", m.source, m.url, m.published),):
                if s.article not in seen:
                    seen.add(s.article)
                    sources.append(s)
        out.append(replace(first, id=_short_hash("merged", *sorted(m.id for m in members)),
                           sources=tuple(sources)))
    out.sort(key=_sort_key)
    return out


# ---------------------------------------------------------------------------
# Many articles

def _safe_events(article: Article, genre: Optional[str] = None,
                 lang: Optional[str] = None) -> tuple[list[Event], Optional[str]]:
    try:
        return events_for_article(article, genre, lang), None
    except UnsupportedLanguage as exc:
        return [], str(exc)
    except OverflowError:
        return [], "one of its dates falls outside the calendar (years 1 to 9999)"
    except Exception as exc:  # one bad article must not lose the batch
        return [], f"{type(exc).__name__}: {exc}"


def _chunk_events(chunk: list[Article], genre: Optional[str] = None,
                  lang: Optional[str] = None) -> list[tuple[list[Event], Optional[str]]]:
    return [_safe_events(a, genre, lang) for a in chunk]


#: The latest publication date whose day can be placed: an event of the day after it
#: would end on 1 January 10000, which no date type holds.
LAST_PUBLISHED = date(9999, 12, 30)


def _problem(source: str, message: str):
    from .articles import Problem
    return Problem(source, message)


def dated_articles(articles: Iterable[Article], problems: Optional[list] = None) -> list[Article]:
    """The articles with a publication date; each other one is named in ``problems``."""
    dated = []
    for a in articles:
        if a.published is None:
            if problems is not None:
                problems.append(_problem(a.path or a.id, f"article {a.id!r} has no publication date"))
        elif (a.published.date() if isinstance(a.published, datetime) else a.published) > LAST_PUBLISHED:
            if problems is not None:
                problems.append(_problem(a.path or a.id, f"article {a.id!r} is dated {a.published:%Y-%m-%d}, the "
                                         f"calendar's last day: its events would end after it (the latest "
                                         f"publication date that can be placed is {LAST_PUBLISHED})"))
        else:
            dated.append(a)
    return dated


def collect_events(articles: Sequence[Article], results, problems: Optional[list] = None) -> list[Event]:
    """The events of ``results`` (one ``(events, error)`` per article, None where the
    article never ran); each failed article is named in ``problems``."""
    events: list[Event] = []
    for a, res in zip(articles, results):
        evs, err = res if res is not None else ([], None)
        if err is not None and problems is not None:
            problems.append(_problem(a.path or a.id, f"article {a.id!r} failed: {err}"))
        events.extend(evs if err is None else [])
    return events


def events_per_article(dated: Sequence[Article], *, workers: int = 1,
                       progress: Optional[Callable[[int, int], None]] = None,
                       genre: Optional[str] = None,
                       lang: Optional[str] = None) -> list[tuple[list[Event], Optional[str]]]:
    """``(events, error)`` for each of the ``dated`` articles, in their order (error None
    when the article ran), over a process pool when ``workers > 1``."""
    total = len(dated)
    results: list[tuple[list[Event], Optional[str]]] = []
    workers = max(1, int(workers or 1))
    if workers > 1 and total >= 4 * workers:
        from concurrent.futures import ProcessPoolExecutor
        size = max(1, min(200, total // (workers * 8) or 1))
        chunks = [dated[i:i + size] for i in range(0, total, size)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for res in pool.map(partial(_chunk_events, genre=genre, lang=lang), chunks):
                results.extend(res)
                if progress:
                    progress(len(results), total)
    else:
        for a in dated:
            results.append(_safe_events(a, genre, lang))
            if progress:
                progress(len(results), total)
    return results


def build_events(articles: Iterable[Article], *, merge: bool = True, workers: int = 1,
                 problems: Optional[list] = None,
                 progress: Optional[Callable[[int, int], None]] = None,
                 genre: Optional[str] = None, lang: Optional[str] = None) -> list[Event]:
    """Events of many articles, merged across articles unless ``merge=False``.
    ``genre`` ("news", "narrative", None: decided per article) and ``lang`` ("en", "fr",
    None: detected per article) are :func:`pipeline.tag`'s.

    Undated articles are skipped; so is an article whose processing fails.
    When ``problems`` is a list, a ``Problem(source, message)`` naming each
    skipped article is appended to it.  ``workers > 1`` spreads the
    articles over a process pool in chunks.  ``progress(done, total)`` is
    called as articles finish.
    """
    if genre is not None and genre not in GENRES:
        raise ValueError(f"genre must be one of {', '.join(GENRES)} or None, got {genre!r}")
    if lang is not None:
        language_of("", lang)  # an unknown language is refused before any article is read
    dated = dated_articles(articles, problems)
    results = events_per_article(dated, workers=workers, progress=progress, genre=genre, lang=lang)
    events = collect_events(dated, results, problems)
    return merge_events(events) if merge else sorted(events, key=_sort_key)
