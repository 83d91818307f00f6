"""Every page renders on a generated 10× dataset (functional, not timed: benchmarks/bench.py measures speed)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from benchmarks import generate
from dashboard.loader import load_dataset
from dashboard.views import PAGES
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
    assert len({r.province_zh for r in result.dataset.regions}) > 5
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
