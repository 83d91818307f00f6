"""Streamlit's side: the one cached load (data), session and URL state (state, url_state), the page registry
(pages), shared widgets, downloads and the basket panel. The only package below views that imports streamlit."""
