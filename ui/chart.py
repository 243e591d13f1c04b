"""The timeline figure: a pure function from events to a Plotly figure.

No Streamlit here, so the figure can be built and checked in plain tests,
exported as a standalone HTML file, or shown by any Plotly front end.

Drawing rules
-------------
* day and time events are markers; week, month, quarter, season, year,
  decade and other ranges are horizontal bars over ``[start, end)``;
* an open range (``open_start``/``open_end``) is a dotted line running from
  its known bound to the edge of the chart, with an arrow (▶ / ◀) at the
  open side;
* every drawn point and bar carries the event id in ``customdata``;
* traces are grouped by colour (at most ``len(PALETTE)`` colour groups), so
  even 10,000 events make a handful of traces; many markers switch to WebGL
  (``Scattergl``);
* all article text is HTML-escaped before it reaches Plotly's HTML subset
  (hover labels, tick labels, legend names, text labels).
"""
from __future__ import annotations

import heapq
import html
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta

import plotly.graph_objects as go

from pipeline.model import GRAINS, Event

#: Colours readable on both light and dark backgrounds (Plotly's qualitative set).
PALETTE = ("#636EFA", "#EF553B", "#00CC96", "#AB63FA", "#FFA15A",
           "#19D3F3", "#FF6692", "#B6E880", "#FF97FF", "#FECB52")
#: A neutral grey visible on white and on dark backgrounds.
NEUTRAL = "#8C8C8C"
#: Grains drawn as markers; everything longer is a bar.
MARKER_GRAINS = ("time", "day")
#: At most this many events get permanent text labels; beyond, hover only.
LABEL_LIMIT = 25
#: More markers than this switch to WebGL.
WEBGL_THRESHOLD = 1000
#: Sub-rows inside one lane (events that overlap in time are stacked).
MAX_ROWS = 8
#: Hover labels wrap at this many characters.
WRAP = 72
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

_DAY = timedelta(days=1)


def _esc(text: str) -> str:
    """Escape for Plotly's HTML subset: ``&``, ``<`` and ``>`` (Plotly shows
    ``&quot;`` literally, and quotes outside tags are harmless)."""
    return html.escape(text, quote=False)


# ---------------------------------------------------------------- words

def _dt(value: date | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day)


def _fmt_day(d: datetime) -> str:
    return f"{d:%a} {d.day} {d:%b %Y}"


def _fmt_short(d: datetime) -> str:
    return f"{d.day} {d:%b %Y}"


def _midnight(d: datetime) -> bool:
    return d.hour == 0 and d.minute == 0 and d.second == 0 and d.microsecond == 0


def _fmt_point(d: datetime) -> str:
    return _fmt_day(d) if _midnight(d) else f"{_fmt_day(d)}, {d:%H:%M}"


def _fmt_span(start: datetime, end: datetime) -> str:
    """``[start, end)`` in words, the end shown inclusively for whole days."""
    if _midnight(end) and not _midnight(start) and end - start > _DAY:
        return f"{_fmt_point(start)} – {_fmt_day(end - _DAY)}"
    if _midnight(start) and _midnight(end):
        last = end - _DAY
        if last <= start:
            return _fmt_day(start)
        if start.day == 1 and end.day == 1:  # whole months
            lastm = end - _DAY
            if (start.year, start.month) == (lastm.year, lastm.month):
                return f"{start:%B %Y}"
            if start.month == 1 and end.month == 1:
                years = end.year - start.year
                if years == 1:
                    return f"{start.year}"
                if years == 10 and start.year % 10 == 0:
                    return f"the {start.year}s"
                return f"{start.year}–{end.year - 1}"
            if start.year == lastm.year:
                return f"{start:%b}–{lastm:%b %Y}"
            return f"{start:%b %Y} – {lastm:%b %Y}"
        return f"{_fmt_short(start)} – {_fmt_short(last)}"
    if end - start <= _DAY and start.date() == (end - timedelta(microseconds=1)).date():
        return f"{_fmt_day(start)}, {start:%H:%M}–{end:%H:%M}"
    return f"{_fmt_point(start)} – {_fmt_point(end)}"


_QUARTER_MONTHS = {1: "Jan–Mar", 4: "Apr–Jun", 7: "Jul–Sep", 10: "Oct–Dec"}


