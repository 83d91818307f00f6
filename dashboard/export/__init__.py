"""Exports of the current view: CSV, ZIP (CSV + README), XLSX, chart PNGs, and a briefing (of the view or
of the briefing basket) as PPTX with native charts or as Word (DOCX).

Pure functions (no streamlit): the download panel and the CLI (`python -m dashboard export`) both call
these, so a file downloaded from the app and one made on the command line are the same bytes.
One module per writer: tables (tables, CSV, names, README, ZIP), datapackage (the ZIP's Table Schema, Parquet),
xlsx, images (chart PNGs), pptx with native (native charts) and textfit (text that fits its box), docx. The charts
they draw come from dashboard/charts/briefing.py, which the Compare page shares; the words come from the catalogs.

Every CSV and sheet has exactly one header row: the stable column codes, or labels in the UI language (the app's
default; the CLI's default is codes). The ZIP's CSVs and Parquet files always use the codes: the ZIP's
datapackage.json (Frictionless Table Schema) gives each column's type, titles in both languages and allowed values.
Label columns carry the UI language.
In CSV, every text cell that a spreadsheet would read as a formula (=, +, -, @, tab, CR) is prefixed with `'`;
in XLSX, text is written as typed string cells, unchanged, which a spreadsheet never runs.
"""

from dashboard.export.datapackage import PARQUET_MIME, datapackage_json, to_parquet_bytes
from dashboard.export.docx import DOCX_MIME, basket_to_docx_bytes, to_docx_bytes
from dashboard.export.images import ChartRenderError, find_chromium, render_png, render_pngs
from dashboard.export.pptx import basket_to_pptx_bytes, to_benchmark_pptx_bytes, to_pptx_bytes
from dashboard.export.tables import (
    COLUMN_DOCS,
    COLUMN_LABELS,
    CSV_MIME,
    FIGURE_EXPORT_COLUMNS,
    HEADERS,
    MEASURE_EXPORT_COLUMNS,
    PPTX_MIME,
    XLSX_MIME,
    ZIP_MIME,
    benchmark_csv_bytes,
    export_filename,
    figures_table,
    filters_subtitle,
    measures_table,
    neutralise_formulas,
    readme_text,
    sources_table,
    to_csv_bytes,
    to_zip_bytes,
)
from dashboard.export.xlsx import to_xlsx_bytes

__all__ = [
    "COLUMN_DOCS",
    "COLUMN_LABELS",
    "CSV_MIME",
    "DOCX_MIME",
    "FIGURE_EXPORT_COLUMNS",
    "HEADERS",
    "MEASURE_EXPORT_COLUMNS",
    "PARQUET_MIME",
    "PPTX_MIME",
    "XLSX_MIME",
    "ZIP_MIME",
    "ChartRenderError",
    "basket_to_docx_bytes",
    "basket_to_pptx_bytes",
    "benchmark_csv_bytes",
    "datapackage_json",
    "export_filename",
    "figures_table",
    "filters_subtitle",
    "find_chromium",
    "measures_table",
    "neutralise_formulas",
    "readme_text",
    "render_png",
    "render_pngs",
    "sources_table",
    "to_benchmark_pptx_bytes",
    "to_csv_bytes",
    "to_docx_bytes",
    "to_parquet_bytes",
    "to_pptx_bytes",
    "to_xlsx_bytes",
    "to_zip_bytes",
]
