"""French: the patterns and handlers that read French dates, and the reading of
French tense (passé composé, imparfait, futur, futur proche "va + infinitif").

Every word comes from ``words.json`` beside this file; the patterns are built
from those tables, and so are the words that trigger each rule (a rule runs
only near one of them). The handlers give the same :class:`Mention` kinds as
English's, so the engine (``resolve.py``, ``calendar.py``) anchors and bounds
them unchanged; explanations are in English for now.

The conventions are the French TimeBank's (FR-TimeML): a determiner belongs to
the expression ("le 6 mai dernier", "la semaine prochaine", "l'année 2001"), a
preposition does not ("en mai", "depuis 1998"), "vers" does ("vers 15 h 30").
"""
from __future__ import annotations

import re
from typing import Optional

from ...grammar import Grammar
from ...mention import Mention
from ...rule import Rule, rule
from .. import load
from ..kit import (ISO_DATE, NUMERIC_DATE_TRIGGER, cues, day_after, direction_of, every_n, feast_mention, figure,
                   iso_date)
from ..kit import alt as _alt
from ..kit import capital_mid_sentence as _capital_mid_sentence
from ..kit import key as _key
from ..kit import low as _low
from ..kit import mention as _m
from ..kit import roman as _roman
from ..kit import short_digits as _short_digits
from ..kit import trigger as _trigger
from ..kit import two_digit_year as _two_digit_year
from ..kit import words_of as _words
from ..kit import year_digits as _year_digits
from ..kit import duration_value as _duration_value

FR = load("fr")
MONTHS: dict = FR["months"]
WEEKDAYS: dict = FR["weekdays"]
SEASONS: dict = FR["seasons"]
PARTS: dict = FR["parts_of_day"]
UNITS: dict = FR["units"]
SHIFTS: dict = FR["shift_words"]
ANAPHORS: dict = FR["anaphor_words"]
POSITIONS: dict = FR["position_modifiers"]
MODS: dict = FR["modifiers_before"]

RULES: list[Rule] = []
# --- numbers -------------------------------------------------------------------
def _number_words() -> dict:
    """Every number word from one to ninety-nine ("vingt et un", "soixante-douze",
    "quatre-vingt-dix-neuf"), built from the tables of ones and tens."""
    ones, tens = FR["ones"], FR["tens"]
    out = dict(ones)
    small = {v: w for w, v in ones.items() if w != "une"}
    for word, t in tens.items():
        out[word] = t
        base = {70: 60, 90: 80}.get(t, t)  # soixante-dix is sixty and ten
        stem = word if base == t else word.rsplit("-", 1)[0]
        stem = stem[:-1] if stem.endswith("quatre-vingts") else stem
        for k in range(1, 20 if base != t else 10):
            n = base + k
            if n <= t or n >= t + 10:
                continue
            w = small[k]
            if k == 1 and base != 80:
                out[f"{stem} et un"] = out[f"{stem}-et-un"] = out[f"{stem} et une"] = n
                if base == 60 and t == 70:
                    out[f"{stem} et onze"] = out[f"{stem}-et-onze"] = n
            elif k == 11 and base == 60:
                out[f"{stem} et onze"] = out[f"{stem}-et-onze"] = n
            else:
                out[f"{stem}-{w}"] = n
    return out


NUMBER_WORDS = _number_words()
_ONES_WORD = _alt([w for w, v in FR["ones"].items() if v])
_TENS_WORD = _alt(FR["tens"])
# composed as French composes them ("vingt et un", "soixante-douze", "quatre-vingt-dix-neuf"):
# a pattern of a few dozen words, not of every number's spelling; number_value reads the match
_NUM_WORD = (rf"(?:{_TENS_WORD}(?:[-\s]et[-\s](?:une?|onze)|-{_ONES_WORD})?|{_ONES_WORD}"
             r"|deux\s+cents|cent|mille)(?![-\w])")
NUMBER = rf"(?:\d{{1,3}}(?:[\s.]\d{{3}})+|\d+(?:,\d+)?|(?i:{_NUM_WORD}))"
VAGUE = _alt(FR["vague_quantities"])


def number_value(s: str) -> Optional[float]:
    t = _key(s)
    got = figure(t)
    if got is not None:
        return got
    for form in (t, t.replace(" ", "-"), t.replace("-", " ")):  # "soixante douze", "vingt-et-un"
        if form in NUMBER_WORDS:
            return NUMBER_WORDS[form]
    return {"cent": 100, "deux cents": 200, "mille": 1000}.get(t)


# --- fragments -----------------------------------------------------------------
_ABBR_MONTHS = [m for m in MONTHS if m in ("janv", "févr", "fév", "avr", "juil", "sept", "oct", "nov", "déc", "dec")]
_FULL_MONTHS = [m for m in MONTHS if m not in _ABBR_MONTHS]
MONTH = rf"(?:(?i:{_alt(_FULL_MONTHS)})(?![-\w])|(?i:{_alt(_ABBR_MONTHS)})\.)"
WEEKDAY = rf"(?i:{_alt(WEEKDAYS)})(?!\w)"
DAY = r"(?:1(?:er|re|ère)|premier|[12]\d|3[01]|0?[1-9])(?!\d)"
YEAR = r"(?:1[0-9]\d\d|20\d\d)(?![\d,]\d|\d)"
POS = (r"(?:(?:au|le|la|à\s+la|en|dès\s+l[ea]|vers\s+l[ea]|jusqu['’](?:à\s+la|au))\s+)?(?:tout\s+)?"
       r"(?:début|fin|mi-|milieu|courant)(?:\s+(?:de\s+la|de\s+l['’]|de|du|d['’]))?")
SHIFT = r"(?:dernier|dernière|derniers|dernières|prochaine?s?|passée?s?)"
_UNIT_FORMS = {f: u for u in UNITS for f in (u, u + "s", u + "x") if not (u == "mois" and f != u)}
UNIT = _alt(list(_UNIT_FORMS))
MOD = _alt(MODS)


