"""Property-based (fuzz) tests with Hypothesis: tag, load_bytes, build_events and the exports.

Profiles are registered in tests/conftest.py.  By default ("ci") every test
runs a few dozen derandomized examples, so this file is quick and gives the
same result on every run.  To hunt for bugs, run thousands of random examples
per test (about ten minutes on two cores):

    HYPOTHESIS_PROFILE=long python -m pytest -q tests/test_fuzz.py

A failure prints the shrunk input and a ``@reproduce_failure`` blob; turn it
into an explicit example (``@example`` or a plain test) before fixing it.

What is checked:

* ``tag``: offsets index the text (``text[t.start:t.end] == t.text``,
  ``0 <= start < end <= len(text)``), expressions in order and disjoint, and
  nothing raises, for any Unicode text (lone surrogates included) mixed with
  date-like fragments so that the rules fire, and any publication date or
  datetime from 0001-01-01 to 9999-12-31;
* ``build_events``: no article fails (no "failed" problem), and events point
  into their article's text;
* ``load_bytes``: every record of a JSON, JSON Lines or CSV file gives an
  article or a problem naming it; nothing is dropped silently; any bytes under
  any name never raise;
* the exports parse back with real readers (csv, pandas, json), text fields
  round-trip through the CSV formula guard, and no article text comes out as
  live HTML in the HTML fields (TimelineJS, the story CSV) or in Markdown.
"""
from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import example, given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from pipeline import build_events, load_bytes, tag  # noqa: E402
from pipeline import export as ex  # noqa: E402
from pipeline import story_export as sx  # noqa: E402
from pipeline.model import GRAINS, TYPES, Article, Event, Source, Timex  # noqa: E402
from pipeline.story_model import ENTRY_GRAINS, Story, StoryEntry  # noqa: E402

# --------------------------------------------------------------------------- strategies

#: Any code point, lone surrogates included (st.text() leaves them out by default).
ANY_CHAR = st.characters(exclude_categories=())
ANY_TEXT = st.text(ANY_CHAR, max_size=12)

#: Phrases the rules fire on, and awkward neighbours for them.
DATE_FRAGMENTS = (
    "Monday", "on Tuesday", "last week", "next month", "this year", "yesterday", "tomorrow",
    "tonight", "May 3, 2021", "3 May 2021", "Sept. 30", "December 31, 9999", "January 1, 1",
    "1 January 0001", "the year 10000", "10000 BC", "the 1990s", "the early 2000s",
    "mid-2010s", "the 19th century", "the 21st century", "10 a.m.", "at 23:59", "noon",
    "between 1 and 3 p.m.", "from March to June", "from Thursday morning until Friday",
    "since April 20", "until 2030", "before 1 AD", "in 2019", "in 9999", "in 0", "2021-09-30",
    "9999-12-31", "0001-01-01", "12/25/2020", "Q3 2020", "the second half of 2021",
    "the summer of 1999", "winter", "two hours and 20 minutes", "14 hours, 3 minutes and 9 seconds",
    "for more than a year", "3 years ago", "in 10000 years", "999999999 days later",
    "every Tuesday", "each month", "weekly", "FY2021", "the past decade", "recent years",
    "the 9999th century", "week 53 of 2020", "the weekend", "Christmas", "Easter 2021",
    "Published: 30 September 2021", "Updated Sept. 30, 2021",
    "He said on Monday that", "It was closed on March 6 after a run that began on March 5.",
)
#: Text that must never come out of an export as live markup or a formula.
HOSTILE = (
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>",
    "</p><iframe src=//evil>", "&lt;b&gt;", "&amp;", "[x](javascript:alert(1))", "![i](http://x/i.png)",
    "=cmd|' /C calc'!A0", "+1+1", "-2", "@SUM(A1)", "\t=1", "\r=1", "# heading", "1. item", "> quote",
    "*em* _em_ `code`", "| a | b |", "---", "===", "\\", "<!-- c -->", "<div>", "Mr.", "U.S.",
    "İ", "ǅ", "ß", "ﬃ", "\u2028", "\u2029", "\x85", "\ufeff", "\x0b", "\x0c", "\x1c", "\ud800", "\udfff",
    "\u200b", "\u0301", "١٢", "２０２１年",
)
NUMBERS = st.one_of(st.integers(-10**6, 10**12).map(str), st.from_regex(r"\d{1,9}(\.\d{1,4})?", fullmatch=True),
                    st.integers(0, 99999).map(lambda n: f"{n:,}"))
