import json
from pathlib import Path

import pytest

from pipeline.clean import boilerplate_spans, classify_lines, mask_boilerplate

ROOT = Path(__file__).resolve().parents[1]
SEED = json.loads((ROOT / "data" / "nk-hotlines.json").read_text(encoding="utf-8"))


def _paragraphs(text):
    return [p.strip() for p in text.split("\n") if p.strip()]


def _masked_lines(text):
    return {text[s:e] for s, e in boilerplate_spans(text)}


def test_mask_keeps_length_newlines_and_offsets():
    text = SEED["text"]
    masked = mask_boilerplate(text)
    assert len(masked) == len(text)
    assert [i for i, c in enumerate(masked) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]
    for i, (a, b) in enumerate(zip(text, masked)):
        assert b == a or b == " ", i
    # Every unmasked character is the original one at the same offset.
    idx = text.index("North Korea leader Kim Jong Un is looking")
    assert masked[idx:idx + 40] == text[idx:idx + 40]


def test_seed_boilerplate_masked():
    text = SEED["text"]
    gone = _masked_lines(text)
    for line in ("Share this article", "Read More",
                 "Want us to email you top stories each lunch time?",
                 "Download our Apps", "© 2022, developed by Square1 and powered by",
                 "North Korean leader Kim Jong Un, © AP/Press Association Images"):
        assert line in gone
    masked = mask_boilerplate(text)
    assert "2022" not in masked
    assert "Square1" not in masked
    # The doubled headline goes, the first title line stays.
    assert masked.startswith(SEED["title"] + "\n")
    assert "Looking To Restore" not in masked


def test_seed_news_paragraphs_kept():
    text = SEED["text"]
    masked = mask_boilerplate(text)
    kept = [p for p in _paragraphs(text) if p.endswith((".", ".”", "”", "\"")) and len(p.split()) > 8]
    assert len(kept) >= 25
    for p in kept:
        if p.endswith("(Lee Jin-man/AP)"):
            continue
        assert p in masked, p
    assert "By Hyung-Jin Kim and Kim Tong-Hyung, Associated Press" in masked
    assert "from Thursday morning until Friday" in masked


@pytest.mark.parametrize("line", [
    "Share", "Share this story", "Share on Facebook", "Facebook | Twitter | Email",
    "Read more: Storm hits coast on Monday", "Related: Markets fall in March",
    "Advertisement", "Story continues below advertisement",
    "Sign up to our daily newsletter", "Subscribe now", "Sign up for free",
    "Get the app", "Download the free BBC News app",
    "Copyright 2021 The Associated Press. All rights reserved.",
    "(c) 2019 Example Media Ltd", "© Example News 2020",
    "Follow us on Twitter @example", "This discussion is now closed.", "The comments to this entry are closed.",
    "Fire crews at the scene on Sunday (John Smith/PA)",
    "The president waves to supporters in Ohio. (AP Photo/Jane Doe)",
    "A soldier stands guard, © Reuters",
    "Protesters in the capital Photograph: Ann Lee/Reuters",
])
def test_boilerplate_lines_masked(line):
    text = f"The council met on 3 May 2021 and approved the budget.\n\n{line}\n\nIt will vote again in June."
    gone = _masked_lines(text)
    assert gone == {line}, classify_lines(text)


@pytest.mark.parametrize("line", [
    "The vaccine developed by Pfizer was approved on Monday.",
    "Copyright law was changed on Tuesday, the minister said.",
    "Facebook changed its privacy policy last week.",
    "She said she had read more than 200 letters since January.",
    "Subscribers to the service rose 5 percent in 2020.",
    "Did you read her email?",
    "The app was downloaded two million times in March.",
    "Share prices fell sharply on Friday.",
    "The strike was called off on Thursday, a union spokesman said (AP).",
    "Shares in the company rose 3.5 percent after the report (Reuters).",
    "Fire crews were called at 2 a.m. on Sunday, police said. (Reuters)",
    "He said it was copyright 2021 material that the company had used without permission.",
    "Trade talks between the US and China resume next week",
    "US/China trade talks resume next week",
])
def test_news_lines_kept(line):
    text = f"The council met on 3 May 2021.\n\n{line}\n\nIt will vote again in June."
    assert boilerplate_spans(text) == [], classify_lines(text)
    assert mask_boilerplate(text) == text


