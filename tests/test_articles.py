import dataclasses
import json
from datetime import date, datetime
from pathlib import Path

import pytest

from pipeline.articles import (MAX_BATCH_BYTES, MAX_BYTES, Loaded, Problem, decode_bytes, detect_dateline,
                               load_articles, load_bytes)
from pipeline.model import Article

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "articles"


def _by_id(loaded):
    return {a.id: a for a in loaded}


def _problems(loaded, needle):
    return [p for p in loaded.problems if needle in p.source]


# ---------------------------------------------------------------- formats

def test_seed_json_object():
    loaded = load_articles(ROOT / "data" / "nk-hotlines.json")
    assert isinstance(loaded, Loaded) and len(loaded) == 1 and loaded.problems == ()
    a = loaded.articles[0]
    seed = json.loads((ROOT / "data" / "nk-hotlines.json").read_text(encoding="utf-8"))
    assert a.id == seed["id"] and a.text == seed["text"] and a.title == seed["title"]
    assert a.published == date(2021, 9, 30) and a.date_source == "given"
    assert a.path.endswith("nk-hotlines.json")


def test_txt_title_and_detected_dateline():
    a = load_articles(FIX / "storm.txt").articles[0]
    assert a.id == "storm"
    assert a.title == "Storm cuts power to coastal towns"
    assert a.text == (FIX / "storm.txt").read_text(encoding="utf-8")
    assert a.published == date(2021, 3, 4) and a.date_source == "detected"


def test_txt_without_title_or_date():
    a = load_articles(FIX / "plain.txt").articles[0]
    assert a.title == "" and a.published is None and a.date_source is None


@pytest.mark.parametrize("text, title", [
    ("Short headline\n\nBody text here.", "Short headline"),
    ("The council said on Monday that it would meet\nagain next week.", ""),
    ("One line only", ""),
    ("A first sentence ends here.\nAnother one.", ""),
    ("x " * 40 + "\nBody.", ""),
])
def test_txt_title_rule(text, title):
    assert load_bytes("t.txt", text.encode()).articles[0].title == title


def test_md_title_strips_hashes():
    a = load_articles(FIX / "notes.md").articles[0]
    assert a.id == "notes" and a.title == "Council approves new budget"
    assert a.text.startswith("# Council approves new budget")


def test_html_text_title_and_metadata_date():
    loaded = load_articles(FIX / "sub" / "page.html")
    assert loaded.problems == ()
    a = loaded.articles[0]
    assert a.id == "page" and a.title == "Harbour ferry service resumes"
    assert "resumed its regular timetable on Monday" in a.text
    assert "Passengers had used a replacement bus service" in a.text
    assert "Sport" not in a.text and "All rights reserved" not in a.text
    assert a.published == date(2021, 6, 15) and a.date_source == "metadata"
    assert a.source == "Example Gazette"


def test_html_without_article_body_is_a_problem():
    loaded = load_articles(FIX / "sub" / "empty-page.html")
    assert len(loaded) == 0
    assert "no article text" in loaded.problems[0].message


def test_json_list_records_and_problems():
    loaded = load_articles(FIX / "batch.json")
    arts = _by_id(loaded)
    assert set(arts) == {"ferry-1", "batch#4"}
    f = arts["ferry-1"]
    assert (f.title, f.source, f.url) == ("Ferry strike ends", "Example Gazette", "https://example.org/ferry")
    assert f.published == date(2022, 1, 9) and f.date_source == "given"
    # A written date in a record is read too (and still "given").
    assert arts["batch#4"].published == date(2022, 1, 9)
    msgs = {p.source: p.message for p in loaded.problems}
    assert "not an object" in msgs[f"{FIX / 'batch.json'} record 2"]
    assert "no text" in msgs[f"{FIX / 'batch.json'} record 3 (id 'no-text')"]


def test_single_json_object_with_datetime():
    a = load_articles(FIX / "single.json").articles[0]
    assert a.id == "single" and a.title == "Library extends hours"
    assert a.published == datetime(2020, 11, 3, 10, 15)


