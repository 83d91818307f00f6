"""Charts: what each figure object says (titles, panels, axes, labels), without a browser."""

import pandas as pd
import pytest

from dashboard.analysis import comparison, frames
from dashboard.charts import briefing, plots, style


def _text(fig):
    return fig.layout.title.text + " " + fig.layout.title.subtitle.text + " " + fig.layout.annotations[-1].text


def _compare(figures, dataset, code: str, lang: str = "zh"):
    rows = figures[figures["indicator"] == code]
    return plots.build_compare_figure(rows, dataset, lang, title=code, subtitle="主题：全部")


def axis_groups(fig) -> dict[str, set[str]]:
    """x-axis name → the comparison groups of the figures drawn on it."""
    groups: dict[str, set[str]] = {}
    for trace in fig.data:
        for point in trace.customdata or ():
            groups.setdefault(trace.xaxis or "x", set()).add(point[0])
    return groups


def assert_honest(fig) -> None:
    """No axis holds figures of two comparison groups, and no bar stands on a log axis."""
    list_axis = fig.layout.meta["list_axis"]
    for axis, groups in axis_groups(fig).items():
        if axis != list_axis:
            assert len(groups) == 1, (axis, groups)
    for trace in fig.data:
        layout_axis = fig.layout["xaxis" + (trace.xaxis or "x")[1:]]
        if trace.type == "bar":
            assert layout_axis.type != "log"
    if list_axis:
        assert fig.layout["xaxis" + list_axis[1:]].visible is False  # listed values have no length


def test_every_shared_indicator_chart_is_honest(dataset, figures):
    for code in comparison.shared_indicators(figures):
        for lang in ("zh", "en"):
            assert_honest(_compare(figures, dataset, code, lang))


def test_a_split_indicator_says_so_in_the_title_area(dataset, figures):
    fig = _compare(figures, dataset, "tech_contract_value")
    assert len(fig.layout.meta["panels"]) + len(fig.layout.meta["listed"]) >= 2
    assert "口径不同，不宜直接比较" in fig.layout.title.subtitle.text
    en = _compare(figures, dataset, "tech_contract_value", "en")
    assert "Not directly comparable" in en.layout.title.subtitle.text


def test_scope_stands_beside_each_label(dataset, figures):
    fig = _compare(figures, dataset, "tech_contract_value")
    labels = " ".join(str(y) for trace in fig.data for y in trace.y)
    for text in figures[(figures.indicator == "tech_contract_value") & (figures.scope != "region")]["scope_zh"]:
        assert text in labels


def test_before_and_after_is_an_arrow_not_two_bars(dataset, figures):
    fig = _compare(figures, dataset, "rd_active_share")
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert arrows, "the before → after pair is drawn as an arrow"
    assert not [trace for trace in fig.data if trace.type == "bar" and "衢州" in " ".join(map(str, trace.y))]
    texts = " ".join(str(x) for trace in fig.data for x in (trace.text or ()))
    assert "68%" in texts and "77.8%" in texts and "→" in texts


def test_bars_are_sorted_by_value_largest_first(dataset, figures):
    for code in comparison.comparable_indicators(figures):
        fig = _compare(figures, dataset, code)
        for trace in fig.data:
            if trace.type == "bar":
                assert list(trace.x) == sorted(trace.x, reverse=True)


def test_region_colours_are_distinct_in_view_and_fixed_across_its_charts(dataset, measures, figures):
    colours = style.region_colours(dataset, [r.id for r in dataset.regions])
    assert len(set(colours.values())) == len(colours) == 6
    # any eight regions of a 600-region dataset get eight different colours (by dataset index they would not)
    from types import SimpleNamespace

    big = SimpleNamespace(regions=[SimpleNamespace(id=f"r{i:03d}") for i in range(600)])
    picked = ["r000", "r008", "r016", "r100", "r108", "r300", "r308", "r599"]
    assert len(set(style.region_colours(big, picked).values())) == 8
    # every chart of one view paints a region alike, whichever regions each chart holds
    view = frames.Filters(regions=("ningxia", "quzhou"))
    items = briefing.briefing_items(dataset, view, "zh", measures_frame=measures, figures_frame=figures)
    painted: dict[str, set[str]] = {"ningxia": set(), "quzhou": set()}
    names = {"宁夏": "ningxia", "衢州": "quzhou"}
    for item in items:
        for trace in item.figure.data:
            if item.kind == "theme_mix":
                painted[names[trace.name[:2]]].add(trace.marker.color)
            elif trace.type == "bar" or trace.mode == "markers+text":
                for label, colour in zip(trace.y, trace.marker.color, strict=True):
                    painted[names[str(label)[:2]]].add(colour)
    assert len(painted["ningxia"]) == len(painted["quzhou"]) == 1
    assert painted["ningxia"] != painted["quzhou"]


