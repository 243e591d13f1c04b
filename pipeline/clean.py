"""Site boilerplate: find it and blank it out without moving any offset.

News pages copied or extracted from the web carry lines that are not part of
the story: share buttons, "Read More", newsletter and app prompts, copyright
footers ("(c) 2022, developed by ..." is the *website's* year, not a date in
the news), photo captions with a credit, a headline printed twice.  Dates in
such lines must give no events, so the pipeline tags the *masked* text:

    >>> masked = mask_boilerplate(text)
    >>> len(masked) == len(text)
    True

Every boilerplate character becomes a space (newlines are kept), so an offset
into the masked text is the same offset into the original.

The heuristics are line based and conservative: a line is boilerplate only
when the *whole* line (stripped) matches one of the patterns below, and the
prompt/footer patterns only apply to short lines.  A line that ends like a
sentence is never taken for a caption or a repeated headline.  The patterns
are data (``LINE_PATTERNS``, ``CAPTION_CREDIT``, ...) so they can be extended
without touching the logic.
"""
from __future__ import annotations

import re
from typing import Optional

from .temporal.lang import load, others

#: Word lists for page furniture (photo credits, agencies, outlets, byline
#: cues, timestamp labels and zones): the English folder's boilerplate.json,
#: read once (pipeline/temporal/lang).
LEXICON = load("en").tables

# ---------------------------------------------------------------------------
# Data: what boilerplate looks like.  Each entry is (reason, regex); a regex
# must match the WHOLE stripped line (re.fullmatch, case-insensitive).
# ---------------------------------------------------------------------------

_SOCIAL = (r"facebook|twitter|x|whatsapp|linkedin|reddit|pinterest|email|e-mail|"
           r"messenger|telegram|flipboard|threads|bluesky|instagram|tiktok|youtube")

LINE_PATTERNS: tuple[tuple[str, str], ...] = (
    # Share / social buttons.
    ("share", r"(?:share|share this|share this (?:article|story|page|post|video)"
              r"|share (?:on|via|with) .{1,30}|tweet(?: this)?|print(?: this (?:article|page))?"
              r"|email(?: this (?:article|story))?|copy link|link copied|comments?"
              r"|\d+\s+comments?|view comments|(?:" + _SOCIAL + r")(?:\s*[|/,]\s*(?:" + _SOCIAL + r"))*)"
              r"\s*[:!.]?"),
    ("follow", r"(?:follow|like) us on .{1,60}"),
    # Links to other stories.
    ("read more", r"(?:read more|read next|more from .{1,40}|related(?: articles?| stories| content)?"
                  r"|see also|also read|most read|most popular|recommended(?: for you)?"
                  r"|trending(?: now)?|top stories|you may also like|more stories"
                  r"|continue reading|click here to read more|show more|load more)"
                  r"(?:\s*[:\-–—|]\s*.{0,160})?\s*[.…>»]*"),
    ("advertisement", r"(?:advertisement|sponsored(?: content)?|ad feature|"
                      r"story continues (?:below|after) (?:this )?advert(?:isement)?|"
                      r"article continues below(?: advert(?:isement)?)?|skip (?:this )?ad(?:vert)?)"),
    # Newsletter and subscription prompts.
    ("newsletter", r".{0,80}\b(?:e-?mail you|to your inbox|in your inbox|newsletters?)\b.{0,80}\?"),
    ("newsletter", r"(?:(?:sign up|signup|subscribe|register)\b|(?:get|join) (?:our|the)\b).{0,80}"
                   r"\b(?:newsletters?|briefing|bulletin|inbox|updates|alerts)\b.{0,60}"),
    ("sign up", r"(?:sign up|subscribe)(?:\b.{0,100})?"),
    ("sign up", r"(?:sign in|log in|login|register|already (?:a )?(?:subscriber|registered|have an account)\b.{0,40}"
                r"|become a (?:member|subscriber)\b.{0,60}|support (?:our|us|independent) .{0,80})"
                r"\s*(?:(?:here|now|today|for free|free)\s*)?[.!:>»]*"),
    # App prompts.
    ("app", r"(?:download|get|install|try) (?:our|the(?: free)?) (?:.{0,30} )?apps?\b.{0,60}"),
    # Copyright / credit footers (the site's year, not the story's).
    ("copyright", r"(?:©|\(c\)\s*(?:19|20)\d\d).{0,160}"),
    ("copyright", r"copyright\s*(?:©|\(c\))?\s*(?:[\w&.,'’-]+\s+){0,4}(?:19|20)\d\d\b.{0,160}"),
    ("copyright", r".{0,120}\ball rights reserved\b.{0,40}"),
    ("copyright", r"(?:(?:web)?site |page )?(?:developed|designed|powered|built|hosted) by\b.{0,80}"),
    ("comments closed", r"(?:this discussion is (?:now )?closed|(?:the )?comments (?:to|on|for) this "
                        r"(?:entry|article|story|post) (?:are|is) (?:now )?closed|comments are (?:now )?closed)\s*[.!]?"),
    ("cookies", r"we use cookies\b.{0,200}"),
    ("cookies", r"(?:(?:cookie (?:policy|settings|preferences)|privacy(?: policy)?|terms(?: of use| and conditions| of service)?"
                r"|contact us|about us|accessibility|sitemap)\s*[|·•,/]?\s*){1,8}"),
)

