"""One file per st.Page; the registry of pages is dashboard/ui/pages.py."""
