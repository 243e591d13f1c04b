"""The story command on a hand-made story: key dates, --dates, --from/--to, formats, escaping,
bad inputs (exit 1) and bad command lines (exit 2)."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.story_export import CSV_COLUMNS

ROOT = Path(__file__).resolve().parent.parent

# A bank fails on Friday 6 March 2026 after a run on Thursday 5 March; three
# outlets report the closure in near-duplicate sentences; a rival buys the
# deposits on Monday 9 March; senators hold a hearing on Monday 16 March.
BANK = [
    {"id": "wire-1", "title": "Harbor Bank fails", "published": "2026-03-06", "source": "Wire",
     "url": "https://wire.example/harbor",
     "text": "Harbor Bank fails\n\nDepositors pulled $2 billion from Harbor Bank on Thursday, the bank said. "
             "State regulators closed Harbor Bank on Friday after the run on deposits."},
    {"id": "post-1", "title": "Regulators shut Harbor Bank", "published": "2026-03-07", "source": "Post",
     "url": "https://post.example/a",
     "text": "Regulators shut Harbor Bank\n\nState regulators closed Harbor Bank on Friday after a run on its "
             "deposits. Customers withdrew $2 billion from the bank on Thursday."},
    {"id": "times-1", "title": "Harbor Bank closed", "published": "2026-03-07", "source": "Times",
     "url": "https://times.example/c",
     "text": "Harbor Bank closed\n\nState regulators closed Harbor Bank on Friday after the run on deposits. "
             "The bank had lost $2 billion in deposits on Thursday."},
    {"id": "wire-2", "title": "Lakeside buys Harbor deposits", "published": "2026-03-10", "source": "Wire",
     "url": "https://wire.example/lakeside",
     "text": "Lakeside buys Harbor deposits\n\nLakeside Bank agreed on Monday to buy the deposits of the failed "
             "Harbor Bank. Regulators closed Harbor Bank on March 6 after a run on deposits."},
    {"id": "post-2", "title": "Senate hearing on Harbor", "published": "2026-03-17", "source": "Post",
     "url": "https://post.example/b",
     "text": "Senate hearing on Harbor\n\nSenators questioned the regulators at a hearing on Monday about the "
             "failure of Harbor Bank. Lakeside Bank took over the deposits of Harbor Bank on March 9."},
]
KEY_DATES = ["2026-03-05", "2026-03-06", "2026-03-09", "2026-03-16"]
PUBLISHED = {a["id"]: a["published"] for a in BANK}

# Article text that tries to inject HTML, script, Markdown and spreadsheet formulas.
EVIL = [
    {"id": "evil-1", "title": "<script>alert('t')</script> [x](javascript:alert(1))", "published": "2026-03-07",
     "source": "=cmd|' /C calc'!A0", "url": "javascript:alert(1)",
     "text": "Plant closed\n\n@SUM(1+1) Inspectors closed the <script>alert(1)</script> chemical plant on Friday, "
             "the ministry said. # Workers [protested](javascript:alert(2)) outside the **plant** on Thursday, "
             "<img src=x onerror=alert(3)> witnesses said."},
    {"id": "evil-2", "title": "Plant row", "published": "2026-03-08", "source": "+Daily",
     "url": "data:text/html,<script>alert(1)</script>",
     "text": "Plant row\n\nThe ministry closed the chemical plant on Friday after a leak. =1+2 Inspectors found "
             "the leak on Thursday, officials said."},
]


def jsonl(path: Path, records, extra_lines=()) -> Path:
    lines = [json.dumps(r) for r in records] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def bank(tmp_path_factory) -> Path:
    return jsonl(tmp_path_factory.mktemp("in") / "bank.jsonl", BANK)


@pytest.fixture(scope="module")
def evil(tmp_path_factory) -> Path:
    return jsonl(tmp_path_factory.mktemp("in") / "evil.jsonl", EVIL)


def run(*args) -> int:
    return main(["story", *map(str, args)])


def story_json(capsys, *args) -> dict:
    """Run the command with JSON to standard output; the parsed story."""
    assert run(*args, "--out", "-", "--format", "json") == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def full_story(bank):
    """The story with room for every candidate date (run once; capsys is function-scoped,
    so capture by hand)."""
    out = io.StringIO()
    real = sys.stdout
    sys.stdout = out
    try:
        assert run(bank, "--dates", 10, "--out", "-", "--format", "json") == 0
    finally:
        sys.stdout = real
    return json.loads(out.getvalue())


def dates_of(doc) -> list[str]:
    return [e["date"] for e in doc["entries"]]


# --------------------------------------------------------------------- the key dates

def test_key_dates_of_the_bank_story(full_story):
    doc = full_story
    assert dates_of(doc) == KEY_DATES  # every candidate, in date order
    assert doc["articles"] == 5 and doc["from"] is None and doc["to"] is None
    fri = doc["entries"][1]
    assert fri["grain"] == "day" and "closed Harbor Bank" in fri["headline"]
    # the three outlets' near-duplicate sentences are one summary sentence citing them all
    assert sum("closed Harbor Bank" in s for s in fri["summary"]) == 1
    assert {"wire-1", "post-1", "times-1"} <= {s["article"] for s in fri["sources"]}
    thu = doc["entries"][0]
    assert all("$2 billion" in s for s in thu["summary"])
    assert "Lakeside" in doc["entries"][2]["headline"] and "hearing" in doc["entries"][3]["headline"]
    for e in doc["entries"]:
        assert 1 <= len(e["summary"]) <= 2 and e["sources"]


def test_automatic_number_of_dates(bank, capsys):
    dates = dates_of(story_json(capsys, bank))
    assert {"2026-03-05", "2026-03-06"} <= set(dates) <= set(KEY_DATES) and dates == sorted(dates)


def test_the_strongest_date_is_the_friday_closure(bank, capsys):
    assert dates_of(story_json(capsys, bank, "--dates", "1")) == ["2026-03-06"]


@pytest.mark.parametrize("n", [0, 2, 3])
def test_dates_n_gives_exactly_n_entries(bank, capsys, n):
    doc = story_json(capsys, bank, "--dates", n)
    assert len(doc["entries"]) == n
    assert dates_of(doc) == sorted(dates_of(doc)) and set(dates_of(doc)) <= set(KEY_DATES)
    if n == 2:
        assert dates_of(doc) == ["2026-03-05", "2026-03-06"]  # the run and the closure


def test_dates_beyond_the_candidates_gives_all_of_them(bank, capsys):
    assert dates_of(story_json(capsys, bank, "--dates", 40)) == KEY_DATES


def test_sentences_option(bank, capsys):
    doc = story_json(capsys, bank, "--sentences", 1)
    assert all(len(e["summary"]) == 1 for e in doc["entries"])


def test_from_to_keeps_articles_and_dates_in_the_span(bank, tmp_path, capsys):
    out = tmp_path / "span.json"
    assert run(bank, "--from", "2026-03-07", "--to", "2026-03-10", "--out", out) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["from"] == "2026-03-07" and doc["to"] == "2026-03-10"
    assert dates_of(doc) == ["2026-03-09"]  # Thu 5 and Fri 6 are before the span, Mon 16 after it
    srcs = {s["article"] for e in doc["entries"] for s in e["sources"]}
    assert srcs and all("2026-03-07" <= PUBLISHED[a] <= "2026-03-10" for a in srcs)
    assert "from 3 of 5 articles" in capsys.readouterr().err


def test_from_alone_drops_earlier_dates_and_articles(bank, capsys):
    doc = story_json(capsys, bank, "--from", "2026-03-07")
    assert dates_of(doc) == ["2026-03-09", "2026-03-16"]
    assert "wire-1" not in {s["article"] for e in doc["entries"] for s in e["sources"]}


def test_title_option(bank, capsys):
    assert story_json(capsys, bank, "--title", "Harbor Bank", "--dates", 1)["title"] == "Harbor Bank"
    assert run(bank, "--title", "Harbor Bank", "--dates", 1, "--out", "-") == 0
    assert capsys.readouterr().out.startswith("# Harbor Bank\n")


# --------------------------------------------------------------------- formats

def md_headings(text):
    return [x for x in text.splitlines() if x.startswith("## ")]


@pytest.mark.parametrize("name,fmt", [("s.json", "json"), ("s.md", "md"), ("s.csv", "csv"),
                                      ("s.timeline.json", "timelinejs"), ("s.txt", "csv")])
def test_every_format_parses(bank, tmp_path, capsys, name, fmt):
    out = tmp_path / name
    extra = ["--format", fmt] if name.endswith(".txt") else []
    assert run(bank, "--dates", 4, "--out", out, *extra) == 0
    text = out.read_text(encoding="utf-8")
    assert f"wrote 4 key dates from 5 articles to {out} ({fmt})" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == [name]  # written whole: no temporary file left
    if fmt == "json":
        assert dates_of(json.loads(text)) == KEY_DATES
    elif fmt == "md":
        heads = md_headings(text)
        assert [h.split(":")[0] for h in heads] == ["## Thu 5 Mar 2026", "## Fri 6 Mar 2026",
                                                    "## Mon 9 Mar 2026", "## Mon 16 Mar 2026"]
        assert "[Harbor Bank fails](https://wire.example/harbor)" in text
    elif fmt == "csv":
        reader = csv.DictReader(io.StringIO(text, newline=""))
        assert tuple(reader.fieldnames) == CSV_COLUMNS
        rows = list(reader)
        assert rows[0]["Type"] == "title"
        assert [(r["Year"], r["Month"], r["Day"]) for r in rows[1:]] == [
            ("2026", "3", d) for d in ("5", "6", "9", "16")]
    else:
        doc = json.loads(text)
        assert [(e["start_date"]["month"], e["start_date"]["day"]) for e in doc["events"]] == [
            (3, 5), (3, 6), (3, 9), (3, 16)]
        assert "headline" in doc["title"]["text"]


def test_dash_writes_markdown_to_stdout(bank, capsys):
    assert run(bank, "--out", "-", "--dates", 2) == 0
    cap = capsys.readouterr()
    assert cap.out.startswith("# Chronicle\n")
    assert [h.split(":")[0] for h in md_headings(cap.out)] == ["## Thu 5 Mar 2026", "## Fri 6 Mar 2026"]
    assert "wrote" not in cap.err


def test_module_entry_point(tmp_path):
    """``python -m pipeline story`` in a fresh process: a bad record is named on stderr in one
    line and the exit status is 1; the rest is still written.  (``--dates 0`` keeps the process
    light: no summaries, so no scikit-learn import; the summaries are tested in-process.)"""
    src = jsonl(tmp_path / "m.jsonl", BANK[:3], extra_lines=["[1, 2]"])
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, "-m", "pipeline", "story", str(src), "--dates", "0", "--out", "-",
                        "--format", "json"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert r.returncode == 1
    (line,) = r.stderr.splitlines()
    assert line.startswith("skipped ") and "m.jsonl line 4" in line
    doc = json.loads(r.stdout)
    assert doc["articles"] == 3 and doc["events"] >= 6 and doc["entries"] == []


# --------------------------------------------------------------------- escaping

def test_injection_is_escaped_in_every_format(evil, tmp_path):
    outs = {}
    for name in ("e.md", "e.csv", "e.timeline.json", "e.json"):
        assert run(evil, "--out", tmp_path / name) == 0
        outs[name] = (tmp_path / name).read_text(encoding="utf-8")
    assert json.loads(outs["e.json"])["entries"]  # the plain data keeps the text as it was
    md, table, tl = outs["e.md"], outs["e.csv"], json.loads(outs["e.timeline.json"])
    assert "<" not in md and "&lt;script&gt;" in md and "](javascript" not in md and "](data" not in md
    assert not [x for x in md.splitlines() if x.startswith("#") and not x.startswith(("# Chronicle", "## "))]
    rows = list(csv.DictReader(io.StringIO(table, newline="")))
    assert len(rows) >= 2
    for r in rows:
        for v in r.values():
            assert not v.startswith(("=", "+", "-", "@", "\t", "\r"))  # formula cells guarded
        assert "<script" not in r["Text"] + r["Headline"] and "<img" not in r["Text"]
        assert 'href="javascript' not in r["Text"] and 'href="data' not in r["Text"]
    assert any(r["Headline"].startswith("'@SUM") for r in rows)
    blob = json.dumps(tl)
    assert "<script" not in blob and "<img" not in blob and 'href=\\"javascript' not in blob
    assert "&lt;script&gt;" in blob


# --------------------------------------------------------------------- bad input: exit 1

def test_bad_records_are_named_and_the_rest_is_used(tmp_path, capsys):
    src = jsonl(tmp_path / "mixed.jsonl", BANK[:3],
                extra_lines=["{not json", json.dumps({"id": "undated-1", "title": "No date",
                                                      "text": "Regulators closed Harbor Bank on Friday."})])
    out = tmp_path / "s.json"
    assert run(src, tmp_path / "missing.jsonl", "--out", out) == 1
    err = [x for x in capsys.readouterr().err.splitlines() if x.startswith("skipped")]
    assert len(err) == 3
    assert any("mixed.jsonl line 4" in x and "not valid JSON" in x for x in err)  # the malformed line, by file and line
    assert any("undated-1" in x and "publication date" in x and "--published" in x for x in err)
    assert any("missing.jsonl" in x and "no such file" in x for x in err)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert "2026-03-06" in dates_of(doc) and doc["articles"] == 3


def test_undated_article_is_named_with_a_span_too(tmp_path, capsys):
    src = jsonl(tmp_path / "u.jsonl", BANK[:2] + [{"id": "undated-1", "text": "Banks closed on Friday."}])
    assert run(src, "--from", "2026-03-01", "--out", tmp_path / "s.md") == 1
    err = [x for x in capsys.readouterr().err.splitlines() if x.startswith("skipped")]
    assert len(err) == 1 and "undated-1" in err[0]
    assert "## Fri 6 Mar 2026" in (tmp_path / "s.md").read_text(encoding="utf-8")


def test_published_option_dates_plain_text(tmp_path, capsys):
    note = tmp_path / "note.txt"
    note.write_text("Bank shut\n\nRegulators closed the bank on Friday, officials said.\n", encoding="utf-8")
    assert run(note, "--out", tmp_path / "s.json") == 1  # undated without --published
    assert "note" in capsys.readouterr().err
    doc = story_json(capsys, note, "--published", "2026-03-07")
    assert dates_of(doc) == ["2026-03-06"]


# --------------------------------------------------------------------- bad command line: exit 2

@pytest.mark.parametrize("args,message", [
    (["--dates", "-1"], "--dates"),
    (["--sentences", "0"], "--sentences"),
    (["--workers", "0"], "--workers"),
    (["--from", "2026-03-10", "--to", "2026-03-01"], "before --from"),
    (["--from", "2026-02-30"], "--from"),
    (["--to", "next week"], "--to"),
    (["--published", "yesterday"], "--published"),
])
def test_bad_arguments_exit_2(bank, tmp_path, capsys, args, message):
    out = tmp_path / "s.md"
    assert run(bank, *args, "--out", out) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and message in err and len(err.splitlines()) == 1
    assert not out.exists()


def test_unknown_ending_and_missing_folder_exit_2(bank, tmp_path, capsys):
    assert run(bank, "--out", tmp_path / "s.xml") == 2
    assert "--format" in capsys.readouterr().err
    assert run(bank, "--out", tmp_path / "no" / "s.md") == 2
    assert "no such directory" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [["--dates", "two"], ["--format", "xml"], []])
def test_argparse_errors_exit_2(bank, capsys, args):
    with pytest.raises(SystemExit) as exc:
        main(["story", str(bank), *args] + (["--out", "-"] if args else []))
    assert exc.value.code == 2


def test_help_describes_the_command(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["story", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for opt in ("--dates", "--sentences", "--from", "--to", "--title", "--format", "--out", "--published"):
        assert opt in out
    words = " ".join(out.split())
    assert "default: a project input's number of key dates" in words and "default: a project input's title" in words


def test_out_that_is_an_input_is_refused(tmp_path, capsys):
    arts = tmp_path / "a.json"
    body = json.dumps({"id": "a", "published": "2021-09-30", "text": "They met on Monday."})
    arts.write_text(body)
    assert run(arts, "--out", arts) == 2
    assert arts.read_text() == body and "is one of the inputs" in capsys.readouterr().err


# --------------------------------------------------------------------- empty paths and inputs: as events

def test_an_empty_input_path_is_named_and_not_read_as_the_current_folder(tmp_path, monkeypatch, capsys):
    """Before: "" was the current folder, read whole and silently."""
    jsonl(tmp_path / "here.jsonl", BANK[:1])
    monkeypatch.chdir(tmp_path)
    assert run("", "--out", "s.md") == 2
    assert capsys.readouterr().err.splitlines() == [
        "skipped '': empty path (no file or folder named)",
        "error: no article could be read from the inputs; nothing written"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here.jsonl"]


@pytest.mark.parametrize("body", [b"", b"{no\n"])
def test_inputs_with_no_article_keep_the_old_output_and_exit_2(tmp_path, capsys, body):
    """Before: the old story was replaced by an empty one (exit 1)."""
    src = tmp_path / "in.jsonl"
    src.write_bytes(body)
    out = tmp_path / "s.md"
    out.write_text("old", encoding="utf-8")
    assert run(src, "--out", out) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and err[0].startswith("skipped ") and "in.jsonl" in err[0]
    assert err[1] == "error: no article could be read from the inputs; nothing written"
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "s.md"]


# --------------------------------------------------------------------- a project's story

def project_file(path: Path, articles=BANK, **story) -> Path:
    """A .chronicle.json of ``articles`` (records as above) with ``story`` (story_edits,
    story_dates, title) as the app saves it (pipeline.project)."""
    from pipeline import project
    from pipeline.articles import load_articles
    arts = load_articles(jsonl(path.with_suffix(".jsonl"), articles)).articles
    path.write_text(project.to_json(project.make(arts, **story)), encoding="utf-8")
    return path


PROJECT_EDITS = {
    "2026-03-05": {"remove": True},
    "2026-03-09": {"headline": "  Lakeside rescues   the deposits ",
                   "summary": ["Lakeside Bank bought the deposits.", "  ", "Customers kept their money."]},
    "2026-03-06": {"pin": True},
}


def test_a_projects_story_edits_dates_and_title_are_applied(bank, tmp_path, capsys):
    plain = story_json(capsys, bank, "--dates", 3)
    assert dates_of(plain) == KEY_DATES[:3]  # what the edits act on (run, closure, rescue)
    proj = project_file(tmp_path / "work.chronicle.json", story_edits=PROJECT_EDITS, story_dates=3,
                        title="Harbor Bank's week")
    doc = story_json(capsys, proj)  # no --dates: the project's 3 (4 otherwise); no --title: the project's
    assert doc["title"] == "Harbor Bank's week"
    assert dates_of(doc) == ["2026-03-06", "2026-03-09"]  # Thursday's run removed by hand
    fri, mon = doc["entries"]
    assert fri == plain["entries"][1]  # pinned only: as the story told it
    assert mon["headline"] == "Lakeside rescues the deposits"
    assert mon["summary"] == ["Lakeside Bank bought the deposits.", "Customers kept their money."]
    assert mon["sources"] == plain["entries"][2]["sources"] and mon["date"] == plain["entries"][2]["date"]
    assert "wrote" not in capsys.readouterr().err  # standard output: no summary line
    # the other formats follow: Markdown heading and cards
    assert run(proj, "--out", "-", "--format", "md") == 0
    md = capsys.readouterr().out
    assert md.startswith("# Harbor Bank's week\n") and "Lakeside rescues the deposits" in md
    assert "$2 billion" not in md


def test_options_win_over_the_projects_dates_and_title(tmp_path, capsys):
    proj = project_file(tmp_path / "work.chronicle.json", story_edits=PROJECT_EDITS, story_dates=3,
                        title="Harbor Bank's week")
    doc = story_json(capsys, proj, "--dates", 4, "--title", "Mine")
    assert doc["title"] == "Mine"
    assert dates_of(doc) == ["2026-03-06", "2026-03-09", "2026-03-16"]  # 4 dates, one removed
    assert doc["entries"][1]["headline"] == "Lakeside rescues the deposits"


def test_a_later_projects_edit_of_a_date_wins(tmp_path, capsys):
    # the bank's articles split between two projects (a project holds articles)
    first = project_file(tmp_path / "a.chronicle.json", BANK[:3], story_dates=2, title="First",
                         story_edits={"2026-03-06": {"headline": "From the first"},
                                      "2026-03-05": {"headline": "Thursday, first"}})
    second = project_file(tmp_path / "b.chronicle.json", BANK[3:], story_dates=3, title="Second",
                          story_edits={"2026-03-06": {"headline": "From the second"}})
    doc = story_json(capsys, first, second)
    assert doc["title"] == "Second" and len(doc["entries"]) == 3  # the last project's
    assert [e["headline"] for e in doc["entries"][:2]] == ["Thursday, first", "From the second"]


def test_without_a_project_nothing_is_edited(bank, tmp_path, capsys):
    plain = story_json(capsys, bank)
    assert plain["title"] == "" and dates_of(plain) == KEY_DATES
    # a project of the same articles with no story of its own tells the same story
    bare = project_file(tmp_path / "bare.chronicle.json")
    assert story_json(capsys, bare) == plain
    # and the edits of a project read earlier stay with it
    project_file(tmp_path / "work.chronicle.json", story_edits=PROJECT_EDITS, story_dates=3, title="T")
    assert story_json(capsys, bank) == plain


def test_project_story_edits_merge_later_over_earlier():
    from pipeline.project import Project
    from pipeline.story_cli import project_story_edits
    a = Project(story_edits={"2026-03-05": {"remove": True}, "2026-03-06": {"headline": "A"}})
    b = Project(story_edits={"2026-03-06": {"pin": True}})
    assert project_story_edits([a, b]) == {"2026-03-05": {"remove": True}, "2026-03-06": {"pin": True}}
    assert project_story_edits([b, a])["2026-03-06"] == {"headline": "A"}
    assert project_story_edits([]) == {}
