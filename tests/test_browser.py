"""End to end: `streamlit run app.py` in a real Chromium (Playwright).

Skipped when Chromium or Playwright is missing, except under CI=true where
that is a failure.  A screenshot goes to tests/artifacts/ (gitignored).
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from browser_support import MARKS, browser, server  # noqa: F401 (the shared module-scoped fixtures)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"


def _event_ids(path: Path) -> set[str]:
    """The ids of the events the pipeline finds in a file (the ones a chart can draw)."""
    from pipeline.articles import load_articles
    from pipeline.events import build_events
    from ui.chart import _kind

    events = build_events(load_articles(path).articles)
    return {e.id for e in events if _kind(e) is not None}


def _sample_event_ids() -> set[str]:
    return _event_ids(ROOT / "data" / "nk-hotlines.json")


_SETTLED = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  const running = document.querySelector('[data-testid="stStatusWidget"]');
  return !!(plot && plot.data && !running);
}"""

_IDS = """() => [...new Set(document.querySelector('.js-plotly-plot').data
                  .flatMap(t => Array.from(t.customdata || []).filter(c => c !== null)))]"""


def _wait_settled(page, timeout=90_000):
    page.wait_for_selector(".js-plotly-plot", timeout=timeout)
    page.wait_for_function(_SETTLED, timeout=timeout)
    page.wait_for_timeout(500)  # a rerun may start right after the first frame
    page.wait_for_function(_SETTLED, timeout=timeout)


def _wait_empty(page, timeout=90_000):
    """The upload page before any file: the empty state's message, and no chart drawn."""
    page.get_by_text("Upload articles (text, HTML", exact=False).first.wait_for(timeout=timeout)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                           timeout=timeout)
    assert page.locator(".js-plotly-plot").count() == 0


def test_app_in_chromium(server, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1500})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(server, wait_until="domcontentloaded")
        _wait_settled(page)
        assert "Chronicle" in page.title() or page.get_by_text("Chronicle").count()

        # the chart shows every dated event of the sample
        expected = _sample_event_ids()
        assert expected, "the pipeline found no events in the sample"
        shown = set(page.evaluate(_IDS))
        assert shown == expected
        metrics = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
        assert metrics[0] == "1" and metrics[1] == str(len(expected))

        # click a marker: the details panel shows that event
        point = page.locator(".js-plotly-plot .scatterlayer .trace .points path").first
        point.wait_for(state="visible")
        box = point.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_timeout(300)
        hover = page.locator(".js-plotly-plot .hoverlayer .hovertext")
        assert hover.count() >= 1
        hover_text = hover.first.text_content()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        details = page.locator(".chronicle-details")
        details.wait_for(timeout=60_000)
        _wait_settled(page)
        picked = details.get_attribute("data-event-id")
        assert picked in expected
        assert details.locator("mark").count() >= 1          # the expression, highlighted
        assert "How it was read" in details.inner_text()
        # the hover label's lines (wrapped for narrow screens) join without spaces in its text
        assert "".join(details.locator("h4").inner_text().split()) in "".join(hover_text.split())
        # the selection is in the URL, so a shared link reopens it
        assert f"event={picked}" in page.url

        page.mouse.move(5, 5)  # no hover label over the chart in the screenshot
        page.wait_for_timeout(300)
        page.screenshot(path=str(ARTIFACTS / "app.png"), full_page=True)
        # exports: the CSV holds the events shown, the chart page is standalone
        page.get_by_role("tab", name="Share & export").click()
        with page.expect_download() as dl:
            page.get_by_role("button", name="CSV", exact=True).click()
        csv_text = Path(dl.value.path()).read_text(encoding="utf-8")
        assert all(i in csv_text for i in expected)
        with page.expect_download() as dl:
            page.get_by_role("button", name="Offline page (HTML)", exact=True).click()
        page_html = Path(dl.value.path()).read_text(encoding="utf-8")
        # plotly.js is inside the file (no script loaded from elsewhere); a title and sources
        assert "Plotly.newPlot" in page_html and len(page_html) > 1_000_000
        assert '<script src="http' not in page_html and "<script src='http" not in page_html
        assert all(i in page_html for i in expected) and "<h1" in page_html and "Sources" in page_html
        with page.expect_download() as dl:
            page.get_by_role("button", name="Web page (HTML)", exact=True).click()
        web = Path(dl.value.path()).read_text(encoding="utf-8")
        assert len(web) < 200_000 and "cdn.plot.ly" in web and all(i in web for i in expected)
        assert not errors, errors
    finally:
        page.close()


