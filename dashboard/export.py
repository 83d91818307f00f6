"""Exports of the current view: CSV, ZIP (CSV + README), XLSX, chart PNGs and a PPTX briefing pack.

Pure functions (no streamlit): the download panel and the CLI (`python -m dashboard export`) both call
these, so a file downloaded from the app and one made on the command line are the same bytes.

Column headers are stable English codes (for scripts); label columns carry the UI language.
In CSV, every text cell that a spreadsheet would read as a formula (=, +, -, @, tab, CR) is prefixed with `'`;
in XLSX, text is written as typed string cells, unchanged, which a spreadsheet never runs.
"""

from __future__ import annotations

import asyncio
import io
import math
import os
import re
import shutil
import threading
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard import charts, comparison, frames
from dashboard.frames import Filters
from dashboard.i18n import BASIS, KIND, SCOPE, STATUS, UNIT_NAMES, join_list, t
from dashboard.loader import summary_line
from dashboard.models import Dataset, Source
from dashboard.numbers import QUALIFIER_NAMES

MEASURE_EXPORT_COLUMNS = [
    "region_id", "region", "measure_id", "title_zh", "title_en", "themes", "theme_names", "status", "status_label",
    "summary_zh", "summary_en", "quote", "n_figures",
]
FIGURE_EXPORT_COLUMNS = [
    "region_id", "region", "measure_id", "measure", "themes", "status", "indicator_code", "indicator", "label", "value",
    "value_label",
    "unit", "qualifier", "kind", "period", "period_label", "as_printed", "quote", "note", "key",
    "scope", "scope_label", "basis", "step", "alt_value", "comparison_group",
]
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_MIME = "text/csv"
ZIP_MIME = "application/zip"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
FULL_DATASET = "full-dataset"

# ---------------------------------------------------------------- tables


def _theme_names(dataset: Dataset, codes: Sequence[str], lang: str) -> str:
    names = {th.code: getattr(th, lang) for th in dataset.themes}
    return join_list([names.get(c, c) for c in codes], lang)


def measures_table(dataset: Dataset, filters: Filters, lang: str) -> pd.DataFrame:
    """One row per measure of the filtered view, in dataset order."""
    rows = frames.filter_frame(frames.measures_frame(dataset), filters)
    table = pd.DataFrame({
        "region_id": rows["region_id"],
        "region": rows[f"region_{lang}"],
        "measure_id": rows["measure_id"],
        "title_zh": rows["title_zh"],
        "title_en": rows["title_en"],
        "themes": rows["themes"].map(";".join),
        "theme_names": rows["themes"].map(lambda codes: _theme_names(dataset, codes, lang)),
        "status": rows["status"],
        "status_label": rows["status"].map(STATUS[lang]),
        "summary_zh": rows["summary_zh"],
        "summary_en": rows["summary_en"],
        "quote": rows["quote"],
        "n_figures": rows["n_figures"].astype("int64"),
    }, columns=MEASURE_EXPORT_COLUMNS)
    return table.reset_index(drop=True)


def figures_table(dataset: Dataset, filters: Filters, lang: str) -> pd.DataFrame:
    """Long format: one row per figure of the filtered view, values in base units (80亿元 → 8000000000 yuan)."""
    rows = frames.filter_frame(frames.figures_frame(dataset), filters)
    rows = frames.with_value_labels(rows, lang) if len(rows) else rows.assign(value_label=pd.Series(dtype="str"))
    indicator_names = {i.code: getattr(i, lang) for i in dataset.indicators}
    table = pd.DataFrame({
        "region_id": rows["region_id"],
        "region": rows[f"region_{lang}"],
        "measure_id": rows["measure_id"],
        "measure": rows[f"measure_{lang}"],
        "themes": rows["themes"].map(";".join),
        "status": rows["status"],
        "indicator_code": rows["indicator"],
        "indicator": rows["indicator"].map(indicator_names),
        "label": rows[f"label_{lang}"] if f"label_{lang}" in rows else "",
        "value": rows["value"].astype("float64"),
        "value_label": rows["value_label"],
        "unit": rows["unit"],
        "qualifier": rows["qualifier"],
        "kind": rows["kind"],
        "period": rows["period"],
        "period_label": frames.time_labels(rows, lang) if len(rows) else pd.Series(dtype="object"),
        "as_printed": rows["as_printed"],
        "quote": rows["quote"],
        "note": rows[f"note_{lang}"],
        "key": rows["key"].astype(bool),
        "scope": rows["scope"],
        "scope_label": frames.scope_labels(rows, lang) if len(rows) else pd.Series(dtype="object"),
        "basis": rows["basis"],
        "step": rows["step"],
        "alt_value": rows["alt_value"].astype("float64"),
        "comparison_group": comparison.comparison_groups(rows) if len(rows) else pd.Series(dtype="object"),
    }, columns=FIGURE_EXPORT_COLUMNS)
    return table.reset_index(drop=True)


def _neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells a spreadsheet would run as a formula get a leading `'`; numbers and booleans are untouched."""
    out = df.copy()
    for column in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[column]) or pd.api.types.is_bool_dtype(out[column])):
            out[column] = out[column].map(_neutralise)
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (so Excel opens Chinese correctly), formula cells neutralised."""
    return neutralise_formulas(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


# ---------------------------------------------------------------- names and descriptions


def _as_date(today: date | str | None) -> str:
    if today is None:
        return date.today().isoformat()
    return today.isoformat() if isinstance(today, date) else str(today)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]+", "-", text).strip("-").lower()


