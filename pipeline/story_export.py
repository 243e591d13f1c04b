"""Exports of a story (``pipeline.story``): JSON, Markdown, CSV and TimelineJS 3.

    to_json(story) -> str
    to_markdown(story) -> str
    to_csv(story) -> str              (TimelineJS's Google Sheets template)
    to_timelinejs(story, title=None) -> dict
    render(story, fmt) -> str         fmt in STORY_FORMATS

Pure functions of the :class:`~pipeline.story_model.Story` records: no I/O.
Article text never adds structure to an export: it is escaped for Markdown
and HTML, only http(s) URLs become links, and CSV cells that a spreadsheet
would run as a formula start with ``'`` (``pipeline.export``'s guard).  A lone
surrogate in a string comes out as U+FFFD, so every export can be written as UTF-8.
"""
from __future__ import annotations

import html
import json
import re
from datetime import date, datetime, timedelta
from typing import Optional
from urllib.parse import quote

from .export import SHEET_COLUMNS, _safe_url, _utf8, sheet_csv
from .model import Source
from .story_model import Story, StoryEntry
from .wording import date_words

__all__ = ["STORY_FORMATS", "CSV_COLUMNS", "to_json", "to_markdown", "to_csv", "to_timelinejs", "render"]

STORY_FORMATS = ("json", "md", "csv", "timelinejs")

#: The columns of TimelineJS's Google Sheets template, in its order (``export.SHEET_COLUMNS``).
CSV_COLUMNS = SHEET_COLUMNS

#: Title used where a story has none and the format needs one.
DEFAULT_TITLE = "Chronicle"


# --------------------------------------------------------------------- helpers

def _one_line(s: Optional[str]) -> str:
    return " ".join(_utf8(s or "").split())


def _url(url: Optional[str]) -> Optional[str]:
    """The URL if it is a safe http(s) link (no javascript:, data:, ...), else None."""
    url = (url or "").strip()
    if not url or any(ord(c) < 32 or c == "\x7f" for c in url):
        return None
    return _safe_url(url)


def _day(v) -> Optional[date]:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    return None


def _pub_label(v) -> str:
    d = _day(v)
    return date_words(d) if d else ""


def _last_day(e: StoryEntry) -> date:
    """The entry's last day; a week that would run past 9999-12-31 ends there."""
    if e.grain == "week":
        return e.date + timedelta(days=min(6, (date.max - e.date).days))
    return e.end - timedelta(days=1)


def _counts(story: Story) -> str:
    n, a = len(story.entries), story.articles
    return f"{n} key date{'s' if n != 1 else ''} from {a} article{'s' if a != 1 else ''}"


# --------------------------------------------------------------------- JSON

def to_json(story: Story) -> str:
    """``Story.to_json()`` as text: title, articles, events, from, to, entries."""
    return _utf8(json.dumps(story.to_json(), ensure_ascii=False, indent=1)) + "\n"


# --------------------------------------------------------------------- Markdown

# Characters that start inline Markdown (emphasis, code, links, images, tables,
# strike-through, headings, block quotes) anywhere in a line.
_MD_INLINE = re.compile(r"([\\`*_\[\]{}()#|~!])")
# What starts a block at the beginning of a line: list items, setext/thematic
# breaks, ordered-list numbers.
_MD_LEAD = re.compile(r"^([-+=]|\d+(?=[.)]))")


def md_escape(text: Optional[str]) -> str:
    """Article text as literal Markdown on one line: no HTML, links, emphasis or blocks."""
    s = _one_line(text)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _MD_INLINE.sub(r"\\\1", s)
    m = _MD_LEAD.match(s)
    if m:
        lead = m.group(1)
        s = ("\\" + s) if not lead[0].isdigit() else lead + "\\" + s[len(lead):]
    return s


def _md_url(url: str) -> str:
    """A link destination that cannot end the link early (spaces, brackets, quotes percent-encoded)."""
    return quote(url, safe=":/?#@!$&'*+,;=%~-._[]")


def _md_source(s: Source) -> str:
    name = md_escape(s.title or s.article)
    url = _url(s.url)
    text = f"[{name}]({_md_url(url)})" if url else name
    outlet = md_escape(s.source)
    when = _pub_label(s.published)
    return "".join((f"{outlet}: " if outlet else "", text, f" ({when})" if when else ""))


