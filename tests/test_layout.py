"""One file per region, and the cache of checked files: what changes is read again, nothing else, never stale.

The dataset here is a copy of data/ (entry file, region files, sources) in a temporary folder, so edits are safe.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from dashboard.analysis import frames
from dashboard.curation.validate import main as validate
from dashboard.data import cache as cache_module
from dashboard.data import loader
from dashboard.data.cache import Cache
from dashboard.data.loader import DEFAULT_DATASET, load_dataset

DATA = DEFAULT_DATASET.parent


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the real dataset; its entry file."""
    for name in ("measures.yaml",):
        shutil.copy(DATA / name, tmp_path / name)
    shutil.copytree(DATA / "regions", tmp_path / "regions")
    shutil.copytree(DATA / "sources", tmp_path / "sources")
    return tmp_path / "measures.yaml"


def cached_load(path: Path) -> loader.LoadResult:
    return load_dataset(path, cache=Cache.beside(path))


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


# ---------------------------------------------------------------- the layout


def test_the_six_regions_are_six_files_named_by_their_ids():
    files = sorted(p.stem for p in (DATA / "regions").glob("*.yaml"))
    dataset = loader.load_dataset_or_raise()
    assert files == [r.id for r in dataset.regions] and len(files) == 6
    assert "\nregions:" not in DEFAULT_DATASET.read_text(encoding="utf-8")


def test_inline_regions_come_first_then_the_files_in_name_order(data: Path):
    region = (data.parent / "regions" / "quzhou.yaml").read_text(encoding="utf-8")
    (data.parent / "regions" / "quzhou.yaml").unlink()
    inline = "\n".join(("    " if i else "  - ") + line if line else "" for i, line in enumerate(region.splitlines()))
    data.write_text(data.read_text(encoding="utf-8") + "\nregions:\n" + inline + "\n", encoding="utf-8")
    result = load_dataset(data)
    assert result.ok, result.problems
    assert [r.id for r in result.dataset.regions] == ["quzhou", "bazhong", "haishu", "hubaoewu", "mianyang", "ningxia"]


def test_a_problem_is_reported_in_the_region_file_that_holds_it(data: Path):
    file = data.parent / "regions" / "haishu.yaml"
    edit(file, 'themes: ["talent"', 'themes: ["talnet"')
    line = next(n for n, text in enumerate(file.read_text(encoding="utf-8").splitlines(), 1) if "talnet" in text)
    [problem] = load_dataset(data).problems
    assert (problem.file, problem.line) == (str(file), line)
    assert problem.path.startswith("measures[") and "unknown theme 'talnet'" in problem.message


def test_a_file_named_other_than_its_region_is_refused_naming_both(data: Path):
    (data.parent / "regions" / "bazhong.yaml").rename(data.parent / "regions" / "ba_zhong.yaml")
    [problem] = load_dataset(data).problems
    assert problem.file.endswith("regions/ba_zhong.yaml") and problem.line == 1
    assert "region id 'bazhong' does not match its file name ba_zhong.yaml" in problem.message


def test_an_id_in_two_files_names_both_places(data: Path):
    regions = data.parent / "regions"
    shutil.copy(regions / "bazhong.yaml", regions / "bazhong2.yaml")
    edit(regions / "bazhong2.yaml", 'id: "bazhong"', 'id: "bazhong2"')
    problems = load_dataset(data).problems
    assert problems and all(p.file.endswith("regions/bazhong2.yaml") for p in problems)
    assert all(f"first at {regions / 'bazhong.yaml'}:" in p.message for p in problems)  # every measure id
    assert any("duplicate measure id 'bazhong-project-rules'" in p.message for p in problems)


def test_a_region_file_that_is_not_one_mapping_is_one_clear_problem(data: Path):
    (data.parent / "regions" / "bazhong.yaml").write_text("- id: bazhong\n", encoding="utf-8")
    [problem] = load_dataset(data).problems
    assert "a region file holds one region" in problem.message
    (data.parent / "regions" / "bazhong.yaml").write_text("", encoding="utf-8")
    assert [p.message for p in load_dataset(data).problems] == ["the region file is empty"]


