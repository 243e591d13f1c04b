#!/usr/bin/env python3
"""The app's speed in a real browser, against a bare Streamlit page in the same run (issue 9).

    python benchmarks/bench_app.py [--reps 5] [--cold 2] [--uploads 3] [--articles 300]
                                   [--diag 2] [--via-radio] [--write] [--no-profile]
    python benchmarks/bench_app.py --from-json /tmp/chronicle-bench-app-*/results.json  # report again

Starts two ``streamlit run`` servers on free local ports (headless, no file
watcher, no usage statistics), one for ``app.py`` and one for the peer,
``benchmarks/bare_page.py`` (one ``st.plotly_chart`` of a small scatter; with
``?mode=upload`` a file uploader whose CSV pandas reads into one chart), and
drives headless Chromium (Debian's, through Playwright; the launch helper of
bench_isolation.py) with a new browser context for every page, so every
page is a new tab with an empty cache.

Scenarios, app and bare page interleaved so that they share the machine's noise:

* **cold**: the first tab after the server started (the first script run
  imports and computes; ``--cold`` restarts of both servers);
* **warm**: a new tab later (``--reps``); the cold tab warmed the server;
* **upload**: ``--articles`` articles (the H1N1 topics of Timeline17 read in
  place from ``../shared/eval/t17-dev``, nothing copied; else the sample
  repeated with shifted dates) in one CSV file; the app opened on its
  sidebar's "Read: Upload" (``?input=upload``, as the browser tests do; with
  ``--via-radio`` the sample first and a click on the radio), the bare page on
  ``?mode=upload``; timed from ``set_input_files`` to the chart drawn.  Every
  upload shifts the publication dates by one more day, so no cache of the
  server's answers it; the first upload on each server is its cold one, then
  ``--uploads`` more;
* **diagnostic**: the app with ``st.plotly_chart`` made a no-op (a wrapper
  written to a temporary folder runs ``app.py`` unchanged), beside the app and
  the bare page (``--diag`` tabs each).

Two times per page, and the CPU seconds of Chromium's processes and of the
server's process group until drawn: **drawn**, from the start of ``page.goto`` (or of
``set_input_files``) until the chart's SVG holds its data traces
(``.js-plotly-plot .main-svg`` and a ``.scatterlayer .trace`` or
``.barlayer .trace``), and **settled**, until the Streamlit status widget
("Running…") is gone as well.

Then one traced page per scenario counts what went over the websocket (script
runs, reruns asked by the browser, bytes, the Plotly figure's JSON) and when,
and ``--profile`` (on by default) times the app's imports (``-X importtime``)
and its script runs under ``streamlit.testing`` (AppTest), with the functions
the script spends its time in.  ``--write`` writes benchmarks/RESULTS-app.md.
Only 127.0.0.1 is contacted.
"""
from __future__ import annotations

import argparse
import base64
import csv
import json
import os
import platform
import re
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from bench_isolation import free_port, launch_chromium  # noqa: E402

T17 = ROOT.parent / "shared" / "eval" / "t17-dev"
SAMPLE = ROOT / "data" / "nk-hotlines.json"
RESULTS = HERE / "RESULTS-app.md"
GOAL_RATIO = 1.3
GOAL_UPLOAD_S = 5.0
VIEWPORT = {"width": 1400, "height": 1000}
TIMEOUT_MS = 180_000

#: The chart is drawn: its SVG is there and holds data traces.  Returns the page's
#: clock (ms since the navigation started) so traced runs can place it.
DRAWN = """() => {
  const p = document.querySelector('.js-plotly-plot');
  if (!p || !p.querySelector('.main-svg')) return false;
  return p.querySelectorAll('.scatterlayer .trace, .barlayer .trace').length > 0 ? performance.now() : false;
}"""
#: ... and Streamlit no longer says "Running…".
SETTLED = """() => document.querySelector('.js-plotly-plot')
  && !document.querySelector('[data-testid="stStatusWidget"]') ? performance.now() : false"""
IDLE = """() => !document.querySelector('[data-testid="stStatusWidget"]')"""
UPLOAD_INPUT = '[data-testid="stFileUploader"] input[type="file"]'

STREAMLIT_FLAGS = ["--server.headless", "true", "--browser.gatherUsageStats", "false",
                   "--server.fileWatcherType", "none", "--server.address", "127.0.0.1"]


# ------------------------------------------------------------------ servers

class Server:
    """One ``streamlit run SCRIPT`` on a free port, in its own process group."""

    def __init__(self, script: str, log_dir: Path, args: tuple[str, ...] = ()):
        self.script = script
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log_dir / f"{Path(script).stem}-{self.port}.log"
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(self.port), *STREAMLIT_FLAGS,
                 *(("--", *args) if args else ())],
                cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                env=dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false"))
        self.started = time.perf_counter()

    def wait_healthy(self, timeout: float = 120) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"{self.script} exited with {self.proc.returncode}:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.1)
        raise SystemExit(f"{self.script} did not come up:\n{self.log.read_text()[-3000:]}")

    def cpu(self) -> float:
        """CPU seconds of the server and its worker processes (its process group)."""
        return group_cpu(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)  # the server and its worker processes, none other
        except ProcessLookupError:
            return
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


_TICK = os.sysconf("SC_CLK_TCK")


def group_cpu(pgid: int) -> float:
    total = 0
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            f = (d / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(f[2]) == pgid:  # pgrp; utime, stime, cutime, cstime
            total += int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])
    return total / _TICK


class Browser:
    """One headless Chromium (bench_isolation's launch) and a DevTools session on it
    that reads the CPU time of all its processes."""

    def __init__(self, p):
        self.b = launch_chromium(p)
        self.version = self.b.version
        self.cdp = self.b.new_browser_cdp_session()

    def cpu(self) -> float:
        return sum(x["cpuTime"] for x in self.cdp.send("SystemInfo.getProcessInfo")["processInfo"])

    def close(self) -> None:
        self.b.close()


