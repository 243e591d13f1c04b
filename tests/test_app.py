"""The Streamlit app, run headless with streamlit.testing (AppTest).

File uploads cannot be driven by AppTest: the app keeps the uploaded files
as ``(name, bytes)`` pairs in ``st.session_state["uploads"]`` (written by the
uploader's on_change callback), so these tests put files there and the real
path (ui.state.read_uploads -> pipeline.articles.load_bytes -> build_events)
runs on them.  read_uploads itself is tested in test_chart.py.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipeline.articles import load_articles
from pipeline.events import build_events

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "nk-hotlines.json"


def app(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def figure(at: AppTest) -> dict:
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def ids(fig: dict) -> set[str]:
    return {c for t in fig["data"] for c in (t.get("customdata") or []) if c is not None}


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.fixture(scope="module")
def sample_events():
    events = build_events(load_articles(SAMPLE).articles)
    return [e for e in events if e.start is not None or e.end is not None]


def test_opens_on_the_sample(sample_events):
    at = app()
    assert not at.exception
    assert not at.error
    fig = figure(at)
    assert sample_events, "the pipeline found no events in the sample"
    assert ids(fig) == {e.id for e in sample_events}
    m = metrics(at)
    assert m["Articles"] == "1" and m["Events"] == str(len(sample_events))
    assert at.title[0].value == "Chronicle"


def test_a_filter_changes_the_figure(sample_events):
    at = app()
    before = ids(figure(at))
    precision = sorted({e.precision for e in sample_events})[0]
    # the folded filters are built when their expander opens
    assert not [m for m in at.multiselect if m.key == "f_prec"]
    at.session_state["filters_open"] = True
    at.run()
    at.multiselect(key="f_prec").set_value([precision]).run()
    after = ids(figure(at))
    assert after == {e.id for e in sample_events if e.precision == precision}
    assert after < before
    # ... and the filter is in the URL
    assert at.query_params["precision"] in (precision, [precision])
    # folded again, the filter still holds, and the expander's label counts it
    at.session_state["filters_open"] = False
    at.run()
    assert ids(figure(at)) == after
    assert not [m for m in at.multiselect if m.key == "f_prec"]
    assert any(e.label.endswith("· 1 on") for e in at.expander)


def test_a_filter_in_the_link_opens_the_folded_filters(sample_events):
    precision = sorted({e.precision for e in sample_events})[0]
    at = app(precision=precision)
    assert at.multiselect(key="f_prec").value == [precision]
    assert ids(figure(at)) == {e.id for e in sample_events if e.precision == precision}


def test_a_short_events_list_is_a_plain_table_whose_text_is_escaped(sample_events):
    at = app()
    (table,) = [h.proto.body for h in at.get("html") if "chronicle-events" in h.proto.body]
    assert table.count("<tr data-event-id=") == len(sample_events)
    assert len(at.dataframe) == 0


def test_lanes_by_source():
    at = app()
    at.radio(key="lanes").set_value("source").run()
    fig = figure(at)
    ticks = fig["layout"]["yaxis"]["ticktext"]
    assert len(ticks) == 1 and ticks[0].startswith("Associated Press")


def test_text_search_filters(sample_events):
    word = "hotlines"
    at = app(q=word)
    assert ids(figure(at)) == {e.id for e in sample_events
                               if word in (e.title + " " + e.sentence + " " + e.explanation).lower()}


def test_url_reopens_a_view_with_the_selected_event(sample_events):
    target = sample_events[0]
    at = app(event=target.id, lanes="source")
    assert not at.exception
    html = " ".join(h.proto.body for h in at.get("html"))
    assert f"data-event-id='{target.id}'" in html
    assert "<mark>" in html
    assert at.radio(key="lanes").value == "source"


def test_bad_url_parameters_do_not_crash():
    at = app(lanes="<script>", **{"from": "2021-99-99"}, precision="nonsense")
    assert not at.exception and not at.error
    assert ids(figure(at))


def test_paste_needs_text_and_a_date():
    at = app()
    at.radio(key="input").set_value("paste").run()
    assert any("Paste the text" in e.value for e in at.error)
    at.text_area(key="paste_text").set_value("The talks resumed on Monday.").run()
    assert any("publication date" in e.value for e in at.error)
    at.date_input(key="paste_date").set_value(date(2021, 9, 30)).run()
    assert not at.error and not at.exception
    assert metrics(at)["Articles"] == "1"


def test_bad_upload_shows_an_error_for_that_file_others_load():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["uploads"] = [
        ("good.json", SAMPLE.read_bytes()),
        ("broken.json", b'{"id": "x", "text": '),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00"),
    ]
    at.query_params["input"] = "upload"
    at.run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "broken" in errors and "photo" in errors and "good" not in errors
    assert metrics(at)["Articles"] == "1"
    assert ids(figure(at))


def test_undated_upload_asks_for_a_date():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["uploads"] = [("note.txt", b"Officials met on Monday and will meet again next week.")]
    at.query_params["input"] = "upload"
    at.run()
    assert not at.exception
    assert any("wait for a publication date" in w.value for w in at.warning)
    asks = [d for d in at.date_input if d.key and d.key.startswith("date-")]
    assert len(asks) == 1 and asks[0].value is None   # never today by default
    assert metrics(at)["Articles"] == "0"
    asks[0].set_value(date(2021, 9, 30)).run()
    assert metrics(at)["Articles"] == "1"
    assert not [w for w in at.warning if "wait for a publication date" in w.value]


def test_corrections_in_session_state_reach_the_chart(sample_events):
    """Stored corrections (what the Corrections editor writes) survive reruns
    and change the figure: a retitled event, a dropped one."""
    from ui.state import input_signature

    sig = input_signature(load_articles(SAMPLE).articles)
    first, second = sample_events[0], sample_events[1]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["edits"] = {sig: {first.id: {"title": "Retitled <by hand>"},
                                       second.id: {"drop": True}}}
    at.run()
    assert not at.exception
    fig = figure(at)
    assert second.id not in ids(fig)
    hovers = [h for t in fig["data"] for h, c in zip(t.get("hovertext") or [], t.get("customdata") or [])
              if c == first.id]
    assert hovers and all("Retitled &lt;by hand&gt;" in h for h in hovers)
    at.run()  # another rerun: the corrections are still there
    assert second.id not in ids(figure(at))
    assert metrics(at)["Events"] == str(len(sample_events) - 1)


# ------------------------------------------------------------------ Story view

#: Four short hand-made reports of one story over two weeks (3+ articles: Story comes first).
BRIDGE = [
    {"id": "a1", "title": "Storm closes Harbor Bridge", "source": "Daily Ledger",
     "url": "https://example.com/a1", "published": "2024-03-05",
     "text": "The Harbor Bridge was closed on Monday after a storm damaged two of its cables, city "
             "officials said. Engineers inspected the span on Tuesday and found cracks in a support "
             "tower. The mayor said the bridge would stay closed until at least March 15. Commuters "
             "crowded the ferries on Tuesday morning."},
    {"id": "a2", "title": "Ferries add sailings as bridge stays shut", "source": "Coast News",
     "url": "https://example.com/a2", "published": "2024-03-08",
     "text": "The ferry company added twelve sailings on Thursday as the Harbor Bridge stayed shut. "
             "The bridge was closed on March 4 after the storm damaged its cables. Engineers said on "
             "Wednesday that the repairs would take weeks. The city council will hold an emergency "
             "meeting on March 12."},
    {"id": "a3", "title": "Council approves repair funds", "source": "Daily Ledger",
     "url": "javascript:alert(1)", "published": "2024-03-13",
     "text": "The city council approved four million dollars for the bridge repairs on Tuesday. The "
             "vote came a week after engineers found cracks in a support tower on March 5. The Harbor "
             "Bridge has been closed since March 4. Repair crews will start work on March 18, the "
             "council said."},
    {"id": "a4", "title": "Repair crews begin work on Harbor Bridge", "source": "Coast News",
     "url": "https://example.com/a4", "published": "2024-03-19",
     "text": "Repair crews began replacing the damaged cables on Monday, two weeks after the storm. "
             "The council approved the repair money on March 12. Officials said on Tuesday that one "
             "lane could reopen on April 2. The bridge was closed on March 4."},
]


def bridge_bytes(records=BRIDGE) -> bytes:
    return "\n".join(json.dumps(r) for r in records).encode("utf-8")


def story_app(records=BRIDGE, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["uploads"] = [("bridge.jsonl", bridge_bytes(records))]
    at.query_params["input"] = "upload"
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def cards(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.get("html") if "class='chronicle-card'" in h.proto.body]


def card_dates(at: AppTest) -> list[str]:
    import re
    return [re.search(r"data-date='([^']+)'", c).group(1) for c in cards(at)]


@pytest.fixture(scope="module")
def bridge_story():
    """The story the app should tell of BRIDGE (auto number of dates), from the pipeline directly."""
    from pipeline.articles import load_bytes
    from pipeline.storyline import story

    arts = load_bytes("bridge.jsonl", bridge_bytes()).articles
    return story(build_events(arts), articles=arts)


def test_story_comes_first_with_three_articles(bridge_story):
    at = story_app()
    assert not at.exception and not at.error
    assert at.button_group(key="mode").value == "story"
    assert "view" not in at.query_params            # chosen by the input, not by the reader
    shown = cards(at)
    assert len(shown) == len(bridge_story) >= 3
    for entry, card in zip(bridge_story.entries, shown):
        assert entry.headline.replace("'", "&#x27;") in card
        assert entry.label in card
    # the lane: one mark per key date, and the density strip
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    traces = {t.get("meta"): t for t in spec["data"]}
    assert traces["marks"]["customdata"] == card_dates(at)
    assert traces["density"]["type"] == "bar"
    m = metrics(at)
    assert m["Key dates"] == str(len(bridge_story)) and m["Articles"] == "4"
    # the unsafe URL of one article is no link; the others are
    assert "javascript:" not in " ".join(shown)
    assert "href='https://example.com/a1'" in " ".join(shown)


def open_card(at: AppTest, part: str, day: str) -> AppTest:
    """Open one card's expander ("ctx": sentences in context, "edx": the edit form), as a
    click does: its content is built only when open."""
    (pin,) = [b.key for b in at.button if b.key and b.key.startswith("pin-") and b.key.endswith(day)]
    at.session_state[f"{part}-{pin[4:]}"] = True
    return at.run()


def contexts(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.get("html") if "chronicle-context" in h.proto.body]


def test_the_sentence_in_context_is_one_click_away(bridge_story):
    at = story_app()
    assert [e.label for e in at.expander][:2] == ["Sentences in context", "Edit headline and summary"]
    assert sum(e.label == "Sentences in context" for e in at.expander) == len(bridge_story)
    assert contexts(at) == []                         # closed: not built
    first = bridge_story.entries[0]
    open_card(at, "ctx", card_dates(at)[0])
    assert not at.exception
    (context,) = contexts(at)                         # only the opened card's
    assert f"data-event-id='{first.summary_events[0]}'" in context
    assert "<mark>" in context


def test_the_number_of_key_dates_changes_the_cards():
    at = story_app()
    auto = len(cards(at))
    at.number_input(key="story_dates").set_value(2).run()
    assert not at.exception
    assert len(cards(at)) == 2 < auto
    assert at.query_params["dates"] in ("2", ["2"])
    at.number_input(key="story_dates").set_value(None).run()   # empty: auto again
    assert len(cards(at)) == auto
    assert "dates" not in at.query_params


def test_dates_from_the_url():
    at = story_app(dates="3")
    assert len(cards(at)) == 3 and at.number_input(key="story_dates").value == 3


def test_all_events_is_one_click_away():
    at = story_app()
    at.button_group(key="mode").set_value("events").run()
    assert not at.exception
    assert not cards(at)
    assert ids(figure(at))                             # the timeline of every event
    assert at.query_params["view"] in ("events", ["events"])
    at.button_group(key="mode").set_value("story").run()
    assert cards(at)
    # a shared link reopens All events
    assert not cards(story_app(view="events"))


def test_the_sample_opens_on_all_events_with_story_one_click_away():
    at = app()
    assert at.button_group(key="mode").value == "events"
    at.button_group(key="mode").set_value("story").run()
    assert not at.exception and not at.error
    assert cards(at)                                   # one article still has a story
    assert at.query_params["view"] in ("story", ["story"])


def test_switching_views_keeps_each_views_settings():
    """A widget drawn in one view only keeps its value while the other view shows."""
    at = app(lanes="source")
    at.button_group(key="mode").set_value("story").run()
    at.number_input(key="story_dates").set_value(1).run()
    at.button_group(key="mode").set_value("events").run()
    assert not at.exception
    assert at.radio(key="lanes").value == "source"
    assert figure(at)["layout"]["yaxis"]["ticktext"][0].startswith("Associated Press")
    at.button_group(key="mode").set_value("story").run()
    assert not at.exception
    assert at.number_input(key="story_dates").value == 1 and len(cards(at)) == 1
    assert at.query_params["lanes"] in ("source", ["source"])


def _click(at: AppTest, prefix: str, day: str) -> AppTest:
    (button,) = [b for b in at.button if b.key and b.key.startswith(prefix) and b.key.endswith(day)]
    return button.click().run()


def test_a_pinned_date_stays_when_fewer_are_asked_for():
    at = story_app(dates="3")
    dates3 = card_dates(at)
    at.number_input(key="story_dates").set_value(1).run()
    (top,) = card_dates(at)
    pin = next(d for d in dates3 if d != top)
    at.number_input(key="story_dates").set_value(3).run()
    _click(at, "pin-", pin)
    assert "· pinned" in next(c for c in cards(at) if pin in c)
    at.number_input(key="story_dates").set_value(1).run()
    assert card_dates(at) == sorted([top, pin])       # the pinned date stays, in date order
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    marks = next(t for t in spec["data"] if t.get("meta") == "marks")
    assert sorted(marks["customdata"]) == sorted([top, pin])
    _click(at, "pin-", pin)                           # unpin: it goes
    assert card_dates(at) == [top]


def test_a_removed_date_goes_and_can_come_back():
    at = story_app()
    before = card_dates(at)
    _click(at, "remove-", before[1])
    assert card_dates(at) == before[:1] + before[2:]
    assert not at.exception
    at.button(key="story-restore").click().run()
    assert card_dates(at) == before


def test_an_edited_headline_and_summary_show_on_the_card_and_the_lane():
    at = story_app()
    day = card_dates(at)[0]
    assert not [t for t in at.text_input if t.key and t.key.startswith("eh-")]   # the form is built when opened
    open_card(at, "edx", day)
    (headline,) = [t for t in at.text_input if t.key and t.key.startswith("eh-") and t.key.endswith(day)]
    (summary,) = [t for t in at.text_area if t.key and t.key.startswith("es-") and t.key.endswith(day)]
    headline.input("Bridge shut <by storm>")
    summary.input("One sentence of mine.")
    (save,) = [b for b in at.button if b.label == "Save" and day in (b.form_id or "")]
    save.click().run()
    assert not at.exception
    card = cards(at)[0]
    assert "Bridge shut &lt;by storm&gt;" in card and "One sentence of mine." in card and "· edited" in card
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    labels = next(t for t in spec["data"] if t.get("meta") == "labels")
    assert labels["text"][0] == "Bridge shut &lt;by storm&gt;"
    (undo,) = [b for b in at.button if b.key and b.key.startswith("reset-") and b.key.endswith(day)]
    undo.click().run()
    assert "Bridge shut" not in cards(at)[0]


def test_story_downloads_are_offered():
    at = story_app()
    labels = [b.label for b in at.get("download_button")]
    for want in ("JSON", "Markdown", "CSV (TimelineJS sheet)", "TimelineJS"):
        assert want in labels


def test_an_undated_articles_title_is_shown_as_written_in_its_date_label():
    title = "![t](http://127.0.0.1:9/x.png) **bold** $x$"
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    rec = {"id": "n1", "title": title, "text": "Officials met on Monday."}
    at.session_state["uploads"] = [("n1.json", json.dumps(rec).encode())]
    at.query_params["input"] = "upload"
    at.run()
    assert not at.exception
    (ask,) = [d for d in at.date_input if d.key and d.key.startswith("date-")]
    assert "![t](" not in ask.label and "**bold**" not in ask.label and "$x$" not in ask.label
    assert ask.label.replace("\\", "") == title  # every character shown, each escaped


def test_visitors_never_see_tracebacks():
    import tomllib
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert cfg["client"]["showErrorDetails"] == "none"


def test_an_upload_with_a_lone_surrogate_is_read():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["uploads"] = [
        ("s.json", b'{"id": "s", "published": "2021-09-30", "text": "bad \\ud800 here on Monday."}'),
        ("good.json", b'{"id": "g", "published": "2021-09-30", "text": "The vote was on Tuesday."}')]
    at.query_params["input"] = "upload"
    at.run()
    assert not at.exception
    assert metrics(at)["Articles"] == "2"


# ------------------------------------------------------- the chart's selection

@pytest.fixture
def page(monkeypatch):
    """The page's side of the timeline's selection, which AppTest cannot click:
    ``page.click(at, event_id)`` is a click on that event's mark.  As in the
    browser, the chart's selection is sent again on every rerun for as long as
    that chart (the same element id) stays on the page, and forgotten with it."""
    from streamlit.testing.v1.element_tree import ElementTree

    held: dict[str, str] = {}  # chart element id -> its selection, as the page holds it
    original = ElementTree.get_widget_states

    def get_widget_states(self):
        states = original(self)
        shown = {c.proto.id for c in self.get("plotly_chart")}
        for cid in list(held):
            if cid not in shown:
                del held[cid]
            else:
                w = states.widgets.add()
                w.id, w.string_value = cid, held[cid]
        return states

    monkeypatch.setattr(ElementTree, "get_widget_states", get_widget_states)

    class Page:
        def click(self, at: AppTest, event_id: str) -> AppTest:
            chart = at.get("plotly_chart")[0]
            spec = json.loads(chart.proto.spec)
            curve, index = next((c, i) for c, t in enumerate(spec["data"])
                                for i, cd in enumerate(t.get("customdata") or []) if cd == event_id)
            point = {"curve_number": curve, "point_number": index, "point_index": index,
                     "customdata": event_id}
            held[chart.proto.id] = json.dumps({"selection": {
                "points": [point], "point_indices": [index], "box": [], "lasso": []}})
            return at.run()

    return Page()


def shown_event(at: AppTest) -> str | None:
    """The id of the event in the details panel, or None without a panel."""
    for h in at.get("html"):
        if "chronicle-details" in h.proto.body:
            return h.proto.body.split("data-event-id='", 1)[1].split("'", 1)[0]
    return None


def clear_button(at: AppTest):
    return next(b for b in at.button if b.label == "Clear selection")


def test_clear_selection_clears_and_stays_clear(sample_events, page):
    """The chart sends its selection again on every rerun: "Clear selection"
    must clear the panel and the URL, and no later rerun brings the old
    selection back; a click selects again, the same mark as another."""
    first, other = sample_events[0].id, sample_events[-1].id
    at = page.click(app(), first)
    assert not at.exception
    assert shown_event(at) == first and at.query_params["event"] in (first, [first])
    chart_id = at.get("plotly_chart")[0].proto.id

    clear_button(at).click().run()
    assert not at.exception
    assert shown_event(at) is None
    assert "event" not in at.query_params
    assert not [b for b in at.button if b.label == "Clear selection"]
    # the chart is a new one, without the old selection
    assert at.get("plotly_chart")[0].proto.id != chart_id

    # reruns, one that leaves the figure as it was (every event matches): still clear
    at.run()
    at.text_input(key="q").set_value("Korea").run()
    assert not at.exception
    assert ids(figure(at)) == {e.id for e in sample_events}
    assert shown_event(at) is None and "event" not in at.query_params

    # the same mark, clicked again, selects again; another mark too
    page.click(at, first)
    assert shown_event(at) == first and at.query_params["event"] in (first, [first])
    page.click(at, other)
    assert shown_event(at) == other and at.query_params["event"] in (other, [other])
    at.text_input(key="q").set_value("").run()
    assert shown_event(at) == other


def test_a_selection_from_the_url_is_not_undone_by_the_chart(sample_events, page):
    """The chart's own (older) selection counts only when it changes: a rerun
    keeps the selection the link opened, and the panel follows a new click."""
    target, other = sample_events[0].id, sample_events[-1].id
    at = app(event=target)
    assert shown_event(at) == target
    at.run()
    assert shown_event(at) == target
    page.click(at, other)
    assert shown_event(at) == other
    at.run()
    assert shown_event(at) == other


def test_only_a_change_in_the_charts_selection_is_a_pick():
    from ui.state import new_pick

    def sel(*ids):
        return {"selection": {"points": [{"customdata": i} for i in ids]}}

    assert new_pick(sel("a"), None) == ("a", "a")            # a click
    assert new_pick(sel("a"), "a") == (None, "a")            # the same selection, returned again
    assert new_pick(sel("b"), "a") == ("b", "b")             # another click
    assert new_pick(sel(), "b") == (None, None)              # emptied: no pick
    assert new_pick(None, None) == (None, None)
    assert new_pick(sel("b"), None) == ("b", "b")            # the same mark, after it was emptied


# ------------------------------------------------------------------ projects

def test_a_saved_project_opens_with_its_corrections_and_view(sample_events):
    """Save -> upload -> the same timeline: the project's dropped event stays out, its
    retitled one keeps its title, its lanes and search come back; the reader's own
    later changes are not undone by the next rerun."""
    import json

    from pipeline import project
    from ui import state as S

    arts = load_articles(SAMPLE).articles
    first, second = sample_events[0], sample_events[1]
    text = S.project_text(arts, {first.id: {"title": "Retitled by hand"}, second.id: {"drop": True}},
                          {}, None, S.View(lanes="source", mode="events"), "Hotlines")
    assert json.loads(text)["format"] == project.FORMAT
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["uploads"] = [("hotlines.chronicle.json", text.encode())]
    at.query_params["input"] = "upload"
    at.run()
    assert not at.exception and not at.error
    fig = figure(at)
    assert second.id not in ids(fig) and metrics(at)["Events"] == str(len(sample_events) - 1)
    assert at.session_state["lanes"] == "source"
    assert [b for b in at.get("download_button") if b.proto.label == "Save project"]
    assert not [w for w in at.warning if "Unsaved" in w.value]  # just opened: nothing new to save
    at.session_state["lanes"] = "article"  # the reader changes the view: a rerun keeps it
    at.run()
    assert at.session_state["lanes"] == "article" and second.id not in ids(figure(at))


def test_dropping_the_selected_event_clears_the_selection_and_the_link(sample_events):
    """The details panel went, but 'selected' and event= in the URL stayed, pointing at
    an event that no longer exists."""
    from ui.state import input_signature

    sig = input_signature(load_articles(SAMPLE).articles)
    first = sample_events[0]
    at = app(event=first.id)
    at.run()
    assert at.query_params.get("event") in (first.id, [first.id])
    at.session_state["edits"] = {sig: {first.id: {"drop": True}}}
    at.run()
    assert not at.exception
    assert not at.session_state["selected"] and "event" not in at.query_params


def test_unsaved_uploads_and_corrections_are_flagged_before_they_can_be_lost(sample_events):
    from ui import state as S
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not [w for w in at.warning if "Unsaved" in w.value]  # the sample, untouched: nothing to lose
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["uploads"] = [("good.json", SAMPLE.read_bytes())]
    at.query_params["input"] = "upload"
    at.run()
    warn = [w.value for w in at.warning if "Unsaved" in w.value]
    assert warn and "1 article" in warn[0] and "Save project" in warn[0]
    assert S.unsaved_warning("upload", 3, 2, saved=True) is None
    assert "2 corrections" in S.unsaved_warning("sample", 1, 2, saved=False)


# ------------------------------------------------- ?source=<link> (pipeline.fetch)

LINK_CSV = ("id,title,published,source,text\n"
            "l1,Storm closes bridge,2021-09-30,Daily Ledger,The storm closed the Harbor Bridge on Tuesday.\n"
            "l2,Ferries add sailings,2021-10-02,Coast News,Ferries added sailings last Friday, "
            "and the bridge reopens on 15 October.\n").encode()


@pytest.fixture(scope="module")
def link_server():
    """A local HTTP server in a thread: /articles.csv, and 404 for anything else."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            found = self.path == "/articles.csv"
            body = LINK_CSV if found else b"not here"
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "text/csv" if found else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def local_links(monkeypatch):
    monkeypatch.setenv("CHRONICLE_ALLOW_LOCAL_SOURCES", "1")
    monkeypatch.setenv("CHRONICLE_ALLOW_HTTP_SOURCES", "1")


