"""The timeline figure (ui.chart) and the pure UI helpers (ui.state, ui.views),
with Event objects built by hand."""
from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import date, datetime, timedelta

import plotly.graph_objects as go
import pytest

from pipeline.model import Article, Event, Source, Timex
from ui import state as S
from ui import views as V
from ui.chart import (PALETTE, event_ids, highlight_html, hover_html,
                      interval_words, timeline_figure)
from ui.chart_layout import LABEL_MAX

PUB = date(2021, 9, 30)


def ev(i, start, end, grain, *, sentence="The meeting on Thursday was delayed.", expr="Thursday",
       article="a1", title=None, source="AP", **kw) -> Event:
    off = sentence.find(expr)
    t = Timex(off, off + len(expr), expr, "DATE", "X", grain=grain, date_from=start, date_to=end)
    return Event(id=f"e{i}", article=article, title=title or f"event {i}", sentence=sentence,
                 sentence_start=0, sentence_end=len(sentence), expressions=(t,), value="X",
                 type="DATE", mod=None, grain=grain, start=start, end=end,
                 precision=kw.pop("precision", grain or "range"), explanation="read as X",
                 published=PUB, source=source,
                 sources=(Source(article, title=f"Article {article}", source=source, published=PUB),),
                 **kw)


D = datetime


def sample_events():
    return [ev(1, D(2021, 9, 29), D(2021, 9, 30), "day"),
            ev(2, D(2021, 9, 30, 9), D(2021, 9, 30, 12), "time"),
            ev(3, D(2021, 9, 20), D(2021, 9, 27), "week"),
            ev(4, D(2021, 9, 1), D(2021, 10, 1), "month"),
            ev(5, D(2021, 7, 1), D(2021, 10, 1), "quarter"),
            ev(6, D(2021, 6, 1), D(2021, 9, 1), "season"),
            ev(7, D(2021, 1, 1), D(2022, 1, 1), "year", article="a2", source="Reuters")]


def traces(fig, meta):
    return [t for t in fig.data if t.meta == meta]


def ids_in(fig, meta):
    return sorted({c for t in traces(fig, meta) for c in t.customdata if c is not None})


def test_day_and_time_are_markers_longer_grains_are_bars():
    # a year's view: the week to the season are bars, the year is a band
    fig = timeline_figure(sample_events(), visible=(date(2021, 1, 1), date(2021, 12, 31)))
    assert ids_in(fig, "markers") == ["e1", "e2"]
    assert ids_in(fig, "bars") == ["e3", "e4", "e5", "e6"]
    assert ids_in(fig, "bands") == ["e7"]
    bars = {c: (b, x) for t in traces(fig, "bars") for c, b, x in zip(t.customdata, t.base, t.x)}
    # a bar spans [start, end): base at the start, length in milliseconds
    b, x = bars["e4"]
    assert datetime.fromisoformat(b) == D(2021, 9, 1)
    assert x == pytest.approx(30 * 86400 * 1000)
    assert all(t.orientation == "h" for t in traces(fig, "bars"))
    assert fig.layout.xaxis.type == "date"
    # the first view of the story (weeks around publication): a month or longer is
    # over a third of it, and lies behind the marks as a band, still [start, end)
    fig = timeline_figure(sample_events())
    assert ids_in(fig, "bars") == ["e3"]
    assert ids_in(fig, "bands") == ["e4", "e5", "e6", "e7"]
    bands = {c: (b, x) for t in traces(fig, "bands") for c, b, x in zip(t.customdata, t.base, t.x)}
    assert datetime.fromisoformat(bands["e4"][0]) == D(2021, 9, 1)
    assert bands["e4"][1] == pytest.approx(30 * 86400 * 1000)


def test_every_point_and_bar_carries_its_event_id():
    events = sample_events()
    fig = timeline_figure(events)
    assert sorted(event_ids(fig)) == sorted(e.id for e in events)
    for t in fig.data:
        if t.meta in ("markers", "bars", "open-ends"):
            assert len(t.customdata) == len(t.x) and all(t.customdata)


def test_open_ranges_are_drawn_open():
    since = ev(1, D(2020, 9, 1), None, "month", open_end=True)           # "since September 2020"
    before = ev(2, None, D(2021, 9, 1), "month", open_start=True)        # "before September"
    dormant = ev(3, D(2020, 9, 30), D(2021, 10, 1), None, open_start=True,
                 precision="open range")                               # "for more than a year"
    fig = timeline_figure([since, before, dormant])
    sym = {(c, s) for ends in traces(fig, "open-ends") for c, s in zip(ends.customdata, ends.marker.symbol)}
    assert ("e1", "triangle-right") in sym and ("e2", "triangle-left") in sym
    assert ("e3", "triangle-left") in sym
    assert not {s for c, s in sym if c in ("e1",)} & {"triangle-left"}  # only at the open side
    # the open side runs to the edge of the chart, beyond every known date
    ends = {c: datetime.fromisoformat(b) + timedelta(milliseconds=x)
            for t in traces(fig, "bands") for c, b, x in zip(t.customdata, t.base, t.x)}
    assert ends["e1"] > D(2021, 10, 1)
    # the known part of "dormant" is a band too, its arrow at the known (open) start
    assert ids_in(fig, "bands") == ["e1", "e2", "e3"] and ids_in(fig, "bars") == []
    arrows = {(c, datetime.fromisoformat(x)) for t in traces(fig, "open-ends") for c, x in zip(t.customdata, t.x)}
    assert ("e3", D(2020, 9, 30)) in arrows
    assert "maybe before" in interval_words(dormant)
    assert interval_words(since).startswith("from Tue 1 Sep 2020 onward")


