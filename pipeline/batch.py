"""Batch runs on Dask: the same per-article code over a cluster.

The work on articles is one pure function over a pandas partition,
:func:`events_of_partition` (articles in, events out, one row per event in the
event store's columns), so any engine that maps pandas frames can run it:

* Dask: ``ddf.map_partitions(events_of_partition, meta=EVENTS_META)``
  (:func:`run_dask` does this, on a ``LocalCluster`` or an existing scheduler);
* Spark: ``df.mapInPandas(lambda frames: (events_of_partition(f) for f in frames), schema)``;
* Ray Data: ``ds.map_batches(events_of_partition, batch_format="pandas")``.

Events that several articles report are merged by interval: the merge key is
``(start, end, open_start, open_end)`` and ``merge_events`` only ever joins
events of one key. So the distributed merge is a group-by on that key
(a shuffle), each group merged as the single-process path merges it, and
articles that land in different partitions merge all the same.

An article that fails gives one row with its ``problem`` and no event; a
partition never fails for one bad record.
"""
from __future__ import annotations

import os
from datetime import date, datetime
from typing import Iterable, Optional, Sequence

from .model import Article, Event

#: The article columns a partition holds.
ARTICLE_COLUMNS = ("id", "text", "published", "title", "source", "url", "path")
#: The event columns a partition gives: the store's, the merge key, and a problem column.
EVENT_COLUMNS = ("id", "article", "title", "sentence", "expression", "value", "type", "mod", "grain",
                 "start", "end", "precision", "open_start", "open_end", "approximate", "explanation",
                 "sources", "published", "sentence_start", "sentence_end", "lang", "key", "problem")


def articles_frame(articles: Sequence[Article]):
    """The articles as a pandas frame of :data:`ARTICLE_COLUMNS` (publication as ISO text)."""
    import pandas as pd
    return pd.DataFrame([{"id": a.id, "text": a.text, "published": _iso(a.published), "title": a.title,
                          "source": a.source, "url": a.url, "path": a.path} for a in articles],
                        columns=list(ARTICLE_COLUMNS))


def _iso(d) -> Optional[str]:
    return d.isoformat() if isinstance(d, (date, datetime)) else (str(d) if d else None)


def merge_key(start, end, open_start, open_end) -> str:
    """The key ``merge_events`` groups by, as one string a shuffle can hash."""
    return f"{_iso(start) or '-'}|{_iso(end) or '-'}|{int(bool(open_start))}{int(bool(open_end))}"


def events_of_partition(frame, genre: Optional[str] = None, lang: Optional[str] = None):
    """Articles in (a pandas frame of :data:`ARTICLE_COLUMNS`), events out (a frame of
    :data:`EVENT_COLUMNS`): the whole per-article pipeline, pure and stateless."""
    import pandas as pd

    from .events import events_per_article
    from .published import parse_published
    from .store import _event_row
    rows: list[dict] = []
    articles: list[Article] = []
    for rec in frame.to_dict("records"):
        try:
            published = parse_published(rec.get("published"))
        except (ValueError, TypeError):
            rows.append(_problem_row(rec.get("id"), f"article {rec.get('id')!r} has no readable publication date"))
            continue
        articles.append(Article(id=str(rec.get("id")), text=rec.get("text") or "", published=published,
                                title=rec.get("title") or "", source=rec.get("source") or "",
                                url=rec.get("url") or "", path=rec.get("path") or ""))
    pub = {a.id: a.published for a in articles}
    for a, (events, err) in zip(articles, events_per_article(articles, workers=1, genre=genre, lang=lang)):
        if err is not None:
            rows.append(_problem_row(a.id, f"article {a.id!r} failed: {err}"))
            continue
        for e in events:
            row = _event_row(e, pub, batch=0)
            del row["batch"]
            row["key"] = merge_key(e.start, e.end, e.open_start, e.open_end)
            row["problem"] = None
            rows.append(row)
    return pd.DataFrame(rows, columns=list(EVENT_COLUMNS))


def _problem_row(article, message: str) -> dict:
    row = {c: None for c in EVENT_COLUMNS}
    row.update(article=str(article), problem=message, key="")
    return row


def _meta():
    import pandas as pd
    return pd.DataFrame({c: pd.Series(dtype="object") for c in EVENT_COLUMNS})


#: A merged group's columns: the export's, and where the sentence starts in its article.
MERGED_COLUMNS = ("id", "article", "title", "sentence", "expression", "value", "type", "mod", "grain",
                  "start", "end", "precision", "open_start", "open_end", "approximate", "explanation",
                  "sources", "sentence_start", "sentence_end", "lang")


