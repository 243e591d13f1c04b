"""The Story view: key dates on one lane, date-ordered cards, hand edits.

Pure functions (no Streamlit import), tested in ``tests/test_ui_story.py``:

* :func:`default_mode`: which view comes first (Story with 3+ articles);
* :func:`layout_labels`: where each headline sits beside its mark on the
  lane (above or below, in rows) so that no two labels overlap;
* :func:`story_figure`: the lane and, under it, the density strip (events
  per day) as one Plotly figure with a shared date axis;
* :func:`entry_html` / :func:`entry_context_html`: a card and the sentences
  in their articles, all article text HTML-escaped;
* the small helpers that change the edits (pin, remove, retype, restore);
  :func:`apply_story_edits`, :func:`originals` and :func:`entry_key` come from
  ``pipeline.story_edits`` (the ``story`` command applies a project's edits
  with them too) and build the story that is shown and exported.

Edits are a plain mapping keyed by :func:`entry_key` (the entry's date)::

    {"2024-03-04": {"pin": StoryEntry, "remove": True,
                    "headline": "…", "summary": ("…", "…")}}

``"pin"`` holds the entry as it was when pinned, so it stays when a smaller
number of key dates no longer selects it.
"""
from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from pipeline.model import Article, Event
from pipeline.story_edits import apply_story_edits, entry_key, originals  # noqa: F401  (ui.story.*, for the app)
from pipeline.story_model import Story, StoryEntry
from pipeline.wording import day_words

from .chart import NEUTRAL, PALETTE, _shift
from .state import MODES  # noqa: F401  ("story", "events"), for the app
from .views import _when, context_bounds, context_html, safe_url

MODE_NAMES = {"story": "Story", "events": "All events"}
#: From this many (dated) articles on, the Story view comes first.
STORY_FIRST = 3
#: The export formats offered for a story: (format, button, file name, MIME type).
EXPORTS = (("json", "JSON", "chronicle-story.json", "application/json"),
           ("md", "Markdown", "chronicle-story.md", "text/markdown"),
           ("csv", "CSV (TimelineJS sheet)", "chronicle-story.csv", "text/csv"),
           ("timelinejs", "TimelineJS", "chronicle-story-timelinejs.json", "application/json"))

#: The chart width the label layout is computed for (px): the width of the
#: main column in a window about 1,200 px wide.  Wider charts only spread the
#: labels further apart (the lane does not zoom), and the widths of the labels
#: are estimated generously, so they hold a little narrower too.
STORY_WIDTH_PX = 780
#: Room left of the plot for the axis names ("Key dates"), and right of it (px).
MARGIN_LEFT, MARGIN_RIGHT = 84, 20
#: Label font size and the height of one row of labels (px).
FONT_PX = 12
ROW_PX = 22
#: Space between a mark and its label, and around a label (px).
PAD_PX = 6
#: Longest label, in characters (the card has the full headline).
LABEL_CHARS = 56
#: Height of the density strip (px).
STRIP_PX = 70

_DAY = timedelta(days=1)


def esc(text: str) -> str:
    """Escape text for Plotly's HTML subset (``&``, ``<``, ``>``)."""
    return html.escape(str(text), quote=False)


def default_mode(n_articles: int) -> str:
    """The view that comes first: "story" with :data:`STORY_FIRST` or more
    dated articles, else "events"."""
    return "story" if n_articles >= STORY_FIRST else "events"


# ---------------------------------------------------------------- label layout

_NARROW = set("fijlrtI.,:;!|'\"()[]{} -")
_WIDE = set("mwMW@%")


def text_width_px(text: str, font_px: float = FONT_PX) -> float:
    """A generous estimate of ``text``'s width in a proportional font."""
    w = 0.0
    for ch in text:
        if ch in _NARROW:
            w += 3.8
        elif ch in _WIDE:
            w += 10.5
        elif ch.isupper() or ord(ch) > 0x2E80:  # capitals, CJK and the like
            w += 8.4
        else:
            w += 6.8
    return w * font_px / 12.0


def short_label(text: str, limit: int = LABEL_CHARS) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-") + "…"


@dataclass(frozen=True)
class Slot:
    """Where a label sits: ``side`` +1 above the lane or -1 below, ``row`` 0
    nearest the lane; ``left``/``right`` its horizontal extent (fractions of
    the axis); ``anchor`` "left" (text starts at the mark) or "right" (text
    ends at the mark); ``x`` the mark's position."""

    x: float
    side: int
    row: int
    left: float
    right: float
    anchor: str

    @property
    def level(self) -> int:
        """The label's height in rows: 1, 2, … above the lane, -1, -2, … below."""
        return self.side * (self.row + 1)


