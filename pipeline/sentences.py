"""Sentence spans for news text.

    >>> text = 'Mr. Kim spoke on Sept. 30 at 9 a.m. The U.N. met later.'
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['Mr. Kim spoke on Sept. 30 at 9 a.m.', 'The U.N. met later.']

Rules (fast, regex based; see docs/input.md for the comparison with pysbd):

* A blank line (or a line of spaces, e.g. masked boilerplate) always ends a
  sentence.
* A line break ends a sentence too (a headline, a caption, a list item), except
  inside a hard-wrapped paragraph (lines of similar width) or when the next
  line starts in lower case or the line ends with a comma, hyphen or dash.
* ``.``, ``!``, ``?``, ``…`` (plus any closing quotes or brackets: ``."``
  ``.”`` ``.''``) end a sentence when followed by white space and a word that
  does not start in lower case, except after an abbreviation:
  titles ("Mr.", "Dr.", "Gen.") never end one; "No." and month abbreviations
  do not before a number ("No. 2", "Sept. 30"); ambiguous abbreviations
  ("U.S.", "a.m.", "Inc.", initials "F.") end one only when the next word is a
  usual sentence opener ("The", "He", "But", ...).
* Numbers ("3.5 percent") never split: a full stop must be followed by space.

Spans are (start, end) offsets into ``text`` (end exclusive), white space
trimmed, in order and not overlapping.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from .temporal.lang import available, load

# ---------------------------------------------------------------------------
# Data, from the language's folder (lang/en/sentences.json).  Abbreviations are
# lower case, without the final full stop.
# ---------------------------------------------------------------------------
EN = load("en")

#: Never end a sentence (they stand before a name).
TITLES = EN["titles"]

#: Do not end a sentence before a number ("No. 2", "Sept. 30", "p. 4").
BEFORE_NUMBER = EN["before_number"]

#: May end a sentence; they do only when the next word is a usual sentence
#: opener.  Dotted acronyms ("U.S.", "a.m.") and single initials ("F.") are
#: treated the same way without being listed.
AMBIGUOUS = EN["ambiguous_abbreviations"]

#: Words that usually begin a sentence (used after ambiguous abbreviations).
SENTENCE_OPENERS = EN["sentence_openers"]

#: Speech verbs: '"Why?" Mr. Kim asked.' does not end at the question mark.
SPEECH_VERBS = EN["speech_verbs"]

_TERM = re.compile(r"(?:\.(?: \.){2,}|[.!?…]+)[\"'”’»)\]]*(?=\s|$)")
_BLANK = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
_TOKEN_BEFORE = re.compile(r"(\S+)$")
_DOTTED = re.compile(r"(?:^|[^\w.])(?:[A-Za-z]\.){2,}$|^[A-Z]\.$")
_NEXT = re.compile(r"\s*(\S)(\S*)")
_LINE_CONT = re.compile(r"[,\-–—(/&]$|\b(?:and|or|but|the|a|an|of|to|in|on|at|for|with|by|from)$",
                        re.IGNORECASE)
class SentenceCues(NamedTuple):
    """A language's sentence cues (``lang/<code>/sentences.json``; English's serve a
    language that has none)."""
    titles: frozenset
    before_number: frozenset
    ambiguous: frozenset
    openers: frozenset
    speech_verbs: frozenset
    line_cont: "re.Pattern[str]"


ENGLISH = SentenceCues(TITLES, BEFORE_NUMBER, AMBIGUOUS, SENTENCE_OPENERS, SPEECH_VERBS, _LINE_CONT)


@lru_cache(maxsize=None)
def sentence_cues(lang: str = "en") -> SentenceCues:
    """The sentence cues of ``lang``: its folder's ``sentences.json`` (its abbreviations,
    openers and speech verbs, and the words that carry a line on), else English's."""
    if lang == "en" or lang not in available():
        return ENGLISH
    t = load(lang).tables
    if "titles" not in t:
        return ENGLISH
    cont = t.get("line_continuations") or []
    line_cont = re.compile(r"[,\-–—(/&]$" + (r"|\b(?:" + "|".join(map(re.escape, cont)) + r")$" if cont else ""),
                           re.IGNORECASE)
    return SentenceCues(frozenset(t["titles"]), frozenset(t["before_number"]), frozenset(t["ambiguous_abbreviations"]),
                        frozenset(t["sentence_openers"]), frozenset(t["speech_verbs"]), line_cont)


