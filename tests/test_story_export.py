"""Story exports on hand-made Story records: JSON, Markdown, TimelineJS CSV and JSON, escaping."""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from datetime import date, datetime

import pytest

from pipeline.model import Source
from pipeline.story_export import (CSV_COLUMNS, STORY_FORMATS, md_escape, render, to_csv, to_json,
                                   to_markdown, to_timelinejs)
from pipeline.story_model import Story, StoryEntry

WIRE = Source("wire-1", "Harbor Bank fails", "Wire", "https://wire.example/harbor", date(2026, 3, 6))
POST = Source("post-1", "Regulators shut Harbor Bank", "Post", "https://post.example/a",
              datetime(2026, 3, 7, 9, 30))
EVIL = Source("evil-1", "<script>alert('t')</script> *Bank* [x](javascript:alert(1))",
              "=cmd|' /C calc'!A0", "javascript:alert(1)", date(2026, 3, 7))
DATA = Source("evil-2", "Plain", "+Daily", "data:text/html,<script>alert(1)</script>", date(2026, 3, 8))

SCRIPT = "<script>alert(1)</script>"


def entry(day, headline, summary, sources, grain="day", score=1.0):
    return StoryEntry(date=day, headline=headline, summary=tuple(summary), sources=tuple(sources),
                      score=score, events=("e1", "e2"), summary_events=("e1",), grain=grain)


@pytest.fixture
def bank():
    return Story(entries=(
        entry(date(2026, 3, 5), "Depositors pulled $2 billion from Harbor Bank",
              ["Depositors pulled $2 billion from Harbor Bank on Thursday."], [WIRE], score=3.5),
        entry(date(2026, 3, 6), "Regulators closed Harbor Bank",
              ["State regulators closed Harbor Bank on Friday.", "Customers queued outside branches."],
              [WIRE, POST], score=4.5),
        entry(date(2026, 3, 9), "Lakeside Bank bought the deposits",
              ["Lakeside Bank agreed this week to buy the deposits."], [POST], grain="week", score=1.2),
        entry(date(2026, 4, 1), "Senators held hearings",
              ["Senators held hearings on the failure in April."], [WIRE], grain="month", score=0.8),
    ), articles=2, events=9, start=date(2026, 3, 1), end=date(2026, 4, 30), title="Harbor Bank")


@pytest.fixture
def evil():
    return Story(entries=(
        entry(date(2026, 3, 6), "@SUM(1+1) " + SCRIPT + " *closed* [bank](javascript:alert(2))",
              ["=1+2 Inspectors closed the " + SCRIPT + " bank on Friday.",
               "# Workers [protested](javascript:alert(3)) <img src=x onerror=alert(4)> **loudly**."],
              [EVIL, DATA, WIRE]),
        entry(date(2026, 3, 7), "-10 percent", ["- 1. > Shares fell on Saturday | a | b |"], [EVIL]),
    ), articles=3, events=4, title="<b>Evil</b> =story")


# --------------------------------------------------------------------- JSON

def test_json_is_the_records(bank):
    doc = json.loads(to_json(bank))
    assert doc == bank.to_json()
    assert list(doc) == ["title", "articles", "events", "from", "to", "entries"]
    assert doc["from"] == "2026-03-01" and doc["to"] == "2026-04-30"
    first = doc["entries"][1]
    assert first["date"] == "2026-03-06" and first["grain"] == "day"
    assert first["summary"] == ["State regulators closed Harbor Bank on Friday.", "Customers queued outside branches."]
    assert first["sources"][1] == {"article": "post-1", "title": "Regulators shut Harbor Bank", "source": "Post",
                                   "url": "https://post.example/a", "published": "2026-03-07T09:30:00"}
    assert [e["grain"] for e in doc["entries"]] == ["day", "day", "week", "month"]


def test_an_edited_story_exports_as_edited(bank):
    edited = replace(bank, entries=(replace(bank.entries[0], headline="Edited by hand"),) + bank.entries[1:])
    assert json.loads(to_json(edited))["entries"][0]["headline"] == "Edited by hand"
    assert "Edited by hand" in to_markdown(edited)


# --------------------------------------------------------------------- Markdown

