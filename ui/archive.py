"""The app over an event store (``pipeline.store``): pure functions, no Streamlit.

A store holds far more events than a chart can draw. The app reads only the
window in view: above ``MARKS_MAX`` events it draws how many there are per
period (``aggregate_figure``), and a click on a period, or narrower dates,
brings the events themselves (``ui.chart.timeline_figure``).
"""
from __future__ import annotations

import html
import os
from datetime import date, datetime, timedelta
from typing import Mapping, Optional, Sequence

import plotly.graph_objects as go

from ui.chart import NEUTRAL, PALETTE

from pipeline.temporal import calendar as cal
from pipeline import wording

#: The most events the app draws as marks; above it, counts per period.
MARKS_MAX = 2000
#: The most stored events a story is told from (a window and words narrow it).
STORY_MAX = 20000
#: Period names, as ``Store.aggregate`` counts them, and in words.
PERIOD_WORDS = {"day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year"}
#: Precisions from the finest to the widest: each keeps its colour from one window to the next.
PRECISION_ORDER = ("time", "day", "week", "month", "quarter", "season", "year", "decade", "century",
                   "range", "open range", "unknown")


def period_for(start: date, end: date) -> str:
    """The period a window of these days is counted in: bars that stay readable
    (about 30 to 400 of them) on a chart a screen wide."""
    days = (end - start).days + 1
    if days <= 120:
        return "day"
    if days <= 3 * 366:
        return "week"
    if days <= 30 * 366:
        return "month"
    return "year"


def period_end(start: datetime, period: str) -> datetime:
    """The first moment after the ``period`` that begins at ``start`` (a period's first day)."""
    d = cal.shift(start.date(), period, 1)
    return datetime(d.year, d.month, d.day)


def zoom_to(picked: Optional[Mapping], period: str, bounds: tuple[date, date]) -> Optional[tuple[date, date]]:
    """The window (first and last day) of the periods a reader clicked (or boxed) on the
    counts chart, from Streamlit's selection (``{"points": [{"customdata": [start, ...],
    "x": ...}]}``), kept within the store's ``bounds``; None when nothing was picked."""
    points = (picked or {}).get("points") or []
    starts = []
    for p in points:
        if not isinstance(p, Mapping):
            continue
        cd = p.get("customdata")
        x = cd[0] if isinstance(cd, (list, tuple)) and cd else p.get("x")
        try:
            starts.append(bar_start(x, period) if x else None)
        except ValueError:
            continue
    starts = sorted(s for s in starts if s is not None)
    if not starts:
        return None
    first = starts[0].date()
    last = (period_end(starts[-1], period) - timedelta(days=1)).date()
    lo, hi = bounds
    first, last = max(first, lo), min(last, hi)
    return (first, last) if first <= last else None


