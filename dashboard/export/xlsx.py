"""The XLSX workbook of the current view: measures, figures, sources and filters sheets. Pure functions.

Text goes into typed string cells exactly as in the source, so a cell that looks like a formula never runs."""

from __future__ import annotations

import io
import math
import re
import zipfile
from datetime import date
from typing import Any

import pandas as pd

from dashboard.analysis.frames import Filters
from dashboard.data.models import Dataset
from dashboard.export.tables import (
    COLUMN_DOCS,
    _as_date,
    _zip_stamp,
    column_labels,
    display_width,
    figures_table,
    filters_table,
    measures_table,
    sources_table,
)
from dashboard.i18n import t

CELL_LIMIT = 32_767  # characters Excel holds in one cell; it cuts or refuses a longer one without saying where

# ---------------------------------------------------------------- XLSX


def _write_sheet(workbook: Any, title: str, df: pd.DataFrame, max_width: int = 50, lang: str | None = None,
                 cut: list[str] | None = None, cut_lang: str = "en") -> None:
    """`lang`: the header row in that language (the `columns` sheet maps it to the codes); None: code headers.

    A text longer than Excel's cell limit is cut there with a marker saying so in the cell; `cut` collects a note
    naming each such cell (the `filters` sheet lists them)."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    header = column_labels(list(df.columns), lang) if lang else list(df.columns)
    sheet.append(header)
    for r, row in enumerate(df.itertuples(index=False), start=2):
        values = [_cell_value(v) for v in row]
        for c, value in enumerate(values):
            if isinstance(value, str) and len(value) > CELL_LIMIT:
                values[c] = _cut(value, cut_lang)
                if cut is not None:
                    cut.append(t("xlsx_cut_note", cut_lang, sheet=title, cell=f"{get_column_letter(c + 1)}{r}",
                                 column=df.columns[c], length=len(value)))
        sheet.append(values)
    # XLSX has cell types: text is stored as a string cell, exactly as in the source, so '=…' cannot run
    # (openpyxl would otherwise store it as a formula); CSV has no types and gets a leading ' instead.
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F2")
        cell.alignment = Alignment(vertical="center")
    for index, (column, name) in enumerate(zip(df.columns, header, strict=True), start=1):
        sample = [name, *df[column].head(300).tolist()]
        width = max(display_width(v) for v in sample) + 2
        sheet.column_dimensions[get_column_letter(index)].width = max(8, min(width, max_width))
    sheet.freeze_panes = "A2"
    if len(df):
        sheet.auto_filter.ref = sheet.dimensions


def _cut(text: str, lang: str) -> str:
    """The text cut to Excel's cell limit, ending in a marker that says so and how long the full text is."""
    marker = t("xlsx_cut", lang, length=len(text))
    return text[: CELL_LIMIT - len(marker)] + marker


def _cell_value(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)  # 1000000000 rather than 1E+09 in a narrow column
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def to_xlsx_bytes(dataset: Dataset, filters: Filters, lang: str, today: date | str | None = None,
                  headers: str = "labels") -> bytes:
    """Sheets measures, figures, sources, filters and columns; header frozen, columns sized, no cell stored as a
    formula. `headers`: 'labels' (in the language; the `columns` sheet gives each one's code) or 'codes'."""
    from openpyxl import Workbook

    measures = measures_table(dataset, filters, lang)
    figures = figures_table(dataset, filters, lang)
    workbook = Workbook()
    workbook.remove(workbook.active)
    header_lang = lang if headers == "labels" else None
    cut: list[str] = []
    _write_sheet(workbook, "measures", measures, lang=header_lang, cut=cut, cut_lang=lang)
    _write_sheet(workbook, "figures", figures, lang=header_lang, cut=cut, cut_lang=lang)
    _write_sheet(workbook, "sources", sources_table(dataset, filters), cut=cut, cut_lang=lang)
    notes = filters_table(dataset, filters, lang, today, len(measures), len(figures))
    if cut:
        notes = pd.concat([notes, pd.DataFrame({"field": [f"cut_{n}" for n in range(1, len(cut) + 1)],
                                                "value": cut})], ignore_index=True)
    _write_sheet(workbook, "filters", notes, max_width=100)
    codes = list(dict.fromkeys([*measures.columns, *figures.columns]))
    _write_sheet(workbook, "columns", pd.DataFrame({"code": codes, "label": column_labels(codes, lang),
                                                    "description": [COLUMN_DOCS[lang].get(c, "") for c in codes]}),
                 max_width=100)
    stamp = pd.Timestamp(_as_date(today)).to_pydatetime()
    workbook.properties.created = workbook.properties.modified = stamp
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _restamp_zip(buffer.getvalue(), _zip_stamp(today))


def _restamp_zip(data: bytes, stamp: tuple[int, int, int, int, int, int]) -> bytes:
    """openpyxl stamps each part with the wall clock; the same view on the same day must give the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl writes the save time as 'modified'
                day = "{:04d}-{:02d}-{:02d}T00:00:00Z".format(*stamp[:3])
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + day.encode(), content)
            target.writestr(zipfile.ZipInfo(info.filename, date_time=stamp), content,
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


