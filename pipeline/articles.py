"""Loading articles from files, folders and uploaded bytes.

    >>> loaded = load_articles(["news/", "extra.jsonl"], published=None)
    >>> for article in loaded: ...
    >>> loaded.problems      # one Problem per file or record that had an issue
    >>> loaded.undated       # articles with no publication date

Formats (by file ending): ``.txt``/``.md``, ``.html``/``.htm``, ``.json``
(one object or a list), ``.jsonl`` (one object per line), ``.csv`` (columns
id, title, text, published, source, url; only text is required), and
``.parquet`` (a table of articles with those columns). A path may be an
fsspec URL (``s3://bucket/wire/*.jsonl``, ``gcs://…``, ``file://…``; a glob
reads every file it matches), read with fsspec and whatever package its
protocol needs.

Bad input never raises and never stops the batch: each bad file or record
gives a :class:`Problem` naming it, and everything else is loaded.  Only a
bad ``published`` *argument* (the caller's own value) raises ValueError.

Publication dates, strongest first (``Article.date_source``):

* "given": the ``published`` argument, else the record's own date;
* "metadata": found in the HTML by htmldate (``original_date=True``);
* "detected": a dateline in the first lines of the text
  ("Published: 30 September 2021", "Sept. 30, 2021"), parsed by dateparser;
* None: no date; the article is kept with ``published=None`` (never today).
"""
from __future__ import annotations

import codecs
import csv
import errno
import io
import json
import os
import re
import stat
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from .clean import OTHER_DATE, OTHER_LABELS, mask_boilerplate
from .temporal.lang import available
from . import imported, project
from .model import Article
from .published import parse_published

#: Files (and uploads) larger than this are refused with a Problem...
MAX_BYTES = 20 * 1024 * 1024
#: ...except JSON Lines and CSV files, which hold many articles (a batch of
#: 10,000 news articles is about 25-50 MB).
MAX_BATCH_BYTES = 200 * 1024 * 1024

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + (".json", ".jsonl", ".csv")
#: Every ending the loader reads: the above, and Parquet tables of articles.
READABLE = SUFFIXES + (".parquet",)

#: Record keys / CSV columns (lower case) and the names accepted for them.
FIELD_ALIASES = {
    "id": ("id", "doc_id", "docid", "article_id", "uid"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "article", "story"),
    "published": ("published", "date", "published_at", "publication_date", "pubdate", "dct"),
    "source": ("source", "publisher", "outlet", "site"),
    "url": ("url", "link"),
}

#: A title line: short, no final full stop.
MAX_TITLE_CHARS = 200
MAX_TITLE_WORDS = 25

#: An HTML page whose extracted main text has fewer words is not an article.
MIN_HTML_WORDS = 12

#: Datelines are looked for in this many first non-empty lines.
DATELINE_LINES = 6

PathLike = Union[str, Path]


def display_name(text: str) -> str:
    """``text`` made safe for one line of a terminal or a page.

    File names (and the column names, ids and error texts that go into
    messages) may hold anything but "/" and NUL: a newline would split a
    one-line message, an escape sequence (ESC [2J) would act on the
    terminal, U+202E would reverse what follows, and an undecodable byte
    (a lone surrogate, from ``os.fsdecode``) cannot even be written to a
    strict UTF-8 stream.  Each character that is not printable is written
    as its Python escape instead ("\\n", "\\x1b", "\\u202e", "\\udce9");
    backslashes are left alone, as they are common in Windows paths."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@dataclass(frozen=True)
class Problem:
    """Something wrong with one file or record; ``message`` is one line for people.

    ``skipped`` is True (the default) when the file, record or article was
    left out, and False for a note: the input was read whole and nothing was
    lost, but something was guessed or mended on the way (an encoding
    guessed, a CSV row's extra fields joined back into its text, an
    unbalanced quote read to its line's end, a duplicate id renamed, an
    unreadable record date dropped with the article kept).

    Both text fields pass through :func:`display_name` when made, whoever
    makes them, so no name can break the line or reach a terminal raw."""

    source: str
    message: str
    skipped: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "source", display_name(str(self.source)))
        object.__setattr__(self, "message", display_name(str(self.message)))
        object.__setattr__(self, "skipped", bool(self.skipped))

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass(frozen=True)
class Loaded:
    """The articles loaded from a batch and the problems met on the way;
    ``projects`` are the Chronicle projects among the inputs (their articles are
    in ``articles``; their corrections, story edits and view are here)."""

    articles: tuple[Article, ...] = ()
    problems: tuple[Problem, ...] = ()
    projects: tuple = ()
    #: events read back from Chronicle's own exports (events CSV/JSON/JSONL, TimelineJS):
    #: dated already, never read as article text (see pipeline.imported)
    events: tuple = ()

    def __iter__(self) -> Iterator[Article]:
        return iter(self.articles)

    def __len__(self) -> int:
        return len(self.articles)

    @property
    def undated(self) -> tuple[Article, ...]:
        """Articles with no publication date (``published is None``)."""
        return tuple(a for a in self.articles if a.published is None)


# ---------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------

def _cp1252_fallback(exc: UnicodeDecodeError):
    bad = exc.object[exc.start:exc.end]
    return bad.decode("cp1252", errors="replace"), exc.end


codecs.register_error("chronicle-cp1252", _cp1252_fallback)

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def decode_bytes(data: bytes) -> tuple[str, Optional[str]]:
    """Text from bytes and a note when it was not clean UTF-8.

    Raises ValueError for binary data.  Order: a byte order mark; UTF-16
    without one (see :func:`_utf16_order`); UTF-8; Windows-1251 when the
    bytes read as Cyrillic words in it (see :func:`_plausible_cyrillic`);
    mixed UTF-8 with stray Windows-1252 bytes (each bad byte read as
    cp1252); Windows-1252 for mostly-ASCII Western text; otherwise the
    charset-normalizer guess; cp1252 with replacement as the last resort.
    Nothing is ever dropped.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), None
            except UnicodeDecodeError:
                break
    note = None
    if b"\x00" in data[:65536]:
        order = _utf16_order(data)
        if order is None:
            raise ValueError("binary file (contains NUL bytes), not text")
        enc, name = ("utf-16-le", "little-endian") if order == "le" else ("utf-16-be", "big-endian")
        note = f"not UTF-8; read as UTF-16 {name} (no byte order mark)"
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            text = data.decode(enc, errors="replace")
            note += "; undecodable bytes replaced with U+FFFD"
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text, note = _decode_legacy(data)
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise ValueError("binary file (control characters), not text")
    return text, note