#: Footer/prompt patterns only apply to lines of at most this many words, so
#: a long news sentence that mentions "newsletter" or "copyright" stays.
MAX_PROMPT_WORDS = 25

#: A photo credit at the end of a caption line: "(Lee Jin-man/AP)",
#: "(AP Photo/Ahn Young-joon)", "Photo: Reuters", ", © AP/Press Association Images".
#: Photo agencies and the words that name a picture desk (from lang/en/boilerplate.json).
AGENCIES = tuple(LEXICON["photo_credits"])
_AGENCY = "(?:" + "|".join(sorted((re.escape(a) for a in AGENCIES), key=len, reverse=True)) + ")"
CAPTION_CREDIT = re.compile(
    r"(?:"
    r"\((?:" + _AGENCY + r"|photo|picture|image)\b[^()\n]{0,60}\)"               # (AP Photo/X), (Reuters)
    r"|\([^()\n/]{2,60}/(?:[^()\n/]{1,40}/)?" + _AGENCY + r"(?: via [^()\n]{1,40})?\)"  # (Name/AP)
    r"|\([^()\n/]{2,60}/[^()\n/]{0,40}(?:images|photos?|pictures|press|wire|agency)\)"
    r"|(?:^|[,.;:\s])\s*(?:©|\(c\)|photo(?:graph)?:|picture:|image:|credit:|pic:)\s*[^\n]{2,80}"
    r")\s*$",
    re.IGNORECASE)

_STRONG_CREDIT = re.compile(r"/|©|\(c\)|photo|picture|image|credit|pic:", re.IGNORECASE)

#: Captions are short and have no sentence punctuation before the credit.
MAX_CAPTION_WORDS = 45

_SENT_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_WORD = re.compile(r"\w+")



#: The page-furniture lines of the other languages' sites ("Lire aussi", "Compartir", "Mehr
#: zum Thema": their folders' ``line_patterns``), read after English's: a page in one
#: language quotes another's buttons often enough, and no news sentence is one.
_OTHER_LINES = tuple((reason, rx) for reason, rx in others("line_patterns"))
_COMPILED = tuple((reason, re.compile(rx, re.IGNORECASE)) for reason, rx in LINE_PATTERNS + _OTHER_LINES)


def _lines(text: str):
    """(start, end) of each line's stripped content (empty lines skipped)."""
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            yield pos + lead, pos + lead + len(stripped)
        pos += len(line) + 1


def _norm(s: str) -> str:
    return " ".join(_WORD.findall(s.casefold()))


