"""Languages as folders of data (issue 13, first step): the English word lists live in
``pipeline/temporal/lang/en/words.json`` and the tagger reads them from there."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.temporal.lang.en import lexicon
from pipeline.temporal.lang import JOINS, REQUIRED, TABLES, LanguageError, available, load

ROOT = Path(__file__).resolve().parents[1]
EN = ROOT / "pipeline" / "temporal" / "lang" / "en" / "words.json"


def test_english_is_a_folder_with_every_table_in_its_shape():
    assert "en" in available()
    en = load("en")
    assert set(TABLES) - {"not_past", "not_future"} <= set(en.tables)  # (those two are French's)
    for code in available():
        assert set(REQUIRED) | set(JOINS) <= set(load(code).tables), code
    assert en["months"]["sept"] == 9 and en["weekdays"]["thurs"] == 4
    assert en["units"]["fortnight"] == ("fortnight", "W", False)   # lists read as tuples
    assert en["day_words"]["tonight"] == (0, "NI")
    assert "a few" in en["vague_quantities"] and isinstance(en["vague_quantities"], frozenset)
    assert lexicon.MONTHS is en["months"] and lexicon.UNIT_ABBR is en["unit_abbreviations"]


def _folder(tmp_path, code, tables):
    (tmp_path / code).mkdir()
    (tmp_path / code / "words.json").write_text(json.dumps(tables), encoding="utf-8")


def test_a_bad_language_folder_is_refused_naming_the_file_and_the_table(tmp_path):
    tables = {**json.loads(EN.read_text(encoding="utf-8")),
              **json.loads(EN.with_name("sentences.json").read_text(encoding="utf-8"))}
    _folder(tmp_path, "xx", {k: v for k, v in tables.items() if k != "units"})
    with pytest.raises(LanguageError, match=r"xx: no table 'units' in its files"):
        load("xx", tmp_path)
    (tmp_path / "xx" / "more.json").write_text(json.dumps({"units": tables["units"], "titles": ["mr"]}))
    with pytest.raises(LanguageError, match=r"xx/words.json: table 'titles' is in another file of .*xx too"):
        load.__wrapped__("xx", tmp_path)
    _folder(tmp_path, "yy", {**tables, "months": {"Janvier": 1}})
    with pytest.raises(LanguageError, match="'months' has keys that are not lower case"):
        load("yy", tmp_path)
    _folder(tmp_path, "zz", {**tables, "vague_quantities": "several"})
    with pytest.raises(LanguageError, match="must be a list of words"):
        load("zz", tmp_path)
    _folder(tmp_path, "vv", {**tables, "future_cues": ["will", "going(to"]})
    with pytest.raises(LanguageError, match="'future_cues' is not a valid regular expression"):
        load("vv", tmp_path)
    (tmp_path / "ww").mkdir()
    (tmp_path / "ww" / "words.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(LanguageError, match="cannot be read as JSON"):
        load("ww", tmp_path)
    with pytest.raises(LanguageError, match=r"no such file \(languages here: vv, ww, xx, yy, zz\)"):
        load("fr", tmp_path)


def test_the_tagger_reads_its_words_from_the_folder(tmp_path):
    """A copy of the pipeline whose English folder knows one month more tags it: the
    words are the folder's, not the code's."""
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "pipeline", copy / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    words = copy / "pipeline" / "temporal" / "lang" / "en" / "words.json"
    tables = json.loads(words.read_text(encoding="utf-8"))
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from pipeline.tagger import tag; "
            "print([(t.text, t.value) for t in tag('They met on 5 Brumaire 2021.', '2021-12-01')])")
    run = lambda: subprocess.run([sys.executable, "-c", code, str(copy)], capture_output=True,  # noqa: E731
                                 text=True, check=True).stdout.strip()
    before = run()
    tables["months"]["brumaire"] = 11
    words.write_text(json.dumps(tables), encoding="utf-8")
    after = run()
    assert "'2021-11-05'" not in before
    assert "('5 Brumaire 2021', '2021-11-05')" in after
