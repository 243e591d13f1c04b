"""What the languages' corpus writers (``tests/corpus/<code>/write_cases.py``) share:
families of cases whose expected values come from plain date arithmetic (never
from the tagger), and the writing of the cases with the corpus oracle's intervals."""
from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent.parent)]  # tests/, the repository

from test_tagger_corpus import expected_interval  # noqa: E402


def weekdays(names: list[str], pubs: tuple[str, ...], past: str, future: str, last: str, nxt: str) -> list[tuple]:
    """Each weekday (names from Monday) from each publication date: told in the past
    (the one on or before), in the future (on or after), with "last" (before) and "next"
    (after). The templates hold ``{w}`` where the weekday goes."""
    out = []
    for pub in pubs:
        a = date.fromisoformat(pub)
        for i, w in enumerate(names, 1):
            back, fwd = (a.isoweekday() - i) % 7, (i - a.isoweekday()) % 7
            out += [(past.format(w=w), pub, "DATE", (a - timedelta(days=back)).isoformat(), None),
                    (future.format(w=w), pub, "DATE", (a + timedelta(days=fwd)).isoformat(), None),
                    (last.format(w=w), pub, "DATE", (a - timedelta(days=back or 7)).isoformat(), None),
                    (nxt.format(w=w), pub, "DATE", (a + timedelta(days=fwd or 7)).isoformat(), None)]
    return out


def months(names: list[str], pubs: tuple[str, ...], last: str, nxt: str, full: str, pub: str) -> list[tuple]:
    """Each month ("last" the latest before publication, "next" the first after) from each
    publication date, and a full date in 2019 for each (``{mo}``, ``{d}`` in the templates)."""
    out = []
    for p in pubs:
        a = date.fromisoformat(p)
        for i, mo in enumerate(names, 1):
            out += [(last.format(mo=mo), p, "DATE", f"{a.year - (1 if i >= a.month else 0)}-{i:02d}", None),
                    (nxt.format(mo=mo), p, "DATE", f"{a.year + (1 if i <= a.month else 0)}-{i:02d}", None)]
    for i, mo in enumerate(names, 1):
        d = 1 + (i * 7) % 28
        out.append((full.format(d=d, mo=mo), pub, "DATE", f"2019-{i:02d}-{d:02d}", None))
    return out


def counts(numbers: list[tuple[str, int]], units: list[tuple[str, str]], pub: str, lasted: str, lasted_figures: str,
           years_ago: str, months_ago: str, days_ahead: str) -> list[tuple]:
    """Durations of each number with a unit in turn ({q} {u}), and dates counted back in
    years and months and ahead in days from publication ({q})."""
    out = []
    for k, (word, n) in enumerate(numbers):
        unit, letter = units[k % len(units)]
        value = f"PT{n}H" if letter == "H" else f"PT{n}M" if letter == "MIN" else f"P{n}{letter}"
        out += [(lasted.format(q=word, u=unit), pub, "DURATION", value, None),
                (lasted_figures.format(q=n, u=unit), pub, "DURATION", value, None)]
    a = date.fromisoformat(pub)
    for word, n in numbers[:6]:
        mo = (a.year * 12 + a.month - 1) - n
        out += [(years_ago.format(q=word), pub, "DATE", str(a.year - n), None),
                (months_ago.format(q=word), pub, "DATE", f"{mo // 12}-{mo % 12 + 1:02d}", None),
                (days_ahead.format(q=word), pub, "DATE", (a + timedelta(days=n)).isoformat(), None)]
    return out


def clocks(templates: tuple[str, ...], pub: str) -> list[tuple]:
    """Clock times on the publication day ({h}, {mi} in the templates)."""
    return [(t.format(h=h, mi=f"{mi:02d}"), pub, "TIME", f"{pub}T{h:02d}:{mi:02d}", None)
            for h, mi in ((7, 0), (9, 15), (11, 45), (13, 5), (16, 30), (22, 10), (0, 40)) for t in templates]


def write(cases: list[tuple], folder: Path) -> int:
    """Write ``cases`` (sentence, published, type, value, mod) to ``folder``'s
    timex_cases.jsonl with their intervals (the corpus oracle's), each once."""
    seen, out = set(), []
    for sent, pub, typ, value, mod in cases:
        if (sent, pub) in seen:
            continue
        seen.add((sent, pub))
        iv = expected_interval(value) if typ in ("DATE", "TIME") else None
        out.append({"sentence": sent.strip(), "published": pub, "type": typ, "value": value, "mod": mod,
                    "grain": iv[0] if iv else None, "from": iv[1].isoformat() if iv else None,
                    "to": iv[2].isoformat() if iv else None})
    with open(folder / "timex_cases.jsonl", "w", encoding="utf-8") as f:
        for rec in out:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return len(out)
