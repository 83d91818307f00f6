"""The curated data/measures.yaml: valid, and pinned so that an accidental edit shows up as a failing test.

If you add or remove figures or measures on purpose, update the counts pinned here in the same change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.frames import figures_frame, measures_frame
from dashboard.loader import DEFAULT_DATASET, LoadResult, load_dataset
from dashboard.models import Dataset

ROOT = Path(__file__).resolve().parent.parent
SOURCE_NAME = "000_5dd16f904f44c7fc.txt"
SEED = ROOT.parent / "shared" / "seeds" / SOURCE_NAME

REGION_IDS = ["hubaoewu", "mianyang", "ningxia", "haishu", "bazhong", "quzhou"]
FIGURES_PER_REGION = {"hubaoewu": 2, "mianyang": 21, "ningxia": 21, "haishu": 28, "bazhong": 0, "quzhou": 21}
MEASURES_PER_REGION = {"hubaoewu": 11, "mianyang": 17, "ningxia": 16, "haishu": 13, "bazhong": 4, "quzhou": 6}
CORE_THEMES = {"talent", "platform", "funding", "reform"}


@pytest.fixture(scope="module")
def result() -> LoadResult:
    return load_dataset(DEFAULT_DATASET)


@pytest.fixture(scope="module")
def real(result: LoadResult) -> Dataset:
    if result.dataset is None:
        pytest.fail("data/measures.yaml is invalid:\n" + "\n".join(map(str, result.problems)))
    return result.dataset


def test_real_dataset_is_valid(result: LoadResult):
    assert [str(p) for p in result.problems] == []
    assert result.ok


def test_regions_are_the_six_expected_ones(real: Dataset):
    assert [r.id for r in real.regions] == REGION_IDS


def test_figures_per_region_are_pinned(real: Dataset):
    counts = figures_frame(real).groupby("region_id").size().to_dict()
    assert {r: counts.get(r, 0) for r in REGION_IDS} == FIGURES_PER_REGION
    assert real.figure_count == sum(FIGURES_PER_REGION.values())


def test_measures_per_region_are_pinned(real: Dataset):
    counts = measures_frame(real).groupby("region_id").size().to_dict()
    assert {r: counts.get(r, 0) for r in REGION_IDS} == MEASURES_PER_REGION
    assert real.measure_count == sum(MEASURES_PER_REGION.values())


def test_every_region_has_two_or_three_key_figures(real: Dataset):
    """The overview card shows a region's key figures: 2-3 of them, or all it has if it has fewer than 2."""
    frame = figures_frame(real)
    wrong = {}
    for region in REGION_IDS:
        rows = frame[frame.region_id == region]
        n_key, n_all = int(rows.key.sum()), len(rows)
        if not min(2, n_all) <= n_key <= 3:
            wrong[region] = f"{n_key} key of {n_all} figures"
    assert not wrong, wrong


def test_every_theme_is_used(real: Dataset):
    used = {code for measure_themes in measures_frame(real).themes for code in measure_themes}
    unused = [t.code for t in real.themes if t.code not in used]
    assert not unused, f"themes used by no measure: {unused}"


def test_the_four_core_themes_are_core(real: Dataset):
    assert {t.code for t in real.themes if t.core} == CORE_THEMES


def test_every_indicator_is_used(real: Dataset):
    used = set(figures_frame(real).indicator)
    unused = [i.code for i in real.indicators if i.code not in used]
    assert not unused, f"indicators used by no figure: {unused}"


def test_source_text_is_the_seed_byte_for_byte(real: Dataset):
    if not SEED.is_file():
        pytest.skip(f"no seed at {SEED}")
    [source] = real.sources
    shipped = (DEFAULT_DATASET.parent / source.file).resolve()
    assert shipped == ROOT / "data" / "sources" / SOURCE_NAME
    assert shipped.read_bytes() == SEED.read_bytes()
