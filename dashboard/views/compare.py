"""对比 Compare: theme mix, the chosen indicators side by side (only like with like on one axis), and each
region's figures with their scope and time.

The charts come from briefing.briefing_items, so the page and the briefing pack show the same thing.
"""

import streamlit as st

from dashboard.analysis import frames
from dashboard.analysis.basket import THEME_MIX, BasketItem
from dashboard.charts import briefing
from dashboard.data.bilingual import Bilingual
from dashboard.data.sources import figure_ref
from dashboard.data.text import escape_markdown, shorten
from dashboard.i18n import join_list, kind_name, t
from dashboard.ui import basket, downloads, state, widgets
from dashboard.ui import data as app_data

DEFAULT_INDICATORS = 6

data, full_view = widgets.page_context()
view, default_note = widgets.chart_view(data, full_view.sidebar_only())
lang, d = view.lang, data.dataset
filters = view.filters
figures = frames.filter_frame(data.figures, filters)
indicator_names = d.names("indicators", lang)

st.title(t("page_compare", lang))
if full_view.filters.keyword or full_view.filters.statuses:
    st.caption(":material/info: " + t("sidebar_only_notice", lang))
if default_note:
    st.info(escape_markdown(default_note), icon=":material/filter_alt:")

# (a) theme mix: built and drawn first, on its own, so that the first chart reaches the browser while the indicator
# charts are still being built; a note says they are coming until they are drawn
show_all = len(filters.region_ids(d)) > briefing.MIX_REGIONS and full_view.every
limit = None if show_all else briefing.TOP_ROWS
mix_slot = st.container()
with mix_slot:
    mix = [i for i in app_data.compare_charts(data, filters, lang, indicators=(), limit=limit,
                                              phone=widgets.on_phone()) if i.kind == "theme_mix"]
    if mix:
        widgets.show_chart(mix[0].figure, "compare_mix", "theme-mix", view)
drawing = st.empty()
drawing.caption(":material/hourglass_top: " + t("drawing_charts", lang))

# (b) the chosen indicators; by default those with comparable figures in two or more regions
st.subheader(t("shared_title", lang))
options, comparable = app_data.compare_options(data, filters)
default = comparable[:DEFAULT_INDICATORS]  # the widest comparisons first; the picker offers the rest
# The choice is the view's `indicators` (None: the default), in the URL as `ind`; a new selection of regions or
# themes starts again from its own default.
ss = st.session_state
if ss.get("_indicators_for") != full_view.sidebar_only().filters:
    ss["_indicators_for"] = full_view.sidebar_only().filters
    state.set_value("indicators", None)
wanted = ss.get("indicators")
if wanted is not None:
    dropped = [code for code in wanted if code not in options]
    if dropped:  # a link's indicator that these regions and themes do not share: who reports it, in words
        short = d.names("regions", lang, "short")
        lines = []
        for code in dropped:
            reporting = frames.regions_reporting(figures, indicator=code)
            if code not in indicator_names:
                lines.append(t("indicators_not_in_view", lang, codes=shorten(code)))
            else:
                lines.append(t("indicator_one_region" if reporting else "indicator_no_region", lang,
                               indicator=indicator_names[code], names=join_list((short[r] for r in reporting), lang)))
        st.warning(escape_markdown("\n".join(lines)).replace("\n", "  \n"), icon=":material/link_off:")
        state.set_value("indicators", [code for code in wanted if code in options] or None)
if "w_indicators" not in ss:
    ss["w_indicators"] = default if ss.get("indicators") is None else list(ss["indicators"])


def _chosen() -> None:
    picked = ss.get("w_indicators", default)
    ss["indicators"] = None if picked == default else tuple(picked)


chosen = st.multiselect(t("indicator_picker", lang), options=options, format_func=indicator_names.get,
                        help=t("indicator_picker_help", lang), key="w_indicators", select_all=False,
                        # none chosen draws no indicator chart: the box never reads "all" then
                        placeholder=t("indicator_picker_placeholder", lang), on_change=state.callback(_chosen))
if not options:
    st.info(t("shared_none", lang))
elif not chosen:
    st.info(t("indicator_picker_none", lang))
if len(filters.region_ids(d)) > briefing.MIX_REGIONS:
    state.bound(st.toggle, "every", t("show_all_rows", lang))
built = app_data.compare_charts(data, filters, lang, indicators=tuple(chosen), limit=limit, phone=widgets.on_phone())
with mix_slot:
    if mix:
        basket.toggle_button(BasketItem.chart(THEME_MIX), lang, key="compare_basket_mix")
        # counts are not money: say who reports money at all, so "who invests most" is not read off the counts
        money = frames.regions_reporting(figures, money_in=True)
        if len(filters.region_ids(d)) >= 2 and len(money) <= 1:
            money_names = join_list((d.region(r).short.text(lang) for r in money), lang)
            st.info(escape_markdown(t("money_one_region" if money else "money_no_region", lang, names=money_names,
                                      filters=frames.filters_subtitle(d, filters, lang))), icon=":material/payments:")
    else:
        st.info(t("no_measures_for", lang))
for item in (i for i in built if i.kind == "compare"):  # full width: every label carries its scope and time, and needs the room
    widgets.show_chart(item.figure, f"compare_{item.key}", f"compare-{item.key}", view)
    basket.toggle_button(BasketItem.chart(item.key), lang, key=f"compare_basket_{item.key}")
    for note in item.notes[1 if item.split else 0 :]:  # the chart itself says when it is split
        st.caption(escape_markdown(note))
drawing.empty()  # every chart is drawn

# (c) each region's figures as a table: different indicators never share an axis
st.subheader(t("region_figures_title", lang))
st.caption(t("region_figures_hint", lang))
shown = [r for r in filters.region_ids(d) if (figures["region_id"] == r).any()]
if shown:  # one table for all of them (sortable, one transfer to the browser), grouped by region
    rows = frames.labelled_figures(figures[figures["region_id"].isin(shown)], d, lang)
    region_sources = {r: d.region(r).source for r in shown}
    table = rows.assign(region_name=rows[Bilingual.column("region", lang)], kind_name=[kind_name(k, u, lang) for k, u in zip(rows["kind"], rows["unit"], strict=True)],
                        source_link=[widgets.source_url(view, region_sources[r], figure_ref(f))
                                     for r, f in zip(rows["region_id"], rows["figure_id"], strict=True)])[
        ["region_name", "name", "value_label", "scope_label", "time_label", "kind_name", "as_printed", "source_link"]]
    # every row in view (no inner scroll box) up to a screenful of forty; the long texts get the width
    st.dataframe(table, hide_index=True, width="stretch", key="compare_region_figures",
                 height=35 * (min(len(table), 40) + 1) + 3, column_config={
        "region_name": st.column_config.TextColumn(t("region", lang), width="small"),
        "name": st.column_config.TextColumn(t("indicator", lang), width="medium"),
        "value_label": t("value", lang),
        "scope_label": st.column_config.TextColumn(t("scope_col", lang), width="large"),
        "time_label": st.column_config.TextColumn(t("time_col", lang), width="medium"),
        "kind_name": t("kind", lang), "as_printed": t("as_printed", lang),
        "source_link": widgets.source_link_column(lang),
    })
missing = [d.region(r).short.text(lang) for r in filters.region_ids(d) if r not in shown]
if missing:  # one line for all of them: "绵阳、巴中没有项目与诚信管理方面的数据。"
    st.info(widgets.no_figures_message(data, view, join_list(missing, lang)))

st.divider()
downloads.export_panel(data, view, key_prefix="compare_export", indicators=tuple(chosen))