def interval_words(event: Event) -> str:
    """The event's interval in words: "Thu 30 Sep 2021", "September 2021",
    "week of Mon 20 Sep 2021 (20–26 Sep)", "Q3 2021 (Jul–Sep)",
    "from 1 Jan 2020 onward", "about 2021", "undated"."""
    start, end = _dt(event.start), _dt(event.end)
    if start is None and end is None:
        text = "undated"
    elif start is None or end is None or event.open_start or event.open_end:
        if start is not None and end is not None:  # an open range with a known part
            text = _fmt_span(start, end)
            text = (f"{text}, and maybe before" if event.open_start and not event.open_end else
                    f"{text}, and maybe beyond" if event.open_end and not event.open_start else
                    f"{text}, and maybe longer")
        elif start is None:
            text = f"until {_fmt_point(end)}" if not _midnight(end) else f"until {_fmt_day(end - _DAY)}"
        else:
            text = f"from {_fmt_point(start)} onward"
    elif event.grain == "time":
        text = _fmt_point(start) if end - start <= timedelta(minutes=1) else _fmt_span(start, end)
    elif event.grain == "week" and _midnight(start) and end - start == 7 * _DAY:
        last = end - _DAY
        text = f"week of {_fmt_day(start)} ({start.day}–{last.day} {last:%b})" if start.month == last.month \
            else f"week of {_fmt_day(start)} ({start.day} {start:%b}–{last.day} {last:%b})"
    elif event.grain == "quarter" and start.day == 1 and start.month in _QUARTER_MONTHS \
            and _midnight(start):
        text = f"Q{(start.month - 1) // 3 + 1} {start.year} ({_QUARTER_MONTHS[start.month]})"
    else:
        text = _fmt_span(start, end)
    if event.approximate and text != "undated":
        text = f"about {text}"
    return text


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
    """The hover label: title, interval in words, expression, highlighted sentence.
    Everything that comes from the article is escaped."""
    sentence, spans = clip_around(event.sentence, expression_spans(event), HOVER_SENTENCE)
    title = event.title or event.expression or event.id
    parts = [f"<b>{_esc(_short(title, 90))}</b>",
             _esc(interval_words(event)),
             f"“{_esc(_short(event.expression, 80))}”" if event.expression else "",
             highlight_html(sentence, spans, tag="b", wrap=WRAP),
             f"<i>{_esc(_short(article_title(event), 80))}</i>"]
    return "<br>".join(p for p in parts if p)


# ---------------------------------------------------------------- layout

def _kind(event: Event) -> str | None:
    """"marker", "bar", "open" or None (nothing to draw)."""
    start, end = _dt(event.start), _dt(event.end)
    if start is None and end is None:
        return None
    if event.open_start or event.open_end or start is None or end is None:
        return "open"
    if end - start <= _DAY and (event.grain in MARKER_GRAINS or event.grain is None):
        return "marker"
    return "bar"


def _precision_order(values: Iterable[str]) -> list[str]:
    rank = {g: i for i, g in enumerate(GRAINS)}
    return sorted(set(values), key=lambda v: (rank.get(v, len(rank)), v))


def lane_key(event: Event, lanes: str) -> str:
    if lanes == "source":
        return event.source or "(unknown source)"
    return event.article


def _pack(items: list[tuple[datetime, datetime, int]]) -> dict[int, int]:
    """Greedy interval packing: index -> row, rows reused once free."""
    rows: dict[int, int] = {}
    free: list[tuple[datetime, int]] = []  # (end, row)
    n_rows = 0
    for start, end, idx in sorted(items):
        if free and free[0][0] <= start:
            _, row = heapq.heappop(free)
        else:
            row = n_rows
            n_rows += 1
        rows[idx] = row
        heapq.heappush(free, (end, row))
    return rows


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


