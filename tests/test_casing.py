"""Text in one case (issue 10): lower-case and upper-case text read as edited prose does."""
from __future__ import annotations

from datetime import date

from pipeline import tag
from pipeline.temporal.lang.en.casing import caseless, recase

PUB = date(2021, 9, 30)


def vals(text: str) -> dict[str, str]:
    return {t.text: t.value for t in tag(text, PUB)}


def test_only_a_text_in_one_case_is_recased():
    assert caseless("the vote is next tuesday, officials said.") == "lower"
    assert caseless("THE VOTE IS NEXT TUESDAY, OFFICIALS SAID.") == "upper"
    assert caseless("The vote is next Tuesday, officials said.") is None
    assert caseless("ok") is None                                  # too few letters to tell
    prose = "The vote is next Tuesday, officials said."
    assert recase(prose) is prose


def test_recasing_keeps_offsets_and_gives_date_names_their_capital():
    text = "they meet next tuesday in may; you may go. on march 3 they march on. İstanbul"
    out = recase(text)
    assert len(out) == len(text)
    assert "next Tuesday in May;" in out and "you may go" in out
    assert "on March 3" in out and "they march on" in out


def test_lower_and_upper_case_read_as_written():
    written = vals("The council will meet next Tuesday and again on March 3, 2022.")
    assert written == {"next Tuesday": "2021-10-05", "March 3, 2022": "2022-03-03"}
    lower = vals("the council will meet next tuesday and again on march 3, 2022.")
    assert list(lower.values()) == list(written.values())
    upper = vals("THE COUNCIL WILL MEET NEXT TUESDAY AND AGAIN ON MARCH 3, 2022.")
    assert list(upper.values()) == list(written.values())
    # the expressions keep the text's own case
    assert "NEXT TUESDAY" in upper and "march 3, 2022" in lower


def test_the_false_friends_stay_apart_by_context():
    assert vals("you may go now if the marchers march on.") == {"now": "PRESENT_REF"}
    assert vals("YOU MAY WANT TO MARCH WITH US, HE SAID.") == {}
    assert vals("the sun came out and we sat in the garden.") == {}
    assert vals("the strike began in may and ended on sat. 5 june.")["may"] == "2021-05"


def test_posts_name_days_their_own_way():
    pub = date(2014, 10, 3)
    got = {t.text: t.value for t in tag("see u tmrw!! 2day was long, last nite too. tonite?", pub)}
    assert got == {"tmrw": "2014-10-04", "2day": "2014-10-03", "last nite": "2014-10-02TNI",
                   "tonite": "2014-10-03TNI"}
