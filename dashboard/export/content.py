"""What a briefing holds, whichever file it becomes (PPTX, DOCX): its charts, measures, key figures and sources.

Two sources of content: the current view (every chart and measure of the filters), and the briefing basket
(the measures and charts a reader picked, in the reader's order). Pure functions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from dashboard.analysis import basket as basket_mod
from dashboard.analysis.basket import BasketItem
from dashboard.analysis.frames import Filters
from dashboard.charts.briefing import BriefingChart, basket_charts, briefing_items
from dashboard.data.models import Dataset, Source
from dashboard.export.tables import _as_date, _sources_in_view, figures_table, filters_subtitle, measures_table
from dashboard.i18n import t


@dataclass(frozen=True)
class BriefingContent:
    lang: str
    day: str  # ISO date printed on the briefing
    scope: str  # what it covers, in words: the filters, or what was picked
    charts: list[BriefingChart]
    measures: pd.DataFrame = field(repr=False)  # rows of tables.measures_table, in the briefing's order
    figures: pd.DataFrame = field(repr=False)  # rows of tables.figures_table of those measures
    region_ids: list[str]  # regions with measures, in the briefing's order
    sources: list[Source]

    @property
    def footnote(self) -> str:
        source = self.sources[0]
        citation = source.citation.text(self.lang)
        return f"{t('source_line', self.lang, source=citation)}  ·  {t('source_file', self.lang, file=source.file)}"


def view_content(dataset: Dataset, filters: Filters, lang: str, today: date | str | None = None,
                 indicators: Sequence[str] | None = None) -> BriefingContent:
    """Every chart of the view (the Compare page's; `indicators` as chosen there) and every measure."""
    measures = measures_table(dataset, filters, lang)
    return BriefingContent(
        lang=lang, day=_as_date(today), scope=filters_subtitle(dataset, filters, lang),
        charts=briefing_items(dataset, filters, lang, indicators), measures=measures,
        figures=figures_table(dataset, filters, lang),
        region_ids=[r for r in filters.region_ids(dataset) if (measures["region_id"] == r).any()],
        sources=_sources_in_view(dataset, filters),
    )


def basket_content(dataset: Dataset, basket: Sequence[BasketItem], chart_filters: Filters, lang: str,
                   today: date | str | None = None) -> BriefingContent:
    """The basket's measures (grouped by region, in the order the reader put them) with their figures, and its
    charts drawn for the regions and themes of `chart_filters` (the view the reader browsed)."""
    ids = basket_mod.measure_ids(basket)
    everything = Filters()
    table = measures_table(dataset, everything, lang).set_index("measure_id", drop=False)
    picked = table.loc[[i for i in ids if i in table.index]]
    region_ids = list(dict.fromkeys(picked["region_id"]))
    order = {region: n for n, region in enumerate(region_ids)}
    measures = picked.assign(_region=picked["region_id"].map(order)).sort_values("_region", kind="stable")
    measures = measures.drop(columns="_region").reset_index(drop=True)
    figures = figures_table(dataset, everything, lang)
    figures = figures[figures["measure_id"].isin(ids)].reset_index(drop=True)
    charts = basket_charts(dataset, chart_filters, lang, basket_mod.chart_ids(basket))
    n_charts = len(basket_mod.chart_ids(basket))
    scope = t("basket_scope", lang, measures=len(measures), charts=n_charts)
    if n_charts:
        scope += "  ·  " + t("basket_charts_for", lang, filters=filters_subtitle(dataset, chart_filters, lang))
    source_filters = Filters(regions=tuple(dict.fromkeys([*region_ids, *chart_filters.region_ids(dataset)])))
    return BriefingContent(lang=lang, day=_as_date(today), scope=scope, charts=charts, measures=measures,
                           figures=figures, region_ids=region_ids, sources=_sources_in_view(dataset, source_filters))
