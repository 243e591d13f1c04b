#!/usr/bin/env python3
"""Accuracy on news written for testing, with gold TIMEX3 decided before the tagger ran.

    python benchmarks/bench_unseen.py                      # both sets
    python benchmarks/bench_unseen.py benchmarks/unseen/blind30.jsonl --errors

The sets (``benchmarks/unseen/``, JSON Lines of ``{"id", "style", "published",
"text", "gold": [{"start", "end", "text", "type", "value"}]}``) are original
wire-style articles written for this project, so unlike TBAQ they may live in
the repository.  ``blind30`` (30 articles in six styles) and ``timebank30``
(30 articles in the style of the TempEval-3 data: WSJ 1989-91, 1996-2000
newswire, 1998 broadcast transcripts), ``long12`` (12 long stories that
develop over several days) and ``mixed20`` (20 articles, seven subjects) were
each scored once, blind, before any fix they prompted; ``articles35`` (35 articles) was used to find bugs.  All are
development data now; the first scores are the honest generalisation figures
(RESULTS-accuracy.md).

Tagging goes through the acceptance path, ``python -m pipeline tag --jsonl``.
Scoring follows the TempEval-3 definitions: strict match = same offsets;
relaxed = overlapping spans paired one to one (largest overlap first); type
and value accuracy over relaxed pairs; attribute F1 = accuracy x relaxed F1.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = [ROOT / "benchmarks" / "unseen" / name
        for name in ("blind30.jsonl", "timebank30.jsonl", "long12.jsonl", "mixed20.jsonl", "articles35.jsonl")]


def tag_records(records: list[dict]) -> dict[str, list[dict]]:
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp) / "in.jsonl"
        inp.write_text("".join(json.dumps({"id": r["id"], "text": r["text"], "published": r["published"]}) + "\n"
                               for r in records), encoding="utf-8")
        out = subprocess.run([sys.executable, "-m", "pipeline", "tag", "--jsonl", str(inp)], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
    found: dict[str, list[dict]] = defaultdict(list)
    for line in out.splitlines():
        t = json.loads(line)
        found[t["doc"]].append(t)
    return found


def pair(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs of overlapping spans, the largest overlap first."""
    cands = sorted(((min(g["end"], p["end"]) - max(g["start"], p["start"]), i, j)
                    for i, g in enumerate(gold) for j, p in enumerate(pred)
                    if min(g["end"], p["end"]) > max(g["start"], p["start"])), key=lambda c: (-c[0], c[1], c[2]))
    used_g, used_p, out = set(), set(), []
    for _ov, i, j in cands:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j))
    return out


def f1(tp: float, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(records: list[dict], found: dict[str, list[dict]], errors: bool) -> dict[str, dict]:
    counts: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for r in records:
        gold, pred = r["gold"], found.get(r["id"], [])
        pairs = pair(gold, pred)
        for key in ("ALL", r.get("style") or "-"):
            c = counts[key]
            c["gold"] += len(gold)
            c["pred"] += len(pred)
            c["relaxed"] += len(pairs)
            c["strict"] += sum(gold[i]["start"] == pred[j]["start"] and gold[i]["end"] == pred[j]["end"] for i, j in pairs)
            c["type"] += sum(gold[i]["type"] == pred[j]["type"] for i, j in pairs)
            c["value"] += sum(gold[i]["value"] == pred[j]["value"] for i, j in pairs)
        if errors:
            paired_g, paired_p = {i for i, _ in pairs}, {j for _, j in pairs}
            for i, j in pairs:
                if gold[i]["value"] != pred[j]["value"]:
                    print(f"  {r['id']} value: {gold[i]['text']!r} gold {gold[i]['value']} | got {pred[j]['text']!r} {pred[j]['value']}")
            for i, g in enumerate(gold):
                if i not in paired_g:
                    print(f"  {r['id']} missed: {g['text']!r} {g['type']} {g['value']}")
            for j, p in enumerate(pred):
                if j not in paired_p:
                    print(f"  {r['id']} spurious: {p['text']!r} {p['type']} {p['value']}")
    return counts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path, help="sets to score (default: both in benchmarks/unseen)")
    ap.add_argument("--errors", action="store_true", help="list every disagreement")
    args = ap.parse_args()
    for path in args.files or SETS:
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        counts = score(records, tag_records(records), args.errors)
        print(f"== {path.name}: {len(records)} articles, {counts['ALL']['gold']} gold TIMEX3")
        print(f"{'set':<16}{'gold':>6}{'pred':>6}{'strict F1':>11}{'relaxed F1':>12}{'type F1':>9}{'value F1':>10}{'value acc':>11}")
        for key in ["ALL"] + sorted(k for k in counts if k not in ("ALL", "-")):
            c = counts[key]
            strict = f1(c["strict"], c["pred"], c["gold"])[2]
            relaxed = f1(c["relaxed"], c["pred"], c["gold"])[2]
            acc_t = c["type"] / c["relaxed"] if c["relaxed"] else 0.0
            acc_v = c["value"] / c["relaxed"] if c["relaxed"] else 0.0
            print(f"{key:<16}{c['gold']:>6}{c['pred']:>6}{100 * strict:>11.1f}{100 * relaxed:>12.1f}"
                  f"{100 * acc_t * relaxed:>9.1f}{100 * acc_v * relaxed:>10.1f}{100 * acc_v:>11.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