def test_hover_text_is_escaped_and_highlights_the_expression():
    s = 'On <script>alert("x")</script> Thursday, AT&T & co. met <b>here</b>.'
    e = ev(1, D(2021, 9, 30), D(2021, 10, 1), "day", sentence=s, title="<img src=x onerror=1>")
    fig = timeline_figure([e])
    text = traces(fig, "markers")[0].hovertext[0]
    assert "<script>" not in text and "<img" not in text and "<b>here" not in text
    assert "&lt;script&gt;" in text and "AT&amp;T &amp; co." in text.replace("<br>", " ")
    assert "<b>Thursday</b>" in text
    # nothing of the article is left unescaped anywhere in the figure's JSON
    dumped = fig.to_json()
    assert "<script" not in dumped and "<img" not in dumped
    assert hover_html(e) == text


def test_highlight_wraps_without_splitting_entities():
    text = "a & b " * 30
    out = highlight_html(text, [(0, 1)], wrap=20)
    assert out.startswith("<b>a</b> &amp; b")
    assert "<br>" in out and "&am<br>" not in out
    # the breaks replace spaces: nothing of the text is lost or added
    assert out.replace("<br>", " ").replace("<b>", "").replace("</b>", "") == text.replace("&", "&amp;")
    assert all(len(line) <= 20 + 4 * 2 for line in out.replace("&amp;", "&").split("<br>")[1:])


def lane_names(fig):
    return [a.text for a in fig.layout.annotations if a.name == "lane"]


def test_lanes_by_article_or_source_and_colours():
    events = sample_events()
    by_article = timeline_figure(events, lanes="article")
    assert lane_names(by_article) == ["Article a2 · Reuters", "Article a1 · AP"]
    by_source = timeline_figure(events, lanes="source")
    assert sorted(lane_names(by_source)) == ["AP", "Reuters"]
    colours_p = {t.name: t.marker.color for t in by_article.data if t.meta in ("bars", "markers", "bands")}
    assert {"day", "time", "week", "month", "quarter", "season", "year"} <= set(colours_p)
    assert len(set(colours_p.values())) == 7
    by_colour = timeline_figure(events, color="article")
    names = {t.name for t in by_colour.data if t.meta in ("bars", "markers", "bands")}
    assert names == {"Article a1", "Article a2"}
    # one legend entry a colour, whichever of its traces comes first
    shown = [t.name for t in by_article.data if t.showlegend is not False and t.meta != "published"]
    assert sorted(shown) == sorted(set(shown))
    with pytest.raises(ValueError):
        timeline_figure(events, lanes="nope")


def test_publication_dates_are_marked():
    fig = timeline_figure(sample_events(), published={"The story": date(2021, 9, 30)})
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert [datetime.fromisoformat(s.x0) for s in lines] == [D(2021, 9, 30)]
    pub = traces(fig, "published")[0]
    assert "Published Thu 30 Sep 2021" in pub.hovertext[0] and "The story" in pub.hovertext[0]


def test_range_selector_and_visible_range():
    fig = timeline_figure(sample_events(), visible=(date(2021, 9, 1), date(2021, 9, 30)))
    labels = [b.label for b in fig.layout.xaxis.rangeselector.buttons]
    assert labels == ["1m", "6m", "1y", "all"]
    assert [datetime.fromisoformat(x) for x in fig.layout.xaxis.range] == [D(2021, 9, 1), D(2021, 10, 1)]


def test_no_labels_when_too_many():
    few = timeline_figure(sample_events())
    assert traces(few, "markers")[0].mode == "markers+text"
    many = [ev(i, D(2021, 1, 1) + timedelta(days=i), D(2021, 1, 2) + timedelta(days=i), "day")
            for i in range(LABEL_MAX + 1)]
    fig = timeline_figure(many)
    assert all(t.mode == "markers" and t.text is None for t in traces(fig, "markers"))


def crowded_events():
    """40 day events in 10 days in one lane, behind them an open range and a year."""
    out = [ev(i, D(2021, 9, 20) + timedelta(days=i % 10), D(2021, 9, 21) + timedelta(days=i % 10), "day",
              title=f"Crowded event number {i} with a long title")
           for i in range(40)]
    out.append(ev(90, D(2020, 9, 1), None, "month", open_end=True, title="since September 2020"))
    out.append(ev(91, D(2021, 1, 1), D(2022, 1, 1), "year", title="this year"))
    out += [ev(92 + i, D(2021, 9, 21 + 3 * i), D(2021, 9, 23 + 3 * i), None, title=f"Range {i} of two days",
               precision="range") for i in range(3)]
    return out


