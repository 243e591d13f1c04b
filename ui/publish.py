"""Pages worth publishing: a chart as a standalone HTML page with its sources.

Pure functions (no Streamlit import, no clock: whoever calls passes the date
of the page), tested in ``tests/test_publish.py``:

* :func:`page_html`: any Plotly figure as a real page: title, subtitle, the
  interactive chart, the list of sources (each article's title linked to its
  http(s) URL, its outlet, its publication date) and a small "Made with
  Chronicle" footer.  ``plotlyjs="cdn"`` loads plotly.js from its CDN (a page
  of tens of KB, needs the network), ``"inline"`` carries it (about 5 MB,
  works offline, from a file).  Light and dark (``prefers-color-scheme``),
  down to phone widths;
* :func:`events_page` / :func:`story_page`: the page of the All-events chart
  and of the Story chart, with their subtitles and sources;
* :func:`sources_from_articles`, :func:`sources_from_events`,
  :func:`sources_from_story`: the articles behind a page, one each, as
  :class:`pipeline.model.Source` records, oldest first;
* :func:`pinned_keys` / :func:`pinned_only`: a story cut down to the entries
  the reader pinned (a curated page).

Everything taken from an article (titles, outlets, URLs) and the title and
subtitle are HTML-escaped; only http(s) URLs become links
(:func:`ui.views.safe_url`).  Outlets are named by
:func:`pipeline.export.outlet_group`, as in the TimelineJS exports.
"""
from __future__ import annotations

import dataclasses
import html
from collections.abc import Collection, Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Optional, Union

import plotly.graph_objects as go

from pipeline.export import _utf8, outlet_group
from pipeline.model import Article, Event, Source
from pipeline.story_model import Story, StoryEntry
from pipeline.wording import date_words

from .story import entry_key
from .views import safe_url

__all__ = ["PLOTLYJS", "page_html", "sources_html", "events_page", "story_page", "sources_from_articles",
           "sources_from_events", "sources_from_story", "pinned_keys", "pinned_only", "events_subtitle",
           "story_subtitle"]

#: How the page gets plotly.js: from its CDN (small page, needs the network) or inline (offline).
PLOTLYJS = ("cdn", "inline")
#: The id of the chart's element in the page.
CHART_ID = "chronicle-chart"
#: The chart's Plotly options: no Plotly logo, resized with the window.
CONFIG = {"displaylogo": False, "responsive": True}
#: The title of a page without one.
DEFAULT_TITLE = "Chronicle"

DateLike = Union[str, date, datetime, None]

_CSS = """\
:root{color-scheme:light dark;--fg:#1b1f24;--muted:#57606a;--bg:#ffffff;--line:#d0d7de;--link:#0b5cad}
@media (prefers-color-scheme:dark){
:root{--fg:#e6edf3;--muted:#9da7b3;--bg:#0f1419;--line:#30363d;--link:#6cb6ff}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:60rem;margin:0 auto;padding:1.5rem 1rem 1rem}
h1{font-size:clamp(1.4rem,4.5vw,2rem);line-height:1.2;margin:0 0 .4rem;overflow-wrap:anywhere}
h2{font-size:1.15rem;margin:2rem 0 .5rem}
.subtitle{color:var(--muted);margin:0 0 1rem;overflow-wrap:anywhere}
.chart{background:#fff;color-scheme:light;border:1px solid var(--line);border-radius:8px;padding:4px;
overflow-x:auto;max-width:100%}
.sources{padding-left:1.2rem;margin:0}
.sources li{margin:.35rem 0;overflow-wrap:anywhere}
.sources .meta{color:var(--muted)}
a{color:var(--link)}
footer{max-width:60rem;margin:2rem auto 0;padding:1rem;border-top:1px solid var(--line);color:var(--muted);
font-size:.875rem}
@media (max-width:480px){main{padding:1rem .6rem .5rem}.chart{padding:0;border-radius:4px}}
"""


# ---------------------------------------------------------------- dates in words

def _day(v) -> Optional[date]:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    return None


def _date_words(v: DateLike) -> str:
    """``v`` as the page shows it: "30 Sep 2021", "30 Sep 2021, 14:05", or the text given
    (on one line)."""
    if v is None:
        return ""
    if isinstance(v, datetime):
        return f"{date_words(v)}, {v:%H:%M}"
    if isinstance(v, date):
        return date_words(v)
    return " ".join(str(v).split())


def _esc(text) -> str:
    return html.escape(_utf8(str(text or "")), quote=True)


# ---------------------------------------------------------------- sources

