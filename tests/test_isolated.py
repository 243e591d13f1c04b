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


def test_workers_never_run_the_parents_main_module(tmp_path):
    """The app's script is the main module of the server's process: a worker must not run
    it again (multiprocessing's rule for new processes), only the pipeline's function."""
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    marker = tmp_path / "main-ran"
    main = tmp_path / "main_script.py"
    main.write_text(
        "import os, sys\n"
        f"sys.path.insert(0, {str(root)!r})\n"
        "if __name__ != '__main__':  # run again in a worker, as __mp_main__\n"
        f"    open({str(marker)!r}, 'a').write(str(os.getpid()) + '\\n')\n"
        "from datetime import date\n"
        "from pipeline.isolated import build_events_isolated\n"
        "from pipeline.model import Article\n"
        "if __name__ == '__main__':\n"
        "    arts = [Article(f'a{i}', f'Crew {i} sailed on Monday.', date(2021, 9, 30)) for i in range(8)]\n"
        "    events = build_events_isolated(arts, workers=2)\n"
        "    print(len({s.article for e in events for s in e.sources}))\n", encoding="utf-8")
    out = subprocess.run([sys.executable, str(main)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) == 8  # the workers read every article...
    assert not marker.exists(), marker.read_text()  # ...without running the main module
