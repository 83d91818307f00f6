"""对比 Compare: theme mix, shared indicators side by side, and each region's own figures."""

import streamlit as st

from dashboard import charts, frames
from dashboard.i18n import UNIT_NAMES, t
from dashboard.ui import downloads, widgets

data, view = widgets.page_context()
lang, d = view.lang, data.dataset
filters = frames.Filters(regions=view.regions, themes=view.themes)
measures = frames.filter_frame(data.measures, filters)
figures = frames.filter_frame(data.figures, filters)
region_ids, theme_codes = filters.region_ids(d), filters.theme_codes(d)
subtitle = widgets.subtitle(data, view)
region_name = {r.id: getattr(r, f"short_{lang}") for r in d.regions}

st.title(t("page_compare", lang))

# (a) theme mix
counts = frames.theme_counts(measures, region_ids, theme_codes)
if counts["count"].sum() == 0:
    st.info(t("no_measures_for", lang))
else:
    widgets.show_chart(charts.build_theme_mix_figure(counts, d, lang, subtitle), "compare_mix", "theme-mix", view)

# (b) shared indicators
st.subheader(t("shared_title", lang))
shared = frames.shared_indicator_codes(figures)
if not shared:
    st.info(t("shared_none", lang))
columns = st.columns(2)
for index, code in enumerate(shared):
    indicator = d.indicator(code)
    rows = frames.compare_rows(figures, code, lang)
    title = f"{getattr(indicator, lang)}（{UNIT_NAMES[lang][indicator.unit]}）" if lang == "zh" else \
        f"{indicator.en} ({UNIT_NAMES[lang][indicator.unit]})"
    with columns[index % 2]:
        fig = charts.build_compare_figure(rows, d, lang, title=title, subtitle=subtitle)
        widgets.show_chart(fig, f"compare_{code}", f"compare-{code}", view)
        for kind, detail in frames.comparability_notes(rows, lang):
            st.caption(":material/warning: " + t("differs_kind" if kind == "kind" else "differs_period", lang,
                                                   detail=detail))
        notes = [f"{r[f'region_{lang}']}: {r[f'note_{lang}']}" for _, r in rows.iterrows() if r[f"note_{lang}"]]
        if notes:
            st.caption(" · ".join(notes))

# (c) small multiples
st.subheader(t("small_multiples_title", lang))
st.caption(t("small_multiples_hint", lang))
columns = st.columns(2)
slot = 0
for region_id in region_ids:
    rows = figures[figures["region_id"] == region_id]
    if rows.empty:
        st.info(widgets.no_figures_message(data, view, region_name[region_id]))
        continue
    rows = frames.with_value_labels(rows, lang)
    with columns[slot % 2]:
        fig = charts.build_region_figures_figure(rows, d, lang, title=region_name[region_id], subtitle=subtitle)
        widgets.show_chart(fig, f"compare_region_{region_id}", f"figures-{region_id}", view)
    slot += 1

st.divider()
downloads.export_panel(data, view, key_prefix="compare_export")
