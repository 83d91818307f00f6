"""The one comparison rule: when two figures may share an axis. Pure functions, no streamlit.

Two figures share an axis only when they measure the same thing the same way:
- the same indicator, unit and kind (a stock is not a flow, a rank is not a share);
- the same scope: both cover their whole region, or both name the very same population by its id (two regions'
  pilot programmes are different populations; the words describing a population never decide it, so editing a
  translation changes nothing); context about a wider area is never charted;
- the same time basis: levels at points in the same year, flows and changes over the same span (a 2022 flow
  is not set beside a 2023 one, nor ten months beside a year), or running totals over the same period;
- both reported, not forecast (预计), and neither ambiguous (a wording with two readings has no bar length).

Everything else is shown apart, with the reason. The Compare page, the briefing pack and the exports'
`comparison_group` column all use `comparison_key`, so they always agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from dashboard.data.vocab import CHARTED_SCOPES, FORECAST_QUALIFIERS

# why two figures of one indicator may not share an axis, in the order a reader should hear it
REASONS = ("unit", "kind", "scope", "basis", "timing", "forecast", "ambiguous")


@dataclass(frozen=True)
class ComparisonKey:
    indicator: str
    unit: str
    kind: str
    scope: str  # "region", or the scope and population id of a narrower one ("programme:ningxia_2_pilot_institutions")
    basis: str
    timing: str  # point: the reference year; span: its length in months and its last month; cumulative: the period
    forecast: bool
    ambiguous: str  # "" unless the figure has two readings; then unique to the figure, so it never pairs

    @property
    def code(self) -> str:
        """A stable, readable group id for exports: 'tech_contract_value|yuan|stock|region|span|12m|reported'."""
        parts = [self.indicator, self.unit, self.kind, _slug(self.scope), self.basis, self.timing,
                 "forecast" if self.forecast else "reported"]
        if self.ambiguous:
            parts.append("ambiguous-" + self.ambiguous)
        return "|".join(parts)


def _slug(text: str) -> str:
    return re.sub(r"\s+", "-", text.strip().lower())


def span_months(period: str) -> int:
    """Length of a span period: '2023' → 12, '2023-01..2023-10' → 10, '2021..2023' → 36."""
    if ".." in period:
        start, end = period.split("..")
        if "-" in start:
            (y1, m1), (y2, m2) = (map(int, start.split("-")), map(int, end.split("-")))
            return (y2 - y1) * 12 + (m2 - m1) + 1
        return (int(end) - int(start) + 1) * 12
    return 12


def span_end(period: str) -> str:
    """The last month of a span period: '2023' → '2023-12', '2023-01..2023-10' → '2023-10', '2021..2023' → '2023-12'."""
    end = period.split("..")[-1]
    return end if "-" in end else f"{end}-12"


def reference_year(period: str) -> int:
    """The year a level at a point describes: '2023-start' is the level carried over from 2022."""
    year = int(period[:4])
    return year - 1 if period.endswith("-start") else year


def timing(basis: str, period: str) -> str:
    if basis == "point":
        return f"as-of-{reference_year(period)}"
    if basis == "span":
        return f"{span_months(period)}m-to-{span_end(period)}"
    return f"over-{period}"


def comparison_key(row: pd.Series | dict) -> ComparisonKey:
    """The key of one figure row (a row of frames.figures_frame)."""
    return _key(row["indicator"], row["unit"], row["kind"], row["scope"], row["population"], row["basis"],
                row["period"], row["qualifier"], row.get("alt_value"), row.get("figure_id", ""))


def _key(indicator: str, unit: str, kind: str, scope: str, population: str, basis: str, period: str,
         qualifier: str, alt_value: float | None, figure_id: str) -> ComparisonKey:
    ambiguous = alt_value is not None and not pd.isna(alt_value)
    return ComparisonKey(
        indicator=indicator, unit=unit, kind=kind, scope="region" if scope == "region" else f"{scope}:{population}",
        basis=basis, timing=timing(basis, period), forecast=qualifier in FORECAST_QUALIFIERS,
        ambiguous=str(figure_id) if ambiguous else "",
    )


def comparison_keys(figures: pd.DataFrame) -> list[ComparisonKey]:
    """The key of every figure row, in order (column-wise: thousands of rows in milliseconds)."""
    columns = ["indicator", "unit", "kind", "scope", "population", "basis", "period", "qualifier", "alt_value",
               "figure_id"]
    return [_key(*values) for values in zip(*(figures[c].tolist() for c in columns), strict=True)]


def differences(a: ComparisonKey, b: ComparisonKey) -> list[str]:
    """Why two figures of one indicator may not share an axis ([] when they may)."""
    out = [name for name in REASONS[:-1] if getattr(a, name) != getattr(b, name)]
    if a.ambiguous or b.ambiguous:
        out.append("ambiguous")
    return out


def comparable(a: ComparisonKey, b: ComparisonKey) -> bool:
    return a.indicator == b.indicator and not differences(a, b)


def chartable(figures: pd.DataFrame) -> pd.Series:
    """Figures that may be drawn at all: not context about a wider area."""
    return figures["scope"].isin(CHARTED_SCOPES)


def comparison_groups(figures: pd.DataFrame) -> pd.Series:
    """The comparison group id of every figure row (ComparisonKey.code)."""
    return pd.Series([key.code for key in comparison_keys(figures)], index=figures.index, dtype="object")


@dataclass(frozen=True)
class Panel:
    """Figures of one indicator that may share an axis. `regions` counts the distinct regions in it."""

    key: ComparisonKey
    rows: pd.DataFrame

    @property
    def regions(self) -> int:
        return int(self.rows["region_id"].nunique())


def panels(rows: pd.DataFrame) -> list[Panel]:
    """Split one indicator's figures into panels of comparable figures; widest comparisons first.

    A before → after pair is one row of its panel, keyed by its 'after' reading."""
    rows = rows[chartable(rows)]
    if rows.empty:
        return []
    keys = _panel_keys(rows)
    order: dict[ComparisonKey, list[int]] = {}
    for index in rows.index:
        order.setdefault(keys[index], []).append(index)
    result = [Panel(key, rows.loc[indexes]) for key, indexes in order.items()]
    return sorted(result, key=lambda p: -p.regions)


def _panel_keys(rows: pd.DataFrame) -> dict:
    """index → the key of the panel a figure is drawn in: its own, or for a 'before' that of its 'after'
    (same measure and indicator: the validator allows one pair each)."""
    keys = dict(zip(rows.index, comparison_keys(rows), strict=True))
    steps = rows[rows["step"] != ""]
    afters = {(r.measure_id, r.indicator): keys[i] for i, r in steps.iterrows() if r.step == "after"}
    for index, row in steps.iterrows():
        if row["step"] == "before":
            keys[index] = afters.get((row["measure_id"], row["indicator"]), keys[index])
    return keys


def comparable_indicators(figures: pd.DataFrame, min_regions: int = 2) -> list[str]:
    """Indicators on which at least `min_regions` regions have figures that may share an axis, widest first."""
    rows = figures[chartable(figures)]
    if rows.empty:
        return []
    groups = pd.Series([key.code for key in _panel_keys(rows).values()], index=rows.index)
    spread = rows.assign(_group=groups).groupby(["indicator", "_group"])["region_id"].nunique()
    best = spread.groupby(level=0).max()
    best = best[best >= min_regions]
    first_seen = rows.groupby("indicator")["order"].min()
    return sorted(best.index, key=lambda code: (-best[code], first_seen[code]))


def shared_indicators(figures: pd.DataFrame, min_regions: int = 2) -> list[str]:
    """Indicators reported by at least `min_regions` regions, comparable or not, widest first."""
    charted = figures[chartable(figures)]
    spread = charted.groupby("indicator")["region_id"].nunique()
    spread = spread[spread >= min_regions]
    first_seen = charted.groupby("indicator")["order"].min()
    return sorted(spread.index, key=lambda code: (-spread[code], first_seen[code]))
