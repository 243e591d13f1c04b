"""The timeline figure: a pure function from events to a Plotly figure.

No Streamlit here, so the figure can be built and checked in plain tests,
exported as a standalone HTML file, or shown by any Plotly front end.  Where
things go (lanes, rows, bands, which labels fit) is worked out in
:mod:`ui.chart_layout`; this module turns that into traces and words.

Drawing rules
-------------
* day and time events are markers with a short label beside them where it
  fits without covering another mark or label (fitted for the first view);
* week, month, quarter, season and other closed ranges are horizontal bars
  over ``[start, end)``;
* open ranges (``open_start``/``open_end``) and long periods (a year or
  longer, or over a third of the first view) are faint background bands,
  drawn behind everything else, with an arrow (▶ / ◀) at the open side;
* lanes (one per article or per source, in publication order) are named
  inside the plot, "title · outlet", above their rows;
* publication dates are dotted lines with a labelled ▼ above the lanes;
* every drawn point and bar carries the event id in ``customdata``;
* traces are grouped by colour (at most ``len(PALETTE)`` colour groups), so
  even 10,000 events make a handful of traces; many markers switch to WebGL
  (``Scattergl``);
* all article text is HTML-escaped before it reaches Plotly's HTML subset
  (hover labels, lane names, legend names, text labels).
"""
from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta

import plotly.graph_objects as go

from pipeline.model import GRAINS, Event
from pipeline.wording import SHORT, interval_words as _interval_words
from pipeline.wording import is_midnight as _midnight, point_words as _fmt_point

from . import chart_layout as L
# _kind, _shift, lane_key and story_window are imported from here by other modules
from .chart_layout import _dt, _kind, _shift, lane_key, story_window  # noqa: F401

#: Colours readable on both light and dark backgrounds (Plotly's qualitative set).
PALETTE = ("#636EFA", "#EF553B", "#00CC96", "#AB63FA", "#FFA15A",
           "#19D3F3", "#FF6692", "#B6E880", "#FF97FF", "#FECB52")
#: A neutral grey visible on white and on dark backgrounds.
NEUTRAL = "#8C8C8C"
#: More markers than this switch to WebGL.
WEBGL_THRESHOLD = 1000
#: Hover labels wrap at this many characters (narrow enough for a 390 px phone).
WRAP = 46
#: Longest article title in a lane's name (the outlet follows it), and the
#: widest a lane's name may be (px): a 390 px phone's plot is about 350 px.
LANE_TITLE_CHARS = 56
LANE_NAME_PX = 330
#: Longest sentence shown in a hover label (clipped around the expression).
HOVER_SENTENCE = 320

#: How a clicked (selected) event and the others look while one is selected.  Every
#: selectable trace gives both: plotly.js keeps a trace's ``selected`` only when it is
#: set (or when ``marker.opacity`` is one number), and a bar trace with text labels
#: reads ``selected.textfont`` when one of its bars is selected, so a bar trace with
#: per-bar opacities and ``unselected`` alone throws "Cannot read properties of
#: undefined (reading 'textfont')" on a click, and the selection never reaches the app.
SELECTED = {"marker": {"opacity": 1.0}}
UNSELECTED = {"marker": {"opacity": 0.5}}
#: Bands stay faint: a little stronger when selected, fainter while another is.
BAND_OPACITY = 0.15
BAND_SELECTED = {"marker": {"opacity": 0.4}}
BAND_UNSELECTED = {"marker": {"opacity": 0.08}}
#: Bar heights in rows: a band fills its row (marks lie on it), a bar less.
BAND_WIDTH, BAR_WIDTH = 0.86, 0.62

_DAY = timedelta(days=1)


def _esc(text: str) -> str:
    """Escape for Plotly's HTML subset: ``&``, ``<`` and ``>`` (Plotly shows
    ``&quot;`` literally, and quotes outside tags are harmless)."""
    return html.escape(text, quote=False)


# ---------------------------------------------------------------- words

