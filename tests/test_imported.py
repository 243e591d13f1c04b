"""Events read back (pipeline.imported): exports, TimelineJS, corrections, events by hand."""
from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from pipeline import export
from pipeline.articles import load_articles, load_bytes
from pipeline.events import build_events
from pipeline.imported import (HAND_ARTICLE, ImportProblem, events_from_records, events_from_timelinejs,
                               hand_event, interval_precision, split_corrections)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def events():
    return build_events(load_articles(ROOT / "data" / "nk-hotlines.json").articles)


def test_json_records_come_back_whole(events):
    back, problems = events_from_records(json.loads(export.to_json(events)), "e.json")
    assert problems == [] and any(len(e.expressions) > 1 for e in back)
    assert back == [dataclass_without_offsets(e) for e in back]  # the reader's own offsets are consistent
    for a, b in zip(events, back):
        assert (a.id, a.start, a.end, a.title, a.sentence, a.expression, a.value, a.mod, a.grain,
                a.precision, a.explanation) == \
               (b.id, b.start, b.end, b.title, b.sentence, b.expression, b.value, b.mod, b.grain,
                b.precision, b.explanation)
        assert [(s.article, s.source, s.url, s.published) for s in a.sources] == \
               [(s.article, s.source, s.url, s.published) for s in b.sources]


def dataclass_without_offsets(e):
    """The expression of a read-back event is found in its sentence (offsets into it)."""
    for t in e.expressions:
        assert e.sentence[t.start:t.end] == t.text or t.start == t.end == 0
    return e


@pytest.mark.parametrize("rec, why", [
    ({"start": "2021-09-30"}, "no id"),
    ({"id": "a"}, "no start and no end"),
    ({"id": "a", "start": "2021-09-30", "end": "2021-09-29"}, "end must come after the start"),
    ({"id": "a", "start": "30/09/2021"}, "unreadable start"),
    ({"id": "a", "start": "2021-09-30", "approximate": "maybe"}, "approximate must be true or false"),
    ("not an object", "expected an event object"),
])
def test_a_bad_record_is_named_in_one_line_and_the_others_are_kept(rec, why):
    good = {"id": "ok", "start": "2021-09-30", "end": "2021-10-01", "title": "fine"}
    back, problems = events_from_records([good, rec, dict(good)], "e.json")
    assert [e.id for e in back] == ["ok"]
    assert len(problems) == 2 and problems[0][0] == "e.json record 2" and why in problems[0][1]
    assert "duplicate event id" in problems[1][1]
    assert all("\n" not in m for _, m in problems)


def test_a_spreadsheets_date_forms_and_open_sides_are_read():
    [e], _ = events_from_records([{"id": "x", "start": "2021-09-30 00:00:00", "end": "",
                                   "open_end": "TRUE"}], "e.csv")
    assert e.start == datetime(2021, 9, 30) and e.end is None and e.open_end and not e.open_start


def test_csv_sources_cell_is_read_back(events):
    with_url = [e for e in events if e.sources]
    back = load_bytes("e.csv", export.to_csv(with_url).encode()).events
    assert [[s.article for s in e.sources] for e in back] == [[s.article for s in e.sources] for e in with_url]


def test_timelinejs_slides_are_events_with_their_periods():
    tl = {"title": {"text": {"headline": "T"}}, "events": [
        {"start_date": {"year": 2021, "month": 9, "day": 30}, "text": {"headline": "<b>Day</b>", "text": "A &amp; B"},
         "group": "AP"},
        {"start_date": {"year": 2021, "month": 9}, "text": {"headline": "Month"}},
        {"start_date": {"year": 2020}, "end_date": {"year": 2021}, "text": {"headline": "Years"}},
        {"start_date": {"year": "x"}, "text": {"headline": "bad"}},
    ]}
    back, problems = events_from_timelinejs(tl, "t.json")
    assert [(e.title, e.start, e.end) for e in back] == [
        ("Day", datetime(2021, 9, 30), datetime(2021, 10, 1)),
        ("Month", datetime(2021, 9, 1), datetime(2021, 10, 1)),
        ("Years", datetime(2020, 1, 1), datetime(2022, 1, 1))]
    assert back[0].sentence == "A & B" and back[0].source == "AP"
    assert [p[0] for p in problems] == ["t.json slide 4"]
    assert [e.precision for e in back] == ["day", "month", "range"]


