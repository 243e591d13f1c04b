"""An event store: a Parquet dataset of events and articles, queried with DuckDB.

    archive/
      articles/month=2009-04/part-000003.parquet   one row per article (no text unless asked)
      events/month=2009-04/part-000003.parquet     one row per event, before merging
      events/month=2009-05/part-000003.parquet

Both tables are partitioned by the article's publication month. Events are
stored as each article gives them; events that several articles report are
merged when a query reads them (``merge_events`` groups by interval, so a
window holds whole groups), which keeps appending cheap and the merge right
whatever order the articles came in.

Writes go in batches. A batch writes its event files first, then its article
files, each to a temporary name renamed into place. An event counts only when
its article's row names the same batch: a run cut off midway leaves at most
event files whose articles are not recorded, which queries ignore and the
next run (``write_store`` again over the same inputs) redoes. Articles already
stored with the same id and the same content hash are skipped; an article
whose text changed is stored again and its newer batch wins.

One writer at a time: a run holds the store's lock (``.lock``), and a second one
stops at once with a clear message. DuckDB reads the dataset in place: nothing
to start. Each write ends with an index (``index.duckdb``) of what queries read.
"""
from __future__ import annotations

import errno
import hashlib
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

from .model import Article, Event

#: The export columns (``export.COLUMNS``) with typed timestamps, and what a store adds.
BATCH_ARTICLES = 500
#: The store's index: a DuckDB file of what queries read (``Store.build_index``).
INDEX = "index.duckdb"
#: What the events view adds to the stored columns: the words searched (title, sentence
#: and expression, in lower case), and the interval with an open side at its known one
#: (a day wide), which the app's windows read.
_COMPUTED = """lower(concat_ws(chr(10), title, sentence, expression)) AS search,
    coalesce(start, "end" - INTERVAL 1 DAY) AS lo, coalesce("end", start + INTERVAL 1 DAY) AS hi"""


def _schemas():
    import pyarrow as pa
    ts = pa.timestamp("us")
    source = pa.struct([("article", pa.string()), ("title", pa.string()), ("source", pa.string()),
                        ("url", pa.string()), ("published", ts)])
    events = pa.schema([("id", pa.string()), ("article", pa.string()), ("title", pa.string()),
                        ("sentence", pa.string()), ("expression", pa.string()), ("value", pa.string()),
                        ("type", pa.string()), ("mod", pa.string()), ("grain", pa.string()),
                        ("start", ts), ("end", ts), ("precision", pa.string()), ("open_start", pa.bool_()),
                        ("open_end", pa.bool_()), ("approximate", pa.bool_()), ("explanation", pa.string()),
                        ("sources", pa.list_(source)), ("published", ts), ("sentence_start", pa.int64()),
                        ("sentence_end", pa.int64()), ("lang", pa.string()), ("batch", pa.int64())])
    articles = pa.schema([("id", pa.string()), ("hash", pa.string()), ("title", pa.string()),
                          ("source", pa.string()), ("url", pa.string()), ("published", ts),
                          ("path", pa.string()), ("events", pa.int64()), ("text", pa.string()),
                          ("batch", pa.int64())])
    return events, articles


def content_hash(article: Article) -> str:
    """What makes an article the same one again: its text and its publication date."""
    h = hashlib.sha256()
    h.update(article.text.encode("utf-8", "surrogatepass"))
    h.update(b"\0" + str(article.published).encode())
    return h.hexdigest()[:32]


def _ts(d: Optional[date | datetime]) -> Optional[datetime]:
    if d is None:
        return None
    if not isinstance(d, datetime):
        return datetime(d.year, d.month, d.day)
    return d.replace(tzinfo=None)


def _month(d: Optional[date | datetime]) -> str:
    return f"{d.year:04d}-{d.month:02d}" if d is not None else "undated"


def is_store(path: str | os.PathLike) -> bool:
    """True for a folder that holds a store, or names one to come: a name without a file
    ending that is no file, or one ending in .parquet."""
    p = Path(path)
    return p.suffix.lower() == ".parquet" or (p.is_dir() and (p / "events").is_dir()) or \
        (not p.suffix and not p.is_file())