def test_every_chart_has_title_subtitle_and_source_line(dataset, measures, figures):
    counts = frames.theme_counts(measures, [r.id for r in dataset.regions], [t.code for t in dataset.themes])
    built = [
        plots.build_theme_matrix_figure(counts, dataset, "en", "Themes: All"),
        plots.build_theme_mix_figure(counts, dataset, "en", "Themes: All"),
        plots.build_compare_figure(figures[figures.indicator == "rd_active_share"], dataset, "en",
                                    title="R&D share", subtitle="Themes: All"),
    ]
    for fig in built:
        text = _text(fig)
        assert "Themes: All" in text and "Source:" in text


def test_theme_mix_names_each_regions_total_and_what_counts_mean(dataset, measures):
    counts = frames.theme_counts(measures, [r.id for r in dataset.regions], [t.code for t in dataset.themes])
    fig = plots.build_theme_mix_figure(counts, dataset, "zh", "主题：全部")
    mianyang = next(trace.name for trace in fig.data if trace.name.startswith("绵阳"))
    n = int((measures.region_id == "mianyang").sum())
    k = int(measures[measures.region_id == "mianyang"]["themes"].map(len).sum())
    assert mianyang == f"绵阳（{n} 项，按主题计 {k} 次）"
    assert "不代表投入或成效" in fig.layout.title.subtitle.text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_theme_mix_legend_and_subtitle_fit_a_phone_whatever_its_width(dataset, measures, lang):
    # One legend entry per line, with the top margin holding every line, so the legend cannot run into the
    # subtitle when a narrow screen wraps entries; each subtitle line fits a 390 px chart.
    counts = frames.theme_counts(measures, [r.id for r in dataset.regions], [t.code for t in dataset.themes])
    fig = plots.build_theme_mix_figure(counts, dataset, lang, "主题：全部")
    legend = fig.layout.legend  # one entry per line: each wider than any screen
    assert legend.orientation == "h" and legend.entrywidthmode == "pixels" and legend.entrywidth >= 2000
    subtitle_lines = fig.layout.title.subtitle.text.split("<br>")
    title_block = 50 + 18 * len(subtitle_lines)
    assert fig.layout.margin.t >= title_block + plots._LEGEND_LINE * len(dataset.regions)
    assert all(len(line) <= style.SUBTITLE_CHARS[lang] for line in subtitle_lines)


def test_theme_matrix_has_a_clickable_point_per_cell(dataset, measures):
    regions, themes = ["mianyang", "bazhong"], ["talent", "management"]
    counts = frames.theme_counts(measures, regions, themes)
    fig = plots.build_theme_matrix_figure(counts, dataset, "zh", "")
    assert len(fig.data[0].x) == 4
    assert ("bazhong", "management") in [tuple(c) for c in fig.data[0].customdata]


