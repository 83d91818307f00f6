"""The data exports as other tools read them: pandas, Python's csv module, DuckDB and frictionless read every CSV
with their defaults to the rows and types of the table; the ZIP's datapackage.json validates every row; Parquet
round-trips; a text over Excel's cell limit is cut visibly, never silently."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date

import duckdb
import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard import __main__ as cli
from dashboard import export
from dashboard.analysis.frames import Filters
from dashboard.export.xlsx import CELL_LIMIT

TODAY = date(2026, 11, 27)
ISSUE_VIEW = Filters(regions=("mianyang", "ningxia"), themes=("talent",))  # /compare?regions=mianyang,ningxia&themes=talent
VIEWS = [ISSUE_VIEW, Filters(), Filters(statuses=("planned",))]
VIEW_IDS = ["mianyang-ningxia-talent", "everything", "planned-no-figures"]
SHAPES = {"measures": export.measures_table, "figures": export.figures_table}
NUMBERS = {"measures": ["n_figures"], "figures": ["value", "alt_value"]}


def _scalar(sql: str):
    with duckdb.connect() as connection:
        return connection.execute(sql).fetchone()[0]


def _csv_file(tmp_path, dataset, shape: str, filters: Filters, header_lang: str | None = None):
    table = SHAPES[shape](dataset, filters, "en")
    path = tmp_path / f"{shape}.csv"
    path.write_bytes(export.to_csv_bytes(table, header_lang))
    return table, path


@pytest.mark.parametrize("shape", list(SHAPES))
@pytest.mark.parametrize("filters", VIEWS, ids=VIEW_IDS)
@pytest.mark.parametrize("header_lang", [None, "en", "zh"])
def test_pandas_reads_every_csv_with_defaults(tmp_path, dataset, shape, filters, header_lang):
    """The issue's view gave 17 rows for 16 figures, every column text: one header row, numbers as numbers."""
    table, path = _csv_file(tmp_path, dataset, shape, filters, header_lang)
    back = pd.read_csv(path)
    assert len(back) == len(table)
    back.columns = table.columns  # labels or codes: one header row either way
    if not len(table):
        return  # the header alone: no rows to type (the issue's "1 row" where there were no figures)
    for column in NUMBERS[shape]:
        assert pd.api.types.is_float_dtype(back[column]) or pd.api.types.is_integer_dtype(back[column]), column
        pd.testing.assert_series_equal(back[column].astype("float64"), table[column].astype("float64"),
                                       check_names=False)
    for column in table.columns:  # text stays text (or empty), whatever it looks like
        if pd.api.types.is_string_dtype(table[column]) or table[column].dtype == object:
            assert pd.api.types.is_string_dtype(back[column]) or back[column].isna().all(), column
    if shape == "figures":
        assert back["value"].dtype == "float64" and back["key"].dtype == bool
        assert list(back["key"]) == list(table["key"])
        assert back["figure_id"].is_unique


def test_the_issues_view_reads_as_sixteen_float_figures(tmp_path, dataset):
    table, path = _csv_file(tmp_path, dataset, "figures", ISSUE_VIEW, "en")
    back = pd.read_csv(path)
    n = sum(len(m.figures) for r in dataset.regions if r.id in ISSUE_VIEW.regions for m in r.measures
            if "talent" in m.themes)
    assert n > 1 and len(back) == len(table) == n  # the issue saw n + 1 rows, the first the codes
    assert back["Value (base units)"].dtype == "float64" and back["Key figure"].dtype == bool


@pytest.mark.parametrize("shape", list(SHAPES))
def test_csv_dictreader_with_utf8_sig_names_the_first_column(tmp_path, dataset, shape):
    table, path = _csv_file(tmp_path, dataset, shape, Filters())
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(table) and list(rows[0]) == list(table.columns)
    assert [row["region_id"] for row in rows] == list(table["region_id"])
    with open(path, encoding="utf-8", newline="") as handle:  # what the help text warns about
        assert next(csv.reader(handle))[0] == "\ufeffregion_id"
    if shape == "figures":
        assert {row["key"] for row in rows} == {"true", "false"}
        assert all(row["alt_value"] == "" or float(row["alt_value"]) for row in rows)  # empty is empty