class StoreBusy(OSError):
    """Another run holds the store's write lock."""


@dataclass
class WriteReport:
    articles: int = 0   # articles stored by this run
    skipped: int = 0    # already in the store, unchanged
    events: int = 0     # events stored by this run
    batches: int = 0
    months: set = field(default_factory=set)  # the months it wrote to


#: Stores whose write lock this process holds (resolved path -> depth).
_HELD: dict[str, int] = {}


class Store:
    """A store on disk (created when first written)."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.events_dir = self.path / "events"
        self.articles_dir = self.path / "articles"

    # --- reading -------------------------------------------------------------
    def _parquet(self, table: str) -> Optional[str]:
        folder = self.path / table
        if not any(folder.glob("month=*/*.parquet")):
            return None
        return str(folder / "month=*" / "*.parquet").replace("'", "''")

    def signature(self) -> str:
        """A digest of the store's data files (names and sizes): it changes with every write."""
        h = hashlib.sha256()
        for f in sorted(self.path.glob("*/month=*/part-*.parquet")):
            h.update(f"{f.parent.parent.name}/{f.parent.name}/{f.name}:{f.stat().st_size}\n".encode())
        return h.hexdigest()[:32]

    def index_is_fresh(self) -> bool:
        """True when the index (``index.duckdb``) was built from the data files as they are."""
        path = self.path / INDEX
        if not path.is_file():
            return False
        import duckdb
        try:
            con = duckdb.connect(str(path), read_only=True)
            try:
                built = con.execute("SELECT parts FROM meta").fetchone()[0]
            finally:
                con.close()
        except Exception:  # an index from another version, or cut off: read the Parquet files
            return False
        return built == self.signature()

    def connect(self, *, index: bool = True):
        """A DuckDB connection with two views: ``articles`` (the latest stored batch of
        each article) and ``events`` (the events of those batches, with three columns of
        their own: ``search``, their words in lower case, and ``lo``/``hi``, their
        interval with an open side placed at the known one).

        With ``index`` (the default) and an index built from the data files as they are
        (``build_index``, which every write ends with), the connection reads the index:
        a DuckDB file sorted by date, where a window costs milliseconds and a search
        tens of them. Otherwise it reads the Parquet files."""
        import duckdb
        if index and self.index_is_fresh():
            return duckdb.connect(str(self.path / INDEX), read_only=True)
        con = duckdb.connect()
        self._views(con)
        return con

    def _views(self, con, temp: str = "") -> None:
        arts, evs = self._parquet("articles"), self._parquet("events")
        if arts is None or evs is None:
            for sql in _empty_views():
                con.execute(sql.replace("CREATE VIEW", f"CREATE {temp} VIEW"))
            return
        con.execute(f"""CREATE {temp} VIEW articles AS
            SELECT * EXCLUDE (rank) FROM (
              SELECT *, row_number() OVER (PARTITION BY id ORDER BY batch DESC) AS rank
              FROM read_parquet('{arts}', hive_partitioning = true, union_by_name = true))
            WHERE rank = 1""")
        columns = {row[0] for row in con.execute(
            f"DESCRIBE SELECT * FROM read_parquet('{evs}', hive_partitioning = true, union_by_name = true)").fetchall()}
        # a store written before languages were kept has no lang column: its events are English
        lang = "" if "lang" in columns else ", NULL::VARCHAR AS lang"
        con.execute(f"""CREATE {temp} VIEW events AS
            SELECT e.*{lang}, {_COMPUTED} FROM read_parquet('{evs}', hive_partitioning = true, union_by_name = true) e
            SEMI JOIN articles a ON e.article = a.id AND e.batch = a.batch""")

    def build_index(self) -> Path:
        """Write the index: the events and articles that queries read, in one DuckDB file,
        events sorted by date. Written under another name and renamed into place, so a
        reader never sees half of one; a later write makes it stale (``index_is_fresh``)
        until the next ``build_index``."""
        import duckdb
        final, tmp = self.path / INDEX, self.path / f".{INDEX}.tmp"
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
        parts = self.signature()
        con = duckdb.connect(str(tmp))
        try:
            _bounded(con, self.path)
            self._views(con, temp="TEMP")
            con.execute("CREATE TABLE events AS SELECT * EXCLUDE (batch, month) FROM temp.main.events "
                        "ORDER BY lo NULLS LAST, hi")
            con.execute("CREATE TABLE articles AS SELECT * EXCLUDE (batch, month) FROM temp.main.articles "
                        "ORDER BY published, id")
            con.execute("CREATE TABLE meta AS SELECT ?::VARCHAR AS parts", [parts])
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, final)
        return final

    def known(self) -> dict[str, str]:
        """``{article id: content hash}`` of the articles stored whole."""
        con = self.connect()
        return dict(con.execute("SELECT id, hash FROM articles").fetchall())

    def _next_batch(self) -> int:
        best = -1
        for f in self.path.glob("*/month=*/part-*.parquet"):
            m = re.match(r"part-(\d+)", f.name)
            if m:
                best = max(best, int(m.group(1)))
        return best + 1

    # --- writing -------------------------------------------------------------
    @contextmanager
    def writing(self):
        """Hold the store's write lock (``.lock`` in its folder) for one run: a second
        run on the same store stops at once with ``StoreBusy``, before it writes. Held
        already by this process (a command writing several inputs), it is kept."""
        self.path.mkdir(parents=True, exist_ok=True)
        key = str(self.path.resolve())
        if _HELD.get(key):
            _HELD[key] += 1
            try:
                yield
            finally:
                _HELD[key] -= 1
            return
        with open(self.path / ".lock", "a+") as f:
            try:
                import fcntl
            except ImportError:  # no advisory locks here (Windows): one writer at a time, by hand
                yield
                return
            try:
                fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise StoreBusy(errno.EBUSY, "another run is writing to it; try again when it ends") from None
            _HELD[key] = 1
            try:
                yield
            finally:
                _HELD.pop(key, None)
                fcntl.flock(f.fileno(), fcntl.LOCK_UN)

    def finish(self, months: Iterable[str]) -> None:
        """End a write: compact the ``months`` it touched (one file per month and table,
        what keeps queries fast) and rebuild the index when stale."""
        with self.writing():
            months = set(months)
            if months:
                self.compact(months)
            if months or not self.index_is_fresh():
                self.build_index()  # what queries read: milliseconds for a window

    def write_batch(self, batch: int, articles: Sequence[Article], events: Sequence[Event], *,
                    counts: dict[str, int], hashes: Optional[dict[str, str]] = None, with_text: bool = False) -> None:
        """Write one batch: its events first, then its articles (see the module's notes)."""
        import pyarrow as pa
        import pyarrow.parquet as pq
        e_schema, a_schema = _schemas()
        by_month: dict[str, list[dict]] = {}
        published = {a.id: a.published for a in articles}
        for e in events:
            by_month.setdefault(_month(published.get(e.article)), []).append(_event_row(e, published, batch))
        for month, rows in by_month.items():
            _write_atomically(pq, pa.Table.from_pylist(rows, schema=e_schema), self.events_dir, month, batch)
        a_month: dict[str, list[dict]] = {}
        for a in articles:
            a_month.setdefault(_month(a.published), []).append({
                "id": a.id, "hash": (hashes or {}).get(a.id) or content_hash(a), "title": a.title, "source": a.source, "url": a.url,
                "published": _ts(a.published), "path": a.path, "events": counts.get(a.id, 0),
                "text": a.text if with_text else None, "batch": batch})
        for month, rows in a_month.items():
            _write_atomically(pq, pa.Table.from_pylist(rows, schema=a_schema), self.articles_dir, month, batch)

    def compact(self, months: Optional[Iterable[str]] = None) -> int:
        """Rewrite each month's many batch files (of ``months``, default all) as one file
        per table, keeping only what is read (the latest batch of each article and its
        events), under a new batch number. Returns the months rewritten.

        Safe to cut off: the new events file, then the new articles file, are renamed into
        place before the old files go; until the articles file is in place its new batch
        number is unknown to readers, so they read the old files; after it, the old
        files' batches are no one's latest, so readers ignore them."""
        import duckdb
        done = 0
        batch = self._next_batch()
        todo = sorted(months) if months is not None else sorted(
            p.name[len("month="):] for p in self.articles_dir.glob("month=*"))
        for month in todo:
            a_dir, e_dir = self.articles_dir / f"month={month}", self.events_dir / f"month={month}"
            a_old = sorted(a_dir.glob("part-*.parquet"))
            e_old = sorted(e_dir.glob("part-*.parquet"))
            if len(a_old) <= 1 and len(e_old) <= 1:
                continue
            con = duckdb.connect()
            _bounded(con, self.path)
            a_glob = str(a_dir / "part-*.parquet").replace("'", "''")
            con.execute(f"""CREATE TEMP TABLE arts AS SELECT * EXCLUDE (rank) FROM (
                SELECT *, row_number() OVER (PARTITION BY id ORDER BY batch DESC) AS rank
                FROM read_parquet('{a_glob}', hive_partitioning = false, union_by_name = true)) WHERE rank = 1""")
            final = f"part-{batch:06d}.parquet"
            if e_old:
                e_glob = str(e_dir / "part-*.parquet").replace("'", "''")
                tmp = e_dir / f".{final}.tmp"
                con.execute(f"""COPY (SELECT e.* REPLACE ({batch}::BIGINT AS batch)
                    FROM read_parquet('{e_glob}', hive_partitioning = false, union_by_name = true) e
                    SEMI JOIN arts a ON e.article = a.id AND e.batch = a.batch)
                    TO '{str(tmp).replace("'", "''")}' (FORMAT parquet)""")
                os.replace(tmp, e_dir / final)
            tmp = a_dir / f".{final}.tmp"
            con.execute(f"""COPY (SELECT * REPLACE ({batch}::BIGINT AS batch) FROM arts)
                TO '{str(tmp).replace("'", "''")}' (FORMAT parquet)""")
            os.replace(tmp, a_dir / final)
            con.close()
            for f in a_old + e_old:
                f.unlink(missing_ok=True)
            done += 1
        return done

    # --- querying ------------------------------------------------------------
    def query(self, *, start: Optional[date] = None, end: Optional[date] = None, text: Optional[str] = None,
              source: Optional[str] = None, limit: Optional[int] = None, merge: bool = True,
              lang: Optional[str] = None) -> list[Event]:
        """The stored events whose interval overlaps the days ``start`` to ``end``
        (both included; an open start or end, "for years", "since March", reaches
        without limit), whose title,
        sentence or expression holds every word of ``text`` (case-insensitive), from
        a ``source`` (its outlet's name, case-insensitive), in language ``lang``, merged
        across articles, the first ``limit`` in time order."""
        return self.events(Window(start, end, text or "", (source,) if source else (),
                                  languages=(lang,) if lang else ()), limit=limit, merge=merge)

    def events(self, window: "Window", *, limit: Optional[int] = None, merge: bool = True,
               rows: Optional[int] = None, con=None) -> list[Event]:
        """The events of ``window``, merged across articles (``merge``), the first ``limit``
        in time order; ``rows`` caps the stored rows read (the app's marks); ``con``: a
        connection the caller keeps open (default: a new one)."""
        where, params = window.where()
        sql = f"SELECT {_COLUMNS} FROM events WHERE {where}"
        sql += ' ORDER BY start NULLS FIRST, "end" NULLS LAST, article, id'
        if rows is not None:
            sql += f" LIMIT {int(rows)}"
        own = con is None
        con = self.connect() if own else con
        try:
            found = _events_of(con.sql(sql, params=params).to_arrow_table().to_pylist())
        finally:
            if own:
                con.close()
        if merge:
            from .events import merge_events
            found = merge_events(found)
        return found[:limit] if limit is not None else found

    def count(self, window: "Window", con=None) -> int:
        """How many stored rows (events before merging) ``window`` holds."""
        where, params = window.where()
        return _run(self, con, f"SELECT count(*) FROM events WHERE {where}", params)[0][0]

    def aggregate(self, window: "Window", bin: str = "day", by: str = "precision", con=None) -> list[tuple]:
        """``(period start, key, events)`` rows: the events of ``window`` counted per ``bin``
        (day, week, month, quarter or year) of their start (an open start: their end),
        and per ``by``: their precision, or the outlet that reported them first."""
        if bin not in BINS:
            raise ValueError(f"bin must be one of {', '.join(BINS)}")
        key = {"precision": "coalesce(precision, 'unknown')",
               "source": "coalesce(nullif(sources[1].source, ''), 'unknown')"}[by]
        where, params = window.where()
        sql = (f"SELECT date_trunc('{bin}', lo) AS t, {key} AS k, count(*) AS n FROM events "
               f"WHERE {where} GROUP BY ALL ORDER BY t, k")
        return _run(self, con, sql, params)

    def facets(self, con=None, top: int = 60) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
        """The precisions of the store's events, and its ``top`` outlets, with their counts."""
        prec = _run(self, con, "SELECT coalesce(precision, 'unknown'), count(*) FROM events GROUP BY ALL "
                               "ORDER BY 2 DESC, 1")
        src = _run(self, con, "SELECT coalesce(nullif(source, ''), 'unknown'), count(*) FROM articles "
                              f"GROUP BY ALL ORDER BY 2 DESC, 1 LIMIT {int(top)}")
        return prec, src

    def summary(self, con=None) -> dict:
        """How many articles and events the store holds, and the span of their publication days."""
        arts, first, last = _run(self, con, "SELECT count(*), min(published), max(published) FROM articles")[0]
        events = _run(self, con, "SELECT count(*) FROM events")[0][0]
        return {"articles": arts, "events": events, "first": first.date() if first else None,
                "last": last.date() if last else None}

    def articles(self, ids: Iterable[str], con=None) -> dict[str, Article]:
        """The stored articles of ``ids`` (their text when the store keeps it, else empty)."""
        ids = sorted(set(ids))
        if not ids:
            return {}
        rows = _run(self, con, "SELECT id, title, source, url, published, path, coalesce(text, '') "
                               "FROM articles WHERE list_contains(?, id)", [ids])
        return {i: Article(id=i, text=text, published=_read_day(pub) if pub is not None else None, title=t or "",
                           source=src or "", url=u or "", path=path or "")
                for i, t, src, u, pub, path, text in rows}


