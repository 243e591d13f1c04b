"""Story mode: from many articles to the key dates of a story (timeline summarisation).

    story(articles_or_events, *, dates=None, sentences=2, start=None, end=None) -> Story

Two steps, as in the timeline-summarisation literature (date selection, then
a summary per date):

1. **Date selection from the evidence across articles.**  Every day-precise
   event votes for its day.  A vote counts for more when it comes from an
   article published after that day (the day is still worth mentioning
   later), and a day gains when articles are published on it or the day after
   (it was reported as it happened).  Each article votes at most once per day,
   so one long article cannot make a date.  Days named only by the article's
   own publication date ("Thursday" in Thursday's paper) count less than days
   other articles look back to.  Week and month entries appear only where no
   day inside them is known.
2. **A summary per date.**  The candidates are the sentences whose own
   expression names that day.  Each is scored by its TF-IDF similarity to the
   centroid of the day's sentences (scikit-learn), with a bonus for sentences
   reported on the day or the day after and for a verb that reports a
   happening, and a penalty for quotes, questions and very short or long
   sentences.  Near-duplicates (cosine >= ``DUPLICATE``) merge, keeping all
   their sources; a sentence is never used under two dates.

Everything is a pure function of its input: no clock, no I/O.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Iterable, Optional, Sequence, Union

from .model import Article, Event, Source
from .published import parse_published
from .story_model import Story, StoryEntry

__all__ = ["story", "Story", "StoryEntry"]

#: Cosine similarity at or above which two summary sentences say the same thing.
DUPLICATE = 0.5
#: Readable bounds for an automatic number of key dates.
MIN_DATES, MAX_DATES = 5, 40

_DAY = timedelta(days=1)


def _as_date(v) -> Optional[date]:
    if v is None:
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    p = parse_published(v)
    return p.date() if isinstance(p, datetime) else p


def _pub_day(e: Event) -> Optional[date]:
    return _as_date(e.published)


# ---------------------------------------------------------------------------
# Which events can vote for a date

def _event_day(e: Event) -> Optional[tuple[date, str]]:
    """The (first day, grain) an event dates, for day/week/month evidence; None otherwise."""
    if e.start is None or e.end is None or e.open_start or e.open_end:
        return None
    if e.precision in ("range", "open range"):
        return None
    g = e.grain or "day"
    if g in ("time", "day"):
        return e.start.date(), "day"
    if g == "week":
        return e.start.date(), "week"
    if g == "month":
        return e.start.date(), "month"
    return None


@dataclass
class _Cand:
    day: date
    grain: str
    events: list = field(default_factory=list)
    votes: dict = field(default_factory=dict)  # article -> vote weight
    score: float = 0.0


def _vote(e: Event, day: date, pub: Optional[date]) -> float:
    """One article's vote for a day it names."""
    if pub is None:
        return 1.0
    lag = (pub - day).days
    if lag < 0:  # a day still ahead when written: a plan, weaker evidence
        return 0.5
    if lag == 0:  # the publication day itself ("today", a timestamp, "on Thursday" on Thursday)
        return 0.6
    if lag == 1:
        return 1.0
    return 1.0 + min(0.5, 0.1 * math.log1p(lag))


# ---------------------------------------------------------------------------
# Public entry point

def _collect(items) -> tuple[list[Event], list[Article]]:
    events: list[Event] = []
    articles: list[Article] = []
    for x in items:
        if isinstance(x, Event):
            events.append(x)
        elif isinstance(x, Article):
            articles.append(x)
        else:
            raise TypeError(f"story() takes Article or Event objects, not {type(x).__name__}")
    return events, articles