def export_filename(kind: str, filters: Filters | None, ext: str, today: date | str | None = None, *,
                    full: bool = False) -> str:
    """`figures_talent_mianyang-ningxia_2026-11-27.csv`; `measures_all_…` unfiltered; `…_full-dataset_…`."""
    parts = [kind]
    if full or filters is None:
        parts.append(FULL_DATASET)
    else:
        selection = []
        if filters.themes:
            selection.append("-".join(filters.themes))
        if filters.regions:
            selection.append("-".join(filters.regions))
        if filters.statuses:
            selection.append("-".join(filters.statuses))
        if filters.keyword.strip():
            keyword = _slug(filters.keyword)[:24].strip("-")
            selection.append(f"q-{keyword}" if keyword else "q")
        parts.extend(selection or ["all"])
    parts.append(_as_date(today))
    return "_".join(parts) + "." + ext.lstrip(".")


def filters_subtitle(dataset: Dataset, filters: Filters, lang: str) -> str:
    """'主题：人才｜地区：绵阳、宁夏' — the same line the pages put under every chart title."""
    themes = _theme_names(dataset, filters.themes, lang) if filters.themes else t("all", lang)
    region_names = {r.id: getattr(r, f"short_{lang}") for r in dataset.regions}
    regions = join_list([region_names.get(r, r) for r in filters.regions], lang) if filters.regions else t("all", lang)
    text = t("filters_line", lang, themes=themes, regions=regions)
    separator = "｜" if lang == "zh" else " | "
    if filters.statuses:
        text += separator + join_list([STATUS[lang].get(s, s) for s in filters.statuses], lang)
    if filters.keyword.strip():
        text += separator + t("keyword_line", lang, keyword=filters.keyword.strip())
    return text


def _sources_in_view(dataset: Dataset, filters: Filters) -> list[Source]:
    used = {dataset.region(r).source for r in filters.region_ids(dataset) if r in {x.id for x in dataset.regions}}
    return [s for s in dataset.sources if s.id in used] or list(dataset.sources)


COLUMN_DOCS: dict[str, dict[str, str]] = {
    "zh": {
        "region_id": "地区代码（稳定，供脚本使用）",
        "region": "地区简称",
        "measure_id": "举措代码（稳定，全数据集唯一）",
        "title_zh": "举措标题（中文）",
        "title_en": "举措标题（英文）",
        "measure": "所属举措的标题",
        "themes": "主题代码，以分号分隔；第一个为主主题",
        "theme_names": "主题名称",
        "status": "举措的状态代码：planned 计划 / in_progress 推进中 / achieved 已取得成效（数据点取其所属举措的状态）",
        "status_label": "状态名称",
        "summary_zh": "概要（中文，编者归纳）",
        "summary_en": "概要（英文，编者归纳）",
        "quote": "原文摘录（与来源文件逐字一致，空白除外）",
        "n_figures": "该举措的数据点个数",
        "indicator_code": "指标代码",
        "indicator": "指标名称",
        "label": "具体统计对象（同一地区多次报告同一指标时区分各数据点）",
        "value": "数值，换算为基本单位（如 80亿元 记为 8000000000，单位 yuan）",
        "value_label": "便于阅读的数值，含限定符号与单位（如 预计≥80亿元）",
        "unit": "单位代码：" + "；".join(f"{k} {v}" for k, v in UNIT_NAMES["zh"].items()),
        "qualifier": "限定代码：" + "；".join(f"{k} {v}" for k, v in QUALIFIER_NAMES["zh"].items()),
        "kind": "口径代码：" + "；".join(f"{k} {v}" for k, v in KIND["zh"].items()),
        "period": "时期代码：2023 为年份；2023-01..2023-10 为月份区间；2021..2023 为年份区间；..2023 为截至该年累计",
        "period_label": "时期（文字）",
        "as_printed": "原文中的数字写法",
        "note": "编者说明（口径、范围等）",
        "key": "是否为该地区的关键数字（True/False）",
        "scope": "覆盖范围代码：" + "；".join(f"{k} {v}" for k, v in SCOPE["zh"].items()),
        "scope_label": "覆盖范围（文字）：非全域的数字写明具体统计对象",
        "basis": "时间口径代码：" + "；".join(f"{k} {v}" for k, v in BASIS["zh"].items()),
        "step": "前后对比：before 前值 / after 后值（同一指标的一对数字）；空为单个数字",
        "alt_value": "表述有歧义时的另一种读法（如“提高了2倍”可读作2倍或3倍），见 note 列",
        "comparison_group": "可比组：只有同组的数字（指标、单位、口径类型、覆盖范围、时间口径一致，且都不是预计值）才可直接比较",
    },
    "en": {
        "region_id": "region code (stable, for scripts)",
        "region": "region short name",
        "measure_id": "measure code (stable, unique in the dataset)",
        "title_zh": "measure title in Chinese",
        "title_en": "measure title in English",
        "measure": "title of the measure the figure belongs to",
        "themes": "theme codes separated by ';' — the first is the primary theme",
        "theme_names": "theme names",
        "status": "status code of the measure: planned / in_progress / achieved (a figure has its measure's status)",
        "status_label": "status name",
        "summary_zh": "summary in Chinese (editors' wording)",
        "summary_en": "summary in English (editors' wording)",
        "quote": "source sentence, verbatim from the source file (whitespace aside)",
        "n_figures": "number of figures of the measure",
        "indicator_code": "indicator code",
        "indicator": "indicator name",
        "label": "what exactly is counted (tells apart figures of one indicator in the same region)",
        "value": "the number in base units (80亿元 = 8,000,000,000 with unit 'yuan')",
        "value_label": "the number as a reader expects it, with qualifier and unit (e.g. exp. ≥¥8 bn)",
        "unit": "unit code: " + "; ".join(f"{k} = {v}" for k, v in UNIT_NAMES["en"].items()),
        "qualifier": "qualifier code: " + "; ".join(f"{k} = {v}" for k, v in QUALIFIER_NAMES["en"].items()),
        "kind": "kind code: " + "; ".join(f"{k} = {v}" for k, v in KIND["en"].items()),
        "period": "period code: 2023 a year; 2023-01..2023-10 a span of months; 2021..2023 a span of years; "
        "..2023 cumulative up to that year",
        "period_label": "period in words",
        "as_printed": "the number exactly as printed in the source",
        "note": "editors' note (scope, definitions)",
        "key": "whether it is one of the region's key figures (True/False)",
        "scope": "scope code: " + "; ".join(f"{k} = {v}" for k, v in SCOPE["en"].items()),
        "scope_label": "scope in words: what exactly a figure covers when it is not the whole region",
        "basis": "time basis code: " + "; ".join(f"{k} = {v}" for k, v in BASIS["en"].items()),
        "step": "before / after: one of a pair of readings of the same indicator; empty for a single figure",
        "alt_value": "the other reading of an ambiguous wording (提高了2倍: 2x or 3x the base); see the note column",
        "comparison_group": "comparison group: only figures of the same group (indicator, unit, kind, scope and "
        "time basis agree, and neither is a forecast) may be compared directly",
    },
}