def _unit(word: str) -> Optional[str]:
    w = _key(word).replace(" ", "-")
    if w in UNITS:
        return w
    for cut in ("x", "s"):
        if w.endswith(cut) and w[:-1] in UNITS:
            return w[:-1]
    return None


def duration_value(n: Optional[float], unit: str) -> str:
    return _duration_value(n, unit, UNITS)


#: the preposition before a position ("au début de", "dès la fin de"): not part of the expression
_POS_LEAD = re.compile(r"(?i)(?:au|en|dès\s+l[ea]|vers\s+l[ea]|jusqu['’](?:à\s+la|au))\s+")


def _pos_start(m: re.Match) -> int:
    """Where an expression that may open with a position starts: after its preposition."""
    lead = _POS_LEAD.match(m["pos"]) if m["pos"] else None
    return m.start() + (lead.end() if lead else 0)


def _pos_mod(pos: Optional[str]) -> Optional[str]:
    if not pos:
        return None
    p = _low(pos)
    for word, mod in POSITIONS.items():
        if re.search(rf"\b{word}", p):
            return mod
    return None


# --- dates -------------------------------------------------------------------------
rule("iso_date", ISO_DATE, trigger=_year_digits, into=RULES)(iso_date)


@rule("numeric_date", r"(?<![\d/.])(?P<d>[0-3]?\d)(?P<sep>[/.])(?P<mo>[01]?\d)(?P=sep)(?P<y>\d{4}|\d{2})(?![\d/]|[.,]\d)",
      trigger=NUMERIC_DATE_TRIGGER, into=RULES)
def numeric_date(m, text):
    d, mo, y = int(m["d"]), int(m["mo"]), int(m["y"])
    if len(m["y"]) == 2:
        y += 1900 if y >= 30 else 2000
    try:
        from datetime import date
        date(y, mo, d)
    except ValueError:
        return None
    return _m(m, "DATE", "abs", value=f"{y:04d}-{mo:02d}-{d:02d}")


_NOT_AFTER_YY = r"(?!\d|\s*(?:%|€|h\b|heures?|ans?\b|euros?|francs?|mètres?|km|kilos?|personnes|ème|e\b))"


@rule("month_date", rf"""
    (?:(?P<det>(?i:le|ce))\s+)?
    (?:(?P<wd>{WEEKDAY})\s+)?
    (?P<d>{DAY})\s+(?P<m>{MONTH})
    (?:\s+(?P<y>{YEAR})|\s+(?P<yy>\d\d){_NOT_AFTER_YY})?
    (?:\s+(?P<shift>(?i:dernier|prochain|passé)s?)\b)?
    """, re.VERBOSE, trigger=_trigger(MONTHS), into=RULES)
def month_date(m, text):
    month = MONTHS[_key(m["m"]).rstrip(".")]
    day = 1 if not m["d"][:1].isdigit() or m["d"].startswith("1e") or m["d"].startswith("1r") else int(m["d"])
    if day > 31:
        return None
    start = m.start() if m["det"] else m.start("wd") if m["wd"] else m.start("d")
    if m["y"] or m["yy"]:
        y = int(m["y"]) if m["y"] else _two_digit_year(m["yy"])
        return _m(m, "DATE", "abs", start=start, value=f"{y:04d}-{month:02d}-{day:02d}")
    dow = WEEKDAYS[_key(m["wd"])] if m["wd"] else 0  # "lundi 2 septembre": the year whose 2 September is a Monday
    return _m(m, "DATE", "month", start=start, month=month, day=day, dow=dow,
              shift=SHIFTS.get(_low(m["shift"])[:8].rstrip("s"), ""))


@rule("month", rf"""
    (?:(?P<pos>(?i:{POS}))\s*)?
    (?:(?P<mois>(?i:mois))\s+(?:de\s+|d['’]))?
    (?P<m>{MONTH})
    (?:\s+(?P<y>{YEAR})|\s+(?P<yy>\d\d){_NOT_AFTER_YY}|\s+(?P<shift>(?i:dernier|prochain|passé))\b)?
    """, re.VERBOSE, trigger=_trigger(MONTHS), into=RULES)
def month(m, text):
    name = _key(m["m"])
    month_ = MONTHS[name.rstrip(".")]
    if not (m["y"] or m["yy"] or m["pos"] or m["shift"] or m["mois"]):
        if text[m.start("m")].isupper() and not text[m.start("m"):m.end("m")].isupper():
            return None  # "la planète Mars", "Mars et Vénus", "Mai Lan": French writes its months in lower case
        if name == "mars" and re.search(r"(?i)(?:planète|sur|vers|de|robot|mission|sonde)\s+$", text[max(0, m.start() - 12):m.start()]) \
                and text[m.start("m")].isupper():
            return None
    mod = _pos_mod(m["pos"])
    start = _pos_start(m)
    if m["y"] or m["yy"]:
        y = int(m["y"]) if m["y"] else _two_digit_year(m["yy"])
        return _m(m, "DATE", "abs", start=start, value=f"{y:04d}-{month_:02d}", mod=mod)
    return _m(m, "DATE", "month", start=start, month=month_, shift=SHIFTS.get(_low(m["shift"]), ""), mod=mod)


_OLD_YEAR_BEFORE = {"en", "an", "année", "depuis", "dès", "jusqu'en", "vers", "avant", "après", "de"}
_NOT_YEAR_AFTER = re.compile(r"(?i)\s*(?:%|€|\$|euros?|francs?|dollars|habitants|personnes|hectares|mètres|m²|m\b|km|"
                             r"kilos?|kg|tonnes|exemplaires|salariés|emplois|voix|logements|places|élèves|spectateurs|"
                             r"visiteurs|points|participants|adhérents|véhicules|litres|pages|hommes|femmes|enfants)\b")


@rule("year", rf"""
    (?:(?P<pos>(?i:{POS}))\s*|(?P<an>(?i:l['’]an(?:née)?|l['’]exercice))\s+)?
    (?<![\d,.])(?P<y>{YEAR})
    """, re.VERBOSE, trigger=_year_digits, into=RULES)
