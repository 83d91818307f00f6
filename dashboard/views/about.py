"""数据与方法 About: the source and citation, definitions (themes, instruments, target groups, indicators), glossary
with links to the measures that use each term, comparability rules, the status rule, validation, adding a region."""

from dataclasses import replace
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard.analysis import frames
from dashboard.data.text import escape_markdown
from dashboard.data.vocab import SCOPES, STATUSES, TIME_BASES
from dashboard.i18n import BASIS, QUALIFIER_MARKS, QUALIFIER_NAMES, SCOPE, STATUS, UNIT_NAMES, t
from dashboard.ui import data as app_data
from dashboard.ui import widgets
from dashboard.ui.pages import PAGE_FILES
from dashboard.ui.url_state import ViewState, to_query_params

data, view = widgets.page_context()
lang, d = view.lang, data.dataset

SOURCES_IN_FULL = 3  # more sources than this are listed as one table


def show_sources() -> None:
    st.subheader(t("about_source", lang))
    used = app_data.source_use(data)
    if len(d.sources) <= SOURCES_IN_FULL:  # each source's citation in full
        for source in d.sources:
            st.markdown(f"**{escape_markdown(source.title.text(lang))}** — "
                        f"{escape_markdown(source.publisher.text(lang))}")
            regions, figures = used.get(source.id, (set(), 0))
            st.caption(t("about_source_use", lang, regions=len(regions), figures=figures,
                         left_out=len(source.left_out)))
            widgets.citation(source, lang)
            st.page_link(PAGE_FILES["source"], label=t("page_source", lang), icon=":material/description:",
                         query_params=to_query_params(replace(view, source=source.id), "source"))
        return
    # a digest a year for hundreds of regions: one table, sortable, rather than thousands of lines
    st.caption(t("about_sources_table", lang, n=len(d.sources)))
    not_given = t("not_given", lang)
    st.dataframe(pd.DataFrame([{
        "title": source.title.text(lang),  # what a reader scans for first, the long coverage text last
        "link": "source?" + urlencode(to_query_params(replace(view, source=source.id), "source")),
        "regions": len(used.get(source.id, (set(), 0))[0]), "figures": used.get(source.id, (set(), 0))[1],
        "left_out": len(source.left_out), "publisher": source.publisher.text(lang),
        "issue": source.issue or not_given, "date": source.date or not_given, "covers": source.covers.text(lang),
    } for source in d.sources]), hide_index=True, width="stretch", key="about_sources", column_config={
        "title": st.column_config.TextColumn(t("source_title", lang), width="medium"),
        "publisher": t("publisher", lang), "issue": t("source_issue", lang), "date": t("source_date", lang),
        "covers": st.column_config.TextColumn(t("covers", lang), width="large"),
        "regions": t("source_use_regions", lang), "figures": t("source_use_figures", lang),
        "left_out": t("source_use_left_out", lang),
        "link": st.column_config.LinkColumn(t("page_source", lang), display_text=t("open_source_link", lang)),
    })


def show_rules() -> None:
    st.subheader(t("about_rules", lang))
    st.markdown(t("about_rules_text", lang))
    st.table(pd.DataFrame({
        t("code", lang): list(QUALIFIER_NAMES[lang]),
        t("qualifier", lang): list(QUALIFIER_NAMES[lang].values()),
        t("chart_mark", lang): [QUALIFIER_MARKS[lang][code].strip() or "—" for code in QUALIFIER_NAMES[lang]],
    }).set_index(t("code", lang)))


def show_status_and_scopes() -> None:
    st.subheader(t("about_status", lang))
    st.markdown(t("about_status_rule", lang))
    status_use = data.measures["status"].value_counts()
    st.table(pd.DataFrame([{
        t("code", lang): code, t("status", lang): STATUS[lang][code],
        t("n_measures", lang): int(status_use.get(code, 0)),
    } for code in STATUSES]).set_index(t("code", lang)))

    st.subheader(t("about_scopes", lang))
    st.table(pd.DataFrame(
        [{t("code", lang): code, t("scope_col", lang): SCOPE[lang][code], t("time_col", lang): ""} for code in SCOPES]
        + [{t("code", lang): code, t("scope_col", lang): "", t("time_col", lang): BASIS[lang][code]}
           for code in TIME_BASES]
    ).set_index(t("code", lang)))