def interval_words(event: Event) -> str:
    """The event's interval in words (``pipeline.wording.interval_words``, SHORT style):
    "Thu 30 Sep 2021", "September 2021", "week of Mon 20 Sep 2021 (20–26 Sep)",
    "Q3 2021 (Jul–Sep)", "from Wed 1 Jan 2020 onward", "about 2021", "undated"."""
    return _interval_words(event.start, event.end, event.grain, open_start=event.open_start,
                           open_end=event.open_end, approximate=event.approximate, style=SHORT)


# ------------------------------------------------------------- escaping

def expression_spans(event: Event) -> list[tuple[int, int]]:
    """The event's expressions as ``(start, end)`` offsets into ``event.sentence``."""
    spans = []
    n = len(event.sentence)
    for t in event.expressions:
        s, e = t.start - event.sentence_start, t.end - event.sentence_start
        if not (0 <= s < e <= n) or event.sentence[s:e] != t.text:
            s = event.sentence.find(t.text) if t.text else -1
            if s < 0:
                continue
            e = s + len(t.text)
        spans.append((s, e))
    return sorted(spans)


def clip_around(text: str, spans: Sequence[tuple[int, int]], limit: int) -> tuple[str, list[tuple[int, int]]]:
    """``text`` cut to about ``limit`` characters around the first span ("…" marks cuts)."""
    if len(text) <= limit:
        return text, list(spans)
    focus = spans[0][0] if spans else 0
    lo = max(0, min(focus - limit // 3, len(text) - limit))
    hi = min(len(text), lo + limit)
    # do not cut through a span
    for s, e in spans:
        if s < hi < e:
            hi = e
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(text) else ""
    shift = lo - len(prefix)
    out = [(max(s, lo) - shift, min(e, hi) - shift) for s, e in spans if e > lo and s < hi]
    return prefix + text[lo:hi] + suffix, out


def highlight_html(text: str, spans: Iterable[tuple[int, int]] = (), *, tag: str = "b",
                   wrap: int | None = None) -> str:
    """``text`` HTML-escaped, the spans wrapped in ``<tag>``, lines broken with
    ``<br>`` every ``wrap`` characters (at spaces) when ``wrap`` is given.

    Escaping happens run by run, after the cuts, so an entity is never split
    and nothing from ``text`` can become markup.
    """
    bold = bytearray(len(text))
    for s, e in spans:
        for i in range(max(0, s), min(len(text), e)):
            bold[i] = 1
    # line breaks: greedy on whitespace
    breaks: list[int] = []  # indices of spaces replaced by <br>
    if wrap:
        col = 0
        last_space = -1
        line_start = 0
        for i, ch in enumerate(text):
            if ch == "\n":
                breaks.append(i)
                line_start, last_space, col = i + 1, -1, 0
                continue
            if ch.isspace():
                last_space = i
            col = i - line_start + 1
            if col > wrap and last_space >= line_start:
                breaks.append(last_space)
                line_start = last_space + 1
                last_space = -1
    brk = set(breaks)
    out: list[str] = []
    run: list[str] = []
    state = 0

    def flush() -> None:
        if run:
            chunk = _esc("".join(run))
            out.append(f"<{tag}>{chunk}</{tag}>" if state else chunk)
            run.clear()

    for i, ch in enumerate(text):
        if i in brk:
            flush()
            out.append("<br>")
            continue
        if bold[i] != state:
            flush()
            state = bold[i]
        run.append(ch)
    flush()
    return "".join(out)


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def article_title(event: Event) -> str:
    """The title of the event's article (from its sources), else the article id."""
    for s in event.sources:
        if s.article == event.article and s.title:
            return s.title
    return event.article


def hover_html(event: Event) -> str:
    """The hover label: title, interval in words, expression, highlighted sentence,
    each wrapped at :data:`WRAP` characters (it stays on a phone's screen).
    Everything that comes from the article is escaped."""
    sentence, spans = clip_around(event.sentence, expression_spans(event), HOVER_SENTENCE)
    title = event.title or event.expression or event.id
    parts = [f"<b>{highlight_html(_short(title, 90), wrap=WRAP)}</b>",
             _esc(interval_words(event)),
             highlight_html(f"“{_short(event.expression, 80)}”", wrap=WRAP) if event.expression else "",
             highlight_html(sentence, spans, tag="b", wrap=WRAP),
             f"<i>{highlight_html(_short(article_title(event), 80), wrap=WRAP)}</i>"]
    return "<br>".join(p for p in parts if p)


# ---------------------------------------------------------------- traces

def _precision_order(values: Iterable[str]) -> list[str]:
    rank = {g: i for i, g in enumerate(GRAINS)}
    return sorted(set(values), key=lambda v: (rank.get(v, len(rank)), v))


def _published_points(events: Sequence[Event], published) -> list[tuple[datetime, str]]:
    points: dict[datetime, set[str]] = {}
    if published is None:
        for e in events:
            if e.published is not None:
                points.setdefault(_dt(e.published), set()).add(article_title(e))
    elif isinstance(published, Mapping):
        for name, d in published.items():
            if d is not None:
                points.setdefault(_dt(d), set()).add(str(name))
    else:
        for d in published:
            if d is not None:
                points.setdefault(_dt(d), set())
    return sorted((d, "; ".join(sorted(names))) for d, names in points.items())


def _articles(its: Sequence[L.Item], lane_titles: Mapping[str, str] | None) -> dict[str, tuple[str, str]]:
    """Each article's ``(title, outlet)``: ``lane_titles`` first, else the
    title its events carry; the outlet from the event or its sources."""
    out: dict[str, tuple[str, str]] = {}
    for it in its:
        e = it.event
        if e.article not in out:
            title = lane_titles[e.article] if lane_titles and e.article in lane_titles else article_title(e)
            outlet = e.source or next((s.source for s in e.sources if s.article == e.article and s.source), "")
            out[e.article] = (title, outlet)
    return out


def _lane_text(title: str, outlet: str, plot_px: float) -> str:
    """A lane's name as shown: "Title · Outlet", escaped, short enough to fit
    on one line of the plot (at most :data:`LANE_NAME_PX` wide, so it fits
    on a phone too)."""
    from .story import text_width_px  # ui.story imports ui.chart: imported when used

    outlet = _short(outlet, 24)
    limit = LANE_TITLE_CHARS
    while True:
        text = f"{_short(title, limit)} · {outlet}" if outlet else _short(title, limit)
        if limit <= 12 or text_width_px(text, L.FONT_PX) <= min(plot_px, LANE_NAME_PX):
            return _esc(text)
        limit -= 4


def _colour_groups(its: Sequence[L.Item], color: str,
                   articles: Mapping[str, tuple[str, str]]) -> tuple[list[int], dict[int, str]]:
    """Each item's colour group (an index into :data:`PALETTE`, so at most
    that many groups) and the groups' legend names."""
    if color == "precision":
        order = _precision_order(it.event.precision or "unknown" for it in its)
        group_of = {p: i % len(PALETTE) for i, p in enumerate(order)}
        legend = {g: p for p, g in group_of.items()}
        return [group_of[it.event.precision or "unknown"] for it in its], legend
    first: dict[str, datetime] = {}
    for it in its:
        first[it.event.article] = min(first.get(it.event.article, it.x0), it.x0)
    art_order = sorted(first, key=lambda a: (first[a], a))
    art_group = {a: i % len(PALETTE) for i, a in enumerate(art_order)}
    legend = {g: articles[a][0] if len(art_order) <= len(PALETTE) else f"articles ({g + 1})"
              for a, g in art_group.items()}
    return [art_group[it.event.article] for it in its], legend


def _band_trace(members: Sequence[L.Item], colour: str, hovers: Sequence[str], **common) -> go.Bar:
    """Open ranges and long periods: faint full-row bars behind the marks
    (bars lie under markers, and this trace comes before the other bars)."""
    starts = [it.x0 for it in members]
    return go.Bar(
        orientation="h", base=[s.isoformat() for s in starts],
        x=[(it.x1 - s).total_seconds() * 1000 for it, s in zip(members, starts)],
        y=[it.y for it in members], width=[BAND_WIDTH] * len(members),
        customdata=[it.event.id for it in members],
        hovertext=hovers, hovertemplate="%{hovertext}<extra></extra>",
        marker=dict(color=colour, opacity=BAND_OPACITY, line=dict(width=0)),
        selected=BAND_SELECTED, unselected=BAND_UNSELECTED, meta="bands", **common)


_BAR_TEXT = {"inside": "inside", "right": "outside", "": "none"}


def _bar_trace(members: Sequence[L.Item], colour: str, hovers: Sequence[str], labelled: bool,
               **common) -> go.Bar:
    """Closed ranges as bars over ``[start, end)``, their short title inside
    where it fits (``uniformtext`` hides it if it does not after all), else
    right of the bar where :func:`ui.chart_layout.fit_labels` found room."""
    starts = [it.x0 for it in members]
    return go.Bar(
        orientation="h", base=[s.isoformat() for s in starts],
        x=[(it.x1 - s).total_seconds() * 1000 for it, s in zip(members, starts)],
        y=[it.y for it in members], width=[BAR_WIDTH] * len(members),
        customdata=[it.event.id for it in members],
        hovertext=hovers, hovertemplate="%{hovertext}<extra></extra>",
        marker=dict(color=colour, opacity=[0.6 if it.event.approximate else 0.9 for it in members],
                    line=dict(width=0)),
        text=[_esc(it.label) if it.side else "" for it in members] if labelled else None,
        textposition=[_BAR_TEXT[it.side] for it in members] if labelled else None,
        insidetextanchor="start" if labelled else None, constraintext="inside",
        outsidetextfont=dict(size=L.FONT_PX) if labelled else None,
        selected=SELECTED, unselected=UNSELECTED, meta="bars", **common)


def _marker_trace(members: Sequence[L.Item], colour: str, hovers: Sequence[str], scatter,
                  **common) -> go.Scatter:
    """Day and time events as dots, each labelled where :func:`ui.chart_layout.fit_labels`
    found room (right or left of it; "" where it found none)."""
    labelled = any(it.side for it in members)
    return scatter(
        mode="markers+text" if labelled else "markers",
        x=[it.x.isoformat() for it in members], y=[it.y for it in members],
        customdata=[it.event.id for it in members],
        hovertext=hovers, hovertemplate="%{hovertext}<extra></extra>",
        marker=dict(color=colour, size=L.MARK_PX, symbol="circle",
                    opacity=[0.55 if it.event.approximate else 0.95 for it in members],
                    line=dict(width=1, color=NEUTRAL)),
        text=[_esc(it.label) if it.side else "" for it in members] if labelled else None,
        textposition=[f"middle {it.side or 'right'}" for it in members] if labelled else None,
        textfont=dict(size=L.FONT_PX) if labelled else None,
        selected=SELECTED, unselected=UNSELECTED, meta="markers", **common)


def _arrow_trace(members: Sequence[L.Item], colour: str, hovers: Sequence[str], scatter,
                 **common) -> go.Scatter | None:
    """▶ / ◀ at the open sides of the bands (see :func:`ui.chart_layout._arrows`)."""
    pts = [(x, sym, it, h) for it, h in zip(members, hovers) for x, sym in it.arrows]
    if not pts:
        return None
    return scatter(
        mode="markers", x=[x.isoformat() for x, *_ in pts], y=[it.y for _, _, it, _ in pts],
        customdata=[it.event.id for _, _, it, _ in pts], hovertext=[h for *_, h in pts],
        hovertemplate="%{hovertext}<extra></extra>",
        marker=dict(color=colour, size=13, symbol=[sym for _, sym, _, _ in pts],
                    line=dict(width=2, color=colour)),
        selected=SELECTED, unselected=UNSELECTED, meta="open-ends", **common)


def _event_traces(its: Sequence[L.Item], groups: Sequence[int], legend_names: Mapping[int, str],
                  labelled: bool) -> list:
    """All the events' traces, one per family and colour group: the bands
    first (behind everything), then bars, markers and the bands' arrows."""
    by_group: dict[int, dict[str, list[int]]] = {}
    for i, (it, g) in enumerate(zip(its, groups)):
        by_group.setdefault(g, {}).setdefault(it.kind, []).append(i)
    n_markers = sum(1 for it in its if it.kind == "marker")
    scatter = go.Scattergl if n_markers > WEBGL_THRESHOLD else go.Scatter
    hovers = [hover_html(it.event) for it in its]
    traces: list = []
    for family in ("band", "bar", "marker", "arrow"):
        for g in sorted(by_group):
            kinds = by_group[g]
            idxs = kinds.get("band" if family == "arrow" else family)
            if not idxs:
                continue
            owner = next(k for k in ("bar", "marker", "band") if k in kinds)  # shows the legend entry
            members, hv = [its[i] for i in idxs], [hovers[i] for i in idxs]
            common = dict(name=_esc(_short(str(legend_names.get(g, g)), 40)), legendgroup=f"g{g}",
                          legendrank=g, showlegend=family == owner)
            colour = PALETTE[g]
            tr = (_band_trace(members, colour, hv, **common) if family == "band" else
                  _bar_trace(members, colour, hv, labelled, **common) if family == "bar" else
                  _marker_trace(members, colour, hv, scatter, **common) if family == "marker" else
                  _arrow_trace(members, colour, hv, scatter, **common))
            if tr is not None:
                traces.append(tr)
    return traces


def _publication_marks(fig: go.Figure, pubs: Sequence[tuple[datetime, str]], fr: L.Frame,
                       total_rows: float) -> None:
    """Publication dates: dotted lines with a labelled ▼ above the lanes
    (labels where they fit), or one thin trace of lines when there are many."""
    if len(pubs) > 60:
        px_, py = [], []
        for d, _ in pubs:
            px_ += [d.isoformat(), d.isoformat(), None]
            py += [L.PUB_Y, total_rows + 0.1, None]
        fig.add_trace(go.Scattergl(x=px_, y=py, mode="lines", name="published", hoverinfo="skip",
                                   line=dict(color=NEUTRAL, width=1, dash="dot"), meta="published"))
        return
    for d, _who in pubs:
        fig.add_shape(type="line", xref="x", yref="paper", x0=d.isoformat(), x1=d.isoformat(),
                      y0=0, y1=1, line=dict(color=NEUTRAL, width=1.5, dash="dot"), layer="below")
    if not pubs:
        return
    labels = L.pub_labels([d for d, _ in pubs], fr)
    fig.add_trace(go.Scatter(
        x=[d.isoformat() for d, _ in pubs], y=[L.PUB_Y] * len(pubs), mode="markers+text",
        name="published", marker=dict(symbol="triangle-down", size=10, color=NEUTRAL),
        text=[_esc(t) for t, _ in labels], textposition=[f"middle {s or 'right'}" for _, s in labels],
        textfont=dict(size=L.FONT_PX, color=NEUTRAL),
        hovertext=[_esc(f"Published {_fmt_point(d)}" + (f": {_short(w, 80)}" if w else ""))
                   for d, w in pubs],
        hovertemplate="%{hovertext}<extra></extra>", meta="published",
    ))


def _lane_annotations(lane_list: Sequence[str], heads: Mapping[str, float],
                      names: Mapping[str, str]) -> list[dict]:
    """Each lane's name (title · outlet) inside the plot, left-aligned on the
    line above its rows, so that no tick labels take the plot's width."""
    return [dict(text=names[k], xref="paper", x=0, xanchor="left", yref="y", y=heads[k],
                 yanchor="middle", showarrow=False, align="left", font=dict(size=11, color=NEUTRAL),
                 name="lane")
            for k in lane_list]


def _axes_and_layout(fig: go.Figure, *, fr: L.Frame, color: str, lane_list: Sequence[str],
                     heads: Mapping[str, float], names: Mapping[str, str],
                     total_rows: float, height: int | None, has_x: bool) -> None:
    """Layout: the range buttons in a row above the plot, the legend in its
    own row under it (they never overlap, at any width), lane names as
    annotations, hover labels narrow and left-aligned."""
    fig.update_layout(
        barmode="overlay",
        height=height or int(min(1600, max(340, 200 + 34 * (total_rows - L.PUB_Y + 0.5)))),
        margin=dict(l=10, r=10, t=44, b=10),
        hovermode="closest",
        hoverlabel=dict(align="left"),
        dragmode="zoom",
        clickmode="event+select",
        legend=dict(orientation="h", x=0, xanchor="left",
                    yref="container", y=0, yanchor="bottom",
                    title=dict(text="precision" if color == "precision" else "", side="top"),
                    font=dict(size=11)),
        uniformtext=dict(minsize=9, mode="hide"),
        annotations=_lane_annotations(lane_list, heads, names),
    )
    # the lanes' names are kept as (hidden) tick labels too, for whoever reads the layout
    fig.update_yaxes(
        tickmode="array", tickvals=[heads[k] for k in lane_list],
        ticktext=[names[k] for k in lane_list], showticklabels=False,
        range=[total_rows + 0.1, L.PUB_Y - 0.45], zeroline=False, showgrid=False, fixedrange=True,
    )
    xaxis = dict(
        type="date", showgrid=True,
        rangeselector=dict(buttons=[
            dict(count=1, label="1m", step="month", stepmode="backward"),
            dict(count=6, label="6m", step="month", stepmode="backward"),
            dict(count=1, label="1y", step="year", stepmode="backward"),
            dict(label="all", step="all"),
        ], x=0, xanchor="left", y=1.0, yanchor="bottom", font=dict(size=11)),
    )
    if has_x:
        xaxis["range"] = [fr.view[0].isoformat(), fr.view[1].isoformat()]
    fig.update_xaxes(**xaxis)


def timeline_figure(events: Sequence[Event], *, lanes: str = "article", color: str = "precision",
                    published: Iterable[date | datetime] | Mapping[str, date | datetime] | None = None,
                    visible: tuple[date | datetime, date | datetime] | None = None,
                    lane_titles: Mapping[str, str] | None = None,
                    height: int | None = None, width_px: int = 1100) -> go.Figure:
    """The timeline of ``events`` as a Plotly figure.

    ``lanes``: one row per "article" or per "source", named inside the plot
    (title · outlet).  ``color``: by "precision" (the event's grain) or by
    "article".  ``published``: the publication dates to mark with labelled
    dotted lines (dates, or a mapping name -> date; default: the events' own
    publication dates).  ``visible``: the initial x range (default:
    :func:`story_window`).  ``lane_titles`` maps lane keys (article ids) to
    the titles shown (default: the article titles the events carry).

    Labels are fitted for the *initial* x range on a chart ``width_px``
    pixels wide: where a label would cover another mark or label it is left
    out (the hover has everything), and after a zoom they stay as placed.
    With more than :data:`ui.chart_layout.LABEL_MAX` events there are none.
    """
    if lanes not in ("article", "source"):
        raise ValueError(f"lanes must be 'article' or 'source', not {lanes!r}")
    if color not in ("precision", "article"):
        raise ValueError(f"color must be 'precision' or 'article', not {color!r}")
    pubs = _published_points(events, published)
    drawable = [e for e in events if _kind(e) is not None]
    fr = L.frame(drawable, [d for d, _ in pubs], _visible_range(visible), width_px)
    its = L.items(drawable, fr, lanes)
    labelled = len(its) <= L.LABEL_MAX
    lane_list, heads, total_rows = L.arrange(its, fr, labelled)
    articles = _articles(its, lane_titles)
    groups, legend_names = _colour_groups(its, color, articles)
    fig = go.Figure(data=_event_traces(its, groups, legend_names, labelled))
    _publication_marks(fig, pubs, fr, total_rows)
    shown = {k: _lane_text(*(articles[k] if lanes == "article" else (k, "")), fr.plot_px) for k in lane_list}
    _axes_and_layout(fig, fr=fr, color=color, lane_list=lane_list, heads=heads, names=shown,
                     total_rows=total_rows, height=height, has_x=bool(drawable or pubs))
    if not its:
        fig.add_annotation(text="No dated events to show", showarrow=False, xref="paper",
                           yref="paper", x=0.5, y=0.5, font=dict(size=16, color=NEUTRAL))
    return fig


def _visible_range(visible) -> tuple[datetime, datetime] | None:
    """``visible`` as datetimes, a last whole day included."""
    if visible is None:
        return None
    a, b = _dt(visible[0]), _dt(visible[1])
    return a, (_shift(b, _DAY) if _midnight(b) else b)


def event_ids(fig: go.Figure) -> list[str]:
    """The distinct event ids drawn in ``fig`` (from the traces' customdata)."""
    seen: dict[str, None] = {}
    for tr in fig.data:
        for c in tr.customdata if tr.customdata is not None else ():
            if c is not None:
                seen.setdefault(str(c), None)
    return list(seen)
