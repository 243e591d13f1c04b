"""Spanish: the patterns and handlers that read Spanish dates, and the reading of
Spanish tense (pretérito, pretérito perfecto, imperfecto, futuro, "va a + infinitivo").

Every word comes from ``words.json`` beside this file; the patterns are built
from those tables, and so are the words that wake each rule. The handlers give
the same :class:`Mention` kinds as English's and French's, so the engine
anchors and bounds them unchanged; explanations are in English for now.

Conventions, as French's (TimeML): a determiner belongs to the expression ("el
3 de mayo", "la semana pasada"), a preposition does not ("en mayo", "desde
2019"); "sobre" and "hacia" before a clock time make it approximate and belong
to it.

No Spanish gold corpus is at hand: the phrase corpus ``tests/corpus/es/`` is the
specification, and coverage is what it holds (docs/languages.md).
"""
from __future__ import annotations

import re
from datetime import date
from typing import Optional

from ...grammar import Grammar
from ...rule import Rule, rule
from .. import load
from ..kit import (ISO_DATE, NUMERIC_DATE_TRIGGER, alt, capital_mid_sentence, clock_mention, cues, day_after,
                   direction_of, duration_value, every_n, feast_mention, figure, iso_date, key, low, mention, roman,
                   trigger, two_digit_year, words_of, year_digits)

ES = load("es")
MONTHS: dict = ES["months"]
WEEKDAYS: dict = ES["weekdays"]
SEASONS: dict = ES["seasons"]
PARTS: dict = ES["parts_of_day"]
UNITS: dict = ES["units"]
MODS: dict = ES["modifiers_before"]
POSITIONS: dict = ES["position_modifiers"]
VAGUE_WORDS = ES["vague_quantities"]

RULES: list[Rule] = []

# --- numbers -----------------------------------------------------------------------
_ONES = {w: v for w, v in ES["ones"].items() if 0 < v < 10}
NUMBER_WORDS = dict(ES["ones"])
for _t, _tv in ES["tens"].items():
    NUMBER_WORDS[_t] = _tv
    for _o, _ov in _ONES.items():
        NUMBER_WORDS[f"{_t} y {_o}"] = _tv + _ov  # "treinta y dos"
NUMBER_WORDS.update({"cien": 100, "ciento": 100, "doscientos": 200, "trescientos": 300, "mil": 1000})
_NUM_WORD = (rf"(?:{alt(ES['tens'])}(?:\s+y\s+{alt(_ONES)})?|{alt([w for w, v in ES['ones'].items() if v])}"
             r"|cien|ciento|doscientos|trescientos|mil)(?![-\w])")
NUMBER = rf"(?:\d{{1,3}}(?:\.\d{{3}})+|\d+(?:,\d+)?|(?i:{_NUM_WORD}))"
VAGUE = alt(VAGUE_WORDS)


def number_value(s: str) -> Optional[float]:
    t = key(s)
    got = figure(t)
    if got is not None:
        return got
    return NUMBER_WORDS.get(t)


# --- fragments ---------------------------------------------------------------------
_ABBR = [m for m in MONTHS if len(m) <= 4 and m not in ("mayo", "mar")]
MONTH = rf"(?:(?i:{alt([m for m in MONTHS if m not in _ABBR])})(?![-\w])|(?i:{alt(_ABBR)})\.)"
WEEKDAY = rf"(?i:{alt(WEEKDAYS)})(?!\w)"
DAY = r"(?:1\.?º|primero|[12]\d|3[01]|0?[1-9])(?![\d.,:]\d|\d)"
YEAR = r"(?:1[0-9]\d\d|20\d\d)(?![\d,.]\d|\d)"
POS = rf"(?:(?:a|en|hacia|desde|hasta|para)\s+)?(?:(?:el|la|los|las)\s+)?(?P<posw>(?i:{alt(POSITIONS)}))\s+(?:de(?:l|\s+la|\s+los)?)"
_UNIT_FORMS = {f: u for u in UNITS for f in (u, u + "s", u + "es", u.replace("fin de", "fines de"))}
_UNIT_FORMS.pop("mess", None)
UNIT = alt(list(_UNIT_FORMS))
MOD = alt(MODS)
SHIFT_AFTER = r"(?:pasad[oa]|próxim[oa]|que\s+viene|entrante|anterior|siguiente|en\s+curso)"
YEAR_OF = rf"\s+de(?:l)?\s+(?:(?P<y>{YEAR})|(?i:año\s+(?P<yrel>pasado|próximo|que\s+viene|anterior|siguiente)))"


def _unit(word: str) -> Optional[str]:
    w = key(word)
    return _UNIT_FORMS.get(w)


def _pos_mod(pos: Optional[str]) -> Optional[str]:
    return POSITIONS.get(key(pos)) if pos else None


def _shift(word: Optional[str]) -> str:
    w = low(word)
    if w in ("pasado", "pasada", "último", "última"):
        return "last"
    if w in ("próximo", "próxima", "que viene", "entrante"):
        return "next"
    return ""


def _pos_start(m: re.Match) -> int:
    """Where an expression with a position starts: at its article, not its preposition."""
    lead = re.match(r"(?i)(?:a|en|hacia|desde|hasta|para)\s+", m["pos"] or "")
    return m.start("pos") + (lead.end() if lead else 0)


# --- dates -------------------------------------------------------------------------------
rule("iso_date", ISO_DATE, trigger=year_digits, into=RULES)(iso_date)


