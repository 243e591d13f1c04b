"""End to end: the app over an event store of more than 100,000 events, in Chromium.

``streamlit run app.py -- --store STORE``: the whole archive is counted per month,
a click on a month brings that month's events as marks (exactly the store's), and
a click on a mark opens its sentence. The store is written fast by re-dating the
in-repository articles (``benchmarks/bench_store.py replicate``), in the store's
real format, read through its real index.
"""
from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

import pytest

from browser_support import ARTIFACTS, IDS, MARKS, browser, run_streamlit  # noqa: F401

pytest.importorskip("duckdb")
pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

#: Bars of the counts chart, with the period each one stands for, and their centres on screen.
_BARS = """() => [...document.querySelectorAll('.js-plotly-plot .barlayer .trace')].flatMap(tr => {
  const trace = tr.__data__ && tr.__data__[0] && tr.__data__[0].trace;
  if (!trace || trace.meta !== 'counts') return [];
  return [...tr.querySelectorAll('.point path')].map(pt => {
    const r = pt.getBoundingClientRect();
    return {start: trace.customdata[pt.__data__.i][0], x: (r.left + r.right) / 2, y: r.bottom - 2,
            h: r.bottom - r.top, w: r.right - r.left};
  });
})"""


_IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"


def _settle(page, timeout=90_000):
    page.wait_for_selector(".js-plotly-plot", timeout=timeout)
    page.wait_for_function(_IDLE, timeout=timeout)
    page.wait_for_timeout(600)
    page.wait_for_function(_IDLE, timeout=timeout)


@pytest.fixture(scope="module")
def big_store(tmp_path_factory):
    from bench_store import replicate
    path = tmp_path_factory.mktemp("big") / "archive"
    made = replicate(path, events=100_000)
    assert made["events"] >= 100_000
    return path


@pytest.fixture(scope="module")
def store_server(tmp_path_factory, big_store):
    with run_streamlit(tmp_path_factory.mktemp("st-store") / "server.log", args=("--store", str(big_store))) as url:
        yield url


def _metric(page, label: str) -> str:
    return page.locator('[data-testid="stMetric"]', has_text=label).locator(
        '[data-testid="stMetricValue"]').inner_text()


def test_a_store_of_100000_events_is_counted_then_drawn_as_the_reader_zooms(store_server, browser, big_store):
    from pipeline.store import Store, Window
    store = Store(big_store)
    summary = store.summary()
    assert summary["events"] >= 100_000
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 1100})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(store_server, wait_until="domcontentloaded")
        page.wait_for_selector(".js-plotly-plot .barlayer", timeout=120_000)
        _settle(page)
        whole = Window(summary["first"], summary["last"], reach=False, fit=True)
        assert _metric(page, "Events in the window").replace(",", "") == str(store.count(whole))
        assert _metric(page, "Articles in the store").replace(",", "") == str(summary["articles"])
        bars = page.evaluate(_BARS)
        assert len({b["start"] for b in bars}) >= 100  # ten years, per month
        page.screenshot(path=str(ARTIFACTS / "store-counts.png"), full_page=True)
        # a click on a month: its events, one by one
        plot = page.locator(".js-plotly-plot .plotly .nsewdrag").first.bounding_box()
        inside = [b for b in bars if b["w"] > 2 and plot["x"] < b["x"] < plot["x"] + plot["width"]]
        bar = max(inside, key=lambda b: b["h"])  # (a period that starts before the window is off the axis)
        page.mouse.move(bar["x"], bar["y"])
        page.wait_for_timeout(300)
        page.mouse.click(bar["x"], bar["y"])
        first = date.fromisoformat(bar["start"][:10])
        last = (date(first.year + first.month // 12, first.month % 12 + 1, 1) - date.resolution)
        month = Window(first, last, reach=False, fit=True)
        n = store.count(month)
        expected = {e.id for e in store.events(month)}
        deadline = time.monotonic() + 60  # a wait for the month's chart, not a timing assertion
        while time.monotonic() < deadline and not (
                _metric(page, "Events in the window").replace(",", "") == str(n)
                and {i for i in page.evaluate(IDS) if isinstance(i, str)} & expected):
            page.wait_for_timeout(300)
        _settle(page)
        assert _metric(page, "Events in the window").replace(",", "") == str(n)
        drawn = {i for i in page.evaluate(IDS) if isinstance(i, str)}
        assert drawn and drawn <= expected, sorted(drawn - expected)[:5]
        marks = page.evaluate(MARKS)
        page.screenshot(path=str(ARTIFACTS / "store-marks.png"), full_page=True)
        # a click on a mark: its sentence
        mark = next(m for m in marks if 600 < m["y"] < 1050)  # on the first screen, under the head
        page.mouse.move(mark["x"], mark["y"])
        page.wait_for_function("() => document.querySelector('.js-plotly-plot .hoverlayer .hovertext')",
                               timeout=10_000)
        page.mouse.click(mark["x"], mark["y"])
        page.wait_for_selector(".chronicle-details", timeout=60_000)
        assert page.locator(".chronicle-details").get_attribute("data-event-id") in expected
        # back to the whole archive: counted again
        page.get_by_role("button", name="Whole archive").click()
        deadline = time.monotonic() + 60  # a wait, not a timing assertion
        while _metric(page, "Events in the window").replace(",", "") != str(store.count(whole)) \
                and time.monotonic() < deadline:
            page.wait_for_timeout(300)
        assert _metric(page, "Events in the window").replace(",", "") == str(store.count(whole))
        assert not errors, errors
    finally:
        page.close()
