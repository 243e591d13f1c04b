"""The temporal tagger's parts: a language's folder (``lang/<code>/``: its words and its
grammar), what a rule is (``rule``), the resolver that anchors what the rules found
(``resolve``) and the calendar that gives its interval (``calendar``)."""
