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
    at.multiselect(key="f_prec").set_value([precision]).run()
    after = ids(figure(at))
    assert after == {e.id for e in sample_events if e.precision == precision}
    assert after < before
    # ... and the filter is in the URL
    assert at.query_params["precision"] in (precision, [precision])


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
    assert not at.warning


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
