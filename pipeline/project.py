"""Projects: the whole of a piece of work in one ``.chronicle.json`` file.

A project holds the articles (text, publication date, title, outlet, link),
the corrections made to their events, the story's hand edits and the view, so
that the work can be closed, mailed, versioned and opened again, in the app or
with ``python -m pipeline events project.chronicle.json``::

    {"format": "chronicle-project", "version": 1, "title": "…",
     "articles": [{"id": "…", "text": "…", "published": "2021-09-30", …}],
     "corrections": {"<event id>": {"drop": true} | {"title": "…"} |
                                   {"start": "2021-09-27T00:00:00", "end": null}},
     "story": {"dates": 12, "edits": {"2021-09-27": {"remove": true} | {"pin": true} |
                                                     {"headline": "…", "summary": ["…"]}}},
     "view": {"lanes": "source", "q": "hotline", …},
     "events": [{"id": "hand-…", "title": "…", "start": "…", "end": "…", …}]}

``events`` (version 2) are the events the project carries beside its articles' own:
events added by hand and events read back from an export, in the records of
``pipeline.export`` (read back by ``pipeline.imported``).  Version 1 files (without
them) open as before.

Event ids are hashes of the article id, the expressions' offsets and the value,
so a correction finds its event again when the same articles are read again.
:func:`from_json` checks everything and raises :class:`ProjectError` with one line
saying what is wrong; a file from a newer Chronicle is refused, not half read.
Article paths are not kept (a project is shared; local paths are not its business).
"""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Optional

from .model import Article, Event
from .published import parse_published

#: The value of a project file's "format" field.
FORMAT = "chronicle-project"
#: The version this code writes and the newest it reads (2 added "events").
VERSION = 2
#: What each correction may hold.
CORRECTION_KEYS = frozenset({"drop", "title", "start", "end"})
#: What each story edit may hold.
STORY_EDIT_KEYS = frozenset({"pin", "remove", "headline", "summary"})


class ProjectError(ValueError):
    """A project file that cannot be opened; ``str()`` is one line saying why."""


@dataclass(frozen=True)
class Project:
    articles: tuple[Article, ...] = ()
    #: ``{event id: {"drop": True} | {"title": str} | {"start": datetime|None, "end": datetime|None}}``
    corrections: Mapping[str, Mapping] = field(default_factory=dict)
    #: ``{entry key: {"pin": True, "remove": True, "headline": str, "summary": [str]}}``
    story_edits: Mapping[str, Mapping] = field(default_factory=dict)
    #: the number of key dates asked for (None: automatic)
    story_dates: Optional[int] = None
    #: the view as URL parameters (``ui.state.view_to_params``)
    view: Mapping[str, str] = field(default_factory=dict)
    title: str = ""
    #: events carried beside the articles' own: added by hand, or read back from an export
    events: tuple[Event, ...] = ()


def is_project(data: object) -> bool:
    """Whether parsed JSON ``data`` says it is a Chronicle project."""
    return isinstance(data, dict) and data.get("format") == FORMAT


# ------------------------------------------------------------------ writing

def _iso(value: date | datetime | None) -> Optional[str]:
    return None if value is None else value.isoformat()


def to_json(project: Project) -> str:
    """The project file's text (UTF-8 JSON, indented, keys in a stable order)."""
    arts = []
    for a in project.articles:
        rec = {"id": a.id, "title": a.title, "published": _iso(a.published), "source": a.source,
               "url": a.url, "date_source": a.date_source, "text": a.text}
        arts.append({k: v for k, v in rec.items() if v not in (None, "")} | {"id": a.id, "text": a.text})
    corrections = {}
    for eid, ed in sorted(project.corrections.items()):
        out = {}
        if ed.get("drop"):
            out["drop"] = True
        if isinstance(ed.get("title"), str):
            out["title"] = ed["title"]
        if "start" in ed or "end" in ed:
            out["start"], out["end"] = _iso(ed.get("start")), _iso(ed.get("end"))
        if out:
            corrections[eid] = out
    story_edits = {}
    for key, ed in sorted(project.story_edits.items()):
        out = {}
        if ed.get("pin"):
            out["pin"] = True
        if ed.get("remove"):
            out["remove"] = True
        if isinstance(ed.get("headline"), str):
            out["headline"] = ed["headline"]
        if ed.get("summary") is not None:
            out["summary"] = [str(s) for s in ed["summary"]]
        if out:
            story_edits[key] = out
    doc = {"format": FORMAT, "version": VERSION, "title": project.title,
           "articles": arts, "corrections": corrections,
           "story": {"dates": project.story_dates, "edits": story_edits},
           "view": {str(k): str(v) for k, v in sorted(project.view.items())}}
    if project.events:
        from .export import event_records
        doc["events"] = event_records(project.events)
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


