"""The app over an event store: ``streamlit run app.py -- --store archive/``.

Layout and wiring only, as ``app.py``: the queries live in ``pipeline.store``
(DuckDB over the store's index), the logic in ``ui.archive`` (pure functions).
Only the window in view is read: its events drawn as marks when they are at
most ``ui.archive.MARKS_MAX``, else counted per period.
"""
from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path

import streamlit as st

from pipeline import export
from pipeline.store import Store, Window
from pipeline.storyline import story as build_story
from ui import archive as A
from ui import state as S
from ui import story as SX
from ui import views as V
from ui.chart import timeline_figure

ss = st.session_state


@st.cache_resource(max_entries=4, show_spinner=False)
def _database(path: str, signature: str):
    """One DuckDB connection per store and version (``signature``); each run takes a
    cursor of it (a connection of its own to the same database)."""
    store = Store(path)
    if not store.index_is_fresh():
        try:
            with st.spinner("Indexing the store (once, after each write)…"):
                store.build_index()
        except Exception:  # a store one may read but not write (OSError, DuckDB's IOException):
            pass           # its Parquet files, read directly
    return store.connect()


@st.cache_data(show_spinner=False, max_entries=64)
def _summary(path: str, signature: str) -> tuple[dict, tuple, tuple, tuple]:
    store = Store(path)
    con = _database(path, signature).cursor()
    prec, src = store.facets(con)
    span = con.execute("SELECT min(lo), max(hi) FROM events").fetchone()
    return store.summary(con), tuple(prec), tuple(src), span


@st.cache_data(show_spinner="Choosing the key dates…", max_entries=16)
def _story(path: str, signature: str, window: Window):
    store = Store(path)
    con = _database(path, signature).cursor()
    events = store.events(window, rows=A.STORY_MAX, con=con)
    arts = store.articles({e.article for e in events}, con)
    return build_story(events, start=window.start, end=window.end, articles=list(arts.values()))


@st.cache_data(show_spinner=False, max_entries=64)
def _counts(path: str, signature: str, window: Window, by: str, marks_max: int):
    """The window's events, those longer than it, and (above the marks' limit) their
    period and counts per period: one cache entry per store version, window and
    colouring, so a new visitor's first chart is read, not counted. (The figure is
    drawn anew each run: a figure read back from the cache took no clicks.)"""
    store = Store(path)
    con = _database(path, signature).cursor()
    n = store.count(window, con)
    longer = store.count(dataclasses.replace(window, fit=False), con) - n
    if n <= marks_max:
        return n, longer, None, None
    period = A.period_for(window.start, window.end)
    return n, longer, period, tuple(store.aggregate(window, period, by, con))


def _set_window(first: date, last: date) -> None:
    # the dates widget is drawn already in this run: its next value waits for the next
    ss["a_next"] = (first, last)