def start_pair(log_dir: Path) -> tuple[Server, Server, dict]:
    app, bare = Server("app.py", log_dir), Server("benchmarks/bare_page.py", log_dir)
    return app, bare, {"app": app.wait_healthy(), "bare": bare.wait_healthy()}


# ------------------------------------------------------------------ pages

def _context(browser: Browser):
    return browser.b.new_context(viewport=VIEWPORT)


class Tap:
    """Chrome's own record of a page's WebSocket frames and requests (the DevTools
    protocol, nothing added to the page): times on the browser's monotonic clock."""

    def __init__(self, ctx, page):
        self.frames: list[tuple[str, float, bytes]] = []
        self.nav: float | None = None
        self.cdp = ctx.new_cdp_session(page)
        self.cdp.on("Network.webSocketFrameReceived", lambda e: self._frame("in", e))
        self.cdp.on("Network.webSocketFrameSent", lambda e: self._frame("out", e))
        self.cdp.on("Network.requestWillBeSent", self._request)
        self.cdp.send("Network.enable")

    def _frame(self, way: str, e: dict) -> None:
        r = e["response"]
        if r.get("opcode") == 2:
            self.frames.append((way, e["timestamp"], base64.b64decode(r["payloadData"])))

    def _request(self, e: dict) -> None:
        if e.get("type") == "Document" and self.nav is None:
            self.nav = e["timestamp"]



def _timed(page, browser, server, act, cpu0=None) -> tuple[dict, float, float]:
    """``act()`` (a page load, an upload), timed until the chart is drawn and until the
    app is settled, with the CPU seconds the browser and the server spent until drawn
    (from ``cpu0``, else from now); also the page's own clock at both moments (ms)."""
    c_b, c_s = cpu0 or (browser.cpu(), server.cpu())
    t0 = time.perf_counter()
    act()
    drawn_ms = page.wait_for_function(DRAWN, timeout=TIMEOUT_MS).json_value()
    drawn = time.perf_counter() - t0
    cpu = {"browser_cpu": browser.cpu() - c_b, "server_cpu": server.cpu() - c_s}
    settled_ms = page.wait_for_function(SETTLED, timeout=TIMEOUT_MS).json_value()
    return {"drawn": drawn, "settled": time.perf_counter() - t0, **cpu}, drawn_ms, settled_ms


def first_paint(browser: Browser, server: Server, trace: bool = False) -> dict:
    """A new tab opens the server's page: seconds until the chart is drawn, then until
    settled, and the CPU seconds spent until drawn by the browser and by the server."""
    url = server.url
    cpu0 = browser.cpu(), server.cpu()  # the context and page are part of a new tab's cost
    ctx = _context(browser)
    try:
        page = ctx.new_page()
        tap = Tap(ctx, page) if trace else None
        out, drawn_ms, settled_ms = _timed(
            page, browser, server, lambda: page.goto(url, wait_until="commit", timeout=TIMEOUT_MS), cpu0)
        if tap:
            page.wait_for_timeout(1500)  # a rerun asked right after the first frame shows here
            page.wait_for_function(SETTLED, timeout=TIMEOUT_MS)
            out["trace"] = trace_summary(page, tap, drawn_ms, settled_ms)
        return out
    finally:
        ctx.close()


def upload(browser: Browser, server: Server, path: Path, app: bool, trace: bool = False,
           via_radio: bool = False) -> dict:
    """A new tab, the uploader shown and idle; seconds from set_input_files to the chart
    drawn (and settled), and the CPU seconds the browser and the server spent meanwhile."""
    url = server.url
    ctx = _context(browser)
    try:
        page = ctx.new_page()
        tap = Tap(ctx, page) if trace else None
        if app and via_radio:  # the sample first, then the sidebar's "Read: Upload"
            page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
            page.wait_for_function(SETTLED, timeout=TIMEOUT_MS)
            page.locator('[data-testid="stSidebar"] [data-testid="stRadio"]').first \
                .get_by_text("Upload", exact=True).click()
        elif app:  # the sidebar's "Read" radio set to "Upload" by the address (as the browser tests do)
            page.goto(f"{url}/?input=upload", wait_until="commit", timeout=TIMEOUT_MS)
        else:
            page.goto(f"{url}/?mode=upload", wait_until="commit", timeout=TIMEOUT_MS)
        page.locator(UPLOAD_INPUT).wait_for(state="attached", timeout=TIMEOUT_MS)
        page.wait_for_function(IDLE, timeout=TIMEOUT_MS)
        page.wait_for_timeout(300)
        page.wait_for_function(IDLE, timeout=TIMEOUT_MS)
        if page.locator(".js-plotly-plot").count():
            raise SystemExit("a chart is on the upload page before any upload")
        mark = page.evaluate("() => performance.now()")
        out, drawn_ms, settled_ms = _timed(
            page, browser, server, lambda: page.locator(UPLOAD_INPUT).set_input_files([path]))
        if app:
            read = page.locator('[data-testid="stSidebar"] [data-testid="stRadio"]').first
            if not read.get_by_role("radio", name="Upload").is_checked():
                raise SystemExit("the app's Read radio is not on Upload")
            radio = page.get_by_role("radio", name="Story")
            out["view"] = "story" if radio.count() and radio.get_attribute("aria-checked") == "true" else "events"
            out["metrics"] = [f"{k.strip().lower()} {v.strip()}" for k, v in zip(
                page.locator('[data-testid="stMetricLabel"]').all_inner_texts(),
                page.locator('[data-testid="stMetricValue"]').all_inner_texts())]
        if tap:
            page.wait_for_timeout(1500)
            page.wait_for_function(SETTLED, timeout=TIMEOUT_MS)
            out["trace"] = trace_summary(page, tap, drawn_ms - mark, settled_ms - mark, since=mark)
        return out
    finally:
        ctx.close()


