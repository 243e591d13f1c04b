"""End to end, in a real Chromium: work that lasts beyond one browser session.

* a project saved from the browser (an event dropped, one added by hand) and
  opened again in a fresh session shows the same timeline, with nothing unsaved;
* a ``?source=`` link (served here by a local HTTP server) draws the same
  timeline for anyone who opens it, a project link too, and a broken link
  gives one clear error, no traceback;
* the events export (CSV) uploaded back is drawn as events.

Skipped when Chromium or Playwright is missing, except under CI=true where
that is a failure.  Screenshots go to tests/artifacts/ (gitignored).
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import json
import threading
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from browser_support import (SAMPLE, SHOWS, alerts, browser, collect_errors, event_ids,  # noqa: F401
                             run_streamlit, sample_event_ids, screenshot, server, shown_ids, upload,
                             wait_empty, wait_for_events, wait_idle, wait_settled)

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1400, "height": 1500}
HAND_TITLE = "Hotline test call, added by hand"
HAND_DAY = date(2021, 9, 15)


@contextlib.contextmanager
def _fresh(browser):
    """A page in a fresh browser context (no cookies, no state) and the list its script
    errors go to; the context is closed afterwards."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    try:
        page = context.new_page()
        yield page, collect_errors(page)
    finally:
        context.close()


def _download(page, name: str, dest: Path, *, exact: bool = True) -> Path:
    """Click the download button ``name``; the file it gives, saved under ``dest``."""
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name=name, exact=exact).click()
    path = dest / dl.value.suggested_filename
    dl.value.save_as(path)
    return path


def _unsaved(page) -> list[str]:
    return [w for w in alerts(page, "Warning") if w.startswith("Unsaved")]


def _no_traceback(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, \
        page.locator('[data-testid="stException"]').all_inner_texts()


# ---------------------------------------------------------------- projects

def _drop_first_row(page) -> str:
    """Tick "drop" on the first row of the Corrections table (a canvas grid: the row's
    first cell clicked, then → and Space, as with a keyboard); the id of that row."""
    canvas = page.locator('[data-testid="stDataFrame"] canvas').locator("visible=true").first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + 30, box["y"] + 36 + 17)  # header 36 px, rows 35 px
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'glide-cell-0-0'",
                           timeout=10_000)
    dropped = page.evaluate("() => document.activeElement.textContent").strip()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'glide-cell-1-0'",
                           timeout=10_000)
    page.keyboard.press(" ")
    page.wait_for_function(f"id => !({SHOWS})(id)", arg=dropped, timeout=90_000)
    wait_settled(page)
    return dropped


def _add_by_hand(page, title: str, day: date) -> None:
    """The "Add an event by hand" form of the Corrections tab: a title and a day."""
    page.get_by_text("Add an event by hand").click()
    page.get_by_role("textbox", name="Title").fill(title)
    page.get_by_role("spinbutton", name="year, Day (or first day)").click()
    page.keyboard.type(day.strftime("%Y%m%d"))  # the field moves on to the month, then the day
    got = "".join(page.locator(".st-key-add_start [role=group]").inner_text().split())
    assert got == day.strftime("%Y/%m/%d"), got
    page.get_by_role("button", name="Add event").click()


