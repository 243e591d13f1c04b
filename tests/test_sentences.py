import json
from pathlib import Path

import pytest

from pipeline.clean import mask_boilerplate
from pipeline.sentences import sentences, split_sentences

ROOT = Path(__file__).resolve().parents[1]
SEED = json.loads((ROOT / "data" / "nk-hotlines.json").read_text(encoding="utf-8"))


def _check_spans(text, spans):
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        last = e


CASES = json.loads((Path(__file__).resolve().parent / "fixtures" / "sentence_cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("text, want", [(c["text"], c["sentences"]) for c in CASES])
def test_tricky_cases(text, want):
    spans = split_sentences(text)
    _check_spans(text, spans)
    assert [text[s:e] for s, e in spans] == want


def test_hard_wrapped_paragraph_is_joined():
    text = ("The council said on Monday that it would meet again\n"
            "next week to discuss the budget, which was cut by\n"
            "President Smith in March. Officials said the talks\n"
            "would last two days.\n\nA new paragraph.")
    got = sentences(text)
    assert got[0].startswith("The council said") and got[0].endswith("in March.")
    assert got[1].startswith("Officials said") and got[1].endswith("two days.")
    assert got[2] == "A new paragraph."


def test_blank_line_always_ends_a_sentence():
    text = "He said the talks would\n\ncontinue on Monday."
    assert sentences(text) == ["He said the talks would", "continue on Monday."]


def test_seed_article_and_masked_text():
    text = SEED["text"]
    spans = split_sentences(text)
    _check_spans(text, spans)
    got = [text[s:e] for s, e in spans]
    assert got[0] == SEED["title"]
    assert ("The UN Security Council delayed an emergency closed meeting to discuss North Korea’s recent "
            "tests from Thursday morning until Friday at the request of Russia, China and other council "
            "members who said they needed more time to prepare, diplomats said.") in got
    assert "The meeting was requested by the United States, United Kingdom and France." in got
    assert "Read More" in got
    for s in got:
        assert "\n\n" not in s
    # On the masked text, offsets still point into the original and no
    # sentence contains boilerplate.
    masked = mask_boilerplate(text)
    mspans = split_sentences(masked)
    _check_spans(masked, mspans)
    msents = [masked[s:e] for s, e in mspans]
    assert all(text[s:e] == masked[s:e] for s, e in mspans)
    assert "Read More" not in msents and not any("Square1" in s for s in msents)
    assert set(msents) <= set(got)
    # Masking removes exactly the boilerplate lines, each its own sentence.
    from pipeline.clean import boilerplate_spans
    gone = {text[s:e] for s, e in boilerplate_spans(text)}
    assert sorted(msents) == sorted(s for s in got if s not in gone)
    assert "It’s a highly sophisticated strategy" in msents[-1]


def test_edge_inputs():
    assert split_sentences("") == []
    assert split_sentences("   \n\n \t ") == []
    assert sentences("One") == ["One"]
    assert sentences("  Trailing space.  ") == ["Trailing space."]
    assert sentences("Windows lines.\r\nNext line here.\r\n\r\nNew para.") == [
        "Windows lines.", "Next line here.", "New para."]
    long = "word " * 20000
    spans = split_sentences(long)
    assert spans == [(0, len(long) - 1)]
    dots = "." * 5000 + " A"
    _check_spans(dots, split_sentences(dots))


@pytest.mark.parametrize("lang, text, want", [
    ("fr", "Le président a reçu Mme Martin et M. Dupont hier. Ils ont parlé du projet, etc. Le ministre est parti.",
     ["Le président a reçu Mme Martin et M. Dupont hier.", "Ils ont parlé du projet, etc.", "Le ministre est parti."]),
    ("es", "El Sr. García y la Dra. López llegaron ayer. La reunión empezó a las 10.",
     ["El Sr. García y la Dra. López llegaron ayer.", "La reunión empezó a las 10."]),
    ("de", "Hr. Müller kam z.B. am Montag. Die Sitzung dauerte bis 18 Uhr.",
     ["Hr. Müller kam z.B. am Montag.", "Die Sitzung dauerte bis 18 Uhr."]),
])
def test_a_language_splits_with_its_own_abbreviations(lang, text, want):
    """Each language's abbreviations (lang/<code>/sentences.json) never end a sentence;
    English's cues would have cut 'Hr.' and 'Dra.' from their names."""
    assert [text[s:e] for s, e in split_sentences(text, lang)] == want
    assert [text[s:e] for s, e in split_sentences(text)] != want or lang == "fr"
