"""Exports of events: records, JSON Lines, JSON, CSV and TimelineJS 3.

    event_records(events) -> list[dict]
    to_jsonl(events) -> str
    to_json(events) -> str
    to_csv(events) -> str
    to_timelinejs(events, title="Chronicle") -> dict
    to_sheet_csv(events, title="Chronicle") -> str   (TimelineJS's Google Sheets template)
    sheet_csv(rows) -> str                            (that template's writer, shared with stories)

Dates are ISO 8601 strings; ``end`` is exclusive (the day after the last
day).  CSV cells that a spreadsheet would run as a formula are neutralised
with a leading ``'``; all article text in TimelineJS is HTML-escaped.  The text
exports can always be written as UTF-8: a lone surrogate (which a Python string
given to the API can hold, and no UTF-8 file can) comes out as U+FFFD.
"""
from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import date, datetime, timedelta
from typing import Iterable, Mapping, Optional
from urllib.parse import urlsplit

from .model import Event

__all__ = ["COLUMNS", "SHEET_COLUMNS", "event_records", "to_jsonl", "to_json", "to_csv", "to_timelinejs",
           "sheet_csv", "to_sheet_csv", "FORMATS", "render"]

COLUMNS = ("id", "article", "title", "sentence", "expression", "value", "type", "mod", "grain",
           "start", "end", "precision", "open_start", "open_end", "approximate", "explanation",
           "sources", "lang")

FORMATS = ("jsonl", "json", "csv", "timelinejs", "sheet")

#: The columns of TimelineJS's Google Sheets template, in its order.
SHEET_COLUMNS = ("Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
                 "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
                 "Media Thumbnail", "Type", "Group", "Background")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _utf8(s: str) -> str:
    """``s`` with each lone surrogate replaced by U+FFFD, so that it encodes as UTF-8."""
    return _SURROGATE.sub("\ufffd", s)


def _esc(s: str) -> str:
    return html.escape(_utf8(s))


def _iso(d: Optional[date | datetime]) -> Optional[str]:
    return d.isoformat() if d is not None else None


def event_records(events: Iterable[Event]) -> list[dict]:
    """Plain dicts (JSON-ready) with the export columns; ``sources`` is a list of dicts."""
    out = []
    for e in events:
        out.append({
            "id": e.id, "article": e.article, "title": e.title, "sentence": e.sentence,
            "expression": e.expression, "value": e.value, "type": e.type, "mod": e.mod,
            "grain": e.grain, "start": _iso(e.start), "end": _iso(e.end),
            "precision": e.precision, "open_start": e.open_start, "open_end": e.open_end,
            "approximate": e.approximate, "explanation": e.explanation,
            "sources": [{"article": s.article, "title": s.title, "source": s.source, "url": s.url,
                         "published": _iso(s.published)} for s in e.sources],
            "lang": e.lang,
        })
    return out


