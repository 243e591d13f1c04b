"""Escaped HTML snippets for the app (details panel, problems).

Everything taken from an article goes through ``html.escape``; the only
markup is ours (``<b>``, ``<mark>``, ``<a>`` with an http(s) link).  The
app shows these with ``st.html`` (sanitised, no Markdown processing), so
neither HTML nor Markdown in an article can change the page.
"""
from __future__ import annotations

import html
import re
from datetime import date, datetime

from pipeline.model import Article, Event
from pipeline.wording import clock_words, day_words

from .state import language_name
from .chart import article_title, expression_spans, highlight_html, interval_words

#: Sentence ends (rough, for showing context only).
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+|\n\s*\n")
#: Characters of context kept on each side at most.
CONTEXT_CHARS = 600


def safe_url(url: str) -> str | None:
    """``url`` if it is an absolute http(s) link, else None (no javascript: etc.)."""
    url = (url or "").strip()
    if re.match(r"(?i)^https?://[^\s<>\"']+$", url):
        return url
    return None


def context_bounds(text: str, start: int, end: int, sentences: int = 2) -> tuple[int, int]:
    """Offsets of a window of ``sentences`` sentences before ``[start, end)``
    and after it in ``text``."""
    cuts = [m.end() for m in _BOUNDARY.finditer(text)]
    before = [c for c in cuts if c <= start]
    after = [c for c in cuts if c > end and text[end:c].strip()]
    lo = before[-(sentences + 1)] if len(before) > sentences else 0
    hi = after[sentences - 1] if len(after) >= sentences else len(text)
    lo = max(lo, start - CONTEXT_CHARS)
    hi = min(hi, end + CONTEXT_CHARS)
    return lo, hi


def context_html(event: Event, text: str | None, sentences: int = 2) -> str:
    """The event's sentence in its context (``sentences`` around it), the
    sentence in bold and the expression(s) marked; all of it escaped."""
    s, e = event.sentence_start, event.sentence_end
    spans = expression_spans(event)
    core = f"<b>{highlight_html(event.sentence, spans, tag='mark')}</b>"
    if not text or not (0 <= s < e <= len(text)) or text[s:e] != event.sentence:
        return core.replace("\n", "<br>")
    lo, hi = context_bounds(text, s, e, sentences)
    before = html.escape(text[lo:s].lstrip())
    after = html.escape(text[e:hi].rstrip())
    out = ("…" if lo > 0 else "") + before + core + after + ("…" if hi < len(text) else "")
    return re.sub(r"\n\s*\n", "<br><br>", out).replace("\n", "<br>")


def _when(d: date | datetime | None) -> str:
    if d is None:
        return "unknown"
    if isinstance(d, datetime):
        return clock_words(d)
    return day_words(d)


def details_html(event: Event, article: Article | None = None) -> str:
    """The details panel of one event: title, interval, expression,
    explanation, the sentence in context, and the article(s) it comes from."""
    esc = html.escape
    parts = [f"<div class='chronicle-details' data-event-id='{esc(event.id)}'>",
             f"<h4 style='margin:0 0 .3em 0'>{esc(event.title or event.expression or event.id)}</h4>",
             f"<p style='margin:.2em 0'><b>When:</b> {esc(interval_words(event))}"
             f" &nbsp;·&nbsp; <b>Precision:</b> {esc(event.precision or 'unknown')}"
             + (f" &nbsp;·&nbsp; <b>Expression:</b> “{esc(event.expression)}”" if event.expression else "")
             + f" &nbsp;·&nbsp; <b>Language:</b> {esc(language_name(event.lang))}"
             + "</p>"]
    if event.explanation:
        parts.append(f"<p style='margin:.2em 0'><b>How it was read:</b> {esc(event.explanation)}</p>")
    parts.append("<blockquote style='margin:.5em 0;padding-left:.8em;border-left:3px solid #8c8c8c'>"
                 f"{context_html(event, article.text if article else None)}</blockquote>")
    sources = list(event.sources) or []
    if not sources:
        sources = [None]
    items = []
    for src in sources:
        if src is None:
            title, source, url, pub = (article.title if article else "") or article_title(event), \
                event.source, event.url, event.published
        else:
            title, source, url, pub = src.title or src.article, src.source, src.url, src.published
        link = safe_url(url)
        name = esc(title or event.article)
        name = f"<a href='{esc(link, quote=True)}' target='_blank' rel='noopener noreferrer'>{name}</a>" \
            if link else name
        extra = ", ".join(x for x in (esc(source) if source else "", f"published {esc(_when(pub))}"
                                      if pub else "") if x)
        items.append(f"<li>{name}{' — ' + extra if extra else ''}</li>")
    label = "Article" if len(items) == 1 else f"Reported in {len(items)} articles"
    parts.append(f"<p style='margin:.4em 0 0 0'><b>{label}:</b></p><ul style='margin:0'>{''.join(items)}</ul>")
    parts.append("</div>")
    return "".join(parts)


#: Up to this many events, the Events tab is a plain table whose sentences wrap; more
#: go to Streamlit's data grid, which scrolls, sorts and searches them.
TABLE_HTML_MAX = 60


def events_table_html(events) -> str:
    """The events as a plain HTML table: when (in words), the event's title over its
    sentence, the expression, the precision and the outlet; every text escaped."""
    esc = html.escape
    rows = []
    for e in events:
        sentence = " ".join((e.sentence or "").split())
        rows.append(
            f"<tr data-event-id='{esc(e.id, quote=True)}'>"
            f"<td style='white-space:nowrap'>{esc(interval_words(e))}</td>"
            f"<td><b>{esc(e.title or e.expression or e.id)}</b>"
            + (f"<br><span style='opacity:.75;font-size:.9em'>{esc(sentence)}</span>" if sentence else "")
            + f"</td><td>{'“' + esc(e.expression) + '”' if e.expression else ''}</td>"
            f"<td>{esc(e.precision or 'unknown')}</td><td>{esc(e.source or '')}</td></tr>")
    head = "".join(f"<th style='text-align:left'>{h}</th>"
                   for h in ("When", "Event", "Expression", "Precision", "Source"))
    return ("<table class='chronicle-events' style='width:100%;border-collapse:collapse;font-size:.9em'>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")


def md_escape(text: str) -> str:
    """``text`` as literal Markdown: every ASCII punctuation character
    backslash-escaped (so no link, emphasis, HTML or LaTeX can form)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def problems_html(problems) -> str:
    """A list of ``(source, message)`` problems, escaped."""
    items = "".join(f"<li><b>{html.escape(str(s))}</b>: {html.escape(str(m))}</li>" for s, m in problems)
    return f"<ul>{items}</ul>"
