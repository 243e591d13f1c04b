"""Dates and intervals in words (pipeline.wording), and the calendar's month arithmetic."""
from datetime import date, datetime as D, timedelta

import pytest

from pipeline.events import describe_interval
from pipeline.temporal.calendar import add_months, days_in_month, month_start, months_between, shift
from pipeline.wording import (PROSE, SHORT, clock_words, date_words, day_words, interval_words,
                              last_day, month_words, period_words, point_words)


def short(start, end, grain=None, **kw):
    return interval_words(start, end, grain, style=SHORT, **kw)


def prose(start, end, grain=None, **kw):
    return interval_words(start, end, grain, style=PROSE, **kw)


# ------------------------------------------------------------------ points

def test_points():
    assert day_words(D(2021, 9, 30)) == day_words(date(2021, 9, 30)) == "Thu 30 Sep 2021"
    assert date_words(date(2021, 9, 1)) == "1 Sep 2021"
    assert month_words(date(2021, 9, 13)) == "September 2021"
    assert clock_words(D(2021, 9, 30, 15, 5)) == "Thu 30 Sep 2021, 15:05"
    assert clock_words(D(2021, 9, 30, 15, 5), PROSE) == "Thu 30 Sep 2021 15:05"
    assert point_words(D(2021, 9, 30)) == point_words(date(2021, 9, 30)) == "Thu 30 Sep 2021"
    assert point_words(D(2021, 9, 30, 0, 0, 1)) == "Thu 30 Sep 2021, 00:00"
    assert last_day(D(2021, 10, 1)) == D(2021, 9, 30) and last_day(D(2021, 10, 1, 9)) == D(2021, 10, 1, 9)


def test_period_words_of_story_entries():
    assert period_words(date(2010, 4, 20)) == "Tue 20 Apr 2010"
    assert period_words(date(2010, 4, 19), "week") == "week of 19 Apr 2010"
    assert period_words(date(2010, 4, 1), "month") == "April 2010"
    assert period_words(date(9999, 12, 27), "week") == "week of 27 Dec 9999"
    assert period_words(date(9999, 12, 1), "month") == "December 9999"


def test_names_do_not_follow_the_locale_or_pad_years():
    assert day_words(date(1, 1, 1)) == "Mon 1 Jan 1"
    assert month_words(date(999, 12, 1)) == "December 999"


# ------------------------------------------------------------------ each grain, both styles

@pytest.mark.parametrize("start,end,grain,value,s,p", [
    (D(2021, 9, 30), D(2021, 10, 1), "day", "", "Thu 30 Sep 2021", "Thu 30 Sep 2021"),
    (D(2021, 9, 20), D(2021, 9, 27), "week", "",
     "week of Mon 20 Sep 2021 (20–26 Sep)", "Mon 20 to Sun 26 Sep 2021"),
    (D(2021, 9, 27), D(2021, 10, 4), "week", "",
     "week of Mon 27 Sep 2021 (27 Sep–3 Oct)", "Mon 27 Sep to Sun 3 Oct 2021"),
    (D(2021, 12, 27), D(2022, 1, 3), "week", "",
     "week of Mon 27 Dec 2021 (27 Dec–2 Jan)", "Mon 27 Dec 2021 to Sun 2 Jan 2022"),
    (D(2021, 9, 1), D(2021, 10, 1), "month", "", "September 2021", "September 2021"),
    (D(2021, 7, 1), D(2021, 10, 1), "quarter", "", "Q3 2021 (Jul–Sep)", "Q3 2021 (Jul to Sep 2021)"),
    (D(2021, 1, 1), D(2021, 7, 1), "half", "", "Jan–Jun 2021", "January to June 2021"),
    (D(2021, 6, 1), D(2021, 9, 1), "season", "", "Jun–Aug 2021", "June to August 2021"),
    (D(2021, 6, 1), D(2021, 9, 1), "season", "2021-SU", "summer 2021 (Jun–Aug)",
     "summer 2021 (Jun 2021 to Aug 2021)"),
    (D(2021, 12, 1), D(2022, 3, 1), "season", "2021-WI", "winter 2021 (Dec–Feb)",
     "winter 2021 (Dec 2021 to Feb 2022)"),
    (D(2021, 1, 1), D(2022, 1, 1), "year", "", "2021", "2021"),
    (D(1990, 1, 1), D(2000, 1, 1), "decade", "", "the 1990s", "the 1990s"),
    (D(1900, 1, 1), D(2000, 1, 1), "century", "", "1900–1999", "1900 to 1999"),
])
def test_each_grain(start, end, grain, value, s, p):
    assert short(start, end, grain, value=value) == s
    assert prose(start, end, grain, value=value) == p


