"""Who uses what: instruments (or target groups) × regions, and measures set side by side in aligned rows.

Pure functions over the measures frame (dashboard/frames.py); the Instruments and Side by side pages draw them.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard.frames import tag_counts
from dashboard.models import Dataset

TAG_SECTIONS = ("instruments", "target_groups")  # measure column = dataset section of its vocabulary


def usage_counts(measures: pd.DataFrame, dataset: Dataset, section: str, region_ids: Sequence[str],
                 codes: Sequence[str] | None = None) -> pd.DataFrame:
    """Wide table: one row per instrument (or target group) code, one column per region id, each cell the number
    of that region's measures tagged with it; `n_regions` counts the regions that use it at all."""
    codes = list(codes) if codes else [entry.id for entry in getattr(dataset, section)]
    counts = tag_counts(measures, section, region_ids, codes)
    table = counts.pivot(index="code", columns="region_id", values="count").reindex(index=codes,
                                                                                   columns=list(region_ids))
    table = table.fillna(0).astype("int64")
    table["n_regions"] = (table[list(region_ids)] > 0).sum(axis=1)
    table.index.name, table.columns.name = "code", None
    return table


def measures_using(measures: pd.DataFrame, section: str, code: str, region_ids: Sequence[str]) -> dict[str, pd.DataFrame]:
    """For each region (in the given order) that has measures tagged `code` in `section`, those measures."""
    tagged = measures[measures[section].map(lambda codes: code in codes) & measures["region_id"].isin(region_ids)]
    return {region_id: rows for region_id in region_ids if not (rows := tagged[tagged["region_id"] == region_id]).empty}


def side_by_side(measures: pd.DataFrame, region_ids: Sequence[str], rows_by: str,
                 row_order: Sequence[str]) -> list[tuple[str, dict[str, pd.DataFrame]]]:
    """Measures of `region_ids` in aligned rows: each row is one code of `rows_by` ('instruments' or 'themes'),
    and a measure sits in the row of its first code (its main instrument, its primary theme), so it is shown
    once. Rows follow `row_order` and only those with a measure in some region are kept; each row maps every
    region id to its measures there (possibly none)."""
    shown = measures[measures["region_id"].isin(region_ids)]
    first = shown[rows_by].map(lambda codes: codes[0])
    rows = []
    for code in row_order:
        in_row = shown[first == code]
        if not in_row.empty:
            rows.append((code, {region_id: in_row[in_row["region_id"] == region_id] for region_id in region_ids}))
    return rows
