"""The Story view's pure functions (ui/story.py) on hand-made stories."""
from __future__ import annotations

import dataclasses
import json
import random
from datetime import date, datetime, timedelta

import pytest

from pipeline.model import Article, Event, Source, Timex
from pipeline.story_model import Story, StoryEntry
from ui import state as S
from ui import story as SX

HOSTILE = ("<script>alert(1)</script>", '<img src=x onerror="alert(2)">')


def entry(day: date, headline: str = "", *, summary=("A sentence.",), grain="day", sources=None,
          events=("e1",)) -> StoryEntry:
    return StoryEntry(date=day, headline=headline or f"Something happened on {day:%d %B}",
                      summary=tuple(summary),
                      sources=tuple(sources or (Source("a1", "An article", "The Outlet",
                                                       "https://example.com/a1", date(2024, 3, 6)),)),
                      score=1.0, events=tuple(events), summary_events=tuple(events[:len(summary)]),
                      grain=grain)


def crowded(n: int = 40) -> Story:
    """``n`` key dates: most on consecutive days, two years later one more: the
    first crowd into a sliver of the axis."""
    start = date(2024, 3, 1)
    entries = tuple(entry(start + timedelta(days=i), f"Headline number {i} about the long-running storm")
                    for i in range(n - 1)) + (entry(date(2026, 3, 1), "Two years on"),)
    return Story(entries=entries, density=((date(2024, 3, 1), 4),))