def test_project_saved_and_reopened_in_chromium(browser, server, tmp_path):
    """Upload an article, drop one of its events and add one by hand: the chart
    follows and the sidebar says the work is unsaved; "Save project" gives a
    .chronicle.json holding the article, the drop and the added event, and the
    warning goes.  Uploaded in a fresh session, the project draws the same
    events, with nothing to save yet."""
    from pipeline.imported import hand_event

    expected = sample_event_ids()
    hand = hand_event(HAND_TITLE, HAND_DAY).id
    with _fresh(browser) as (page, errors):
        page.goto(f"{server}/?input=upload&view=events", wait_until="domcontentloaded")
        wait_empty(page)
        upload(page, [SAMPLE])
        wait_for_events(page)
        assert shown_ids(page) == expected
        warning = _unsaved(page)  # the uploaded article itself is work to keep
        assert len(warning) == 1 and warning[0].startswith("Unsaved: 1 article."), warning

        page.get_by_role("tab", name="Corrections").click()
        dropped = _drop_first_row(page)
        assert dropped in expected
        _add_by_hand(page, HAND_TITLE, HAND_DAY)
        page.wait_for_function(SHOWS, arg=hand, timeout=90_000)
        wait_settled(page)
        before = shown_ids(page)
        assert before == (expected - {dropped}) | {hand}
        warning = _unsaved(page)
        assert len(warning) == 1 and "2 corrections and edits" in warning[0], warning

        project_file = _download(page, "Save project", tmp_path)
        assert project_file.name.endswith(".chronicle.json")
        doc = json.loads(project_file.read_text(encoding="utf-8"))
        assert doc["format"] == "chronicle-project"
        assert [a["id"] for a in doc["articles"]] == ["nk-hotlines"]
        assert doc["articles"][0]["text"] == json.loads(SAMPLE.read_text(encoding="utf-8"))["text"]
        assert doc["corrections"] == {dropped: {"drop": True}}
        assert [(e["id"], e["title"]) for e in doc["events"]] == [(hand, HAND_TITLE)]
        assert doc["view"].get("input") == "upload"
        # saved: the warning goes (the button's click is a rerun)
        page.wait_for_function("() => ![...document.querySelectorAll('[data-testid=\"stAlertContentWarning\"]')]"
                               ".some(w => w.innerText.startsWith('Unsaved'))", timeout=60_000)
        wait_settled(page)
        assert shown_ids(page) == before
        screenshot(page, "work-project-saved")
        assert not errors, errors

    # a fresh session (no cookies, no state): the project alone brings the work back
    with _fresh(browser) as (page, errors):
        page.goto(f"{server}/?input=upload", wait_until="domcontentloaded")
        wait_empty(page)
        upload(page, [project_file])
        page.wait_for_function(SHOWS, arg=hand, timeout=90_000)
        wait_settled(page)
        assert shown_ids(page) == before
        assert not _unsaved(page), _unsaved(page)
        assert not alerts(page, "Error"), alerts(page, "Error")
        _no_traceback(page)
        # the drop is a correction again: in the table, and counted
        page.get_by_role("tab", name="Corrections").click()
        page.get_by_text("1 event(s) corrected.").wait_for(timeout=30_000)
        metrics = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
        assert metrics[:2] == ["1", str(len(before))], metrics
        screenshot(page, "work-project-reopened")
        assert not errors, errors


