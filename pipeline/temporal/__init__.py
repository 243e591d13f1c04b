"""The temporal tagger's parts: lexicon (data), rules (extraction),
resolve (anchoring against the publication date), calendar (intervals)."""
