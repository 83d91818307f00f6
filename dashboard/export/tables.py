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
from dashboard.i18n import (
    BASIS,
    COLUMN_DOC_TEXT,
    COLUMN_TITLES,
    KIND,
    LANGS,
    QUALIFIER_NAMES,
    README,
    SCOPE,
    STATUS,
    UNIT_NAMES,
    join_list,
    t,
)

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

COLUMN_LABELS = COLUMN_TITLES  # each column's title in each language (dashboard/i18n/*.toml, [column_title])


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


# the closed vocabularies a column's description lists, '{codes}' in its text
_DOC_CODES = {"unit": UNIT_NAMES, "qualifier": QUALIFIER_NAMES, "kind": KIND, "scope": SCOPE, "basis": BASIS}


def _column_docs(lang: str) -> dict[str, str]:
    """Each column's description (README.txt, datapackage.json), a vocabulary's column listing its codes."""
    text = README[lang]
    listed = {column: text["code_separator"].join(text["code_item"].format(code=code, name=name)
                                                   for code, name in names[lang].items())
              for column, names in _DOC_CODES.items()}
    return {column: doc.format(codes=listed[column]) if column in listed else doc
            for column, doc in COLUMN_DOC_TEXT[lang].items()}


COLUMN_DOCS = {lang: _column_docs(lang) for lang in LANGS}


def _selection_lines(dataset: Dataset, filters: Filters, lang: str) -> list[tuple[str, str]]:
    text = README[lang]
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
    text = README[lang]
    colon = t("colon", lang)
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
    package = datapackage_json(README[lang]["title"], filters_subtitle(dataset, filters, lang), lang,
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
    rows += [(f"caveat_{i}", item) for i, item in enumerate(README[lang]["caveat_items"], start=1)]
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