# ---------------------------------------------------------------- ?source= links

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # no request lines in the test output
        pass


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A local HTTP server (its own thread) serving two articles as JSON Lines and a
    project of them; yields ``(base URL, directory)``."""
    from pipeline.articles import load_articles
    from pipeline.events import build_events
    from pipeline.imported import hand_event
    from pipeline import project

    root = tmp_path_factory.mktemp("served")
    rec = json.loads(SAMPLE.read_text(encoding="utf-8"))
    # the same text a week later: other days for its relative dates, so events of its own
    rows = [dict(rec, id="nk-one"), dict(rec, id="nk-two", title="Hotlines: a week on",
                                         source="Second Outlet", published="2021-10-07")]
    (root / "articles.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    articles = load_articles(root / "articles.jsonl").articles
    from ui.chart import _kind
    first = sorted(e.id for e in build_events(list(articles)) if e.article == "nk-one" and _kind(e))[0]
    work = project.make(articles, {first: {"drop": True}}, view={"view": "events"},
                        events=[hand_event(HAND_TITLE, HAND_DAY)])
    (root / "work.chronicle.json").write_text(project.to_json(work), encoding="utf-8")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def link_server(tmp_path_factory):
    """The app allowed to read http:// links and local addresses (pipeline.fetch), for
    the local file server; refused by default."""
    env = {"CHRONICLE_ALLOW_HTTP_SOURCES": "1", "CHRONICLE_ALLOW_LOCAL_SOURCES": "1"}
    with run_streamlit(tmp_path_factory.mktemp("streamlit-links") / "server.log", env) as url:
        yield url


def _open_link(browser, app: str, link: str, artifact: str = "") -> set[str]:
    """Open the app at ``?source=<link>`` in a fresh session; the event ids drawn."""
    with _fresh(browser) as (page, errors):
        page.goto(f"{app}/?source={link}", wait_until="domcontentloaded")
        wait_for_events(page)
        ids = shown_ids(page)
        assert parse_qs(urlsplit(page.url).query).get("source") == [link], page.url
        assert not alerts(page, "Error"), alerts(page, "Error")
        _no_traceback(page)
        if artifact:
            screenshot(page, artifact)
        assert not errors, errors
        return ids


def test_source_link_reopens_the_same_timeline_in_chromium(browser, link_server, files):
    """``?source=`` a file of articles: the chart draws their events and the address
    keeps the link; a second visitor sees the same events.  A missing file gives one
    error, no traceback."""
    base, root = files
    link = f"{base}/articles.jsonl"
    expected = event_ids(root / "articles.jsonl")
    assert len(expected) > len(sample_event_ids())  # both articles' events, under their own ids
    first = _open_link(browser, link_server, link, "work-source-link")
    assert first == expected
    assert _open_link(browser, link_server, link) == first  # anyone with the link

    with _fresh(browser) as (page, errors):
        page.goto(f"{link_server}/?source={base}/missing.jsonl", wait_until="domcontentloaded")
        error = page.locator('[data-testid="stAlertContentError"]')
        error.first.wait_for(timeout=90_000)
        wait_idle(page)
        texts = error.all_inner_texts()
        assert len(texts) == 1, texts
        assert "missing.jsonl" in texts[0] and "404" in texts[0], texts
        _no_traceback(page)
        assert page.locator(".js-plotly-plot").count() == 0
        assert "source=" in page.url
        screenshot(page, "work-source-missing")
        assert not errors, errors


def test_project_link_brings_its_work_in_chromium(browser, link_server, files):
    """``?source=`` a saved project: its articles' events, less the one it drops, and
    the event it added by hand."""
    from pipeline.imported import hand_event

    base, root = files
    expected = event_ids(root / "articles.jsonl")
    work = json.loads((root / "work.chronicle.json").read_text(encoding="utf-8"))
    (dropped,) = work["corrections"]
    hand = hand_event(HAND_TITLE, HAND_DAY).id
    assert dropped in expected and [e["id"] for e in work["events"]] == [hand]
    ids = _open_link(browser, link_server, f"{base}/work.chronicle.json", "work-project-link")
    assert ids - {hand} == expected - {dropped}  # the articles' events, the correction applied
    assert ids == (expected - {dropped}) | {hand}


# ---------------------------------------------------------------- exports read back

def test_events_export_uploaded_back_in_chromium(browser, server, tmp_path):
    """The CSV of the "Share & export" tab, uploaded in a fresh session, is drawn as
    the same events, and the page says it was read as events, not as article text."""
    with _fresh(browser) as (page, errors):
        page.goto(f"{server}/?view=events", wait_until="domcontentloaded")
        wait_settled(page)
        shown = shown_ids(page)
        assert shown == sample_event_ids()
        page.get_by_role("tab", name="Share & export").click()
        exported = _download(page, "CSV", tmp_path)
        assert exported.suffix == ".csv"
        assert all(i in exported.read_text(encoding="utf-8") for i in shown)
        assert not errors, errors

    with _fresh(browser) as (page, errors):
        page.goto(f"{server}/?input=upload", wait_until="domcontentloaded")
        wait_empty(page)
        upload(page, [exported])
        wait_for_events(page)
        assert shown_ids(page) == shown
        infos = alerts(page, "Info")
        assert any(exported.name in i and "not as article text" in i for i in infos), infos
        assert not alerts(page, "Error"), alerts(page, "Error")
        _no_traceback(page)
        screenshot(page, "work-export-read-back")
        assert not errors, errors
