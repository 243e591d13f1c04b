"""German: the patterns and handlers that read German dates, and the reading of
German tense (Perfekt, Präteritum, Futur with "werden", plans with "soll").

Every word comes from ``words.json`` beside this file; the patterns are built
from those tables, and so are the words that wake each rule. The handlers give
the same :class:`Mention` kinds as the other languages', so the engine anchors
and bounds them unchanged; explanations are in English for now.

Conventions (TimeML, as HeidelTime's German rules): a preposition and its
contraction stay out ("am 3. März", "im Mai", "seit 2019" give "3. März",
"Mai", "2019"); a determiner or a shift word belongs ("letzte Woche", "im
vergangenen Jahr" gives "vergangenen Jahr"); "gegen" before a clock time makes
it approximate and belongs to it. German writes its nouns with a capital, so
"morgen" is tomorrow and "am Morgen" the morning.

No German gold corpus is at hand: the phrase corpus ``tests/corpus/de/`` is the
specification, and coverage is what it holds (docs/languages.md).
"""
from __future__ import annotations

import re
from datetime import date
from typing import Optional

from ...grammar import Grammar
from ...rule import Rule, rule
from .. import load
from ..kit import (ISO_DATE, NUMERIC_DATE_TRIGGER, alt, clock_mention, cues, day_after, direction_of, duration_value,
                   every_n, feast_mention, figure, iso_date, key, low, mention, trigger, two_digit_year, words_of,
                   year_digits)

DE = load("de")
MONTHS: dict = DE["months"]
WEEKDAYS: dict = DE["weekdays"]
SEASONS: dict = DE["seasons"]
PARTS: dict = DE["parts_of_day"]
UNITS: dict = DE["units"]
MODS: dict = DE["modifiers_before"]
POSITIONS: dict = DE["position_modifiers"]
SHIFTS: dict = DE["shift_words"]
VAGUE_WORDS = DE["vague_quantities"]

RULES: list[Rule] = []

# --- numbers -----------------------------------------------------------------------------
_ONES = {w: v for w, v in DE["ones"].items() if 0 < v < 10 and w not in ("eine", "einem", "einen", "einer", "eines")}
NUMBER_WORDS = dict(DE["ones"])
for _t, _tv in DE["tens"].items():
    NUMBER_WORDS[_t] = _tv
    for _o, _ov in _ONES.items():
        NUMBER_WORDS[f"{_o}und{_t}"] = _tv + _ov  # "einundzwanzig", "zweiunddreißig"
NUMBER_WORDS.update({"hundert": 100, "einhundert": 100, "zweihundert": 200, "tausend": 1000, "dutzend": 12})
_NUM_WORD = (rf"(?:(?:{alt(_ONES)})und{alt(DE['tens'])}|{alt(DE['tens'])}|{alt([w for w, v in DE['ones'].items() if v])}"
             r"|hundert|einhundert|zweihundert|tausend)(?![-\w])")
NUMBER = rf"(?:\d{{1,3}}(?:\.\d{{3}})+|\d+(?:,\d+)?|(?i:{_NUM_WORD}))"
VAGUE = alt(VAGUE_WORDS)


def number_value(s: str) -> Optional[float]:
    t = key(s)
    got = figure(t)
    if got is not None:
        return got
    if t in ("eineinhalb", "anderthalb"):
        return 1.5
    return NUMBER_WORDS.get(t)


