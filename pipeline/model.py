"""Frozen data types shared by the whole pipeline.

Everything the pipeline produces is one of these immutable records, so the
same objects flow through the CLI, batch jobs, tests and the Streamlit app.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Optional

from .temporal.lang import available

#: TIMEX3 types.
#: How a text tells time (``pipeline.tag``'s ``genre``).
GENRES = ("news", "narrative", "post")
#: The command line's --genre help, one text for every command.
GENRE_HELP = ("news: every date read from the publication day; narrative (a history, a background piece): "
              "a date without its year read from the date the text last named; post (a social-media post): "
              "news reading, and every time word is an expression ('have a nice day', 'at night'). "
              "Default: decided per text")

TYPES = ("DATE", "TIME", "DURATION", "SET")

#: The languages Chronicle reads (the folders of ``temporal/lang``), and the command line's --lang help.
LANGUAGES = available()
LANG_HELP = (f"the language of the texts: {', '.join(LANGUAGES)}. Default: detected per text (a text too short "
             "to judge is read as English; one in a language Chronicle does not read is named and left out)")

#: Calendar grains, finest first.  ``Timex.grain`` is one of these or None.
GRAINS = ("time", "day", "week", "month", "quarter", "half", "season", "year",
          "decade", "century")


@dataclass(frozen=True)
class Timex:
    """One temporal expression found in a text.

    ``start``/``end`` are character offsets into the tagged text (Python
    string indices, ``end`` exclusive) and ``text == source[start:end]``.
    ``type``/``value``/``mod`` follow TimeML TIMEX3.  ``grain`` and the
    half-open interval ``[date_from, date_to)`` give the calendar span the
    expression denotes; they are None where there is none (an unanchored
    duration, a vague reference such as PAST_REF, a set).
    ``rule`` names the extraction rule and ``note`` says in words how the
    value was resolved (for explanations shown to users).
    """

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: Optional[str] = None
    grain: Optional[str] = None
    date_from: Optional[datetime] = None
    date_to: Optional[datetime] = None
    rule: str = ""
    note: str = ""

    def to_json(self, doc: str | None = None) -> dict:
        """The CLI's JSON Lines record (``from``/``to`` ISO 8601, ``to`` exclusive)."""
        rec = {"doc": doc, "start": self.start, "end": self.end,
               "text": self.text, "type": self.type, "value": self.value,
               "mod": self.mod, "grain": self.grain,
               "from": self.date_from.isoformat() if self.date_from else None,
               "to": self.date_to.isoformat() if self.date_to else None}
        return rec


@dataclass(frozen=True)
class Article:
    """One news article.  ``published`` is None when no date is known;
    ``date_source`` says where it came from: "given" (by the user / the
    record), "metadata" (HTML metadata via htmldate), "detected" (found in
    the text), or None."""

    id: str
    text: str
    published: Optional[date | datetime] = None
    title: str = ""
    source: str = ""
    url: str = ""
    date_source: Optional[str] = None
    path: str = ""


@dataclass(frozen=True)
class Source:
    """An article that reports an event (events merged across articles list several)."""

    article: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: Optional[date | datetime] = None


@dataclass(frozen=True)
class Event:
    """A dated statement: what a sentence says happened over ``[start, end)``.

    ``start``/``end`` are datetimes (``end`` exclusive); either may be None
    for an open range, in which case ``open_start``/``open_end`` is True.
    ``sentence_start``/``sentence_end`` are offsets of ``sentence`` into the
    article text; ``expressions`` are the Timex objects (offsets into the
    article text) that date the event.
    """

    id: str
    article: str
    title: str
    sentence: str
    sentence_start: int
    sentence_end: int
    expressions: tuple[Timex, ...]
    value: str
    type: str
    mod: Optional[str]
    grain: Optional[str]
    start: Optional[datetime]
    end: Optional[datetime]
    precision: str
    explanation: str
    open_start: bool = False
    open_end: bool = False
    approximate: bool = False
    published: Optional[date | datetime] = None
    source: str = ""
    url: str = ""
    sources: tuple[Source, ...] = field(default_factory=tuple)
    #: the code of the language its article was read in ("en", "fr")
    lang: str = "en"

    @property
    def expression(self) -> str:
        """The expression text(s) as shown to users ("Thursday morning … Friday")."""
        return " … ".join(t.text for t in self.expressions)