PUNCT = st.text(alphabet=".,;:!?-–—/()[]{}'\"…«»“”‘’", min_size=1, max_size=6)
SPACE = st.sampled_from([" ", " ", " ", "  ", "\n", "\n\n", "\t", "\r\n", "\r", "\xa0", "\u3000"])

PIECE = st.one_of(st.sampled_from(DATE_FRAGMENTS), st.sampled_from(HOSTILE), ANY_TEXT, NUMBERS, PUNCT,
                  SPACE, SPACE)
#: Newsy text: date-like fragments, hostile strings, numbers, punctuation runs and any Unicode.
TEXT = st.one_of(st.lists(PIECE, max_size=40).map("".join), st.text(ANY_CHAR, max_size=60))
#: Long text: a short one repeated, often a run-on "sentence" of over 1,000 characters.
LONG_TEXT = st.tuples(TEXT, st.integers(2, 40), st.sampled_from([" ", ", ", "; ", ". ", "\n"])).map(
    lambda t: t[2].join([t[0]] * t[1]))
#: Text without lone surrogates (what a decoder ever gives).
CLEAN_TEXT = TEXT.map(lambda s: re.sub("[\ud800-\udfff]", "\ufffd", s))

EDGE_DATES = st.sampled_from([date.min, date.max, date(1, 1, 7), date(9999, 12, 25), date(9999, 12, 27),
                              date(2000, 2, 29), date(1970, 1, 1), date(2021, 9, 30), date(2020, 12, 31)])
DATES = st.one_of(st.dates(), EDGE_DATES)
TZ = st.sampled_from([None, timezone.utc, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12))])
NAIVE_DATETIMES = st.one_of(st.datetimes(), EDGE_DATES.map(lambda d: datetime(d.year, d.month, d.day, 23, 59)))
DATETIMES = st.one_of(st.datetimes(timezones=TZ), NAIVE_DATETIMES)
#: A publication date as the API takes it: a date, a datetime or an ISO 8601 string.
PUBLISHED = st.one_of(DATES, DATETIMES, DATES.map(date.isoformat),
                      st.datetimes().map(lambda d: d.isoformat(timespec="minutes")))


def check_timexes(text: str, timexes: list[Timex]) -> None:
    prev_end = 0
    for t in timexes:
        assert 0 <= t.start < t.end <= len(text), t
        assert text[t.start:t.end] == t.text, t
        assert t.start >= prev_end, f"overlapping or unordered expressions: {timexes}"
        prev_end = t.end
        assert t.type in TYPES, t
        assert t.grain is None or t.grain in GRAINS, t
        assert isinstance(t.value, str) and t.value, t
        if t.date_from is not None and t.date_to is not None:
            assert t.date_from < t.date_to, t


# --------------------------------------------------------------------------- tag

@given(TEXT, PUBLISHED)
def test_tag_offsets_index_the_text(text, published):
    check_timexes(text, tag(text, published))


@given(st.text(ANY_CHAR), st.one_of(DATES, DATETIMES))
def test_tag_any_unicode_any_date(text, published):
    check_timexes(text, tag(text, published))


@given(st.lists(st.sampled_from(DATE_FRAGMENTS), min_size=1, max_size=8), st.lists(SPACE | PUNCT, min_size=8, max_size=8),
       PUBLISHED)
def test_tag_date_phrases_any_date(phrases, seps, published):
    text = "".join(p + s for p, s in zip(phrases, seps))
    check_timexes(text, tag(text, published))


# --------------------------------------------------------------------------- build_events

#: Publication dates of articles given to build_events (time zones included).
ARTICLE_DATES = st.one_of(DATES, DATETIMES)

ARTICLES = st.lists(st.tuples(TEXT | LONG_TEXT, ARTICLE_DATES, CLEAN_TEXT), min_size=1, max_size=4).map(
    lambda xs: [Article(id=f"a{i}", text=text, published=pub, title=title.strip(), source="Wire",
                        url="https://example.org/" + str(i)) for i, (text, pub, title) in enumerate(xs)])


def check_problems(articles: list[Article], problems: list) -> None:
    """An article may be refused with a reason (no date, dated 9999-12-31), never fail."""
    assert not [p for p in problems if " failed: " in p.message], problems
    assert len(problems) <= len(articles), problems


def check_events(articles: list[Article], events: list[Event], merged: bool) -> None:
    by_id = {a.id: a for a in articles}
    for e in events:
        art = by_id[e.article]
        assert 0 <= e.sentence_start <= e.sentence_end <= len(art.text), e
        assert art.text[e.sentence_start:e.sentence_end] == e.sentence, e
        assert e.expressions, e
        for t in e.expressions:
            assert 0 <= t.start < t.end <= len(art.text), t
            assert e.sentence_start <= t.start and t.end <= e.sentence_end, (t, e)
            assert art.text[t.start:t.end] == t.text, (t, art.text)
        if e.type in ("DATE", "TIME"):  # a missing end is an open one ("since April 20" is open with an end)
            assert (e.start is not None or e.open_start) and (e.end is not None or e.open_end), e
        if e.start is not None and e.end is not None:
            assert e.start < e.end, e
        assert e.sources, e