def story(items: Union[Iterable[Article], Iterable[Event]], *, dates: Optional[int] = None,
          sentences: int = 2, start=None, end=None, problems: Optional[list] = None,
          workers: int = 1, title: str = "") -> Story:
    """The key dates of a story told by ``items`` (articles, or their events).

    ``dates`` is the number of entries (None chooses a readable number from
    the evidence); with a number, exactly that many are returned unless there
    are fewer candidate dates.  ``sentences`` is the summary length per date.
    ``start``/``end`` (dates, inclusive) keep only articles published in
    that span and only dates in it.  Articles are turned into events with
    :func:`pipeline.build_events` (``problems``/``workers`` as there).
    """
    if dates is not None and (not isinstance(dates, int) or dates < 0):
        raise ValueError(f"dates must be a whole number >= 0, got {dates!r}")
    if not isinstance(sentences, int) or sentences < 1:
        raise ValueError(f"sentences must be a whole number >= 1, got {sentences!r}")
    lo, hi = _as_date(start), _as_date(end)
    if lo and hi and hi < lo:
        raise ValueError(f"the span ends ({hi}) before it starts ({lo})")
    events, articles = _collect(items)
    n_articles = len({a.id for a in articles})
    if articles:
        from .events import build_events
        kept = [a for a in articles if _in_span(_as_date(a.published), lo, hi)]
        events.extend(build_events(kept, merge=False, workers=workers, problems=problems))
    events = [e for e in events if _in_span(_pub_day(e), lo, hi)]
    if not articles:
        n_articles = len({s.article for e in events for s in (e.sources or ())} | {e.article for e in events})
    cands, density = select_dates(events, lo, hi)
    entries = summarise(cands, events, dates=dates, sentences=sentences)
    return Story(entries=tuple(entries), articles=n_articles, events=len(events), start=lo, end=hi,
                 density=tuple(sorted(density.items())), title=title)


def _in_span(d: Optional[date], lo: Optional[date], hi: Optional[date]) -> bool:
    if d is None:
        return lo is None and hi is None
    return (lo is None or d >= lo) and (hi is None or d <= hi)


# ---------------------------------------------------------------------------
# Step 1: date selection

#: Weight of the articles published on a day or the day after, per article.
PUBLISHED_WEIGHT = 0.25


def select_dates(events: Sequence[Event], lo: Optional[date] = None,
                 hi: Optional[date] = None) -> tuple[list[_Cand], dict[date, int]]:
    """Candidate dates with their evidence, best first; and events per day (the density strip)."""
    cands: dict[tuple[date, str], _Cand] = {}
    density: dict[date, int] = defaultdict(int)
    pubs: dict[date, set] = defaultdict(set)
    for e in events:
        for s in (e.sources or (Source(e.article, published=e.published),)):
            p = _as_date(s.published)
            if p is not None:
                pubs[p].add(s.article)
    for e in events:
        got = _event_day(e)
        if got is None:
            continue
        day, grain = got
        if not _in_span(day, lo, hi) and not (grain != "day" and _overlaps(day, grain, lo, hi)):
            continue
        if grain == "day":
            density[day] += 1
        c = cands.get((day, grain))
        if c is None:
            c = cands[(day, grain)] = _Cand(day, grain)
        c.events.append(e)
        for s in (e.sources or (Source(e.article, published=e.published),)):
            w = _vote(e, day, _as_date(s.published))
            if w > c.votes.get(s.article, 0.0):
                c.votes[s.article] = w
    days = {d for d, g in cands if g == "day"}
    out = []
    for (day, grain), c in cands.items():
        if grain != "day":
            end = StoryEntry(day, "", (), (), 0.0, grain=grain).end
            if any(day <= d < end for d in days):
                continue  # a day inside the period is known: the period adds nothing
        reported = len(pubs.get(day, ())) + len(pubs.get(day + _DAY, ()))
        c.score = sum(c.votes.values()) + PUBLISHED_WEIGHT * reported
        if grain != "day":
            c.score *= 0.5
        out.append(c)
    out.sort(key=lambda c: (-c.score, c.day))
    return out, dict(density)


def _overlaps(day: date, grain: str, lo: Optional[date], hi: Optional[date]) -> bool:
    end = StoryEntry(day, "", (), (), 0.0, grain=grain).end
    return (hi is None or day <= hi) and (lo is None or end > lo)


def auto_count(cands: Sequence[_Cand]) -> int:
    """A readable number of key dates: the dates whose evidence stands out, within 5 to 40."""
    if not cands:
        return 0
    scores = [c.score for c in cands]
    top = scores[0]
    strong = sum(1 for s in scores if s >= max(2.0, 0.15 * top))
    return max(min(MIN_DATES, len(cands)), min(MAX_DATES, strong))


# ---------------------------------------------------------------------------
# Step 2: a summary per date

