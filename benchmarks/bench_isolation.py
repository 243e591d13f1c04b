#!/usr/bin/env python3
"""Does one visitor's heavy upload stall everyone else?  The health check's latency, measured.

    python benchmarks/bench_isolation.py [--repo DIR] [--kb 100]

Starts `streamlit run app.py` from DIR (default: this repository) on a free
local port, opens it in headless Chromium, uploads one article of dense dates
(--kb kilobytes: "Monday 0 Monday 1 ...", about the slowest text for the
tagger), and polls /_stcore/health every 50 ms until the page shows the
upload's events, reporting the slowest health answer and the time to the
drawn result.  Run it on two checkouts to compare (e.g. one before
pipeline.isolated).  Only 127.0.0.1 is contacted.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
INPUT = '[data-testid="stFileUploader"] input[type="file"]'
DRAWN = ("() => { const p = document.querySelector('.js-plotly-plot');"
         " return !!(p && p.data && p.data.some(t => (t.customdata || []).length))"
         " || document.body.innerText.includes('took too long'); }")


def launch_chromium(p, **kwargs):
    """Headless Chromium from Debian's package, as the browser tests start it
    (``p`` is a started ``sync_playwright()``).  Also used by bench_app.py."""
    return p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True, **kwargs)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def health(url: str) -> float:
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=120) as r:
            r.read()
    except OSError:
        pass
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repo", type=Path, default=ROOT)
    ap.add_argument("--kb", type=int, default=100)
    a = ap.parse_args()
    from playwright.sync_api import sync_playwright

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                             "--server.port", str(port), "--server.address", "127.0.0.1"],
                            cwd=a.repo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false"))
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                time.sleep(0.3)
        text = "".join(f"Monday {i} " for i in range(a.kb * 1000 // 9))[: a.kb * 1000] + "."
        path = Path(tempfile.mkdtemp()) / "dense.json"
        path.write_text(json.dumps({"id": "dense", "published": "2021-09-30", "text": text}), encoding="utf-8")
        with sync_playwright() as p:
            b = launch_chromium(p)
            page = b.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{url}/?input=upload", wait_until="domcontentloaded")
            page.locator(INPUT).wait_for(state="attached", timeout=60_000)
            lat: list[float] = []
            stop = threading.Event()

            def poll():
                while not stop.is_set():
                    lat.append(health(url))
                    time.sleep(0.05)

            th = threading.Thread(target=poll, daemon=True)
            t0 = time.perf_counter()
            page.locator(INPUT).set_input_files([path])
            th.start()
            page.wait_for_function(DRAWN, timeout=300_000)
            done = time.perf_counter() - t0
            stop.set()
            th.join()
            b.close()
        lat.sort()
        print(f"{a.repo}: {a.kb} KB of dense dates; drawn after {done:.1f} s; health answers: {len(lat)}, "
              f"median {lat[len(lat) // 2] * 1000:.0f} ms, slowest {lat[-1] * 1000:.0f} ms")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
