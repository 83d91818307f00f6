"""Reading and checking with forked helpers finds exactly what one process finds: the same problems, at the same
lines, and the same dataset; a part that does not read in plain block style, or a helper that fails, changes
nothing but the time it takes."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard import block_yaml, forks, loader, reading, segments
from dashboard.loader import load_dataset

from .conftest import FIXTURES, ROOT

DATA = ROOT / "data" / "measures.yaml"
CASES = [DATA, *sorted((FIXTURES / "invalid").glob("*.yaml"))]


@pytest.fixture(autouse=True)
def fork_for_any_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "PARALLEL_FROM_BYTES", 0)  # fork even for the six regions of a fixture


def _same_as_one_process(path: Path, workers: int = 2) -> loader.LoadResult:
    one, several = load_dataset(path), load_dataset(path, workers=workers)
    assert [str(p) for p in several.problems] == [str(p) for p in one.problems]
    assert several.dataset == one.dataset
    return several


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_two_workers_find_what_one_finds(path: Path):
    _same_as_one_process(path)


def _copy(tmp_path: Path, text: str) -> Path:
    shutil.copytree(ROOT / "data" / "sources", tmp_path / "sources", dirs_exist_ok=True)
    path = tmp_path / "measures.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _checked_here(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The regions this process checks (a count kept in a forked copy never reaches this process)."""
    checked: list[int] = []
    original = loader._SemanticChecker.check_region

    def counting(self, r_index, *args):
        checked.append(r_index)
        return original(self, r_index, *args)

    monkeypatch.setattr(loader._SemanticChecker, "check_region", counting)
    return checked


def test_the_helpers_read_and_check_the_later_regions(monkeypatch: pytest.MonkeyPatch):
    checked = _checked_here(monkeypatch)
    result = _same_as_one_process(DATA, workers=3)
    assert result.ok and len(result.dataset.regions) == 6
    here = checked[6:]  # the load in one process checked all six first
    assert 1 <= len(here) <= 4 and here == list(range(len(here)))  # the first regions (a third of the text) only


def test_a_problem_found_by_a_helper_carries_its_line(tmp_path: Path):
    text = DATA.read_text(encoding="utf-8")
    at = text.rindex("themes: [")
    path = _copy(tmp_path, text[:at] + "themes: [nonexistent_theme, " + text[at + len("themes: ["):])
    line = text[:at].count("\n") + 1
    problems = [str(p) for p in _same_as_one_process(path, workers=3).problems]
    assert any(f"measures.yaml:{line}:" in p and "unknown theme 'nonexistent_theme'" in p for p in problems)


def test_a_part_that_is_not_plain_block_style_makes_the_whole_file_read_as_before(tmp_path: Path,
                                                                                    monkeypatch: pytest.MonkeyPatch):
    text = DATA.read_text(encoding="utf-8")
    at = text.rindex("summary_zh: ")  # in the last region: a helper's part
    indent = " " * (at - text.rindex("\n", 0, at) + 1)
    folded = f"summary_zh: >-\n{indent}折叠的\n{indent}摘要\n"
    path = _copy(tmp_path, text[:at] + folded + text[at:].split("\n", 1)[1])
    assert block_yaml.read(path.read_text(encoding="utf-8")) is None
    checked = _checked_here(monkeypatch)
    result = _same_as_one_process(path)
    assert len(checked) == 12  # both loads checked every region here: no helper's work was taken
    assert result.ok and result.dataset.regions[-1].measures[-1].summary_zh == "折叠的 摘要"


def test_a_helper_that_fails_leaves_its_regions_to_this_process(monkeypatch: pytest.MonkeyPatch):
    def failing(*args, **kwargs):
        raise RuntimeError("helper lost")

    monkeypatch.setattr(loader, "_check_share", failing)
    checked = _checked_here(monkeypatch)
    _same_as_one_process(DATA)
    assert len(checked) == 12


def test_a_helper_that_hangs_is_stopped_and_its_regions_checked_here(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(forks, "WAIT_SECONDS", 0.5)
    monkeypatch.setattr(loader, "_check_share", lambda *args, **kwargs: time.sleep(60))
    started = time.monotonic()
    _same_as_one_process(DATA)
    assert time.monotonic() - started < 20


@pytest.mark.parametrize("garbage", [([], []), (None, {}), ({3: "not an outcome", 5: None}, {"s": "not spans"}), "x"])
def test_what_a_helper_sends_is_taken_only_in_the_shape_expected(monkeypatch: pytest.MonkeyPatch, garbage):
    monkeypatch.setattr(loader, "_check_share", lambda *args, **kwargs: garbage)
    checked = _checked_here(monkeypatch)
    _same_as_one_process(DATA)
    assert len(checked) == 12


def test_the_split_puts_every_item_in_exactly_one_part():
    for text in (DATA.read_text(encoding="utf-8"),
                 "a: 1\nregions:\n- id: r0\n- id: r1\n# note\n- id: r2\n- id: r3\nafter: [x]\n"):
        for parts in (2, 3):
            split = segments.split(text, "regions", parts)
            assert split is not None
            head = block_yaml.read(split.head)
            tails = [block_yaml.read_list(split.tail(k)) for k in range(split.tails)]
            assert head["regions"] + [r for tail in tails for r in tail] == block_yaml.read(text)["regions"]
            assert list(head) == list(block_yaml.read(text))
            firsts = [split.first_index(k) for k in range(split.tails)]
            assert firsts == [len(head["regions"]) + sum(len(t) for t in tails[:k]) for k in range(len(tails))]


@pytest.mark.parametrize("text", ["regions: []\n", "regions:\n- id: r0\n", "a: 1\n", "regions:\n  x: 1\n",
                                  "regions:\n  - a: 1\n - b: 2\n  - c: 3\n"])
def test_a_list_too_short_or_not_plain_is_not_split(text: str):
    assert segments.split(text, "regions", 2) is None


def test_a_first_check_reads_whole_in_parallel_and_remembers_every_item(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch):
    """With nothing in the memo, the file is read whole (shared with a helper) and its items and their checks are
    kept: the next check reads no item and checks no region again, and finds the same."""
    monkeypatch.delenv("DASHBOARD_CACHE_DIR", raising=False)
    path = _copy(tmp_path, DATA.read_text(encoding="utf-8"))
    read_again: list[str] = []
    original_read = reading.read_item
    monkeypatch.setattr(reading, "read_item", lambda item, *args: read_again.append(item.text)
                        or original_read(item, *args))
    splits: list[int] = []
    original_split = forks.read_split
    monkeypatch.setattr(forks, "read_split", lambda *args: splits.append(1) or original_split(*args))
    first = load_dataset(path, remember=True, workers=2)
    assert first.ok and read_again == [] and splits == [1]  # read whole and shared: no item on its own
    checked = _checked_here(monkeypatch)
    second = load_dataset(path, remember=True, workers=2)
    assert splits == [1]  # not read whole again
    assert read_again == [] and checked == []  # every item and every region's checks came from the memo
    assert second.dataset == first.dataset == load_dataset(path).dataset


def test_the_validator_forks_its_helpers_before_pydantic_is_imported():
    # a large file's helpers are forked as soon as its text is split; pydantic (a fifth of a second to import) is
    # imported afterwards, by this process alone, for the shape check
    code = ("import sys, dashboard.validate, dashboard.loader, dashboard.forks; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pandas', 'streamlit')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