def test_jsonl_bad_lines_broken_dates_and_duplicate_ids():
    loaded = load_articles(FIX / "lines.jsonl")
    arts = _by_id(loaded)
    assert list(arts) == ["a1", "a2", "a1-2", "a3"]
    assert arts["a1"].published == date(2021, 5, 1)
    assert arts["a1-2"].text == "A second record with the same id."
    # Broken and ambiguous dates: the article is kept undated, with a Problem.
    assert arts["a2"].published is None and arts["a3"].published is None
    assert {a.id for a in loaded.undated} == {"a2", "a3"}
    msgs = " | ".join(str(p) for p in loaded.problems)
    assert "line 2 (id 'a2')" in msgs and "2021-02-30" in msgs
    assert "line 3: not valid JSON" in msgs
    assert "line 4: record is not an object" in msgs
    assert "ambiguous publication date '05/06/2021'" in msgs
    assert "duplicate id 'a1' renamed 'a1-2'" in msgs


def test_csv_columns_case_insensitive_and_row_problems():
    loaded = load_articles(FIX / "table.csv")
    arts = _by_id(loaded)
    assert set(arts) == {"1", "3"}
    assert arts["1"].text == "The bridge closed on Monday, officials said."
    assert (arts["1"].title, arts["1"].source, arts["1"].url) == (
        "Bridge closes", "Example Gazette", "https://example.org/b")
    assert arts["1"].published == date(2021, 3, 1)
    assert arts["3"].published is None
    assert [p.source for p in loaded.problems] == [f"{FIX / 'table.csv'} row 2 (id '2')"]


def test_csv_without_text_column():
    loaded = load_articles(FIX / "notext.csv")
    assert len(loaded) == 0
    assert "no text column" in loaded.problems[0].message


def test_csv_semicolon_and_ids_from_stem():
    data = "title;text\nA;First story here.\nB;Second story here.\n".encode()
    loaded = load_bytes("upload.csv", data)
    assert [a.id for a in loaded] == ["upload#1", "upload#2"]
    assert [a.title for a in loaded] == ["A", "B"]


def test_folder_recursive_sorted_skips_hidden():
    loaded = load_articles(FIX)
    paths = [a.path for a in loaded]
    assert not any("/." in p for p in paths)
    assert not any("secret" in a.text or "Also hidden" in a.text for a in loaded)
    assert any(p.endswith("sub/page.html") for p in paths)
    files = [p for i, p in enumerate(paths) if i == 0 or paths[i - 1] != p]
    assert files == sorted(files)
    ids = [a.id for a in loaded]
    assert len(ids) == len(set(ids))
    assert _problems(loaded, "readme.rst")[0].message.startswith("unsupported file type")
    assert _problems(loaded, "empty.txt")[0].message.startswith("empty file")
    assert _problems(loaded, "blank.md")[0].message.startswith("empty file")


def test_several_paths_and_missing_path():
    loaded = load_articles([FIX / "storm.txt", str(FIX / "plain.txt"), FIX / "nope.txt"])
    assert [a.id for a in loaded] == ["storm", "plain"]
    assert loaded.problems == (Problem(str(FIX / "nope.txt"), "no such file or folder"),)


def test_duplicate_stems_across_files_get_suffixes(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "story.txt").write_text("First text.")
    (tmp_path / "b" / "story.txt").write_text("Second text.")
    loaded = load_articles(tmp_path)
    assert [a.id for a in loaded] == ["story", "story-2"]


# ---------------------------------------------------------------- dates

def test_given_published_wins_everywhere():
    loaded = load_articles([FIX / "storm.txt", FIX / "sub" / "page.html", FIX / "lines.jsonl"],
                           published="2020-01-02")
    assert len(loaded) == 6
    for a in loaded:
        assert a.published == date(2020, 1, 2) and a.date_source == "given"
    assert not any("publication date" in p.message for p in loaded.problems)
    loaded = load_bytes("x.txt", b"Some text.", published=datetime(2020, 1, 2, 9, 30))
    assert loaded.articles[0].published == datetime(2020, 1, 2, 9, 30)


def test_bad_published_argument_raises():
    with pytest.raises(ValueError, match="publication date"):
        load_bytes("x.txt", b"Some text.", published="yesterday")


def test_no_date_is_none_never_today():
    a = load_bytes("x.txt", b"Officials met on Monday to discuss the plan.").articles[0]
    assert a.published is None and a.date_source is None


@pytest.mark.parametrize("head, want", [
    ("Published: 30 September 2021", date(2021, 9, 30)),
    ("Sept. 30, 2021", date(2021, 9, 30)),
    ("Thursday, 30 September 2021", date(2021, 9, 30)),
    ("By Jane Doe | Sept. 30, 2021", date(2021, 9, 30)),
    ("Updated Oct. 2, 2021 | Published Sept. 30, 2021", date(2021, 9, 30)),
    ("Posted on 2021-09-30", date(2021, 9, 30)),
    ("The minister said on Sept. 30, 2021 that the talks had failed and would not resume.", None),
    ("© 2022 Example Media", None),
    ("No date here", None),
])
def test_detect_dateline(head, want):
    assert detect_dateline(f"Title of story\n{head}\n\nBody text follows here.") == want