@given(ARTICLES, st.booleans())
def test_build_events_never_fails_an_article(articles, merge):
    problems: list = []
    events = build_events(articles, merge=merge, problems=problems)
    check_problems(articles, problems)
    check_events(articles, events, merge)


# Bugs the fuzz tests found in pipeline/events.py (fixed there in 06b695c); each failed before.

def test_events_of_an_article_id_with_a_lone_surrogate():
    problems: list = []
    events = build_events([Article("a\udfff", "He spoke on Monday.", date(2021, 9, 30))], problems=problems)
    assert problems == [] and len(events) == 1  # was: "failed: UnicodeEncodeError: ... surrogates not allowed"


def test_events_of_an_article_published_with_a_time_zone():
    # was: TypeError: can't compare offset-naive and offset-aware datetimes (out of build_events)
    events = build_events([Article("a", "It was 1999, the past decade.", datetime(2000, 1, 1, tzinfo=timezone.utc))])
    assert len(events) == 2


def test_events_of_a_sentence_cut_inside_an_expression():
    text = "Talks ended.Sept. 30 was the day."
    events = build_events([Article("a", text, date(2000, 1, 1))], merge=False)
    # was: sentence 'Talks ended.Sept.' [0, 17) for the expression 'Sept. 30' at [12, 20)
    assert len(events) == 1
    check_events([Article("a", text, date(2000, 1, 1))], events, False)


# --------------------------------------------------------------------------- load_bytes

ALIASES = {"id": ("id", "doc_id", "uid", "ID"), "title": ("title", "Headline"),
           "text": ("text", "body", "Content", " story "), "published": ("published", "date", "pubDate", "dct"),
           "source": ("source", "outlet"), "url": ("url", "link")}
RECORD_DATE = st.one_of(st.none(), DATES.map(date.isoformat), DATETIMES.map(lambda d: d.isoformat()),
                        st.sampled_from(["30 September 2021", "Sept. 30, 2021", "09/10/2021", "2021-02-30",
                                         "yesterday", "", "  ", "0000-00-00", "10000-01-01"]),
                        st.integers(-5, 10**10), TEXT)
JSON_VALUE = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT,
                       st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


@st.composite
def records(draw, n_max=6, csv_safe=False):
    """(records, n): dicts with generated fields under aliased keys, and some non-objects."""
    text_st = CLEAN_TEXT if csv_safe else TEXT
    out = []
    for i in range(1, draw(st.integers(0, n_max)) + 1):
        if not csv_safe and draw(st.integers(0, 9)) == 0:
            out.append(draw(JSON_VALUE))  # not an object
            continue
        rec = {}
        if draw(st.booleans()):
            rec[draw(st.sampled_from(ALIASES["id"]))] = f"r{i}:" + draw(text_st)
        text_kind = draw(st.integers(0, 9))
        if text_kind < 7:
            rec[draw(st.sampled_from(ALIASES["text"]))] = draw(text_st)
        elif text_kind == 7 and not csv_safe:
            rec["text"] = draw(JSON_VALUE)
        for f in ("title", "published", "source", "url"):
            if draw(st.booleans()):
                v = draw(RECORD_DATE if f == "published" else text_st)
                rec[draw(st.sampled_from(ALIASES[f]))] = str(v) if csv_safe and v is not None else v
        out.append(rec)
    return out


def _position_of(article_id: str, stem: str, of_record: dict[int, int]) -> int:
    """The line/record/row number an article came from: by its "r<i>:" id (record i), or
    its default id "<stem>#<n>"."""
    m = re.match(r"r(\d+):", article_id)
    if m:
        return of_record[int(m.group(1))]
    m = re.match(re.escape(stem) + r"#(\d+)(?:-\d+)?$", article_id)
    assert m, f"article id {article_id!r} is neither a record's id nor {stem}#n"
    return int(m.group(1))


