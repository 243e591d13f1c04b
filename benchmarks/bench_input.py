"""Input stage speed: loading, boilerplate masking and sentence splitting.

    python ../shared/eval/timeml.py ../shared/eval/tbaq --articles /tmp/tbaq.jsonl
    python benchmarks/bench_input.py /tmp/tbaq.jsonl [N]

Builds a temporary JSON Lines file of N (default 10,000) records from the
articles file (cycled; dates dropped on every other record, a dateline
prepended on every third, so that dateline detection runs), then times
load_articles, mask_boilerplate and split_sentences over it.  The temporary
file is deleted afterwards; nothing is copied into the repository.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.articles import load_articles  # noqa: E402
from pipeline.clean import mask_boilerplate  # noqa: E402
from pipeline.sentences import split_sentences  # noqa: E402


def main(argv):
    src = argv[1]
    n = int(argv[2]) if len(argv) > 2 else 10000
    with open(src, encoding="utf-8") as fh:
        base = [json.loads(line) for line in fh if line.strip()]
    fd, tmp = tempfile.mkstemp(suffix=".jsonl")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for i in range(n):
                r = dict(base[i % len(base)])
                r["id"] = f"{r.get('id', 'doc')}-{i}"
                if i % 2:
                    r.pop("published", None)
                if i % 3 == 0:
                    r["text"] = "Published: 30 September 2021\n\n" + r["text"]
                out.write(json.dumps(r) + "\n")
        size = os.path.getsize(tmp)
        t0 = time.perf_counter()
        loaded = load_articles(tmp)
        t1 = time.perf_counter()
        masked = [mask_boilerplate(a.text) for a in loaded]
        t2 = time.perf_counter()
        nsent = sum(len(split_sentences(m)) for m in masked)
        t3 = time.perf_counter()
    finally:
        os.unlink(tmp)
    mb = size / 1e6
    tmb = sum(len(a.text.encode("utf-8")) for a in loaded) / 1e6
    print(f"{len(loaded)} articles ({mb:.1f} MB of JSON Lines, {tmb:.1f} MB of text), {len(loaded.undated)} undated, "
          f"{sum(a.date_source == 'detected' for a in loaded)} dates detected, {len(loaded.problems)} problems")
    print(f"load_articles:    {t1 - t0:6.2f} s  {mb / (t1 - t0):6.2f} MB/s")
    print(f"mask_boilerplate: {t2 - t1:6.2f} s  {tmb / (t2 - t1):6.2f} MB/s of text")
    print(f"split_sentences:  {t3 - t2:6.2f} s  {tmb / (t3 - t2):6.2f} MB/s of text  ({nsent} sentences)")


if __name__ == "__main__":
    main(sys.argv)
