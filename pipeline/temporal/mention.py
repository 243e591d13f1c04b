"""The extraction step's output: an expression with an underspecified value."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Mention:
    """A temporal expression found in a text, not yet anchored.

    ``kind`` says how ``resolve`` computes the value:

    - ``abs``: ``value`` is final ("1998-08-07", "199", "P6M" with type DURATION, "PRESENT_REF", sets);
    - ``rel``: the ``grain`` unit containing the anchor, moved by ``offset`` ("last week": week, -1);
    - ``ago``: the anchor moved by ``offset`` units of ``unit``, valued at ``grain`` ("two weeks ago");
    - ``weekday``: ``dow`` (1 = Monday) with ``shift`` "", "last", "next" or "this";
    - ``month``: ``month`` (and ``day``) in a year given by ``year`` or inferred with ``shift``/tense;
    - ``quarter`` / ``half`` / ``season``: ``part`` ("Q3", "H1", "SU") in ``year`` or inferred;
    - ``year2``: a two-digit year ("'98") or decade ("the '90s" with grain decade).

    ``part`` also carries a part of day ("MO") or a clock time ("15:00") to add to a day.
    """

    start: int
    end: int
    rule: str
    type: str
    kind: str
    value: str = ""
    grain: str = ""
    unit: str = ""
    offset: int = 0
    month: int = 0
    day: int = 0
    year: int = 0
    dow: int = 0
    shift: str = ""
    part: str = ""
    mod: Optional[str] = None
    day_from: Optional["Mention"] = None  # a day expression inside this one ("3 p.m. Friday")
