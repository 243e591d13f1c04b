"""Exports: columns, JSON round-trip, CSV formula injection, TimelineJS dates and escaping."""
from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
from datetime import date, datetime as D

import pytest

from pipeline.events import events_from_timexes, merge_events
from pipeline.export import (COLUMNS, FORMATS, SHEET_COLUMNS, event_records, render, sheet_csv, to_csv,
                             to_json, to_jsonl, to_sheet_csv, to_timelinejs)
from pipeline.model import Article, Timex

PUB = date(2021, 9, 30)


def events_of(text, specs, aid="a1", url="https://example.org/a", source="Wire"):
    """Events of a one-sentence article; specs = (phrase, type, value, from, to, grain, mod)."""
    tl = []
    for phrase, type_, value, f, t, grain, mod in specs:
        i = text.index(phrase)
        tl.append(Timex(i, i + len(phrase), phrase, type_, value, mod, grain, f, t))
    art = Article(aid, text, PUB, title=f"Title of {aid}", source=source, url=url)
    return events_from_timexes(art, tl, [(0, len(text))])


@pytest.fixture
def sample():
    evs = []
    evs += events_of("China said on Thursday that it hoped ties would improve.",
                     [("Thursday", "DATE", "2021-09-30", D(2021, 9, 30), D(2021, 10, 1), "day", None)])
    evs += events_of("The council met from Thursday morning until Friday.",
                     [("Thursday morning", "TIME", "2021-09-30TMO", D(2021, 9, 30, 6), D(2021, 9, 30, 12), "time", None),
                      ("Friday", "DATE", "2021-10-01", D(2021, 10, 1), D(2021, 10, 2), "day", None)], aid="a2")
    evs += events_of("The hotlines have been dormant for more than a year.",
                     [("more than a year", "DURATION", "P1Y", None, None, None, "MORE_THAN")], aid="a3")
    evs += events_of("Pyongyang this month offered talks.",
                     [("this month", "DATE", "2021-09", D(2021, 9, 1), D(2021, 10, 1), "month", None)], aid="a4")
    evs += events_of("Biden spoke last week.",
                     [("last week", "DATE", "2021-W38", D(2021, 9, 20), D(2021, 9, 27), "week", None)], aid="a5")
    assert len(evs) == 5
    return merge_events(evs)


def test_records_have_the_columns_and_iso_dates(sample):
    recs = event_records(sample)
    assert all(tuple(r) == COLUMNS for r in recs)
    day = next(r for r in recs if r["article"] == "a1")
    assert day["start"] == "2021-09-30T00:00:00" and day["end"] == "2021-10-01T00:00:00"
    assert day["expression"] == "Thursday" and day["open_start"] is False
    assert day["sources"] == [{"article": "a1", "title": "Title of a1", "source": "Wire",
                               "url": "https://example.org/a", "published": "2021-09-30"}]
    rng = next(r for r in recs if r["article"] == "a2")
    assert rng["expression"] == "Thursday morning … Friday" and rng["precision"] == "range"


def test_json_and_jsonl_round_trip(sample):
    recs = event_records(sample)
    assert json.loads(to_json(sample)) == recs
    lines = to_jsonl(sample).splitlines()
    assert [json.loads(x) for x in lines] == recs
    assert to_jsonl([]) == "" and json.loads(to_json([])) == []


def test_csv_header_rows_and_round_trip(sample):
    rows = list(csv.DictReader(io.StringIO(to_csv(sample))))
    assert len(rows) == len(sample) and tuple(rows[0]) == COLUMNS
    r = next(r for r in rows if r["article"] == "a3")
    assert r["open_start"] == "true" and r["start"] == "2020-09-30T00:00:00" and r["mod"] == "MORE_THAN"
    assert r["sources"] == "a3 (Wire, https://example.org/a)"


