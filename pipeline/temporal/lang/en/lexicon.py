"""Word lists and regular-expression fragments: the tagger's data.

The word lists are read from the language's folder (``lang/en/words.json``,
see ``lang/__init__.py``); the fragments built from them stay here.
``rules.py`` combines these fragments into patterns and ``resolve.py`` turns
matches into values.
"""
from __future__ import annotations

import re

from .. import load
from ...rule import alternation  # noqa: F401  (the rules import it from here)

#: The English words (``lang/en/words.json``): the tables are data, their names here
#: are what the rules import.
EN = load("en")
MONTHS = EN["months"]
WEEKDAYS = EN["weekdays"]
SEASONS = EN["seasons"]
PARTS_OF_DAY = EN["parts_of_day"]
#: The days named by a word -> (days from publication, part of day): as edited prose
#: writes them, and as posts do ("tmrw", "2day", "tonite").
DAY_WORDS = EN["day_words"]
UNITS = EN["units"]  # unit word -> (grain, TIMEX3 duration letter, is a time unit)
ONES = EN["ones"]
TENS = EN["tens"]
ORDINALS = EN["ordinals"]
VAGUE_QUANT = EN["vague_quantities"]
#: Modifier phrases before an expression -> TimeML mod.
MODS_BEFORE = EN["modifiers_before"]
#: Position words -> TimeML mod ("early May", "the end of the year").
POSITION_MODS = EN["position_modifiers"]




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
UNIT_ABBR = EN["unit_abbreviations"]
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
