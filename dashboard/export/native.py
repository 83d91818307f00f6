"""Charts as native, editable PowerPoint charts (python-pptx's chart API), where a native chart can say what the
Plotly chart says honestly.

- The theme mix: a clustered column chart, themes as categories, one series per region.
- An indicator: one bar chart per panel of comparable figures (dashboard/analysis/comparison.py), categories the regions
  with scope and time, values on the panel's own axis from zero, every bar's label the figure as printed with
  its qualifier (≈, ≥, 预计, 最高) and unit; figures with nothing comparable are listed in a table, not drawn.
  Panels Plotly draws as dots (ranks, changes, values far apart on a log axis, before → after arrows) have no
  honest native form here: such a chart stays a picture (`native_plan` returns None).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from dashboard.analysis import comparison, frames
from dashboard.charts import plots
from dashboard.charts.briefing import BriefingChart
from dashboard.data.bilingual import Bilingual
from dashboard.data.models import Dataset
from dashboard.i18n import VALUE_FORMATS, number_scales, t


@dataclass(frozen=True)
class NativePanel:
    title: str  # what every figure of the panel covers, when, what kind ('全域 · 2023年 · 当期新增')
    categories: list[str]  # region (with scope and time where they vary), largest value first
    values: list[float]  # in the panel's display unit (value / scale)
    labels: list[str]  # the figure as a reader reads it: '预计≥80亿元'
    colours: list[str]  # hex without '#'
    number_format: str  # the axis' number format, the unit kept: '0"亿元"'
    axis_title: str


@dataclass(frozen=True)
class NativePlan:
    panels: list[NativePanel]
    listed: list[tuple[str, str]]  # (region with scope, time and kind, value label): figures drawn nowhere


def _plain(text: str) -> str:
    return html.unescape(text)


def _scale(top: float, unit: str, lang: str) -> tuple[float, str, str]:
    """(divisor, prefix, suffix) for an axis of bars (amounts and shares): its scale and unit as a value of it says
    them, 亿元 / ¥… bn, 万人 / … m people; plain below 10,000."""
    steps = number_scales(lang)
    divisor, word = next((s for s in steps if top >= s[0]), steps[-1])
    prefix, suffix = VALUE_FORMATS[lang][unit].split("{n}")
    return divisor, prefix, word + suffix


def _number_format(values: list[float], prefix: str, suffix: str) -> str:
    whole = all(float(v).is_integer() for v in values)
    body = "0" if whole else "0.0#"
    quote = lambda s: f'"{s}"' if s else ""  # noqa: E731
    return f"{quote(prefix)}{body}{quote(suffix)}"


def native_plan(item: BriefingChart, dataset: Dataset, lang: str) -> NativePlan | None:
    """How to draw a compare chart natively, or None when only the picture says it honestly."""
    if item.kind != "compare" or item.data is None:
        return None
    every = comparison.panels(item.data)
    drawn = [p for p in every if p.regions >= 2 or (p.rows["step"] != "").any()]
    if any(plots.panel_mode(p) != "bars" for p in drawn):
        return None
    panels = []
    for panel in drawn:
        rows = plots.panel_rows(panel, lang)
        rows = rows.head(item.limit) if item.limit else rows
        top = float(rows["value"].max())
        divisor, prefix, suffix = _scale(top, panel.key.unit, lang)
        values = [float(v) / divisor for v in rows["value"]]
        names = frames.label_repeats(rows[Bilingual.column("region", lang)], rows, lang)
        categories = [t("in_brackets", lang, text=name, detail=_plain(d)) if d else name
                      for name, d in zip(names, rows["detail"], strict=True)]
        panels.append(NativePanel(
            title=_plain(plots.panel_title(panel, lang)), categories=categories, values=values,
            labels=list(rows["value_label"]),
            colours=[item.colours[r].lstrip("#") for r in rows["region_id"]],
            number_format=_number_format(values, prefix, suffix), axis_title=(prefix + suffix).strip(),
        ))
    listed: list[tuple[str, str]] = []
    for panel in (p for p in every if p not in drawn):
        rows = plots.panel_rows(panel, lang, listed=True)
        names = frames.label_repeats(rows[Bilingual.column("region", lang)], rows, lang)
        listed += [(f"{name} · {_plain(d)}", label) for name, d, label in
                   zip(names, rows["detail"], rows["value_label"], strict=True)]
    return NativePlan(panels, listed)


def _font(font: Any, size: float, ea_font: str, latin_font: str) -> None:
    from lxml import etree
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    font.size = Pt(size)
    font.name = latin_font
    rpr = font._rPr
    east_asian = rpr.find(qn("a:ea"))
    if east_asian is None:
        east_asian = etree.SubElement(rpr, qn("a:ea"))
    east_asian.set("typeface", ea_font)


def add_bar_panel(slide: Any, panel: NativePanel, left: float, top: float, width: float, height: float, *,
                  ea_font: str, latin_font: str) -> Any:
    """One panel as a horizontal bar chart: largest bar on top, axis from zero, each bar labelled as printed."""
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
    from pptx.util import Inches

    # a bar chart draws its first category at the bottom: given smallest first, the largest is on top, as on the
    # page, and the value axis stays below (reversing the axis instead moves it to the top in some renderers)
    data = CategoryChartData(number_format=panel.number_format)
    data.categories = panel.categories[::-1]
    data.add_series(panel.axis_title or panel.title, panel.values[::-1])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Inches(left), Inches(top), Inches(width),
                                   Inches(height), data)
    chart = frame.chart
    chart.has_legend = False
    chart.has_title = False
    _font(chart.font, 11, ea_font, latin_font)
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.vary_by_categories = False
    value_axis = chart.value_axis
    value_axis.minimum_scale = 0
    value_axis.maximum_scale = max(panel.values) * 1.5 if max(panel.values) > 0 else None  # room for the labels
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = RGBColor.from_string("E5E5E5")
    value_axis.tick_labels.number_format = panel.number_format
    value_axis.tick_labels.number_format_is_linked = False
    series = plot.series[0]
    for point, colour, label in zip(series.points, panel.colours[::-1], panel.labels[::-1], strict=False):
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = RGBColor.from_string(colour)
        text = point.data_label.text_frame
        text.text = label  # the qualifier and unit stay on the label: '≈400个', '预计≥80亿元'
        text._txBody.bodyPr.set("wrap", "none")  # one line, however narrow the renderer thinks the label is
        _font(text.paragraphs[0].runs[0].font, 11, ea_font, latin_font)
        point.data_label.position = XL_LABEL_POSITION.OUTSIDE_END
    return chart


def add_theme_mix(slide: Any, item: BriefingChart, dataset: Dataset, lang: str, left: float, top: float,
                  width: float, height: float, *, ea_font: str, latin_font: str) -> Any:
    """Measures per theme, one series per region in the region's colour, counts on the bars."""
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Inches

    counts = item.data
    themes = list(dict.fromkeys(counts["theme"]))
    data = CategoryChartData(number_format="0")
    data.categories = [dataset.theme(code).name.text(lang) for code in themes]
    region_ids = list(dict.fromkeys(counts["region_id"]))
    for region_id in region_ids:
        rows = counts[counts["region_id"] == region_id].set_index("theme")
        n = len(set().union(*rows["measure_ids"].map(set))) if len(rows) else 0
        name = t("theme_mix_legend", lang, region=dataset.region(region_id).short.text(lang), n=n,
                 k=int(rows["count"].sum()))
        data.add_series(name, [int(rows["count"].get(code, 0)) for code in themes])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(left), Inches(top), Inches(width),
                                   Inches(height), data)
    chart = frame.chart
    _font(chart.font, 11, ea_font, latin_font)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.TOP
    chart.legend.include_in_layout = False
    plot = chart.plots[0]
    plot.gap_width = 80
    plot.has_data_labels = True
    plot.data_labels.number_format = "0;-0;;"  # zeros unlabelled: an empty cell, not a "0" on the axis
    plot.data_labels.number_format_is_linked = False
    chart.value_axis.minimum_scale = 0
    chart.value_axis.major_unit = 1 if counts["count"].max() <= 10 else None
    chart.value_axis.has_title = True
    chart.value_axis.axis_title.text_frame.text = t("measures_count_axis", lang)
    _font(chart.value_axis.axis_title.text_frame.paragraphs[0].runs[0].font, 11, ea_font, latin_font)
    chart.value_axis.major_gridlines.format.line.color.rgb = RGBColor.from_string("E5E5E5")
    for series, region_id in zip(plot.series, region_ids, strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(item.colours[region_id].lstrip("#"))
    return chart
