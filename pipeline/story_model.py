"""Frozen records of a story: the key dates of many articles, each summarised.

``pipeline.story(...)`` returns a :class:`Story`; the exports in
``pipeline/story_export.py`` and the app's Story view read only these records,
so an edited story (``dataclasses.replace``) exports exactly as shown.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Optional

from .model import Source
from .temporal.calendar import month_start
from .wording import period_words

#: Grains a story entry can have: a day, or a week/month where no day is known.
ENTRY_GRAINS = ("day", "week", "month")


def period_end(day: date, grain: str = "day") -> date:
    """The exclusive end of the day, week or month that starts on ``day``."""
    if grain == "week":
        return day + timedelta(days=7)
    if grain == "month":
        return month_start(day.year, day.month + 1).date()
    return day + timedelta(days=1)


def entry_label(day: date, grain: str = "day") -> str:
    """The entry's date in words: "Tue 20 Apr 2010", "week of 19 Apr 2010", "April 2010"
    (:func:`pipeline.wording.period_words`)."""
    return period_words(day, grain)


@dataclass(frozen=True)
class StoryEntry:
    """One key date of a story.

    ``date`` is the first day of the entry's period and ``grain`` its size
    ("day"; "week" or "month" only where no day is known).  ``summary`` are
    the chosen sentences, each from the event whose id is at the same place
    in ``summary_events`` ("" for an opening sentence of a report of that
    day, which dates nothing itself) and at ``(article id, start, end)`` in
    ``summary_spans`` (offsets into that article's text); ``events`` lists
    every event behind the entry
    (summary events first).  ``sources`` are the articles that report it,
    merged near-duplicates included.  ``score`` is the date's evidence
    (higher is stronger; only comparable within one story).
    """

    date: date
    headline: str
    summary: tuple[str, ...]
    sources: tuple[Source, ...]
    score: float
    events: tuple[str, ...] = ()
    summary_events: tuple[str, ...] = ()
    grain: str = "day"
    summary_spans: tuple[tuple[str, int, int], ...] = ()

    @property
    def end(self) -> date:
        """The exclusive end of the entry's period."""
        return period_end(self.date, self.grain)

    @property
    def label(self) -> str:
        return entry_label(self.date, self.grain)

    def to_json(self) -> dict:
        return {
            "date": self.date.isoformat(), "grain": self.grain, "headline": self.headline,
            "summary": list(self.summary),
            "sources": [{"article": s.article, "title": s.title, "source": s.source, "url": s.url,
                         "published": s.published.isoformat() if s.published else None}
                        for s in self.sources],
            "score": round(float(self.score), 4), "events": list(self.events),
        }


@dataclass(frozen=True)
class Story:
    """A story: its entries sorted by date, and what they were chosen from.

    ``density`` counts the events dated to each day (day-precise events of
    the articles considered), for the reader's sense of where the story is
    dense.  ``articles``/``events`` count the evidence considered;
    ``start``/``end`` are the limits asked for (inclusive days), if any.
    """

    entries: tuple[StoryEntry, ...]
    articles: int = 0
    events: int = 0
    start: Optional[date] = None
    end: Optional[date] = None
    density: tuple[tuple[date, int], ...] = field(default_factory=tuple)
    title: str = ""

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return iter(self.entries)

    def to_json(self) -> dict:
        return {"title": self.title, "articles": self.articles, "events": self.events,
                "from": self.start.isoformat() if self.start else None,
                "to": self.end.isoformat() if self.end else None,
                "entries": [e.to_json() for e in self.entries]}
