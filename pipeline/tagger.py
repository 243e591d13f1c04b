"""pipeline.tag: find temporal expressions and resolve them (work in progress)."""
from __future__ import annotations

from datetime import date, datetime

from .model import Timex
from .published import parse_published


def tag(text: str, published: date | datetime | str) -> list[Timex]:
    anchor = parse_published(published)
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    return []