def test_markdown_headings_in_date_order_with_summary_and_sources(bank):
    md = to_markdown(bank)
    lines = md.splitlines()
    assert lines[0] == "# Harbor Bank"
    heads = [x for x in lines if x.startswith("## ")]
    assert heads == ["## Thu 5 Mar 2026: Depositors pulled $2 billion from Harbor Bank",
                     "## Fri 6 Mar 2026: Regulators closed Harbor Bank",
                     "## week of 9 Mar 2026: Lakeside Bank bought the deposits",
                     "## April 2026: Senators held hearings"]
    assert "State regulators closed Harbor Bank on Friday. Customers queued outside branches." in lines
    assert "- Post: [Regulators shut Harbor Bank](https://post.example/a) (7 Mar 2026)" in lines
    assert "4 key dates from 2 articles, 1 Mar 2026 to 30 Apr 2026." in lines
    # each entry's block holds its own sources, in order
    block = md.split("## Fri 6 Mar 2026")[1].split("## week")[0]
    assert block.index("Wire: [Harbor Bank fails]") < block.index("Post: [Regulators shut")


def test_markdown_escapes_article_text_and_refuses_unsafe_links(evil):
    md = to_markdown(evil)
    assert "<" not in md and ">" not in md  # no HTML at all: article text is entity-escaped
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in md
    # the only links are ours, to the one http(s) source
    links = re.findall(r"(?<!\\)\[([^\]]*)\]\(([^)]*)\)", md)
    assert links and all(url == "https://wire.example/harbor" for _, url in links)
    assert "](javascript" not in md and "](data" not in md
    lines = md.splitlines()
    # structure: one title, one heading per entry, list items only under "Sources:"
    assert [x for x in lines if x.startswith("#")] == [lines[0]] + [x for x in lines if x.startswith("## ")]
    assert len([x for x in lines if x.startswith("## ")]) == 2
    assert lines[0] == "# &lt;b&gt;Evil&lt;/b&gt; =story"
    assert "## Sat 7 Mar 2026: \\-10 percent" in lines
    assert "\\- 1. &gt; Shares fell on Saturday \\| a \\| b \\|" in lines
    for i, x in enumerate(lines):
        if x.startswith("- "):
            assert lines[i - 1] == "Sources:" or lines[i - 1].startswith("- ")
    assert "\\*\\*loudly\\*\\*" in md and "\\# Workers \\[protested\\]" in md


@pytest.mark.parametrize("text,expected", [
    ("1. First", "1\\. First"), ("2026) year", "2026\\) year"), ("+ plus", "\\+ plus"),
    ("=== x", "\\=== x"), ("a\nb\t c", "a b c"), ("`code` ~~s~~ _e_", "\\`code\\` \\~\\~s\\~\\~ \\_e\\_"),
    ("AT&T <i>", "AT&amp;T &lt;i&gt;"), ("![img](x)", "\\!\\[img\\]\\(x\\)"), ("back\\slash", "back\\\\slash"),
    ("", ""), (None, ""),
])
def test_md_escape(text, expected):
    assert md_escape(text) == expected


def test_markdown_link_urls_cannot_break_out():
    src = Source("a", "T", "S", "https://x.example/a b)(c<d>\"e", date(2026, 3, 6))
    md = to_markdown(Story(entries=(entry(date(2026, 3, 6), "H", ["S."], [src]),), articles=1))
    assert "[T](https://x.example/a%20b%29%28c%3Cd%3E%22e)" in md


def test_markdown_of_an_empty_story():
    md = to_markdown(Story(entries=()))
    assert md.startswith("# Chronicle\n") and "0 key dates from 0 articles." in md and "##" not in md


# --------------------------------------------------------------------- CSV (TimelineJS template)

def rows_of(text):
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames) == CSV_COLUMNS
    return list(reader)


def test_csv_template_columns_and_dates_by_grain(bank):
    text = to_csv(bank)
    assert text.splitlines()[0] == ("Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,"
                                    "Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Type,"
                                    "Group,Background")
    title, thu, fri, week, month = rows_of(text)
    assert title["Type"] == "title" and title["Headline"] == "Harbor Bank" and title["Year"] == ""
    assert (fri["Year"], fri["Month"], fri["Day"], fri["End Day"], fri["Type"]) == ("2026", "3", "6", "", "")
    assert fri["Display Date"] == "Fri 6 Mar 2026" and fri["Headline"] == "Regulators closed Harbor Bank"
    assert (week["Year"], week["Month"], week["Day"]) == ("2026", "3", "9")
    assert (week["End Year"], week["End Month"], week["End Day"]) == ("2026", "3", "15")
    assert (month["Year"], month["Month"], month["Day"], month["End Year"]) == ("2026", "4", "", "")
    assert month["Display Date"] == "April 2026"
    assert fri["Text"].startswith("<p>State regulators closed Harbor Bank on Friday.</p>"
                                  "<p>Customers queued outside branches.</p><p>Sources: ")
    assert '<a href="https://post.example/a" rel="noopener noreferrer">Regulators shut Harbor Bank</a>' in fri["Text"]
    assert "score" not in text.lower() and "e1" not in text
    assert text.endswith("\r\n")


