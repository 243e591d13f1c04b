"""Story mode: from many articles to the key dates of a story (timeline summarisation).

    story(items, *, dates=None, sentences=2, start=None, end=None) -> Story

Two steps, as in the timeline-summarisation literature (date selection, then
a summary per date).  The choices below were measured on the Timeline17
development topics (benchmarks/bench_story.py, benchmarks/RESULTS-story.md).

1. **Date selection from the evidence across articles.**  Every day-precise
   expression of an event votes for its day (a clock time for its day; the
   ends of a range and the day of "since April 20" too).  Each article votes
   once per day, so one long article cannot make a date; a vote from an
   article written a week or more after the day counts double (the day still
   matters later); and each article published on the day adds a half (the
   day was reported as it happened).  Week and month entries are candidates only where no day
   inside them is known, at half weight.  Bylines, datelines, page timestamps
   and comment sections give no events (pipeline/events.py, pipeline/clean.py)
   and so no votes.
2. **A summary per date.**  The candidate sentences of a day are those whose
   own expression names it, and the opening sentences of the articles
   published on that day or the day after which date something to it (they
   report what happened).  Each is scored by its TF-IDF cosine (scikit-learn)
   with the centroid of the day's candidates, plus half its cosine with the
   centroid of the whole story (it is about the story), with a small bonus
   for naming the day and penalties for questions and fragments.  Sentences
   are taken best first; one that says the same as a chosen one (cosine >=
   ``DUPLICATE``) merges into it, adding its sources; a sentence is never used
   under two dates (dates are summarised strongest first).

Everything is a pure function of its input: no clock, no I/O.
"""
from __future__ import annotations

import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Iterable, Optional, Sequence, Union

from .model import Article, Event, Source
from .published import parse_published
from .story_model import Story, StoryEntry, period_end

__all__ = ["story", "Story", "StoryEntry", "select_dates"]

#: Cosine similarity at or above which two summary sentences say the same thing.
DUPLICATE = 0.5
#: Readable bounds for an automatic number of key dates.
MIN_DATES, MAX_DATES = 5, 40
#: Days after which a look back at a date counts double: the day still matters a week on.
LATE_DAYS = 7
#: Weight of each article published on a day (the day was reported as it happened): half a
#: mention, since publishing on a day says less than naming it (dev date F1 with 0, 0.5, 1 and
#: 1.5: 0.685, 0.700, 0.676, 0.674).
REPORTED = 0.5
#: Opening sentences of an article that may summarise the day it reports.
LEAD_SENTENCES = 5
#: Weight of a sentence's similarity to the whole story, beside its day's centroid.
STORY_WEIGHT = 0.5
#: Bonus for a sentence whose own expressions name the day and no other; penalties for a
#: sentence that names another day first ("was closed on March 6 after a run that began on
#: March 5" is about March 6), a question, a fragment, and an opening pronoun whose noun is in
#: another sentence ("It was closed ...").
NAMES_DAY, OTHER_DAY, QUESTION, FRAGMENT, PRONOUN = 0.05, -0.3, -0.3, -0.3, -0.1
#: Penalty for a sentence that names the day only as the end of a span ("closed since March 4"):
#: it reports a state, not what happened that day.
SPAN_ONLY = -0.15
#: A summary sentence has at least this many words and at most this many.
MIN_WORDS, MAX_WORDS = 6, 60

_DAY = timedelta(days=1)
_WORDS = re.compile(r"\w+")
_QUESTION = re.compile(r"\?\s*[\"”’']*\s*$")
_PRONOUN = re.compile(r"^[\"“‘']?(?:it|he|she|they|this|that|these|those|its|his|her|their)\b", re.I)


def _as_date(v) -> Optional[date]:
    if v is None:
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    p = parse_published(v)
    return p.date() if isinstance(p, datetime) else p


def _in_span(d: Optional[date], lo: Optional[date], hi: Optional[date]) -> bool:
    if d is None:
        return lo is None and hi is None
    return (lo is None or d >= lo) and (hi is None or d <= hi)