def test_times():
    t = D(2021, 9, 30, 15)
    assert short(t, t + timedelta(minutes=1), "time") == "Thu 30 Sep 2021, 15:00"
    assert prose(t, t + timedelta(minutes=1), "time") == "Thu 30 Sep 2021 15:00"
    assert short(D(2021, 9, 30, 9), D(2021, 9, 30, 12), "time") == "Thu 30 Sep 2021, 09:00–12:00"
    assert prose(D(2021, 9, 30, 9), D(2021, 9, 30, 12), "time") == "Thu 30 Sep 2021 09:00 to 12:00"
    # midnight is a time of day when the grain is time
    assert short(D(2021, 9, 30), D(2021, 9, 30, 0, 1), "time") == "Thu 30 Sep 2021, 00:00"
    assert prose(D(2021, 9, 30), D(2021, 9, 30, 0, 1), "time") == "Thu 30 Sep 2021 00:00"
    # a part of the day is named only from the value
    assert prose(D(2021, 9, 30, 6), D(2021, 9, 30, 12), "time", value="2021-09-30TMO") == \
        "Thu 30 Sep 2021, morning"
    assert short(D(2021, 9, 30, 6), D(2021, 9, 30, 12), "time") == "Thu 30 Sep 2021, 06:00–12:00"
    assert short(D(2021, 9, 30, 18), D(2021, 10, 1), "time") == "Thu 30 Sep 2021, 18:00–00:00"
    assert short(D(2021, 9, 30, 20), D(2021, 10, 1, 6), "time") == \
        "Thu 30 Sep 2021, 20:00 – Fri 1 Oct 2021, 06:00"
    # from a time to the end of a later day; from a day to a time
    assert short(D(2021, 9, 30, 6), D(2021, 10, 2)) == "Thu 30 Sep 2021, 06:00 – Fri 1 Oct 2021"
    assert prose(D(2021, 9, 30, 6), D(2021, 10, 2)) == "Thu 30 Sep 2021 06:00 to Fri 1 Oct 2021"
    assert prose(D(2021, 9, 30), D(2021, 10, 1, 15, 1)) == "Thu 30 Sep 2021 to Fri 1 Oct 2021 15:01"


def test_whole_months_years_and_decades_by_their_bounds():
    assert short(D(2021, 6, 1), D(2021, 9, 1)) == "Jun–Aug 2021"
    assert prose(D(2021, 6, 1), D(2021, 9, 1)) == "June to August 2021"
    assert short(D(2021, 11, 1), D(2022, 3, 1)) == "Nov 2021 – Feb 2022"
    assert prose(D(2021, 11, 1), D(2022, 3, 1)) == "November 2021 to February 2022"
    assert short(D(1998, 1, 1), D(2002, 1, 1), "year") == "1998–2001"
    assert short(D(2021, 1, 1), D(2022, 1, 1)) == "2021"
    assert short(D(1990, 1, 1), D(2000, 1, 1)) == "the 1990s"
    assert short(D(1991, 1, 1), D(2001, 1, 1)) == "1991–2000"
    # PROSE reads whole years as years only for one unit of their grain
    assert prose(D(1998, 1, 1), D(2002, 1, 1), "year") == "January 1998 to December 2001"
    assert prose(D(2021, 1, 1), D(2022, 1, 1), "month") == "January to December 2021"
    assert prose(D(2021, 1, 1), D(2023, 1, 1)) == "January 2021 to December 2022"


def test_days():
    assert short(D(2021, 9, 28), D(2021, 9, 30)) == "28 Sep 2021 – 29 Sep 2021"
    assert prose(D(2021, 9, 28), D(2021, 9, 30)) == "Tue 28 to Wed 29 Sep 2021"
    assert prose(D(2021, 9, 28), D(2021, 10, 2)) == "Tue 28 Sep to Fri 1 Oct 2021"
    assert prose(D(2021, 12, 30), D(2022, 1, 2)) == "Thu 30 Dec 2021 to Sat 1 Jan 2022"


def test_quarters_only_whole():
    # a range of quarters is not its first quarter
    assert short(D(2021, 1, 1), D(2021, 10, 1), "quarter") == "Jan–Sep 2021"
    assert prose(D(2021, 1, 1), D(2021, 10, 1), "quarter") == "January to September 2021"
    assert short(D(2021, 10, 1), D(2022, 1, 1), "quarter") == "Q4 2021 (Oct–Dec)"


def test_a_range_of_seasons_is_not_named_a_season():
    assert prose(D(2021, 3, 1), D(2021, 9, 1), "season") == "March to August 2021"


# ------------------------------------------------------------------ open, approximate, unknown

