"""Where things go on the timeline: pure geometry for :mod:`ui.chart`.

No Plotly and no Streamlit here.  Given the events to draw, this module
decides the x extent and the first view, which events are marks, bars or
faint background bands, the lanes (in publication order) and the rows inside
each lane, and which short labels fit beside their marks.

Label fitting works in pixels of an assumed plot width (``width_px``) over
the *initial* x range (``visible``, else :func:`story_window`): after a zoom
the labels stay where they were placed, and the hover still says everything.
Text widths are estimated generously from character counts
(:func:`ui.story.text_width_px`).
"""
from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from pipeline.model import Event
from pipeline.wording import short_month

#: Grains drawn as markers; everything longer is a bar (or a band).
MARKER_GRAINS = ("time", "day")
#: Grains always drawn as a faint background band (they span most views).
LONG_GRAINS = ("year", "decade", "century")
#: A closed range longer than this share of the first view is a band too.
LONG_FRACTION = 1 / 3
#: Sub-rows inside one lane (events that overlap in time are stacked).
MAX_ROWS = 8
#: With more drawn items than this, no labels at all (hover only).
LABEL_MAX = 300
#: Rows a lane may grow to so that its labels fit beside their marks.
LABEL_ROWS = 5
#: Longest mark label, in characters (the hover has the whole title).
LABEL_CHARS = 24
#: Label font size, marker size and the space between a mark and its label (px).
FONT_PX = 11
MARK_PX = 11
PAD_PX = 6
#: Room left and right of the plot (px): the figure's side margins.
SIDE_PX = 20
#: Height (in rows) of the line above each lane that holds the lane's name,
#: and of the gap between lanes.
LANE_HEAD = 0.7
LANE_GAP = 0.3
#: Where the publication marks sit (y, above the first lane; the axis is reversed).
PUB_Y = -0.45

_DAY = timedelta(days=1)


def _dt(value: date | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day)


def _shift(d: datetime, delta: timedelta) -> datetime:
    """``d + delta``, held at the calendar's ends (year 1, year 9999) instead of overflowing."""
    try:
        return d + delta
    except OverflowError:
        return datetime.min if delta < timedelta(0) else datetime.max


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


def lane_key(event: Event, lanes: str) -> str:
    if lanes == "source":
        return event.source or "(unknown source)"
    return event.article


def _pack(items: Iterable[tuple]) -> dict[int, int]:
    """Greedy interval packing of ``(start, end, index)``: index -> row, rows reused once free."""
    rows: dict[int, int] = {}
    free: list[tuple] = []  # (end, row)
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


# ------------------------------------------------------------------ the x frame

@dataclass(frozen=True)
class Frame:
    """The x geometry: ``edge`` the padded extent of everything (open ranges
    run to it), ``view`` the initial x range, ``plot_px`` its assumed width."""

    edge: tuple[datetime, datetime]
    view: tuple[datetime, datetime]
    plot_px: float

    def px(self, d: datetime) -> float:
        """``d`` in pixels from the left of the first view."""
        span = max((self.view[1] - self.view[0]).total_seconds(), 1.0)
        return (d - self.view[0]).total_seconds() / span * self.plot_px

    def later(self, d: datetime, px: float) -> datetime:
        """``d`` moved ``px`` pixels to the right (left when negative)."""
        return _shift(d, (self.view[1] - self.view[0]) * (px / self.plot_px))


def frame(events: Sequence[Event], pubs: Sequence[datetime],
          visible: tuple[datetime, datetime] | None, width_px: float) -> Frame:
    """The extent of ``events`` and ``pubs`` padded by 6 % (at least two
    weeks), and the first view: ``visible``, else :func:`story_window`."""
    xs = [d for e in events for d in (_dt(e.start), _dt(e.end)) if d is not None] + list(pubs)
    lo, hi = (min(xs), max(xs)) if xs else (datetime(2000, 1, 1),) * 2
    pad = max(timedelta(days=14), (hi - lo) * 0.06)
    edge = (_shift(lo, -pad), _shift(hi, pad))
    if visible is not None:
        view = visible
    elif xs:
        view = story_window(events, pubs, edge)
    else:
        view = edge
    if view[1] <= view[0]:
        view = (view[0], _shift(view[0], _DAY))
    return Frame(edge, view, max(100.0, width_px - SIDE_PX))


