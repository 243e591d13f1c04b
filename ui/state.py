"""View state, filters, hand corrections, URL parameters and input handling.

Pure functions (no Streamlit import): ``app.py`` passes widget values in and
shows what comes out, and the tests drive the same functions directly.
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import PurePath
from typing import Optional

import pandas as pd

from pipeline.language import NAMES
from pipeline.model import LANGUAGES
from pipeline.model import Article, Event
from pipeline import project
from pipeline.project import apply_corrections, interval_problem
from pipeline.wording import date_words, month_words, short_month

#: File types the pipeline reads.
EXTENSIONS = (".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".csv")
#: Per-file cap, also set as ``server.maxUploadSize`` (MB) in .streamlit/config.toml.
MAX_FILE_MB = 10
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
#: At most this many files and bytes per upload batch.
MAX_FILES = 50
MAX_TOTAL_BYTES = 50 * 1024 * 1024
#: The longest pasted text accepted (characters).
MAX_PASTE_CHARS = 2_000_000

INPUTS = ("sample", "paste", "upload")
#: The input of a view whose articles come from a link (``?source=https://…``, pipeline.fetch).
LINK = "link"
LANES = ("article", "source")
#: The app's views: the story's key dates, or every event.
MODES = ("story", "events")
#: The largest number of key dates one can ask for.
MAX_STORY_DATES = 60
COLORS = ("precision", "article")


# ------------------------------------------------------------------ view

@dataclass(frozen=True)
class View:
    """What the user is looking at; round-trips through the URL."""

    input: str = "sample"
    lanes: str = "article"
    color: str = "precision"
    date_from: date | None = None
    date_to: date | None = None
    precisions: tuple[str, ...] = ()   # empty: all
    articles: tuple[str, ...] = ()     # empty: all
    sources: tuple[str, ...] = ()      # empty: all
    query: str = ""
    event: str = ""                    # the selected event id
    mode: str = ""                     # "story" or "events"; empty: chosen by the input
    dates: int | None = None           # the number of key dates; None: automatic
    source: str = ""                   # the link the articles are read from (input "link")
    languages: tuple[str, ...] = ()    # language codes ("fr"); empty: all


def _one(value) -> str:
    if isinstance(value, (list, tuple)):
        return str(value[-1]) if value else ""
    return "" if value is None else str(value)


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10]) if value.strip() else None
    except ValueError:
        return None


def _items(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))


_LINK = re.compile(r"\s*(?:[A-Za-z][A-Za-z0-9+.-]*://|(?:javascript|data|file|vbscript|about|blob|mailto):)",
                   re.IGNORECASE)


def is_link(value: str) -> bool:
    """Whether a ``source`` URL parameter is a link to read articles from (``https://…``;
    other schemes too, so pipeline.fetch can refuse them by name), rather than the
    source filter of links made before links carried data (a comma list of outlets)."""
    return bool(_LINK.match(value or ""))


def view_from_params(params: Mapping[str, object]) -> View:
    """A View from URL query parameters; unknown or malformed values fall back
    to the defaults (a shared link never crashes the app)."""
    get = lambda k: _one(params.get(k)) if k in params else ""  # noqa: E731
    inp = get("input")
    lanes = get("lanes")
    color = get("color")
    d_from, d_to = _date(get("from")), _date(get("to"))
    if d_from and d_to and d_from > d_to:
        d_from, d_to = d_to, d_from
    mode = get("view")
    link = get("source").strip() if is_link(get("source")) else ""
    sources = get("sources") if "sources" in params or link else get("source")
    try:
        dates = int(get("dates"))
    except ValueError:
        dates = None
    if dates is not None and not 1 <= dates <= MAX_STORY_DATES:
        dates = None
    return View(input=LINK if link else inp if inp in INPUTS else "sample",
                lanes=lanes if lanes in LANES else "article",
                color=color if color in COLORS else "precision",
                date_from=d_from, date_to=d_to,
                precisions=_items(get("precision")), articles=_items(get("article")),
                sources=_items(sources), query=get("q")[:200], event=get("event")[:200],
                mode=mode if mode in MODES else "", dates=dates, source=link[:8192],
                languages=tuple(c for c in _items(get("lang")) if c in LANGUAGE_NAMES))


def view_to_params(view: View) -> dict[str, str]:
    """The URL query parameters for ``view`` (defaults left out).  A view read from a
    link has ``source=<link>`` (no ``input``) and its source filter as ``sources``."""
    out: dict[str, str] = {}
    link = view.source if view.input == LINK else ""
    if link:
        out["source"] = link
    elif view.input not in ("sample", LINK):
        out["input"] = view.input
    if view.lanes != "article":
        out["lanes"] = view.lanes
    if view.color != "precision":
        out["color"] = view.color
    if view.date_from:
        out["from"] = view.date_from.isoformat()
    if view.date_to:
        out["to"] = view.date_to.isoformat()
    for key, values in (("precision", view.precisions), ("article", view.articles),
                        ("sources" if link else "source", view.sources), ("lang", view.languages)):
        if values:
            out[key] = ",".join(v.replace(",", " ") for v in values)
    if view.query:
        out["q"] = view.query
    if view.event:
        out["event"] = view.event
    if view.mode in MODES:
        out["view"] = view.mode
    if view.dates is not None:
        out["dates"] = str(view.dates)
    return out


# --------------------------------------------------------------- filters

def _as_dt(value: date | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day)


def event_span(event: Event) -> tuple[datetime | None, datetime | None]:
    """``[start, end)`` of the event as datetimes (None where unknown)."""
    return _as_dt(event.start), _as_dt(event.end)


def date_bounds(events: Iterable[Event]) -> tuple[date, date] | None:
    """First and last day any event touches (None when nothing is dated)."""
    days: list[datetime] = []
    for e in events:
        s, t = event_span(e)
        if s is not None:
            days.append(s)
        if t is not None:
            days.append(max(s or t, t - timedelta(microseconds=1)))
    if not days:
        return None
    return min(days).date(), max(days).date()


def span_words(span: tuple[date, date] | None) -> str:
    """A short date span for a metric: "2019 – 2022", "Jan – Sep 2021", "29 – 30 Sep 2021"."""
    if not span:
        return "—"
    a, b = span
    if a == b:
        return date_words(a)
    if a.year != b.year:
        return f"{a.year} – {b.year}"
    if a.month != b.month:
        return f"{short_month(a)} – {short_month(b)} {b.year}"
    return f"{a.day} – {date_words(b)}"


def event_sources(event: Event) -> set[str]:
    names = {s.source for s in event.sources if s.source}
    if event.source:
        names.add(event.source)
    return names or {"(unknown source)"}


def event_articles(event: Event) -> set[str]:
    return {event.article} | {s.article for s in event.sources if s.article}


def matches(event: Event, view: View) -> bool:
    """Whether ``event`` passes the view's filters."""
    if view.precisions and (event.precision or "unknown") not in view.precisions:
        return False
    if view.languages and event.lang not in view.languages:
        return False
    if view.articles and not (event_articles(event) & set(view.articles)):
        return False
    if view.sources and not (event_sources(event) & set(view.sources)):
        return False
    if view.date_from or view.date_to:
        s, t = event_span(event)
        if s is None and t is None:
            return False  # undated events have no place in a date range
        # an open side reaches as far as it likes
        s = None if event.open_start else s
        t = None if event.open_end else t
        lo = _as_dt(view.date_from)
        hi = _as_dt(view.date_to) + timedelta(days=1) if view.date_to else None
        if hi is not None and s is not None and s >= hi:
            return False
        if lo is not None and t is not None and t <= lo:
            return False
    if view.query:
        hay = fold(" ".join([event.title, event.sentence, event.expression, event.explanation,
                             *(s.title for s in event.sources), *(s.source for s in event.sources)]))
        if not all(term in hay for term in search_terms(view.query)):
            return False
    return True