def to_markdown(story: Story) -> str:
    """A readable timeline: the title, then per entry a heading (date in words, headline),
    the summary and the sources (outlet: linked title (date)).  Article text is escaped."""
    lines = [f"# {md_escape(story.title) or DEFAULT_TITLE}", ""]
    span = ""
    if story.start or story.end:
        lo = date_words(story.start) if story.start else "the start"
        hi = date_words(story.end) if story.end else "the end"
        span = f", {lo} to {hi}"
    lines += [f"{_counts(story)}{span}.", ""]
    for e in story.entries:
        head = md_escape(e.headline)
        lines += [f"## {e.label}" + (f": {head}" if head else ""), ""]
        summary = " ".join(md_escape(s) for s in e.summary if _one_line(s))
        if summary:
            lines += [summary, ""]
        if e.sources:
            lines.append("Sources:")
            lines += [f"- {_md_source(s)}" for s in e.sources]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


# --------------------------------------------------------------------- HTML text (CSV, TimelineJS)

def _html_text(e: StoryEntry) -> str:
    """The summary and the sources as HTML: article text escaped, links only to http(s) URLs."""
    esc = html.escape
    parts = [f"<p>{esc(_one_line(s))}</p>" for s in e.summary if _one_line(s)]
    srcs = []
    for s in e.sources:
        name = esc(_one_line(s.title or s.article))
        url = _url(s.url)
        link = f'<a href="{esc(url)}" rel="noopener noreferrer">{name}</a>' if url else name
        extra = ", ".join(x for x in (esc(_one_line(s.source)), esc(_pub_label(s.published))) if x)
        srcs.append(f"{link} ({extra})" if extra else link)
    if srcs:
        parts.append("<p>Sources: " + "; ".join(srcs) + "</p>")
    return "".join(parts)


def _headline(e: StoryEntry) -> str:
    return html.escape(_one_line(e.headline) or e.label)


# --------------------------------------------------------------------- CSV (TimelineJS template)

def _csv_row(e: StoryEntry) -> dict:
    d = e.date
    row = {"Year": d.year, "Month": d.month}
    if e.grain != "month":
        row["Day"] = d.day
    if e.grain == "week":
        last = _last_day(e)
        row.update({"End Year": last.year, "End Month": last.month, "End Day": last.day})
    row.update({"Display Date": e.label, "Headline": _headline(e), "Text": _html_text(e)})
    return row


def to_csv(story: Story) -> str:
    """TimelineJS's Google Sheets template (:data:`CSV_COLUMNS`): a title row, then one row
    per entry.  Text is HTML (article text escaped); every cell is formula-guarded
    (``export.sheet_csv``, which writes the events' sheet too)."""
    rows = [{"Headline": html.escape(_one_line(story.title) or DEFAULT_TITLE),
             "Text": f"<p>{html.escape(_counts(story))}</p>", "Type": "title"}]
    rows += [_csv_row(e) for e in story.entries]
    return sheet_csv(rows)


# --------------------------------------------------------------------- TimelineJS 3 JSON

def _date_obj(d: date, grain: str) -> dict:
    if grain == "month":
        return {"year": d.year, "month": d.month}
    return {"year": d.year, "month": d.month, "day": d.day}


def to_timelinejs(story: Story, title: Optional[str] = None) -> dict:
    """A TimelineJS 3 document: a title slide and one slide per entry (week entries
    with an inclusive ``end_date``).  All article text is HTML-escaped; no scores,
    event ids or explanations."""
    title = _one_line(title if title is not None else story.title) or DEFAULT_TITLE
    slides = []
    for e in story.entries:
        slide: dict = {"unique_id": f"{e.date.isoformat()}-{e.grain}",
                       "start_date": _date_obj(e.date, e.grain),
                       "display_date": html.escape(e.label),
                       "text": {"headline": _headline(e), "text": _html_text(e)}}
        if e.grain == "week":
            slide["end_date"] = _date_obj(_last_day(e), "day")
        slides.append(slide)
    return {"title": {"text": {"headline": html.escape(title), "text": html.escape(_counts(story))}},
            "events": slides}


# --------------------------------------------------------------------- dispatch

def render(story: Story, fmt: str) -> str:
    """The export ``fmt`` (one of :data:`STORY_FORMATS`) as text."""
    if fmt == "json":
        return to_json(story)
    if fmt == "md":
        return to_markdown(story)
    if fmt == "csv":
        return to_csv(story)
    if fmt == "timelinejs":
        return json.dumps(to_timelinejs(story), ensure_ascii=False, indent=1) + "\n"
    raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(STORY_FORMATS)})")