def _sorted(sources: Iterable[Source]) -> tuple[Source, ...]:
    """One source per article (the first seen), oldest first; undated ones last."""
    seen: dict[str, Source] = {}
    for s in sources:
        seen.setdefault(s.article, s)
    return tuple(sorted(seen.values(), key=lambda s: (_day(s.published) is None, _day(s.published) or date.min,
                                                      (s.title or s.article).casefold())))


def sources_from_articles(articles: Iterable[Article]) -> tuple[Source, ...]:
    """The articles as sources (one per article id), oldest first."""
    return _sorted(Source(a.id, a.title, a.source, a.url, a.published) for a in articles)


def _event_sources(e: Event) -> tuple[Source, ...]:
    """The articles that report ``e``: its ``sources``, or its own article."""
    return e.sources or (Source(e.article, "", e.source, e.url, e.published),)


def sources_from_events(events: Iterable[Event], articles: Iterable[Article] = ()) -> tuple[Source, ...]:
    """The articles the ``events`` come from (merged events list each of theirs), one each,
    oldest first.  ``articles``, when given, supply what an event lacks (its article's
    title): an event without ``sources`` is named by its article."""
    by_id = {a.id: a for a in articles}
    out = []
    for e in events:
        for s in _event_sources(e):
            a = by_id.get(s.article)
            if a is not None:
                s = Source(s.article, s.title or a.title, s.source or a.source, s.url or a.url,
                           s.published or a.published)
            out.append(s)
    return _sorted(out)


def sources_from_story(story: Story) -> tuple[Source, ...]:
    """The articles that report the story's entries, one each, oldest first."""
    return _sorted(s for e in story.entries for s in e.sources)


def sources_html(sources: Iterable[Source]) -> str:
    """The sources as an ``<ol>``: the title (linked when its URL is http(s)), then the
    outlet and the publication date; all of it escaped.  "" for no source."""
    items = []
    for s in sources:
        name = _esc(" ".join((s.title or s.article or "Untitled article").split()))
        url = s.url if s.url == _utf8(s.url or "") else None  # a lone surrogate cannot be linked
        link = safe_url(url or "")
        if link:
            name = f'<a href="{_esc(link)}" rel="noopener noreferrer">{name}</a>'
        outlet = outlet_group(s.source) if (s.source or "").strip() else ""
        meta = ", ".join(x for x in (_esc(outlet), _esc(_date_words(_day(s.published)))) if x)
        meta = f' <span class="meta">— {meta}</span>' if meta else ""
        items.append(f"<li>{name}{meta}</li>")
    return f'<ol class="sources">{"".join(items)}</ol>' if items else ""


# ---------------------------------------------------------------- the page

def _chart_html(fig: go.Figure, plotlyjs: str) -> str:
    fig = go.Figure(fig)  # a copy: the caller's figure is left as it was
    fig.update_layout(width=None, autosize=True)  # the page's width, whatever the window
    return fig.to_html(full_html=False, include_plotlyjs="cdn" if plotlyjs == "cdn" else True,
                       config=dict(CONFIG), div_id=CHART_ID)


def page_html(fig: go.Figure, *, title: str, subtitle: str = "", sources: Iterable[Source] = (),
              plotlyjs: str = "cdn", generated: DateLike = None) -> str:
    """A standalone HTML page: ``title`` (``<title>`` and ``<h1>``), ``subtitle``, the
    interactive chart ``fig`` (not changed), a "Sources" list (:func:`sources_html`)
    and a footer "Made with Chronicle", with ``generated``: a date or a datetime
    ("generated 1 May 2024"), a text (shown as given) or None (nothing).

    ``plotlyjs``: "cdn" (plotly.js from cdn.plot.ly, with its integrity hash: a small
    page that needs the network) or "inline" (plotly.js in the page: about 5 MB,
    works offline).  Every text is HTML-escaped; the page can be written as UTF-8."""
    if plotlyjs not in PLOTLYJS:
        raise ValueError(f"plotlyjs must be one of {', '.join(PLOTLYJS)}, not {plotlyjs!r}")
    title_text = " ".join(_utf8(str(title or "")).split()) or DEFAULT_TITLE
    listed = sources_html(sources)
    when = _date_words(generated)
    if when and isinstance(generated, date):
        when = f"generated {when}"
    parts = ["<!doctype html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             '<meta name="generator" content="Chronicle">',
             f"<title>{_esc(title_text)}</title>", f"<style>\n{_CSS}</style>", "</head>", "<body>", "<main>",
             f"<h1>{_esc(title_text)}</h1>"]
    if subtitle and subtitle.strip():
        parts.append(f'<p class="subtitle">{_esc(" ".join(subtitle.split()))}</p>')
    parts += [f'<div class="chart">{_chart_html(fig, plotlyjs)}</div>']
    if listed:
        parts += ['<section aria-labelledby="sources-heading">', '<h2 id="sources-heading">Sources</h2>', listed,
                  "</section>"]
    parts += ["</main>", f"<footer>Made with Chronicle{f' · {_esc(when)}' if when else ''}</footer>",
              "</body>", "</html>", ""]
    return _utf8("\n".join(parts))