def _is_doubled(line: str) -> bool:
    """"Title Title": the same run of (at least three) words twice."""
    words = _WORD.findall(line.casefold())
    n = len(words)
    return n >= 6 and n % 2 == 0 and words[: n // 2] == words[n // 2:]


def _caption(line: str) -> bool:
    if not (line.endswith(")") or "©" in line or ":" in line or "(c)" in line.lower()):
        return False  # cheap test first: every credit form has one of these
    m = CAPTION_CREDIT.search(line)
    if not m:
        return False
    before = line[: m.start()].rstrip()
    if not before:
        return True  # a bare credit line
    if len(_WORD.findall(before)) > MAX_CAPTION_WORDS:
        return False
    # A photo credit ("(AP Photo/X)", "(Name/AP)", "©", "Photograph:") marks a
    # caption even after a full stop; a bare agency tag after a sentence
    # ("... police said. (Reuters)") is a source tag on a news sentence.
    if _STRONG_CREDIT.search(m.group(0)):
        return True
    return not _SENT_END.search(before)


def classify_lines(text: str) -> list[tuple[int, int, str]]:
    """Boilerplate lines as (start, end, reason); offsets into ``text``.

    ``reason`` is one of: share, follow, read more, advertisement,
    newsletter, sign up, app, copyright, comments closed, cookies, caption,
    repeated title.
    """
    out: list[tuple[int, int, str]] = []
    seen_titles: set[str] = set()
    for start, end in _lines(text):
        line = text[start:end]
        nwords = len(line.split())
        reason = None
        if nwords <= MAX_PROMPT_WORDS:
            for why, rx in _COMPILED:
                if rx.fullmatch(line):
                    reason = why
                    break
        if reason is None and nwords <= MAX_CAPTION_WORDS + 20 and _caption(line):
            reason = "caption"
        if reason is None and not _SENT_END.search(line):
            key = _norm(line)
            if _is_doubled(line) or (nwords >= 3 and key in seen_titles):
                reason = "repeated title"
            elif nwords <= 30:
                seen_titles.add(key)
        if reason is not None:
            out.append((start, end, reason))
    return out


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Character spans (start, end exclusive) of site boilerplate in ``text``,
    in order and not overlapping.  Each span is one line's stripped content."""
    return [(s, e) for s, e, _ in classify_lines(text)]


def mask_boilerplate(text: str) -> str:
    """``text`` with every boilerplate character replaced by a space.

    Same length, newlines kept, so offsets into the result are offsets into
    ``text``.
    """
    spans = boilerplate_spans(text)
    if not spans:
        return text
    parts = []
    pos = 0
    for s, e in spans:
        parts.append(text[pos:s])
        parts.append(_NOT_NEWLINE.sub(" ", text[s:e]))
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


# ---------------------------------------------------------------------------
# Story headers: bylines, datelines and page timestamps.
#
# Unlike the line rules above these are spans *inside* a line: feeds often
# glue the headline, the byline, the page timestamp, the dateline and the
# first sentence onto one line ("CHICAGO | Fri Jun 26, 2009 7:39 pm EDT
# CHICAGO (Reuters) - More than 1 million people ...").  The header pieces
# date the page, not the news, so the events stage blanks them
# (``mask_headers``); the loader's dateline detection still sees them.
# ---------------------------------------------------------------------------

def _alt(words, flags: str = "") -> str:
    """A regex alternation of literal words, longest first (no nested quantifiers)."""
    body = "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True))
    return f"(?{flags}:{body})" if flags else f"(?:{body})"


_MONTH = (r"(?i:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?")
_WEEKDAY = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
            r"|Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\b\.?")