def year(m, text):
    y = int(m["y"])
    if _NOT_YEAR_AFTER.match(text, m.end()) or re.search(r"(?i)(?:n°|no\.?|numéro|page|article|\d[\s.])\s*$",
                                                         text[max(0, m.start() - 8):m.start()]):
        return None
    before = _words(text[max(0, m.start() - 12):m.start()])
    if y < 1800 and not (m["pos"] or m["an"] or (before and before[-1] in _OLD_YEAR_BEFORE)):
        return None
    return _m(m, "DATE", "abs", start=_pos_start(m), value=m["y"], mod=_pos_mod(m["pos"]))


_DECADE_WORDS = {"vingt": 2, "trente": 3, "quarante": 4, "cinquante": 5, "soixante": 6, "soixante-dix": 7,
                 "quatre-vingt": 8, "quatre-vingts": 8, "quatre-vingt-dix": 9}


@rule("decade", rf"""
    (?:(?P<pos>(?i:{POS}))\s*)?(?:(?P<det>(?i:les))\s+)?(?i:années)\s+
    (?:(?P<c>1[0-9]|20)?(?P<d>\d)0(?!\d)|(?P<w>(?i:{_alt(_DECADE_WORDS)})))
    """, re.VERBOSE, trigger=frozenset({"années"}), into=RULES)
def decade(m, text):
    d = int(m["d"]) if m["d"] else _DECADE_WORDS[_key(m["w"])]
    mod = _pos_mod(m["pos"])
    if m["c"]:
        return _m(m, "DATE", "abs", value=f"{m['c']}{d}", mod=mod)
    return _m(m, "DATE", "year2", value=str(d), grain="decade", mod=mod)


@rule("century", rf"(?:(?P<pos>(?i:{POS}))\s*)?(?:(?P<det>(?i:le))\s+)?(?P<n>[XVIL]{{1,6}}|\d{{1,2}})(?:e|è|ème|eme)\s+(?i:siècle)",
      trigger=frozenset({"siècle"}), into=RULES)
def century(m, text):
    n = int(m["n"]) if m["n"].isdigit() else _roman(m["n"])
    if not 1 <= n <= 21:
        return None
    return _m(m, "DATE", "abs", value=f"{n - 1:02d}", mod=_pos_mod(m["pos"]))


# --- days ------------------------------------------------------------------------
_DAY_WORDS: dict = FR["day_words"]
_PART_AFTER = r"(?:matin|soir|après-midi|midi|soirée|matinée|nuit|en\s+(?:fin\s+de\s+|début\s+de\s+)?(?:matinée|soirée|journée|après-midi)|au\s+soir|au\s+matin)"


def _part(s: Optional[str]) -> str:
    if not s:
        return ""
    w = _low(s).split(" ")[-1]
    return "12:00" if w == "midi" else PARTS.get(w, "")


@rule("day_word", rf"(?P<w>(?i:{_alt(_DAY_WORDS)}))(?:\s+(?P<part>(?i:{_PART_AFTER})))?(?:,?\s+(?P<wd>{WEEKDAY})(?!\s+\d))?",
      trigger=_trigger(_DAY_WORDS), into=RULES)
def day_word(m, text):
    if m.start() and text[m.start() - 1] == "-":
        return None
    off, part = _DAY_WORDS[_key(m["w"])]
    part = _part(m["part"]) or part
    return _m(m, "TIME" if part else "DATE", "rel", grain="day", offset=off, part=part)


_DAY_ANAPHORS: dict = FR["day_anaphors"]


@rule("day_anaphor", rf"(?P<w>(?i:{_alt(_DAY_ANAPHORS)}))(?:\s+(?P<part>(?i:au\s+soir|au\s+matin|soir|matin)))?",
      trigger=_trigger(_DAY_ANAPHORS), into=RULES)
def day_anaphor(m, text):
    part = _part(m["part"]) or next((PARTS[w] for w in _words(m["w"]) if w in PARTS), "")
    return _m(m, "TIME" if part else "DATE", "anaphor", grain="day", offset=_DAY_ANAPHORS[_key(m["w"])], part=part)


@rule("weekday", rf"""
    (?:(?P<det>(?i:ce|le|dès|depuis))\s+(?:(?P<same>(?i:même))\s+)?)?
    (?P<wd>{WEEKDAY})(?!\s+(?:\d|1er|premier))
    (?:\s+(?P<part>(?i:{_PART_AFTER})))?
    (?:\s+(?P<shift>(?i:dernier|prochain|passé|précédent|suivant|d['’]avant|d['’]après))\b)?
    """, re.VERBOSE, trigger=_trigger(WEEKDAYS), into=RULES)
def weekday(m, text):
    if _capital_mid_sentence(text, m.start("wd")) and not (m["det"] or m["shift"] or m["part"]):
        return None  # "Vendredi" as a name ("Robinson et Vendredi")
    if m.end() < len(text) and text[m.end()] in "-" or re.match(r"s\b", text[m.end():m.end() + 2]):
        return None
    dow = WEEKDAYS[_key(m["wd"])]
    det = _low(m["det"])
    shift = _low(m["shift"])
    start = m.start() if det == "ce" else m.start("wd")
    part = _part(m["part"])
    typ = "TIME" if part else "DATE"
    if shift in ("dernier", "passé"):
        return _m(m, typ, "weekday", start=start, dow=dow, shift="last", part=part)
    if shift == "prochain":
        return _m(m, typ, "weekday", start=start, dow=dow, shift="next", part=part)
    if shift in ("précédent", "d'avant"):
        return _m(m, typ, "weekday", start=start, dow=dow, shift="before_ref", part=part)
    if shift in ("suivant", "d'après"):
        return _m(m, typ, "weekday", start=start, dow=dow, shift="after_ref", part=part)
    if det == "ce":
        return _m(m, typ, "weekday", start=start, dow=dow, shift="that_ref" if m["same"] else "this", part=part)
    return _m(m, typ, "weekday", start=start, dow=dow, part=part)


