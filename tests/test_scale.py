"""Every page renders on a generated 10× dataset (functional, not timed: benchmarks/bench.py measures speed)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from benchmarks import generate
from dashboard.data.loader import load_dataset
from dashboard.ui.pages import PAGES
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def dataset_10x(tmp_path_factory):
    path = tmp_path_factory.mktemp("scale") / "measures.yaml"
    return generate.generate(path, times=10, seed=7)


def test_generated_dataset_validates_and_is_ten_times_the_size(dataset_10x):
    result = load_dataset(dataset_10x)
    assert result.ok, "\n".join(map(str, result.problems[:20]))
    real = load_dataset(ROOT / "data" / "measures.yaml").dataset
    assert result.dataset is not None and real is not None
    assert len(result.dataset.regions) == 10 * len(real.regions)
    assert result.dataset.figure_count == 10 * real.figure_count
    assert len({r.id for r in result.dataset.regions}) == len(result.dataset.regions)
    assert len({r.level for r in result.dataset.regions}) > 1
    assert len({r.province.zh for r in result.dataset.regions}) > 5
    assert len({r.period for r in result.dataset.regions}) > 1


def test_generator_is_deterministic(dataset_10x, tmp_path):
    again = generate.generate(tmp_path / "measures.yaml", times=10, seed=7)
    assert again.read_bytes() == dataset_10x.read_bytes()


@pytest.mark.parametrize("spec", PAGES, ids=[p.key for p in PAGES])
def test_every_page_runs_on_a_10x_dataset(dataset_10x, monkeypatch, spec):
    monkeypatch.setenv("DASHBOARD_DATASET", str(dataset_10x))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.switch_page(spec.file)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title


def test_with_many_regions_and_none_chosen_the_chart_pages_show_a_default_selection(dataset_10x, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATASET", str(dataset_10x))
    for page in ("overview", "compare"):
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
        at.switch_page(f"dashboard/views/{page}.py")
        at.run()
        note = " ".join(info.value for info in at.info)
        assert "共 60 个地区" in note and "显示原文着墨最多的 8 个" in note, note


def test_a_panel_keeps_its_top_rows_and_says_so(dataset_10x):
    from dashboard.analysis import comparison, frames
    from dashboard.charts import plots

    dataset = load_dataset(dataset_10x).dataset
    figures = frames.figures_frame(dataset)
    # the indicator whose widest panel of comparable figures is widest
    code = max(comparison.comparable_indicators(figures),
               key=lambda c: comparison.panels(figures[figures.indicator == c])[0].regions)
    rows = figures[figures.indicator == code]
    widest = comparison.panels(rows)[0].regions
    assert widest > 3
    limit = widest - 1  # a panel one row too many for the limit
    fig = plots.build_compare_figure(rows, dataset, "en", title=code, subtitle="", limit=limit)
    assert max(len(trace.y) for trace in fig.data) == limit
    assert f"the top {limit} by value of" in fig.layout.title.subtitle.text
    whole = plots.build_compare_figure(rows, dataset, "en", title=code, subtitle="")
    assert max(len(trace.y) for trace in whole.data) > limit


def test_the_theme_mix_keeps_the_regions_with_most_measures_each_in_its_own_colour_and_says_so(dataset_10x):
    from dashboard.analysis import frames
    from dashboard.charts import briefing

    dataset = load_dataset(dataset_10x).dataset
    measures = frames.measures_frame(dataset)
    view = frames.Filters(regions=tuple(r.id for r in dataset.regions[:30]))
    mix = briefing.briefing_items(dataset, view, "en", indicators=())[0]
    assert mix.kind == "theme_mix" and len(mix.figure.data) == briefing.MIX_REGIONS  # a bar trace per region
    shown = set(mix.data["region_id"])
    totals = measures[measures.region_id.isin(view.regions)].groupby("region_id")["measure_id"].nunique()
    assert min(totals[r] for r in shown) >= max(totals[r] for r in view.regions if r not in shown)
    assert len({trace.marker.color for trace in mix.figure.data}) == briefing.MIX_REGIONS
    assert "The 8 regions with the most measures of 30" in mix.figure.layout.title.subtitle.text
    assert mix.notes and "of 30" in mix.notes[0]
    every = briefing.briefing_items(dataset, view, "en", indicators=(), limit=None)[0]
    assert len(every.figure.data) == 30 and "most measures" not in every.figure.layout.title.subtitle.text


def test_compare_offers_every_region_once_the_theme_mix_keeps_only_some(dataset_10x, monkeypatch):
    import json

    monkeypatch.setenv("DASHBOARD_DATASET", str(dataset_10x))
    ids = [r.id for r in load_dataset(dataset_10x).dataset.regions[:12]]
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.query_params["regions"] = ",".join(ids)
    at.switch_page("dashboard/views/compare.py")
    at.run()

    def mix_bars() -> int:
        return len(json.loads(at.get("plotly_chart")[0].proto.spec)["data"])

    assert mix_bars() == 8
    at.toggle(key="w_every").set_value(True).run()
    assert not at.exception and mix_bars() == 12
    assert at.query_params.get("all") in (["1"], "1")  # a shared link shows every region too

    again = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    again.query_params.update({"regions": ",".join(ids), "all": "1"})
    again.switch_page("dashboard/views/compare.py")
    again.run()
    assert again.toggle(key="w_every").value is True
    assert len(json.loads(again.get("plotly_chart")[0].proto.spec)["data"]) == 12


@pytest.mark.parametrize(("cards", "shown_page"), [("2", 2), ("999", 7)])
def test_the_overviews_card_page_is_in_the_url(dataset_10x, monkeypatch, cards, shown_page):
    monkeypatch.setenv("DASHBOARD_DATASET", str(dataset_10x))
    regions = load_dataset(dataset_10x).dataset.regions
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.query_params.update({"regions": ",".join(r.id for r in regions), "cards": cards})  # 60 regions: 7 pages
    at.run()
    assert not at.exception
    assert at.number_input(key="w_cards").value == shown_page
    headings = [m.value[5:] for m in at.markdown if m.value.startswith("#### ")]
    assert headings[0] == regions[(shown_page - 1) * 9].name.zh
    assert at.query_params.get("cards") in ([str(shown_page)], str(shown_page))


def test_a_card_page_where_the_cards_fit_one_page_leaves_the_url(dataset_10x, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATASET", str(dataset_10x))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.query_params["cards"] = "2"  # the default eight regions fit one page
    at.run()
    assert not at.exception and "cards" not in at.query_params


def test_every_rank_panel_of_a_chart_shares_one_scale_from_first_place(dataset_10x):
    """Two years' rankings are separate panels (different times), but 15th against 17th must not look as far apart
    as 2nd against 38th: every rank panel runs from first place (on the right) to the chart's lowest rank."""
    from dashboard.analysis import comparison, frames
    from dashboard.charts import plots

    dataset = load_dataset(dataset_10x).dataset
    figures = frames.figures_frame(dataset)
    charted = figures[comparison.chartable(figures)]
    code = next(c for c in charted[charted.kind == "rank"]["indicator"].unique()
                if sum(p.key.kind == "rank" and p.regions >= 2 for p in comparison.panels(charted[charted.indicator == c]))
                >= 2)
    rows = charted[charted.indicator == code]
    fig = plots.build_compare_figure(rows, dataset, "zh", title=code, subtitle="")
    rank_axes = [fig.layout[name] for name in fig.layout if name.startswith("xaxis") and fig.layout[name].range
                 and fig.layout[name].range[0] > fig.layout[name].range[1]]  # reversed: first place on the right
    assert len(rank_axes) >= 2
    assert len({tuple(axis.range) for axis in rank_axes}) == 1
    left, right = rank_axes[0].range
    drawn = [p for p in comparison.panels(rows) if p.key.kind == "rank" and p.regions >= 2]  # a lone rank is listed
    assert right < 1 and left >= max(p.rows["value"].max() for p in drawn) and 1.0 in rank_axes[0].tickvals


