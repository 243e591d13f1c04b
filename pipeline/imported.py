"""Events read back: Chronicle's own exports, and events added by hand.

An events export (CSV, JSON or JSON Lines with :data:`pipeline.export.COLUMNS`)
or a TimelineJS file holds events that are dated already.  Uploaded again, it
is read as events, never as article text:

* :func:`events_from_records` turns export records (JSON objects, or CSV rows
  as dicts of text) into :class:`~pipeline.model.Event` objects;
* :func:`events_from_timelinejs` does the same for a TimelineJS 3 timeline;
* :func:`split_corrections` compares events read back with the events of the
  articles in hand: an event whose id is among them and whose title or
  interval differs becomes a correction (the way to fix dates in a
  spreadsheet and bring the fixes back); the others are events in their own
  right.  An export holds one view (filtered, perhaps), so an event missing
  from it is not taken as dropped.
* :func:`hand_event` makes an event added by hand.

Each bad record gives one line naming it; the other records are kept.
"""
from __future__ import annotations

import dataclasses
import hashlib
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Optional

from .model import Event, Source, Timex
from .published import as_datetime, parse_published
from .temporal.calendar import month_start, months_between
from .wording import is_midnight

__all__ = ["HAND_ARTICLE", "ImportProblem", "events_from_records", "events_from_timelinejs",
           "split_corrections", "hand_event", "interval_precision"]

#: The article id (and lane) of events added by hand.
HAND_ARTICLE = "added by hand"
#: Longest text kept in one field of an imported event.
MAX_FIELD = 5000

_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f", ""}
_DAY = timedelta(days=1)


class ImportProblem(ValueError):
    """One record that cannot be read as an event; ``str()`` says why in one line."""


def _text(value: object, limit: int = MAX_FIELD) -> str:
    if value is None:
        return ""
    s = value if isinstance(value, str) else str(value)
    return s.strip()[:limit]


def _flag(value: object, name: str) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    s = str(value).strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ImportProblem(f"{name} must be true or false, not {_text(value, 20)!r}")


