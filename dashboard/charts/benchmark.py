"""The benchmark's charts: home's theme mix beside its peers', then a chart per indicator on which home has a
comparable figure beside a peer's. The page shows them and the slides draw them (export/pptx.py)."""

from __future__ import annotations

import pandas as pd

from dashboard.analysis import comparison, frames
from dashboard.analysis.benchmark import Benchmark, chart_indicators
from dashboard.charts import plots, style
from dashboard.charts.briefing import BriefingChart, indicator_title
from dashboard.data.bilingual import LANGS, Bilingual
from dashboard.data.models import Dataset
from dashboard.i18n import join_list, t


def subtitle(dataset: Dataset, bench: Benchmark, lang: str) -> str:
    """'本地区：衢州｜对标地区：宁夏、绵阳｜主题：人才' — under every benchmark chart and on every slide."""
    names = [dataset.region(p).short.text(lang) for p in bench.peers]
    text = t("bench_subtitle", lang, home=bench.home_name(lang), peers=join_list(names, lang) or "—")
    if bench.themes:
        text += t("filter_separator", lang) + t("themes", lang) + t("colon", lang) + frames.theme_names(
            dataset, bench.themes, lang)
    return text


def starred(figures: pd.DataFrame, home: str) -> pd.DataFrame:
    """Home's rows named '★ 名称' in both languages, so every chart label says which region is home."""
    mask = figures["region_id"] == home
    out = figures.copy()
    for lang in LANGS:
        column = Bilingual.column("region", lang)
        out.loc[mask, column] = [t("bench_star", lang, name=n) for n in out.loc[mask, column]]
    return out


def benchmark_charts(dataset: Dataset, measures: pd.DataFrame, bench: Benchmark, lang: str, *,
                     phone: bool = False) -> list[BriefingChart]:
    """The theme mix of home (when it has measures) and its peers, then a chart per indicator on which home has a
    comparable figure beside a peer's: home in its own colour, the peers in grey, split by the comparison rule.
    `phone`: laid out for a 390 px screen."""
    line = style.esc(subtitle(dataset, bench, lang))  # a typed-in home's name is the user's text: no markup
    items: list[BriefingChart] = []
    region_ids = [r for r in (bench.home, *bench.peers) if r in dataset.regions_by_id]
    theme_codes = list(bench.themes) or [th.code for th in dataset.themes]
    counts = frames.theme_counts(frames.filter_frame(measures, frames.Filters(themes=bench.themes)), region_ids,
                                 theme_codes)
    if region_ids and counts["count"].sum() > 0:
        title = t("bench_themes_title", lang)
        colours = style.home_colours(dataset, bench.home, bench.peers, faded=True)
        items.append(BriefingChart(title, plots.build_theme_mix_figure(counts, dataset, lang, line, colours,
                                                                        home=bench.home, title=title,
                                                                        phone=phone),
                                   kind="theme_mix"))
    shown = starred(bench.figures[bench.figures["region_id"].isin([bench.home, *bench.peers])], bench.home)
    for code in chart_indicators(bench.pairs):
        rows = shown[(shown["indicator"] == code) & comparison.chartable(shown)]
        title = indicator_title(dataset, code, lang)
        fig = plots.build_compare_figure(rows, dataset, lang, title=title, subtitle=line,
                                          colours=style.home_colours(dataset, bench.home, bench.peers),
                                          phone=phone)
        split = len(fig.layout.meta["panels"]) + len(fig.layout.meta["listed"]) > 1
        items.append(BriefingChart(title, fig, (t("not_comparable", lang),) if split else (), kind="compare",
                                   key=code, split=split))
    return items
