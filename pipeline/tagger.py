"""``pipeline.tag``: find temporal expressions and resolve them against the
publication date.

Two steps, as in HeidelTime: ``extract`` runs the rules of
``temporal/rules.py`` and keeps the longest non-overlapping matches, each an
underspecified :class:`Mention`; ``Resolver`` anchors them on the
publication date, using the sentence's tense for bare weekdays and months.
"""
from __future__ import annotations

from datetime import date, datetime

from .model import Timex
from .published import parse_published
from .temporal import calendar as cal
from .temporal.mention import Mention
from .temporal.resolve import Resolver
from .temporal.rules import RULES

#: Texts longer than this are tagged in pieces (bounded memory and time).
_MAX_CHARS = 5_000_000


def extract(text: str) -> list[Mention]:
    """All rule matches, the longest winning where they overlap, in text order."""
    found: list[tuple[int, int, int, Mention]] = []
    for order, (_name, pattern, handler) in enumerate(RULES):
        for m in pattern.finditer(text):
            if m.end() == m.start():
                continue
            men = handler(m, text)
            if men is not None and men.end > men.start:
                found.append((-(men.end - men.start), order, men.start, men))
    found.sort(key=lambda t: (t[0], t[1], t[2]))
    taken: list[tuple[int, int]] = []
    keep: list[Mention] = []
    for _len, _order, _s, men in found:
        if any(men.start < e and s < men.end for s, e in taken):
            continue
        taken.append((men.start, men.end))
        keep.append(men)
    keep.sort(key=lambda x: x.start)
    return keep


def _trim(text: str, men: Mention) -> Mention:
    s, e = men.start, men.end
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:"):
        e -= 1
    if (s, e) == (men.start, men.end):
        return men
    return Mention(**{**men.__dict__, "start": s, "end": e})


def tag(text: str, published: date | datetime | str) -> list[Timex]:
    """Temporal expressions of ``text`` resolved against ``published``.

    ``published`` (a date, a datetime or an ISO 8601 string) is required:
    nothing here reads the clock.  Raises ValueError for an unreadable date
    and TypeError when ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    anchor = parse_published(published)
    day = anchor.date() if isinstance(anchor, datetime) else anchor
    if len(text) > _MAX_CHARS:
        raise ValueError(f"text too long ({len(text):,} characters; the limit is {_MAX_CHARS:,})")
    resolver = Resolver(text, day)
    out: list[Timex] = []
    for men in extract(text):
        men = _trim(text, men)
        res = resolver.resolve(men)
        if res is None:
            continue
        value, note = res
        typ = men.type
        if typ in ("DATE", "TIME"):
            typ = "TIME" if "T" in value and value[:1].isdigit() else "DATE"
        span = cal.interval(value) if typ in ("DATE", "TIME") else None
        grain, begin, end = span if span else (None, None, None)
        out.append(Timex(start=men.start, end=men.end, text=text[men.start:men.end], type=typ,
                         value=value, mod=men.mod, grain=grain, date_from=begin, date_to=end,
                         rule=men.rule, note=note))
    return out