def _when(value: object, name: str) -> Optional[datetime]:
    """A datetime from an ISO string (a spreadsheet's "2021-09-30 00:00:00" too); None for empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return as_datetime(parse_published(value))
    except ValueError:
        raise ImportProblem(f"unreadable {name} {_text(value, 40)!r} (expected ISO 8601, e.g. 2021-09-30)") from None


def interval_precision(start: Optional[datetime], end: Optional[datetime]) -> tuple[Optional[str], str]:
    """The grain and the readable precision of an interval set by hand or read back."""
    if start is None or end is None:
        return None, "open range"
    if end - start == _DAY and is_midnight(start):
        return "day", "day"
    if end - start < _DAY:
        return "time", "time"
    if start.day == 1 and end.day == 1 and is_midnight(start) and is_midnight(end):
        months = months_between(start, end)
        if months == 1:
            return "month", "month"
        if months == 12 and start.month == 1:
            return "year", "year"
    return None, "range"


def _sources(value: object, article: str) -> tuple[Source, ...]:
    """Sources from a JSON list of dicts, or from the CSV cell "id (outlet, url); id2"."""
    out: list[Source] = []
    if isinstance(value, list):
        for s in value[:200]:
            if not isinstance(s, Mapping) or not _text(s.get("article")):
                continue
            try:
                pub = parse_published(s["published"]) if s.get("published") else None
            except ValueError:
                pub = None
            out.append(Source(article=_text(s.get("article"), 300), title=_text(s.get("title"), 300),
                              source=_text(s.get("source"), 300), url=_text(s.get("url"), 2000),
                              published=pub))
    elif isinstance(value, str):
        for part in value.split("; ")[:200]:
            m = re.fullmatch(r"\s*(.+?)\s*(?:\((.*)\))?\s*", part)
            if not m or not m.group(1):
                continue
            extra = [x.strip() for x in (m.group(2) or "").split(", ") if x.strip()]
            url = next((x for x in extra if re.match(r"https?://", x)), "")
            outlet = next((x for x in extra if x != url), "")
            out.append(Source(article=m.group(1)[:300], source=outlet[:300], url=url[:2000]))
    return tuple(out) or (Source(article=article),)


def _expressions(expression: str, sentence: str, type_: str, value: str, mod: Optional[str],
                 grain: Optional[str]) -> tuple[Timex, ...]:
    """The expressions of "Thursday morning … Friday", each placed in the sentence (offsets
    into it) where it is found after the one before; one not found is kept, with no span."""
    out = []
    at = 0
    for text in (t for t in expression.split(" … ") if t):
        i = sentence.find(text, at)
        s, e = (i, i + len(text)) if i >= 0 else (0, 0)
        at = e if i >= 0 else at
        out.append(Timex(start=s, end=e, text=text, type=type_, value=value, mod=mod, grain=grain))
    return tuple(out)


def _dating(start: Optional[datetime], end: Optional[datetime], grain: Optional[str],
            value: str = "") -> tuple[Timex, ...]:
    """A span-less expression that dates an event read back or added by hand over
    [start, end), so that the story counts it as it counts a read expression."""
    if start is None or end is None:
        return ()
    return (Timex(start=0, end=0, text="", type="DATE", value=value, grain=grain,
                  date_from=start, date_to=end, rule="imported"),)


def _event(rec: Mapping) -> Event:
    eid = _text(rec.get("id"), 200)
    if not eid:
        raise ImportProblem("no id")
    start, end = _when(rec.get("start"), "start"), _when(rec.get("end"), "end")
    if start is None and end is None:
        raise ImportProblem("no start and no end: an event needs at least one")
    if start is not None and end is not None and end <= start:
        raise ImportProblem("the end must come after the start")
    open_start = _flag(rec.get("open_start"), "open_start") or start is None
    open_end = _flag(rec.get("open_end"), "open_end") or end is None
    article = _text(rec.get("article"), 300) or "imported"
    sentence = _text(rec.get("sentence"))
    expression = _text(rec.get("expression"), 300)
    grain = _text(rec.get("grain"), 20) or None
    expressions = _expressions(expression, sentence, _text(rec.get("type"), 20) or "DATE",
                               _text(rec.get("value"), 100), _text(rec.get("mod"), 20) or None, grain)
    if len(expressions) == 1 and start is not None and end is not None:  # its interval is the expression's
        expressions = (dataclasses.replace(expressions[0], date_from=start, date_to=end),)
    elif not expressions:
        expressions = _dating(start, end, grain, _text(rec.get("value"), 100))
    sources = _sources(rec.get("sources"), article)
    first = next((s for s in sources if s.article == article), sources[0])
    return Event(id=eid, article=article, title=_text(rec.get("title"), 300), sentence=sentence,
                 sentence_start=0, sentence_end=len(sentence), expressions=expressions,
                 value=_text(rec.get("value"), 100), type=_text(rec.get("type"), 20) or "DATE",
                 mod=_text(rec.get("mod"), 20) or None, grain=grain, start=start, end=end,
                 precision=_text(rec.get("precision"), 30) or interval_precision(start, end)[1],
                 explanation=_text(rec.get("explanation")), open_start=open_start, open_end=open_end,
                 approximate=_flag(rec.get("approximate"), "approximate"), published=first.published,
                 source=first.source, url=first.url, sources=sources, lang=_lang(rec.get("lang")))


def _lang(value) -> str:
    """An imported event's language code ("fr"); an export from before languages were
    kept, or an unknown code, reads as English."""
    from .model import LANGUAGES
    code = _text(value, 10).lower()
    return code if code in LANGUAGES else "en"


def events_from_records(records: Iterable[object], name: str, *, line_word: str = "record",
                        numbered: bool = False) -> tuple[list[Event], list[tuple[str, str]]]:
    """The events of an export's records, and a ``(where, why)`` pair per record left out
    (a bad record, a repeated id).  Records are named in messages by ``line_word`` and
    their number: their place from 1, or, ``numbered``, the number each comes with as
    ``(number, record)`` pairs (a file's line numbers)."""
    events: list[Event] = []
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for n, rec in (records if numbered else enumerate(records, 1)):
        where = f"{name} {line_word} {n}"
        if not isinstance(rec, Mapping):
            problems.append((where, f"expected an event object, got {type(rec).__name__}; skipped"))
            continue
        rec = {str(k).strip().lower(): v for k, v in rec.items()}
        try:
            ev = _event(rec)
        except ImportProblem as exc:
            problems.append((where, f"{exc}; skipped"))
            continue
        if ev.id in seen:
            problems.append((where, f"duplicate event id {ev.id!r}; skipped"))
            continue
        seen.add(ev.id)
        events.append(ev)
    return events, problems


_TAG = re.compile(r"<[^>]*>")


def _plain(s: object) -> str:
    """TimelineJS text (HTML) as plain text."""
    return html.unescape(_TAG.sub(" ", _text(s))).strip()


def _tl_date(d: object, name: str, *, end: bool) -> Optional[datetime]:
    """A TimelineJS date object as the start of its period, or (``end``) the end of it."""
    if d is None:
        return None
    if not isinstance(d, Mapping):
        raise ImportProblem(f"{name} must be an object with a year")
    try:
        y = int(str(d.get("year")).strip())
        mo = int(str(d.get("month") or 1).strip())
        dd = int(str(d.get("day") or 1).strip())
        hh = int(str(d.get("hour") or 0).strip())
        mi = int(str(d.get("minute") or 0).strip())
        t = datetime(y, mo, dd, hh, mi)
    except (TypeError, ValueError, OverflowError):
        raise ImportProblem(f"{name} is not a date") from None
    if not end:
        return t
    try:
        if d.get("hour") not in (None, ""):
            return t + timedelta(minutes=1 if d.get("minute") not in (None, "") else 60)
        if d.get("day") not in (None, ""):
            return t + _DAY
        if d.get("month") not in (None, ""):
            return month_start(y, mo + 1)
        return datetime(y + 1, 1, 1)
    except (ValueError, OverflowError):
        return None


def events_from_timelinejs(data: Mapping, name: str) -> tuple[list[Event], list[tuple[str, str]]]:
    """The slides of a TimelineJS 3 timeline as events (headline as title, text as sentence,
    group as outlet); the title slide is not an event."""
    events: list[Event] = []
    problems: list[tuple[str, str]] = []
    for n, slide in enumerate(data.get("events") or [], 1):
        where = f"{name} slide {n}"
        if not isinstance(slide, Mapping):
            problems.append((where, "not a slide object; skipped"))
            continue
        try:
            start = _tl_date(slide.get("start_date"), "start_date", end=False)
            if start is None:
                raise ImportProblem("no start_date")
            end = _tl_date(slide.get("end_date") or slide.get("start_date"), "end_date", end=True)
        except ImportProblem as exc:
            problems.append((where, f"{exc}; skipped"))
            continue
        text = slide.get("text") if isinstance(slide.get("text"), Mapping) else {}
        headline, body = _plain(text.get("headline")), _plain(text.get("text"))
        group = _text(slide.get("group"), 300)
        eid = _text(slide.get("unique_id"), 200) or "tl-" + hashlib.sha1(
            f"{n}|{start}|{headline}".encode("utf-8", "replace")).hexdigest()[:12]
        grain, precision = interval_precision(start, end)
        article = group or name
        events.append(Event(id=eid, article=article, title=headline[:300], sentence=body,
                            sentence_start=0, sentence_end=len(body),
                            expressions=_dating(start, end, grain), value="",
                            type="DATE", mod=None, grain=grain, start=start, end=end,
                            precision=precision, explanation=f"Read from the TimelineJS file {name}.",
                            open_start=False, open_end=end is None, source=group,
                            sources=(Source(article=article, source=group),)))
    return events, problems


def split_corrections(imported: Sequence[Event], events: Sequence[Event]) -> tuple[dict[str, dict], list[Event]]:
    """``(corrections, rest)``: the imported events that are events in hand with another
    title or interval, as corrections (``pipeline.project`` form); the imported events
    that are not events in hand, as they are.  Events read back unchanged give nothing."""
    by_id = {e.id: e for e in events}
    corrections: dict[str, dict] = {}
    rest: list[Event] = []
    for imp in imported:
        mine = by_id.get(imp.id)
        if mine is None:
            rest.append(imp)
            continue
        fix: dict = {}
        if imp.title and imp.title != mine.title:
            fix["title"] = imp.title
        if (imp.start, imp.end) != (mine.start, mine.end):
            fix["start"], fix["end"] = imp.start, imp.end
        if fix:
            corrections[imp.id] = fix
    return corrections, rest


def hand_event(title: str, start: date | datetime, end: date | datetime | None = None, *,
               note: str = "", source: str = "", url: str = "") -> Event:
    """An event added by hand over ``[start, end)`` (``end`` defaults to the day after
    ``start``, or a minute after a time).  ImportProblem names what is wrong."""
    title = _text(title, 300)
    if not title:
        raise ImportProblem("an event added by hand needs a title")
    if start is None:
        raise ImportProblem("an event added by hand needs a start")
    s = as_datetime(start)
    if end is None:
        t = s + (_DAY if is_midnight(s) else timedelta(minutes=1))
    else:
        t = as_datetime(end)
    if t <= s:
        raise ImportProblem("the end must come after the start")
    grain, precision = interval_precision(s, t)
    note = _text(note)
    eid = "hand-" + hashlib.sha1(f"{title}|{s.isoformat()}|{t.isoformat()}|{note}".encode(
        "utf-8", "replace")).hexdigest()[:12]
    return Event(id=eid, article=HAND_ARTICLE, title=title, sentence=note or title, sentence_start=0,
                 sentence_end=len(note or title), expressions=_dating(s, t, grain),
                 value=s.date().isoformat() if grain == "day" else "",
                 type="DATE", mod=None, grain=grain, start=s, end=t, precision=precision,
                 explanation="Added by hand.", source=_text(source, 300), url=_text(url, 2000),
                 sources=(Source(article=HAND_ARTICLE, source=_text(source, 300), url=_text(url, 2000)),))