@rule("numeric_date", r"(?<![\d/.])(?P<d>[0-3]?\d)(?P<sep>[/.-])(?P<mo>[01]?\d)(?P=sep)(?P<y>\d{4}|\d{2})(?![\d/]|[.,]\d)",
      trigger=NUMERIC_DATE_TRIGGER, into=RULES)
def numeric_date(m, text):
    d, mo, y = int(m["d"]), int(m["mo"]), int(m["y"])
    y = two_digit_year(m["y"]) if len(m["y"]) == 2 else y
    try:
        date(y, mo, d)
    except ValueError:
        return None
    return mention(m, "DATE", "abs", value=f"{y:04d}-{mo:02d}-{d:02d}")


@rule("month_date", rf"""
    (?:(?P<det>(?i:el|este|del|al))\s+)?
    (?:(?P<pre>(?i:pasado|próximo))\s+)?
    (?:(?P<wd>{WEEKDAY}),?\s+)?
    (?P<d>{DAY})\s+(?i:de)\s+(?P<m>{MONTH})
    (?:\s+(?i:de(?:l)?)\s+(?P<y>{YEAR})|(?:,\s*|\s+)(?P<y2>{YEAR}))?
    (?:\s+(?P<shift>(?i:pasado|próximo))\b)?
    """, re.VERBOSE, trigger=trigger(MONTHS), into=RULES)
def month_date(m, text):
    month = MONTHS[key(m["m"]).rstrip(".")]
    day = 1 if not m["d"][:1].isdigit() or "º" in m["d"] else int(m["d"])
    det = low(m["det"])
    start = m.start() if det in ("el", "este") else m.start("pre") if m["pre"] else m.start("wd") if m["wd"] else m.start("d")
    y = m["y"] or m["y2"]
    if y:
        return mention(m, "DATE", "abs", start=start, value=f"{y}-{month:02d}-{day:02d}")
    dow = WEEKDAYS[key(m["wd"])] if m["wd"] else 0
    return mention(m, "DATE", "month", start=start, month=month, day=day, dow=dow,
                   shift=_shift(m["pre"] or m["shift"]))


@rule("month", rf"""
    (?:(?P<pos>{POS})\s+)?
    (?:(?P<det>(?i:el|este|del))\s+(?:(?P<pre>(?i:pasado|próximo))\s+)?(?i:mes)\s+de\s+)?
    (?P<m>{MONTH})
    (?:{YEAR_OF}|\s+(?P<shift>(?i:pasado|próximo|que\s+viene))\b)?
    """, re.VERBOSE, trigger=trigger(MONTHS), into=RULES)
def month(m, text):
    name = key(m["m"])
    if text[m.start("m")].isupper() and not text[m.start("m"):m.end("m")].isupper() \
            and not (m["y"] or m["yrel"] or m["pos"] or m["det"]):
        return None  # "Mayo Clinic", "Abril Pérez": a name (Spanish writes its months in lower case)
    if name == "mar" or (name == "marzo" and not (m["y"] or m["pos"] or m["det"] or m["shift"])
                         and re.search(r"(?i)\b(?:el|un|del)\s+$", text[max(0, m.start() - 5):m.start()])):
        return None
    month_ = MONTHS[name.rstrip(".")]
    mod = _pos_mod(m["posw"])
    det = low(m["det"])
    start = _pos_start(m) if m["pos"] else m.start() if det in ("el", "este") else m.start("pre") if m["pre"] \
        else m.start("m") if not det else m.start() + len(det) + 1
    if m["y"]:
        return mention(m, "DATE", "abs", start=start, value=f"{m['y']}-{month_:02d}", mod=mod)
    if m["yrel"]:
        off = {"pasado": -1, "anterior": -1, "próximo": 1, "que viene": 1, "siguiente": 1}[low(m["yrel"])]
        if low(m["yrel"]) in ("anterior", "siguiente"):
            return mention(m, "DATE", "anaphor", start=start, grain="year", offset=off, month=month_, mod=mod)
        return mention(m, "DATE", "month_in_year", start=start, month=month_, offset=off, mod=mod)
    shift = _shift(m["pre"] or m["shift"]) or ("this" if det == "este" else "")
    return mention(m, "DATE", "month", start=start, month=month_, shift=shift, mod=mod)


_OLD_YEAR_BEFORE = {"en", "año", "desde", "hasta", "hacia", "de", "del"}
_NOT_YEAR_AFTER = re.compile(r"(?i)\s*(?:%|€|\$|euros?|dólares|pesos|habitantes|personas|hectáreas|metros|m²|m\b|km|"
                             r"kilos?|kg|toneladas|ejemplares|empleados|empleos|votos|viviendas|plazas|alumnos|"
                             r"espectadores|visitantes|puntos|participantes|vehículos|litros|páginas|hombres|mujeres|niños)\b")


@rule("year", rf"""
    (?:(?P<pos>{POS})\s+|(?P<an>(?i:el\s+año|el\s+ejercicio|del\s+año|del\s+ejercicio|el|del))\s+)?
    (?<![\d,.])(?P<y>{YEAR})
    """, re.VERBOSE, trigger=year_digits, into=RULES)
def year(m, text):
    y = int(m["y"])
    if _NOT_YEAR_AFTER.match(text, m.end()) or re.search(r"(?i)(?:n\.?º|núm\.?|número|página|artículo|\d[\s.])\s*$",
                                                         text[max(0, m.start() - 8):m.start()]):
        return None
    an = low(m["an"])
    before = words_of(text[max(0, m.start() - 12):m.start()])
    if y < 1800 and not (m["pos"] or an or (before and before[-1] in _OLD_YEAR_BEFORE)):
        return None
    start = _pos_start(m) if m["pos"] else m.start() if an in ("el año", "el ejercicio") \
        else m.start() + 4 if an in ("del año", "del ejercicio") else m.start("y")
    return mention(m, "DATE", "abs", start=start, value=m["y"], mod=_pos_mod(m["posw"]))


