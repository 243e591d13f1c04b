#!/usr/bin/env python3
"""The event store at archive scale: a synthetic archive, throughput, memory, size, queries.

    python benchmarks/bench_store.py generate --articles 100000 --out /tmp/archive-src   # JSONL shards
    python benchmarks/bench_store.py write --src /tmp/archive-src --out /tmp/archive [--engine dask]
    python benchmarks/bench_store.py query --store /tmp/archive
    python benchmarks/bench_store.py throughput --src /tmp/archive-src --articles 4000

``generate`` re-dates and recombines real texts, Timeline17's development
articles (``../shared/eval/t17-dev``, read in place): each synthetic article
takes the paragraphs of two real ones, is published on a day spread over ten
years, and has every year written in its text moved by the same number of years
as its publication date, so its dates stay as close to it as the original's
were. Nothing is copied into the repository; the shards go where ``--out`` says.

``write`` runs ``python -m pipeline events SHARDS --out STORE`` as a user would
and reports articles/s and the peak memory of the whole process tree.
``throughput`` does so for the single-process engine (``-j 1``), the local pool
(``-j 2``) and Dask with one and with two workers, on the same articles, in the
same run. ``query`` times three DuckDB queries on the store: a one-month window,
a text search and the per-day aggregate over the whole store.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
T17 = ROOT.parent / "shared" / "eval" / "t17-dev"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

OUTLETS = {"H1N1_bbc": "BBC", "H1N1_guardian": "Guardian", "H1N1_reuters": "Reuters", "bpoil_bbc": "BBC",
           "bpoil_foxnews": "Fox News", "bpoil_guardian": "Guardian", "bpoil_reuters": "Reuters",
           "bpoil_washingtonpost": "Washington Post"}
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-2]\d)\b")


def real_articles() -> list[dict]:
    from bench_story import detokenise
    out, seen = [], set()
    for topic, outlet in sorted(OUTLETS.items()):
        with open(T17 / topic / "articles.jsonl", encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                text = detokenise(rec.get("text") or "")
                if rec["id"] in seen or not text.strip():
                    continue
                seen.add(rec["id"])
                out.append({"published": date.fromisoformat(rec["published"][:10]), "source": outlet,
                            "paragraphs": [p for p in re.split(r"\n\s*\n|\n", text) if p.strip()]})
    return out


def generate(n: int, out: Path, years: int = 10, shard: int = 10_000, seed: int = 11) -> None:
    rng = random.Random(seed)
    real = real_articles()
    first = date(2010, 1, 1)
    span = years * 365
    out.mkdir(parents=True, exist_ok=True)
    files = {}
    for i in range(n):
        a, b = rng.choice(real), rng.choice(real)
        day = first + timedelta(days=rng.randrange(span))
        shift = day.year - a["published"].year
        cut_a = max(1, len(a["paragraphs"]) // 2)
        paras = a["paragraphs"][:cut_a] + b["paragraphs"][len(b["paragraphs"]) // 2:]
        text = "\n\n".join(paras)
        text = _YEAR.sub(lambda m: str(int(m.group()) + shift), text)
        k = i // shard
        if k not in files:
            files[k] = open(out / f"articles-{k:03d}.jsonl", "w", encoding="utf-8")
        files[k].write(json.dumps({"id": f"syn-{i:07d}", "published": day.isoformat(), "source": a["source"],
                                   "title": "", "text": text}) + "\n")
    for f in files.values():
        f.close()
    print(f"wrote {n:,} articles over {years} years from {len(real):,} real ones into {len(files)} shard(s) in {out}")


def _run(cmd: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak resident memory (kB) of the command's process tree, stderr."""
    code = ("import resource, subprocess, sys, json\n"
            "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
            "print(json.dumps([p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.stderr[-2000:]]))")
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True, cwd=ROOT)
    took = time.perf_counter() - t0
    rc, rss, err = json.loads(res.stdout.strip().splitlines()[-1])
    if rc != 0:
        raise SystemExit(f"failed ({rc}): {' '.join(cmd)}\n{err}")
    return took, rss, err


