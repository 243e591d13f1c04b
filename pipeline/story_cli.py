"""Command line: ``python -m pipeline story INPUT... --out FILE``.

Registered on the main parser by :func:`add_story_parser` (``pipeline/cli.py``).
Inputs are read, and bad inputs reported, exactly as by ``events``
(``pipeline.events_cli.load_inputs``); the output is written whole, as there.
"""
from __future__ import annotations

import argparse
import os
import sys
from datetime import date, datetime
from typing import Optional

from .model import GENRE_HELP, GENRES, LANG_HELP, LANGUAGES
from .articles import display_name
from .events_cli import _write, format_for, load_inputs, output_error, report_problems, with_read_back
from .story_edits import apply_story_edits
from .story_export import STORY_FORMATS, render

_EXT = {".json": "json", ".md": "md", ".markdown": "md", ".csv": "csv"}

DESCRIPTION = """\
Tell the story of many news articles as its key dates, each with a short
summary and the articles that report it, and write it to a file.

Every article is turned into dated events as by the events command (see
docs/events.md); the dates that the articles' evidence points to most are
chosen and each is summarised by its most central sentences (see
docs/story.md and pipeline/story.py).

INPUT is read exactly as by the events command: JSON / JSON Lines article
records ({"id", "title", "published", "source", "url", "text"}), plain text
or HTML files, or directories of them (see docs/input.md).  An article with
no publication date is skipped (named on standard error); --published DATE
sets the date of every article instead.

--from/--to (inclusive) keep only the articles published in that span, and
only key dates in it.  --dates N writes exactly N key dates (fewer only when
there are fewer candidate dates); by default a readable number is chosen.

A project file (.chronicle.json, saved by the app; see docs/projects.md)
among the inputs gives its articles, corrections and events as for the
events command, and its story as the app shows it: its number of key dates
and its title (unless --dates or --title is given; the last project's), and
its hand edits: removed dates are left out, retyped headlines and summaries
replace the chosen ones (a later project's edit of a date wins).

Output formats: json, md (a readable Markdown timeline), csv (TimelineJS's
Google Sheets template; spreadsheet-safe), timelinejs (TimelineJS 3 JSON).
The format comes from the --out file's ending (.json .md .csv;
*.timeline.json or *.timelinejs for TimelineJS) unless --format is given;
--out - writes to standard output (default format md).

Exit status: 0 when every input was used; 1 when anything was skipped (an
unreadable or malformed input, an undated article, a failed article: each is
named on standard error, one line each; the rest is written), or when
writing the output failed midway (an old --out file is kept whole); 2 for a
bad command line (an --out that cannot be written: a missing or unwritable
folder, a directory, a symbolic link loop, is found before any work), or
when no article could be read from the inputs (an empty file or path, say).
Nothing is written on exit 2: an old --out file is kept.
A line "note NAME: ..." says that an input was read whole but something was
guessed or mended (an encoding, a CSV row's extra fields joined back into
its text): it leaves the status 0."""


def _day_option(name: str, value: Optional[str]) -> Optional[date]:
    """An inclusive day from --from/--to (ISO 8601); ValueError with a readable message."""
    if value is None:
        return None
    from .published import parse_published
    try:
        d = parse_published(value)
    except ValueError as exc:
        raise ValueError(f"{name}: {str(exc).replace('publication date', 'date')}") from None
    return d.date() if isinstance(d, datetime) else d


def _pub_day(v) -> Optional[date]:
    if isinstance(v, datetime):
        return v.date()
    return v if isinstance(v, date) else None


def project_story_edits(projects) -> dict[str, dict]:
    """The story edits of the ``projects`` among the inputs, merged by entry key (a later
    project's edit of a date replaces an earlier one's, as their corrections do)."""
    edits: dict[str, dict] = {}
    for p in projects:
        edits.update({key: dict(ed) for key, ed in p.story_edits.items()})
    return edits


