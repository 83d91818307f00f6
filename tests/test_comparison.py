"""The comparison rule (dashboard/analysis/comparison.py): one test per way two figures can differ, and the panels
that the Compare page and the briefing pack draw from it."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.analysis import comparison


def row(**overrides) -> dict:
    """A figure row as frames.figures_frame makes it: a whole-region stock at a point in 2023."""
    base = {
        "region_id": "a", "measure_id": "a-1", "figure_id": "a-1#1", "indicator": "platforms", "value": 10.0,
        "unit": "count", "qualifier": "exact", "kind": "stock", "scope": "region", "population": "", "scope_zh": "",
        "scope_en": "", "basis": "point", "period": "2023", "step": "", "alt_value": None, "label_en": "", "order": 0,
    }
    return {**base, **overrides}


def key(**overrides) -> comparison.ComparisonKey:
    return comparison.comparison_key(row(**overrides))


def test_identical_figures_of_two_regions_are_comparable():
    assert comparison.comparable(key(region_id="a"), key(region_id="b", value=99))
    assert comparison.differences(key(), key(region_id="b")) == []


def test_qualifiers_other_than_forecast_do_not_split():
    # ≈ and ≥ stay on the bars' labels; they do not change what is measured
    assert comparison.comparable(key(qualifier="approx"), key(qualifier="at_least"))


@pytest.mark.parametrize(("field", "a", "b", "reason"), [
    ("unit", "count", "people", "unit"),
    ("kind", "stock", "rate", "kind"),
    ("basis", "point", "cumulative", "basis"),
    ("qualifier", "exact", "expected", "forecast"),
    ("qualifier", "at_least", "expected_at_least", "forecast"),
])
def test_each_difference_is_named(field, a, b, reason):
    one = key(**{field: a}) if field != "basis" else key(basis=a, period="2023")
    other = key(**{field: b}) if field != "basis" else key(basis=b, period="..2023")
    assert reason in comparison.differences(one, other)
    assert not comparison.comparable(one, other)


def test_a_programme_is_not_the_whole_region():
    pilot = key(scope="programme", population="a_pilots", scope_en="2 pilot institutions", scope_zh="2家试点单位")
    assert comparison.differences(key(), pilot) == ["scope"]


def test_two_regions_programmes_are_different_populations():
    one = key(scope="programme", population="a_pilots", scope_en="2 pilot institutions")
    other = key(region_id="b", scope="programme", population="b_pilots", scope_en="2 pilot institutions")
    assert comparison.differences(one, other) == ["scope"]  # the same words, two populations
    same = key(region_id="b", scope="programme", population="a_pilots", scope_en="the 2 pilots (edited wording)")
    assert comparison.comparable(one, same)  # a translation edited: still the very same population


def test_points_compare_within_their_reference_year_only():
    assert comparison.comparable(key(period="2023"), key(period="2023-10"))
    # the level at the start of 2023 is the one carried over from 2022
    start = key(period="2023-start")
    assert comparison.differences(key(period="2023"), start) == ["timing"]
    assert comparison.comparable(start, key(period="2022-end"))


def test_flows_compare_only_over_the_same_span():
    year = key(kind="new", basis="span", period="2023")
    assert comparison.comparable(year, key(region_id="b", kind="new", basis="span", period="2023-01..2023-12"))
    ten_months = key(kind="new", basis="span", period="2023-01..2023-10")
    assert comparison.differences(year, ten_months) == ["timing"]
    # a year earlier is another time, even at the same length; so is a change over other years
    assert comparison.differences(year, key(region_id="b", kind="new", basis="span", period="2022")) == ["timing"]
    change = key(kind="change", basis="span", period="2022..2023")
    assert comparison.differences(change, key(region_id="b", kind="change", basis="span", period="2023..2024")) \
        == ["timing"]


def test_running_totals_compare_only_over_the_same_period():
    since_start = key(basis="cumulative", period="..2023")
    assert comparison.comparable(since_start, key(region_id="b", basis="cumulative", period="..2023"))
    assert comparison.differences(since_start, key(basis="cumulative", period="2019..2023")) == ["timing"]


def test_an_ambiguous_figure_never_shares_an_axis():
    ambiguous = key(alt_value=3.0, figure_id="a-1#2")
    assert "ambiguous" in comparison.differences(ambiguous, key(region_id="b"))
    assert "ambiguous" in comparison.differences(key(region_id="b"), ambiguous)


def test_span_months_and_reference_year():
    assert comparison.span_months("2023") == 12
    assert comparison.span_months("2023-01..2023-10") == 10
    assert comparison.span_months("2021..2023") == 36
    assert comparison.span_months("2022-11..2023-02") == 4
    assert [comparison.span_end(p) for p in ("2023", "2023-01..2023-10", "2021..2023")] == \
        ["2023-12", "2023-10", "2023-12"]
    assert comparison.reference_year("2023-start") == 2022
    assert comparison.reference_year("2023-end") == 2023


def test_panels_split_an_indicator_and_put_the_widest_comparison_first():
    rows = pd.DataFrame([
        row(region_id="a", value=400, basis="point", period="2023"),
        row(region_id="b", value=100, basis="point", period="2023"),
        row(region_id="c", value=5, kind="new", basis="span", period="2023", figure_id="c-1#1"),
        row(region_id="d", value=9, scope="wider_area", population="d_counties", scope_en="26 counties",
            figure_id="d-1#1"),
    ])
    panels = comparison.panels(rows)
    assert [sorted(p.rows["region_id"]) for p in panels] == [["a", "b"], ["c"]]  # the wider area is never drawn
    assert comparison.comparison_groups(rows).nunique() == 3


def test_a_before_reading_joins_the_panel_of_its_after():
    rows = pd.DataFrame([
        row(region_id="q", unit="percent", kind="rate", value=68, period="2023-start", step="before"),
        row(region_id="q", unit="percent", kind="rate", value=77.8, period="2023-10", step="after",
            figure_id="a-1#2"),
        row(region_id="n", unit="percent", kind="rate", value=41.2, period="2023", figure_id="n-1#1"),
    ])
    panels = comparison.panels(rows)
    assert len(panels) == 1 and len(panels[0].rows) == 3


def test_comparable_indicators_need_two_regions_in_one_panel():
    rows = pd.DataFrame([
        row(indicator="x", region_id="a"), row(indicator="x", region_id="b", figure_id="b#1"),
        row(indicator="y", region_id="a", order=1), row(indicator="y", region_id="b", kind="new", basis="span",
                                                        figure_id="b#2", order=2),
    ])
    assert comparison.comparable_indicators(rows) == ["x"]
    assert comparison.shared_indicators(rows) == ["x", "y"]
