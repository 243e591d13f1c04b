"""Word lists and regular-expression fragments: the tagger's data.

Everything language-specific lives here; ``rules.py`` combines these
fragments into patterns and ``resolve.py`` turns matches into values.
"""
from __future__ import annotations

import re

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3, "wed": 3,
    "thursday": 4, "thu": 4, "thur": 4, "thurs": 4, "friday": 5, "fri": 5,
    "saturday": 6, "sat": 6, "sunday": 7, "sun": 7,
}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
                "overnight": "NI", "midday": "MI", "noon": "MI", "nite": "NI"}
#: The days named by a word -> (days from publication, part of day): as edited prose
#: writes them, and as posts do ("tmrw", "2day", "tonite").
DAY_WORDS = {
    "today": (0, ""), "tonight": (0, "NI"), "yesterday": (-1, ""), "tomorrow": (1, ""),
    "the day before yesterday": (-2, ""), "the day after tomorrow": (2, ""),
    "tmr": (1, ""), "tmrw": (1, ""), "tmrow": (1, ""), "trmw": (1, ""), "tmoro": (1, ""), "tomo": (1, ""),
    "tomolo": (1, ""), "tomoz": (1, ""), "2moro": (1, ""), "2morrow": (1, ""), "2mrw": (1, ""), "2mro": (1, ""),
    "tdy": (0, ""), "2day": (0, ""), "tonite": (0, "NI"), "2nite": (0, "NI"), "2night": (0, "NI"),
    "yday": (-1, ""), "yest": (-1, ""), "ystrdy": (-1, ""),
}

UNITS = {  # unit word -> (grain, TIMEX3 duration letter, is a time unit)
    "second": ("second", "S", True), "minute": ("minute", "M", True), "hour": ("hour", "H", True),
    "day": ("day", "D", False), "night": ("day", "D", False), "week": ("week", "W", False),
    "weekend": ("weekend", "WE", False), "fortnight": ("fortnight", "W", False),
    "month": ("month", "M", False), "quarter": ("quarter", "Q", False),
    "year": ("year", "Y", False), "decade": ("decade", "DE", False), "century": ("century", "CE", False),
}

ONES = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
        "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
        "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
            "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
            "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
            "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
            "twenty-first": 21, "last": -1, "final": -1}
VAGUE_QUANT = {"several", "a few", "few", "a couple of", "couple of", "a couple", "many",
               "some", "a number of", "numerous", "countless", "the last few", "dozens of",
               "hundreds of", "thousands of"}

#: Modifier phrases before an expression -> TimeML mod.
MODS_BEFORE = {
    "more than": "MORE_THAN", "over": "MORE_THAN", "longer than": "MORE_THAN",
    "at least": "EQUAL_OR_MORE", "no less than": "EQUAL_OR_MORE",
    "less than": "LESS_THAN", "under": "LESS_THAN", "fewer than": "LESS_THAN",
    "shorter than": "LESS_THAN", "almost": "LESS_THAN", "nearly": "LESS_THAN",
    "just under": "LESS_THAN", "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS",
    "at most": "EQUAL_OR_LESS", "not more than": "EQUAL_OR_LESS", "within": "EQUAL_OR_LESS",
    "about": "APPROX", "around": "APPROX", "roughly": "APPROX", "approximately": "APPROX",
    "some": "APPROX", "close to": "APPROX",
    "exactly": "EQUAL", "just over": "MORE_THAN", "well over": "MORE_THAN",
}
#: Position words -> TimeML mod ("early May", "the end of the year").
POSITION_MODS = {"early": "START", "earlier": "START", "beginning": "START", "start": "START",
                 "dawn": "START", "mid": "MID", "middle": "MID", "late": "END", "later": "END",
                 "end": "END", "close": "END"}


def alternation(words) -> str:
    """A regex alternation of ``words``, longest first, spaces as ``\\s+``."""
    parts = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in parts) + ")"


def caps(words) -> str:
    """Alternation matching each word lower-case, Capitalised or UPPER-case."""
    forms = set()
    for w in words:
        forms.update({w.capitalize(), w.upper()})
    return alternation(forms)