def test_dateline_only_in_first_lines():
    text = "Title\n\n" + "\n\n".join(f"Paragraph {i} of the story." for i in range(10)) + "\n\nSept. 30, 2021"
    assert detect_dateline(text) is None


# ---------------------------------------------------------------- bad input

def test_binary_file_is_a_problem_and_batch_continues(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "b.txt").write_text("A real story about the vote on Monday.")
    loaded = load_articles(tmp_path)
    assert [a.id for a in loaded] == ["b"]
    assert loaded.problems[0].source.endswith("a.txt") and "binary" in loaded.problems[0].message


def test_control_character_garbage_is_binary():
    with pytest.raises(ValueError, match="binary"):
        decode_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 50)


def test_cp1252_file_is_decoded_with_a_note():
    data = "Café owners in São Paulo met on Monday – “a good day”.".encode("cp1252")
    loaded = load_bytes("cafe.txt", data)
    assert loaded.articles[0].text == "Café owners in São Paulo met on Monday – “a good day”."
    assert "Windows-1252" in loaded.problems[0].message


def test_mixed_encoding_keeps_everything():
    data = "Première partie en UTF-8. ".encode() + "Deuxième partie en cp1252.".encode("cp1252")
    loaded = load_bytes("mixed.txt", data)
    assert loaded.articles[0].text == "Première partie en UTF-8. Deuxième partie en cp1252."
    assert loaded.problems and "Windows-1252" in loaded.problems[0].message


def test_other_legacy_encoding_is_detected():
    text = "Приём в Москве прошёл в понедельник, сообщили городские власти. " * 3
    loaded = load_bytes("ru.txt", text.encode("cp1251"))
    assert loaded.articles[0].text == text
    assert "detected" in loaded.problems[0].message


def test_utf16_with_bom():
    data = "Story in UTF-16 about Monday.".encode("utf-16")
    a = load_bytes("u16.txt", data).articles[0]
    assert a.text == "Story in UTF-16 about Monday."


def test_utf8_bom_and_crlf():
    a = load_bytes("bom.txt", b"\xef\xbb\xbfHeadline\r\nBody line one.\r\n").articles[0]
    assert a.text == "Headline\nBody line one.\n" and a.title == "Headline"