# ------------------------------------------------------------------ the items

@dataclass
class Item:
    """One drawn event: ``kind`` "marker", "bar" or "band" over ``[x0, x1)``
    (``x`` is where a marker sits), its ``lane``, ``row`` and ``y``, its
    ``label`` and where it goes: ``side`` "right" or "left" of the mark or
    bar, "inside" the bar, or "" (hidden),
    and the band's arrows ``(x, "triangle-left" | "triangle-right")``."""

    event: Event
    kind: str
    x0: datetime
    x1: datetime
    x: datetime
    lane: str = ""
    row: int = 0
    y: float = 0.0
    label: str = ""
    side: str = ""
    arrows: list[tuple[datetime, str]] = field(default_factory=list)


def items(events: Iterable[Event], fr: Frame, lanes: str) -> list[Item]:
    """The drawable events as items: day and time events are markers, closed
    ranges bars, and open ranges and long periods (a year or longer, or over
    :data:`LONG_FRACTION` of the first view) faint bands."""
    view_span = fr.view[1] - fr.view[0]
    out = []
    for e in events:
        k = _kind(e)
        if k is None:
            continue
        s, t = _dt(e.start), _dt(e.end)
        if k == "marker":
            x = s if e.grain == "time" or t is None else s + (t - s) / 2
            out.append(Item(e, "marker", s, t, x, lane_key(e, lanes)))
        elif k == "bar" and e.grain not in LONG_GRAINS and t - s <= view_span * LONG_FRACTION:
            out.append(Item(e, "bar", s, t, s, lane_key(e, lanes)))
        else:
            x0, x1 = s if s is not None else fr.edge[0], t if t is not None else fr.edge[1]
            out.append(Item(e, "band", x0, x1, x0, lane_key(e, lanes), arrows=_arrows(e, x0, x1, fr)))
    return out


def _arrows(e: Event, x0: datetime, x1: datetime, fr: Frame) -> list[tuple[datetime, str]]:
    """▶ / ◀ at a band's open side, and a second one just inside the first
    view where the band runs out of it on that side (so it shows at first)."""
    out = []
    inset = 8
    if e.open_start or e.start is None:
        out.append((x0, "triangle-left"))
        if x0 < fr.view[0] < x1:
            out.append((fr.later(fr.view[0], inset), "triangle-left"))
    if e.open_end or e.end is None:
        out.append((x1, "triangle-right"))
        if x0 < fr.view[1] < x1:
            out.append((fr.later(fr.view[1], -inset), "triangle-right"))
    return out


def lane_order(its: Sequence[Item]) -> list[str]:
    """The lanes in publication order (an article's day; a source's first
    article), top down, then by their earliest event: the order a reader
    followed the story in."""
    first: dict[str, tuple] = {}
    for it in its:
        pub = _dt(it.event.published) or datetime.max
        key = (pub.replace(tzinfo=None), it.x0)
        first[it.lane] = min(first.get(it.lane, key), key)
    return sorted(first, key=lambda k: (first[k], k))


# ------------------------------------------------------------------ rows and labels

def _footprint(it: Item, fr: Frame, label_px: float = 0.0) -> tuple[float, float]:
    """The item's extent in pixels (a marker: its dot, and its label's room when given)."""
    if it.kind == "marker":
        x = fr.px(it.x)
        return x - MARK_PX / 2, x + MARK_PX / 2 + (PAD_PX + label_px if label_px else 0.0)
    a = fr.px(it.x0)
    return a, max(fr.px(it.x1), a + MARK_PX)