def drawn_label_boxes(fig, width_px=1100):
    """The mark labels as the figure places them, ``(x0, x1, y)`` in pixels of the
    assumed plot width and in rows, and the marks' own boxes."""
    import html

    from ui.chart_layout import FONT_PX, MARK_PX, PAD_PX, SIDE_PX
    from ui.story import text_width_px

    lo, hi = (datetime.fromisoformat(x) for x in fig.layout.xaxis.range)
    plot = width_px - SIDE_PX
    labels, marks = [], []
    for t in traces(fig, "markers"):
        texts = t.text or [""] * len(t.x)
        positions = t.textposition or ["middle right"] * len(t.x)
        for x, y, text, pos in zip(t.x, t.y, texts, positions):
            c = (datetime.fromisoformat(x) - lo) / (hi - lo) * plot
            marks.append((c - MARK_PX / 2, c + MARK_PX / 2, y))
            if text:
                w = text_width_px(html.unescape(text), FONT_PX)
                r, le = c + MARK_PX / 2 + PAD_PX, c - MARK_PX / 2 - PAD_PX
                labels.append((r, r + w, y) if pos == "middle right" else (le - w, le, y))
    for t in traces(fig, "bars"):  # a bar's label: inside it, or right of it ("outside")
        texts = t.text or [""] * len(t.x)
        for b, ms, y, text, pos in zip(t.base, t.x, t.y, texts, t.textposition or ["none"] * len(t.x)):
            a = (datetime.fromisoformat(b) - lo) / (hi - lo) * plot
            e = a + timedelta(milliseconds=ms) / (hi - lo) * plot
            marks.append((a, max(e, a + MARK_PX), y))
            if text and pos == "outside":
                w = text_width_px(html.unescape(text), FONT_PX)
                labels.append((max(e, a + MARK_PX) + PAD_PX, max(e, a + MARK_PX) + PAD_PX + w, y))
    return labels, marks


def overlap(a, b):
    return a[0] < b[1] and b[0] < a[1] and a[2] == b[2]


@pytest.mark.parametrize("width_px", [1100, 390])
def test_mark_labels_never_overlap_and_some_are_hidden_when_crowded(width_px):
    fig = timeline_figure(crowded_events(), width_px=width_px)
    labels, marks = drawn_label_boxes(fig, width_px)
    assert labels, "no label shown at all"
    assert len(labels) < 40                                     # crowded: some are left out
    assert any(t.text and "outside" in t.textposition for t in traces(fig, "bars")) or width_px < 500
    for i, a in enumerate(labels):
        assert all(not overlap(a, b) for b in labels[i + 1:]), a
        assert all(not overlap(a, m) for m in marks), a         # nor over another mark
        assert -1 <= a[0] and a[1] <= width_px                  # inside the first view
    # every label is short, cut with an ellipsis; the hover keeps the whole title
    texts = [x for t in traces(fig, "markers") for x in t.text if x]
    assert all(len(x) <= 24 for x in texts) and any(x.endswith("…") for x in texts)
    assert all("with a long title" in h for t in traces(fig, "markers") for h in t.hovertext)


def test_a_few_marks_all_get_their_labels():
    days = [ev(i, D(2021, 9, 1) + timedelta(days=9 * i), D(2021, 9, 2) + timedelta(days=9 * i), "day")
            for i in range(4)]
    fig = timeline_figure(days)
    assert sorted(x for t in traces(fig, "markers") for x in t.text) == ["event 0", "event 1", "event 2",
                                                                        "event 3"]


def test_place_labels_keeps_labels_clear_of_items_and_each_other():
    from ui.chart_layout import place_labels

    rnd = random.Random(3)
    for _ in range(200):
        row = []
        for _ in range(rnd.randrange(1, 30)):
            a = rnd.uniform(-50, 1000)
            row.append((a, a + rnd.choice([11, 11, 40, 200]), rnd.choice([None, rnd.uniform(20, 160)])))
        sides = place_labels(row, (0.0, 900.0))
        boxes = [(r + 6, r + 6 + w) if s == "right" else (a - 6 - w, a - 6)
                 for (a, r, w), s in zip(row, sides) if s]
        for i, (x0, x1) in enumerate(boxes):
            assert 0 <= x0 and x1 <= 900
            assert all(not (x0 < y1 and y0 < x1) for y0, y1 in boxes[i + 1:])
            assert all(not (x0 < r and a < x1) for a, r, _ in row)
        assert all(not s for (_, _, w), s in zip(row, sides) if w is None)
    # room on the right: right; none on the right but on the left: left; none: hidden
    assert place_labels([(100, 111, 50), (300, 311, 50)], (0, 1000)) == ["right", "right"]
    assert place_labels([(100, 111, 50), (140, 151, None)], (0, 1000)) == ["left", ""]
    assert place_labels([(10, 21, 50), (40, 51, None)], (0, 1000)) == ["", ""]


def test_mark_labels_are_escaped():
    evil = ev(1, D(2021, 9, 30), D(2021, 10, 1), "day", title="<script>x</script> & co")
    fig = timeline_figure([evil])
    [label] = [x for t in traces(fig, "markers") for x in t.text if x]
    assert label.startswith("&lt;script&gt;")
    dumped = fig.to_json()
    assert "<script" not in dumped and "\u003cscript" not in dumped.lower()