_DAYNUM = r"[0-3]?\d(?:st|nd|rd|th)?\b"
_YEAR = r"(?:19|20)\d\d\b"
_ZONE = _alt(LEXICON["time_zones"])
_LABEL = _alt(LEXICON["timestamp_labels"])
_AGENCY_NAME = _alt(LEXICON["news_agencies"])
_OUTLET = _alt(LEXICON["outlets"])
_CUE = _alt(LEXICON["byline_cues"], "i")
_ROLE = _alt(LEXICON["byline_roles"], "i")
_NOT_NAME = _alt(LEXICON["not_names"])

#: A date with its year: "Mon Mar 2, 2009", "Saturday, 25 April 2009", "28 Apr 2009", "2009-04-28".
_DATE_Y = rf"""
    (?:{_WEEKDAY}\s*,?\s*)?
    (?: {_MONTH}\s*{_DAYNUM}\s*,?\s*{_YEAR}
      | {_DAYNUM}\s*{_MONTH}\s*,?\s*{_YEAR}
      | {_YEAR}-[01]\d-[0-3]\d\b )"""
#: A weekday and a day without the year: "Wed, Dec 15", "Tuesday 9 June".
_DATE_WD = rf"""
    {_WEEKDAY}\s*,?\s*(?: {_MONTH}\s*{_DAYNUM} | {_DAYNUM}\s*{_MONTH} )(?!\s*,?\s*(?:19|20)\d\d)"""
#: A clock time: "4:23 pm", "15.16", "12:01AM", "6 PM"; with a zone word or not.
_CLOCK = r"""
    (?: [012]?\d[:.][0-5]\d(?:[:.][0-5]\d)?(?:\s?[AaPp]\.?[Mm]\b\.?)?
      | [01]?\d\s?[AaPp]\.?[Mm]\b\.? )"""
_TIMEZ = rf"(?:{_CLOCK}(?:\s*{_ZONE}\b)?)"
_PIECE = rf"(?:{_LABEL}(?:\s*:)?(?:\s+(?:at|on)\b)?|{_DATE_Y}|{_DATE_WD}|{_TIMEZ})"
_SEP = r"(?>\s*(?:--?|[–—,;|]|on\b)?\s*)"  # atomic: a run of spaces is split one way only (no quadratic backtracking)

#: A page timestamp: up to seven pieces (label, dated day, clock time) in a row.
#: Whether it really is one is checked in ``_stamp_ok``.
TIMESTAMP = re.compile(rf"(?=[A-Z\d])(?<![\w:.]){_PIECE}(?:{_SEP}{_PIECE}){{0,6}}(?![\w:])", re.VERBOSE)
_HAS_DATE = re.compile(f"{_DATE_Y}|{_DATE_WD}", re.VERBOSE)
_HAS_CLOCK = re.compile(_CLOCK, re.VERBOSE)
_HAS_LABEL = re.compile(rf"^{_LABEL}")
#: A word right before a date or time that makes it part of a sentence ("at 4:23 pm on May 2, 2009").
_PROSE_BEFORE = re.compile(
    r"\b(?:at|by|until|till|before|after|since|from|around|about|to|between|and|of|in|than|for|during|"
    r"through|past|near|by)\s*$", re.IGNORECASE)

#: Place words of a dateline in capitals: "WASHINGTON", "MEXICO CITY/GENEVA", "ST. LOUIS".
_PLACE_CAPS = r"[A-Z][A-Z0-9.'’&/\\-]*[A-Z.](?:\s+[A-Z][A-Z0-9.'’&/\\-]*[A-Z.]){0,8}"
_PLACE_TAIL = r"(?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?){0,2}"       # ", Louisiana", ", South Korea"
_DAY_REF = rf"(?:,?\s*{_MONTH}\s*{_DAYNUM})?"                               # ", May 2"
_DASH = r"(?:--?|[–—_])"

#: A wire dateline anywhere: "WASHINGTON (Reuters) - ", "HONG KONG, May 2 (Reuters) - ", "(AP) ".
AGENCY_DATELINE = re.compile(rf"""
    (?: (?<![\w(]){_PLACE_CAPS}{_PLACE_TAIL}{_DAY_REF}\s*\(\s*{_AGENCY_NAME}(?:\s+[A-Z][a-z]+)?\s*\)\s*{_DASH}\s*
      | \(\s*{_AGENCY_NAME}\s*\)(?:\s*{_DASH})?\s* )""", re.VERBOSE)