@rule("weekday_day", rf"(?:(?P<det>(?i:le|ce))\s+)?(?P<wd>{WEEKDAY})\s+(?P<d>1er|[12]\d|3[01]|0?[1-9])"
                     rf"(?!\d|\s*(?:h\b|heures?|[/.:,]\d|%)|\s+{MONTH})",
      trigger=_trigger(WEEKDAYS), into=RULES)
def weekday_day(m, text):
    """"lundi 3", "le vendredi 14": a day of the month nearest the publication date on which
    that weekday falls."""
    day = 1 if m["d"] == "1er" else int(m["d"])
    start = m.start() if _low(m["det"]) in ("le", "ce") else m.start("wd")
    return _m(m, "DATE", "month", start=start, day=day, dow=WEEKDAYS[_key(m["wd"])])


@rule("weekend", r"(?P<det>(?i:ce|le|du|au|cette\s+fin\s+de|la\s+fin\s+de))\s+(?i:week-?end|semaine)"
                 r"(?:\s+(?P<shift>(?i:dernier|prochain|passé)))?(?=\W|$)",
      trigger=frozenset({"week", "weekend", "fin"}), into=RULES)
def weekend(m, text):
    det, shift = _low(m["det"]), _low(m["shift"])
    if "semaine" in _low(m[0]) and "fin" not in det:
        return None
    off = -1 if shift in ("dernier", "passé") else 1 if shift == "prochain" else 0
    if det in ("le", "du", "au", "ce") and not shift:
        # "ce week-end" said on a Tuesday is the one just past, unless the sentence looks ahead
        start = m.start() if det in ("le", "ce") else m.start() + len(det) + 1
        return _m(m, "DATE", "weekday", start=start, dow=6, part="WE")
    start = m.start() if det in ("ce", "le", "cette fin de", "la fin de") else m.start() + len(det) + 1
    return _m(m, "DATE", "rel", start=start, grain="weekend", offset=off)


# --- relative periods ----------------------------------------------------------------
_REL_UNITS = {"semaine": "week", "mois": "month", "année": "year", "an": "year", "trimestre": "quarter"}


@rule("relative", rf"""
    (?:(?P<pos>(?i:{POS}))\s*)?
    (?P<det>(?i:la|le|l['’]|cette|ce|cet))?\s*
    (?:(?P<pre>(?i:dernière|dernier|prochaine|prochain))\s+)?
    (?P<u>(?i:semaine|mois|année|an|trimestre))(?P<ci>-(?i:ci|là))?
    (?:\s+(?P<shift>(?i:dernière|dernier|prochaine|prochain|passée?|précédente?|suivante?|en\s+cours|écoulée?|
                     d['’]avant|d['’]après|qui\s+vient|à\s+venir|même))\b)?
    """, re.VERBOSE, trigger=frozenset({"semaine", "mois", "année", "an", "trimestre"}), into=RULES)
def relative(m, text):
    det, pre, shift, unit = _low(m["det"]), _low(m["pre"]), _low(m["shift"]), _low(m["u"])
    if not det and not (m["pos"] and re.search(r"(?i)(?:du|de\s+la|de\s+l['’]|d['’])$", m["pos"])):
        return None  # "fin du mois" has its article in "du"; a bare "mois" dates nothing
    grain = _REL_UNITS[unit]
    mod = _pos_mod(m["pos"])
    start = _pos_start(m)
    word = shift or pre
    if pre in ("dernière", "dernier") and not shift:
        return None  # "la dernière semaine de mai": a part of something else
    if word in ("dernière", "dernier", "passé", "passée", "écoulé", "écoulée"):
        off = -1
    elif word in ("prochaine", "prochain", "qui vient", "à venir"):
        off = 1
    elif word in ("précédent", "précédente", "d'avant"):
        return _m(m, "DATE", "anaphor", start=start, grain=grain, offset=-1, mod=mod)
    elif word in ("suivant", "suivante", "d'après"):
        return _m(m, "DATE", "anaphor", start=start, grain=grain, offset=1, mod=mod)
    elif word == "même" or _low(m["ci"]) == "-là":
        return _m(m, "DATE", "anaphor", start=start, grain=grain, offset=0, mod=mod)
    elif det in ("ce", "cette", "cet") or word == "en cours" or m["pos"]:
        off = 0
    else:
        return None  # "l'année", "le mois": no date without a word that places it
    if grain == "quarter":
        return _m(m, "DATE", "rel", start=start, grain="quarter", offset=off, mod=mod)
    return _m(m, "DATE", "rel", start=start, grain=grain, offset=off, mod=mod)


_QUARTER_ORD: dict = FR["quarter_ordinals"]


@rule("quarter", rf"""
    (?:(?P<det>(?i:au|le|du|ce|un))\s+)?
    (?P<o>(?i:{_alt(_QUARTER_ORD)}))\s+(?P<u>(?i:trimestre|semestre))
    (?:\s+(?:de\s+)?(?P<y>{YEAR})|\s+(?:de\s+l['’](?:année|an)\s+|de\s+l['’]exercice\s+)?
       (?P<shift>(?i:dernier|dernière|prochain|prochaine|précédent|précédente|en\s+cours))\b)?
    """, re.VERBOSE, trigger=frozenset({"trimestre", "semestre"}), into=RULES)
def quarter(m, text):
    o = _QUARTER_ORD[_key(m["o"])]
    half = _low(m["u"]) == "semestre"
    if half and o not in ("1", "2"):
        return None
    part = ("H" if half else "Q") + ("2" if half and o == "4" else o)
    det = _low(m["det"])
    start = m.start("o") if det in ("au", "du", "un") or not det else m.start()
    if m["y"]:
        return _m(m, "DATE", "abs", start=start, value=f"{m['y']}-{part}")
    shift = _low(m["shift"])
    # "le quatrième trimestre de l'année dernière", "le premier trimestre de l'an prochain"
    off = -1 if shift.startswith(("dernier", "dernière", "précédent")) else 1 if shift.startswith("prochain") else 0
    return _m(m, "DATE", "quarter", start=start, part=part, offset=off)