def test_open_ranges_and_long_periods_are_faint_bands_behind_the_marks():
    fig = timeline_figure(crowded_events())
    metas = [t.meta for t in fig.data]
    assert "bands" in metas and "markers" in metas
    last_band = max(i for i, m in enumerate(metas) if m == "bands")
    assert last_band < min(i for i, m in enumerate(metas) if m in ("markers", "bars"))  # drawn first
    for t in traces(fig, "bands"):
        assert t.type == "bar" and t.marker.opacity <= 0.2
        assert t.selected.marker.opacity <= 0.5 and t.unselected.marker.opacity <= 0.2
        assert len(t.customdata) == len(t.x) and all(t.customdata)  # clickable, hoverable
        assert all("<br>" in h for h in t.hovertext)
    assert ids_in(fig, "bands") == ["e90", "e91"]
    # the open one has its arrow at the open side, one inside the first view too
    lo, hi = (datetime.fromisoformat(x) for x in fig.layout.xaxis.range)
    arrows = [(datetime.fromisoformat(x), s) for t in traces(fig, "open-ends")
              for x, c, s in zip(t.x, t.customdata, t.marker.symbol) if c == "e90"]
    assert arrows and all(s == "triangle-right" for _, s in arrows)
    assert any(lo < x < hi for x, _ in arrows)
    assert not traces(fig, "open-lines")  # no full-width dotted lines any more


def spans(fig, meta):
    return [(datetime.fromisoformat(b), datetime.fromisoformat(b) + timedelta(milliseconds=x), y)
            for t in traces(fig, meta) for b, x, y in zip(t.base, t.x, t.y)]


def test_no_bar_lies_on_a_band():
    """Marks may lie on a band (a click near a mark goes to the mark), but a bar
    lying on a long band lost its clicks to the band in plotly.js."""
    weeks = [ev(100 + i, D(2021, 9, 13) + timedelta(days=2 * i), D(2021, 9, 20) + timedelta(days=2 * i), "week")
             for i in range(6)]
    for events in (crowded_events() + weeks, sample_events()):
        fig = timeline_figure(events)
        bands, bars = spans(fig, "bands"), spans(fig, "bars")
        assert bands and bars
        assert not [(a, b) for a in bands for b in bars if a[2] == b[2] and a[0] < b[1] and b[0] < a[1]]
        assert len({y for *_, y in bands} | {y for *_, y in bars}) <= 8 + 2  # rows stay few


def test_legend_and_range_buttons_have_rows_of_their_own():
    fig = timeline_figure(sample_events())
    legend, buttons = fig.layout.legend, fig.layout.xaxis.rangeselector
    # the buttons sit on the plot's top edge, growing up; the legend at the bottom of
    # the whole figure, under the axis, growing up: rows apart at any width
    assert buttons.yanchor == "bottom" and buttons.y >= 1
    assert legend.yref == "container" and legend.y == 0 and legend.yanchor == "bottom"
    assert legend.orientation == "h" and legend.title.side == "top"  # a side title broke the wrapping
    assert fig.layout.margin.t >= 40


def test_publication_marks_are_labelled():
    one = timeline_figure(sample_events(), published={"The story": date(2021, 9, 30)})
    assert list(traces(one, "published")[0].text) == ["published 30 Sep"]
    assert traces(one, "published")[0].mode == "markers+text"
    days = {f"Story {i} <b>": date(2021, 9, 1) + timedelta(days=i) for i in range(0, 30, 3)}
    many = timeline_figure(sample_events(), published=days)
    pub = traces(many, "published")[0]
    assert "1 Sep" in pub.text and 0 < sum(1 for x in pub.text if x) <= len(days)
    assert all("<b>" not in h for h in pub.hovertext)


def test_lanes_are_named_inside_the_plot_with_their_outlet():
    events = sample_events()
    fig = timeline_figure(events, lane_titles={"a1": "Talks <b>resume</b>"})
    names = [a for a in fig.layout.annotations if a.name == "lane"]
    assert [a.text for a in names] == ["Article a2 · Reuters", "Talks &lt;b&gt;resume&lt;/b&gt; · AP"]
    assert all(a.xref == "paper" and a.x == 0 and a.xanchor == "left" and a.yref == "y" for a in names)
    assert fig.layout.yaxis.showticklabels is False  # no tick labels taking the phone's width
    # each name sits above its lane's rows (the y axis runs down)
    for a in names:
        lane = {"Article a2 · Reuters": "a2"}.get(a.text, "a1")
        ys = [y for t in fig.data if t.meta in ("markers", "bars", "bands")
              for y, c in zip(t.y, t.customdata) if next(e for e in events if e.id == c).article == lane]
        assert a.y < min(ys)
    outlet = "A very long outlet name indeed, with more words"
    long = replace(events[0], source=outlet, sources=(Source("a1", title="T " * 80, source=outlet),))
    [name] = [a.text for a in timeline_figure([long]).layout.annotations if a.name == "lane"]
    from ui.story import text_width_px
    assert text_width_px(name, 11) <= 330 and "· A very long outlet" in name


def test_hover_labels_are_narrow():
    long = replace(sample_events()[0], title="word " * 40, sentence="many words " * 60)
    text = hover_html(long)
    assert max(len(line) for line in text.replace("<b>", "").replace("</b>", "").split("<br>")) <= 48 + 4
    assert timeline_figure([long]).layout.hoverlabel.align == "left"