_DECADE_WORDS = {"veinte": 2, "treinta": 3, "cuarenta": 4, "cincuenta": 5, "sesenta": 6, "setenta": 7,
                 "ochenta": 8, "noventa": 9}


@rule("decade", rf"""
    (?:(?P<pos>{POS})\s+)?
    (?P<det>(?i:los\s+años|la\s+década\s+de(?:\s+los)?(?:\s+años)?|los))\s+
    (?:(?P<c>1[0-9]|20)?(?P<d>\d)0(?!\d)|(?P<w>(?i:{alt(_DECADE_WORDS)})))
    """, re.VERBOSE, trigger=frozenset({"años", "década"}) | frozenset(_DECADE_WORDS), into=RULES)
def decade(m, text):
    if low(m["det"]) == "los" and not m["w"] and not m["c"]:
        return None  # "los 40": forty of something
    d = int(m["d"]) if m["d"] else _DECADE_WORDS[key(m["w"])]
    mod = _pos_mod(m["posw"])
    start = _pos_start(m) if m["pos"] else m.start()
    if m["c"]:
        return mention(m, "DATE", "abs", start=start, value=f"{m['c']}{d}", mod=mod)
    return mention(m, "DATE", "year2", start=start, value=str(d), grain="decade", mod=mod)


@rule("century", rf"(?:(?P<pos>{POS})\s+)?(?:(?P<det>(?i:el|del))\s+)?(?i:siglo)\s+(?P<n>[XVIL]{{1,6}}|\d{{1,2}})(?!\w)",
      trigger=frozenset({"siglo"}), into=RULES)
def century(m, text):
    n = int(m["n"]) if m["n"].isdigit() else roman(m["n"])
    if not 1 <= n <= 21:
        return None
    start = _pos_start(m) if m["pos"] else m.start() if low(m["det"]) == "el" else m.start() + (4 if m["det"] else 0)
    return mention(m, "DATE", "abs", start=start, value=f"{n - 1:02d}", mod=_pos_mod(m["posw"]))


# --- days ---------------------------------------------------------------------------------
_DAY_WORDS: dict = ES["day_words"]
_PART_AFTER = r"(?:por\s+la\s+(?:mañana|tarde|noche|madrugada)|a\s+(?:mediodía|medianoche)|al\s+mediodía|de\s+madrugada)"


def _part(s: Optional[str]) -> str:
    return PARTS.get(low(s).split(" ")[-1], "") if s else ""


@rule("day_word", rf"(?P<w>(?i:{alt(_DAY_WORDS)}))(?![-\w])(?:\s+(?P<part>(?i:{_PART_AFTER})))?(?:,?\s+(?P<wd>{WEEKDAY})(?!\s+\d))?",
      trigger=trigger(_DAY_WORDS), into=RULES)
def day_word(m, text):
    w = key(m["w"])
    if w == "mañana":
        before = text[max(0, m.start() - 12):m.start()]
        if re.search(r"(?i)\b(?:la|una|esa|cada|toda|por|de|mañana|buena|buenas)\s+$", before):
            return None  # "por la mañana", "una mañana": the morning, not tomorrow
    off, part = _DAY_WORDS[w]
    part = _part(m["part"]) or part
    return mention(m, "TIME" if part else "DATE", "rel", grain="day", offset=off, part=part)


_DAY_ANAPHORS: dict = ES["day_anaphors"]


@rule("day_anaphor", rf"(?P<w>(?i:{alt(_DAY_ANAPHORS)}))(?![-\w])", trigger=trigger(_DAY_ANAPHORS), into=RULES)
def day_anaphor(m, text):
    w = key(m["w"])
    part = next((PARTS[x] for x in w.split(" ") if x in PARTS and x != "mañana"), "") or \
        ("MO" if w.endswith("esa mañana") else "")
    off = _DAY_ANAPHORS[w]
    if re.match(r"(?:un|dos)\s+días?\s+(?:después|antes)", w):
        return mention(m, "DATE", "ago", grain="day", unit="day", offset=off, shift="event")
    return mention(m, "TIME" if part else "DATE", "anaphor", grain="day", offset=off, part=part)


@rule("weekday", rf"""
    (?:(?P<det>(?i:el|este|desde\s+el|hasta\s+el|del|al))\s+)?
    (?:(?P<pre>(?i:pasado|próximo))\s+)?
    (?P<wd>{WEEKDAY})(?!,?\s+(?:\d|primero|1º))
    (?:\s+(?P<part>(?i:{_PART_AFTER})))?
    (?:\s+(?P<shift>(?i:pasado|próximo|que\s+viene|anterior|siguiente))\b)?
    """, re.VERBOSE, trigger=trigger(WEEKDAYS), into=RULES)