def test_a_source_link_shows_the_files_articles(link_server, local_links):
    url = link_server + "/articles.csv"
    at = app(source=url, view="events")
    assert not at.exception and not at.error
    assert at.radio(key="input").value == "link"
    assert at.text_input(key="link").value == url
    assert metrics(at)["Articles"] == "2"
    fig = figure(at)
    assert ids(fig) and {t.get("name") for t in fig["data"]}  # the file's events are drawn
    assert set(at.session_state["f_art"]) <= {"l1", "l2"}
    assert at.query_params["source"] in (url, [url])  # the link stays: it reopens this timeline
    assert "input" not in at.query_params
    assert not [w for w in at.warning if "Unsaved" in w.value]  # the link carries the articles


def test_a_bad_source_link_is_one_error_never_a_crash(link_server, local_links, monkeypatch):
    for url, words in ((link_server + "/missing.csv", "HTTP 404"), ("javascript:alert(1)", "links can be read"),
                       ("file:///etc/passwd", "links can be read")):
        at = app(source=url)
        assert not at.exception
        errors = [e.value for e in at.error]
        assert len(errors) == 1 and words in errors[0] and "\n" not in errors[0]
        assert metrics(at).get("Articles", "0") == "0"
    monkeypatch.delenv("CHRONICLE_ALLOW_LOCAL_SOURCES")
    at = app(source="http://127.0.0.1:9/loopback.csv")  # never connected to: refused first
    assert not at.exception and "loopback" in at.error[0].value


