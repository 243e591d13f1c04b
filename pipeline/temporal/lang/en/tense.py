"""English's reading of tense and its finer readings in the resolver: which way a bare
weekday or month points ("will meet on Monday", "before Friday", "since April",
"consumer prices for March"), and the readings of earnings reports ("fourth-quarter
profit", "a year earlier" against the quarter under discussion). The engine
(``temporal/resolve.py``) takes them through ``lang/en/grammar.py``."""
from __future__ import annotations

import re
from typing import Optional

from ...resolve import _BOUNDARY, Readings, TenseCues, _TextIndex, nearest_cue, tense_cues
from .lexicon import EN

# Cues for the direction of a bare weekday or month: the closest one wins (regular
# expressions, one alternative each, from the language's folder: lang/en/words.json).
_CUE = tense_cues(EN["future_cues"], EN["past_cues"])
_NOT_PAST_ED = EN["not_past_ed"]
# words in -ed that are not past tenses
_NOT_ED = EN["not_ed"]
_BEFORE_THROUGH = re.compile(r"(?i)\b(?:before|through)\s+$")
_SINCE = re.compile(r"(?i)\bsince\s+(?:early\s+|late\s+|mid-?)?$")
_FIGURES_FOR = re.compile(r"(?i)\b(?:prices|sales|figures|data|numbers|results|statistics|index|orders|output|"
                          r"earnings|unemployment|inflation|payrolls|production)\s+for\s+$")
_PLANNED_FOR = re.compile(r"(?i)\b(?:called|set|planned|scheduled|slated|pencilled|penciled)\b[^.;!?]{0,60}\bfor\s+$")
_FROM = re.compile(r"(?i)\bfrom\s+$")
_TO_AFTER = re.compile(r"(?i)\s*(?:through|until|till|to|-|–)\s*\w")


def direction(text: str, start: int, end: int, index: Optional["_TextIndex"] = None) -> int:
    """> 0 if the sentence around ``text[start:end]`` points forward (2 for
    an unmistakable future: "will", "scheduled"), < 0 if it points back, 0 if
    it gives no cue.  ``index`` (the text's :class:`_TextIndex`) saves
    rescanning the text around each expression.  A possessive ("Wednesday's") reads back and
    "before <date>" or "through <date>" forward; otherwise the cue closest
    to the expression wins (before it first, then after it).  A plan told
    in the past perfect ("had been scheduled to expire Friday") reads back."""
    if text[end:end + 2] in ("'s", "’s"):
        # "Wednesday's ruling", "May's election": a possessive reports the past,
        # unless an unmistakable future governs it ("will appear in Thursday's issue")
        near = text[max(0, start - 30):start]
        return 2 if re.search(r"(?i)\b(?:will|'ll|shall|going\s+to|scheduled|upcoming|next)\b", near) else -1
    # (each pattern below is tried only when the word it ends on is there: they are
    # anchored at the expression, and a regex would try every position before it)
    last = text[max(0, start - 14):start].rstrip().lower()
    if last.endswith(("before", "through")) and _BEFORE_THROUGH.search(text[max(0, start - 9):start]):
        return 1   # "before Friday": a deadline
    if "since" in last and _SINCE.search(text[max(0, start - 12):start]):
        return -2  # "since April": a time already past
    if last.endswith("for") and _FIGURES_FOR.search(text[max(0, start - 20):start]):
        return -1  # "consumer prices for March will be released": a period already over
    if last.endswith("for") and _PLANNED_FOR.search(text[max(0, start - 80):start]):
        return 1   # "has called a special session for Saturday": a plan
    if (last.endswith("from") and _FROM.search(text[max(0, start - 6):start])
            and _TO_AFTER.match(text[end:end + 12])):
        # "from Monday through Wednesday": both ends go the same way; the end
        # after "through" points forward, so the start does too unless told otherwise
        return _closest_cue(text, start, end, index) or 1
    return _closest_cue(text, start, end, index)


#: a present-tense plan or prospect in the expression's own clause ("who is up for
#: reelection in", "which is set for", "are due to")
_PRESENT_PLAN = re.compile(r"(?i)\b(?:is|are|am)\s+(?:still\s+|now\s+)?(?:up\s+for|set\s+(?:for|to)|due\s+(?:for|to|in)|"
                           r"slated\s+(?:for|to)|scheduled\s+(?:for|to)|expected\s+(?:in|to)|poised\s+to)\b[^,;]*$")


def _closest_cue(text: str, start: int, end: int, index: Optional["_TextIndex"] = None) -> int:
    if re.search(r"(?i)\b(?:is|are|'s)\s+(?:on\s+|due\s+|now\s+|again\s+)?$", text[max(0, start - 12):start]):
        return 1   # "the vote is Thursday", "the game is on Sunday": a present-tense schedule
    index = index or _TextIndex(text, ENGLISH_CUES)
    lo = max(0, start - 160)
    cut = index.last_boundary_end(lo, start)
    if _PRESENT_PLAN.search(text[max(cut, start - 80):start].rsplit(",", 1)[-1]):
        return 1   # "who is up for reelection in November": a present-tense plan in its clause
    return nearest_cue(start, end, index, cut)