# --- fragments -------------------------------------------------------------------------------
_ABBR = [m for m in MONTHS if m in ("jan", "feb", "mär", "mrz", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dez")]
MONTH = rf"(?:(?i:{alt([m for m in MONTHS if m not in _ABBR])})(?![-\w])|(?i:{alt(_ABBR)})\.)"
WEEKDAY = rf"(?i:{alt(WEEKDAYS)})"
DAY = r"(?:[12]\d|3[01]|0?[1-9])\."
YEAR = r"(?:1[0-9]\d\d|20\d\d)(?![\d,.]\d|\d)"
POS = rf"(?P<posw>(?i:{alt(POSITIONS)}))"
SHIFT = rf"(?i:{alt(SHIFTS)})"
#: the forms of each unit (singular, plural, the dative's -n, the genitive's -s)
_UNIT_FORMS = {
    "sekunde": "sekunde", "sekunden": "sekunde", "minute": "minute", "minuten": "minute", "stunde": "stunde",
    "stunden": "stunde", "tag": "tag", "tage": "tag", "tagen": "tag", "tages": "tag", "nacht": "nacht",
    "nächte": "nacht", "nächten": "nacht", "woche": "woche", "wochen": "woche", "wochenende": "wochenende",
    "wochenenden": "wochenende", "monat": "monat", "monate": "monat", "monaten": "monat", "monats": "monat",
    "quartal": "quartal", "quartale": "quartal", "quartalen": "quartal", "halbjahr": "halbjahr", "jahr": "jahr",
    "jahre": "jahr", "jahren": "jahr", "jahres": "jahr", "jahrzehnt": "jahrzehnt", "jahrzehnte": "jahrzehnt",
    "jahrzehnten": "jahrzehnt", "jahrhundert": "jahrhundert", "jahrhunderte": "jahrhundert",
    "jahrhunderten": "jahrhundert", "jahrtausend": "jahrtausend"}
UNIT = alt(list(_UNIT_FORMS))
MOD = alt(MODS)


def _unit(word: str) -> Optional[str]:
    return _UNIT_FORMS.get(key(word))


def _shift(word: Optional[str]) -> str:
    return SHIFTS.get(low(word).split(" ")[-1], "") if word else ""


_PREPS = {"im", "in", "seit", "bis", "ab", "von", "vom", "vor", "nach", "zwischen", "und", "oder", "zum", "am", "anfang",
          "ende", "mitte", "monat", "monats", "für", "ende", "beginn", "des", "dem", "den", "um", "gegen"}


def _prev_word(text: str, i: int) -> str:
    w = words_of(text[max(0, i - 16):i])
    return w[-1] if w else ""


# --- dates -------------------------------------------------------------------------------------
rule("iso_date", ISO_DATE, trigger=year_digits, into=RULES)(iso_date)


@rule("numeric_date", r"(?<![\d/.])(?P<d>[0-3]?\d)(?P<sep>[/.])(?P<mo>[01]?\d)(?P=sep)(?P<y>\d{4}|\d{2})(?![\d/]|[.,]\d)",
      trigger=NUMERIC_DATE_TRIGGER, into=RULES)
def numeric_date(m, text):
    d, mo = int(m["d"]), int(m["mo"])
    y = two_digit_year(m["y"]) if len(m["y"]) == 2 else int(m["y"])
    try:
        date(y, mo, d)
    except ValueError:
        return None
    return mention(m, "DATE", "abs", value=f"{y:04d}-{mo:02d}-{d:02d}")


@rule("month_date", rf"""
    (?:(?P<wd>{WEEKDAY})(?!\w),?\s+(?:(?i:den|dem)\s+)?)?
    (?P<d>{DAY})\s*(?P<m>{MONTH})
    (?:\s+(?P<y>{YEAR}))?
    """, re.VERBOSE, trigger=trigger(MONTHS), into=RULES)
def month_date(m, text):
    month = MONTHS[key(m["m"]).rstrip(".")]
    day = int(m["d"][:-1])
    if m["y"]:
        return mention(m, "DATE", "abs", value=f"{m['y']}-{month:02d}-{day:02d}")
    dow = WEEKDAYS[key(m["wd"])] if m["wd"] else 0
    return mention(m, "DATE", "month", month=month, day=day, dow=dow)


@rule("month", rf"""
    (?:{POS}\s+)?
    (?:(?P<shift>{SHIFT})\s+)?
    (?P<m>{MONTH})
    (?:\s+(?P<y>{YEAR})|\s+(?P<yrel>(?i:(?:des\s+)?(?:letzten|vergangenen|kommenden|nächsten|dieses|laufenden)\s+Jahres|des\s+Vorjahres)))?
    """, re.VERBOSE, trigger=trigger(MONTHS), into=RULES)
def month(m, text):
    month_ = MONTHS[key(m["m"]).rstrip(".")]
    prev = _prev_word(text, m.start())
    if not (m["y"] or m["yrel"] or m["posw"] or m["shift"] or prev in _PREPS):
        return None  # "August Diehl": a month alone is a date only after "im", "seit", "bis" ...
    mod = POSITIONS.get(key(m["posw"])) if m["posw"] else None
    if m["y"]:
        return mention(m, "DATE", "abs", value=f"{m['y']}-{month_:02d}", mod=mod)
    if m["yrel"]:
        yrel = low(m["yrel"])
        off = -1 if ("letzten" in yrel or "vergangenen" in yrel or "vorjahres" in yrel) else \
            1 if ("kommenden" in yrel or "nächsten" in yrel) else 0
        return mention(m, "DATE", "month_in_year", month=month_, offset=off, mod=mod)
    return mention(m, "DATE", "month", month=month_, shift=_shift(m["shift"]), mod=mod)


_OLD_YEAR_BEFORE = {"im", "jahr", "jahre", "seit", "bis", "ab", "um", "von", "vor", "nach"}
_NOT_YEAR_AFTER = re.compile(r"(?i)\s*(?:%|€|\$|euro|dollar|einwohner|menschen|personen|hektar|meter|m²|m\b|km|"
                             r"kilo|kg|tonnen|exemplare|mitarbeiter|stellen|stimmen|wohnungen|plätze|schüler|"
                             r"zuschauer|besucher|punkte|teilnehmer|fahrzeuge|liter|seiten|männer|frauen|kinder)\b")


@rule("year", rf"""
    (?:{POS}\s+|(?P<an>(?i:(?:das|dem)\s+jahre?|jahre?|geschäftsjahr))\s+)?
    (?<![\d,.])(?P<y>{YEAR})(?!\.\s*(?:\d|[A-ZÄÖÜ][a-zäöü]+\s))(?P<er>er)?
    """, re.VERBOSE, trigger=year_digits, into=RULES)
def year(m, text):
    if m["er"]:
        return None  # "die 1990er": the decade rule
    y = int(m["y"])
    if _NOT_YEAR_AFTER.match(text, m.end()) or re.search(r"(?i)(?:nr\.?|nummer|seite|artikel|\d[\s.])\s*$",
                                                         text[max(0, m.start() - 8):m.start()]):
        return None
    prev = _prev_word(text, m.start())
    if y < 1800 and not (m["posw"] or m["an"] or prev in _OLD_YEAR_BEFORE):
        return None
    an = low(m["an"])
    start = m.start() + (len(an.split(" ")[0]) + 1 if an.startswith(("das ", "dem ")) else 0) if m["an"] else m.start()
    return mention(m, "DATE", "abs", start=start, value=m["y"],
                   mod=POSITIONS.get(key(m["posw"])) if m["posw"] else None)


_DECADE_WORDS = {"zwanziger": 2, "dreißiger": 3, "dreissiger": 3, "vierziger": 4, "fünfziger": 5, "sechziger": 6,
                 "siebziger": 7, "achtziger": 8, "neunziger": 9}


_DECADE = rf"""
    (?:{POS}\s+)?(?:(?P<det>(?i:die|der|den))\s+)?
    (?:(?P<c>1[0-9]|20)?(?P<d>\d)0er(?:\s*-?\s*(?i:jahre|jahren|jahrzehnt))?
     |(?P<w>(?i:{alt(_DECADE_WORDS)}))(?:\s*-?\s*(?i:jahre|jahren))?)(?!\w)
    """


@rule("decade_words", _DECADE, re.VERBOSE, trigger=frozenset(_DECADE_WORDS), into=RULES)
@rule("decade", _DECADE, re.VERBOSE, trigger=lambda w: w.endswith("er"), into=RULES)
def decade(m, text):
    if m["w"] and not re.search(r"(?i)jahre", m[0]) and not m["det"]:
        return None
    d = int(m["d"]) if m["d"] else _DECADE_WORDS[key(m["w"])]
    mod = POSITIONS.get(key(m["posw"])) if m["posw"] else None
    if m["c"]:
        return mention(m, "DATE", "abs", value=f"{m['c']}{d}", mod=mod)
    return mention(m, "DATE", "year2", value=str(d), grain="decade", mod=mod)


@rule("century", rf"(?:{POS}\s+)?(?:(?P<det>(?i:das|des|dem))\s+)?(?P<n>\d{{1,2}})\.\s*(?i:jahrhunderts?)(?!\w)",
      trigger=frozenset({"jahrhundert", "jahrhunderts"}), into=RULES)
def century(m, text):
    n = int(m["n"])
    if not 1 <= n <= 21:
        return None
    return mention(m, "DATE", "abs", start=m.start("posw") if m["posw"] else m.start("n"), value=f"{n - 1:02d}",
                   mod=POSITIONS.get(key(m["posw"])) if m["posw"] else None)


# --- days ---------------------------------------------------------------------------------------
_DAY_WORDS: dict = DE["day_words"]


@rule("day_word", rf"(?P<w>(?i:{alt(_DAY_WORDS)}))(?![-\w])(?:,?\s+(?P<wd>{WEEKDAY})(?!\w|,?\s+\d))?",
      trigger=trigger(_DAY_WORDS), into=RULES)
def day_word(m, text):
    w = key(m["w"])
    if w == "morgen":
        if text[m.start()].isupper() and m.start() and text[max(0, m.start() - 2):m.start()].strip() not in ("", ".", "!", "?", "«", "»", '"', "„"):
            return None  # "am Morgen", "jeden Morgen": the noun, the morning
        if re.search(r"(?i)\b(?:am|den|jeden|der|des|dem|einem|guten|diesen|heute|gestern)\s+$", text[max(0, m.start() - 8):m.start()]):
            return None
    off, part = _DAY_WORDS[w]
    return mention(m, "TIME" if part else "DATE", "rel", grain="day", offset=off, part=part)


_DAY_ANAPHORS: dict = DE["day_anaphors"]


@rule("day_anaphor", rf"(?P<w>(?i:{alt(_DAY_ANAPHORS)}))(?![-\w])", trigger=trigger(_DAY_ANAPHORS), into=RULES)
def day_anaphor(m, text):
    w = key(m["w"])
    part = "EV" if ("abend" in w) else ""
    off = _DAY_ANAPHORS[w]
    start = m.start() + 3 if w.startswith(("am ", "an ")) else m.start()
    return mention(m, "TIME" if part else "DATE", "anaphor", start=start, grain="day", offset=off, part=part)


_PART_SUFFIX = r"(?i:morgen|vormittag|mittag|nachmittag|abend|nacht)"


@rule("weekday", rf"""
    (?:(?P<shift>{SHIFT})\s+)?
    (?P<wd>{WEEKDAY})(?P<part>{_PART_SUFFIX})?(?!\w)(?!,?\s+(?:den\s+|dem\s+)?\d)
    (?:\s+(?P<part2>(?i:morgen|früh|vormittag|mittag|nachmittag|abend|nacht)))?
    """, re.VERBOSE, trigger=frozenset(WEEKDAYS) | frozenset(w + p for w in WEEKDAYS for p in
                                                            ("morgen", "vormittag", "mittag", "nachmittag", "abend", "nacht")),
      into=RULES)
def weekday(m, text):
    dow = WEEKDAYS[key(m["wd"])]
    part_word = low(m["part"] or m["part2"])
    if m["part2"] and not text[m.start("part2")].isupper():
        if part_word not in ("früh",):
            return None  # "Montag morgen" in lower case is tomorrow after a day: leave it
    part = PARTS.get(part_word, "") if part_word else ""
    shift = _shift(m["shift"])
    typ = "TIME" if part else "DATE"
    return mention(m, typ, "weekday", dow=dow, shift=shift, part=part)


@rule("weekend", rf"(?:(?P<det>(?i:am|an\s+diesem|dieses|diesem|das|übers|über\s+das))\s+)?(?:(?P<shift>{SHIFT})\s+)?(?i:wochenende)(?!\w)",
      trigger=frozenset({"wochenende"}), into=RULES)
def weekend(m, text):
    det, shift = low(m["det"]), _shift(m["shift"])
    start = m.start("shift") if m["shift"] else m.end() - len("wochenende")
    if det in ("dieses", "an diesem", "diesem") or shift == "this":
        if det in ("dieses", "diesem", "an diesem"):
            start = m.start() + (3 if det == "an diesem" else 0)
        return mention(m, "DATE", "rel", start=start, grain="weekend", offset=0)
    if shift in ("last", "next"):
        return mention(m, "DATE", "rel", start=start, grain="weekend", offset=-1 if shift == "last" else 1)
    if not det:
        return None  # "ein Wochenende": a duration (the duration rule)
    return mention(m, "DATE", "weekday", start=start, dow=6, part="WE")


# --- relative periods -----------------------------------------------------------------------------
_REL_UNITS = {"woche": "week", "monat": "month", "monats": "month", "jahr": "year", "jahres": "year", "quartal": "quarter",
              "quartals": "quarter"}
_COMPOUNDS = {"vorjahr": ("year", -1), "vorjahres": ("year", -1), "vormonat": ("month", -1), "vormonats": ("month", -1),
              "vorwoche": ("week", -1), "vorquartal": ("quarter", -1), "vorquartals": ("quarter", -1),
              "jahresende": ("year", 0, "END"), "jahresbeginn": ("year", 0, "START"), "jahresanfang": ("year", 0, "START"),
              "jahresmitte": ("year", 0, "MID"), "monatsende": ("month", 0, "END"), "monatsanfang": ("month", 0, "START"),
              "monatsbeginn": ("month", 0, "START"), "monatsmitte": ("month", 0, "MID"), "wochenmitte": ("week", 0, "MID")}


@rule("relative", rf"""
    (?:{POS}\s+(?:(?i:des|der|dieses|dieser|nächsten|kommenden|letzten|vergangenen)\s+)?)?
    (?:(?P<det>(?i:diese|dieser|diesen|dieses|diesem|laufenden|laufende|laufendes))\s+|(?P<shift>{SHIFT})\s+)
    (?P<u>(?i:woche|monats|monat|jahres|jahr|quartals|quartal))(?!\w)
    """, re.VERBOSE, trigger=frozenset({"woche", "monat", "monats", "jahr", "jahres", "quartal", "quartals"}), into=RULES)
def relative(m, text):
    grain = _REL_UNITS[low(m["u"])]
    mod = POSITIONS.get(key(m["posw"])) if m["posw"] else None
    shift = _shift(m["shift"]) if m["shift"] else "this"
    off = {"last": -1, "next": 1, "this": 0}[shift]
    return mention(m, "DATE", "rel", grain=grain, offset=off, mod=mod)


@rule("compound_period", rf"(?:{POS}\s+(?:(?i:des|der)\s+)?)?(?P<w>(?i:{alt(_COMPOUNDS)}))(?!\w)", trigger=frozenset(_COMPOUNDS), into=RULES)
def compound_period(m, text):
    spec = _COMPOUNDS[key(m["w"])]
    mod = (POSITIONS.get(key(m["posw"])) if m["posw"] else None) or (spec[2] if len(spec) > 2 else None)
    return mention(m, "DATE", "rel", grain=spec[0], offset=spec[1], mod=mod)


_QUARTER_ORD: dict = DE["quarter_ordinals"]


@rule("quarter", rf"""
    (?P<o>(?i:{alt(_QUARTER_ORD)}))\s*(?P<u>(?i:quartal|halbjahr|jahreshälfte))(?!\w)
    (?:\s+(?P<y>{YEAR})|\s+(?P<rel>(?i:des\s+(?:vorjahres|vergangenen\s+jahres|letzten\s+jahres)|des\s+laufenden\s+jahres|dieses\s+jahres)))?
    """, re.VERBOSE, trigger=frozenset({"quartal", "halbjahr", "jahreshälfte"}), into=RULES)
def quarter(m, text):
    o = _QUARTER_ORD[key(m["o"])]
    half = low(m["u"]) in ("halbjahr", "jahreshälfte")
    if half and o not in ("1", "2"):
        return None
    part = ("H" if half else "Q") + o
    if m["y"]:
        return mention(m, "DATE", "abs", value=f"{m['y']}-{part}")
    rel = low(m["rel"])
    off = -1 if ("vor" in rel or "vergangen" in rel or "letzten" in rel) else 0
    return mention(m, "DATE", "quarter", part=part, offset=off)


@rule("season", rf"""
    (?:{POS}\s+(?:(?i:des|dieses|nächsten|kommenden|letzten|vergangenen)\s+)?)?
    (?:(?P<det>(?i:im|diesen|dieser|diesem|jeden|jedes|den|der|dem|übers))\s+)?
    (?:(?P<shift>{SHIFT})\s+)?
    (?P<s>(?i:{alt(SEASONS)}))(?:s)?(?!\w)
    (?:\s+(?P<y>{YEAR}))?
    """, re.VERBOSE, trigger=trigger(SEASONS), into=RULES)
def season(m, text):
    part = SEASONS[key(m["s"])]
    det = low(m["det"])
    if not (det or m["y"] or m["posw"] or m["shift"]):
        return None
    if det in ("jeden", "jedes"):
        return mention(m, "SET", "abs", value=f"XXXX-{part}")
    start = m.start("shift") if m["shift"] else m.start("posw") if m["posw"] else \
        m.start() if det in ("diesen", "dieser", "diesem") else m.start("s")
    mod = POSITIONS.get(key(m["posw"])) if m["posw"] else None
    if m["y"]:
        return mention(m, "DATE", "abs", start=start, value=f"{m['y']}-{part}", mod=mod)
    shift = _shift(m["shift"]) or ("this" if det in ("diesen", "dieser", "diesem") else "")
    return mention(m, "DATE", "season", start=start, part=part, shift=shift, mod=mod)


_FEASTS: dict = DE["feasts"]


@rule("feast", rf"(?P<w>(?i:{alt(_FEASTS)}))(?![-\w])(?:\s+(?P<y>{YEAR}))?", trigger=trigger(_FEASTS), into=RULES)
def feast(m, text):
    return feast_mention(m, _FEASTS[key(m["w"])], m["y"])


# --- clock times ------------------------------------------------------------------------------------
_CLOCK_PARTS = {"morgens": 0, "früh": 0, "vormittags": 0, "mittags": 12, "nachmittags": 12, "abends": 12, "nachts": 0}


@rule("clock", r"""
    (?:(?P<approx>(?i:gegen|etwa\s+um|ungefähr\s+um|kurz\s+vor|kurz\s+nach))\s+)?
    (?<![\d:,.])(?P<h>[01]?\d(?!\d)|2[0-4](?!\d))(?:[:.](?P<mi>[0-5]\d))?\s*(?i:uhr)(?!\w)
    (?:\s+(?P<mi2>[0-5]?\d)(?!\d|\s*(?:%|euro|prozent|menschen)))?
    (?:\s+(?P<part>(?i:morgens|früh|vormittags|mittags|nachmittags|abends|nachts)))?
    """, re.VERBOSE, trigger=frozenset({"uhr"}), into=RULES)
def clock(m, text):
    h = int(m["h"])
    mi = int(m["mi"] or m["mi2"] or 0)
    part = low(m["part"])
    if part in ("nachmittags", "abends") and h < 12:
        h += 12
    if part == "nachts" and h == 12:
        h = 24
    approx = bool(m["approx"]) and low(m["approx"]).startswith(("gegen", "etwa", "ungefähr"))
    start = m.start("approx") if approx else m.start("h")
    return clock_mention(start, m.end(), h, mi, approx=approx, day_from=_day_after(text, m.end()))


#: "gegen 3.15 Uhr am Sonntag", "um 10 Uhr gestern": a day named right after a clock time dates it
_DAY_AFTER = re.compile(rf"\s*,?\s*(?:am\s+)?(?:(?P<w>(?i:heute|gestern|vorgestern|morgen))|(?P<wd>{WEEKDAY})(?!\w))(?![-\w]|,?\s+\d)")


_day_after = day_after(_DAY_AFTER, _DAY_WORDS, WEEKDAYS)


@rule("noon", r"(?:(?P<approx>(?i:gegen))\s+)?(?P<w>(?i:mitternacht|mittag))(?!\w)",
      trigger=frozenset({"mitternacht", "mittag"}), into=RULES)
def noon(m, text):
    if low(m["w"]) == "mittag" and not m["approx"] and not re.search(r"(?i)\b(?:am|um|zu|bis|ab|über)\s+$",
                                                                 text[max(0, m.start() - 6):m.start()]):
        return None
    mid = low(m["w"]) == "mittag"
    return clock_mention(m.start(), m.end(), 12 if mid else 24, 0, approx=bool(m["approx"]),
                         day_from=_day_after(text, m.end()))


@rule("part_of_day", r"(?P<det>(?i:am|in\s+der|während\s+der|im\s+laufe\s+des))\s+(?P<p>(?i:morgen|vormittag|nachmittag|abend|nacht))(?!\w)",
      trigger=frozenset({"morgen", "vormittag", "nachmittag", "abend", "nacht"}), into=RULES)
def part_of_day(m, text):
    if re.match(r"\s+(?:des|der|zum|vor|nach|von)\s", text[m.end():m.end() + 6]) and low(m["p"]) != "nacht":
        return None  # "am Abend des Wahlsiegs": a thing's evening, left to the reader
    return mention(m, "TIME", "anaphor", start=m.start("p"), grain="day", offset=0, part=PARTS[low(m["p"])])


# --- durations ----------------------------------------------------------------------------------------
def _is_age(m: re.Match, text: str) -> bool:
    """"38 Jahre alt", "der 38 Jahre alte Mann", "(38)": an age, not a duration."""
    if re.match(r"\s+alt(?:e|en|er|es)?\b", text[m.end():m.end() + 8]):
        return True
    return bool(re.search(r"[,(]\s*$", text[max(0, m.start() - 3):m.start()])) and bool(re.match(r"\s*[,)]", text[m.end():m.end() + 2]))


@rule("duration", rf"""
    (?:(?P<mod>(?i:{MOD}))\s+)?
    (?P<q>{NUMBER}|(?i:eineinhalb|anderthalb|{VAGUE}|ein|eine|einen|einem|einer))\s+
    (?P<u>(?i:{UNIT}))(?![-\w])
    """, re.VERBOSE, trigger=frozenset(_UNIT_FORMS), into=RULES)
def duration(m, text):
    unit = _unit(m["u"])
    if unit is None or _is_age(m, text):
        return None
    if unit == "tag" and re.match(r"\s+(?:der|des)\s", text[m.end():m.end() + 5]):
        return None  # "einen Tag der offenen Tür": a named day, not a duration
    q = key(m["q"])
    mod = MODS.get(key(m["mod"])) if m["mod"] else None
    n = None if q in VAGUE_WORDS else 1 if q in ("ein", "eine", "einen", "einem", "einer") else number_value(q)
    if q not in VAGUE_WORDS and n is None:
        return None
    if re.search(r"(?i)\bvor\s+$", text[max(0, m.start() - 5):m.start()]) and not m["mod"]:
        return None  # "vor zwei Jahren": the 'ago' rule
    if n is not None and not float(n).is_integer():
        letter = UNITS[unit][1]
        if letter == "Y":
            n, unit = n * 12, "monat"
        elif letter == "H":
            return mention(m, "DURATION", "abs", value=f"PT{int(n)}H{round((n - int(n)) * 60)}M", mod=mod)
        elif letter == "D":
            n, unit = n * 24, "stunde"
    return mention(m, "DURATION", "abs", value=duration_value(n, unit, UNITS), mod=mod)


_HALVES = {"eine halbe stunde": "PT30M", "eine viertelstunde": "PT15M", "einer viertelstunde": "PT15M",
           "einer halben stunde": "PT30M", "ein halbes jahr": "P6M", "einem halben jahr": "P6M",
           "ein vierteljahrhundert": "P25Y", "einem vierteljahrhundert": "P25Y", "ein halbes jahrhundert": "P50Y",
           "einem halben jahrhundert": "P50Y", "einen halben tag": "PT12H", "ein vierteljahr": "P3M",
           "eine dreiviertelstunde": "PT45M", "einer dreiviertelstunde": "PT45M"}


@rule("fraction", rf"(?P<w>(?i:{alt(_HALVES)}))(?!\w)", trigger=trigger(_HALVES), into=RULES)
def fraction(m, text):
    return mention(m, "DURATION", "abs", value=_HALVES[key(m["w"])])


_LONG: dict = DE["long_adverbs"]


@rule("long_adverb", rf"(?P<w>(?i:{alt(_LONG)}))(?!\w)", trigger=frozenset(_LONG), into=RULES)
def long_adverb(m, text):
    return mention(m, "DURATION", "abs", value=_LONG[key(m["w"])])


@rule("recent", rf"""
    (?P<det>(?i:in\s+den|während\s+der|die|den))\s+
    (?P<sh>(?i:vergangenen|letzten|nächsten|kommenden))\s+
    (?:(?P<n>{NUMBER})\s+)?(?P<u>(?i:{UNIT}))(?![-\w])
    """, re.VERBOSE, trigger=frozenset({"vergangenen", "letzten", "nächsten", "kommenden"}), into=RULES)
def recent(m, text):
    unit = _unit(m["u"])
    if unit is None or low(m["u"]) in ("jahr", "monat", "tag", "quartal", "woche") and not m["n"]:
        return None  # "den letzten Tag": one day (a singular is not these days)
    n = number_value(m["n"]) if m["n"] else None
    if not m["n"] and low(m["sh"]) in ("nächsten", "kommenden") and low(m["det"]) == "in den":
        return mention(m, "DATE", "abs", value="FUTURE_REF")
    return mention(m, "DURATION", "abs", start=m.start("sh"), value=duration_value(n, unit, UNITS))


_GRAIN_OF_UNIT = {"sekunde": "", "minute": "", "stunde": "", "tag": "day", "nacht": "day", "woche": "week",
                  "wochenende": "week", "monat": "month", "quartal": "quarter", "halbjahr": "month", "jahr": "year",
                  "jahrzehnt": "year", "jahrhundert": "year", "jahrtausend": "year"}
_UNIT_OF = {"tag": ("day", 1), "nacht": ("day", 1), "woche": ("week", 1), "wochenende": ("week", 1),
            "monat": ("month", 1), "quartal": ("quarter", 1), "halbjahr": ("month", 6), "jahr": ("year", 1),
            "jahrzehnt": ("year", 10), "jahrhundert": ("year", 100), "jahrtausend": ("year", 1000)}


@rule("ago", rf"""
    (?P<lead>(?i:vor|in|binnen|innerhalb\s+von))\s+
    (?:(?P<mod>(?i:{MOD}))\s+)?
    (?P<q>{NUMBER}|(?i:eineinhalb|anderthalb|{VAGUE}|einem|einer|einen|ein))\s+(?P<u>(?i:{UNIT}))(?![-\w])
    """, re.VERBOSE, trigger=frozenset({"vor", "in", "binnen", "innerhalb"}), into=RULES)
def ago(m, text):
    unit = _unit(m["u"])
    lead = low(m["lead"])
    if unit is None:
        return None
    if lead in ("binnen", "innerhalb von"):
        return None  # "binnen zwei Wochen": within, a duration
    sign = -1 if lead == "vor" else 1
    q = key(m["q"])
    n = None if q in VAGUE_WORDS else 1 if q in ("ein", "einem", "einer", "einen") else number_value(q)
    mod = MODS.get(key(m["mod"])) if m["mod"] else None
    if n is None:
        if q not in VAGUE_WORDS:
            return None
        return mention(m, "DATE", "abs", value="PAST_REF" if sign < 0 else "FUTURE_REF")
    if sign > 0 and low(m["u"]) not in ("tagen", "wochen", "monaten", "jahren", "stunden", "minuten", "jahrzehnten",
                                       "woche", "jahr", "monat", "tag"):
        return None
    grain = _GRAIN_OF_UNIT[unit]
    if not grain or not float(n).is_integer():
        return None
    u, factor = _UNIT_OF[unit]
    return mention(m, "DATE", "ago", grain=grain, unit=u, offset=sign * int(n) * factor, mod=mod)


@rule("count_back", rf"""
    (?P<q>{NUMBER}|(?i:ein|eine|einen))\s+(?P<u>(?i:{UNIT}))\s+(?P<dir>(?i:zuvor|vorher|früher))(?![-\w])
    """, re.VERBOSE, trigger=frozenset({"zuvor", "vorher", "früher"}), into=RULES)
def count_back(m, text):
    unit = _unit(m["u"])
    if unit is None or _GRAIN_OF_UNIT[unit] not in ("month", "quarter", "year"):
        return None
    q = key(m["q"])
    n = 1 if q in ("ein", "eine", "einen") else number_value(q)
    if n is None or not float(n).is_integer():
        return None
    u, factor = _UNIT_OF[unit]
    return mention(m, "DATE", "ago", grain=_GRAIN_OF_UNIT[unit], unit=u, offset=-int(n) * factor, shift="event")


# --- references and sets -------------------------------------------------------------------------------
_REFS = {**{w: "PRESENT_REF" for w in DE["present_refs"]}, **{w: "PAST_REF" for w in DE["past_refs"]},
         **{w: "FUTURE_REF" for w in DE["future_refs"]}}


@rule("ref", rf"(?P<w>(?i:{alt(_REFS)}))(?![-\w])", trigger=trigger(_REFS), into=RULES)
def ref(m, text):
    w = key(m["w"])
    if text[m.start()].isupper() and m.start() and text[max(0, m.start() - 2):m.start()].strip() not in ("", ".", "!", "?", "„", '"'):
        return None  # "das Jetzt", "die Zukunft": nouns
    if w in ("nun", "später", "zuvor", "früher") and not re.search(r"[,.]\s*$|^\s*$", text[max(0, m.start() - 3):m.start()]):
        return None  # mid-sentence, mostly a word of the story's order, not a reference
    return mention(m, "DATE", "abs", value=_REFS[w])


_SET_ADJ: dict = DE["set_adjectives"]
_WEEKDAY_SETS: dict = DE["weekday_sets"]


@rule("set_adjective", rf"(?P<w>(?i:{alt(_SET_ADJ)}))(?!\w)", trigger=frozenset(_SET_ADJ), into=RULES)
def set_adjective(m, text):
    return mention(m, "SET", "abs", value=_SET_ADJ[key(m["w"])])


@rule("weekday_set", rf"(?P<w>(?i:{alt(_WEEKDAY_SETS)}))(?!\w)", trigger=frozenset(_WEEKDAY_SETS), into=RULES)
def weekday_set(m, text):
    return mention(m, "SET", "abs", value=f"XXXX-WXX-{_WEEKDAY_SETS[key(m['w'])]}")


_EVERY_UNITS = {"tag": "P1D", "woche": "P1W", "monat": "P1M", "jahr": "P1Y", "quartal": "P3M", "stunde": "PT1H",
                "tage": "P1D", "wochen": "P1W", "monate": "P1M", "jahre": "P1Y", "stunden": "PT1H"}


@rule("set_every", rf"""
    (?P<every>(?i:jeden|jede|jedes|jedem|alle|pro|im|in\s+der|einmal\s+im|zweimal\s+im|dreimal\s+im|einmal\s+pro|zweimal\s+pro))\s+
    (?:(?P<n>{NUMBER})\s+)?
    (?:(?P<u>(?i:{alt(_EVERY_UNITS)}))|(?P<wd>{WEEKDAY})|(?P<p>(?i:morgen|abend|nacht))|(?P<mo>{MONTH}))
    (?![-\w])
    """, re.VERBOSE, trigger=frozenset({"jeden", "jede", "jedes", "jedem", "alle", "pro", "im", "der", "einmal",
                                        "zweimal", "dreimal"}), into=RULES)
def set_every(m, text):
    every = low(m["every"])
    u = low(m["u"])
    if every in ("im", "in der", "pro"):
        if not u or u not in ("tag", "woche", "monat", "jahr", "quartal", "stunde"):
            return None
        if every in ("im", "in der") and not re.search(r"(?i)(?:\d|€|euro|dollar|mal|prozent|%|stunden|tage|millionen|milliarden)\s*$",
                                                       text[max(0, m.start() - 30):m.start()]):
            return None  # "im Jahr 2001", "in der Woche danach": not a rate
        if every == "im" and re.match(r"\s*\d", text[m.end():m.end() + 3]):
            return None
    if every == "alle" and not m["n"]:
        return None  # "alle Tage": all days, a plural
    if m["wd"]:
        return mention(m, "SET", "abs", value=f"XXXX-WXX-{WEEKDAYS[key(m['wd'])]}")
    if m["p"]:
        return mention(m, "SET", "abs", value=f"XXXX-XX-XXT{PARTS[low(m['p'])]}")
    if m["mo"]:
        return mention(m, "SET", "abs", value=f"XXXX-{MONTHS[key(m['mo']).rstrip('.')]:02d}")
    value = every_n(_EVERY_UNITS[u], number_value(m["n"]) if m["n"] else 1)
    return mention(m, "SET", "abs", value=value) if value else None


# --- tense ----------------------------------------------------------------------------------------------
#: a plan or a future that cannot be anything else ("soll am Montag", "geplant")
_STRONG = re.compile(r"(?i)^(?:soll|sollen|geplant\w*|plant|planen|vorgesehen|angesetzt)$")
CUES = cues(DE, _STRONG)
direction = direction_of(
    CUES, re.compile(r"(?i)(?:bis|ab|spätestens|vor\s+dem)\s+(?:zum\s+|zur\s+|am\s+|kommenden\s+|nächsten\s+)?$"),
    re.compile(r"(?i)seit\s+(?:dem\s+|der\s+|anfang\s+|ende\s+|mitte\s+)?$"))

GRAMMAR = Grammar("de", DE, RULES, direction, CUES)
