"""对标 Benchmark: a home region (from the dataset, or typed in / uploaded for this session only) against its
peers — the theme mix with home highlighted, the gap and distinctive lists with the source text, and the
comparable figures where home leads or trails. The logic is dashboard/analysis/benchmark.py; home and peers are in the URL.
"""

from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from dashboard import export
from dashboard.analysis import benchmark, frames, home_input
from dashboard.analysis.home_input import CUSTOM_HOME
from dashboard.data.bilingual import Bilingual
from dashboard.data.text import escape_markdown
from dashboard.data.vocab import KINDS, QUALIFIERS, SCOPES, TIME_BASES, UNITS
from dashboard.i18n import BASIS, KIND, LEVEL, QUALIFIER_NAMES, SCOPE, UNIT_NAMES, join_list, t
from dashboard.ui import data as app_data
from dashboard.ui import state, widgets

data, view = widgets.page_context()
lang, d = view.lang, data.dataset
ss = st.session_state
names = d.names("regions", lang, "short")
colon = t("colon", lang)

st.title(t("page_benchmark", lang))
st.caption(t("bench_intro", lang))
# the sidebar's themes narrow every list and chart here; its regions do not (home and peers are chosen below)
st.caption(escape_markdown(t("themes", lang) + colon + widgets.names(view.filters.themes, d.names("themes", lang),
                                                                                lang)))


# ---------------------------------------------------------------- a typed-in home's figures (session only)