@rule("season", rf"""
    (?:(?P<pos>(?i:{POS}))\s*)?
    (?:(?P<det>(?i:l['’]|cet|ce|en|au|(?<=mois\s)d['’]|de\s+l['’]|le|chaque|tout\s+l['’]|pendant\s+l['’]|durant\s+l['’]))\s*
       (?P<s>(?i:{_alt(SEASONS)}))
     |(?P<s2>(?i:{_alt(SEASONS)}))(?=\s+{YEAR}))
    (?:\s+(?P<y>{YEAR})|\s+(?P<shift>(?i:dernier|prochain|passé|précédent|suivant))\b)?
    """, re.VERBOSE, trigger=_trigger(SEASONS), into=RULES)
def season(m, text):
    name = _key(m["s"] or m["s2"])
    det = _low(m["det"])
    part = SEASONS[name]
    if det in ("chaque", "tout l'"):
        return _m(m, "SET", "abs", value=f"XXXX-{part}")
    if det in ("d'", "de l'") and name in ("été", "ete") and re.match(r"\s+(?:été|ete)\b", text[m.end():]):
        return None
    start = m.start()
    if det in ("en", "au", "d'", "de l'", "pendant l'", "durant l'") and not m["pos"]:
        start = m.start("s")
        if det in ("de l'", "pendant l'", "durant l'"):
            start = m.start("s") - 2
    mod = _pos_mod(m["pos"])
    if m["y"]:
        return _m(m, "DATE", "abs", start=start, value=f"{m['y']}-{part}", mod=mod)
    shift = _low(m["shift"])
    if shift in ("précédent", "suivant"):
        return _m(m, "DATE", "anaphor", start=start, grain="season", offset=-1 if shift == "précédent" else 1,
                  part=part, mod=mod)
    sh = {"dernier": "last", "passé": "last", "prochain": "next"}.get(shift, "this" if det in ("ce", "cet") else "")
    return _m(m, "DATE", "season", start=start, part=part, shift=sh, mod=mod)


_FEASTS: dict = FR["feasts"]


@rule("feast", rf"(?P<w>(?i:{_alt(_FEASTS)}))(?:\s+(?P<y>{YEAR}))?", trigger=_trigger(_FEASTS), into=RULES)
def feast(m, text):
    return feast_mention(m, _FEASTS[_key(m["w"])], m["y"])


# --- clock times -----------------------------------------------------------------------
#: "vers 15 h 30, hier", "Vers 0 h 40, jeudi": a day named right after a clock time dates it
_DAY_AFTER = re.compile(rf"\s*,?\s*(?:(?P<w>(?i:aujourd['’]hui|avant-hier|hier|demain))|(?P<wd>{WEEKDAY}))(?![-\w]|\s+\d)")


_day_after = day_after(_DAY_AFTER, _DAY_WORDS, WEEKDAYS)


def _clock(m, h: int, mi: int) -> Optional[Mention]:
    if h > 24 or mi > 59 or (h == 24 and mi):
        return None
    start = m.start("approx") if m["approx"] else m.start("h") if "h" in m.re.groupindex and m["h"] else m.start()
    return Mention(start, m.end(), "", "TIME", "time", part=f"{h:02d}:{mi:02d}",
                   mod="APPROX" if m["approx"] else None, day_from=_day_after(m.string, m.end()))


@rule("clock", r"(?:(?P<approx>(?i:vers|aux\s+alentours\s+de|autour\s+de))\s+)?(?<![\d:,.])(?P<h>[01]?\d|2[0-4])"
               r"(?:\s?[hH]\s?(?P<mi>[0-5]\d)?|:(?P<mi2>[0-5]\d))(?![\w:])",
      trigger=_short_digits, into=RULES)
def clock(m, text):
    before = _words(text[max(0, m.start() - 20):m.start()])
    if m["mi2"]:
        return _clock(m, int(m["h"]), int(m["mi2"]))
    if not m["mi"] and before and before[-1] in ("pendant", "durant", "en") \
            and not re.match(r"\s+(?:à|a)\s+\d", text[m.end():m.end() + 6]):
        return None  # "pendant 2 h": a duration
    return _clock(m, int(m["h"]), int(m["mi"] or 0))


_CLOCK_BEFORE = {"à", "vers", "dès", "jusqu'à", "avant", "après", "depuis", "a", "alentours", "de"}
_QUARTERS = {"et demie": 30, "et quart": 15, "moins le quart": -15, "trente": 30,
             "quinze": 15, "quarante-cinq": 45}


@rule("clock_words", r"""
    (?:(?P<approx>(?i:vers|aux\s+alentours\s+de|autour\s+de))\s+)?
    (?P<h>[01]?\d|2[0-4]|(?i:une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze))\s+(?i:heures?)
    (?:\s+(?P<mi>[0-5]\d(?!\d)|(?i:et\s+demie|et\s+quart|moins\s+le\s+quart|trente|quinze|quarante-cinq)))?
    (?:\s+(?P<part>(?i:du\s+matin|du\s+soir|de\s+l['’]après-midi|de\s+la\s+nuit)))?
    """, re.VERBOSE, trigger=frozenset({"heure", "heures"}), into=RULES)
def clock_words(m, text):
    before = _words(text[max(0, m.start() - 12):m.start()])
    if not (m["approx"] or (m["mi"] and m["mi"][:1].isdigit()) or m["part"] or (before and before[-1] in _CLOCK_BEFORE)):
        return None  # "deux heures", "deux heures et demie" alone are durations
    h = int(m["h"]) if m["h"].isdigit() else NUMBER_WORDS[_key(m["h"])]
    mi_s = _key(m["mi"]) if m["mi"] else ""
    mi = int(mi_s) if mi_s.isdigit() else _QUARTERS.get(mi_s, 0)
    if mi < 0:
        h, mi = h - 1, 60 + mi
    part = _low(m["part"])
    if ("soir" in part or "après-midi" in part) and h < 12:
        h += 12
    return _clock(m, h, mi)