def test_an_old_source_filter_link_still_filters(sample_events):
    name = "Associated Press (republished by a UK news site)"  # the sample's outlet
    at = app(source=name, view="events")
    assert not at.exception and at.radio(key="input").value == "sample"
    assert at.session_state["f_src"] == [name] and ids(figure(at))
    assert at.query_params["source"] in (name, [name])  # written back as it came


def test_an_empty_view_says_why_instead_of_drawing_an_empty_axis(sample_events):
    """With no event to show, an axis from the year 2000 was drawn; now a message says
    what is missing and what to do, and no chart is drawn."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["q"] = "nothing-matches-this"
    at.session_state["events_tab"] = "Share & export"
    at.run()
    assert not at.exception and not at.get("plotly_chart")
    assert any("No event matches the filters" in i.value and str(len(sample_events)) in i.value for i in at.info)
    html_buttons = [b for b in at.button if b.label in ("Web page (HTML)", "Offline page (HTML)")]
    assert len(html_buttons) == 2 and all(b.disabled for b in html_buttons)  # no page of an empty chart
    up = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    up.query_params["input"] = "upload"
    up.run()
    assert not up.get("plotly_chart") and any("Upload articles" in i.value for i in up.info)


def _upload(files, tab: str | None = None, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["uploads"] = files
    if tab:  # the All-events tab open (tabs run only when open)
        at.session_state["events_tab"] = tab
    at.query_params["input"] = "upload"
    at.query_params["view"] = "events"
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def test_an_events_export_uploaded_alone_is_drawn_as_its_events(sample_events):
    """Chronicle's own CSV export, uploaded back, is the events it holds (same ids,
    same intervals), never articles to tag again."""
    from pipeline import export
    at = _upload([("chronicle-events.csv", export.to_csv(sample_events).encode())])
    assert not at.exception and not at.error
    assert ids(figure(at)) == {e.id for e in sample_events}
    assert metrics(at)["Events"] == str(len(sample_events))
    assert any("not as article text" in i.value for i in at.info)


def test_intervals_fixed_in_an_exported_csv_come_back_as_corrections(sample_events):
    """Export, fix a date and a title in a spreadsheet, upload the CSV with the articles:
    the fixes are corrections of the articles' events (not new events, not articles)."""
    import csv
    import io

    from pipeline import export
    from ui import state as S
    rows = list(csv.DictReader(io.StringIO(export.to_csv(sample_events))))
    target = rows[0]
    target["start"], target["end"], target["title"] = "2021-07-27 00:00:00", "2021-07-28", "Lines restored"
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)
    at = _upload([("nk.json", SAMPLE.read_bytes()), ("fixed.csv", buf.getvalue().encode())])
    assert not at.exception and not at.error
    fig = figure(at)
    assert ids(fig) == {e.id for e in sample_events}  # no event twice, none new
    sig = at.session_state["fixes_imported"]
    fix = at.session_state["edits"][sig][target["id"]]
    assert fix["title"] == "Lines restored" and fix["start"].isoformat() == "2021-07-27T00:00:00"
    assert list(at.session_state["edits"][sig]) == [target["id"]]  # unchanged rows give nothing
    assert any("imported from the events export" in i.value for i in at.info)
    assert S.input_signature(load_articles(SAMPLE).articles) != sig  # the export is part of the input