def layout_labels(xs: Sequence[float], widths: Sequence[float], *, gap: float = 0.004) -> list[Slot]:
    """Slots for labels of the given widths beside marks at ``xs`` (both in
    fractions of the axis width, 0 to 1) so that no two labels overlap.

    Labels alternate above and below the lane and stack into rows where they
    would collide.  A label starts at its mark and runs right, or ends at its
    mark when it would run past the right edge.  Marks are placed from right
    to left, each at the lowest free row, and a label never covers the line
    from another mark to its (higher) label; a mark's own line avoids lower
    labels too where any row allows (two labels never overlap, whatever).
    """
    if len(xs) != len(widths):
        raise ValueError("xs and widths differ in length")
    n = len(xs)
    slots: list[Slot | None] = [None] * n
    placed: list[Slot] = []
    order = sorted(range(n), key=lambda i: (-xs[i], -i))
    last_side = -1

    def box(i: int) -> tuple[float, float, str]:
        x, w = xs[i], max(0.0, widths[i])
        if x + w <= 1.0 or x - w < 0.0:
            return x, x + w, "left"
        return x - w, x, "right"

    def free(side: int, row: int, lo: float, hi: float, x: float, strict: bool) -> bool:
        for s in placed:
            if s.side != side:
                continue
            if s.row == row and lo < s.right + gap and s.left < hi + gap:
                return False  # two labels in one row
            if s.row > row and lo - gap < s.x < hi + gap:
                return False  # this label would cover the line up to a higher one
            if strict and s.row < row and s.left - gap < x < s.right + gap:
                return False  # this mark's line would cross a lower label
        return True

    for i in order:
        lo, hi, anchor = box(i)
        best: tuple[int, int, int] | None = None  # (row, preference, side)
        for strict in (True, False):
            for pref, side in enumerate((-last_side, last_side)):
                limit = n + 1 if best is None else best[0] + 1
                for row in range(limit):
                    if free(side, row, lo, hi, xs[i], strict):
                        if best is None or (row, pref) < best[:2]:
                            best = (row, pref, side)
                        break
            if best is not None:
                break
        assert best is not None  # a row above every label is always free
        row, _, side = best
        slot = Slot(x=xs[i], side=side, row=row, left=lo, right=hi, anchor=anchor)
        slots[i] = slot
        placed.append(slot)
        last_side = side
    return [s for s in slots if s is not None]


def label_boxes(slots: Sequence[Slot], height: float = (FONT_PX + 4) / ROW_PX) -> list[tuple[float, float, float, float]]:
    """Each label's box ``(x0, x1, y0, y1)``: x in fractions of the axis, y in rows."""
    return [(s.left, s.right, s.level - height / 2, s.level + height / 2) for s in slots]


# ---------------------------------------------------------------- the figure

def _noon(d: date) -> datetime:
    return datetime.combine(d, time(12))


def entry_x(entry: StoryEntry) -> datetime:
    """Where an entry's mark sits: midday, or the middle of its week or month."""
    if entry.grain == "day":
        return _noon(entry.date)
    start = datetime.combine(entry.date, time())
    return start + (datetime.combine(entry.end, time()) - start) / 2


def x_range(story: Story) -> tuple[datetime, datetime]:
    """The lane's date range: the key dates, and the days of the density strip
    near them (within the key dates' own span, or a week, on either side: a
    lone far-off day does not squeeze the story into a sliver), padded."""
    marks = [entry_x(e) for e in story.entries]
    days = [_noon(d) for d, _ in story.density]
    if marks:
        reach = max(7 * _DAY, max(marks) - min(marks))
        days = [d for d in days if _shift(min(marks), -reach) <= d <= _shift(max(marks), reach)]
    xs = marks + days
    if not xs:
        t = datetime(2000, 1, 1)
        return t - 3 * _DAY, t + 3 * _DAY
    lo, hi = min(xs), max(xs)
    pad = max(_DAY, (hi - lo) * 0.03)
    return _shift(lo, -pad), _shift(hi, pad)


def _fit_labels(lo: datetime, hi: datetime, marks: Sequence[datetime], widths: Sequence[float],
                most: float = 0.3) -> datetime:
    """A right end for the axis that lets the labels of the last marks run
    right of their marks (giving up at most ``most`` of the width for it)."""
    span = hi - lo
    need = span
    for x, w in zip(marks, widths):
        if w < 0.99:
            need = max(need, (x - lo) / (0.99 - w))  # a hair to spare
    return _shift(lo, min(need, span / (1 - most)))


