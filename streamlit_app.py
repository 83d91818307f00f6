"""Router only: page config, the shared sidebar, navigation, then the page. `streamlit run streamlit_app.py`."""

import logging
from pathlib import Path

import streamlit as st

from dashboard.i18n import DEFAULT_LANG, t
from dashboard.ui import basket, data, replica, state, widgets
from dashboard.ui.pages import PAGE_BY_PATH, PAGES

# the icon is a file of ours: a Material icon as page icon makes every browser fetch it from fonts.gstatic.com
st.set_page_config(page_title=t("browser_title", DEFAULT_LANG),
                   page_icon=str(Path(__file__).parent / "dashboard" / "assets" / "page_icon.png"), layout="wide")

widgets.page_style()
replica.redraw_after_reconnect()  # a session moved to another replica is drawn there at once
app_data = data.load_app_data(state.guess_lang())
try:
    state.sync_from_url(app_data.dataset)
except Exception:  # last resort: a link no rule foresaw opens the default view, with our own line, not a trace
    logging.getLogger("dashboard").exception("reading the link failed")
    state.start_from_default()
    st.error(t("link_failed", state.guess_lang()), icon=":material/link_off:")
navigation = st.sidebar.container()  # filled last, when the links know the view the page leaves behind
lang = widgets.language_switch()

pages = [st.Page(p.file, title=t(p.label_key, lang), icon=p.icon, url_path=p.key, default=p.default)
         for p in PAGES]
page = st.navigation(pages, position="hidden")
spec = PAGE_BY_PATH.get(page.url_path, PAGES[0])
with st.sidebar:
    st.caption(t("app_title", lang))
    if spec.key != "search":  # the search page has the box at its top
        widgets.search_box(lang, spec.key)
try:
    widgets.sidebar_filters(app_data, lang)
except Exception:  # a widget that cannot restore its state is drawn afresh on the next run, not shown as a trace
    logging.getLogger("dashboard").exception("sidebar failed")
    state.redraw_widgets()
    st.sidebar.error(t("page_failed", lang), icon=":material/error:")
basket.sidebar_panel(app_data, lang)
widgets.show_notices(state.pop_notices(), lang)
if state.pop_action_failed():  # a widget's callback failed before this run (state.callback logged it)
    st.error(t("action_failed", lang), icon=":material/error:")
try:
    page.run()
except Exception:  # Streamlit's stop/rerun/switch-page signals are BaseExceptions and pass through
    logging.getLogger("dashboard").exception("page %s failed", page.url_path)
    st.error(t("page_failed", lang), icon=":material/error:")
finally:  # also after a page's st.stop(): the URL always describes the view on screen
    view = state.current()
    state.write_url(view, spec.key)
    with navigation:
        widgets.page_links(pages, view, view.lang)
