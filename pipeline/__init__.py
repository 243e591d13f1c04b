"""Chronicle's pipeline: news text + publication date in, timexes and events out.

Pure functions over frozen dataclasses; nothing here reads the clock or
imports the UI.

    >>> from pipeline import tag
    >>> [t.value for t in tag("He spoke last week.", "2021-09-30")]
    ['2021-W38']
"""
from __future__ import annotations

from .model import Article, Event, Source, Timex
from .tagger import tag

__all__ = ["Article", "Event", "Source", "Timex", "tag", "load_articles",
           "load_bytes", "build_events", "story", "Story", "StoryEntry"]


def __getattr__(name: str):
    # Heavier parts (HTML extraction, events) load on first use only.
    if name in ("load_articles", "load_bytes"):
        from . import articles
        return getattr(articles, name)
    if name == "build_events":
        from .events import build_events
        return build_events
    if name == "story":
        from .storyline import story
        return story
    if name in ("Story", "StoryEntry"):
        from . import story_model
        return getattr(story_model, name)
    raise AttributeError(name)