@rule("noon", r"(?:(?P<approx>(?i:vers|aux\s+alentours\s+de))\s+)?(?<![-\w])(?P<w>midi|minuit|Midi|Minuit)(?:\s+(?P<mi>et\s+demie|[0-5]\d)(?!\d))?(?![-\w])",
      trigger=frozenset({"midi", "minuit"}), into=RULES)
def noon(m, text):
    if m["w"][0].isupper() and _capital_mid_sentence(text, m.start("w")):
        return None  # "le Midi", "Midi Libre": a region, a newspaper
    if re.search(r"(?i)(?:après|l['’]après)[-\s]?$", text[max(0, m.start("w") - 7):m.start("w")]):
        return None
    mi = 30 if m["mi"] and "demie" in m["mi"] else int(m["mi"]) if m["mi"] else 0
    return _clock(m, 12 if m["w"].lower() == "midi" else 0 if mi else 24, mi)


@rule("part_of_day", r"(?P<det>(?i:la|en|dans\s+la|au\s+cours\s+de\s+la|pendant\s+la|durant\s+la|toute\s+la|en\s+fin\s+de|en\s+début\s+de)\s+"
                     r"|(?i:l['’]|dans\s+l['’]|en\s+fin\s+d['’]|en\s+début\s+d['’]|au\s+cours\s+de\s+l['’]|pendant\s+l['’]|tout\s+l['’]))"
                     r"(?P<p>(?i:nuit|soirée|matinée|après-midi))(?![-\w])",
      trigger=frozenset({"nuit", "soirée", "matinée", "après"}), into=RULES)
def part_of_day(m, text):
    det = _low(m["det"])
    if re.match(r"\s+(?:de|du|d['’]|des)\s", text[m.end():m.end() + 5]) and det == "la":
        return None  # "la nuit des temps", "la soirée de gala": a thing
    if re.match(r"\s+(?:du|de)\s+(?:\d|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)", text[m.end():m.end() + 14]):
        return None  # "dans la nuit du 12 au 13 janvier", "la nuit de samedi": the day that follows dates it
    if det in ("l'",) and re.search(r"(?i)\b(?:de|pour|à|toute?)\s+$", text[max(0, m.start() - 6):m.start()]):
        return None  # "les activités de l'après-midi": a thing of the afternoon, not a time
    start = m.start() if det in ("la", "toute la", "l'", "tout l'") else \
        m.start("p") - (3 if det.endswith(" la") else 2 if det.endswith(" l'") else 0)
    return _m(m, "TIME", "anaphor", start=start, grain="day", offset=0, part=PARTS[_low(m["p"])])


# --- durations ----------------------------------------------------------------------------


#: before "N ans", the words that make it an age: an apposition (", 26 ans,", "(38 ans)"),
#: "âgé de", "un homme de", "les moins de 17 ans"
_AGE_BEFORE = re.compile(r"(?i)(?:[,(]|\d\s*[-–]\s*|\b[aâ]gée?s?\s+de|\b(?:homme|femme|enfant|garçon|fille|jeune|adolescente?|bébé|"
                         r"retraitée?|mère|père|fils|victime|conducteur|conductrice|automobiliste|motard|cycliste|"
                         r"piéton|ouvrier|ouvrière|élève|étudiante?|patron|patronne|agriculteur|quinquagénaire|"
                         r"quadragénaire|sexagénaire|septuagénaire|octogénaire|trentenaire|nonagénaire|aîné|cadet|"
                         r"benjamin|doyen|doyenne)s?\s+de|\b(?:les|des|aux)\s+(?:moins|plus)\s+de)\s*$")


_DURATION_HEADS = FR["duration_heads"]


def _is_age(m: re.Match, text: str) -> bool:
    """"N ans" that says how old someone is: after an apposition's comma, "âgé de",
    "les moins de"; or after "de" that follows no noun of time ("un chauffeur de 38
    ans", but "une peine de 10 ans", "un mandat de cinq ans")."""
    before = text[max(0, m.start() - 40):m.start()]
    if m["mod"]:
        return bool(re.search(r"(?i)\b(?:les|des|aux)\s*$", before))
    if _AGE_BEFORE.search(before):
        return True
    head = re.search(r"([^\W\d_]+)\s+(?:de|d['’])\s*$", before)
    return bool(head) and head[1].lower() not in _DURATION_HEADS and not (m["q"] or "").isalpha()


#: "une dizaine d'années", "une quinzaine de jours": about that many
_APPROX_NUMBERS: dict = FR["approx_numbers"]
_ABOUT = rf"(?P<aq>(?i:une\s+{_alt(_APPROX_NUMBERS)}))\s*(?i:de\s+|d['’])"


def _about(m: re.Match) -> Optional[int]:
    return _APPROX_NUMBERS[_key(m["aq"]).split(" ")[-1]] if m["aq"] else None


@rule("duration", rf"""
    (?:(?P<mod>(?i:{MOD}))\s*)?
    (?:{_ABOUT}|(?P<q>{NUMBER}|(?i:{VAGUE}|une?))\s+)
    (?:(?P<adj>(?i:longues?|longs|bonnes?|petites?|courtes?|bons|petits))\s+)?
    (?P<u>(?i:{UNIT}))(?![-\w])
    (?P<half>\s+(?i:et\s+demie?))?
    """, re.VERBOSE, trigger=_trigger(_UNIT_FORMS), into=RULES)