def test_too_large(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: nothing is written
    loaded = load_articles(big)
    assert len(loaded) == 0 and "too large" in loaded.problems[0].message
    loaded = load_bytes("big.json", b" " * (MAX_BYTES + 1))
    assert "too large" in loaded.problems[0].message
    # Multi-article files have a higher limit.
    ok = tmp_path / "many.jsonl"
    with open(ok, "wb") as fh:
        fh.write(b'{"text": "A story."}\n')
        fh.truncate(MAX_BYTES + 10)  # pads with NUL bytes: binary, but not "too large"
    assert "too large" not in load_articles(ok).problems[0].message
    huge = tmp_path / "huge.jsonl"
    with open(huge, "wb") as fh:
        fh.truncate(MAX_BATCH_BYTES + 1)
    assert "too large" in load_articles(huge).problems[0].message


@pytest.mark.parametrize("name, data, needle", [
    ("x.json", b"{not json", "not valid JSON"),
    ("x.json", b"42", "must be an article object"),
    ("x.json", b"[]", "empty JSON list"),
    ("x.json", b"[" * 100000, "not valid JSON"),
    ("x.json", b'{"text": 5}', "no text"),
    ("x.json", b'{"text": "ok", "published": 20210930}', "publication date"),
    ("x.jsonl", b'"just a string"\n', "not an object"),
    ("x.csv", b"", "empty file"),
    ("x.csv", b"title\nonly a title\n", "no text column"),
    ("x.html", b"<html><body></body></html>", "no article text"),
    ("x.html", b"\x00\x01binary", "binary"),
    ("x.pdf", b"%PDF-1.4", "unsupported file type"),
    ("noext", b"text", "unsupported file type"),
])
def test_bad_records_never_crash(name, data, needle):
    loaded = load_bytes(name, data)
    assert isinstance(loaded, Loaded)
    if needle is not None:
        assert any(needle in p.message for p in loaded.problems), loaded.problems
        assert all(p.source.startswith(name) for p in loaded.problems)


def test_loaded_protocol():
    loaded = load_articles([FIX / "storm.txt", FIX / "plain.txt"])
    assert len(loaded) == 2 and all(isinstance(a, Article) for a in loaded)
    assert [a.id for a in loaded.undated] == ["plain"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        loaded.articles = ()  # frozen


def test_jsonl_records_may_hold_line_separators_inside_strings():
    # U+2028, U+2029 and U+0085 are valid inside JSON strings; only "\n" ends a record.
    import json as _json
    recs = [{"id": f"r{i}", "published": "2021-09-30", "text": f"First part{sep}second part on Monday."}
            for i, sep in enumerate(("\u2028", "\u2029", "\u0085"))]
    data = "\r\n".join(_json.dumps(r, ensure_ascii=False) for r in recs).encode("utf-8")
    loaded = load_bytes("posts.jsonl", data)
    assert not loaded.problems
    assert [a.id for a in loaded.articles] == ["r0", "r1", "r2"]
    assert "\u2028" in loaded.articles[0].text


@pytest.mark.parametrize("name, data", [
    ("s.jsonl", b'{"id": "s", "published": "2021-09-30", "title": "T \\udfff", "text": "bad \\ud800 here on Monday."}\n'),
    ("s.json", b'[{"id": "s", "published": "2021-09-30", "title": "T \\udfff", "text": "bad \\ud800 here on Monday."}]'),
])
def test_lone_surrogates_in_json_become_replacement_characters(name, data):
    from pipeline.events import build_events
    from pipeline.export import render
    loaded = load_bytes(name, data)
    (a,) = loaded.articles
    assert a.text == "bad \ufffd here on Monday." and a.title == "T \ufffd"
    events = build_events(loaded.articles)
    assert [e.value for e in events] == ["2021-09-27"]
    for fmt in ("jsonl", "json", "csv", "timelinejs"):
        render(events, fmt).encode("utf-8")  # raised UnicodeEncodeError: surrogates not allowed


# ---------------------------------------------------------------- CSV quoting and extra fields

def test_csv_unbalanced_quote_is_named_with_its_line_and_later_rows_kept():
    # Row a opens a quote that never closes: it swallowed rows b and c into its text, silently.
    data = ("id,published,text\n"
            'a,2021-09-30,"First story on Monday.\n'
            "b,2021-10-01,Second story on Tuesday.\n"
            'c,2021-10-02,"Third story, quoted, on Wednesday."\n'
            "d,2021-10-03,Fourth story on Thursday.\n").encode()
    loaded = load_bytes("feed.csv", data)
    texts = {a.id: a.text for a in loaded}
    assert texts == {"a": "First story on Monday.", "b": "Second story on Tuesday.",
                     "c": "Third story, quoted, on Wednesday.", "d": "Fourth story on Thursday."}
    assert [p.source for p in loaded.problems] == ["feed.csv line 2"]
    assert "unbalanced double quote" in loaded.problems[0].message


def test_csv_quote_open_at_end_of_file_is_named_and_rows_after_it_kept():
    data = ("id,published,text\n"
            "a,2021-09-30,First story on Monday.\n"
            'b,2021-10-01,"Second story on Tuesday.\n'
            "c,2021-10-02,Third story on Wednesday.\n").encode()
    loaded = load_bytes("feed.csv", data)
    assert [(a.id, a.text) for a in loaded] == [("a", "First story on Monday."),
                                                ("b", "Second story on Tuesday."),
                                                ("c", "Third story on Wednesday.")]
    assert [p.source for p in loaded.problems] == ["feed.csv line 3"]
    assert "unbalanced double quote" in loaded.problems[0].message


def test_csv_quoted_text_over_several_lines_is_one_field():
    data = ('id,text\na,"First paragraph, on Monday.\n\nSecond ""quoted"" paragraph."\n'
            "b,Next story.\n").encode()
    loaded = load_bytes("feed.csv", data)
    assert loaded.problems == ()
    assert [a.text for a in loaded] == ['First paragraph, on Monday.\n\nSecond "quoted" paragraph.', "Next story."]


def test_csv_unquoted_commas_in_a_last_text_column_are_joined_back_with_a_note():
    data = b"id,published,text\na,2021-09-30,Hello, world, said the mayor on Monday.\nb,2021-10-01,Plain.\n"
    loaded = load_bytes("feed.csv", data)
    assert [a.text for a in loaded] == ["Hello, world, said the mayor on Monday.", "Plain."]
    (p,) = loaded.problems
    assert p.source == "feed.csv row 1 (id 'a')"
    assert "5 fields" in p.message and "3 columns" in p.message and "joined back into it" in p.message


def test_csv_extra_fields_that_no_column_can_take_are_reported_and_the_row_skipped():
    data = b"id,text,url\na,Hello, world,https://example.org/a\nb,Plain story.,https://example.org/b\n"
    loaded = load_bytes("feed.csv", data)
    assert [a.id for a in loaded] == ["b"]
    (p,) = loaded.problems
    assert p.source == "feed.csv row 1 (id 'a')"
    assert "4 fields" in p.message and "3 columns" in p.message and "skipped" in p.message


def test_csv_empty_trailing_fields_are_ignored():
    loaded = load_bytes("feed.csv", b"id,text\na,A story on Monday.,,\n")
    assert [a.text for a in loaded] == ["A story on Monday."] and loaded.problems == ()


# ---------------------------------------------------------------- encodings without marks

@pytest.mark.parametrize("encoding, order", [("utf-16-le", "little-endian"), ("utf-16-be", "big-endian")])
@pytest.mark.parametrize("text", ["Story in UTF-16 about the vote on Monday, 30 September 2021.",
                                  "Приём в Москве прошёл в понедельник, сообщили власти."])
def test_utf16_without_bom_is_decoded_with_a_note(encoding, order, text):
    loaded = load_bytes("u16.txt", text.encode(encoding))
    assert [a.text for a in loaded] == [text]
    assert [p.message for p in loaded.problems] == [f"not UTF-8; read as UTF-16 {order} (no byte order mark)"]


def test_binary_with_nul_bytes_is_not_taken_for_utf16():
    data = bytes(range(256)) * 4  # NUL bytes on both even and odd positions
    with pytest.raises(ValueError, match="binary"):
        decode_bytes(data)
    with pytest.raises(ValueError, match="binary"):
        decode_bytes(b"\x01\x00\x02\x00\x03\x00\x04\x00\x05\x00" * 100)  # UTF-16 of control characters


@pytest.mark.parametrize("text", [
    "Привет, мир",                                        # was read as cp1125
    "Лёша сказал: «Нет».",                                # was read as UTF-8 with stray cp1252 bytes
    "ВІН ПРИЙШОВ у понеділок до Києва, сказали в міськраді.",
    "Reuters reported from Москва on Monday that talks with officials in Kyiv had failed.",  # was cp1252
])
def test_cp1251_cyrillic_is_read_as_cp1251(text):
    assert decode_bytes(text.encode("cp1251")) == (text, "not UTF-8; read as Windows-1251 (Cyrillic, detected)")


@pytest.mark.parametrize("text, encoding", [
    ("Café owners in São Paulo met on Monday – “a good day”. À bientôt, Müller.", "cp1252"),
    ("Příliš žluťoučký kůň úpěl ďábelské ódy v pondělí.", "cp1250"),
    ("Zażółć gęślą jaźń", "cp1250"),
    ("Η συνάντηση στην Αθήνα έγινε τη Δευτέρα, δήλωσε ο δήμαρχος.", "cp1253"),
    ("הפגישה בירושלים התקיימה ביום שני, אמר ראש העיר.", "cp1255"),  # only "а" to "ъ" in cp1251
])
def test_other_legacy_text_is_not_taken_for_cyrillic(text, encoding):
    assert decode_bytes(text.encode(encoding))[0] == text


# ---------------------------------------------------------------- pipes, sockets, devices and links

def _within(seconds, fn, *args, **kwargs):
    """``fn(*args)``, failing the test rather than hanging when it blocks
    (opening a named pipe waits for a writer)."""
    import signal

    def stop(signum, frame):
        raise TimeoutError(f"still blocked after {seconds} s")
    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        return fn(*args, **kwargs)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_fifo_in_a_folder_is_named_and_skipped_without_blocking(tmp_path):
    import os
    (tmp_path / "a.txt").write_text("A story about the vote on Monday.")
    os.mkfifo(tmp_path / "pipe.txt")
    loaded = _within(10, load_articles, tmp_path)
    assert [a.id for a in loaded] == ["a"]
    assert [(p.source, p.message) for p in loaded.problems] == [
        (str(tmp_path / "pipe.txt"), "named pipe (FIFO), not a regular file; skipped (give it by name to read it)")]


def test_fifo_given_by_name_is_read_as_cat_would(tmp_path):
    import os
    import threading
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)

    def write():
        with open(fifo, "w") as fh:
            fh.write('{"id": "p1", "text": "Piped story on Monday."}\n')
    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    loaded = _within(10, load_articles, fifo)
    writer.join(5)
    assert [(a.id, a.text) for a in loaded] == [("p1", "Piped story on Monday.")] and loaded.problems == ()


def _char_device():
    import os
    import stat
    for dev in ("/dev/zero", "/dev/full", "/dev/urandom", "/dev/random"):
        if os.path.exists(dev) and stat.S_ISCHR(os.stat(dev).st_mode):
            return dev
    pytest.skip("no character device to link to")


def test_broken_links_sockets_and_devices_in_a_folder_are_each_named(tmp_path):
    import os
    import socket
    (tmp_path / "b.txt").write_text("A story about the vote on Monday.")
    (tmp_path / "dev.txt").symlink_to(_char_device())
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    sock = socket.socket(socket.AF_UNIX)
    cwd = os.getcwd()
    os.chdir(tmp_path)  # a socket's path must be short
    try:
        sock.bind("sock.txt")
    finally:
        os.chdir(cwd)
    try:
        loaded = _within(10, load_articles, tmp_path)
    finally:
        sock.close()
    assert [a.id for a in loaded] == ["b"]
    assert [(p.source, p.message) for p in loaded.problems] == [
        (str(tmp_path / "dev.txt"), "character device, not a regular file; skipped"),
        (str(tmp_path / "gone.txt"), f"broken symbolic link (to {str(tmp_path / 'missing.txt')!r}); skipped"),
        (str(tmp_path / "sock.txt"), "socket, not a regular file; skipped"),
    ]


def test_endless_device_given_by_name_is_read_only_up_to_the_size_limit(tmp_path, monkeypatch):
    import pipeline.articles as articles
    monkeypatch.setattr(articles, "MAX_BYTES", 1024 * 1024)
    (tmp_path / "zero.txt").symlink_to(_char_device())
    loaded = _within(10, load_articles, tmp_path / "zero.txt")
    assert len(loaded) == 0
    assert [p.message for p in loaded.problems] == ["file too large (more than 1 MB, the limit for this type)"]


def test_symlink_loops_are_named_and_do_not_crash(tmp_path):
    (tmp_path / "a.txt").write_text("A story about the vote on Monday.")
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to("..")
    loaded = load_articles(tmp_path)
    assert [a.id for a in loaded] == ["a"]
    assert [(p.source, p.message) for p in loaded.problems] == [
        (str(tmp_path / "loop.txt"), "symbolic link loop; skipped"),
        (str(tmp_path / "sub" / "up"), "folder already read (a symbolic link loop or a second link to it); skipped"),
    ]
    loaded = load_articles([tmp_path / "loop.txt", tmp_path / "gone.txt"])
    assert [p.message for p in loaded.problems] == ["symbolic link loop; skipped", "no such file or folder"]


def test_symlinked_folder_inside_a_folder_is_read(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.txt").write_text("A linked story about Monday.")
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "linked").symlink_to(tmp_path / "elsewhere")
    loaded = load_articles(tmp_path / "news")
    assert [a.path for a in loaded] == [str(tmp_path / "news" / "linked" / "x.txt")] and loaded.problems == ()


# ---------------------------------------------------------------- names in messages

def test_problem_names_are_one_line_without_terminal_escapes():
    # A newline split the one-line message; ESC [31m coloured the terminal; U+202E reversed it.
    name = "bad\nname\x1b[31mred\u202e.json"
    (p,) = load_bytes(name, b"{not json").problems
    assert p.source == "bad\\nname\\x1b[31mred\\u202e.json"
    assert str(p).isprintable()
    assert Problem("a\r\nb\tc", "line one\nline two") == Problem("a\\r\\nb\\tc", "line one\\nline two")


def test_file_names_from_disk_are_shown_safely_and_kept_as_they_are(tmp_path):
    import os
    odd = tmp_path / "two\nlines\x1b[2J.txt"
    odd.write_text("A story about the vote on Monday.")
    undecodable = tmp_path / os.fsdecode(b"caf\xe9.md")  # not UTF-8: a lone surrogate in the str
    undecodable.write_bytes(b"")
    loaded = load_articles(tmp_path)
    assert [a.path for a in loaded] == [str(odd)]  # the article keeps its real path
    (p,) = loaded.problems
    assert p.source == f"{tmp_path}/caf\\udce9.md" and p.message.startswith("empty file")
    assert str(p).encode("utf-8")  # printable on a strict UTF-8 stream
    (p,) = load_articles(tmp_path / "missing\x1b]0;title\x07.txt").problems
    assert p.source == f"{tmp_path}/missing\\x1b]0;title\\x07.txt"


def test_csv_column_names_in_a_message_are_shown_safely():
    (p,) = load_bytes("t.csv", b'id,"ti\ntle\x1b[1m"\n1,x\n').problems
    assert p.message == "CSV has no text column (columns: id, ti\\ntle\\x1b[1m)"


# ---------------------------------------------------------------- notes (nothing lost) and skips

def test_problems_tell_notes_from_skips():
    """Before: every Problem looked alike, so the CLIs called an encoding note 'skipped'."""
    assert Problem("a.txt", "gone").skipped is True  # positional construction unchanged
    assert Problem("a.txt", "read", False).skipped is False
    u16 = load_bytes("u16.txt", "Story about the vote on Monday, 30 September 2021.".encode("utf-16-le"))
    joined = load_bytes("feed.csv", b"id,published,text\na,2021-09-30,Hello, world, on Monday.\n")
    quote = load_bytes("feed.csv", b'id,text\na,"First story.\nb,Second story.\n')
    dup = load_bytes("d.jsonl", b'{"id": "x", "text": "One."}\n{"id": "x", "text": "Two."}\n')
    bad_date = load_bytes("b.json", b'{"id": "x", "text": "One.", "published": "2021-02-30"}')
    for loaded in (u16, joined, quote, dup, bad_date):
        assert loaded.articles and loaded.problems
        assert [p.skipped for p in loaded.problems] == [False] * len(loaded.problems), loaded.problems
    cannot_place = load_bytes("feed.csv", b"id,text,url\na,Hello, world,https://example.org/a\n")
    bad_line = load_bytes("l.jsonl", b'{no\n{"id": "x", "text": "One."}\n')
    for loaded in (cannot_place, bad_line):
        assert [p.skipped for p in loaded.problems] == [True]


def test_an_empty_path_is_a_problem_not_the_current_folder(tmp_path, monkeypatch):
    """Before: Path("") is ".", so load_articles("") read the whole current folder."""
    (tmp_path / "here.txt").write_text("A story about the vote on Monday.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for arg in ("", [""]):
        loaded = load_articles(arg)
        assert loaded.articles == ()
        assert loaded.problems == (Problem("''", "empty path (no file or folder named)"),)
    loaded = load_articles(["", "here.txt"])
    assert [a.id for a in loaded] == ["here"] and [p.source for p in loaded.problems] == ["''"]


def test_a_file_name_with_undecodable_bytes_gives_a_text_id_and_its_events(tmp_path):
    """A file name holding a byte that is not UTF-8 (Python keeps it as a lone
    surrogate) made its article fail in build_events with UnicodeEncodeError; its
    id is now text (U+FFFD for the byte) and the article gives its events."""
    import os
    from pipeline.events import build_events
    p = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(p, "wb") as f:
        f.write(b"The vote was on Monday.")
    loaded = load_articles(tmp_path, published="2021-09-30")
    [art] = loaded.articles
    assert art.id == "caf\ufffd" and art.path == os.fsdecode(p)
    problems: list = []
    assert [e.value for e in build_events(loaded.articles, problems=problems)] == ["2021-09-27"]
    assert problems == []


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "timelinejs"])
def test_chronicles_own_export_is_read_back_as_events_never_as_articles(fmt):
    """An events export uploaded back used to be read as articles (its 'article'
    column taken for the text, each row dated again); it is now read as the events
    it holds, with their intervals, titles and flags, and a note saying so."""
    import json as _json
    from pipeline import build_events, export
    events = build_events(load_articles(ROOT / "data" / "nk-hotlines.json").articles)
    data = {"csv": export.to_csv, "json": export.to_json, "jsonl": export.to_jsonl,
            "timelinejs": lambda ev: _json.dumps(export.to_timelinejs(ev))}[fmt](events)
    name = f"events.{'json' if fmt == 'timelinejs' else fmt}"
    loaded = load_bytes(name, data.encode("utf-8"))
    assert loaded.articles == ()
    [p] = loaded.problems
    assert p.source == name and not p.skipped and "not as article text" in p.message
    assert f"{len(events)} dated event" in p.message and "\n" not in p.message
    back = loaded.events
    assert [(e.start, e.end) for e in back] == [(e.start, e.end) for e in events]
    if fmt != "timelinejs":  # the export's own records: everything comes back
        assert [e.id for e in back] == [e.id for e in events]
        keys = ("title", "sentence", "expression", "precision", "open_start", "open_end", "approximate",
                "explanation", "article")
        assert [[getattr(e, k) for k in keys] for e in back] == [[getattr(e, k) for k in keys] for e in events]
        assert [[s.article for s in e.sources] for e in back] == [[s.article for s in e.sources] for e in events]


