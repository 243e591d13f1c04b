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
    ("cookies", r"we use cookies\b.{0,200}"),
    ("cookies", r"(?:(?:cookie (?:policy|settings|preferences)|privacy(?: policy)?|terms(?: of use| and conditions| of service)?"
                r"|contact us|about us|accessibility|sitemap)\s*[|·•,/]?\s*){1,8}"),
)

#: Footer/prompt patterns only apply to lines of at most this many words, so
#: a long news sentence that mentions "newsletter" or "copyright" stays.
MAX_PROMPT_WORDS = 25

#: A photo credit at the end of a caption line: "(Lee Jin-man/AP)",
#: "(AP Photo/Ahn Young-joon)", "Photo: Reuters", ", © AP/Press Association Images".
#: Photo agencies and the words that name a picture desk.
AGENCIES = ("AP", "PA", "AFP", "EPA", "Reuters", "Getty Images", "Getty", "Bloomberg",
            "Alamy", "Shutterstock", "Xinhua", "Yonhap", "KCNA", "PA Wire", "PA Images",
            "Press Association", "Press Association Images", "Kyodo", "dpa", "ANP",
            "NurPhoto", "SOPA Images", "Sipa", "Zuma", "Bloomberg via Getty Images")
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

_COMPILED = tuple((reason, re.compile(rx, re.IGNORECASE)) for reason, rx in LINE_PATTERNS)


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
    newsletter, sign up, app, copyright, cookies, caption, repeated title.
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
        parts.append("".join("\n" if c == "\n" else " " for c in text[s:e]))
        pos = e
    parts.append(text[pos:])
    return "".join(parts)
