"""Tables of the current view and their plain-text forms: measures and figures tables, CSV, file names, the
filters in words, the README of an export and the ZIP that bundles them. Pure functions."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from typing import Any

import pandas as pd

from dashboard.analysis import comparison, frames
from dashboard.analysis.benchmark import Benchmark, GapItem, standings_table, vocabulary_name
from dashboard.analysis.frames import Filters, category_names, filters_subtitle, theme_names
from dashboard.data.bilingual import Bilingual
from dashboard.data.loader import summary_line
from dashboard.data.models import Dataset, Source
from dashboard.data.numbers import QUALIFIER_NAMES
from dashboard.i18n import BASIS, KIND, SCOPE, STATUS, UNIT_NAMES, join_list

MEASURE_EXPORT_COLUMNS = [
    "region_id", "region", "measure_id", "title_zh", "title_en", "themes", "theme_names", "instruments",
    "instrument_names", "target_groups", "target_group_names", "status", "status_label", "summary_zh", "summary_en",
    "quote", "n_figures",
]
FIGURE_EXPORT_COLUMNS = [
    "region_id", "region", "measure_id", "measure", "figure_id", "themes", "instruments", "target_groups", "status",
    "indicator_code", "indicator", "label", "value",
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


def measures_table(dataset: Dataset, filters: Filters, lang: str) -> pd.DataFrame:
    """One row per measure of the filtered view, in dataset order."""
    rows = frames.filter_frame(frames.measures_frame(dataset), filters)
    table = pd.DataFrame({
        "region_id": rows["region_id"],
        "region": rows[Bilingual.column("region", lang)],
        "measure_id": rows["measure_id"],
        "title_zh": rows["title_zh"],
        "title_en": rows["title_en"],
        "themes": rows["themes"].map(";".join),
        "theme_names": rows["themes"].map(lambda codes: theme_names(dataset, codes, lang)),
        "instruments": rows["instruments"].map(";".join),
        "instrument_names": rows["instruments"].map(lambda codes: category_names(dataset, "instruments", codes, lang)),
        "target_groups": rows["target_groups"].map(";".join),
        "target_group_names": rows["target_groups"].map(
            lambda codes: category_names(dataset, "target_groups", codes, lang)),
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
    indicator_names = dataset.names("indicators", lang)
    table = pd.DataFrame({
        "region_id": rows["region_id"],
        "region": rows[Bilingual.column("region", lang)],
        "measure_id": rows["measure_id"],
        "measure": rows[Bilingual.column("measure", lang)],
        "figure_id": rows["figure_id"],
        "themes": rows["themes"].map(";".join),
        "instruments": rows["instruments"].map(";".join),
        "target_groups": rows["target_groups"].map(";".join),
        "status": rows["status"],
        "indicator_code": rows["indicator"],
        "indicator": rows["indicator"].map(indicator_names),
        "label": rows[label] if (label := Bilingual.column("label", lang)) in rows else "",
        "value": rows["value"].astype("float64"),
        "value_label": rows["value_label"],
        "unit": rows["unit"],
        "qualifier": rows["qualifier"],
        "kind": rows["kind"],
        "period": rows["period"],
        "period_label": frames.time_labels(rows, lang) if len(rows) else pd.Series(dtype="object"),
        "as_printed": rows["as_printed"],
        "quote": rows["quote"],
        "note": rows[Bilingual.column("note", lang)],
        "key": rows["key"].astype(bool),
        "scope": rows["scope"],
        "scope_label": frames.scope_labels(rows, lang) if len(rows) else pd.Series(dtype="object"),
        "basis": rows["basis"],
        "step": rows["step"],
        "alt_value": rows["alt_value"].astype("float64"),
        "comparison_group": comparison.comparison_groups(rows) if len(rows) else pd.Series(dtype="object"),
    }, columns=FIGURE_EXPORT_COLUMNS)
    return table.reset_index(drop=True)


def benchmark_csv_bytes(dataset: Dataset, bench: Benchmark, names: dict[str, str], lang: str) -> bytes:
    """The benchmark as one long CSV: gaps and distinctive measures with their quotes, and the compared figures
    with scope and period on both sides (dashboard/analysis/benchmark.py builds the table)."""
    return to_csv_bytes(benchmark_table(dataset, bench.figures, bench.pairs, bench.gaps, bench.home_name(lang), names,
                                        lang))


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


HEADERS = ("labels", "codes")  # column headers for people (in the language, codes in a second row) or codes only

COLUMN_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "region_id": "地区代码", "region": "地区", "measure_id": "举措代码", "title_zh": "标题（中文）",
        "title_en": "标题（英文）", "themes": "主题代码", "theme_names": "主题", "status": "状态代码",
        "status_label": "状态", "summary_zh": "概要（中文）", "summary_en": "概要（英文）", "quote": "原文",
        "n_figures": "数据点数", "measure": "所属举措", "figure_id": "数据点代码", "indicator_code": "指标代码", "indicator": "指标",
        "label": "统计对象", "value": "数值（基本单位）", "value_label": "数值", "unit": "单位代码",
        "qualifier": "限定代码", "kind": "口径代码", "period": "时期代码", "period_label": "时间",
        "as_printed": "原文数字", "note": "说明", "key": "关键数字", "scope": "覆盖范围代码",
        "scope_label": "覆盖范围", "basis": "时间口径代码", "step": "前后", "alt_value": "另一读法",
        "comparison_group": "可比组", "instruments": "政策工具代码", "instrument_names": "政策工具",
        "target_groups": "政策对象代码", "target_group_names": "政策对象",
    },
    "en": {
        "region_id": "Region code", "region": "Region", "measure_id": "Measure code", "title_zh": "Title (Chinese)",
        "title_en": "Title (English)", "themes": "Theme codes", "theme_names": "Themes", "status": "Status code",
        "status_label": "Status", "summary_zh": "Summary (Chinese)", "summary_en": "Summary (English)",
        "quote": "Source text", "n_figures": "Figures", "measure": "Measure", "figure_id": "Figure code", "indicator_code": "Indicator code",
        "indicator": "Indicator", "label": "What is counted", "value": "Value (base units)", "value_label": "Value",
        "unit": "Unit code", "qualifier": "Qualifier code", "kind": "Kind code", "period": "Period code",
        "period_label": "Time", "as_printed": "As printed", "note": "Note", "key": "Key figure",
        "scope": "Scope code", "scope_label": "Scope", "basis": "Time basis code", "step": "Before/after",
        "alt_value": "Other reading", "comparison_group": "Comparison group", "instruments": "Instrument codes",
        "instrument_names": "Instruments", "target_groups": "Target group codes",
        "target_group_names": "Target groups",
    },
}


def column_labels(columns: list[str], lang: str) -> list[str]:
    return [COLUMN_LABELS[lang].get(column, column) for column in columns]


def _csv_cells(df: pd.DataFrame) -> pd.DataFrame:
    """Booleans as `true`/`false` (what pandas, DuckDB, R and Table Schema read as booleans); numbers untouched."""
    out = df.copy()
    for column in out.columns:
        if pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].map({True: "true", False: "false"})
    return out


def to_csv_bytes(df: pd.DataFrame, lang: str | None = None) -> bytes:
    """UTF-8 with BOM (so Excel opens Chinese correctly), formula cells neutralised, exactly one header row.

    The header is the column codes, or with `lang` the column labels in that language. Numbers are written as
    numbers, booleans as `true`/`false`, missing values as empty cells, so `pandas.read_csv` with its defaults
    gives float, bool and text columns."""
    out = _csv_cells(neutralise_formulas(df))
    if lang:
        out.columns = column_labels(list(out.columns), lang)
    return out.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


# ---------------------------------------------------------------- names and descriptions


def _as_date(today: date | str | None) -> str:
    if today is None:
        return date.today().isoformat()
    return today.isoformat() if isinstance(today, date) else str(today)


_UNSAFE = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')


def _slug(text: str, limit: int = 24) -> str:
    """A file-name part that keeps Chinese and other letters ('孵化 器!' → '孵化-器'): characters no file system
    accepts (/ \\ : * ? " < > | and control characters) and punctuation become '-'; cut to `limit`."""
    return re.sub(r"[\W_]+", "-", _UNSAFE.sub("-", text)).strip("-").lower()[:limit].strip("-")


def export_filename(kind: str, filters: Filters | None, ext: str, today: date | str | None = None, *,
                    full: bool = False, lang: str | None = None, picked: int | None = None) -> str:
    """`figures_talent_mianyang-ningxia_zh_2026-11-27.csv`; `measures_q-孵化_zh_…`; `measures_all_…` unfiltered;
    `…_full-dataset_…`; a hand-picked briefing `briefing_picked-5_en_…`. `lang` names the labels' language."""
    parts = [kind]
    if picked is not None:
        parts.append(f"picked-{picked}")
    elif full or filters is None:
        parts.append(FULL_DATASET)
    else:
        selection = []
        if filters.themes:
            selection.append("-".join(filters.themes))
        if filters.regions:
            selection.append("-".join(filters.regions))
        for codes in (filters.instruments, filters.target_groups):
            if codes:
                selection.append("-".join(codes))
        if filters.statuses:
            selection.append("-".join(filters.statuses))
        if filters.keyword.strip():
            keyword = _slug(filters.keyword)
            selection.append(f"q-{keyword}" if keyword else "q")
        parts.extend(selection or ["all"])
    if lang:
        parts.append(lang)
    parts.append(_as_date(today))
    return "_".join(parts) + "." + ext.lstrip(".")


def _sources_in_view(dataset: Dataset, filters: Filters) -> list[Source]:
    """The sources the regions in view quote, whether a region, a measure or a figure names them."""
    in_view = set(filters.region_ids(dataset))
    used = {source for source, (regions, _) in frames.source_use(dataset).items() if regions & in_view}
    return [s for s in dataset.sources if s.id in used] or list(dataset.sources)


COLUMN_DOCS: dict[str, dict[str, str]] = {
    "zh": {
        "region_id": "地区代码（稳定，供脚本使用）",
        "region": "地区简称",
        "measure_id": "举措代码（稳定，全数据集唯一）",
        "title_zh": "举措标题（中文）",
        "title_en": "举措标题（英文）",
        "measure": "所属举措的标题",
        "figure_id": "数据点代码：举措代码#序号（稳定，全数据集唯一；看板链接 quote=举措代码.序号 指向其原句）",
        "themes": "主题代码，以分号分隔；第一个为主主题",
        "theme_names": "主题名称",
        "instruments": "政策工具代码，以分号分隔（举措怎么做；定义见看板“数据与方法”页）",
        "instrument_names": "政策工具名称",
        "target_groups": "政策对象代码，以分号分隔（举措为谁而做）",
        "target_group_names": "政策对象名称",
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
        "key": "是否为该地区的关键数字（true/false）",
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
        "figure_id": "figure code: measure code#number (stable, unique in the dataset; the dashboard's link "
        "quote=<measure code>.<number> marks its sentence)",
        "themes": "theme codes separated by ';' — the first is the primary theme",
        "theme_names": "theme names",
        "instruments": "policy instrument codes separated by ';' (how the measure works; defined on the dashboard's "
        "About page)",
        "instrument_names": "policy instrument names",
        "target_groups": "target group codes separated by ';' (whom the measure is for)",
        "target_group_names": "target group names",
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
        "key": "whether it is one of the region's key figures (true/false)",
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
        "instruments": "政策工具", "target_groups": "政策对象",
        "rule": "主题筛选：举措含任一所选主题即纳入；一项举措属多个主题时在每个主题下都会出现。政策工具与政策对象筛选同理。",
        "rows": "行数",
        "files": "文件",
        "measures_file": "measures.csv — 举措，每项一行",
        "figures_file": "figures.csv — 数据点（长表），每个数字一行",
        "datapackage_file": "datapackage.json — 数据包说明（Frictionless Data Package / Table Schema 标准）：每列的代码、类型、中英文名称、"
        "说明、取值范围与主键；frictionless validate datapackage.json 可逐行校验",
        "encoding": "编码：UTF-8（带 BOM，Excel 可直接打开）。每个文件只有一行表头：zip 中的 CSV 用列代码（与 datapackage.json 一致；"
        "各列的中英文名称见下文与 datapackage.json），单独下载的 CSV 可选中文列名或列代码。数值列写为数字，是/否写为 true/false，"
        "缺失值为空。以 = + - @ 开头的文本单元格前加了单引号 '，以防被电子表格当作公式执行。",
        "reading": "读取方法：pandas.read_csv(文件) 直接可用（自动识别 BOM）；Python 的 csv 模块请用 "
        "open(文件, encoding=\"utf-8-sig\")，否则第一列列名会带上 \\ufeff；R：read.csv(文件, fileEncoding = \"UTF-8-BOM\") "
        "或 readr::read_csv(文件)；DuckDB：SELECT * FROM read_csv('文件')。",
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
        "none": "all (no filter)", "instruments": "Instruments", "target_groups": "Target groups",
        "rule": "Theme filter: a measure is included if it has any of the chosen themes; "
        "a measure with several themes appears under each of them. The instrument and target-group filters "
        "work the same way.",
        "rows": "Rows",
        "files": "Files",
        "measures_file": "measures.csv — measures, one row each",
        "figures_file": "figures.csv — figures in long format, one row per number",
        "datapackage_file": "datapackage.json — the files' description (the Frictionless Data Package / Table "
        "Schema standard): each column's code, type, Chinese and English title, description, allowed values and the "
        "primary key; `frictionless validate datapackage.json` checks every row against it",
        "encoding": "Encoding: UTF-8 with BOM (opens correctly in Excel). Every file has exactly one header row: the "
        "CSVs in this ZIP use the column codes (as in datapackage.json; each column's English and Chinese title is "
        "listed below and in datapackage.json); a CSV downloaded on its own has English labels or the codes, as "
        "chosen. Numbers are written as numbers, yes/no as true/false, missing values as empty cells. Text cells "
        "beginning with = + - @ are prefixed with a single quote ' so that spreadsheets do not run them as formulas.",
        "reading": "Reading: pandas.read_csv(f) works as is (it knows the BOM); Python's csv module needs "
        "open(f, encoding=\"utf-8-sig\"), or the first column's name starts with \\ufeff; R: "
        "read.csv(f, fileEncoding = \"UTF-8-BOM\") or readr::read_csv(f); DuckDB: SELECT * FROM read_csv('f').",
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
    region_names = dataset.names("regions", lang, "short")
    themes = (join_list([f"{c} {dataset.theme(c).name.text(lang)}" for c in filters.themes], lang)
              if filters.themes else text["none"])
    regions = (join_list([f"{r} {region_names.get(r, r)}" for r in filters.regions], lang)
               if filters.regions else text["none"])
    statuses = join_list([f"{s} {STATUS[lang][s]}" for s in filters.statuses], lang) if filters.statuses else text["none"]
    keyword = filters.keyword.strip() or text["none"]
    tags = [(text[section], join_list([f"{c} {category_names(dataset, section, [c], lang)}"
                                       for c in getattr(filters, section)], lang) or text["none"])
            for section in ("instruments", "target_groups")]
    return [(text["themes"], themes), (text["regions"], regions), *tags, (text["statuses"], statuses),
            (text["keyword"], keyword)]


def readme_text(dataset: Dataset, filters: Filters, lang: str, today: date | str | None = None, *,
                n_measures: int | None = None, n_figures: int | None = None) -> str:
    text = _README[lang]
    colon = "：" if lang == "zh" else ": "
    lines = [text["title"], "=" * 40, "", f"{text['generated']}{colon}{_as_date(today)}",
             f"{text['dataset']}{colon}{summary_line(dataset)}", "", f"{text['source']}{colon}"]
    for source in _sources_in_view(dataset, filters):
        lines += [f"  {source.citation.text(lang)}",
                  f"  {source.title.text(lang)} — {source.publisher.text(lang)}",
                  f"  {text['file']}{colon}{source.file}"]
    lines += ["", f"{text['selection']}{colon}"]
    lines += [f"  {label}{colon}{value}" for label, value in _selection_lines(dataset, filters, lang)]
    lines += [f"  {text['rule']}"]
    if n_measures is not None and n_figures is not None:
        lines += [f"  {text['rows']}{colon}measures.csv {n_measures}, figures.csv {n_figures}"]
    lines += ["", f"{text['files']}{colon}", f"  {text['measures_file']}", f"  {text['figures_file']}",
              f"  {text['datapackage_file']}", "", f"  {text['encoding']}", f"  {text['reading']}", "",
              f"{text['caveats']}{colon}"]
    lines += [f"  {i}. {item}" for i, item in enumerate(text["caveat_items"], start=1)]
    docs = COLUMN_DOCS[lang]
    for file, columns in (("measures.csv", MEASURE_EXPORT_COLUMNS), ("figures.csv", FIGURE_EXPORT_COLUMNS)):
        lines += ["", f"{text['columns']} — {file}{colon}"]
        lines += [f"  {column}: {docs[column]}" for column in columns]
    return "\r\n".join(lines) + "\r\n"


def to_zip_bytes(dataset: Dataset, filters: Filters, lang: str, today: date | str | None = None) -> bytes:
    """measures.csv + figures.csv + datapackage.json (their Table Schema) + README.txt (source, selection, date,
    columns, how to read, comparability caveats). The CSVs' one header row is the column codes, which the
    datapackage names; each column's titles in both languages are in the datapackage and the README."""
    from dashboard.export.datapackage import datapackage_json

    measures = measures_table(dataset, filters, lang)
    figures = figures_table(dataset, filters, lang)
    readme = readme_text(dataset, filters, lang, today, n_measures=len(measures), n_figures=len(figures))
    package = datapackage_json(_README[lang]["title"], filters_subtitle(dataset, filters, lang), lang,
                               _as_date(today), {"measures": len(measures), "figures": len(figures)})
    buffer = io.BytesIO()
    stamp = _zip_stamp(today)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, payload in (("measures.csv", to_csv_bytes(measures)),
                              ("figures.csv", to_csv_bytes(figures)),
                              ("datapackage.json", package),
                              ("README.txt", readme.encode("utf-8-sig"))):
            info = zipfile.ZipInfo(name, date_time=stamp)  # a fixed time: same view, same day → same bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, payload)
    return buffer.getvalue()


def _zip_stamp(today: date | str | None) -> tuple[int, int, int, int, int, int]:
    day = date.fromisoformat(_as_date(today))
    return (day.year, day.month, day.day, 0, 0, 0)



def display_width(value: Any) -> int:
    text = str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def sources_table(dataset: Dataset, filters: Filters) -> pd.DataFrame:
    in_view = set(filters.region_ids(dataset))
    use = frames.source_use(dataset)
    rows = []
    for source in _sources_in_view(dataset, filters):
        regions = [r.id for r in dataset.regions if r.id in use[source.id][0] and r.id in in_view]
        rows.append({
            "source_id": source.id, **Bilingual.columns("title", source.title),
            **Bilingual.columns("publisher", source.publisher), **Bilingual.columns("citation", source.citation),
            **Bilingual.columns("covers", source.covers), "file": source.file,
            "regions": ";".join(regions),
        })
    return pd.DataFrame(rows)


def filters_table(dataset: Dataset, filters: Filters, lang: str, today: date | str | None, n_measures: int,
                  n_figures: int) -> pd.DataFrame:
    rows = [("exported_on", _as_date(today)), ("language", lang),
            ("themes", ";".join(filters.themes) or "all"), ("regions", ";".join(filters.regions) or "all"),
            ("instruments", ";".join(filters.instruments) or "all"),
            ("target_groups", ";".join(filters.target_groups) or "all"),
            ("statuses", ";".join(filters.statuses) or "all"), ("keyword", filters.keyword.strip()),
            ("selection", filters_subtitle(dataset, filters, lang)),
            ("measures_rows", str(n_measures)), ("figures_rows", str(n_figures)),
            ("dataset", summary_line(dataset))]
    rows += [(f"caveat_{i}", item) for i, item in enumerate(_README[lang]["caveat_items"], start=1)]
    return pd.DataFrame(rows, columns=["field", "value"])


def benchmark_table(dataset: Dataset, figures: pd.DataFrame, pairs: pd.DataFrame,
                    gaps: dict[str, tuple[list[GapItem], list[GapItem]]], home_name: str, names: dict[str, str],
                    lang: str) -> pd.DataFrame:
    """One long table for the CSV: a row per peer measure behind a gap, per home measure behind a distinctive
    theme or instrument, and per compared pair of figures (with scope and period on both sides)."""
    columns = ["section", "vocabulary", "code", "name", "home", "region_id", "region", "measure_id", "measure",
               "quote", "indicator", "home_value", "home_scope", "home_period", "peer_value", "peer_scope",
               "peer_period", "verdict", "comparison_group"]
    rows: list[dict] = []
    for vocabulary, (gap, distinctive) in gaps.items():
        for section, items in (("gap", gap), ("distinctive", distinctive)):
            for item in items:
                label = vocabulary_name(dataset, vocabulary, item.code, lang)
                for m in item.measures.itertuples():
                    rows.append({"section": section, "vocabulary": vocabulary, "code": item.code, "name": label,
                                 "home": home_name, "region_id": m.region_id, "region": names.get(m.region_id, ""),
                                 "measure_id": m.measure_id,
                                 "measure": getattr(m, Bilingual.column("title", lang)),
                                 "quote": m.quote})
                if item.measures.empty:  # a typed-in home's declared use: no measure to quote
                    rows.append({"section": section, "vocabulary": vocabulary, "code": item.code, "name": label,
                                 "home": home_name})
    table = standings_table(pairs, figures, dataset, lang)
    for pair, shown in zip(pairs.itertuples(), table.itertuples(), strict=True):
        rows.append({"section": "figures", "home": home_name, "region_id": pair.peer_region_id,
                     "region": shown.peer, "indicator": shown.indicator, "home_value": shown.home_value,
                     "home_scope": shown.home_scope, "home_period": shown.home_time, "peer_value": shown.peer_value,
                     "peer_scope": shown.peer_scope, "peer_period": shown.peer_time, "verdict": shown.verdict,
                     "comparison_group": shown.group})
    return pd.DataFrame(rows, columns=columns).fillna("")