def _merge_group(group):
    """One merge key's events, merged as ``merge_events`` merges them."""
    import pandas as pd

    from .events import merge_events
    from .store import _events_of
    rows = group.drop(columns=[c for c in ("key", "problem") if c in group.columns]).to_dict("records")
    merged = merge_events(_events_of([_plain(r) for r in rows]))
    from .export import event_records
    out = event_records(merged)
    for rec, e in zip(out, merged):
        rec["sentence_start"], rec["sentence_end"] = e.sentence_start, e.sentence_end
    return pd.DataFrame(out, columns=list(MERGED_COLUMNS))


def _plain(row: dict) -> dict:
    """A frame row back in the store's Python types (pandas gives Timestamps and NaN)."""
    import pandas as pd
    out = {}
    for k, v in row.items():
        if isinstance(v, pd.Timestamp):
            v = v.to_pydatetime()
        elif v is not None and not isinstance(v, (list, dict, str)) and pd.isna(v):
            v = None
        out[k] = v
    for s in out.get("sources") or []:
        if isinstance(s.get("published"), pd.Timestamp):
            s["published"] = s["published"].to_pydatetime()
    return out


def client_for(scheduler: Optional[str] = None, workers: Optional[int] = None):
    """A Dask client: on the scheduler at ``scheduler`` (``tcp://host:8786``), or on a
    ``LocalCluster`` of one single-threaded worker process per core."""
    from dask.distributed import Client, LocalCluster
    if scheduler:
        return Client(scheduler)
    n = workers or os.cpu_count() or 1
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
    return Client(cluster)


def dask_events(articles: Sequence[Article], *, client, partitions: Optional[int] = None,
                genre: Optional[str] = None, merge: bool = True,
                lang: Optional[str] = None) -> tuple[list[Event], list[str]]:
    """The events of ``articles`` computed on ``client``'s cluster, merged across
    articles by a group-by on the merge key; and one message per article left out."""
    import dask.dataframe as dd

    from .events import _sort_key
    from .store import _events_of
    n = partitions or max(1, 2 * len(client.scheduler_info().get("workers", {})) or 2)
    ddf = dd.from_pandas(articles_frame(articles), npartitions=max(1, min(n, len(articles) or 1)))
    rows = ddf.map_partitions(events_of_partition, genre=genre, lang=lang, meta=_meta()).persist()  # tagged once
    problems = rows[~rows["problem"].isnull()]["problem"].compute().tolist()
    good = rows[rows["problem"].isnull()]
    if merge:
        import pandas as pd
        meta = pd.DataFrame({c: pd.Series(dtype="object") for c in MERGED_COLUMNS})
        merged = good.groupby("key").apply(_merge_group, meta=meta).compute()  # a shuffle on the merge key
        records = merged.to_dict("records") if len(merged) else []
    else:
        records = good.drop(columns=["key", "problem"]).compute().to_dict("records")
    events = _events_of([_as_store_row(r) for r in records])
    return sorted(events, key=_sort_key), problems


def _as_store_row(r: dict) -> dict:
    """An export record or a store row as a store row (timestamps as datetimes)."""
    r = _plain(dict(r))
    for k in ("start", "end", "published"):
        if isinstance(r.get(k), str):
            r[k] = datetime.fromisoformat(r[k])
    srcs = []
    for s in r.get("sources") or []:
        s = dict(s)
        if isinstance(s.get("published"), str):
            s["published"] = datetime.fromisoformat(s["published"])
        srcs.append(s)
    r["sources"] = srcs
    for k in ("sentence_start", "sentence_end"):
        r[k] = int(r[k]) if r.get(k) is not None else 0
    return r


def dask_per_batch(client, *, partitions: Optional[int] = None, genre: Optional[str] = None,
                   lang: Optional[str] = None):
    """For ``store.write_store``: each batch of articles spread over ``client``'s
    workers in ``partitions`` frames, and ``(events, error)`` per article back."""
    from .store import _events_of

    def run(chunk: list[Article]) -> list:
        n = partitions or max(1, 2 * len(client.scheduler_info().get("workers", {})))
        size = max(1, -(-len(chunk) // n))
        frames = [articles_frame(chunk[i:i + size]) for i in range(0, len(chunk), size)]
        futures = client.map(events_of_partition, frames, genre=genre, lang=lang, pure=False)
        by_article: dict[str, list] = {a.id: [] for a in chunk}
        errors: dict[str, str] = {}
        for frame in client.gather(futures):
            for r in frame.to_dict("records"):
                if r.get("problem"):
                    errors[r["article"]] = r["problem"]
                else:
                    by_article.setdefault(r["article"], []).append(_as_store_row(r))
        out = []
        for a in chunk:
            if a.id in errors:
                out.append(([], errors[a.id].split(" failed: ", 1)[-1]))
            else:
                out.append((_events_of(by_article.get(a.id, [])), None))
        return out
    return run