def trace_summary(page, tap: Tap, drawn_ms: float, settled_ms: float, since: float = 0.0) -> dict:
    """What went over the websocket, parsed with Streamlit's own protobuf classes; times
    in ms from the navigation's start (``since`` ms later for an upload)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    origin = (tap.nav or 0.0) + since / 1000

    def rel(ts: float) -> float:
        return (ts - origin) * 1000
    ins = [(rel(t), p) for d, t, p in tap.frames if d == "in" and rel(t) >= -50]
    outs = [(rel(t), p) for d, t, p in tap.frames if d == "out" and rel(t) >= -50]
    runs, finished, deltas, plotly, reruns, first_delta, plotly_at, run_at, done_at = 0, 0, 0, [], 0, None, None, [], []
    for at, raw in ins:
        msg = ForwardMsg.FromString(raw)
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            runs += 1
            run_at.append(at)
        elif kind == "script_finished":
            finished += 1
            done_at.append(at)
        elif kind == "delta":
            deltas += 1
            if first_delta is None:
                first_delta = at
            el = msg.delta.new_element
            if msg.delta.WhichOneof("type") == "new_element" and el.WhichOneof("type") == "plotly_chart":
                plotly.append(len(el.plotly_chart.spec.encode("utf-8")))
                if plotly_at is None:
                    plotly_at = at
    for _, raw in outs:
        try:
            if BackMsg.FromString(raw).WhichOneof("type") == "rerun_script":
                reruns += 1
        except Exception:  # noqa: BLE001 - a frame that is not a BackMsg
            pass
    res = page.evaluate("""() => performance.getEntriesByType('resource').map(r => ({n: r.name,
        s: r.transferSize || r.encodedBodySize || 0, d: r.decodedBodySize || 0, st: r.startTime, e: r.responseEnd}))""")
    js = [r for r in res if r["n"].split("?")[0].endswith(".js")]
    nav = page.evaluate("""() => { const n = performance.getEntriesByType('navigation')[0] || {};
        const f = performance.getEntriesByType('paint').find(p => p.name === 'first-contentful-paint');
        return {dcl: n.domContentLoadedEventEnd || null, load: n.loadEventEnd || null, fcp: f ? f.startTime : null}; }""")
    plotly_js = max(js, key=lambda r: r["d"], default=None)
    return {
        "script_runs": runs, "scripts_finished": finished, "reruns_asked": reruns, "deltas": deltas,
        "bytes_in": sum(len(p) for _, p in ins), "messages_in": len(ins), "plotly_spec_bytes": plotly,
        "first_message_ms": ins[0][0] if ins else None, "run_started_ms": run_at, "run_finished_ms": done_at,
        "first_delta_ms": first_delta, "plotly_delta_ms": plotly_at,
        "last_message_ms": ins[-1][0] if ins else None,
        "drawn_ms": drawn_ms, "settled_ms": settled_ms,
        "js_files": len(js), "js_bytes": sum(r["d"] for r in js), "js_transfer": sum(r["s"] for r in js),
        "largest_js": ({"name": plotly_js["n"].rsplit("/", 1)[-1], "bytes": plotly_js["d"],
                        "start_ms": plotly_js["st"] - since, "end_ms": plotly_js["e"] - since}
                       if plotly_js and plotly_js["e"] >= since else None),
        "dcl_ms": nav["dcl"] if not since else None, "fcp_ms": nav["fcp"] if not since else None,
    }


# ------------------------------------------------------------------ the upload file

def articles_csv(n: int, shift_days: int, path: Path) -> tuple[str, int]:
    """``n`` articles in one CSV (id, title, published, source, url, text); their
    publication dates moved by ``shift_days``.  Timeline17's H1N1 topics when there,
    else the sample repeated."""
    rows = []
    if T17.is_dir():
        from bench_story import detokenise  # Timeline17's tokens put back as a reader sees them
        outlets = {"H1N1_bbc": "BBC", "H1N1_guardian": "Guardian", "H1N1_reuters": "Reuters",
                   "bpoil_bbc": "BBC", "bpoil_foxnews": "Fox News", "bpoil_guardian": "Guardian",
                   "bpoil_reuters": "Reuters", "bpoil_washingtonpost": "Washington Post"}
        seen = set()
        for topic in sorted(outlets):  # H1N1 first: one story, 405 articles
            with open(T17 / topic / "articles.jsonl", encoding="utf-8") as f:
                for line in f:
                    rec = json.loads(line)
                    text = detokenise(rec.get("text") or "")
                    if rec["id"] in seen or not text.strip():  # a few records have no text
                        continue
                    seen.add(rec["id"])
                    rows.append({"id": rec["id"], "title": "", "published": rec["published"][:10],
                                 "source": outlets[topic], "url": "", "text": text})
                    if len(rows) == n:
                        break
            if len(rows) == n:
                break
        origin = (f"the first {n} articles with text of Timeline17's development topics (H1N1: BBC, "
                  f"Guardian, Reuters), tokens put back as a reader sees them (bench_story.detokenise)")
    else:
        sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
        sample = sample if isinstance(sample, list) else [sample]
        i = 0
        while len(rows) < n:
            for rec in sample:
                day = date.fromisoformat(str(rec["published"])[:10]) - timedelta(days=i)
                rows.append({"id": f"{rec.get('id', 'a')}-{i}", "title": rec.get("title", ""),
                             "published": day.isoformat(), "source": rec.get("source", ""),
                             "url": "", "text": rec["text"]})
                i += 1
        rows = rows[:n]
        origin = f"the sample article repeated {n} times, each a day earlier"
    for r in rows:
        r["published"] = (date.fromisoformat(r["published"]) + timedelta(days=shift_days)).isoformat()
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id", "title", "published", "source", "url", "text"])
        w.writeheader()
        w.writerows(rows)
    return origin, path.stat().st_size


# ------------------------------------------------------------------ profile

PROFILE_CODE = r'''
import cProfile, io, json, pstats, sys, time
t0 = time.perf_counter()
from streamlit.testing.v1 import AppTest
from streamlit.runtime.scriptrunner import script_runner
t_st = time.perf_counter() - t0
prof = cProfile.Profile()
_orig = script_runner.ScriptRunner._run_script
active = {"on": False}
def _run(self, *a, **k):
    if active["on"]:
        prof.enable()
    try:
        return _orig(self, *a, **k)
    finally:
        if active["on"]:
            prof.disable()
script_runner.ScriptRunner._run_script = _run
out = {"import_streamlit_testing_s": t_st, "runs": []}
for i, label in enumerate(["first run in a new process (imports, sample's events)", "new session, warm",
                           "new session, warm, profiled"]):
    active["on"] = i == 2
    at = AppTest.from_file("app.py", default_timeout=120)
    t = time.perf_counter()
    at.run()
    took = time.perf_counter() - t
    assert not at.exception, at.exception
    out["runs"].append({"label": label, "s": took, "elements": sum(1 for _ in at.main) if i == 0 else None})
s = io.StringIO()
st = pstats.Stats(prof, stream=s)
rows = []
for (fn, line, name), (cc, nc, tt, ct, callers) in st.stats.items():
    rows.append((ct, tt, nc, f"{fn.split('site-packages/')[-1].replace(sys.prefix, '')}:{line}({name})"))
rows.sort(reverse=True)
out["top_cumulative"] = [{"cum_s": c, "own_s": t, "calls": n, "where": w} for c, t, n, w in rows[:60]]
print("JSON:" + json.dumps(out))
'''

FIGURE_CODE = r'''
import json, sys, time
t = time.perf_counter()
from pipeline.articles import load_articles
from pipeline.events import build_events
from ui.chart import timeline_figure
from ui import state as S
t_imp = time.perf_counter() - t
arts = load_articles("data/nk-hotlines.json").articles
t = time.perf_counter(); ev = build_events(list(arts)); t_ev = time.perf_counter() - t
shown = S.filter_events(S.apply_edits(ev, {}), S.View(input="sample"))
published = {(a.title or a.id): a.published for a in arts if a.published is not None}
t = time.perf_counter()
fig = timeline_figure(shown, published=published, lane_titles={a.id: a.title or a.id for a in arts})
t_fig = time.perf_counter() - t
t = time.perf_counter(); js = fig.to_json(); t_json = time.perf_counter() - t
data = json.loads(js)
per_trace = sorted(((len(json.dumps(tr)), tr.get("type"), tr.get("name")) for tr in data["data"]), reverse=True)
keys = {}
for tr in data["data"]:
    for k, v in tr.items():
        keys[k] = keys.get(k, 0) + len(json.dumps(v))
print("JSON:" + json.dumps({"events": len(ev), "shown": len(shown), "traces": len(data["data"]),
      "figure_json_bytes": len(js.encode()), "layout_bytes": len(json.dumps(data["layout"])),
      "biggest_keys": sorted(keys.items(), key=lambda kv: -kv[1])[:8], "per_trace": per_trace[:5],
      "import_s": t_imp, "events_s": t_ev, "figure_s": t_fig, "to_json_s": t_json}))
'''

#: The imports of app.py, in its order, beside what a bare page needs.
APP_IMPORTS = ["streamlit", "pipeline.export", "pipeline.articles", "pipeline.events", "pipeline.fetch",
               "pipeline.isolated", "pipeline.storyline", "ui.state", "ui.story", "ui.views", "ui.chart"]


def _json_out(proc: subprocess.CompletedProcess) -> dict:
    for line in proc.stdout.splitlines():
        if line.startswith("JSON:"):
            return json.loads(line[5:])
    raise SystemExit(f"profile step failed:\n{proc.stderr[-3000:]}")


def import_times(repeat: int = 3) -> dict:
    """Wall time of each import in a fresh interpreter (best of ``repeat``), as the app
    orders them, and ``-X importtime``'s heaviest packages for the whole list."""
    stmt = "; ".join(f"import {m}" for m in APP_IMPORTS)
    steps: dict[str, float] = {}
    code = ("import time, json; r = {}\n" + "\n".join(
        f"t = time.perf_counter(); import {m}; r[{m!r}] = time.perf_counter() - t" for m in APP_IMPORTS)
        + "\nimport sys; r['_modules'] = len(sys.modules); print('JSON:' + json.dumps(r))")
    for _ in range(repeat):
        got = _json_out(subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True))
        for k, v in got.items():
            steps[k] = min(steps.get(k, v), v) if k != "_modules" else v
    bare = min(_json_out(subprocess.run(
        [sys.executable, "-c", "import time, json; t = time.perf_counter(); import streamlit, plotly.graph_objects;"
         " print('JSON:' + json.dumps({'s': time.perf_counter() - t}))"], cwd=ROOT, capture_output=True,
        text=True))["s"] for _ in range(repeat))
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", stmt], cwd=ROOT, capture_output=True, text=True)
    cum: dict[str, int] = {}
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m and len(m.group(3)) <= 3:  # top-level and first-level packages
            name = m.group(4)
            cum[name] = max(cum.get(name, 0), int(m.group(2)))
    heavy = sorted(cum.items(), key=lambda kv: -kv[1])[:15]
    # what the streamlit server has already imported before any script runs
    loaded = _json_out(subprocess.run(
        [sys.executable, "-c", "import sys, json; from streamlit.web import bootstrap; "
         "from streamlit.runtime import Runtime; import streamlit;"
         " print('JSON:' + json.dumps({m: m in sys.modules for m in ['pandas', 'plotly', 'plotly.graph_objects',"
         " 'numpy', 'pyarrow', 'sklearn', 'scipy', 'dateparser', 'trafilatura', 'lxml']}))"],
        cwd=ROOT, capture_output=True, text=True))
    return {"steps": steps, "bare_imports_s": bare, "heavy_us": heavy, "server_preloaded": loaded}