def custom_home() -> tuple[home_input.HomeFigures, dict[str, list[str]]]:
    """The form for a home region that is not in the dataset; its figures and declared themes live in
    st.session_state only (never in the URL, never on disk)."""
    name = _kept(st.text_input, "bench_custom_name", "", t("bench_custom_name", lang), max_chars=40,
                 placeholder=t("bench_custom_name_default", lang))
    theme_names = d.names("themes", lang)
    declared = {"themes": _kept(st.multiselect, "bench_custom_themes", [], t("bench_custom_themes", lang),
                                options=list(theme_names), format_func=theme_names.get,
                                help=t("bench_custom_themes_help", lang), placeholder=t("bench_choose", lang),
                                select_all=False)}
    if "instruments" in data.measures.columns and getattr(d, "instruments", None):
        instrument_names = d.names("instruments", lang)
        declared["instruments"] = _kept(st.multiselect, "bench_custom_instruments", [],
                                        t("bench_custom_instruments", lang), options=list(instrument_names),
                                        format_func=instrument_names.get, help=t("bench_custom_themes_help", lang),
                                        placeholder=t("bench_choose", lang), select_all=False)
    st.markdown(f"**{t('bench_custom_entry', lang)}**")
    st.caption(t("bench_custom_hint", lang))
    upload = ss.get("bench_upload")
    if upload is not None:
        home = upload
    else:
        if "w_bench_editor" not in ss or "bench_editor_base" not in ss:  # drawn afresh: from what was typed before
            typed = ss.get("bench_custom_rows") or [dict.fromkeys(home_input.HOME_COLUMNS, "")]
            typed = [{k: (NOT_CHOSEN if k in SELECT_COLUMNS and not v else v) for k, v in row.items()} for row in typed]
            ss["bench_editor_base"] = pd.DataFrame(typed,
                                                   columns=home_input.HOME_COLUMNS).astype("object")
        edited = st.data_editor(ss["bench_editor_base"], key="w_bench_editor", num_rows="dynamic", width="stretch",
                                hide_index=False, column_config=_editor_columns())
        ss["bench_custom_rows"] = [{k: ("" if v == NOT_CHOSEN else v) for k, v in row.items()}
                                   for row in edited.to_dict("records")]
        home = home_input.home_figures(ss["bench_custom_rows"], d, name.strip())
    with st.container(key="bench_upload_box"):  # the page style hides the uploader's own "1MB per file": one limit
        st.file_uploader(t("bench_upload", lang, kb=home_input.MAX_UPLOAD_BYTES // 1024, rows=home_input.MAX_ROWS),
                         type=["csv"], key="w_bench_upload", on_change=state.callback(_read_upload), args=(name,))
    st.download_button(t("bench_template", lang), data=home_input.template_csv(d), file_name="benchmark_template.csv",
                       mime=export.CSV_MIME, on_click="ignore", icon=":material/download:", key="bench_template")
    home.name = name.strip()
    if home.problems:
        st.error(t("bench_problems", lang, n=len(home.problems)), icon=":material/error:")
        st.text("\n".join(home_input.problem_text(p, lang) for p in home.problems[:30]))
    elif len(home.figures):
        st.success(t("bench_home_ok", lang, n=len(home.figures)), icon=":material/check:")
    else:
        st.info(t("bench_home_none", lang))
    return home, declared


def _kept(widget, key: str, default, *args, **kwargs):
    """A widget of the typed-in home whose value outlives a visit to another page, as its figures do: Streamlit
    drops a widget's state when a page without it runs, so the value is kept under `<key>_kept` and seeds it."""
    if key not in ss:
        ss[key] = ss.get(f"{key}_kept", default)
    ss[f"{key}_kept"] = value = widget(*args, key=key, **kwargs)
    return value


# The editor shows an empty choice as a grey "None" (in English): a cell not chosen yet holds this instead, which
# reads "choose…", and it is "" again before the figures are checked.
NOT_CHOSEN = "-"
SELECT_COLUMNS = ("indicator", "unit", "qualifier", "kind", "scope", "basis")


def _editor_columns() -> dict:
    """The typed-in home's table in the interface language: headers and options by name (the cells hold the codes
    the validator and the CSV template use)."""
    indicators = d.names("indicators", lang)

    def select(column: str, label: str, names: dict[str, str], **kwargs) -> st.column_config.Column:
        return st.column_config.SelectboxColumn(label, options=[NOT_CHOSEN, *names], default=NOT_CHOSEN, **kwargs,
                                                format_func=lambda c: names.get(c) or t("bench_choose", lang))

    def text(label: str, **kwargs) -> st.column_config.Column:
        return st.column_config.TextColumn(label, default="", **kwargs)

    return {
        "indicator": select("indicator", t("indicator", lang), indicators, width="medium"),
        "value": text(t("value", lang), help="55, 1200000"),
        "unit": select("unit", t("unit", lang), {u: UNIT_NAMES[lang].get(u, u) for u in UNITS}),
        "qualifier": select("qualifier", t("qualifier", lang), {q: QUALIFIER_NAMES[lang].get(q, q) for q in QUALIFIERS}),
        "kind": select("kind", t("kind", lang), {k: KIND[lang][k] for k in KINDS}),
        "scope": select("scope", t("bench_col_scope", lang), {c: SCOPE[lang][c] for c in SCOPES}),
        "scope_text": text(t("bench_col_scope_text", lang)),
        "basis": select("basis", t("bench_col_basis", lang), {b: BASIS[lang][b] for b in TIME_BASES}),
        "period": text(t("period", lang), help="2023, 2023-10, 2023-01..2023-10, ..2023"),
        "as_printed": text(t("as_printed", lang)),
        "label": text(t("bench_col_label", lang)),
    }


def _read_upload(name: str) -> None:
    """The uploaded file, read once when it changes; removing it goes back to the typed figures."""
    file = ss.get("w_bench_upload")
    if file is None:
        ss.pop("bench_upload", None)
        return
    payload = file.read(home_input.MAX_UPLOAD_BYTES + 1)
    ss["bench_upload"] = home_input.read_home_csv(payload, d, name.strip(), size=file.size)


# ---------------------------------------------------------------- home and peers


def _suggestion(home: str, custom: home_input.HomeFigures | None = None) -> list[benchmark.PeerSuggestion]:
    """Peers for home: the dataset's comparison groups are worked out once; a typed-in home's are added."""
    groups = app_data.comparable_groups(data)
    if custom is not None and not custom.figures.empty:
        groups = {**groups, **benchmark.groups_by_region(custom.figures)}
    return benchmark.suggest_peers(d, data.figures, home, groups=groups)


def _home_changed() -> None:
    home = ss.get("w_home")
    ss["home"] = home
    # a new home starts from its suggested peers (a typed-in one from those of the figures typed so far)
    if home and home != CUSTOM_HOME:
        state.set_value("peers", [s.region_id for s in _suggestion(home)])
    else:
        state.set_value("peers", [p for p in ss.get("peers", []) if p != home])


options = [CUSTOM_HOME, *frames.regions_by_province(d, lang)]
labels = {CUSTOM_HOME: t("bench_custom", lang),
          **{r.id: t("region_option", lang, name=names[r.id], province=r.province.text(lang),
                     level=LEVEL[lang][r.level]) for r in d.regions}}
if ss.get("home") not in options:
    ss["home"] = None
if "w_home" not in ss or ss["w_home"] != ss["home"]:
    ss["w_home"] = ss["home"]
home = st.selectbox(t("bench_home", lang), options=options, format_func=labels.get, key="w_home",
                    on_change=state.callback(_home_changed), placeholder=t("bench_home_placeholder", lang),
                    help=t("bench_home_help", lang))


def show_example() -> None:
    """Before a home is chosen: an example, so a first visit has something to read — the region whose suggested
    peers share the most comparable figures with it, against those peers. Nothing is written to the state or link."""
    best = max(((r.id, _suggestion(r.id)) for r in d.regions), key=lambda item: sum(s.shared for s in item[1]))
    example, suggested = best
    if not suggested:
        return
    peers = tuple(s.region_id for s in suggested)
    st.caption(escape_markdown(t("bench_example", lang, home=names[example],
                                 peers=join_list((names[p] for p in peers), lang))))
    _, charts = app_data.benchmark_view(data, example, peers, view.filters.themes, lang, custom=None, declared={},
                                        phone=widgets.on_phone())
    for item in (i for i in charts if i.kind == "theme_mix"):
        widgets.show_chart(item.figure, "bench_example_mix", "benchmark-example-themes", view)


def show(home: str | None) -> None:
    """Home, then its peers, then the comparison; each step says what is missing before it."""
    if home is None:
        st.info(t("bench_choose_home", lang), icon=":material/flag:")
        show_example()
        return

    custom, declared = (custom_home() if home == CUSTOM_HOME else (None, {}))
    suggested = _suggestion(home, custom)

    peer_options = [r for r in frames.regions_by_province(d, lang) if r != home]
    ss["peers"] = [p for p in ss.get("peers", []) if p in peer_options]
    state.bound(st.multiselect, "peers", t("bench_peers", lang), options=peer_options, format_func=labels.get,
                help=t("bench_peers_help", lang), placeholder=t("bench_peers", lang), select_all=False)
    if suggested:
        why = []
        for s in suggested:
            reasons = ([t("bench_why_shared", lang, n=s.shared)] if s.shared else []) + \
                      ([t("bench_why_province", lang)] if s.same_province else []) + \
                      ([t("bench_why_level", lang)] if s.same_level else [])
            why.append(t("bench_why_item", lang, region=names[s.region_id], reasons=join_list(reasons, lang)))
        line = t("bench_suggested", lang, names=join_list((names[s.region_id] for s in suggested), lang),
                 why=t("clause_separator", lang).join(why))
        left, right = st.columns([4, 1])
        left.caption(escape_markdown(line))
        ids = [s.region_id for s in suggested]
        right.button(t("bench_use_suggested", lang), key="bench_use_suggested", icon=":material/auto_awesome:",
                     disabled=list(ss.get("peers", [])) == ids, on_click=state.callback(state.set_value),
                     args=("peers", ids))
    else:
        st.caption(t("bench_suggested_none", lang))
    view = state.current()
    if not view.peers:
        st.info(t("bench_choose_peers", lang), icon=":material/group_add:")
        return

    bench, charts = app_data.benchmark_view(data, home, view.peers, view.filters.themes, lang, custom=custom,
                                            declared=declared, phone=widgets.on_phone())
    for item in (i for i in charts if i.kind == "theme_mix"):
        widgets.show_chart(item.figure, "bench_mix", "benchmark-themes", view)
    show_gaps(bench)
    show_figures(bench, [i for i in charts if i.kind == "compare"], view)
    st.divider()
    with st.container(key="export_panel"):  # hidden in print, like the other pages' panels
        show_exports(bench)


def _measure_lines(rows: pd.DataFrame, region_name) -> None:
    """Each measure: its region and title, then its verbatim quote (all of it text, never markup)."""
    for m in rows.itertuples():
        title = getattr(m, Bilingual.column("title", lang))
        st.markdown(f"**{escape_markdown(region_name(m.region_id))}** · {escape_markdown(title)}")
        st.markdown("> " + escape_markdown(m.quote.strip()))


def show_gaps(bench: benchmark.Benchmark) -> None:
    """Per vocabulary (themes, instruments): what the peers do and home does not, then what only home does."""
    st.subheader(t("bench_gaps_title", lang))
    vocab_labels = {"themes": t("bench_by_theme", lang), "instruments": t("bench_by_instrument", lang)}
    tabs = st.tabs([vocab_labels[v] for v in bench.gaps]) if len(bench.gaps) > 1 else [st.container()]
    k, home_name = len(bench.peers), bench.home_name(lang)
    for tab, (vocabulary, (gaps, distinctive)) in zip(tabs, bench.gaps.items(), strict=True):
        with tab:
            if not gaps:
                st.caption(t("bench_no_gaps", lang))
            for item in gaps:
                label = t("bench_gap_item", lang, name=benchmark.vocabulary_name(d, vocabulary, item.code, lang),
                          n=len(item.peers), k=k, regions=join_list((names[p] for p in item.peers), lang))
                with st.expander(escape_markdown(label)):
                    _measure_lines(item.measures, names.get)
            st.markdown(f"##### {escape_markdown(t('bench_distinct_title', lang))}")
            if not distinctive:
                st.caption(t("bench_no_distinct", lang))
            for item in distinctive:
                label = t("bench_distinct_item", lang, name=benchmark.vocabulary_name(d, vocabulary, item.code, lang),
                          n=len(item.peers), k=k)
                with st.expander(escape_markdown(label)):
                    _measure_lines(item.measures, lambda _: home_name)
                    if item.measures.empty:  # a typed-in home's declared theme: nothing to quote
                        st.caption(escape_markdown(home_name))


def show_figures(bench: benchmark.Benchmark, charts: list, view) -> None:
    """Home's figures beside each peer's comparable one, with scope and time on both sides, then the charts."""
    st.subheader(t("bench_figures_title", lang))
    st.caption(t("bench_figures_hint", lang))
    table = benchmark.standings_table(bench.pairs, bench.figures, d, lang)
    if table.empty:
        st.info(t("bench_no_pairs", lang))
        return
    counts = table["verdict"].value_counts()
    st.markdown(escape_markdown(t("bench_verdicts", lang, **{v: int(counts.get(v, 0)) for v in benchmark.VERDICTS})))
    shown = table.assign(home=bench.home_name(lang))[["indicator", "home", "home_value", "home_scope", "home_time",
                                                      "peer", "peer_value", "peer_scope", "peer_time",
                                                      "verdict_label"]]
    st.dataframe(shown, hide_index=True, width="stretch", key="bench_pairs", column_config={
        "indicator": st.column_config.TextColumn(t("indicator", lang), width="medium"),
        "home": t("bench_home", lang), "home_value": t("value", lang), "home_scope": t("scope_col", lang),
        "home_time": t("time_col", lang), "peer": t("bench_peer", lang), "peer_value": t("bench_peer_value", lang),
        "peer_scope": t("scope_col", lang), "peer_time": t("time_col", lang),
        "verdict_label": t("bench_verdict", lang),
    })
    for item in charts:
        widgets.show_chart(item.figure, f"bench_{item.key}", f"benchmark-{item.key}", view)


def show_exports(bench: benchmark.Benchmark) -> None:
    """The benchmark as CSV and as a PPTX briefing section; built only when clicked."""
    st.subheader(t("export_title", lang))
    today = date.today()
    stem = "-".join(["benchmark", bench.home, *bench.peers])[:80]
    left, right = st.columns(2)
    left.download_button(t("bench_download_csv", lang), data=partial(export.benchmark_csv_bytes, d, bench, names, lang),
                         file_name=f"{stem}_{today}.csv", mime=export.CSV_MIME, on_click="ignore",
                         icon=":material/table_chart:", width="stretch", key="bench_csv",
                         help=t("bench_download_help", lang))
    chromium = export.find_chromium()
    right.download_button(t("bench_download_pptx", lang),
                          data=partial(export.to_benchmark_pptx_bytes, d, data.measures, bench, lang, today),
                          file_name=f"{stem}_{today}.pptx", mime=export.PPTX_MIME, on_click="ignore",
                          icon=":material/slideshow:", width="stretch", key="bench_pptx", type="primary",
                          disabled=chromium is None, help=t("bench_download_help", lang))
    if chromium is None:
        st.error(t("chromium_missing", lang), icon=":material/error:")


show(home)
