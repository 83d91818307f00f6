"""Frames → Plotly charts. One place for colours, fonts, axes and wrapping (style); the charts themselves (plots);
the chart set a view shows and its briefing exports (briefing); the benchmark's charts (benchmark). No streamlit."""
