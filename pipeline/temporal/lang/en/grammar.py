"""English: its rules (``rules.py``, and the posts' and narratives' own), its reading of
tense and its finer readings in the resolver (``tense.py``)."""
from .casing import recase
from ...grammar import Grammar
from .lexicon import EN
from .narrative import NARRATIVE_DROPS, NARRATIVE_RULES
from .posts import POST_DROPS, POST_RULES, looks_like_post
from .tense import ENGLISH_CUES, ENGLISH_READINGS, direction
from .rules import RULES

GRAMMAR = Grammar("en", EN, RULES, direction, ENGLISH_CUES, recase=recase, looks_like_post=looks_like_post,
                  post_rules=POST_RULES, post_drops=POST_DROPS,
                  narrative_rules=NARRATIVE_RULES, narrative_drops=NARRATIVE_DROPS, readings=ENGLISH_READINGS)