def weekday(m, text):
    if capital_mid_sentence(text, m.start("wd")) and not (m["det"] or m["pre"] or m["shift"]):
        return None  # "Viernes" as a name
    if re.search(r"(?i)\b(?:los|todos\s+los|cada)\s+$", text[max(0, m.start() - 12):m.start()]):
        return None  # "los lunes": a set (set_every)
    dow = WEEKDAYS[key(m["wd"])]
    det = low(m["det"])
    shift = low(m["pre"] or m["shift"])
    start = m.start() if det in ("el", "este") else m.start("pre") if m["pre"] else m.start("wd")
    part = _part(m["part"])
    typ = "TIME" if part else "DATE"
    if shift in ("pasado",):
        return mention(m, typ, "weekday", start=start, dow=dow, shift="last", part=part)
    if shift in ("próximo", "que viene"):
        return mention(m, typ, "weekday", start=start, dow=dow, shift="next", part=part)
    if shift == "anterior":
        return mention(m, typ, "weekday", start=start, dow=dow, shift="before_ref", part=part)
    if shift == "siguiente":
        return mention(m, typ, "weekday", start=start, dow=dow, shift="after_ref", part=part)
    if det == "este":
        return mention(m, typ, "weekday", start=start, dow=dow, shift="this", part=part)
    return mention(m, typ, "weekday", start=start, dow=dow, part=part)


@rule("weekend", r"(?P<det>(?i:este|el|del|al|ese))\s+(?:(?P<pre>(?i:pasado|próximo))\s+)?(?i:fin\s+de\s+semana)"
                 r"(?:\s+(?P<shift>(?i:pasado|próximo|que\s+viene|anterior|siguiente)))?(?!\w)",
      trigger=frozenset({"semana"}), into=RULES)
def weekend(m, text):
    det, shift = low(m["det"]), low(m["pre"] or m["shift"])
    start = m.start() if det in ("este", "el", "ese") else m.start() + len(det) + 1
    if shift in ("anterior", "siguiente"):
        return mention(m, "DATE", "anaphor", start=start, grain="weekend", offset=-1 if shift == "anterior" else 1)
    if shift:
        return mention(m, "DATE", "rel", start=start, grain="weekend", offset=-1 if shift == "pasado" else 1)
    if det == "este":  # "este fin de semana": the weekend of this week
        return mention(m, "DATE", "rel", start=start, grain="weekend", offset=0)
    if det == "ese":
        return mention(m, "DATE", "anaphor", start=start, grain="weekend", offset=0)
    return mention(m, "DATE", "weekday", start=start, dow=6, part="WE")


# --- relative periods -------------------------------------------------------------------------
_REL_UNITS = {"semana": "week", "mes": "month", "año": "year", "trimestre": "quarter", "semestre": "half"}


@rule("relative", rf"""
    (?:(?P<pos>{POS})\s+)?
    (?P<det>(?i:el|la|este|esta|ese|esa|del|de\s+la|al|a\s+la))?\s*
    (?:(?P<pre>(?i:pasado|pasada|próximo|próxima|último|última))\s+)?
    (?P<u>(?i:semana|mes|año|trimestre))(?![-\w])
    (?:\s+(?P<shift>(?i:pasado|pasada|próximo|próxima|que\s+viene|entrante|anterior|siguiente|en\s+curso|
                     posterior|previo|previa|mismo|misma))\b)?
    """, re.VERBOSE, trigger=frozenset({"semana", "mes", "año", "trimestre"}), into=RULES)
def relative(m, text):
    det, pre, shift, unit = low(m["det"]), low(m["pre"]), low(m["shift"]), low(m["u"])
    grain = _REL_UNITS[unit]
    mod = _pos_mod(m["posw"])
    if not det and not m["pos"]:
        return None
    if det in ("de la", "a la"):
        det = "la"
    if det in ("del", "al"):
        det = "el"
    start = _pos_start(m) if m["pos"] else m.start() if low(m["det"]) in ("el", "la", "este", "esta", "ese", "esa") \
        else m.start("pre") if m["pre"] else m.start("u")
    if re.match(r"\s+(?:de|del)\s+(?:\d|[a-záéíóú]+\s+de)", text[m.end():m.end() + 12]) and not (shift or pre):
        return None  # "el mes de mayo", "el año de la pandemia": named by what follows
    word = shift or pre
    if word in ("pasado", "pasada", "último", "última") and not (pre in ("último", "última") and not shift
                                                              and det in ("el", "la")):
        off = -1
    elif word in ("último", "última"):
        off = -1
    elif word in ("próximo", "próxima", "que viene", "entrante"):
        off = 1
    elif word in ("anterior", "previo", "previa"):
        return mention(m, "DATE", "anaphor", start=start, grain=grain, offset=-1, mod=mod)
    elif word in ("siguiente", "posterior"):
        return mention(m, "DATE", "anaphor", start=start, grain=grain, offset=1, mod=mod)
    elif word in ("mismo", "misma") or det in ("ese", "esa"):
        return mention(m, "DATE", "anaphor", start=start, grain=grain, offset=0, mod=mod)
    elif det in ("este", "esta") or word == "en curso" or m["pos"]:
        off = 0
    else:
        return None  # "el año", "la semana": nothing places them
    return mention(m, "DATE", "rel", start=start, grain=grain, offset=off, mod=mod)


_QUARTER_ORD: dict = ES["quarter_ordinals"]


@rule("quarter", rf"""
    (?:(?P<det>(?i:el|del|en\s+el|un|este))\s+)?
    (?P<o>(?i:{alt(_QUARTER_ORD)}))\s+(?P<u>(?i:trimestre|semestre))
    (?:\s+(?:de(?:l)?\s+)?(?P<y>{YEAR})|\s+(?:del\s+(?:año|ejercicio)\s+)?
       (?P<shift>(?i:pasado|próximo|anterior|en\s+curso))\b)?
    """, re.VERBOSE, trigger=frozenset({"trimestre", "semestre"}), into=RULES)
