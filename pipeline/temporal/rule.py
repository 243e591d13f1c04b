"""What a rule is, for every language: a compiled pattern, a small pure function
that turns a match into a :class:`Mention` (or None to reject it), and the words
that wake it. A language's ``grammar.py`` registers its rules with :func:`rule`
into its own list; ``tagger.extract`` runs them and keeps the longest matches.

Rules never look at the publication date: they say *what* was written ("last",
weekday 5, month 5 with no year, a 6-month duration); the resolver anchors it.
"""
from __future__ import annotations

import re
from typing import Callable, NamedTuple, Optional, Union

from .mention import Mention

Handler = Callable[[re.Match, str], Optional[Mention]]
Trigger = Union[frozenset, Callable[[str], bool], "re.Pattern[str]", None]


class Rule(NamedTuple):
    name: str
    pattern: re.Pattern
    handler: Handler
    trigger: Trigger


def rule(name: str, pattern: str, flags: int = 0, trigger: Trigger = None, *, into: list):
    """Register an extraction rule in the list ``into`` (a language's rules).

    ``trigger`` names the words every match of the rule contains (a set of
    lower-case words, a test on the words that start with a digit, or a compiled
    regex for a literal that no word shows, such as "FY" in "FY2023"): the full
    pattern then only runs in windows around those words, which keeps
    tagging fast on long texts.  None runs the pattern over the whole text.
    """
    # Every expression starts at a word start: the leading look-behind lets the
    # regex engine skip the inside of words at once.
    compiled = re.compile(r"(?<!\w)" + pattern, flags)

    def deco(fn: Handler) -> Handler:
        into.append(Rule(name, compiled, fn, trigger))
        return fn
    return deco


def genre_rule(into: list):
    """The ``rule`` decorator of a genre's own list (posts', narratives'): its patterns
    are case-insensitive and end at a word end."""
    def register(name: str, pattern: str, trigger: Trigger):
        return rule(name, r"(?i:" + pattern + r")\b", trigger=trigger, into=into)
    return register


def alternation(words) -> str:
    """A regex alternation of ``words``, longest first, spaces as ``\\s+``."""
    parts = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in parts) + ")"
