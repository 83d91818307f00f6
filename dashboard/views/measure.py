"""举措详情 A measure's own page (`/measure?m=<id>`): everything about one measure, for a link to exactly it."""

from dataclasses import replace

import streamlit as st

from dashboard.analysis.basket import BasketItem
from dashboard.data.text import escape_markdown
from dashboard.i18n import t
from dashboard.ui import basket, state, widgets
from dashboard.ui.pages import PAGE_FILES
from dashboard.ui.url_state import to_query_params

data, view = widgets.page_context()
lang, d = view.lang, data.dataset

st.title(t("page_measure", lang))
if view.measure is None or view.measure not in d.measures_by_id:  # an unknown id was dropped with a notice
    st.info(t("measure_choose", lang))
    ids = list(d.measures_by_id)

    def _pick_measure() -> None:
        state.set_value("measure", st.session_state.get("measure_page_pick"))

    st.selectbox(t("open_measure", lang), options=ids, index=None, key="measure_page_pick",
                 format_func=lambda i: d.measures_by_id[i][1].title.text(lang),
                 placeholder=t("open_measure_placeholder", lang),
                 on_change=state.callback(_pick_measure))
    st.page_link(PAGE_FILES["measures"], label=t("page_measures", lang), icon=":material/list_alt:",
                 query_params=to_query_params(view, "measures"))
else:  # (no st.stop() above: it would also stop the app's navigation, drawn after the page)
    region, measure = d.measures_by_id[view.measure]
    with st.container(border=True):
        widgets.measure_detail(data, view, measure.id, heading="header")
        basket.toggle_button(BasketItem.measure(measure.id), lang, key="measure_page_basket")
        widgets.copy_link(lang, "measure")
    left, right = st.columns(2)
    with left:
        st.page_link(PAGE_FILES["profile"],
                     label=t("measure_region_link", lang, region=escape_markdown(region.short.text(lang))),
                     icon=":material/location_city:",
                     query_params=to_query_params(replace(view, region=region.id), "profile"))
    with right:
        st.page_link(PAGE_FILES["measures"], label=t("page_measures", lang), icon=":material/list_alt:",
                     query_params=to_query_params(view, "measures"))