def widen(window: tuple[date, date], bounds: tuple[date, date], factor: int = 4) -> tuple[date, date]:
    """The window ``factor`` times as wide, about the same middle, within ``bounds``."""
    start, end = window
    days = (end - start).days + 1
    middle = start + timedelta(days=days // 2)
    half = timedelta(days=days * factor // 2)
    lo, hi = bounds
    return max(lo, middle - half), min(hi, middle + half)


def aggregate_figure(rows: Sequence[tuple], period: str, *, by: str = "precision",
                     window: tuple[date, date]) -> go.Figure:
    """Stacked bars of ``rows`` (``(period start, key, events)``, from ``Store.aggregate``):
    one bar per period, one colour per key: a precision's own colour, finest first; or
    the first nine outlets by count, the rest as "other"."""
    totals: dict[str, int] = {}
    for _t, k, n in rows:
        totals[k] = totals.get(k, 0) + n
    if by == "precision":
        keys = sorted(totals, key=lambda k: (PRECISION_ORDER.index(k) if k in PRECISION_ORDER
                                             else len(PRECISION_ORDER), k))
    else:
        keys = sorted(totals, key=lambda k: (-totals[k], k))
    shown = keys[:9]
    fig = go.Figure()
    half = {"day": 0.5, "week": 3.5, "month": 15, "quarter": 45, "year": 182}[period]
    for i, k in enumerate(shown + (["other"] if len(keys) > 9 else [])):
        members = {k} if k != "other" else set(keys[9:])
        series: dict[datetime, int] = {}
        for t, key, n in rows:
            if key in members:
                series[t] = series.get(t, 0) + n
        xs = sorted(series)
        fig.add_bar(x=[x + timedelta(days=half) if period != "day" else x + timedelta(hours=12) for x in xs],
                    y=[series[x] for x in xs], name=html.escape(str(k))[:40],
                    marker_color=PALETTE[(PRECISION_ORDER.index(k) if by == "precision" and k in PRECISION_ORDER
                                          else i) % len(PALETTE)] if k != "other" else NEUTRAL, meta="counts",
                    customdata=[[x.isoformat(), period_words(x, period)] for x in xs],
                    hovertemplate="%{customdata[1]}: %{y:,} events<extra>%{fullData.name}</extra>")
    # a click returns the bar's x, its middle: bar_start reads the period back
    lo, hi = window
    fig.update_layout(barmode="stack", bargap=0.1, height=380, margin=dict(l=10, r=10, t=10, b=10),
                      legend=dict(orientation="h", y=-0.15, title_text=by),
                      width=None)
    fig.update_xaxes(range=[datetime.combine(lo, datetime.min.time()),
                            datetime.combine(hi, datetime.min.time()) + timedelta(days=1)], type="date")
    fig.update_yaxes(title_text=f"events per {PERIOD_WORDS[period]}", rangemode="tozero")
    return fig


def period_words(start: datetime, period: str) -> str:
    """A period in words (``pipeline.wording.period_words``): "Mon 7 Apr 2014",
    "week of 7 Apr 2014", "April 2014", "Q2 2014", "2014"."""
    return wording.period_words(start, period)


def bar_start(x: str | datetime, period: str) -> datetime:
    """The start of the period whose bar (drawn at its middle) has this ``x``."""
    t = x if isinstance(x, datetime) else datetime.fromisoformat(str(x)[:19].replace(" ", "T"))
    if period == "day":
        return datetime(t.year, t.month, t.day)
    if period == "week":  # weeks start on Monday, as DuckDB's; a bar's middle is Thursday noon
        d = datetime(t.year, t.month, t.day)
        return d - timedelta(days=d.weekday())
    if period == "month":
        return datetime(t.year, t.month, 1)
    if period == "quarter":
        return datetime(t.year, cal.quarter_of(t) * 3 - 2, 1)
    return datetime(t.year, 1, 1)


def window_words(window: tuple[date, date], short: bool = False) -> str:
    """"4–10 Apr 2014", "28 Mar – 3 Apr 2014", "1 Jan 2010 – 29 Dec 2019" (both days
    included); ``short`` gives months across years: "Jan 2010 – Dec 2019"."""
    return wording.days_words(*window, months_across_years=short)


#: Where Streamlit Community Cloud checks an app out: an app running from there is hosted.
HOSTED_ROOT = "/mount/src/"


def store_field_allowed(headers: Mapping[str, str], ip: Optional[str], env: Mapping[str, str] = os.environ,
                        here: str = __file__) -> bool:
    """Whether the sidebar may offer a field to open a store by its path: only to a
    reader on this machine (the browser at localhost), never on a hosted app, where
    the path would name the server's files (an app checked out under Community
    Cloud's ``/mount/src/`` is hosted, whatever its headers say).
    ``CHRONICLE_STORE_FIELD=0`` or ``1`` decides instead."""
    forced = env.get("CHRONICLE_STORE_FIELD", "").strip()
    if forced in ("0", "1"):
        return forced == "1"
    if os.path.realpath(here).replace("\\", "/").startswith(HOSTED_ROOT):
        return False
    host = (headers.get("Host") or headers.get("host") or "").rsplit(":", 1)[0].strip("[]").lower()
    local_ip = ip in (None, "", "127.0.0.1", "::1")
    return local_ip and host in ("localhost", "127.0.0.1", "::1")


def store_from_argv(argv: Sequence[str]) -> Optional[str]:
    """The store named by the app's own arguments (``streamlit run app.py -- --store archive/``)."""
    args = list(argv)
    for i, a in enumerate(args):
        if a == "--store" and i + 1 < len(args):
            return args[i + 1]
        if a.startswith("--store="):
            return a.split("=", 1)[1] or None
    return None
