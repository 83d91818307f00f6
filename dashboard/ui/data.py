"""The only cached loader. Keyed on the dataset's files as they are now (name, size, inode, modification and change
time of the entry file, every region file and every file under sources/), so any edit is picked up on the next
rerun; behind it, the loader's cache of checked region files and the frames, keyed on content."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.analysis import benchmark, comparison, frames, home_input, instruments, search
from dashboard.charts import benchmark as bench_charts
from dashboard.charts import briefing, plots
from dashboard.data import loader, sources
from dashboard.data.cache import Cache
from dashboard.data.models import Dataset
from dashboard.i18n import LEVEL, t


@dataclass(frozen=True)
class AppData:
    dataset: Dataset
    measures: pd.DataFrame
    figures: pd.DataFrame
    summary: str
    path: Path
    mtime_ns: tuple  # the dataset files' fingerprint: the cache key of everything derived from them


# cache_resource, not cache_data: the dataset and its frames are shared read-only by every session, instead
# of being unpickled on every rerun (seconds at hundreds of regions). Nothing mutates them: pages filter into
# new frames.
@st.cache_resource(show_spinner=False, max_entries=4)
def _load(path: str, mtime_ns: tuple) -> tuple[loader.LoadResult, pd.DataFrame | None, pd.DataFrame | None]:
    cache = Cache.beside(Path(path))
    # problems name the dataset's files relative to its folder (regions/x.yaml): never the server's own paths
    result = loader.load_dataset(path, display_name=Path(path).name, cache=cache)
    if not result.ok or result.dataset is None:
        return result, None, None
    measures, figures = frames.dataset_frames(result.dataset, result.key, cache)
    return result, measures, figures


@st.cache_resource(show_spinner=False)
def _last_good() -> dict[str, tuple]:
    """Per dataset path, the last load that passed validation and its fingerprint: what every session is served
    while the files hold a broken edit, so that one bad save never takes the dashboard down."""
    return {}


def _loaded(path: str, mtime_ns: tuple) -> tuple[loader.LoadResult, pd.DataFrame | None, pd.DataFrame | None]:
    held = _last_good().get(path)
    if held is not None and held[3] == mtime_ns:
        return held[0], held[1], held[2]
    return _loaded(path, mtime_ns)


def dataset_path() -> Path:
    """DASHBOARD_DATASET points the app at another entry file (used by tests and for trying out edits)."""
    return Path(os.environ.get("DASHBOARD_DATASET") or loader.DEFAULT_DATASET)


def load_app_data(lang: str) -> AppData:
    """The checked dataset and its frames. While the files hold an edit that does not pass, the last version that
    passed is served under a banner naming each problem for the maintainers; with none, a page listing them (then
    the run stops)."""
    path = dataset_path()
    stamp = loader.fingerprint(path)
    result, measures, figures = _load(str(path), stamp)
    good = _last_good()
    if result.ok and result.dataset is not None and measures is not None and figures is not None:
        good[str(path)] = (result, measures, figures, stamp)
    else:
        problems = "\n".join(str(p) for p in result.problems) or path.name
        held = good.get(str(path))
        if held is None:
            st.error(t("dataset_broken", lang))
            st.code(problems, language=None)
            st.stop()
        st.warning(t("dataset_edit_broken", lang), icon=":material/build:")
        with st.expander(t("dataset_problems", lang)):
            st.code(problems, language=None)
        result, measures, figures, stamp = held
    return AppData(result.dataset, measures, figures, loader.summary_line(result.dataset), path, stamp)


@st.cache_resource(show_spinner=False, max_entries=64)  # shared figures, never mutated: no unpickling per rerun
def _compare_charts(path: str, mtime_ns: tuple, filters: frames.Filters, lang: str,
                    indicators: tuple[str, ...] | None, limit: int | None, phone: bool) -> list:
    result, measures, figures = _loaded(path, mtime_ns)
    if result.dataset is None:
        return []
    return briefing.briefing_items(result.dataset, filters, lang, indicators, limit, measures_frame=measures,
                                   figures_frame=figures, phone=phone)


def compare_charts(data: AppData, filters: frames.Filters, lang: str, indicators: tuple[str, ...] | None = None,
                   limit: int | None = briefing.TOP_ROWS, *, phone: bool = False) -> list:
    """The Compare page's charts for a view (the same ones the briefing pack shows), built once per view and
    screen (`phone`: laid out for a 390 px one)."""
    return _compare_charts(str(data.path), data.mtime_ns, filters, lang, indicators, limit, phone)


@st.cache_resource(show_spinner=False, max_entries=64)
def _overview_matrix(path: str, mtime_ns: tuple, filters: frames.Filters, lang: str,
                     rows: str) -> tuple[pd.DataFrame, go.Figure]:
    result, measures, _ = _loaded(path, mtime_ns)
    dataset = result.dataset
    region_ids = filters.region_ids(dataset)
    counts = frames.theme_counts(frames.filter_frame(measures, filters), region_ids, filters.theme_codes(dataset))
    row_names = None
    if rows != "region":  # hundreds of regions: one row per province or level
        group = {r: (dataset.region(r).province.text(lang) if rows == "province"
                     else LEVEL[lang][dataset.region(r).level]) for r in region_ids}
        counts = frames.group_theme_counts(counts, group)
        row_names = {name: name for name in counts["region_id"]}
    subtitle = frames.filters_subtitle(dataset, filters, lang)
    return counts, plots.build_theme_matrix_figure(counts, dataset, lang, subtitle, row_names)


def overview_matrix(data: AppData, filters: frames.Filters, lang: str,
                    rows: str = "region") -> tuple[pd.DataFrame, go.Figure]:
    """The Overview's counts and matrix for a view (rows: region, province or level), built once and shared."""
    return _overview_matrix(str(data.path), data.mtime_ns, filters, lang, rows)