def quarter(m, text):
    o = _QUARTER_ORD[key(m["o"])]
    half = low(m["u"]) == "semestre"
    if half and o not in ("1", "2"):
        return None
    part = ("H" if half else "Q") + o
    det = low(m["det"])
    start = m.start() if det in ("el", "este") else m.start() + 3 if det.startswith("en") else m.start("o")
    if m["y"]:
        return mention(m, "DATE", "abs", start=start, value=f"{m['y']}-{part}")
    shift = low(m["shift"])
    off = -1 if shift in ("pasado", "anterior") else 1 if shift == "próximo" else 0
    return mention(m, "DATE", "quarter", start=start, part=part, offset=off)


@rule("season", rf"""
    (?:(?P<pos>{POS})\s+)?
    (?:(?P<det>(?i:este|esta|el|la|en|en\s+el|en\s+la|cada|todo\s+el|toda\s+la|durante\s+el|durante\s+la|del|de\s+la))\s+)?
    (?:(?P<pre>(?i:pasado|pasada|próximo|próxima))\s+)?
    (?P<s>(?i:{alt(SEASONS)}))(?![-\w])
    (?:\s+(?:de(?:l)?\s+)?(?P<y>{YEAR})|\s+(?P<shift>(?i:pasado|pasada|próximo|próxima|que\s+viene|anterior|siguiente))\b)?
    """, re.VERBOSE, trigger=trigger(SEASONS), into=RULES)
def season(m, text):
    name = key(m["s"])
    det = low(m["det"])
    part = SEASONS[name]
    if not (det or m["y"] or m["pos"] or m["shift"]):
        return None  # "primavera" alone: the Arab Spring, a name
    if capital_mid_sentence(text, m.start("s")):
        return None
    if det in ("cada", "todo el", "toda la"):
        return mention(m, "SET", "abs", value=f"XXXX-{part}")
    start = _pos_start(m) if m["pos"] else m.start() if det in ("este", "esta", "el", "la") else m.start("s")
    if det.startswith(("en el", "en la", "durante", "del", "de la")):
        start = m.start("s") - (3 if det.endswith(("el", "la")) and not det.startswith("de") else 0)
        start = m.start() + len(det) - 2 if det.endswith((" el", " la")) else start
    mod = _pos_mod(m["posw"])
    if m["y"]:
        return mention(m, "DATE", "abs", start=start, value=f"{m['y']}-{part}", mod=mod)
    shift = low(m["pre"] or m["shift"])
    if shift in ("anterior", "siguiente"):
        return mention(m, "DATE", "anaphor", start=start, grain="season", offset=-1 if shift == "anterior" else 1,
                       part=part, mod=mod)
    sh = {"pasado": "last", "pasada": "last", "próximo": "next", "próxima": "next", "que viene": "next"}.get(
        shift, "this" if det in ("este", "esta") else "")
    return mention(m, "DATE", "season", start=start, part=part, shift=sh, mod=mod)


_FEASTS: dict = ES["feasts"]


@rule("feast", rf"(?P<w>(?i:{alt(_FEASTS)}))(?![-\w])(?:\s+(?:de\s+)?(?P<y>{YEAR}))?", trigger=trigger(_FEASTS), into=RULES)
def feast(m, text):
    if key(m["w"]) == "reyes" and not text[m.start()].isupper():
        return None
    return feast_mention(m, _FEASTS[key(m["w"])], m["y"])


# --- clock times -----------------------------------------------------------------------------
_HOUR_WORDS = {"una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9,
               "diez": 10, "once": 11, "doce": 12}
_MINUTES = {"y media": 30, "y cuarto": 15, "menos cuarto": -15}


@rule("clock", rf"""
    (?:(?P<approx>(?i:sobre|hacia|en\s+torno\s+a|alrededor\s+de|cerca\s+de))\s+)?
    (?:(?P<las>(?i:las|la))\s+)?
    (?<![\d:,.])(?P<h>[01]?\d(?!\d)|2[0-4](?!\d)|(?i:{alt(_HOUR_WORDS)})(?!\w))
    (?:[:.](?P<mi>[0-5]\d)(?!\d))?
    (?P<horas>\s+(?i:horas|h)\b)?
    (?:\s+(?P<q>(?i:y\s+media|y\s+cuarto|menos\s+cuarto)))?
    (?:\s+(?P<part>(?i:de\s+la\s+(?:mañana|tarde|noche|madrugada)|del\s+mediodía)))?
    """, re.VERBOSE, trigger=re.compile(rf"(?i)\blas?\s+(?:\d|{alt(_HOUR_WORDS)})|\d[:.]\d\d\s+h"), into=RULES)
def clock(m, text):
    if not (m["las"] or m["horas"] and m["mi"] or m["mi"] and m["part"]):
        return None  # a clock time is "las 10", "las 10.30", "10.30 horas": never a bare number
    if not m["las"] and not m["mi"]:
        return None
    if m["las"] and not (m["mi"] or m["horas"] or m["q"] or m["part"] or m["approx"]
                         or re.search(r"(?i)\b(?:a|hasta|desde|de|entre|y|para)\s+$", text[max(0, m.start() - 7):m.start()])):
        return None  # "las 10 medidas": a count
    h = int(m["h"]) if m["h"].isdigit() else _HOUR_WORDS[key(m["h"])]
    mi = int(m["mi"]) if m["mi"] else _MINUTES.get(low(m["q"]), 0)
    if mi < 0:
        h, mi = h - 1, 60 + mi
    part = low(m["part"])
    if ("tarde" in part or "noche" in part) and h < 12:
        h += 12
    start = m.start("approx") if m["approx"] else m.start("las") if m["las"] else m.start("h")
    return clock_mention(start, m.end(), h, mi, approx=bool(m["approx"]), day_from=_day_after(text, m.end()))