_AGENCY_TAG = re.compile(rf"\(\s*{_AGENCY_NAME}\b")
#: A dateline at the start of a line or right after another header piece: "HOUSTON - ",
#: "NEW ORLEANS--", "AP NEW ORLEANS--", "MIAMI — ".
PLAIN_DATELINE = re.compile(rf"""
    (?:{_AGENCY_NAME}\s+)?(?=[A-Z.'’&/\\-]{{4}}|[A-Z]+\s+[A-Z])
    {_PLACE_CAPS}{_PLACE_TAIL}{_DAY_REF}\s*(?:--|\s[–—_-])\s*""", re.VERBOSE)

_NAME_WORD = r"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?|Mc[A-Z][a-z]+|O['’][A-Z][a-z]+)"
_NAME = rf"""(?!{_NOT_NAME}\b|{_MONTH}|{_WEEKDAY})
    {_NAME_WORD}(?:\s+[A-Z]\.)?(?:\s+(?:de|da|di|van|von|der|le|la|al|bin|el))?\s+{_NAME_WORD}\b"""
_HANDLE = r"[\w.@-]{1,40}"
#: A photo credit glued to the text: "Photograph: Toby Melville/Reuters", "Photograph:
#: KPA/Zuma/Rex Features", "AP Photo/Dave Martin", "REUTERS/Sean Gardner".
_CREDIT_WORD = r"[A-Z][\w.'’-]*"
_SLASH = r"\s*\\?/\s*"
PHOTO_CREDIT = re.compile(rf"""
    (?:\(\s*)?
    (?: \b{_alt(LEXICON["photo_cues"])}\s*:\s*(?:{_CREDIT_WORD}\s+){{0,3}}{_CREDIT_WORD}
        (?:{_SLASH}(?:{_alt(AGENCIES)}\b|{_CREDIT_WORD})){{1,3}}
      | \b(?:{_alt(AGENCIES, "i")})(?:\s+Photo)?{_SLASH}{_NAME} )
    (?:\s*\))?""", re.VERBOSE)
#: A credit in brackets: "(Alastair Grant - AP)", "(U.S. Coast Guard via Associated Press)",
#: "(Official White House Photo by Pete Souza)".  Starts with "(" so the scan is quick.
PAREN_CREDIT = re.compile(rf"""
    \( (?: [^()\n]{{2,60}}?\s[-–—]\s*(?:{_alt(AGENCIES, "i")})          # (Alastair Grant - AP)
         | [^()\n]{{2,60}}?\s+via\s+(?:{_alt(AGENCIES, "i")})           # (U.S. Coast Guard via Associated Press)
         | [^()\n]{{0,40}}\bPhoto\s+by\s+[^()\n]{{2,40}} )\s*\)  # (Official White House Photo by Pete Souza)
""", re.VERBOSE)
#: A byline: "By Maggie Fox, Health and Science Editor", "by: Jonathan Serrie",
#: "Posted by: user", "By Lisa Rein and Ed O'Keefe", "By Richard Black Environment correspondent, BBC News".
BYLINE = re.compile(rf"""
    {_CUE}\b
    (?: \s*:\s*(?:{_NAME}|{_HANDLE}) | \s+{_NAME} )
    (?:\s*(?:,|and|&)\s+{_NAME}){{0,3}}
    (?:\s*,?\s*(?:[A-Z][a-z]+\s+){{0,4}}(?:(?:and|of)\s+[A-Z][a-z]+\s+)?{_ROLE}\b)?
    (?:\s*,?\s*{_OUTLET}\b)?
    (?:\s*[|,;:]|\s*$)?""", re.VERBOSE | re.MULTILINE)