@st.cache_data(show_spinner=False, max_entries=64)
def _compare_options(path: str, mtime_ns: tuple, filters: frames.Filters) -> tuple[list[str], list[str]]:
    _, _, figures = _loaded(path, mtime_ns)
    shown = frames.filter_frame(figures, filters)
    return comparison.shared_indicators(shown), comparison.comparable_indicators(shown)


def compare_options(data: AppData, filters: frames.Filters) -> tuple[list[str], list[str]]:
    """(indicators two or more regions report, those with comparable figures) for a view."""
    return _compare_options(str(data.path), data.mtime_ns, filters)


@st.cache_resource(show_spinner=False, max_entries=4)
def _search_index(path: str, mtime_ns: tuple) -> pd.DataFrame:
    result, measures, _ = _loaded(path, mtime_ns)
    return search.build_index(result.dataset, measures)


@st.cache_resource(show_spinner=False, max_entries=64)
def _search_results(path: str, mtime_ns: tuple, query: str) -> search.Results:
    return search.search(_search_index(path, mtime_ns), query)


def search_results(data: AppData, query: str) -> search.Results:
    """The results of a query over the dataset's search index (built once, shared; each query answered once, so
    a rerun of the results page does not search again)."""
    return _search_results(str(data.path), data.mtime_ns, query)


@st.cache_data(show_spinner=False, max_entries=16)
def _source_text(path: str, mtime_ns: tuple, source_id: str) -> str | None:
    result, _, _ = _loaded(path, mtime_ns)
    source = result.dataset.sources_by_id[source_id]
    try:
        return sources.source_path(Path(path), source).read_text(encoding="utf-8")
    except OSError:
        return None


def source_text(data: AppData, source_id: str) -> str | None:
    """A source document's text (None when the file cannot be read)."""
    return _source_text(str(data.path), data.mtime_ns, source_id)


@st.cache_resource(show_spinner=False, max_entries=64)  # shared and never mutated, like the Compare charts
def _benchmark(path: str, mtime_ns: tuple, home: str, peers: tuple[str, ...], themes: tuple[str, ...],
               lang: str, phone: bool) -> tuple[benchmark.Benchmark, list]:
    result, measures, figures = _loaded(path, mtime_ns)
    bench = benchmark.compare_home(result.dataset, measures, figures, home, peers, themes)
    return bench, bench_charts.benchmark_charts(result.dataset, measures, bench, lang, phone=phone)


