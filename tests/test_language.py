"""An article in a language Chronicle does not read is named and left out, never read
with English rules in silence (issue 13); English, however short or slangy, is read,
and French is read with French rules."""
from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pipeline import language
from pipeline.events import build_events, events_for_article
from pipeline.model import Article

ROOT = Path(__file__).resolve().parents[1]

FRENCH = ("Le président de la République a annoncé mardi dernier que les élections législatives "
          "auront lieu en mai prochain, après des semaines de négociations avec les partis de "
          "l'opposition. Il y a deux ans, le gouvernement avait déjà repoussé le scrutin.")
ITALIAN = ("Il presidente della Repubblica ha annunciato martedì scorso che le elezioni politiche "
           "si terranno il prossimo maggio, dopo settimane di trattative con i partiti "
           "dell'opposizione. Due anni fa il governo aveva già rinviato il voto.")
DUTCH = ("De regering heeft afgelopen dinsdag besloten dat de verkiezingen volgend voorjaar worden gehouden. "
         "Twee jaar geleden was de stemming al uitgesteld, zo meldde het ministerie.")
SPANISH = ("El Gobierno aprobó ayer el decreto de ayudas a las familias afectadas por las inundaciones, "
           "que entrará en vigor el próximo mes de mayo, según informó el ministerio en un comunicado.")
GERMAN = ("Die Bundesregierung hat am vergangenen Dienstag beschlossen, dass die Wahl im nächsten "
          "Frühjahr stattfinden soll. Vor zwei Jahren war die Abstimmung bereits verschoben worden.")
ENGLISH = ("North Korea restored the hotlines with South Korea on Thursday, more than a year after "
           "it cut them off, and officials said talks could resume next week.")


def test_italian_and_dutch_are_named_english_french_spanish_and_german_are_read():
    assert language.unsupported(ITALIAN) == "Italian"
    assert language.unsupported(DUTCH) == "Dutch"
    assert language.unsupported(GERMAN) is None and language.language_of(GERMAN) == "de"
    assert language.unsupported(ENGLISH) is None and language.unsupported(FRENCH) is None
    assert language.language_of(FRENCH) == "fr" and language.language_of(ENGLISH) == "en"
    assert language.language_of(SPANISH) == "es"
    assert language.language_of(ENGLISH, "fr") == "fr"  # a language given is taken as given
    with pytest.raises(ValueError, match=r"no language 'xx': Chronicle reads English, French, .*\((?:\w\w, )*fr"):
        language.language_of(ENGLISH, "xx")
    with pytest.raises(language.UnsupportedLanguage, match="reads as Italian, and Chronicle reads only English, .*French"):
        language.language_of(ITALIAN)
    # too short to judge: read as English, never dropped on a guess
    assert language.detect("lol cant wait 4 tmrw!!! #friday") == (None, 0.0)
    assert language.unsupported("Le 3 mars.") is None


def test_english_news_never_loads_the_model(monkeypatch):
    def boom():
        raise AssertionError("the model was loaded for English news")
    monkeypatch.setattr(language, "_identifier", boom)
    text = (ROOT / "data" / "nk-hotlines.json").read_text(encoding="utf-8")
    assert language.detect(text) == ("en", 1.0)


def test_an_article_in_italian_is_named_and_left_out_the_rest_is_read():
    arts = [Article("it1", ITALIAN, date(2021, 9, 30), title="Elezioni"),
            Article("fr1", FRENCH, date(2021, 9, 30), title="Élections"),
            Article("en1", ENGLISH, date(2021, 9, 30), title="Hotlines")]
    problems: list = []
    events = build_events(arts, problems=problems)
    assert {e.article for e in events} == {"fr1", "en1"}
    assert {e.lang for e in events if e.article == "fr1"} == {"fr"} and {e.lang for e in events if e.article == "en1"} == {"en"}
    # French rules read the French article: "mardi dernier" is the Tuesday before publication
    assert "2021-09-28" in {e.value for e in events if e.article == "fr1"}
    (p,) = problems
    assert "it1" in p.message and "reads as Italian" in p.message and "only English, " in p.message
    assert "\n" not in p.message
    try:
        events_for_article(arts[0])
    except ValueError as exc:
        assert "Italian" in str(exc)
    else:
        raise AssertionError("an Italian article was read with another language's rules")