def timeline_figure(events: Sequence[Event], *, lanes: str = "article", color: str = "precision",
                    published: Iterable[date | datetime] | Mapping[str, date | datetime] | None = None,
                    visible: tuple[date | datetime, date | datetime] | None = None,
                    lane_titles: Mapping[str, str] | None = None,
                    height: int | None = None) -> go.Figure:
    """The timeline of ``events`` as a Plotly figure.

    ``lanes``: one row per "article" or per "source".  ``color``: by
    "precision" (the event's grain) or by "article".  ``published``: the
    publication dates to mark with vertical dotted lines (dates, or a mapping
    name -> date; default: the events' own publication dates).  ``visible``:
    the initial x range.  ``lane_titles`` maps lane keys (article ids) to the
    labels shown (default: the article titles the events carry).
    """
    if lanes not in ("article", "source"):
        raise ValueError(f"lanes must be 'article' or 'source', not {lanes!r}")
    if color not in ("precision", "article"):
        raise ValueError(f"color must be 'precision' or 'article', not {color!r}")
    drawn = [(e, k) for e in events if (k := _kind(e)) is not None]
    pubs = _published_points(events, published)

    # x extent (for open ranges and the empty case)
    xs = [d for e, _ in drawn for d in (_dt(e.start), _dt(e.end)) if d is not None]
    xs += [d for d, _ in pubs]
    if xs:
        lo, hi = min(xs), max(xs)
    else:
        lo = hi = datetime(2000, 1, 1)
    pad = max(timedelta(days=14), (hi - lo) * 0.06)
    edge_lo, edge_hi = _shift(lo, -pad), _shift(hi, pad)

    few = len(drawn) <= LABEL_LIMIT
    label_room = max(_DAY, (edge_hi - edge_lo) * 0.22)

    def extent(e: Event, k: str) -> tuple[datetime, datetime]:
        s, t = _dt(e.start), _dt(e.end)
        if k == "open":
            return (s if s is not None and not e.open_start else edge_lo,
                    t if t is not None and not e.open_end else edge_hi)
        if k == "marker":  # a marker occupies its day, or the room of its label
            t = max(t or s, s + (label_room if few else _DAY))
        return s, t

    # lanes in publication order (an article's day; a source's first article), top down,
    # then by their earliest event: the order a reader followed the story in
    lane_first: dict[str, tuple] = {}
    for e, k in drawn:
        key = lane_key(e, lanes)
        pub = e.published
        pub = (pub if isinstance(pub, datetime) else datetime(pub.year, pub.month, pub.day)) if pub else datetime.max
        first = (pub.replace(tzinfo=None), extent(e, k)[0])
        lane_first[key] = min(lane_first.get(key, first), first)
    lane_list = sorted(lane_first, key=lambda key: (lane_first[key], key))

    def lane_label(key: str) -> str:
        if lanes == "article":
            if lane_titles and key in lane_titles:
                return lane_titles[key]
            for e, _ in drawn:
                if e.article == key:
                    return article_title(e)
        return key

    # rows within lanes: overlapping events are stacked, each lane as tall as
    # its rows (at most MAX_ROWS, then rows are reused)
    by_lane: dict[str, list[int]] = {}
    for i, (e, _) in enumerate(drawn):
        by_lane.setdefault(lane_key(e, lanes), []).append(i)
    y_of: dict[int, float] = {}
    lane_mid: dict[str, float] = {}
    top = 0.0
    for key in lane_list:
        idxs = by_lane[key]
        rows = _pack([(*extent(drawn[i][0], drawn[i][1]), i) for i in idxs])
        k = min(MAX_ROWS, max(rows.values()) + 1)
        for i, row in rows.items():
            y_of[i] = top + (row % k) + 0.5
        lane_mid[key] = top + k / 2
        top += k + 0.6  # a gap between lanes
    total_rows = max(1.0, top - 0.6) if lane_list else 1.0
    bar_width = {i: 0.62 for i in y_of}

    # colour groups (at most len(PALETTE) groups, so few traces)
    if color == "precision":
        order = _precision_order(e.precision or "unknown" for e, _ in drawn)
        group_of = {p: i for i, p in enumerate(order)}
        names = {i % len(PALETTE): p for p, i in group_of.items()}

        def group(e: Event) -> int:
            return group_of[e.precision or "unknown"] % len(PALETTE)
    else:
        art_order = sorted({e.article for e, _ in drawn},
                           key=lambda a: (min(extent(e, k)[0] for e, k in drawn if e.article == a), a))
        art_group = {a: i % len(PALETTE) for i, a in enumerate(art_order)}
        names = {}
        for a, g in art_group.items():
            names[g] = lane_label(a) if len(art_order) <= len(PALETTE) else f"articles ({g + 1})"

        def group(e: Event) -> int:
            return art_group[e.article]

    n_markers = sum(1 for _, k in drawn if k == "marker")
    Scatter = go.Scattergl if n_markers > WEBGL_THRESHOLD else go.Scatter
    fig = go.Figure()
    groups = sorted({group(e) for e, _ in drawn})
    for g in groups:
        colour = PALETTE[g]
        name = _esc(_short(str(names.get(g, g)), 40))
        members = [(i, e, k) for i, (e, k) in enumerate(drawn) if group(e) == g]
        legend_shown = False

        def legend() -> bool:
            nonlocal legend_shown
            show = not legend_shown and (color == "precision" or len(names) <= len(PALETTE))
            legend_shown = True
            return show

        # bars: closed ranges, plus the known part of open ranges that have both bounds
        bars = [(i, e) for i, e, k in members
                if k == "bar" or (k == "open" and e.start is not None and e.end is not None)]
        if bars:
            starts = [_dt(e.start) for _, e in bars]
            fig.add_trace(go.Bar(
                orientation="h", name=name, legendgroup=f"g{g}", showlegend=legend(),
                base=[s.isoformat() for s in starts],
                x=[(_dt(e.end) - s).total_seconds() * 1000 for (_, e), s in zip(bars, starts)],
                y=[y_of[i] for i, _ in bars], width=[bar_width[i] for i, _ in bars],
                customdata=[e.id for _, e in bars],
                hovertext=[hover_html(e) for _, e in bars],
                hovertemplate="%{hovertext}<extra></extra>",
                marker=dict(color=colour, opacity=[0.6 if e.approximate or e.open_start or e.open_end
                                                  else 0.9 for _, e in bars],
                            line=dict(width=0)),
                text=[_esc(_short(e.title or e.expression, 40)) for _, e in bars] if few else None,
                textposition="inside" if few else None, insidetextanchor="start" if few else None,
                selected=SELECTED, unselected=UNSELECTED,
                meta="bars",
            ))
        marks = [(i, e) for i, e, k in members if k == "marker"]
        if marks:
            xs_m = []
            for _, e in marks:
                s, t = _dt(e.start), _dt(e.end)
                xs_m.append(s if e.grain == "time" or t is None else s + (t - s) / 2)
            fig.add_trace(Scatter(
                mode="markers+text" if few else "markers", name=name, legendgroup=f"g{g}",
                showlegend=legend(),
                x=[x.isoformat() for x in xs_m], y=[y_of[i] for i, _ in marks],
                customdata=[e.id for _, e in marks],
                hovertext=[hover_html(e) for _, e in marks],
                hovertemplate="%{hovertext}<extra></extra>",
                marker=dict(color=colour, size=11, symbol="circle",
                            opacity=[0.55 if e.approximate else 0.95 for _, e in marks],
                            line=dict(width=1, color=NEUTRAL)),
                text=[_esc(_short(e.title or e.expression, 28)) for _, e in marks] if few else None,
                textposition="middle right" if few else None,
                selected=SELECTED, unselected=UNSELECTED,
                meta="markers",
            ))
        opens = [(i, e) for i, e, k in members if k == "open"]
        if opens:
            lx, ly, lc = [], [], []
            px_, py, pc, ps, ph = [], [], [], [], []
            for i, e in opens:
                s0, t0 = _dt(e.start), _dt(e.end)
                h = hover_html(e)
                both = s0 is not None and t0 is not None  # the known part is a bar
                # dotted line from the open side's bound (or the known bound) to the edge
                for side, edge, bound, sym in (("start", edge_lo, s0 if both else t0, "triangle-left"),
                                               ("end", edge_hi, t0 if both else s0, "triangle-right")):
                    is_open = (e.open_start or s0 is None) if side == "start" else (e.open_end or t0 is None)
                    if not is_open or bound is None:
                        continue
                    lx += [bound.isoformat(), edge.isoformat(), None]
                    ly += [y_of[i], y_of[i], None]
                    lc += [e.id, e.id, None]
                    px_.append(edge.isoformat()); py.append(y_of[i]); pc.append(e.id)
                    ps.append(sym); ph.append(h)
                    if not both:  # a tick at the only known bound
                        px_.append(bound.isoformat()); py.append(y_of[i]); pc.append(e.id)
                        ps.append("line-ns"); ph.append(h)
            fig.add_trace(Scatter(
                mode="lines", name=name, legendgroup=f"g{g}", showlegend=legend(),
                x=lx, y=ly, customdata=lc, hoverinfo="skip",
                line=dict(color=colour, width=5, dash="dot"), opacity=0.7, meta="open-lines",
            ))
            fig.add_trace(Scatter(
                mode="markers", name=name, legendgroup=f"g{g}", showlegend=False,
                x=px_, y=py, customdata=pc, hovertext=ph,
                hovertemplate="%{hovertext}<extra></extra>",
                marker=dict(color=colour, size=13, symbol=ps, line=dict(width=2, color=colour)),
                selected=SELECTED, unselected=UNSELECTED,
                meta="open-ends",
            ))

    # publication dates: a few shapes, or one trace when there are many
    if len(pubs) <= 60:
        for d, _who in pubs:
            fig.add_shape(type="line", xref="x", yref="paper", x0=d.isoformat(), x1=d.isoformat(),
                          y0=0, y1=1, line=dict(color=NEUTRAL, width=1.5, dash="dot"), layer="below")
        if pubs:
            fig.add_trace(go.Scatter(
                x=[d.isoformat() for d, _ in pubs], y=[-0.25] * len(pubs), mode="markers",
                name="published", marker=dict(symbol="triangle-down", size=10, color=NEUTRAL),
                hovertext=[_esc(f"Published {_fmt_point(d)}" + (f": {_short(w, 80)}" if w else ""))
                           for d, w in pubs],
                hovertemplate="%{hovertext}<extra></extra>", meta="published",
            ))
    else:
        px_, py = [], []
        for d, _ in pubs:
            px_ += [d.isoformat(), d.isoformat(), None]
            py += [-0.3, total_rows + 0.1, None]
        fig.add_trace(go.Scattergl(x=px_, y=py, mode="lines", name="published", hoverinfo="skip",
                                   line=dict(color=NEUTRAL, width=1, dash="dot"), meta="published"))

    fig.update_layout(
        barmode="overlay",
        height=height or int(min(1600, max(300, 150 + 34 * total_rows))),
        margin=dict(l=10, r=10, t=40, b=10),
        hovermode="closest",
        hoverlabel=dict(align="left"),
        dragmode="zoom",
        clickmode="event+select",
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0,
                    title=dict(text="precision" if color == "precision" else "")),
        uniformtext=dict(minsize=9, mode="hide"),
    )
    fig.update_yaxes(
        tickmode="array", tickvals=[lane_mid[k] for k in lane_list],
        ticktext=[_esc(_short(lane_label(k), 28)) for k in lane_list],
        range=[total_rows + 0.1, -0.45], zeroline=False, showgrid=False, fixedrange=True,
        automargin=True,
    )
    xaxis = dict(
        type="date", showgrid=True,
        rangeselector=dict(buttons=[
            dict(count=1, label="1m", step="month", stepmode="backward"),
            dict(count=6, label="6m", step="month", stepmode="backward"),
            dict(count=1, label="1y", step="year", stepmode="backward"),
            dict(label="all", step="all"),
        ], x=1, xanchor="right", y=1.02, yanchor="bottom"),
    )
    if visible is not None:
        a, b = _dt(visible[0]), _dt(visible[1])
        xaxis["range"] = [a.isoformat(), (b + _DAY).isoformat() if _midnight(b) else b.isoformat()]
    elif xs:
        focus = story_window([e for e, _ in drawn], [d for d, _ in pubs], (edge_lo, edge_hi))
        xaxis["range"] = [focus[0].isoformat(), focus[1].isoformat()]
    fig.update_xaxes(**xaxis)
    if not drawn:
        fig.add_annotation(text="No dated events to show", showarrow=False, xref="paper",
                           yref="paper", x=0.5, y=0.5, font=dict(size=16, color=NEUTRAL))
        fig.update_yaxes(showticklabels=False)
    return fig