@pytest.mark.parametrize(("lang", "rows", "width"), [("zh", 2, 6), ("en", 3, 13)])
def test_theme_matrix_headers_lie_flat_in_staggered_rows(dataset, measures, lang, rows, width):
    """Stood on end (Plotly's choice for tick labels that collide), a wrapped English theme read 'platforms |
    Innovation' and its neighbours ran together. The names are headers in staggered rows instead: flat, wrapped,
    each with two (Chinese) or three (English) columns' width, with the room above the plot they need."""
    counts = frames.theme_counts(measures, [r.id for r in dataset.regions], [th.code for th in dataset.themes])
    fig = plots.build_theme_matrix_figure(counts, dataset, lang, "")
    assert fig.layout.xaxis.showticklabels is False
    headers = [a for a in fig.layout.annotations if a.xref == "x"]
    assert [a.x for a in headers] == list(range(len(dataset.themes)))
    assert len({a.yshift for a in headers}) == rows and not any(a.textangle for a in headers)
    lines = [line for a in headers for line in a.text.split("<br>")]
    assert all(len(line.replace("&amp;", "&")) <= width or " " not in line for line in lines)
    tallest = max(a.yshift + 15 * (a.text.count("<br>") + 1) for a in headers)
    assert fig.layout.margin.t >= tallest + style.title_block(fig.layout.title.text, fig.layout.title.subtitle.text)
    assert fig.layout.annotations[-1].text.startswith(("来源", "Source"))  # the source line stays last


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_value_axis_formats_ticks_and_is_linear_unless_asked(lang):
    values = pd.Series([6_470_000.0, 8_000_000_000.0])
    assert style.value_axis(values, lang)["type"] == "linear"
    log = style.value_axis(values, lang, log=True)
    assert log["type"] == "log"
    assert ("1亿" if lang == "zh" else "1 bn") in log["ticktext"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_phone_theme_mix_lays_themes_down_the_side_under_a_wrapped_title_and_legend(dataset, measures, lang):
    counts = frames.theme_counts(measures, [r.id for r in dataset.regions], [t.code for t in dataset.themes])
    title = "Themes: measures per theme in each region (home highlighted)" if lang == "en" else \
        "主题：各地区每个主题的举措数（本地区突出显示）"
    desktop = plots.build_theme_mix_figure(counts, dataset, lang, "主题：全部", title=title)
    fig = plots.build_theme_mix_figure(counts, dataset, lang, "主题：全部", title=title, phone=True)
    assert {bar.orientation for bar in desktop.data} == {"v"} and "<br>" not in desktop.layout.title.text
    # bars across, the first theme on top; every title and legend line fits a 390 px chart
    assert {bar.orientation for bar in fig.data} == {"h"} and fig.layout.yaxis.autorange == "reversed"
    assert all(len(line) <= style.TITLE_CHARS[lang] for line in fig.layout.title.text.split("<br>"))
    assert fig.layout.title.text.replace("<br>", " " if lang == "en" else "") == title  # nothing lost
    names = [line for bar in fig.data for line in bar.name.split("<br>")]
    assert all(len(line) <= style.LEGEND_CHARS[lang] for line in names)
    # the legend hangs from the end of the subtitle and ends before the plot, whatever the screen's width
    legend_top = (1 - fig.layout.legend.y) * fig.layout.height
    assert fig.layout.legend.yref == "container" and fig.layout.legend.yanchor == "top"
    assert legend_top >= style.title_block(fig.layout.title.text, fig.layout.title.subtitle.text)
    assert legend_top + plots._LEGEND_LINE * len(names) <= fig.layout.margin.t


def test_a_long_region_name_in_the_legend_breaks_at_its_bracket_or_between_words():
    text = "Hohhot–Baotou–Ordos–Ulanqab (11 measures, 24 by theme)"
    lines = style.wrap_markup(text, "en", style.LEGEND_CHARS["en"]).split("<br>")
    assert len(lines) == 2 and all(len(line) <= style.LEGEND_CHARS["en"] for line in lines)
    assert " ".join(lines) == text
    assert style.wrap_markup("R&amp;D share (%)", "en", 17) == "R&amp;D share (%)"  # an entity is one character


def test_a_phone_compare_chart_wraps_its_title_and_makes_room_for_it(dataset, figures):
    rows = figures[figures["indicator"] == "rd_active_share"]
    title = "Share of industrial enterprises above designated size with R&amp;D activity (%)"
    desktop = plots.build_compare_figure(rows, dataset, "en", title=title, subtitle="Themes: All")
    fig = plots.build_compare_figure(rows, dataset, "en", title=title, subtitle="Themes: All", phone=True)
    assert desktop.layout.title.text == title
    lines = fig.layout.title.text.split("<br>")
    assert len(lines) == 2 and all(len(line.replace("&amp;", "&")) <= style.TITLE_CHARS["en"] for line in lines)
    # the title's second line adds to the top margin; the rows below grow on their own (labels above them)
    assert fig.layout.margin.t == desktop.layout.margin.t + 22 and fig.layout.height >= desktop.layout.height + 22


@pytest.mark.parametrize(("heights", "spacing"), [([1.0], 0), ([3, 1], 0.1), ([0.2, 0.5, 0.3], 0.05),
                                                  ([44, 88, 14, 300, 58], 60 / 584), ([1] * 12, 0.02)])
def test_stacked_panels_are_laid_out_as_make_subplots_lays_them_out(heights, spacing):
    from plotly.subplots import make_subplots

    titles = [f"panel {i}" if i != 1 else "" for i in range(len(heights))]  # an empty title has no annotation
    chart = style.Chart()
    chart.rows([h / sum(heights) for h in heights], spacing, titles)
    expected = make_subplots(rows=len(heights), cols=1, shared_xaxes=False,
                             row_heights=[h / sum(heights) for h in heights], vertical_spacing=spacing,
                             subplot_titles=titles).to_dict()["layout"]
    expected.pop("template")
    assert chart.layout == expected


def _every_view_chart(dataset, measures, figures):
    """Every chart of the pages' builders, for a spread of views, both languages and both screens."""
    region_ids = [r.id for r in dataset.regions]
    views = [frames.Filters(), frames.Filters(regions=tuple(region_ids[:2]), themes=("talent",)),
             *(frames.Filters(themes=(th.code,)) for th in dataset.themes)]
    for view in views:
        for lang in ("zh", "en"):
            subtitle = frames.filters_subtitle(dataset, view, lang)
            counts = frames.theme_counts(frames.filter_frame(measures, view), view.region_ids(dataset),
                                         view.theme_codes(dataset))
            yield plots.build_theme_matrix_figure(counts, dataset, lang, subtitle)
            for phone in (False, True):
                for item in briefing.briefing_items(dataset, view, lang, measures_frame=measures,
                                                    figures_frame=figures, phone=phone):
                    yield item.figure
                colours = style.home_colours(dataset, region_ids[0], region_ids[1:], faded=True)
                yield plots.build_theme_mix_figure(counts, dataset, lang, subtitle, colours, home=region_ids[0],
                                                    title="T", phone=phone)


def test_every_chart_is_a_valid_plotly_figure_as_built_unvalidated(dataset, measures, figures):
    """The charts are made without Plotly's validation (for speed): Plotly, validating each one, must accept every
    property and value and read it back to the same figure."""
    import json

    import plotly.graph_objects as go
    import plotly.io as pio

    built = list(_every_view_chart(dataset, measures, figures))
    assert len(built) > 150
    for fig in built:
        as_sent = pio.to_json(fig, validate=False)  # what Streamlit sends to the browser
        validated = go.Figure(json.loads(as_sent))  # raises on any unknown property or bad value
        assert json.loads(pio.to_json(validated)) == json.loads(as_sent)


def _as_plotly_shows(text: str) -> str:
    """Text as plotly.js shows it: a line break as a space, tags dropped, and only the entities it decodes (svg_text_utils: mu, amp, lt, gt,
    nbsp, times, plusmn, deg, and numeric ones) decoded; any other entity shows as written."""
    import re

    named = {"mu": "\u03bc", "amp": "&", "lt": "<", "gt": ">", "nbsp": "\xa0", "times": "\xd7", "plusmn": "\xb1",
             "deg": "\xb0"}

    def decode(match: re.Match) -> str:
        name = match.group(1)
        if name.startswith("#"):
            return chr(int(name[2:], 16) if name[1] == "x" else int(name[1:]))
        return named.get(name, match.group(0))

    shown = re.sub(r"<[^>]*>", "", text.replace("<br>", " "))
    return re.sub(r"&(#\d+|#x[\da-fA-F]+|[a-z]+);", decode, shown)


def test_hover_text_shows_quotes_and_brackets_as_written(dataset, measures):
    title = "“x” said \"go\" & it's <b>done</b>"
    counts = frames.theme_counts(measures.assign(title_zh=title), ["mianyang"], ["talent"])
    fig = plots.build_theme_mix_figure(counts, dataset, "zh", "")
    hover = next(c for trace in fig.data for c in (trace.customdata or ()) if "go" in str(c))
    assert "<b>" not in hover  # no markup from the dataset
    assert title in _as_plotly_shows(hover)


def test_a_phone_compare_chart_puts_each_label_above_its_row_and_spreads_a_before_after_pair(dataset, figures):
    """Issue 24: on a phone the split panels' scope and time labels lost their left part in the left margin, the
    list's red title ran off the right edge, and 68% → 77.8% collapsed into two overlapping dots."""
    codes = ("rd_active_share", "tech_commissioners", "tech_contract_value")
    for code in codes:
        rows = figures[figures["indicator"] == code]
        fig = plots.build_compare_figure(rows, dataset, "zh", title="t", subtitle="s", phone=True)
        layout = fig.layout
        yaxes = [layout[k] for k in layout if k.startswith("yaxis")]
        assert yaxes and all(axis.showticklabels is False for axis in yaxes)
        labels = [a for a in layout.annotations if a.yref and a.yref.startswith("y") and not a.showarrow]
        assert len(labels) == sum(len(trace.y) for trace in fig.data if trace.text is not None)
        for note in [*labels, *[a for a in layout.annotations if a.yref == "paper"]]:
            for line in note.text.split("<br>"):
                assert style.visible_len(line) <= style.SUBTITLE_CHARS["zh"], line
        assert all(a.xref == "paper" and a.x == 0 and a.xanchor == "left" for a in labels)
    rows = figures[figures["indicator"] == "rd_active_share"]
    fig = plots.build_compare_figure(rows, dataset, "zh", title="t", subtitle="s", phone=True)
    arrow = next(a for a in fig.layout.annotations if a.showarrow)
    axis = fig.layout[f"xaxis{arrow.xref[1:]}"]
    # the two levels sit at least a fifth of the axis apart
    assert (arrow.x - arrow.ax) / (axis.range[1] - axis.range[0]) >= 0.2
