"""Which language an article is written in, and whether Chronicle reads it.

Chronicle reads English (the language folders under ``pipeline/temporal/lang``).
An article in another language must not be read with English rules in silence:
:func:`unsupported` names its language so that the caller can say so and leave
it out (``events.events_per_article``).

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

from .temporal.lang import available

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
_WORD = re.compile(r"[^\W\d_]+")
#: Language names for messages (the codes langid.py gives most often in news).
NAMES = {"fr": "French", "es": "Spanish", "de": "German", "it": "Italian", "pt": "Portuguese", "nl": "Dutch",
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
    words = _WORD.findall(sample)
    letters = sum(len(w) for w in words)
    if letters < MIN_LETTERS:
        return None, 0.0
    share = sum(1 for w in words if w.lower() in _FUNCTION_WORDS) / max(1, len(words))
    if share >= ENGLISH_SHARE:
        return "en", 1.0
    code, prob = _identifier().classify(sample)
    return code, float(prob)


def unsupported(text: str) -> Optional[str]:
    """The name of the language ``text`` is surely written in when Chronicle cannot
    read it ("French"); None when it reads it, or cannot tell."""
    code, prob = detect(text)
    if code is None or prob < MIN_PROBABILITY or code in available():
        return None
    return NAMES.get(code, f"the language coded {code!r}")