def test_an_event_added_by_hand_is_drawn_and_saved_in_the_project(sample_events):
    at = _upload([("nk.json", SAMPLE.read_bytes())], tab="Corrections")
    assert not at.exception
    at.text_input(key="add_title").set_value("Talks <b>planned</b>")
    at.date_input(key="add_start").set_value(date(2021, 10, 4))
    at.date_input(key="add_end").set_value(date(2021, 10, 6))
    at.button[[b.label for b in at.button].index("Add event")].click().run()
    assert not at.exception and not [w for w in at.warning if "Not added" in w.value]
    added = [e for e in at.session_state["added"].values()][0]
    [ev] = added
    assert ev.title == "Talks <b>planned</b>" and (ev.start.day, ev.end.day) == (4, 7)  # last day inclusive
    fig = figure(at)
    assert ev.id in ids(fig)
    assert "<b>planned</b>" not in json.dumps(fig)  # the title is escaped on the chart
    # saved in the project and back after a reopen, as an event of its own
    from ui import state as S
    text = S.project_text(load_articles(SAMPLE).articles, {}, {}, None, S.View(mode="events"), "", added)
    at2 = _upload([("p.chronicle.json", text.encode())])
    assert not at2.exception and not at2.error
    assert ev.id in ids(figure(at2)) and {e.id for e in sample_events} <= ids(figure(at2))