# ------------------------------------------------------------------ reading

def _fail(msg: str) -> ProjectError:
    return ProjectError(" ".join(msg.split()))


def _when(value, where: str) -> Optional[datetime]:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _fail(f"{where} must be an ISO 8601 date or null")
    try:
        got = parse_published(value)
    except ValueError:
        raise _fail(f"{where} is not a date: {value[:40]!r}") from None
    return got if isinstance(got, datetime) else datetime(got.year, got.month, got.day)


def _article(rec, i: int, seen: set) -> Article:
    where = f"article {i}"
    if not isinstance(rec, dict):
        raise _fail(f"{where} must be an object")
    aid = rec.get("id")
    if not isinstance(aid, str) or not aid.strip():
        raise _fail(f"{where} has no id")
    if aid in seen:
        raise _fail(f"two articles have the id {aid[:60]!r}")
    seen.add(aid)
    text = rec.get("text")
    if not isinstance(text, str):
        raise _fail(f"article {aid[:60]!r} has no text")
    published = rec.get("published")
    if published is not None:
        if not isinstance(published, str):
            raise _fail(f"article {aid[:60]!r}: published must be an ISO 8601 date or null")
        try:
            published = parse_published(published)
        except ValueError:
            raise _fail(f"article {aid[:60]!r}: published is not a date: {published[:40]!r}") from None
    strs = {}
    for k in ("title", "source", "url", "date_source"):
        v = rec.get(k)
        if v is not None and not isinstance(v, str):
            raise _fail(f"article {aid[:60]!r}: {k} must be text")
        strs[k] = v
    return Article(id=aid, text=text, published=published, title=strs["title"] or "",
                   source=strs["source"] or "", url=strs["url"] or "", date_source=strs["date_source"])


def interval_problem(start: Optional[datetime], end: Optional[datetime]) -> Optional[str]:
    """Why a corrected interval [start, end) makes no sense, or None (None for a side: open)."""
    if start is None and end is None:
        return "an event needs a start or an end"
    if start is not None and end is not None and end <= start:
        return "the end must come after the start"
    return None


def _checked(ed, allowed: frozenset, where: str, *, flags: Sequence[str], texts: Sequence[str]) -> dict:
    """The true/false ``flags`` (kept when true) and the ``texts`` (up to 300 characters)
    of one correction or story edit; ProjectError for anything else in it."""
    if not isinstance(ed, dict):
        raise _fail(f"{where} must be an object")
    extra = set(ed) - allowed
    if extra:
        raise _fail(f"{where} has unknown fields: {', '.join(sorted(extra))[:80]}")
    got: dict = {}
    for flag in flags:
        if flag in ed:
            if not isinstance(ed[flag], bool):
                raise _fail(f"{where}: {flag} must be true or false")
            if ed[flag]:
                got[flag] = True
    for name in texts:
        if name in ed:
            if not isinstance(ed[name], str):
                raise _fail(f"{where}: {name} must be text")
            got[name] = ed[name][:300]
    return got


def _corrections(data) -> dict[str, dict]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise _fail("'corrections' must be an object of event ids")
    out: dict[str, dict] = {}
    for eid, ed in data.items():
        where = f"the correction of event {eid[:40]!r}"
        got = _checked(ed, CORRECTION_KEYS, where, flags=("drop",), texts=("title",))
        if "start" in ed or "end" in ed:
            s, t = _when(ed.get("start"), f"{where}: start"), _when(ed.get("end"), f"{where}: end")
            bad = interval_problem(s, t)
            if bad:
                raise _fail(f"{where}: {bad}")
            got["start"], got["end"] = s, t
        if got:
            out[str(eid)] = got
    return out


