"""English: the rules of ``temporal/rules.py`` (and the posts' and narratives' own),
and the tense reading of ``temporal/resolve.py``."""
from .casing import recase
from ...grammar import Grammar
from .lexicon import EN
from .narrative import NARRATIVE_DROPS, NARRATIVE_RULES
from .posts import POST_DROPS, POST_RULES, looks_like_post
from ...resolve import ENGLISH_CUES, direction
from .rules import RULES

GRAMMAR = Grammar("en", EN, RULES, direction, ENGLISH_CUES, recase=recase, looks_like_post=looks_like_post,
                  post_rules=POST_RULES, post_drops=POST_DROPS,
                  narrative_rules=NARRATIVE_RULES, narrative_drops=NARRATIVE_DROPS)