def show(path: str, *, chart_px: int, phone: bool) -> None:
    """The store at ``path``: its window of dates, counted or drawn, and its story."""
    folder = Path(path).expanduser()
    store = Store(folder)
    if not store.events_dir.is_dir():
        st.error(f"**{V.md_escape(path)}**: not an event store (no events/ folder in it). Write one with "
                 "`python -m pipeline events ARTICLES --out archive/`.")
        return
    key = str(folder.resolve())
    sig = store.signature()
    con = _database(key, sig).cursor()
    summary, precisions, sources, span = _summary(key, sig)
    if not summary["events"]:
        st.info(f"**{V.md_escape(path)}** holds no events yet.")
        return
    first, last = summary["first"], summary["last"]
    lo = min(first, span[0].date()) if span[0] else first
    hi = max(last, (span[1] - timedelta(days=1)).date()) if span[1] else last
    bounds = (max(lo, date(1, 1, 1)), min(hi, date(9999, 12, 31)))

    if "a_next" in ss:
        ss["a_range"] = ss.pop("a_next")
    if not isinstance(ss.get("a_range"), (tuple, list)) or len(ss["a_range"]) not in (1, 2) \
            or not all(bounds[0] <= d <= bounds[1] for d in ss["a_range"]):
        ss["a_range"] = (max(first, bounds[0]), min(last, bounds[1]))
    for k in ("a_range", "a_prec", "a_src"):  # kept while their expander is closed (not drawn)
        if k in ss:
            ss[k] = ss[k]
    # another store opened: only the precisions and outlets it has stay chosen
    for k, options in (("a_prec", precisions), ("a_src", sources)):
        known = {o for o, _n in options}
        ss[k] = [v for v in ss.get(k) or [] if v in known]
    sb = st.sidebar
    sb.header("Filter")
    sb.text_input("Search", key="a_q", placeholder="words, in any order", max_chars=200,
                  help="Every word must appear in the event's sentence, title or expression (any case).")
    # built only when open: a first look mounts no date picker or multi-selects beside the chart
    # (each costs the first paint about 0.3x a bare page's, benchmarks/RESULTS-app.md)
    _on = sum(bool(ss.get(k)) for k in ("a_prec", "a_src"))
    more = sb.expander("Dates, precision, sources" + (f" · {_on} on" if _on else ""), key="a_more",
                       expanded=bool(_on), on_change="rerun")
    if more.open:
        with more:
            st.date_input("Dates", key="a_range", min_value=bounds[0], max_value=bounds[1],
                          help="The window read from the store. Events no longer than it are shown: "
                               "narrow it to a week to see each event, widen it to see years.")
            st.multiselect("Precision", [p for p, _n in precisions], key="a_prec", placeholder="all",
                           format_func=lambda p: f"{p} ({dict(precisions)[p]:,})")
            st.multiselect("Sources", [s for s, _n in sources], key="a_src", placeholder="all",
                           format_func=lambda s: f"{s} ({dict(sources)[s]:,} articles)")
    sb.radio("Colour", ("precision", "source"), key="a_by", horizontal=True, format_func=lambda x: f"by {x}")

    rng = ss.get("a_range") or ()
    if len(rng) != 2:  # a range being picked: its first day only, so far
        st.caption("Pick the last day of the window (sidebar → Dates).")
        return
    window = (rng[0], rng[1])
    w1, w2, w3 = st.columns([2, 1, 1], vertical_alignment="center")
    w2.button("Wider", on_click=_set_window, args=A.widen(window, bounds), width="stretch",
              disabled=window == bounds)
    w3.button("Whole archive", on_click=_set_window, args=(max(first, bounds[0]), min(last, bounds[1])),
              width="stretch")
    query = Window(window[0], window[1], text=(ss.get("a_q") or "").strip(), sources=tuple(ss.get("a_src") or ()),
                   precisions=tuple(ss.get("a_prec") or ()), reach=False, fit=True)
    mode = w1.segmented_control("View", ("timeline", "story"), key="a_mode", default="timeline",
                                format_func={"timeline": "Timeline", "story": "Story"}.get,
                                label_visibility="collapsed") or "timeline"
    if mode == "story":
        _show_story(key, sig, con, query, chart_px)
    else:
        _show_timeline(store, key, sig, con, query, window, bounds, summary, chart_px, phone)