def test_csv_week_across_a_year_end():
    st = Story(entries=(entry(date(2026, 12, 28), "H", ["S."], [WIRE], grain="week"),))
    (_, row) = rows_of(to_csv(st))
    assert (row["Year"], row["Month"], row["Day"]) == ("2026", "12", "28")
    assert (row["End Year"], row["End Month"], row["End Day"]) == ("2027", "1", "3")


def test_csv_title_row_without_a_title():
    (title,) = rows_of(to_csv(Story(entries=(), articles=0)))
    assert title["Type"] == "title" and title["Headline"] == "Chronicle"


def test_csv_guards_formulas_and_escapes_html(evil):
    rows = rows_of(to_csv(evil))
    for r in rows:
        for col, v in r.items():
            assert not v.startswith(("=", "+", "-", "@", "\t", "\r")), (col, v)
    title, fri, sat = rows
    assert title["Headline"] == "&lt;b&gt;Evil&lt;/b&gt; =story"  # starts with '&': no guard needed
    assert fri["Headline"].startswith("'@SUM(1+1) &lt;script&gt;")
    assert sat["Headline"] == "'-10 percent"
    for r in rows:
        assert "<script" not in r["Text"] and "<img" not in r["Text"] and "<b>" not in r["Headline"]
    assert "&lt;img src=x onerror=alert(4)&gt;" in fri["Text"]
    hrefs = re.findall(r'href="([^"]*)"', fri["Text"])
    assert hrefs == ["https://wire.example/harbor"]  # no javascript: or data: links
    assert "=cmd|&#x27; /C calc&#x27;!A0" in fri["Text"]  # outlet text kept, escaped, inside HTML


# --------------------------------------------------------------------- TimelineJS 3 JSON

def test_timelinejs_document(bank):
    doc = to_timelinejs(bank)
    assert doc["title"]["text"] == {"headline": "Harbor Bank", "text": "4 key dates from 2 articles"}
    thu, fri, week, month = doc["events"]
    assert fri["start_date"] == {"year": 2026, "month": 3, "day": 6} and "end_date" not in fri
    assert week["start_date"] == {"year": 2026, "month": 3, "day": 9}
    assert week["end_date"] == {"year": 2026, "month": 3, "day": 15}
    assert month["start_date"] == {"year": 2026, "month": 4} and "end_date" not in month
    assert fri["text"]["headline"] == "Regulators closed Harbor Bank"
    assert fri["text"]["text"].startswith("<p>State regulators closed Harbor Bank on Friday.</p>")
    assert week["display_date"] == "week of 9 Mar 2026"
    # nothing internal: no scores, event ids or explanations
    flat = json.dumps(doc)
    assert "score" not in flat and '"e1"' not in flat and "explanation" not in flat
    assert to_timelinejs(bank, title="Other")["title"]["text"]["headline"] == "Other"


def test_timelinejs_escapes_everything(evil):
    doc = to_timelinejs(evil)
    assert doc["title"]["text"]["headline"] == "&lt;b&gt;Evil&lt;/b&gt; =story"
    strings = []

    def walk(x):
        if isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, str):
            strings.append(x)
    walk(doc)
    text = "\n".join(strings)
    assert "<script" not in text and "<img" not in text and "<b>" not in text
    assert "javascript:alert(1)\"" not in text and "href=\"javascript" not in text and "href=\"data" not in text
    assert re.findall(r'href="([^"]*)"', text) == ["https://wire.example/harbor"]
    assert doc["events"][0]["text"]["headline"].startswith("@SUM(1+1) &lt;script&gt;")


# --------------------------------------------------------------------- render

def test_render_dispatches_every_format(bank):
    assert STORY_FORMATS == ("json", "md", "csv", "timelinejs")
    assert render(bank, "json") == to_json(bank)
    assert render(bank, "md") == to_markdown(bank)
    assert render(bank, "csv") == to_csv(bank)
    assert json.loads(render(bank, "timelinejs")) == to_timelinejs(bank)
    with pytest.raises(ValueError, match="unknown format"):
        render(bank, "xml")
