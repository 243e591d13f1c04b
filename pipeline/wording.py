"""Dates and intervals in words: the one place the project words them.

Pure functions of plain values (no Streamlit, no Plotly, no clock), so the
pipeline (explanations, story exports) and the app (chart, details panel,
story cards) say dates alike::

    day_words(d)        "Thu 30 Sep 2021"
    date_words(d)       "30 Sep 2021"
    month_words(d)      "September 2021"
    clock_words(d)      "Thu 30 Sep 2021, 15:00"
    point_words(d)      day_words at midnight, else clock_words
    last_day(end)       the last day of ``[.., end)``
    period_words(d, g)  a story entry's date: "Tue 20 Apr 2010", "week of 19 Apr 2010", "April 2010"
    interval_words(start, end, grain, *, open_start, open_end, approximate, value, style)

An interval is half-open, ``[start, end)``, and its words show the last day
inclusively: ``[20 Sep 2021, 27 Sep 2021)`` is the week of Mon 20 to Sun 26 Sep.

Two styles, one set of rules.  :data:`SHORT` is for the chart and the
details panel: "Thu 30 Sep 2021, 09:00–12:00", "Jun–Aug 2021", "1998–2001",
"week of Mon 20 Sep 2021 (20–26 Sep)", "Q3 2021 (Jul–Sep)",
"from Tue 1 Sep 2020 onward", "about 2021", "undated".  :data:`PROSE` is for
sentences (the events' explanations): "Thu 30 Sep 2021 09:00 to 12:00",
"June to August 2021", "Mon 20 to Sun 26 Sep 2021", "Q3 2021 (Jul to Sep 2021)",
"up to Thu 30 Sep 2021", "an unknown time".  A :class:`Style` is data only:
its joiners, month names and the few forms the two read differently.

Month and weekday names are English whatever the locale, and years are
written as numbers (year 1 is "1", not "0001", on every platform).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Optional, Union

from .temporal.calendar import months_between

__all__ = ["Style", "SHORT", "PROSE", "PARTS_OF_DAY", "SEASONS", "as_datetime", "is_midnight",
           "day_words", "date_words", "short_month", "month_words", "clock_words", "point_words", "last_day",
           "period_words", "interval_words"]

DateLike = Union[date, datetime]

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
#: Parts of the day and seasons named by a TIMEX3 value ("2021-09-30TMO", "2021-SU").
PARTS_OF_DAY = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}
SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}

_DAY = timedelta(days=1)
_MINUTE = timedelta(minutes=1)
_TICK = timedelta(microseconds=1)
_PART = re.compile(r"T(MO|AF|EV|NI|DT)$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
#: The grain a span of whole years must have to be read as years in PROSE.
_YEARS_GRAIN = {1: "year", 10: "decade", 100: "century"}


@dataclass(frozen=True)
class Style:
    """How an interval reads; the rules that pick the form are shared.

    ``quarter`` and ``season`` are :meth:`str.format` templates with the
    fields ``q`` (quarter number), ``name`` (season), ``y`` (the named year),
    ``m1``/``m2`` (first and last month, short names) and ``y1``/``y2``
    (their years).
    """

    name: str
    unknown: str         #: neither bound known
    until: str           #: no start: "{}" is the last day (or moment)
    onward: str          #: no end: "{}" is the start
    clock: str           #: between a day and its time of day
    to: str              #: between two dates
    dash: str            #: between two times, two months or two years
    long_months: bool    #: month names in a range of months: "June" (True) or "Jun"
    quarter: str         #: a calendar quarter
    season: str          #: a season named by the TIMEX3 value
    week_of: bool        #: a calendar week as "week of Mon 20 Sep 2021 (20–26 Sep)"
    compact_days: bool   #: days as "Mon 20 to Sun 26 Sep 2021" (True) or "20 Sep 2021 – 26 Sep 2021"
    years_by_grain: bool  #: whole years read as years only for one year, decade or century of that grain


SHORT = Style(
    name="short", unknown="undated", until="until {}", onward="from {} onward",
    clock=", ", to=" – ", dash="–", long_months=False,
    quarter="Q{q} {y} ({m1}–{m2})", season="{name} {y} ({m1}–{m2})",
    week_of=True, compact_days=False, years_by_grain=False)

PROSE = Style(
    name="prose", unknown="an unknown time", until="up to {}", onward="{}",
    clock=" ", to=" to ", dash=" to ", long_months=True,
    quarter="Q{q} {y} ({m1} to {m2} {y2})", season="{name} {y} ({m1} {y1} to {m2} {y2})",
    week_of=False, compact_days=True, years_by_grain=True)

#: Said of an open range whose known part is shown (SHORT and PROSE alike).
_MAYBE = {(True, False): "{}, and maybe before", (False, True): "{}, and maybe beyond",
          (True, True): "{}, and maybe longer"}
_ABOUT = "about {}"


# ---------------------------------------------------------------- points

def as_datetime(d: Optional[DateLike]) -> Optional[datetime]:
    """A date as midnight of that day; datetimes and None unchanged."""
    if d is None or isinstance(d, datetime):
        return d
    return datetime(d.year, d.month, d.day)


def is_midnight(d: DateLike) -> bool:
    """True for a date, or a datetime at 00:00:00.000000."""
    return not isinstance(d, datetime) or d.hour == d.minute == d.second == d.microsecond == 0


def short_month(d: DateLike) -> str:
    """"Sep"."""
    return MONTHS[d.month - 1][:3]


_mon = short_month


def day_words(d: DateLike) -> str:
    """"Thu 30 Sep 2021"."""
    return f"{WEEKDAYS[d.weekday()]} {d.day} {_mon(d)} {d.year}"


def date_words(d: DateLike) -> str:
    """"30 Sep 2021" (no weekday)."""
    return f"{d.day} {_mon(d)} {d.year}"


def month_words(d: DateLike) -> str:
    """"September 2021"."""
    return f"{MONTHS[d.month - 1]} {d.year}"


def _hhmm(d: datetime) -> str:
    return f"{d.hour:02d}:{d.minute:02d}"


def clock_words(d: datetime, style: Style = SHORT) -> str:
    """The day and time: "Thu 30 Sep 2021, 15:00" (PROSE: "Thu 30 Sep 2021 15:00")."""
    return f"{day_words(d)}{style.clock}{_hhmm(d)}"


def point_words(d: DateLike, style: Style = SHORT) -> str:
    """:func:`day_words` for a date or midnight, else :func:`clock_words`."""
    return day_words(d) if is_midnight(d) else clock_words(d, style)


def last_day(end: DateLike) -> DateLike:
    """The last day of ``[.., end)``: the day before a midnight ``end``, else ``end``'s
    own day (returned as given; the first day of year 1 stays itself)."""
    if is_midnight(end) and end > type(end).min:
        return end - _DAY
    return end


def period_words(day: date, grain: str = "day") -> str:
    """A period that starts on ``day``: "Tue 20 Apr 2010", "week of 20 Apr 2010" (a
    week starting that day), "April 2010" (a month, ``day`` its first), "Q2 2010",
    "2010"."""
    if grain == "year":
        return str(day.year)
    if grain == "quarter":
        return f"Q{(day.month - 1) // 3 + 1} {day.year}"
    if grain == "month":
        return month_words(day)
    if grain == "week":
        return f"week of {date_words(day)}"
    return day_words(day)


def days_words(first: DateLike, last: DateLike, *, months_across_years: bool = False) -> str:
    """The days ``first`` to ``last``, both included, shortly: "4 Apr 2014",
    "4–10 Apr 2014", "28 Mar – 3 Apr 2014", "1 Jan 2010 – 29 Dec 2019";
    ``months_across_years``: "Jan 2010 – Dec 2019"."""
    a, b = first, last
    if months_across_years and a.year != b.year:
        return f"{_mon(a)} {a.year} – {_mon(b)} {b.year}"
    if a == b:
        return date_words(a)
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{date_words(b)}"
    if a.year == b.year:
        return f"{a.day} {_mon(a)} – {date_words(b)}"
    return f"{date_words(a)} – {date_words(b)}"


# ---------------------------------------------------------------- intervals

def interval_words(start: Optional[DateLike], end: Optional[DateLike], grain: Optional[str] = None, *,
                   open_start: bool = False, open_end: bool = False, approximate: bool = False,
                   value: str = "", style: Style = SHORT) -> str:
    """The interval ``[start, end)`` in words.

    ``grain`` ("time", "day", "week", "month", "quarter", "season", "year",
    "decade", "century", or None) picks the grain's own forms; ``value`` (a
    TIMEX3 value such as "2021-SU" or "2021-09-30TMO") names a season or a
    part of the day.  A missing bound, or ``open_start``/``open_end``, makes an
    open range ("from … onward", "until …", "…, and maybe beyond");
    ``approximate`` puts "about" in front.  Dates count as midnight.
    """
    a, b = as_datetime(start), as_datetime(end)
    if a is None and b is None:
        return style.unknown
    if a is None:
        text = style.until.format(day_words(last_day(b)) if is_midnight(b) else clock_words(b, style))
    elif b is None:
        text = style.onward.format(point_words(a, style))
    elif open_start or open_end:
        text = _MAYBE[open_start, open_end].format(_span(a, b, None, style))
    else:
        text = _closed(a, b, grain, value or "", style)
    return _ABOUT.format(text) if approximate else text


def _closed(a: datetime, b: datetime, grain: Optional[str], value: str, st: Style) -> str:
    if grain == "time":
        part = _PART.search(value)
        if part:
            return f"{day_words(a)}, {PARTS_OF_DAY[part.group(1)]}"
        if b - a <= _MINUTE:
            return clock_words(a, st)
    elif is_midnight(a) and is_midnight(b) and b - a > _DAY:
        last = b - _DAY
        if grain == "week" and st.week_of and b - a == 7 * _DAY:
            days = (f"{a.day}{st.dash}{last.day} {_mon(last)}" if a.month == last.month
                    else f"{a.day} {_mon(a)}{st.dash}{last.day} {_mon(last)}")
            return f"week of {day_words(a)} ({days})"
        if grain == "quarter" and a.day == b.day == 1 and a.month % 3 == 1 and months_between(a, b) == 3:
            return st.quarter.format(q=(a.month - 1) // 3 + 1, y=a.year, m1=_mon(a), m2=_mon(last),
                                     y1=a.year, y2=last.year)
        season = _SEASON.match(value) if grain == "season" else None
        if season:
            return st.season.format(name=SEASONS[season.group(2)], y=int(season.group(1)),
                                    m1=_mon(a), m2=_mon(last), y1=a.year, y2=last.year)
    return _span(a, b, grain, st)


def _span(a: datetime, b: datetime, grain: Optional[str], st: Style) -> str:
    """``[a, b)`` by its bounds alone: a day, months, years, days, or times."""
    first = clock_words(a, st) if grain == "time" else point_words(a, st)
    if is_midnight(b) and not is_midnight(a) and b - a > _DAY:
        return f"{first}{st.to}{day_words(b - _DAY)}"
    if is_midnight(a) and is_midnight(b):
        if b - a <= _DAY:
            return day_words(a)
        last = b - _DAY
        if a.day == 1 and b.day == 1:
            return _months(a, b, last, grain, st)
        return _days(a, last, st)
    if b - a <= _DAY and a.date() == (b - _TICK).date():
        return f"{clock_words(a, st)}{st.dash}{_hhmm(b)}"
    return f"{first}{st.to}{point_words(b, st)}"


def _months(a: datetime, b: datetime, last: datetime, grain: Optional[str], st: Style) -> str:
    """Whole months ``[a, b)``, ``last`` the last day."""
    if (a.year, a.month) == (last.year, last.month):
        return month_words(a)
    years = b.year - a.year
    if a.month == b.month == 1 and (not st.years_by_grain or _YEARS_GRAIN.get(years, "") == grain):
        if years == 1:
            return str(a.year)
        if years == 10 and a.year % 10 == 0:
            return f"the {a.year}s"
        return f"{a.year}{st.dash}{last.year}"
    m1, m2 = (MONTHS[a.month - 1], MONTHS[last.month - 1]) if st.long_months else (_mon(a), _mon(last))
    if a.year == last.year:
        return f"{m1}{st.dash}{m2} {last.year}"
    return f"{m1} {a.year}{st.to}{m2} {last.year}"


def _days(a: datetime, last: datetime, st: Style) -> str:
    """Whole days from ``a`` to ``last`` (inclusive, not whole months)."""
    if not st.compact_days:
        return f"{date_words(a)}{st.to}{date_words(last)}"
    if (a.year, a.month) == (last.year, last.month):
        return f"{WEEKDAYS[a.weekday()]} {a.day}{st.to}{day_words(last)}"
    if a.year == last.year:
        return f"{WEEKDAYS[a.weekday()]} {a.day} {_mon(a)}{st.to}{day_words(last)}"
    return f"{day_words(a)}{st.to}{day_words(last)}"