def stack(its: Sequence[Item], lane_list: Sequence[str], fr: Frame,
          label_px: dict[int, float] | None = None) -> tuple[dict[str, float], float]:
    """Give every item its row and y, lane by lane (in ``lane_list`` order):
    marks and bars that overlap are stacked into rows (at most
    :data:`MAX_ROWS`, then rows are reused); a lane first tries rows that
    leave its labels room (``label_px``: index -> label width), if that takes
    at most :data:`LABEL_ROWS` rows.  Bands go behind the marks
    (:func:`_band_rows`).  Returns each lane's head y (where its name goes)
    and the total height in rows."""
    by_lane: dict[str, list[int]] = {}
    for i, it in enumerate(its):
        by_lane.setdefault(it.lane, []).append(i)
    heads: dict[str, float] = {}
    top = 0.0
    for key in lane_list:
        fore = [i for i in by_lane[key] if its[i].kind != "band"]
        rows = {}
        if label_px:
            rows = _pack((*_footprint(its[i], fr, label_px.get(i, 0.0)), i) for i in fore)
            if rows and max(rows.values()) >= LABEL_ROWS:
                rows = {}
        rows = rows or _pack((*_footprint(its[i], fr), i) for i in fore)
        n = min(MAX_ROWS, max(rows.values(), default=0) + 1)
        rows = {i: r % n for i, r in rows.items()}
        rows.update(_band_rows([i for i in by_lane[key] if its[i].kind == "band"], rows, its, fr))
        n = max(rows.values()) + 1
        for i, row in rows.items():
            its[i].row = row
            its[i].y = top + LANE_HEAD + row + 0.5
        heads[key] = top + LANE_HEAD / 2
        top += LANE_HEAD + n + LANE_GAP
    return heads, max(1.0, top - LANE_GAP)


def _band_rows(bands: Sequence[int], fore_rows: dict[int, int], its: Sequence[Item],
               fr: Frame) -> dict[int, int]:
    """Rows for a lane's bands: the first row where the band meets no other
    band and no bar (marks may lie on it: a click near a mark goes to the
    mark, but one on a bar lying on a long band could go to the band), at
    most :data:`MAX_ROWS` rows, then the row free soonest."""
    bars: dict[int, list[tuple[float, float]]] = {}
    for i, r in fore_rows.items():
        if its[i].kind == "bar":
            bars.setdefault(r, []).append(_footprint(its[i], fr))
    starts = {r: sorted(a for a, _ in v) for r, v in bars.items()}
    reach = {r: [] for r in bars}  # per row: the furthest bar end up to each start
    for r, v in bars.items():
        far = float("-inf")
        for _, b in sorted(v):
            far = max(far, b)
            reach[r].append(far)

    def hits_bar(r: int, a: float, b: float) -> bool:
        k = bisect.bisect_left(starts.get(r, ()), b)  # bars starting before the band ends
        return k > 0 and reach[r][k - 1] > a

    ends: list[float] = []  # per row: the end of its last band
    out: dict[int, int] = {}
    for a, b, i in sorted((*_footprint(its[i], fr), i) for i in bands):
        free = [r for r in range(MAX_ROWS) if (r >= len(ends) or ends[r] <= a) and not hits_bar(r, a, b)]
        r = free[0] if free else min(range(MAX_ROWS), key=lambda r: ends[r] if r < len(ends) else a)
        ends += [float("-inf")] * (r + 1 - len(ends))
        ends[r] = max(ends[r], b)
        out[i] = r
    return out


def place_labels(row: Sequence[tuple[float, float, float | None]], limit: tuple[float, float],
                 pad: float = PAD_PX, gap: float = 4.0, right_only: Sequence[bool] = ()) -> list[str]:
    """Sides for the labels of one row of items, greedily from left to right.

    ``row`` holds ``(left, right, width)`` per item (pixels; ``width`` None
    for an item without a label).  A label goes right of its item when it
    ends (``gap`` short of it) before the next item and inside ``limit``, else
    left of it (unless ``right_only[i]``) when it starts after every earlier
    item and label, else it is hidden ("").  No two labels, and no label and
    item, of the row overlap.  O(n log n).
    """
    order = sorted(range(len(row)), key=lambda i: (row[i][0], row[i][1]))
    sides = [""] * len(row)
    reach = limit[0]  # the right end of everything placed so far (items and labels)
    for pos, i in enumerate(order):
        left, right, width = row[i]
        nxt = row[order[pos + 1]][0] if pos + 1 < len(order) else limit[1]
        if width is not None and limit[0] <= left and right <= limit[1]:
            if reach <= right + pad and right + pad + width <= min(nxt - gap, limit[1]):
                sides[i] = "right"
            elif max(reach + gap, limit[0]) <= left - pad - width and not (right_only and right_only[i]):
                sides[i] = "left"
        reach = max(reach, right + (pad + width if sides[i] == "right" else 0.0))
    return sides


