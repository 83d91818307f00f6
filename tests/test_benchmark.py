"""The benchmark's pure logic: peers, gap lists, lead/trail under the comparison rule, typed-in home figures."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from dashboard import export
from dashboard.analysis import benchmark as b
from dashboard.analysis import home_input
from dashboard.charts import benchmark as bench_charts

FIGURE = {"indicator": "rd_active_share", "value": "55", "unit": "percent", "qualifier": "exact", "kind": "rate",
          "scope": "region", "basis": "point", "period": "2023"}


def test_peers_share_comparable_figures_first_then_province_then_level(dataset, figures):
    # Quzhou's Jan–Oct share of firms doing R&D is a span, Ningxia's a 2023 level: no comparable figure in common
    quzhou = b.suggest_peers(dataset, figures, "quzhou")
    assert all(s.shared == 0 for s in quzhou)
    # Zhejiang, then prefecture cities (in dataset order: file-name order)
    assert [s.region_id for s in quzhou] == ["haishu", "bazhong", "mianyang"]
    assert [s.region_id for s in b.suggest_peers(dataset, figures, "mianyang")] == ["bazhong", "quzhou"]
    # a typed-in home with a 2023 level of that share has Ningxia's figure to compare with first
    home = home_input.home_figures([dict(FIGURE)], dataset, "Anytown")
    first = b.suggest_peers(dataset, b.with_home(figures, home), home_input.CUSTOM_HOME)[0]
    assert (first.region_id, first.shared) == ("ningxia", 1)


def test_gap_lists_name_the_peers_and_carry_their_quotes(dataset, measures):
    gaps, distinctive = b.gap_lists(measures, "bazhong", ["mianyang", "ningxia"],
                                    vocabulary=[t.code for t in dataset.themes])
    talent = next(g for g in gaps if g.code == "talent")
    assert talent.peers == ("mianyang", "ningxia")
    assert set(talent.measures["region_id"]) == {"mianyang", "ningxia"}
    assert talent.measures["themes"].map(lambda c: "talent" in c).all() and talent.measures["quote"].str.len().min() > 0
    assert [g.code for g in distinctive] == ["management"]  # neither peer has a management measure
    assert set(distinctive[0].measures["region_id"]) == {"bazhong"}
    assert not {g.code for g in gaps} & b.codes_used(measures, "bazhong")


def test_instrument_gaps_come_from_the_same_rule(dataset, measures):
    gaps, _ = b.gap_lists(measures, "bazhong", ["quzhou"], "instruments")
    assert gaps and all(g.peers == ("quzhou",) for g in gaps)
    assert not {g.code for g in gaps} & b.codes_used(measures, "bazhong", "instruments")


@pytest.mark.parametrize(("home", "peer", "kind", "expected"), [
    ((77.8, "exact"), (41.2, "exact"), "rate", "leads"),
    ((41.2, "exact"), (77.8, "exact"), "rate", "trails"),
    ((2, "exact"), (11, "exact"), "rank", "leads"),  # 第2位 is ahead of 第11位
    ((100, "at_least"), (134, "exact"), "new", "unclear"),  # 超过100 may be more than 134
    ((400, "approx"), (420, "exact"), "stock", "unclear"),  # 近400 is within 10% of 420
    ((400, "approx"), (500, "exact"), "stock", "trails"),
    ((80, "up_to"), (90, "exact"), "rate", "trails"),
    ((5, "exact"), (5, "exact"), "new", "level"),
    ((9e9, "expected"), (1e9, "exact"), "new", "unclear"),  # a forecast never leads
])
def test_verdict_honours_qualifiers(home, peer, kind, expected):
    assert b.verdict(home[0], home[1], peer[0], peer[1], kind) == expected


def test_standings_pair_only_what_the_comparison_rule_allows(dataset, figures):
    pairs = b.standings(figures, "quzhou", ["ningxia", "mianyang"])
    # rd_active_share: Quzhou's Jan–Oct 2023 share against Ningxia's 2023 level, never the 'before' (68%); the same
    # thing measured over different times: shown with both periods, no lead or trail, not drawn on one axis
    assert len(pairs) == 1
    row = figures.loc[pairs["home_index"].iloc[0]]
    assert row["step"] == "after" and pairs["verdict"].iloc[0] == "time_differs"
    assert not pairs["comparable"].iloc[0] and b.chart_indicators(pairs) == []
    # Mianyang's 2023 incubators are a stock, Ningxia's new ones a flow: never paired
    assert b.standings(figures, "mianyang", ["ningxia"]).empty
    table = b.standings_table(pairs, figures, dataset, "en")
    assert table.loc[0, "home_scope"] == "whole region" and table.loc[0, "home_time"] == "Jan–Oct 2023"
    assert table.loc[0, "peer_time"] == "as of 2023"
    assert table.loc[0, "verdict_label"] == "Periods differ: no lead or trail is judged"
    zh = b.standings_table(pairs, figures, dataset, "zh")
    assert zh.loc[0, "verdict_label"] == "时间口径不同，不作领先/落后判断"


@pytest.mark.parametrize(("home", "peer", "same"), [
    (("point", "2023"), ("point", "2023"), True),
    (("point", "2023-end"), ("point", "2023-12"), True),  # the end of 2023 is December 2023
    (("point", "2023"), ("point", "2023-10"), False),  # one reference year, not one point: the old rule's pair
    (("point", "2023-start"), ("point", "2023-01"), True),
    (("span", "2023"), ("span", "2023-01..2023-12"), True),  # a year's flow is its twelve months
    (("span", "2023-01..2023-10"), ("span", "2023"), False),  # ten months beside a year
    (("span", "2022"), ("span", "2023"), False),
    (("span", "2021..2023"), ("span", "2021-01..2023-12"), True),
    (("span", "2023-01..2023-10"), ("point", "2023"), False),  # a Jan–Oct tally beside a 2023 level
    (("cumulative", "..2023"), ("cumulative", "..2023"), False),  # running totals with no known start
    (("cumulative", "2019..2023"), ("cumulative", "2019..2023"), True),
])
def test_a_verdict_needs_the_same_point_or_the_very_same_span(home, peer, same):
    assert b.same_time(*home, *peer) is same


def test_pairs_over_different_times_get_no_verdict(dataset, figures):
    """A typed-in home measuring the same thing as a peer: a verdict at the very same point, none at another."""
    for period, verdict, comparable in (("2023", "leads", True), ("2023-10", "time_differs", True),
                                        ("2022", "time_differs", False)):
        home = home_input.home_figures([{**FIGURE, "period": period}], dataset, "Anytown")
        pairs = b.standings(b.with_home(figures, home), home_input.CUSTOM_HOME, ["ningxia"])
        assert list(pairs["verdict"]) == [verdict], period  # 55% against Ningxia's 41.2% (2023)
        assert bool(pairs["comparable"].iloc[0]) is comparable, period
        assert b.chart_indicators(pairs) == (["rd_active_share"] if comparable else [])


def test_typed_home_figures_are_checked_like_the_dataset(dataset):
    rows = [dict(FIGURE), {}, {**FIGURE, "value": "abc", "unit": "people", "period": ""},
            {**FIGURE, "indicator": "nope", "basis": "cumulative", "period": "2023"},
            {**FIGURE, "scope": "programme", "as_printed": "约60%", "value": "60"}]
    home = home_input.home_figures(rows, dataset, "Anytown")
    assert not home.ok and home.figures.empty
    found = {(p.row, p.column) for p in home.problems}
    assert (3, "value") in found and (3, "unit") in found and (3, "period") in found
    assert (4, "indicator") in found and (4, "basis") in found and (4, "period") in found
    assert (5, "scope") in found and (5, "qualifier") in found  # 约60% reads 'approx', not 'exact'
    assert any("scope_text" in p.message for p in home.problems if p.row == 5)
    assert 2 not in {p.row for p in home.problems}  # a blank row is skipped
    text = home_input.problem_text(next(p for p in home.problems if (p.row, p.column) == (3, "value")), "zh")
    assert text.startswith("第 3 行 · value：") and "不是数字" in text


def test_a_typed_home_is_compared_with_the_peers(dataset, measures, figures):
    home = home_input.home_figures([{**FIGURE, "qualifier": "approx", "period": "2023"},
                           {**FIGURE, "indicator": "incubators", "value": "4", "unit": "count", "kind": "new",
                            "basis": "span"}], dataset, "Anytown")
    assert home.ok and len(home.figures) == 2 and set(home.figures["region_id"]) == {home_input.CUSTOM_HOME}
    # only Ningxia has a figure comparable with home's (Quzhou's share is a Jan–Oct span); no province or level given
    assert [s.region_id for s in b.suggest_peers(dataset, b.with_home(figures, home), home_input.CUSTOM_HOME)] == ["ningxia"]
    # the dataset's groups worked out once and the typed-in home's added give the very same suggestions
    groups = {**b.groups_by_region(figures), **b.groups_by_region(home.figures)}
    assert b.suggest_peers(dataset, figures, home_input.CUSTOM_HOME, groups=groups) == \
        b.suggest_peers(dataset, b.with_home(figures, home), home_input.CUSTOM_HOME)
    assert groups[home_input.CUSTOM_HOME] and set(groups) - {home_input.CUSTOM_HOME} == set(b.groups_by_region(figures))
    bench = b.compare_home(dataset, measures, figures, home_input.CUSTOM_HOME, ["ningxia", "quzhou"], custom=home,
                           custom_codes={"themes": ["talent"]})
    verdicts = dict(zip(bench.pairs["peer_region_id"] + ":" + bench.pairs["indicator"], bench.pairs["verdict"],
                        strict=False))
    # 约55% in 2023 against Ningxia's 41.2% (2023) leads; against Quzhou's Jan–Oct 77.8% the periods differ
    assert verdicts["ningxia:rd_active_share"] == "leads" and verdicts["quzhou:rd_active_share"] == "time_differs"
    assert "talent" not in {g.code for g in bench.gaps["themes"][0]}
    assert "platform" in {g.code for g in bench.gaps["themes"][0]}
    assert bench.home_name("zh") == "Anytown"


def test_uploaded_csv_template_passes_and_bad_files_say_why(dataset):
    assert home_input.read_home_csv(home_input.template_csv(dataset), dataset, "T").ok
    assert home_input.read_home_csv(b"x" * (home_input.MAX_UPLOAD_BYTES + 1), dataset, "T").problems[0].message.startswith("file_too")
    assert home_input.read_home_csv("指标,值".encode("gbk"), dataset, "T").problems[0].message == "not_utf8"
    missing = home_input.read_home_csv(b"indicator,value,colour\n", dataset, "T").problems
    assert {(p.column, p.message) for p in missing} >= {("unit", "missing_column"), ("colour", "unknown_column")}
    csv = (b"indicator,value,unit,kind,scope,basis,period\nrd_active_share,50,percent,rate,region,point,2023\n"
           b"rd_active_share,=1+1,percent,rate,region,point,2023,extra\n")
    assert [(p.row, p.message) for p in home_input.read_home_csv(csv, dataset, "T").problems] == [(3, "extra_cells")]


def test_export_table_keeps_scope_period_and_quotes(dataset, measures, figures):
    bench = b.compare_home(dataset, measures, figures, "quzhou", ["ningxia", "bazhong"])
    names = {r.id: r.short.zh for r in dataset.regions}
    table = pd.read_csv(io.BytesIO(export.benchmark_csv_bytes(dataset, bench, names, "zh")),
                        encoding="utf-8-sig", keep_default_na=False)
    assert set(table["section"]) >= {"gap", "figures"}
    compared = table[table["section"] == "figures"].iloc[0]
    assert compared["home_scope"] == "全域" and compared["home_period"] == "2023年1—10月"
    assert compared["peer_period"] == "截至2023年" and compared["verdict"] == "time_differs"
    gaps = table[table["section"] == "gap"]
    assert (gaps["quote"].str.len() > 0).all() and set(gaps["region_id"]) <= {"ningxia", "bazhong"}


def test_a_peer_reporting_an_indicator_several_times_is_told_apart(dataset, measures, figures):
    home = home_input.home_figures([{**FIGURE, "indicator": "incubators", "value": "4", "unit": "count", "kind": "new",
                            "basis": "span"}], dataset, "Anytown")
    bench = b.compare_home(dataset, measures, figures, home_input.CUSTOM_HOME, ["ningxia"], custom=home)
    table = b.standings_table(bench.pairs, bench.figures, dataset, "zh")
    assert len(table) == 3 and table["peer"].nunique() == 3 and table["peer"].str.startswith("宁夏 · ").all()
    assert sorted(table["verdict"]) == ["leads", "leads", "trails"]  # 4 new against Ningxia's 3, 5 and 2


def test_benchmark_briefing_section_holds_its_charts_gaps_and_figures(dataset, measures, figures):
    from pptx import Presentation

    bench = b.compare_home(dataset, measures, figures, "quzhou", ["ningxia", "bazhong"])
    deck = Presentation(io.BytesIO(export.to_benchmark_pptx_bytes(dataset, measures, bench, "zh", "2026-11-28")))
    texts = ["\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
             for slide in deck.slides]
    assert texts[0].startswith("对标：衢州")
    pictures = [s for slide in deck.slides for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) == len(bench_charts.benchmark_charts(dataset, measures, bench, "zh"))  # home's colours kept
    cells = [cell.text for slide in deck.slides for s in slide.shapes if s.has_table
             for row in s.table.rows for cell in row.cells]
    assert any("宁夏" in c for c in cells) and any("领先" in c for c in cells)
    assert any("差距" in text for text in texts)