def story_window(events: Sequence[Event], published: Sequence[datetime],
                 extent: tuple[datetime, datetime]) -> tuple[datetime, datetime]:
    """The first view: the weeks around publication when most events fall
    there (a story's "Wednesday", "last week", "this month"), so that a few
    far dates ("in 2005", open ranges over years) do not squeeze them into a
    sliver; otherwise the whole extent.  The "all" button shows everything."""
    lo, hi = extent
    if not published or not events:
        return lo, hi
    w0, w1 = _shift(min(published), timedelta(days=-45)), _shift(max(published), timedelta(days=30))
    inside = sum(1 for e in events
                 if (_dt(e.start) or w0) < w1 and (_dt(e.end) or w1) > w0 and not (e.open_start or e.open_end))
    if (hi - lo) > 2 * (w1 - w0) and inside * 2 >= len(events):
        return max(lo, w0), min(hi, w1)
    return lo, hi


def _shift(d: datetime, delta: timedelta) -> datetime:
    """``d + delta``, held at the calendar's ends (year 1, year 9999) instead of overflowing."""
    try:
        return d + delta
    except OverflowError:
        return datetime.min if delta < timedelta(0) else datetime.max


def event_ids(fig: go.Figure) -> list[str]:
    """The distinct event ids drawn in ``fig`` (from the traces' customdata)."""
    seen: dict[str, None] = {}
    for tr in fig.data:
        for c in tr.customdata if tr.customdata is not None else ():
            if c is not None:
                seen.setdefault(str(c), None)
    return list(seen)
