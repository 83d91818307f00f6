"""Who uses what: instruments (or target groups) × regions, and measures set side by side in aligned rows.

Pure functions over the measures frame (dashboard/analysis/frames.py); the Instruments and Side by side pages draw them.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard.analysis.frames import records
from dashboard.data.models import Dataset

TAG_SECTIONS = ("instruments", "target_groups")  # measure column = dataset section of its vocabulary


def usage_counts(measures: pd.DataFrame, dataset: Dataset, section: str, region_ids: Sequence[str],
                 codes: Sequence[str] | None = None) -> pd.DataFrame:
    """Wide table: one row per instrument (or target group) code, one column per region id, each cell the number
    of that region's measures tagged with it; `n_regions` counts the regions that use it at all."""
    codes = list(codes) if codes else [entry.id for entry in getattr(dataset, section)]
    # only the two columns a count needs: exploding the whole frame would copy every measure's text
    pairs = measures[["region_id", section]].explode(section)
    pairs = pairs[pairs["region_id"].isin(region_ids) & pairs[section].isin(codes)]
    table = pd.crosstab(pairs[section], pairs["region_id"]).reindex(index=codes, columns=list(region_ids),
                                                                      fill_value=0).astype("int64")
    table["n_regions"] = (table[list(region_ids)] > 0).sum(axis=1)
    table.index.name, table.columns.name = "code", None
    return table


def measures_using(measures: pd.DataFrame, section: str, code: str, region_ids: Sequence[str]) -> dict[str, pd.DataFrame]:
    """For each region (in the given order) that has measures tagged `code` in `section`, those measures."""
    tagged = measures[measures[section].map(lambda codes: code in codes) & measures["region_id"].isin(region_ids)]
    return {region_id: rows for region_id in region_ids if not (rows := tagged[tagged["region_id"] == region_id]).empty}


def side_by_side_columns(using: dict[str, pd.DataFrame], limit: int) -> tuple[list[str], list[str]]:
    """Which of the regions in `using` (region → its measures, in page order) a side-by-side link can set in its at
    most `limit` columns: those with the most measures (ties: page order), kept in page order; and the ones left
    out, for the page to name (never dropped silently)."""
    ranked = sorted(using, key=lambda region_id: -len(using[region_id]))  # stable: ties keep page order
    kept = set(ranked[:limit])
    return [r for r in using if r in kept], [r for r in using if r not in kept]


def side_by_side(measures: pd.DataFrame, region_ids: Sequence[str], rows_by: str,
                 row_order: Sequence[str]) -> list[tuple[str, dict[str, list[dict]]]]:
    """Measures of `region_ids` in aligned rows: each row is one code of `rows_by` ('instruments' or 'themes')
    and holds every measure tagged with it, so an empty cell truly means "none". A measure's first code (its main
    instrument, its primary theme) is its home row: there `primary` is True and it comes first in its cell;
    elsewhere it is a cross-reference. Rows follow `row_order`, only those with a measure in some region are kept,
    and each maps every region id to its measures there (records of the measures frame, possibly none)."""
    cells: dict[tuple[str, str], list[dict]] = {}
    for measure in records(measures[measures["region_id"].isin(region_ids)]):
        for code in measure[rows_by]:  # one entry per (measure, code): home first, then by the measure's order
            cells.setdefault((code, measure["region_id"]), []).append(
                {**measure, "row": code, "primary": code == measure[rows_by][0]})
    for cell in cells.values():
        cell.sort(key=lambda m: (not m["primary"], m["order"]))
    return [(code, {region_id: cells.get((code, region_id), []) for region_id in region_ids})
            for code in row_order if any((code, region_id) in cells for region_id in region_ids)]
