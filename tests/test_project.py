"""Projects (.chronicle.json): save, open, validate, and the CLI applying their corrections."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from pipeline import build_events, load_articles, load_bytes, project
from pipeline.model import Article

ROOT = Path(__file__).resolve().parent.parent

ARTS = [Article("a", "The vote was on Monday. Talks resume next week.", date(2021, 9, 30),
                title="Vote", source="AP", url="https://example.org/a"),
        Article("b", "Officials met on 3 May 2020 to plan.", datetime(2021, 9, 30, 9, 15), title="Plan")]


def _work():
    events = build_events(ARTS)
    vote = next(e for e in events if e.expression == "Monday")
    talks = next(e for e in events if "next week" in e.expression)
    corrections = {vote.id: {"title": "Vote held"}, talks.id: {"drop": True}}
    return events, vote, talks, corrections


def test_a_project_round_trips_articles_corrections_story_edits_and_view():
    events, vote, talks, corrections = _work()
    corrections[vote.id]["start"] = datetime(2021, 9, 26)
    corrections[vote.id]["end"] = None
    proj = project.make(ARTS, corrections, story_edits={"2021-09-27": {"pin": object(), "headline": "H"},
                                                        "2020-05-03": {"remove": True}},
                        story_dates=7, view={"lanes": "source", "q": "vote"}, title="My work")
    back = project.from_json(project.to_json(proj))
    assert [(a.id, a.text, a.published, a.title, a.source, a.url) for a in back.articles] == \
        [(a.id, a.text, a.published, a.title, a.source, a.url) for a in ARTS]
    assert back.corrections == {vote.id: {"title": "Vote held", "start": datetime(2021, 9, 26), "end": None},
                                talks.id: {"drop": True}}
    assert back.story_edits == {"2021-09-27": {"pin": True, "headline": "H"}, "2020-05-03": {"remove": True}}
    assert (back.story_dates, back.view, back.title) == (7, {"lanes": "source", "q": "vote"}, "My work")
    fixed = project.apply_corrections(build_events(back.articles), back.corrections)
    assert talks.id not in {e.id for e in fixed}
    got = next(e for e in fixed if e.id == vote.id)
    assert got.title == "Vote held" and got.start == datetime(2021, 9, 26) and got.open_end


def test_the_file_says_what_it_is_and_keeps_no_local_paths(tmp_path):
    arts = [Article("a", "It rained on Monday.", date(2021, 9, 30), path=str(tmp_path / "secret" / "a.txt"))]
    text = project.to_json(project.make(arts))
    doc = json.loads(text)
    assert doc["format"] == "chronicle-project" and doc["version"] == project.VERSION
    assert "secret" not in text


def _doc(**changes):
    doc = json.loads(project.to_json(project.make(ARTS[:1])))
    doc.update(changes)
    return doc


@pytest.mark.parametrize("doc, words", [
    ([1, 2], "expected a JSON object"),
    (_doc(version=project.VERSION + 1), "newer Chronicle"),
    (_doc(version="1"), "valid version"),
    (_doc(articles={"id": "a"}), "'articles' must be a list"),
    (_doc(articles=[{"text": "x"}]), "article 1 has no id"),
    (_doc(articles=[{"id": "a", "text": "x"}, {"id": "a", "text": "y"}]), "two articles have the id 'a'"),
    (_doc(articles=[{"id": "a", "text": "x", "published": "yesterday"}]), "published is not a date"),
    (_doc(corrections={"e1": {"colour": "red"}}), "unknown fields: colour"),
    (_doc(corrections={"e1": {"start": "2021-09-30", "end": "2021-09-01"}}), "end must come after the start"),
    (_doc(corrections={"e1": {"drop": "yes"}}), "drop must be true or false"),
    (_doc(story={"dates": 0}), "story dates"),
    (_doc(story={"edits": {"2021-09-27": {"summary": "one"}}}), "summary must be a list"),
    (_doc(view={"lanes": 3}), "'view' must be an object of texts"),
])
def test_a_bad_project_is_refused_with_one_line_naming_what_is_wrong(doc, words):
    with pytest.raises(project.ProjectError) as info:
        project.from_data(doc)
    msg = str(info.value)
    assert words in msg and "\n" not in msg


def test_a_bad_project_among_good_files_is_named_and_the_rest_loaded(tmp_path):
    (tmp_path / "good.txt").write_text("It rained on Monday.", encoding="utf-8")
    (tmp_path / "bad.chronicle.json").write_text(json.dumps(_doc(version=9)), encoding="utf-8")
    (tmp_path / "ok.chronicle.json").write_text(project.to_json(project.make(ARTS)), encoding="utf-8")
    loaded = load_articles(tmp_path, published="2021-09-30")
    assert sorted(a.id for a in loaded.articles) == ["a", "b", "good"]
    assert [(Path(p.source).name, "newer Chronicle" in p.message) for p in loaded.problems] == \
        [("bad.chronicle.json", True)]
    assert len(loaded.projects) == 1
    # the project's own dates are kept; --published fills only those missing
    assert {a.id: a.published for a in loaded.articles}["b"] == datetime(2021, 9, 30, 9, 15)


def test_an_ordinary_articles_json_is_not_taken_for_a_project():
    data = json.dumps({"articles": [{"id": "x", "text": "It rained on Monday.", "published": "2021-09-30"}]})
    loaded = load_bytes("feed.json", data.encode())
    assert [a.id for a in loaded.articles] == ["x"] and loaded.projects == ()


def test_events_command_opens_a_project_and_applies_its_corrections(tmp_path):
    events, vote, talks, corrections = _work()
    corrections["no-such-event"] = {"drop": True}
    path = tmp_path / "work.chronicle.json"
    path.write_text(project.to_json(project.make(ARTS, corrections, title="My work")), encoding="utf-8")
    out = tmp_path / "events.json"
    run = subprocess.run([sys.executable, "-m", "pipeline", "events", str(path), "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, run.stderr
    got = {e["id"]: e for e in json.loads(out.read_text(encoding="utf-8"))}
    assert talks.id not in got and got[vote.id]["title"] == "Vote held"
    assert len(got) == len(events) - 1
    assert "1 of the project's 3 corrections match no event" in run.stderr