_README = {
    "zh": {
        "title": "区域科创举措对比看板 — 数据导出",
        "generated": "导出日期",
        "dataset": "数据集",
        "source": "资料来源",
        "file": "原文文件（相对于数据集文件 data/measures.yaml）",
        "selection": "筛选条件",
        "themes": "主题", "regions": "地区", "statuses": "状态", "keyword": "关键词", "none": "全部（未筛选）",
        "rule": "主题筛选：举措含任一所选主题即纳入；一项举措属多个主题时在每个主题下都会出现。",
        "rows": "行数",
        "files": "文件",
        "measures_file": "measures.csv — 举措，每项一行",
        "figures_file": "figures.csv — 数据点（长表），每个数字一行",
        "encoding": "编码：UTF-8（带 BOM，Excel 可直接打开）。以 = + - @ 开头的文本单元格前加了单引号 '，以防被电子表格当作公式执行。",
        "columns": "列说明",
        "caveats": "可比性提示（请务必阅读）",
        "caveat_items": [
            "限定（qualifier）：原文中的“近、约、余、超过、预计、最高”等不是确数。下限（at_least）与确数、预计值与已实现值不能直接比大小或相加。",
            "口径（kind）：存量/累计（stock）与当期新增（new）不可直接比较；比率（rate）、排名（rank）、变化量（change）各自成类。",
            "时期（period）：各地报告的年份和区间不同（如 2023年 与 2023年1—10月、截至2023年累计），比较前请核对时期。",
            "单位（unit）：value 已换算为基本单位（元、人、个……）；percent（%）与 percentage_points（百分点）不同；同一指标在各地的统计范围可能不同，见 note 列。",
            "数据来自单一摘编材料，未经与统计公报核对；as_printed 与 quote 列给出原文写法与原句，便于核查。",
        ],
    },
    "en": {
        "title": "Regional Innovation Measures Dashboard — data export",
        "generated": "Exported on",
        "dataset": "Dataset",
        "source": "Source",
        "file": "Source file (relative to the dataset file data/measures.yaml)",
        "selection": "Selection",
        "themes": "Themes", "regions": "Regions", "statuses": "Status", "keyword": "Keyword",
        "none": "all (no filter)",
        "rule": "Theme filter: a measure is included if it has any of the chosen themes; "
        "a measure with several themes appears under each of them.",
        "rows": "Rows",
        "files": "Files",
        "measures_file": "measures.csv — measures, one row each",
        "figures_file": "figures.csv — figures in long format, one row per number",
        "encoding": "Encoding: UTF-8 with BOM (opens correctly in Excel). Text cells beginning with = + - @ are "
        "prefixed with a single quote ' so that spreadsheets do not run them as formulas.",
        "columns": "Columns",
        "caveats": "Comparability caveats (please read)",
        "caveat_items": [
            "Qualifiers: numbers printed with 近/约/余/超过/预计/最高 (about, more than, expected, up to) are not "
            "exact. Do not rank or add lower bounds (at_least) and exact numbers, or expected and achieved values, "
            "as if they were alike.",
            "Kinds: a stock / cumulative total (stock) is not comparable with a number new in the period (new); "
            "rates, ranks and changes are each their own kind.",
            "Periods: regions report different years and spans (2023 vs Jan–Oct 2023 vs cumulative to 2023); "
            "check the period before comparing.",
            "Units: value is in base units (yuan, people, count…); percent and percentage_points differ; "
            "the same indicator can have a different scope in each region — see the note column.",
            "All numbers come from one digest and have not been checked against statistical bulletins; as_printed "
            "and quote give the printed number and the sentence so each can be verified.",
        ],
    },
}