_QUOTE = re.compile(r"[\"“”]|``|''")
_QUESTION = re.compile(r"\?\s*[\"”']*\s*$")
_HAPPENING = re.compile(
    r"\b(?:[a-z]+ed|said|announced|began|became|died|killed|won|lost|took|made|met|told|found|"
    r"rose|fell|hit|struck|came|went|gave|left|ran|sank|broke|spread|declared|confirmed|"
    r"reported|raised|opened|closed|agreed|signed|voted|approved)\b")
_WORDS = re.compile(r"\w+")


def _sentence_text(e: Event) -> str:
    return " ".join(e.sentence.split())


def summarise(cands: Sequence[_Cand], events: Sequence[Event], *, dates: Optional[int] = None,
              sentences: int = 2) -> list[StoryEntry]:
    """Entries for the best candidates: headline, summary and sources for each."""
    n = auto_count(cands) if dates is None else min(dates, len(cands))
    if n <= 0:
        return []
    chosen = list(cands[:n])
    texts = sorted({_sentence_text(e) for c in chosen for e in c.events})
    from sklearn.feature_extraction.text import TfidfVectorizer
    import numpy as np
    index = {t: i for i, t in enumerate(texts)}
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1)
    try:
        X = vec.fit_transform(texts)
    except ValueError:  # nothing but stop words
        X = None
    used: set[str] = set()
    entries = []
    for c in chosen:
        entries.append(_entry(c, X, index, used, sentences, np))
    entries.sort(key=lambda e: (e.date, e.grain))
    return entries


def _sentence_score(e: Event, day: date, text: str) -> float:
    s = 0.0
    pub = _pub_day(e)
    if pub is not None and 0 <= (pub - day).days <= 1:
        s += 0.15
    if _HAPPENING.search(text):
        s += 0.1
    if _QUOTE.search(text):
        s -= 0.15
    if _QUESTION.search(text):
        s -= 0.3
    words = len(_WORDS.findall(text))
    if words < 8:
        s -= 0.3
    elif words > 45:
        s -= 0.15
    return s


def _entry(c: _Cand, X, index, used: set, k: int, np) -> StoryEntry:
    groups: dict[str, list[Event]] = defaultdict(list)
    for e in c.events:
        groups[_sentence_text(e)].append(e)
    texts = list(groups)
    if X is not None:
        rows = X[[index[t] for t in texts]]
        centroid = np.asarray(rows.mean(axis=0)).ravel()
        norm = np.linalg.norm(centroid) or 1.0
        central = (rows @ centroid) / norm
        sim = (rows @ rows.T).toarray()
    else:
        central = np.zeros(len(texts))
        sim = np.eye(len(texts))
    scored = sorted(range(len(texts)),
                    key=lambda i: -(central[i] + _sentence_score(groups[texts[i]][0], c.day, texts[i])
                                    + 0.05 * math.log1p(len(groups[texts[i]]))))
    picked: list[int] = []
    merged: dict[int, list[int]] = {}
    for i in scored:
        if texts[i] in used:
            continue
        dup = next((j for j in picked if sim[i, j] >= DUPLICATE), None)
        if dup is not None:
            merged[dup].append(i)
            continue
        if len(picked) < k:
            picked.append(i)
            merged[i] = [i]
    summary, summary_events, sources, seen, ids = [], [], [], set(), []
    for i in picked:
        used.add(texts[i])
        summary.append(texts[i])
        summary_events.append(groups[texts[i]][0].id)
        for j in merged[i]:
            for e in groups[texts[j]]:
                ids.append(e.id)
                for s in (e.sources or (Source(e.article, e.title, e.source, e.url, e.published),)):
                    if s.article not in seen:
                        seen.add(s.article)
                        sources.append(s)
    for e in c.events:
        if e.id not in ids:
            ids.append(e.id)
    lead = groups[texts[picked[0]]][0] if picked else c.events[0]
    headline = lead.title
    sources.sort(key=lambda s: (_as_date(s.published) or date.max, s.article))
    return StoryEntry(date=c.day, grain=c.grain, headline=headline, summary=tuple(summary),
                      summary_events=tuple(summary_events), sources=tuple(sources),
                      score=round(c.score, 4), events=tuple(dict.fromkeys(ids)))