def _story(data) -> tuple[Optional[int], dict[str, dict]]:
    if data is None:
        return None, {}
    if not isinstance(data, dict):
        raise _fail("'story' must be an object")
    dates = data.get("dates")
    if dates is not None and (not isinstance(dates, int) or isinstance(dates, bool) or not 1 <= dates <= 1000):
        raise _fail("story dates must be a whole number from 1 to 1000, or null")
    edits = data.get("edits") or {}
    if not isinstance(edits, dict):
        raise _fail("story edits must be an object of dates")
    out: dict[str, dict] = {}
    for key, ed in edits.items():
        where = f"the story edit of {key[:40]!r}"
        got = _checked(ed, STORY_EDIT_KEYS, where, flags=("pin", "remove"), texts=("headline",))
        if "summary" in ed:
            if not isinstance(ed["summary"], list) or not all(isinstance(s, str) for s in ed["summary"]):
                raise _fail(f"{where}: summary must be a list of sentences")
            got["summary"] = tuple(ed["summary"])
        if got:
            out[str(key)] = got
    return dates, out


def from_data(data) -> Project:
    """A Project from parsed JSON; ProjectError (one line) when anything is wrong."""
    if not isinstance(data, dict):
        raise _fail("not a Chronicle project: expected a JSON object")
    if data.get("format") != FORMAT:
        raise _fail(f"not a Chronicle project: its format field is not {FORMAT!r}")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _fail("the project has no valid version (a whole number from 1)")
    if version > VERSION:
        raise _fail(f"the project was made by a newer Chronicle (version {version}; "
                    f"this one opens versions up to {VERSION})")
    arts = data.get("articles")
    if not isinstance(arts, list):
        raise _fail("'articles' must be a list")
    seen: set = set()
    articles = tuple(_article(rec, i, seen) for i, rec in enumerate(arts, 1))
    title = data.get("title") or ""
    if not isinstance(title, str):
        raise _fail("the title must be text")
    view = data.get("view") or {}
    if not isinstance(view, dict) or not all(isinstance(v, str) for v in view.values()):
        raise _fail("'view' must be an object of texts")
    dates, story_edits = _story(data.get("story"))
    return Project(articles=articles, corrections=_corrections(data.get("corrections")),
                   story_edits=story_edits, story_dates=dates, view=dict(view), title=title[:300],
                   events=_events(data.get("events")))


def _events(data) -> tuple[Event, ...]:
    if data is None:
        return ()
    if not isinstance(data, list):
        raise _fail("'events' must be a list of events")
    from .imported import events_from_records
    events, problems = events_from_records(data, "events", line_word="number")
    if problems:
        where, why = problems[0]
        raise _fail(f"{where}: {why.removesuffix('; skipped')}")
    return tuple(events)


def from_json(text: str) -> Project:
    """A Project from a project file's text; ProjectError (one line) when it is not one."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise _fail("not valid JSON (nested too deeply)") from None
    return from_data(data)


def make(articles: Sequence[Article], corrections: Mapping[str, Mapping] | None = None, *,
         story_edits: Mapping[str, Mapping] | None = None, story_dates: Optional[int] = None,
         view: Mapping[str, str] | None = None, title: str = "",
         events: Sequence[Event] = ()) -> Project:
    """A Project of the work in hand (pinned story entries are kept as flags)."""
    edits = {k: {kk: (True if kk == "pin" else vv) for kk, vv in v.items() if kk in STORY_EDIT_KEYS}
             for k, v in (story_edits or {}).items()}
    return Project(articles=tuple(articles), corrections=dict(corrections or {}), story_edits=edits,
                   story_dates=story_dates, view=dict(view or {}), title=title, events=tuple(events))


def apply_corrections(events: Iterable[Event], corrections: Mapping[str, Mapping]) -> list[Event]:
    """``events`` with the corrections applied: dropped events left out, titles and
    intervals replaced (the explanation says the interval was corrected by hand)."""
    out = []
    for e in events:
        ed = corrections.get(e.id)
        if not ed:
            out.append(e)
            continue
        if ed.get("drop"):
            continue
        changes: dict = {}
        if "title" in ed:
            changes["title"] = ed["title"]
        if "start" in ed or "end" in ed:
            s, t = ed.get("start"), ed.get("end")
            changes.update(start=s, end=t, open_start=s is None, open_end=t is None, grain=None,
                           explanation=(e.explanation + " " if e.explanation else "")
                           + "Interval corrected by hand.")
            if len(e.expressions) == 1 and s is not None and t is not None:
                # the story dates an event by its expression: that now names the corrected interval
                changes["expressions"] = (dataclasses.replace(e.expressions[0], date_from=s, date_to=t),)
        out.append(dataclasses.replace(e, **changes))
    return out