def fold(s: str) -> str:
    """``s`` for searching: case and accents ignored ("Zürich", "ZURICH" -> "zurich"),
    every run of spaces one space."""
    decomposed = unicodedata.normalize("NFKD", s.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


_TERM = re.compile(r'"([^"]+)"|(\S+)')


def search_terms(query: str) -> list[str]:
    """The terms of a search, each to be found (in any order): words, or a "quoted
    phrase" kept whole; folded as :func:`fold` folds the text."""
    out = []
    for m in _TERM.finditer(query):
        term = fold(m.group(1) or m.group(2)).strip('"')
        if term:
            out.append(term)
    return out


def filter_events(events: Iterable[Event], view: View) -> list[Event]:
    return [e for e in events if matches(e, view)]


# ----------------------------------------------------------- corrections

EDIT_COLUMNS = ("id", "drop", "title", "start", "end", "precision", "expression", "article")


def _ts(value) -> datetime | None:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().replace(tzinfo=None)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def edit_table(events: Sequence[Event], edits: Mapping[str, Mapping] | None = None) -> pd.DataFrame:
    """The corrections table (one row per event, dropped rows kept with
    ``drop`` ticked so row positions never shift), stored edits applied."""
    edits = edits or {}
    rows = []
    for e in events:
        ed = edits.get(e.id, {})
        s, t = event_span(e)
        rows.append({
            "id": e.id,
            "drop": bool(ed.get("drop", False)),
            "title": ed.get("title", e.title),
            "start": ed.get("start", s),
            "end": ed.get("end", t),
            "precision": e.precision,
            "expression": e.expression,
            "article": e.article,
        })
    df = pd.DataFrame(rows, columns=list(EDIT_COLUMNS))
    df["drop"] = df["drop"].astype(bool)
    df["title"] = df["title"].astype(object)
    for col in ("start", "end"):
        df[col] = pd.to_datetime(df[col], errors="coerce")
    return df


def edits_from_table(events: Sequence[Event], table: pd.DataFrame,
                     previous: Mapping[str, Mapping] | None = None) -> tuple[dict[str, dict], list[str]]:
    """The corrections a (possibly edited) table makes to ``events``:
    ``{id: {"drop": True} | {"title": ...} | {"start": ..., "end": ...}}`` and
    a list of messages for edits that make no sense.  An edit that makes no
    sense is refused for its row alone: the row's other fixes stay, and so does
    the interval it had in ``previous`` (the corrections before this edit)."""
    previous = previous or {}
    by_id = {e.id: e for e in events}
    edits: dict[str, dict] = {}
    problems: list[str] = []
    if table is None or len(table) == 0:
        return edits, problems
    for rec in table.to_dict("records"):
        eid = str(rec.get("id", ""))
        e = by_id.get(eid)
        if e is None:
            continue
        ed: dict = {}
        if bool(rec.get("drop")) is True:
            ed["drop"] = True
        title = rec.get("title")
        title = "" if title is None or (isinstance(title, float) and pd.isna(title)) else str(title)
        if title.strip() and title != e.title:
            ed["title"] = title.strip()[:300]
        s0, t0 = event_span(e)
        s1, t1 = _ts(rec.get("start")), _ts(rec.get("end"))
        if (s1, t1) != (s0, t0):
            bad = interval_problem(s1, t1)
            if bad is None:
                ed["start"], ed["end"] = s1, t1
            else:
                before = previous.get(eid) or {}
                if "start" in before or "end" in before:  # the row's earlier valid fix stays
                    ed["start"], ed["end"] = before.get("start"), before.get("end")
                problems.append(f"{eid}: {bad}; interval kept")
        if ed:
            edits[eid] = ed
    return edits, problems


def apply_edits(events: Iterable[Event], edits: Mapping[str, Mapping]) -> list[Event]:
    """``events`` with the corrections applied (dropped events left out); the
    pipeline's own :func:`pipeline.project.apply_corrections`, which the CLI
    applies to a project's corrections too."""
    return apply_corrections(events, edits)


def events_frame(events: Sequence[Event]) -> pd.DataFrame:
    """A read-only table of events for ``st.dataframe``."""
    rows = [{"id": e.id, "title": e.title, "from": event_span(e)[0], "until (excl.)": event_span(e)[1],
             "precision": e.precision, "expression": e.expression, "sentence": e.sentence,
             "source": e.source, "article": e.article} for e in events]
    df = pd.DataFrame(rows, columns=["id", "title", "from", "until (excl.)", "precision",
                                     "expression", "sentence", "source", "article"])
    for col in ("from", "until (excl.)"):
        df[col] = pd.to_datetime(df[col], errors="coerce")
    return df


# ---------------------------------------------------------------- inputs

@dataclass
class InputResult:
    """Articles read from the user's input, per-source problems, and the
    articles still waiting for a publication date."""

    articles: list[Article] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    #: what was read whole but with something guessed or mended (an encoding, a CSV row)
    notes: list[tuple[str, str]] = field(default_factory=list)
    #: the Chronicle projects opened (pipeline.project.Project): corrections, story edits, view
    projects: list = field(default_factory=list)
    #: events read back from Chronicle's own exports (pipeline.imported), never articles
    events: list = field(default_factory=list)
    undated: list[Article] = field(default_factory=list)
    #: every article that came without a date (dated by the user or not yet):
    #: the app keeps a date input for each so the answer is not forgotten
    asked: list[Article] = field(default_factory=list)


_LABEL_MD = re.compile(r"([\\`*_\[\]{}()#|~!$<>+\-.=:])")


def label_text(s: str) -> str:
    """Article text for a widget label, which Streamlit reads as Markdown: one line,
    every Markdown and math character escaped, so a title such as
    "![t](http://host/x.png)" is shown as written and fetches nothing."""
    return _LABEL_MD.sub(r"\\\1", " ".join((s or "").split()))[:300]


def undated_key(article: Article) -> str:
    """A stable widget key for the date input of an undated article."""
    raw = f"{article.path}|{article.id}|{article.title}"
    return "date-" + hashlib.sha1(raw.encode("utf-8", "replace")).hexdigest()[:12]


def problem_pairs(items, notes: Optional[bool] = None) -> list[tuple[str, str]]:
    """``(source, message)`` pairs from the pipeline's Problem records
    (or pairs, or plain strings).  ``notes=False`` keeps only what was left
    out (``Problem.skipped``), ``notes=True`` only the notes (read whole, with
    something guessed or mended), None both."""
    out = []
    for p in items or ():
        if notes is not None and bool(getattr(p, "skipped", True)) == notes:
            continue
        if isinstance(p, str):
            out.append(("", p))
            continue
        source = getattr(p, "source", None)
        message = getattr(p, "message", None)
        if source is None and isinstance(p, (tuple, list)) and len(p) == 2:
            source, message = p
        out.append((str(source), str(message if message is not None else p)))
    return out


def _collect(loaded, result: InputResult, dates: Mapping[str, date]) -> None:
    arts = list(getattr(loaded, "articles", ()) or ())
    for u in getattr(loaded, "undated", ()) or ():
        if isinstance(u, Article) and u not in arts:
            arts.append(u)
    for a in arts:
        if a.published is None:
            result.asked.append(a)
            d = dates.get(undated_key(a))
            if d is None:
                result.undated.append(a)
                continue
            a = dataclasses.replace(a, published=d, date_source="given")
        result.articles.append(a)
    result.problems.extend(problem_pairs(getattr(loaded, "problems", ()), notes=False))
    result.notes.extend(problem_pairs(getattr(loaded, "problems", ()), notes=True))
    result.projects.extend(getattr(loaded, "projects", ()))
    result.events.extend(getattr(loaded, "events", ()))


def keep_uploads(files, *, max_file_bytes: int = MAX_FILE_BYTES, max_files: int = MAX_FILES,
                 max_total_bytes: int = MAX_TOTAL_BYTES) -> tuple[list[tuple[str, bytes]], list[tuple[str, str]]]:
    """The uploaded files worth keeping, as ``(name, bytes)``, and a one-line reason for
    each one left out.  Sizes are checked from each file's ``size`` before its bytes are
    read, so an oversized or surplus file is never copied into the session."""
    kept: list[tuple[str, bytes]] = []
    skipped: list[tuple[str, str]] = []
    total = 0
    for n, f in enumerate(files):
        name = PurePath(str(getattr(f, "name", "") or "")).name or "unnamed file"
        size = int(getattr(f, "size", 0) or 0)
        if n >= max_files:
            skipped.append((name, f"skipped: at most {max_files} files at a time"))
        elif size > max_file_bytes:
            skipped.append((name, f"too big ({size / 1048576:.1f} MB; the limit is "
                                  f"{max_file_bytes / 1048576:.0f} MB per file)"))
        elif total + size > max_total_bytes:
            skipped.append((name, f"skipped: the files together exceed {max_total_bytes / 1048576:.0f} MB"))
        else:
            total += size
            kept.append((name, f.getvalue()))
    return kept, skipped


def read_uploads(files: Sequence[tuple[str, bytes]], loader: Callable, *,
                 dates: Mapping[str, date] | None = None,
                 max_file_bytes: int = MAX_FILE_BYTES, max_files: int = MAX_FILES,
                 max_total_bytes: int = MAX_TOTAL_BYTES) -> InputResult:
    """Read uploaded ``(name, bytes)`` files with ``loader(name, data)`` (the
    pipeline's ``load_bytes``, cached by the app).

    Each file stands alone: one that is too big, of an unknown type, or that
    the loader rejects gives a problem naming it, and the others still load.
    Articles without a publication date wait in ``undated`` until ``dates``
    (keyed by :func:`undated_key`) gives one.
    """
    dates = dates or {}
    result = InputResult()
    total = 0
    for n, (name, data) in enumerate(files):
        name = PurePath(str(name)).name or "unnamed file"
        if n >= max_files:
            result.problems.append((name, f"skipped: at most {max_files} files at a time"))
            continue
        size = len(data)
        if size == 0:
            result.problems.append((name, "the file is empty"))
            continue
        if size > max_file_bytes:
            result.problems.append((name, f"too big ({size / 1048576:.1f} MB; the limit is "
                                          f"{max_file_bytes / 1048576:.0f} MB per file)"))
            continue
        total += size
        if total > max_total_bytes:
            result.problems.append((name, f"skipped: the files together exceed "
                                          f"{max_total_bytes / 1048576:.0f} MB"))
            continue
        if not name.lower().endswith(EXTENSIONS):
            result.problems.append((name, "unsupported file type (use " + ", ".join(EXTENSIONS) + ")"))
            continue
        try:
            loaded = loader(name, bytes(data))
        except Exception as exc:  # one bad file must not stop the batch
            result.problems.append((name, f"could not be read: {exc}"))
            continue
        before = len(result.articles) + len(result.undated) + len(result.events)
        _collect(loaded, result, dates)
        if len(result.articles) + len(result.undated) + len(result.events) == before \
                and not getattr(loaded, "problems", ()):
            result.problems.append((name, "no article found in this file"))
    return result


def read_paste(text: str | None, published: date | None, loader: Callable, *,
               title: str = "") -> InputResult:
    """A pasted article: ``loader("pasted.txt", bytes, published=...)``.
    Empty text or an over-long text give a problem.  Without a date, the
    loader looks for a dateline in the text ("LONDON, March 3, 2021 (Reuters) -"),
    as for an upload, and says which day it took; with none, a date is asked for."""
    result = InputResult()
    text = text or ""
    if not text.strip():
        result.problems.append(("pasted text", "Paste the text of an article first."))
        return result
    if len(text) > MAX_PASTE_CHARS:
        result.problems.append(("pasted text", f"The text is too long ({len(text):,} characters; "
                                               f"the limit is {MAX_PASTE_CHARS:,})."))
        return result
    if published is not None and not isinstance(published, date):
        result.problems.append(("pasted text", f"Not a date: {published!r}"))
        return result
    try:
        loaded = loader("pasted.txt", text.encode("utf-8"), published=published)
    except Exception as exc:
        result.problems.append(("pasted text", f"could not be read: {exc}"))
        return result
    _collect(loaded, result, {})
    if published is None and result.undated:
        result.undated, result.asked = [], []
        result.problems.append(("pasted text", "Give the article's publication date: every date "
                                               "in the text is read relative to it (no dateline found)."))
        return result
    if title.strip():
        result.articles = [dataclasses.replace(a, title=title.strip()[:300]) for a in result.articles]
    if published is None:
        for a in result.articles:
            result.notes.append(("pasted text", f"publication date {a.published.day} {month_words(a.published)} taken from "
                                                f"the text's {_DATE_SOURCE.get(a.date_source, 'dateline')}; "
                                                "give another above to change it"))
    if not result.articles and not result.problems:
        result.problems.append(("pasted text", "No article text found."))
    return result


_DATE_SOURCE = {"detected": "dateline", "metadata": "metadata", "given": "own date"}


def input_signature(articles: Iterable[Article], events: Iterable[Event] = ()) -> str:
    """A short, stable id of an input set (keys the corrections of that set): its
    articles, and the events read back from exports among the inputs."""
    h = hashlib.sha1()
    for a in articles:
        h.update(f"{a.id}\x00{a.published}\x00{len(a.text)}\x00".encode("utf-8", "replace"))
        h.update(hashlib.sha1(a.text.encode("utf-8", "replace")).digest())
    for e in events:
        h.update(f"e\x00{e.id}\x00{e.start}\x00{e.end}\x00{e.title}\x00".encode("utf-8", "replace"))
    return h.hexdigest()[:12]


#: The languages' names (those Chronicle reads), for the language filter and an event's card.
LANGUAGE_NAMES = {code: NAMES.get(code, code) for code in LANGUAGES}


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def filters_on(rng, bounds, *chosen) -> int:
    """How many of the sidebar's folded filters narrow the view: a date range short of
    ``bounds``, and each non-empty choice among ``chosen``."""
    narrowed = bool(bounds) and bool(rng) and tuple(rng) != tuple(bounds)
    return int(narrowed) + sum(1 for c in chosen if c)


def content_key(articles: Iterable[Article]) -> str:
    """A digest of every field of every article, in order: what the app's caches are keyed
    by, so that Streamlit does not walk 300 articles' objects to hash them on every run
    (0.2 s a call, measured in benchmarks/RESULTS-app.md).  Unlike :func:`input_signature`
    it covers titles, outlets and links too, which events carry."""
    h = hashlib.sha1()
    for a in articles:
        for f in dataclasses.fields(a):
            v = str(getattr(a, f.name)).encode("utf-8", "surrogatepass")
            h.update(f"{f.name}\x00{type(getattr(a, f.name)).__name__}\x00{len(v)}\x00".encode())
            h.update(v)  # (each value behind its length: no two inputs give the same bytes)
    return h.hexdigest()


def selected_event_id(selection) -> str | None:
    """The event id of the first selected point in a ``st.plotly_chart``
    selection (``{"selection": {"points": [{"customdata": ...}]}}``)."""
    if selection is None:
        return None
    sel = selection.get("selection", selection) if hasattr(selection, "get") else None
    if sel is None:
        sel = getattr(selection, "selection", None)
    points = (sel.get("points") if hasattr(sel, "get") else getattr(sel, "points", None)) or []
    for p in points:
        cd = p.get("customdata") if hasattr(p, "get") else None
        if isinstance(cd, (list, tuple)):
            cd = cd[0] if cd else None
        if cd:
            return str(cd)
    return None


def new_pick(selection, seen: str | None) -> tuple[str | None, str | None]:
    """``(picked, seen)``: the event newly picked on the chart, and what the chart's
    selection holds now (to pass back as ``seen`` on the next run).

    ``st.plotly_chart(on_select="rerun")`` returns its selection again on every
    rerun, until the chart is clicked again or drawn anew (another key or
    figure): only a change is a pick, so a selection cleared, or set elsewhere,
    is not undone by the chart's older one.  ``picked`` is None without a
    change, and when the chart's selection is emptied."""
    now = selected_event_id(selection)
    return (now if now and now != seen else None), now


# ------------------------------------------------------------------ projects

def project_text(articles: Sequence[Article], corrections: Mapping[str, Mapping] | None,
                 story_edits: Mapping[str, Mapping] | None, story_dates: int | None,
                 view: View, title: str = "", events: Sequence[Event] = ()) -> str:
    """The ``.chronicle.json`` file of the work on screen (pipeline.project); ``events``:
    those beside the articles' own (added by hand, read back from an export)."""
    params = {k: v for k, v in view_to_params(view).items() if k not in ("event",)}
    return project.to_json(project.make(articles, corrections, story_edits=story_edits,
                                        story_dates=story_dates, view=params, title=title, events=events))


def project_name(title: str, articles: Sequence[Article]) -> str:
    """A file name for the project: its title (or first article's) made safe."""
    base = title or (articles[0].title if articles else "") or "chronicle"
    slug = re.sub(r"[^\w-]+", "-", base.lower()).strip("-")[:60] or "chronicle"
    return f"{slug}.chronicle.json"


def merge_projects(projects: Sequence, corrections: Mapping[str, Mapping],
                   story_edits: Mapping[str, Mapping]) -> tuple[dict, dict]:
    """The corrections and story edits with those of the opened ``projects`` added
    (what the reader did since opening wins: a project only fills what is not set;
    among projects, a later one's edit of the same event or date wins, as in the
    ``events`` and ``story`` commands)."""
    corr = {k: dict(v) for k, v in corrections.items()}
    edits = {k: dict(v) for k, v in story_edits.items()}
    p_corr: dict = {}
    p_edits: dict = {}
    for p in projects:
        p_corr.update(p.corrections)
        p_edits.update(p.story_edits)
    for eid, ed in p_corr.items():
        corr.setdefault(eid, dict(ed))
    for key, ed in p_edits.items():
        edits.setdefault(key, dict(ed))
    return corr, edits


def work_key(sig: str, corrections: Mapping, story_edits: Mapping, added: Sequence[Event] = ()) -> str:
    """A short fingerprint of the work on screen: the input and what was done to it
    (corrections, story edits, events added by hand)."""
    done = repr(sorted((k, sorted(v.items())) for k, v in corrections.items())) + \
        repr(sorted((k, sorted((kk, vv if kk != "pin" else True) for kk, vv in v.items()))
                    for k, v in story_edits.items())) + repr([e.id for e in added])
    return hashlib.sha1(f"{sig}|{done}".encode("utf-8", "surrogatepass")).hexdigest()[:16]


def unsaved_warning(input_mode: str, n_articles: int, n_changes: int, saved: bool) -> Optional[str]:
    """What switching the input would discard, when it is not saved in a project: the
    uploaded or pasted articles (the uploader and the paste box forget them) and the
    corrections and story edits made to them; None when nothing would be lost."""
    if saved:
        return None
    lost = []
    if input_mode != "sample" and n_articles:
        lost.append(f"{n_articles} article{'s' if n_articles != 1 else ''}")
    if n_changes:
        lost.append(f"{n_changes} correction{'s' if n_changes != 1 else ''} and edit{'s' if n_changes != 1 else ''}")
    if not lost:
        return None
    return ("Unsaved: " + " and ".join(lost) + ". Switching the input or reloading the page loses them; "
            "**Save project** (below) keeps them in one file.")


def empty_message(n_articles: int, n_events: int, input_mode: str) -> str:
    """What to say instead of an empty chart: what is missing and what to do."""
    if not n_articles:
        return {"paste": "Paste an article and give its publication date (or a dateline in the text) "
                         "to see its timeline.",
                "upload": "Upload articles (text, HTML, JSON, JSON Lines, CSV or a saved project) "
                          "to see their timeline.",
                "link": "Give the link of a file of articles (CSV, JSON, JSON Lines) or of a saved "
                        "project to see its timeline."}.get(input_mode, "No articles yet.")
    if not n_events:
        return (f"No dated events in {'this article' if n_articles == 1 else f'these {n_articles} articles'}: "
                "none of their sentences names a day, month or year that can be placed.")
    return (f"No event matches the filters ({n_events} hidden): clear the search, widen the dates "
            "or choose more precisions, articles or sources in the sidebar.")


#: The chart widths labels are fitted for (px): a phone, a tablet, anything wider.
PHONE_PX, TABLET_PX, WIDE_PX = 390, 760, 1100


def chart_width(user_agent: str | None) -> int:
    """The width to fit a chart's labels for, from the browser's User-Agent: Streamlit
    does not tell the window's width, and a phone's labels fitted for a desktop would
    run into each other.  Unknown browsers get the wide layout."""
    ua = user_agent or ""
    if "iPad" in ua or ("Android" in ua and "Mobile" not in ua) or "Tablet" in ua:
        return TABLET_PX
    if "Mobi" in ua or "iPhone" in ua or "Android" in ua:
        return PHONE_PX
    return WIDE_PX

