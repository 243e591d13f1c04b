"""python -m pipeline tag: JSON Lines out, bad records reported, exit codes."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], input=stdin, text=True,
                          capture_output=True, cwd=ROOT)


def records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_plain_file_with_published(tmp_path):
    f = tmp_path / "story.txt"
    f.write_text("The council met on Wednesday and will meet again next May.", encoding="utf-8")
    p = run(["tag", "--published", "2021-09-30", str(f)])
    assert p.returncode == 0, p.stderr
    recs = records(p.stdout)
    assert [(r["doc"], r["text"], r["value"], r["from"], r["to"]) for r in recs] == [
        ("story", "Wednesday", "2021-09-29", "2021-09-29T00:00:00", "2021-09-30T00:00:00"),
        ("story", "next May", "2022-05", "2022-05-01T00:00:00", "2022-06-01T00:00:00"),
    ]
    assert set(recs[0]) == {"doc", "start", "end", "text", "type", "value", "mod", "grain", "from", "to"}


def test_jsonl_bad_records_are_named_and_the_rest_processed():
    lines = [
        {"id": "a", "text": "He resigned last week.", "published": "2021-09-30"},
        {"id": "b", "text": "", "published": "2021-09-30"},
        {"id": "c", "text": "Talks end Friday.", "published": "30th of Sept"},
        "not json at all",
        {"id": "d", "text": "The vote was on Tuesday.", "published": "1998-12-05T09:42"},
    ]
    stdin = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n"
    p = run(["tag", "--jsonl", "-"], stdin)
    assert p.returncode == 1
    assert [(r["doc"], r["value"]) for r in records(p.stdout)] == [("a", "2021-W38"), ("d", "1998-12-01")]
    err = p.stderr.splitlines()
    assert len(err) == 3
    assert "'b'" in err[0] and "no text" in err[0]
    assert "'c'" in err[1] and "publication date" in err[1]
    assert ":4" in err[2]


def test_jsonl_published_override_applies_to_every_record(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"id": "x", "text": "It happened yesterday."}) + "\n", encoding="utf-8")
    p = run(["tag", "--jsonl", str(f), "--published", "2020-03-01"])
    assert p.returncode == 0, p.stderr
    assert [r["value"] for r in records(p.stdout)] == ["2020-02-29"]


@pytest.mark.parametrize("argv", [["tag"], ["tag", "x.txt"], ["tag", "--published", "nope", "x.txt"], ["frobnicate"], []])
def test_bad_command_line_exits_2_with_usage(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_missing_and_binary_files_are_skipped_with_status_1(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Officials met on Monday.", encoding="utf-8")
    binary = tmp_path / "blob.bin"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    p = run(["tag", "--published", "2021-09-30", str(tmp_path / "missing.txt"), str(binary), str(good)])
    assert p.returncode == 1
    assert [r["doc"] for r in records(p.stdout)] == ["good"]
    assert "missing.txt" in p.stderr and "blob.bin" in p.stderr


def test_help_documents_the_output():
    p = run(["tag", "--help"])
    assert p.returncode == 0
    assert "--jsonl" in p.stdout and "--published" in p.stdout
    words = " ".join(p.stdout.split())  # the epilog is wrapped to the terminal's width
    assert "Exit status" in words and "no file or record could be read" in words


def test_a_record_whose_tagging_fails_is_named_and_the_batch_goes_on(tmp_path, monkeypatch, capsys):
    import pipeline.cli as cli

    real = cli.tag

    def flaky(text, published, genre=None, lang=None):
        if "boom" in text:
            raise RuntimeError("simulated fault")
        return real(text, published, genre=genre, lang=lang)

    monkeypatch.setattr(cli, "tag", flaky)
    f = tmp_path / "batch.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in [
        {"id": "ok1", "text": "He resigned last week.", "published": "2021-09-30"},
        {"id": "bad", "text": "boom yesterday", "published": "2021-09-30"},
        {"id": "ok2", "text": "It rained on Tuesday.", "published": "2021-09-30"},
    ]) + "\n", encoding="utf-8")
    assert main(["tag", "--jsonl", str(f)]) == 1
    out, err = capsys.readouterr()
    assert [r["doc"] for r in records(out)] == ["ok1", "ok2"]
    assert len(err.splitlines()) == 1 and "'bad'" in err and "simulated fault" in err


def _jsonl(path: Path, *recs) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in recs), encoding="utf-8")
    return path


def test_jsonl_with_an_unreadable_published_is_a_usage_error(tmp_path):
    """Before: every record was skipped, one line each, and the exit status was 1."""
    f = _jsonl(tmp_path / "a.jsonl", {"id": "x", "text": "It happened yesterday.", "published": "2021-09-30"},
               {"id": "y", "text": "It rained on Monday.", "published": "2021-09-30"})
    p = run(["tag", "--jsonl", str(f), "--published", "junk"])
    assert p.returncode == 2 and p.stdout == ""
    errors = [x for x in p.stderr.splitlines() if "error:" in x]
    assert len(errors) == 1 and "'junk'" in errors[0] and "--published" in errors[0]
    assert "skipped" not in p.stderr and "Traceback" not in p.stderr


def test_jsonl_and_plain_files_together_is_a_usage_error(tmp_path):
    """Before: the plain file was silently ignored (exit 0)."""
    f = _jsonl(tmp_path / "a.jsonl", {"id": "x", "text": "It happened yesterday.", "published": "2021-09-30"})
    extra = tmp_path / "x.txt"
    extra.write_text("Officials met on Monday.", encoding="utf-8")
    p = run(["tag", "--jsonl", str(f), "--published", "2021-09-30", str(extra)])
    assert p.returncode == 2 and p.stdout == ""
    errors = [x for x in p.stderr.splitlines() if "error:" in x]
    assert len(errors) == 1 and "--jsonl" in errors[0] and "not both" in errors[0]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "utf-16-be"])
def test_jsonl_is_decoded_as_the_loader_does(tmp_path, encoding):
    """UTF-16 with a byte order mark: before, every line was 'Expecting value' (exit 1)."""
    f = tmp_path / "a.jsonl"
    body = json.dumps({"id": "é", "text": "Élu mardi, he resigned last week.", "published": "2021-09-30"},
                      ensure_ascii=False) + "\n"
    f.write_bytes(body.encode("utf-16-be").join([b"\xfe\xff", b""]) if encoding == "utf-16-be"
                  else body.encode(encoding))
    p = run(["tag", "--jsonl", str(f)])
    assert p.returncode == 0, p.stderr
    assert [(r["doc"], r["text"]) for r in records(p.stdout)] == [("é", "last week")]


def test_jsonl_lone_surrogates_become_replacement_characters(tmp_path):
    """A JSON '\\ud800' escape in the text or the id: before, a UnicodeEncodeError traceback."""
    f = tmp_path / "s.jsonl"
    f.write_text('{"id": "s\\ud800", "text": "He resigned \\udfff last week.", "published": "2021-09-30"}\n'
                 '{"id": "b", "text": "They met on Monday.", "published": "2021-09-30"}\n', encoding="ascii")
    p = run(["tag", "--jsonl", str(f)])
    assert p.returncode == 0, p.stderr
    assert p.stderr == ""
    assert [(r["doc"], r["text"]) for r in records(p.stdout)] == [("s\ufffd", "last week"), ("b", "Monday")]


def test_jsonl_deeply_nested_lines_are_bad_records(tmp_path):
    """100,000 nested lists or objects on a line: before, a RecursionError traceback."""
    f = tmp_path / "deep.jsonl"
    f.write_text("[" * 100_000 + "]" * 100_000 + "\n" + '{"a":' * 100_000 + "1" + "}" * 100_000 + "\n"
                 + json.dumps({"id": "ok", "text": "They met on Monday.", "published": "2021-09-30"}) + "\n",
                 encoding="utf-8")
    p = run(["tag", "--jsonl", str(f)])
    assert p.returncode == 1
    assert [r["doc"] for r in records(p.stdout)] == ["ok"]
    err = p.stderr.splitlines()
    assert len(err) == 2 and "Traceback" not in p.stderr
    assert f"{f}:1" in err[0] and f"{f}:2" in err[1]
    assert all("nested too deeply" in x for x in err)


@pytest.mark.parametrize("argv,message", [
    (["--jsonl", ""], "error: --jsonl: empty path (no file named)"),
    (["--jsonl", "{d}/empty.jsonl"], "error: {d}/empty.jsonl: empty file: no records"),
    (["--jsonl", "{d}/blank.jsonl"], "error: {d}/blank.jsonl: empty file: no records"),
    (["--jsonl", "{d}/missing.jsonl"], "error: cannot read {d}/missing.jsonl: No such file or directory"),
    (["--jsonl", "{d}/bad.jsonl"], "error: no record could be read from {d}/bad.jsonl"),
    (["--published", "2021-09-30", ""], "error: no file could be read"),
    (["--published", "2021-09-30", "{d}/empty.txt"], "error: no file could be read"),
])
def test_inputs_with_nothing_to_tag_exit_2_with_a_message(tmp_path, argv, message):
    """Before: an empty file was silently tagged (exit 0), "" was 'Is a directory' (exit 1), and an
    unreadable --jsonl or one with no readable record exited 1."""
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "blank.jsonl").write_bytes(b"\n  \r\n")
    (tmp_path / "empty.txt").write_bytes(b"")
    _jsonl(tmp_path / "bad.jsonl", "{no", "[1]", {"id": "x", "text": " "})
    p = subprocess.run([sys.executable, "-m", "pipeline", "tag", *(a.format(d=tmp_path) for a in argv)],
                       capture_output=True, text=True, cwd=ROOT, stdin=subprocess.DEVNULL)
    assert p.returncode == 2 and p.stdout == ""
    err = p.stderr.splitlines()
    assert err[-1] == message.format(d=tmp_path)
    assert all(x.startswith("skipped ") for x in err[:-1]) and "Traceback" not in p.stderr
    if argv[0] == "--published" and argv[-1] == "":
        assert err[:-1] == ["skipped '': empty path (no file named)"]
    if argv[0] == "--jsonl":
        assert len(err) == 1 + ("bad" in argv[1]) * 3  # and bad.jsonl's three records, each named
    if argv[-1].endswith("empty.txt"):
        assert err[:-1] == [f"skipped {tmp_path}/empty.txt: empty file: no text"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("how", ["jsonl", "plain"])
def test_a_full_standard_output_is_one_line_not_a_traceback(tmp_path, how):
    """tag ... > /dev/full: before, an OSError traceback."""
    f = _jsonl(tmp_path / "a.jsonl", {"id": "x", "text": "It happened yesterday.", "published": "2021-09-30"})
    plain = tmp_path / "a.txt"
    plain.write_text("It happened yesterday.", encoding="utf-8")
    argv = ["--jsonl", str(f)] if how == "jsonl" else ["--published", "2021-09-30", str(plain)]
    with open("/dev/full", "w") as full:
        p = subprocess.run([sys.executable, "-m", "pipeline", "tag", *argv], stdout=full, stderr=subprocess.PIPE,
                           text=True, cwd=ROOT, stdin=subprocess.DEVNULL)
    assert p.returncode == 1
    assert p.stderr.splitlines() == ["error: cannot write standard output: No space left on device"]


# --- file names with a newline or an escape sequence: one line each, nothing raw ----------

ODD = "two\nlines\x1b[2J"  # a newline would split the message; ESC [2J would clear the terminal
SHOWN = "two\\nlines\\x1b[2J"


def test_file_names_in_tag_messages_are_shown_safely(tmp_path, capsys):
    """Before: the name went raw to stderr, the message split in two and ESC reached the terminal."""
    good = tmp_path / "good.txt"
    good.write_text("Officials met on Monday.", encoding="utf-8")
    assert main(["tag", "--published", "2021-09-30", str(tmp_path / f"{ODD}.txt"), str(good)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"skipped {tmp_path}/{SHOWN}.txt: No such file or directory"]

    recs = _jsonl(tmp_path / f"{ODD}.jsonl", "[1]", {"id": "ok", "text": "They met on Monday.", "published": "2021-09-30"})
    assert main(["tag", "--jsonl", str(recs)]) == 1
    assert capsys.readouterr().err.splitlines() == [f"skipped record {tmp_path}/{SHOWN}.jsonl:1: not a JSON object"]
    assert main(["tag", "--jsonl", str(tmp_path / f"{ODD}.missing")]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"error: cannot read {tmp_path}/{SHOWN}.missing: No such file or directory"]

    with pytest.raises(SystemExit):
        main(["tag", "--jsonl", str(recs), str(tmp_path / f"{ODD}.txt")])
    err = capsys.readouterr().err
    assert "\x1b" not in err and f"({tmp_path}/{SHOWN}.txt would be ignored)" in err


# --- the loader's size limit -------------------------------------------------------------

class _Stdin:
    def __init__(self, data: bytes):
        import io
        self.buffer = io.BytesIO(data)


def test_jsonl_larger_than_the_loaders_limit_is_refused_in_one_line(tmp_path, monkeypatch, capsys):
    """Before: tag --jsonl read the whole file, however large (a device or a pipe without end,
    until memory ran out); now the loader's limit for JSON Lines applies, as in events."""
    import pipeline.articles as articles
    monkeypatch.setattr(articles, "MAX_BATCH_BYTES", 2**20)  # 1 MB instead of 200 MB
    line = json.dumps({"id": "x", "text": "They met on Monday.", "published": "2021-09-30"}) + "\n"
    big = tmp_path / "big.jsonl"
    big.write_text(line * (2**20 // len(line) + 1), encoding="utf-8")
    assert main(["tag", "--jsonl", str(big)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.splitlines() == [
        f"error: cannot read {big}: file too large (1.0 MB; the limit for JSON Lines is 1 MB)"]
    monkeypatch.setattr("sys.stdin", _Stdin(big.read_bytes()))  # no size to look at: read up to the limit
    assert main(["tag", "--jsonl", "-"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "error: cannot read -: file too large (more than 1 MB, the limit for JSON Lines)"]
    monkeypatch.setattr("sys.stdin", _Stdin(line.encode() * 3))  # under the limit: read as before
    assert main(["tag", "--jsonl", "-"]) == 0
    assert [r["doc"] for r in records(capsys.readouterr().out)] == ["x"] * 3


def test_plain_file_larger_than_the_loaders_limit_is_skipped_in_one_line(tmp_path, monkeypatch, capsys):
    import pipeline.articles as articles
    monkeypatch.setattr(articles, "MAX_BYTES", 2**20)
    big = tmp_path / "big.txt"
    big.write_text("They met on Monday. " * (2**20 // 20 + 1), encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("Officials met on Monday.", encoding="utf-8")
    assert main(["tag", "--published", "2021-09-30", str(big), str(good)]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [f"skipped {big}: file too large (1.0 MB; the limit for a text file is 1 MB)"]
    assert [r["doc"] for r in records(out)] == ["good"]