def test_repeated_title_only_second_copy():
    text = ("Storm batters coast\n\nStorm batters coast\n\nThe storm hit on Monday.\n\n"
            "Storm Batters Coast Storm Batters Coast\n")
    spans = boilerplate_spans(text)
    assert [text[s:e] for s, e in spans] == ["Storm batters coast",
                                             "Storm Batters Coast Storm Batters Coast"]
    assert spans[0][0] > 0  # the first copy is kept
    assert mask_boilerplate(text).startswith("Storm batters coast\n\n     ")


def test_repeated_sentence_not_treated_as_title():
    text = "He said it would end in May.\n\nHe said it would end in May.\n"
    assert boilerplate_spans(text) == []


def test_spans_are_ordered_and_disjoint_and_edge_cases():
    assert boilerplate_spans("") == []
    assert mask_boilerplate("") == ""
    assert mask_boilerplate("\n\n  \n") == "\n\n  \n"
    text = "  Share this article  \r\nRead More\nThe rally ended on Sunday."
    spans = boilerplate_spans(text)
    assert [text[s:e] for s, e in spans] == ["Share this article", "Read More"]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    masked = mask_boilerplate(text)
    assert len(masked) == len(text) and "\r\n" in masked
    assert masked.endswith("The rally ended on Sunday.")


# ---------------------------------------------------------------------------
# Story headers: bylines, datelines, page timestamps (hand-made cases)

from pipeline.clean import header_spans, is_outlet_name, leading_header_end, mask_headers  # noqa: E402


def _kept(text):
    return " ".join(mask_headers(text).split())


@pytest.mark.parametrize("text, story", [
    # wire header glued to the first sentence: place | timestamp, then the dateline
    ("OSLO | Tue Mar 3, 2015 9:41 am EST OSLO (Reuters) - Ferry crews went on strike, the union said on Tuesday.",
     "Ferry crews went on strike, the union said on Tuesday."),
    ("By Jane Doe, Transport Editor LIMA | Thu Jan 8, 2015 6:02 pm EST LIMA (Reuters) - Two buses collided on Thursday.",
     "Two buses collided on Thursday."),
    ("Buses collide in Peru LIMA | Thu Jan 8, 2015 6:02 pm EST LIMA (Reuters) - Two buses collided on Thursday.",
     "Buses collide in Peru Two buses collided on Thursday."),
    # dateline with a day and agency, after a bracketed note
    ("(For more news, click here) PORTO, March 2 (Reuters) - The river rose on Monday.", "(For more news, click here) The river rose on Monday."),
    ("SANTA FE, New Mexico (AP) — The dam opened on Monday.", "The dam opened on Monday."),
    ("NEW ORLEANS--The levee held on Monday.", "The levee held on Monday."),
    ("ON THE FLOOR OF THE GULF OF MEXICO--Crews met on Monday.", "Crews met on Monday."),
    ("Last updated: 1 may, 2015 - 17:54 GMT Mexico shut schools on Friday.", "Mexico shut schools on Friday."),
    # blog header: name | time, zone, day
    ("Susan Watts | 18:00 UK time, Saturday, 25 April 2009 Experts met on Friday.", "Experts met on Friday."),
    ("Ferry strike ends Wednesday 6 May 2015 15.16 BST Crews returned on Wednesday.",
     "Ferry strike ends Crews returned on Wednesday."),
    ("June 28, 2015 - 6:39 AM | by: Ann Lee Beaches reopened on Sunday.", "Beaches reopened on Sunday."),
    ("Thursday, August 26, 2015; 8:12 PM HOUSTON - Investigators met on Thursday.", "Investigators met on Thursday."),
    ("Published: 12:01AM BST 28 Apr 2009\nThe ferry sank on Monday.", "The ferry sank on Monday."),
    ("Updated 7:50 pm EDT, Fri Apr 24, 2009\nThe ferry sank on Monday.", "The ferry sank on Monday."),
    ("March 8, 2024 6:12 PM CST\nThe ferry sank on Monday.", "The ferry sank on Monday."),
    ("Great post Posted by: reader42 | June 7, 2015 1:51 PM | Report abuse I disagree.", "Great post I disagree."),
    ("At 4:06 pm on 02 Jun 2015, reader42 wrote: The ferry was late on Monday.", "The ferry was late on Monday."),
    # photo credits and signatures glued to the first sentence
    ("Photograph: Ann Lee/Reuters Crews returned on Wednesday.", "Crews returned on Wednesday."),
    ("It sank. Photograph: KPA/Zuma/Rex Features The spill has cost $3bn.", "It sank. The spill has cost $3bn."),
    ("AP Photo/Dave Martin Methane levels rose on Monday.", "Methane levels rose on Monday."),
    ("(AP Photo/Dave Martin) Workers laid booms on Monday.", "Workers laid booms on Monday."),
    ("(Ann Lee - AP) Workers laid booms on Monday.", "Workers laid booms on Monday."),
    ("(U.S. Coast Guard via Associated Press) Workers laid booms on Monday.", "Workers laid booms on Monday."),
    ("(Official White House Photo by Ann Lee) Workers laid booms on Monday.", "Workers laid booms on Monday."),
    ("Robert Peston Business editor, BBC News Overnight, the bank said it would sell.",
     "Overnight, the bank said it would sell."),
])
def test_headers_are_blanked_and_the_story_kept(text, story):
    masked = mask_headers(text)
    assert len(masked) == len(text)
    assert _kept(text) == story
    # a header at the very start is found by the cheap start-only scan too
    spans = header_spans(text)
    if spans and spans[0][0] == 0 and len(spans) == 1:
        assert text[leading_header_end(text):].strip() == text[spans[0][1]:].strip()