def cmd_story(args: argparse.Namespace) -> int:
    from .articles import Problem
    from .storyline import story

    err = sys.stderr
    try:
        fmt = format_for(args.out, args.format, _EXT, "md", STORY_FORMATS)
        lo, hi = _day_option("--from", args.start), _day_option("--to", args.end)
    except ValueError as exc:
        print(f"error: {exc}", file=err)
        return 2
    checks = [(args.dates is not None and args.dates < 0, "--dates must be 0 or more"),
              (args.sentences < 1, "--sentences must be at least 1"),
              (args.workers is not None and args.workers < 1, "--workers must be at least 1"),
              (lo is not None and hi is not None and hi < lo, f"--to {hi} is before --from {lo}")]
    for bad, message in checks:
        if bad:
            print(f"error: {message}", file=err)
            return 2
    bad = output_error(args.out, args.inputs)
    if bad:
        print(f"error: {bad}", file=err)
        return 2
    loaded, status = load_inputs(args.inputs, args.published, err)
    if loaded is None:
        return status
    # Undated articles are named here (as build_events names them) whether or
    # not a span is given: story() drops them silently when --from/--to is set.
    dated = [a for a in loaded.articles if a.published is not None]
    status = max(status, report_problems(
        [Problem(a.path or a.id, f"article {a.id!r} has no publication date")
         for a in loaded.articles if a.published is None], err))
    problems: list = []
    workers = args.workers or os.cpu_count() or 1
    items: list = dated
    if loaded.events or any(p.corrections or p.events for p in loaded.projects):
        # A project's corrections (and events read back or added by hand) were made on the
        # events the app shows: build those, apply them, and tell the story of the result.
        from .events import build_events
        items = with_read_back(build_events(dated, workers=workers, problems=problems, genre=args.genre,
                                               lang=args.lang),
                               loaded, err)
    # A project opened in the app sets the number of key dates and the title (the last
    # project's) and brings its story edits: the options given here win over the first two.
    last = loaded.projects[-1] if loaded.projects else None
    n_dates = args.dates if args.dates is not None else (last.story_dates if last else None)
    title = args.title if args.title is not None else (last.title if last else "")
    result = story(items, dates=n_dates, sentences=args.sentences, start=lo, end=hi, genre=args.genre, lang=args.lang,
                   problems=problems, workers=workers, title=title,
                   articles=dated if items is not dated else ())
    edits = project_story_edits(loaded.projects)
    if edits:
        result = apply_story_edits(result, edits)
    status = max(status, report_problems(problems, err))
    try:
        _write(args.out, render(result, fmt))
    except OSError as exc:
        print(display_name(f"error: cannot write {args.out}: {exc.strerror or exc}"), file=err)
        return 1
    if args.out != "-":
        n = len(dated)
        used = sum(1 for a in dated if (lo is None or _pub_day(a.published) >= lo)
                   and (hi is None or _pub_day(a.published) <= hi))
        from_n = f"{used} of {n}" if used != n else f"{n}"
        k = len(result)
        print(f"wrote {k} key date{'s' if k != 1 else ''} from {from_n} article{'s' if n != 1 else ''} "
              f"to {display_name(args.out)} ({fmt})", file=err)
    return status


def _count(value: str) -> int:
    """A whole number for argparse (negative numbers pass, to be refused with a clear message)."""
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None


def add_story_parser(subparsers) -> argparse.ArgumentParser:
    """Register the ``story`` command on the main parser's subparsers."""
    p = subparsers.add_parser("story", help="key dates of many articles, summarised (json, md, csv, timelinejs)",
                              description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="article files or directories")
    p.add_argument("--out", "-o", required=True, metavar="FILE", help="output file (- for standard output)")
    p.add_argument("--format", "-f", choices=STORY_FORMATS,
                   help="output format (default: from the --out file's ending; md for -)")
    p.add_argument("--published", metavar="DATE",
                   help="publication date (ISO 8601) of every article: overrides the dates found in the inputs")
    p.add_argument("--dates", "-n", type=_count, metavar="N",
                   help="number of key dates (default: a project input's number of key dates, "
                        "else chosen from the evidence)")
    p.add_argument("--sentences", "-k", type=_count, default=2, metavar="K",
                   help="summary sentences per date (default: 2)")
    p.add_argument("--from", dest="start", metavar="DATE",
                   help="first day (ISO 8601, inclusive): articles published and key dates from then on")
    p.add_argument("--to", dest="end", metavar="DATE",
                   help="last day (ISO 8601, inclusive): articles published and key dates up to then")
    p.add_argument("--title", help="title of the story (Markdown heading, TimelineJS title slide; "
                                   "default: a project input's title)")
    p.add_argument("--workers", "-j", type=_count, metavar="N", help="worker processes (default: all cores)")
    p.add_argument("--genre", choices=GENRES, default=None, help=GENRE_HELP)
    p.add_argument("--lang", choices=LANGUAGES, default=None, help=LANG_HELP)
    p.set_defaults(func=cmd_story)
    return p