# "had been scheduled to", "as previously planned": a plan reported as past
_PERFECT_BEFORE = re.compile(r"(?i)\b(?:had|(?P<was>was|were)|(?P<pre>previously|originally))\s+(?:been\s+)?$")
_MODAL_BEFORE = re.compile(r"(?i)\b(?:will|would|could|should|may|might|must|can|shall)\s+$")
_AUX_BEFORE = re.compile(r"(?i)\b(?:be|been|being|is|are|am|get|gets|to|stay|stays|remain|remains|seem|seems)\s+$")


_DET_BEFORE = re.compile(r"(?i)\b(?:the|a|an|its|their|his|her|our|this|these)\s+$")
_STRONG_FUTURE = re.compile(r"(?i)will|won't|wo\s+n't|'ll|shall|going\s+to|scheduled|upcoming|next(?!\s+to\b)")


def _cue_sign(m: re.Match) -> int:
    """+1/-1 for a cue pointing forward/back; +2 for an unmistakable future."""
    if m["f"]:
        pre = _PERFECT_BEFORE.search(m.string[max(0, m.start() - 16):m.start()])
        if pre and pre["was"] and not re.fullmatch(r"(?i)scheduled|due|slated|planned|set\s+to", m["f"]):
            pre = None  # "were planning to drive on Monday": still ahead
        if pre and (pre["pre"] or re.match(r"\s+(?:to|for)\b", m.string[m.end():m.end() + 5])):
            return -1  # "had been scheduled to expire Friday": a plan in the past
        return 2 if _STRONG_FUTURE.fullmatch(m["f"]) else 1
    w = m["p"].lower()
    if w in _NOT_ED:
        return 0
    if w in _NOT_PAST_ED:
        return 1
    if _AUX_BEFORE.search(m.string[max(0, m.start() - 8):m.start()]):
        return 0  # "will be named", "is expected": a participle, not a past tense
    if _MODAL_BEFORE.search(m.string[max(0, m.start() - 8):m.start()]):
        return 0  # "will have updates": the modal already spoke
    if w.endswith("ed") and _DET_BEFORE.search(m.string[max(0, m.start() - 7):m.start()]):
        return 0  # "the trapped miners": an adjective
    return -1



ENGLISH_CUES = TenseCues(_CUE, _cue_sign, _BOUNDARY)

# "during the collapse of several regional lenders a year ago": the date of an event the
# phrase is inside, not the quarter a year earlier
_EVENT_BEFORE = re.compile(r"(?i)\b(?:during|amid|after|before|since|following)\s+the\b[^,;]*$")


# a sentence about a period other than the quarter: "for the nine months ...
# a year earlier" compares years, not quarters
_OTHER_PERIOD = re.compile(r"(?i)\b(?:nine|six|first\s+nine|first\s+six|12|twelve)\s+months|\b(?:first|second)\s+half|\b(?:the|full|fiscal)\s+year\b|year\s+to\s+date")


# a quarter's results: "fourth-quarter profit", "third-quarter GNP"
_RESULTS_AFTER = re.compile(r"(?i)\s+(?:net\s+|operating\s+|pretax\s+)?(?:results|earnings|profits?|loss|losses|sales|"
                            r"revenues?|income|GNP|GDP|gross\s+(?:national|domestic)\s+product|growth|figures|output|dividends?)\b")


# a sentence comparing results: "$4.5 million, or 51 cents a share, a year earlier"
_RESULTS_COMPARISON = re.compile(r"(?i)[$#%]|\bcents\b|\bcompared\b|\bfrom\b|\bversus\b|\bvs\b|\bup\b|\bdown\b|"
                                 r"\b(?:rose|fell|increased|decreased|declined|gained|dropped|climbed|jumped|slipped)\b|"
                                 r"\b(?:million|billion|loss|profit|earnings|revenue|sales|net|results|higher|lower|than)\b")



ENGLISH_READINGS = Readings(
    results_after=_RESULTS_AFTER, other_period=_OTHER_PERIOD, event_before=_EVENT_BEFORE,
    results_comparison=_RESULTS_COMPARISON,
    not_story_year=re.compile(r"(?i)\b(?:since|until|till|before|after|through|from|by)\s+$"),
    range_to=re.compile(r"(?i)(?:\buntil|\btill|\bthrough|\bto|-|–)\s*$"),
    appositive=re.compile(r",\s*the\s+"),
    fiscal=re.compile(r"(?i)fiscal"))
