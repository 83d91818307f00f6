"""The chart set of a view: what the Compare page shows and the briefing pack puts on its slides.

The theme mix, then one chart per indicator, each split by the comparison rule (dashboard/analysis/comparison.py) into
panels of comparable figures. Pure functions; the writers in dashboard/export/ turn these into files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis import comparison, frames
from dashboard.analysis.basket import THEME_MIX
from dashboard.analysis.frames import Filters
from dashboard.charts import plots, style
from dashboard.data.bilingual import Bilingual
from dashboard.data.models import Dataset
from dashboard.i18n import UNIT_NAMES, t

# ---------------------------------------------------------------- charts


@dataclass(frozen=True)
class BriefingChart:
    caption: str
    figure: go.Figure
    notes: tuple[str, ...] = ()
    kind: str = ""  # "theme_mix" | "compare"
    key: str = ""  # the indicator code of a compare chart
    split: bool = False  # the comparison rule split the indicator's figures into separate panels
    # what the chart draws: the theme counts (theme mix) or the indicator's chartable figures (compare), so a
    # writer can draw it natively (dashboard/export/native.py) rather than as a picture
    data: pd.DataFrame | None = field(default=None, compare=False, repr=False)
    limit: int | None = None  # rows per panel the figure keeps
    subtitle: str = ""  # the filters it is drawn for, in words
    colours: dict[str, str] = field(default_factory=dict, compare=False, repr=False)  # region id → its colour


def indicator_title(dataset: Dataset, code: str, lang: str) -> str:
    indicator = dataset.indicator(code)
    return t("in_brackets", lang, text=indicator.name.text(lang), detail=UNIT_NAMES[lang][indicator.unit])


TOP_ROWS = 15  # rows per panel by default: readable on a page and on a slide, whatever the number of regions
# regions in the theme mix by default: each its own colour, and a region's bars still wide enough to point at
MIX_REGIONS = len(style.REGION_COLOURS)


def briefing_items(dataset: Dataset, filters: Filters, lang: str, indicators: Sequence[str] | None = None,
                   limit: int | None = TOP_ROWS, *, measures_frame: pd.DataFrame | None = None,
                   figures_frame: pd.DataFrame | None = None, phone: bool = False) -> list[BriefingChart]:
    """The Compare page's charts for a view: the theme mix, then one chart per indicator.

    `indicators` defaults to every indicator reported by two or more regions in view; the comparison rule
    (dashboard/analysis/comparison.py) splits each into panels of comparable figures, and the notes say so. `phone`: laid
    out for a 390 px screen (plots.build_theme_mix_figure)."""
    # the app passes the frames it already holds; the CLI and the writers build them here
    measures = frames.filter_frame(frames.measures_frame(dataset) if measures_frame is None else measures_frame,
                                   filters)
    figures = frames.filter_frame(frames.figures_frame(dataset) if figures_frame is None else figures_frame,
                                  filters)
    region_ids, theme_codes = filters.region_ids(dataset), filters.theme_codes(dataset)
    subtitle = frames.filters_subtitle(dataset, filters, lang)
    colours = style.region_colours(dataset, region_ids)  # one colour per region across the view's charts
    items: list[BriefingChart] = []

    counts = frames.theme_counts(measures, region_ids, theme_codes)
    mix_colours, mix_notes = colours, ()
    if limit is not None and len(region_ids) > MIX_REGIONS:  # the regions with the most measures in view, in order
        totals = measures.groupby("region_id")["measure_id"].nunique()
        top = set(sorted(region_ids, key=lambda r: -int(totals.get(r, 0)))[:MIX_REGIONS])  # ties: the view's order
        counts = counts[counts["region_id"].isin(top)].reset_index(drop=True)
        mix_colours = style.region_colours(dataset, top)  # a colour each: the legend is how a bar is named
        mix_notes = (t("mix_top_note", lang, n=MIX_REGIONS, total=len(region_ids)),)
    if counts["count"].sum() > 0:
        mix_subtitle = "<br>".join([*mix_notes, subtitle])
        items.append(BriefingChart(t("theme_mix_title", lang),
                                   plots.build_theme_mix_figure(counts, dataset, lang, mix_subtitle, mix_colours,
                                                                 phone=phone),
                                   mix_notes, kind="theme_mix", key=THEME_MIX, data=counts, limit=limit,
                                   subtitle=subtitle, colours=mix_colours))

    codes = comparison.shared_indicators(figures) if indicators is None else list(indicators)
    colon = t("colon", lang)
    for code in codes:
        rows = figures[(figures["indicator"] == code) & comparison.chartable(figures)]
        if rows.empty:
            continue
        title = indicator_title(dataset, code, lang)
        fig = plots.build_compare_figure(rows, dataset, lang, title=title, subtitle=subtitle, limit=limit,
                                          colours=colours, phone=phone)
        split = len(fig.layout.meta["panels"]) + len(fig.layout.meta["listed"]) > 1
        notes = [t("not_comparable", lang)] if split else []
        names = frames.label_repeats(rows[Bilingual.column("region", lang)], rows, lang)
        notes += [f"{name}{colon}{note}" for name, note in zip(names, rows[Bilingual.column("note", lang)], strict=True)
                  if note]
        items.append(BriefingChart(title, fig, tuple(notes), kind="compare", key=code, split=split, data=rows,
                                   limit=limit, subtitle=subtitle, colours=colours))
    return items


def basket_charts(dataset: Dataset, filters: Filters, lang: str, chart_ids: Sequence[str]) -> list[BriefingChart]:
    """The basket's charts in the basket's order, each drawn for the regions and themes of `filters`
    ('mix' is the theme mix, any other id an indicator). A chart with nothing to draw is left out."""
    indicators = [code for code in chart_ids if code != THEME_MIX]
    built = briefing_items(dataset, filters, lang, indicators)
    by_id = {item.key: item for item in built}
    return [by_id[code] for code in chart_ids if code in by_id]