def test_clickable_traces_declare_their_selected_style():
    """A click selects a point (``clickmode="event+select"``).  plotly.js gives a
    trace a ``selected`` style only when the figure sets one (or when
    ``marker.opacity`` is a single number), and a bar trace with text labels reads
    ``selected.textfont`` for the clicked bar: a bar trace with per-bar opacities
    and only ``unselected`` threw "Cannot read properties of undefined (reading
    'textfont')" in the browser, and a range event's details never opened."""
    since = ev(8, D(2020, 9, 1), None, "month", open_end=True)
    dormant = ev(9, D(2020, 9, 30), D(2021, 10, 1), None, open_start=True, precision="open range")
    many = [ev(100 + i, D(2021, 1, 1) + timedelta(days=i), D(2021, 1, 8) + timedelta(days=i), "week",
               approximate=i % 2 == 0) for i in range(LABEL_MAX + 1)]
    for events in (sample_events() + [since, dormant], many):
        spec = json.loads(timeline_figure(events).to_json())
        clickable = sorted((t for t in spec["data"] if t.get("customdata") and t.get("hoverinfo") != "skip"),
                           key=lambda t: t["meta"] != "bars")  # the bars first: they threw
        assert {t["meta"] for t in clickable} >= {"bars"}
        for t in clickable:
            assert t.get("selected", {}).get("marker", {}).get("opacity") is not None, t["meta"]
            assert t.get("unselected", {}).get("marker", {}).get("opacity") is not None, t["meta"]
    # the combination that threw: bars with labels and per-bar opacities
    few = json.loads(timeline_figure(sample_events() + [since, dormant]).to_json())
    bars = [t for t in few["data"] if t["meta"] == "bars"]
    assert any(t.get("text") and isinstance(t["marker"]["opacity"], list) for t in bars)
    assert all(t["selected"]["marker"]["opacity"] == 1 for t in bars)


def test_ten_thousand_events_make_few_traces():
    rnd = random.Random(7)
    events = []
    for i in range(10_000):
        s = D(2000, 1, 1) + timedelta(days=rnd.randrange(8000))
        grain = rnd.choice(["day", "day", "month", "year"])
        end = s + {"day": timedelta(days=1), "month": timedelta(days=30), "year": timedelta(days=365)}[grain]
        events.append(ev(i, s, end, grain, article=f"a{i % 40}", source=f"S{i % 7}",
                         open_end=(i % 97 == 0)))
    for kw in ({}, {"color": "article", "lanes": "source"}):
        fig = timeline_figure(events, **kw)
        assert len(fig.data) <= 4 * len(PALETTE) + 1
        assert len(event_ids(fig)) == 10_000
        assert any(isinstance(t, go.Scattergl) for t in fig.data)  # WebGL for many markers
        assert not any(t.text for t in fig.data if t.meta in ("markers", "bars"))  # no labels
        assert traces(fig, "bands") and all(t.marker.opacity <= 0.2 for t in traces(fig, "bands"))
        json.loads(fig.to_json())


def test_empty_timeline_says_so():
    fig = timeline_figure([])
    assert fig.layout.annotations[0].text == "No dated events to show"
    assert interval_words(ev(1, None, None, None)) == "undated"


def test_interval_words():
    assert interval_words(ev(1, D(2021, 9, 30), D(2021, 10, 1), "day")) == "Thu 30 Sep 2021"
    assert interval_words(ev(1, D(2021, 9, 1), D(2021, 10, 1), "month")) == "September 2021"
    assert interval_words(ev(1, D(2021, 7, 1), D(2021, 10, 1), "quarter")) == "Q3 2021 (Jul–Sep)"
    assert interval_words(ev(1, D(2021, 1, 1), D(2022, 1, 1), "year")) == "2021"
    assert interval_words(ev(1, D(1990, 1, 1), D(2000, 1, 1), "decade")) == "the 1990s"
    assert interval_words(ev(1, D(2021, 9, 20), D(2021, 9, 27), "week")) == \
        "week of Mon 20 Sep 2021 (20–26 Sep)"
    assert interval_words(ev(1, D(2021, 9, 30, 9), D(2021, 9, 30, 12), "time")) == \
        "Thu 30 Sep 2021, 09:00–12:00"
    assert interval_words(ev(1, D(2021, 6, 1), D(2021, 9, 1), "season", approximate=True)) == \
        "about Jun–Aug 2021"


# ------------------------------------------------------------- ui.state

def test_view_round_trips_through_the_url():
    v = S.View(input="sample", lanes="source", color="article", date_from=date(2021, 9, 1),
               date_to=date(2021, 9, 30), precisions=("day", "month"), articles=("a1",),
               sources=("AP",), query="hotline", event="e3")
    params = S.view_to_params(v)
    assert params["from"] == "2021-09-01" and params["precision"] == "day,month"
    assert S.view_from_params(params) == v
    assert S.view_to_params(S.View()) == {}


def test_bad_url_parameters_fall_back_to_defaults():
    v = S.view_from_params({"lanes": "<x>", "color": ["precision", "zzz"], "from": "2021-02-30",
                            "to": "yesterday", "input": "evil"})
    assert v == S.View()
    swapped = S.view_from_params({"from": "2021-10-01", "to": "2021-09-01"})
    assert (swapped.date_from, swapped.date_to) == (date(2021, 9, 1), date(2021, 10, 1))


