"""举措库 Measures: filter by theme, region, status and keyword; select a row for its quote and figures."""

import streamlit as st

from dashboard import frames
from dashboard.i18n import KIND, STATUS, format_period, t
from dashboard.numbers import QUALIFIER_NAMES
from dashboard.text import escape_markdown
from dashboard.ui import downloads, state, widgets
from dashboard.url_state import STATUSES

data, view = widgets.page_context()
lang, d = view.lang, data.dataset
theme_names = {th.code: getattr(th, lang) for th in d.themes}
indicator_names = {i.code: getattr(i, lang) for i in d.indicators}

st.title(t("page_measures", lang))
left, right = st.columns([3, 2])
with left:
    state.bound(st.text_input, "keyword", t("keyword", lang), help=t("keyword_help", lang),
                placeholder=t("keyword_placeholder", lang), max_chars=80)
with right:
    state.bound(st.multiselect, "statuses", t("status_filter", lang), options=list(STATUSES),
                format_func=STATUS[lang].get, placeholder=t("all", lang))
view = state.current()
matches = frames.filter_frame(data.measures, view.filters)

st.markdown(f"**{t('rows_shown', lang, n=len(matches))}** · {widgets.subtitle_markdown(data, view)}")


def show_table() -> int | None:
    """The matching measures as a table; returns the selected row position."""
    table = matches.assign(
        region=matches[f"region_{lang}"],
        title=matches[f"title_{lang}"],
        theme_names=matches["themes"].map(lambda codes: " · ".join(theme_names[c] for c in codes)),
        status_name=matches["status"].map(STATUS[lang]),
    )[["region", "title", "theme_names", "status_name", "n_figures"]]
    event = st.dataframe(
        table, key="measures_table", hide_index=True, width="stretch", on_select="rerun",
        selection_mode="single-row",
        column_config={
            "region": st.column_config.TextColumn(t("region", lang), width=90 if lang == "zh" else 190),
            "title": st.column_config.TextColumn(t("title", lang), width="large"),
            "theme_names": st.column_config.TextColumn(t("themes", lang), width="medium"),
            "status_name": st.column_config.TextColumn(t("status", lang), width=90),
            "n_figures": st.column_config.NumberColumn(t("figures", lang), width=70),
        },
    )
    rows = event.selection.rows if event else []
    return rows[0] if rows else None


def show_detail(measure) -> None:
    with st.container(border=True):
        st.subheader(escape_markdown(measure[f"title_{lang}"]))
        st.caption(escape_markdown(f"{measure[f'region_{lang}']} · {STATUS[lang][measure['status']]} · "
                                   + " · ".join(theme_names[c] for c in measure["themes"])))
        st.markdown(escape_markdown(measure[f"summary_{lang}"]))
        st.markdown(f"**{t('quote', lang)}**")
        st.markdown("> " + escape_markdown(measure["quote"].strip().replace("\n", "")))
        figs = data.figures[data.figures["measure_id"] == measure["measure_id"]]
        if figs.empty:
            st.caption(t("no_figures", lang))
            return
        st.dataframe(
            frames.with_value_labels(figs, lang).assign(
                indicator_name=frames.label_repeats(figs["indicator"].map(indicator_names), figs, lang),
                qualifier_name=figs["qualifier"].map(QUALIFIER_NAMES[lang]),
                kind_name=figs["kind"].map(KIND[lang]),
                period_name=figs["period"].map(lambda p: format_period(p, lang)),
                note=figs[f"note_{lang}"],
            )[["indicator_name", "value_label", "as_printed", "qualifier_name", "kind_name", "period_name", "quote",
               "note"]],
            hide_index=True, width="stretch", key="measure_figures",
            column_config={
                "indicator_name": t("indicator", lang), "value_label": t("value", lang),
                "as_printed": t("as_printed", lang), "qualifier_name": t("qualifier", lang),
                "kind_name": t("kind", lang), "period_name": t("period", lang),
                "quote": st.column_config.TextColumn(t("quote", lang), width="large"), "note": t("note", lang),
            },
        )


if matches.empty:
    st.info(t("no_measures_for", lang))
else:
    selected = show_table()
    if selected is None:
        st.caption(t("select_row_hint", lang))
    else:
        show_detail(matches.iloc[selected])

st.divider()
downloads.export_panel(data, view, key_prefix="measures_export")