def test_upload_in_chromium_dark_theme(server, browser, tmp_path):
    """The real file uploader: a good file loads, a broken one gets its own
    error; the page follows a dark system theme."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    good = tmp_path / "story.json"
    good.write_bytes((ROOT / "data" / "nk-hotlines.json").read_bytes())
    bad = tmp_path / "broken.json"
    bad.write_bytes(b'{"id": "x", "text": ')
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps({
        "id": "hostile", "title": '<img src=x onerror="window.__pwned=1"> & co',
        "published": "2021-09-30", "source": "<b>Evil</b>",
        "text": 'Talks <script>window.__pwned=2</script> & more resumed on Monday, officials said. '
                '<img src=x onerror="window.__pwned=3"> They meet again next week.'}), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 1100}, color_scheme="dark")
    try:
        page.goto(f"{server}/?input=upload", wait_until="domcontentloaded")
        _wait_empty(page)  # nothing uploaded yet: a message saying what to do, no empty axis
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files([good, bad, hostile])
        page.get_by_text("broken.json", exact=False).first.wait_for(timeout=60_000)
        page.wait_for_function("() => { const p = document.querySelector('.js-plotly-plot');"
                               " return !!(p && p.data && p.data.some(t => (t.customdata || []).length)); }",
                               timeout=60_000)
        _wait_settled(page)
        errors = page.locator('[data-testid="stAlertContentError"]').all_inner_texts()
        assert any("broken.json" in e for e in errors) and not any("story.json" in e for e in errors)
        assert set(page.evaluate(_IDS)) == _sample_event_ids() | _event_ids(hostile)
        # the hostile article's markup stays text: nothing ran, hover labels hold it escaped
        assert page.evaluate("() => window.__pwned") is None
        hovers = page.evaluate("() => document.querySelector('.js-plotly-plot').data"
                               ".flatMap(t => Array.from(t.hovertext || []))")
        assert any("&lt;script&gt;window.__pwned=2&lt;/script&gt;" in h for h in hovers)
        assert not any("<script" in h or "<img" in h for h in hovers)
        lanes = page.locator(".js-plotly-plot .annotation-text").all_text_contents()  # lane names
        assert any(t.startswith('<img src=x onerror="window') for t in lanes)  # shown, as text
        assert not any("&quot;" in t or "&amp;" in t or "&lt;" in t for t in lanes)
        # dark theme: the page background is dark
        bg = page.evaluate("() => getComputedStyle(document.querySelector('.stApp')).backgroundColor")
        rgb = [int(x) for x in bg[bg.index("(") + 1:bg.index(")")].split(",")[:3]]
        assert sum(rgb) < 3 * 90, bg
        page.mouse.move(5, 5)
        page.screenshot(path=str(ARTIFACTS / "app-dark-upload.png"))
    finally:
        page.close()


#: Four hand-made reports of one story (3+ articles: the Story view comes first), and one
#: with markup in its title and text, which must stay text.
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
     "url": "https://example.com/a3", "published": "2024-03-13",
     "text": "The city council approved four million dollars for the bridge repairs on Tuesday. The "
             "vote came a week after engineers found cracks in a support tower on March 5. The Harbor "
             "Bridge has been closed since March 4. Repair crews will start work on March 18, the "
             "council said."},
    {"id": "a4", "title": "Repair crews begin work on Harbor Bridge", "source": "Coast News",
     "url": "https://example.com/a4", "published": "2024-03-19",
     "text": "Repair crews began replacing the damaged cables on Monday, two weeks after the storm. "
             "The council approved the repair money on March 12. Officials said on Tuesday that one "
             "lane could reopen on April 2. The bridge was closed on March 4."},
    {"id": "a5", "title": '<img src=x onerror="window.__pwned=1"> Bridge <b>latest</b>',
     "source": "<i>Evil</i>", "url": "javascript:window.__pwned=4", "published": "2024-03-06",
     "text": "Protesters <script>window.__pwned=2</script> gathered at the closed bridge on Tuesday, "
             "police said. <img src=x onerror=\"window.__pwned=3\"> The bridge was shut on March 4."},
]

_BOXES = """() => [...document.querySelectorAll('.js-plotly-plot .scatterlayer .trace text')]
  .filter(t => t.textContent.trim())
  .map(t => { const r = t.getBoundingClientRect();
              return {text: t.textContent, x0: r.left, x1: r.right, y0: r.top, y1: r.bottom}; })"""


def test_story_view_in_chromium(server, browser, tmp_path):
    """Several articles: the Story view comes first, its lane's labels do not
    overlap on screen, the cards follow in date order, a sentence opens in
    context, the Markdown export holds the cards, All events is one click away."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    upload = tmp_path / "bridge.jsonl"
    upload.write_text("\n".join(json.dumps(r) for r in BRIDGE), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 1500})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{server}/?input=upload", wait_until="domcontentloaded")
        _wait_empty(page)
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files([upload])
        page.locator(".chronicle-card").first.wait_for(timeout=90_000)
        _wait_settled(page)

        assert page.get_by_role("radio", name="Story").get_attribute("aria-checked") == "true"

        # the lane: one mark per card, labelled, and the events-per-day strip
        cards = page.locator(".chronicle-card")
        dates = [cards.nth(i).get_attribute("data-date") for i in range(cards.count())]
        assert len(dates) >= 3 and dates == sorted(dates)
        traces = page.evaluate("() => document.querySelector('.js-plotly-plot').data"
                               ".map(t => ({meta: t.meta, customdata: Array.from(t.customdata || []),"
                               " text: Array.from(t.text || []), y: Array.from(t.y || [])}))")
        by_meta = {t["meta"]: t for t in traces}
        assert by_meta["marks"]["customdata"] == dates
        assert len(by_meta["density"]["y"]) >= len(dates)
        assert page.locator(".js-plotly-plot .barlayer .point").count() == len(by_meta["density"]["y"])
        assert "Key dates" in page.locator(".js-plotly-plot .yaxislayer-above text").all_text_contents()
        # the labels as drawn: one per card, no two boxes overlap
        boxes = page.evaluate(_BOXES)
        assert len(boxes) == len(dates)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not (a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]), (a, b)
        # the cards: date in words, headline, summary, sources
        first = cards.first.inner_text()
        assert "Mon 4 Mar 2024" in first and "Sources" in first and "Daily Ledger" in first
        headlines = [cards.nth(i).locator("h4").inner_text() for i in range(cards.count())]
        assert all(h.strip() for h in headlines)

        # nothing from the hostile article ran or became markup
        assert page.evaluate("() => window.__pwned") is None
        assert page.locator(".chronicle-card img, .chronicle-card script, .chronicle-card i").count() == 0
        assert page.locator(".chronicle-card a[href^='javascript']").count() == 0

        page.mouse.move(5, 5)
        page.wait_for_timeout(300)
        page.screenshot(path=str(ARTIFACTS / "app-story.png"), full_page=True)

        # the sentence in context, one click away
        page.get_by_text("Sentences in context").first.click()
        context = page.locator(".chronicle-context").first
        context.wait_for(state="visible", timeout=30_000)
        assert context.locator("mark").count() >= 1

        # the Markdown export holds the cards
        with page.expect_download() as dl:
            page.get_by_role("button", name="Markdown").click()
        md = Path(dl.value.path()).read_text(encoding="utf-8")
        assert md.count("\n## ") == len(dates) and "Mon 4 Mar 2024" in md

        # All events, one click away: every event on the timeline
        page.get_by_role("radio", name="All events").click()
        page.wait_for_function("() => !document.querySelector('.chronicle-card')", timeout=60_000)
        _wait_settled(page)
        shown = set(page.evaluate(_IDS))
        assert shown == _event_ids(upload)
        assert "view=events" in page.url
        assert not errors, errors
    finally:
        page.close()


