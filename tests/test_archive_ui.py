"""The app over an event store, its pure parts (ui.archive): periods, zooming, who may open a store."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from ui import archive as A

BOUNDS = (date(2010, 1, 1), date(2019, 12, 31))


@pytest.mark.parametrize("days,period", [(1, "day"), (120, "day"), (121, "week"), (3 * 366, "week"),
                                         (3 * 366 + 1, "month"), (30 * 366, "month"), (30 * 366 + 1, "year")])
def test_a_window_is_counted_in_periods_that_stay_readable(days, period):
    start = date(2000, 1, 1)
    assert A.period_for(start, start + timedelta(days=days - 1)) == period


@pytest.mark.parametrize("period,start,last", [
    ("day", datetime(2014, 4, 9), date(2014, 4, 9)),
    ("week", datetime(2014, 4, 7), date(2014, 4, 13)),     # DuckDB's weeks start on Monday
    ("month", datetime(2014, 2, 1), date(2014, 2, 28)),
    ("quarter", datetime(2014, 10, 1), date(2014, 12, 31)),
    ("year", datetime(2014, 1, 1), date(2014, 12, 31)),
])
def test_a_click_on_a_bar_zooms_to_its_period(period, start, last):
    rows = [(start, "day", 5), (start, "month", 2)]
    fig = A.aggregate_figure(rows, period, window=BOUNDS)
    x = fig.data[0].x[0]  # drawn at the period's middle, as plotly returns it on a click
    assert A.bar_start(x, period) == start
    assert A.zoom_to({"points": [{"x": str(x)}]}, period, BOUNDS) == (start.date(), last)
    # a box over two bars: from the first period's start to the second's end
    x2 = A.aggregate_figure([(A.period_end(start, period), "day", 1)], period, window=BOUNDS).data[0].x[0]
    got = A.zoom_to({"points": [{"x": str(x)}, {"x": str(x2)}]}, period, BOUNDS)
    assert got[0] == start.date() and got[1] > last


def test_a_click_is_read_from_the_bars_own_period_first():
    """Streamlit returns a clicked bar's customdata (its period's start) and its x (as the
    browser reads it, a day): the period comes from the customdata."""
    got = {"points": [{"curve_number": 0, "point_index": 5, "x": "2014-06-16",
                       "customdata": ["2014-06-01T00:00:00", "June 2014"]}]}
    assert A.zoom_to(got, "month", BOUNDS) == (date(2014, 6, 1), date(2014, 6, 30))
    assert A.zoom_to({"points": [{"x": "2014-06-16"}]}, "month", BOUNDS) == (date(2014, 6, 1), date(2014, 6, 30))


def test_zooming_stays_within_the_store_and_ignores_nothing_clicked():
    assert A.zoom_to(None, "day", BOUNDS) is None
    assert A.zoom_to({"points": []}, "week", BOUNDS) is None
    assert A.zoom_to({"points": [{"x": "not a date"}]}, "week", BOUNDS) is None
    assert A.zoom_to({"points": [{"x": "2009-12-31 12:00"}]}, "week", BOUNDS) == (date(2010, 1, 1), date(2010, 1, 3))
    assert A.widen((date(2014, 4, 7), date(2014, 4, 13)), BOUNDS) == (date(2014, 3, 27), date(2014, 4, 24))
    assert A.widen((date(2010, 1, 1), date(2019, 12, 31)), BOUNDS) == BOUNDS


def test_the_counts_chart_stacks_the_first_keys_and_names_the_rest_other():
    t = datetime(2014, 1, 1)
    rows = [(t, f"outlet {i}", 100 - i) for i in range(12)] + [(t + timedelta(days=31), "outlet 0", 7)]
    fig = A.aggregate_figure(rows, "month", by="source", window=BOUNDS)
    names = [tr.name for tr in fig.data]
    assert names[:9] == [f"outlet {i}" for i in range(9)] and names[9] == "other"
    assert sum(sum(tr.y) for tr in fig.data) == sum(n for _t, _k, n in rows)
    assert fig.data[9].y == (sum(100 - i for i in range(9, 12)),)
    # an outlet's name is text, never markup
    evil = A.aggregate_figure([(t, "<img src=x onerror=alert(1)>", 3)], "month", window=BOUNDS)
    assert "<img" not in evil.data[0].name


@pytest.mark.parametrize("headers,ip,env,allowed", [
    ({"Host": "localhost:8501"}, None, {}, True),
    ({"Host": "127.0.0.1:8501"}, "127.0.0.1", {}, True),
    ({"Host": "[::1]:8501"}, "::1", {}, True),
    ({"Host": "chronicle.streamlit.app"}, "34.1.2.3", {}, False),    # the hosted app
    ({"Host": "localhost:8501"}, "34.1.2.3", {}, False),             # a forwarded visitor
    ({"Host": "10.0.0.5:8501"}, "10.0.0.9", {}, False),              # a colleague on the network
    ({"Host": "chronicle.streamlit.app"}, "34.1.2.3", {"CHRONICLE_STORE_FIELD": "1"}, True),
    ({"Host": "localhost:8501"}, None, {"CHRONICLE_STORE_FIELD": "0"}, False),
])
def test_only_a_reader_on_this_machine_may_open_a_store_by_its_path(headers, ip, env, allowed):
    assert A.store_field_allowed(headers, ip, env) is allowed


def test_an_app_checked_out_where_community_cloud_puts_apps_never_offers_the_field():
    local = {"Host": "localhost:8501"}
    assert A.store_field_allowed(local, None, {}, here="/home/me/chronicle/ui/archive.py")
    assert not A.store_field_allowed(local, None, {}, here="/mount/src/chronicle/ui/archive.py")


def test_the_store_given_at_start():
    assert A.store_from_argv(["--store", "archive/"]) == "archive/"
    assert A.store_from_argv(["--store=/data/a"]) == "/data/a"
    assert A.store_from_argv([]) is None and A.store_from_argv(["--store"]) is None


def test_periods_in_words():
    assert A.period_words(datetime(2014, 4, 7), "week").startswith("week of ")
    assert A.period_words(datetime(2014, 4, 1), "month") == "April 2014"
    assert A.period_words(datetime(2014, 10, 1), "quarter") == "Q4 2014"
    assert A.window_words((date(2014, 4, 1), date(2014, 4, 1))) == "1 Apr 2014"
    assert A.window_words((date(2014, 4, 4), date(2014, 4, 10))) == "4–10 Apr 2014"
    assert A.window_words((date(2014, 3, 28), date(2014, 4, 3))) == "28 Mar – 3 Apr 2014"
    assert A.window_words((date(2010, 1, 1), date(2019, 12, 29))) == "1 Jan 2010 – 29 Dec 2019"
    assert A.window_words((date(2010, 1, 1), date(2019, 12, 29)), short=True) == "Jan 2010 – Dec 2019"
    assert A.window_words((date(2014, 3, 28), date(2014, 4, 3)), short=True) == "28 Mar – 3 Apr 2014"