def test_filters():
    events = sample_events()
    ids = lambda view: [e.id for e in S.filter_events(events, view)]  # noqa: E731
    assert ids(S.View()) == [e.id for e in events]
    assert ids(S.View(precisions=("day", "time"))) == ["e1", "e2"]
    assert ids(S.View(sources=("Reuters",))) == ["e7"]
    assert ids(S.View(articles=("a2",))) == ["e7"]
    assert ids(S.View(date_from=date(2021, 9, 28), date_to=date(2021, 9, 29))) == ["e1", "e4", "e5", "e7"]
    assert ids(S.View(query="EVENT 3")) == ["e3"]
    since = ev(9, D(2019, 1, 1), None, "year", open_end=True)
    assert S.filter_events([since], S.View(date_from=date(2021, 1, 1), date_to=date(2021, 2, 1)))


def test_corrections_retitle_fix_and_drop():
    events = sample_events()
    table = S.edit_table(events)
    assert list(table["id"]) == [e.id for e in events]
    table.loc[0, "title"] = "Talks <b>delayed</b>"
    table.loc[1, "drop"] = True
    table.loc[2, "start"] = D(2021, 9, 21)
    table.loc[3, "end"] = D(2021, 8, 1)  # before its start: refused
    edits, problems = S.edits_from_table(events, table)
    assert set(edits) == {"e1", "e2", "e3"} and len(problems) == 1 and "e4" in problems[0]
    out = {e.id: e for e in S.apply_edits(events, edits)}
    assert "e2" not in out
    assert out["e1"].title == "Talks <b>delayed</b>"
    assert out["e3"].start == D(2021, 9, 21) and out["e3"].end == D(2021, 9, 27)
    assert "corrected by hand" in out["e3"].explanation
    # the table rebuilt with the stored edits gives the same edits back (edits survive reruns)
    again, _ = S.edits_from_table(events, S.edit_table(events, edits))
    assert again == edits
    fig = timeline_figure(list(out.values()))
    assert "e2" not in event_ids(fig)


class FakeLoaded:
    def __init__(self, articles=(), problems=()):
        self.articles, self.problems, self.undated = tuple(articles), tuple(problems), ()


def _loader(name, data, published=None):
    if b"\x00" in data:
        raise ValueError("binary file, not text")
    text = data.decode()
    return FakeLoaded([Article(id=name, text=text, published=published or
                               (date(2021, 9, 30) if "dated" in name else None), path=name)])


def test_uploads_bad_file_gets_its_own_error_others_load():
    files = [("dated.txt", b"It rained on Monday."), ("bad.txt", b"\x00\x01binary"),
             ("big.txt", b"x" * 2000), ("notes.exe", b"hello"), ("empty.md", b"")]
    res = S.read_uploads(files, _loader, max_file_bytes=1000)
    assert [a.id for a in res.articles] == ["dated.txt"]
    names = {n: m for n, m in res.problems}
    assert set(names) == {"bad.txt", "big.txt", "notes.exe", "empty.md"}
    assert "binary" in names["bad.txt"] and "too big" in names["big.txt"]
    assert "unsupported" in names["notes.exe"] and "empty" in names["empty.md"]
    many = S.read_uploads([(f"dated{i}.txt", b"x") for i in range(5)], _loader, max_files=3)
    assert len(many.articles) == 3 and len(many.problems) == 2


def test_undated_upload_asks_for_a_date_and_never_takes_today():
    res = S.read_uploads([("plain.txt", b"It rained on Monday.")], _loader)
    assert res.articles == [] and [a.id for a in res.undated] == ["plain.txt"]
    key = S.undated_key(res.undated[0])
    res2 = S.read_uploads([("plain.txt", b"It rained on Monday.")], _loader,
                          dates={key: date(2020, 1, 6)})
    assert res2.articles[0].published == date(2020, 1, 6)
    assert res2.articles[0].date_source == "given"
    assert [a.id for a in res2.asked] == ["plain.txt"]  # its date input stays on screen


def test_paste_needs_text_and_date():
    assert "Paste" in S.read_paste("   ", date(2021, 9, 30), _loader).problems[0][1]
    assert "publication date" in S.read_paste("Text.", None, _loader).problems[0][1]
    ok = S.read_paste("It rained on Monday.", date(2021, 9, 30), _loader, title="Rain")
    assert ok.problems == [] and ok.articles[0].title == "Rain"
    assert ok.articles[0].published == date(2021, 9, 30)


def test_selected_event_id_from_plotly_selection():
    sel = {"selection": {"points": [{"curve_number": 0, "customdata": "e7"}], "point_indices": [0]}}
    assert S.selected_event_id(sel) == "e7"
    assert S.selected_event_id({"selection": {"points": [{"customdata": ["e2"]}]}}) == "e2"
    assert S.selected_event_id({"selection": {"points": [{"x": 1}]}}) is None
    assert S.selected_event_id(None) is None


# ------------------------------------------------------------- ui.views

def test_details_panel_escapes_and_shows_context():
    text = ("Intro sentence one. Intro two <i>x</i>. The meeting on Thursday was delayed. "
            "After one. After two. After three.")
    s = text.index("The meeting")
    sentence = "The meeting on Thursday was delayed."
    e = replace(ev(1, D(2021, 9, 30), D(2021, 10, 1), "day", sentence=sentence),
                sentence_start=s, sentence_end=s + len(sentence),
                expressions=(Timex(s + 15, s + 23, "Thursday", "DATE", "2021-09-30", grain="day"),),
                sources=(Source("a1", title="A & B <script>", url="javascript:alert(1)"),))
    art = Article(id="a1", text=text, published=PUB, title="A & B <script>")
    out = V.details_html(e, art)
    assert "<mark>Thursday</mark>" in out
    assert "Intro two &lt;i&gt;x&lt;/i&gt;." in out and "After two." in out and "After three" not in out
    assert "<script" not in out and "javascript:" not in out and "A &amp; B &lt;script&gt;" in out
    good = replace(e, sources=(Source("a1", title="T", url="https://example.org/a?b=1&c=2"),))
    assert "href='https://example.org/a?b=1&amp;c=2'" in V.details_html(good, art)


