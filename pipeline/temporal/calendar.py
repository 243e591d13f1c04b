"""Calendar arithmetic on TIMEX3 values: grains, shifting, and the
half-open interval ``[begin, end)`` a value denotes.  Pure functions."""
from __future__ import annotations

import calendar as _cal
import re
from datetime import date, datetime, timedelta
from typing import Optional, TypeVar

_D = TypeVar("_D", date, datetime)

SEASONS = {"SP": (3, 6), "SU": (6, 9), "FA": (9, 12), "WI": (12, 15)}
PARTS_OF_DAY = {"MO": (6, 12), "MI": (12, 13), "AF": (12, 18), "EV": (18, 24), "NI": (20, 30), "DT": (9, 17)}


def month_start(year: int, month: int) -> datetime:
    """Midnight on the first day of ``month`` of ``year``; the month may run past
    12 or below 1 (``month=14`` is February of the next year, ``month=0`` the
    December before)."""
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return datetime(year, month, 1)


def days_in_month(year: int, month: int) -> int:
    """28 to 31 (any year: no date is built)."""
    return _cal.mdays[month] + (month == 2 and _cal.isleap(year))


def add_months(d: _D, n: int) -> _D:
    """``d`` moved by ``n`` calendar months, its day clamped to the end of the
    target month (31 Jan + 1 month is 28 or 29 Feb); a datetime keeps its time.
    Raises ValueError (or OverflowError) past the years 1 to 9999."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return d.replace(year=year, month=month, day=min(d.day, days_in_month(year, month)))


def months_between(a: date, b: date) -> int:
    """Calendar months from ``a``'s month to ``b``'s (days ignored): 1 from
    any day of September to any day of October, -12 a year back."""
    return (b.year - a.year) * 12 + b.month - a.month


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ``weekday`` (1 = Monday) of a month; ``n`` < 0 counts from its end
    (-1: the last).  Raises ValueError when the month has no such day (a fifth Monday)."""
    if n > 0:
        first = date(year, month, 1)
        d = first + timedelta(days=(weekday - 1 - first.weekday()) % 7 + 7 * (n - 1))
        if d.month != month:
            raise ValueError(f"no {n}th weekday {weekday} in {year}-{month:02d}")
        return d
    last = date(year, month, days_in_month(year, month))
    return last - timedelta(days=(last.weekday() - (weekday - 1)) % 7 + 7 * (-n - 1))


def iso_week_monday(year: int, week: int) -> datetime:
    return datetime.combine(date.fromisocalendar(year, week, 1), datetime.min.time())


def week_value(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def shift(d: date, grain: str, n: int) -> date:
    """``d`` moved by ``n`` units of ``grain`` (month ends clamp)."""
    if grain == "day":
        return d + timedelta(days=n)
    if grain == "week":
        return d + timedelta(weeks=n)
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12, "decade": 120, "century": 1200}.get(grain)
    if months is None:
        raise ValueError(grain)
    moved = add_months(d, n * months)
    return date(moved.year, moved.month, moved.day)


def value_of(d: date, grain: str) -> str:
    """The TIMEX3 value of the ``grain`` unit that contains ``d``."""
    if grain == "day":
        return d.isoformat()
    if grain == "week":
        return week_value(d)
    if grain == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if grain == "quarter":
        return f"{d.year:04d}-Q{quarter_of(d)}"
    if grain == "half":
        return f"{d.year:04d}-H{1 if d.month <= 6 else 2}"
    if grain == "year":
        return f"{d.year:04d}"
    if grain == "decade":
        return f"{d.year // 10:03d}"
    if grain == "century":
        return f"{d.year // 100:02d}"
    raise ValueError(grain)


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?|T(MO|MI|AF|EV|NI|DT))?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(?:-(WE|\d))?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-([QH])(\d)$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_YEAR = re.compile(r"^(?:FY)?(\d{4})$")
_DECADE = re.compile(r"^(\d{3})$")
_CENTURY = re.compile(r"^(\d{2})$")


def interval(value: str) -> tuple[str, datetime, datetime] | None:
    """``(grain, begin, end)`` for a fully specified TIMEX3 date/time value,
    None for durations, sets, references and underspecified values."""
    try:
        m = _DAY.match(value)
        if m:
            y, mo, d, hh, mi, ss, part = m.groups()
            day = datetime(int(y), int(mo), int(d))
            if hh is not None:
                t = day + timedelta(hours=int(hh), minutes=int(mi))  # T24:00 is the next midnight
                if ss is not None:  # a time written to the second is that second
                    t += timedelta(seconds=int(ss))
                    return "time", t, t + timedelta(seconds=1)
                return "time", t, t + timedelta(minutes=1)
            if part:
                a, b = PARTS_OF_DAY[part]
                return "time", day + timedelta(hours=a), day + timedelta(hours=b)
            return "day", day, day + timedelta(days=1)
        m = _WEEK.match(value)
        if m:
            y, w, sub = m.groups()
            mon = iso_week_monday(int(y), int(w))
            if sub == "WE":
                return "day", mon + timedelta(days=5), mon + timedelta(days=7)
            if sub:
                d = mon + timedelta(days=int(sub) - 1)
                return "day", d, d + timedelta(days=1)
            return "week", mon, mon + timedelta(days=7)
        m = _MONTH.match(value)
        if m:
            y, mo = int(m.group(1)), int(m.group(2))
            return "month", month_start(y, mo), month_start(y, mo + 1)
        m = _QUARTER.match(value)
        if m:
            y, kind, n = int(m.group(1)), m.group(2), int(m.group(3))
            size = 3 if kind == "Q" else 6
            first = (n - 1) * size + 1
            return ("quarter" if kind == "Q" else "half"), month_start(y, first), month_start(y, first + size)
        m = _SEASON.match(value)
        if m:
            y, s = int(m.group(1)), m.group(2)
            a, b = SEASONS[s]
            return "season", month_start(y, a), month_start(y, b)
        m = _YEAR.match(value)
        if m:
            y = int(m.group(1))
            return "year", datetime(y, 1, 1), datetime(y + 1, 1, 1)
        m = _DECADE.match(value)
        if m:
            y = int(m.group(1)) * 10
            return "decade", datetime(max(y, 1), 1, 1), datetime(y + 10, 1, 1)
        m = _CENTURY.match(value)
        if m:
            y = int(m.group(1)) * 100
            return "century", datetime(max(y, 1), 1, 1), datetime(y + 100, 1, 1)
    except (ValueError, OverflowError):  # impossible dates (2021-02-30, week 54), or past year 9999
        return None
    return None


#: The share of an interval that a position names: "early 2024", "mid-March", "the end of the month".
_PART_THIRDS = {"START": 0, "MID": 1, "END": 2}


def part_of(start: _D, end: _D, mod: Optional[str]) -> tuple[_D, _D]:
    """The part of ``[start, end)`` that ``mod`` names: its first, middle or last third
    ("early 2024" is January to April, "late March" 21 to 31 March). Whole months
    when the interval spans three or more, whole days otherwise (an interval shorter
    than three days is kept whole); any other ``mod`` keeps the interval."""
    third = _PART_THIRDS.get(mod or "")
    if third is None:
        return start, end
    months = months_between(start, end)
    if months >= 3 and start.day == 1 and end.day == 1:
        n = months // 3
        lo = add_months(start, n * third)
        hi = end if third == 2 else add_months(start, n * (third + 1))
        return lo, hi
    days = (end - start).days
    if days < 3:
        return start, end
    n = days // 3
    lo = start + timedelta(days=n * third)
    hi = end if third == 2 else start + timedelta(days=n * (third + 1))
    return lo, hi
