#!/usr/bin/env python3
"""Speed on hostile text: repeated phrases, punctuation runs, long lines, dense dates.

    python benchmarks/bench_adversarial.py [--sizes 10,100] [--only NAME,...]

Each generator repeats a piece of text up to each size (in KB) and times, in
one process, ``pipeline.tag``, the whole events path for one article
(``events_for_article``: masking, headers, tagging, sentences, titles) and
``clean.mask_headers``.  It prints KB/s per stage and, for the largest size,
how much longer it took than for the next size down (linear text gives the
ratio of the sizes; quadratic gives its square).  Timings are wall clock, best
of ``--repeat`` runs (two).  Nothing here is a test: the figures go to RESULTS-adversarial.md.
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.clean import mask_headers  # noqa: E402
from pipeline.events import events_for_article  # noqa: E402
from pipeline.model import Article  # noqa: E402
from pipeline.tagger import tag  # noqa: E402

PUB = date(2021, 9, 30)

#: name -> (prefix, repeated piece).  Pieces vary a number so that no line is an exact
#: doubled headline (which the cleaner masks whole, hiding the cost).
GENERATORS = {
    "dateline + !": ("LONDON (Reuters) - ", "!"),
    "spaces then colon": ("", " "),
    "clock then spaces": ("10 am", " "),
    "date then blank lines": ("May 3, 2021", " \n"),
    "dots": ("", "."),
    "Monday": ("", "Monday {i} "),
    "10 a.m. Monday,": ("", "10 a.m. Monday, {i} "),
    "January 1,": ("", "January 1, {i} "),
    "the following Monday": ("", "the following Monday {i} "),
    "the summer": ("", "the summer {i} "),
    "Christmas": ("", "Christmas {i} "),
    "the first quarter": ("", "the first quarter {i} "),
    "dated list": ("", "crew {i} sailed on May 2, 2009 and "),
    "header junk": ("", "May 2, 2009; 4:23 pm EDT | "),
    "comment stamps": ("", "At 4:06 pm on 16 Jun 2010, user{i} wrote: "),
}


def make(prefix: str, piece: str, size: int) -> str:
    out, n, i = [prefix], len(prefix), 0
    while n < size:
        p = piece.format(i=i) if "{i}" in piece else piece
        out.append(p)
        n += len(p)
        i += 1
    return "".join(out)[:size]


def best(fn, text: str, repeat: int = 2) -> float:
    t = float("inf")
    for _ in range(repeat):
        a = time.perf_counter()
        fn(text)
        t = min(t, time.perf_counter() - a)
    return t


STAGES = {"tag": lambda t: tag(t, PUB),
          "events": lambda t: events_for_article(Article("x", t, PUB)),
          "headers": mask_headers}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10,100", help="sizes in KB, comma-separated (add 1000 for 1 MB)")
    ap.add_argument("--only", default="", help="generator names, comma-separated")
    ap.add_argument("--repeat", type=int, default=2, help="runs per size, the best kept (default 2)")
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",")]
    names = [n for n in GENERATORS if not a.only or n in a.only.split(",")]
    print(f"{'generator':22s} {'KB':>5s} " + " ".join(f"{s + ' KB/s':>12s}" for s in STAGES))
    for name in names:
        prefix, piece = GENERATORS[name]
        times = {}
        for kb in sizes:
            text = make(prefix, piece, kb * 1000)
            times[kb] = {s: best(fn, text, a.repeat) for s, fn in STAGES.items()}
            print(f"{name:22s} {kb:5d} " + " ".join(f"{kb / max(times[kb][s], 1e-9):12,.0f}" for s in STAGES),
                  flush=True)
        if len(sizes) > 1:
            lo, hi = sizes[-2], sizes[-1]
            ratios = " ".join(f"{s} x{times[hi][s] / max(times[lo][s], 1e-6):.1f}" for s in STAGES)
            print(f"{'':22s} {hi} KB / {lo} KB time: {ratios} (linear: x{hi / lo:.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