def test_the_region_picker_is_grouped_by_province(dataset_10x):
    from dashboard.analysis import frames

    dataset = load_dataset(dataset_10x).dataset
    ordered = frames.regions_by_province(dataset, "zh")
    provinces = [dataset.region(r).province.zh for r in ordered]
    assert provinces == sorted(provinces) and len(ordered) == len(dataset.regions)


def test_many_regions_in_view_sum_into_provinces_in_the_matrix(dataset_10x, monkeypatch):
    from dashboard.analysis import frames

    dataset = load_dataset(dataset_10x).dataset
    chosen = [r.id for r in dataset.regions][:30]
    monkeypatch.setenv("DASHBOARD_DATASET", str(dataset_10x))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.query_params["regions"] = ",".join(chosen)
    at.switch_page("dashboard/views/overview.py")
    at.run()
    assert not at.exception
    assert at.segmented_control(key="overview_rows").value == "province"
    provinces = {dataset.region(r).province.zh for r in chosen}
    cells = at.selectbox(key="w_cell").options
    assert len(cells) == len(provinces) * len(dataset.themes)
    # choose the fullest cell: its measures are listed with their regions, and the link covers the province
    counts = frames.group_theme_counts(
        frames.theme_counts(frames.measures_frame(dataset), chosen, [t.code for t in dataset.themes]),
        {r: dataset.region(r).province.zh for r in chosen})
    top = counts.sort_values("count", ascending=False).iloc[0]
    assert top["count"] == len(top["measure_ids"]) and set(top["members"]) <= set(chosen)
    at.selectbox(key="w_cell").set_value(f"{top['region_id']}.{top['theme']}").run()
    assert not at.exception
    listed = [m.value for m in at.markdown if m.value.startswith("- **")]
    assert 0 < len(listed) <= 20
    at.segmented_control(key="overview_rows").set_value("region").run()
    assert len(at.selectbox(key="w_cell").options) == 30 * len(dataset.themes)