def test_an_event_without_a_title_or_day_is_refused_with_one_line():
    at = _upload([("nk.json", SAMPLE.read_bytes())], tab="Corrections")
    at.date_input(key="add_start").set_value(date(2021, 10, 4))
    at.button[[b.label for b in at.button].index("Add event")].click().run()
    assert not at.exception
    assert any("needs a title" in w.value for w in at.warning)
    assert not any(at.session_state["added"].values()) if "added" in at.session_state else True


def test_corrections_reach_the_story(bridge_story):
    """Dropping every event behind a key date (All events -> Corrections) takes the date out
    of the story; the story used to be told from the uncorrected events."""
    from pipeline.articles import load_bytes
    from ui.state import input_signature
    at = story_app()
    before = card_dates(at)
    entry = next(e for e in bridge_story.entries if e.date.isoformat() == before[0])
    sig = input_signature(load_bytes("bridge.jsonl", bridge_bytes()).articles)
    at.session_state["edits"] = {sig: {eid: {"drop": True} for eid in entry.events}}
    at.run()
    assert not at.exception
    after = card_dates(at)
    assert before[0] not in after and set(after) - {before[0]} <= set(before) | set(after)


def test_share_offers_the_sheet_and_both_pages_and_the_story_a_pinned_cut(sample_events):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["events_tab"] = "Share & export"
    at.run()
    labels = [b.proto.label for b in at.get("download_button")]
    for want in ("CSV", "JSON", "TimelineJS", "TimelineJS sheet (CSV)", "Web page (HTML)", "Offline page (HTML)"):
        assert want in labels, labels
    st_ = story_app()
    assert st_.toggle(key="story_pinned_only").disabled  # nothing pinned yet
    first = card_dates(st_)[0]
    _click(st_, "pin-", first)
    st_.toggle(key="story_pinned_only").set_value(True).run()
    assert not st_.exception
    assert any("1 date pinned" in c.value for c in st_.caption)
    labels = [b.proto.label for b in st_.get("download_button")]
    assert "Web page (HTML)" in labels and "Offline page (HTML)" in labels