@pytest.mark.parametrize("shape", list(SHAPES))
@pytest.mark.parametrize("filters", VIEWS[:2], ids=VIEW_IDS[:2])
def test_duckdb_read_csv_with_defaults(tmp_path, dataset, shape, filters):
    table, path = _csv_file(tmp_path, dataset, shape, filters)
    relation = duckdb.sql(f"SELECT * FROM read_csv('{path}')")
    types = dict(zip(relation.columns, (str(t) for t in relation.types), strict=True))
    assert relation.columns == list(table.columns)
    assert _scalar(f"SELECT count(*) FROM read_csv('{path}')") == len(table)
    if shape == "figures":
        assert types["value"] == "DOUBLE" and types["key"] == "BOOLEAN" and types["region_id"] == "VARCHAR"
        total = _scalar(f"SELECT sum(value) FROM read_csv('{path}')")
        assert total == pytest.approx(table["value"].sum())
    else:
        assert types["n_figures"] in {"BIGINT", "INTEGER"}


def _zip_folder(tmp_path, dataset, filters: Filters, lang: str):
    folder = tmp_path / "zip"
    zipfile.ZipFile(io.BytesIO(export.to_zip_bytes(dataset, filters, lang, TODAY))).extractall(folder)
    return folder


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("filters", VIEWS, ids=VIEW_IDS)
def test_frictionless_validates_every_row_of_the_zip(tmp_path, dataset, filters, lang):
    from frictionless import validate

    folder = _zip_folder(tmp_path, dataset, filters, lang)
    report = validate(folder / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])[:5]
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    rows = {r["name"]: r["rows"] for r in package["resources"]}
    assert rows == {"measures": len(export.measures_table(dataset, filters, lang)),
                    "figures": len(export.figures_table(dataset, filters, lang))}
    assert [task.stats.get("rows", 0) for task in report.tasks] == [rows["measures"], rows["figures"]]


def test_datapackage_describes_each_column(tmp_path, dataset):
    package = json.loads((_zip_folder(tmp_path, dataset, Filters(), "zh") / "datapackage.json").read_text("utf-8"))
    measures, figures = (r["schema"] for r in package["resources"])
    fields = {f["name"]: f for f in figures["fields"]}
    assert [f["name"] for f in figures["fields"]] == export.FIGURE_EXPORT_COLUMNS
    assert [f["name"] for f in measures["fields"]] == export.MEASURE_EXPORT_COLUMNS
    assert fields["value"]["type"] == "number" and fields["key"]["type"] == "boolean"
    assert fields["value"]["titles"] == {"zh": "数值（基本单位）", "en": "Value (base units)"}
    assert fields["value"]["title"] == "数值（基本单位）" and "8000000000" in fields["value"]["description"]
    assert "at_least" in fields["qualifier"]["constraints"]["enum"]
    assert "yuan" in fields["unit"]["constraints"]["enum"]
    assert figures["primaryKey"] == ["figure_id"] and measures["primaryKey"] == ["measure_id"]
    assert figures["foreignKeys"][0]["reference"] == {"resource": "measures", "fields": ["measure_id"]}


@pytest.mark.parametrize("tamper, error", [
    (lambda row: row.replace(",yuan,", ",dollars,", 1), "constraint-error"),  # a unit outside the enum
    (lambda row: row.replace(",true,", ",maybe,", 1).replace(",false,", ",maybe,", 1), "type-error"),
])
def test_frictionless_catches_a_tampered_row(tmp_path, dataset, tamper, error):
    """The schema is not a formality: a value outside its type or enum fails validation."""
    from frictionless import validate

    folder = _zip_folder(tmp_path, dataset, Filters(), "en")
    path = folder / "figures.csv"
    lines = path.read_text(encoding="utf-8-sig").split("\r\n")
    target = next(i for i, line in enumerate(lines) if ",yuan," in line)
    lines[target] = tamper(lines[target])
    path.write_text("\r\n".join(lines), encoding="utf-8-sig")
    report = validate(folder / "datapackage.json")
    assert not report.valid
    assert error in {e.type for task in report.tasks for e in task.errors}


def test_frictionless_validates_a_lone_csv_with_defaults(tmp_path, dataset, monkeypatch):
    from frictionless import validate

    monkeypatch.chdir(tmp_path)  # frictionless reads relative paths only, unless told to trust
    for shape in SHAPES:
        table, path = _csv_file(tmp_path, dataset, shape, Filters(), "zh")
        report = validate(path.name)
        assert report.valid and report.tasks[0].stats["rows"] == len(table)


# ---------------------------------------------------------------- Parquet