def test_a_subtitle_names_the_first_regions_and_how_many(dataset_10x):
    from dashboard.analysis import frames

    dataset = load_dataset(dataset_10x).dataset
    ids = tuple(r.id for r in dataset.regions[:30])
    zh = frames.filters_subtitle(dataset, frames.Filters(regions=ids), "zh")
    assert zh.endswith("等 30 个地区") and zh.count("、") == frames.SUBTITLE_REGIONS - 1
    assert "30 regions in all" in frames.filters_subtitle(dataset, frames.Filters(regions=ids), "en")


def test_about_lists_many_sources_as_one_table_and_their_left_out_numbers_one_source_at_a_time(dataset_10x,
                                                                                              monkeypatch):
    from urllib.parse import parse_qs, urlsplit

    monkeypatch.setenv("DASHBOARD_DATASET", str(dataset_10x))
    dataset = load_dataset(dataset_10x).dataset
    assert dataset is not None and len(dataset.sources) > 3
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.switch_page("dashboard/views/about.py")
    at.run()
    assert not at.exception
    sources = next(df for df in at.dataframe if "publisher" in df.value.columns)
    assert list(sources.value["title"]) == [s.title.zh for s in dataset.sources]  # one row per source, in order
    assert [parse_qs(urlsplit(link).query)["src"] for link in sources.value["link"]] == [[s.id] for s in dataset.sources]
    assert not [m for m in at.markdown if m.value.startswith("引用")]  # no per-source citation blocks
    for source in (dataset.sources[0], dataset.sources[-1]):
        at.selectbox(key="about_left_out_source").set_value(source.id).run()
        left_out = next(df for df in at.dataframe if "source_link" in df.value.columns)
        assert list(left_out.value["as_printed"]) == [item.as_printed for item in source.left_out]
        assert [parse_qs(urlsplit(link).query)["quote"][0] for link in left_out.value["source_link"]] == [
            f"{source.id}.left_out.{n}" for n in range(1, len(source.left_out) + 1)]