def test_the_events_command_names_the_italian_article(tmp_path):
    import json
    src = tmp_path / "mixed.jsonl"
    src.write_text("".join(json.dumps({"id": i, "published": "2021-09-30", "text": t}) + "\n"
                           for i, t in (("it1", ITALIAN), ("en1", ENGLISH))), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pipeline", "events", str(src), "--out", str(tmp_path / "e.jsonl")],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1  # something was left out, and said so
    lines = [ln for ln in proc.stderr.splitlines() if "it1" in ln]
    assert len(lines) == 1 and "Italian" in lines[0]
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
    rows = [{"id": f"it{i}", "published": "2021-09-30", "text": ITALIAN} for i in range(6)] + \
           [{"id": f"en{i}", "published": "2021-09-30", "text": ENGLISH} for i in range(10)]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pipeline", "story", str(src), "-j", "2", "--out",
                           str(tmp_path / "s.json")], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 1 and proc.stderr.count("reads as Italian") == 6


def test_the_tag_command_names_an_italian_record_and_tags_the_others(tmp_path):
    import json
    src = tmp_path / "mixed.jsonl"
    src.write_text("".join(json.dumps({"id": i, "published": "2021-09-30", "text": t}) + "\n"
                           for i, t in (("it1", ITALIAN), ("fr1", FRENCH), ("en1", ENGLISH))), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pipeline", "tag", "--jsonl", str(src)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "'it1'" in proc.stderr and "reads as Italian" in proc.stderr
    rows = [json.loads(ln) for ln in proc.stdout.splitlines()]
    assert {r["doc"] for r in rows} == {"fr1", "en1"}
    assert ("mai prochain", "2022-05") in {(r["text"], r["value"]) for r in rows if r["doc"] == "fr1"}


def test_the_language_is_kept_in_exports_and_the_store_and_is_a_filter(tmp_path):
    """A French article's events say "fr" in their export, come back as French from an
    export and from the event store, and the app's language filter (in the URL) keeps
    only them; the event's card names its language."""
    import json

    from pipeline.export import to_jsonl
    from pipeline.imported import events_from_records
    from pipeline.store import Store, write_store
    from ui import state as S
    from ui.views import details_html

    arts = [Article("fr1", FRENCH, date(2021, 9, 30)), Article("en1", ENGLISH, date(2021, 9, 30))]
    events = build_events(arts, merge=False)
    records = [json.loads(line) for line in to_jsonl(events).splitlines()]
    assert {r["lang"] for r in records if r["article"] == "fr1"} == {"fr"}
    back, problems = events_from_records(records, "export")
    assert not problems and [e.lang for e in back] == [e.lang for e in events]
    write_store(arts, tmp_path / "store")
    stored = Store(tmp_path / "store").query()
    assert {(e.article, e.lang) for e in stored} == {("fr1", "fr"), ("en1", "en")}
    view = S.view_from_params({"lang": "fr,xx"})
    assert view.languages == ("fr",) and S.view_to_params(view) == {"lang": "fr"}
    assert {e.article for e in S.filter_events(events, view)} == {"fr1"}
    french = next(e for e in events if e.article == "fr1")
    assert "<b>Language:</b> French" in details_html(french)


def test_a_language_given_is_used_and_an_unknown_one_is_refused(tmp_path):
    """--lang fr reads a short French text (too short to detect) with French rules;
    an unknown code is refused by the command line before anything is read."""
    import json
    src = tmp_path / "short.jsonl"
    src.write_text(json.dumps({"id": "s", "published": "2024-03-14", "text": "Réunion mardi prochain."}) + "\n",
                   encoding="utf-8")
    run = lambda *extra: subprocess.run([sys.executable, "-m", "pipeline", "tag", "--jsonl", str(src), *extra],  # noqa: E731
                                        capture_output=True, text=True, cwd=ROOT)
    french = run("--lang", "fr")
    assert french.returncode == 0
    assert [(r["text"], r["value"]) for r in map(json.loads, french.stdout.splitlines())] == \
        [("mardi prochain", "2024-03-19")]
    assert run("--lang", "xx").returncode == 2


@pytest.mark.parametrize("lang, text", [
    ("fr", "Le conflit dure depuis 2019. La grève durera jusqu'au 21 mars. Les prix ont flambé ces trois derniers "
           "mois. Le festival aura lieu du 3 au 9 juin."),
    ("es", "El conflicto dura desde 2019. La huelga seguirá hasta el 21 de marzo. Los precios se dispararon en los "
           "últimos tres meses. El torneo será del 3 al 9 de junio."),
    ("de", "Der Konflikt dauert seit 2019 an. Der Streik dauert bis zum 21. März. Die Preise stiegen in den "
           "vergangenen drei Monaten. Die Messe findet vom 3. bis 9. Juni statt."),
])
def test_an_events_interval_is_read_with_its_languages_cues(lang, text):
    """'depuis 2019' runs on to publication, 'jusqu'au 21 mars' from publication to that day,
    'ces trois derniers mois' up to publication, 'du 3 au 9 juin' is one event: each
    language's interval cues (lang/<code>/events.json), as English's 'since', 'until',
    'the past three months' and 'from June 3 to 9'."""
    from datetime import datetime
    events = build_events([Article("a", text, date(2024, 3, 14))], lang=lang)
    spans = {(e.start, e.end, e.open_start, e.open_end) for e in events}
    day = lambda *a: datetime(*a)  # noqa: E731
    assert (day(2019, 1, 1), day(2024, 3, 15), False, True) in spans          # since 2019, and on
    assert (day(2024, 3, 14), day(2024, 3, 22), True, False) in spans         # until 21 March
    assert (day(2023, 12, 14), day(2024, 3, 15), True, False) in spans        # the past three months
    assert (day(2024, 6, 3), day(2024, 6, 10), False, False) in spans         # 3 to 9 June, one event
    assert len(events) == 4


@pytest.mark.parametrize("lang, text, titles", [
    ("fr", "La loi a été promulguée en mai dernier, a déclaré le ministre. Le ministre recevra les syndicats lundi "
           "prochain à Matignon. Le festival se tiendra du 3 au 9 juin à Lyon.",
     {"La loi a été promulguée", "Le ministre recevra les syndicats à Matignon", "Le festival se tiendra à Lyon"}),
    ("es", "La ley se promulgó en mayo pasado, según informó el ministro. El ministro recibirá a los sindicatos el "
           "próximo lunes en Madrid. El torneo se jugará del 3 al 9 de junio en Sevilla.",
     {"La ley se promulgó", "El ministro recibirá a los sindicatos en Madrid", "El torneo se jugará en Sevilla"}),
    ("de", "Das Gesetz wurde im vergangenen Mai verkündet, sagte der Minister. Der Minister empfängt die "
           "Gewerkschaften am kommenden Montag in Berlin. Seit 2019 steckt der Konflikt fest.",
     {"Das Gesetz wurde verkündet", "Der Minister empfängt die Gewerkschaften in Berlin",
      "Seit 2019 steckt der Konflikt fest"}),
])
def test_an_events_title_drops_its_date_and_attribution_in_its_language(lang, text, titles):
    """A headline drops the date with its preposition ("en mai dernier", "am kommenden
    Montag", "du 3 au 9 juin") and the attribution (", a déclaré le ministre", ", sagte
    der Minister"); a German date that leads its sentence stays (removing it would leave
    the verb first)."""
    events = build_events([Article("a", text, date(2024, 3, 14))], lang=lang)
    assert {e.title for e in events} == titles


def test_a_store_keeps_the_language_and_one_written_before_reads_as_english(tmp_path):
    """query --lang fr keeps the French article's events; a store whose files were
    written before languages were kept (no lang column) is read, as English."""
    import json

    import pyarrow.parquet as pq

    from pipeline.store import Store, write_store
    arts = [Article("fr1", FRENCH, date(2021, 9, 30)), Article("en1", ENGLISH, date(2021, 9, 30))]
    write_store(arts, tmp_path / "s")
    store = Store(tmp_path / "s")
    assert {e.article for e in store.query(lang="fr")} == {"fr1"}
    proc = subprocess.run([sys.executable, "-m", "pipeline", "query", str(tmp_path / "s"), "--lang", "en"],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    assert {json.loads(line)["article"] for line in proc.stdout.splitlines()} == {"en1"}
    for part in (tmp_path / "s" / "events").glob("month=*/part-*.parquet"):  # as an older store wrote them
        pq.write_table(pq.read_table(part).drop(["lang"]), part)
    (tmp_path / "s" / "index.duckdb").unlink()
    old = Store(tmp_path / "s")
    assert {e.lang for e in old.query()} == {"en"} and {e.article for e in old.query(lang="en")} == {"fr1", "en1"}


@pytest.mark.parametrize("text, day", [
    ("Publié le 3 mars 2024\nLe gouvernement a annoncé hier un plan d'économies.", date(2024, 3, 3)),
    ("Publicado el 3 de marzo de 2024\nEl Gobierno anunció ayer un plan de ahorro.", date(2024, 3, 3)),
    ("Veröffentlicht am 3. März 2024\nDie Regierung hat gestern ein Sparpaket angekündigt.", date(2024, 3, 3)),
    ("Mardi 5 mars 2024\nLe conseil municipal s'est réuni hier soir.", date(2024, 3, 5)),
])
def test_a_dateline_in_another_language_dates_its_article(text, day):
    """An article without a publication date takes it from its dateline in any language
    Chronicle reads (the folders' month names and dateline labels, parsed by dateparser);
    an English dateline is read as before."""
    from pipeline.articles import detect_dateline
    assert detect_dateline(text) == day
