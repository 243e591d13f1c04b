"""A language's grammar: what the engine (``tagger.py``, ``resolve.py``) needs
from a language folder besides its word tables.

Each folder ``lang/<code>/`` has a ``grammar.py`` whose ``GRAMMAR`` is a
:class:`Grammar`: the extraction rules (patterns and handlers that give a
:class:`Mention`), the genres' own rules, and the reading of tense that points
a bare weekday or month forward or back.  The engine holds no words of any
language: it runs the rules, keeps the longest matches, anchors them and
gives their intervals.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Optional

from .lang import Language, LanguageError, available, load
from .resolve import NO_READINGS, Readings, TenseCues


def _same(text: str) -> str:
    return text


def _never(text: str) -> bool:
    return False


@dataclass(frozen=True)
class Grammar:
    """One language's rules and tense reading, with its words (``words``)."""
    code: str
    words: Language = field(repr=False)
    #: the general rules (``rules.Rule``), in their priority order
    rules: list = field(repr=False)
    #: (text, start, end, index) -> > 0 the sentence points forward, < 0 back, 0 no cue
    direction: Callable = field(repr=False)
    cues: TenseCues = field(repr=False)
    #: a text in one case given the capitals of prose, same offsets (English only so far)
    recase: Callable[[str], str] = field(default=_same, repr=False)
    looks_like_post: Callable[[str], bool] = field(default=_never, repr=False)
    post_rules: list = field(default_factory=list, repr=False)
    post_drops: frozenset = frozenset()
    narrative_rules: list = field(default_factory=list, repr=False)
    narrative_drops: frozenset = frozenset()
    #: the resolver's finer readings (English's earnings reports, "since 1976")
    readings: Readings = field(default=NO_READINGS, repr=False)


@lru_cache(maxsize=None)
def grammar(code: Optional[str] = None) -> Grammar:
    """The grammar of language ``code`` ("en", "fr"; None: English)."""
    code = code or "en"
    if code not in available():
        raise LanguageError(f"no language {code!r} (languages here: {', '.join(available())})")
    got = importlib.import_module(f"{__package__}.lang.{code}.grammar").GRAMMAR
    if not isinstance(got, Grammar) or got.code != code:
        raise LanguageError(f"lang/{code}/grammar.py: GRAMMAR must be the Grammar of {code!r}")
    return got


__all__ = ["Grammar", "grammar", "load"]