def duration(m, text):
    unit = _unit(m["u"])
    if unit is None or (unit == "seconde" and _low(m["q"]) in ("une", "un") and re.match(r"\s+(?:fois|tour|place)", text[m.end():])):
        return None
    q = _key(m["q"])
    n = _about(m) or (None if q in FR["vague_quantities"] else 1 if q in ("un", "une") else number_value(q))
    if n is None and q not in FR["vague_quantities"]:
        return None
    if m["half"] and n is not None:
        n += 0.5
    if n is not None and not float(n).is_integer():
        letter = UNITS[unit][1]
        if letter == "Y":
            n, unit = n * 12, "mois"
        elif letter == "H":  # "deux heures et demie": PT2H30M
            mod = MODS.get(_key(m["mod"])) if m["mod"] else None
            return _m(m, "DURATION", "abs", value=f"PT{int(n)}H{round((n - int(n)) * 60)}M", mod=mod)
        elif letter == "D" and unit != "seconde":
            n, unit = n * 24, "heure"
    mod = MODS.get(_key(m["mod"])) if m["mod"] else None
    if unit in ("an", "année") and _is_age(m, text):
        return None  # "Florian D., 26 ans,", "un homme de 38 ans", "les moins de 17 ans": an age
    if q in ("des",) and not re.search(r"(?i)(?:depuis|pendant|durant|il\s+y\s+a|après|en)\s+$", text[max(0, m.start() - 12):m.start()]):
        return None  # "des jours fériés": a plural, not a duration
    if m["aq"] and not mod:
        mod = "APPROX"
    start = m.start()
    return _m(m, "DURATION", "abs", start=start, value=duration_value(n, unit), mod=mod)


@rule("fraction", r"(?P<q>(?i:une?|deux|trois))?\s*(?P<f>(?i:demi-|quarts?\s+d['’]|quarts?\s+de\s+))(?P<u>(?i:heure|journée|siècle|heures|siècles|journées|an|année))",
      trigger=frozenset({"demi", "quart", "quarts"}), into=RULES)
def fraction(m, text):
    unit = _unit(m["u"])
    if unit is None:
        return None
    n = {"un": 1, "une": 1, "deux": 2, "trois": 3}.get(_low(m["q"]), 1)
    frac = 0.5 if "demi" in _low(m["f"]) else 0.25 * n
    amount = frac
    letter = UNITS[unit][1]
    if letter == "H":
        return _m(m, "DURATION", "abs", value=f"PT{int(amount * 60)}M")
    if letter == "CE":
        return _m(m, "DURATION", "abs", value=f"P{int(amount * 100)}Y")
    if letter == "Y":
        return _m(m, "DURATION", "abs", value=f"P{int(amount * 12)}M")
    return _m(m, "DURATION", "abs", value=f"PT{int(amount * 24)}H")


_DURATION_NOUNS: dict = FR["duration_nouns"]


@rule("duration_noun", rf"(?:(?P<det>(?i:un|le|ce|son|du|au))\s+)?(?P<w>(?i:{_alt(_DURATION_NOUNS)}))(?![-\w])",
      trigger=_trigger(_DURATION_NOUNS), into=RULES)
def duration_noun(m, text):
    return _m(m, "DURATION", "abs", start=m.start("w"), value=_DURATION_NOUNS[_key(m["w"])])


@rule("recent", rf"""
    (?P<det>(?i:ces|les|des|au\s+cours\s+des|durant\s+les|pendant\s+les|dans\s+les))\s+
    (?:(?P<n>{NUMBER})\s+)?(?P<sh>(?i:derniers|dernières|prochains|prochaines|précédents|précédentes))\s+
    (?P<u>(?i:{UNIT}))(?![-\w])
    """, re.VERBOSE, trigger=frozenset({"derniers", "dernières", "prochains", "prochaines", "précédents", "précédentes"}),
      into=RULES)
def recent(m, text):
    unit = _unit(m["u"])
    if unit is None:
        return None
    n = number_value(m["n"]) if m["n"] else None
    start = m.start() if _low(m["det"]) in ("ces", "les", "des") else m.start("n") if m["n"] else m.start("sh") - 4
    if _low(m["det"]) == "dans les" and not m["n"] and _low(m["sh"]).startswith("prochain"):
        return _m(m, "DATE", "abs", start=m.start(), value="FUTURE_REF")
    return _m(m, "DURATION", "abs", start=start, value=duration_value(n, unit))


_GRAIN_OF_UNIT = {"seconde": "", "minute": "", "heure": "", "jour": "day", "journée": "day", "nuit": "day",
                  "semaine": "week", "week-end": "week", "quinzaine": "week", "mois": "month", "trimestre": "quarter",
                  "semestre": "month", "an": "year", "année": "year", "décennie": "year", "siècle": "year",
                  "millénaire": "year"}


@rule("ago", rf"""
    (?P<lead>(?i:il\s+y\s+a|voilà|voici|cela\s+fait|ça\s+fait|dans|d['’]ici(?:\s+à)?))\s+
    (?:(?P<mod>(?i:{MOD}))\s*)?
    (?:{_ABOUT}|(?P<q>{NUMBER}|(?i:{VAGUE}|une?))\s+)(?P<u>(?i:{UNIT}))(?![-\w])(?P<half>\s+(?i:et\s+demie?))?
    """, re.VERBOSE, trigger=frozenset({"il", "voilà", "voici", "cela", "ça", "dans", "ici"}), into=RULES)
def ago(m, text):
    unit = _unit(m["u"])
    if unit is None:
        return None
    lead = _low(m["lead"])
    sign = 1 if lead.startswith(("dans", "d'ici")) else -1
    if lead in ("cela fait", "ça fait"):
        return None  # "cela fait deux ans que ...": the duration is the expression
    q = _key(m["q"])
    n = _about(m) or (None if q in FR["vague_quantities"] else 1 if q in ("un", "une") else number_value(q))
    mod = MODS.get(_key(m["mod"])) if m["mod"] else ("APPROX" if m["aq"] else None)
    if n is None:
        if q not in FR["vague_quantities"]:
            return None
        # "il y a quelques mois": FR-TimeML tags the duration "quelques mois"
        return _m(m, "DURATION", "abs", start=m.start("q"), value=duration_value(None, unit))
    grain = _GRAIN_OF_UNIT[unit]
    if not grain:
        return None  # "il y a deux heures": a time this tagger does not place
    if lead == "dans" and re.search(r"(?i)(?:\bet|\bou)\s+$", text[max(0, m.start() - 4):m.start()]):
        return None
    factor = {"week-end": 1, "quinzaine": 2, "semestre": 6, "décennie": 10, "siècle": 100, "millénaire": 1000}.get(unit, 1)
    u = {"journée": "day", "nuit": "day", "jour": "day", "week-end": "week", "quinzaine": "week", "semestre": "month",
         "an": "year", "année": "year", "décennie": "year", "siècle": "year", "millénaire": "year", "semaine": "week",
         "mois": "month", "trimestre": "quarter"}[unit]
    if not float(n).is_integer():
        return None
    return _m(m, "DATE", "ago", grain=grain, unit=u, offset=sign * int(n) * factor, mod=mod)


