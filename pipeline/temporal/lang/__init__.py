"""Languages as folders: ``lang/<code>/*.json`` hold a language's word lists, and
``lang/<code>/grammar.py`` its patterns, handlers and reading of tense.

A language is read into a :class:`Language` (its code and its tables); the
engine's modules take their words from one, so that a language is a folder, as
in Duckling's ``Time/<LANG>/`` and HeidelTime's ``resources/<language>/``.

A folder's JSON files are objects of tables, read together (a table named in
two files is refused): ``words.json`` for the tagger, ``sentences.json`` for
the sentence splitter, ``boilerplate.json`` for the cleaner (its tables,
described in its ``_about``, are read as written). The tables and their shapes (keys in lower case):

=====================  =====================================================
``months``             word -> month number ("jan": 1)
``weekdays``           word -> ISO weekday, Monday 1 ("tues": 2)
``seasons``            word -> TIMEX3 season ("autumn": "FA")
``parts_of_day``       word -> TIMEX3 part of day ("evening": "EV")
``day_words``          word -> [days from publication, part of day] ("tonight": [0, "NI"])
``units``              word -> [grain, TIMEX3 duration letter, is a time unit]
``unit_abbreviations`` abbreviation -> unit word ("hrs": "hour")
``ones``, ``tens``     number words -> value
``ordinals``           word -> value (-1 for "last")
``vague_quantities``   list of words ("several", "a few")
``modifiers_before``   phrase -> TimeML mod ("more than": "MORE_THAN")
``position_modifiers`` word -> TimeML mod ("early": "START")
``shift_words``        word -> "last", "next" or "this" ("coming": "next")
``decade_words``       word -> decade digit ("sixties": 6)
``quarter_ordinals``   word -> TIMEX3 quarter ("third": "Q3")
``weekday_abbreviations`` word -> ISO weekday ("thurs": 4); ``..._sure``: those
                       that are never another word (a list)
``nth_weekday``        word -> n ("second": 2, "last": -1), "the second Tuesday"
``holidays``           name -> [month, day] or [month, ISO weekday, n] (n-th; -1 last)
``day_parts``          words -> [days from publication, part of day] ("last night")
=====================  =====================================================

Tense cues, lists of regular expressions (one alternative each, tried in their
order): ``future_cues`` ("will", "scheduled", "next(?!\\s+to\\b)") and
``past_cues`` ("said", "ago", "(?-i:[a-z]{3,}ed)"); with the lists of words
``not_past_ed`` ("scheduled": an -ed that points ahead) and ``not_ed``
("hundred": not a verb at all).

Sentence cues (``sentences.json``), lists of abbreviations in lower case
without their final full stop, or words: ``titles`` ("mr", "gen": never end a
sentence), ``before_number`` ("no", "sept": not before a number),
``ambiguous_abbreviations`` ("inc", "calif": end one only before a
``sentence_openers`` word), ``speech_verbs`` ('"Why?" Mr. Kim asked.').

Negative and positive contexts, lists of words (the word just before or after
a match decides whether it is a time):

==========================  ================================================
``before_last_verb``        "last" after these is the verb ("could last")
``not_nouns_after_month``   after "May"/"March", these keep it a month
``before_old_year``         a year before 1800 after these is a year
``year_event_nouns``        "the 1777 campaign": these make it a year
``before_one_day_someday``  "one day" after these is some day, not a day
``before_another_unit``     "another week" after these is a duration
``before_bare_clock``       a bare "at 6" is a clock time after these
``caseless_feasts``         in text without capitals, dates wherever they stand
``caseless_ambiguous``      ... names that are also words ("may", "sun")
``caseless_cue_before``     ... and the words before one that make it a date
==========================  ================================================

Every language has the tables of ``REQUIRED`` and the engine's joins
(``JOINS``, regular expressions: ``duration_join`` between the parts of one
duration, ``pair_join`` between the two dates of a pair, ``day_clock_gap``
between a day and its clock time), and may have ``story_counts`` (word ->
+1 or -1: "later", "plus tard") and ``day_list_before`` (a regular expression
ending where a date's day starts, whose group "d" is another day of the same
month: "les 6 et 13 avril", "del 3 al 9 de junio"). The other tables above are English's; a
language's own tables (French's ``feasts``, ``present_refs``...) are read as
written, for its ``grammar.py`` (the patterns and handlers, see
``temporal/grammar.py``).

A file that is missing, not JSON, or lacks a table is refused with a
``LanguageError`` naming the file and the table.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

HERE = Path(__file__).resolve().parent

#: Tables whose values are lists read as tuples, tables read as sets, and lists whose
#: order counts (regular expressions tried in turn), read as tuples.
_TUPLES = ("day_words", "units", "holidays", "day_parts")
_ORDERED = ("future_cues", "past_cues")
_SETS = ("vague_quantities", "not_past", "not_future", "weekday_abbreviations_sure", "not_past_ed", "not_ed",
         "titles", "before_number", "ambiguous_abbreviations", "sentence_openers", "speech_verbs",
         "before_last_verb", "not_nouns_after_month", "before_old_year", "year_event_nouns",
         "before_one_day_someday", "before_another_unit", "before_bare_clock",
         "caseless_feasts", "caseless_ambiguous", "caseless_cue_before")
TABLES = ("months", "weekdays", "seasons", "parts_of_day", "day_words", "units", "unit_abbreviations",
          "ones", "tens", "ordinals", "modifiers_before", "position_modifiers", "shift_words", "decade_words",
          "quarter_ordinals", "weekday_abbreviations", "nth_weekday", "holidays", "day_parts") + _SETS + _ORDERED
#: The tables every language has: the engine's joins and the resolver's tense cues read
#: them; the others (English's contexts, the caseless reader's lists) are a language's own,
#: checked for their shape when present.
REQUIRED = ("months", "weekdays", "seasons", "parts_of_day", "day_words", "units", "ones", "tens", "ordinals",
            "vague_quantities", "modifiers_before", "position_modifiers", "future_cues", "past_cues")
#: The engine's joins, regular expressions (``tagger.py``): between two parts of one
#: duration ("two hours and ten minutes"), between the two dates of a pair ("August
#: and September 1914"), between a day and its clock time ("Friday, 10 a.m.").
JOINS = ("duration_join", "pair_join", "day_clock_gap")


class LanguageError(ValueError):
    """A language folder that cannot be read: the message names the file and what is wrong."""


@dataclass(frozen=True)
class Language:
    """One language's data: its code ("en") and its word tables."""
    code: str
    tables: Mapping[str, Any] = field(repr=False)

    def __getitem__(self, table: str):
        return self.tables[table]