def test_a_source_may_live_in_its_own_file_beside_its_text(data: Path):
    text = data.read_text(encoding="utf-8")
    start, end = text.index("sources:\n"), text.index("\nthemes:")
    lines = text[start:end].splitlines()[1:]
    source = "\n".join(line[4:] for line in lines)
    (data.parent / "sources" / "kjqbck_regional_digest.yaml").write_text(source + "\n", encoding="utf-8")
    data.write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    result = load_dataset(data)
    assert result.ok, result.problems
    assert result.dataset.sources[0].left_out  # its left_out came along
    edit(data.parent / "sources" / "kjqbck_regional_digest.yaml", 'quote: "', 'quote: "不在原文')
    problem, uncovered = load_dataset(data).problems  # the entry's quote, and so its number no longer covered
    assert problem.file.endswith("sources/kjqbck_regional_digest.yaml") and problem.path == "left_out[0].quote"
    assert uncovered.file.endswith(".txt") and "'6个' is neither a figure nor listed" in uncovered.message


# ---------------------------------------------------------------- the cache


def test_one_edited_region_file_is_read_again_and_nothing_else(data: Path):
    assert len(cached_load(data).checked) == 6  # a first load reads every region file
    assert cached_load(data).checked == []  # an unchanged dataset reads none
    file = data.parent / "regions" / "ningxia.yaml"
    edit(file, 'short_en: "Ningxia"', 'short_en: "Ningxia Hui"')
    result = cached_load(data)
    assert result.checked == ["ningxia.yaml"] and result.ok
    assert result.dataset.region("ningxia").short.en == "Ningxia Hui"  # the edit, not what was cached
    edit(file, 'themes: ["talent"', 'themes: ["talnet"')
    broken = cached_load(data)
    assert broken.checked == ["ningxia.yaml"] and [p.message for p in broken.problems] == ["unknown theme 'talnet'"]
    assert cached_load(data).checked == ["ningxia.yaml"]  # a file with a problem is never kept: read every time


def test_an_edited_vocabulary_or_source_text_reads_every_region_again(data: Path):
    cached_load(data)
    edit(data, 'zh: "人才"', 'zh: "人才（科技）"')
    assert len(cached_load(data).checked) == 6
    assert cached_load(data).checked == []
    with (data.parent / "sources" / "000_5dd16f904f44c7fc.txt").open("a", encoding="utf-8") as out:
        out.write("\n")
    assert len(cached_load(data).checked) == 6


def test_an_upgraded_library_reads_everything_again(data: Path, monkeypatch: pytest.MonkeyPatch):
    cached_load(data)
    assert cached_load(data).checked == []
    recorded = cache_module.versions()
    monkeypatch.setattr(cache_module, "versions", lambda: recorded.replace("pydantic=", "pydantic=99.0+"))
    assert len(cached_load(data).checked) == 6
    assert cached_load(data).checked == []


def test_the_code_is_part_of_every_key(data: Path, monkeypatch: pytest.MonkeyPatch):
    cached_load(data)
    monkeypatch.setattr(cache_module, "code_digest", lambda: b"other code")
    assert len(cached_load(data).checked) == 6


def test_a_damaged_or_foreign_entry_is_read_again_never_believed(data: Path):
    first = cached_load(data)
    folder = data.parent / ".cache"
    entries = [p for p in folder.glob("*.json") if b'"measures"' in p.read_bytes()]
    assert len(entries) == 6
    entries[0].write_bytes(entries[0].read_bytes()[:100])  # truncated
    forged = json.loads(entries[1].read_bytes())
    forged["value"]["id"] = "forged"  # a well-formed entry that does not say what its key says is still data:
    forged["value"]["measures"] = "not a list"  # the shape check refuses it, and the file is read again
    entries[1].write_text(json.dumps(forged), encoding="utf-8")
    again = cached_load(data)
    assert len(again.checked) == 2 and again.dataset == first.dataset


def test_a_planted_link_in_place_of_an_entry_is_not_followed(data: Path, tmp_path: Path):
    cached_load(data)
    folder = data.parent / ".cache"
    entry = next(p for p in folder.glob("*.json") if b'"measures"' in p.read_bytes())
    outside = tmp_path / "outside.json"
    outside.write_bytes(entry.read_bytes())
    entry.unlink()
    entry.symlink_to(outside)
    result = cached_load(data)
    assert len(result.checked) == 1 and result.ok
    assert not entry.is_symlink()  # replaced by a real entry; the file it pointed to is untouched
    assert outside.read_bytes() == entry.read_bytes()


def test_a_cache_folder_that_cannot_be_made_changes_nothing(data: Path, monkeypatch: pytest.MonkeyPatch):
    reference = load_dataset(data)
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(data / "cache"))  # under a file: no folder can be made, even by root
    first, second = cached_load(data), cached_load(data)
    assert first.ok and first.dataset == reference.dataset == second.dataset and len(second.checked) == 6


