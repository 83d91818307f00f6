"""Frames → Plotly charts. One place for colours, fonts, number formats and chart shapes (plots); the chart set a
view shows and its briefing exports (briefing); the benchmark's charts (benchmark). No streamlit."""
