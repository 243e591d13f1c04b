"""Run the events stage in worker processes, within a time budget.

    build_events_isolated(articles, *, budget=60.0, workers=2) -> Isolated

The app serves many visitors from one Python process.  Tagging is pure
Python, so a long or hostile text would hold the interpreter lock and stall
every other visitor's page (and the health check).  Here the articles are
tagged in worker processes started from a clean fork server (with the
pipeline preloaded, so a worker starts in milliseconds); the caller only
waits, which frees the lock.  Work still running when the budget is spent is
stopped (its workers are terminated) and each article it held is named as a
problem; everything that finished is kept.

Nothing here imports the UI; the app calls it for visitors' input.
"""
from __future__ import annotations

from functools import partial

import multiprocessing
import time
from multiprocessing import spawn
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional, Sequence

from .model import Article, Event

__all__ = ["build_events_isolated", "run_isolated", "Isolated"]

_CONTEXT = None


def _context():
    """A fork server with the pipeline preloaded (made once per process)."""
    global _CONTEXT
    if _CONTEXT is None:
        ctx = multiprocessing.get_context("forkserver")
        # loaded once in the fork server, so that no worker loads them again (the tagger's
        # rules are compiled at import)
        ctx.set_forkserver_preload(["pipeline.events", "pipeline.tagger", "pipeline.sentences",
                                    "pipeline.isolated"])
        _CONTEXT = _WorkerContext(ctx)
    return _CONTEXT


_WORKER = "chronicle-worker"


class _WorkerContext:
    """The fork server context, whose processes are named as Chronicle's workers."""

    def __init__(self, ctx):
        self._ctx = ctx

    def __getattr__(self, name):
        return getattr(self._ctx, name)

    def Process(self, *args, **kwargs):  # noqa: N802 (multiprocessing's name)
        p = self._ctx.Process(*args, **kwargs)
        p.name = f"{_WORKER}-{p.name}"
        return p


def _preparation_data(name, _original=spawn.get_preparation_data):
    """What a new process is told to set up, without the parent's main module for a
    Chronicle worker.  A process started from the fork server first runs the main module
    of its parent again (multiprocessing's rule, so that functions defined there can be
    unpickled); in the app that module is ``app.py``, so every worker ran the whole app
    script, two CPU-seconds per worker and per upload, before tagging a word.  The
    workers only run functions of ``pipeline``, so they skip it."""
    data = _original(name)
    if str(name).startswith(_WORKER):
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
    return data


if getattr(spawn.get_preparation_data, "__name__", "") != "_preparation_data":
    spawn.get_preparation_data = _preparation_data


@dataclass
class Isolated:
    """What came back: the results in input order (None where none came back),
    and the indexes of the items that ran out of time."""

    results: list = field(default_factory=list)
    timed_out: list[int] = field(default_factory=list)


def run_isolated(fn: Callable, chunks: Sequence, *, budget: float, workers: int = 2) -> Isolated:
    """``fn(chunk)`` for each chunk in worker processes; stop what is left after ``budget`` s.

    ``fn`` must be a module-level function (it is sent to the workers by name).
    """
    out = Isolated(results=[None] * len(chunks))
    if not chunks:
        return out
    deadline = time.monotonic() + max(0.0, budget)
    pool = ProcessPoolExecutor(max_workers=max(1, min(workers, len(chunks))), mp_context=_context())
    try:
        futures = {pool.submit(fn, c): i for i, c in enumerate(chunks)}
        pending = set(futures)
        while pending:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            done, pending = wait(pending, timeout=left, return_when=FIRST_COMPLETED)
            for f in done:
                out.results[futures[f]] = f.result()
        out.timed_out = sorted(futures[f] for f in pending)
    finally:
        if out.timed_out:
            for p in list(getattr(pool, "_processes", {}).values()):
                p.terminate()  # stop the runaway work now; nobody waits for it
        pool.shutdown(wait=not out.timed_out, cancel_futures=True)
    return out


def _events_chunk(articles: list[Article], genre: Optional[str] = None,
                  lang: Optional[str] = None) -> list[tuple[list[Event], Optional[str]]]:
    from .events import _chunk_events
    return _chunk_events(articles, genre, lang)


def build_events_isolated(articles: Iterable[Article], *, budget: float = 60.0, workers: int = 2,
                          problems: Optional[list] = None, lang: Optional[str] = None) -> list[Event]:
    """``build_events(articles)`` computed in worker processes within ``budget`` seconds.

    Undated articles, failed articles and articles whose turn did not come
    before the budget ran out are each named in ``problems`` (as by
    :func:`pipeline.build_events`); the events of all the others are merged
    and returned.
    """
    from .events import _problem, collect_events, dated_articles, merge_events
    dated = dated_articles(articles, problems)
    size = max(1, min(25, len(dated) // (workers * 4) or 1))
    chunks = [dated[i:i + size] for i in range(0, len(dated), size)]
    got = run_isolated(partial(_events_chunk, lang=lang) if lang else _events_chunk, chunks, budget=budget,
                       workers=workers)
    results = []
    for chunk, res in zip(chunks, got.results):
        if res is None and problems is not None:
            problems.extend(_problem(a.path or a.id, f"article {a.id!r} took too long (over "
                                                     f"{budget:g} s for this batch); skipped") for a in chunk)
        results.extend(res if res is not None else [None] * len(chunk))
    return merge_events(collect_events(dated, results, problems))
