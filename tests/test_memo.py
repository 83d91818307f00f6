"""Reading a file item by item with the memo: the same dataset and the same problems, at the same lines, as
reading it whole, whatever changed since the memo was written; a cut the text cannot trust reads it whole."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from dashboard import coverage, loader, reading, segments
from dashboard.loader import load_dataset

from .conftest import FIXTURES, ROOT

DATA = ROOT / "data" / "measures.yaml"


@pytest.fixture
def dataset_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("DASHBOARD_CACHE_DIR", raising=False)
    shutil.copytree(ROOT / "data" / "sources", tmp_path / "sources")
    path = tmp_path / "measures.yaml"
    shutil.copy(DATA, path)
    return path


def _same_as_whole(path: Path) -> loader.LoadResult:
    """Load with the memo and check it against a load without; returns the memo's result."""
    whole = load_dataset(path)
    remembered = load_dataset(path, remember=True)
    assert [str(p) for p in remembered.problems] == [str(p) for p in whole.problems]
    assert remembered.dataset == whole.dataset
    return remembered


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _forbid_reading(monkeypatch: pytest.MonkeyPatch, but: str = "\0") -> list[str]:
    """Fail any item read from text except one containing `but`; returns the texts read."""
    read: list[str] = []
    original = reading.read_item

    def guarded(item, file, *args):
        assert but in item.text, f"read again although unchanged: {item.text[:60]}"
        read.append(item.text)
        return original(item, file, *args)

    monkeypatch.setattr(reading, "read_item", guarded)
    return read


def test_the_cut_finds_every_source_and_region_and_keeps_line_numbers():
    text = DATA.read_text(encoding="utf-8")
    cut = segments.cut(text)
    assert cut is not None
    raw = yaml.safe_load(text)
    assert len(cut.section("sources")) == len(raw["sources"]) and len(cut.section("regions")) == len(raw["regions"])
    assert cut.skeleton.count("\n") == text.count("\n")
    lines = text.split("\n")
    for item in cut.items:
        assert lines[item.line].lstrip().startswith("- ")
        assert yaml.safe_load(item.text) == [raw[item.section][item.index]]


@pytest.mark.parametrize("text", [
    "regions:\n  - id: a\n regions_again: 1\n",  # a line between column 0 and the items
    "regions:\n- id: a\nregions:\n- id: b\n",  # a repeated section
    "regions: []\nsources: {}\n",  # nothing to cut
])
def test_a_layout_the_cut_cannot_trust_is_not_cut(text):
    assert segments.cut(text) is None


def test_items_at_column_zero_and_indented_are_cut_alike():
    flat = segments.cut("a: 1\nregions:\n- id: x\n  n: 1\n- id: y\nb: 2\n")
    nested = segments.cut("a: 1\nregions:\n  - id: x\n    n: 1\n  # a comment\n  - id: y\nb: 2\n")
    for cut in (flat, nested):
        assert cut is not None and [i.line for i in cut.items] == [2, cut.items[1].line]
        assert [yaml.safe_load(i.text)[0]["id"] for i in cut.items] == ["x", "y"]
        assert yaml.safe_load(cut.skeleton) == {"a": 1, "regions": None, "b": 2}


