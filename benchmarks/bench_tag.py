"""Speed of ``pipeline.tag`` against ``dateparser.search.search_dates``.

Both run in one process over the same texts, each with the article's
publication date as its anchor (``search_dates`` gets it as
``settings={"RELATIVE_BASE": ...}`` and ``languages=["en"]``, so neither
side pays for language detection or reads the clock).  Each tool is warmed
up once, then timed over the whole set ``--repeat`` times, the two tools
alternating run after run; each one's best wall time counts.

    python benchmarks/bench_tag.py                      # TBAQ, read in place
    python benchmarks/bench_tag.py --quick              # first 25 documents
    python benchmarks/bench_tag.py --articles /tmp/tbaq.jsonl --repeat 5
    python benchmarks/bench_tag.py ../shared/eval/frtb-dev --lang fr   # French, against languages=["fr"]

The texts are read at run time from ``../shared/eval/tbaq`` through
``../shared/eval/timeml.py`` (``read_corpus``), or from an article JSONL
file (``{"id", "text", "published"}`` per line, as written by
``timeml.py --articles``).  Nothing is copied into the repository.
Prints characters per second for each tool and the ratio.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline import tag  # noqa: E402
from pipeline.published import as_datetime, parse_published  # noqa: E402

_SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"  # ../shared beside the repository
DEFAULT_TBAQ = str(_SHARED / "tbaq")
DEFAULT_TIMEML = str(_SHARED / "timeml.py")


def load_tbaq(path: str, timeml_py: str) -> list[tuple[str, str, object]]:
    spec = importlib.util.spec_from_file_location("timeml", timeml_py)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the TimeML reader {timeml_py}")
    timeml = importlib.util.module_from_spec(spec)
    sys.modules["timeml"] = timeml  # dataclasses look the module up by name
    spec.loader.exec_module(timeml)
    docs = timeml.read_corpus(path)
    return [(d.doc_id, d.text, d.dct) for d in docs]


def load_articles(path: str) -> list[tuple[str, str, object]]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                print(f"{path}:{lineno}: skipped, not JSON ({exc.msg})", file=sys.stderr)
                continue
            out.append((str(rec.get("id", lineno)), rec.get("text") or "", rec.get("published")))
    return out


def prepare(records):
    """Keep records with text and a readable publication date; say what was dropped."""
    docs, dropped = [], 0
    for doc_id, text, published in records:
        try:
            pub = parse_published(published)
        except ValueError:
            dropped += 1
            continue
        if isinstance(text, str) and text.strip():
            docs.append((doc_id, text, pub))
        else:
            dropped += 1
    if dropped:
        print(f"skipped {dropped} record(s) without text or a readable publication date",
              file=sys.stderr)
    return docs


#: The texts' language: given to both tools (``--lang``), so neither pays for detection.
LANG = "en"


def run_ours(docs) -> int:
    return sum(len(tag(text, pub, lang=LANG)) for _, text, pub in docs)


def run_dateparser(docs) -> int:
    from dateparser.search import search_dates
    n = 0
    for _, text, pub in docs:
        found = search_dates(text, languages=[LANG],
                             settings={"RELATIVE_BASE": as_datetime(pub)})
        n += len(found or ())
    return n


def best_time(fn, docs, repeat: int) -> tuple[float, int]:
    found = fn(docs)  # warm-up (imports, caches, compiled patterns)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(docs)
        best = min(best, time.perf_counter() - t0)
    return best, found


def alternating(fns, docs, repeat: int) -> list[tuple[float, int]]:
    """``best_time`` of each of ``fns``, their runs interleaved."""
    found = [fn(docs) for fn in fns]  # warm-up
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn(docs)
            best[i] = min(best[i], time.perf_counter() - t0)
    return list(zip(best, found))


def compare(docs, chars: int, checkout: Path, repeat: int) -> int:
    """This checkout's tagger against another's, run alternately in one process."""
    import shutil
    import tempfile
    src = checkout / "pipeline"
    if not (src / "tagger.py").is_file():
        print(f"{checkout} holds no pipeline/tagger.py", file=sys.stderr)
        return 1
    tmp = Path(tempfile.mkdtemp(prefix="chronicle-against-"))
    shutil.copytree(src, tmp / "against_pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    sys.path.insert(0, str(tmp))
    try:
        other = importlib.import_module("against_pipeline").tag  # its relative imports stay inside it
        run_other = lambda ds: sum(len(other(text, pub)) for _, text, pub in ds)  # noqa: E731
        if LANG != "en":
            print("--against compares English only (an older checkout may not read --lang)", file=sys.stderr)
            return 1
        # this checkout as a caller without --lang uses it: detecting each text's language
        run_this = lambda ds: sum(len(tag(text, pub)) for _, text, pub in ds)  # noqa: E731
        run_other(docs), run_this(docs)  # warm-up
        best_this = best_other = float("inf")
        for _ in range(repeat):
            for fn in (run_this, run_other):
                t0 = time.perf_counter()
                fn(docs)
                took = time.perf_counter() - t0
                if fn is run_this:
                    best_this = min(best_this, took)
                else:
                    best_other = min(best_other, took)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"this checkout   {best_this:8.3f} s  {chars / best_this:12,.0f} chars/s")
    print(f"{checkout}  {best_other:8.3f} s  {chars / best_other:12,.0f} chars/s")
    print(f"ratio: this checkout takes {best_this / best_other:.3f}x the time of {checkout}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", nargs="?", default=DEFAULT_TBAQ,
                    help=f"TimeML directory or .tml file (default {DEFAULT_TBAQ})")
    ap.add_argument("--articles", help="read article JSONL instead of TimeML")
    ap.add_argument("--timeml", default=DEFAULT_TIMEML, help="path of timeml.py")
    ap.add_argument("--quick", action="store_true", help="only the first 25 documents")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per tool (best counts)")
    ap.add_argument("--no-dateparser", action="store_true", help="time pipeline.tag only")
    ap.add_argument("--lang", default="en", help="the texts' language, given to both tools (default en)")
    ap.add_argument("--against", metavar="CHECKOUT",
                    help="also time the tagger of another Chronicle checkout (a git worktree of an older "
                         "commit), interleaved with this one in the same process: on a machine whose speed "
                         "drifts, the fair way to see what a change costs")
    args = ap.parse_args(argv)
    global LANG
    LANG = args.lang

    records = load_articles(args.articles) if args.articles else load_tbaq(args.path, args.timeml)
    docs = prepare(records)
    if args.quick:
        docs = docs[:25]
    if not docs:
        print("no documents to time", file=sys.stderr)
        return 1
    chars = sum(len(text) for _, text, _ in docs)
    source = args.articles or args.path
    print(f"{len(docs)} documents ({LANG}), {chars:,} characters from {source}; "
          f"best of {args.repeat} after one warm-up run")

    if args.against:
        return compare(docs, chars, Path(args.against), args.repeat)
    if args.no_dateparser:
        t_ours, n_ours = best_time(run_ours, docs, args.repeat)
        print(f"pipeline.tag                {t_ours:8.3f} s  {chars / t_ours:12,.0f} chars/s  {n_ours} timexes")
        return 0
    # the two tools alternate, run after run: a machine whose speed drifts slows both alike
    (t_ours, n_ours), (t_dp, n_dp) = alternating((run_ours, run_dateparser), docs, args.repeat)
    print(f"pipeline.tag                {t_ours:8.3f} s  {chars / t_ours:12,.0f} chars/s  "
          f"{n_ours} timexes")
    print(f"dateparser.search_dates     {t_dp:8.3f} s  {chars / t_dp:12,.0f} chars/s  "
          f"{n_dp} dates")
    print(f"ratio: pipeline.tag is {t_dp / t_ours:.1f}x the speed of search_dates")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
