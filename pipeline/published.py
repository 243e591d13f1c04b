"""Publication dates: the explicit anchor of every resolution."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

_ISO = re.compile(
    r"\s*(\d{4})-?(\d{2})-?(\d{2})"
    r"(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$")


def parse_published(value: object) -> date | datetime:
    """A publication date from a date, a datetime or an ISO 8601 string.

    Raises ValueError with a readable message for anything else (None, an
    empty string, "yesterday", "2021-02-30", ...).  Time zones are dropped:
    the article's own wall-clock time is the anchor.
    """
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"publication date must be an ISO 8601 date or datetime, got {type(value).__name__}")
    m = _ISO.match(value)
    if not m:
        raise ValueError(f"unreadable publication date {value!r} (expected ISO 8601, e.g. 2021-09-30 or 1998-12-05T09:42)")
    y, mo, d, hh, mm, ss, _tz = m.groups()
    try:
        if hh is None:
            return date(int(y), int(mo), int(d))
        if hh == "24" and int(mm) == 0 and int(ss or 0) == 0:
            # ISO 8601's end of the day: the next day's midnight
            return datetime(int(y), int(mo), int(d)) + timedelta(days=1)
        return datetime(int(y), int(mo), int(d), int(hh), int(mm), int(ss or 0))
    except OverflowError:
        raise ValueError(f"invalid publication date {value!r}: past the end of year 9999") from None
    except ValueError as exc:
        raise ValueError(f"invalid publication date {value!r}: {exc}") from None


def as_datetime(value: date | datetime) -> datetime:
    """Midnight of a date, or the datetime itself."""
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day)