@pytest.mark.parametrize("fixture", sorted((FIXTURES / "invalid").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_invalid_fixture_reads_the_same_with_the_memo(fixture, tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path))
    _same_as_whole(fixture)
    _same_as_whole(fixture)  # and again, from what the first load kept


def test_an_unchanged_file_reads_nothing_again(dataset_file, monkeypatch):
    assert _same_as_whole(dataset_file).ok
    _forbid_reading(monkeypatch)
    checked = []
    for name in ("check_region", "check_source_left_out"):
        monkeypatch.setattr(loader._SemanticChecker, name, lambda self, *args: checked.append(args))
    monkeypatch.setattr(coverage, "find_numbers", lambda *args, **kwargs: checked.append(args))
    assert load_dataset(dataset_file, remember=True).ok
    assert checked == []


def test_an_edited_left_out_entry_is_checked_again(dataset_file):
    _same_as_whole(dataset_file)
    _edit(dataset_file, 'as_printed: "50强"', 'as_printed: "60强"')
    problems = _same_as_whole(dataset_file).problems
    assert any("'60强' is not in its quote" in p.message for p in problems)
    assert any("number '50强' is neither a figure nor listed under left_out" in p.message for p in problems)


def test_an_edited_region_alone_is_read_again_and_its_new_problem_found(dataset_file, monkeypatch):
    _same_as_whole(dataset_file)
    _edit(dataset_file, 'quote: "创建呼包鄂国家自主创新示范区"', 'quote: "创建呼包鄂国家自主创新示范区X"')  # a quote no longer in the source
    read = _forbid_reading(monkeypatch, but="示范区X")
    result = load_dataset(dataset_file, remember=True)
    assert len(read) == 1
    monkeypatch.undo()
    assert [str(p) for p in result.problems] == [str(p) for p in load_dataset(dataset_file).problems]
    assert any("quote not found verbatim" in p.message for p in result.problems)


def test_lines_added_above_a_region_move_its_problems_with_it(dataset_file):
    _same_as_whole(dataset_file)
    _edit(dataset_file, 'quote: "创建呼包鄂国家自主创新示范区"', 'quote: "创建呼包鄂国家自主创新示范区X"')
    before = _same_as_whole(dataset_file).problems
    _edit(dataset_file, "\nregions:\n", "\nregions:\n# three\n# new\n# lines\n")
    after = _same_as_whole(dataset_file).problems
    assert [p.line for p in after] == [p.line + 3 for p in before]


def test_an_edit_to_a_source_file_or_a_vocabulary_checks_every_region_again(dataset_file):
    _same_as_whole(dataset_file)
    source = next((dataset_file.parent / "sources").iterdir())
    source.write_text(source.read_text(encoding="utf-8").replace("创建呼包鄂国家自主创新示范区", "创建呼包鄂国家示范区"), encoding="utf-8")
    assert any("quote not found" in p.message for p in _same_as_whole(dataset_file).problems)
    source.write_text(source.read_text(encoding="utf-8").replace("创建呼包鄂国家示范区", "创建呼包鄂国家自主创新示范区"), encoding="utf-8")
    assert _same_as_whole(dataset_file).ok
    _edit(dataset_file, '- id: "tech_extension"', '- id: "tech_extension_services"')
    problems = _same_as_whole(dataset_file).problems
    assert any("unknown instrument 'tech_extension'" in p.message for p in problems)


def test_a_quoted_value_that_the_cut_splits_reads_the_whole_file(dataset_file):
    text = dataset_file.read_text(encoding="utf-8")
    indent = re.search(r"^regions:\n(?:#.*\n| *#.*\n)*( *)- ", text, re.M).group(1)
    # a double-quoted note continued on a line that looks like the next item
    text = re.sub(r'(\n( +)note_zh: )"([^"\n]+)"', lambda m: f'{m.group(1)}"{m.group(3)}\n{indent}- 续"', text, count=1)
    dataset_file.write_text(text, encoding="utf-8")
    raw = yaml.safe_load(text)
    assert len(segments.cut(text).items) == len(raw["sources"]) + len(raw["regions"]) + 1  # cut where it must not
    _same_as_whole(dataset_file)


def test_a_damaged_memo_is_ignored(dataset_file):
    _same_as_whole(dataset_file)
    (dataset_file.parent / ".cache" / "items.sqlite").write_bytes(b"not a database")
    assert _same_as_whole(dataset_file).ok


def test_validate_remembers_unless_told_not_to(dataset_file, capsys):
    from dashboard.validate import main

    memo_file = dataset_file.parent / ".cache" / "items.sqlite"
    assert main(["--no-cache", str(dataset_file)]) == 0
    assert not memo_file.exists()
    assert main([str(dataset_file)]) == 0
    assert memo_file.stat().st_size > 0
    assert "OK" in capsys.readouterr().out


def test_every_position_read_by_items_is_the_whole_reads(tmp_path):
    """Every value's line and column, read item by item (and from the memo), equals the whole file's reading."""
    text = DATA.read_text(encoding="utf-8")
    whole = reading.Builder("f")
    whole.build(yaml.compose(text, Loader=reading.YamlLoader))
    memo = loader.Memo(tmp_path / "measures.yaml")
    for _ in range(2):  # read afresh, then from the memo
        raw, positions, _cut = reading.read_by_items(text, "f", memo)
        assert raw == yaml.safe_load(text)
        mismatched = {path: (at, positions[path]) for path, at in whole.positions.items() if positions[path] != at}
        assert mismatched == {}
        memo.save()


# ---------------------------------------------------------------- inputs where a cut on the text could mislead


def _small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "measures.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text", [
    "schema_version: 1\nregions:\n  -1\n",  # the first line under the key starts with '-' but is no item
    "schema_version: 1\nsources:\n---\n",
])
def test_a_section_whose_first_line_is_a_dash_but_no_item_does_not_crash(text, tmp_path, monkeypatch):
    _same_as_whole(_small(tmp_path, monkeypatch, text))


def test_a_quoted_string_spanning_a_section_line_at_column_zero(tmp_path, monkeypatch):
    # whole: title is one string and regions is missing; the cut takes "- id: a" for a region
    _same_as_whole(_small(tmp_path, monkeypatch, 'schema_version: 1\ntitle: "x\nregions:\n- id: a\n"\n'))


def test_a_block_entry_inside_a_flow_collection_is_a_syntax_error_with_the_memo_too(tmp_path, monkeypatch):
    _same_as_whole(_small(tmp_path, monkeypatch, "schema_version: 1\nthemes: [\nregions:\n- a\n]\n"))