def check_accounted(name: str, loaded, positions: list[int], unit: str, multi: bool = True,
                    of_record: dict[int, int] | None = None) -> set[int]:
    """Each record (at line/record/row ``positions[i]``; record i at ``of_record[i]``) gave
    exactly one article or a problem naming it; returns the positions that gave articles."""
    if of_record is None:
        of_record = dict(enumerate(positions, 1))
    stem = name.rsplit(".", 1)[0]
    for p in loaded.problems:
        assert p.source.startswith(name), p
        assert not p.message.startswith("could not be read ("), f"a loader raised: {p}"
    if any(p.source == name for p in loaded.problems) and not loaded.articles:
        return set()  # the whole file was refused (binary, empty, ...), and said so
    if not multi:
        assert len(loaded.articles) == 1 or any(p.source.startswith(name) for p in loaded.problems), loaded
        return set()
    got = [_position_of(a.id, stem, of_record) for a in loaded.articles]
    assert len(got) == len(set(got)), f"a record gave two articles: {loaded}"
    assert set(got) <= set(positions), (got, positions)
    named = set()
    for p in loaded.problems:
        m = re.match(re.escape(name) + rf" {unit} (\d+)(?: \(id .*\))?$", p.source, re.S)
        if m:
            named.add(int(m.group(1)))
    assert named <= set(positions), f"a problem names a {unit} that holds no record: {loaded.problems}"
    silent = set(positions) - set(got) - named
    assert not silent, f"{unit}s {sorted(silent)} gave neither an article nor a problem: {loaded}"
    assert len(got) + len(named - set(got)) == len(positions)
    return set(got)


def _has_text(rec) -> bool:
    """Whether a record has text (so it must give an article, not only a problem)."""
    if not isinstance(rec, dict):
        return False
    low = {str(k).strip().lower(): v for k, v in rec.items()}
    for key in ("text", "body", "content", "article", "story"):
        if key in low:
            v = low[key]
            return isinstance(v, str) and bool(v.strip())
    return False


def _refused(name, loaded) -> bool:
    return any(p.source == name for p in loaded.problems) and not loaded.articles


@given(records(), st.booleans(), st.booleans(), st.sampled_from(["\n", "\r\n"]))
def test_load_jsonl_every_record_accounted(recs, blank_lines, ascii_only, newline):
    # ASCII: lone surrogates travel as \ud800 escapes; else raw UTF-8 (U+2028, U+0085 inside strings)
    # and any lone surrogate as the bytes a careless writer leaves
    lines = [json.dumps(r, ensure_ascii=ascii_only) for r in recs]
    sep = newline + " " + newline if blank_lines else newline
    data = (sep.join(lines) + newline).encode("utf-8", "surrogatepass")
    positions = [2 * i - 1 if blank_lines else i for i in range(1, len(recs) + 1)]
    loaded = load_bytes("feed.jsonl", data)
    got = check_accounted("feed.jsonl", loaded, positions, "line")
    if ascii_only and not _refused("feed.jsonl", loaded):
        for pos, rec in zip(positions, recs):
            assert not _has_text(rec) or pos in got, f"line {pos} has text but gave no article: {rec!r}"


@given(records(), st.sampled_from(["list", "articles", "single"]), st.booleans())
def test_load_json_every_record_accounted(recs, shape, ascii_only):
    if shape == "single" and len(recs) != 1:
        shape = "list"
    doc = {"list": recs, "articles": {"articles": recs}, "single": recs[0] if recs else recs}[shape]
    data = json.dumps(doc, ensure_ascii=ascii_only).encode("utf-8", "strict" if ascii_only else "surrogatepass")
    loaded = load_bytes("batch.json", data)
    got = check_accounted("batch.json", loaded, list(range(1, len(recs) + 1)), "record", multi=shape != "single")
    if ascii_only and shape != "single" and not _refused("batch.json", loaded):
        for pos, rec in enumerate(recs, 1):
            assert not _has_text(rec) or pos in got, f"record {pos} has text but gave no article: {rec!r}"


CSV_COLUMNS = ("id", "title", "text", "published", "source", "url")


@given(records(csv_safe=True), st.sampled_from([",", ";", "\t"]))
def test_load_csv_every_row_accounted(recs, delim):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delim, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    rows = []
    for rec in recs:
        low = {k.strip().lower(): v for k, v in rec.items()}
        row = {c: next((_clean(low[a]) for a in _aliases(c) if a in low), "") for c in CSV_COLUMNS}
        rows.append(row)
        w.writerow([row[c] for c in CSV_COLUMNS])
    loaded = load_bytes("sheet.csv", buf.getvalue().encode("utf-8"))
    # a row of blank cells is a blank line of the sheet, not a record
    positions = [i for i, r in enumerate(rows, 1) if any(v.strip() for v in r.values())]
    got = check_accounted("sheet.csv", loaded, positions, "row", of_record={i: i for i in range(1, len(rows) + 1)})
    if not _refused("sheet.csv", loaded):
        for pos in positions:
            assert not rows[pos - 1]["text"].strip() or pos in got, f"row {pos} has text but gave no article"


