#!/usr/bin/env python3
"""Accuracy of the tagger on a TimeML corpus, scored with the TempEval-3 scorer.

    python benchmarks/bench_accuracy.py                       # TBAQ from ../shared/eval
    python benchmarks/bench_accuracy.py --errors 40           # show errors too
    python benchmarks/bench_accuracy.py --peer                # also score dateparser's search_dates
    python benchmarks/bench_accuracy.py --case lower          # the same texts lower-cased (or upper)
    python benchmarks/bench_accuracy.py --all                 # every English development set, one table
    python benchmarks/bench_accuracy.py --gold ../shared/eval/frtb-dev --lang fr --peer   # French TimeBank

It runs exactly the path used for acceptance: the corpus is turned into article
records by ``eval/timeml.py --articles``, tagged by ``python -m pipeline tag --jsonl``,
and scored by ``eval/score.py``.  The corpus is read in place and never copied.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


def search_dates_predictions(articles: Path, out: Path, lang: str = "en") -> None:
    """dateparser's search_dates as a peer: every date string it finds, as a DATE."""
    from dateparser.search import search_dates
    from datetime import datetime
    with articles.open() as f, out.open("w") as w:
        for line in f:
            rec = json.loads(line)
            base = datetime.fromisoformat(rec["published"][:10])
            text = rec["text"]
            found = search_dates(text, languages=[lang], settings={"RELATIVE_BASE": base}) or []
            pos = 0
            for s, dt in found:
                i = text.find(s, pos)
                if i < 0:
                    continue
                pos = i + len(s)
                w.write(json.dumps({"doc": rec["id"], "start": i, "end": i + len(s), "text": s,
                                    "type": "DATE", "value": dt.date().isoformat()}) + "\n")


def recase(articles: Path, case: str) -> None:
    """Rewrite the article records with their texts in ``case``, offsets unchanged."""
    def one(c: str) -> str:
        d = c.lower() if case == "lower" else c.upper()
        return d if len(d) == 1 else c
    recs = [json.loads(line) for line in articles.read_text(encoding="utf-8").splitlines() if line.strip()]
    with articles.open("w", encoding="utf-8") as w:
        for rec in recs:
            rec["text"] = "".join(one(c) for c in rec["text"])
            w.write(json.dumps(rec) + "\n")


#: (name, corpus folder under ../shared/eval, case, what counts there)
ALL_SETS = [("TBAQ as written", "tbaq", None, "value"), ("TBAQ lower-cased", "tbaq", "lower", "value"),
            ("TBAQ upper-cased", "tbaq", "upper", "value"), ("WikiWars dev (histories)", "wikiwars-dev", None, "value"),
            ("tweets dev", "tweets-dev", None, "spans and type: values follow the annotators' own habits")]


def score_all(eval_dir: Path) -> int:
    """Every English development set through the acceptance path, one row each."""
    rows = []
    for name, folder, case, counts in ALL_SETS:
        gold = eval_dir / folder
        if not gold.is_dir():
            rows.append(f"| {name} | (not found: {gold}) | | | | |")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            arts, pred = Path(tmp) / "articles.jsonl", Path(tmp) / "pred.jsonl"
            run([sys.executable, str(eval_dir / "timeml.py"), str(gold), "--articles", str(arts)])
            if case:
                recase(arts, case)
            with pred.open("w") as out:
                subprocess.run([sys.executable, "-m", "pipeline", "tag", "--jsonl", str(arts)],
                               check=True, stdout=out, cwd=ROOT)
            sc = json.loads(run([sys.executable, str(eval_dir / "score.py"), "--gold", str(gold), "--pred",
                                 str(pred), "--json"]).stdout)["scores"]
        rows.append(f"| {name} | {sc['strict']['F1']:.2f} | {sc['relaxed']['F1']:.2f} | {sc['type']['F1']:.2f} | "
                    f"{sc['value']['F1']:.2f} | {counts} |")
    print("| set | strict F1 | relaxed F1 | type F1 | value F1 | what counts |")
    print("|---|---:|---:|---:|---:|---|")
    print("\n".join(rows))
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=EVAL / "tbaq", help="TimeML corpus folder (default: ../shared/eval/tbaq)")
    ap.add_argument("--eval", type=Path, default=EVAL, help="folder with timeml.py and score.py")
    ap.add_argument("--errors", type=int, default=0, help="print this many errors of each kind")
    ap.add_argument("--peer", action="store_true", help="also score dateparser.search_dates (slow)")
    ap.add_argument("--keep", type=Path, help="keep the predictions in this file")
    ap.add_argument("--lang", help="the corpus's language, given to the tagger (--lang) and to the peer "
                                   "(languages=[...]); default: detected per document, and English for the peer")
    ap.add_argument("--case", choices=("lower", "upper"),
                    help="tag the texts lower- or upper-cased (gold offsets kept: a character whose "
                         "case change would change the length is left as it is)")
    ap.add_argument("--all", action="store_true",
                    help="score every English development set in one run (TBAQ as written, lower- and "
                         "upper-cased; WikiWars dev; tweets dev) and print one table")
    args = ap.parse_args()
    if args.all:
        return score_all(args.eval)
    with tempfile.TemporaryDirectory() as tmp:
        arts = Path(tmp) / "articles.jsonl"
        run([sys.executable, str(args.eval / "timeml.py"), str(args.gold), "--articles", str(arts)])
        if args.case:
            recase(arts, args.case)
        pred = args.keep or Path(tmp) / "pred.jsonl"
        with pred.open("w") as out:
            subprocess.run([sys.executable, "-m", "pipeline", "tag", "--jsonl", str(arts)]
                           + (["--lang", args.lang] if args.lang else []), check=True, stdout=out, cwd=ROOT)
        score = [sys.executable, str(args.eval / "score.py"), "--gold", str(args.gold), "--pred", str(pred)]
        if args.errors:
            score += ["--errors", str(args.errors)]
        print("== Chronicle (python -m pipeline tag --jsonl)")
        print(run(score).stdout)
        if args.peer:
            peer = Path(tmp) / "peer.jsonl"
            search_dates_predictions(arts, peer, args.lang or "en")
            print("== dateparser.search_dates (peer)")
            print(run([sys.executable, str(args.eval / "score.py"), "--gold", str(args.gold), "--pred", str(peer)]).stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
