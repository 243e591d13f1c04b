"""Command line: ``python -m pipeline events INPUT... --out FILE``.

Registered on the main parser by :func:`add_events_parser` (``pipeline/cli.py``
imports it when present).
"""
from __future__ import annotations

import argparse
import os
import re
import stat
import sys
import tempfile
from pathlib import Path
from typing import Optional

from .model import GENRE_HELP, GENRES, LANG_HELP, LANGUAGES
from .articles import display_name
from .export import FORMATS, render

_EXT = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv"}

DESCRIPTION = """\
Build dated events from news articles and write them to a file.

Each article's boilerplate is masked, its temporal expressions are tagged and
resolved against its publication date, and each sentence gives the events a
reader would see (see docs/events.md).  Near-duplicate events reported by
several articles are merged into one listing all sources (--no-merge keeps
them apart).

INPUT is anything the article loader reads: JSON / JSON Lines article records
({"id", "title", "published", "source", "url", "text"}), plain text or HTML
files, or directories of them (see docs/input.md).  Each article's
publication date comes from its record, its HTML metadata or a dateline; an
article with none is skipped (named on standard error).  --published DATE
sets the date of every article instead.

Output formats: jsonl, json, csv (spreadsheet-safe: formula-like cells start
with '), timelinejs (TimelineJS 3 JSON), sheet (CSV in the columns of
TimelineJS's Google Sheets template, to import into a copy of it; only with
--format sheet).  The format comes from the --out file's ending (.jsonl
.ndjson .json .csv; *.timeline.json or *.timelinejs for TimelineJS) unless
--format is given; --out - writes to standard output (default format jsonl).

Exit status: 0 when every input gave its events; 1 when anything was skipped
(an unreadable or malformed input, an undated article, a failed article:
each is named on standard error, one line each; the rest is written), or
when writing the output failed midway (an old --out file is kept whole); 2
for a bad command line (an --out that cannot be written: a missing or
unwritable folder, a directory, a symbolic link loop, is found before any
work), or when no article could be read from the inputs (an empty file or
path, say).  Nothing is written on exit 2: an old --out file is kept.  A
line "note NAME: ..." says that an input was read whole but something was
guessed or mended (an encoding, a CSV row's extra fields joined back into
its text): it leaves the status 0."""


def format_for(out: str, given: Optional[str], endings: dict, default: str, formats) -> str:
    """The output format: ``given``, else ``default`` for standard output, else from
    the name's ending (``endings``; "*.timeline.json" is TimelineJS)."""
    if given:
        return given
    if out == "-":
        return default
    name = out.lower()
    if name.endswith((".timeline.json", ".timelinejs", ".timelinejs.json")):
        return "timelinejs"
    ext = Path(name).suffix
    if ext in endings:
        return endings[ext]
    names = ", ".join(sorted(endings))
    raise ValueError(f"cannot tell the format from {out!r}: use --format {{{','.join(formats)}}} "
                     f"or a name ending in {names} or .timeline.json")


def output_error(out: str, inputs) -> Optional[str]:
    """Why ``--out`` cannot be written before any work is done, or None.

    A new or regular file is written through a temporary file beside it (see
    :func:`_write`): one is made and removed here, so an unwritable folder is
    found now rather than after all the work.  The reason is one line, safe
    for a terminal: the names in it pass through ``display_name``."""
    why = _output_problem(out, inputs)
    return None if why is None else display_name(why)


def _output_problem(out: str, inputs) -> Optional[str]:
    if out == "-":
        return None
    if out == "":
        return "--out '': empty path (no file named)"
    try:
        st = os.stat(out)  # follows symbolic links
    except FileNotFoundError:
        st = None
    except OSError as exc:  # a symbolic link loop, a file where a folder should be, a folder shut
        return f"cannot write {out}: {exc.strerror or exc}"
    if st is not None and stat.S_ISDIR(st.st_mode):
        return f"cannot write {out}: is a directory"
    target = Path(os.path.realpath(out))
    if st is None and not target.parent.is_dir():
        return f"cannot write {out}: no such directory"
    same = out_is_input(out, inputs)
    if same:
        return f"--out {out} is one of the inputs ({same}): choose another file"
    if st is not None and not stat.S_ISREG(st.st_mode):  # a device or a pipe: written into
        return None if os.access(out, os.W_OK) else f"cannot write {out}: permission denied"
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=str(target.parent))
    except OSError as exc:
        return f"cannot write {out}: {exc.strerror or exc}"
    os.close(fd)
    os.unlink(tmp)
    return None


