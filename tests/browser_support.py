"""Shared pieces of the real-browser tests (Chromium via Playwright).

    from tests.browser_support import launch_browser, run_streamlit, wait_settled

* :func:`launch_browser`: Chromium (``/usr/bin/chromium``, headless, no sandbox),
  skipping the test (failing it under ``CI=true``) when Playwright or Chromium
  is missing;
* :func:`run_streamlit`: ``streamlit run app.py`` on a free local port, with
  extra environment variables if asked, until it answers its health check;
* waiting helpers (:func:`wait_settled`, :func:`wait_empty`, :func:`wait_for_events`)
  and readers of the page (:data:`IDS`, :func:`shown_ids`, :func:`alerts`);
* :func:`event_ids`: the events the pipeline finds in a file (the ones a chart draws).

The logic is that of tests/test_browser.py, written once here so its tests can
adopt it.  Screenshots go to tests/artifacts/ (gitignored).
"""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator, Mapping, Optional

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
SAMPLE = ROOT / "data" / "nk-hotlines.json"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
#: Seconds a page may take to draw (a loaded 2-core machine, a cold cache).
TIMEOUT_MS = 90_000


def missing(reason: str):
    """Skip: the browser tests cannot run here (a failure under CI=true, where they must)."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser test cannot run under CI: {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chromium_path() -> Optional[str]:
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    return shutil.which("chromium")


@contextlib.contextmanager
def launch_browser() -> Iterator:
    """A headless Chromium (a Playwright Browser); skips when Playwright or Chromium is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed")
    path = chromium_path()
    if path is None:
        missing(f"Chromium not found at {CHROMIUM}")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@contextlib.contextmanager
def run_streamlit(log: Path, env: Optional[Mapping[str, str]] = None, *,
                  timeout: float = 90.0, args: tuple[str, ...] = ()) -> Iterator[str]:
    """``streamlit run app.py`` on a free port of 127.0.0.1 (headless, no usage stats),
    with ``env`` added to this process's environment and ``args`` given to the app
    (``-- --store archive/``); yields its base URL once its health check answers,
    stops it afterwards.  Its output goes to ``log``."""
    port = free_port()
    full_env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false", **(env or {}))
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--browser.gatherUsageStats", "false",
             "--server.port", str(port), "--server.address", "127.0.0.1", *(("--", *args) if args else ())],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=full_env)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not come up:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# ------------------------------------------------------------------ the pipeline

def event_ids(path: Path) -> set[str]:
    """The ids of the events the pipeline finds in a file (the ones a chart can draw)."""
    from pipeline.articles import load_articles
    from pipeline.events import build_events
    from ui.chart import _kind

    events = build_events(load_articles(path).articles)
    return {e.id for e in events if _kind(e) is not None}


def sample_event_ids() -> set[str]:
    return event_ids(SAMPLE)


# ------------------------------------------------------------------ the page

#: A chart drawn and no script run going on (the status widget shows during a run).
SETTLED = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  const running = document.querySelector('[data-testid="stStatusWidget"]');
  return !!(plot && plot.data && !running);
}"""

#: No script run going on (whatever is drawn).
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"

#: The event ids the chart draws (its traces' customdata).
IDS = """() => [...new Set(document.querySelector('.js-plotly-plot').data
                  .flatMap(t => Array.from(t.customdata || []).filter(c => c !== null)))]"""

#: The drawn marks (points) that stand for an event: each one's event id and its centre on screen.
MARKS = """() => [...document.querySelectorAll('.js-plotly-plot .scatterlayer .trace')].flatMap(tr => {
  const trace = tr.__data__ && tr.__data__[0] && tr.__data__[0].trace;
  if (!trace || !trace.customdata) return [];
  return [...tr.querySelectorAll('.points path.point')].map(pt => {
    const r = pt.getBoundingClientRect();
    return {id: trace.customdata[pt.__data__.i], x: (r.left + r.right) / 2, y: (r.top + r.bottom) / 2};
  }).filter(m => m.id);
})"""

#: Whether the chart draws at least one event.
HAS_EVENTS = """() => { const p = document.querySelector('.js-plotly-plot');
                        return !!(p && p.data && p.data.some(t => (t.customdata || []).length)); }"""

#: Whether the chart draws the event ``id`` (the argument).
SHOWS = """id => { const p = document.querySelector('.js-plotly-plot');
                  return !!(p && p.data && p.data.some(t => Array.from(t.customdata || []).includes(id))); }"""


def wait_settled(page, timeout: int = TIMEOUT_MS) -> None:
    """A chart drawn and the app idle, twice (a rerun may start right after the first frame)."""
    page.wait_for_selector(".js-plotly-plot", timeout=timeout)
    page.wait_for_function(SETTLED, timeout=timeout)
    page.wait_for_timeout(500)
    page.wait_for_function(SETTLED, timeout=timeout)


def wait_idle(page, timeout: int = TIMEOUT_MS) -> None:
    """The app idle, twice (for pages with no chart)."""
    page.wait_for_function(IDLE, timeout=timeout)
    page.wait_for_timeout(500)
    page.wait_for_function(IDLE, timeout=timeout)


def wait_empty(page, timeout: int = TIMEOUT_MS) -> None:
    """The upload page before any file: the empty state's message, and no chart drawn."""
    page.get_by_text("Upload articles (text, HTML", exact=False).first.wait_for(timeout=timeout)
    page.wait_for_function(IDLE, timeout=timeout)
    assert page.locator(".js-plotly-plot").count() == 0


def wait_for_events(page, timeout: int = TIMEOUT_MS) -> None:
    """A chart that draws events, then settled."""
    page.wait_for_function(HAS_EVENTS, timeout=timeout)
    wait_settled(page, timeout)


def shown_ids(page) -> set[str]:
    return set(page.evaluate(IDS))


def upload(page, files) -> None:
    """Files into the sidebar's file uploader (its real <input type=file>)."""
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        [str(f) for f in files])


def alerts(page, kind: str) -> list[str]:
    """The texts of the page's st.error / st.warning / st.info / st.success boxes
    (``kind``: "Error", "Warning", "Info", "Success")."""
    return page.locator(f'[data-testid="stAlertContent{kind}"]').all_inner_texts()


def collect_errors(page) -> list[str]:
    """A list that fills with the page's uncaught script errors."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """The page as it is, in tests/artifacts/<name>.png (the mouse moved off the chart first)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.mouse.move(5, 5)
    page.wait_for_timeout(300)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


# ------------------------------------------------------------------ fixtures
# (imported by the browser test files: one definition, module-scoped there)

@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for a test module."""
    with launch_browser() as b:
        yield b


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app, served by ``streamlit run`` for a test module: its base URL."""
    with run_streamlit(tmp_path_factory.mktemp("streamlit") / "server.log") as url:
        yield url