def test_open_ranges():
    assert short(D(2020, 1, 1), None) == "from Wed 1 Jan 2020 onward"
    assert prose(D(2020, 1, 1), None) == "Wed 1 Jan 2020"
    assert short(None, D(2021, 10, 1)) == "until Thu 30 Sep 2021"
    assert prose(None, D(2021, 10, 1)) == "up to Thu 30 Sep 2021"
    assert short(None, D(2021, 10, 1, 15)) == "until Fri 1 Oct 2021, 15:00"
    assert prose(None, D(2021, 10, 1, 15)) == "up to Fri 1 Oct 2021 15:00"
    a, b = D(2020, 9, 1), D(2021, 10, 1)
    assert short(a, b, open_start=True) == "Sep 2020 – Sep 2021, and maybe before"
    assert short(a, b, open_end=True) == "Sep 2020 – Sep 2021, and maybe beyond"
    assert short(a, b, open_start=True, open_end=True) == "Sep 2020 – Sep 2021, and maybe longer"


def test_approximate_and_unknown():
    assert short(D(2021, 1, 1), D(2022, 1, 1), "year", approximate=True) == "about 2021"
    assert short(D(2021, 6, 1), D(2021, 9, 1), "season", approximate=True) == "about Jun–Aug 2021"
    assert short(None, None) == "undated" and short(None, None, approximate=True) == "undated"
    assert prose(None, None) == "an unknown time"


# ------------------------------------------------------------------ the calendar's edges

def test_year_1_and_9999():
    assert short(D(1, 1, 1), D(1, 1, 2), "day") == "Mon 1 Jan 1"
    assert short(D(1, 1, 1), D(2, 1, 1), "year") == "1"
    assert short(D(1, 1, 1), D(10, 1, 1), "decade") == "1–9"  # the decade "000" starts in year 1
    assert prose(D(1, 1, 1), D(10, 1, 1), "decade") == "January 1 to December 9"
    assert prose(D(1, 3, 1), D(1, 6, 1), "season", value="0001-SP") == "spring 1 (Mar 1 to May 1)"
    assert short(None, D(1, 1, 1)) == "until Mon 1 Jan 1"  # nothing before it to name
    assert short(D(9999, 12, 1), D(9999, 12, 31), "day") == "1 Dec 9999 – 30 Dec 9999"
    assert short(D(9999, 12, 20), D(9999, 12, 27), "week") == "week of Mon 20 Dec 9999 (20–26 Dec)"
    assert short(D(9999, 10, 1), D(9999, 12, 31, 23, 59)) == "Fri 1 Oct 9999 – Fri 31 Dec 9999, 23:59"
    assert short(D(9999, 12, 31), None) == "from Fri 31 Dec 9999 onward"
    assert short(D(9999, 12, 31, 23, 59), D.max, "time") == "Fri 31 Dec 9999, 23:59"


def test_describe_interval_is_the_prose_style():
    for args in [(D(2021, 9, 20), D(2021, 9, 27), "week"), (D(2021, 7, 1), D(2021, 10, 1), "quarter"),
                 (D(2021, 9, 30, 6), D(2021, 9, 30, 12), "time", "2021-09-30TMO"), (None, None)]:
        assert describe_interval(*args) == prose(*args[:3], value=args[3] if len(args) > 3 else "")


# ------------------------------------------------------------------ month arithmetic

def test_add_months():
    assert add_months(date(2021, 1, 31), 1) == date(2021, 2, 28)
    assert add_months(date(2020, 1, 31), 1) == date(2020, 2, 29)
    assert add_months(date(2021, 3, 31), -1) == date(2021, 2, 28)
    assert add_months(date(2021, 11, 15), 14) == date(2023, 1, 15)
    assert add_months(D(2021, 8, 31, 9, 30), 1) == D(2021, 9, 30, 9, 30)  # a datetime keeps its time
    assert add_months(date(9999, 12, 31), 0) == date(9999, 12, 31)
    with pytest.raises(ValueError):
        add_months(date(9999, 12, 1), 1)
    with pytest.raises(ValueError):
        add_months(date(1, 1, 1), -1)


def test_month_start_months_between_days_in_month():
    assert month_start(2021, 14) == D(2022, 2, 1) and month_start(2021, 0) == D(2020, 12, 1)
    assert months_between(date(2021, 9, 30), date(2021, 10, 1)) == 1
    assert months_between(D(2021, 9, 1), D(2020, 9, 30)) == -12
    assert [days_in_month(y, 2) for y in (1900, 2000, 2021, 2024)] == [28, 29, 28, 29]
    assert shift(D(2021, 1, 31, 12), "month", 1) == date(2021, 2, 28)  # shift gives a date