def _label_texts(its: Sequence[Item]) -> tuple[dict[int, str], dict[int, float]]:
    """Short labels for the markers and bars (index -> text): the event's
    title, cut; and their widths (px)."""
    from .story import short_label, text_width_px  # ui.story imports ui.chart: imported when used

    texts = {i: short_label(it.event.title or it.event.expression, LABEL_CHARS)
             for i, it in enumerate(its) if it.kind in ("marker", "bar")}
    return texts, {i: text_width_px(t, FONT_PX) for i, t in texts.items()}


def fit_labels(its: Sequence[Item], fr: Frame, texts: dict[int, str], widths: dict[int, float]) -> None:
    """Place the labels row by row (:func:`place_labels`): a bar's label goes
    inside it where it fits (side "inside"), else right of it where there is
    room; a marker's right or left of it.  The bands' arrows take room in
    their rows, bands themselves do not."""
    rows: dict[tuple[str, int], list[tuple[float, float, float | None, int]]] = {}
    for i, it in enumerate(its):
        key = (it.lane, it.row)
        if it.kind == "band":
            for x, _ in it.arrows:
                p = fr.px(x)
                rows.setdefault(key, []).append((p - MARK_PX / 2, p + MARK_PX / 2, None, -1))
            continue
        a, b = _footprint(it, fr)
        w = widths.get(i)
        if it.kind == "bar" and w is not None and w + 2 * PAD_PX <= b - a:
            it.label, it.side, w = texts[i], "inside", None
        rows.setdefault(key, []).append((a, b, w, i))
    for row in rows.values():
        sides = place_labels([(a, b, w) for a, b, w, _ in row], (0.0, fr.plot_px),
                             right_only=[i >= 0 and its[i].kind == "bar" for *_, i in row])
        for (_, _, _, i), side in zip(row, sides):
            if i >= 0 and side:
                its[i].label, its[i].side = texts[i], side


def arrange(its: Sequence[Item], fr: Frame, labelled: bool) -> tuple[list[str], dict[str, float], float]:
    """Lanes, rows and labels: the lanes in order, each lane's head y and the
    total height in rows (see :func:`stack`); labels only when ``labelled``."""
    texts, widths = _label_texts(its) if labelled else ({}, {})
    lane_list = lane_order(its)
    heads, total = stack(its, lane_list, fr, {i: w for i, w in widths.items() if its[i].kind == "marker"})
    if labelled:
        fit_labels(its, fr, texts, widths)
    return lane_list, heads, total


def pub_labels(pubs: Sequence[datetime], fr: Frame) -> list[tuple[str, str]]:
    """Labels for the publication marks: "published 30 Sep" for one date,
    else the dates ("30 Sep", with the year when they span years), each
    shown only where it fits without covering another: ``(text, side)``
    per date, ``("", "")`` when hidden."""
    if not pubs or len(pubs) > LABEL_MAX:
        return [("", "")] * len(pubs)
    from .story import text_width_px

    years = {d.year for d in pubs}
    texts = [f"{d.day} {short_month(d)}" + (f" {d.year}" if len(years) > 1 else "") for d in pubs]
    if len(pubs) == 1:
        texts = [f"published {texts[0]}"]
    row = [(fr.px(d) - MARK_PX / 2, fr.px(d) + MARK_PX / 2, text_width_px(t, FONT_PX))
           for d, t in zip(pubs, texts)]
    sides = place_labels(row, (0.0, fr.plot_px))
    return [(t, s) if s else ("", "") for t, s in zip(texts, sides)]