def to_jsonl(events: Iterable[Event]) -> str:
    """One JSON object per line (UTF-8 text, not ASCII-escaped)."""
    return _utf8("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in event_records(events)))


def to_json(events: Iterable[Event]) -> str:
    """A JSON array of the records."""
    return _utf8(json.dumps(event_records(events), ensure_ascii=False, indent=1)) + "\n"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(v) -> str:
    if v is None:
        s = ""
    elif isinstance(v, bool):
        s = "true" if v else "false"
    else:
        s = str(v)
    if s.startswith(_FORMULA_START):
        s = "'" + s
    return s


def _sources_cell(sources: list[dict]) -> str:
    parts = []
    for s in sources:
        label = s["article"]
        extra = ", ".join(x for x in (s.get("source"), s.get("url")) if x)
        parts.append(f"{label} ({extra})" if extra else label)
    return "; ".join(parts)


def to_csv(events: Iterable[Event]) -> str:
    """CSV with a header row of :data:`COLUMNS`; formula-like cells start with ``'``."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")  # RFC 4180; also makes the writer quote cells with CR
    w.writerow(COLUMNS)
    for r in event_records(events):
        r = dict(r, sources=_sources_cell(r["sources"]))
        w.writerow([_cell(r[c]) for c in COLUMNS])
    return _utf8(buf.getvalue())


# --------------------------------------------------------------------- TimelineJS 3

_FIELDS = {"time": ("year", "month", "day", "hour", "minute"), "day": ("year", "month", "day"),
           "week": ("year", "month", "day"), "month": ("year", "month"), "quarter": ("year", "month"),
           "season": ("year", "month"), "year": ("year",), "decade": ("year",), "century": ("year",)}


def _date_obj(d: datetime, grain: Optional[str]) -> dict:
    fields = _FIELDS.get(grain or "day", ("year", "month", "day"))
    if grain in (None, "day") and (d.hour or d.minute):
        fields = _FIELDS["time"]
    return {f: getattr(d, f) for f in fields}


def _last(end: datetime, grain: Optional[str]) -> datetime:
    """The last moment of ``[.., end)`` for display: the day before a midnight end, else a minute before."""
    if grain != "time" and (end.hour, end.minute, end.second, end.microsecond) == (0, 0, 0, 0):
        return end - timedelta(days=1)
    return end - timedelta(minutes=1)


def _safe_url(url: str) -> Optional[str]:
    if _SURROGATE.search(url):
        return None  # no link can be written with it
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def _slide_text(e: Event, explanations: bool = False) -> str:
    esc = _esc
    parts = [f"<p>{esc(e.sentence)}</p>"]
    if explanations:
        parts.append(f"<p><em>{esc(e.explanation)}</em></p>")
    srcs = []
    for s in e.sources:
        name = esc(s.title or s.source or s.article)
        url = _safe_url(s.url)
        srcs.append(f'<a href="{esc(url)}" rel="noopener noreferrer">{name}</a>' if url else name)
    if srcs:
        parts.append("<p>Sources: " + ", ".join(srcs) + "</p>")
    return "".join(parts)


def outlet_group(source: str) -> str:
    """A slide group that names an outlet the same way whatever the input said:
    a web address reads as its site ("https://www.apnews.com/x" and "apnews.com"
    both give "apnews.com"); no outlet gives "Other sources" (never an article id)."""
    s = " ".join((source or "").split())
    if not s:
        return "Other sources"
    if _WEB_ADDRESS.fullmatch(s):
        return (urlsplit(s if "//" in s else "//" + s).hostname or s).removeprefix("www.")
    return s


_WEB_ADDRESS = re.compile(r"(?:https?://)?[\w.-]+\.[a-z]{2,}(?:/\S*)?", re.I)


def _slide_dates(e: Event) -> Optional[tuple[dict, Optional[dict]]]:
    """The event's TimelineJS start and (inclusive) end date objects, or None for an
    event with neither start nor end.  Dates carry only the fields of the event's
    precision; an open range without a start uses its end as start; the end is
    None when it shows the same as the start."""
    g_start = e.expressions[0].grain if e.expressions and e.precision not in ("open range",) else None
    g_end = e.expressions[-1].grain if e.expressions and e.precision not in ("open range",) else None
    if e.grain and e.precision not in ("range", "open range"):
        g_start = g_end = e.grain
    start, end = e.start, e.end
    if start is None and end is None:
        return None
    if start is None:
        return _date_obj(_last(end, g_end), g_end), None
    start_obj = _date_obj(start, g_start)
    if end is not None:
        end_obj = _date_obj(_last(end, g_end), g_end)
        if end_obj != start_obj:
            return start_obj, end_obj
    return start_obj, None


def _title_text(n_slides: int, events: list[Event]) -> str:
    """"3 events from 2 articles" (escaped)."""
    n_articles = len({s.article for e in events for s in e.sources} or {e.article for e in events})
    return html.escape(f"{n_slides} event{'s' if n_slides != 1 else ''} from {n_articles} "
                       f"article{'s' if n_articles != 1 else ''}")


def to_timelinejs(events: Iterable[Event], title: str = "Chronicle", *, explanations: bool = False) -> dict:
    """A TimelineJS 3 JSON document (``title`` slide + ``events``), all text HTML-escaped.

    Dates carry only the fields of the event's precision (a month event has
    year and month).  Open ranges without a start use their end as start.
    Slides hold the sentence and its sources; how the date was read (the
    explanation, meant for checking, not for readers) only with
    ``explanations=True``.  Groups are outlets (:func:`outlet_group`).
    """
    events = list(events)
    slides = []
    for e in events:
        dates = _slide_dates(e)
        if dates is None:
            continue
        slide: dict = {"unique_id": _utf8(e.id),
                       "text": {"headline": _esc(e.title), "text": _slide_text(e, explanations)},
                       "group": _esc(outlet_group(e.source)),
                       "start_date": dates[0]}
        if dates[1] is not None:
            slide["end_date"] = dates[1]
        slides.append(slide)
    return {"title": {"text": {"headline": _esc(title), "text": _title_text(len(slides), events)}},
            "events": slides}


# --------------------------------------------------------------------- TimelineJS Google Sheets template

def sheet_csv(rows: Iterable[Mapping]) -> str:
    """TimelineJS's Google Sheets template as CSV: the header (:data:`SHEET_COLUMNS`),
    then one row per mapping (a column it lacks is empty).  Every cell is
    formula-guarded (a leading ``'``); HTML in Headline and Text is the caller's
    to escape (TimelineJS renders it)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(SHEET_COLUMNS)
    for r in rows:
        w.writerow([_cell(r.get(c)) for c in SHEET_COLUMNS])
    return _utf8(buf.getvalue())


def _sheet_date(d: dict, prefix: str = "") -> dict:
    """A TimelineJS date object as the template's Year, Month, Day and Time cells."""
    row = {f"{prefix}Year": d["year"]}
    if "month" in d:
        row[f"{prefix}Month"] = d["month"]
    if "day" in d:
        row[f"{prefix}Day"] = d["day"]
    if "hour" in d:
        row[f"{prefix}Time"] = f"{d['hour']:02d}:{d.get('minute', 0):02d}"
    return row


def to_sheet_csv(events: Iterable[Event], title: str = "Chronicle", *, explanations: bool = False) -> str:
    """The events as TimelineJS's Google Sheets template (:data:`SHEET_COLUMNS`): a
    title row, then one row per dated event with the slides of :func:`to_timelinejs`
    (the same dates, Headline and Text HTML with article text escaped and links only
    to http(s) URLs, Group the outlet by :func:`outlet_group`).  Explanations only
    with ``explanations=True``.  Paste or import it into a copy of the template."""
    tl = to_timelinejs(events, title=title, explanations=explanations)
    rows = []
    for slide in tl["events"]:
        row = _sheet_date(slide["start_date"])
        if "end_date" in slide:
            row.update(_sheet_date(slide["end_date"], "End "))
        row.update({"Headline": slide["text"]["headline"], "Text": slide["text"]["text"], "Group": slide["group"]})
        rows.append(row)
    title_slide = tl["title"]["text"]
    head = {"Headline": title_slide["headline"], "Text": f"<p>{title_slide['text']}</p>", "Type": "title"}
    return sheet_csv([head] + rows)


def render(events: Iterable[Event], fmt: str, title: str = "Chronicle", *, explanations: bool = False) -> str:
    """The export ``fmt`` (one of :data:`FORMATS`) as text (``explanations``: in
    TimelineJS slides and sheet rows too; the data formats always carry them)."""
    if fmt == "jsonl":
        return to_jsonl(events)
    if fmt == "json":
        return to_json(events)
    if fmt == "csv":
        return to_csv(events)
    if fmt == "timelinejs":
        return json.dumps(to_timelinejs(events, title=title, explanations=explanations),
                          ensure_ascii=False, indent=1) + "\n"
    if fmt == "sheet":
        return to_sheet_csv(events, title=title, explanations=explanations)
    raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
