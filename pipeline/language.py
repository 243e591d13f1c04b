"""Which language an article is written in, and whether Chronicle reads it.

Chronicle reads the languages that have a folder under ``pipeline/temporal/lang``
(English and French). :func:`language_of` gives the language a text is read in;
an article in another language is never read with another language's rules in
silence: it raises :class:`UnsupportedLanguage`, whose one-line message names the
language, so that the caller can say so and leave it out (``events.events_per_article``).

Detection is py3langid's (a maintained fork of langid.py; its model ships in the
package, nothing is downloaded). English news is recognised first by its
function words, without loading the model: most articles never pay for it.
Short texts (a post, a headline) are not judged: below ``MIN_LETTERS`` letters
detection guesses, and a guess must never drop an English text.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

# Imported with this module, not when first needed: a worker process forked while
# another thread of its parent imports numpy (the story preloads scikit-learn as its
# workers start) would wait forever for numpy's import lock. The model itself is
# loaded only when a text needs it.
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from .temporal.lang import LanguageError, available

#: Fewer letters than this: too short to judge; read as English.
MIN_LETTERS = 60
#: The detector's probability (normalised over its 97 languages) above which a
#: text is taken to be in another language.
MIN_PROBABILITY = 0.95
#: English function words: a text where they make at least ``ENGLISH_SHARE`` of
#: the words is English, without asking the model.
_FUNCTION_WORDS = frozenset("the of and to in a is was for on that with said by at as from it his has be "
                            "are were had have an will its their not but this".split())
ENGLISH_SHARE = 0.12
#: From this many characters on, English is first recognised by the words between spaces.
_LONG = 1_000
_WORD = re.compile(r"[^\W\d_]+")
#: Codes that name no language: "zxx", no linguistic content (a list of dates, figures).
NOT_LANGUAGES = frozenset({"zxx", "und"})
#: Language names for messages (the codes langid.py gives most often in news).
NAMES = {"en": "English", "fr": "French", "es": "Spanish", "de": "German", "it": "Italian", "pt": "Portuguese", "nl": "Dutch",
         "ru": "Russian", "ar": "Arabic", "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "tr": "Turkish",
         "pl": "Polish", "sv": "Swedish", "da": "Danish", "no": "Norwegian", "fi": "Finnish", "el": "Greek",
         "uk": "Ukrainian", "he": "Hebrew", "fa": "Persian", "hi": "Hindi", "id": "Indonesian", "ca": "Catalan",
         "vi": "Vietnamese", "th": "Thai", "cs": "Czech", "hu": "Hungarian", "ro": "Romanian", "sw": "Swahili"}


@lru_cache(maxsize=1)
def _identifier():
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[Optional[str], float]:
    """``(language code, probability)`` of ``text``; ``(None, 0.0)`` when it is too
    short to judge. English by its function words is ``("en", 1.0)``."""
    sample = text[:20_000]
    if len(sample) >= _LONG:  # (splitting at spaces is 2.5 times cheaper than a regex, and as good here)
        words = sample.lower().split()
        if sum(1 for w in words if w in _FUNCTION_WORDS) >= ENGLISH_SHARE * len(words):
            return "en", 1.0
    words = _WORD.findall(sample)
    letters = sum(len(w) for w in words)
    if letters < MIN_LETTERS:
        return None, 0.0
    share = sum(1 for w in words if w.lower() in _FUNCTION_WORDS) / max(1, len(words))
    if share >= ENGLISH_SHARE:
        return "en", 1.0
    code, prob = _identifier().classify(sample)
    return code, float(prob)


class UnsupportedLanguage(ValueError):
    """An article written in a language Chronicle does not read (yet)."""


def _name(code: str) -> str:
    return NAMES.get(code, f"the language coded {code!r}")


def _readable() -> str:
    names = ["English"] + sorted(NAMES.get(c, c) for c in available() if c != "en")
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def language_of(text: str, lang: Optional[str] = None) -> str:
    """The code of the language Chronicle reads ``text`` in: ``lang`` when given (a
    ``LanguageError``, a ValueError, names an unknown one), else the detected one.
    A text too short or too mixed to judge is read as English; a text surely in a
    language Chronicle does not read raises :class:`UnsupportedLanguage`, whose
    message names it."""
    if lang is not None:
        if lang not in available():
            raise LanguageError(f"no language {lang!r}: Chronicle reads {_readable()} "
                                f"({', '.join(available())})")
        return lang
    code = _surely(text)
    if code is None:
        return "en"
    if code in available():
        return code
    raise UnsupportedLanguage(f"it reads as {_name(code)}, and Chronicle "
                              f"reads only {_readable()} so far; left out")


def unsupported(text: str) -> Optional[str]:
    """The name of the language ``text`` is surely written in when Chronicle cannot
    read it ("French"); None when it reads it, or cannot tell."""
    code = _surely(text)
    return _name(code) if code is not None and code not in available() else None


def _surely(text: str) -> Optional[str]:
    """The code of the language ``text`` is surely written in; None when it cannot tell."""
    code, prob = detect(text)
    return None if code is None or prob < MIN_PROBABILITY or code in NOT_LANGUAGES else code
