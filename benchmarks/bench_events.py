#!/usr/bin/env python3
"""Throughput of build_events on many articles.

    python benchmarks/bench_events.py [--n 10000] [--workers 2] [--tbaq ../shared/eval/tbaq]

The articles are the TBAQ texts (TimeML, research-only: read in place from
the shared evaluation folder through its own reader, never copied), repeated
until there are N of them, each copy with its own id and a publication date
shifted by a few days from the document's creation time, so the relative
expressions resolve differently.  Prints articles per second, events, and
the time with and without merging.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.events import build_events, merge_events  # noqa: E402
from pipeline.model import Article  # noqa: E402
from pipeline.published import parse_published  # noqa: E402

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"  # ../shared beside the repository


def load_docs(tbaq: Path):
    sys.path.insert(0, str(EVAL))
    from timeml import read_corpus  # the corpus's own reader, read in place
    docs = []
    for d in read_corpus(tbaq):
        try:
            pub = parse_published((d.dct or "")[:10])
        except ValueError:
            continue
        docs.append((d.doc_id, d.text, pub))
    return docs


def make_articles(docs, n: int) -> list[Article]:
    out = []
    for i in range(n):
        doc_id, text, pub = docs[i % len(docs)]
        copy = i // len(docs)
        out.append(Article(id=f"{doc_id}#{copy}", text=text, published=pub + timedelta(days=copy % 30),
                           title=doc_id, source="TBAQ"))
    return out


def breakdown(arts) -> None:
    """CPU seconds per stage (time.process_time, so other load on the machine does not count)."""
    from pipeline.clean import mask_boilerplate
    from pipeline.events import events_from_timexes
    from pipeline.sentences import split_sentences
    from pipeline.tagger import tag
    clock = time.process_time
    t = clock()
    masked = [mask_boilerplate(a.text) for a in arts]
    t_mask, t = clock() - t, clock()
    spans = [split_sentences(m) for m in masked]
    t_split, t = clock() - t, clock()
    tags = [tag(m, a.published) for m, a in zip(masked, arts)]
    t_tag, t = clock() - t, clock()
    n = sum(len(events_from_timexes(a, tl, sp, text=m)) for a, tl, sp, m in zip(arts, tags, spans, masked))
    t_ev = clock() - t
    total = t_mask + t_split + t_tag + t_ev
    k = len(arts)
    print(f"CPU per article over {k} articles ({n} events): mask {1000 * t_mask / k:.2f} ms, "
          f"sentences {1000 * t_split / k:.2f} ms, tag {1000 * t_tag / k:.2f} ms, "
          f"events {1000 * t_ev / k:.2f} ms; total {1000 * total / k:.2f} ms "
          f"({100 * t_tag / total:.0f}% tagging)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--tbaq", type=Path, default=EVAL / "tbaq")
    ap.add_argument("--breakdown", type=int, default=500, metavar="K",
                    help="also time each stage in CPU seconds on K articles in this process (0: skip)")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    docs = load_docs(args.tbaq)
    arts = make_articles(docs, args.n)
    chars = sum(len(a.text) for a in arts)
    print(f"{len(docs)} TBAQ documents -> {len(arts)} articles, {chars / 1e6:.1f}M characters "
          f"(prepared in {time.perf_counter() - t0:.1f} s); {os.cpu_count()} cores, {args.workers} workers")

    if args.breakdown:
        breakdown(arts[:args.breakdown])

    cpu0 = os.times()
    t0 = time.perf_counter()
    raw = build_events(arts, merge=False, workers=args.workers)
    t_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    merged = merge_events(raw)
    t_merge = time.perf_counter() - t0
    print(f"build_events(merge=False, workers={args.workers}): {t_build:.1f} s, "
          f"{len(arts) / t_build:.0f} articles/s, {len(raw)} events")
    print(f"merge_events: {t_merge:.1f} s, {len(merged)} events after merging")
    cpu1 = os.times()
    cpu = (cpu1.user + cpu1.system + cpu1.children_user + cpu1.children_system
           - cpu0.user - cpu0.system - cpu0.children_user - cpu0.children_system)
    print(f"CPU time (this process + workers): {cpu:.1f} s = {1000 * cpu / len(arts):.1f} ms per article; "
          f"on {args.workers} idle cores that is about {cpu / args.workers:.0f} s of wall time")
    total = t_build + t_merge
    per10k = total * 10_000 / len(arts)
    print(f"total: {total:.1f} s for {len(arts)} articles = {len(arts) / total:.0f} articles/s; "
          f"10,000 articles: {per10k:.0f} s wall ({'under' if per10k < 60 else 'OVER'} the one-minute goal)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