@rule("count_back", rf"""
    (?P<q>{NUMBER}|(?i:une?))\s+(?P<u>(?i:{UNIT}))\s+(?P<dir>(?i:plus\s+tôt|auparavant|avant))(?![-\w])(?!\s+(?:le|la|les|l['’]|de|d['’]|qu))
    """, re.VERBOSE, trigger=frozenset({"tôt", "auparavant", "avant"}), into=RULES)
def count_back(m, text):
    unit = _unit(m["u"])
    if unit is None or _GRAIN_OF_UNIT[unit] not in ("month", "quarter", "year"):
        return None
    q = _key(m["q"])
    n = 1 if q in ("un", "une") else number_value(q)
    if n is None or not float(n).is_integer():
        return None
    u = {"an": "year", "année": "year", "mois": "month", "trimestre": "quarter", "semestre": "month",
         "décennie": "year", "siècle": "year", "millénaire": "year"}[unit]
    factor = {"semestre": 6, "décennie": 10, "siècle": 100, "millénaire": 1000}.get(unit, 1)
    return _m(m, "DATE", "ago", grain=_GRAIN_OF_UNIT[unit], unit=u, offset=-int(n) * factor, shift="event")


# --- references and sets ------------------------------------------------------------------
_REFS = {**{w: "PRESENT_REF" for w in FR["present_refs"]}, **{w: "PAST_REF" for w in FR["past_refs"]},
         **{w: "FUTURE_REF" for w in FR["future_refs"]}}


@rule("ref", rf"(?P<w>(?i:{_alt(_REFS)}))(?![-\w])", trigger=_trigger(_REFS), into=RULES)
def ref(m, text):
    if _capital_mid_sentence(text, m.start()):
        return None
    return _m(m, "DATE", "abs", value=_REFS[_key(m["w"])])


_SET_ADJ: dict = FR["set_adjectives"]


@rule("set_adjective", rf"(?P<w>{_alt(_SET_ADJ)})(?![-\w])", trigger=_trigger(_SET_ADJ), into=RULES)
def set_adjective(m, text):
    return _m(m, "SET", "abs", value=_SET_ADJ[m["w"]])


_EVERY_UNITS = {"jour": "P1D", "jours": "P1D", "semaine": "P1W", "semaines": "P1W", "mois": "P1M", "an": "P1Y",
                "ans": "P1Y", "année": "P1Y", "années": "P1Y", "trimestre": "P3M", "trimestres": "P3M",
                "heure": "PT1H", "heures": "PT1H", "minute": "PT1M", "minutes": "PT1M"}


@rule("set_every", rf"""
    (?P<every>(?i:chaque|tous\s+les|toutes\s+les|une\s+fois\s+par|deux\s+fois\s+par|trois\s+fois\s+par|par))\s+
    (?:(?P<n>{NUMBER})\s+)?
    (?:(?P<u>(?i:{_alt(_EVERY_UNITS)}|week-?ends?))|(?P<wd>(?i:{_alt(WEEKDAYS)}))s?|(?P<p>(?i:matins?|soirs?|nuits?|après-midi))|(?P<mo>{MONTH}))
    (?![-\w])
    """, re.VERBOSE, trigger=frozenset({"chaque", "tous", "toutes", "fois", "par"}), into=RULES)
def set_every(m, text):
    every = _low(m["every"])
    if every == "par" and not (m["u"] and _low(m["u"]) in ("jour", "semaine", "mois", "an", "année", "heure", "trimestre")):
        return None
    if every == "par" and not re.search(r"(?i)(?:\d|€|euros?|francs?|fois|%|heures?|jours?|millions?|milliards?)\s*$",
                                        text[max(0, m.start() - 30):m.start()]):
        return None  # "par jour" after a figure ("5 euros par jour"); "par an" otherwise is often a phrase
    if m["wd"]:
        return _m(m, "SET", "abs", value=f"XXXX-WXX-{WEEKDAYS[_key(m['wd'])]}")
    if m["p"]:
        return _m(m, "SET", "abs", value=f"XXXX-XX-XXT{PARTS[_low(m['p']).rstrip('s') if _low(m['p']) != 'après-midi' else 'après-midi']}")
    if m["mo"]:
        return _m(m, "SET", "abs", value=f"XXXX-{MONTHS[_key(m['mo']).rstrip('.')]:02d}")
    u = _low(m["u"])
    if u.startswith("week"):
        return _m(m, "SET", "abs", value="XXXX-WXX-WE")
    value = every_n(_EVERY_UNITS[u], number_value(m["n"]) if m["n"] else 1)
    return _m(m, "SET", "abs", value=value) if value else None


# --- tense ----------------------------------------------------------------------------------
#: a future that cannot be anything else: "va annoncer", "recevra", "prévu"
_STRONG = re.compile(r"(?i)^(?:va|vont|vais|vas|allons|allez)\s|[a-zéèêàâîôûç]+(?:ra|ront|rai|rons|rez)$|prévue?s?$|programmée?s?$")
CUES = cues(FR, _STRONG)
#: > 0 when the sentence points forward ("d'ici vendredi", "avant mai", "il viendra lundi", "va annoncer
#: mardi"), < 0 back ("depuis mars", "a annoncé lundi", "hier"): the cue nearest the expression wins
direction = direction_of(
    CUES, re.compile(r"(?i)(?:d['’]ici|avant|jusqu['’](?:à|au|en)|dès|à\s+partir\s+d[eu]?)\s*(?:le\s+|la\s+|l['’]|à\s+)?$"),
    re.compile(r"(?i)depuis\s+(?:le\s+|la\s+|l['’]|début\s+|fin\s+|mi-)?$"))


GRAMMAR = Grammar("fr", FR, RULES, direction, CUES)