def test_an_events_export_with_bad_rows_keeps_the_others_and_names_each():
    from pipeline import build_events, export
    events = build_events(load_articles(ROOT / "data" / "nk-hotlines.json").articles)[:3]
    lines = export.to_csv(events).split("\r\n")
    header = lines[0].split(",")
    bad_end = lines[2].replace(events[1].end.isoformat(), "2000-01-01T00:00:00")  # end before start
    text = "\r\n".join([lines[0], lines[1], bad_end, lines[3], lines[1]]) + "\r\n"  # and a repeated id
    loaded = load_bytes("ev.csv", text.encode())
    assert [e.id for e in loaded.events] == [events[0].id, events[2].id]
    msgs = [str(p) for p in loaded.problems if p.skipped]
    assert any("ev.csv line 3" in m and "end must come after the start" in m for m in msgs), msgs
    assert any("duplicate event id" in m for m in msgs), msgs
    assert "id" in header


def test_a_feed_with_an_article_column_is_still_read_as_articles():
    data = b"id,published,article\nx,2021-09-30,It rained on Monday.\n"
    assert [a.text for a in load_bytes("feed.csv", data).articles] == ["It rained on Monday."]


# ------------------------------------------------------------------ Parquet tables and fsspec URLs

def test_a_parquet_table_of_articles(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq
    from datetime import datetime as _dt
    pq.write_table(pa.table({
        "ID": ["p1", "p2", "p3"], "text": ["Talks resume next week.", "", "It rained on Monday."],
        "published": [_dt(2021, 9, 30), _dt(2021, 10, 1, 14, 30), None], "source": ["AP", "AP", "BBC"]}),
        tmp_path / "wire.parquet")
    got = load_articles(tmp_path / "wire.parquet")
    assert [(a.id, a.published, a.source) for a in got.articles] == [
        ("p1", date(2021, 9, 30), "AP"), ("p3", None, "BBC")]  # a midnight timestamp is a day
    (p,) = got.problems
    assert "row 2" in p.source and "no text" in p.message
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 not really")
    (tmp_path / "notext.parquet").write_bytes(b"")
    pq.write_table(pa.table({"body": ["x"]}), tmp_path / "nocol.parquet")
    bad = load_articles([tmp_path / "broken.parquet", tmp_path / "nocol.parquet", tmp_path / "wire.parquet"])
    msgs = {Path(p.source).name: p.message for p in bad.problems}
    assert "not a readable Parquet table" in msgs["broken.parquet"]
    assert "needs a text column" in msgs["nocol.parquet"]
    assert [a.id for a in bad.articles] == ["p1", "p3"]  # the rest is read


def test_fsspec_urls_and_globs_are_read_and_bad_ones_named():
    import fsspec
    fs = fsspec.filesystem("memory")
    fs.pipe("/chronicle-test/wire/a.jsonl", b'{"id":"m1","text":"It rained on Monday.","published":"2021-09-30"}\n')
    fs.pipe("/chronicle-test/wire/b.jsonl", b'{"id":"m2","text":"Sun on Friday.","published":"2021-09-30"}\n')
    fs.pipe("/chronicle-test/wire/c.exe", b"MZ")
    try:
        got = load_articles(["memory://chronicle-test/wire/*.jsonl", "memory://chronicle-test/wire/c.exe",
                             "memory://chronicle-test/none/*.jsonl", "nosuchprotocol://x/y.jsonl"])
        assert [a.id for a in got.articles] == ["m1", "m2"]
        assert got.articles[0].path == "memory:///chronicle-test/wire/a.jsonl"
        msgs = [(p.source, p.message) for p in got.problems]
        assert ("memory:///chronicle-test/wire/c.exe", msgs[0][1]) == msgs[0] and "unsupported" in msgs[0][1]
        assert msgs[1] == ("memory://chronicle-test/none/*.jsonl", "no such file or folder")
        assert msgs[2][0] == "nosuchprotocol://x/y.jsonl" and "Protocol not known" in msgs[2][1]
        assert all("\n" not in m for _s, m in msgs)
    finally:
        fs.rm("/chronicle-test", recursive=True)