def test_split_corrections_finds_changed_titles_and_intervals_only(events):
    dated = [e for e in events if e.start is not None]
    back, _ = events_from_records(json.loads(export.to_json(dated)), "e.json")
    assert split_corrections(back, dated) == ({}, [])  # read back unchanged: nothing
    import dataclasses
    moved = dataclasses.replace(back[0], start=datetime(2021, 7, 27), end=datetime(2021, 7, 28))
    renamed = dataclasses.replace(back[1], title="New title")
    stranger = dataclasses.replace(back[2], id="not-mine")
    fixes, rest = split_corrections([moved, renamed, stranger] + back[3:], dated)
    assert fixes == {moved.id: {"start": datetime(2021, 7, 27), "end": datetime(2021, 7, 28)},
                     renamed.id: {"title": "New title"}}
    assert [e.id for e in rest] == ["not-mine"]


def test_an_event_by_hand():
    e = hand_event("Summit", date(2021, 10, 4), note="Leaders meet.", source="Me", url="https://x.org")
    assert (e.start, e.end, e.grain, e.precision, e.article) == (
        datetime(2021, 10, 4), datetime(2021, 10, 5), "day", "day", HAND_ARTICLE)
    assert e.sentence == "Leaders meet." and e.explanation == "Added by hand." and e.id.startswith("hand-")
    assert hand_event("Summit", date(2021, 10, 4), note="Leaders meet.").id == e.id  # stable id
    week = hand_event("Week", date(2021, 10, 4), date(2021, 10, 11))
    assert week.precision == "range"
    with pytest.raises(ImportProblem, match="needs a title"):
        hand_event("  ", date(2021, 10, 4))
    with pytest.raises(ImportProblem, match="end must come after"):
        hand_event("x", date(2021, 10, 4), date(2021, 10, 4))


@pytest.mark.parametrize("start, end, want", [
    (datetime(2021, 9, 30), datetime(2021, 10, 1), "day"),
    (datetime(2021, 9, 30, 9), datetime(2021, 9, 30, 10), "time"),
    (datetime(2021, 9, 1), datetime(2021, 10, 1), "month"),
    (datetime(2021, 12, 1), datetime(2022, 1, 1), "month"),
    (datetime(2021, 1, 1), datetime(2022, 1, 1), "year"),
    (datetime(2021, 1, 1), datetime(2023, 1, 1), "range"),
    (datetime(2021, 1, 1), None, "open range"),
])
def test_interval_precision(start, end, want):
    assert interval_precision(start, end)[1] == want


def test_a_project_carries_its_added_events(events):
    from pipeline import project
    e = hand_event("Summit", date(2021, 10, 4))
    text = project.to_json(project.make([], {}, events=[e]))
    doc = json.loads(text)
    assert doc["version"] == project.VERSION and doc["events"][0]["id"] == e.id
    back = project.from_json(text)
    assert [(x.id, x.start, x.end, x.title) for x in back.events] == [(e.id, e.start, e.end, e.title)]
    loaded = load_bytes("p.chronicle.json", text.encode())
    assert [x.id for x in loaded.events] == [e.id] and not [p for p in loaded.problems if p.skipped]
    doc["events"][0]["end"] = "2000-01-01"
    with pytest.raises(project.ProjectError, match="end must come after the start"):
        project.from_json(json.dumps(doc))
    old = json.loads(text)
    old["version"] = 1
    del old["events"]
    assert project.from_json(json.dumps(old)).events == ()  # version 1 files open as before
