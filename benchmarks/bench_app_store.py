#!/usr/bin/env python3
"""The app's first chart on an event store, against a bare Streamlit page in the same run (issue 11).

    python benchmarks/bench_app_store.py --store /tmp/archive1m [--reps 5] [--cold 2]

Starts ``streamlit run app.py -- --store STORE`` and the peer,
``benchmarks/bare_page.py`` (one ``st.plotly_chart``), on free local ports,
and opens new tabs in headless Chromium (bench_app.py's servers, browser and
timing: a new browser context per tab, from ``page.goto`` until the chart's SVG
holds its traces, then until the app is idle), the two pages interleaved:

* **cold**: the first tab after the servers started (``--cold`` restarts): the
  app opens the store's index, reads its summary and counts its whole span;
* **warm**: a new tab later (``--reps``): a new visitor on a running server.

The store's first chart is the counts of its whole publication span per month
(a million events cannot be drawn one by one). Prints one JSON line per tab and
a summary: medians and the ratio to the bare page.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_app import Browser, Server, first_paint  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--cold", type=int, default=2)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    from pipeline.store import Store
    summary = Store(args.store).summary()
    print(json.dumps({"store": str(args.store), **{k: str(v) for k, v in summary.items()}}), flush=True)
    log_dir = Path(tempfile.mkdtemp(prefix="chronicle-bench-store-"))
    times: dict[str, dict[str, list[float]]] = {"app": {"cold": [], "warm": []}, "bare": {"cold": [], "warm": []}}
    with sync_playwright() as p:
        browser = Browser(p)
        try:
            for c in range(max(1, args.cold)):
                app = Server("app.py", log_dir, args=("--store", str(args.store)))
                bare = Server("benchmarks/bare_page.py", log_dir)
                try:
                    app.wait_healthy(), bare.wait_healthy()
                    for name, server in (("app", app), ("bare", bare)):
                        r = first_paint(browser, server)
                        times[name]["cold"].append(r["drawn"])
                        print(json.dumps({"page": name, "tab": "cold", **{k: round(v, 3) for k, v in r.items()}}),
                              flush=True)
                    if c == 0:
                        for _ in range(args.reps):
                            for name, server in (("app", app), ("bare", bare)):
                                r = first_paint(browser, server)
                                times[name]["warm"].append(r["drawn"])
                                print(json.dumps({"page": name, "tab": "warm",
                                                  **{k: round(v, 3) for k, v in r.items()}}), flush=True)
                finally:
                    app.stop()
                    bare.stop()
        finally:
            browser.close()
    out = {}
    for tab in ("cold", "warm"):
        a, b = statistics.median(times["app"][tab]), statistics.median(times["bare"][tab])
        out[tab] = {"app_s": round(a, 2), "bare_s": round(b, 2), "ratio": round(a / b, 2),
                    "app_all": [round(x, 2) for x in times["app"][tab]],
                    "bare_all": [round(x, 2) for x in times["bare"][tab]]}
    print(json.dumps({"summary": out}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