def _hover(entry: StoryEntry, pinned: bool) -> str:
    lines = [f"<b>{esc(entry.label)}</b>" + (" · pinned" if pinned else ""),
             esc(short_label(entry.headline, 90))]
    if entry.summary:
        lines.append(f"<i>{esc(short_label(entry.summary[0], 110))}</i>")
    n = len(entry.sources)
    lines.append(f"{n} source{'s' if n != 1 else ''}")
    return "<br>".join(lines)


def _label_text(entry: StoryEntry, plot_px: float) -> str:
    """The label: the headline (or the date), shortened so it takes at most
    about 45 % of the plot's width."""
    text = entry.headline or entry.label
    limit = LABEL_CHARS
    label = short_label(text, limit)
    while limit > 8 and text_width_px(label) + 2 * PAD_PX > 0.45 * plot_px:
        limit -= 4
        label = short_label(text, limit)
    return label


def story_figure(story: Story, *, pinned: Sequence[str] = (), width_px: int = STORY_WIDTH_PX) -> go.Figure:
    """The story's key dates on one lane with the headline beside each mark
    (labels never overlap: :func:`layout_labels`), and under it a thin bar
    chart of the events per day (``story.density``).  The marks and labels
    carry the entry's key (its date) in ``customdata``.  All article text is
    escaped for Plotly's HTML subset."""
    entries = list(story.entries)
    lo, hi = x_range(story)
    plot_px = max(200.0, width_px - MARGIN_LEFT - MARGIN_RIGHT)
    labels = [_label_text(e, plot_px) for e in entries]
    widths = [(text_width_px(t) + 2 * PAD_PX) / plot_px for t in labels]
    hi = _fit_labels(lo, hi, [entry_x(e) for e in entries], widths)
    span = (hi - lo).total_seconds()
    xs = [(entry_x(e) - lo).total_seconds() / span for e in entries]
    slots = layout_labels(xs, widths)
    above = max([s.row + 1 for s in slots if s.side > 0], default=0)
    below = max([s.row + 1 for s in slots if s.side < 0], default=0)
    lane_px = ROW_PX * (above + below + 2)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=24 / (lane_px + STRIP_PX + 24),
                        row_heights=[lane_px, STRIP_PX])
    # the lane
    fig.add_trace(go.Scatter(x=[lo.isoformat(), hi.isoformat()], y=[0, 0], mode="lines",
                             line=dict(color=NEUTRAL, width=2), hoverinfo="skip", showlegend=False,
                             meta="lane"), row=1, col=1)
    # lines from the marks to their labels
    cx: list = []
    cy: list = []
    for e, s in zip(entries, slots):
        x = entry_x(e).isoformat()
        cx += [x, x, None]
        cy += [0, s.level - s.side * 0.3, None]
    fig.add_trace(go.Scatter(x=cx, y=cy, mode="lines", line=dict(color=NEUTRAL, width=1),
                             hoverinfo="skip", showlegend=False, meta="connectors"), row=1, col=1)
    keys = [entry_key(e) for e in entries]
    pins = set(pinned)
    hovers = [_hover(e, k in pins) for e, k in zip(entries, keys)]
    fig.add_trace(go.Scatter(
        x=[entry_x(e).isoformat() for e in entries], y=[0] * len(entries), mode="markers",
        marker=dict(size=[15 if k in pins else 12 for k in keys],
                    symbol=["star" if k in pins else "circle" if e.grain == "day" else "square"
                            for e, k in zip(entries, keys)],
                    color=PALETTE[0], line=dict(width=1, color=NEUTRAL)),
        customdata=keys, hovertext=hovers, hovertemplate="%{hovertext}<extra></extra>",
        showlegend=False, meta="marks"), row=1, col=1)
    fig.add_trace(go.Scatter(
        x=[entry_x(e).isoformat() for e in entries], y=[s.level for s in slots], mode="text",
        text=[esc(t) for t in labels],
        textposition=["middle right" if s.anchor == "left" else "middle left" for s in slots],
        textfont=dict(size=FONT_PX), cliponaxis=False, customdata=keys, hovertext=hovers,
        hovertemplate="%{hovertext}<extra></extra>", showlegend=False, meta="labels"), row=1, col=1)
    # the density strip
    # a bar is a day wide, or wide enough to see on a long axis
    fig.add_trace(density_bars(story.density, width=max(0.8 * _DAY, (hi - lo) / 300)), row=2, col=1)
    fig.update_layout(
        height=lane_px + STRIP_PX + 24 + 50, showlegend=False, hovermode="closest",
        margin=dict(l=MARGIN_LEFT, r=MARGIN_RIGHT, t=10, b=40),
        hoverlabel=dict(align="left"), bargap=0.15, dragmode=False,
    )
    fig.update_xaxes(type="date", range=[lo.isoformat(), hi.isoformat()], fixedrange=True, showgrid=True)
    fig.update_xaxes(showticklabels=False, row=1, col=1)
    fig.update_yaxes(row=1, col=1, tickmode="array", tickvals=[0], ticktext=["Key dates"],
                     range=[-below - 0.7, above + 0.7], zeroline=False, showgrid=False, fixedrange=True)
    top = max((c for _, c in story.density), default=1)
    fig.update_yaxes(row=2, col=1, tickmode="array", tickvals=[top], ticktext=[f"{top} a day"],
                     range=[0, top * 1.1], zeroline=False, showgrid=False, fixedrange=True)
    if not entries:
        fig.add_annotation(text="No key dates", showarrow=False, xref="paper", yref="paper",
                           x=0.5, y=0.8, font=dict(size=16, color=NEUTRAL))
    return fig


