"""Reading and checking with forked helpers finds exactly what one process finds: the same problems, at the same
lines, and the same dataset; a part that does not read in plain block style, or a helper that fails, changes
nothing but the time it takes."""

from __future__ import annotations

import multiprocessing
import os
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
    assert checked.count(5) == 2  # both loads checked the last region here: no helper's work was taken
    assert result.ok and result.dataset.regions[-1].measures[-1].summary_zh == "折叠的 摘要"


def _in_helpers(monkeypatch: pytest.MonkeyPatch, instead) -> None:
    """The helpers' checks replaced by `instead`; this process's share is checked as ever."""
    here, original = os.getpid(), loader._check_share
    monkeypatch.setattr(loader, "_check_share",
                        lambda *args, **kwargs: original(*args, **kwargs) if os.getpid() == here else instead())


def test_a_helper_that_fails_leaves_its_regions_to_this_process(monkeypatch: pytest.MonkeyPatch):
    def failing():
        raise RuntimeError("helper lost")

    _in_helpers(monkeypatch, failing)
    checked = _checked_here(monkeypatch)
    _same_as_one_process(DATA)
    assert sorted(checked[6:]) == list(range(6))  # every region checked here, once


def test_a_helper_that_hangs_is_stopped_and_its_regions_checked_here(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(forks, "WAIT_SECONDS", 0.5)
    _in_helpers(monkeypatch, lambda: time.sleep(60))
    checked = _checked_here(monkeypatch)
    started = time.monotonic()
    _same_as_one_process(DATA)
    assert time.monotonic() - started < 20
    assert sorted(checked[6:]) == list(range(6))


@pytest.mark.parametrize("garbage", [([], [], []), (None, {}, {}), ({3: "not an outcome", 5: None}, {0: "not one"},
                                                                     {"s": "not spans"}), ({}, {}), "x"])
def test_what_a_helper_sends_is_taken_only_in_the_shape_expected(monkeypatch: pytest.MonkeyPatch, garbage):
    _in_helpers(monkeypatch, lambda: garbage)
    checked = _checked_here(monkeypatch)
    _same_as_one_process(DATA)
    assert sorted(checked[6:]) == list(range(6))


def test_the_helpers_take_the_sources_files_as_read_here(monkeypatch: pytest.MonkeyPatch):
    here = os.getpid()
    original = loader._SemanticChecker.read_source_files

    def here_only(self):
        if os.getpid() != here:
            raise RuntimeError("a helper read the sources' files again")
        return original(self)

    monkeypatch.setattr(loader._SemanticChecker, "read_source_files", here_only)
    checked = _checked_here(monkeypatch)
    one = load_dataset(DATA)
    several = load_dataset(DATA, workers=2)
    assert several.ok and several.dataset == one.dataset
    assert len(checked) < 12  # the helper checked its regions: it never read a source file


@pytest.mark.parametrize("garbage", [None, "x", {"texts": {}}])
def test_sources_read_by_a_helper_are_taken_only_in_the_shape_expected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                       garbage):
    text = DATA.read_text(encoding="utf-8")
    at = text.index("quote: ", text.index("\nregions:")) + len("quote: ") + 1  # inside the first region's first quote
    path = _copy(tmp_path, text[:at] + "并非原文" + text[at:])
    monkeypatch.setattr(loader, "_prepare_share", lambda *args, **kwargs: garbage)
    assert any("quote not found" in str(p) for p in _same_as_one_process(path).problems)  # read here instead


def test_the_sources_checks_are_shared_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from benchmarks import generate

    path = generate.generate(tmp_path / "measures.yaml", times=4, seed=3)  # four sources, 24 regions
    text = path.read_text(encoding="utf-8")
    at = text.index("quote: ", text.index("left_out:", text.rindex("\n- id: ", 0, text.index("\nthemes:"))))
    at += len("quote: ") + 1  # inside the last source's first left_out quote
    path.write_text(text[:at] + "并非原文" + text[at:], encoding="utf-8")
    checked: list[int] = []
    original = loader._SemanticChecker.check_source_left_out
    monkeypatch.setattr(loader._SemanticChecker, "check_source_left_out",
                        lambda self, index, source: checked.append(index) or original(self, index, source))
    result = _same_as_one_process(path)
    assert sum("left_out" in p.path and "quote not found" in p.message for p in result.problems) == 1
    assert checked[:4] == [0, 1, 2, 3] and checked[4:] == [0, 2]  # one process, then this one's share of two


def test_the_split_puts_every_item_in_exactly_one_part():
    for text in (DATA.read_text(encoding="utf-8"),
                 "a: 1\nregions:\n- id: r0\n- id: r1\n# note\n- id: r2\n- id: r3\nafter: [x]\n"):
        for parts in (2, 3):
            split = segments.split(text, "regions", parts)
            assert split is not None
            whole = block_yaml.read(text)
            runs = [block_yaml.read_list(split.part(k)) for k in range(split.parts)]
            assert split.parts == parts and all(runs)
            assert [r for run in runs for r in run] == whole["regions"]
            rest = block_yaml.read(split.rest)
            assert list(rest) == list(whole) and rest["regions"] is None  # the key stays, in its place
            assert {k: v for k, v in rest.items() if k != "regions"} == {k: v for k, v in whole.items()
                                                                         if k != "regions"}
            firsts = [split.first_index(k) for k in range(split.parts)]
            assert firsts == [sum(len(run) for run in runs[:k]) for k in range(parts)]


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


def test_a_fault_in_this_process_share_stops_the_helpers(monkeypatch: pytest.MonkeyPatch):
    started: list = []
    original = forks._Outbox.__init__
    monkeypatch.setattr(forks._Outbox, "__init__", lambda self, sender: started.append(self) or original(self, sender))

    def failing(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(loader, "_check_share", failing)
    with pytest.raises(KeyboardInterrupt):
        load_dataset(DATA, workers=3)
    assert len(started) == 2 and all(not outbox.thread.is_alive() for outbox in started)
    assert multiprocessing.active_children() == []


def test_problems_found_in_several_checks_compose_the_file_for_their_lines_once(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch):
    text = DATA.read_text(encoding="utf-8")
    at = text.index("quote: ", text.index("\nregions:")) + len("quote: ") + 1  # the first region: this process's
    text = text[:at] + "并非原文" + text[at:]
    path = _copy(tmp_path, text.replace("\nthemes:", "\nunknown_section: 1\nthemes:", 1))  # a shape problem too
    composed: list[int] = []
    original = reading.yaml.compose
    monkeypatch.setattr(reading.yaml, "compose", lambda *args, **kwargs: composed.append(1) or original(*args,
                                                                                                        **kwargs))
    problems = [str(p) for p in _same_as_one_process(path).problems]
    assert any("quote not found" in p for p in problems) and any("unknown key" in p for p in problems)
    assert len(composed) == 2  # once for the load in one process, once for the shared one
