"""The peer of benchmarks/bench_app.py: a bare Streamlit page with one Plotly chart.

    streamlit run benchmarks/bare_page.py            # one small scatter
    (open it with ?mode=upload)                      # a file uploader; a CSV of
                                                     # articles -> one chart

Nothing of Chronicle is imported: this is what any Streamlit page with one
Plotly chart costs on this machine, the yardstick of issue 9's "the sample's
chart drawn within a short time of a new tab" (the app's first paint at most
1.3x this page's, measured in the same run).  The upload mode reads the file
with pandas and draws the articles per publication day, so the peer of "300
articles uploaded to a drawn chart" pays for one upload, one parse and one
chart, and nothing else.
"""
from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

st.title("Bare page")
if st.query_params.get("mode") == "upload":
    import pandas as pd

    files = st.file_uploader("Files", accept_multiple_files=True, type=["csv"])
    if files:
        df = pd.concat([pd.read_csv(f) for f in files], ignore_index=True)
        days = pd.to_datetime(df["published"].astype(str).str[:10], errors="coerce").dropna()
        counts = days.value_counts().sort_index()
        fig = go.Figure(go.Scatter(x=counts.index, y=counts.values, mode="markers",
                                   name="articles per day"))
        st.plotly_chart(fig, theme="streamlit")
        st.caption(f"{len(df)} articles")
    else:
        st.info("Upload a CSV of articles.")
else:
    fig = go.Figure(go.Scatter(x=[1, 2, 3, 4, 5, 6, 7, 8], y=[3, 1, 4, 1, 5, 9, 2, 6], mode="markers",
                               name="points"))
    st.plotly_chart(fig, theme="streamlit")