def _utf16_order(data: bytes) -> Optional[str]:
    """"le" or "be" when ``data`` looks like UTF-16 without a byte order mark.

    Text in UTF-16 has a NUL high byte for every ASCII character (spaces,
    digits, punctuation even in Cyrillic or Greek text), so its NUL bytes
    sit on one side of each byte pair: odd offsets for little-endian, even
    ones for big-endian.  Binary data has NULs on both sides.  Whatever
    passes is still checked for control characters by the caller."""
    sample = data[:65536]
    sample = sample[:len(sample) // 2 * 2]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= max(2, pairs // 20) and even <= pairs // 100:
        return "le"
    if even >= max(2, pairs // 20) and odd <= pairs // 100:
        return "be"
    return None


_LETTER_RUN = re.compile(r"[^\W\d_]+")


def _plausible_cyrillic(text: str) -> bool:
    """Whether ``text`` (bytes read as Windows-1251) reads as Cyrillic writing.

    In Windows-1251 the bytes 0xC0-0xFF are the Cyrillic alphabet; in the
    Western and Central European code pages they are accented Latin letters,
    which stand inside Latin words ("Café" reads "Cafй").  So the Cyrillic
    letters must stand in words of their own (nine in ten), with at least
    one such word of three letters; nearly every such word must be cased as
    words are (lower, Capitalised or UPPER: KOI8-R read as Windows-1251
    gives "нПУЛЧБ"); and some capital or some letter past "ъ" must appear
    (Hebrew in Windows-1255 reads as lower-case words of "а" to "ъ" only)."""
    own = mixed = words = cased = 0
    long_word = marked = False
    for w in _LETTER_RUN.findall(text[:65536]):
        k = sum(1 for c in w if "\u0400" <= c <= "\u04ff")
        if not k:
            continue
        if k < len(w):
            mixed += k
            continue
        own += k
        words += 1
        long_word = long_word or k >= 3
        cased += w.islower() or w.isupper() or (w[0].isupper() and w[1:].islower())
        marked = marked or not all("\u0430" <= c <= "\u044a" for c in w)
    return long_word and marked and own >= 9 * mixed and cased >= 0.9 * words


def _decode_legacy(data: bytes) -> tuple[str, str]:
    try:  # one byte a character: the first 64 KiB tell, the whole is read only then
        if _plausible_cyrillic(data[:65536].decode("cp1251")):
            # before the mixed-UTF-8 check: "Лё" in cp1251 is the UTF-8 lead and trail bytes CB B8
            return data.decode("cp1251"), "not UTF-8; read as Windows-1251 (Cyrillic, detected)"
    except UnicodeDecodeError:  # 0x98 is no character in cp1251
        pass
    if _UTF8_MULTIBYTE.search(data):
        return (data.decode("utf-8", errors="chronicle-cp1252"),
                "not valid UTF-8 throughout; stray bytes read as Windows-1252")
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        letters = sum(1 for c in text[:65536] if c.isalpha())
        high = sum(1 for c in text[:65536] if ord(c) > 127 and c.isalpha())
        if letters and high <= 0.2 * letters:
            return text, "not UTF-8; read as Windows-1252"
    try:
        from charset_normalizer import from_bytes
        best = from_bytes(data).best()
    except Exception:  # pragma: no cover - detection is best effort
        best = None
    if best is not None and best.encoding:
        return str(best), f"not UTF-8; read as {best.encoding} (detected)"
    return data.decode("cp1252", errors="replace"), "not UTF-8; read as Windows-1252 with replacements"


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DATE_RX = (r"(?:\d{4}-\d{1,2}-\d{1,2}"
            r"|" + _WEEKDAY + r"\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+\d{4}"
            r"|" + _WEEKDAY + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})")


#: The other languages a dateline may be written in ("Publié le 3 mars 2024", "Publicado el 3
#: de marzo de 2024", "Veröffentlicht am 3. März 2024": the cleaner's OTHER_DATE, OTHER_LABELS).
_OTHER_CODES = tuple(c for c in available() if c != "en")
_DATELINE = re.compile(
    r"(?P<label>(?:first\s+)?(?:published|posted|updated|last\s+updated|date|dated)\b(?:\s+on)?\s*:?\s*"
    r"|(?:" + OTHER_LABELS + r")\s*:?\s*)?"
    r"(?P<date>" + _DATE_RX + r"|" + OTHER_DATE + r")", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:1[89]|2\d)\d\d\b")
_WORDS = re.compile(r"\w+")


_NUMERIC_DATE = re.compile(r"\s*(\d{1,2})[./-](\d{1,2})[./-]\d{4}\s*")


def _ambiguous_numeric(s: str) -> bool:
    """09/10/2021: a d/m/yyyy date whose day and month could be swapped."""
    m = _NUMERIC_DATE.fullmatch(s)
    return bool(m) and int(m.group(1)) <= 12 and int(m.group(2)) <= 12 and m.group(1).lstrip("0") != m.group(2).lstrip("0")


@lru_cache(maxsize=4096)
def _dateparse(s: str) -> Optional[date]:
    """An absolute day from a written date ("Sept. 30, 2021"); None if unsure.

    Only strings with a four-digit year are parsed, so nothing relative
    ("yesterday") can depend on the clock."""
    if not _YEAR.search(s):
        return None
    if _ambiguous_numeric(s):
        return None  # 09/10/2021: day and month cannot be told apart
    import dateparser  # slow import: only when needed
    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past",
                "DATE_ORDER": "DMY" if re.match(r"\s*\d{1,2}[./]\d{1,2}[./]\d{4}", s) else "MDY"}
    try:
        dt = dateparser.parse(s, languages=["en"], settings=settings)
        if dt is None and _OTHER_CODES and re.search(OTHER_DATE, s, re.IGNORECASE):
            # "3 mars 2024", "3 de marzo de 2024", "3. März 2024": the other languages' month names
            dt = dateparser.parse(s, languages=list(_OTHER_CODES), settings={**settings, "DATE_ORDER": "DMY"})
    except Exception:
        return None
    return dt.date() if dt is not None else None