#: What ``Store.aggregate`` counts by: DuckDB's ``date_trunc`` parts.
BINS = ("day", "week", "month", "quarter", "year")
#: The stored columns an event is read back from.
_COLUMNS = ", ".join(f'"{c}"' for c in (
    "id", "article", "title", "sentence", "expression", "value", "type", "mod", "grain", "start", "end",
    "precision", "open_start", "open_end", "approximate", "explanation", "sources", "published",
    "sentence_start", "sentence_end", "lang"))


@dataclass(frozen=True)
class Window:
    """What a query selects: the days ``start`` to ``end`` (both included, either open),
    every word of ``text`` (in the title, sentence or expression, any case), any of
    ``sources`` (outlets, any case), any of ``precisions`` and any of ``languages``
    (codes: "fr"; an event stored before languages were kept is English).

    ``reach`` (the query command's reading) lets an open range ("for years", "since
    March") reach without limit on its open side, so it is in every window on that
    side; without it (the app's reading) an open range sits at its known side.
    ``fit`` (the app's marks) keeps only the events no longer than the window: what
    happened within it, not the years and decades it is part of."""
    start: Optional[date] = None
    end: Optional[date] = None
    text: str = ""
    sources: tuple[str, ...] = ()
    precisions: tuple[str, ...] = ()
    reach: bool = True
    languages: tuple[str, ...] = ()
    fit: bool = False

    def where(self) -> tuple[str, list]:
        where, params = ["true"], []
        if self.end is not None:
            where.append("(start IS NULL OR open_start OR start < ?)" if self.reach else "lo < ?")
            params.append(datetime.combine(self.end, datetime.min.time()) + timedelta(days=1))
        if self.start is not None:
            where.append('("end" IS NULL OR open_end OR "end" > ?)' if self.reach else "hi > ?")
            params.append(datetime.combine(self.start, datetime.min.time()))
        if self.fit and self.start is not None and self.end is not None:
            where.append("hi - lo <= ?")
            params.append(timedelta(days=(self.end - self.start).days + 1))
        for word in self.text.split():
            where.append("search LIKE ? ESCAPE '\\'")
            params.append("%" + word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        if self.sources:
            where.append("list_has_any(list_transform(sources, lambda s: lower(s.source)), ?)")
            params.append(sorted({s.lower() for s in self.sources}))
        if self.precisions:
            where.append("list_contains(?, coalesce(precision, 'unknown'))")
            params.append(sorted(set(self.precisions)))
        if self.languages:
            where.append("list_contains(?, coalesce(lang, 'en'))")
            params.append(sorted(set(self.languages)))
        return " AND ".join(where), params


#: The most memory DuckDB may take while a write compacts the store and builds its index;
#: beyond it, it sorts on disk (in the store's folder). What keeps a write's memory flat
#: as the store grows: without it, indexing a million events took 1.5 GB.
WRITE_MEMORY = "512MB"


def _bounded(con, folder: Path) -> None:
    con.execute(f"SET memory_limit = '{WRITE_MEMORY}'")
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET temp_directory = ?", [str(folder / ".tmp")])


def _run(store: Store, con, sql: str, params=()) -> list[tuple]:
    """``sql``'s rows, on ``con`` (a connection the caller keeps open) or a new one."""
    if con is not None:
        return con.execute(sql, params).fetchall()
    con = store.connect()
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def _read_day(d: datetime) -> date | datetime:
    return d.date() if d == datetime(d.year, d.month, d.day) else d


def _empty_views() -> tuple[str, str]:
    return ("""CREATE VIEW articles AS SELECT NULL::VARCHAR AS id, NULL::VARCHAR AS hash, NULL::VARCHAR AS title,
               NULL::VARCHAR AS source, NULL::VARCHAR AS url, NULL::TIMESTAMP AS published, NULL::VARCHAR AS path,
               NULL::BIGINT AS events, NULL::VARCHAR AS text, NULL::BIGINT AS batch, NULL::VARCHAR AS month
               WHERE false""",
            """CREATE VIEW events AS SELECT NULL::VARCHAR AS id, NULL::VARCHAR AS article, NULL::VARCHAR AS title,
               NULL::VARCHAR AS sentence, NULL::VARCHAR AS expression, NULL::VARCHAR AS value,
               NULL::VARCHAR AS type, NULL::VARCHAR AS mod, NULL::VARCHAR AS grain, NULL::TIMESTAMP AS start,
               NULL::TIMESTAMP AS "end", NULL::VARCHAR AS precision, NULL::BOOLEAN AS open_start,
               NULL::BOOLEAN AS open_end, NULL::BOOLEAN AS approximate, NULL::VARCHAR AS explanation,
               NULL::STRUCT(article VARCHAR, title VARCHAR, source VARCHAR, url VARCHAR, published TIMESTAMP)[]
               AS sources, NULL::TIMESTAMP AS published, NULL::BIGINT AS sentence_start,
               NULL::BIGINT AS sentence_end, NULL::VARCHAR AS lang, NULL::BIGINT AS batch, NULL::VARCHAR AS month,
               NULL::VARCHAR AS search, NULL::TIMESTAMP AS lo, NULL::TIMESTAMP AS hi WHERE false""")


def _write_atomically(pq, table, folder: Path, month: str, batch: int) -> None:
    target = folder / f"month={month}"
    target.mkdir(parents=True, exist_ok=True)
    final = target / f"part-{batch:06d}.parquet"
    tmp = target / f".part-{batch:06d}.parquet.tmp"
    pq.write_table(table, tmp)
    os.replace(tmp, final)


def _event_row(e: Event, published: dict, batch: int) -> dict:
    return {"id": e.id, "article": e.article, "title": e.title, "sentence": e.sentence,
            "expression": e.expression, "value": e.value, "type": e.type, "mod": e.mod, "grain": e.grain,
            "start": _ts(e.start), "end": _ts(e.end), "precision": e.precision, "open_start": e.open_start,
            "open_end": e.open_end, "approximate": e.approximate, "explanation": e.explanation,
            "sources": [{"article": s.article, "title": s.title, "source": s.source, "url": s.url,
                         "published": _ts(s.published)} for s in e.sources],
            "published": _ts(published.get(e.article)), "sentence_start": e.sentence_start,
            "sentence_end": e.sentence_end, "lang": e.lang, "batch": batch}


def _iso(d) -> Optional[str]:
    return d.isoformat() if d is not None else None


def _day_or_time(d: Optional[datetime]) -> Optional[str]:
    """A publication stamp read back: a date when it has no time of day (stored
    articles' dates are mostly days; one published at midnight sharp reads as its day)."""
    if d is None:
        return None
    return d.date().isoformat() if d == datetime(d.year, d.month, d.day) else d.isoformat()


def _events_of(rows: list[dict]) -> list[Event]:
    """Stored rows back into events (through the reader of exported records)."""
    from .imported import events_from_records
    records = []
    for r in rows:
        rec = dict(r)
        rec["start"], rec["end"] = _iso(r["start"]), _iso(r["end"])
        rec["sources"] = [{**s, "published": _day_or_time(s["published"])} for s in (r["sources"] or [])]
        records.append(rec)
    events, _problems = events_from_records(records, "store")
    where = {r["id"]: (r["sentence_start"], r["sentence_end"]) for r in rows}
    return [replace(e, sentence_start=where[e.id][0], sentence_end=where[e.id][1]) if e.id in where else e
            for e in events]


def write_store(articles: Iterable[Article], out: str | os.PathLike, *, workers: int = 1,
                genre: Optional[str] = None, lang: Optional[str] = None, with_text: bool = False,
                batch_articles: int = BATCH_ARTICLES,
                problems: Optional[list] = None,
                progress: Optional[Callable[[int, int], None]] = None,
                per_batch: Optional[Callable[[list[Article]], list]] = None, finish: bool = True) -> WriteReport:
    """Add the events of ``articles`` to the store at ``out``, skipping articles already
    stored unchanged. An undated or failing article is named in ``problems`` and not
    recorded, so a later run tries it again. ``per_batch(articles)`` gives
    ``(events, error)`` for each article of a batch (default: this machine's process
    pool of ``workers``; ``batch.dask_per_batch`` runs it on a Dask cluster). Returns
    what was written. ``finish`` ends the run (``Store.finish``: compaction and the
    index); a caller writing several inputs in a row may finish once, after the last,
    under its own ``Store.writing()``."""
    store = Store(out)
    with store.writing():
        report = _write(store, articles, workers=workers, genre=genre, lang=lang, with_text=with_text,
                        batch_articles=batch_articles, problems=problems, progress=progress, per_batch=per_batch)
        if finish:
            store.finish(report.months)
        return report


def _write(store: Store, articles, *, workers, genre, lang, with_text, batch_articles, problems, progress,
           per_batch) -> WriteReport:
    from .events import collect_events, dated_articles, events_per_article
    known = store.known()
    dated = dated_articles(articles, problems)
    hashes = {a.id: content_hash(a) for a in dated}  # each text hashed once
    todo = [a for a in dated if known.get(a.id) != hashes[a.id]]
    report = WriteReport(skipped=len(dated) - len(todo))
    batch = store._next_batch()
    total = len(todo)
    for i in range(0, total, batch_articles):
        chunk = todo[i:i + batch_articles]
        results = per_batch(chunk) if per_batch else events_per_article(chunk, workers=workers, genre=genre, lang=lang)
        events = collect_events(chunk, results, problems)
        ran = [a for a, (_evs, err) in zip(chunk, results) if err is None]
        counts: dict[str, int] = {}
        for e in events:
            counts[e.article] = counts.get(e.article, 0) + 1
        store.write_batch(batch, ran, events, counts=counts, hashes=hashes, with_text=with_text)
        report.articles += len(ran)
        report.events += len(events)
        report.batches += 1
        batch += 1
        if progress:
            progress(min(i + batch_articles, total), total)
        report.months.update(_month(a.published) for a in ran)
    return report
