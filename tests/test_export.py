"""Exports, tested on their bytes: CSV, ZIP, XLSX, PPTX, file names, the formula guard and the CLI."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard import __main__ as cli
from dashboard import export
from dashboard.analysis import comparison, frames
from dashboard.analysis.frames import Filters
from dashboard.charts import briefing
from dashboard.data.loader import load_dataset_or_raise
from dashboard.export.native import native_plan

from .conftest import FIXTURES, ROOT

TODAY = date(2026, 11, 27)
SELECTION = Filters(regions=("mianyang", "ningxia"), themes=("talent", "funding"))
EVIL_TITLE = '=HYPERLINK("http://example.com/x","click me")'
needs_chromium = pytest.mark.skipif(
    export.find_chromium() is None,
    reason="needs Chromium to render chart images: apt-get install chromium fonts-noto-cjk (or set BROWSER_PATH)",
)


def _read_csv(payload: bytes, **kwargs) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(payload), encoding="utf-8-sig", keep_default_na=False, **kwargs)


@pytest.fixture(scope="module")
def evil_yaml(tmp_path_factory):
    """minimal.yaml with a measure title that is a spreadsheet formula (next to a link to the real sources/)."""
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace('title_zh: "人才发展专项资金"', "title_zh: '" + EVIL_TITLE.replace("'", "''") + "'")
    text = text.replace('title_en: "Talent development fund"', 'title_en: "@SUM(A1:A9)"')
    folder = tmp_path_factory.mktemp("evil")
    (folder / "sources").symlink_to(ROOT / "data" / "sources", target_is_directory=True)
    path = folder / "evil.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def evil_dataset(evil_yaml):
    return load_dataset_or_raise(evil_yaml)


# ---------------------------------------------------------------- tables and CSV


def test_figures_table_is_the_filtered_view_in_long_format(dataset, figures):
    table = export.figures_table(dataset, SELECTION, "zh")
    expected = frames.filter_frame(figures, SELECTION)
    assert list(table.columns) == export.FIGURE_EXPORT_COLUMNS
    assert len(table) == len(expected) > 0
    assert list(table["indicator_code"]) == list(expected["indicator"])
    assert set(table["region_id"]) <= {"mianyang", "ningxia"}
    assert table["themes"].map(lambda s: bool({"talent", "funding"} & set(s.split(";")))).all()
    assert table["value"].dtype == "float64"
    assert "绵阳" in set(table["region"])
    assert "Mianyang" in set(export.figures_table(dataset, SELECTION, "en")["region"])


def test_measures_table_one_row_per_measure(dataset, measures):
    table = export.measures_table(dataset, SELECTION, "en")
    expected = frames.filter_frame(measures, SELECTION)
    assert list(table.columns) == export.MEASURE_EXPORT_COLUMNS
    assert list(table["measure_id"]) == list(expected["measure_id"])
    assert list(table["n_figures"]) == list(expected["n_figures"])
    assert table["measure_id"].is_unique


@pytest.mark.parametrize("shape", ["measures", "figures"])
def test_csv_reads_back_equal_to_the_filtered_table(dataset, shape):
    table = (export.measures_table if shape == "measures" else export.figures_table)(dataset, SELECTION, "zh")
    payload = export.to_csv_bytes(table)
    assert payload.startswith(b"\xef\xbb\xbf")
    as_text = _read_csv(payload, dtype=str)
    # a missing number (alt_value of an unambiguous figure) is an empty cell; booleans are true/false
    expected = table.astype(str).mask(table.isna(), "").replace({"True": "true", "False": "false"})
    pd.testing.assert_frame_equal(as_text, expected, check_dtype=False)
    typed = _read_csv(payload)  # numbers stay numbers
    numeric = "n_figures" if shape == "measures" else "value"
    assert pd.api.types.is_numeric_dtype(typed[numeric])
    assert list(typed[numeric]) == list(table[numeric])


def test_unfiltered_csv_has_every_figure(dataset):
    table = _read_csv(export.to_csv_bytes(export.figures_table(dataset, Filters(), "en")))
    assert len(table) == dataset.figure_count


def test_formula_guard_on_text_cells_only():
    frame = pd.DataFrame({"text": ["=1+1", "+1", "-1", "@x", "\tx", "\rx", "ok", ""], "number": [-5, 1, 2, 3, 4, 5, 6, 7]})
    guarded = export.neutralise_formulas(frame)
    assert list(guarded["text"]) == ["'=1+1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "ok", ""]
    assert list(guarded["number"]) == [-5, 1, 2, 3, 4, 5, 6, 7]


def test_formula_title_is_neutralised_in_csv(evil_dataset):
    for table in (export.measures_table(evil_dataset, Filters(), "zh"),
                  export.figures_table(evil_dataset, Filters(), "zh")):
        back = _read_csv(export.to_csv_bytes(table), dtype=str)
        cells = [cell for column in back.columns for cell in back[column]]
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
        assert "'" + EVIL_TITLE in cells


def test_formula_title_via_model_copy(dataset):
    region = dataset.regions[0]
    first = region.measures[0]
    measure = first.model_copy(update={"title": first.title.model_copy(update={"en": "-2+3"})})
    evil = dataset.model_copy(update={"regions": [region.model_copy(update={"measures": [measure]})]})
    back = _read_csv(export.to_csv_bytes(export.measures_table(evil, Filters(), "en")), dtype=str)
    assert back.loc[0, "title_en"] == "'-2+3"


# the status whose measures have some figures, but not all of them (planned measures have none)
IN_PROGRESS = Filters(statuses=("in_progress",))


def _in_progress_figure_count(dataset) -> int:
    return sum(len(m.figures) for r in dataset.regions for m in r.measures if m.status == "in_progress")


def test_status_filter_applies_to_figures_in_csv_zip_and_xlsx(dataset):
    n = _in_progress_figure_count(dataset)
    assert 0 < n < dataset.figure_count
    table = export.figures_table(dataset, IN_PROGRESS, "zh")
    assert len(table) == n and set(table["status"]) == {"in_progress"}
    assert "status" in export.FIGURE_EXPORT_COLUMNS
    assert len(_read_csv(export.to_csv_bytes(table))) == n

    archive = zipfile.ZipFile(io.BytesIO(export.to_zip_bytes(dataset, IN_PROGRESS, "en", TODAY)))
    assert list(_read_csv(archive.read("figures.csv"))["status"]) == ["in_progress"] * n
    readme = archive.read("README.txt").decode("utf-8-sig")
    assert f"figures.csv {n}" in readme
    assert "status: status code" in readme.split("figures.csv:")[-1]  # documented for the figures table too

    workbook = load_workbook(io.BytesIO(export.to_xlsx_bytes(dataset, IN_PROGRESS, "zh", TODAY)))
    assert workbook["figures"].max_row == n + 1
    header = [c.value for c in workbook["figures"][1]]
    assert {row[header.index("状态代码")] for row in workbook["figures"].iter_rows(min_row=2, values_only=True)} \
        == {"in_progress"}
    assert {r[0]: r[1] for r in workbook["filters"].iter_rows(min_row=2, values_only=True)}["figures_rows"] == str(n)


def test_status_column_is_documented_in_both_languages():
    for lang in ("zh", "en"):
        assert all(column in export.COLUMN_DOCS[lang] for column in export.FIGURE_EXPORT_COLUMNS)
    assert "举措" in export.COLUMN_DOCS["zh"]["status"] and "measure" in export.COLUMN_DOCS["en"]["status"]


def test_status_filter_applies_to_briefing_charts(dataset):
    items = briefing.briefing_items(dataset, IN_PROGRESS, "en")
    # only Mianyang's and Haishu's in-progress measures have figures, and they share no indicator
    assert not [item for item in items if item.kind == "compare"]
    everything = briefing.briefing_items(dataset, Filters(), "en")
    assert [item for item in everything if item.kind == "compare"]


@needs_chromium
def test_status_filter_applies_to_the_pptx(dataset):
    from pptx import Presentation

    n = _in_progress_figure_count(dataset)
    deck = Presentation(io.BytesIO(export.to_pptx_bytes(dataset, IN_PROGRESS, "en", TODAY)))
    title = "\n".join(shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame)
    assert n > 1 and f"{n} figures" in title
    rows = [table_row for slide in deck.slides for shape in slide.shapes if shape.has_table
            and shape.table.cell(0, 0).text == "Indicator" for table_row in list(shape.table.rows)[1:]]
    assert len(rows) == n


def test_cli_status_filter_applies_to_figures(dataset, tmp_path):
    out = tmp_path / "in_progress.csv"
    assert cli.main(["export", "--status", "in_progress", "--format", "csv", "-o", str(out)]) == 0
    back = pd.read_csv(out)  # one header row of codes, the CLI's default
    assert len(back) == _in_progress_figure_count(dataset) and set(back["status"]) == {"in_progress"}
    planned = tmp_path / "planned.csv"
    assert cli.main(["export", "--status", "planned", "--format", "csv", "-o", str(planned)]) == 0
    empty = pd.read_csv(planned)  # planned measures have no figures: the header and no rows, not a row of codes
    assert len(empty) == 0 and list(empty.columns) == export.FIGURE_EXPORT_COLUMNS


# ---------------------------------------------------------------- headers


@pytest.mark.parametrize("lang, first", [("zh", "地区代码"), ("en", "Region code")])
def test_csv_has_one_header_row_of_labels_in_the_language(dataset, lang, first):
    table = export.measures_table(dataset, SELECTION, lang)
    payload = export.to_csv_bytes(table, lang)
    lines = payload.decode("utf-8-sig").split("\r\n")
    assert lines[0].split(",")[0] == first and lines[1].split(",")[0] in set(table["region_id"])
    back = pd.read_csv(io.BytesIO(payload))  # defaults: the one header row, then data
    assert back.shape == table.shape and back.columns[0] == first
    assert set(export.COLUMN_LABELS["zh"]) == set(export.COLUMN_LABELS["en"]) >= set(export.FIGURE_EXPORT_COLUMNS)


def test_cli_headers_default_to_codes_and_labels_on_request(dataset, tmp_path):
    out = tmp_path / "codes.csv"
    assert cli.main(["export", "--format", "csv", "-o", str(out)]) == 0
    assert out.read_bytes() == export.to_csv_bytes(export.figures_table(dataset, Filters(), "zh"))
    assert list(_read_csv(out.read_bytes()).columns) == export.FIGURE_EXPORT_COLUMNS
    labelled = tmp_path / "labels.csv"
    assert cli.main(["export", "--format", "csv", "--headers", "labels", "--lang", "en", "-o", str(labelled)]) == 0
    assert list(pd.read_csv(labelled).columns[:3]) == ["Region code", "Region", "Measure code"]


# ---------------------------------------------------------------- file names


def test_export_filenames():
    assert export.export_filename("figures", Filters(themes=("talent",), regions=("mianyang", "ningxia")), "csv",
                                  TODAY) == "figures_talent_mianyang-ningxia_2026-11-27.csv"
    assert export.export_filename("measures", Filters(), "csv", TODAY) == "measures_all_2026-11-27.csv"
    assert export.export_filename("data", Filters(), "zip", "2026-11-27", full=True) == \
        "data_full-dataset_2026-11-27.zip"
    assert export.export_filename("data", None, "xlsx", TODAY) == "data_full-dataset_2026-11-27.xlsx"
    assert export.export_filename("briefing", Filters(regions=("haishu",)), "pptx", TODAY) == \
        "briefing_haishu_2026-11-27.pptx"
    assert export.export_filename("figures", Filters(keyword="人才 fund!"), "csv", TODAY) == \
        "figures_q-人才-fund_2026-11-27.csv"


def test_export_filenames_keep_chinese_keywords_and_name_the_language():
    # 孵化 and 人才 used to become the same `measures_q_…csv`
    assert export.export_filename("measures", Filters(keyword="孵化"), "csv", TODAY, lang="zh") == \
        "measures_q-孵化_zh_2026-11-27.csv"
    assert export.export_filename("measures", Filters(keyword="人才"), "csv", TODAY, lang="en") == \
        "measures_q-人才_en_2026-11-27.csv"
    unsafe = export.export_filename("measures", Filters(keyword='a/b\\c:*?"<>|\x01d' + "长" * 60), "csv", TODAY)
    assert not set('/\\:*?"<>|\x01') & set(unsafe) and len(unsafe) < 60
    assert export.export_filename("briefing", None, "docx", TODAY, lang="en", picked=5) == \
        "briefing_picked-5_en_2026-11-27.docx"


# ---------------------------------------------------------------- ZIP and XLSX


def test_zip_has_tables_and_readme(dataset):
    payload = export.to_zip_bytes(dataset, SELECTION, "en", TODAY)
    archive = zipfile.ZipFile(io.BytesIO(payload))
    assert sorted(archive.namelist()) == ["README.txt", "datapackage.json", "figures.csv", "measures.csv"]
    # the CSVs in a ZIP are headed by the codes its datapackage.json names
    assert archive.read("figures.csv") == export.to_csv_bytes(export.figures_table(dataset, SELECTION, "en"))
    assert archive.read("measures.csv") == export.to_csv_bytes(export.measures_table(dataset, SELECTION, "en"))
    readme = archive.read("README.txt").decode("utf-8-sig")
    for needle in ("2026-11-27", "talent", "funding", "mianyang", "ningxia", "Sci-Tech Intelligence Reference",
                   "sources/000_5dd16f904f44c7fc.txt", "qualifier", "at_least", "period", "percentage_points",
                   "indicator_code:"):
        assert needle in readme, needle
    assert export.to_zip_bytes(dataset, SELECTION, "en", TODAY) == payload  # same view, same day → same bytes
    zh = zipfile.ZipFile(io.BytesIO(export.to_zip_bytes(dataset, Filters(), "zh", TODAY))).read("README.txt")
    assert "全部（未筛选）" in zh.decode("utf-8-sig")


def test_xlsx_sheets_frozen_header_and_sized_columns(dataset):
    workbook = load_workbook(io.BytesIO(export.to_xlsx_bytes(dataset, SELECTION, "zh", TODAY)))
    assert workbook.sheetnames == ["measures", "figures", "sources", "filters", "columns"]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet["A1"].font.b
        assert all(sheet.column_dimensions[c.column_letter].width >= 8 for c in sheet[1])
    figures = export.figures_table(dataset, SELECTION, "zh")
    sheet = workbook["figures"]
    # headers in the interface language; the `columns` sheet maps each to its code
    assert [c.value for c in sheet[1]] == [export.COLUMN_LABELS["zh"][c] for c in export.FIGURE_EXPORT_COLUMNS]
    columns = {row[0]: row[1] for row in workbook["columns"].iter_rows(min_row=2, values_only=True)}
    assert all(columns[c] == export.COLUMN_LABELS["zh"][c] for c in export.FIGURE_EXPORT_COLUMNS)
    codes = load_workbook(io.BytesIO(export.to_xlsx_bytes(dataset, SELECTION, "zh", TODAY, headers="codes")))
    assert [c.value for c in codes["figures"][1]] == export.FIGURE_EXPORT_COLUMNS
    assert sheet.max_row == len(figures) + 1
    value_column = export.FIGURE_EXPORT_COLUMNS.index("value") + 1
    assert all(sheet.cell(row, value_column).data_type == "n" for row in range(2, sheet.max_row + 1))
    assert workbook["measures"].max_row == len(export.measures_table(dataset, SELECTION, "zh")) + 1
    filters_sheet = {row[0]: row[1] for row in workbook["filters"].iter_rows(min_row=2, values_only=True)}
    assert filters_sheet["themes"] == "talent;funding" and filters_sheet["regions"] == "mianyang;ningxia"
    assert filters_sheet["exported_on"] == "2026-11-27"
    assert "citation_zh" in [c.value for c in workbook["sources"][1]]


def test_formula_title_is_exact_typed_text_in_xlsx(evil_dataset):
    """XLSX has cell types: a formula-looking title is stored as a text cell, exactly as in the source."""
    payload = export.to_xlsx_bytes(evil_dataset, Filters(), "zh", TODAY)
    workbook = load_workbook(io.BytesIO(payload))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    titles = [cell for cell in cells if isinstance(cell.value, str) and "HYPERLINK" in cell.value]
    assert titles and all(cell.value == EVIL_TITLE and cell.data_type == "s" for cell in titles)
    sums = [cell for cell in cells if cell.value == "@SUM(A1:A9)"]
    assert sums and all(cell.data_type == "s" for cell in sums)
    assert not [cell.coordinate for cell in cells if isinstance(cell.value, str) and cell.value.startswith("'")]
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:  # no formula element in any sheet
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(name) or b"<f " in archive.read(name) for name in sheets)
    searched = load_workbook(io.BytesIO(export.to_xlsx_bytes(evil_dataset, Filters(keyword="=1+1"), "zh", TODAY)))
    keyword = {row[0].value: row[1] for row in searched["filters"].iter_rows(min_row=2)}["keyword"]
    assert (keyword.value, keyword.data_type) == ("=1+1", "s")


# ---------------------------------------------------------------- charts and PPTX


def test_briefing_charts_follow_the_compare_page(dataset, figures):
    charts = [(item.caption, item.figure) for item in briefing.briefing_items(dataset, SELECTION, "zh")]
    filtered = frames.filter_frame(figures, SELECTION)
    shared = comparison.shared_indicators(filtered)
    captions = [caption for caption, _ in charts]
    assert captions[0] == "主题结构：各地区每个主题的举措数"
    assert len(charts) == 1 + len(shared)
    assert all(fig.layout.title.text for _, fig in charts)
    chosen = briefing.briefing_items(dataset, Filters(), "zh", indicators=["rd_active_share"])
    assert [item.key for item in chosen if item.kind == "compare"] == ["rd_active_share"]


def test_split_indicators_carry_a_not_comparable_note(dataset):
    items = briefing.briefing_items(dataset, Filters(), "en")
    split = [item for item in items if item.split]
    assert split, "some shared indicator is split by the comparison rule"
    for item in split:
        assert "Not directly comparable" in item.notes[0]
        assert "Not directly comparable" in item.figure.layout.title.subtitle.text
    for item in items:
        if item.kind == "compare" and not item.split:
            assert not any("Not directly comparable" in note for note in item.notes)


def test_figures_table_names_each_figures_comparison_group_scope_and_time(dataset, figures):
    table = export.figures_table(dataset, Filters(), "zh")
    assert list(table["comparison_group"]) == list(comparison.comparison_groups(figures))
    assert set(table["scope"]) <= {"region", "programme", "subgroup", "wider_area"}
    assert table.loc[table["scope"] == "region", "scope_label"].eq("全域").all()
    assert (table.loc[table["scope"] != "region", "scope_label"] != "").all()
    assert set(table["basis"]) <= {"point", "span", "cumulative"}
    # figures share a group only when the rule says they are comparable
    for _, group in table.groupby("comparison_group"):
        assert group["indicator_code"].nunique() == group["unit"].nunique() == group["kind"].nunique() == 1
        assert group["scope"].nunique() == group["basis"].nunique() == 1


def test_missing_browser_is_a_clear_error(monkeypatch):
    import plotly.graph_objects as go

    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    with pytest.raises(export.ChartRenderError, match="apt-get install chromium"):
        export.render_png(go.Figure(), 200, 100)


def _flaky_browser(monkeypatch, fails: int) -> list[int]:
    """kaleido as it behaves on a busy machine: the first `fails` batches draw nothing for their last chart and return
    its error instead of raising. Returns the batch sizes it was given."""
    from dashboard.export import images

    batches: list[int] = []

    def write(items, files, path, scale):
        batches.append(len(items))
        drawn = files if len(batches) > fails else files[:-1]
        for file in drawn:
            file.write_bytes(b"\x89PNG" + file.name.encode())
        return () if drawn == files else (TimeoutError("tab timed out"),)

    monkeypatch.setattr(images, "_require_chromium", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(images, "_write_pngs", write)
    return batches


def test_a_chart_the_browser_failed_to_draw_is_drawn_again_and_the_order_is_kept(monkeypatch):
    import plotly.graph_objects as go

    batches = _flaky_browser(monkeypatch, fails=1)
    pngs = export.render_pngs([(go.Figure(), 200, 100)] * 3)
    assert batches == [3, 1]  # only the missing chart is drawn again
    assert pngs == [b"\x89PNG000.png", b"\x89PNG001.png", b"\x89PNG002.png"]


def test_a_chart_that_fails_twice_is_a_clear_error_not_a_missing_file(monkeypatch):
    import plotly.graph_objects as go

    _flaky_browser(monkeypatch, fails=2)
    with pytest.raises(export.ChartRenderError, match="failed to draw 1 of 2 charts twice: TimeoutError"):
        export.render_pngs([(go.Figure(), 200, 100)] * 2)


@needs_chromium
def test_render_png_has_the_requested_size():
    import plotly.graph_objects as go
    from PIL import Image

    fig = go.Figure(go.Bar(x=[1, 2], y=["绵阳", "宁夏"], orientation="h"))
    png = export.render_png(fig, 400, 300, scale=2)
    assert png.startswith(b"\x89PNG")
    assert Image.open(io.BytesIO(png)).size == (800, 600)


@pytest.fixture(scope="module")
def pptx_bytes(dataset):
    if export.find_chromium() is None:
        pytest.skip("needs Chromium to render chart images: apt-get install chromium fonts-noto-cjk")
    return export.to_pptx_bytes(dataset, SELECTION, "zh", TODAY)


def _texts(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


@needs_chromium
def test_pptx_slides_pictures_and_sources(dataset, pptx_bytes):
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation(io.BytesIO(pptx_bytes))
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.01
    assert deck.slide_width == Inches(13.333)
    items = briefing.briefing_items(dataset, SELECTION, "zh")
    figures = export.figures_table(dataset, SELECTION, "zh")
    measures = export.measures_table(dataset, SELECTION, "zh")

    slides = list(deck.slides)
    region_slides = [slide.name for slide in slides[1 + len(items) : -1]]
    # the table slides between the charts and the sources, region by region in the filter's order
    assert list(dict.fromkeys(region_slides)) == ["region:mianyang", "region:ningxia"]

    # every chart slide draws its chart: natively (a chart object, or a table of figures with nothing comparable)
    # or, where a native chart cannot say it honestly, as a picture
    chart_slides = slides[1 : 1 + len(items)]
    for slide, item in zip(chart_slides, items, strict=True):
        kinds = {("chart" if s.has_chart else "picture" if s.shape_type == 13 else "table" if s.has_table else "")
                 for s in slide.shapes}
        expected = {"chart"} if item.kind == "theme_mix" else \
            {"picture"} if native_plan(item, dataset, "zh") is None else {"chart", "table"}
        assert kinds & {"chart", "picture", "table"} <= expected and kinds & expected, item.key
    assert "区域科创举措简报" in _texts(slides[0]) and "2026-11-27" in _texts(slides[0])
    assert "人才" in _texts(slides[0]) and "绵阳" in _texts(slides[0])
    for slide, item in zip(slides[1 : 1 + len(items)], items, strict=True):
        assert item.caption in _texts(slide)
        assert "《科技情报参考》" in _texts(slide)  # the source footnote
    tables = [shape.table for slide in slides[1 + len(items) :] for shape in slide.shapes if shape.has_table]
    assert len(tables) >= len(region_slides)
    figure_tables = [table for table in tables if table.cell(0, 0).text == "指标"]
    measure_tables = [table for table in tables if table.cell(0, 0).text == "举措"]
    assert [figure_tables[0].cell(0, c).text for c in range(5)] == ["指标", "数值", "覆盖范围", "时间", "原文数字"]
    assert sum(len(table.rows) - 1 for table in figure_tables) == len(figures)
    assert sum(len(table.rows) - 1 for table in measure_tables) == len(measures)
    sources = _texts(slides[-1])
    assert dataset.sources[0].citation.zh in sources and dataset.sources[0].file in sources


@needs_chromium
def test_a_region_without_figures_still_gets_a_useful_deck(dataset):
    from pptx import Presentation

    deck = Presentation(io.BytesIO(export.to_pptx_bytes(dataset, Filters(regions=("bazhong",)), "en", TODAY)))
    text = "\n".join(_texts(slide) for slide in deck.slides)
    titles = [m.title.en for m in dataset.region("bazhong").measures]
    tables = [shape.table for slide in deck.slides for shape in slide.shapes if shape.has_table]
    cells = " ".join(cell.text for table in tables for row in table.rows for cell in row.cells)
    assert all(title in cells for title in titles)
    assert "Bazhong: measures" in text and "gives no figures for Bazhong" in text


# ---------------------------------------------------------------- CLI


def test_cli_several_themes_and_regions_same_bytes(dataset, tmp_path):
    out = tmp_path / "f.csv"
    code = cli.main(["export", "--theme", "talent", "--theme", "funding", "--region", "mianyang,ningxia",
                     "--format", "csv", "-o", str(out)])
    assert code == 0
    assert out.read_bytes() == export.to_csv_bytes(export.figures_table(dataset, SELECTION, "zh"))  # code headers
    out = tmp_path / "m.csv"
    assert cli.main(["export", "--theme", "talent,funding", "--region", "mianyang", "--region", "ningxia",
                     "--format", "csv", "--shape", "measures", "--lang", "en", "--headers", "labels", "-o", str(out)]) == 0
    assert out.read_bytes() == export.to_csv_bytes(export.measures_table(dataset, SELECTION, "en"), "en")


def test_cli_no_filter_default_name_and_formats(dataset, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["export", "--format", "csv", "--shape", "measures", "--date", "2026-11-27"]) == 0
    assert (tmp_path / "measures_all_zh_2026-11-27.csv").read_bytes() == \
        export.to_csv_bytes(export.measures_table(dataset, Filters(), "zh"))
    assert cli.main(["export", "--format", "zip", "--full", "--date", "2026-11-27"]) == 0
    assert (tmp_path / "data_full-dataset_zh_2026-11-27.zip").read_bytes() == \
        export.to_zip_bytes(dataset, Filters(), "zh", TODAY)
    assert cli.main(["export", "--format", "xlsx", "--region", "haishu", "--date", "2026-11-27"]) == 0
    assert (tmp_path / "data_haishu_zh_2026-11-27.xlsx").read_bytes() == \
        export.to_xlsx_bytes(dataset, Filters(regions=("haishu",)), "zh", TODAY, headers="codes")


def test_cli_formula_fixture(evil_yaml, tmp_path):
    out = tmp_path / "evil.xlsx"
    assert cli.main(["export", "--dataset", str(evil_yaml), "--format", "xlsx", "-o", str(out)]) == 0
    cells = [c for sheet in load_workbook(out).worksheets for row in sheet.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]


@pytest.mark.parametrize("argv, message", [
    (["--theme", "talent,nonsense"], "unknown theme 'nonsense'"),
    (["--region", "atlantis"], "unknown region 'atlantis'"),
    (["--theme", "x", "--region", "y"], "unknown region 'y'"),
])
def test_cli_bad_code_exits_2_listing_valid_codes(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["export", "--format", "csv", *argv])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert "talent, platform, funding" in err or "hubaoewu, mianyang, ningxia" in err


def test_cli_full_with_filters_is_refused(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["export", "--format", "zip", "--full", "--theme", "talent"])
    assert exit_info.value.code == 2


def test_python_m_dashboard_entry_point(tmp_path):
    bad = subprocess.run([sys.executable, "-m", "dashboard", "export", "--format", "csv", "--region", "nowhere"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2
    assert "valid region codes: bazhong, haishu, hubaoewu" in bad.stderr
    for command in (["dashboard", "validate"], ["dashboard.validate"]):  # the second: what older scripts call
        ok = subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert ok.returncode == 0 and ok.stdout.startswith("OK"), command


@pytest.mark.parametrize("output", ["missing_dir/file.csv", "missing_dir/deeper/file.csv"])
def test_cli_output_folder_missing_is_a_one_line_error(tmp_path, output):
    run = subprocess.run([sys.executable, "-m", "dashboard", "export", "--format", "csv", "-o", output],
                         cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert "missing_dir" in run.stderr and "does not exist" in run.stderr
    assert not (tmp_path / "missing_dir").exists()


def test_cli_output_that_cannot_be_written_is_a_one_line_error(tmp_path, capsys):
    (tmp_path / "taken").mkdir()
    assert cli.main(["export", "--format", "csv", "-o", str(tmp_path / "taken")]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "cannot write" in err and "taken" in err


def test_xlsx_parts_carry_the_export_date_not_the_wall_clock(dataset):
    import io
    import zipfile

    data = export.to_xlsx_bytes(dataset, Filters(regions=("haishu",)), "zh", TODAY)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        stamps = {info.date_time[:3] for info in archive.infolist()}
    assert stamps == {(TODAY.year, TODAY.month, TODAY.day)}


def test_xlsx_metadata_carries_the_export_date(dataset):
    import io
    import zipfile

    data = export.to_xlsx_bytes(dataset, Filters(), "zh", TODAY)
    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    assert "2026-11-27T00:00:00Z</dcterms:modified>" in core


# ---------------------------------------------------------------- instruments and target groups

EXTENSION_FOR_FIRMS = Filters(instruments=("tech_extension",), target_groups=("firms",))


def test_tables_carry_instruments_and_target_groups_and_honour_their_filters(dataset):
    measures = export.measures_table(dataset, EXTENSION_FOR_FIRMS, "zh")
    assert len(measures) and all("tech_extension" in s.split(";") for s in measures["instruments"])
    assert all("firms" in s.split(";") for s in measures["target_groups"])
    row = measures[measures["measure_id"] == "quzhou-industrial-commissioners"].iloc[0]
    assert row["instruments"] == "tech_extension;collaboration_platforms"
    assert row["instrument_names"] == "科技特派员与技术服务、交流合作与协同平台"
    assert row["target_group_names"] == "企业、高校与科研院所"
    figures = export.figures_table(dataset, EXTENSION_FOR_FIRMS, "en")
    assert set(figures["measure_id"]) <= set(measures["measure_id"]) and len(figures)
    assert all("tech_extension" in s.split(";") for s in figures["instruments"])
    for lang in ("zh", "en"):  # every column documented
        docs = export.COLUMN_DOCS[lang]
        assert all(c in docs for c in (*export.MEASURE_EXPORT_COLUMNS, *export.FIGURE_EXPORT_COLUMNS))


def test_zip_xlsx_and_file_names_say_which_instruments_and_groups(dataset):
    readme = zipfile.ZipFile(io.BytesIO(export.to_zip_bytes(dataset, EXTENSION_FOR_FIRMS, "en", TODAY))
                             ).read("README.txt").decode("utf-8-sig")
    assert "Instruments: tech_extension Technology extension and advisory services" in readme
    assert "Target groups: firms Firms" in readme
    assert "instrument_names: policy instrument names" in readme
    workbook = load_workbook(io.BytesIO(export.to_xlsx_bytes(dataset, EXTENSION_FOR_FIRMS, "zh", TODAY)))
    filters_sheet = {row[0]: row[1] for row in workbook["filters"].iter_rows(min_row=2, values_only=True)}
    assert filters_sheet["instruments"] == "tech_extension" and filters_sheet["target_groups"] == "firms"
    assert "工具：科技特派员与技术服务" in filters_sheet["selection"]
    assert export.export_filename("measures", EXTENSION_FOR_FIRMS, "csv", TODAY) == \
        "measures_tech_extension_firms_2026-11-27.csv"


def test_cli_instrument_and_target_group_flags(dataset, tmp_path, capsys):
    out = tmp_path / "m.csv"
    assert cli.main(["export", "--instrument", "tech_extension", "--target-group", "firms", "--format", "csv",
                     "--shape", "measures", "--date", "2026-11-27", "-o", str(out)]) == 0
    assert out.read_bytes() == export.to_csv_bytes(export.measures_table(dataset, EXTENSION_FOR_FIRMS, "zh"))
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["export", "--format", "csv", "--instrument", "tax_relief"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "unknown instrument 'tax_relief'" in err and "grants, equity_funds" in err
    with pytest.raises(SystemExit):
        cli.main(["export", "--format", "csv", "--target-group", "aliens"])
    assert "unknown target group 'aliens'" in capsys.readouterr().err


def test_every_export_column_has_a_label_in_both_languages():
    for lang in ("zh", "en"):
        columns = [*export.MEASURE_EXPORT_COLUMNS, *export.FIGURE_EXPORT_COLUMNS]
        assert [c for c in columns if c not in export.COLUMN_LABELS[lang]] == [], lang
