"""The tagger's phrase corpus: a specification of ``pipeline.tag`` by example.

``tests/corpus/timex_cases.jsonl`` holds one case per line::

    {"sentence": "He resigned [last week].", "published": "2021-09-30",
     "type": "DATE", "value": "2021-W38", "mod": null, "grain": "week",
     "from": "2021-09-20", "to": "2021-09-27", "note": "..."}

The brackets mark the one expected expression (they are removed before
tagging).  ``from``/``to`` are the calendar interval, ``to`` exclusive; they
and ``grain`` are null for durations, sets, PAST_REF/PRESENT_REF/FUTURE_REF and
dates the text does not give (``XXXX-XX-XX``, ``XXXX-XX-XXTNI``).
``note`` (optional) says which convention the case pins down; the conventions
are written up in ``docs/tagger-conventions.md``.

``tests/corpus/negative.txt`` holds sentences that must yield no timex.

Each other language Chronicle reads has the same two files in its own folder,
``tests/corpus/<code>/`` (French: ``tests/corpus/fr/``), read with ``lang=<code>``.

Checks:
* positive: exactly one timex overlaps the marked span, and its span, type,
  value, mod, grain, from and to are the expected ones (other timexes
  elsewhere in the sentence are not checked);
* negative: ``tag(sentence, "2021-09-30") == []``;
* the corpus itself is well formed (dates parse, values match their type,
  intervals agree with value and grain), so a typo in a case is caught
  without running the tagger.
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from pipeline import tag
from pipeline.model import GRAINS, TYPES
from pipeline.published import parse_published

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES_FILE = CORPUS / "timex_cases.jsonl"
NEGATIVE_FILE = CORPUS / "negative.txt"
NEGATIVE_PUBLISHED = "2021-09-30"

FIELDS = ("sentence", "published", "type", "value", "mod", "grain", "from", "to")
MODS = {None, "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER", "LESS_THAN",
        "MORE_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE", "START", "MID", "END",
        "APPROX"}
#: "half" (``1999-H1``) is used by the corpus although model.GRAINS lacks it.
CASE_GRAINS = set(GRAINS) | {"half"}


# --------------------------------------------------------------------------
# loading

#: Each language's corpus folder: English's at the top, the others in their own folders.
FOLDERS = {"en": CORPUS, **{p.name: p for p in sorted(CORPUS.iterdir()) if (p / "timex_cases.jsonl").is_file()}}


def _load_cases() -> list[dict]:
    cases = []
    for lang, folder in FOLDERS.items():
        with open(folder / CASES_FILE.name, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                case = json.loads(line)
                case["line"], case["lang"] = lineno, lang
                cases.append(case)
    return cases


def _load_negatives() -> list[tuple[str, str]]:
    out = []
    for lang, folder in FOLDERS.items():
        lines = (folder / NEGATIVE_FILE.name).read_text(encoding="utf-8").splitlines()
        out += [(lang, ln.strip()) for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    return out


def split_marked(sentence: str) -> tuple[str, int, int]:
    """``"He left [last week]."`` -> ``("He left last week.", 8, 17)``."""
    start = sentence.index("[")
    end = sentence.index("]") - 1
    return sentence.replace("[", "", 1).replace("]", "", 1), start, end


def _ts(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _case_id(case: dict) -> str:
    expr = case["sentence"][case["sentence"].index("[") + 1:case["sentence"].index("]")]
    return f"{case['lang']}:L{case['line']:03d}:{expr}@{case['published']}"


CASES = _load_cases()
NEGATIVES = _load_negatives()


# --------------------------------------------------------------------------
# the tagger against the corpus

@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_positive_case(case: dict) -> None:
    text, start, end = split_marked(case["sentence"])
    found = tag(text, case["published"], lang=case["lang"])
    overlapping = [t for t in found if t.start < end and start < t.end]
    assert len(overlapping) == 1, (
        f"expected one timex overlapping {text[start:end]!r} in {text!r} "
        f"(published {case['published']}), got "
        f"{[(t.text, t.type, t.value) for t in overlapping]}")
    t = overlapping[0]
    got = {"text": t.text, "start": t.start, "end": t.end, "type": t.type,
           "value": t.value, "mod": t.mod, "grain": t.grain,
           "from": t.date_from, "to": t.date_to}
    want = {"text": text[start:end], "start": start, "end": end,
            "type": case["type"], "value": case["value"], "mod": case["mod"],
            "grain": case["grain"], "from": _ts(case["from"]), "to": _ts(case["to"])}
    diff = {k: (got[k], want[k]) for k in want if got[k] != want[k]}
    assert not diff, f"{text!r} published {case['published']}: (got, expected) {diff}"


@pytest.mark.parametrize("lang,sentence", NEGATIVES, ids=[f"{lang}:{s[:50]}" for lang, s in NEGATIVES])
def test_negative_sentence(lang: str, sentence: str) -> None:
    found = tag(sentence, NEGATIVE_PUBLISHED, lang=lang)
    assert found == [], f"{sentence!r}: expected no timex, got {[(t.text, t.type, t.value) for t in found]}"


# --------------------------------------------------------------------------
# the corpus itself (independent of the tagger)

_SEASONS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_PARTS = {"MO": (6, 12), "AF": (12, 18), "EV": (18, 24), "NI": (20, 30)}


def _month(y: int, m: int) -> datetime:
    return datetime(y + (m - 1) // 12, (m - 1) % 12 + 1, 1)


def expected_interval(value: str) -> tuple[str, datetime, datetime] | None:
    """(grain, from, to) of a resolved DATE/TIME value, by the corpus conventions."""
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)", value):
        y, mo, d, hh, mi = map(int, m.groups())
        t = datetime(y, mo, d) + timedelta(hours=hh, minutes=mi)  # T24:00 = next day 00:00
        return "time", t, t + timedelta(minutes=1)
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)T(MO|AF|EV|NI)", value):
        day = datetime(int(m[1]), int(m[2]), int(m[3]))
        a, b = _PARTS[m[4]]
        return "time", day + timedelta(hours=a), day + timedelta(hours=b)
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", value):
        day = datetime(int(m[1]), int(m[2]), int(m[3]))
        return "day", day, day + timedelta(days=1)
    if m := re.fullmatch(r"(\d{4})-W(\d\d)-WE", value):  # the weekend: Saturday and Sunday
        saturday = datetime.combine(date.fromisocalendar(int(m[1]), int(m[2]), 6), datetime.min.time())
        return "day", saturday, saturday + timedelta(days=2)
    if m := re.fullmatch(r"(\d{4})-W(\d\d)", value):
        monday = datetime.combine(date.fromisocalendar(int(m[1]), int(m[2]), 1), datetime.min.time())
        return "week", monday, monday + timedelta(weeks=1)
    if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
        return "month", _month(int(m[1]), int(m[2])), _month(int(m[1]), int(m[2]) + 1)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        first = 3 * int(m[2]) - 2
        return "quarter", _month(int(m[1]), first), _month(int(m[1]), first + 3)
    if m := re.fullmatch(r"(\d{4})-H([12])", value):
        first = 6 * int(m[2]) - 5
        return "half", _month(int(m[1]), first), _month(int(m[1]), first + 6)
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
        first = _SEASONS[m[2]]
        return "season", _month(int(m[1]), first), _month(int(m[1]), first + 3)
    if re.fullmatch(r"\d{4}", value):
        return "year", datetime(int(value), 1, 1), datetime(int(value) + 1, 1, 1)
    if re.fullmatch(r"\d{3}", value):
        return "decade", datetime(int(value) * 10, 1, 1), datetime(int(value) * 10 + 10, 1, 1)
    if re.fullmatch(r"\d{2}", value):
        return "century", datetime(int(value) * 100, 1, 1), datetime(int(value) * 100 + 100, 1, 1)
    return None


def _problems(case: dict) -> list[str]:
    out = []
    missing = [f for f in FIELDS if f not in case]
    if missing:
        return [f"missing fields {missing}"]
    extra = set(case) - set(FIELDS) - {"note", "line", "lang"}
    if extra:
        out.append(f"unknown fields {sorted(extra)}")
    s = case["sentence"]
    if s.count("[") != 1 or s.count("]") != 1 or s.index("[") > s.index("]") - 2:
        return out + ["sentence must contain exactly one non-empty [marked] expression"]
    text, start, end = split_marked(s)
    if text[start:end] != text[start:end].strip():
        out.append("marked span has leading/trailing whitespace")
    try:
        parse_published(case["published"])
    except ValueError as exc:
        out.append(f"published: {exc}")
    typ, value, mod, grain = case["type"], case["value"], case["mod"], case["grain"]
    if typ not in TYPES:
        out.append(f"type {typ!r} not in {TYPES}")
    if mod not in MODS:
        out.append(f"mod {mod!r} is not a TIMEX3 mod")
    if grain is not None and grain not in CASE_GRAINS:
        out.append(f"grain {grain!r} unknown")
    try:
        fr, to = _ts(case["from"]), _ts(case["to"])
    except ValueError as exc:
        return out + [f"from/to: {exc}"]
    if typ == "DURATION":
        if not re.fullmatch(r"P(?:[\dX.]+[YMWDQ])*(?:T(?:[\dX.]+[HMS])+)?", value) or value == "P":
            out.append(f"DURATION value {value!r} is not P...")
    if typ == "SET" and not re.fullmatch(r"P.+|XXXX-.+", value):
        out.append(f"SET value {value!r} is neither a period nor an XXXX pattern")
    unknown_date = typ in ("DATE", "TIME") and re.fullmatch(r"XXXX(?:-XX(?:-XX)?)?(?:T[A-Z]{2})?", value)
    if typ in ("DURATION", "SET") or value.endswith("_REF") or unknown_date:
        if (grain, fr, to) != (None, None, None):
            out.append("durations, sets, *_REF and dates the text does not give have null grain/from/to")
        if value.endswith("_REF") and (typ != "DATE" or value not in ("PAST_REF", "PRESENT_REF", "FUTURE_REF")):
            out.append(f"bad reference {typ} {value}")
        return out
    try:
        iv = expected_interval(value)
    except ValueError as exc:  # impossible date such as 2021-02-29
        return out + [f"value {value!r}: {exc}"]
    if iv is None:
        return out + [f"{typ} value {value!r} is not a resolved date/time"]
    if (grain, fr, to) != iv:
        out.append(f"grain/from/to {(grain, case['from'], case['to'])} do not match value {value!r}: {iv}")
    if typ == "TIME" and grain != "time":
        out.append("TIME values have grain 'time'")
    if typ == "DATE" and grain == "time":
        out.append("a DATE value with a clock time or part of day should be TIME")
    return out


def test_corpus_is_well_formed() -> None:
    assert len(CASES) >= 350
    problems = [f"line {c['line']}: {p}" for c in CASES for p in _problems(c)]
    keys = [(c["sentence"], c["published"]) for c in CASES]
    problems += [f"duplicate case {k}" for k in {k for k in keys if keys.count(k) > 1}]
    assert not problems, "\n".join(problems)


def test_negative_corpus_is_well_formed() -> None:
    assert len(NEGATIVES) >= 60
    assert len(set(NEGATIVES)) == len(NEGATIVES), "duplicate negative sentences"
    assert not [s for s in NEGATIVES if "[" in s or "]" in s], "negatives have no marked span"


def test_well_formedness_check_catches_typos() -> None:
    """The corpus check itself must reject a wrong interval, a bad date and a bad type."""
    good = dict(CASES[0])
    assert _problems(good) == []
    assert _problems({**good, "to": "2099-01-01"})
    assert _problems({**good, "published": "2021-02-30"})
    assert _problems({**good, "value": "2021-02-30", "from": "2021-02-30", "to": "2021-03-01"})
    assert _problems({**good, "type": "DATES"})
    assert _problems({**good, "sentence": good["sentence"].replace("[", "")})
    assert _problems({"sentence": "It lasted [two days].", "published": "2021-09-30",
                      "type": "DURATION", "value": "P2D", "mod": None,
                      "grain": "day", "from": "2021-09-28", "to": "2021-09-30"})
    assert expected_interval("2020-WI")[1:] == (datetime(2020, 12, 1), datetime(2021, 3, 1))
    assert expected_interval("2020-W53")[1:] == (datetime(2020, 12, 28), datetime(2021, 1, 4))