#: A signature without "By": "Robert Peston Business editor, BBC News", "Technology Reporter, BBC News".
SIGNATURE = re.compile(rf"""(?:{_NAME}\s+)?(?:[A-Z][a-z]+\s+){{0,3}}{_ROLE}\s*,\s*{_OUTLET}\b""", re.VERBOSE)
#: A writer's name or a place before "|" and a timestamp: "Susan Watts | ", "KUALA LUMPUR, April 27 | ".
_BEFORE_PIPE = re.compile(rf"""
    (?: (?:^|(?<=\n)){_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}
      | (?<![\w]){_PLACE_CAPS}{_PLACE_TAIL}{_DAY_REF} )\s*\|\s*$
    | {_CUE}\s*:?\s+{_HANDLE}\s*\|?\s*$""", re.VERBOSE)
#: A reader comment's header: "At 12:09 pm on 28 May 2010, paul wrote:".
COMMENT_HEAD = re.compile(rf"\bAt\s+{_PIECE}(?:{_SEP}{_PIECE}){{0,3}}\s*,\s*{_HANDLE}\s+wrote\s*:", re.VERBOSE)
_COMMENT_TAIL = re.compile(rf"(?:\|[ \t]{{0,3}})?{_alt(LEXICON['comment_tails'])}\b")
_OUTLET_ALONE = re.compile(rf"(?:{_AGENCY_NAME}|{_OUTLET}|{_alt(AGENCIES)})", re.IGNORECASE)


def _stamp_ok(text: str, m: re.Match) -> bool:
    """A TIMESTAMP match is a page timestamp: a dated day and a clock time, or a label
    with either, and not the object of a preposition ("at 4:23 pm on May 2, 2009")."""
    s = m.group(0)
    date_ = _HAS_DATE.search(s) is not None
    clock = _HAS_CLOCK.search(s) is not None
    label = _HAS_LABEL.match(s) is not None
    if not ((date_ and clock) or (label and (date_ or clock))):
        return False
    if label:
        return True
    return _PROSE_BEFORE.search(text, max(0, m.start() - 12), m.start()) is None


def _photo_credits(text: str) -> list[tuple[int, int]]:
    """PHOTO_CREDIT matches, looked for only near a "/" (every credit has one; scanning
    the whole text for the credit words would cost more than all the rest).  Slashes
    closer than a credit's length share one window, so each character is read once."""
    out: list[tuple[int, int]] = []
    n = len(text)
    i = text.find("/")
    while i >= 0:
        lo, hi = max(0, i - 120), min(n, i + 120)
        j = text.find("/", i + 1)
        while 0 <= j < hi + 120:
            hi = min(n, j + 120)
            j = text.find("/", j + 1)
        out.extend((m.start(), m.end()) for m in PHOTO_CREDIT.finditer(text, lo, hi))
        i = j
    return out


def _segment_starts(text: str, spans) -> list[int]:
    """Where a header piece may start: each line's first character, and right after
    a "|" or another header piece."""
    out = [0]
    pos = text.find("\n")
    while pos >= 0:
        out.append(pos + 1)
        pos = text.find("\n", pos + 1)
    out.extend(e for _, e in spans)
    return out


def _skip_space(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i] in " \t":
        i += 1
    return i