def test_a_full_disk_leaves_no_temporary_file(data: Path, monkeypatch: pytest.MonkeyPatch):
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, fd: int, mode: str):
            self.file = real_fdopen(fd, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def write(self, data: bytes) -> int:
            raise OSError(28, "No space left on device")

        def read(self) -> bytes:
            return self.file.read()

    monkeypatch.setattr(cache_module.os, "fdopen", Full)
    result = cached_load(data)
    assert result.ok
    assert list((data.parent / ".cache").iterdir()) == []


def test_no_pickle_anywhere_in_the_package():
    package = Path(loader.__file__).parents[1]
    for file in package.rglob("*.py"):
        text = file.read_text(encoding="utf-8")
        assert "import pickle" not in text and "pickle.loads" not in text, file


def test_the_frames_come_back_from_parquet_exactly_as_built(data: Path):
    cache = Cache.beside(data)
    result = load_dataset(data, cache=cache)
    built = frames.dataset_frames(result.dataset, result.key, cache)
    assert len(list((data.parent / ".cache").glob("*.parquet"))) == 2
    again = frames.dataset_frames(result.dataset, result.key, Cache.beside(data))
    for one, other in zip(built, again, strict=True):
        pd.testing.assert_frame_equal(one, other)
        assert (one.map(type) == other.map(type)).all().all()  # tuples stay tuples, None stays None


def test_the_app_sees_an_edit_that_keeps_the_modification_time(data: Path):
    before = loader.fingerprint(data)
    file = data.parent / "regions" / "bazhong.yaml"
    stat = file.stat()
    edit(file, 'short_en: "Bazhong"', 'short_en: "Bazhong!"')
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as touch -r or cp -p would
    assert file.stat().st_mtime_ns == stat.st_mtime_ns
    assert loader.fingerprint(data) != before
    source = data.parent / "sources" / "000_5dd16f904f44c7fc.txt"
    middle = loader.fingerprint(data)
    source.write_bytes(source.read_bytes())
    assert loader.fingerprint(data) != middle  # a source text alone


def test_the_validator_keeps_nothing_with_no_cache(data: Path, capsys: pytest.CaptureFixture[str]):
    assert validate([str(data), "--no-cache"]) == 0
    assert not (data.parent / ".cache").exists()
    assert validate([str(data)]) == 0
    assert (data.parent / ".cache").is_dir()
    assert "OK" in capsys.readouterr().out


def test_many_new_files_checked_in_helper_processes_find_what_one_process_finds(data: Path,
                                                                               monkeypatch: pytest.MonkeyPatch):
    edit(data.parent / "regions" / "quzhou.yaml", 'themes: ["', 'themes: ["talnet", "')
    monkeypatch.setattr(loader, "PARALLEL_FROM", 2)
    one = load_dataset(data)
    several = load_dataset(data, workers=2)
    assert [str(p) for p in several.problems] == [str(p) for p in one.problems] and one.problems
    fixed = data.parent / "regions" / "quzhou.yaml"
    edit(fixed, '"talnet", ', "")
    assert load_dataset(data, workers=2).dataset == load_dataset(data).dataset


# ---------------------------------------------------------------- files that are not what they should be


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(data: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 4096)
    problems = load_dataset(data).problems
    assert problems[0].file == str(data) and "a dataset file may be at most" in problems[0].message
    assert "MB" in problems[0].message and len(problems) == 1


def test_a_fifo_or_device_is_refused_not_waited_on(data: Path):
    os.mkfifo(data.parent / "regions" / "pipe.yaml")
    [problem] = load_dataset(data).problems
    assert problem.file.endswith("regions/pipe.yaml") and "is not a regular file" in problem.message
    assert "is not a regular file" in load_dataset(Path("/dev/zero")).problems[0].message


@pytest.mark.parametrize(("bad", "message"), [(b"\x00", "character U+0000 is not allowed"),
                                              (b"\xff", "is not UTF-8 text: byte 0xff")])
def test_a_bad_byte_is_reported_at_its_line_and_column(data: Path, bad: bytes, message: str):
    file = data.parent / "regions" / "bazhong.yaml"
    lines = file.read_bytes().split(b"\n")
    lines[4] = lines[4].replace(b'"Bazhong"', b'"Ba' + bad + b'zhong"')
    file.write_bytes(b"\n".join(lines))
    [problem] = load_dataset(data).problems
    assert (problem.line, problem.col) == (5, 14) and message in problem.message


def test_regions_that_are_not_a_list_is_the_one_message(data: Path):
    data.write_text(data.read_text(encoding="utf-8") + '\nregions: "mianyang"\n', encoding="utf-8")
    [problem] = load_dataset(data).problems
    assert problem.path == "regions" and "valid list" in problem.message