def _clean(v) -> str:
    return "" if v is None else re.sub("[\ud800-\udfff]", "\ufffd", str(v))


def _aliases(col: str) -> tuple[str, ...]:
    return tuple(a.strip().lower() for a in ALIASES[col])


@given(st.sampled_from(["x.txt", "x.md", "x.json", "x.jsonl", "x.csv", "x.html", "x.pdf", "noext", ".csv"]),
       st.one_of(st.binary(max_size=200), TEXT.map(lambda s: s.encode("utf-8", "surrogatepass")),
                 CLEAN_TEXT.map(lambda s: s.encode("utf-16")), CLEAN_TEXT.map(lambda s: s.encode("cp1252", "replace"))),
       st.one_of(st.none(), DATES, DATETIMES))
def test_load_bytes_any_bytes_never_raises(name, data, published):
    loaded = load_bytes(name, data, published=published)
    assert loaded.articles or loaded.problems, "a file gave nothing and said nothing"
    for p in loaded.problems:
        assert p.source.startswith(name) and p.message, p
    for a in loaded.articles:
        assert a.text.strip() and not re.search("[\ud800-\udfff]", a.text), a
        if published is not None:
            assert a.published is not None and a.date_source == "given"


@given(st.lists(CLEAN_TEXT, min_size=1, max_size=6), CLEAN_TEXT, st.one_of(st.none(), DATES.map(date.isoformat)),
       st.sampled_from(["article", "main", "div", "body"]))
def test_load_html_pages(paragraphs, title, meta_date, wrapper):
    """An HTML page of generated paragraphs: an article or a problem naming the page, never an exception."""
    esc = html.escape
    head = f"<title>{esc(title)}</title>" + (f'<meta property="article:published_time" content="{meta_date}">'
                                              if meta_date else "")
    body = "".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    page = f"<!DOCTYPE html><html><head>{head}</head><body><{wrapper}>{body}</{wrapper}></body></html>"
    loaded = load_bytes("page.html", page.encode("utf-8"))
    assert len(loaded.articles) + len(loaded.problems) >= 1
    assert all(p.source == "page.html" for p in loaded.problems), loaded.problems
    assert not [p for p in loaded.problems if p.message.startswith(("could not be read (", "HTML could not be parsed"))], \
        loaded.problems
    for a in loaded.articles:
        assert a.text.strip() and a.id == "page"


@given(st.lists(st.tuples(CLEAN_TEXT, RECORD_DATE), min_size=1, max_size=3))
def test_loaded_articles_build_events(pairs):
    """The whole path: generated JSON Lines -> load_bytes -> build_events."""
    data = "".join(json.dumps({"text": "x " + t, "published": d}) + "\n" for t, d in pairs).encode()
    loaded = load_bytes("f.jsonl", data)
    assert len(loaded.articles) == len(pairs)
    problems: list = []
    events = build_events(loaded.articles, problems=problems)
    check_problems(list(loaded.articles), problems)
    check_events(list(loaded.articles), events, True)


# --------------------------------------------------------------------------- event exports

class _Tags(HTMLParser):
    """The tags and attributes of an HTML fragment."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_comment(self, data):
        self.tags.append(("!--", []))

    def handle_decl(self, decl):
        self.tags.append(("!", []))

    def handle_pi(self, data):
        self.tags.append(("?", []))

    def unknown_decl(self, data):
        self.tags.append(("![", []))

    def handle_data(self, data):
        self.text.append(data)


def check_safe_html(fragment: str, allowed=("p", "em", "a")) -> None:
    """Only the exporter's own markup: <p>, <em> and <a href="http(s)://..." rel=...>."""
    p = _Tags()
    p.feed(fragment)
    p.close()
    for tag_, attrs in p.tags:
        assert tag_ in allowed, f"live <{tag_}> in {fragment!r}"
        for k, v in attrs:
            assert tag_ == "a" and k in ("href", "rel"), f"attribute {k}= in {fragment!r}"
            if k == "href":
                assert urlsplit(v).scheme in ("http", "https"), f"unsafe link {v!r} in {fragment!r}"


def check_plain_html_text(s: str) -> None:
    """A field that is escaped text: no markup at all."""
    assert "<" not in s and ">" not in s, s
    check_safe_html(s, allowed=())


