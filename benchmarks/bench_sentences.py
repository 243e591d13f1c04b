"""Sentence splitter: our rules vs pysbd, on tricky cases and on speed.

    python ../shared/eval/timeml.py ../shared/eval/tbaq --articles /tmp/tbaq.jsonl
    python benchmarks/bench_sentences.py /tmp/tbaq.jsonl

Prints, for each splitter, how many tricky cases it gets exactly right and
its throughput (MB/s of text) over the articles file (read in place; nothing
is copied).  pysbd is optional: it is skipped when not installed.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.sentences import split_sentences  # noqa: E402

# (text, expected sentences)
# (text, expected sentences): the same tricky cases as tests/test_sentences.py
CASES = [(c["text"], c["sentences"]) for c in json.loads(
    (Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "sentence_cases.json").read_text(encoding="utf-8"))]


def ours(text):
    return [text[s:e] for s, e in split_sentences(text)]


def make_pysbd():
    try:
        import pysbd
    except ImportError:
        return None
    seg = pysbd.Segmenter(language="en", clean=False, char_span=True)

    def run(text):
        return [text[s.start:s.end].strip() for s in seg.segment(text) if text[s.start:s.end].strip()]
    return run


def main(argv):
    splitters = {"ours": ours}
    p = make_pysbd()
    if p:
        splitters["pysbd"] = p
    texts = []
    if len(argv) > 1:
        with open(argv[1], encoding="utf-8") as fh:
            texts = [json.loads(line)["text"] for line in fh if line.strip()]
    size = sum(len(t.encode("utf-8")) for t in texts)
    for name, fn in splitters.items():
        right = 0
        for text, want in CASES:
            got = fn(text)
            if got == want:
                right += 1
            else:
                print(f"  {name} wrong: {got}")
        line = f"{name}: tricky cases {right}/{len(CASES)}"
        if texts:
            t0 = time.perf_counter()
            n = sum(len(fn(t)) for t in texts)
            dt = time.perf_counter() - t0
            line += f"; {len(texts)} articles, {size / 1e6:.2f} MB, {n} sentences in {dt:.2f} s = {size / 1e6 / dt:.2f} MB/s"
        print(line)


if __name__ == "__main__":
    main(sys.argv)