_SENT_PUNCT = re.compile(r"[.!?…:;][\"'”’»)\]]*$")

_OPEN_QUOTES = "\"'“‘«`([{"
_WORDS = re.compile(r"[A-Za-z]+")
_CLOSE_QUOTES = "\"'”’»"


def _is_boundary(seg: str, m: re.Match, cues: SentenceCues = ENGLISH) -> bool:
    """Does the terminator match ``m`` in ``seg`` end a sentence?"""
    nxt = _NEXT.match(seg, m.end())
    if nxt is None:
        return True  # end of segment
    first = nxt.group(1)
    if first.islower():
        return False
    punct = m.group(0)
    if punct[0] in "!?" and punct[-1] in _CLOSE_QUOTES:
        # '"Why?" Mr. Kim asked.' / "``We will!'' Castro declared."
        words = _WORDS.findall(seg, m.end(), min(len(seg), m.end() + 60))[:5]
        if any(w.lower() in cues.speech_verbs for w in words):
            return False
    if punct[0] != ".":
        return True  # ! ? …
    if punct.startswith("..") or punct.startswith(". ."):
        return True  # ellipsis followed by a capital
    tok_m = _TOKEN_BEFORE.search(seg, max(0, m.start() - 64), m.start())
    if tok_m is None:
        return True
    raw = tok_m.group(1).lstrip(_OPEN_QUOTES)
    if len(punct) > 1 and punct[1:2] in "\"'”’»)]":
        # '... said Mr."' is odd; a full stop inside closing quotes ends a sentence
        return True
    tok = raw.lower()
    if tok in cues.titles:
        return False
    if first.isdigit() and tok in cues.before_number:
        return False
    if tok in cues.ambiguous or _DOTTED.search(raw + "."):
        if first in _OPEN_QUOTES and first not in "([{":
            return True
        word = _WORDS.match(nxt.group(2) if not first.isalpha() else first + nxt.group(2))
        return word is not None and word.group(0).lower() in cues.openers
    return True


def _split_segment(text: str, start: int, end: int, out: list, cues: SentenceCues = ENGLISH) -> None:
    """Sentence spans of text[start:end] (one line or one wrapped paragraph)."""
    seg = text[start:end]
    pos = 0
    for m in _TERM.finditer(seg):
        if _is_boundary(seg, m, cues):
            _emit(text, start + pos, start + m.end(), out)
            pos = m.end()
    _emit(text, start + pos, end, out)


def _emit(text: str, s: int, e: int, out: list) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))


def _wrapped(lines: list[tuple[int, int]]) -> bool:
    """A hard-wrapped paragraph: several lines of similar width."""
    if len(lines) < 3:
        return False
    widths = [e - s for s, e in lines[:-1]]
    top = max(widths)
    return 40 <= top <= 120 and min(widths) >= 0.6 * top and lines[-1][1] - lines[-1][0] <= top + 10


def _split_block(text: str, start: int, end: int, out: list, cues: SentenceCues = ENGLISH) -> None:
    lines = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        if nl < 0:
            nl = end
        _emit(text, pos, nl, lines)  # the line, trimmed, if not blank
        pos = nl + 1
    if not lines:
        return
    if len(lines) == 1 or _wrapped(lines):
        _split_segment(text, lines[0][0], lines[-1][1], out, cues)
        return
    seg_start = lines[0][0]
    for (s, e), nxt in zip(lines, lines[1:] + [None]):
        if nxt is not None:
            line = text[s:e]
            following = text[nxt[0]]
            soft = following.islower() or cues.line_cont.search(line) is not None
            if soft and not _SENT_PUNCT.search(line):
                continue
        _split_segment(text, seg_start, e, out, cues)
        if nxt is not None:
            seg_start = nxt[0]


def split_sentences(text: str, lang: str = "en") -> list[tuple[int, int]]:
    """Sentence spans (start, end) into ``text``, written in ``lang``: trimmed, ordered, disjoint."""
    cues = sentence_cues(lang)
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _BLANK.finditer(text):
        _split_block(text, pos, m.start(), out, cues)
        pos = m.end()
    _split_block(text, pos, len(text), out, cues)
    return out


def sentences(text: str) -> list[str]:
    """The sentence strings (for quick looks and tests)."""
    return [text[s:e] for s, e in split_sentences(text)]
