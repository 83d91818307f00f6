import pandas as pd

from dashboard import charts, frames
from dashboard.frames import Filters


def _text(fig):
    return fig.layout.title.text + " " + fig.layout.title.subtitle.text + " " + fig.layout.annotations[0].text


def test_compare_figure_holds_exactly_the_reporting_regions(dataset, figures):
    rows = frames.compare_rows(figures, "tech_contract_value", "zh")
    fig = charts.build_compare_figure(rows, dataset, "zh", title="技术合同金额", subtitle="主题：全部")
    bar = fig.data[0]
    assert list(bar.x) == list(rows["value"])
    assert set(bar.y) == {"绵阳", "宁夏", "衢州"}
    assert "预计≥80亿元" in list(bar.text)
    # 80亿 next to 647万: the axis goes logarithmic with 万/亿 tick labels, and the subtitle says so
    assert fig.layout.xaxis.type == "log"
    assert "亿" in "".join(fig.layout.xaxis.ticktext)
    assert "对数刻度" in fig.layout.title.subtitle.text


def test_every_chart_has_title_subtitle_and_source_line(dataset, measures, figures):
    counts = frames.theme_counts(measures, [r.id for r in dataset.regions], [t.code for t in dataset.themes])
    region_rows = frames.with_value_labels(figures[figures.region_id == "quzhou"], "en")
    built = [
        charts.build_theme_matrix_figure(counts, dataset, "en", "Themes: All"),
        charts.build_theme_mix_figure(counts, dataset, "en", "Themes: All"),
        charts.build_compare_figure(frames.compare_rows(figures, "rd_active_share", "en"), dataset, "en",
                                    title="R&D share", subtitle="Themes: All"),
        charts.build_region_figures_figure(region_rows, dataset, "en", title="Quzhou", subtitle="Themes: All"),
    ]
    for fig in built:
        text = _text(fig)
        assert "Themes: All" in text and "Source:" in text


def test_similar_values_keep_a_linear_axis_from_zero(dataset, figures):
    rows = frames.compare_rows(figures, "rd_active_share", "zh")
    fig = charts.build_compare_figure(rows, dataset, "zh", title="占比", subtitle="")
    assert fig.layout.xaxis.type == "linear" and fig.layout.xaxis.range[0] == 0


def test_theme_matrix_has_a_clickable_point_per_cell(dataset, measures):
    regions, themes = ["mianyang", "bazhong"], ["talent", "management"]
    counts = frames.theme_counts(measures, regions, themes)
    fig = charts.build_theme_matrix_figure(counts, dataset, "zh", "")
    assert len(fig.data[0].x) == 4
    assert ("bazhong", "management") in [tuple(c) for c in fig.data[0].customdata]


def test_region_chart_keeps_repeated_indicators_apart(dataset, figures):
    rows = frames.with_value_labels(frames.filter_frame(figures, Filters(regions=("ningxia",))), "zh")
    rows = rows[frames.bar_rows(rows)]
    fig = charts.build_region_figures_figure(rows, dataset, "zh", title="宁夏", subtitle="")
    names = [name for trace in fig.data for name in trace.y]
    assert len(set(names)) == len(names) == len(rows)
    # one trace per theme, so the colours have a legend
    assert {trace.name for trace in fig.data} == {dataset.theme(c).zh for c in rows["primary_theme"]}


def test_only_amounts_are_drawn_as_bars(figures):
    bars = figures[frames.bar_rows(figures)]
    assert set(bars["unit"]) <= {"count", "people", "person_times", "yuan"}
    assert set(bars["kind"]) <= {"stock", "new"}
    rest = figures[~frames.bar_rows(figures)]
    assert {"rank", "percent"} <= set(rest["unit"])


def test_value_axis_formats_ticks_for_each_language():
    values = pd.Series([6_470_000.0, 8_000_000_000.0])
    assert "1亿" in charts.value_axis(values, "zh")["ticktext"]
    assert "1 bn" in charts.value_axis(values, "en")["ticktext"]


def test_mixed_kinds_are_hatched_and_named_in_the_subtitle(dataset, figures):
    rows = frames.compare_rows(figures, "innovation_platforms", "zh")
    assert rows["kind"].nunique() > 1
    fig = charts.build_compare_figure(rows, dataset, "zh", title="创新平台", subtitle="主题：全部")
    shapes = dict(zip(rows["kind"], fig.data[0].marker.pattern.shape, strict=False))
    assert shapes["stock"] == "" and shapes["new"] == "/"
    assert "斜纹：当期新增" in fig.layout.title.subtitle.text
    same = frames.compare_rows(figures, "rd_active_share", "zh")
    plain = charts.build_compare_figure(same, dataset, "zh", title="占比", subtitle="")
    assert set(plain.data[0].marker.pattern.shape) == {""}