def test_leading_header_end():
    s = "By Jane Doe | March 8, 2024 6:12 PM CST The council voted on Friday."
    assert s[leading_header_end(s):] == "The council voted on Friday."
    assert leading_header_end("The council voted on Friday.") == 0
    assert leading_header_end("By Monday, the council had voted.") == 0
    assert leading_header_end("Reuters") == 0  # nothing left after it: not stripped to nothing


@pytest.mark.parametrize("text", [
    "The quake struck at 3:32 a.m. on April 6, 2009, killing 300 people.",
    "He arrived on Monday, April 6, 2009 and left at 4 pm on May 2, 2009.",
    "The hearing begins at 10:00 EDT on Tuesday, May 4.",
    "By Monday, the virus had spread. By Christmas Day, shops were shut.",
    "By Sunday Smith had resigned.",
    "BP - the company said - would pay.",
    "Police said. (Reuters)",  # a bare tag after a sentence: harmless either way, the sentence stays
    "The ratio was 3/4 after the BP/Shell deal.",
    "The spill (the worst since 1979 - AP count) grew on Monday.",
])
def test_sentences_with_dates_are_no_headers(text):
    kept = _kept(text)
    for piece in ("(the worst since 1979 - AP count)", "3/4 after the BP/Shell deal", "3:32 a.m. on April 6, 2009", "Monday, April 6, 2009", "4 pm on May 2, 2009",
                  "10:00 EDT on Tuesday", "By Monday", "By Christmas Day", "By Sunday Smith", "BP - the company"):
        if piece in text:
            assert piece in kept


def test_header_spans_are_sorted_trimmed_and_merged():
    text = "LIMA | Thu Jan 8, 2015 6:02 pm EST LIMA (Reuters) - Two buses collided."
    assert header_spans(text) == [(0, text.index(" Two"))]
    two = "Read this. Susan Watts | 18:00 UK time, Saturday, 25 April 2009\nBy Jane Doe\nShips sank."
    assert [two[s:e] for s, e in header_spans(two)] == ["18:00 UK time, Saturday, 25 April 2009", "By Jane Doe"]


def test_mask_boilerplate_keeps_headers_for_dateline_detection():
    text = "Updated 7:50 pm EDT, Fri Apr 24, 2009\nThe ferry sank on Monday."
    assert mask_boilerplate(text) == text


@pytest.mark.parametrize("s, yes", [("Reuters", True), ("(AP)", True), ("BBC News", True), ("Getty Images", True),
                                    ("Reuters reported", False), ("Jane Doe", False)])
def test_is_outlet_name(s, yes):
    assert is_outlet_name(s) is yes