def _sources(e: Event) -> tuple[Source, ...]:
    return e.sources or (Source(e.article, e.title, e.source, e.url, e.published),)


# ---------------------------------------------------------------------------
# Step 1: date selection

@dataclass
class _Cand:
    day: date
    grain: str
    events: list = field(default_factory=list)
    votes: dict = field(default_factory=dict)  # article -> vote weight
    score: float = 0.0


def _event_days(e: Event) -> list[tuple[date, str]]:
    """The (first day, grain) periods an event's own expressions name.

    Every day-precise expression counts (a clock time for its day), the ends
    of a range and the anchor of "since April 20" included; a week or a month
    counts only as a single-period event.  Durations, sets and vague
    references name no day.
    """
    out: list[tuple[date, str]] = []
    for t in e.expressions:
        if t.type not in ("DATE", "TIME") or t.date_from is None or t.date_to is None:
            continue
        if t.grain in ("time", "day") and t.date_to - t.date_from <= _DAY:
            out.append((t.date_from.date(), "day"))
        elif t.grain in ("week", "month") and len(e.expressions) == 1 \
                and e.precision not in ("range", "open range"):
            out.append((t.date_from.date(), t.grain))
    return list(dict.fromkeys(out))


def _vote(day: date, pub: Optional[date]) -> float:
    """One article's vote for a day it names: 1, or 2 when written a week or more later."""
    if pub is not None and (pub - day).days >= LATE_DAYS:
        return 2.0
    return 1.0


def select_dates(events: Sequence[Event], lo: Optional[date] = None,
                 hi: Optional[date] = None) -> tuple[list[_Cand], dict[date, int]]:
    """Candidate dates with their evidence, strongest first; and the number of events per day."""
    cands: dict[tuple[date, str], _Cand] = {}
    density: dict[date, int] = defaultdict(int)
    published: dict[date, set] = defaultdict(set)
    for e in events:
        for s in _sources(e):
            p = _as_date(s.published)
            if p is not None:
                published[p].add(s.article)
    for e in events:
        for day, grain in _event_days(e):
            if grain == "day":
                if not _in_span(day, lo, hi):
                    continue
                density[day] += 1
            elif not ((hi is None or day <= hi) and (lo is None or period_end(day, grain) > lo)):
                continue
            c = cands.get((day, grain))
            if c is None:
                c = cands[(day, grain)] = _Cand(day, grain)
            c.events.append(e)
            for s in _sources(e):
                w = _vote(day, _as_date(s.published))
                if w > c.votes.get(s.article, 0.0):
                    c.votes[s.article] = w
    days = {d for d, g in cands if g == "day"}
    out = []
    for (day, grain), c in cands.items():
        c.score = sum(c.votes.values())
        if grain == "day":
            c.score += REPORTED * len(published.get(day, ()))
        else:
            end = period_end(day, grain)
            if any(day <= d < end for d in days):
                continue  # a day inside the period is known: the period adds nothing
            c.score *= 0.5
        out.append(c)
    out.sort(key=lambda c: (-c.score, c.day, c.grain))
    return out, dict(density)


def auto_count(cands: Sequence[_Cand]) -> int:
    """A readable number of key dates, from the evidence: between 5 and 40.

    About twice the square root of the number of days that two or more
    articles date something to: 4 such days give 4 dates, 25 give 10, 100
    give 20, 400 or more give 40.  Never more than the candidates.
    """
    backed = sum(1 for c in cands if len(c.votes) >= 2)
    return min(len(cands), max(MIN_DATES, min(MAX_DATES, round(2 * backed ** 0.5))))


# ---------------------------------------------------------------------------
# Step 2: a summary per date

@dataclass
class _Sentence:
    day: date
    text: str
    article: str
    start: int
    end: int
    events: list  # the events of this sentence dated to the day ([] for an opening sentence)
    sources: list  # Source records
    named: tuple = ()  # the days the sentence names, in the order it names them


def _tidy(s: str) -> str:
    return " ".join(s.split())