def density_bars(density: Sequence[tuple[date, int]], width: timedelta = 0.8 * _DAY) -> go.Bar:
    """The density strip: one thin bar per day, as tall as its number of events."""
    return go.Bar(x=[_noon(d).isoformat() for d, _ in density], y=[c for _, c in density],
                  width=[width.total_seconds() * 1000] * len(density),
                  marker=dict(color=NEUTRAL), showlegend=False, meta="density",
                  hovertext=[f"{day_words(d)}: {c} event{'s' if c != 1 else ''}"
                             for d, c in density],
                  hovertemplate="%{hovertext}<extra></extra>")


# ---------------------------------------------------------------- cards

def _source_html(s) -> str:
    name = html.escape(" ".join((s.title or s.article or "").split()) or "untitled")
    link = safe_url(s.url)
    if link:
        name = (f"<a href='{html.escape(link, quote=True)}' target='_blank' "
                f"rel='noopener noreferrer'>{name}</a>")
    extra = ", ".join(x for x in (html.escape(s.source) if s.source else "",
                                  f"published {html.escape(_when(s.published))}" if s.published else "")
                      if x)
    return f"<li>{name}{' — ' + extra if extra else ''}</li>"


def entry_html(entry: StoryEntry, *, pinned: bool = False, edited: bool = False) -> str:
    """A card's text: the date in words, the headline, the summary sentences
    and the sources (outlet, title, publication date, a link only for an
    http(s) URL).  Everything from the articles is HTML-escaped."""
    e = html.escape
    flags = "".join(f" · {f}" for f, on in (("pinned", pinned), ("edited", edited)) if on)
    parts = [f"<div class='chronicle-card' data-date='{e(entry_key(entry))}'>",
             f"<p style='margin:0;opacity:.75;font-size:.9em'>{e(entry.label)}{flags}</p>",
             f"<h4 style='margin:.1em 0 .3em 0'>{e(entry.headline or entry.label)}</h4>"]
    for sentence in entry.summary:
        parts.append(f"<p style='margin:.2em 0'>{e(sentence)}</p>")
    if entry.sources:
        label = "Source" if len(entry.sources) == 1 else f"Sources ({len(entry.sources)})"
        parts.append(f"<p style='margin:.4em 0 0 0;font-size:.9em'><b>{label}:</b></p>"
                     f"<ul style='margin:0;font-size:.9em'>{''.join(_source_html(s) for s in entry.sources)}</ul>")
    parts.append("</div>")
    return "".join(parts)


def _span_context_html(span: tuple[str, int, int], art: Article) -> str:
    """An opening sentence of a report (no event of its own) in its article; escaped."""
    aid, s, e = span
    text = art.text or ""
    if not (0 <= s < e <= len(text)):
        return ""
    lo, hi = context_bounds(text, s, e, 2)
    body = (("…" if lo > 0 else "") + html.escape(text[lo:s].lstrip()) + f"<b>{html.escape(text[s:e])}</b>"
            + html.escape(text[e:hi].rstrip()) + ("…" if hi < len(text) else ""))
    body = body.replace("\n", "<br>")
    title = art.title or aid
    return (f"<div class='chronicle-context' data-article='{html.escape(aid, quote=True)}'>"
            "<blockquote style='margin:.3em 0;padding-left:.8em;border-left:3px solid #8c8c8c'>"
            f"{body}</blockquote>"
            f"<p style='margin:0 0 .6em 0;font-size:.85em;opacity:.8'>— {html.escape(title)}</p></div>")