@lru_cache(maxsize=None)
def available(root: Path = HERE) -> tuple[str, ...]:
    """The codes of the language folders under ``root`` (read once: every text asks)."""
    return tuple(sorted(p.name for p in root.iterdir() if (p / "words.json").is_file()))


def others(table: str, besides: str = "en") -> list:
    """What the folders of the languages other than ``besides`` hold in ``table``, in the
    order of their codes: a list's items, a mapping's keys (the other languages' month
    names, dateline labels, page-furniture lines, for the readers that serve every
    language: the loader's datelines, the cleaner)."""
    out: list = []
    for code in available():
        if code != besides:
            out.extend(load(code).tables.get(table) or ())
    return out


@lru_cache(maxsize=None)
def load(code: str, root: Path = HERE) -> Language:
    """The language of folder ``root/code``."""
    folder = root / code
    path = folder / "words.json"
    if not path.is_file():
        raise LanguageError(f"{path}: no such file (languages here: {', '.join(available(root)) or 'none'})")
    raw: dict[str, Any] = {}
    for part in sorted(folder.glob("*.json")):
        try:
            tables_of = json.loads(part.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise LanguageError(f"{part}: cannot be read as JSON ({exc})") from None
        if not isinstance(tables_of, dict):
            raise LanguageError(f"{part}: expected an object of tables")
        for name in tables_of:
            if name in raw and not name.startswith("_"):
                raise LanguageError(f"{part}: table {name!r} is in another file of {folder} too")
        raw.update(tables_of)
    tables: dict[str, Any] = {}
    for name in TABLES + JOINS + ("story_counts", "day_list_before"):
        if name not in raw:
            if name in REQUIRED or name in JOINS:
                raise LanguageError(f"{folder}: no table {name!r} in its files")
            continue
        value = raw[name]
        if name in JOINS or name == "day_list_before":
            if not isinstance(value, str):
                raise LanguageError(f"{path}: table {name!r} must be a regular expression")
            try:
                tables[name] = re.compile(value)
            except re.error as exc:
                raise LanguageError(f"{path}: table {name!r} is not a valid regular expression ({exc})") from None
            continue
        if name in _ORDERED:
            if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
                raise LanguageError(f"{path}: table {name!r} must be a list of regular expressions")
            try:
                re.compile("|".join(value))
            except re.error as exc:
                raise LanguageError(f"{path}: table {name!r} is not a valid regular expression ({exc})") from None
            tables[name] = tuple(value)
            continue
        if name in _SETS:
            if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
                raise LanguageError(f"{path}: table {name!r} must be a list of words")
            tables[name] = frozenset(value)
            continue
        if not isinstance(value, dict):
            raise LanguageError(f"{path}: table {name!r} must be an object of word -> value")
        if any(k != k.lower() for k in value):
            raise LanguageError(f"{path}: table {name!r} has keys that are not lower case")
        tables[name] = {k: tuple(v) for k, v in value.items()} if name in _TUPLES else dict(value)
    for name, value in raw.items():  # the other tables, as written (boilerplate.json's lists keep their order)
        if name not in tables and not name.startswith("_"):
            tables[name] = value
    return Language(code, tables)