def test_the_same_anchor_in_two_regions_is_a_syntax_error_with_the_memo_too(dataset_file):
    # PyYAML/LibYAML refuse a duplicate anchor in one document; each region alone reads cleanly
    _edit(dataset_file, '  - id: "mianyang"', '  - id: &rid "mianyang"')
    _edit(dataset_file, '  - id: "ningxia"', '  - id: &rid "ningxia"')
    assert not _same_as_whole(dataset_file).ok


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_yaml_line_break_other_than_newline_above_a_region_keeps_its_lines(dataset_file, separator):
    # YAML counts U+2028/U+2029/NEL as line breaks
    _edit(dataset_file, 'note_en: "A brand name."', f'note_en: "A brand{separator}name."')
    _edit(dataset_file, 'quote: "创建呼包鄂国家自主创新示范区"', 'quote: "创建呼包鄂国家自主创新示范区X"')
    _same_as_whole(dataset_file)


def test_an_edit_to_a_source_file_in_a_subfolder_checks_every_region_again(dataset_file):
    sources = dataset_file.parent / "sources"
    source = next(sources.iterdir())
    (sources / "sub").mkdir()
    source.rename(sources / "sub" / source.name)
    _edit(dataset_file, f"sources/{source.name}", f"sources/sub/{source.name}")
    assert _same_as_whole(dataset_file).ok
    moved = sources / "sub" / source.name
    moved.write_text(moved.read_text(encoding="utf-8").replace("创建呼包鄂国家自主创新示范区", "创建呼包鄂国家示范区"),
                     encoding="utf-8")
    _same_as_whole(dataset_file)


def test_blank_lines_that_a_vocabulary_value_holds_are_part_of_the_region_check_key(dataset_file):
    # a quoted theme code "x\ny" (one blank line) and "x\n\ny" (two) must not share a key
    theme = '  - code: "x\n\n    y"\n    zh: "x"\n    en: "x"\n    core: false\n    definition_zh: "x"\n    definition_en: "x"\n'
    _edit(dataset_file, 'themes:\n  - code: "talent"', 'themes:\n' + theme + '  - code: "talent"')
    _edit(dataset_file, 'themes: ["cooperation", "reform"]', 'themes: ["cooperation", "reform", "x\\ny"]')
    _same_as_whole(dataset_file)
    _edit(dataset_file, '"x\n\n    y"', '"x\n\n\n    y"')  # the code becomes "x\n\ny": the measure's "x\ny" is unknown
    _same_as_whole(dataset_file)


def test_the_nesting_limit_counts_from_the_file_root_with_the_memo_too(dataset_file):
    # an item stands two levels deep: its nesting counts from the file's root
    _edit(dataset_file, '    period: "2023"\n', '    period: "2023"\n    x: ' + "[" * 49 + "]" * 49 + "\n")
    _same_as_whole(dataset_file)


def test_a_tag_directive_applies_to_the_items_too(dataset_file):
    text = dataset_file.read_text(encoding="utf-8")
    dataset_file.write_text("%TAG ! tag:yaml.org,2002:\n---\n" + text, encoding="utf-8")
    _edit(dataset_file, '    short_en: "Hohhot–Baotou–Ordos–Ulanqab"', "    short_en: !int 5")
    _same_as_whole(dataset_file)


class _Planted:
    """A pickle that touches a file when loaded: what a cache file copied in from elsewhere could hold."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_a_cache_entry_not_sealed_by_this_users_key_is_never_unpickled(dataset_file, tmp_path):
    import pickle
    import sqlite3

    from dashboard import compiled, memo

    marker = tmp_path / "loaded"
    planted = pickle.dumps(_Planted(marker))
    assert compiled.load_compiled(dataset_file).result.ok  # fills both caches
    entry = next((dataset_file.parent / ".cache").glob("dataset-*.pickle"))
    entry.write_bytes(planted)  # unsealed
    store = dataset_file.parent / ".cache" / "items.sqlite"
    with sqlite3.connect(store) as db:
        db.execute("UPDATE entries SET value = ?", (b"\0" * 32 + planted,))  # sealed with another key
    again = compiled.load_compiled(dataset_file)
    assert again.result.ok and not marker.exists()
    assert bytes(memo.unseal(memo.seal(b"x"))) == b"x" and memo.unseal(b"\0" * 32 + b"x") is None


def test_a_sealed_entry_of_the_wrong_shape_is_read_again(dataset_file):
    import pickle
    import sqlite3

    from dashboard import memo

    _same_as_whole(dataset_file)
    with sqlite3.connect(dataset_file.parent / ".cache" / "items.sqlite") as db:
        db.execute("UPDATE entries SET value = ?", (memo.seal(pickle.dumps(7)),))
    assert _same_as_whole(dataset_file).ok