def write(src: Path, out: Path, engine: str = "local", workers: int = 2, limit_files=None) -> dict:
    shards = sorted(src.glob("articles-*.jsonl"))[:limit_files]
    n = sum(1 for s in shards for _ in open(s, encoding="utf-8"))
    cmd = [sys.executable, "-m", "pipeline", "events", *map(str, shards), "--out", str(out) + "/", "-j", str(workers)]
    if engine == "dask":
        cmd += ["--engine", "dask"]
    took, rss, err = _run(cmd)
    size = sum(f.stat().st_size for f in out.rglob("*.parquet"))
    events = int(re.search(r"stored (\d+) event", err).group(1))
    return {"engine": engine, "workers": workers, "articles": n, "events": events, "seconds": round(took, 1),
            "articles_per_s": round(n / took, 1), "peak_rss_mb": round(rss / 1024), "store_mb": round(size / 2**20, 1)}


def query(store: Path, repeat: int = 5) -> dict:
    """Best-of-``repeat`` times (ms) of the store's queries, through its index (what every
    write ends with) and through the Parquet files alone (a store whose index is stale)."""
    from pipeline.store import Store, Window
    st = Store(store)
    if not st.index_is_fresh():
        st.build_index()
    out: dict = {}
    for how, con in (("index", st.connect()), ("parquet", st.connect(index=False))):
        n = con.execute("SELECT count(*) FROM events").fetchone()[0]
        mid = con.execute("SELECT quantile_disc(start, 0.5) FROM events WHERE start IS NOT NULL").fetchone()[0]
        d0 = date(mid.year, mid.month, 1)  # the median event's month (a few are dated centuries away)
        d1 = (d0 + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        week = (d0, d0 + timedelta(days=6))

        def timed(fn, times=repeat):
            best = float("inf")
            for _ in range(times):
                t0 = time.perf_counter()
                fn()
                best = min(best, time.perf_counter() - t0)
            return round(best * 1000, 1)

        whole = st.summary(con)
        out[how] = {
            "events": n,
            "month": d0.isoformat()[:7],
            "rows in the month's window (open ranges reach on)": st.count(Window(d0, d1), con),
            "one-month window, count (query command's reading)": timed(lambda: st.count(Window(d0, d1), con)),
            "one-month window, count (app's reading: fit, known side)": timed(
                lambda: st.count(Window(d0, d1, reach=False, fit=True), con)),
            "text search 'vaccine', count": timed(lambda: st.count(Window(text="vaccine"), con)),
            "per-day aggregate, whole store": timed(lambda: st.aggregate(Window(), "day", "precision", con)),
            "per-month aggregate of the publication span (the app's first chart)": timed(lambda: st.aggregate(
                Window(whole["first"], whole["last"], reach=False, fit=True), "month", "precision", con)),
            "a week's events as merged Events (the app's marks)": timed(
                lambda: st.events(Window(*week, reach=False, fit=True), con=con), 1),
            "one-month window as merged Events (Store.query, 1 run)": timed(
                lambda: st.query(start=d0, end=d1), 1) if how == "index" else None,
        }
        con.close()
    return out


#: In-repository articles a replicated store re-dates (no data from ../shared: CI has none).
REPO_ARTICLES = [ROOT / "data" / "nk-hotlines.json"] + [
    ROOT / "tests" / "fixtures" / "articles" / n for n in ("batch.json", "lines.jsonl", "single.json", "storm.txt")]


def replicate(out: Path, events: int = 100_000, years: int = 10, seed: int = 5,
              batch_articles: int = 50_000) -> dict:
    """A store of at least ``events`` events, fast: the in-repository articles are read
    once, then re-published again and again on days drawn over ``years`` years from
    2010, each copy's events moved by as many days as its publication date. For the
    app's tests and first-chart benchmark on big stores, where tagging 100,000
    articles would take 15 minutes; the store is written as ``write_store`` writes
    one (batches, then compaction and the index)."""
    import dataclasses

    from pipeline.articles import load_articles
    from pipeline.events import build_events
    from pipeline.model import Article, Source
    from pipeline.store import Store

    rng = random.Random(seed)
    real = []
    for path in REPO_ARTICLES:
        for a in load_articles(path).articles:
            if a.published is not None:
                evs = [e for e in build_events([a]) if e.start is not None or e.end is not None]
                if evs:
                    real.append((a, evs))
    store = Store(out)
    outlets = ("AP", "Reuters", "BBC", "Guardian", "Le Monde", "NHK", "Al Jazeera", "DW")
    n, i, batch = 0, 0, store._next_batch()
    t0 = time.perf_counter()
    while n < events:
        arts, evs, counts = [], [], {}
        for _ in range(batch_articles):
            base, base_events = real[i % len(real)]
            day = date(2010, 1, 1) + timedelta(days=rng.randrange(years * 365))
            shift = day - (base.published.date() if hasattr(base.published, "date") else base.published)
            aid = f"rep-{i:07d}"
            outlet = outlets[rng.randrange(len(outlets))]
            art = Article(id=aid, text="", published=day, title=base.title or aid, source=outlet,
                          url=f"https://example.org/{aid}")
            arts.append(art)
            for k, e in enumerate(base_events):
                evs.append(dataclasses.replace(
                    e, id=f"{aid}-{k}", article=aid, start=e.start + shift if e.start else None,
                    end=e.end + shift if e.end else None, published=day, source=outlet, url=art.url,
                    sources=(Source(aid, art.title, outlet, art.url, day),)))
            counts[aid] = len(base_events)
            n += len(base_events)
            i += 1
            if n >= events:
                break
        store.write_batch(batch, arts, evs, counts=counts)
        batch += 1
    store.compact()
    store.build_index()
    return {"articles": i, "events": n, "seconds": round(time.perf_counter() - t0, 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--articles", type=int, default=100_000)
    g.add_argument("--years", type=int, default=10)
    g.add_argument("--out", type=Path, required=True)
    w = sub.add_parser("write")
    w.add_argument("--src", type=Path, required=True)
    w.add_argument("--out", type=Path, required=True)
    w.add_argument("--engine", choices=("local", "dask"), default="local")
    w.add_argument("--workers", "-j", type=int, default=2)
    w.add_argument("--shards", type=int, help="only the first N shards")
    q = sub.add_parser("query")
    q.add_argument("--store", type=Path, required=True)
    r = sub.add_parser("replicate", help="a big store fast, from the in-repository articles re-dated")
    r.add_argument("--events", type=int, default=1_000_000)
    r.add_argument("--out", type=Path, required=True)
    t = sub.add_parser("throughput")
    t.add_argument("--src", type=Path, required=True)
    t.add_argument("--articles", type=int, default=4000)
    args = ap.parse_args()
    if args.cmd == "generate":
        generate(args.articles, args.out, args.years)
    elif args.cmd == "write":
        print(json.dumps(write(args.src, args.out, args.engine, args.workers, args.shards)))
    elif args.cmd == "replicate":
        print(json.dumps(replicate(args.out, args.events)))
    elif args.cmd == "query":
        print(json.dumps(query(args.store), indent=1))
    else:
        import shutil
        import tempfile
        tmp = Path(tempfile.mkdtemp(prefix="chronicle-tp-"))
        (tmp / "src").mkdir()
        with open(sorted(args.src.glob("articles-*.jsonl"))[0], encoding="utf-8") as f, \
                open(tmp / "src" / "articles-000.jsonl", "w", encoding="utf-8") as g_:
            for i, line in enumerate(f):
                if i == args.articles:
                    break
                g_.write(line)
        for engine, workers in (("local", 1), ("local", 2), ("dask", 1), ("dask", 2)):
            out = tmp / f"store-{engine}-{workers}"
            print(json.dumps(write(tmp / "src", out, engine, workers)), flush=True)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