@pytest.mark.parametrize("junk", ["!" * 3000, " " * 3000, "\n" * 3000, "| " * 1500, "By " * 1000,
                                  "WASHINGTON " * 300, "May 2, 2009; 4:23 pm EDT " * 150, "(Reuters " * 300,
                                  "/" * 3000, "A/" * 1500, "Photograph: A/" * 200, "(a - " * 600,
                                  "At 4:06 pm on " * 200])
def test_header_patterns_give_sane_spans_on_hostile_input(junk):
    # Their speed on such input (30,000 characters and more) is measured by
    # benchmarks/bench_adversarial.py, not timed here.
    masked = mask_headers(junk)
    assert len(masked) == len(junk) and masked.count("\n") == junk.count("\n")


def test_comment_section_runs_from_the_first_stamp_to_the_end():
    from pipeline.clean import comment_section
    story = "Regulators closed the bank on Friday.\nDepositors lost nothing.\n"
    bbc = story + "At 04:18 am on 16 Jun 2010, Makonnen wrote:\nThe speech was on Tuesday.\n"
    assert comment_section(bbc) == len(story)
    wapo = story + "Posted by: rallyart2012 | April 30, 2010 12:27 PM | Report abuse\nSo much for Monday.\n"
    assert comment_section(wapo) == len(story)
    assert comment_section(story) is None
    assert comment_section(story + "She wrote: the bank failed.\n") is None


def test_comments_give_no_events():
    from datetime import date
    from pipeline.events import events_for_article
    from pipeline.model import Article
    text = ("Regulators closed the bank on Friday.\n"
            "At 04:18 am on 16 Jun 2010, Makonnen wrote:\nI queued there on Tuesday and again on Wednesday.\n")
    evs = events_for_article(Article("c", text, date(2010, 6, 19)))
    assert [e.value for e in evs] == ["2010-06-18"]


def test_page_furniture_of_other_languages_is_masked():
    """'Lire aussi', 'Compartir', 'Mehr zum Thema', 'Publicité', 'Tous droits réservés':
    the other languages' folders' line patterns mask their sites' buttons and footers;
    the story's sentences stay."""
    from pipeline.clean import mask_boilerplate
    text = ("Le gouvernement a annoncé hier un plan.\nLire aussi : Le budget 2024 en débat\nPartager sur Facebook\n"
            "Publicité\nTous droits réservés Le Monde 2024\nCompartir en Twitter\nMehr zum Thema: Haushalt\n"
            "La suite de l'article continue ici.")
    masked = mask_boilerplate(text)
    assert len(masked) == len(text)
    kept = [line for line in masked.split("\n") if line.strip()]
    assert kept == ["Le gouvernement a annoncé hier un plan.", "La suite de l'article continue ici."]


@pytest.mark.parametrize("text, kept", [
    ("Grève à la SNCF\nPar Jean Dupont et Marie Martin\nPublié le 3 mars 2024 à 14h32\n"
     "Les syndicats ont annoncé hier une grève.", ["Grève à la SNCF", "Les syndicats ont annoncé hier une grève."]),
    ("Huelga en Renfe\nPor Ana López | Actualizado el 3 de marzo de 2024, 14:32\n"
     "Los sindicatos anunciaron ayer una huelga.", ["Huelga en Renfe", "Los sindicatos anunciaron ayer una huelga."]),
    ("Streik bei der Bahn\nVon Hans Müller\nVeröffentlicht am 3. März 2024, 14:32 Uhr\n"
     "Die Gewerkschaften haben gestern einen Streik angekündigt.",
     ["Streik bei der Bahn", "Die Gewerkschaften haben gestern einen Streik angekündigt."]),
])
def test_bylines_and_page_timestamps_of_other_languages_are_headers(text, kept):
    """'Par Jean Dupont', 'Publié le 3 mars 2024 à 14h32': a French, Spanish or German
    page's byline and timestamp date the page, not the news, and are blanked as
    English's are; a sentence that starts with "Par" or "Von" stays."""
    from pipeline.clean import mask_headers
    masked = mask_headers(text)
    assert len(masked) == len(text) and [ln for ln in masked.split("\n") if ln.strip()] == kept
    prose = "Von Berlin aus fuhr der Zug weiter nach Hamburg und Bremen.\nPar ailleurs, le ministre a démissionné."
    assert mask_headers(prose) == prose
