"""An article in a language Chronicle does not read is named and left out, never read
with English rules in silence (issue 13); English, however short or slangy, is read."""
from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from pipeline import language
from pipeline.events import build_events, events_for_article
from pipeline.model import Article

ROOT = Path(__file__).resolve().parents[1]

FRENCH = ("Le président de la République a annoncé mardi dernier que les élections législatives "
          "auront lieu en mai prochain, après des semaines de négociations avec les partis de "
          "l'opposition. Il y a deux ans, le gouvernement avait déjà repoussé le scrutin.")
GERMAN = ("Die Bundesregierung hat am vergangenen Dienstag beschlossen, dass die Wahl im nächsten "
          "Frühjahr stattfinden soll. Vor zwei Jahren war die Abstimmung bereits verschoben worden.")
ENGLISH = ("North Korea restored the hotlines with South Korea on Thursday, more than a year after "
           "it cut them off, and officials said talks could resume next week.")


def test_french_and_german_are_named_english_is_not():
    assert language.unsupported(FRENCH) == "French"
    assert language.unsupported(GERMAN) == "German"
    assert language.unsupported(ENGLISH) is None
    # too short to judge: read as English, never dropped on a guess
    assert language.detect("lol cant wait 4 tmrw!!! #friday") == (None, 0.0)
    assert language.unsupported("Le 3 mars.") is None


def test_english_news_never_loads_the_model(monkeypatch):
    def boom():
        raise AssertionError("the model was loaded for English news")
    monkeypatch.setattr(language, "_identifier", boom)
    text = (ROOT / "data" / "nk-hotlines.json").read_text(encoding="utf-8")
    assert language.detect(text) == ("en", 1.0)


def test_an_article_in_french_is_named_and_left_out_the_rest_is_read():
    arts = [Article("fr1", FRENCH, date(2021, 9, 30), title="Élections"),
            Article("en1", ENGLISH, date(2021, 9, 30), title="Hotlines")]
    problems: list = []
    events = build_events(arts, problems=problems)
    assert events and {e.article for e in events} == {"en1"}
    (p,) = problems
    assert "fr1" in p.message and "reads as French" in p.message and "only English" in p.message
    assert "\n" not in p.message
    try:
        events_for_article(arts[0])
    except ValueError as exc:
        assert "French" in str(exc)
    else:
        raise AssertionError("a French article was read with English rules")


def test_the_events_command_names_the_french_article(tmp_path):
    import json
    src = tmp_path / "mixed.jsonl"
    src.write_text("".join(json.dumps({"id": i, "published": "2021-09-30", "text": t}) + "\n"
                           for i, t in (("fr1", FRENCH), ("en1", ENGLISH))), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pipeline", "events", str(src), "--out", str(tmp_path / "e.jsonl")],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1  # something was left out, and said so
    lines = [ln for ln in proc.stderr.splitlines() if "fr1" in ln]
    assert len(lines) == 1 and "French" in lines[0]
    out = [json.loads(ln) for ln in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert out and {r["article"] for r in out} == {"en1"}


def test_the_detector_is_imported_before_any_worker_is_forked():
    """A worker forked while a thread of its parent imports numpy (the story preloads
    scikit-learn as its workers start) waited forever to import the detector: the
    events module imports it first."""
    code = "import sys, pipeline.events; print('py3langid.langid' in sys.modules, 'numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["True", "True"]


def test_a_story_of_articles_in_two_languages_over_workers_ends(tmp_path):
    import json
    src = tmp_path / "mixed.jsonl"
    rows = [{"id": f"fr{i}", "published": "2021-09-30", "text": FRENCH} for i in range(6)] + \
           [{"id": f"en{i}", "published": "2021-09-30", "text": ENGLISH} for i in range(10)]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pipeline", "story", str(src), "-j", "2", "--out",
                           str(tmp_path / "s.json")], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 1 and proc.stderr.count("reads as French") == 6


def test_the_tag_command_names_a_french_record_and_tags_the_english_one(tmp_path):
    import json
    src = tmp_path / "mixed.jsonl"
    src.write_text("".join(json.dumps({"id": i, "published": "2021-09-30", "text": t}) + "\n"
                           for i, t in (("fr1", FRENCH), ("en1", ENGLISH))), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pipeline", "tag", "--jsonl", str(src)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "'fr1'" in proc.stderr and "reads as French" in proc.stderr
    docs = {json.loads(ln)["doc"] for ln in proc.stdout.splitlines()}
    assert docs == {"en1"}