def _show_timeline(store, key, sig, con, query: Window, window, bounds, summary, chart_px, phone) -> None:
    by = ss.get("a_by") or "precision"
    n, longer, period, rows = _counts(key, sig, query, by, A.MARKS_MAX)
    if phone:  # one line: the chart on the first screen
        st.caption(f"**{summary['articles']:,}** articles · **{n:,}** events in the window · "
                   f"{A.window_words(window)}")
    else:
        c1, c2, c3 = st.columns(3)
        c1.metric("Articles in the store", f"{summary['articles']:,}")
        c2.metric("Events in the window", f"{n:,}", help="Stored events, before events that several articles "
                  "report are merged; open ranges (“since March”) at their known side")
        c3.metric("Window", A.window_words(window, short=True), help=A.window_words(window))
    if longer:
        st.caption(f"{longer:,} event(s) longer than the window (months, years, decades) span it: widen the dates to see them.")
    if not n:
        st.info("No event in this window" + (" matches the filters." if query.text or query.sources
                                             or query.precisions else "."))
        return
    if rows is not None:
        fig = A.aggregate_figure(rows, period, by=by, window=window)
        gen = ss.get("a_gen", 0)
        picked = st.plotly_chart(fig, key=f"agg-{gen}", on_select="rerun", selection_mode=("points", "box"),
                                 theme="streamlit", config={"displaylogo": False, "displayModeBar": False})
        st.caption(f"{n:,} events: too many to draw one by one (at most {A.MARKS_MAX:,}), so they are "
                   f"counted per {A.PERIOD_WORDS[period]}. Click a bar (or narrow the dates) to zoom in.")
        target = A.zoom_to(picked.get("selection") if picked else None, period, bounds)
        if target and target != window:
            ss["a_next"], ss["a_gen"] = target, gen + 1  # a new chart: no old selection left on it
            st.rerun()
        return
    events = store.events(query, rows=A.MARKS_MAX, con=con)
    fig = timeline_figure(events, lanes="source", color="precision" if by == "precision" else "article",
                          published={}, visible=window, width_px=chart_px)
    chart = st.plotly_chart(fig, key=f"marks-{ss.get('a_gen', 0)}", on_select="rerun", selection_mode="points",
                            theme="streamlit", config={"displaylogo": False, "scrollZoom": True})
    picked = S.selected_event_id(chart)
    current = next((e for e in events if e.id == picked), None)
    if current is not None:
        st.subheader("Selected event")
        article = store.articles([current.article], con).get(current.article)
        st.html(V.details_html(current, article if article and article.text else None))
    else:
        st.caption("Select an event on the timeline (click it) to read its sentence.")
    frozen = tuple(events)
    d1, d2, _ = st.columns([1, 1, 2])
    d1.download_button("CSV", lambda: export.to_csv(frozen), "chronicle-window.csv", "text/csv",
                       on_click="ignore", width="stretch", help="The events of this window, merged")
    d2.download_button("JSON", lambda: export.to_json(frozen), "chronicle-window.json", "application/json",
                       on_click="ignore", width="stretch")


def _show_story(key, sig, con, query: Window, chart_px) -> None:
    store = Store(key)
    wide = dataclasses.replace(query, fit=False)
    n = store.count(wide, con)
    if not n:
        st.info("No event in this window matches the filters.")
        return
    if n > A.STORY_MAX:
        st.info(f"{n:,} events in this window: a story is told from at most {A.STORY_MAX:,}. Narrow the "
                "dates, or add words to the search (for example a place or a name).")
        return
    told = _story(key, sig, wide)
    c1, c2, c3 = st.columns(3)
    c1.metric("Key dates", len(told))
    c2.metric("Articles", told.articles)
    c3.metric("Events", told.events, help="The events the key dates were chosen from")
    if not told.entries:
        st.info("No key dates: the events name no day (or week or month) precisely enough.")
        return
    st.plotly_chart(SX.story_figure(told, width_px=chart_px), key="a_story_chart", theme="streamlit",
                    config={"displaylogo": False, "displayModeBar": False})
    for entry in told.entries:
        with st.container(border=True):
            st.html(SX.entry_html(entry))
    from pipeline import story_export
    for col, (fmt, label, name, mime) in zip(st.columns(len(SX.EXPORTS)), SX.EXPORTS):
        col.download_button(label, (lambda f=fmt: story_export.render(told, f)), name, mime,
                            key=f"a-story-dl-{fmt}", on_click="ignore", width="stretch")