def show_definitions() -> None:
    """Themes, instruments, target groups and indicators, each with how much of the current selection it covers."""
    in_view = frames.filter_frame(data.measures, view.filters)
    figures_in_view = frames.filter_frame(data.figures, view.filters)
    theme_use = in_view["themes"].explode().value_counts()
    indicator_use = figures_in_view["indicator"].value_counts()

    st.subheader(t("about_themes", lang))
    st.table(pd.DataFrame([{
        t("code", lang): th.code, t("theme", lang): th.name.text(lang), t("core_theme", lang): "✓" if th.core else "",
        t("in_view", lang): ("✓ " if th.code in view.filters.themes else "") + str(int(theme_use.get(th.code, 0))),
        t("definition", lang): th.definition.text(lang),
    } for th in d.themes]).set_index(t("code", lang)))

    st.subheader(t("about_instruments", lang))
    st.markdown(t("about_tags_intro", lang))
    for section, title, chosen in (("instruments", None, view.filters.instruments),
                                   ("target_groups", "about_target_groups", view.filters.target_groups)):
        if title:
            st.subheader(t(title, lang))
        use = in_view[section].explode().value_counts()
        st.table(pd.DataFrame([{
            t("code", lang): entry.id, t(section.removesuffix("s"), lang): entry.name.text(lang),
            t("in_view", lang): ("✓ " if entry.id in chosen else "") + str(int(use.get(entry.id, 0))),
            t("definition", lang): entry.definition.text(lang),
        } for entry in getattr(d, section)]).set_index(t("code", lang)))

    st.subheader(t("about_indicators", lang))
    st.table(pd.DataFrame([{
        t("code", lang): i.code, t("indicator", lang): i.name.text(lang), t("unit", lang): UNIT_NAMES[lang][i.unit],
        t("in_view", lang): int(indicator_use.get(i.code, 0)), t("definition", lang): i.definition.text(lang),
    } for i in d.indicators]).set_index(t("code", lang)))


def show_glossary() -> None:
    st.subheader(t("about_glossary", lang))
    uses = app_data.glossary_uses(data)
    st.table(pd.DataFrame([{
        t("term", lang): g.term.zh, t("english", lang): g.term.en, t("glossary_used_by", lang): len(uses[g.term.zh]),
        t("explanation", lang): g.explanation.text(lang),
    } for g in d.glossary]).set_index(t("term", lang)))
    used = [g for g in d.glossary if uses[g.term.zh]]
    if not used:
        return
    # each term opens Measures searching for it: the same search that counted its measures above
    st.markdown(f"**{t('glossary_links', lang)}**")
    st.caption(t("glossary_links_hint", lang))
    slots = st.columns(4)
    for index, g in enumerate(used):
        target = ViewState(lang=lang).updated(keyword=frames.glossary_keyword(g.term.zh))
        slots[index % 4].page_link(PAGE_FILES["measures"], query_params=to_query_params(target, "measures"),
                                   label=escape_markdown(t("glossary_link", lang, term=g.term.zh, n=len(uses[g.term.zh]))))


def show_left_out() -> None:
    st.subheader(t("about_left_out", lang))
    st.caption(t("about_left_out_hint", lang))
    left_out = app_data.left_out(data, lang)
    if len(d.sources) > SOURCES_IN_FULL:  # tens of thousands of numbers at scale: one source's at a time
        titles = d.names("sources", lang, "title")
        chosen = st.selectbox(t("left_out_of_source", lang, n=len(d.sources)), options=list(titles),
                              format_func=titles.get, key="about_left_out_source")
        left_out = left_out[left_out["source_id"] == chosen]
    if len(left_out):  # each with a link to its sentence in the source
        links = widgets.source_urls(view, zip(left_out["source_id"], left_out["ref"], strict=True))
        st.dataframe(left_out.assign(source_link=links).drop(columns=["source_id", "ref"]),
                     hide_index=True, width="stretch", key="about_left_out",
                     column_config={"as_printed": t("as_printed", lang), "reason": t("reason", lang),
                                    "note": t("note", lang), "quote": st.column_config.TextColumn(t("quote", lang),
                                                                                                   width="large"),
                                    "source_link": widgets.source_link_column(lang)})


def show_validator() -> None:
    st.subheader(t("about_validator", lang))
    st.success(t("validator_ok", lang, regions=len(d.regions), measures=d.measure_count, figures=d.figure_count,
                 themes=len(d.themes), instruments=len(d.instruments), target_groups=len(d.target_groups),
                 indicators=len(d.indicators)), icon=":material/verified:")
    # the command's own output is English (a maintainer's tool): named here, not pasted into the page
    st.caption(t("validator_command", lang, command="`python -m dashboard validate`"))
    st.caption(t("streamlit_english_note", lang))


def show_adding_a_region() -> None:
    st.subheader(t("about_add_region", lang))
    st.markdown(t("about_add_region_text", lang))


st.title(t("page_about", lang))
show_sources()
show_rules()
show_status_and_scopes()
show_definitions()
show_glossary()
show_left_out()
show_validator()
show_adding_a_region()