def entry_context_html(entry: StoryEntry, events: Mapping[str, Event],
                       articles: Mapping[str, Article]) -> str:
    """Each summary sentence in its article: the sentence (expression marked)
    with the sentences around it, and the article's title; escaped.  Events
    are looked up by id among ``events`` (the app's events)."""
    parts = []
    spans = list(entry.summary_spans) + [None] * (len(entry.summary_events) - len(entry.summary_spans))
    for eid, span in zip(entry.summary_events or entry.events[:1], spans or [None]):
        ev = events.get(eid)
        if ev is None and span is not None and span[0] in articles:
            parts.append(_span_context_html(span, articles[span[0]]))
            continue
        if ev is None:
            continue
        art = articles.get(ev.article)
        title = (art.title if art and art.title else "") or ev.article
        parts.append(
            f"<div class='chronicle-context' data-event-id='{html.escape(ev.id, quote=True)}'>"
            "<blockquote style='margin:.3em 0;padding-left:.8em;border-left:3px solid #8c8c8c'>"
            f"{context_html(ev, art.text if art else None)}</blockquote>"
            f"<p style='margin:0 0 .6em 0;font-size:.85em;opacity:.8'>— {html.escape(title)}</p></div>")
    return "".join(parts) or "<p>The sentences of this date are not among the events shown.</p>"


# ---------------------------------------------------------------- edits

def _with(edits: Mapping[str, Mapping], key: str, **changes) -> dict[str, dict]:
    out = {k: dict(v) for k, v in edits.items()}
    ed = out.setdefault(key, {})
    for k, v in changes.items():
        if v is None:
            ed.pop(k, None)
        else:
            ed[k] = v
    if not ed:
        out.pop(key)
    return out


def is_pinned(edits: Mapping[str, Mapping], entry: StoryEntry) -> bool:
    """Pinned here, or in a project opened (which keeps a pin as ``True``: the entry
    itself is the story's again when the same articles are read)."""
    pin = (edits.get(entry_key(entry)) or {}).get("pin")
    return pin is True or isinstance(pin, StoryEntry)


def toggle_pin(edits: Mapping[str, Mapping], entry: StoryEntry) -> dict[str, dict]:
    """Pin ``entry`` (keeping it as it is now) or unpin it."""
    key = entry_key(entry)
    return _with(edits, key, pin=None if is_pinned(edits, entry) else entry)


def remove_entry(edits: Mapping[str, Mapping], entry: StoryEntry) -> dict[str, dict]:
    """Leave ``entry`` out (this also unpins it)."""
    return _with(edits, entry_key(entry), remove=True, pin=None)


def restore_removed(edits: Mapping[str, Mapping]) -> dict[str, dict]:
    """Bring every removed entry back."""
    out: dict[str, dict] = {}
    for k, v in edits.items():
        v = {kk: vv for kk, vv in v.items() if kk != "remove"}
        if v:
            out[k] = v
    return out


def removed_count(edits: Mapping[str, Mapping]) -> int:
    return sum(1 for v in edits.values() if v.get("remove"))


def set_text(edits: Mapping[str, Mapping], entry: StoryEntry, headline: str,
             summary_text: str) -> dict[str, dict]:
    """Store a retyped headline and summary (one sentence per line) for
    ``entry``; text equal to the entry's own clears that edit."""
    headline = " ".join((headline or "").split())
    summary = tuple(s for s in (" ".join(line.split()) for line in (summary_text or "").splitlines()) if s)
    return _with(edits, entry_key(entry),
                 headline=headline if headline and headline != entry.headline else None,
                 summary=summary if summary != tuple(" ".join(s.split()) for s in entry.summary) else None)


def is_edited(edits: Mapping[str, Mapping], entry: StoryEntry) -> bool:
    ed = edits.get(entry_key(entry)) or {}
    return "headline" in ed or "summary" in ed


def reset_text(edits: Mapping[str, Mapping], entry: StoryEntry) -> dict[str, dict]:
    """Drop the retyped headline and summary of ``entry``."""
    return _with(edits, entry_key(entry), headline=None, summary=None)