def _readable(text: str) -> bool:
    n = len(_WORDS.findall(text))
    return MIN_WORDS <= n <= MAX_WORDS


class _Leads(dict):
    """The opening sentences of each article, (start, end, text, days), boilerplate left
    out, ``days`` the days they name in text order; made on first use.  The days come
    from tagging the openings themselves: events merged across articles keep only one
    member's expressions, so the events cannot say what another member's opening names."""

    def __init__(self, articles: dict[str, Article], langs: Optional[dict[str, str]] = None):
        super().__init__()
        self.articles = articles
        self.langs = langs or {}  # each article's language, as its events were read

    def __missing__(self, aid: str) -> list[tuple[int, int, str, tuple]]:
        from .events import story_sentences
        from .tagger import tag
        a = self.articles.get(aid)
        spans: list[tuple[int, int, str, tuple]] = []
        if a is not None and a.published is not None:
            lang = self.langs.get(aid, "en")
            masked, opening = _opening(a.text or "", lambda text: story_sentences(text, lang))
            named = [(t.start, t.date_from.date()) for t in tag(masked[:opening[-1][1]], a.published, lang=lang)
                     if t.grain in ("time", "day") and t.date_from is not None] if opening else []
            for s, e in opening:
                spans.append((s, e, _tidy(masked[s:e]), tuple(d for pos, d in named if s <= pos < e)))
        self[aid] = spans
        return spans


#: The openings are read from the first characters of an article (up to a line end)
#: when they end far enough before the cut; the whole text is read otherwise.
LEAD_CHARS, LEAD_MARGIN = 4000, 500


def _opening(text: str, story_sentences) -> tuple[str, list[tuple[int, int]]]:
    """The masked text and the spans of its first LEAD_SENTENCES story sentences.  Masking
    and splitting look only a line or a few characters around each place, so the openings
    of a long article come out the same from its first LEAD_CHARS characters, at a fraction
    of the cost (the story reads the openings of every article that reports a key date)."""
    cut = text.rfind("\n", 0, LEAD_CHARS) if len(text) > LEAD_CHARS else -1
    for part in ((text[:cut], text) if cut > LEAD_MARGIN else (text,)):
        masked, sentences = story_sentences(part)
        opening = [(s, e) for s, e in sentences if masked[s:e].strip()][:LEAD_SENTENCES]
        if part is text or (len(opening) == LEAD_SENTENCES and opening[-1][1] <= len(part) - LEAD_MARGIN):
            return masked, opening
    raise AssertionError("unreachable: the whole text is always read last")


def _days_named(named: dict, article: str, start: int, end: int) -> tuple:
    """The days that expressions in [start, end) of an article name, in text order."""
    return tuple(d for pos, d in named.get(article, ()) if start <= pos < end)


def _pool(c: _Cand, leads: dict, articles: dict[str, Article], named: dict) -> list[_Sentence]:
    """Candidate summary sentences of a date: its dated sentences, then the openings that report it."""
    by_text: dict[str, _Sentence] = {}
    for e in c.events:
        text = _tidy(e.sentence)
        s = by_text.get(text)
        if s is None:
            s = by_text[text] = _Sentence(c.day, text, e.article, e.sentence_start, e.sentence_end, [], [],
                                          _days_named(named, e.article, e.sentence_start, e.sentence_end))
        s.events.append(e)
        s.sources.extend(_sources(e))
    if c.grain == "day" and articles:
        reporting = {src.article for e in c.events for src in _sources(e)}
        for aid in sorted(reporting):
            a = articles.get(aid)
            if a is None or _as_date(a.published) not in (c.day, c.day + _DAY):
                continue
            for start, end, text, days in leads[aid]:
                if text in by_text or (days and days[0] != c.day):
                    continue  # an opening that names another day first reports that day
                by_text[text] = _Sentence(c.day, text, aid, start, end, [],
                                          [Source(a.id, a.title, a.source, a.url, a.published)], days)
    return [s for s in by_text.values() if _readable(s.text)]


