"""The event store (issue 11): Parquet by publication month, appended and resumed, read with DuckDB."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

from pipeline import export  # noqa: E402
from pipeline.events import build_events  # noqa: E402
from pipeline.model import Article  # noqa: E402
from pipeline.store import Store, content_hash, write_store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

TEXTS = [
    ("a1", date(2021, 9, 30), "Reuters", "North Korea restored the hotlines on Thursday. Talks resume next week."),
    ("a2", date(2021, 9, 30), "AP", "North Korea restored the hotlines on Thursday, officials said."),
    ("a3", date(2021, 10, 2), "AP", "The drills ended on Friday. Seoul welcomed the move last week."),
    ("a4", date(2021, 11, 5), "BBC", "Officials met in Geneva on Tuesday. The deal was signed in 2019."),
    ("a5", date(2021, 11, 6), "Reuters", "The summit will open on Monday, and the talks have stalled since March."),
    ("a6", date(2022, 1, 10), "AP", "Prices rose over the previous two days in Seoul."),
    ("a7", date(2022, 1, 12), "BBC", "Exports fell in December, the ministry said on Tuesday."),
    ("a8", date(2021, 12, 1), "AP", "Diplomacy has been stalled for years. The border has been closed since March 2020."),
]


def articles(texts=TEXTS):
    return [Article(id=i, text=t, published=p, title=f"Story {i}", source=s, url=f"https://example.org/{i}")
            for i, p, s, t in texts]


def records(events):
    return [json.dumps(r, sort_keys=True) for r in export.event_records(events)]


def test_the_store_reads_back_what_the_single_process_path_gives(tmp_path):
    arts = articles()
    report = write_store(arts, tmp_path / "archive", batch_articles=3)
    assert (report.articles, report.skipped, report.batches) == (8, 0, 3)
    stored = Store(tmp_path / "archive").query()
    assert records(stored) == records(build_events(arts))  # merged across articles, in the same order
    # partitioned by the articles' publication month
    months = sorted(p.name for p in (tmp_path / "archive" / "events").iterdir())
    assert months == ["month=2021-09", "month=2021-10", "month=2021-11", "month=2021-12", "month=2022-01"]


def test_a_second_run_skips_what_is_stored_and_adds_the_rest(tmp_path):
    arts = articles()
    write_store(arts[:4], tmp_path / "a")
    again = write_store(arts, tmp_path / "a")
    assert (again.articles, again.skipped) == (4, 4)
    assert records(Store(tmp_path / "a").query()) == records(build_events(arts))


def test_a_changed_article_is_stored_again_and_the_new_one_wins(tmp_path):
    arts = articles()
    write_store(arts, tmp_path / "a")
    changed = Article(id="a6", text="Prices rose on Wednesday in Seoul.", published=date(2022, 1, 10),
                      title="Story a6", source="AP", url="https://example.org/a6")
    assert content_hash(changed) != content_hash(arts[5])
    report = write_store([changed], tmp_path / "a")
    assert report.articles == 1
    got = [e for e in Store(tmp_path / "a").query() if e.article == "a6"]
    assert [e.expression for e in got] == ["Wednesday"]


def test_a_run_cut_off_midway_loses_nothing_and_duplicates_nothing(tmp_path, monkeypatch):
    arts = articles()
    real = Store.write_batch
    calls = []

    def crash_on_third(self, batch, batch_articles, events, **kw):
        calls.append(batch)
        if len(calls) == 3:
            # the events of the batch reach the disk, then the run dies before its articles do
            import pyarrow as pa
            import pyarrow.parquet as pq
            from pipeline import store as st
            e_schema, _ = st._schemas()
            pub = {a.id: a.published for a in batch_articles}
            rows = [st._event_row(e, pub, batch) for e in events]
            st._write_atomically(pq, pa.Table.from_pylist(rows, schema=e_schema), self.events_dir, "2022-01", batch)
            raise KeyboardInterrupt("simulated")
        return real(self, batch, batch_articles, events, **kw)

    monkeypatch.setattr(Store, "write_batch", crash_on_third)
    with pytest.raises(KeyboardInterrupt):
        write_store(arts, tmp_path / "a", batch_articles=3)
    partial = Store(tmp_path / "a")
    assert sorted(partial.known()) == ["a1", "a2", "a3", "a4", "a5", "a6"]
    assert not {"a7", "a8"} & {e.article for e in partial.query()}  # the orphan events are not read
    monkeypatch.setattr(Store, "write_batch", real)
    resumed = write_store(arts, tmp_path / "a", batch_articles=3)
    assert (resumed.articles, resumed.skipped) == (2, 6)
    assert records(Store(tmp_path / "a").query()) == records(build_events(arts))


def test_a_failing_article_is_named_and_tried_again_next_run(tmp_path, monkeypatch):
    import pipeline.events as ev
    real = ev.events_for_article

    def broken(article, genre=None, lang=None):
        if article.id == "a3":
            raise RuntimeError("simulated")
        return real(article, genre, lang)

    monkeypatch.setattr(ev, "events_for_article", broken)
    problems: list = []
    report = write_store(articles(), tmp_path / "a", problems=problems)
    assert report.articles == 7 and any("a3" in p.message for p in problems)
    monkeypatch.setattr(ev, "events_for_article", real)
    assert write_store(articles(), tmp_path / "a").articles == 1


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "archive"
    write_store(articles(), path, batch_articles=2)
    return Store(path)


def test_a_window_is_the_events_overlapping_its_days(archive):
    everything = archive.query(merge=False)
    lo, hi = date(2021, 10, 1), date(2021, 10, 31)
    got = archive.query(start=lo, end=hi, merge=False)
    day0, day1 = datetime(2021, 10, 1), datetime(2021, 11, 1)  # --to is inclusive
    expected = [e for e in everything if (e.open_start or e.start < day1) and (e.open_end or e.end > day0)]
    assert got and [e.id for e in got] == [e.id for e in expected]
    ancient = {e.id for e in archive.query(start=date(1900, 1, 1), end=date(1900, 1, 1), merge=False)}
    assert ancient == {e.id for e in everything if e.open_start} != set()  # "for years" reaches back
    later = {e.id for e in archive.query(start=date(2030, 1, 1), merge=False)}
    assert later == {e.id for e in everything if e.open_end} != set()  # "since March 2020" forward


def test_words_source_and_limit(archive):
    got = archive.query(text="hotlines restored")
    assert got and all("hotlines" in (e.sentence + e.title).lower() for e in got)
    assert len(got[0].sources) == 2  # a1 and a2 merged
    assert {s.source for e in archive.query(source="bbc") for s in e.sources} >= {"BBC"}
    assert all("BBC" in {s.source for s in e.sources} for e in archive.query(source="BBC"))
    assert len(archive.query(limit=2)) == 2
    assert archive.query(text="100%_no_such") == []  # LIKE wildcards are literal


def test_an_empty_or_new_store_reads_as_empty(tmp_path):
    assert Store(tmp_path / "nothing").query() == []
    assert Store(tmp_path / "nothing").known() == {}


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=cwd)


def test_command_line_events_into_a_store_then_query(tmp_path):
    src = tmp_path / "arts.jsonl"
    src.write_text("".join(json.dumps({"id": i, "published": p.isoformat(), "source": s, "text": t}) + "\n"
                           for i, p, s, t in TEXTS))
    first = run("events", str(src), "--out", str(tmp_path / "archive") + "/", "-j", "1")
    assert first.returncode == 0, first.stderr
    assert "from 8 articles" in first.stderr
    again = run("events", str(src), "--out", str(tmp_path / "archive"), "-j", "1")
    assert "from 0 articles" in again.stderr and "8 already stored" in again.stderr
    out = tmp_path / "nov.jsonl"
    q = run("query", str(tmp_path / "archive"), "--from", "2021-11-01", "--to", "2021-11-30", "--out", str(out))
    assert q.returncode == 0, q.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows and all(r["end"] is None or r["end"] > "2021-11-01" for r in rows)
    assert run("query", str(tmp_path / "archive"), "--from", "nonsense").returncode == 2
    bad = run("query", str(tmp_path))
    assert bad.returncode == 2 and "not an event store" in bad.stderr


def test_each_month_ends_as_one_file_per_table_and_reads_the_same(tmp_path):
    arts = articles()
    write_store(arts[:5], tmp_path / "a", batch_articles=1)
    write_store(arts, tmp_path / "a", batch_articles=1)
    for table in ("events", "articles"):
        for month in (tmp_path / "a" / table).iterdir():
            assert len(list(month.glob("*.parquet"))) == 1, month
    assert records(Store(tmp_path / "a").query()) == records(build_events(arts))


def test_a_compaction_cut_off_midway_reads_the_same(tmp_path, monkeypatch):
    arts = articles()
    store = Store(tmp_path / "a")
    monkeypatch.setattr(Store, "compact", lambda self, months=None: 0)  # leave the batch files
    write_store(arts, tmp_path / "a", batch_articles=1)
    monkeypatch.undo()
    before = records(store.query())
    import os as _os
    real_replace = _os.replace
    calls = []

    def die_before_the_articles_file(src, dst):
        calls.append(dst)
        if "articles" in str(dst):
            raise KeyboardInterrupt("simulated")
        return real_replace(src, dst)

    monkeypatch.setattr("pipeline.store.os.replace", die_before_the_articles_file)
    with pytest.raises(KeyboardInterrupt):
        store.compact()
    monkeypatch.undo()
    assert calls and records(store.query()) == before  # the new events file is in place, unread
    store.compact()
    assert records(store.query()) == before


# ------------------------------------------------------------------ the index, and the app's windows

def test_every_write_ends_with_a_fresh_index_that_reads_as_the_parquet_files(tmp_path):
    arts = articles()
    write_store(arts, tmp_path / "a", batch_articles=3)
    store = Store(tmp_path / "a")
    assert (tmp_path / "a" / "index.duckdb").is_file() and store.index_is_fresh()
    with_index = records(store.query())
    con = store.connect(index=False)  # the Parquet files themselves
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == \
        store.connect().execute("SELECT count(*) FROM events").fetchone()[0]
    (tmp_path / "a" / "index.duckdb").unlink()
    assert not store.index_is_fresh()
    assert records(store.query()) == with_index == records(build_events(arts))


def test_a_stale_index_is_not_read(tmp_path):
    """A run cut off after writing a batch (before its index): queries read the Parquet
    files, which hold the new batch, not the index, which does not."""
    arts = articles()
    write_store(arts[:4], tmp_path / "a")
    store = Store(tmp_path / "a")
    late = arts[4]
    events = build_events([late])
    store.write_batch(store._next_batch(), [late], events, counts={late.id: len(events)})
    assert not store.index_is_fresh()
    assert {e.article for e in store.query(merge=False)} == {a.id for a in arts[:5]}
    store.build_index()
    assert store.index_is_fresh()
    assert {e.article for e in store.query(merge=False)} == {a.id for a in arts[:5]}


def test_the_apps_window_places_an_open_range_at_its_known_side_and_fits_events_in_it(archive):
    from pipeline.store import Window
    store = archive
    # "stalled since March" (a5, published November 2021): an open end
    since = [e for e in store.query(merge=False) if e.article == "a5" and e.open_end]
    assert since, "a5 reads an open range"
    start = since[0].start.date()
    later = (date(2022, 1, 1), date(2022, 1, 31))
    assert any(e.id == since[0].id for e in store.events(Window(*later), merge=False))  # reaches on
    assert not any(e.id == since[0].id for e in store.events(Window(*later, reach=False), merge=False))
    assert any(e.id == since[0].id for e in store.events(Window(start, start, reach=False), merge=False))
    # a year ("in 2019") overlaps a week of 2019, but does not fit in it
    year = [e for e in store.query(merge=False) if e.precision == "year" and e.start.year == 2019]
    assert year
    week = (date(2019, 6, 3), date(2019, 6, 9))
    assert any(e.id == year[0].id for e in store.events(Window(*week, reach=False), merge=False))
    assert not any(e.id == year[0].id for e in store.events(Window(*week, reach=False, fit=True), merge=False))
    assert any(e.id == year[0].id for e in store.events(
        Window(date(2019, 1, 1), date(2019, 12, 31), reach=False, fit=True), merge=False))


def test_counts_per_period_add_up_to_the_window(archive):
    from pipeline.store import Window
    store = archive
    w = Window(date(2021, 9, 1), date(2022, 1, 31), reach=False, fit=True)
    n = store.count(w)
    assert n == len(store.events(w, merge=False)) > 0
    for by in ("precision", "source"):
        rows = store.aggregate(w, "month", by)
        assert sum(r[2] for r in rows) == n
        assert all(date(2021, 9, 1) <= r[0].date() <= date(2022, 1, 31) for r in rows)
    assert {r[1] for r in store.aggregate(w, "week", "source")} <= {"Reuters", "AP", "BBC"}
    # words and filters narrow it the same way everywhere
    words = Window(w.start, w.end, text="HOTLINES", reach=False, fit=True)
    assert store.count(words) == len(store.events(words, merge=False)) == 2
    by_prec = store.aggregate(w, "year", "precision")
    one = by_prec[0][1]
    assert store.count(Window(w.start, w.end, precisions=(one,), reach=False, fit=True)) == \
        sum(r[2] for r in by_prec if r[1] == one)
    with pytest.raises(ValueError):
        store.aggregate(w, "fortnight")


def test_summary_facets_and_articles_of_a_store(archive):
    store = archive
    s = store.summary()
    assert (s["articles"], s["first"], s["last"]) == (8, date(2021, 9, 30), date(2022, 1, 12))
    assert s["events"] == len(store.query(merge=False))
    precisions, sources = store.facets()
    assert dict(sources) == {"AP": 4, "Reuters": 2, "BBC": 2}
    assert sum(n for _p, n in precisions) == s["events"]
    got = store.articles(["a3", "nope"])
    assert list(got) == ["a3"] and got["a3"].title == "Story a3" and got["a3"].published == date(2021, 10, 2)
    assert got["a3"].text == ""  # stored without text unless asked


def test_a_second_writer_stops_at_once_and_writes_nothing(tmp_path):
    import fcntl
    from pipeline.store import StoreBusy
    arts = articles()
    write_store(arts[:2], tmp_path / "a")
    store = Store(tmp_path / "a")
    before = records(store.query())
    with open(tmp_path / "a" / ".lock", "a+") as other:  # another run, mid-write
        fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(StoreBusy, match="another run is writing"):
            write_store(arts, tmp_path / "a")
        proc = subprocess.run([sys.executable, "-m", "pipeline", "events", str(ROOT / "data" / "nk-hotlines.json"),
                               "--out", str(tmp_path / "a") + "/"], capture_output=True, text=True, cwd=ROOT)
        assert proc.returncode == 1
        assert proc.stderr.strip().count("\n") == 0 and "another run is writing" in proc.stderr
        fcntl.flock(other.fileno(), fcntl.LOCK_UN)
    assert records(store.query()) == before
    assert write_store(arts, tmp_path / "a").articles == len(arts) - 2  # free again
    with store.writing():  # the lock is this process's own: writes inside it go on
        assert write_store(arts[:1], tmp_path / "a").skipped == 1


def test_a_command_of_several_inputs_compacts_and_indexes_once_at_its_end(tmp_path, monkeypatch):
    for k, part in enumerate((TEXTS[:4], TEXTS[4:])):
        (tmp_path / f"in-{k}.jsonl").write_text("".join(json.dumps(
            {"id": i, "published": p.isoformat(), "source": s, "title": f"Story {i}", "url": f"https://example.org/{i}",
             "text": t}) + "\n" for i, p, s, t in part))
    proc = subprocess.run([sys.executable, "-m", "pipeline", "events", str(tmp_path / "in-0.jsonl"),
                           str(tmp_path / "in-1.jsonl"), "--out", str(tmp_path / "a") + "/", "-j", "1"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    store = Store(tmp_path / "a")
    assert store.index_is_fresh()
    for table in ("events", "articles"):
        for month in (tmp_path / "a" / table).iterdir():
            assert len(list(month.glob("*.parquet"))) == 1, month
    assert records(store.query()) == records(build_events(articles()))
    # in Python: write several inputs, finish once
    calls = []
    real = Store.build_index
    monkeypatch.setattr(Store, "build_index", lambda self: (calls.append(1), real(self))[1])
    other = Store(tmp_path / "b")
    with other.writing():
        months = set()
        for part in (articles()[:4], articles()[4:]):
            months |= write_store(part, tmp_path / "b", finish=False).months
        assert not calls and not other.index_is_fresh()
        other.finish(months)
    assert calls == [1] and other.index_is_fresh()
    assert records(other.query()) == records(build_events(articles()))