def test_events_table_escapes_every_text_and_reads_dates_in_words():
    bad = "<img src=x onerror=alert(1)> & co"
    e = ev(1, D(2021, 9, 30), D(2021, 10, 1), "day", sentence=f"They met <b>Thursday</b> {bad}.",
           expr="<b>Thursday</b>", title=bad, source="<Wire>")
    out = V.events_table_html([e, ev(2, D(2021, 9, 1), D(2021, 10, 1), "month")])
    assert out.count("<tr data-event-id=") == 2
    assert "<img" not in out and "<b>Thursday" not in out and "<Wire>" not in out
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; co" in out and "&lt;Wire&gt;" in out
    assert "Thu 30 Sep 2021" in out and "September 2021" in out


def test_markdown_escape():
    out = V.md_escape("[x](javascript:1) <b>*y*</b> $1")
    assert "[x](" not in out and "<b>" not in out and "*y*" not in out


def test_first_view_focuses_on_the_story_when_most_events_are_near_publication():
    story = [ev(1, D(2021, 9, 29), D(2021, 9, 30), "day"),
             ev(2, D(2021, 9, 20), D(2021, 9, 27), "week"),
             ev(3, D(2021, 9, 1), D(2021, 10, 1), "month"),
             ev(4, D(2005, 1, 1), D(2006, 1, 1), "year")]          # "in 2005"
    lo, hi = (datetime.fromisoformat(x) for x in timeline_figure(story).layout.xaxis.range)
    assert lo <= D(2021, 9, 1) and hi >= D(2021, 10, 1)            # the story is in view
    assert lo > D(2021, 1, 1)                                      # 2005 is one click ("all") away
    spread = [ev(1, D(2005, 1, 1), D(2006, 1, 1), "year"), ev(2, D(2010, 1, 1), D(2011, 1, 1), "year"),
              ev(3, D(2021, 9, 29), D(2021, 9, 30), "day")]
    lo, hi = (datetime.fromisoformat(x) for x in timeline_figure(spread).layout.xaxis.range)
    assert lo < D(2005, 1, 1) and hi > D(2021, 9, 30)              # no story cluster: everything


@pytest.mark.parametrize("text, published", [("It dates from the first century.", "2021-09-30"),
                                             ("The vault opened on Monday.", "0001-01-03"),
                                             ("The vault opened on Monday.", "9999-12-29")])
def test_dates_at_the_ends_of_the_calendar_draw(text, published):
    from pipeline.articles import load_bytes
    from pipeline.events import build_events
    import json as _json
    arts = load_bytes("a.json", _json.dumps({"id": "a", "text": text, "published": published}).encode()).articles
    events = build_events(arts)
    assert events
    fig = timeline_figure(events)  # raised OverflowError in the padding
    assert fig.data


class _Upload:
    """An uploaded file as Streamlit gives it: a name, a size, and bytes read on demand."""

    def __init__(self, name, size):
        self.name, self.size, self.reads = name, size, 0

    def getvalue(self):
        self.reads += 1
        return b"x" * self.size


def test_upload_sizes_and_counts_are_checked_before_any_bytes_are_kept():
    files = [_Upload("a.txt", 10), _Upload("big.txt", 5000), _Upload("b.txt", 600), _Upload("c.txt", 600),
             _Upload("d.txt", 1), _Upload("e.txt", 1)]
    kept, skipped = S.keep_uploads(files, max_file_bytes=1000, max_files=5, max_total_bytes=1200)
    assert [n for n, _ in kept] == ["a.txt", "b.txt", "d.txt"]
    assert [n for n, _ in skipped] == ["big.txt", "c.txt", "e.txt"]
    assert "too big" in dict(skipped)["big.txt"] and "together exceed" in dict(skipped)["c.txt"]
    assert "at most 5 files" in dict(skipped)["e.txt"]
    assert [f.reads for f in files] == [1, 0, 1, 0, 1, 0]  # skipped files were never read


def test_a_note_is_not_shown_as_a_problem():
    """An upload read whole with its encoding guessed (UTF-16 without a byte order
    mark) is a note, not an error beside the files that failed."""
    from pipeline.articles import load_bytes
    text = "The vote was on Monday."
    res = S.read_uploads([("plain.txt", text.encode("utf-16-le")), ("bad.exe", b"x")],
                         lambda n, d, published=None: load_bytes(n, d, published="2021-09-30"))
    assert [a.text for a in res.articles] == [text]
    assert [n for n, _ in res.problems] == ["bad.exe"]
    assert [n for n, _ in res.notes] == ["plain.txt"] and "UTF-16" in res.notes[0][1]


