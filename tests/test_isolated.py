"""pipeline.isolated: the events stage in worker processes, within a time budget."""
from __future__ import annotations

import time
from datetime import date

from pipeline.events import build_events
from pipeline.isolated import build_events_isolated, run_isolated
from pipeline.model import Article


def arts(n=12):
    return [Article(f"a{i}", f"Crew {i} sailed on Monday and will return next week.", date(2021, 9, 30),
                    path=f"a{i}.txt") for i in range(n)]


def test_same_events_as_in_process():
    problems: list = []
    assert build_events_isolated(arts(), problems=problems) == build_events(arts())
    assert problems == []


def test_work_over_budget_is_stopped_and_the_rest_kept():
    # The second chunk sleeps far longer than the budget: it is stopped, the first is kept.
    # (The budget leaves room for starting the fork server on a loaded machine: 3 s
    # was once too little for the first chunk under a load of 5 on 2 cores.)
    got = run_isolated(time.sleep, [0.0, 600.0], budget=8.0, workers=2)
    assert got.timed_out == [1]
    assert got.results[0] is None  # time.sleep's own result: it finished


def test_articles_over_budget_are_named_each_in_one_line():
    problems: list = []
    undated = Article("u", "They met on Monday.", None, path="u.txt")
    events = build_events_isolated(arts(4) + [undated], budget=0.0, problems=problems)
    assert events == []
    msgs = [str(p) for p in problems]
    assert any("u.txt" in m and "no publication date" in m for m in msgs)
    assert sum("took too long" in m for m in msgs) == 4 and all("\n" not in m for m in msgs)