def _guarded(text: str) -> str:
    """``text`` as a CSV cell: a leading ' where a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(ex._FORMULA_START) else text


def _unguard(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(ex._FORMULA_START) else cell


def _csv_text(v) -> str:
    return "" if v is None else ("true" if v is True else "false" if v is False else str(v))


def check_event_exports(events: list[Event]) -> None:
    recs = ex.event_records(events)
    # the text exports hold U+FFFD where a string held a lone surrogate
    expected = json.loads(ex._utf8(json.dumps(recs, ensure_ascii=False)))

    # JSON Lines and JSON: real json, the same records
    jl = ex.to_jsonl(events)
    lines = jl.split("\n")
    assert lines[-1] == "" and len(lines) == len(events) + 1
    assert [json.loads(x) for x in lines[:-1]] == expected
    assert json.loads(ex.to_json(events)) == expected
    for fmt in ex.FORMATS:
        ex.render(events, fmt).encode("utf-8")  # a file can be written

    # CSV: csv and pandas read back one row per event; text round-trips through the guard
    text = ex.to_csv(events)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == ex.COLUMNS and len(rows) == len(events) + 1
    for row, rec in zip(rows[1:], recs):
        assert len(row) == len(ex.COLUMNS)
        for col, cell in zip(ex.COLUMNS, row):
            assert not cell.startswith(ex._FORMULA_START), (col, cell)
            if col != "sources":
                assert cell == _guarded(ex._utf8(_csv_text(rec[col]))), (col, cell, rec[col])
    import pandas as pd
    df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert list(df.columns) == list(ex.COLUMNS) and len(df) == len(events)
    assert df.values.tolist() == rows[1:]

    # TimelineJS: the structure, dates that exist, no live HTML
    doc = json.loads(ex.render(events, "timelinejs", title="<b>T</b>"))
    assert set(doc) == {"title", "events"}
    check_plain_html_text(doc["title"]["text"]["headline"])
    check_plain_html_text(doc["title"]["text"]["text"])
    by_id = {ex._utf8(e.id): e for e in events}
    for slide in doc["events"]:
        e = by_id[slide["unique_id"]]
        check_plain_html_text(slide["text"]["headline"])
        assert html.unescape(slide["text"]["headline"]) == ex._utf8(e.title)
        check_plain_html_text(slide["group"])
        check_safe_html(slide["text"]["text"])
        starts = [_tl_date(slide["start_date"])]
        if "end_date" in slide:
            starts.append(_tl_date(slide["end_date"]))
            assert starts[0] <= starts[1], slide
    assert len(doc["events"]) == sum(1 for e in events if e.start is not None or e.end is not None)


def _tl_date(d: dict) -> datetime:
    assert set(d) <= {"year", "month", "day", "hour", "minute"} and "year" in d, d
    assert all(isinstance(v, int) for v in d.values()), d
    return datetime(d["year"], d.get("month", 1), d.get("day", 1), d.get("hour", 0), d.get("minute", 0))


HOSTILE_ARTICLES = st.lists(
    st.tuples(st.lists(st.one_of(st.sampled_from(DATE_FRAGMENTS), st.sampled_from(HOSTILE), SPACE, PUNCT, ANY_TEXT),
                       min_size=1, max_size=25).map("".join),
              ARTICLE_DATES, st.sampled_from(HOSTILE) | TEXT,
              st.sampled_from(HOSTILE) | TEXT,
              st.sampled_from(["https://example.org/a?b=1&c=<2>", "javascript:alert(1)", "JaVaScRiPt:alert(1)",
                               "data:text/html,<script>alert(1)</script>", "http://x/\"onmouseover=alert(1)",
                               " https://x/ ", "", "//evil.example", "http://[::1", "https://x/(a)[b] c"])),
    min_size=1, max_size=4)


def _articles(specs) -> list[Article]:
    return [Article(id=f"art{i}", text=text, published=pub, title=title, source=source, url=url)
            for i, (text, pub, title, source, url) in enumerate(specs)]


@given(HOSTILE_ARTICLES, st.booleans())
@example([("<script>alert(1)</script> He spoke last week.", date(2021, 9, 30), "<img src=x onerror=alert(1)>",
           "=HYPERLINK(\"http://evil\")", "javascript:alert(1)")], True)
def test_event_exports_parse_back(specs, merge):
    articles = _articles(specs)
    problems: list = []
    events = build_events(articles, merge=merge, problems=problems)
    check_problems(articles, problems)
    check_event_exports(events)


def test_event_exports_of_lone_surrogates_can_be_written():
    """Regression: a lone surrogate in an article given to the API (tag takes any str)
    came out raw in every text export, which then could not be written as UTF-8."""
    text = "He spoke on Monday \ud800."
    art = Article("a", text, date(2021, 9, 30), title="T\ud800", source="W\ud800",
                  url="https://example.org/\ud800")
    events = build_events([art])
    assert events and "\ud800" in events[0].sentence
    for fmt in ex.FORMATS:
        out = ex.render(events, fmt)
        out.encode("utf-8")
        assert "\ufffd" in out
    assert "href" not in ex.render(events, "timelinejs")  # no link to a URL that cannot be written
    check_event_exports(events)


def test_story_exports_of_lone_surrogates_can_be_written():
    src = Source("a\ud800", "T\ud800", "W\ud800", "https://example.org/\ud800", date(2021, 9, 30))
    story = Story(entries=(StoryEntry(date(2021, 9, 30), "H\ud800", ("S\udfff",), (src,), 1.0),),
                  articles=1, events=1, title="\ud800")
    for fmt in sx.STORY_FORMATS:
        out = sx.render(story, fmt)
        out.encode("utf-8")
        assert "\ufffd" in out
    check_story_exports(story)


# Events made directly: any fields the model allows, dates to the ends of the calendar.
def _interval(draw):
    grain = draw(st.sampled_from(GRAINS + (None,)))
    a = draw(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)))
    if grain in ("day", "week", "month", "year", None):
        a = a.replace(hour=0, minute=0, second=0, microsecond=0)
    b = a + draw(st.sampled_from([timedelta(minutes=1), timedelta(hours=6), timedelta(days=1), timedelta(days=7),
                                  timedelta(days=31), timedelta(days=365)]))
    b = min(b, datetime(9999, 12, 31, 23, 59))
    if b <= a:
        b = a + timedelta(seconds=1)
    kind = draw(st.sampled_from(["closed", "open_start", "open_end", "none"]))
    if kind == "open_start":
        return grain, None, b
    if kind == "open_end":
        return grain, a, None
    if kind == "none":
        return grain, None, None
    return grain, a, b


@st.composite
def synthetic_events(draw):
    out = []
    for i in range(draw(st.integers(0, 4))):
        grain, start, end = _interval(draw)
        sentence = draw(st.sampled_from(HOSTILE) | TEXT)
        expr = Timex(0, max(1, len(sentence)), sentence or "x", "DATE", "2021", grain=grain)
        srcs = tuple(Source(f"a{j}", draw(TEXT), draw(TEXT), draw(st.sampled_from(HOSTILE) | TEXT),
                            draw(st.none() | DATES | DATETIMES)) for j in range(draw(st.integers(0, 2))))
        out.append(Event(
            id=draw(TEXT) or f"e{i}", article=draw(TEXT) or "a", title=draw(st.sampled_from(HOSTILE) | TEXT),
            sentence=sentence, sentence_start=0, sentence_end=len(sentence),
            expressions=draw(st.sampled_from([(), (expr,), (expr, expr)])),
            value=draw(TEXT), type=draw(st.sampled_from(TYPES)), mod=draw(st.none() | TEXT), grain=grain,
            start=start, end=end, precision=draw(st.sampled_from(["day", "range", "open range", "month", "time"])),
            explanation=draw(st.sampled_from(HOSTILE) | TEXT), open_start=start is None, open_end=end is None,
            approximate=draw(st.booleans()), published=draw(st.none() | DATES), source=draw(TEXT),
            url=draw(TEXT), sources=srcs))
    ids = [ex._utf8(e.id) for e in out]
    if len(set(ids)) != len(ids):  # TimelineJS slides are found by id below
        out = [e.__class__(**{**e.__dict__, "id": f"e{i}"}) for i, e in enumerate(out)]
    return out


@given(synthetic_events())
def test_event_exports_of_any_events(events):
    check_event_exports(events)


# --------------------------------------------------------------------------- story exports

@st.composite
def stories(draw):
    entries = []
    for _ in range(draw(st.integers(0, 4))):
        srcs = tuple(Source(draw(TEXT) or "a", draw(st.sampled_from(HOSTILE) | TEXT), draw(st.sampled_from(HOSTILE) | TEXT),
                            draw(st.sampled_from(["https://example.org/a?x=<1>&y=(2) z", "javascript:alert(1)",
                                                  "http://x/\"><script>alert(1)</script>", "https://x/a\nb", "",
                                                  "data:text/html,hi"]) | TEXT),
                            draw(st.none() | DATES | DATETIMES))
                     for _ in range(draw(st.integers(0, 2))))
        grain = draw(st.sampled_from(ENTRY_GRAINS))
        day = draw(DATES)  # the first day of the entry's period: a Monday, the 1st of a month
        day = day.replace(day=1) if grain == "month" else day - timedelta(days=day.weekday()) if grain == "week" else day
        entries.append(StoryEntry(date=day, headline=draw(st.sampled_from(HOSTILE) | TEXT),
                                  summary=tuple(draw(st.lists(st.sampled_from(HOSTILE) | TEXT, max_size=3))),
                                  sources=srcs, score=draw(st.floats(0, 10)), grain=grain))
    return Story(entries=tuple(entries), articles=draw(st.integers(0, 5)), events=draw(st.integers(0, 9)),
                 start=draw(st.none() | DATES), end=draw(st.none() | DATES), title=draw(st.sampled_from(HOSTILE) | TEXT))


_MD_LINK = re.compile(r"(?<!\\)\[((?:\\.|[^\\\]])*)\]\(([^)\s]*)\)")


def check_story_exports(story: Story) -> None:
    n = len(story.entries)
    for fmt in sx.STORY_FORMATS:
        sx.render(story, fmt).encode("utf-8")  # a file can be written

    # JSON
    doc = json.loads(sx.to_json(story))
    assert len(doc["entries"]) == n

    # Markdown: no HTML at all, headings and links only where the exporter puts them
    md = sx.to_markdown(story)
    assert "<" not in md and ">" not in md, md
    lines = md.split("\n")
    assert lines[0].startswith("# ") and sum(1 for ln in lines if ln.startswith("#")) == n + 1, md
    assert sum(1 for ln in lines if ln.startswith("## ")) == n, md
    links = [m.group(2) for m in _MD_LINK.finditer(md)]
    n_links = sum(1 for e in story.entries for s in e.sources if sx._url(s.url))
    assert len(links) == n_links, (links, md)
    assert all(urlsplit(u).scheme in ("http", "https") for u in links), links
    for k, ln in enumerate(lines):
        # every line is exporter structure or escaped text: no list, quote, table, rule or code
        if k != 2 and ln and not ln.startswith(("# ", "## ", "- ", "Sources:")):
            assert not re.match(r"\s|[-+*>|=`~]|\d{1,9}[.)]", ln), (ln, md)

    # CSV (TimelineJS template): csv and pandas read a title row and one row per entry
    text = sx.to_csv(story)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == sx.CSV_COLUMNS and len(rows) == n + 2
    for row in rows[1:]:
        assert len(row) == len(sx.CSV_COLUMNS)
        assert not any(c.startswith(ex._FORMULA_START) for c in row), row
        rec = dict(zip(sx.CSV_COLUMNS, row))
        check_plain_html_text(_unguard(rec["Headline"]))
        check_safe_html(rec["Text"])
    import pandas as pd
    df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert len(df) == n + 1

    # TimelineJS JSON
    tl = json.loads(sx.render(story, "timelinejs"))
    assert len(tl["events"]) == n
    check_plain_html_text(tl["title"]["text"]["headline"])
    for slide, e in zip(tl["events"], story.entries):
        check_plain_html_text(slide["text"]["headline"])
        check_plain_html_text(slide["display_date"])
        check_safe_html(slide["text"]["text"])
        start = _tl_date(slide["start_date"])
        assert start.date() == e.date
        if "end_date" in slide:
            assert _tl_date(slide["end_date"]) >= start


@given(stories())
@example(Story(entries=(StoryEntry(date(9999, 12, 27), "H", ("S",), (), 1.0, grain="week"),
                        StoryEntry(date(9999, 12, 1), "H", ("S",), (), 1.0, grain="month"),
                        StoryEntry(date(9999, 12, 31), "H", ("S",), (), 1.0))))
def test_story_exports_of_any_story(story):
    check_story_exports(story)


@pytest.mark.parametrize("title", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"])
def test_story_exports_escape_html_from_articles(title):
    src = Source("a1", title, title, "javascript:alert(1)", date(2021, 9, 30))
    story = Story(entries=(StoryEntry(date(2021, 9, 30), title, (title, "1. " + title), (src,), 1.0),),
                  articles=1, events=1, title=title)
    check_story_exports(story)
    assert "&lt;script&gt;" in sx.to_markdown(story) or "&lt;img" in sx.to_markdown(story)


@given(HOSTILE_ARTICLES)
@example([("<script>alert(1)</script> The plant closed on Monday, May 3, 2021, after a fire.", date(2021, 5, 4),
           "<img src=x onerror=alert(1)>", "<b>Wire</b>", "javascript:alert(1)")])
def test_story_of_articles_exports(specs):
    from pipeline import story
    articles = _articles(specs)
    problems: list = []
    s = story(articles, problems=problems)
    check_problems(articles, problems)
    check_story_exports(s)
