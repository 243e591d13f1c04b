"""The app over an event store (issue 11), run with Streamlit's AppTest: ``app.py -- --store``,
the sidebar's store field, counts and marks, zooming by dates, filters in DuckDB, the story."""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("duckdb")
from streamlit.testing.v1 import AppTest  # noqa: E402

from pipeline.model import Article  # noqa: E402
from pipeline.store import Store, write_store  # noqa: E402

APP = str(Path(__file__).resolve().parents[1] / "app.py")

from test_store import TEXTS as _ALL  # noqa: E402  (the store tests' articles)

TEXTS = _ALL[:7]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("app-store") / "archive"
    write_store([Article(id=i, text=t, published=p, title=f"Story {i}", source=s) for i, p, s, t in TEXTS], path)
    return path


def _app(monkeypatch, argv=(), field="0") -> AppTest:
    monkeypatch.setattr(sys, "argv", ["app.py", *argv])
    monkeypatch.setenv("CHRONICLE_STORE_FIELD", field)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def _metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def _chart(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def test_started_on_a_store_the_app_opens_it_and_draws_its_events(monkeypatch, store):
    at = _app(monkeypatch, ["--store", str(store)])
    assert at.sidebar.radio(key="input").value == "archive"
    stored = Store(store).summary()
    m = _metrics(at)
    assert m["Articles in the store"] == str(stored["articles"])
    assert int(m["Events in the window"].replace(",", "")) > 0
    spec = _chart(at)
    assert not any(t.get("meta") == "counts" for t in spec["data"])  # marks, not counts
    ids = {c for t in spec["data"] for c in (t.get("customdata") or []) if isinstance(c, str)}
    assert ids  # the events themselves
    # started with a store, a reader elsewhere gets no path field: only that store
    assert not [t for t in at.sidebar.text_input if t.key == "store_path"]


def test_above_the_marks_limit_the_window_is_counted_and_narrower_dates_draw_marks(monkeypatch, store):
    monkeypatch.setattr("ui.archive.MARKS_MAX", 3)
    at = _app(monkeypatch, ["--store", str(store)])
    n = int(_metrics(at)["Events in the window"].replace(",", ""))
    assert n > 3
    spec = _chart(at)
    bars = [t for t in spec["data"] if t.get("meta") == "counts"]
    assert bars and sum(sum(t["y"]) for t in bars) == n  # counted per period, every event once
    assert any("counted per" in c.value for c in at.caption)
    at.session_state["a_range"] = (date(2021, 9, 30), date(2021, 9, 30))  # the dates field, folded
    at.run()
    assert not at.exception
    m = _metrics(at)
    assert int(m["Events in the window"].replace(",", "")) <= 3
    assert not any(t.get("meta") == "counts" for t in _chart(at)["data"])
    at.button[[b.label for b in at.button].index("Whole archive")].click().run()
    assert _metrics(at)["Events in the window"] == str(n)


def test_search_and_filters_run_in_the_store(monkeypatch, store):
    at = _app(monkeypatch, ["--store", str(store)])
    at.sidebar.text_input(key="a_q").set_value("HOTLINES").run()
    assert _metrics(at)["Events in the window"] == "2"
    at.sidebar.text_input(key="a_q").set_value("no such words anywhere").run()
    assert any("No event in this window matches" in i.value for i in at.info)
    at.sidebar.text_input(key="a_q").set_value("").run()
    at.session_state["a_src"] = ["BBC"]  # in the folded "Dates, precision, sources"
    at.run()
    events = Store(store).query(merge=False)
    bbc = [e for e in events if e.article in ("a4", "a7") and e.start is not None]
    assert 0 < int(_metrics(at)["Events in the window"]) <= len(bbc)


def test_the_story_of_a_store_window(monkeypatch, store):
    at = _app(monkeypatch, ["--store", str(store)])
    at.segmented_control(key="a_mode").set_value("story").run()
    assert not at.exception
    m = _metrics(at)
    assert int(m["Key dates"]) >= 1 and int(m["Articles"]) >= 2
    cards = [h.proto.body for h in at.get("html") if "chronicle-card" in h.proto.body]
    assert len(cards) == int(m["Key dates"])


def test_the_store_field_is_offered_on_this_machine_only(monkeypatch, store, tmp_path):
    hosted = _app(monkeypatch, field="0")
    assert "archive" not in hosted.sidebar.radio(key="input").options
    local = _app(monkeypatch, field="1")
    assert "Event store" in local.sidebar.radio(key="input").options or \
        "archive" in local.sidebar.radio(key="input").options
    local.sidebar.radio(key="input").set_value("archive").run()
    local.sidebar.text_input(key="store_path").set_value(str(tmp_path / "nothing here")).run()
    assert not local.exception
    (err,) = local.error
    assert "nothing here" in err.value and "not an event store" in err.value and "\n" not in err.value
    local.sidebar.text_input(key="store_path").set_value(str(store)).run()
    assert not local.error and _metrics(local)["Articles in the store"] == str(len(TEXTS))
    # an outlet chosen in one store, then another store without it: no error, the choice dropped
    local.session_state["a_src"] = ["BBC"]
    local.run()
    other = tmp_path / "other"
    write_store([Article(id="z1", text="Talks resume next week.", published=date(2021, 9, 30), source="NHK")], other)
    local.sidebar.text_input(key="store_path").set_value(str(other)).run()
    assert not local.exception and _metrics(local)["Articles in the store"] == "1"
    assert local.session_state["a_src"] == []


def test_a_store_without_its_index_is_indexed_once_or_read_as_it_is(monkeypatch, tmp_path):
    import shutil
    from pipeline.store import INDEX
    path = tmp_path / "copy"
    write_store([Article(id=i, text=t, published=p, title=f"Story {i}", source=s) for i, p, s, t in TEXTS], path)
    (path / INDEX).unlink()
    at = _app(monkeypatch, ["--store", str(path)])
    assert (path / INDEX).is_file() and Store(path).index_is_fresh()  # the app indexed it
    n = _metrics(at)["Events in the window"]
    # a store it cannot write (its index cannot be built): read from its Parquet files, the same
    ro = tmp_path / "read-only"
    shutil.copytree(path, ro)
    (ro / INDEX).unlink()
    monkeypatch.setattr(Store, "build_index", lambda self: (_ for _ in ()).throw(PermissionError(13, "read-only")))
    at = _app(monkeypatch, ["--store", str(ro)])
    assert not (ro / INDEX).exists() and _metrics(at)["Events in the window"] == n