def test_hidden_tabs_do_not_run_the_first_paint_sends_the_chart_and_one_table():
    """The Corrections editor and the exports used to be built (and sent to the browser)
    on every run, hidden; they now run only when their tab is open."""
    at = app()
    assert figure(at) and any("chronicle-events" in h.proto.body for h in at.get("html"))  # the Events table only
    assert not [b for b in at.get("download_button") if b.proto.label == "CSV"]
    at.session_state["events_tab"] = "Corrections"
    at.run()
    assert not at.exception and figure(at)
    assert [t for t in at.text_input if t.key == "add_title"]  # the Corrections tab ran


FRENCH_ARTICLE = {"id": "fr-greve", "published": "2024-03-14", "title": "Grève à la SNCF",
                  "text": ("Les syndicats de la SNCF ont annoncé hier une grève reconductible à partir du 21 mars. "
                           "Le ministre des Transports recevra les représentants du personnel lundi prochain, "
                           "après l'échec des négociations de la semaine dernière. La direction avait déjà "
                           "proposé il y a deux mois une hausse des salaires de 3 %.")}


def test_a_french_article_is_read_in_french_and_the_language_is_a_filter(sample_events):
    """An upload of an English and a French article: the French one's dates are read with
    French rules, the folded filters gain a language filter, and choosing French keeps
    only its events (and says so in the link)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["uploads"] = [("hotlines.json", SAMPLE.read_bytes()),
                                   ("greve.json", json.dumps(FRENCH_ARTICLE).encode("utf-8"))]
    at.query_params["input"] = "upload"
    at.run()
    assert not at.exception and not at.error
    assert metrics(at)["Articles"] == "2"
    english = [e for e in build_events(load_articles(SAMPLE).articles) if e.start or e.end]
    assert any("languages" in e.label for e in at.expander)
    at.session_state["filters_open"] = True
    at.run()
    at.multiselect(key="f_lang").set_value(["fr"]).run()
    shown = ids(figure(at))
    assert shown and not (shown & {e.id for e in english})  # none of the English sample's events
    assert at.query_params["lang"] in ("fr", ["fr"])
    from pipeline.model import Article
    fr_events = build_events([Article(FRENCH_ARTICLE["id"], FRENCH_ARTICLE["text"], date(2024, 3, 14))])
    assert shown == {e.id for e in fr_events if e.start or e.end}
    assert {"2024-03-13", "2024-03-21", "2024-03-18", "2024-W10", "2024-01"} <= {e.value for e in fr_events}


def test_a_short_text_is_read_in_the_language_chosen():
    """A pasted text too short to detect is read as English; choosing French in the
    sidebar reads it with French rules."""
    at = app()
    at.radio(key="input").set_value("paste").run()
    at.text_area(key="paste_text").set_value("Le conseil se réunira mardi prochain à Paris.").run()
    at.date_input(key="paste_date").set_value(date(2024, 3, 14)).run()
    assert not at.exception and not at.error
    assert at.selectbox(key="read_lang").value == ""
    before = metrics(at)["Events"]
    at.selectbox(key="read_lang").set_value("fr").run()
    assert not at.exception and not at.error
    assert before == "0" and metrics(at)["Events"] == "1"
    assert "Tue 19 Mar 2024" in " ".join(m.value for m in at.markdown) + " ".join(
        h.proto.body for h in at.get("html"))