def _selection_lines(dataset: Dataset, filters: Filters, lang: str) -> list[tuple[str, str]]:
    text = _README[lang]
    region_names = {r.id: getattr(r, f"short_{lang}") for r in dataset.regions}
    themes = (join_list([f"{c} {getattr(dataset.theme(c), lang)}" for c in filters.themes], lang)
              if filters.themes else text["none"])
    regions = (join_list([f"{r} {region_names.get(r, r)}" for r in filters.regions], lang)
               if filters.regions else text["none"])
    statuses = join_list([f"{s} {STATUS[lang][s]}" for s in filters.statuses], lang) if filters.statuses else text["none"]
    keyword = filters.keyword.strip() or text["none"]
    return [(text["themes"], themes), (text["regions"], regions), (text["statuses"], statuses),
            (text["keyword"], keyword)]


def readme_text(dataset: Dataset, filters: Filters, lang: str, today: date | str | None = None, *,
                n_measures: int | None = None, n_figures: int | None = None) -> str:
    text = _README[lang]
    colon = "：" if lang == "zh" else ": "
    lines = [text["title"], "=" * 40, "", f"{text['generated']}{colon}{_as_date(today)}",
             f"{text['dataset']}{colon}{summary_line(dataset)}", "", f"{text['source']}{colon}"]
    for source in _sources_in_view(dataset, filters):
        lines += [f"  {getattr(source, f'citation_{lang}')}",
                  f"  {getattr(source, f'title_{lang}')} — {getattr(source, f'publisher_{lang}')}",
                  f"  {text['file']}{colon}{source.file}"]
    lines += ["", f"{text['selection']}{colon}"]
    lines += [f"  {label}{colon}{value}" for label, value in _selection_lines(dataset, filters, lang)]
    lines += [f"  {text['rule']}"]
    if n_measures is not None and n_figures is not None:
        lines += [f"  {text['rows']}{colon}measures.csv {n_measures}, figures.csv {n_figures}"]
    lines += ["", f"{text['files']}{colon}", f"  {text['measures_file']}", f"  {text['figures_file']}",
              f"  {text['encoding']}", "", f"{text['caveats']}{colon}"]
    lines += [f"  {i}. {item}" for i, item in enumerate(text["caveat_items"], start=1)]
    docs = COLUMN_DOCS[lang]
    for file, columns in (("measures.csv", MEASURE_EXPORT_COLUMNS), ("figures.csv", FIGURE_EXPORT_COLUMNS)):
        lines += ["", f"{text['columns']} — {file}{colon}"]
        lines += [f"  {column}: {docs[column]}" for column in columns]
    return "\r\n".join(lines) + "\r\n"


def to_zip_bytes(dataset: Dataset, filters: Filters, lang: str, today: date | str | None = None) -> bytes:
    """measures.csv + figures.csv + README.txt (source, selection, date, columns, comparability caveats)."""
    measures = measures_table(dataset, filters, lang)
    figures = figures_table(dataset, filters, lang)
    readme = readme_text(dataset, filters, lang, today, n_measures=len(measures), n_figures=len(figures))
    buffer = io.BytesIO()
    stamp = _zip_stamp(today)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, payload in (("measures.csv", to_csv_bytes(measures)), ("figures.csv", to_csv_bytes(figures)),
                              ("README.txt", readme.encode("utf-8-sig"))):
            info = zipfile.ZipInfo(name, date_time=stamp)  # a fixed time: same view, same day → same bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, payload)
    return buffer.getvalue()


def _zip_stamp(today: date | str | None) -> tuple[int, int, int, int, int, int]:
    day = date.fromisoformat(_as_date(today))
    return (day.year, day.month, day.day, 0, 0, 0)


# ---------------------------------------------------------------- XLSX


def _display_width(value: Any) -> int:
    text = str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _write_sheet(workbook: Any, title: str, df: pd.DataFrame, max_width: int = 50) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    sheet.append(list(df.columns))
    for row in df.itertuples(index=False):
        sheet.append([_cell_value(v) for v in row])
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
    for index, column in enumerate(df.columns, start=1):
        sample = [column, *df[column].head(300).tolist()]
        width = max(_display_width(v) for v in sample) + 2
        sheet.column_dimensions[get_column_letter(index)].width = max(8, min(width, max_width))
    sheet.freeze_panes = "A2"
    if len(df):
        sheet.auto_filter.ref = sheet.dimensions


def _cell_value(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)  # 1000000000 rather than 1E+09 in a narrow column
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def sources_table(dataset: Dataset, filters: Filters) -> pd.DataFrame:
    in_view = set(filters.region_ids(dataset))
    rows = []
    for source in _sources_in_view(dataset, filters):
        regions = [r.id for r in dataset.regions if r.source == source.id and r.id in in_view]
        rows.append({
            "source_id": source.id, "title_zh": source.title_zh, "title_en": source.title_en,
            "publisher_zh": source.publisher_zh, "publisher_en": source.publisher_en,
            "citation_zh": source.citation_zh, "citation_en": source.citation_en,
            "covers_zh": source.covers_zh, "covers_en": source.covers_en, "file": source.file,
            "regions": ";".join(regions),
        })
    return pd.DataFrame(rows)


