"""Shared fixtures: the real dataset, its frames, and a clean Streamlit cache for every test."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import frames
from dashboard.loader import load_dataset_or_raise

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def dataset():
    return load_dataset_or_raise(ROOT / "data" / "measures.yaml")


@pytest.fixture(scope="session")
def measures(dataset):
    return frames.measures_frame(dataset)


@pytest.fixture(scope="session")
def figures(dataset):
    return frames.figures_frame(dataset)


@pytest.fixture(autouse=True)
def _clear_streamlit_cache():
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The real-browser tests first: on two workers (scripts/test.sh) the longest file then runs beside all the
    others instead of after them."""
    items.sort(key=lambda item: item.path.name != "test_browser.py")
