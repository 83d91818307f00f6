"""The compiled cache: a start on an unchanged file skips parsing; any change to the data, its sources or
the reading code compiles afresh; a broken dataset or a broken cache entry is never served."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboard import compiled, loader

from .conftest import FIXTURES, ROOT

SOURCE = ROOT / "data" / "sources" / "000_5dd16f904f44c7fc.txt"


@pytest.fixture
def dataset_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("DASHBOARD_CACHE_DIR", raising=False)
    (tmp_path / "sources").mkdir()
    shutil.copy(SOURCE, tmp_path / "sources" / SOURCE.name)
    path = tmp_path / "measures.yaml"
    shutil.copy(FIXTURES / "minimal.yaml", path)
    return path


def _forbid_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args, **kwargs):
        raise AssertionError("compiled again although nothing changed")

    monkeypatch.setattr(loader, "load_dataset", fail)


def test_an_unchanged_file_is_served_from_the_cache(dataset_file, monkeypatch):
    first = compiled.load_compiled(dataset_file)
    assert first.result.ok and len(first.figures) == 2
    assert list((dataset_file.parent / ".cache").glob("dataset-*.pickle"))
    _forbid_compiling(monkeypatch)
    again = compiled.load_compiled(dataset_file)
    assert again.result.dataset == first.result.dataset
    assert again.figures.equals(first.figures)


def test_an_edit_to_the_data_or_its_sources_compiles_afresh(dataset_file):
    key = compiled.cache_key(dataset_file)
    dataset_file.write_text(dataset_file.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert compiled.cache_key(dataset_file) != key
    edited = compiled.cache_key(dataset_file)
    (dataset_file.parent / "sources" / "extra.txt").write_text("新的来源", encoding="utf-8")
    assert compiled.cache_key(dataset_file) != edited


def test_a_broken_dataset_is_reported_and_never_cached(dataset_file):
    dataset_file.write_text(dataset_file.read_text(encoding="utf-8").replace('"talent"', '"talnet"', 1),
                            encoding="utf-8")
    result = compiled.load_compiled(dataset_file)
    assert not result.result.ok and result.figures is None
    assert not list((dataset_file.parent / ".cache").glob("dataset-*.pickle"))


def test_a_damaged_cache_entry_is_compiled_again(dataset_file):
    compiled.load_compiled(dataset_file)
    entry = next((dataset_file.parent / ".cache").glob("dataset-*.pickle"))
    entry.write_bytes(b"not a pickle")
    assert compiled.load_compiled(dataset_file).result.ok
    assert entry.read_bytes() != b"not a pickle"


def test_an_unwritable_cache_folder_is_ignored(dataset_file, monkeypatch):
    blocker = dataset_file.parent / "blocked"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(blocker / "cache"))
    assert compiled.load_compiled(dataset_file).result.ok


def test_validate_answers_an_unchanged_file_from_the_cache(dataset_file, monkeypatch, capsys):
    from dashboard.validate import main

    compiled.load_compiled(dataset_file)
    _forbid_compiling(monkeypatch)
    assert main([str(dataset_file)]) == 0
    assert capsys.readouterr().out.startswith(f"OK {dataset_file}: 1 regions")
    with pytest.raises(AssertionError, match="compiled again"):
        main([str(dataset_file), "--no-cache"])


def test_the_validator_answers_an_unchanged_file_without_loading_pandas(dataset_file):
    """The frames are pickled apart from the checked dataset: a cache hit in `validate` never unpickles them."""
    import subprocess
    import sys

    compiled.load_compiled(dataset_file)  # what the app's first start does
    code = ("import sys; from dashboard import validate; status = validate.main([sys.argv[1]]); "
            "print('pandas' in sys.modules); sys.exit(status)")
    done = subprocess.run([sys.executable, "-c", code, str(dataset_file)], capture_output=True, text=True,
                          cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"OK {dataset_file}: " + loader.summary_line(
        compiled.cached(dataset_file).result.dataset), "False"]


def test_the_frames_are_unpickled_once_and_stored_once(dataset_file):
    built = compiled.load_compiled(dataset_file)
    hit = compiled.cached(dataset_file)
    assert "_frames" not in hit.__dict__  # not read until asked for
    assert hit.measures.equals(built.measures) and hit.figures.equals(built.figures)
    assert hit.__getstate__().keys() == {"result", "frames_pickle"}