def benchmark_view(data: AppData, home: str, peers: tuple[str, ...], themes: tuple[str, ...], lang: str, *,
                   custom: home_input.HomeFigures | None = None,
                   declared: dict[str, list[str]] | None = None, phone: bool = False) -> tuple[benchmark.Benchmark, list]:
    """The benchmark and its charts for a view (`phone`: laid out for a 390 px screen); built once per view for a
    home in the dataset. A home typed in is the session's own: built for it alone, never put in a cache that other
    sessions share."""
    if home != home_input.CUSTOM_HOME:
        return _benchmark(str(data.path), data.mtime_ns, home, tuple(peers), tuple(themes), lang, phone)
    bench = benchmark.compare_home(data.dataset, data.measures, data.figures, home, peers, themes, custom=custom,
                                   custom_codes=declared)
    return bench, bench_charts.benchmark_charts(data.dataset, data.measures, bench, lang, phone=phone)


@st.cache_resource(show_spinner=False, max_entries=4)
def _glossary_uses(path: str, mtime_ns: tuple) -> dict[str, list[str]]:
    result, measures, _ = _loaded(path, mtime_ns)
    return frames.glossary_uses(result.dataset, measures) if result.dataset is not None else {}


@st.cache_resource(show_spinner=False, max_entries=64)  # shared, never mutated (the page renames into a copy)
def _usage_counts(path: str, mtime_ns: tuple, filters: frames.Filters, section: str,
                  codes: tuple[str, ...]) -> pd.DataFrame:
    result, measures, _ = _loaded(path, mtime_ns)
    dataset = result.dataset
    return instruments.usage_counts(frames.filter_frame(measures, filters), dataset, section,
                                    filters.region_ids(dataset), codes)


def usage_counts(data: AppData, filters: frames.Filters, section: str, codes: tuple[str, ...]) -> pd.DataFrame:
    """Instrument (or target group) × region counts of a view, worked out once per view."""
    return _usage_counts(str(data.path), data.mtime_ns, filters, section, codes)


@st.cache_resource(show_spinner=False, max_entries=4)
def _comparable_groups(path: str, mtime_ns: tuple) -> dict[str, frozenset[str]]:
    _, _, figures = _loaded(path, mtime_ns)
    return benchmark.groups_by_region(figures) if figures is not None else {}


def comparable_groups(data: AppData) -> dict[str, frozenset[str]]:
    """Each region's comparison groups, for peer suggestions: worked out once per dataset file."""
    return _comparable_groups(str(data.path), data.mtime_ns)


@st.cache_resource(show_spinner=False, max_entries=4)
def _source_use(path: str, mtime_ns: tuple) -> dict[str, tuple[set[str], int]]:
    result, _, _ = _loaded(path, mtime_ns)
    return frames.source_use(result.dataset) if result.dataset is not None else {}


def source_use(data: AppData) -> dict[str, tuple[set[str], int]]:
    """Per source: the regions that quote it and its number of figures, worked out once per dataset file."""
    return _source_use(str(data.path), data.mtime_ns)


@st.cache_resource(show_spinner=False, max_entries=8)
def _left_out(path: str, mtime_ns: tuple, lang: str) -> pd.DataFrame:
    result, _, _ = _loaded(path, mtime_ns)
    return frames.left_out_frame(result.dataset, lang) if result.dataset is not None else pd.DataFrame()


def left_out(data: AppData, lang: str) -> pd.DataFrame:
    """The numbers the sources leave out, one row each (tens of thousands at scale): built once per file and
    language, shared by every session; the page adds each row's link for its own view."""
    return _left_out(str(data.path), data.mtime_ns, lang)


def glossary_uses(data: AppData) -> dict[str, list[str]]:
    """Each glossary term → the measures that use it: a keyword search per term, done once per dataset file."""
    return _glossary_uses(str(data.path), data.mtime_ns)