UPLOAD_CODE = r'''
import json, sys, time
sys.path.insert(0, ROOT)
if __name__ == "__main__":
    t = time.perf_counter()
    from pipeline.articles import load_bytes
    from pipeline.events import build_events
    from pipeline.isolated import build_events_isolated
    from pipeline.storyline import story
    from ui import story as SX
    out = {"import_s": time.perf_counter() - t}
    data = open(CSV, "rb").read()
    t = time.perf_counter(); res = load_bytes("articles.csv", data); out["load_s"] = time.perf_counter() - t
    arts = list(res.articles); out["articles"] = len(arts)
    t = time.perf_counter(); ev = build_events_isolated(arts, budget=60.0, problems=[])
    out["events_isolated_s"] = time.perf_counter() - t; out["events"] = len(ev)
    t, c = time.perf_counter(), time.process_time(); build_events(arts)
    out["events_inprocess_s"], out["events_inprocess_cpu"] = time.perf_counter() - t, time.process_time() - c
    t, c = time.perf_counter(), time.process_time(); told = story(list(ev), dates=None, articles=tuple(arts))
    out["story_s"], out["story_cpu"], out["dates"] = time.perf_counter() - t, time.process_time() - c, len(told.entries)
    t, c = time.perf_counter(), time.process_time(); story(list(ev), dates=None, articles=tuple(arts))
    out["story_again_s"] = time.perf_counter() - t
    t = time.perf_counter(); js = SX.story_figure(told).to_json()
    out["figure_s"], out["figure_bytes"] = time.perf_counter() - t, len(js.encode())
    print("JSON:" + json.dumps(out))
'''


