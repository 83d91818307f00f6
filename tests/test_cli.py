"""The command line never writes over what it did not make unless told, and never over the curated data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboard import __main__ as cli
from dashboard.data.loader import DEFAULT_DATASET

DATA = DEFAULT_DATASET.parent


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the real dataset; its entry file."""
    shutil.copy(DEFAULT_DATASET, tmp_path / DEFAULT_DATASET.name)
    shutil.copytree(DATA / "regions", tmp_path / "regions")
    shutil.copytree(DATA / "sources", tmp_path / "sources")
    return tmp_path / DEFAULT_DATASET.name


def _export(data: Path, output: Path, *more: str) -> int:
    return cli.main(["export", "--dataset", str(data), "--format", "csv", "--region", "mianyang", "-o", str(output),
                     *more])


def test_an_export_onto_an_existing_file_needs_force(data: Path, tmp_path: Path, capsys):
    out = tmp_path / "notes.csv"
    out.write_text("mine", encoding="utf-8")
    assert _export(data, out) == 2
    assert out.read_text(encoding="utf-8") == "mine"
    assert "--force" in capsys.readouterr().err
    assert _export(data, out, "--force") == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # the CSV


def test_an_export_to_a_new_file_needs_no_force(data: Path, tmp_path: Path):
    assert _export(data, tmp_path / "new.csv") == 0
    assert (tmp_path / "new.csv").stat().st_size > 0


@pytest.mark.parametrize("victim", ["measures.yaml", "regions/mianyang.yaml", "regions/new.csv",
                                    "sources/kjqbck_regional_digest.yaml", "sources/notes.txt"])
def test_the_dataset_a_region_file_or_a_source_is_never_written_even_with_force(data: Path, victim: str, capsys):
    target = data.parent / victim
    before = target.read_bytes() if target.exists() else None
    assert _export(data, target, "--force") == 2
    assert (target.read_bytes() if target.exists() else None) == before
    assert "dataset" in capsys.readouterr().err


def test_a_link_to_the_dataset_is_refused_too(data: Path, tmp_path: Path):
    link = tmp_path / "innocent.csv"
    link.symlink_to(data)
    before = data.read_bytes()
    assert _export(data, link, "--force") == 2
    assert data.read_bytes() == before


def test_the_default_dataset_is_never_written_whatever_dataset_is_read(data: Path):
    before = DEFAULT_DATASET.read_bytes()
    assert _export(data, DEFAULT_DATASET, "--force") == 2
    assert DEFAULT_DATASET.read_bytes() == before


def test_the_default_file_name_is_not_written_over_either(data: Path, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = ["export", "--dataset", str(data), "--format", "csv", "--date", "2026-12-01"]
    assert cli.main(args) == 0
    (written,) = tmp_path.glob("*.csv")
    written.write_text("edited", encoding="utf-8")
    assert cli.main(args) == 2
    assert written.read_text(encoding="utf-8") == "edited"
    assert cli.main([*args, "--force"]) == 0
