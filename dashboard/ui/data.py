"""The only cached loader. Keyed on the file's path and mtime, so an edited YAML is picked up; behind it, the
compiled cache (dashboard/compiled.py) keyed on content."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import briefing, frames, loader
from dashboard.compiled import load_compiled
from dashboard.i18n import t
from dashboard.models import Dataset


@dataclass(frozen=True)
class AppData:
    dataset: Dataset
    measures: pd.DataFrame
    figures: pd.DataFrame
    summary: str
    path: Path
    mtime_ns: int  # the cache key of everything derived from this file


@st.cache_data(show_spinner=False, max_entries=4)
def _load(path: str, mtime_ns: int) -> tuple[loader.LoadResult, pd.DataFrame | None, pd.DataFrame | None]:
    # the compiled cache (keyed by content) makes a restart on an unchanged file skip parsing and validation
    compiled = load_compiled(path)
    return compiled.result, compiled.measures, compiled.figures


def dataset_path() -> Path:
    """DASHBOARD_DATASET points the app at another file (used by tests and for trying out edits)."""
    return Path(os.environ.get("DASHBOARD_DATASET") or loader.DEFAULT_DATASET)


def load_app_data(lang: str) -> AppData:
    """The checked dataset and its frames, or a page listing every problem (then the run stops)."""
    path = dataset_path()
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = -1
    result, measures, figures = _load(str(path), mtime)
    if not result.ok or result.dataset is None or measures is None or figures is None:
        st.error(t("dataset_broken", lang))
        st.code("\n".join(str(p) for p in result.problems) or str(path), language=None)
        st.stop()
    return AppData(result.dataset, measures, figures, loader.summary_line(result.dataset), path, mtime)


@st.cache_data(show_spinner=False, max_entries=64)
def _compare_charts(path: str, mtime_ns: int, filters: frames.Filters, lang: str,
                    indicators: tuple[str, ...] | None, limit: int | None) -> list:
    result, _, _ = _load(path, mtime_ns)
    return briefing.briefing_items(result.dataset, filters, lang, indicators, limit) if result.dataset else []


def compare_charts(data: AppData, filters: frames.Filters, lang: str, indicators: tuple[str, ...] | None = None,
                   limit: int | None = briefing.TOP_ROWS) -> list:
    """The Compare page's charts for a view (the same ones the briefing pack shows), built once per view."""
    return _compare_charts(str(data.path), data.mtime_ns, filters, lang, indicators, limit)