def header_spans(text: str) -> list[tuple[int, int]]:
    """Spans of story headers in ``text``: page timestamps ("Fri Jun 26, 2009 7:39 pm
    EDT", "18:00 UK time, Saturday, 25 April 2009", "Published: 12:01AM BST 28 Apr
    2009"), wire datelines ("MEXICO CITY (Reuters) - ", "HOUSTON - " at a line start),
    bylines ("By Maggie Fox, Health and Science Editor", "Susan Watts |") and comment
    stamps ("Posted by: user | June 7, 2010 1:51 PM | Report abuse", "At 12:09 pm on
    28 May 2010, paul wrote:").

    Sorted, merged, each trimmed of surrounding white space.  A date or time in a
    sentence ("at 4:23 pm on May 2, 2009", "on Friday, April 24, 2009") is no header.
    """
    spans: list[tuple[int, int]] = []
    for m in TIMESTAMP.finditer(text):
        if _stamp_ok(text, m):
            spans.append((m.start(), m.end()))
    if _OTHER_HEADER is not None:  # "Publié le 3 mars 2024 à 14h32", "Par Jean Dupont"
        spans.extend((m.start("h"), m.end("h")) for m in _OTHER_HEADER.finditer(text))
    # The name or place before "| <timestamp>".
    for s, _ in list(spans):
        lo = max(0, s - 80, text.rfind("\n", 0, s) + 1)
        m = _BEFORE_PIPE.search(text, lo, s)
        if m:
            spans.append((m.start(), s))
        else:
            b = BYLINE.search(text, lo, s)
            if b and text[b.end():s].strip(" |;,") == "" and text[b.start() - 1:b.start()] in ("", "\n", " ", "|"):
                spans.append((b.start(), s))
    # (cheap literal tests first: most texts have none of these)
    if _AGENCY_TAG.search(text):
        spans.extend((m.start(), m.end()) for m in AGENCY_DATELINE.finditer(text))
    spans.extend(_photo_credits(text))
    if "(" in text:
        spans.extend((m.start(), m.end()) for m in PAREN_CREDIT.finditer(text))
    if " wrote" in text:
        spans.extend((m.start(), m.end()) for m in COMMENT_HEAD.finditer(text))
    if "Report" in text:
        spans.extend((m.start(), m.end()) for m in _COMMENT_TAIL.finditer(text))
    # Pieces that only count at a segment start: bylines, plain datelines, "| by: X".
    done: set[int] = set()
    todo = _segment_starts(text, spans)
    while todo:
        i = _skip_space(text, todo.pop())
        if i in done or i >= len(text):
            continue
        done.add(i)
        if text[i] == "|":
            j = _skip_space(text, i + 1)
            spans.append((i, i + 1))
            todo.append(i + 1)
            i = j
        for rx in (BYLINE, SIGNATURE, PLAIN_DATELINE):
            m = rx.match(text, i)
            if m and m.end() > i:
                spans.append((i, m.end()))
                todo.append(m.end())
                break
    return _merge(text, spans)


def _words_alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) or "(?!)"


#: A date written out in the other languages Chronicle reads ("3 mars 2024", "mardi 3 mars
#: 2024", "el 3 de marzo de 2024", "3. März 2024"), from their folders' month and weekday
#: names: the loader's datelines and the cleaner's page timestamps read it.
OTHER_DATE = (rf"(?:(?i:{_words_alt(others('weekdays'))}),?\s+)?(?:(?i:le|el|den|am)\s+)?\d{{1,2}}(?:er|º|\.)?\s+"
              rf"(?:de\s+)?(?i:{_words_alt(others('months'))})\.?,?\s+(?:de\s+)?\d{{4}}")
#: The labels of a dateline in those languages ("Publié le", "Actualizado el").
OTHER_LABELS = _words_alt(others("dateline_labels"))


def _other_languages_headers() -> Optional["re.Pattern[str]"]:
    """The headers of the other languages' pages, at a line's start (or after "|"): a
    labelled page timestamp ("Publié le 3 mars 2024 à 14h32", "Actualizado el 3 de marzo
    de 2024", "Veröffentlicht am 3. März 2024, 14:32 Uhr") and a byline on its own
    ("Par Jean Dupont", "Por Ana López y Juan Pérez"): their folders' ``dateline_labels``,
    month names and ``byline_cues``. None when only English is read."""
    cues = others("byline_cues")
    if not others("dateline_labels") and not cues:
        return None
    clock = r"\d{1,2}\s?[hH:.]\s?\d{2}(?:\s*Uhr)?"
    name = r"[A-ZÀ-ÖØ-Ý][\w'’-]+(?:\s+[A-ZÀ-ÖØ-Ý][\w'’-]+){1,3}"
    return re.compile(rf"""(?:^|(?<=\|))[ \t]*(?P<h>
        (?i:{OTHER_LABELS})\s*:?\s*(?:(?i:à|a)\s+)?{OTHER_DATE}(?:\s*(?:,|à|a\s+las|um|-)\s*{clock})?
      | (?i:{_words_alt(cues)})\s+{name}(?:\s*(?:,|et|y|und)\s+{name}){{0,3}}(?=[ \t]*(?:[|,;•·]|$)) )""",
                      re.VERBOSE | re.MULTILINE)