@pytest.mark.parametrize("shape", list(SHAPES))
@pytest.mark.parametrize("filters", VIEWS, ids=VIEW_IDS)
def test_parquet_round_trips_in_pandas_and_duckdb(tmp_path, dataset, shape, filters):
    table = SHAPES[shape](dataset, filters, "zh")
    path = tmp_path / f"{shape}.parquet"
    path.write_bytes(export.to_parquet_bytes(table))
    back = pd.read_parquet(path)
    assert list(back.columns) == list(table.columns) and len(back) == len(table)
    expected = table.mask(table.eq(""), None)  # an empty text is a null, as in the CSV's Table Schema
    pd.testing.assert_frame_equal(back, expected, check_dtype=False)
    if shape == "figures":
        assert str(back["value"].dtype) == "float64" and str(back["key"].dtype) == "bool"
    relation = duckdb.sql(f"SELECT * FROM read_parquet('{path}')")
    types = dict(zip(relation.columns, (str(t) for t in relation.types), strict=True))
    assert _scalar(f"SELECT count(*) FROM read_parquet('{path}')") == len(table)
    if shape == "figures":
        assert types["value"] == "DOUBLE" and types["key"] == "BOOLEAN" and types["figure_id"] == "VARCHAR"
    else:
        assert types["n_figures"] == "BIGINT"


def test_parquet_same_rows_as_the_csv_and_titles_in_the_schema(tmp_path, dataset):
    import pyarrow.parquet as pq

    table = export.figures_table(dataset, ISSUE_VIEW, "en")
    parquet = pd.read_parquet(io.BytesIO(export.to_parquet_bytes(table)))
    from_csv = pd.read_csv(io.BytesIO(export.to_csv_bytes(table)))
    assert list(parquet["figure_id"]) == list(from_csv["figure_id"])
    assert list(parquet["value"]) == list(from_csv["value"])
    field = pq.read_schema(io.BytesIO(export.to_parquet_bytes(table))).field("value")
    assert field.metadata[b"title_zh"].decode() == "数值（基本单位）"
    assert export.to_parquet_bytes(table) == export.to_parquet_bytes(table)  # same view → same bytes


def test_cli_parquet(tmp_path, dataset):
    out = tmp_path / "m.parquet"
    assert cli.main(["export", "--format", "parquet", "--shape", "measures", "--region", "haishu",
                     "-o", str(out)]) == 0
    back = pd.read_parquet(out)
    assert set(back["region_id"]) == {"haishu"}
    assert len(back) == len(export.measures_table(dataset, Filters(regions=("haishu",)), "zh"))
    default = tmp_path / "f.parquet"
    assert cli.main(["export", "--format", "parquet", "-o", str(default)]) == 0
    assert len(pd.read_parquet(default)) == dataset.figure_count


# ---------------------------------------------------------------- XLSX cell limit


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_xlsx_cuts_an_over_long_text_visibly_and_lists_it(dataset, lang):
    """Excel holds 32,767 characters in a cell; a longer quote is cut there with a note in the cell and in the
    filters sheet, never silently."""
    first = dataset.regions[0].measures[0]
    long_quote = "长" * (CELL_LIMIT + 5000)
    regions = [dataset.regions[0].model_copy(update={"measures": [first.model_copy(update={"quote": long_quote}),
                                                                  *dataset.regions[0].measures[1:]]}),
               *dataset.regions[1:]]
    long = dataset.model_copy(update={"regions": regions})
    workbook = load_workbook(io.BytesIO(export.to_xlsx_bytes(long, Filters(), lang, TODAY, headers="codes")))
    sheet = workbook["measures"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("quote") + 1)
    assert len(cell.value) == CELL_LIMIT and cell.value.startswith("长" * 1000)
    assert f"{len(long_quote):,}" in cell.value[-200:] and "32,767" in cell.value[-200:]
    notes = {r[0]: r[1] for r in workbook["filters"].iter_rows(min_row=2, values_only=True)}
    assert "cut_1" in notes and f"measures!{cell.coordinate}" in notes["cut_1"] and "quote" in notes["cut_1"]
    # nothing else was long, and nothing was cut in a workbook without long text
    assert "cut_2" not in notes
    plain = load_workbook(io.BytesIO(export.to_xlsx_bytes(dataset, Filters(), lang, TODAY)))
    assert not any(str(r[0]).startswith("cut_") for r in plain["filters"].iter_rows(min_row=2, values_only=True))