def _score_bonus(s: _Sentence) -> float:
    b = 0.0
    if s.events:
        if all(e.precision in ("range", "open range") for e in s.events):
            b += SPAN_ONLY
        if s.named and s.named[0] != s.day:
            b += OTHER_DAY
        elif set(s.named) <= {s.day}:
            b += NAMES_DAY
    if _PRONOUN.match(s.text):
        b += PRONOUN
    if _QUESTION.search(s.text):
        b += QUESTION
    if s.text[-1:] not in ".!?\"”’')":
        b += FRAGMENT
    return b


def summarise(cands: Sequence[_Cand], events: Sequence[Event], *, dates: Optional[int] = None,
              sentences: int = 2, articles: Sequence[Article] = ()) -> list[StoryEntry]:
    """Entries for the strongest candidates: headline, summary and sources for each."""
    n = auto_count(cands) if dates is None else min(dates, len(cands))
    if n <= 0:
        return []
    chosen = list(cands[:n])
    by_id = {a.id: a for a in articles}
    leads = _Leads(by_id, {s.article: e.lang for e in events for s in e.sources})
    found: dict[str, set] = defaultdict(set)
    for e in events:
        for t in e.expressions:
            if t.grain in ("time", "day") and t.date_from is not None:
                found[e.article].add((t.start, t.date_from.date()))
    named = {a: sorted(v) for a, v in found.items()}
    pools = [_pool(c, leads, by_id, named) for c in chosen]
    texts = list(dict.fromkeys([_tidy(e.sentence) for e in events]
                               + [s.text for p in pools for s in p]))
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    index = {t: i for i, t in enumerate(texts)}
    try:
        X = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    except ValueError:  # no words at all
        X = None
    whole = None
    if X is not None:
        whole = np.asarray(X.mean(axis=0)).ravel()
        whole /= np.linalg.norm(whole) or 1.0
    used: set[str] = set()
    entries = []
    for c, pool in zip(chosen, pools):
        entries.append(_entry(c, pool, X, index, whole, used, sentences, np))
    entries.sort(key=lambda e: (e.date, e.grain))
    return entries


def _entry(c: _Cand, pool: list[_Sentence], X, index, whole, used: set, k: int, np) -> StoryEntry:
    if X is not None and pool:
        rows = X[[index[s.text] for s in pool]]
        centroid = np.asarray(rows.mean(axis=0)).ravel()
        centroid /= np.linalg.norm(centroid) or 1.0
        score = np.asarray(rows @ centroid).ravel() + STORY_WEIGHT * np.asarray(rows @ whole).ravel()
        sim = (rows @ rows.T).toarray()  # rows are L2-normalised: cosine similarities
    else:
        score, sim = np.zeros(len(pool)), None
    score = [float(score[i]) + _score_bonus(s) for i, s in enumerate(pool)]
    order = sorted(range(len(pool)), key=lambda i: (-score[i], pool[i].text))
    picked: list[int] = []
    merged: dict[int, list[int]] = {}
    for i in order:
        if pool[i].text in used:
            continue
        if sim is not None and picked:
            j = max(picked, key=lambda p: sim[i, p])
            if sim[i, j] >= DUPLICATE:
                merged[j].append(i)
                continue
        if len(picked) < k:
            picked.append(i)
            merged[i] = [i]
    summary, summary_events, spans, sources, seen, ids = [], [], [], [], set(), []
    for i in picked:
        s = pool[i]
        used.add(s.text)
        summary.append(s.text)
        summary_events.append(s.events[0].id if s.events else "")
        spans.append((s.article, s.start, s.end))
        for j in merged[i]:
            ids.extend(e.id for e in pool[j].events)
            for src in pool[j].sources:
                if src.article not in seen:
                    seen.add(src.article)
                    sources.append(src)
    ids.extend(e.id for e in c.events)
    if not summary:  # every sentence was used elsewhere or unreadable: keep the evidence visible
        e = c.events[0]
        summary, summary_events = [_tidy(e.sentence)], [e.id]
        spans = [(e.article, e.sentence_start, e.sentence_end)]
        sources = list({src.article: src for src in _sources(e)}.values())
    sources.sort(key=lambda s: (_as_date(s.published) or date.max, s.article))
    return StoryEntry(date=c.day, grain=c.grain, headline=_headline(pool, picked, c),
                      summary=tuple(summary), summary_events=tuple(summary_events),
                      summary_spans=tuple(spans),
                      sources=tuple(sources), score=round(c.score, 4), events=tuple(dict.fromkeys(ids)))