def detect_dateline(text: str) -> Optional[date]:
    """A publication date written in the first lines of ``text`` or None.

    A line counts as a dateline when it is labelled ("Published: 30 September
    2021", "Updated Sept. 30, 2021") or is little more than a date ("Thursday,
    30 September 2021", "By Jane Doe | Sept. 30, 2021").  "Published" wins
    over "Updated".  Boilerplate lines (copyright footers) are ignored.
    """
    head = mask_boilerplate(text[:4000])
    found: list[tuple[int, date]] = []
    n = 0
    for line in head.split("\n"):
        line = line.strip()
        if not line:
            continue
        n += 1
        if n > DATELINE_LINES:
            break
        if len(line) > 160:
            continue
        for m in _DATELINE.finditer(line):
            label = (m.group("label") or "").lower()
            rest = line[:m.start()] + " " + line[m.end():]
            if not label and (len(_WORDS.findall(rest)) > 6 or rest.rstrip().endswith(".")):
                continue
            d = _parse_any(m.group("date"))
            if d is None:
                continue
            rank = 2 if "updated" in label else (0 if label else 1)
            found.append((rank, d))
    if not found:
        return None
    return min(found, key=lambda x: x[0])[1]


def _parse_any(s: str) -> Optional[date]:
    try:
        value = parse_published(s)
        return value if not isinstance(value, datetime) else value.date()
    except ValueError:
        return _dateparse(s)


def _record_date(value: object) -> date | datetime:
    """A record's publication date: ISO 8601 first, then a written date with
    a year ("30 September 2021").  Raises ValueError with a readable message."""
    try:
        return parse_published(value)
    except ValueError as exc:
        if isinstance(value, str) and _ambiguous_numeric(value):
            raise ValueError(f"ambiguous publication date {value!r} (day and month cannot be told "
                             "apart; use ISO 8601, e.g. 2021-06-05)") from None
        if isinstance(value, str):
            d = _dateparse(value.strip())
            if d is not None:
                return d
        raise exc


# ---------------------------------------------------------------------------
# Building articles
# ---------------------------------------------------------------------------

