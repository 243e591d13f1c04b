"""Chronicle's Streamlit UI, as pure functions that are easy to test.

``ui.chart`` builds the Plotly timeline (no Streamlit import), ``ui.state``
holds the view state, filters, edits, URL parameters and input handling,
``ui.views`` the escaped HTML snippets shown in the app, ``ui.story`` the
Story view (key-date lane and its label layout, cards, hand edits).  ``app.py`` only
lays out widgets and wires these together.
"""