#: "hacia las 3.15, el domingo", "a las 10 de ayer": a day named right after a clock time dates it
_DAY_AFTER = re.compile(rf"\s*,?\s*(?:del?\s+|el\s+)?(?:(?P<w>(?i:hoy|ayer|anteayer|mañana))|(?P<wd>{WEEKDAY}))(?![-\w]|,?\s+\d)")


_day_after = day_after(_DAY_AFTER, _DAY_WORDS, WEEKDAYS)


@rule("noon", r"(?:(?P<approx>(?i:sobre|hacia|en\s+torno\s+al|en\s+torno\s+a))\s+)?(?:(?P<det>(?i:el|al|a))\s+)?(?P<w>(?i:mediodía|medianoche))(?![-\w])",
      trigger=frozenset({"mediodía", "medianoche"}), into=RULES)
def noon(m, text):
    mid = low(m["w"]) == "mediodía"
    start = m.start("approx") if m["approx"] else m.start("w") if low(m["det"]) in ("al", "a") else m.start()
    return clock_mention(start, m.end(), 12 if mid else 24, 0, approx=bool(m["approx"]))


@rule("part_of_day", r"(?P<det>(?i:por\s+la|esa|aquella|durante\s+la|la))\s+(?P<p>(?i:mañana|tarde|noche|madrugada))(?![-\w])",
      trigger=frozenset({"mañana", "tarde", "noche", "madrugada"}), into=RULES)
def part_of_day(m, text):
    det = low(m["det"])
    if det == "la" and not re.search(r"(?i)(?:durante|en|por|de|toda)\s+$", text[max(0, m.start() - 9):m.start()]):
        return None
    if re.match(r"\s+(?:de|del)\s", text[m.end():m.end() + 5]) and det != "por la":
        return None  # "la noche de los Óscar": a thing
    start = m.start("p") - 3 if det.endswith(" la") else m.start()
    return mention(m, "TIME", "anaphor", start=start, grain="day", offset=0, part=PARTS[low(m["p"])])


# --- durations ----------------------------------------------------------------------------------
_AGE_BEFORE = re.compile(r"(?i)(?:[,(]|\d\s*[-–]\s*|\b(?:edad\s+de|de\s+edad\s+de)|\b(?:los|las)\s+(?:menores|mayores)\s+de|"
                         r"\b(?:menores|mayores)\s+de)\s*$")
_DURATION_HEADS = ES["duration_heads"]


def _is_age(m: re.Match, text: str) -> bool:
    """"N años" that says how old someone is: "un hombre de 38 años", "Juan, 26 años,",
    "(38)"; "de N años" is a duration after a noun of time ("una pena de 10 años")."""
    before = text[max(0, m.start() - 40):m.start()]
    if re.match(r"\s+de\s+edad", text[m.end():m.end() + 10]):
        return True
    if _AGE_BEFORE.search(before):
        return True
    head = re.search(r"([^\W\d_]+)\s+de\s*$", before)
    return bool(head) and head[1].lower() not in _DURATION_HEADS


@rule("duration", rf"""
    (?:(?P<mod>(?i:{MOD}))\s+)?
    (?P<q>{NUMBER}|(?i:{VAGUE}|un|una))\s+
    (?P<u>(?i:{UNIT}))(?![-\w])
    (?P<half>\s+(?i:y\s+medio|y\s+media))?
    """, re.VERBOSE, trigger=trigger(_UNIT_FORMS), into=RULES)
def duration(m, text):
    unit = _unit(m["u"])
    if unit is None:
        return None
    q = key(m["q"])
    mod = MODS.get(key(m["mod"])) if m["mod"] else None
    if q in ("unos", "unas") and not m["mod"]:
        return None  # handled as a modifier before a number, or vague below
    n = None if q in VAGUE_WORDS else 1 if q in ("un", "una") else number_value(q)
    if q not in VAGUE_WORDS and n is None:
        return None
    if unit in ("año",) and _is_age(m, text):
        return None
    if m["half"] and n is not None:
        n += 0.5
    if n is not None and not float(n).is_integer():
        letter = UNITS[unit][1]
        if letter == "Y":
            n, unit = n * 12, "mes"
        elif letter == "H":
            return mention(m, "DURATION", "abs", value=f"PT{int(n)}H{round((n - int(n)) * 60)}M", mod=mod)
        elif letter == "D":
            n, unit = n * 24, "hora"
    if n is None and q in ("muchos", "muchas", "pocos", "pocas", "largos", "largas", "varios", "varias",
                           "algunos", "algunas") and not re.search(r"(?i)(?:durante|desde\s+hace|hace|tras|en|por|hasta)\s+$",
                                                               text[max(0, m.start() - 14):m.start()]) \
            and q not in ("varios", "varias"):
        return None  # "muchos días de fiesta": a plural, not a duration
    return mention(m, "DURATION", "abs", value=duration_value(n, unit, UNITS), mod=mod)


@rule("vague_duration", rf"(?P<q>(?i:unos|unas))\s+(?P<u>(?i:{UNIT}))(?![-\w])", trigger=trigger(_UNIT_FORMS), into=RULES)
def vague_duration(m, text):
    unit = _unit(m["u"])
    return mention(m, "DURATION", "abs", value=duration_value(None, unit, UNITS)) if unit else None