#: The drawn bars (range events): each bar's event id and its box on screen.
_BARS = """() => [...document.querySelectorAll('.js-plotly-plot .barlayer .trace')].flatMap(tr => {
  const trace = tr.__data__ && tr.__data__[0] && tr.__data__[0].trace;
  if (!trace) return [];
  return [...tr.querySelectorAll('.point')].map(pt => {
    const r = pt.querySelector('path').getBoundingClientRect();
    return {id: trace.customdata[pt.__data__.i], meta: trace.meta,
            x0: r.left, x1: r.right, y0: r.top, y1: r.bottom};
  });
})"""


def test_click_range_bar_opens_details_in_chromium(server, browser):
    """A range event (a week, a month: a bar, not a point) opens its details on
    a click, as a point does, without any error in the page."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1500})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    try:
        page.goto(f"{server}/?input=sample", wait_until="domcontentloaded")
        _wait_settled(page)
        plot = page.locator(".js-plotly-plot .plotly .nsewdrag").first.bounding_box()
        # a whole (closed) range, drawn on screen inside the plot area: the widest one
        # (not a faint background band: a bar or mark drawn on it takes the click there)
        bars = [b for b in page.evaluate(_BARS)
                if b["meta"] == "bars" and b["x1"] - b["x0"] > 12 and b["y1"] - b["y0"] > 4
                and b["x0"] >= plot["x"] and b["x1"] <= plot["x"] + plot["width"]
                and b["y0"] >= plot["y"] and b["y1"] <= plot["y"] + plot["height"]]
        assert bars, "the sample draws no range bar"
        bar = max(bars, key=lambda b: b["x1"] - b["x0"])
        x, y = bar["x0"] + (bar["x1"] - bar["x0"]) * 0.75, (bar["y0"] + bar["y1"]) / 2
        page.mouse.move(x, y)
        page.wait_for_function("() => document.querySelector('.js-plotly-plot .hoverlayer .hovertext')",
                               timeout=10_000)
        page.mouse.click(x, y)
        details = page.locator(".chronicle-details")
        deadline = time.monotonic() + 60  # a wait, not a timing assertion: stop early on an error
        while not errors and not details.count() and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        assert not errors, errors
        details.wait_for(timeout=10_000)
        _wait_settled(page)
        assert details.get_attribute("data-event-id") == bar["id"]
        assert details.locator("mark").count() >= 1
        assert f"event={bar['id']}" in page.url
        page.mouse.move(5, 5)
        page.wait_for_timeout(300)
        page.screenshot(path=str(ARTIFACTS / "app-range-selected.png"), full_page=True)
        assert not errors, errors
    finally:
        page.close()


#: Whether the chart shows a selection (plotly keeps it as the traces' selectedpoints).
_CHART_SELECTED = """() => document.querySelector('.js-plotly-plot').data
                        .some(t => (t.selectedpoints || []).length > 0)"""


def _click_mark(page, mark: dict) -> str:
    """Click a mark (hovered first, as a visitor does) and wait for its details: their event id."""
    page.mouse.move(mark["x"], mark["y"])
    page.wait_for_function("() => document.querySelector('.js-plotly-plot .hoverlayer .hovertext')",
                           timeout=10_000)
    page.mouse.click(mark["x"], mark["y"])
    page.wait_for_function("id => { const d = document.querySelector('.chronicle-details');"
                           " return !!d && d.dataset.eventId === id && location.href.includes('event=' + id); }",
                           arg=mark["id"], timeout=60_000)
    _wait_settled(page)
    return page.locator(".chronicle-details").get_attribute("data-event-id")


def test_clear_selection_stays_clear_in_chromium(server, browser):
    """"Clear selection" clears the details, the URL's event and the chart's own
    selection; a later rerun does not bring it back (the chart returns its
    selection on every rerun); the same mark, or another, selects again."""
    page = browser.new_page(viewport={"width": 1400, "height": 1500})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    cleared = ("() => !document.querySelector('.chronicle-details')"
               " && !location.href.includes('event=')")
    try:
        page.goto(f"{server}/?input=sample", wait_until="domcontentloaded")
        _wait_settled(page)
        marks = page.evaluate(MARKS)
        first = marks[0]
        other = next(m for m in marks if m["id"] != first["id"])

        assert _click_mark(page, first) == first["id"]
        assert page.evaluate(_CHART_SELECTED)

        page.get_by_role("button", name="Clear selection").click()
        page.wait_for_function(cleared, timeout=60_000)
        _wait_settled(page)
        assert page.evaluate(cleared)
        assert not page.evaluate(_CHART_SELECTED)

        # a rerun that leaves the figure as it was (every event of the sample matches)
        search = page.get_by_role("textbox", name="Search")
        search.fill("Korea")
        search.press("Enter")
        page.wait_for_function("() => location.href.includes('q=Korea')", timeout=60_000)
        _wait_settled(page)
        assert page.evaluate(cleared)
        assert not page.evaluate(_CHART_SELECTED)
        assert set(page.evaluate(_IDS)) == _sample_event_ids()

        # the same mark selects again, and then another one (where they are now: clicking
        # "Clear selection" may have scrolled the page, the chart out of view)
        page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
        now = {m["id"]: m for m in page.evaluate(MARKS)}
        assert _click_mark(page, now[first["id"]]) == first["id"]
        now = {m["id"]: m for m in page.evaluate(MARKS)}
        assert _click_mark(page, now[other["id"]]) == other["id"]
        assert f"event={other['id']}" in page.url and "q=Korea" in page.url
        assert not errors, errors
    finally:
        page.close()