def profile(csv_path: Path, work: Path) -> dict:
    out = {"imports": import_times()}
    script = work / "profile_upload.py"
    script.write_text(UPLOAD_CODE.replace("ROOT", repr(str(ROOT))).replace("CSV", repr(str(csv_path))),
                      encoding="utf-8")
    out["upload"] = _json_out(subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True,
                                             text=True))
    out["figure"] = _json_out(subprocess.run([sys.executable, "-c", FIGURE_CODE], cwd=ROOT,
                                             capture_output=True, text=True))
    out["apptest"] = _json_out(subprocess.run([sys.executable, "-c", PROFILE_CODE], cwd=ROOT,
                                              capture_output=True, text=True))
    return out


# ------------------------------------------------------------------ report

def stats(xs: list[float]) -> dict:
    return {"n": len(xs), "median": statistics.median(xs), "min": min(xs), "max": max(xs)} if xs else {}


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def fmt(s: dict) -> str:
    return f"{s['median']:.2f} | {s['min']:.2f} | {s['max']:.2f}" if s else "– | – | –"


def med(s: dict) -> str:
    return f"{s['median']:.1f}" if s else "–"


def ratio(a: dict, b: dict) -> str:
    return f"{a['median'] / b['median']:.2f}" if a and b else "–"


SCENARIOS = [("cold", "first tab after the server started"), ("warm", "new tab, warm server"),
             ("upload_cold", "upload, first on the server"), ("upload", "upload, warm server")]