def test_the_work_on_screen_saves_as_a_project_and_opens_again():
    """Save: articles, corrections, story edits and the view (not the selected event)
    in one file; open: the uploader reads it, its corrections and story edits fill in
    what the reader has not set since."""
    from pipeline import project
    from pipeline.articles import load_bytes
    arts = [Article("a", "The vote was on Monday.", date(2021, 9, 30), title="Vote")]
    view = S.View(lanes="source", query="vote", event="abc")
    text = S.project_text(arts, {"e1": {"drop": True}}, {"2021-09-27": {"pin": object()}}, 5, view, "Work")
    assert S.project_name("Work", arts) == "work.chronicle.json"
    res = S.read_uploads([("work.chronicle.json", text.encode())], load_bytes)
    assert [a.id for a in res.articles] == ["a"] and res.problems == []
    [proj] = res.projects
    assert proj.view.get("lanes") == "source" and "event" not in proj.view and proj.story_dates == 5
    corr, edits = S.merge_projects(res.projects, {"e1": {"title": "mine"}}, {})
    assert corr == {"e1": {"title": "mine"}}  # the reader's own correction wins
    assert edits == {"2021-09-27": {"pin": True}}
    assert isinstance(project.from_json(text), project.Project)
    # two projects: the later one's edit of the same event or date wins (as in the CLI)
    later = project.Project(articles=tuple(arts), corrections={"e1": {"drop": False}, "e2": {"title": "B"}},
                            story_edits={"2021-09-27": {"remove": True}})
    corr, edits = S.merge_projects([proj, later], {}, {})
    assert corr == {"e1": {"drop": False}, "e2": {"title": "B"}}
    assert edits == {"2021-09-27": {"remove": True}}


def test_a_pasted_article_takes_its_date_from_its_dateline_as_an_upload_does():
    """Paste used to demand a date even when the text opens with a dateline that
    upload and the CLI read; now it takes that day and says so."""
    from pipeline.articles import load_bytes
    text = "Published: Sept. 30, 2021\nSEOUL (AP) — North Korea restored the hotlines on Monday."
    res = S.read_paste(text, None, load_bytes)
    assert res.problems == [] and [a.published for a in res.articles] == [date(2021, 9, 30)]
    assert res.notes and "taken from the text's dateline" in res.notes[0][1]
    given = S.read_paste(text, date(2021, 10, 1), load_bytes)
    assert [a.published for a in given.articles] == [date(2021, 10, 1)] and given.notes == []
    bare = S.read_paste("It rained on Monday.", None, load_bytes)
    assert bare.articles == [] and "publication date" in bare.problems[0][1]


def test_search_finds_all_the_words_in_any_order_ignoring_case_and_accents():
    """'Halvorsen resigned' found nothing in 'Halvorsen, who resigned ...': the search
    matched one exact substring."""
    a = ev(1, D(2021, 9, 27), D(2021, 9, 28), "day")
    a = replace(a, title="Minister resigns", sentence="Kristin Halvorsen, who resigned on Monday, "
                                                                  "left Zürich for Oslo.")
    b = replace(ev(2, D(2021, 9, 27), D(2021, 9, 28), "day"), title="Halvorsen stays",
                            sentence="Halvorsen stayed in Bern.")
    found = lambda q: [e.id for e in S.filter_events([a, b], S.View(query=q))]  # noqa: E731
    assert found("Halvorsen resigned") == [a.id]
    assert found("resigned HALVORSEN") == [a.id]
    assert found("zurich") == [a.id] and found("ZÜRICH oslo") == [a.id]
    assert found("halvorsen") == [a.id, b.id]
    assert found('"left Zurich"') == [a.id] and found('"Zurich left"') == []
    assert found("Halvorsen Paris") == []


def test_lanes_follow_publication_order():
    """Lanes were ordered by their earliest event, so a late background piece about
    old events came first; they now follow the order the articles were published."""
    early = replace(ev(1, D(2021, 9, 29), D(2021, 9, 30), "day", article="first-report"),
                    published=date(2021, 9, 29))
    late = replace(ev(2, D(2019, 1, 1), D(2019, 1, 2), "day", article="background"),
                   published=date(2021, 10, 5))
    fig = timeline_figure([late, early], lanes="article")
    assert lane_names(fig) == ["Article first-report · AP", "Article background · AP"]


def test_an_invalid_edit_is_refused_for_its_row_and_keeps_the_rows_earlier_fixes():
    """A row's valid interval fix was lost when a later edit of that row made no sense
    (end before start): the whole interval went back to the pipeline's."""
    events = sample_events()
    table = S.edit_table(events)
    table.loc[2, "start"] = D(2021, 9, 21)
    first, _ = S.edits_from_table(events, table)
    assert first["e3"]["start"] == D(2021, 9, 21)
    table = S.edit_table(events, first)
    table.loc[2, "title"] = "Retitled"
    table.loc[2, "end"] = D(2021, 8, 1)  # before its start: refused
    table.loc[1, "drop"] = True          # another row's fix, made in the same edit
    second, problems = S.edits_from_table(events, table, first)
    assert len(problems) == 1 and "e3" in problems[0]
    assert second["e3"] == {"title": "Retitled", "start": D(2021, 9, 21), "end": first["e3"]["end"]}
    assert second["e2"] == {"drop": True}


@pytest.mark.parametrize("ua, want", [
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148", 390),
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36", 390),
    ("Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15", 760),
    ("Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 Chrome/120 Safari/537.36", 760),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/120 Safari/537.36", 1100),
    (None, 1100), ("", 1100),
])
def test_charts_are_fitted_for_the_browsers_width(ua, want):
    from ui.state import chart_width
    assert chart_width(ua) == want
