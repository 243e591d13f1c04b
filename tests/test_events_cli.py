"""The events command: formats, bad inputs, exit codes, --help."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.export import COLUMNS

ROOT = Path(__file__).resolve().parent.parent
SEED = str(ROOT / "data" / "nk-hotlines.json")


def run(*args):
    return main(["events", *map(str, args)])


@pytest.fixture
def dated_txt(tmp_path):
    p = tmp_path / "note.txt"
    p.write_text("Storm hits coast\n\nThe storm hit the coast on Monday, officials said.\n", encoding="utf-8")
    return p


def test_jsonl_to_stdout_by_default_for_dash(capsys):
    assert run(SEED, "--out", "-") == 0
    out = capsys.readouterr().out
    recs = [json.loads(x) for x in out.splitlines()]
    assert recs and all(tuple(r) == COLUMNS for r in recs)
    assert all(r["article"] == "nk-hotlines" for r in recs)


@pytest.mark.parametrize("name,check", [
    ("ev.jsonl", lambda s: [json.loads(x) for x in s.splitlines()]),
    ("ev.json", lambda s: json.loads(s)),
    ("ev.csv", lambda s: list(csv.DictReader(io.StringIO(s, newline="")))),
    ("ev.timeline.json", lambda s: json.loads(s)["events"]),
])
def test_format_from_file_ending(tmp_path, capsys, name, check):
    out = tmp_path / name
    assert run(SEED, "--out", out) == 0
    rows = check(out.read_text(encoding="utf-8"))
    assert len(rows) >= 5
    assert "wrote" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temp file left behind


def test_format_option_overrides_ending(tmp_path):
    out = tmp_path / "events.txt"
    assert run(SEED, "--out", out, "--format", "csv") == 0
    assert out.read_text(encoding="utf-8").startswith("id,article,title")


def test_unknown_ending_without_format_is_a_usage_error(tmp_path, capsys):
    assert run(SEED, "--out", tmp_path / "events.xml") == 2
    assert "--format" in capsys.readouterr().err
    assert not (tmp_path / "events.xml").exists()


def test_published_option_dates_plain_text(tmp_path, dated_txt, capsys):
    out = tmp_path / "e.jsonl"
    assert run(dated_txt, "--published", "2021-09-30", "--out", out) == 0
    (rec,) = [json.loads(x) for x in out.read_text().splitlines()]
    assert rec["start"] == "2021-09-27T00:00:00" and rec["expression"] == "Monday"


def test_undated_article_is_skipped_named_and_exit_1(tmp_path, dated_txt, capsys):
    out = tmp_path / "e.jsonl"
    assert run(dated_txt, SEED, "--out", out) == 1
    err = capsys.readouterr().err
    lines = [x for x in err.splitlines() if x.startswith("skipped")]
    assert len(lines) == 1 and "note" in lines[0] and "publication date" in lines[0]
    recs = [json.loads(x) for x in out.read_text().splitlines()]
    assert recs and {r["article"] for r in recs} == {"nk-hotlines"}  # the rest is still written


def test_missing_malformed_and_binary_inputs(tmp_path, capsys):
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{not json", encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    out = tmp_path / "e.csv"
    assert run(tmp_path / "missing.json", bad_json, binary, SEED, "--out", out,
               "--published", "2021-09-30") == 1
    err = capsys.readouterr().err
    skipped = [x for x in err.splitlines() if x.startswith("skipped")]
    assert len(skipped) == 3
    for name in ("missing.json", "bad.json", "blob.txt"):
        assert sum(name in x for x in skipped) == 1
    assert "Traceback" not in err
    assert len(list(csv.DictReader(io.StringIO(out.read_text(), newline="")))) >= 5


def test_bad_published_and_bad_workers_are_usage_errors(tmp_path, capsys):
    assert run(SEED, "--out", tmp_path / "e.json", "--published", "yesterday") == 2
    assert "yesterday" in capsys.readouterr().err
    assert run(SEED, "--out", tmp_path / "e.json", "--workers", "0") == 2
    assert not list(tmp_path.iterdir())


def test_unwritable_output(tmp_path, capsys):
    assert run(SEED, "--out", tmp_path / "no" / "such" / "dir.json") == 2
    assert "cannot write" in capsys.readouterr().err


def test_merge_and_no_merge(tmp_path):
    rec = json.loads(Path(SEED).read_text(encoding="utf-8"))
    twin = tmp_path / "two.jsonl"
    twin.write_text("".join(json.dumps(dict(rec, id=i)) + "\n" for i in ("a", "b")), encoding="utf-8")
    merged, apart = tmp_path / "m.json", tmp_path / "a.json"
    assert run(twin, "--out", merged, "--workers", "1") == 0
    assert run(twin, "--out", apart, "--no-merge", "--workers", "2") == 0
    m, a = json.loads(merged.read_text()), json.loads(apart.read_text())
    assert len(a) == 2 * len(m) and m
    assert all(sorted(s["article"] for s in r["sources"]) == ["a", "b"] for r in m)


def test_progress_bar_on_request(tmp_path, capsys):
    assert run(SEED, "--out", tmp_path / "e.jsonl", "--progress") == 0
    assert "1/1 articles" in capsys.readouterr().err


def test_help_and_exit_codes_via_subprocess(tmp_path):
    h = subprocess.run([sys.executable, "-m", "pipeline", "events", "--help"], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert h.returncode == 0
    for word in ("--out", "--format", "--workers", "--no-merge", "--published", "timelinejs", "Exit status"):
        assert word in h.stdout
    r = subprocess.run([sys.executable, "-m", "pipeline", "events", SEED], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "--out" in r.stderr
    ok = subprocess.run([sys.executable, "-m", "pipeline", "events", SEED, "--out", "-", "-f", "json"],
                        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and json.loads(ok.stdout)


# --- safe writing ---------------------------------------------------------------

def _events_cli(*argv):
    from pipeline.cli import main
    return main(["events", *map(str, argv)])


def test_out_writes_through_a_symlink(tmp_path):
    arts = tmp_path / "a.json"
    arts.write_text(json.dumps({"id": "a", "published": "2021-09-30", "text": "They met on Monday."}))
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert _events_cli(arts, "--out", link) == 0
    assert link.is_symlink() and json.loads(real.read_text())


def test_out_keeps_a_files_mode_and_a_new_file_follows_the_umask(tmp_path):
    import os
    import stat
    arts = tmp_path / "a.json"
    arts.write_text(json.dumps({"id": "a", "published": "2021-09-30", "text": "They met on Monday."}))
    old = os.umask(0o022)
    try:
        assert _events_cli(arts, "--out", tmp_path / "new.json") == 0
        kept = tmp_path / "kept.json"
        kept.write_text("old")
        kept.chmod(0o640)
        assert _events_cli(arts, "--out", kept) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o644
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640


def test_out_writes_into_a_pipe_without_replacing_it(tmp_path):
    import os
    import stat
    import threading
    arts = tmp_path / "a.json"
    arts.write_text(json.dumps({"id": "a", "published": "2021-09-30", "text": "They met on Monday."}))
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, encoding="utf-8").read()), daemon=True)
    reader.start()
    assert _events_cli(arts, "--out", fifo) == 0
    reader.join(10)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a pipe, not a regular file
    assert json.loads(got[0].splitlines()[0])["article"] == "a"


def test_out_that_is_an_input_is_refused(tmp_path, capsys):
    arts = tmp_path / "a.json"
    body = json.dumps({"id": "a", "published": "2021-09-30", "text": "They met on Monday."})
    arts.write_text(body)
    assert _events_cli(arts, "--out", arts) == 2
    assert arts.read_text() == body
    assert "is one of the inputs" in capsys.readouterr().err


# --- empty paths and inputs with nothing in them ------------------------------------

ARTICLE = json.dumps({"id": "here", "published": "2021-09-30", "text": "They met on Monday."})


def test_an_empty_input_path_is_named_and_not_read_as_the_current_folder(tmp_path, monkeypatch, capsys):
    """Before: "" was the current folder, read whole and silently (exit 0 here)."""
    (tmp_path / "here.json").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("", "--out", "e.json") == 2
    err = capsys.readouterr().err.splitlines()
    assert err == ["skipped '': empty path (no file or folder named)",
                   "error: no article could be read from the inputs; nothing written"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here.json"]
    assert run("", SEED, "--out", "e.json") == 1  # the rest is still used
    assert {r["article"] for r in json.loads(Path("e.json").read_text())} == {"nk-hotlines"}
    assert "empty path" in capsys.readouterr().err


@pytest.mark.parametrize("name,body", [("empty.jsonl", b""), ("blank.json", b"  \n\n"), ("bad.jsonl", b"{no\n[1]\n")])
def test_inputs_with_no_article_keep_the_old_output_and_exit_2(tmp_path, capsys, name, body):
    """Before: an empty events file replaced the old output (exit 1)."""
    src = tmp_path / name
    src.write_bytes(body)
    out = tmp_path / "e.json"
    out.write_text("old", encoding="utf-8")
    assert run(src, "--out", out) == 2
    err = capsys.readouterr().err.splitlines()
    assert all(x.startswith("skipped ") and name in x for x in err[:-1]) and len(err) >= 2
    assert err[-1] == "error: no article could be read from the inputs; nothing written"
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "e.json"])
    assert run(src, "--out", "-") == 2
    assert capsys.readouterr().out == ""


# --- an --out that cannot be written: refused before any work, nothing written -------

def _unwritable_outs(tmp_path):
    """(--out, the reasons the message may give) for this machine: chmod'd folders bind only a
    non-root user; /sys takes no new file even from root (Linux)."""
    import os
    loop = tmp_path / "loop"
    loop.symlink_to("loop")  # ln -s loop loop
    (tmp_path / "afile").write_text("x")
    (tmp_path / "adir").mkdir()
    cases = [(str(loop), ("Too many levels of symbolic links",)), (f"{loop}/e.json", ("Too many levels",)),
             (str(tmp_path / "afile" / "e.json"), ("Not a directory",)),
             (str(tmp_path / "adir"), ("is a directory",)),
             (str(tmp_path / "no" / "e.json"), ("no such directory",)), ("", ("empty path",))]
    if os.geteuid() != 0:
        for name, mode in (("readonly", 0o500), ("unreadable", 0o000)):
            (tmp_path / name).mkdir(mode=mode)
            cases.append((str(tmp_path / name / "e.json"), ("Permission denied",)))
    if sys.platform.startswith("linux") and os.path.isdir("/sys/kernel"):
        cases.append(("/sys/chronicle-test.json", ("Permission denied", "Read-only file system")))
    return cases


@pytest.mark.parametrize("command", ["events", "story"])
def test_an_out_that_cannot_be_written_exits_2_before_any_work(tmp_path, capsys, command):
    """Before: a symbolic link loop was a RuntimeError traceback; an unwritable folder, a
    directory or "" were found only after all the work (exit 1)."""
    import os
    for out, reasons in _unwritable_outs(tmp_path):
        before = sorted(os.listdir(tmp_path))
        assert main([command, SEED, "--out", out, "--format", "json"]) == 2, out
        err = capsys.readouterr().err.splitlines()
        assert len(err) == 1 and err[0].startswith("error: ") and any(r in err[0] for r in reasons), (out, err)
        assert out in err[0]
        assert sorted(os.listdir(tmp_path)) == before  # nothing written, no temporary file left


# --- a write that fails midway: the old file is kept whole, no temporary file left ----

def _old_output(tmp_path, command):
    out = tmp_path / ("e.json" if command == "events" else "s.json")
    out.write_text("old", encoding="utf-8")
    return out


@pytest.mark.parametrize("command", ["events", "story"])
def test_a_write_failing_midway_keeps_the_old_file(tmp_path, capsys, monkeypatch, command):
    """The write stops half-way with ENOSPC (disk full): exit 1, one line, the old file as it was."""
    import errno
    import os

    import pipeline.events_cli as events_cli

    real_fdopen = os.fdopen

    class HalfThenFull:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, text):
            self.fh.write(text[: len(text) // 2])
            self.fh.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(events_cli.os, "fdopen", lambda fd, *a, **k: HalfThenFull(real_fdopen(fd, *a, **k)))
    out = _old_output(tmp_path, command)
    assert main([command, SEED, "--out", str(out), "--workers", "1"]) == 1
    assert capsys.readouterr().err.splitlines() == [f"error: cannot write {out}: No space left on device"]
    assert out.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == [out.name]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE and /dev/full")
@pytest.mark.parametrize("command", ["events", "story"])
def test_a_real_failed_write_in_a_fresh_process(tmp_path, command):
    """A file-size limit stops the write of a regular file midway (EFBIG, as a full disk would):
    the old file is kept and no temporary file is left; /dev/full (a device, written into) fails
    with one line.  Exit 1 both times, no traceback."""
    import os
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))

    out = _old_output(tmp_path, command)
    for target, reason in ((str(out), "File too large"), ("/dev/full", "No space left on device")):
        r = subprocess.run([sys.executable, "-m", "pipeline", command, SEED, "--out", target, "--format", "json",
                            "--workers", "1"], cwd=ROOT, capture_output=True, text=True, timeout=300,
                           stdin=subprocess.DEVNULL, preexec_fn=limit)
        assert r.returncode == 1
        assert r.stderr.splitlines() == [f"error: cannot write {target}: {reason}"]
        assert out.read_text(encoding="utf-8") == "old"
        assert os.listdir(tmp_path) == [out.name]


# --- notes (nothing left out) are not called skips, and do not change the exit status --------

@pytest.mark.parametrize("command", ["events", "story"])
def test_loader_notes_are_printed_as_notes_and_keep_exit_0(tmp_path, capsys, command):
    """Before: 'skipped u16.txt: not UTF-8; read as UTF-16 ...' for an article that was read,
    and exit 1."""
    u16 = tmp_path / "u16.txt"
    u16.write_bytes("Storm hits coast\n\nThe storm hit the coast on Monday, officials said.\n".encode("utf-16-le"))
    feed = tmp_path / "feed.csv"
    feed.write_text("id,published,text\nc1,2021-09-30,Hello, world, said the mayor on Monday.\n", encoding="utf-8")
    out = tmp_path / "out.json"
    assert main([command, str(u16), str(feed), "--published", "2021-09-30", "--out", str(out)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[:2] == [f"note {u16}: not UTF-8; read as UTF-16 little-endian (no byte order mark)",
                       f"note {feed} row 1 (id 'c1'): 5 fields but the header has 3 columns; the last column "
                       "'text' is the text, so the 2 extra joined back into it with ',' (put text that holds "
                       "',' in double quotes)"]
    assert len(err) == 3 and err[2].startswith("wrote ")
    assert out.exists()


@pytest.mark.parametrize("command", ["events", "story"])
def test_a_skip_says_skipped_once(tmp_path, capsys, command):
    """Before: 'skipped bad.jsonl line 1: not valid JSON (...); skipped'."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{no\n"just a string"\n', encoding="utf-8")
    assert main([command, str(bad), SEED, "--out", str(tmp_path / "out.json")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[:2] == [f"skipped {bad} line 1: not valid JSON (Expecting property name enclosed in double quotes)",
                       f"skipped {bad} line 2: record is not an object (got str)"]
    assert not any(x.endswith("; skipped") for x in err)


# --- an --out name with a newline or an escape sequence: one line, nothing raw -------------

ODD = "two\nlines\x1b[2J"  # a newline would split the message; ESC [2J would clear the terminal
SHOWN = "two\\nlines\\x1b[2J"


@pytest.mark.parametrize("command", ["events", "story"])
def test_out_names_in_messages_are_shown_safely(tmp_path, capsys, monkeypatch, command):
    """Before: 'cannot write', 'is one of the inputs' and 'wrote ... to' lines carried the name
    raw: the line split in two and ESC reached the terminal."""
    import errno
    import os

    import pipeline.events_cli as events_cli

    missing = tmp_path / ODD / "out.json"
    assert main([command, SEED, "--out", str(missing)]) == 2
    assert capsys.readouterr().err.splitlines() == [f"error: cannot write {tmp_path}/{SHOWN}/out.json: no such directory"]

    src = tmp_path / f"{ODD}.json"
    src.write_text(Path(SEED).read_text(encoding="utf-8"), encoding="utf-8")
    assert main([command, str(src), "--out", str(src)]) == 2
    shown = f"{tmp_path}/{SHOWN}.json"
    assert capsys.readouterr().err.splitlines() == [
        f"error: --out {shown} is one of the inputs ({shown}): choose another file"]

    out = tmp_path / f"{ODD}.out.json"
    assert main([command, SEED, "--out", str(out), "--workers", "1"]) == 0
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("wrote ") and line.endswith(f" to {tmp_path}/{SHOWN}.out.json (json)")

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(events_cli.os, "fdopen", full)
    assert main([command, SEED, "--out", str(out), "--workers", "1"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"error: cannot write {tmp_path}/{SHOWN}.out.json: No space left on device"]
    assert sorted(os.listdir(tmp_path)) == sorted([f"{ODD}.json", f"{ODD}.out.json"])  # no temporary file left


# --- the temporary file is on disk before it replaces the old one ---------------------------

@pytest.mark.parametrize("command", ["events", "story"])
def test_the_temporary_file_is_synced_before_the_rename(tmp_path, capsys, monkeypatch, command):
    """A power cut is not observable here: the calls are.  Before, nothing was synced, so a
    crash just after the rename could leave an empty file; and a failing sync (EIO) went
    unnoticed.  Now the file is synced before the rename (the folder after it), and a failed
    sync is a failed write: the old file is kept, one line, exit 1."""
    import errno
    import os

    import pipeline.events_cli as events_cli

    calls = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        calls.append(("fsync", os.path.isdir(f"/proc/self/fd/{fd}") if os.path.isdir("/proc/self/fd")
                      else None))
        return real_fsync(fd)

    def replace(a, b):
        calls.append(("replace", None))
        return real_replace(a, b)

    monkeypatch.setattr(events_cli.os, "fsync", fsync)
    monkeypatch.setattr(events_cli.os, "replace", replace)
    out = _old_output(tmp_path, command)
    assert main([command, SEED, "--out", str(out), "--workers", "1"]) == 0
    names = [c[0] for c in calls]
    assert names == ["fsync", "replace", "fsync"], calls  # the file, the rename, then the folder
    if calls[0][1] is not None:
        assert calls[0][1] is False and calls[2][1] is True
    capsys.readouterr()

    def failing_fsync(fd):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(events_cli.os, "fsync", failing_fsync)
    out.write_text("old", encoding="utf-8")
    assert main([command, SEED, "--out", str(out), "--workers", "1"]) == 1
    assert capsys.readouterr().err.splitlines() == [f"error: cannot write {out}: Input/output error"]
    assert out.read_text(encoding="utf-8") == "old" and os.listdir(tmp_path) == [out.name]


def test_an_events_export_is_read_back_as_events_and_its_fixes_as_corrections(tmp_path, capsys):
    """events on an export alone writes the same events; with the articles and an export
    whose dates were fixed in a spreadsheet, the fixes are applied (not new events)."""
    out = tmp_path / "ev.csv"
    assert run(SEED, "--out", out) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    again = tmp_path / "again.json"
    assert run(out, "--out", again) == 0
    assert [r["id"] for r in json.loads(again.read_text(encoding="utf-8"))] == [r["id"] for r in rows]
    rows[0]["start"], rows[0]["end"] = "2021-07-27", "2021-07-28"
    fixed = tmp_path / "fixed.csv"
    with fixed.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    capsys.readouterr()
    both = tmp_path / "both.json"
    assert run(SEED, fixed, "--out", both) == 0
    recs = json.loads(both.read_text(encoding="utf-8"))
    assert [r["id"] for r in recs] == [r["id"] for r in rows]  # nothing twice
    first = next(r for r in recs if r["id"] == rows[0]["id"])
    assert (first["start"], first["end"]) == ("2021-07-27T00:00:00", "2021-07-28T00:00:00")
    assert "1 correction(s) read back" in capsys.readouterr().err


def test_story_applies_a_projects_corrections_and_events(tmp_path):
    """A project's dropped event and its event added by hand reach the story command."""
    from datetime import date

    from pipeline import project
    from pipeline.articles import load_articles
    from pipeline.events import build_events
    from pipeline.imported import hand_event
    arts = load_articles(SEED).articles
    events = build_events(arts)
    day_events = [e for e in events if e.precision == "day"]
    hand = hand_event("Talks resume at the border", date(2021, 10, 4))
    doc = project.to_json(project.make(arts, {e.id: {"drop": True} for e in day_events}, events=[hand]))
    p = tmp_path / "p.chronicle.json"
    p.write_text(doc, encoding="utf-8")
    plain, fixed = tmp_path / "plain.json", tmp_path / "fixed.json"
    assert main(["story", SEED, "--out", str(plain), "--dates", "20"]) == 0
    assert main(["story", str(p), "--out", str(fixed), "--dates", "20"]) == 0
    plain_ids = {i for e in json.loads(plain.read_text(encoding="utf-8"))["entries"] for i in e["events"]}
    fixed_story = json.loads(fixed.read_text(encoding="utf-8"))
    fixed_ids = {i for e in fixed_story["entries"] for i in e["events"]}
    fixed_days = {e["date"] for e in fixed_story["entries"]}
    dropped = {e.id for e in day_events}
    assert dropped & plain_ids, "the sample's story tells of day events to drop"
    assert not dropped & fixed_ids and hand.id in fixed_ids
    assert "2021-10-04" in fixed_days
