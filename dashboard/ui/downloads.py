"""The download panel: the current view as CSV / ZIP / XLSX / Parquet, the full dataset, and a briefing (PPTX,
Word). CSV and XLSX have one header row, labels or codes as the reader chooses.

Every file is built by dashboard.export (the CLI makes the same bytes) and only when its button is clicked
(`data=` is a callable); `on_click="ignore"` keeps a download from rerunning the page.
"""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from dashboard import export
from dashboard.analysis import frames
from dashboard.analysis.frames import Filters
from dashboard.i18n import t
from dashboard.ui.data import AppData
from dashboard.ui.url_state import ViewState


def export_panel(data: AppData, view: ViewState, key_prefix: str = "export",
                 indicators: tuple[str, ...] | None = None) -> None:
    # a keyed container gets the class `st-key-export_panel`, which the print style hides
    with st.container(key="export_panel"):
        _export_panel(data, view, key_prefix, indicators)


def _export_panel(data: AppData, view: ViewState, key_prefix: str, indicators: tuple[str, ...] | None) -> None:
    """Row counts of the current view, then its downloads; the full dataset and the briefing pack last.

    `indicators`: the charts the briefing pack draws (the Compare page's choice; default: every shared one)."""
    lang, dataset, filters = view.lang, data.dataset, view.filters
    today = date.today()
    n_measures = len(frames.filter_frame(data.measures, filters))
    n_figures = len(frames.filter_frame(data.figures, filters))

    st.subheader(t("export_title", lang))
    st.caption(t("export_rows", lang, measures=n_measures, figures=n_figures))
    if n_measures == 0:
        st.info(t("export_empty", lang))

    def name(kind: str, ext: str, full: bool = False) -> str:
        return export.export_filename(kind, filters, ext, today, full=full, lang=lang)

    def button(column, label: str, builder, file_name: str, mime: str, key: str, icon: str, **kwargs) -> None:
        with column:
            st.download_button(t(label, lang), data=builder, file_name=file_name, mime=mime,
                               key=f"{key_prefix}_{key}", on_click="ignore", icon=icon, width="stretch", **kwargs)

    # one header row: labels in the interface language by default, the stable codes one click away
    headers = st.radio(t("export_headers", lang), export.HEADERS, horizontal=True, key=f"{key_prefix}_headers",
                       format_func=lambda h: t(f"export_headers_{h}", lang), help=t("export_headers_help", lang))
    header_lang = lang if headers == "labels" else None
    first, second, third = st.columns(3)
    button(first, "download_measures_csv",
           partial(_csv, dataset, filters, lang, "measures", header_lang), name("measures", "csv"), export.CSV_MIME,
           "measures_csv", ":material/table_view:", help=t("download_csv_help", lang))
    button(second, "download_figures_csv",
           partial(_csv, dataset, filters, lang, "figures", header_lang), name("figures", "csv"), export.CSV_MIME,
           "figures_csv", ":material/table_chart:", help=t("download_csv_help", lang))
    button(third, "download_zip",
           partial(export.to_zip_bytes, dataset, filters, lang, today), name("data", "zip"), export.ZIP_MIME,
           "zip", ":material/folder_zip:", help=t("download_zip_help", lang))

    first, second, third = st.columns(3)
    button(first, "download_xlsx",
           partial(export.to_xlsx_bytes, dataset, filters, lang, today, headers), name("data", "xlsx"),
           export.XLSX_MIME,
           "xlsx", ":material/grid_on:", help=t("download_xlsx_help", lang))
    chromium = export.find_chromium()
    button(second, "download_pptx",
           partial(export.to_pptx_bytes, dataset, filters, lang, today, indicators), name("briefing", "pptx"),
           export.PPTX_MIME, "pptx", ":material/slideshow:", help=t("download_pptx_help", lang),
           disabled=chromium is None or n_measures == 0, type="primary")
    button(third, "download_docx",
           partial(export.to_docx_bytes, dataset, filters, lang, today, indicators), name("briefing", "docx"),
           export.DOCX_MIME, "docx", ":material/description:", help=t("download_docx_help", lang),
           disabled=chromium is None or n_measures == 0)
    first, second = st.columns(2)
    button(first, "download_measures_parquet",
           partial(_parquet, dataset, filters, lang, "measures"), name("measures", "parquet"), export.PARQUET_MIME,
           "measures_parquet", ":material/table_view:", help=t("download_parquet_help", lang))
    button(second, "download_figures_parquet",
           partial(_parquet, dataset, filters, lang, "figures"), name("figures", "parquet"), export.PARQUET_MIME,
           "figures_parquet", ":material/table_chart:", help=t("download_parquet_help", lang))
    full = Filters()
    (first,) = st.columns(1)
    button(first, "download_full",
           partial(export.to_zip_bytes, dataset, full, lang, today), name("data", "zip", full=True),
           export.ZIP_MIME, "full", ":material/database:",
           help=t("download_full_help", lang, measures=dataset.measure_count, figures=dataset.figure_count))
    if chromium is None:
        st.error(t("chromium_missing", lang), icon=":material/error:")


def _csv(dataset, filters: Filters, lang: str, shape: str, header_lang: str | None) -> bytes:
    table = export.measures_table if shape == "measures" else export.figures_table
    return export.to_csv_bytes(table(dataset, filters, lang), header_lang)


def _parquet(dataset, filters: Filters, lang: str, shape: str) -> bytes:
    table = export.measures_table if shape == "measures" else export.figures_table
    return export.to_parquet_bytes(table(dataset, filters, lang))