class _Bar:
    """A minimal progress bar on standard error."""

    def __init__(self, stream, width: int = 30):
        self.stream, self.width, self.last = stream, width, -1

    def __call__(self, done: int, total: int) -> None:
        if total <= 0:
            return
        pct = done * 100 // total
        if pct == self.last and done != total:
            return
        self.last = pct
        fill = self.width * done // total
        self.stream.write(f"\r[{'#' * fill}{'.' * (self.width - fill)}] {done}/{total} articles")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write(out: str, text: str) -> None:
    """Write ``text`` to ``out`` ("-": standard output).

    A regular file (or a new one) is written whole: into a temporary file
    beside it, synced to disk, then renamed over it (the folder synced after,
    where possible), so a failure or a power cut never leaves half a file; it
    keeps an existing file's permissions, and a new one gets the umask's.  A
    symbolic link is written through (the file it names is replaced, the link
    stays).  A device or a pipe is written straight into, never replaced.
    """
    if out == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        st = os.stat(out)  # follows symbolic links
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(21, "is a directory", out)
        with open(out, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        return
    target = Path(os.path.realpath(out))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=str(target.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())  # on disk before the rename: a power cut cannot leave an empty file
        os.chmod(tmp, stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(target.parent)


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable, where the system allows it (best effort:
    some file systems and Windows cannot sync a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def out_is_input(out: str, inputs) -> Optional[str]:
    """The input file that writing ``out`` would overwrite (the same file, through any
    link), or None."""
    if out == "-":
        return None
    real = os.path.realpath(out)
    for name in inputs:
        if name and name != "-" and os.path.realpath(name) == real:
            return name
    return None


def apply_project_corrections(events, projects, err):
    """``events`` with the corrections of the projects among the inputs applied; a
    note (status unchanged) names those that match no event (articles or Chronicle
    changed since the project was saved)."""
    from .project import apply_corrections

    corrections: dict = {}
    for p in projects:
        corrections.update(p.corrections)
    if not corrections:
        return events
    ids = {e.id for e in events}
    stale = sum(1 for eid in corrections if eid not in ids)
    if stale:
        print(f"note: {stale} of the project's {len(corrections)} corrections match no event "
              "(its articles were read differently); the others are applied", file=err)
    return apply_corrections(events, corrections)


def with_read_back(events, loaded, err):
    """``events`` (of the loaded articles) with what the inputs carry besides: the events
    read back from exports among them (those of these articles with another title or
    interval become corrections; the others are added) and the projects' events and
    corrections (pipeline.imported, pipeline.project)."""
    from .imported import split_corrections

    fixes, carried = split_corrections(loaded.events, events)
    if fixes:
        print(f"note: {len(fixes)} correction(s) read back from an events export", file=err)
    events = list(events) + carried
    if fixes:
        from .project import apply_corrections
        events = apply_corrections(events, fixes)
    return apply_project_corrections(events, loaded.projects, err)


def load_inputs(inputs, published, err):
    """Read the INPUTs as ``events`` does: ``(loaded, status)``, status 1 when a file or
    record was skipped (each named on ``err``, one line; notes are printed too, see
    :func:`problem_line`, but leave the status 0); ``(None, 2)`` when ``published`` (the
    --published text, or None) is unreadable or no article could be read at all (then
    nothing is to be written: an old output is kept)."""
    from .articles import load_articles

    if published is not None:
        from .published import parse_published
        try:
            published = parse_published(published)
        except ValueError as exc:
            print(f"error: --published: {exc}", file=err)
            return None, 2
    status = 0
    try:
        loaded = load_articles(list(inputs), published=published)  # "" is named, not read as "."
    except (OSError, ValueError) as exc:
        print(f"error: {display_name(str(exc))}", file=err)
        return None, 2
    for p in loaded.problems:
        print(problem_line(p), file=err)
        if getattr(p, "skipped", True):
            status = 1
    if not loaded.articles and not loaded.events:
        print("error: no article could be read from the inputs; nothing written", file=err)
        return None, 2
    return loaded, status


# "...; skipped" or "...; skipped (a hint)" at the end of a loader's message: the
# line already starts with "skipped".
_SKIPPED_TAIL = re.compile(r"; skipped(?= \(|$)")


def problem_line(p, hint: str = "") -> str:
    """One line for a Problem: ``skipped NAME: reason`` when something was left
    out, ``note NAME: what was done`` when nothing was (``p.skipped`` False)."""
    if not getattr(p, "skipped", True):
        return f"note {p.source}: {p.message}{hint}"
    return f"skipped {p.source}: {_SKIPPED_TAIL.sub('', p.message, count=1)}{hint}"


def report_problems(problems, err) -> int:
    """Name each article that ``build_events`` skipped on ``err`` (one line each); 1 if any
    was skipped (notes alone leave the status 0)."""
    status = 0
    for p in problems:
        hint = " (give one with --published DATE)" if "no publication date" in p.message else ""
        print(problem_line(p, hint), file=err)
        if getattr(p, "skipped", True):
            status = 1
    return status


def _is_store_out(out: str, fmt: Optional[str]) -> bool:
    """An --out that names an event store (``store.is_store``, or a name ending in "/")."""
    from .store import is_store
    return out != "-" and not fmt and (out.endswith(("/", os.sep)) or is_store(out))


def _dask_client(args, err):
    """A Dask client for ``--engine dask`` (None for the local engine, False on failure)."""
    if args.engine != "dask":
        if args.scheduler or args.partitions:
            print("error: --scheduler and --partitions go with --engine dask", file=err)
            return False
        return None
    if args.partitions is not None and args.partitions < 1:
        print("error: --partitions must be at least 1", file=err)
        return False
    try:
        from .batch import client_for
        return client_for(args.scheduler, args.workers)
    except ImportError:
        print("error: --engine dask needs dask[distributed] (pip install -r requirements.txt)", file=err)
        return False
    except OSError as exc:
        print(display_name(f"error: cannot reach the Dask scheduler {args.scheduler}: {exc}"), file=err)
        return False


def _close(client) -> None:
    if client:
        cluster = getattr(client, "cluster", None)
        client.close()
        if cluster is not None:
            cluster.close()


def cmd_store(args: argparse.Namespace) -> int:
    """``events INPUT... --out archive/``: add the inputs' events to an event store, one
    input at a time (a folder of shards is read shard by shard), so that memory holds
    one input, not the archive."""
    from .store import Store, WriteReport, write_store

    err = sys.stderr
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        print(display_name(f"error: {args.out} is a file, not an event store folder"), file=err)
        return 2
    if args.workers is not None and args.workers < 1:
        print("error: --workers must be at least 1", file=err)
        return 2
    inputs = []
    for given in args.inputs:
        p = Path(given)
        inputs.extend(sorted(str(f) for f in p.iterdir() if f.is_file() and not f.name.startswith("."))
                      if p.is_dir() and not (p / "events").is_dir() else [given])
    client = _dask_client(args, err)
    if client is False:
        return 2
    total, status, read_any = WriteReport(), 0, False
    store = Store(out)
    try:
        with store.writing():  # one lock for the whole command, and one compaction and index at its end
            per_batch = None
            if client is not None:
                from .batch import dask_per_batch
                per_batch = dask_per_batch(client, partitions=args.partitions, genre=args.genre, lang=args.lang)
            workers = args.workers or os.cpu_count() or 1
            for given in inputs:
                loaded, st = load_inputs([given], args.published, err)
                status = max(status, st if loaded is not None else 1)
                if loaded is None:
                    continue
                read_any = True
                problems: list = []
                show = args.progress or (err.isatty() and len(loaded.articles) >= 50)
                report = write_store(loaded.articles, out, workers=workers, genre=args.genre, lang=args.lang,
                                     with_text=args.with_text, problems=problems,
                                     progress=_Bar(err) if show else None, per_batch=per_batch, finish=False)
                status = max(status, report_problems(problems, err))
                for k in ("articles", "skipped", "events", "batches"):
                    setattr(total, k, getattr(total, k) + getattr(report, k))
                total.months |= report.months
                del loaded, report
            if read_any:
                store.finish(total.months)  # the articles read are gone from memory by now
    except OSError as exc:
        print(display_name(f"error: cannot write the store {args.out}: {exc.strerror or exc}"), file=err)
        return 1
    finally:
        _close(client)
    if not read_any:
        print("error: no article could be read from the inputs; nothing written", file=err)
        return 2
    print(display_name(f"stored {total.events} event{'s' if total.events != 1 else ''} from {total.articles} "
                       f"article{'s' if total.articles != 1 else ''} in {args.out}; {total.skipped} already "
                       f"stored, unchanged"), file=err)
    return status


def cmd_events(args: argparse.Namespace) -> int:
    from .events import build_events

    if _is_store_out(args.out, args.format):
        return cmd_store(args)
    err = sys.stderr
    try:
        fmt = format_for(args.out, args.format, _EXT, "jsonl", FORMATS)
    except ValueError as exc:
        print(f"error: {exc}", file=err)
        return 2
    if args.workers is not None and args.workers < 1:
        print("error: --workers must be at least 1", file=err)
        return 2
    bad = output_error(args.out, args.inputs)
    if bad:
        print(f"error: {bad}", file=err)
        return 2
    loaded, status = load_inputs(args.inputs, args.published, err)
    if loaded is None:
        return status
    problems: list = []
    workers = args.workers or os.cpu_count() or 1
    show = args.progress or (err.isatty() and len(loaded.articles) >= 50)
    client = _dask_client(args, err)
    if client is False:
        return 2
    if client is not None:
        from .batch import dask_events
        from .events import dated_articles
        try:
            events, failed = dask_events(dated_articles(loaded.articles, problems), client=client,
                                         partitions=args.partitions, genre=args.genre, merge=not args.no_merge,
                                         lang=args.lang)
        finally:
            _close(client)
        for message in failed:
            print(display_name(f"skipped {message}"), file=err)
        status = max(status, 1 if failed else 0)
    else:
        events = build_events(loaded.articles, merge=not args.no_merge, workers=workers,
                              problems=problems, progress=_Bar(err) if show else None, genre=args.genre,
                              lang=args.lang)
    status = max(status, report_problems(problems, err))
    events = with_read_back(events, loaded, err)
    title = args.title or next((p.title for p in loaded.projects if p.title), None) or \
        (loaded.articles[0].title if len(loaded.articles) == 1 and loaded.articles[0].title else "Chronicle")
    try:
        _write(args.out, render(events, fmt, title=title, explanations=args.explanations))
    except OSError as exc:
        print(display_name(f"error: cannot write {args.out}: {exc.strerror or exc}"), file=err)
        return 1
    if args.out != "-":
        n = len(loaded.articles)
        print(f"wrote {len(events)} event{'s' if len(events) != 1 else ''} from {n} article{'s' if n != 1 else ''} to "
              f"{display_name(args.out)} ({fmt})", file=err)
    return status


def add_events_parser(subparsers) -> argparse.ArgumentParser:
    """Register the ``events`` command on the main parser's subparsers."""
    p = subparsers.add_parser("events",
                              help="build dated events and export them (jsonl, json, csv, timelinejs, sheet)",
                              description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="article files or directories")
    p.add_argument("--out", "-o", required=True, metavar="FILE",
                   help="output file (- for standard output), or an event store: a folder (archive/) or a "
                        "name ending in .parquet, which a run adds to (see docs/store.md)")
    p.add_argument("--format", "-f", choices=FORMATS, help="output format (default: from the --out file's ending)")
    p.add_argument("--published", metavar="DATE",
                   help="publication date (ISO 8601, e.g. 2021-09-30) of every article: overrides the dates "
                        "found in the inputs (needed for plain text without a dateline)")
    p.add_argument("--workers", "-j", type=int, metavar="N",
                   help="worker processes (default: all cores)")
    p.add_argument("--genre", choices=GENRES, default=None, help=GENRE_HELP)
    p.add_argument("--lang", choices=LANGUAGES, default=None, help=LANG_HELP)
    p.add_argument("--no-merge", action="store_true",
                   help="keep near-duplicate events from different articles apart")
    p.add_argument("--progress", action="store_true",
                   help="show a progress bar on standard error (shown anyway on a terminal for 50+ articles)")
    p.add_argument("--title", help="title of the TimelineJS title slide (timelinejs, sheet)")
    p.add_argument("--explanations", action="store_true",
                   help="put how each date was read in the TimelineJS slides and sheet rows too (off: slides "
                        "are for readers; the jsonl/json/csv exports always carry the explanation)")
    p.add_argument("--with-text", action="store_true",
                   help="with an event store: keep each article's full text in it too")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: this machine's process pool (default); dask: a Dask cluster, a LocalCluster "
                        "of one worker per core unless --scheduler names one (docs/store.md)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="with --engine dask: a running scheduler (tcp://host:8786)")
    p.add_argument("--partitions", type=int, metavar="N",
                   help="with --engine dask: article partitions per batch (default: two per worker)")
    p.set_defaults(func=cmd_events)
    return p


def _day(s: str):
    from .published import parse_published
    d = parse_published(s)
    return d.date() if hasattr(d, "date") and callable(d.date) else d


def cmd_query(args: argparse.Namespace) -> int:
    """``query archive/ [--from D] [--to D] [--text W] [--source S] [--limit N] [--out FILE]``."""
    from .store import Store

    err = sys.stderr
    folder = Path(args.store)
    if not (folder / "events").is_dir():
        print(display_name(f"error: {args.store} is not an event store (no events/ folder in it)"), file=err)
        return 2
    days = {}
    for flag, given in (("--from", args.start), ("--to", args.end)):
        try:
            days[flag] = _day(given) if given else None
        except ValueError:
            print(f"error: {flag}: unreadable date {given!r} (expected ISO 8601, e.g. 2011-02-15)", file=err)
            return 2
    lo, hi = days["--from"], days["--to"]
    if lo and hi and hi < lo:
        print("error: --to is before --from", file=err)
        return 2
    if args.limit is not None and args.limit < 0:
        print("error: --limit must be 0 or more", file=err)
        return 2
    try:
        fmt = format_for(args.out, args.format, _EXT, "jsonl", FORMATS)
    except ValueError as exc:
        print(f"error: {exc}", file=err)
        return 2
    events = Store(folder).query(start=lo, end=hi, text=args.text, source=args.source, limit=args.limit,
                                 merge=not args.no_merge, lang=args.lang)
    try:
        _write(args.out, render(events, fmt, title=args.title or "Chronicle"))
    except OSError as exc:
        print(display_name(f"error: cannot write {args.out}: {exc.strerror or exc}"), file=err)
        return 1
    if args.out != "-":
        print(display_name(f"wrote {len(events)} event{'s' if len(events) != 1 else ''} to {args.out} ({fmt})"),
              file=err)
    return 0


def add_query_parser(subparsers) -> argparse.ArgumentParser:
    """Register the ``query`` command: events from an event store, through DuckDB."""
    p = subparsers.add_parser("query", help="read events from an event store (a window, words, a source)",
                              description="Read the events of an event store written by 'events --out "
                                          "FOLDER', merged across articles, in time order.")
    p.add_argument("store", metavar="STORE", help="the store's folder")
    p.add_argument("--from", dest="start", metavar="DATE", help="events whose interval reaches this day or later")
    p.add_argument("--to", dest="end", metavar="DATE",
                   help="events whose interval starts on this day or earlier (included)")
    p.add_argument("--text", metavar="WORDS", help="every word in the title, sentence or expression")
    p.add_argument("--source", metavar="NAME", help="reported by this outlet")
    p.add_argument("--lang", choices=LANGUAGES, help="the events of the articles in this language")
    p.add_argument("--limit", type=int, metavar="N", help="at most N events")
    p.add_argument("--no-merge", action="store_true", help="each article's events apart")
    p.add_argument("--out", "-o", default="-", metavar="FILE", help="output file (default: standard output)")
    p.add_argument("--format", "-f", choices=FORMATS, help="output format (default: from the --out file's ending)")
    p.add_argument("--title", help="title of the TimelineJS title slide (timelinejs, sheet)")
    p.set_defaults(func=cmd_query)
    return p