class _Batch:
    def __init__(self, published):
        self.articles: list[Article] = []
        self.problems: list[Problem] = []
        self.projects: list = []
        self.events: list = []
        self.published = published

    def problem(self, source: str, message: str, skipped: bool = True) -> None:
        self.problems.append(Problem(source, message, skipped))

    def note(self, source: str, message: str) -> None:
        """A problem where nothing was left out (see :class:`Problem`)."""
        self.problem(source, message, skipped=False)

    def add(self, *, id: str, text: str, title: str = "", source: str = "", url: str = "",
            path: str = "", record_date: object = None, metadata_date=None, where: str = "") -> None:
        published, date_source = None, None
        if self.published is not None:
            published, date_source = self.published, "given"
        elif record_date not in (None, ""):
            try:
                published, date_source = _record_date(record_date), "given"
            except ValueError as exc:
                self.note(where, f"{exc}; article kept without a publication date")
        if published is None and metadata_date is not None:
            published, date_source = metadata_date, "metadata"
        if published is None:
            found = detect_dateline(text)
            if found is not None:
                published, date_source = found, "detected"
        self.articles.append(Article(id=id, text=text, published=published, title=title,
                                     source=source, url=url, date_source=date_source, path=path))

    def result(self) -> Loaded:
        seen: set[str] = set()
        out = []
        for a in self.articles:
            if a.id in seen:
                k = 2
                while f"{a.id}-{k}" in seen:
                    k += 1
                new = f"{a.id}-{k}"
                self.note(a.path or a.id, f"duplicate id {a.id!r} renamed {new!r}")
                a = Article(id=new, text=a.text, published=a.published, title=a.title,
                            source=a.source, url=a.url, date_source=a.date_source, path=a.path)
            seen.add(a.id)
            out.append(a)
        return Loaded(tuple(out), tuple(self.problems), tuple(self.projects), tuple(self.events))

    def add_events(self, name: str, read: tuple[list, list[tuple[str, str]]], what: str) -> None:
        """Events read back from an export (``pipeline.imported``), with a note saying so."""
        events, problems = read
        for where, why in problems:
            self.problem(where, why)
        self.events.extend(events)
        if events:
            self.note(name, f"{what}: read as {len(events)} dated event(s), not as article text")
        elif not problems:
            self.problem(name, f"{what} with no events")


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _str(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        # JSON may escape a lone surrogate ("\ud800"); no UTF-8 writer can encode it,
        # so it becomes U+FFFD like any other undecodable character.
        return _LONE_SURROGATE.sub("\ufffd", value).strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _field(rec: dict, name: str):
    for key in FIELD_ALIASES[name]:
        if key in rec:
            return rec[key]
    return None


def _title_from_text(text: str) -> str:
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if len(lines) < 2:
        return ""
    line = lines[0].lstrip("#").strip()
    if (len(line) <= MAX_TITLE_CHARS and len(line.split()) <= MAX_TITLE_WORDS
            and not line.endswith((".", ",", ";", ":", "-", "–", "—"))
            and not lines[1][0].islower()):  # a hard-wrapped first sentence goes on in lower case
        return line
    return ""


def _stem(name: str) -> str:
    """The article id a file name gives: its base name without the ending, as text
    (a name's undecodable bytes, which Python holds as lone surrogates, become
    U+FFFD: an id is written to UTF-8 exports and hashed)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = base.encode("utf-8", "surrogateescape").decode("utf-8", "replace") \
        .encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base


def _load_text(batch: _Batch, name: str, text: str) -> None:
    if not text.strip():
        batch.problem(name, "empty file: no text")
        return
    batch.add(id=_stem(name), text=text, title=_title_from_text(text), path=name, where=name)


def _load_html(batch: _Batch, name: str, html: str) -> None:
    if not html.strip():
        batch.problem(name, "empty file: no text")
        return
    try:
        import trafilatura
        from htmldate import find_date
    except ImportError as exc:  # pragma: no cover - installed with the project
        batch.problem(name, f"cannot read HTML: {exc}")
        return
    try:
        doc = trafilatura.bare_extraction(trafilatura.load_html(html), with_metadata=True,
                                          include_comments=False, include_tables=False)
        if doc is None or not (doc.text or "").strip():
            doc = trafilatura.bare_extraction(trafilatura.load_html(html), with_metadata=True,
                                              include_comments=False, favor_recall=True)
    except Exception as exc:
        batch.problem(name, f"HTML could not be parsed ({type(exc).__name__})")
        return
    body = (doc.text or "").strip() if doc is not None else ""
    if len(_WORDS.findall(body)) < MIN_HTML_WORDS:
        batch.problem(name, "HTML page with no article text (only menus or nothing); skipped")
        return
    text = re.sub(r"\n+", "\n\n", body)
    found = None
    try:
        tree = trafilatura.load_html(html)
        raw = find_date(tree, original_date=True) if tree is not None else None
        if raw:
            found = parse_published(raw)
    except Exception:
        found = None
    batch.add(id=_stem(name), text=text, title=(doc.title or "").strip(),
              url=(doc.url or "") if doc.url and not doc.url.startswith("/") else "",
              source=(doc.sitename or "").strip(), path=name, metadata_date=found, where=name)


def _add_record(batch: _Batch, name: str, rec: object, n: int, multi: bool, unit: str = "record",
                note: Optional[str] = None, keep: bool = True) -> None:
    """One record as an article; ``note`` names it with a note (nothing lost),
    or with a skip when ``keep=False`` leaves the record out."""
    where = f"{name} {unit} {n}" if multi else name
    if not isinstance(rec, dict):
        batch.problem(where, f"record is not an object (got {type(rec).__name__}); skipped")
        return
    rec = {str(k).strip().lower(): v for k, v in rec.items()}
    rid = _str(_field(rec, "id"))
    if rid:
        where = f"{where} (id {rid!r})"
    if note:
        batch.problem(where, note, skipped=not keep)
    if not keep:
        return
    text = _field(rec, "text")
    if not isinstance(text, str) or not text.strip():
        batch.problem(where, "record has no text; skipped")
        return
    text = _LONE_SURROGATE.sub("\ufffd", text)
    art_id = rid or (f"{_stem(name)}#{n}" if multi else _stem(name))
    batch.add(id=art_id, text=text, title=_str(_field(rec, "title")), source=_str(_field(rec, "source")),
              url=_str(_field(rec, "url")), path=name, record_date=_field(rec, "published"), where=where)


def _load_json(batch: _Batch, name: str, text: str) -> None:
    if not text.strip():
        batch.problem(name, "empty file: no text")
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        batch.problem(name, f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})")
        return
    except RecursionError:
        batch.problem(name, "not valid JSON (nested too deeply)")
        return
    if project.is_project(data):
        _load_project(batch, name, data)
        return
    if _timelinejs(data):
        batch.add_events(name, imported.events_from_timelinejs(data, name), "a TimelineJS timeline")
        return
    first = data[0] if isinstance(data, list) and data else data
    if isinstance(first, dict) and _own_export(first):
        batch.add_events(name, imported.events_from_records(data if isinstance(data, list) else [data], name),
                         OWN_EXPORT)
        return
    if isinstance(data, dict) and "articles" in data and isinstance(data["articles"], list):
        data = data["articles"]
    if isinstance(data, list):
        if not data:
            batch.problem(name, "empty JSON list: no articles")
        for i, rec in enumerate(data, 1):
            _add_record(batch, name, rec, i, True)
    elif isinstance(data, dict):
        _add_record(batch, name, data, 1, False)
    else:
        batch.problem(name, f"JSON must be an article object or a list of them (got {type(data).__name__})")


#: The fields every record of Chronicle's own events export has (pipeline.export.COLUMNS):
#: such a file holds events already dated, not articles.
_EXPORT_FIELDS = frozenset({"id", "article", "sentence", "value", "precision", "explanation"})
OWN_EXPORT = "a Chronicle events export"


def _own_export(keys) -> bool:
    """Whether a record's keys (or a CSV header) are those of Chronicle's events export."""
    return _EXPORT_FIELDS <= {str(k).strip().lower() for k in keys}


def _timelinejs(data) -> bool:
    """TimelineJS 3 JSON (as Chronicle and others export it): ``{"events": [{"start_date": …}]}``."""
    evs = data.get("events") if isinstance(data, dict) else None
    return isinstance(evs, list) and any(isinstance(e, dict) and "start_date" in e for e in evs)


def _load_project(batch: _Batch, name: str, data: dict) -> None:
    """A Chronicle project (pipeline.project): its articles as they were saved (their
    own publication dates kept; a date given for the batch fills only the missing
    ones), the project itself kept for its corrections, story edits and view."""
    try:
        proj = project.from_data(data)
    except project.ProjectError as exc:
        batch.problem(name, f"cannot open this project: {exc}")
        return
    if not proj.articles and not proj.events:
        batch.problem(name, "the project holds no articles and no events")
    batch.events.extend(proj.events)
    for a in proj.articles:
        published, date_source = a.published, a.date_source
        if published is None and batch.published is not None:
            published, date_source = batch.published, "given"
        batch.articles.append(Article(id=a.id, text=a.text, published=published, title=a.title,
                                      source=a.source, url=a.url, date_source=date_source, path=name))
    batch.projects.append(proj)


def _load_jsonl(batch: _Batch, name: str, text: str) -> None:
    if not text.strip():
        batch.problem(name, "empty file: no text")
        return
    # JSON Lines ends a record at "\n" only: U+2028, U+2029 and U+0085 are valid inside
    # JSON strings (str.splitlines would cut records there).
    first = True
    for lineno, line in enumerate(text.split("\n"), 1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            batch.problem(f"{name} line {lineno}", f"not valid JSON ({msg}); skipped")
            continue
        if first and isinstance(rec, dict) and _own_export(rec):
            _load_export_lines(batch, name, text)
            return
        first = False
        _add_record(batch, name, rec, lineno, True, "line")


def _load_export_lines(batch: _Batch, name: str, text: str) -> None:
    """A JSON Lines events export: each line an event (a bad line named, the others kept)."""
    recs: list = []
    bad: list[tuple[str, str]] = []
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            recs.append((lineno, json.loads(line)))
        except (json.JSONDecodeError, RecursionError):
            bad.append((f"{name} line {lineno}", "not valid JSON; skipped"))
    events, problems = imported.events_from_records(recs, name, line_word="line", numbered=True)
    batch.add_events(name, (events, bad + problems), OWN_EXPORT)


_QUOTED = re.compile(r'"(?:[^"]++|"")*+"')


@lru_cache(maxsize=8)
def _unquoted_rx(delim: str) -> re.Pattern:
    return re.compile(f"[^{re.escape(delim)}\n]*")


def _unbalanced_quote(lines: list[str], delim: str) -> Optional[int]:
    """The index in ``lines`` (one record as csv.reader read it) of the line
    where a quoted field opens that never closes properly, or None.

    csv.reader (not strict) lets such a field run on over line ends to the
    next double quote anywhere below, or to the end of the file, so the rows
    in between become one cell.  A field is taken as unbalanced when it
    reaches the end of the data without a closing quote, or when it holds a
    line end and its "closing" quote is followed by more text (the opening
    quote of a later row's field).  A quoted field over several lines that
    closes before a delimiter or a line end is ordinary CSV (paragraphs)."""
    s = "".join(lines)
    rest = _unquoted_rx(delim)
    i, n = 0, len(s)
    while i < n:
        if s[i] == '"':
            m = _QUOTED.match(s, i)
            if m is None:
                return s.count("\n", 0, i)
            j = m.end()
            if j < n and s[j] not in (delim, "\n") and s.find("\n", i, j) != -1:
                return s.count("\n", 0, i)
            i = j
        i = rest.match(s, i).end() + 1  # the rest of the field, then its delimiter or line end
    return None


class _Lines:
    """The lines of a text for csv.reader, keeping those of the record being
    read (``taken``) so that some of them can be read again (``again``)."""

    def __init__(self, text: str):
        self._it = iter(io.StringIO(text, newline=""))
        self._again: list[str] = []
        self.taken: list[str] = []
        self.ended = False

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self._again:
            line = self._again.pop()
        else:
            line = next(self._it, None)
            if line is None:
                self.ended = True
                raise StopIteration
        self.taken.append(line)
        return line

    def again(self, lines: list[str]) -> None:
        self._again.extend(reversed(lines))
        self.ended = False


def _csv_records(text: str, delim: str) -> Iterator[tuple[int, list[str], Optional[int]]]:
    """``(line, row, bad_quote_line)`` for each CSV record; ``line`` is where
    the record starts.  A record with an unbalanced quote (see
    :func:`_unbalanced_quote`) is read only to the end of the line where the
    quote opens (the quote's field runs to that line end) and the lines after
    it are read again as records of their own: the rows it would have
    swallowed are kept."""
    feed = _Lines(text)
    reader = csv.reader(feed, delimiter=delim)
    line = 1
    while True:
        feed.taken = []
        row = next(reader, None)
        if row is None:
            return
        taken = feed.taken
        bad = None
        if len(taken) > 1 or (feed.ended and '"' in taken[-1]):
            bad = _unbalanced_quote(taken, delim)
        if bad is None:
            yield line, row, None
            line += len(taken)
            continue
        head = taken[:bad + 1]
        head[-1] = head[-1].rstrip("\n")
        feed.again(taken[bad + 1:])
        yield line, next(csv.reader(head, delimiter=delim), []), line + bad
        line += bad + 1


def _load_csv(batch: _Batch, name: str, text: str) -> None:
    """Rows of a CSV file with a header row.

    An unbalanced double quote (``a,"Hello`` with no closing quote) would
    make the rest of the file, or the rows up to the next quote, one cell:
    the file and the line where the quote opens are named, that field is
    read to the end of its line, and the rows after it are read as usual.

    A row with more fields than the header has columns most often holds an
    unquoted delimiter in free text (``a,2021-09-30,Hello, world``).  When
    the last column is the text column, the extra fields can only be the
    rest of that text: they are joined back into it with the delimiter, and
    the row is named with a note (the text is then exactly as written).
    Otherwise there is no telling which column the delimiter belongs to, so
    the row is named and skipped rather than loaded with shifted fields.
    Extra fields that are all empty (trailing delimiters) are ignored.
    """
    if not text.strip():
        batch.problem(name, "empty file: no text")
        return
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delim = max(",;\t|", key=first.count) if any(c in first for c in ",;\t|") else ","
    csv.field_size_limit(MAX_BATCH_BYTES)
    line = 1
    try:
        records = _csv_records(text, delim)
        header = None
        n = 0
        for line, row, bad_line in records:
            if bad_line is not None:
                batch.note(f"{name} line {bad_line}",
                              "unbalanced double quote: the quoted field opened on this line never closes; "
                              "read to the end of this line, and the rows after it on their own")
            if header is None:
                header = row
                if not header:
                    batch.problem(name, "CSV has no header row")
                    return
                cols = [h.strip().lower() for h in header]
                if _own_export(cols):
                    rows = ((row_line, dict(zip(cols, row))) for row_line, row, _bad in records
                            if any(cell.strip() for cell in row))
                    batch.add_events(name, imported.events_from_records(rows, name, line_word="line",
                                                                        numbered=True), OWN_EXPORT)
                    return
                if not any(c in FIELD_ALIASES["text"] for c in cols):
                    batch.problem(name, f"CSV has no text column (columns: {', '.join(h.strip() for h in header)[:200]})")
                    return
                continue
            n += 1
            if not any(cell.strip() for cell in row):
                continue
            note, keep = None, True
            if len(row) > len(cols):
                extra = row[len(cols):]
                if not any(cell.strip() for cell in extra):
                    row = row[:len(cols)]
                elif cols[-1] in FIELD_ALIASES["text"]:
                    note = (f"{len(row)} fields but the header has {len(cols)} columns; the last column "
                            f"{header[-1].strip()!r} is the text, so the {len(extra)} extra joined back into it "
                            f"with {delim!r} (put text that holds {delim!r} in double quotes)")
                    row = row[:len(cols) - 1] + [delim.join(row[len(cols) - 1:])]
                else:
                    note, keep = (f"{len(row)} fields but the header has {len(cols)} columns; the extra "
                                  f"cannot be placed (the last column {header[-1].strip()!r} is not the text); "
                                  f"skipped (put text that holds {delim!r} in double quotes)"), False
            rec = {}
            for c, v in zip(cols, row):
                if c and c not in rec:
                    rec[c] = v
            _add_record(batch, name, rec, n, True, "row", note=note, keep=keep)
        if header is None:
            batch.problem(name, "CSV has no header row")
    except csv.Error as exc:
        batch.problem(f"{name} line {line}", f"CSV could not be read from here on: {exc}")


_LOADERS = {".txt": _load_text, ".md": _load_text, ".html": _load_html, ".htm": _load_html,
            ".json": _load_json, ".jsonl": _load_jsonl, ".csv": _load_csv}


def _load_parquet(batch: _Batch, name: str, data: bytes) -> None:
    """The rows of a Parquet table of articles (the columns of a CSV of articles)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    try:
        table = pq.read_table(pa.BufferReader(data))
    except Exception as exc:  # not Parquet, or cut short
        batch.problem(name, f"not a readable Parquet table ({type(exc).__name__}: {exc})"[:300])
        return
    cols = [c.strip().lower() for c in table.column_names]
    if "text" not in cols:
        batch.problem(name, f"a table of articles needs a text column (it has {', '.join(table.column_names)})")
        return
    for n, rec in enumerate(table.to_pylist(), 1):
        for k, v in rec.items():  # a timestamp at midnight is a day, as "2021-09-30" in a CSV
            if isinstance(v, datetime) and v.tzinfo is None and v == datetime(v.year, v.month, v.day):
                rec[k] = v.date()
        _add_record(batch, name, rec, n, True, unit="row")


#: Formats read from their bytes, not as text.
_BINARY_LOADERS = {".parquet": _load_parquet}


def _suffix(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return "." + base.rsplit(".", 1)[1] if "." in base.lstrip(".") else ""


def size_limit(name: str) -> int:
    """The largest accepted size in bytes for a file called ``name``."""
    return MAX_BATCH_BYTES if _suffix(name) in (".jsonl", ".csv", ".parquet") else MAX_BYTES


def _too_large(name: str, size: int) -> Optional[str]:
    limit = size_limit(name)
    if size > limit:
        return f"file too large ({size / 2**20:.1f} MB; the limit for this type is {limit / 2**20:.0f} MB)"
    return None


def _load_into(batch: _Batch, name: str, data: bytes) -> None:
    binary = _BINARY_LOADERS.get(_suffix(name))
    if binary is not None:
        big = _too_large(name, len(data))
        if big:
            batch.problem(name, big)
        elif not data:
            batch.problem(name, "empty file: no table")
        else:
            binary(batch, name, data)
        return
    loader = _LOADERS.get(_suffix(name))
    if loader is None:
        batch.problem(name, f"unsupported file type (use one of {', '.join(READABLE)})")
        return
    big = _too_large(name, len(data))
    if big:
        batch.problem(name, big)
        return
    if not data.strip():
        batch.problem(name, "empty file: no text")
        return
    try:
        text, note = decode_bytes(data)
    except ValueError as exc:
        batch.problem(name, str(exc))
        return
    if note:
        batch.note(name, note)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    try:
        loader(batch, name, text)
    except Exception as exc:  # last line of defence: one file never stops the batch
        batch.problem(name, f"could not be read ({type(exc).__name__}: {exc})"[:300])


def _given(published) -> Optional[date | datetime]:
    if published is None or published == "":
        return None
    return parse_published(published)


def load_bytes(name: str, data: bytes, *, published=None) -> Loaded:
    """Articles from one file's bytes (e.g. an upload); ``name`` gives the
    format by its ending and the default id by its stem.

    ``published`` (date, datetime or ISO string) overrides every date found;
    a bad value raises ValueError (it is the caller's argument, not input).
    """
    batch = _Batch(_given(published))
    _load_into(batch, name, data)
    return batch.result()


_KINDS = ((stat.S_ISFIFO, "named pipe (FIFO)"), (stat.S_ISSOCK, "socket"),
          (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"))


def _kind(mode: int) -> str:
    return next((kind for test, kind in _KINDS if test(mode)), "special file")


def _stat(batch: _Batch, path: Path) -> Optional[os.stat_result]:
    """``path``'s status, links followed; None, with a Problem naming it,
    when it cannot be had (a missing path, a broken link, a link loop)."""
    try:
        return os.stat(path)
    except OSError as exc:
        name = str(path)
        if exc.errno == errno.ELOOP:
            batch.problem(name, "symbolic link loop; skipped")
        elif exc.errno in (errno.ENOENT, errno.ENOTDIR) and os.path.islink(path):
            try:
                target = os.readlink(path)
            except OSError:
                target = "?"
            batch.problem(name, f"broken symbolic link (to {target!r}); skipped")
        elif exc.errno in (errno.ENOENT, errno.ENOTDIR):
            batch.problem(name, "no such file or folder")
        else:
            batch.problem(name, f"cannot read: {exc.strerror or exc}")
        return None


def _walk(batch: _Batch, root: Path) -> Iterator[Path]:
    """The regular files under the folder ``root``, depth first in name order
    (as ``sorted(root.rglob("*"))``), hidden ones (a name starting with a dot)
    left out.

    Links to folders are followed, each folder read once: a link back up
    (a loop) or a second link to a folder is named and skipped.  Named
    pipes, sockets and devices are named and skipped (opening a pipe would
    wait for a writer; a device may never end), as are broken links and
    folders that cannot be listed.  The order is kept by a stack rather than
    recursion, so a deep tree cannot exhaust Python's recursion limit."""
    try:
        st = os.stat(root)
        seen = {(st.st_dev, st.st_ino)}
    except OSError:
        seen = set()
    stack: list[tuple[Path, bool]] = [(root, True)]
    while stack:
        path, listing = stack.pop()
        if listing:
            try:
                names = sorted(os.listdir(path))
            except OSError as exc:
                batch.problem(str(path), f"cannot read folder: {exc.strerror or exc}; skipped")
                continue
            stack.extend((path / n, False) for n in reversed(names) if not n.startswith("."))
            continue
        st = _stat(batch, path)
        if st is None:
            continue
        if stat.S_ISREG(st.st_mode):
            yield path
        elif stat.S_ISDIR(st.st_mode):
            if (st.st_dev, st.st_ino) in seen:
                batch.problem(str(path), "folder already read (a symbolic link loop or a second link to it); skipped")
                continue
            seen.add((st.st_dev, st.st_ino))
            stack.append((path, True))
        else:
            hint = " (give it by name to read it)" if stat.S_ISFIFO(st.st_mode) else ""
            batch.problem(str(path), f"{_kind(st.st_mode)}, not a regular file; skipped{hint}")


def load_articles(path_or_paths: Union[PathLike, Iterable[PathLike]], *, published=None) -> Loaded:
    """Articles from files and folders (folders recursively, sorted, hidden
    files skipped).  See the module documentation for formats and dates.

    A path given by name is read as ``cat`` would read it: a named pipe (as
    from ``<(command)``) or a device too, up to the size limit.  Inside a
    folder only regular files are read; anything else is named (see
    :func:`_walk`).  An empty string names nothing (``Path("")`` would be
    the current folder): it is a Problem, source ``''``."""
    batch = _Batch(_given(published))
    if isinstance(path_or_paths, (str, Path)):
        paths = [path_or_paths]
    else:
        paths = list(path_or_paths)
    for item in paths:
        if isinstance(item, str) and item == "":
            batch.problem("''", "empty path (no file or folder named)")
            continue
        if isinstance(item, str) and _URL.match(item):
            _load_url(batch, item)
            continue
        p = Path(item)
        st = _stat(batch, p)
        if st is None:
            continue
        if stat.S_ISDIR(st.st_mode):
            for f in _walk(batch, p):
                _load_file(batch, f)
        elif stat.S_ISSOCK(st.st_mode):
            batch.problem(str(p), "socket, not a file; skipped")
        else:
            _load_file(batch, p, named=True)
    return batch.result()


#: A path given as an fsspec URL: a protocol, then "://" (Windows drive letters have one letter).
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")


def _load_url(batch: _Batch, url: str) -> None:
    """The files of an fsspec URL (a glob reads all it matches, in name order), each
    as a local file of that name; a protocol whose package is missing, or a file that
    cannot be read, is named, and the rest is read."""
    try:
        import fsspec
        files = sorted(fsspec.open_files(url, mode="rb"), key=lambda f: f.path)
    except Exception as exc:  # an unknown protocol, its package missing, a bad address
        batch.problem(url, f"cannot read: {type(exc).__name__}: {exc}"[:300])
        return
    if not files:
        batch.problem(url, "no such file or folder")
        return
    for of in files:
        name = of.fs.unstrip_protocol(of.path)
        if _suffix(name) not in _LOADERS and _suffix(name) not in _BINARY_LOADERS:
            batch.problem(name, f"unsupported file type (use one of {', '.join(READABLE)}); skipped")
            continue
        limit = size_limit(name)
        try:
            with of as fh:
                data = fh.read(limit + 1)
        except Exception as exc:
            batch.problem(name, f"cannot read file: {type(exc).__name__}: {exc}"[:300])
            continue
        if len(data) > limit:
            batch.problem(name, f"file too large (more than {limit / 2**20:.0f} MB, the limit for this type)")
            continue
        _load_into(batch, name, data)


def _load_file(batch: _Batch, path: Path, named: bool = False) -> None:
    """One file's articles.  A file met in a folder is opened without
    waiting and read only if it is (still) a regular file, so a pipe put in
    its place cannot block the batch; one given by name may be a pipe or a
    device.  At most the size limit is read either way."""
    name = str(path)
    if _suffix(name) not in _LOADERS and _suffix(name) not in _BINARY_LOADERS:
        batch.problem(name, f"unsupported file type (use one of {', '.join(READABLE)}); skipped")
        return
    limit = size_limit(name)
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | (0 if named else getattr(os, "O_NONBLOCK", 0))
    try:
        with open(os.open(path, flags), "rb") as fh:
            st = os.fstat(fh.fileno())
            if stat.S_ISREG(st.st_mode):
                big = _too_large(name, st.st_size)
                if big:
                    batch.problem(name, big)
                    return
            elif not named:
                batch.problem(name, f"{_kind(st.st_mode)}, not a regular file; skipped")
                return
            data = fh.read(limit + 1)
    except OSError as exc:
        batch.problem(name, f"cannot read file: {exc.strerror or exc}")
        return
    if len(data) > limit:
        batch.problem(name, f"file too large (more than {limit / 2**20:.0f} MB, the limit for this type)")
        return
    _load_into(batch, name, data)