@rule("fraction", r"(?P<f>(?i:media|medio|un\s+cuarto\s+de|tres\s+cuartos\s+de))\s+(?P<u>(?i:hora|año|día|siglo|jornada))(?![-\w])"
                  r"|(?P<u2>(?i:hora|año|día))\s+y\s+(?P<f2>(?i:media|medio))",
      trigger=frozenset({"media", "medio", "cuarto", "cuartos"}), into=RULES)
def fraction(m, text):
    if m["u2"]:  # "hora y media", "año y medio"
        unit = _unit(m["u2"])
        amount = 1.5
    else:
        unit = _unit(m["u"])
        f = low(m["f"])
        amount = 0.5 if f in ("media", "medio") else 0.25 if f.startswith("un") else 0.75
    if unit is None:
        return None
    letter = UNITS[unit][1]
    if letter == "H":
        return mention(m, "DURATION", "abs", value=f"PT{int(amount * 60)}M")
    if letter == "CE":
        return mention(m, "DURATION", "abs", value=f"P{int(amount * 100)}Y")
    if letter == "Y":
        return mention(m, "DURATION", "abs", value=f"P{int(amount * 12)}M")
    return mention(m, "DURATION", "abs", value=f"PT{int(amount * 24)}H")


@rule("recent", rf"""
    (?P<det>(?i:los|las|estos|estas|en\s+los|en\s+las|durante\s+los|durante\s+las))\s+
    (?P<sh>(?i:últimos|últimas|próximos|próximas|pasados|pasadas))\s+
    (?:(?P<n>{NUMBER})\s+)?(?P<u>(?i:{UNIT}))(?![-\w])
    """, re.VERBOSE, trigger=frozenset({"últimos", "últimas", "próximos", "próximas", "pasados", "pasadas"}), into=RULES)
def recent(m, text):
    unit = _unit(m["u"])
    if unit is None:
        return None
    n = number_value(m["n"]) if m["n"] else None
    det = low(m["det"])
    start = m.start() if det in ("los", "las", "estos", "estas") else m.end("det") - len(det.split(" ")[-1])
    if det.startswith("en") and not m["n"] and low(m["sh"]).startswith("próxim"):
        return mention(m, "DATE", "abs", value="FUTURE_REF")
    return mention(m, "DURATION", "abs", start=start, value=duration_value(n, unit, UNITS))


_GRAIN_OF_UNIT = {"segundo": "", "minuto": "", "hora": "", "día": "day", "jornada": "day", "noche": "day",
                  "semana": "week", "fin de semana": "week", "quincena": "week", "mes": "month", "trimestre": "quarter",
                  "semestre": "month", "año": "year", "década": "year", "decenio": "year", "lustro": "year",
                  "siglo": "year", "milenio": "year"}
_UNIT_OF = {"día": ("day", 1), "jornada": ("day", 1), "noche": ("day", 1), "semana": ("week", 1),
            "fin de semana": ("week", 1), "quincena": ("week", 2), "mes": ("month", 1), "trimestre": ("quarter", 1),
            "semestre": ("month", 6), "año": ("year", 1), "década": ("year", 10), "decenio": ("year", 10),
            "lustro": ("year", 5), "siglo": ("year", 100), "milenio": ("year", 1000)}


@rule("ago", rf"""
    (?P<lead>(?i:hace|dentro\s+de|en))\s+
    (?:(?P<mod>(?i:{MOD}))\s+)?
    (?P<q>{NUMBER}|(?i:{VAGUE}|un|una))\s+(?P<u>(?i:{UNIT}))(?![-\w])(?P<half>\s+(?i:y\s+medio|y\s+media))?
    """, re.VERBOSE, trigger=frozenset({"hace", "dentro"}), into=RULES)
def ago(m, text):
    unit = _unit(m["u"])
    lead = low(m["lead"])
    if unit is None or lead == "en":
        return None
    if re.search(r"(?i)\bdesde\s+$", text[max(0, m.start() - 7):m.start()]):
        return None  # "desde hace dos años": for two years (the duration rule)
    sign = 1 if lead.startswith("dentro") else -1
    q = key(m["q"])
    n = None if q in VAGUE_WORDS else 1 if q in ("un", "una") else number_value(q)
    mod = MODS.get(key(m["mod"])) if m["mod"] else None
    if n is None:
        if q not in VAGUE_WORDS:
            return None
        return mention(m, "DATE", "abs", value="PAST_REF" if sign < 0 else "FUTURE_REF")
    grain = _GRAIN_OF_UNIT[unit]
    if not grain or not float(n).is_integer() or m["half"]:
        return None
    u, factor = _UNIT_OF[unit]
    return mention(m, "DATE", "ago", grain=grain, unit=u, offset=sign * int(n) * factor, mod=mod)


@rule("count_back", rf"""
    (?P<q>{NUMBER}|(?i:un|una))\s+(?P<u>(?i:{UNIT}))\s+(?P<dir>(?i:antes|atrás|más\s+tarde|después))(?![-\w])
    (?!\s+(?:de|del|que)\b)
    """, re.VERBOSE, trigger=frozenset({"antes", "atrás", "tarde", "después"}), into=RULES)
