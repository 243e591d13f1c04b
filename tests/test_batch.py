"""Batch runs on Dask (issue 11): the per-article function over pandas partitions, a real
LocalCluster, and merging across partitions by a shuffle on the merge key."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("dask.distributed")
pd = pytest.importorskip("pandas")

from pipeline import export  # noqa: E402
from pipeline.batch import EVENT_COLUMNS, articles_frame, dask_events, events_of_partition  # noqa: E402
from pipeline.events import build_events  # noqa: E402

from test_store import TEXTS, articles, records  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def test_the_partition_function_is_pure_and_keeps_going_past_a_bad_record():
    frame = articles_frame(articles())
    frame.loc[2, "published"] = "not a date"
    out = events_of_partition(frame)
    assert list(out.columns) == list(EVENT_COLUMNS)
    problems = out[out["problem"].notna()]
    assert list(problems["article"]) == ["a3"] and "publication date" in problems["problem"].iloc[0]
    good = out[out["problem"].isna()]
    assert set(good["article"]) == {"a1", "a2", "a4", "a5", "a6", "a7", "a8"}
    assert events_of_partition(frame).equals(out)  # the same frame gives the same frame


@pytest.fixture(scope="module")
def client():
    from dask.distributed import Client, LocalCluster
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_a_cluster_gives_the_single_process_events_merged_across_partitions(client):
    arts = articles()
    events, problems = dask_events(arts, client=client, partitions=len(arts))  # one article a partition
    assert problems == []
    assert records(events) == records(build_events(arts))
    assert any(len(e.sources) > 1 for e in events)  # a1 and a2 merged from different partitions


def test_without_merging_each_article_keeps_its_events(client):
    arts = articles()
    events, _ = dask_events(arts, client=client, partitions=3, merge=False)
    assert sorted(records(events)) == sorted(records(build_events(arts, merge=False)))


def test_command_line_dask_engine_matches_the_local_one(tmp_path):
    src = tmp_path / "arts.jsonl"
    src.write_text("".join(json.dumps({"id": i, "published": p.isoformat(), "source": s, "text": t}) + "\n"
                           for i, p, s, t in TEXTS))
    run = lambda *a: subprocess.run([sys.executable, "-m", "pipeline", *a], capture_output=True,  # noqa: E731
                                    text=True, cwd=ROOT)
    local = run("events", str(src), "--out", str(tmp_path / "local.jsonl"), "-j", "1")
    # the cluster reads the same articles as Parquet shards, through an fsspec URL's glob
    import pyarrow as pa
    import pyarrow.parquet as pq
    (tmp_path / "shards").mkdir()
    for k in range(2):
        part = TEXTS[k::2]
        pq.write_table(pa.table({"id": [r[0] for r in part], "published": [r[1].isoformat() for r in part],
                                 "source": [r[2] for r in part], "text": [r[3] for r in part]}),
                       tmp_path / "shards" / f"part-{k}.parquet")
    dask = run("events", f"file://{tmp_path}/shards/*.parquet", "--out", str(tmp_path / "dask.jsonl"),
               "--engine", "dask", "-j", "2", "--partitions", "4")
    assert local.returncode == 0 and dask.returncode == 0, dask.stderr
    assert (tmp_path / "dask.jsonl").read_text() == (tmp_path / "local.jsonl").read_text()
    stored = run("events", str(src), "--out", str(tmp_path / "archive"), "--engine", "dask", "-j", "2")
    assert stored.returncode == 0 and "from 8 articles" in stored.stderr, stored.stderr
    q = run("query", str(tmp_path / "archive"))
    assert q.stdout == (tmp_path / "local.jsonl").read_text()
    bad = run("events", str(src), "--out", str(tmp_path / "x.jsonl"), "--scheduler", "tcp://127.0.0.1:1")
    assert bad.returncode == 2 and "--engine dask" in bad.stderr