@pytest.mark.parametrize("evil", ["=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_neutralises_formulas(evil):
    text = evil + " said on Thursday that prices rose."
    evs = events_of(text, [("Thursday", "DATE", "2021-09-30", D(2021, 9, 30), D(2021, 10, 1), "day", None)],
                    aid=evil, source=evil)
    rows = list(csv.reader(io.StringIO(to_csv(evs), newline="")))
    for cell in rows[1]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert rows[1][COLUMNS.index("article")] == "'" + evil
    sentence = evs[0].sentence  # trimmed of outer white space
    assert rows[1][COLUMNS.index("sentence")] == (sentence if sentence[0] == "x" else "'" + sentence)
    assert rows[1][COLUMNS.index("sources")].startswith("'" + evil)


def test_timelinejs_dates_follow_precision(sample):
    tl = to_timelinejs(sample, title="Korea")
    assert tl["title"]["text"]["headline"] == "Korea"
    by = {s["unique_id"]: s for s in tl["events"]}
    ev = {e.article: e for e in sample}
    day = by[ev["a1"].id]
    assert day["start_date"] == {"year": 2021, "month": 9, "day": 30} and "end_date" not in day
    rng = by[ev["a2"].id]
    assert rng["start_date"] == {"year": 2021, "month": 9, "day": 30, "hour": 6, "minute": 0}
    assert rng["end_date"] == {"year": 2021, "month": 10, "day": 1}
    month = by[ev["a4"].id]
    assert month["start_date"] == {"year": 2021, "month": 9} and "end_date" not in month
    week = by[ev["a5"].id]
    assert week["start_date"] == {"year": 2021, "month": 9, "day": 20}
    assert week["end_date"] == {"year": 2021, "month": 9, "day": 26}
    dur = by[ev["a3"].id]
    assert dur["start_date"] == {"year": 2020, "month": 9, "day": 30}
    assert dur["end_date"] == {"year": 2021, "month": 9, "day": 30}
    assert all(s["group"] == "Wire" for s in tl["events"])
    json.dumps(tl)  # serialisable


def test_timelinejs_escapes_article_html():
    text = '<script>alert(1)</script> said on Thursday <img src=x onerror=alert(2)> "hi".'
    evs = events_of(text, [("Thursday", "DATE", "2021-09-30", D(2021, 9, 30), D(2021, 10, 1), "day", None)],
                    source="<b>Evil</b>", url="javascript:alert(3)")
    tl = to_timelinejs(evs, title="<i>t</i>")
    blob = json.dumps(tl)
    assert "<script" not in blob and "<img" not in blob and "<b>" not in blob and "<i>" not in blob
    assert "javascript:" not in blob
    (s,) = tl["events"]
    assert "&lt;script&gt;" in s["text"]["text"] and "&lt;script&gt;" in s["text"]["headline"]


def test_timelinejs_links_only_http_sources():
    evs = events_of("It rained on Thursday.",
                    [("Thursday", "DATE", "2021-09-30", D(2021, 9, 30), D(2021, 10, 1), "day", None)],
                    url='https://example.org/a?x="><script>')
    (s,) = to_timelinejs(evs)["events"]
    assert '<a href="https://example.org/a?x=&quot;&gt;&lt;script&gt;"' in s["text"]["text"]


def test_render_formats_and_unknown(sample):
    assert FORMATS == ("jsonl", "json", "csv", "timelinejs", "sheet")
    for fmt in FORMATS:
        assert render(sample, fmt)
    with pytest.raises(ValueError, match="unknown format"):
        render(sample, "xml")


def test_timelinejs_slides_are_for_readers_unless_explanations_are_asked_for():
    """Slides carried the internal explanation ("'Saturday': a bare weekday in news is
    past ..."); it is now left out unless asked for (the data exports keep it)."""
    from pipeline import build_events, load_articles
    from pipeline.export import to_timelinejs
    from pathlib import Path
    events = build_events(load_articles(Path(__file__).resolve().parents[1] / "data" / "nk-hotlines.json").articles)
    public = to_timelinejs(events)
    assert public["events"] and all(e.explanation[:20] not in s["text"]["text"]
                                     for e, s in zip([e for e in events if e.start or e.end], public["events"]))
    full = to_timelinejs(events, explanations=True)
    assert any("bare weekday" in s["text"]["text"] or "relative to" in s["text"]["text"] for s in full["events"])


@pytest.mark.parametrize("source, group", [("https://www.apnews.com/article/x", "apnews.com"),
                                           ("apnews.com", "apnews.com"), ("AP", "AP"), ("", "Other sources")])
def test_timelinejs_groups_name_outlets_the_same_way(source, group):
    """Groups mixed web addresses, outlet names and article ids."""
    from pipeline.export import outlet_group
    assert outlet_group(source) == group


# --------------------------------------------------------------------- TimelineJS Google Sheets template

TEMPLATE = ["Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time", "Display Date",
            "Headline", "Text", "Media", "Media Credit", "Media Caption", "Media Thumbnail", "Type", "Group",
            "Background"]


def sheet_frame(text):
    import pandas as pd
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def test_sheet_has_the_template_columns_and_the_slides_dates(sample):
    df = sheet_frame(to_sheet_csv(sample, title="Korea"))
    assert list(df.columns) == TEMPLATE and list(SHEET_COLUMNS) == TEMPLATE
    assert len(df) == len(sample) + 1
    title = df.iloc[0]
    assert (title["Type"], title["Headline"], title["Year"]) == ("title", "Korea", "")
    assert title["Text"] == "<p>5 events from 5 articles</p>"
    # the same slides as the TimelineJS JSON, in the same order
    tl = json.loads(render(sample, "timelinejs", title="Korea"))
    assert df["Headline"].tolist()[1:] == [s["text"]["headline"] for s in tl["events"]]
    assert df["Text"].tolist()[1:] == [s["text"]["text"] for s in tl["events"]]
    by = {r["Headline"]: r for r in df.iloc[1:].to_dict("records")}
    cells = ("Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time")
    ev = {e.article: e for e in sample}
    assert tuple(by[ev["a1"].title][c] for c in cells) == ("2021", "9", "30", "", "", "", "", "")
    assert tuple(by[ev["a2"].title][c] for c in cells) == ("2021", "9", "30", "06:00", "2021", "10", "1", "")
    assert tuple(by[ev["a4"].title][c] for c in cells) == ("2021", "9", "", "", "", "", "", "")
    assert tuple(by[ev["a5"].title][c] for c in cells) == ("2021", "9", "20", "", "2021", "9", "26", "")
    assert tuple(by[ev["a3"].title][c] for c in cells) == ("2020", "9", "30", "", "2021", "9", "30", "")
    assert set(df["Group"][1:]) == {"Wire"} and set(df["Type"][1:]) == {""}
    assert set(df["Media"]) == {""} and set(df["Display Date"]) == {""}
    assert render(sample, "sheet", title="Korea") == to_sheet_csv(sample, title="Korea")


def test_sheet_rows_are_crlf_and_one_per_dated_event(sample):
    text = to_sheet_csv(sample)
    assert text.endswith("\r\n") and text.count("\r\n") == len(sample) + 2
    assert sheet_frame(to_sheet_csv([]))["Type"].tolist() == ["title"]


def test_sheet_groups_are_outlets():
    evs = events_of("It rained on Thursday.",
                    [("Thursday", "DATE", "2021-09-30", D(2021, 9, 30), D(2021, 10, 1), "day", None)],
                    source="https://www.apnews.com/article/x")
    assert sheet_frame(to_sheet_csv(evs))["Group"].tolist() == ["", "apnews.com"]


def test_sheet_guards_formulas_and_escapes_html():
    text = "=HYPERLINK(\"http://evil\") said on Thursday <script>alert(1)</script>."
    evs = events_of(text, [("Thursday", "DATE", "2021-09-30", D(2021, 9, 30), D(2021, 10, 1), "day", None)],
                    source="=cmd|' /C calc'!A0", url="javascript:alert(3)")
    evs = [dataclasses.replace(e, title="=1+1 <script>alert(2)</script>") for e in evs]
    df = sheet_frame(to_sheet_csv(evs, title="<img src=x onerror=alert(4)>"))
    row = df.iloc[1]
    assert row["Headline"] == "'=1+1 &lt;script&gt;alert(2)&lt;/script&gt;"
    assert row["Group"].startswith("'=cmd")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in row["Text"] and row["Text"].startswith("<p>")
    assert df.iloc[0]["Headline"] == "&lt;img src=x onerror=alert(4)&gt;"
    blob = to_sheet_csv(evs, title="<img src=x onerror=alert(4)>")
    assert "<script" not in blob and "<img" not in blob and "javascript:" not in blob
    for cell in df.values.ravel():
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_sheet_explanations_only_when_asked(sample):
    e = next(e for e in sample if e.article == "a1")
    assert e.explanation
    off = sheet_frame(to_sheet_csv(sample))
    on = sheet_frame(render(sample, "sheet", explanations=True))
    assert not any(e.explanation in t for t in off["Text"])
    assert any(html.escape(e.explanation) in t for t in on["Text"])


def test_sheet_writer_fills_missing_columns_and_guards():
    text = sheet_csv([{"Headline": "@x", "Year": 2021, "Nope": "dropped"}])
    df = sheet_frame(text)
    assert list(df.columns) == TEMPLATE and df.iloc[0]["Headline"] == "'@x" and df.iloc[0]["Year"] == "2021"
    assert "dropped" not in text and df.iloc[0]["Text"] == ""