def _title_of(s: _Sentence) -> str:
    from .events import make_title
    for e in sorted(s.events, key=lambda e: e.precision in ("range", "open range")):
        if any(d == s.day for d, _ in _event_days(e)):
            return e.title
    return make_title(s.text, lang=next((e.lang for e in s.events), "en"))


def _headline(pool: list[_Sentence], picked: list[int], c: _Cand) -> str:
    """A short, self-contained title: the first summary sentence's, unless it opens
    with a pronoun ("It was sold") or has fewer than five words; then the next one's."""
    titles = [_title_of(pool[i]) for i in picked] or [c.events[0].title]
    for enough in (5, 4):
        for t in titles:
            if len(t.split()) >= enough and not _PRONOUN.match(t):
                return t
    return titles[0]


# ---------------------------------------------------------------------------
# Public entry point

def preload() -> None:
    """Import what the summaries need (scikit-learn: seconds on a first story); meant for a
    thread started while the articles are tagged elsewhere (worker processes)."""
    try:
        import sklearn.feature_extraction.text  # noqa: F401
    except Exception:  # the summary step will raise it where it can be reported
        pass


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
          workers: int = 1, title: str = "", articles: Iterable[Article] = (),
          genre: Optional[str] = None, lang: Optional[str] = None) -> Story:
    """The key dates of the story that ``items`` (articles, or their events) tell.

    ``dates`` is the number of entries (None chooses a readable number from
    the evidence); with a number, exactly that many are returned unless there
    are fewer candidate dates.  ``sentences`` is the summary length per date.
    ``start``/``end`` (dates or ISO strings, inclusive) keep only articles
    published in that span and only dates in it.  Articles among ``items``
    are turned into events with :func:`pipeline.build_events` (``problems``,
    ``workers`` and ``genre`` as there); when ``items`` are events, ``articles`` may
    give their articles, whose opening sentences then join the summaries.
    """
    if dates is not None and (isinstance(dates, bool) or not isinstance(dates, int) or dates < 0):
        raise ValueError(f"dates must be a whole number >= 0, got {dates!r}")
    if isinstance(sentences, bool) or not isinstance(sentences, int) or sentences < 1:
        raise ValueError(f"sentences must be a whole number >= 1, got {sentences!r}")
    lo, hi = _as_date(start), _as_date(end)
    if lo and hi and hi < lo:
        raise ValueError(f"the span ends ({hi}) before it starts ({lo})")
    events, given = _collect(items)
    texts = {a.id: a for a in list(articles) + given}
    kept = [a for a in given if _in_span(_as_date(a.published), lo, hi)]
    if kept:
        from .events import build_events
        if workers > 1:  # load scikit-learn (seconds) while the worker processes tag
            threading.Thread(target=preload, daemon=True).start()
        events.extend(build_events(kept, merge=False, workers=workers, problems=problems, genre=genre,
                                   lang=lang))
    events = [e for e in events if _in_span(_as_date(e.published), lo, hi)]
    n_articles = len({s.article for e in events for s in _sources(e)} | {a.id for a in kept})
    cands, density = select_dates(events, lo, hi)
    in_span = [a for a in texts.values() if _in_span(_as_date(a.published), lo, hi)]
    entries = summarise(cands, events, dates=dates, sentences=sentences, articles=in_span)
    return Story(entries=tuple(entries), articles=n_articles, events=len(events), start=lo, end=hi,
                 density=tuple(sorted(density.items())), title=title)