def count_back(m, text):
    unit = _unit(m["u"])
    if unit is None or _GRAIN_OF_UNIT[unit] not in ("month", "quarter", "year"):
        return None
    d = low(m["dir"])
    if d in ("más tarde", "después"):
        return None  # "tres años después": the duration "tres años", the word a signal (as English)
    q = key(m["q"])
    n = 1 if q in ("un", "una") else number_value(q)
    if n is None or not float(n).is_integer():
        return None
    u, factor = _UNIT_OF[unit]
    return mention(m, "DATE", "ago", grain=_GRAIN_OF_UNIT[unit], unit=u, offset=-int(n) * factor,
                   shift="" if d == "atrás" else "event")


# --- references and sets ------------------------------------------------------------------------
_REFS = {**{w: "PRESENT_REF" for w in ES["present_refs"]}, **{w: "PAST_REF" for w in ES["past_refs"]},
         **{w: "FUTURE_REF" for w in ES["future_refs"]}}


@rule("ref", rf"(?P<w>(?i:{alt(_REFS)}))(?![-\w])", trigger=trigger(_REFS), into=RULES)
def ref(m, text):
    if capital_mid_sentence(text, m.start()):
        return None
    w = key(m["w"])
    if w == "entonces" and not re.search(r"(?i)\b(?:desde|hasta|por|de)\s+$", text[max(0, m.start() - 7):m.start()]):
        return None  # "entonces" alone is mostly "so"
    return mention(m, "DATE", "abs", value=_REFS[w])


_SET_ADJ: dict = ES["set_adjectives"]


@rule("set_adjective", rf"(?P<w>{alt(_SET_ADJ)})(?![-\w])", trigger=trigger(_SET_ADJ), into=RULES)
def set_adjective(m, text):
    w = m["w"]
    if w in ("diario", "diaria") and re.search(r"(?i)\b(?:el|un|del|al|este|ese)\s+$", text[max(0, m.start() - 5):m.start()]):
        return None  # "el diario": a newspaper
    return mention(m, "SET", "abs", value=_SET_ADJ[w])


_EVERY_UNITS = {"día": "P1D", "días": "P1D", "semana": "P1W", "semanas": "P1W", "mes": "P1M", "meses": "P1M",
                "año": "P1Y", "años": "P1Y", "trimestre": "P3M", "trimestres": "P3M", "hora": "PT1H", "horas": "PT1H"}


@rule("set_every", rf"""
    (?P<every>(?i:cada|todos\s+los|todas\s+las|una\s+vez\s+(?:al|por)|dos\s+veces\s+(?:al|por)|tres\s+veces\s+(?:al|por)|
                 al|por|los))\s+
    (?:(?P<n>{NUMBER})\s+)?
    (?:(?P<u>(?i:{alt(_EVERY_UNITS)}|fines?\s+de\s+semana))|(?P<wd>(?i:{alt(WEEKDAYS)}))s?|(?P<p>(?i:mañanas|tardes|noches|mañana|tarde|noche))|(?P<mo>{MONTH}))
    (?![-\w])
    """, re.VERBOSE, trigger=frozenset({"cada", "todos", "todas", "veces", "vez", "al", "por", "los"}), into=RULES)
def set_every(m, text):
    every = low(m["every"])
    u = low(m["u"])
    if every == "los":
        if not m["wd"] or not m[0].endswith("s") or re.match(r"\s+\d", text[m.end():m.end() + 3]):
            return None  # "los lunes": every Monday (a weekday's plural is its singular)
        return mention(m, "SET", "abs", value=f"XXXX-WXX-{WEEKDAYS[key(m['wd'])]}")
    if every in ("al", "por"):
        if not (u in ("día", "semana", "mes", "año", "hora", "trimestre")):
            return None
        if not re.search(r"(?i)(?:\d|€|euros?|dólares|pesos|veces|vez|%|horas?|días?|millones?|kilos?)\s*$",
                         text[max(0, m.start() - 30):m.start()]):
            return None  # "al año siguiente", "por día" after no figure
        if re.match(r"\s+(?:siguiente|pasado|próximo|anterior)", text[m.end():m.end() + 12]):
            return None
    if every in ("cada", "todos los", "todas las") and m["mo"]:
        return mention(m, "SET", "abs", value=f"XXXX-{MONTHS[key(m['mo']).rstrip('.')]:02d}")
    if m["wd"]:
        return mention(m, "SET", "abs", value=f"XXXX-WXX-{WEEKDAYS[key(m['wd'])]}")
    if m["p"]:
        return mention(m, "SET", "abs", value=f"XXXX-XX-XXT{PARTS[low(m['p']).rstrip('s')]}")
    if m["mo"]:
        return None
    if u.startswith(("fin", "fines")):
        return mention(m, "SET", "abs", value="XXXX-WXX-WE")
    value = every_n(_EVERY_UNITS[u], number_value(m["n"]) if m["n"] else 1)
    return mention(m, "SET", "abs", value=value) if value else None


# --- tense -----------------------------------------------------------------------------------------
#: a future that cannot be anything else: "va a anunciar", "anunciará", "previsto"
_STRONG = re.compile(r"(?i)^(?:va|van|vamos|voy)\s|r(?:á|án|é|emos|éis)$|^previst[oa]s?$|^programad[oa]$")
CUES = cues(ES, _STRONG)
direction = direction_of(
    CUES, re.compile(r"(?i)(?:hasta|antes\s+de(?:l)?|a\s+partir\s+de(?:l)?|para)\s+(?:el\s+|la\s+|los\s+|las\s+)?$"),
    re.compile(r"(?i)desde\s+(?:el\s+|la\s+|principios\s+de\s+|finales\s+de\s+|mediados\s+de\s+)?$"))

GRAMMAR = Grammar("es", ES, RULES, direction, CUES)