# ---------------------------------------------------------------- the app's two charts

def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _span_words(lo: Optional[date], hi: Optional[date]) -> str:
    if lo is None or hi is None:
        return ""
    return _date_words(lo) if lo == hi else f"{_date_words(lo)} to {_date_words(hi)}"


def _last_day(end: datetime) -> Optional[date]:
    """The last day of an exclusive end: a midnight end ends the day before."""
    if isinstance(end, datetime) and (end.hour, end.minute, end.second, end.microsecond) == (0, 0, 0, 0):
        return end.date() - timedelta(days=1) if end.date() > date.min else end.date()
    return _day(end)


def events_subtitle(events: Iterable[Event]) -> str:
    """"9 events from 3 articles, 30 Sep 2019 to 1 Oct 2021" (the days the events cover)."""
    events = list(events)
    n_articles = len({s.article for e in events for s in _event_sources(e)})
    days = [d for e in events for d in (_day(e.start), _last_day(e.end) if e.end else None) if d]
    span = _span_words(min(days, default=None), max(days, default=None))
    return f"{_plural(len(events), 'event')} from {_plural(n_articles, 'article')}" + (f", {span}" if span else "")


def _entry_words(e: StoryEntry) -> str:
    return _date_words(e.date) if e.grain == "day" else e.label


def story_subtitle(story: Story) -> str:
    """"5 key dates from 12 articles, 3 Mar 2024 to 9 Apr 2024" (first and last entry)."""
    entries = sorted(story.entries, key=lambda e: e.date)
    head = f"{_plural(len(entries), 'key date')} from {_plural(story.articles, 'article')}"
    if not entries:
        return head
    lo, hi = _entry_words(entries[0]), _entry_words(entries[-1])
    return f"{head}, {lo}" + (f" to {hi}" if hi != lo else "")


def events_page(fig: go.Figure, events: Iterable[Event], *, title: str = DEFAULT_TITLE,
                subtitle: Optional[str] = None, articles: Iterable[Article] = (), plotlyjs: str = "cdn",
                generated: DateLike = None) -> str:
    """The All-events page: ``fig`` (``ui.chart.timeline_figure`` of the events shown),
    ``subtitle`` (default :func:`events_subtitle`) and the articles of ``events``."""
    events = list(events)
    return page_html(fig, title=title, subtitle=events_subtitle(events) if subtitle is None else subtitle,
                     sources=sources_from_events(events, articles), plotlyjs=plotlyjs, generated=generated)


def story_page(fig: go.Figure, story: Story, *, title: Optional[str] = None, subtitle: Optional[str] = None,
               plotlyjs: str = "cdn", generated: DateLike = None) -> str:
    """The Story page: ``fig`` (``ui.story.story_figure`` of ``story``), the story's title
    (or ``title``), ``subtitle`` (default :func:`story_subtitle`) and the articles that
    report its entries."""
    return page_html(fig, title=story.title if title is None else title,
                     subtitle=story_subtitle(story) if subtitle is None else subtitle,
                     sources=sources_from_story(story), plotlyjs=plotlyjs, generated=generated)


# ---------------------------------------------------------------- curated subsets

def pinned_keys(edits: Mapping[str, Mapping] | None) -> frozenset[str]:
    """The keys (:func:`ui.story.entry_key`) of the pinned entries in the story edits,
    removed ones left out (as :func:`ui.story.is_pinned` reads a pin)."""
    out = set()
    for key, ed in (edits or {}).items():
        pin = (ed or {}).get("pin")
        if (pin is True or isinstance(pin, StoryEntry)) and not (ed or {}).get("remove"):
            out.add(key)
    return frozenset(out)


def pinned_only(story: Story, keys: Collection[str]) -> Story:
    """``story`` with only the entries whose key is in ``keys`` (a curated story: pass
    the story as shown, ``ui.story.apply_story_edits(story, edits)``, and
    :func:`pinned_keys` of the edits).  Its counts of the evidence considered and its
    density strip stay."""
    keys = set(keys)
    return dataclasses.replace(story, entries=tuple(e for e in story.entries if entry_key(e) in keys))