# --- Fragments (regex source strings) --------------------------------------
# Month names are matched capitalised only: "may"/"march" the verbs stay out.
MONTH_FULL = caps([m for m in MONTHS if len(m) > 4] + ["march", "april", "june", "july", "may"])
MONTH_ABBR = r"(?:(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.|(?:Jan|Feb|Apr|Aug|Sept|Oct|Nov|Dec)\b|(?:Mar|Jun|Jul)\b(?=\s+\d))"
MONTH = rf"(?:{MONTH_FULL}|{MONTH_ABBR})"
# Full weekday names in any of the three cases ("friday" in a post is the day; no
# English word is spelt like one); abbreviations only with their full stop here (the
# rule ``weekday_short`` reads "sat", "Sun", "wed" where the context makes them days).
_WEEKDAY_FULL = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']
WEEKDAY = rf"(?:{alternation(_WEEKDAY_FULL)}|{caps(_WEEKDAY_FULL)}|(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat)\.)"

_UNDER_100 = (r"(?:" + alternation(TENS) + r"(?:[-\s]" + alternation([w for w in ONES if ONES[w] < 10 and ONES[w] > 0]) + r")?"
              r"|" + alternation(ONES) + r")")
_HUNDREDS = rf"\s+hundred(?:\s+(?:and\s+)?{_UNDER_100})?"
NUM_WORD = rf"(?:{_UNDER_100}(?:{_HUNDREDS})?|a{_HUNDREDS}|hundred|(?:a\s+)?dozen)"
NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|(?i:{NUM_WORD}))"
QUANT = rf"(?:{NUMBER}|(?i:{alternation(VAGUE_QUANT)}|a|an))"
UNIT_SG = r"(?:second|minute|hour|day|night|week|weekend|fortnight|month|quarter|year|decade|century)"
UNIT_PL = r"(?:seconds|minutes|hours|days|nights|weeks|weekends|fortnights|months|quarters|years|decades|centuries)"
UNIT = rf"(?:{UNIT_PL}|{UNIT_SG})"
#: Units as posts and listings shorten them ("30 mins", "1.5hrs", "6 YRS"): read only
#: right after a number, never alone.
UNIT_ABBR = {"min": "minute", "mins": "minute", "hr": "hour", "hrs": "hour", "sec": "second", "secs": "second",
             "yr": "year", "yrs": "year", "wk": "week", "wks": "week", "mth": "month", "mths": "month",
             "qtr": "quarter", "qtrs": "quarter"}
UNIT_SHORT = alternation(UNIT_ABBR)
DAY_NUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR4 = r"(?:1[0-9]\d\d|20\d\d)"
PART_OF_DAY = r"(?:morning|afternoon|evening|night|overnight)"
# a time zone after a clock time: "EDT", "GMT", "Eastern", "Central Daylight Time",
# "local time", "Beijing time", "Universal Time"
TZ = (r"(?:\s+(?:[ECMPAH][SD]T|GMT|UTC|BST|CET|CEST|KST|JST|[ECMPAH]T\b|"
      r"(?:Eastern|Central|Mountain|Pacific|Atlantic)(?:\s+(?:[Ss]tandard|[Dd]aylight))?(?:\s+[Tt]ime)?|"
      r"(?:local|Universal|Greenwich(?:\s+Mean)?|Beijing|Tokyo|Moscow|Baghdad|Paris|London|Jerusalem|Seoul|"
      r"Hong\s+Kong|New\s+York|Washington)(?:\s+(?:[Ss]tandard|[Dd]aylight))?\s+[Tt]ime))?")
AMPM = r"(?:[ap]\.\s?m\.?|[AP]\.\s?M\.?|[ap]m\b|[AP]M\b)"


def number_value(text: str) -> float | None:
    """A number written in digits or words; None for vague quantities."""
    t = text.lower().replace("-", " ").strip()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", t):
        t = t.replace(",", "")
    t = re.sub(r"\s+", " ", t)
    if re.fullmatch(r"\d+(\.\d+)?", t):
        return float(t)
    if t in ("a", "an", "one"):
        return 1
    if t == "hundred":
        return 100
    if " hundred" in t:  # "two hundred", "one hundred and twenty"
        hi, _, lo = t.partition(" hundred")
        h = 1 if hi in ("a", "one") else number_value(hi)
        lo = lo.replace(" and ", " ").strip()
        rest = number_value(lo) if lo else 0
        if h is None or rest is None:
            return None
        return h * 100 + rest
    if t in ("dozen", "a dozen"):
        return 12
    if t in ONES:
        return ONES[t]
    parts = t.split(" ")
    if parts[0] in TENS:
        v = TENS[parts[0]]
        if len(parts) == 2 and parts[1] in ONES:
            v += ONES[parts[1]]
        return v
    return None