def report(r: dict) -> str:
    S = r["scenarios"]
    L = ["| scenario | page | n | drawn: median | min | max | settled: median | min | max "
         "| browser CPU s | server CPU s |",
         "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for key, label in SCENARIOS:
        if key.startswith("upload"):
            label = label.replace("upload", f"upload {r['articles']} articles")
        for who in ("app", "bare"):
            d = S[key][who]
            L.append(f"| {label} | {'**app**' if who == 'app' else 'bare page'} | {d['drawn'].get('n', 0)} | "
                     f"{fmt(d['drawn'])} | {fmt(d['settled'])} | {med(d['browser_cpu'])} | {med(d['server_cpu'])} |")
    L += ["", "Ratios app / bare page (medians):", "",
          "| scenario | drawn | settled | browser CPU | server CPU |", "|---|---:|---:|---:|---:|"]
    for key, label in SCENARIOS:
        a, b = S[key]["app"], S[key]["bare"]
        L.append(f"| {label} | {ratio(a['drawn'], b['drawn'])} | {ratio(a['settled'], b['settled'])} | "
                 f"{ratio(a['browser_cpu'], b['browser_cpu'])} | {ratio(a['server_cpu'], b['server_cpu'])} |")
    return "\n".join(L)


def diag_table(r: dict) -> str:
    D = r.get("diag") or {}
    if not D:
        return "(not measured in this run)"
    L = ["| page (new tab, warm server) | n | all elements shown and idle: median | min | max "
         "| browser CPU s | server CPU s |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name, d in D.items():
        L.append(f"| {name} | {d['idle'].get('n', 0)} | {fmt(d['idle'])} | {med(d['browser_cpu'])} | "
                 f"{med(d['server_cpu'])} |")
    return "\n".join(L)


def trace_table(traces: dict) -> str:
    L = ["| page | script runs | reruns asked | deltas | bytes in | Plotly spec bytes | first delta "
         "| Plotly delta | last message | chart drawn | JS files / decoded KB | largest JS (KB, loaded) |",
         "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---|---|"]

    def ms(v):
        return "–" if v is None else f"{v / 1000:.2f} s"
    for name, t in traces.items():
        lj = t.get("largest_js")
        L.append(f"| {name} | {t['script_runs']} | {t['reruns_asked']} | {t['deltas']} | {t['bytes_in']:,} | "
                 f"{', '.join(f'{b:,}' for b in t['plotly_spec_bytes']) or '–'} | {ms(t['first_delta_ms'])} | "
                 f"{ms(t['plotly_delta_ms'])} | {ms(t['last_message_ms'])} | {ms(t['drawn_ms'])} | "
                 f"{t['js_files']} / {t['js_bytes'] // 1024:,} | "
                 + (f"{lj['name']} {lj['bytes'] // 1024:,} KB, {lj['start_ms'] / 1000:.2f}–{lj['end_ms'] / 1000:.2f} s |"
                    if lj else "– |"))
    return "\n".join(L)


def profile_text(p: dict) -> str:
    L = []
    imp = p["imports"]
    L += ["Imports, one after the other in app.py's order in a fresh interpreter (best of 3; what an "
          "earlier line loaded costs nothing again):", "", "| import | s |", "|---|---:|"]
    for m in APP_IMPORTS:
        L.append(f"| `{m}` | {imp['steps'][m]:.2f} |")
    L.append(f"| all of app.py's | {sum(imp['steps'][m] for m in APP_IMPORTS):.2f} |")
    L.append(f"| the bare page's (`streamlit`, `plotly.graph_objects`) | {imp['bare_imports_s']:.2f} |")
    L.append("")
    L.append("Heaviest packages under `python -X importtime` (cumulative, one run): "
             + ", ".join(f"`{n}` {us / 1e6:.2f} s" for n, us in imp["heavy_us"][:10]) + ".")
    pre = imp["server_preloaded"]
    L.append("Already imported by a Streamlit server before any script runs: "
             + ", ".join(f"`{k}`" for k, v in pre.items() if v) + "; not: "
             + ", ".join(f"`{k}`" for k, v in pre.items() if not v) + ".")
    L.append("")
    f = p["figure"]
    L.append(f"The sample's All-events figure (built as the app builds it, one process): {f['events']} events, "
             f"{f['traces']} traces, **{f['figure_json_bytes']:,} bytes of JSON** (layout with its template "
             f"{f['layout_bytes']:,}); built in {f['figure_s'] * 1000:.0f} ms, `to_json` "
             f"{f['to_json_s'] * 1000:.0f} ms; the sample's events in {f['events_s'] * 1000:.0f} ms. Biggest "
             "trace keys (bytes): " + ", ".join(f"`{k}` {v:,}" for k, v in f["biggest_keys"][:6]) + ".")
    L.append("")
    a = p["apptest"]
    L += ["The script run itself under `streamlit.testing` (AppTest: the sample, All events; no browser, "
          "no websocket):", "", "| run | s |", "|---|---:|"]
    for run in a["runs"]:
        L.append(f"| {run['label']} | {run['s']:.2f} |")
    L += ["", "Where a warm script run goes (cProfile of the script thread, cumulative, biggest first; "
          "built-ins left out):", "", "| cumulative s | own s | calls | function |", "|---:|---:|---:|---|"]
    shown = 0
    for row in a["top_cumulative"]:
        w = row["where"]
        if any(x in w for x in ("<built-in", "{method", "threading.py", "<frozen", "contextlib.py")):
            continue
        L.append(f"| {row['cum_s']:.3f} | {row['own_s']:.3f} | {row['calls']} | `{w}` |")
        shown += 1
        if shown == 20:
            break
    u = p.get("upload")
    if u:
        L += ["", f"The upload's server work, step by step ({u['articles']} articles read from the same CSV, "
              f"one process, `pipeline` functions as the app calls them): imports {u['import_s']:.2f} s; "
              f"reading the CSV {u['load_s']:.2f} s; events in worker processes (`build_events_isolated`, "
              f"as for a visitor's upload) **{u['events_isolated_s']:.2f} s** ({u['events']:,} events; in one "
              f"process {u['events_inprocess_s']:.2f} s, {u['events_inprocess_cpu']:.2f} s CPU); the story "
              f"(`storyline.story`, first call, scikit-learn imported on the way) **{u['story_s']:.2f} s** "
              f"({u['story_cpu']:.2f} s CPU, {u['dates']} key dates; a second call {u['story_again_s']:.2f} s); "
              f"its figure {u['figure_s']:.2f} s, {u['figure_bytes']:,} bytes of JSON."]
    return "\n".join(L)


#: What follows this line in RESULTS-app.md is written by hand and kept by --write.
ANALYSIS = "<!-- analysis: written by hand, kept by bench_app.py --write -->"


def write_results(r: dict, cmd: str) -> None:
    S = r["scenarios"]
    cold_ratio = S["cold"]["app"]["drawn"]["median"] / S["cold"]["bare"]["drawn"]["median"]
    warm_ratio = S["warm"]["app"]["drawn"]["median"] / S["warm"]["bare"]["drawn"]["median"]
    up = S["upload"]["app"]["drawn"]["median"]
    text = f"""# The app in a browser: first paint and upload, against a bare page (issue 9)

Command (from the repository root; Timeline17 is read in place from
`../shared/eval/t17-dev` and nothing of it is copied):

    {cmd}

`benchmarks/bench_app.py` starts two `streamlit run` servers (headless, no
file watcher, no usage statistics) on free local ports: `app.py`, and the peer
`benchmarks/bare_page.py`, a bare page with one `st.plotly_chart` of a small
scatter (with `?mode=upload`: a file uploader whose CSV pandas reads into one
chart). Headless Chromium ({r['chromium']}, Playwright, the launch helper of
`bench_isolation.py`) opens every page in a new browser context (a new tab,
empty cache); app and bare page take turns so that they share the machine's
noise. **Drawn**: from the start of `page.goto` (for uploads: of
`set_input_files`) until the chart's SVG holds its data traces; **settled**:
until Streamlit's "Running…" widget is gone too. **CPU**: the CPU seconds of
all of Chromium's processes (DevTools `SystemInfo.getProcessInfo`) and of the
server's process group (`/proc`) from the start until drawn: less disturbed by
other people's load than the wall clock. Cold: the first tab after a server
start ({S['cold']['app']['drawn']['n']} restarts of both servers); warm: a new tab later. The sample (one
article) opens on All events.

Upload: {r['upload_origin']}, one CSV of {r['upload_bytes'] / 1e6:.1f} MB
given to both pages (the app opened on its sidebar's "Read: Upload",
`?input=upload` as the browser tests do, the radio checked on "Upload" before
the file goes; the bare page draws the articles per day). Neither page has
loaded plotly.js before its upload. Each upload moves the publication dates one day further,
so no server cache answers it; the first upload on each server is its cold one.
The app shows the {r['upload_view']} view first ({r['upload_metrics']}).

Machine: {r['machine']}. Load average (1, 5, 15 min) **{r['load_start']}** at the start,
**{r['load_end']}** at the end: other engineers' test suites and browsers ran on the same
2 cores, so wall-clock figures swing by 2x between repetitions; the CPU columns
swing less. The whole run took {r['elapsed'] / 60:.1f} min.

## Figures (seconds)

{report(r)}

**Goals.** First paint at most {GOAL_RATIO}x the bare page's: **{'met' if warm_ratio <= GOAL_RATIO else 'not met'}
on a warm server ({warm_ratio:.2f}x), {'met' if cold_ratio <= GOAL_RATIO else 'not met'} for the first tab after a
start ({cold_ratio:.2f}x)**. {r['articles']} articles uploaded to a drawn chart within
{GOAL_UPLOAD_S:.0f} s: **{'met' if up <= GOAL_UPLOAD_S else 'not met'}** ({up:.1f} s median on a warm server;
the bare page draws the same file in {S['upload']['bare']['drawn']['median']:.1f} s).

Server start to a healthy `/_stcore/health`: app {fmt(stats(r['health']['app']))};
bare page {fmt(stats(r['health']['bare']))} (median | min | max, seconds).

## The app without its chart (diagnostic, same run)

`st.plotly_chart` replaced by a no-op in a wrapper that runs `app.py`
unchanged (written to a temporary folder at run time), against the app and
the bare page; timed until every element is shown and Streamlit is idle.

{diag_table(r)}

## What one page costs (one traced page each, same run)

Chrome's own record of the page's WebSocket frames (DevTools `Network`
events: nothing is added to the page), parsed with Streamlit's protobuf
classes; times from the navigation's start (uploads: from `set_input_files`).
Script runs: `new_session` messages; reruns asked: `rerun_script` messages the
page sent (every first load sends one).

{trace_table(r['traces'])}

## Where the app's time goes

{profile_text(r['profile']) if r.get('profile') else '(not profiled in this run: `--no-profile`)'}
"""
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if ANALYSIS in old:  # the hand-written reading of the figures stays
        text += "\n" + old[old.index(ANALYSIS):]
    RESULTS.write_text(text, encoding="utf-8")


# ------------------------------------------------------------------ main

#: The app unchanged, with st.plotly_chart a no-op (the diagnostic "app without its chart").
NOCHART = """import runpy, sys
sys.path.insert(0, {root!r})
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
def _none(*args, **kwargs):
    return None
st.plotly_chart = _none
DeltaGenerator.plotly_chart = _none
runpy.run_path({app!r}, run_name="__main__")
"""
SHOWN = """() => !document.querySelector('[data-testid="stStatusWidget"]')
  && document.querySelectorAll('[data-testid="stElementContainer"]').length >= %d
  && (%s || !!document.querySelector('.js-plotly-plot .main-svg'))"""


def shown_idle(browser: Browser, server: Server, min_elements: int, chart: bool) -> dict:
    """A new tab: seconds until at least ``min_elements`` elements (and the chart, if
    any) are shown and Streamlit is idle, and the CPU seconds until then."""
    c_b, c_s = browser.cpu(), server.cpu()
    ctx = _context(browser)
    try:
        page = ctx.new_page()
        cond = SHOWN % (min_elements, "false" if chart else "true")
        t0 = time.perf_counter()
        page.goto(server.url, wait_until="commit", timeout=TIMEOUT_MS)
        page.wait_for_function(cond, timeout=TIMEOUT_MS)
        took = time.perf_counter() - t0
        out = {"idle": took, "browser_cpu": browser.cpu() - c_b, "server_cpu": server.cpu() - c_s}
        return out
    finally:
        ctx.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reps", type=int, default=5, help="warm tabs and uploads per page (default 5)")
    ap.add_argument("--cold", type=int, default=2, help="server restarts for cold first tabs (default 2)")
    ap.add_argument("--uploads", type=int, default=3,
                    help="warm uploads per page, after the first (cold) one (default 3)")
    ap.add_argument("--via-radio", action="store_true",
                    help="the app's uploads open the sample first and click Read: Upload (slower)")
    ap.add_argument("--diag", type=int, default=2, help="tabs per page of the no-chart diagnostic (0: none)")
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--write", action="store_true", help="write benchmarks/RESULTS-app.md")
    ap.add_argument("--no-profile", dest="profile", action="store_false")
    ap.add_argument("--from-json", type=Path, metavar="RESULTS_JSON",
                    help="only write the report again from an earlier run's results.json")
    a = ap.parse_args()
    if a.from_json:
        r = json.loads(a.from_json.read_text(encoding="utf-8"))
        write_results(r, r["cmd"])
        print(f"wrote {RESULTS.relative_to(ROOT)} from {a.from_json}")
        return 0
    from playwright.sync_api import sync_playwright

    cmd = "python benchmarks/bench_app.py " + " ".join(shlex.quote(x) for x in sys.argv[1:])
    t_start = time.perf_counter()
    load_start = loadavg()
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    work = Path(tempfile.mkdtemp(prefix="chronicle-bench-app-"))
    metrics = ("drawn", "settled", "browser_cpu", "server_cpu")
    S = {k: {w: {m: [] for m in metrics} for w in ("app", "bare")} for k, _ in SCENARIOS}
    health: dict[str, list[float]] = {"app": [], "bare": []}
    traces: dict[str, dict] = {}
    diag: dict[str, dict] = {}
    extra: dict = {}

    def note(scn, who, res):
        for m in metrics:
            S[scn][who][m].append(res[m])
        print(f"  {scn:12s} {who:4s} drawn {res['drawn']:6.2f} s  settled {res['settled']:6.2f} s  "
              f"CPU browser {res['browser_cpu']:5.1f} s server {res['server_cpu']:5.2f} s  "
              f"(load {loadavg().split()[0]})", flush=True)

    def turns(i, app, bare):
        return [("app", app), ("bare", bare)] if i % 2 == 0 else [("bare", bare), ("app", app)]

    with sync_playwright() as p:
        browser = Browser(p)
        chromium = f"Chromium {browser.version}"
        app = bare = None
        try:
            # cold: fresh servers, the first tab of each (which goes first alternates)
            for i in range(max(1, a.cold)):
                if app:
                    app.stop()
                    bare.stop()
                app, bare, h = start_pair(work)
                health["app"].append(h["app"])
                health["bare"].append(h["bare"])
                for who, srv in turns(i, app, bare):
                    note("cold", who, first_paint(browser, srv))
            # warm: new tabs
            for i in range(a.reps):
                for who, srv in turns(i, app, bare):
                    note("warm", who, first_paint(browser, srv))
            traces["app, sample (warm)"] = first_paint(browser, app, trace=True)["trace"]
            traces["bare page (warm)"] = first_paint(browser, bare, trace=True)["trace"]
            # uploads: a new file (dates moved one more day) for every upload
            origin, size = "?", 0
            for i in range(a.uploads + 1):
                for who, srv in turns(i, app, bare):
                    f = work / f"articles-{who}-{i}.csv"
                    origin, size = articles_csv(a.articles, i + (0 if who == "app" else 100), f)
                    res = upload(browser, srv, f, app=who == "app", via_radio=a.via_radio)
                    note("upload_cold" if i == 0 else "upload", who, res)
                    if who == "app":
                        extra["upload_view"], extra["upload_metrics"] = res["view"], res["metrics"]
            extra["upload_origin"], extra["upload_bytes"] = origin, size
            for who, srv, shift in (("app", app, 50), ("bare page", bare, 150)):
                f = work / f"articles-trace-{shift}.csv"
                articles_csv(a.articles, shift, f)
                traces[f"{who}, upload {a.articles} (warm)"] = upload(browser, srv, f, app=srv is app, trace=True,
                                                                      via_radio=a.via_radio)["trace"]
            # diagnostic: the app without its chart, beside the app and the bare page
            if a.diag:
                wrapper = work / "app_without_chart.py"
                wrapper.write_text(NOCHART.format(root=str(ROOT), app=str(ROOT / "app.py")), encoding="utf-8")
                nochart = Server(str(wrapper), work)
                try:
                    nochart.wait_healthy()
                    shown_idle(browser, nochart, 5, chart=False)  # warm-up
                    pages = {"app": (app, True), "app without its chart": (nochart, False),
                             "bare page": (bare, True)}
                    diag = {k: {"idle": [], "browser_cpu": [], "server_cpu": []} for k in pages}
                    for i in range(a.diag):
                        for name, (srv, chart) in pages.items():
                            res = shown_idle(browser, srv, 15 if srv is not bare else 2, chart)  # the app shows 19
                            for m in res:
                                diag[name][m].append(res[m])
                            print(f"  diag {name:22s} idle {res['idle']:6.2f} s  CPU browser "
                                  f"{res['browser_cpu']:5.1f} s", flush=True)
                finally:
                    nochart.stop()
        finally:
            if app:
                app.stop()
                bare.stop()
            browser.close()

    if a.profile:
        f = work / "articles-profile.csv"
        articles_csv(a.articles, 200, f)
        prof = profile(f, work)
    else:
        prof = None
    load_end = loadavg()
    r = {"scenarios": {k: {w: {m: stats(v) for m, v in d.items()} for w, d in ws.items()} for k, ws in S.items()},
         "diag": {k: {m: stats(v) for m, v in d.items()} for k, d in diag.items()},
         "raw": S, "raw_diag": diag, "health": health, "traces": traces, "profile": prof, "articles": a.articles,
         "chromium": chromium, "load_start": load_start, "load_end": load_end,
         "machine": f"{os.cpu_count()} cores (`nproc` {nproc}), Python {platform.python_version()}, "
                    f"Streamlit {_version('streamlit')}, Plotly {_version('plotly')}, "
                    f"Playwright {_version('playwright')}",
         "upload_view": extra.get("upload_view", "?"),
         "upload_metrics": "its metrics: " + ", ".join(extra.get("upload_metrics", [])[:3]),
         "cmd": cmd,
         "upload_origin": extra.get("upload_origin", "?"), "upload_bytes": extra.get("upload_bytes", 0),
         "elapsed": time.perf_counter() - t_start}
    (work / "results.json").write_text(json.dumps(r, indent=1, default=str), encoding="utf-8")
    print()
    print(report(r))
    print()
    print(diag_table(r))
    print()
    print(trace_table(traces))
    if prof:
        print()
        print(profile_text(prof))
    print(f"\nload average {load_start} -> {load_end}; raw figures in {work / 'results.json'}; "
          f"{r['elapsed'] / 60:.1f} min")
    if a.write:
        write_results(r, cmd)
        print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


if __name__ == "__main__":
    sys.exit(main())