_OTHER_HEADER = _other_languages_headers()
_GLUE = re.compile(r"[ \t,;|–—-]*")


def _merge(text: str, spans) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e <= s:
            continue
        if out and (s <= out[-1][1] or _GLUE.fullmatch(text, out[-1][1], s)):
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    # A lone "|" between two words is no header.
    return [(s, e) for s, e in out if text[s:e].strip("| ")]


def comment_section(text: str) -> Optional[int]:
    """Where the readers' comments start, or None: the start of the line holding the
    first comment stamp ("At 12:09 pm on 28 May 2010, paul wrote:", "Posted by: x |
    May 27, 2010 4:38 PM | Report abuse").  Comments run to the end of a page; their
    dates are the readers', not the story's."""
    first = None
    if " wrote" in text:
        m = COMMENT_HEAD.search(text)
        first = m.start() if m else None
    if "Report" in text:
        m = _COMMENT_TAIL.search(text)
        if m and (first is None or m.start() < first):
            first = m.start()
    if first is None:
        return None
    return text.rfind("\n", 0, first) + 1


_NOT_NEWLINE = re.compile(r"[^\n]")


def blank_spans(text: str, spans) -> str:
    """``text`` with every character of ``spans`` a space (newlines kept); same length."""
    if not spans:
        return text
    parts = []
    pos = 0
    for s, e in sorted(spans):
        s = max(s, pos)
        if e <= s:
            continue
        parts.append(text[pos:s])
        parts.append(_NOT_NEWLINE.sub(" ", text[s:e]))
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


def mask_headers(text: str) -> str:
    """``text`` with its story headers (``header_spans``) blanked; same length."""
    return blank_spans(text, header_spans(text))


def is_outlet_name(s: str) -> bool:
    """True when ``s`` is nothing but a news agency, outlet or photo desk name ("Reuters", "(AP)")."""
    core = s.strip(" \t\n()[].,;:-–—|“”\"'‘’")
    return bool(core) and _OUTLET_ALONE.fullmatch(core) is not None


_LEAD_PIPE = re.compile(rf"""(?:{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}|{_PLACE_CAPS}{_PLACE_TAIL}{_DAY_REF})\s*\|\s*""",
                        re.VERBOSE)
_LEADING = (BYLINE, SIGNATURE, AGENCY_DATELINE, PLAIN_DATELINE, PHOTO_CREDIT, PAREN_CREDIT, COMMENT_HEAD, _COMMENT_TAIL)


def leading_header_end(s: str) -> int:
    """Where the text starts after the header pieces at the start of ``s`` (0: none).

    The same rules as ``header_spans``, tried only at the start and after each
    piece found, so it is cheap enough for every title.
    """
    i = 0
    n = len(s)
    for _ in range(12):
        while i < n and s[i] in " \t\n|,;":
            i += 1
        m = TIMESTAMP.match(s, i)
        if m and _stamp_ok(s, m):
            i = m.end()
            continue
        m = _LEAD_PIPE.match(s, i)
        if m:
            t = TIMESTAMP.match(s, m.end())
            if t and _stamp_ok(s, t):
                i = t.end()
                continue
        for rx in _LEADING:
            m = rx.match(s, i)
            if m and m.end() > i:
                i = m.end()
                break
        else:
            break
    return i if i < n else 0
