#!/usr/bin/env python3
"""Story mode on Timeline17: key-date F1 and alignment ROUGE, through the CLI.

    python benchmarks/bench_story.py [--gold ../shared/eval/t17-dev] [--out /tmp/chronicle-story]

For every task that ``tls_score.py --tasks`` lists (one per journalist's
timeline: a topic's articles published in [first gold date, last gold date],
N dates, K sentences a date), this script

1. writes the task's articles to a temporary JSON Lines file, with the
   benchmark's Penn Treebank tokens put back as a reader sees them
   ("-LRB-" -> "(", "`` " -> '"', " n't" -> "n't"; one sentence a line, as given),
2. runs ``python -m pipeline story FILE --from F --to T --dates N --sentences K
   --out OUT/<topic>/<timeline>.json`` and times it (the events included),
3. scores the directory with ``tls_score.py`` (date F1) and ``tls_rouge.py``
   (alignment ROUGE-1/2 F1 of the summaries),

and does the same for the peer in the same run: a plain count of the dated
mentions in Chronicle's events (each article counts once per day named),
with the first sentences naming each day as its summary.  It also times the
story of the largest topic (all H1N1 articles, 405) from articles to file,
beside the ``events`` command on the same file in the same run.

The Timeline17 data are research-only: they are read in place from
``../shared/eval`` and nothing of them is copied into the repository.
Figures go to benchmarks/RESULTS-story.md by hand.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"

_PTB = [(re.compile(r"-LRB-"), "("), (re.compile(r"-RRB-"), ")"), (re.compile(r"-LSB-"), "["),
        (re.compile(r"-RSB-"), "]"), (re.compile(r"-LCB-"), "{"), (re.compile(r"-RCB-"), "}"),
        (re.compile(r"``\s*"), '"'), (re.compile(r"\s*''"), '"'),
        (re.compile(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", re.I), r"\1"),
        (re.compile(r"\( "), "("), (re.compile(r" \)"), ")"),
        (re.compile(r" ([,.;:!?%])"), r"\1"), (re.compile(r"\$ (?=\d)"), "$")]


def detokenise(text: str) -> str:
    """Timeline17's tokenised text as a reader sees it (one sentence a line kept)."""
    lines = []
    for line in text.split("\n"):
        for rx, rep in _PTB:
            line = rx.sub(rep, line)
        lines.append(line.strip())
    return "\n".join(lines)


def tasks(gold: Path) -> list[dict]:
    out = subprocess.run([sys.executable, str(EVAL / "tls_score.py"), "--tasks", "--gold", str(gold)],
                         check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def write_articles(task: dict, path: Path, outlet: str) -> int:
    n = 0
    with open(task["articles"], encoding="utf-8") as src, open(path, "w", encoding="utf-8") as dst:
        for line in src:
            rec = json.loads(line)
            if not (task["from"] <= rec["published"][:10] <= task["to"]):
                continue
            dst.write(json.dumps({"id": rec["id"], "published": rec["published"], "source": outlet,
                                  "text": detokenise(rec["text"])}) + "\n")
            n += 1
    return n


def run_story(inp: Path, out: Path, task: dict) -> float:
    out.parent.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pipeline", "story", str(inp), "--from", task["from"],
                           "--to", task["to"], "--dates", str(task["dates"]),
                           "--sentences", str(task["sentences"]), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    took = time.perf_counter() - t
    if proc.returncode not in (0, 1) or not out.exists():
        raise SystemExit(f"story failed on {task['topic']}: {proc.stderr.strip()[:400]}")
    return took


def peer_count(inp: Path, out: Path, task: dict) -> None:
    """The plain count: days by the number of articles whose events name them."""
    sys.path.insert(0, str(ROOT))
    from datetime import date
    from pipeline.articles import load_articles
    from pipeline.events import build_events
    lo, hi = date.fromisoformat(task["from"]), date.fromisoformat(task["to"])
    votes, first = defaultdict(set), {}
    for e in build_events(load_articles(inp).articles, merge=False):
        if e.start is None or e.grain not in ("day", "time") or e.precision in ("range", "open range"):
            continue
        d = e.start.date()
        if lo <= d <= hi:
            votes[d].add(e.article)
            first.setdefault(d, []).append(" ".join(e.sentence.split()))
    days = sorted(votes, key=lambda d: (-len(votes[d]), d))[:task["dates"]]
    out.parent.mkdir(parents=True, exist_ok=True)
    entries = [{"date": d.isoformat(), "summary": first[d][:task["sentences"]]} for d in sorted(days)]
    out.write_text(json.dumps({"entries": entries}), encoding="utf-8")


def score(pred: Path, gold: Path) -> dict:
    dates = json.loads(subprocess.run([sys.executable, str(EVAL / "tls_score.py"), "--pred", str(pred),
                                       "--gold", str(gold), "--json"],
                                      check=True, capture_output=True, text=True).stdout)
    rouge = subprocess.run([sys.executable, str(EVAL / "tls_rouge.py"), "--pred", str(pred), "--gold", str(gold)],
                           capture_output=True, text=True)
    return {"dates": dates, "rouge": rouge.stdout.strip() or rouge.stderr.strip()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, default=EVAL / "t17-dev")
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "chronicle-story")
    ap.add_argument("--no-peer", action="store_true")
    a = ap.parse_args()
    if not (a.gold / ".").exists():
        raise SystemExit(f"no Timeline17 data at {a.gold}")
    work = Path(tempfile.mkdtemp(prefix="chronicle-t17-"))
    ours, peer = a.out / "chronicle", a.out / "count"
    times = []
    for task in tasks(a.gold):
        inp = work / f"{task['topic']}--{task['timeline']}.jsonl"
        n = write_articles(task, inp, task["topic"].split("_", 1)[-1])
        rel = Path(task["topic"]) / (task["timeline"] + ".json")
        took = run_story(inp, ours / rel, task)
        times.append((task["topic"], n, took))
        print(f"{task['topic']:22s} {task['timeline'][:30]:30s} {n:4d} articles  N={task['dates']:3d} "
              f"K={task['sentences']}  {took:5.1f} s", flush=True)
        if not a.no_peer:
            peer_count(inp, peer / rel, task)
    for name, d in (("chronicle story", ours),) + ((("plain count (peer)", peer),) if not a.no_peer else ()):
        s = score(d, a.gold)
        print(f"\n{name}: date P {s['dates']['P']:.3f} R {s['dates']['R']:.3f} F1 {s['dates']['F1']:.3f}")
        print(s["rouge"])
    # Speed: the largest topic, articles to file.
    big = work / "h1n1-all.jsonl"
    with open(big, "w", encoding="utf-8") as dst:
        for topic in ("H1N1_bbc", "H1N1_guardian", "H1N1_reuters"):
            src = a.gold / topic / "articles.jsonl"
            if src.exists():
                for line in open(src, encoding="utf-8"):
                    rec = json.loads(line)
                    rec["text"] = detokenise(rec["text"])
                    dst.write(json.dumps(rec) + "\n")
    n_big = sum(1 for _ in open(big, encoding="utf-8"))
    if n_big:
        took = {}
        for cmd in ("events", "story", "events", "story"):  # alternate, keep the best of two each
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "pipeline", cmd, str(big), "--out", str(work / f"big-{cmd}.json")],
                           cwd=ROOT, capture_output=True, text=True)
            took[cmd] = min(took.get(cmd, 1e9), time.perf_counter() - t)
        print(f"\nspeed, {n_big} articles from file to file (CLI start-up included, all cores), best of two: "
              f"story {took['story']:.1f} s; the events command alone (the peer) {took['events']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