def overlaps(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def assert_no_overlap(slots):
    boxes = SX.label_boxes(slots)
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            assert not overlaps(boxes[i], boxes[j]), (slots[i], slots[j])


def crossings(slots) -> list:
    """(line of mark i, label j) pairs where a mark's line to its label runs through another label."""
    out = []
    for i, s in enumerate(slots):
        for j, t in enumerate(slots):
            if i != j and t.side == s.side and t.row < s.row and t.left < s.x < t.right:
                out.append((i, j))
    return out


# ------------------------------------------------------------------ which view first

def test_story_comes_first_with_three_articles():
    assert SX.default_mode(0) == "events"
    assert SX.default_mode(2) == "events"
    assert SX.default_mode(3) == "story"
    assert SX.default_mode(40) == "story"


def test_view_and_dates_round_trip_through_the_url():
    v = S.View(mode="events", dates=7)
    params = S.view_to_params(v)
    assert params == {"view": "events", "dates": "7"}
    assert S.view_from_params(params) == v
    assert S.view_to_params(S.View()) == {}
    bad = S.view_from_params({"view": "<script>", "dates": "lots"})
    assert bad.mode == "" and bad.dates is None
    assert S.view_from_params({"dates": "0"}).dates is None
    assert S.view_from_params({"dates": "100000"}).dates is None


# ------------------------------------------------------------------ label layout

def test_forty_labels_crowded_into_a_few_days_never_overlap():
    xs = [0.30 + 0.002 * (i % 3) for i in range(40)]       # 40 marks on three days
    widths = [0.25 + 0.01 * (i % 7) for i in range(40)]    # long headlines
    slots = SX.layout_labels(xs, widths)
    assert len(slots) == 40
    assert_no_overlap(slots)
    assert not crossings(slots)
    assert {s.side for s in slots} == {1, -1}               # both sides used
    assert max(s.row for s in slots) <= 20                  # about half above, half below


@pytest.mark.parametrize("seed", range(25))
def test_random_layouts_never_overlap(seed):
    rnd = random.Random(seed)
    n = rnd.randint(1, 60)
    centre = rnd.random()
    xs = [min(1.0, max(0.0, rnd.gauss(centre, rnd.choice((0.01, 0.1, 0.4))))) for _ in range(n)]
    widths = [rnd.uniform(0.02, 0.45) for _ in range(n)]
    slots = SX.layout_labels(xs, widths)
    assert [s.x for s in slots] == xs                       # one slot per mark, in input order
    assert_no_overlap(slots)
    for s, w in zip(slots, widths):
        assert s.right - s.left == pytest.approx(w)
        assert -1e-9 <= s.left and s.right <= 1 + 1e-9     # inside the plot
        assert s.left == pytest.approx(s.x) if s.anchor == "left" else s.right == pytest.approx(s.x)


def test_spread_out_labels_take_the_first_row_alternating():
    slots = SX.layout_labels([0.0, 0.25, 0.5, 0.75], [0.2] * 4)
    assert all(s.row == 0 for s in slots)
    assert [s.side for s in slots] in ([1, -1, 1, -1], [-1, 1, -1, 1])


def test_a_label_near_the_right_edge_ends_at_its_mark():
    (s,) = SX.layout_labels([0.95], [0.3])
    assert s.anchor == "right" and s.right == pytest.approx(0.95)


def test_story_figure_places_the_labels_as_laid_out():
    story = crowded()
    fig = SX.story_figure(story)
    traces = {t.meta: t for t in fig.data}
    assert set(traces) == {"lane", "connectors", "marks", "labels", "density"}
    marks, labels = traces["marks"], traces["labels"]
    keys = [SX.entry_key(e) for e in story.entries]
    assert list(marks.customdata) == keys and list(labels.customdata) == keys
    assert all(y == 0 for y in marks.y)
    # the labels sit on their rows, the figure is tall enough for them, the axis holds them
    levels = list(labels.y)
    assert all(v != 0 for v in levels)
    lo, hi = fig.layout.yaxis.range
    assert lo < min(levels) and max(levels) < hi
    assert fig.layout.height >= SX.ROW_PX * (max(levels) - min(levels) + 1)
    assert fig.layout.yaxis.ticktext == ("Key dates",)
    # the same layout, recomputed from the figure's own numbers, has no overlap
    x0, x1 = (datetime.fromisoformat(v) for v in fig.layout.xaxis.range)
    plot = SX.STORY_WIDTH_PX - SX.MARGIN_LEFT - SX.MARGIN_RIGHT
    xs = [(datetime.fromisoformat(x) - x0) / (x1 - x0) for x in labels.x]
    widths = [(SX.text_width_px(t) + 2 * SX.PAD_PX) / plot for t in labels.text]
    slots = SX.layout_labels(xs, widths)
    assert [s.level for s in slots] == levels
    assert_no_overlap(slots)


def test_long_headlines_are_shortened_on_the_lane_not_on_the_card():
    long = "A very long headline " * 10
    story = Story(entries=(entry(date(2024, 3, 1), long),))
    (label,) = next(t for t in SX.story_figure(story).data if t.meta == "labels").text
    assert label.endswith("…") and len(label) <= SX.LABEL_CHARS
    assert " ".join(long.split()) in SX.entry_html(story.entries[0])


def test_an_empty_story_draws_an_empty_lane():
    fig = SX.story_figure(Story(entries=()))
    assert any("No key dates" in a.text for a in fig.layout.annotations)


# ------------------------------------------------------------------ density strip

def test_density_strip_is_a_bar_per_day_under_the_lane():
    density = ((date(2024, 3, 4), 2), (date(2024, 3, 5), 5), (date(2024, 3, 12), 1))
    story = Story(entries=(entry(date(2024, 3, 4)), entry(date(2024, 3, 12))), density=density)
    fig = SX.story_figure(story)
    (bars,) = [t for t in fig.data if t.meta == "density"]
    assert bars.type == "bar"
    assert list(bars.y) == [2, 5, 1]
    assert [x[:10] for x in bars.x] == ["2024-03-04", "2024-03-05", "2024-03-12"]
    assert bars.yaxis == "y2" and bars.xaxis == "x2"     # its own thin row, the same dates
    assert fig.layout.xaxis2.matches == "x" or fig.layout.xaxis.matches == "x2"
    assert "Tue 5 Mar 2024: 5 events" in bars.hovertext
    # a thin strip: much less tall than the lane
    d_lane, d_strip = fig.layout.yaxis.domain, fig.layout.yaxis2.domain
    assert (d_strip[1] - d_strip[0]) < (d_lane[1] - d_lane[0])


def test_the_axis_covers_the_key_dates_and_the_density_near_them():
    story = Story(entries=(entry(date(2024, 3, 4)), entry(date(2024, 3, 20))),
                  density=((date(2024, 2, 20), 1), (date(2024, 3, 4), 3), (date(2014, 1, 1), 1)))
    lo, hi = SX.x_range(story)
    assert lo < datetime(2024, 2, 20) and hi > datetime(2024, 3, 20, 12)
    assert lo > datetime(2024, 1, 1)          # a lone day ten years back does not squeeze the lane
    # the last mark's label runs right of it: the axis makes room (up to a point)
    fig = SX.story_figure(story)
    labels = next(t for t in fig.data if t.meta == "labels")
    assert list(labels.textposition) == ["middle right", "middle right"]
    assert datetime.fromisoformat(fig.layout.xaxis.range[1]) > hi


# ------------------------------------------------------------------ escaping

@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_headlines_are_escaped_on_the_lane(hostile):
    story = Story(entries=(entry(date(2024, 3, 4), hostile, summary=(hostile,)),))
    fig = SX.story_figure(story)
    spec = json.dumps(fig.to_plotly_json()["data"])
    assert "<script" not in spec and "<img" not in spec
    labels = next(t for t in fig.data if t.meta == "labels")
    assert labels.text[0].startswith("&lt;")
    marks = next(t for t in fig.data if t.meta == "marks")
    assert "&lt;" in marks.hovertext[0]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_in_a_card_stays_text(hostile):
    src = Source("a1", hostile, hostile, "javascript:alert(3)", date(2024, 3, 5))
    ok = Source("a2", "Fine", "Outlet", "https://example.com/x?a=1&b=<2>", date(2024, 3, 5))
    card = SX.entry_html(entry(date(2024, 3, 4), hostile, summary=(hostile,), sources=(src, ok)),
                         pinned=True, edited=True)
    assert "<script" not in card and "<img" not in card
    assert card.count("&lt;") >= 3
    assert "javascript:" not in card          # no link from an unsafe URL
    assert card.count("<a href") == 0         # the second URL holds '<': not a safe link either
    ok2 = Source("a3", "Fine", "Outlet", "https://example.com/fine", date(2024, 3, 5))
    card2 = SX.entry_html(entry(date(2024, 3, 4), sources=(ok2,)))
    assert "<a href='https://example.com/fine'" in card2 and "noopener" in card2
    assert "Tue 5 Mar 2024" in card2 and "Outlet" in card2 and "Mon 4 Mar 2024" in card2
    assert "pinned" in card and "edited" in card and "pinned" not in card2


def test_a_sentence_in_context_is_found_by_event_id_and_escaped():
    text = ("The first sentence. Crews began work on <b>Monday</b>, officials said. "
            "<script>alert(1)</script> came next. The last sentence.")
    s = text.index("Crews")
    e_ = text.index("said.") + len("said.")
    t0 = text.index("Monday")
    ev = Event(id="ev1", article="a1", title="Crews began work", sentence=text[s:e_], sentence_start=s,
               sentence_end=e_, expressions=(Timex(t0, t0 + 6, "Monday", "DATE", "2024-03-18"),),
               value="2024-03-18", type="DATE", mod=None, grain="day", start=datetime(2024, 3, 18),
               end=datetime(2024, 3, 19), precision="day", explanation="")
    art = Article(id="a1", text=text, published=date(2024, 3, 19), title="Repairs <begin>")
    e = entry(date(2024, 3, 18), summary=(ev.sentence,), events=("ev1",))
    out = SX.entry_context_html(e, {"ev1": ev}, {"a1": art})
    assert "data-event-id='ev1'" in out
    assert "The first sentence." in out and "&lt;script&gt;" in out   # the sentences around it
    assert "<mark>Monday</mark>" in out
    assert "<script" not in out and "Repairs &lt;begin&gt;" in out
    assert "not among the events" in SX.entry_context_html(e, {}, {})


def test_an_opening_sentence_without_event_is_shown_in_its_article_by_span():
    text = "Rain fell all week. The river burst its banks <i>overnight</i>, flooding the town. It was the worst in years."
    s = text.index("The river")
    e_ = text.index("town.") + len("town.")
    art = Article(id="a2", text=text, published=date(2024, 3, 19), title="Flood <news>")
    e = dataclasses.replace(entry(date(2024, 3, 18), summary=(text[s:e_],), events=("",)),
                            summary_spans=(("a2", s, e_),))
    out = SX.entry_context_html(e, {}, {"a2": art})
    assert "data-article='a2'" in out
    assert "<b>The river burst its banks &lt;i&gt;overnight&lt;/i&gt;, flooding the town.</b>" in out
    assert "Rain fell all week." in out and "It was the worst in years." in out
    assert "<i>" not in out and "Flood &lt;news&gt;" in out
    bad = dataclasses.replace(e, summary_spans=(("a2", 5, 10_000),))
    assert "not among the events" in SX.entry_context_html(bad, {}, {"a2": art})


# ------------------------------------------------------------------ edits

def three() -> Story:
    return Story(entries=(entry(date(2024, 3, 4), "First"), entry(date(2024, 3, 7), "Second"),
                          entry(date(2024, 3, 12), "Third", summary=("One.", "Two."), events=("x", "y"))),
                 articles=3, events=9, title="T")


def test_no_edits_leave_the_story_as_it_is():
    assert SX.apply_story_edits(three(), {}) == three()
    assert SX.apply_story_edits(three(), None) == three()


def test_removed_entries_go_and_come_back():
    story = three()
    edits = SX.remove_entry({}, story.entries[1])
    assert SX.removed_count(edits) == 1
    shown = SX.apply_story_edits(story, edits)
    assert [e.headline for e in shown.entries] == ["First", "Third"]
    assert shown.articles == 3 and shown.title == "T"
    assert SX.apply_story_edits(story, SX.restore_removed(edits)) == story
    assert SX.restore_removed(edits) == {}


def test_a_pinned_entry_stays_when_fewer_dates_are_asked_for():
    story = three()
    edits = SX.toggle_pin({}, story.entries[1])
    assert SX.is_pinned(edits, story.entries[1])
    smaller = dataclasses.replace(story, entries=(story.entries[0],))   # the story with dates=1
    shown = SX.apply_story_edits(smaller, edits)
    assert [e.headline for e in shown.entries] == ["First", "Second"]    # still there, in date order
    assert SX.originals(smaller, edits)["2024-03-07"] == story.entries[1]
    # unpinning lets it go
    edits = SX.toggle_pin(edits, story.entries[1])
    assert edits == {} and [e.headline for e in SX.apply_story_edits(smaller, edits).entries] == ["First"]
    # removing a pinned entry unpins it
    edits = SX.remove_entry(SX.toggle_pin({}, story.entries[1]), story.entries[1])
    assert not SX.is_pinned(edits, story.entries[1])
    assert [e.headline for e in SX.apply_story_edits(smaller, edits).entries] == ["First"]


def test_retyped_headline_and_summary_are_applied_with_replace():
    story = three()
    third = story.entries[2]
    edits = SX.set_text({}, third, "  A better   headline ", "Only one sentence now.\n\n")
    assert SX.is_edited(edits, third)
    shown = SX.apply_story_edits(story, edits)
    got = shown.entries[2]
    assert got.headline == "A better headline"
    assert got.summary == ("Only one sentence now.",)
    assert got.summary_events == ("x",)                     # still aligned with the summary
    assert got.date == third.date and got.sources == third.sources and got.events == third.events
    # text equal to the original is no edit; undo clears the edit
    assert SX.set_text({}, third, third.headline, "\n".join(third.summary)) == {}
    assert SX.reset_text(edits, third) == {}
    # pins, removals and edits of other entries are independent
    both = SX.remove_entry(edits, story.entries[0])
    assert [e.headline for e in SX.apply_story_edits(story, both).entries] == ["Second", "A better headline"]


def test_exports_follow_the_edited_story():
    from pipeline import story_export

    story = three()
    edits = SX.remove_entry(SX.set_text({}, story.entries[0], "Edited <headline>", "New text."),
                            story.entries[1])
    shown = SX.apply_story_edits(story, edits)
    md = story_export.render(shown, "md")
    assert "Edited &lt;headline&gt;" in md and "New text." in md and "Second" not in md
    data = json.loads(story_export.render(shown, "json"))
    assert [e["headline"] for e in data["entries"]] == ["Edited <headline>", "Third"]
    tl = json.loads(story_export.render(shown, "timelinejs"))
    assert [s["text"]["headline"] for s in tl["events"]] == ["Edited &lt;headline&gt;", "Third"]
    assert "Edited &lt;headline&gt;" in story_export.render(shown, "csv")


def test_edits_keep_to_plain_session_state_values():
    """Edits are plain dicts keyed by the date (what st.session_state holds)."""
    story = three()
    edits = SX.toggle_pin(SX.set_text({}, story.entries[0], "H", "S."), story.entries[0])
    assert list(edits) == ["2024-03-04"]
    assert set(edits["2024-03-04"]) == {"headline", "summary", "pin"}
    assert SX.entry_key(story.entries[0]) == "2024-03-04"


def test_ui_stays_free_of_streamlit():
    from pathlib import Path

    for path in (Path(__file__).resolve().parents[1] / "ui").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import streamlit" not in text and "from streamlit" not in text, path.name


def test_story_lane_at_the_ends_of_the_calendar():
    s = Story(entries=(entry(date(1, 1, 2), "Year one"), entry(date(9999, 12, 30), "The last days")),
              density=((date(1, 1, 2), 1), (date(9999, 12, 30), 2)))
    fig = SX.story_figure(s)  # raised OverflowError in the padding
    assert fig.data


def test_a_pin_from_an_opened_project_marks_its_entry_pinned():
    e = entry(date(2021, 9, 27), "Vote")
    assert SX.is_pinned({SX.entry_key(e): {"pin": True}}, e)
    assert not SX.is_pinned({SX.entry_key(e): {"remove": True}}, e)
    assert not SX.is_pinned(SX.toggle_pin({SX.entry_key(e): {"pin": True}}, e), e)