def filters_table(dataset: Dataset, filters: Filters, lang: str, today: date | str | None, n_measures: int,
                  n_figures: int) -> pd.DataFrame:
    rows = [("exported_on", _as_date(today)), ("language", lang),
            ("themes", ";".join(filters.themes) or "all"), ("regions", ";".join(filters.regions) or "all"),
            ("statuses", ";".join(filters.statuses) or "all"), ("keyword", filters.keyword.strip()),
            ("selection", filters_subtitle(dataset, filters, lang)),
            ("measures_rows", str(n_measures)), ("figures_rows", str(n_figures)),
            ("dataset", summary_line(dataset))]
    rows += [(f"caveat_{i}", item) for i, item in enumerate(_README[lang]["caveat_items"], start=1)]
    return pd.DataFrame(rows, columns=["field", "value"])


def to_xlsx_bytes(dataset: Dataset, filters: Filters, lang: str, today: date | str | None = None) -> bytes:
    """Sheets measures, figures, sources, filters; header frozen, columns sized, no cell stored as a formula."""
    from openpyxl import Workbook

    measures = measures_table(dataset, filters, lang)
    figures = figures_table(dataset, filters, lang)
    workbook = Workbook()
    workbook.remove(workbook.active)
    _write_sheet(workbook, "measures", measures)
    _write_sheet(workbook, "figures", figures)
    _write_sheet(workbook, "sources", sources_table(dataset, filters))
    _write_sheet(workbook, "filters", filters_table(dataset, filters, lang, today, len(measures), len(figures)),
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


# ---------------------------------------------------------------- charts


@dataclass(frozen=True)
class BriefingChart:
    caption: str
    figure: go.Figure
    notes: tuple[str, ...] = ()
    kind: str = ""  # "theme_mix" | "compare"
    key: str = ""  # the indicator code of a compare chart
    split: bool = False  # the comparison rule split the indicator's figures into separate panels


def _indicator_title(dataset: Dataset, code: str, lang: str) -> str:
    indicator = dataset.indicator(code)
    unit = UNIT_NAMES[lang][indicator.unit]
    return f"{indicator.zh}（{unit}）" if lang == "zh" else f"{indicator.en} ({unit})"


def briefing_items(dataset: Dataset, filters: Filters, lang: str,
                   indicators: Sequence[str] | None = None) -> list[BriefingChart]:
    """The Compare page's charts for a view: the theme mix, then one chart per indicator.

    `indicators` defaults to every indicator reported by two or more regions in view; the comparison rule
    (dashboard/comparison.py) splits each into panels of comparable figures, and the notes say so."""
    measures = frames.filter_frame(frames.measures_frame(dataset), filters)
    figures = frames.filter_frame(frames.figures_frame(dataset), filters)
    region_ids, theme_codes = filters.region_ids(dataset), filters.theme_codes(dataset)
    subtitle = filters_subtitle(dataset, filters, lang)
    items: list[BriefingChart] = []

    counts = frames.theme_counts(measures, region_ids, theme_codes)
    if counts["count"].sum() > 0:
        items.append(BriefingChart(t("theme_mix_title", lang),
                                   charts.build_theme_mix_figure(counts, dataset, lang, subtitle), kind="theme_mix"))

    codes = comparison.shared_indicators(figures) if indicators is None else list(indicators)
    colon = "：" if lang == "zh" else ": "
    for code in codes:
        rows = figures[(figures["indicator"] == code) & comparison.chartable(figures)]
        if rows.empty:
            continue
        title = _indicator_title(dataset, code, lang)
        fig = charts.build_compare_figure(rows, dataset, lang, title=title, subtitle=subtitle)
        split = len(fig.layout.meta["panels"]) + len(fig.layout.meta["listed"]) > 1
        notes = [t("not_comparable", lang)] if split else []
        names = frames.label_repeats(rows[f"region_{lang}"], rows, lang)
        notes += [f"{name}{colon}{note}" for name, note in zip(names, rows[f"note_{lang}"], strict=True) if note]
        items.append(BriefingChart(title, fig, tuple(notes), kind="compare", key=code, split=split))
    return items


def briefing_charts(dataset: Dataset, filters: Filters, lang: str) -> list[tuple[str, go.Figure]]:
    """(caption, figure) for the current view, in slide order."""
    return [(item.caption, item.figure) for item in briefing_items(dataset, filters, lang)]


class ChartRenderError(RuntimeError):
    """Chart images need a Chrome/Chromium browser (kaleido drives it headless)."""


INSTALL_HINT = ("Chart images need Chromium: install it (Debian/Ubuntu: `apt-get install chromium`, plus "
                "`fonts-noto-cjk` for Chinese) or set BROWSER_PATH to a Chrome/Chromium executable.")
_BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def find_chromium() -> str | None:
    """BROWSER_PATH if set, else /usr/bin/chromium, else a Chrome/Chromium on PATH; None when there is none."""
    explicit = os.environ.get("BROWSER_PATH")
    if explicit:
        return explicit if Path(explicit).is_file() and os.access(explicit, os.X_OK) else None
    for candidate in ("/usr/bin/chromium", *(shutil.which(name) or "" for name in _BROWSER_NAMES)):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def _require_chromium() -> str:
    path = find_chromium()
    if path is None:
        explicit = os.environ.get("BROWSER_PATH")
        prefix = f"No browser at BROWSER_PATH={explicit!r}. " if explicit else "No Chrome/Chromium found. "
        raise ChartRenderError(prefix + INSTALL_HINT)
    return path


def _run_in_thread(coroutine_factory: Callable[[], Any]) -> Any:
    """asyncio.run on a fresh thread: safe from Streamlit's script thread and from a running event loop."""
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = asyncio.run(coroutine_factory())
        except BaseException as error:  # re-raised on the caller's thread
            result["error"] = error

    thread = threading.Thread(target=target, name="chart-render", daemon=True)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


def render_pngs(items: Sequence[tuple[go.Figure, int, int]], scale: float = 2) -> list[bytes]:
    """PNG bytes of several figures, one headless browser for all of them."""
    if not items:
        return []
    path = _require_chromium()
    import kaleido
    from choreographer.errors import ChromeNotFoundError

    async def render() -> list[bytes]:
        async with kaleido.Kaleido(path=path, n=1, timeout=90) as renderer:
            return [await renderer.calc_fig(fig, opts={"format": "png", "width": int(width), "height": int(height),
                                                      "scale": scale})
                    for fig, width, height in items]

    try:
        return _run_in_thread(render)
    except ChromeNotFoundError as error:
        raise ChartRenderError(f"{error} {INSTALL_HINT}") from error
    except ChartRenderError:
        raise
    except Exception as error:
        raise ChartRenderError(f"Rendering charts with the browser at {path} failed: {error!r}. {INSTALL_HINT}") \
            from error


def render_png(fig: go.Figure, width: int, height: int, scale: float = 2) -> bytes:
    """One figure as PNG bytes via kaleido and the system Chromium; ChartRenderError when there is no browser."""
    return render_pngs([(fig, width, height)], scale=scale)[0]


# ---------------------------------------------------------------- PPTX

SLIDE_W_IN, SLIDE_H_IN = 13.333, 7.5
MARGIN_IN = 0.45
PICTURE_TOP_IN, PICTURE_BOTTOM_IN = 1.0, 6.85
TABLE_ROWS_PER_SLIDE = 10
MEASURE_ROWS_PER_SLIDE = 10
EA_FONT = "Microsoft YaHei"  # East Asian typeface; PowerPoint/LibreOffice substitute a CJK font where absent
LATIN_FONT = "Arial"
NOTE_PT = 10
ACCENT = "1F5FA8"
GREY = "666666"


def _notes_height(notes: Sequence[str], box_w: float) -> float:
    """Inches the notes under a chart take: wrapped lines estimated from their display width."""
    if not notes:
        return 0.0
    per_line = box_w * 72 / NOTE_PT * 2 * 0.95  # display-width units (a Chinese character counts 2) per line
    lines = sum(math.ceil(_display_width(note) / per_line) for note in notes)
    return min(0.1 + lines * NOTE_PT * 1.45 / 72, 2.2)


def _slide_figure(fig: go.Figure) -> go.Figure:
    """A copy for the slide image: the slide's heading already is the chart's title, so the image keeps only
    the subtitle (warnings, filters), a little off the picture's left edge."""
    copy = go.Figure(fig)
    copy.update_layout(title_text="\u200b", title_pad_l=14)
    return copy


def _chart_size(fig: go.Figure, box_w: float, box_h: float) -> tuple[int, int]:
    """CSS pixels to render at: the figure's own height, a width that fills the slide's picture box."""
    height = int(fig.layout.height or 500)
    width = int(min(1400, max(960, height * box_w / box_h)))
    return width, height


def _style_run(run: Any, size: float, *, bold: bool = False, colour: str | None = None) -> None:
    from lxml import etree
    from pptx.dml.color import RGBColor
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    font = run.font
    font.size = Pt(size)
    font.bold = bold
    if colour:
        font.color.rgb = RGBColor.from_string(colour)
    font.name = LATIN_FONT
    rpr = run._r.get_or_add_rPr()
    east_asian = rpr.find(qn("a:ea"))
    if east_asian is None:
        east_asian = etree.SubElement(rpr, qn("a:ea"))
    east_asian.set("typeface", EA_FONT)


def _add_text(slide: Any, left: float, top: float, width: float, height: float, paragraphs: Sequence[tuple],
              *, anchor_bottom: bool = False) -> Any:
    """paragraphs: (text, size, bold, colour) tuples."""
    from pptx.enum.text import MSO_ANCHOR
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = Inches(0.05)
    frame.vertical_anchor = MSO_ANCHOR.BOTTOM if anchor_bottom else MSO_ANCHOR.TOP
    for index, (text, size, bold, colour) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(size * 0.35)
        _style_run(_run(paragraph, text), size, bold=bold, colour=colour)
    return box


def _run(paragraph: Any, text: str) -> Any:
    run = paragraph.add_run()
    run.text = text
    return run


def _footnote(dataset: Dataset, filters: Filters, lang: str) -> str:
    source = _sources_in_view(dataset, filters)[0]
    citation = getattr(source, f"citation_{lang}")
    return f"{t('source_line', lang, source=citation)}  ·  {t('source_file', lang, file=source.file)}"


def _page_number(slide: Any, number: int) -> None:
    from pptx.enum.text import PP_ALIGN

    box = _add_text(slide, SLIDE_W_IN - MARGIN_IN - 0.8, SLIDE_H_IN - 0.5, 0.8, 0.35, [(str(number), 9, False, GREY)])
    box.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT


def to_pptx_bytes(dataset: Dataset, filters: Filters, lang: str, today: date | str | None = None,
                  indicators: Sequence[str] | None = None) -> bytes:
    """16:9 briefing pack: title, one slide per chart, key figures per region, sources. Needs Chromium."""
    from pptx import Presentation
    from pptx.util import Inches

    items = briefing_items(dataset, filters, lang, indicators)
    box_w, box_h = SLIDE_W_IN - 2 * MARGIN_IN, PICTURE_BOTTOM_IN - PICTURE_TOP_IN
    sizes = [_chart_size(item.figure, box_w, box_h) for item in items]
    pictures = render_pngs([(_slide_figure(item.figure), w, h) for item, (w, h) in zip(items, sizes, strict=True)],
                           scale=2)

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(SLIDE_W_IN), Inches(SLIDE_H_IN)
    blank = deck.slide_layouts[6]
    footnote = _footnote(dataset, filters, lang)
    measures = measures_table(dataset, filters, lang)
    figures = figures_table(dataset, filters, lang)
    day = _as_date(today)

    # title
    slide = deck.slides.add_slide(blank)
    _add_text(slide, 0.8, 1.7, SLIDE_W_IN - 1.6, 1.2, [(t("briefing_title", lang), 36, True, ACCENT)])
    _add_text(slide, 0.8, 2.9, SLIDE_W_IN - 1.6, 2.6, [
        (t("app_title", lang), 18, False, "333333"),
        (filters_subtitle(dataset, filters, lang), 16, False, "333333"),
        (t("briefing_counts", lang, measures=len(measures), figures=len(figures),
           regions=measures["region_id"].nunique()), 14, False, GREY),
        (t("briefing_generated", lang, date=day), 14, False, GREY),
    ])
    _add_text(slide, 0.8, SLIDE_H_IN - 1.1, SLIDE_W_IN - 1.6, 0.6, [(footnote, 10, False, GREY)], anchor_bottom=True)

    # one slide per chart
    for item, (width, height), png in zip(items, sizes, pictures, strict=True):
        slide = deck.slides.add_slide(blank)
        _add_text(slide, MARGIN_IN, 0.3, box_w, 0.6, [(item.caption, 22, True, ACCENT)])
        notes_h = _notes_height(item.notes, box_w)
        top, avail_h = PICTURE_TOP_IN, box_h - notes_h
        scale = min(box_w / width, avail_h / height)
        pic_w, pic_h = width * scale, height * scale
        slide.shapes.add_picture(io.BytesIO(png), Inches(MARGIN_IN + (box_w - pic_w) / 2), Inches(top),
                                 Inches(pic_w), Inches(pic_h))
        if item.notes:
            _add_text(slide, MARGIN_IN, top + pic_h + 0.05, box_w, notes_h,
                      [(note, NOTE_PT, False, "444444") for note in item.notes])
        _add_text(slide, MARGIN_IN, SLIDE_H_IN - 0.5, box_w - 0.9, 0.35, [(footnote, 9, False, GREY)])
        _page_number(slide, len(deck.slides))

    # per region: its measures, then its key figures with what each covers and when
    for region_id in filters.region_ids(dataset):
        region = dataset.region(region_id)
        short = getattr(region, f"short_{lang}")
        region_measures = measures[measures["region_id"] == region_id]
        rows = figures[figures["region_id"] == region_id]
        if region_measures.empty:
            continue
        chunks = _balanced_chunks(region_measures, MEASURE_ROWS_PER_SLIDE)
        for number, chunk in enumerate(chunks, start=1):
            slide = deck.slides.add_slide(blank)
            title = t("briefing_measures", lang, region=short)
            if len(chunks) > 1:
                title += t("part_of", lang, i=number, n=len(chunks))
            _add_text(slide, MARGIN_IN, 0.3, box_w, 0.6, [(title, 22, True, ACCENT)])
            lead = f"{getattr(region, f'name_{lang}')} · {getattr(region, f'headline_{lang}')}"
            if rows.empty:
                lead += "  " + t("briefing_no_figures", lang, region=short)
            _add_text(slide, MARGIN_IN, 0.85, box_w, 0.5, [(lead, 12, False, GREY)])
            cells = [[r[f"title_{lang}"], r["status_label"], r["theme_names"], _one_line(r[f"summary_{lang}"], lang)]
                     for _, r in chunk.iterrows()]
            _add_table(slide, [t("measure", lang), t("status", lang), t("themes", lang), t("summary", lang)], cells,
                       top=1.5, widths=[3.3, 1.3, 2.3, 5.53], key_rows=[False] * len(cells), size=11)
            _add_text(slide, MARGIN_IN, SLIDE_H_IN - 0.5, box_w - 0.9, 0.35, [(footnote, 9, False, GREY)])
            _page_number(slide, len(deck.slides))
        if rows.empty:
            continue
        rows = pd.concat([rows[rows["key"]], rows[~rows["key"]]])
        chunks = _balanced_chunks(rows, TABLE_ROWS_PER_SLIDE)
        headers = [t("indicator", lang), t("value", lang), t("scope_col", lang), t("time_col", lang),
                   t("as_printed", lang)]
        for number, chunk in enumerate(chunks, start=1):
            slide = deck.slides.add_slide(blank)
            title = t("briefing_key_figures", lang, region=short)
            if len(chunks) > 1:
                title += t("part_of", lang, i=number, n=len(chunks))
            _add_text(slide, MARGIN_IN, 0.3, box_w, 0.6, [(title, 22, True, ACCENT)])
            _add_text(slide, MARGIN_IN, 0.85, box_w, 0.4,
                      [(f"{getattr(region, f'name_{lang}')} · {getattr(region, f'headline_{lang}')}", 12, False, GREY)])
            cells = [[f"{r.indicator} · {r.label}" if r.label else r.indicator, r.value_label, r.scope_label,
                      r.period_label, r.as_printed] for r in chunk.itertuples()]
            _add_table(slide, headers, cells, top=1.5, widths=[3.9, 2.4, 2.6, 1.9, 1.63],
                       key_rows=[bool(k) for k in chunk["key"]])
            _add_text(slide, MARGIN_IN, SLIDE_H_IN - 0.5, box_w - 0.9, 0.35, [(footnote, 9, False, GREY)])
            _page_number(slide, len(deck.slides))

    # sources
    slide = deck.slides.add_slide(blank)
    _add_text(slide, MARGIN_IN, 0.3, box_w, 0.6, [(t("briefing_sources", lang), 22, True, ACCENT)])
    paragraphs: list[tuple] = []
    for source in _sources_in_view(dataset, filters):
        paragraphs += [
            (getattr(source, f"title_{lang}"), 16, True, "222222"),
            (f"{t('about_citation', lang)}{'：' if lang == 'zh' else ': '}{getattr(source, f'citation_{lang}')}",
             13, False, "333333"),
            (f"{t('publisher', lang)}{'：' if lang == 'zh' else ': '}{getattr(source, f'publisher_{lang}')}",
             13, False, "333333"),
            (f"{t('covers', lang)}{'：' if lang == 'zh' else ': '}{getattr(source, f'covers_{lang}')}",
             13, False, "333333"),
            (t("source_file", lang, file=source.file), 13, False, "333333"),
        ]
    paragraphs += [(t("briefing_caveat", lang), 12, False, GREY),
                   (t("briefing_generated", lang, date=day) + "  ·  " + filters_subtitle(dataset, filters, lang),
                    11, False, GREY)]
    _add_text(slide, MARGIN_IN, 1.1, box_w, 5.8, paragraphs)
    _page_number(slide, len(deck.slides))

    deck.core_properties.title = t("briefing_title", lang)
    deck.core_properties.subject = filters_subtitle(dataset, filters, lang)
    stamp = pd.Timestamp(day).to_pydatetime()
    deck.core_properties.created = deck.core_properties.modified = stamp
    deck.core_properties.last_modified_by = deck.core_properties.author = "dashboard"
    deck.core_properties.revision = 1
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _balanced_chunks(rows: pd.DataFrame, per_slide: int) -> list[pd.DataFrame]:
    """Rows split over slides in balanced parts: 21 rows → 11 + 10 rather than 11 + 10 + 0."""
    size = math.ceil(len(rows) / math.ceil(len(rows) / per_slide))
    return [rows.iloc[i : i + size] for i in range(0, len(rows), size)]


def _one_line(text: str, lang: str, limit: int | None = None) -> str:
    """The first sentence of a summary, cut to what one table row holds."""
    limit = limit or (34 if lang == "zh" else 72)  # what one line of the summary column holds at 11 pt
    first = re.split(r"(?<=[。！？])|(?<=\. )", text.strip())[0].strip()
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def _add_table(slide: Any, headers: list[str], cells: list[list[str]], *, top: float, widths: list[float],
               key_rows: list[bool], size: float = 12) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Inches, Pt

    n_rows = len(cells) + 1
    row_h = 0.4
    shape = slide.shapes.add_table(n_rows, len(headers), Inches(MARGIN_IN), Inches(top), Inches(sum(widths)),
                                   Inches(row_h * n_rows))
    table = shape.table
    for index, width in enumerate(widths):
        table.columns[index].width = Inches(width)
    for r in range(n_rows):
        table.rows[r].height = Inches(row_h)
    for c, header in enumerate(headers):
        cell = table.cell(0, c)
        cell.text = ""
        _style_run(_run(cell.text_frame.paragraphs[0], header), 12, bold=True, colour="FFFFFF")
        cell.fill.solid()
        cell.fill.fore_color.rgb = RGBColor.from_string(ACCENT)
    for r, row in enumerate(cells, start=1):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = ""
            cell.margin_top = cell.margin_bottom = Pt(3)
            _style_run(_run(cell.text_frame.paragraphs[0], str(value)), size, bold=(c == 1 and key_rows[r - 1]),
                       colour="222222")
            cell.fill.solid()
            cell.fill.fore_color.rgb = RGBColor.from_string("F3F6FA" if r % 2 else "FFFFFF")
